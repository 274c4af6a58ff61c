//! Fields and dynamic names read the receiver and arguments that the body
//! then uses, moves or mutates. Whether the span is built beside the body or
//! before it, every combination compiles and runs as written.

use instrument_proxy::instrument_proxy;

type Id = u64;

#[derive(Debug)]
pub struct Bar(String);

pub struct Store {
    db: String,
    log: Vec<String>,
}

#[instrument_proxy]
impl Store {
    /// Shared receiver, copied arguments: built beside the body.
    #[instrument_proxy(fields(db.namespace = %self.db, key = key, n = n, pair = ?pair, id = id))]
    pub fn read(&self, key: &str, n: u64, pair: (u8, u8), id: Id) -> usize {
        key.len() + n as usize + usize::from(pair.0) + id as usize + self.db.len()
    }

    /// An owned argument that a field reads and the body moves.
    #[instrument_proxy(fields(key = %key), name = key.clone())]
    pub fn keep(&self, key: String) -> String {
        key
    }

    /// A mutable receiver that a field reads and the body mutates.
    #[instrument_proxy(fields(db.namespace = %self.db, key = %key))]
    pub fn write(&mut self, key: String) -> usize {
        self.log.push(key);
        self.log.len()
    }

    /// A mutable reference argument that a field reads.
    #[instrument_proxy(fields(len = out.len()))]
    pub fn fill(&self, out: &mut Vec<u8>) -> usize {
        out.extend_from_slice(self.db.as_bytes());
        out.len()
    }

    /// A destructured argument that a field reads.
    #[instrument_proxy(fields(first = first))]
    pub fn first(&self, (first, _second): (String, u8)) -> String {
        first
    }

    /// A field reads an owned argument through a format string's implicit
    /// capture, which names no token the macro can see; the body moves it.
    #[instrument_proxy(fields(escaped = format!("{c:?}")))]
    pub fn format_capture(&self, a: i64, b: &Bar, c: Bar) {
        let _ = (a, b);
        drop(c);
    }

    /// The same through a closure and a macro in a dynamic name.
    #[instrument_proxy(name = std::format!("{}", c.0), fields(len = (|| c.0.len())()))]
    pub fn closure_capture(&self, c: Bar) -> String {
        c.0
    }

    /// The receiver by value.
    #[instrument_proxy(fields(db.namespace = %self.db))]
    pub fn into_log(self) -> Vec<String> {
        self.log
    }
}

fn main() {
    let mut store = Store {
        db: "0".to_owned(),
        log: Vec::new(),
    };
    assert_eq!(store.read("k", 1, (2, 3), 4), 9);
    assert_eq!(store.keep("a".to_owned()), "a");
    assert_eq!(store.write("b".to_owned()), 1);
    let mut out = Vec::new();
    assert_eq!(store.fill(&mut out), 1);
    assert_eq!(store.first(("c".to_owned(), 0)), "c");
    store.format_capture(1, &Bar("b".to_owned()), Bar("c".to_owned()));
    assert_eq!(store.closure_capture(Bar("d".to_owned())), "d");
    assert_eq!(store.into_log(), ["b"]);
}

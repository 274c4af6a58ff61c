//! `future_sizes`: the size of a few async methods' futures, original and
//! instrumented, as a Markdown table. The span handle the instrumented future
//! carries depends on the backends compiled in (build with and without the
//! `otel` feature).

use std::future::Future;
use std::mem::size_of;

use instrument_proxy::{instrument_proxy, CallSpan, InstrumentProxy};

/// A client whose methods await something, so that their futures hold state.
pub struct Client {
    data: Vec<u8>,
}

impl Client {
    pub async fn get(&self, key: &str) -> Option<u8> {
        std::future::ready(()).await;
        self.data.get(key.len()).copied()
    }

    pub async fn set(&mut self, key: &str, value: u8) -> Result<(), std::io::Error> {
        std::future::ready(()).await;
        self.data.insert(key.len().min(self.data.len()), value);
        Ok(())
    }

    pub async fn big(&self, input: [u64; 32]) -> u64 {
        std::future::ready(()).await;
        input.iter().sum()
    }

    pub fn fetch(&self, key: &str) -> impl Future<Output = usize> + '_ {
        let len = key.len();
        async move {
            std::future::ready(()).await;
            self.data.len() + len
        }
    }
}

#[derive(InstrumentProxy)]
pub struct Traced(Client);

#[instrument_proxy]
impl Traced {
    pub async fn get(&self, key: &str) -> Option<u8>;
    pub async fn set(&mut self, key: &str, value: u8) -> Result<(), std::io::Error>;
    pub async fn big(&self, input: [u64; 32]) -> u64;
    pub fn fetch(&self, key: &str) -> impl Future<Output = usize> + '_;
}

/// An `async fn` with a body, written twice.
macro_rules! with_body {
    ($name:ident, $($attr:tt)*) => {
        pub struct $name;

        $($attr)*
        impl $name {
            pub async fn work(&self, input: [u64; 8], scale: u64) -> u64 {
                std::future::ready(()).await;
                input.iter().sum::<u64>() * scale
            }
        }
    };
}

with_body!(Plain,);
with_body!(Instrumented, #[instrument_proxy]);

fn size<F: Future>(_: &F) -> usize {
    size_of::<F>()
}

fn main() {
    let mut client = Client {
        data: vec![1, 2, 3],
    };
    let mut traced = Traced::new(Client {
        data: vec![1, 2, 3],
    });
    let get = (size(&client.get("k")), size(&traced.get("k")));
    let set = (size(&client.set("k", 1)), size(&traced.set("k", 1)));
    let big = (size(&client.big([0; 32])), size(&traced.big([0; 32])));
    let fetch = (size(&client.fetch("k")), size(&traced.fetch("k")));
    let work = (
        size(&Plain.work([0; 8], 1)),
        size(&Instrumented.work([0; 8], 1)),
    );
    let rows = [
        (
            "`async fn get(&self, key: &str) -> Option<u8>` (forwarded)",
            get,
        ),
        (
            "`async fn set(&mut self, key: &str, value: u8) -> io::Result<()>` (forwarded)",
            set,
        ),
        (
            "`async fn big(&self, input: [u64; 32]) -> u64` (forwarded)",
            big,
        ),
        (
            "`fn fetch(&self, key: &str) -> impl Future` (forwarded)",
            fetch,
        ),
        (
            "`async fn work(&self, input: [u64; 8], scale: u64) -> u64` (a body)",
            work,
        ),
    ];
    println!(
        "span handle (`Option<CallSpan>`): {} B",
        size_of::<Option<CallSpan>>()
    );
    println!();
    println!("| method | original | instrumented | difference |");
    println!("|---|---|---|---|");
    for (method, (original, instrumented)) in rows {
        let difference = instrumented as isize - original as isize;
        println!("| {method} | {original} B | {instrumented} B | {difference:+} B |");
    }
}

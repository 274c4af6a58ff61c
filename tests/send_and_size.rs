//! Instrumentation keeps futures `Send` and grows them by no more than the
//! span handle.
mod support;

use std::future::Future;
use std::mem::size_of;

use instrument_proxy::{instrument_proxy, CallSpan, InstrumentProxy};

struct Client {
    data: Vec<u8>,
}

impl Client {
    async fn get(&self, key: &str) -> Option<u8> {
        tokio::task::yield_now().await;
        self.data.get(key.len()).copied()
    }

    async fn set(&mut self, key: &str, value: u8) -> Result<(), std::io::Error> {
        tokio::task::yield_now().await;
        self.data.insert(key.len().min(self.data.len()), value);
        Ok(())
    }

    async fn big(&self, input: [u64; 32]) -> u64 {
        tokio::task::yield_now().await;
        input.iter().sum()
    }
}

#[derive(InstrumentProxy)]
struct Traced(Client);

#[instrument_proxy]
impl Traced {
    async fn get(&self, key: &str) -> Option<u8>;
    async fn set(&mut self, key: &str, value: u8) -> Result<(), std::io::Error>;
    async fn big(&self, input: [u64; 32]) -> u64;
}

/// The same body, written once plainly and once instrumented.
macro_rules! with_body {
    ($name:ident, $($attr:tt)*) => {
        struct $name;

        $($attr)*
        impl $name {
            async fn work(&self, input: [u64; 8], scale: u64) -> u64 {
                tokio::task::yield_now().await;
                input.iter().sum::<u64>() * scale
            }
        }
    };
}

with_body!(Plain,);
with_body!(Instrumented, #[instrument_proxy]);

fn assert_send<T: Send>(value: T) -> T {
    value
}

fn size<F: Future>(_: &F) -> usize {
    size_of::<F>()
}

#[test]
fn instrumented_futures_are_send() {
    let mut traced = Traced::new(Client {
        data: vec![1, 2, 3],
    });
    drop(assert_send(traced.get("k")));
    drop(assert_send(traced.set("k", 1)));
    drop(assert_send(traced.big([0; 32])));
    drop(assert_send(Instrumented.work([0; 8], 1)));
}

#[test]
fn futures_grow_by_at_most_the_span_handle() {
    let handle = size_of::<Option<CallSpan>>();
    let mut client = Client {
        data: vec![1, 2, 3],
    };
    let mut traced = Traced::new(Client {
        data: vec![1, 2, 3],
    });
    let get = (size(&client.get("k")), size(&traced.get("k")));
    let big = (size(&client.big([0; 32])), size(&traced.big([0; 32])));
    let set = (size(&client.set("k", 1)), size(&traced.set("k", 1)));
    let body = (
        size(&Plain.work([0; 8], 1)),
        size(&Instrumented.work([0; 8], 1)),
    );
    let sizes = [
        ("get", get.0, get.1),
        ("big", big.0, big.1),
        ("set", set.0, set.1),
        ("with body", body.0, body.1),
    ];
    for (name, original, instrumented) in sizes {
        println!(
            "{name}: original {original} B, instrumented {instrumented} B, span handle {handle} B"
        );
        assert!(
            instrumented <= original + handle,
            "{name}: {instrumented} > {original} + {handle}"
        );
    }
}

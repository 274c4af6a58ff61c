//! A method returning a future through an alias, traced only while the future
//! is built on purpose: `#[allow(deprecated)]` on the method silences the
//! warning, and `future` traces the whole execution.
#![deny(warnings)]

use std::future::Future;
use std::pin::Pin;

use instrument_proxy::{instrument_proxy, InstrumentProxy};

pub type ClientFuture<'a> = Pin<Box<dyn Future<Output = Result<u8, String>> + Send + 'a>>;

pub struct Client;

impl Client {
    pub fn get(&self) -> ClientFuture<'_> {
        Box::pin(async { Ok(1) })
    }
}

#[derive(InstrumentProxy)]
pub struct Traced(Client);

#[instrument_proxy]
impl Traced {
    #[allow(deprecated)]
    pub fn get(&self) -> ClientFuture<'_>;

    #[instrument_proxy(future)]
    pub fn get_traced(&self) -> ClientFuture<'_> {
        self.0.get()
    }

    /// Generic return types are never taken for futures.
    pub fn map<T: Clone>(&self, value: &T) -> T {
        value.clone()
    }
}

fn main() {
    let traced = Traced::new(Client);
    drop(traced.get());
    drop(traced.get_traced());
    assert_eq!(traced.map(&1), 1);
}

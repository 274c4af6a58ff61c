#![deny(warnings)]

use std::future::Future;
use std::pin::Pin;

use futures_core::Stream;
use instrument_proxy::{instrument_proxy, InstrumentProxy};

pub type ClientFuture<'a> = Pin<Box<dyn Future<Output = Result<u8, String>> + Send + 'a>>;
pub type Replies = Pin<Box<dyn Stream<Item = u8> + Send>>;

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
    pub fn get(&self) -> ClientFuture<'_>;

    pub fn replies(&self) -> Replies {
        unimplemented!()
    }
}

fn main() {}

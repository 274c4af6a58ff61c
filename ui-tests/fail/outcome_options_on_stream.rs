use futures_core::Stream;
use instrument_proxy::{instrument_proxy, CallSpan};

pub struct Client;

fn record(_: &CallSpan, _: &u8) {}

#[instrument_proxy]
impl Client {
    #[instrument_proxy(record_ok = record, record_err = record, err = false)]
    pub fn replies(&self) -> impl Stream<Item = u8> {
        futures_util::stream::empty()
    }
}

fn main() {}

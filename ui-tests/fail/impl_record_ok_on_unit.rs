use instrument_proxy::{instrument_proxy, CallSpan};

pub struct Client;

fn record(_: &CallSpan, _: &u8) {}

#[instrument_proxy(record_ok = record)]
impl Client {
    pub fn get(&self) -> u8 {
        1
    }

    pub fn touch(&self) {}
}

fn main() {}

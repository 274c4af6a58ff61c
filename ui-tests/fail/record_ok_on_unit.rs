use instrument_proxy::{instrument_proxy, InstrumentProxy};

pub struct Client;

impl Client {
    pub fn get(&self) -> u8 {
        1
    }
}

#[derive(InstrumentProxy)]
pub struct Traced(Client);

fn record(_: &instrument_proxy::CallSpan, _: &()) {}

#[instrument_proxy]
impl Traced {
    #[instrument_proxy(record_ok = record)]
    pub fn nothing(&self) {}
}

fn main() {}

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

    /// `()` written out is the same `()`.
    #[instrument_proxy(record_ok = record, record_err = record)]
    pub fn written_out(&self) -> () {}

    #[instrument_proxy(record_ok = record)]
    pub async fn written_out_async(&self) -> () {}
}

fn main() {}

use instrument_proxy::{instrument_proxy, InstrumentProxy};

pub struct Client;

impl Client {
    pub fn send(&self, _body: Vec<u8>) {}
}

#[derive(InstrumentProxy)]
pub struct Traced(Client);

#[instrument_proxy]
impl Traced {
    pub fn send(&self, #[inject] body: Vec<u8>);
}

fn main() {}

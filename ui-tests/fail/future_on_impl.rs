use instrument_proxy::{instrument_proxy, InstrumentProxy};

pub struct Client;

impl Client {
    pub fn get(&self) -> u8 {
        1
    }
}

#[derive(InstrumentProxy)]
pub struct Traced(Client);

#[instrument_proxy(future, stream)]
impl Traced {
    pub fn get(&self) -> u8;
}

fn main() {}

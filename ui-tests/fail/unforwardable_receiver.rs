use instrument_proxy::{instrument_proxy, InstrumentProxy};

pub struct Client;

impl Client {
    pub fn get(&self) -> u8 {
        1
    }
}

#[derive(InstrumentProxy)]
pub struct Traced(Client);

#[instrument_proxy]
impl Traced {
    pub fn boxed(self: Box<Self>) -> u8;
}

fn main() {}

//! One mistake in a derive gives one error: the derive still provides what
//! the impl relies on, so its forwarded methods add none.
use instrument_proxy::{instrument_proxy, InstrumentProxy};

pub struct Client;

impl Client {
    pub fn get(&self) -> u8 {
        1
    }
}

#[derive(InstrumentProxy)]
#[proxy(bogus)]
pub struct Traced(Client);

#[instrument_proxy]
impl Traced {
    pub fn get(&self) -> u8;
}

#[derive(InstrumentProxy)]
pub enum NotAStruct {
    A(Client),
}

#[instrument_proxy]
impl NotAStruct {
    pub fn get(&self) -> u8;
}

fn main() {}

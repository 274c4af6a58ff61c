use instrument_proxy::{instrument_proxy, InstrumentProxy};
use std::collections::HashMap;

pub struct Client;

impl Client {
    pub fn send(&self, _a: HashMap<String, String>, _b: HashMap<String, String>) {}
}

#[derive(InstrumentProxy)]
pub struct Traced(Client);

#[instrument_proxy]
impl Traced {
    pub fn send(&self, #[inject] a: HashMap<String, String>, #[inject] b: HashMap<String, String>);
}

fn main() {}

use instrument_proxy::instrument_proxy;

pub struct Client;

impl Client {
    pub fn get(&self) -> u8 {
        1
    }
}

pub struct Traced(Client);

#[instrument_proxy]
impl Traced {
    pub fn get(&self) -> u8;
}

fn main() {}

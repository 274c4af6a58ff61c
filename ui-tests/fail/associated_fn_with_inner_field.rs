use instrument_proxy::instrument_proxy;

pub struct Client;

impl Client {
    pub fn version() -> u8 {
        1
    }
}

pub struct Traced {
    client: Client,
}

#[instrument_proxy(inner = client)]
impl Traced {
    pub fn version() -> u8;
}

fn main() {}

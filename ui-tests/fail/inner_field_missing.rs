use instrument_proxy::instrument_proxy;

pub struct Client;

impl Client {
    pub fn get(&self) -> u8 {
        1
    }
}

pub struct Traced {
    client: Client,
}

#[instrument_proxy(inner = clinet)]
impl Traced {
    pub fn get(&self) -> u8;
}

fn main() {
    let _ = Traced { client: Client };
}

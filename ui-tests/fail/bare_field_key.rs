use instrument_proxy::instrument_proxy;

pub struct Client;

#[instrument_proxy]
impl Client {
    #[instrument_proxy(fields(cache.hit))]
    pub fn get(&self) -> u8 {
        1
    }
}

fn main() {}

#![deny(deprecated)]

use instrument_proxy::instrument_proxy;

pub struct Client;

#[instrument_proxy(fields(db.system = "redis"))]
impl Client {
    #[instrument_proxy(fields(http.method = "GET", net.peer.name = "example.com"))]
    pub fn get(&self) -> u8 {
        1
    }

    /// The impl's `db.system` is reported once, not again here.
    pub fn set(&self) -> u8 {
        2
    }
}

fn main() {}

#![deny(warnings)]

use instrument_proxy::instrument_proxy;

pub struct Client;

#[instrument_proxy]
impl Client {
    #[instrument_proxy(err(level = warn))]
    pub fn len(&self) -> usize {
        0
    }

    #[instrument_proxy(err(debug))]
    pub fn generic<T: Default>(&self) -> T {
        T::default()
    }

    #[instrument_proxy(err(level = warn))]
    pub fn fine(&self) -> std::io::Result<u8> {
        Ok(1)
    }
}

fn main() {}

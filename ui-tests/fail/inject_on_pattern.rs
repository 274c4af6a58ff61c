use std::collections::HashMap;

use instrument_proxy::instrument_proxy;

pub struct Client;

#[instrument_proxy]
impl Client {
    pub fn send(&self, #[inject] (headers, _body): (HashMap<String, String>, Vec<u8>)) -> usize {
        headers.len()
    }
}

fn main() {}

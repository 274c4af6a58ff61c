#![deny(unused_variables, dead_code)]

use instrument_proxy::instrument_proxy;

pub struct Client;

struct NeverUsed;

#[instrument_proxy]
impl Client {
    pub fn get(&self, key: &str) -> u8 {
        let unused = 1;
        0
    }

    fn never_called(&self) -> u8 {
        0
    }

    pub async fn fetch(&self) -> u8 {
        let also_unused = 2;
        0
    }
}

fn main() {}

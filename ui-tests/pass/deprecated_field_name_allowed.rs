//! A deprecated semantic-conventions name kept on purpose: `#[allow(deprecated)]`
//! on the method silences the warning.
#![deny(warnings)]

use instrument_proxy::instrument_proxy;

pub struct Client;

#[instrument_proxy]
impl Client {
    #[allow(deprecated)]
    #[instrument_proxy(fields(http.method = "GET"))]
    pub fn get(&self) -> u8 {
        1
    }

    #[instrument_proxy(fields(http.request.method = "GET"))]
    pub fn get_current(&self) -> u8 {
        1
    }
}

fn main() {
    assert_eq!(Client.get() + Client.get_current(), 2);
}

//! Names that break the OpenTelemetry naming recommendations (lowercase,
//! snake_case components) are warnings at the key with the name to write:
//! errors here only because the crate denies them.
#![deny(deprecated)]

use instrument_proxy::instrument_proxy;

pub struct Client;

#[instrument_proxy(fields("HTTP.Method" = "GET"))]
impl Client {
    #[instrument_proxy(fields(userId = 1, "user id" = 2, Self = std::any::type_name::<Self>()))]
    pub fn get(&self) -> u8 {
        1
    }

    #[instrument_proxy(metric = "Cache Lookup")]
    pub fn lookup(&self) -> u8 {
        2
    }
}

fn main() {}

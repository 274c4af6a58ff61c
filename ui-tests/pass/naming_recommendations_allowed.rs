//! Code ported from `#[tracing::instrument]` keeps compiling: a key that
//! breaks a naming recommendation is a warning, which `#[allow(deprecated)]`
//! on the method silences (here under `deny(warnings)`). `Self` as a key is
//! a tracing-attributes test (`fields.rs`).
#![deny(warnings)]

use instrument_proxy::instrument_proxy;

pub struct Client;

#[instrument_proxy]
impl Client {
    #[allow(deprecated)]
    #[instrument_proxy(fields(Self = std::any::type_name::<Self>(), userId = id))]
    pub fn get(&self, id: u64) -> u64 {
        id
    }

    #[allow(deprecated)]
    #[instrument_proxy(metric = "Cache Lookup")]
    pub fn lookup(&self) -> u8 {
        2
    }
}

fn main() {
    assert_eq!(Client.get(3), 3);
    assert_eq!(Client.lookup(), 2);
}

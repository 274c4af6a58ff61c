//! A crate that re-exports instrument-proxy names it with `crate = path`.
mod reexport {
    pub use instrument_proxy as tracing_kit;
}

use instrument_proxy::instrument_proxy;

pub struct Client;

impl Client {
    pub fn get(&self) -> u8 {
        1
    }
}

#[derive(instrument_proxy::InstrumentProxy)]
#[proxy(crate = reexport::tracing_kit)]
pub struct Traced(Client);

#[instrument_proxy(crate = reexport::tracing_kit)]
impl Traced {
    pub fn get(&self) -> u8;
}

fn main() {
    assert_eq!(Traced::new(Client).get(), 1);
}

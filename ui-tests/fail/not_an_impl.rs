use instrument_proxy::instrument_proxy;

#[instrument_proxy]
pub fn get() -> u8 {
    1
}

fn main() {}

use instrument_proxy::InstrumentProxy;

#[derive(InstrumentProxy)]
pub struct Traced;

fn main() {}

use instrument_proxy::InstrumentProxy;

#[derive(InstrumentProxy)]
#[proxy(dereff)]
pub struct Traced(String);

fn main() {}

use instrument_proxy::InstrumentProxy;

#[derive(InstrumentProxy)]
#[proxy(inner)]
pub struct Traced(String);

fn main() {}

use instrument_proxy::InstrumentProxy;

#[derive(InstrumentProxy)]
pub struct Traced {
    client: String,
    label: &'static str,
}

fn main() {}

use instrument_proxy::InstrumentProxy;

#[derive(InstrumentProxy)]
pub union Traced {
    a: u8,
}

fn main() {}

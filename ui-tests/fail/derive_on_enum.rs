use instrument_proxy::InstrumentProxy;

#[derive(InstrumentProxy)]
pub enum Traced {
    A(u8),
}

fn main() {}

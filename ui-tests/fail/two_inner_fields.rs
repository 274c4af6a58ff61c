use instrument_proxy::InstrumentProxy;

#[derive(InstrumentProxy)]
pub struct Traced {
    #[proxy(inner)]
    primary: String,
    #[proxy(inner)]
    replica: String,
}

fn main() {}

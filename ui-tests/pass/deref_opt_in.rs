use instrument_proxy::{instrument_proxy, InstrumentProxy};

pub struct Client;

impl Client {
    pub fn get(&self) -> u8 {
        1
    }

    pub fn untraced(&self) -> u8 {
        2
    }
}

/// `#[proxy(deref)]` lets untraced calls through, on purpose.
#[derive(InstrumentProxy)]
#[proxy(deref)]
pub struct Traced(Client);

#[instrument_proxy]
impl Traced {
    pub fn get(&self) -> u8;
}

fn main() {
    let traced = Traced::new(Client);
    assert_eq!(traced.get(), 1);
    assert_eq!(traced.untraced(), 2);
}

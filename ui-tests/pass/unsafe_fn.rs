use instrument_proxy::{instrument_proxy, InstrumentProxy};

pub struct Client(Vec<u8>);

impl Client {
    /// # Safety
    /// `index` is in bounds.
    pub unsafe fn get_unchecked(&self, index: usize) -> u8 {
        unsafe { *self.0.get_unchecked(index) }
    }
}

#[derive(InstrumentProxy)]
pub struct Traced(Client);

#[instrument_proxy]
impl Traced {
    /// # Safety
    /// `index` is in bounds.
    pub unsafe fn get_unchecked(&self, index: usize) -> u8;

    /// # Safety
    /// `index` is in bounds.
    pub unsafe fn with_body(&self, index: usize) -> u8 {
        unsafe { self.0.get_unchecked(index) }
    }
}

fn main() {
    let traced = Traced::new(Client(vec![7, 8]));
    assert_eq!(unsafe { traced.get_unchecked(1) }, 8);
    assert_eq!(unsafe { traced.with_body(0) }, 7);
}

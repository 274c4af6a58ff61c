use std::pin::Pin;

use instrument_proxy::{instrument_proxy, InstrumentProxy};

#[derive(Default)]
pub struct Client {
    count: u32,
}

impl Client {
    pub fn get(&self) -> u32 {
        self.count
    }

    pub fn bump(&mut self) -> u32 {
        self.count += 1;
        self.count
    }

    pub fn finish(self) -> u32 {
        self.count
    }

    pub fn finish_mut(mut self) -> u32 {
        self.count += 10;
        self.count
    }
}

#[derive(InstrumentProxy)]
pub struct Traced(Client);

#[instrument_proxy]
impl Traced {
    pub fn get(&self) -> u32;
    pub fn bump(&mut self) -> u32;
    pub fn finish(self) -> u32;
    pub fn finish_mut(mut self) -> u32;
    pub fn get_typed(self: &Self) -> u32 {
        self.0.count
    }

    pub fn boxed(self: Box<Self>) -> u32 {
        self.0.count
    }

    pub fn pinned(self: Pin<&mut Self>) -> u32 {
        self.get_mut().0.bump()
    }

    pub async fn pinned_async(self: Pin<&mut Self>) -> u32 {
        self.get_mut().0.bump()
    }
}

fn main() {
    let mut traced = Traced::new(Client::default());
    assert_eq!(traced.bump(), 1);
    assert_eq!(traced.get(), 1);
    assert_eq!(traced.get_typed(), 1);
    assert_eq!(Pin::new(&mut traced).pinned(), 2);
    drop(Pin::new(&mut traced).pinned_async());
    assert_eq!(Box::new(Traced::new(Client::default())).boxed(), 0);
    assert_eq!(Traced::new(Client::default()).finish_mut(), 10);
    assert_eq!(traced.finish(), 2);
}

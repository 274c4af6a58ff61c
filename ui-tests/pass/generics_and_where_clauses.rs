use instrument_proxy::{instrument_proxy, InstrumentProxy};
use std::fmt::Display;

pub struct Client<T>(Vec<T>);

impl<T: Clone> Client<T> {
    pub fn first<K>(&self, _key: K) -> Option<T>
    where
        K: Display,
    {
        self.0.first().cloned()
    }

    pub fn push<const N: usize>(&mut self, items: [T; N]) {
        self.0.extend(items);
    }
}

#[derive(InstrumentProxy)]
pub struct Traced<T>(Client<T>)
where
    T: Clone;

#[instrument_proxy]
impl<T> Traced<T>
where
    T: Clone + Send + 'static,
{
    pub fn first<K>(&self, key: K) -> Option<T>
    where
        K: Display;

    pub fn push<const N: usize>(&mut self, items: [T; N]);

    pub fn count<U: Into<usize>>(&self, extra: U) -> usize
    where
        T: Sync,
    {
        self.inner().0.len() + extra.into()
    }
}

fn main() {
    let mut traced = Traced::new(Client(vec![1u8]));
    traced.push([2, 3]);
    assert_eq!(traced.first("k"), Some(1));
    assert_eq!(traced.count(1u8), 4);
}

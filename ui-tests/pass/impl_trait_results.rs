//! `impl Trait` anywhere in the result, with bodies that never name the error
//! type: the result's type is pinned from the signature (tracing#1227, #1615).
#![deny(warnings)]

use std::future::Future;

use instrument_proxy::{instrument_proxy, InstrumentProxy};

#[derive(Debug)]
pub struct Error;

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("failed")
    }
}

impl std::error::Error for Error {}

pub struct Client;

impl Client {
    pub fn check(&self, n: u8) -> Result<u8, Error> {
        Ok(n)
    }
}

#[derive(InstrumentProxy)]
pub struct Traced(Client);

#[instrument_proxy]
impl Traced {
    pub fn later(&self) -> impl Future<Output = Result<(), Error>> + '_ {
        async { Ok(()) }
    }

    pub fn later_checked(&self, n: u8) -> impl Future<Output = Result<u8, Error>> + Send + '_ {
        async move {
            let n = self.0.check(n)?;
            Ok(n)
        }
    }

    pub fn range(&self, x: u8) -> Result<impl Iterator<Item = u8>, Error> {
        Ok(0..x)
    }

    pub fn range_checked(&self, x: u8) -> Result<impl Iterator<Item = u8>, Error> {
        let x = self.0.check(x)?;
        Ok(0..x)
    }

    pub async fn range_async(&self, x: u8) -> Result<impl Iterator<Item = u8>, Error> {
        Ok(0..x)
    }

    pub fn boxed_error(&self) -> Result<impl Iterator<Item = u8>, Box<dyn std::error::Error>> {
        let x = self.0.check(1)?;
        Ok(0..x)
    }

    #[track_caller]
    pub fn range_track_caller(&self, x: u8) -> Result<impl Iterator<Item = u8>, Error> {
        Ok(0..x)
    }
}

fn main() {
    let traced = Traced::new(Client);
    drop(traced.later());
    drop(traced.later_checked(1));
    assert_eq!(traced.range(3).map(Iterator::count).ok(), Some(3));
    assert!(traced.range_checked(3).is_ok());
    drop(traced.range_async(3));
    assert!(traced.boxed_error().is_ok());
    assert!(traced.range_track_caller(1).is_ok());
}

//! Generated code under the strictest lint settings a user may pick: checked
//! by `cargo clippy --workspace --all-targets -- -D warnings` in CI.
#![deny(warnings, clippy::all, clippy::pedantic)]
#![forbid(unsafe_code)]

use std::future::Future;
use std::pin::Pin;

use instrument_proxy::{instrument_proxy, CallSpan, InstrumentProxy};

/// A client.
pub struct Client {
    values: Vec<u8>,
}

impl Client {
    /// Gets a value.
    ///
    /// # Errors
    /// When the index is out of range.
    pub fn get(&self, index: usize) -> Result<u8, String> {
        self.values
            .get(index)
            .copied()
            .ok_or_else(|| "out of range".to_owned())
    }

    /// Sets a value.
    pub async fn set(&mut self, value: u8) {
        std::future::ready(()).await;
        self.values.push(value);
    }

    /// A boxed future.
    #[must_use]
    pub fn boxed(&self) -> Pin<Box<dyn Future<Output = usize> + Send + '_>> {
        Box::pin(async move { self.values.len() })
    }
}

/// The traced client.
#[derive(InstrumentProxy)]
pub struct Traced(Client);

fn record_total(span: &CallSpan, total: &u128) {
    span.record("total", u64::try_from(*total).unwrap_or(u64::MAX));
}

#[instrument_proxy(fields(db.system.name = "pedantic", total = instrument_proxy::Empty))]
impl Traced {
    /// Gets a value.
    ///
    /// # Errors
    /// When the index is out of range.
    pub fn get(&self, index: usize) -> Result<u8, String>;

    /// Sets a value.
    pub async fn set(&mut self, value: u8);

    /// A boxed future.
    #[must_use]
    pub fn boxed(&self) -> Pin<Box<dyn Future<Output = usize> + Send + '_>>;

    /// A body.
    ///
    /// # Errors
    /// When either index is out of range.
    pub fn sum(&self, first: usize, second: usize) -> Result<u16, String> {
        let first = self.0.get(first)?;
        let second = self.0.get(second)?;
        Ok(u16::from(first) + u16::from(second))
    }

    /// An async body.
    pub async fn count(&self) -> usize {
        self.0.values.len()
    }

    /// A total, recorded from the result.
    ///
    /// # Errors
    /// Never.
    #[instrument_proxy(record_ok = record_total)]
    pub fn total(&self) -> Result<u128, String> {
        Ok(self.0.values.iter().map(|v| u128::from(*v)).sum())
    }

    /// Nothing returned.
    pub fn touch(&self) {}

    /// A constructor.
    #[must_use]
    pub fn empty() -> Self {
        Traced(Client { values: Vec::new() })
    }
}

//! Generated code under the strictest lint settings a user may pick: checked
//! by `cargo clippy --workspace --all-targets -- -D warnings` in CI, and with
//! the `off` feature of instrument-proxy, where every function and argument
//! the options name must still count as used.
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

fn operation(index: usize) -> &'static str {
    if index == 0 {
        "FIRST"
    } else {
        "OTHER"
    }
}

fn record_failure(span: &CallSpan, error: &impl AsRef<str>) {
    span.record("failure", error.as_ref());
}

fn record_total(span: &CallSpan, total: &u128) {
    span.record("total", u64::try_from(*total).unwrap_or(u64::MAX));
}

#[instrument_proxy(fields(
    db.system.name = "pedantic",
    total = instrument_proxy::Empty,
    failure = instrument_proxy::Empty
))]
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
        std::future::ready(()).await;
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

    /// An argument and a function used only by the options.
    ///
    /// # Errors
    /// When the index is out of range.
    #[instrument_proxy(name = operation(index), fields(db.query.index = index), record_err = record_failure)]
    pub fn at(&self, index: usize) -> Result<u8, String> {
        self.0.get(0)
    }

    /// A future whose output a recorder reads.
    ///
    /// # Errors
    /// When the client has no value.
    #[instrument_proxy(record_ok = record_total)]
    pub fn later_total(&self) -> impl Future<Output = Result<u128, String>> + '_ {
        async move { Ok(u128::from(self.0.get(0)?)) }
    }

    /// A constructor.
    #[must_use]
    pub fn empty() -> Self {
        Traced(Client { values: Vec::new() })
    }
}

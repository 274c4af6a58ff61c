//! Traced proxies for third-party clients.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod backend;
mod call;
mod future;
mod outcome;
mod proxy;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

/// Declares a key in `fields(...)` whose value a `record_ok` / `record_err`
/// function records later: `fields(cache.hit = instrument_proxy::Empty)`.
pub use backend::Empty;
pub use call::{AttributeValue, CallSpan};
pub use instrument_proxy_macros::{instrument_proxy, InstrumentProxy};
pub use outcome::ErrorType;
pub use proxy::{ClientAttributes, Proxy, Text};

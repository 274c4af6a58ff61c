// The crate's documentation is the README: one guide, one feature table, for
// the repository and docs.rs. Its examples run as doc tests of the suite's
// library, where every crate they use is present.
#![cfg_attr(not(doctest), doc = include_str!("../../README.md"))]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(missing_docs)]

// The crate's own proxies are written with its macro, and the ones the
// generator writes name it as users do.
extern crate self as instrument_proxy;

mod autoref;
mod backend;
mod call;
pub mod context;
#[cfg(feature = "export")]
#[cfg_attr(docsrs, doc(cfg(feature = "export")))]
pub mod export;
mod future;
#[cfg(feature = "metrics")]
#[cfg_attr(docsrs, doc(cfg(feature = "metrics")))]
pub mod metrics;
mod outcome;
pub mod propagation;
mod proxy;
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub mod redis;
#[cfg(feature = "reqwest")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest")))]
pub mod reqwest;
#[cfg(feature = "opentelemetry")]
mod w3c;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

/// Declares a key in `fields(...)` whose value a `record_ok` / `record_err`
/// function records later: `fields(cache.hit = instrument_proxy::Empty)`.
pub use backend::Empty;
pub use call::{AttributeValue, CallSpan};
pub use context::{Contextual, CurrentContext, InCurrentContext};
pub use future::{CallFuture, CallStream};
pub use instrument_proxy_macros::{instrument_proxy, ContextCarrier, InstrumentProxy};
pub use outcome::ErrorType;
pub use propagation::{Extract, Inject};
pub use proxy::{ClientAttributes, Proxy, SharedStr, Text};

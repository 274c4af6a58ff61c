//! Traced proxies for third-party clients.
//!
//! Wrap a client in a newtype, derive [`InstrumentProxy`], and list the
//! methods to trace in an impl block under [`instrument_proxy`](macro@instrument_proxy): methods
//! without a body are forwarded to the client inside a span with
//! OpenTelemetry semantics.
//!
//! ```
//! use instrument_proxy::{instrument_proxy, InstrumentProxy};
//!
//! pub struct Client;
//!
//! impl Client {
//!     pub fn get(&self, key: &str) -> Result<String, std::io::Error> {
//!         Ok(format!("value of {key}"))
//!     }
//! }
//!
//! #[derive(InstrumentProxy)]
//! pub struct Traced(Client);
//!
//! #[instrument_proxy(fields(db.system.name = "example"))]
//! impl Traced {
//!     /// Forwarded to `Client::get` inside a CLIENT span named `Traced::get`.
//!     pub fn get(&self, key: &str) -> Result<String, std::io::Error>;
//! }
//!
//! let traced = Traced::new(Client);
//! assert_eq!(traced.get("k").unwrap(), "value of k");
//! ```
//!
//! The README lists every option, the forwarding rules and what each span
//! records. Semantics that always hold: one span per call, ended exactly once
//! on every exit (a panic marks it failed, a dropped future ends it without
//! error); futures and streams are traced until they complete; nothing from
//! the arguments is recorded unless an option names it; instrumentation never
//! fails a call.
//!
//! # Features
//!
//! - `tracing` (default): spans are `tracing` spans whose `otel.*` fields and
//!   semantic-convention names tracing-opentelemetry turns into the right
//!   OpenTelemetry span.
//! - `opentelemetry`: spans made directly through the global OpenTelemetry
//!   `TracerProvider` when no `tracing` subscriber wants them (one span per
//!   call either way), and trace context propagation: `#[inject]`,
//!   [`Inject`], [`Extract`], [`propagation`].
//! - `reqwest`: `reqwest::TracedClient` and `reqwest`
//!   carriers. `redis`: `redis::TracedConnection`.
//! - `tokio`: `context::spawn` and `context::spawn_blocking`.
//! - `export`: `export::install`, an SDK pipeline (OTLP/HTTP or stdout) for
//!   examples and small services.
//! - `metrics`: every traced call with a metric also records its duration in
//!   the semantic conventions' histogram (module `metrics`).
//! - `off`: the macro emits plain methods, without spans.
//!
//! [`context`] keeps a call's context across tasks, threads and channels.
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

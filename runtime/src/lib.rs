// The crate's documentation is its guide (GUIDE.md beside Cargo.toml; the
// repository's front page is the user README). Its examples run as doc
// tests of the suite's library, where every crate they use is present.
#![cfg_attr(not(doctest), doc = include_str!("../GUIDE.md"))]
// One function reads a byte with an instruction the compiler does not emit
// for an atomic load (`backend::site`); everything else is safe code.
#![deny(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(missing_docs)]

// The crate's own proxies are written with its macro, and the ones the
// generator writes name it as users do.
extern crate self as instrument_proxy;

#[cfg(feature = "amqp")]
#[cfg_attr(docsrs, doc(cfg(feature = "amqp")))]
pub mod amqp;
mod autoref;
mod backend;
mod call;
pub mod context;
#[cfg(feature = "export")]
#[cfg_attr(docsrs, doc(cfg(feature = "export")))]
pub mod export;
mod future;
mod inject;
#[cfg(feature = "metrics")]
mod measurement;
#[cfg(feature = "opentelemetry")]
#[cfg_attr(docsrs, doc(cfg(feature = "opentelemetry")))]
pub mod messaging;
#[cfg(feature = "metrics")]
#[cfg_attr(docsrs, doc(cfg(feature = "metrics")))]
pub mod metrics;
#[cfg(feature = "nats")]
#[cfg_attr(docsrs, doc(cfg(feature = "nats")))]
pub mod nats;
mod outcome;
#[cfg(feature = "postgres")]
#[cfg_attr(docsrs, doc(cfg(feature = "postgres")))]
pub mod postgres;
pub mod propagation;
mod proxy;
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub mod redis;
#[cfg(feature = "reqwest")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest")))]
pub mod reqwest;
pub mod sql;
mod text;
#[cfg(feature = "tower")]
#[cfg_attr(docsrs, doc(cfg(feature = "tower")))]
pub mod tower;
#[cfg(feature = "opentelemetry")]
mod w3c;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

/// Sets the global OpenTelemetry `TracerProvider` and makes every thread's
/// traced calls use it from their next call on.
///
/// A provider set directly with `opentelemetry::global::set_tracer_provider`
/// is found too, within about 20 ms: a thread without a provider skips its
/// calls by a countdown (so that such a call reads no clock and takes no
/// lock), sized to last about 20 ms at the thread's call rate and at most
/// 65 536 calls, and looks the provider up the first time its countdown runs
/// out once 20 ms have passed since it last looked. A thread with a provider
/// looks again every 1 024 calls, and at once when its provider was shut
/// down. `export::install` sets its provider with this.
#[cfg(feature = "opentelemetry")]
#[cfg_attr(docsrs, doc(cfg(feature = "opentelemetry")))]
pub fn set_tracer_provider<P, T, S>(provider: P)
where
    S: opentelemetry::trace::Span + Send + Sync + 'static,
    T: opentelemetry::trace::Tracer<Span = S> + Send + Sync + 'static,
    P: opentelemetry::trace::TracerProvider<Tracer = T> + Send + Sync + 'static,
{
    opentelemetry::global::set_tracer_provider(provider);
    backend::otel::provider_changed();
}

pub use backend::AttributeValue;
/// Declares a key in `fields(...)` whose value a `record_ok` / `record_err`
/// function records later: `fields(cache.hit = instrument_proxy::Empty)`.
pub use backend::Empty;
pub use call::CallSpan;
pub use context::{Contextual, CurrentContext, InCurrentContext};

pub use instrument_proxy_macros::{instrument_proxy, ContextCarrier, InstrumentProxy};
pub use outcome::ErrorType;
pub use propagation::{Extract, Inject};
pub use proxy::{ClientAttributes, Proxy};
pub use text::{SharedStr, Text};

/// The parts of the `opentelemetry` crate this build of instrument-proxy
/// uses that an application names to set it up — name them through here
/// (`instrument_proxy::opentelemetry::global`, `::trace`, `::Context`) to be
/// sure providers and contexts are the ones instrument-proxy sees, whatever
/// other version the build holds. (Not the whole crate: its `Value` enum,
/// with a `String` variant, would make the compiler write
/// `std::string::String` in every error of a crate that uses this one.)
#[cfg(feature = "opentelemetry")]
#[cfg_attr(docsrs, doc(cfg(feature = "opentelemetry")))]
pub mod opentelemetry {
    #[cfg(feature = "metrics")]
    pub use ::opentelemetry::metrics;
    pub use ::opentelemetry::{
        global, propagation, trace, Context, ContextGuard, InstrumentationScope, Key, KeyValue,
    };
}

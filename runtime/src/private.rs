//! What the generated code calls. Not public API: names and signatures here
//! change without notice.

pub use crate::__call_span as call_span;

/// A call's level, as the generated code names it (`level::INFO`).
pub mod level {
    pub const TRACE: usize = 0;
    pub const DEBUG: usize = 1;
    pub const INFO: usize = 2;
    pub const WARN: usize = 3;
    pub const ERROR: usize = 4;
}
pub use crate::__error_event as error_event;
pub use crate::__metered_start as metered_start;
pub use crate::autoref::Autoref;
#[cfg(feature = "tracing")]
pub use crate::backend::tracing::{OptionalStrField, OtherField, StrField};
pub use crate::backend::Empty;
pub use crate::call::{construct, run_sync, start, CallSpan, SyncCall};
pub use crate::future::{
    CallFuture, CallStream, FutureReturn, NotResultReturn, PlainReturn, ResultReturn, ReturnCheck,
    StreamReturn,
};
#[cfg(feature = "metrics")]
pub use crate::metrics::{start_metered, Instrument};
pub use crate::outcome::{
    keep_future_recorder, keep_recorder, CodedErrorOutcome, DebugErrorOutcome, DisplayErrorOutcome,
    ErrorOutcome, Failure, Outcome, ResultParts, ValueOutcome, ValueParts,
};
pub use crate::proxy::{ForwardTo, NoProxyAttributes, Proxy, ProxyAttributes};
pub use crate::{__carrier_extract as carrier_extract, __carrier_inject as carrier_inject};
#[cfg(feature = "opentelemetry")]
pub use opentelemetry::Context as OtelContext;
pub use opentelemetry_semantic_conventions::attribute as semconv;
pub use std::borrow::Cow;
#[cfg(feature = "tracing")]
pub use tracing;

pub use core::option::Option::{self, None, Some};
pub use core::result::Result::{Err, Ok};
pub use std::boxed::Box;

/// Names lifetimes an `impl Future` return type captures (the instrumented
/// form of an `async fn` in an inherent impl): `impl Future + Captures<(&'a (),)>`.
pub trait Captures<T: ?Sized> {}

impl<T: ?Sized, U: ?Sized> Captures<T> for U {}

/// `#[inject]`: the carrier receives the current call's context.
#[inline]
pub fn inject<C: crate::propagation::InjectOwned>(carrier: C) -> C {
    carrier.inject_current()
}

/// A `tracing` span, if the subscriber wants it.
#[cfg(feature = "tracing")]
#[must_use]
#[inline]
pub fn tracing_span(span: tracing::Span) -> Option<CallSpan> {
    (!span.is_disabled()).then_some(CallSpan {
        inner: crate::backend::Span::Tracing(span),
        #[cfg(feature = "metrics")]
        metric: None,
    })
}

/// An OpenTelemetry span through the global provider, if it records.
#[cfg(feature = "opentelemetry")]
#[must_use]
#[inline]
pub fn otel_span(
    level: usize,
    target: Option<&'static str>,
    name: impl Fn() -> Cow<'static, str>,
    kind: &str,
    attributes: impl Fn() -> ::std::vec::Vec<opentelemetry::KeyValue>,
) -> Option<CallSpan> {
    use crate::backend::otel;
    otel::start(level, target, name, otel::kind(kind), attributes).map(|span| CallSpan {
        inner: crate::backend::Span::Otel(span),
        #[cfg(feature = "metrics")]
        metric: None,
    })
}

#[cfg(feature = "opentelemetry")]
pub use crate::backend::otel::{
    attributes_for, push_attribute, push_literal, DebugValue, DisplayName, DisplayValue,
    LiteralValue, SharedName, ToOtelValue,
};

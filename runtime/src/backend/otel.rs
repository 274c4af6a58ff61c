//! The `opentelemetry` backend: spans created directly through the global
//! `TracerProvider`, with the call's `Context` current during the call and
//! during every poll.
//!
//! The tracer is cached, so a call does not look the global provider up. The
//! global provider is looked up again when the cached tracer has no provider
//! behind it (none was installed: at most every [`NOOP_REFRESH`]; or it was
//! shut down: at once), and every [`ACTIVE_RECHECK`]th call of a thread
//! otherwise, so a provider installed or replaced after the first call is
//! picked up. The recording path reads no clock.

use std::borrow::Cow;
use std::cell::Cell;
use std::sync::{PoisonError, RwLock};
use std::time::{Duration, Instant};

use opentelemetry::global::{self, BoxedTracer};
use opentelemetry::trace::{
    Span as _, SpanKind, Status, TraceContextExt, Tracer, TracerProvider as _,
};
use opentelemetry::{Context, ContextGuard, InstrumentationScope, KeyValue, Value};

use crate::call::AttributeValue;

const NOOP_REFRESH: Duration = Duration::from_millis(20);
const ACTIVE_RECHECK: u32 = 1024;

thread_local! {
    static CALLS: Cell<u32> = const { Cell::new(0) };
}

/// True on every [`ACTIVE_RECHECK`]th recording call of this thread.
fn recheck_due() -> bool {
    CALLS.with(|calls| {
        let n = calls.get().wrapping_add(1);
        calls.set(n);
        n % ACTIVE_RECHECK == 0
    })
}

/// One call's span, held in the `Context` that is made current around it.
pub(crate) struct OtelSpan {
    cx: Context,
}

impl Drop for OtelSpan {
    fn drop(&mut self) {
        self.cx.span().end();
    }
}

struct Cache {
    tracer: Option<BoxedTracer>,
    recording: bool,
    refreshed: Option<Instant>,
}

static CACHE: RwLock<Cache> = RwLock::new(Cache {
    tracer: None,
    recording: false,
    refreshed: None,
});

/// What a tracer gave for one call.
enum Started {
    Recording(OtelSpan),
    /// Not recorded by the sampler's decision: respected.
    SampledOut,
    /// No provider behind the tracer (none installed, or shut down).
    NoProvider,
}

/// Starts a span under the current context; `None` when nothing records it.
/// `name` and `attributes` are called again when a stale tracer is replaced.
pub(crate) fn start(
    name: impl Fn() -> Cow<'static, str>,
    kind: SpanKind,
    attributes: impl Fn() -> Vec<KeyValue>,
) -> Option<OtelSpan> {
    let parent = Context::current();
    {
        let cache = CACHE.read().unwrap_or_else(PoisonError::into_inner);
        if let Some(tracer) = &cache.tracer {
            if cache.recording {
                if !recheck_due() {
                    match build(tracer, name(), kind.clone(), attributes(), &parent) {
                        Started::Recording(span) => return Some(span),
                        Started::SampledOut => return None,
                        // The provider was shut down: look again.
                        Started::NoProvider => {}
                    }
                }
            } else if cache
                .refreshed
                .is_some_and(|at| at.elapsed() < NOOP_REFRESH)
            {
                return None;
            }
        }
    }
    let now = Instant::now();
    let tracer = global::tracer_provider().tracer_with_scope(
        InstrumentationScope::builder("instrument-proxy")
            .with_version(env!("CARGO_PKG_VERSION"))
            .build(),
    );
    let started = build(&tracer, name(), kind, attributes(), &parent);
    let mut cache = CACHE.write().unwrap_or_else(PoisonError::into_inner);
    *cache = Cache {
        tracer: Some(tracer),
        recording: !matches!(started, Started::NoProvider),
        refreshed: Some(now),
    };
    match started {
        Started::Recording(span) => Some(span),
        Started::SampledOut | Started::NoProvider => None,
    }
}

fn build(
    tracer: &BoxedTracer,
    name: Cow<'static, str>,
    kind: SpanKind,
    attributes: Vec<KeyValue>,
    parent: &Context,
) -> Started {
    let span = tracer
        .span_builder(name)
        .with_kind(kind)
        .with_attributes(attributes)
        .start_with_context(tracer, parent);
    if span.is_recording() {
        Started::Recording(OtelSpan {
            cx: parent.with_span(span),
        })
    } else if span.span_context().is_valid() && span.span_context() != parent.span().span_context()
    {
        Started::SampledOut
    } else {
        Started::NoProvider
    }
}

pub(crate) fn enter(span: &OtelSpan) -> ContextGuard {
    span.cx.clone().attach()
}

pub(crate) fn record(span: &OtelSpan, key: &'static str, value: AttributeValue<'_>) {
    let value = match value {
        AttributeValue::Str(value) => Value::from(value.to_owned()),
        AttributeValue::I64(value) => Value::from(value),
        AttributeValue::F64(value) => Value::from(value),
        AttributeValue::Bool(value) => Value::from(value),
    };
    span.cx.span().set_attribute(KeyValue::new(key, value));
}

pub(crate) fn record_error(span: &OtelSpan, error_type: &str, description: &str) {
    let span = span.cx.span();
    span.set_status(Status::error(description.to_owned()));
    if !error_type.is_empty() {
        span.set_attribute(KeyValue::new(
            opentelemetry_semantic_conventions::attribute::ERROR_TYPE,
            error_type.to_owned(),
        ));
    }
}

pub(crate) fn kind(kind: &str) -> SpanKind {
    match kind {
        "server" => SpanKind::Server,
        "producer" => SpanKind::Producer,
        "consumer" => SpanKind::Consumer,
        "internal" => SpanKind::Internal,
        _ => SpanKind::Client,
    }
}

/// Converts a `fields(...)` value; `Empty` and empty strings give nothing.
#[doc(hidden)]
pub trait ToOtelValue {
    fn to_otel_value(&self) -> Option<Value>;
}

impl<T: ToOtelValue + ?Sized> ToOtelValue for &T {
    fn to_otel_value(&self) -> Option<Value> {
        (**self).to_otel_value()
    }
}

impl ToOtelValue for str {
    fn to_otel_value(&self) -> Option<Value> {
        (!self.is_empty()).then(|| Value::from(self.to_owned()))
    }
}

impl ToOtelValue for String {
    fn to_otel_value(&self) -> Option<Value> {
        self.as_str().to_otel_value()
    }
}

impl ToOtelValue for std::borrow::Cow<'_, str> {
    fn to_otel_value(&self) -> Option<Value> {
        self.as_ref().to_otel_value()
    }
}

impl<T: ToOtelValue> ToOtelValue for Option<T> {
    fn to_otel_value(&self) -> Option<Value> {
        self.as_ref().and_then(ToOtelValue::to_otel_value)
    }
}

impl ToOtelValue for bool {
    fn to_otel_value(&self) -> Option<Value> {
        Some(Value::from(*self))
    }
}

impl ToOtelValue for f64 {
    fn to_otel_value(&self) -> Option<Value> {
        Some(Value::from(*self))
    }
}

macro_rules! integer_value {
    ($($ty:ty),*) => {$(
        impl ToOtelValue for $ty {
            fn to_otel_value(&self) -> Option<Value> {
                Some(Value::from(i64::try_from(*self).unwrap_or(i64::MAX)))
            }
        }
    )*};
}
integer_value!(i8, i16, i32, i64, u8, u16, u32, u64, usize, isize);

/// `%value` in `fields(...)`.
#[doc(hidden)]
pub struct DisplayValue<'a, T: ?Sized>(pub &'a T);

impl<T: std::fmt::Display + ?Sized> ToOtelValue for DisplayValue<'_, T> {
    fn to_otel_value(&self) -> Option<Value> {
        self.0.to_string().to_otel_value()
    }
}

/// `?value` in `fields(...)`.
#[doc(hidden)]
pub struct DebugValue<'a, T: ?Sized>(pub &'a T);

impl<T: std::fmt::Debug + ?Sized> ToOtelValue for DebugValue<'_, T> {
    fn to_otel_value(&self) -> Option<Value> {
        format!("{:?}", self.0).to_otel_value()
    }
}

impl ToOtelValue for super::Empty {
    fn to_otel_value(&self) -> Option<Value> {
        None
    }
}

/// The OpenTelemetry span of one call. Level is a `tracing` notion and has no
/// OpenTelemetry counterpart.
#[doc(hidden)]
#[macro_export]
macro_rules! __otel_span {
    (level: $level:ident, name: $name:literal, kind: $kind:literal, dynamic_name: (), later: { $($later:literal),* }, fields: { $($fields:tt)* }) => {
        $crate::__otel_span!(@start ($crate::__private::Cow::Borrowed($name)), $kind, $($fields)*)
    };
    (level: $level:ident, name: $name:literal, kind: $kind:literal, dynamic_name: ($dynamic:expr), later: { $($later:literal),* }, fields: { $($fields:tt)* }) => {
        $crate::__otel_span!(
            @start ($crate::__private::Cow::Owned(::std::string::ToString::to_string(&$dynamic))),
            $kind,
            $($fields)*
        )
    };
    (@start ($name:expr), $kind:literal, $($fields:tt)*) => {
        $crate::__private::otel_span(
            || $name,
            $kind,
            || {
                let mut attributes = ::std::vec::Vec::new();
                $crate::__otel_fields!(attributes; $($fields)*);
                attributes
            },
        )
    };
}

/// Turns `"key" = value`, `"key" = %value`, `"key" = ?value` into attributes.
#[doc(hidden)]
#[macro_export]
macro_rules! __otel_fields {
    ($attributes:ident;) => {};
    ($attributes:ident; $key:literal = % $value:expr $(, $($rest:tt)*)?) => {
        $crate::__private::push_attribute(&mut $attributes, $key, &$crate::__private::DisplayValue(&$value));
        $( $crate::__otel_fields!($attributes; $($rest)*); )?
    };
    ($attributes:ident; $key:literal = ? $value:expr $(, $($rest:tt)*)?) => {
        $crate::__private::push_attribute(&mut $attributes, $key, &$crate::__private::DebugValue(&$value));
        $( $crate::__otel_fields!($attributes; $($rest)*); )?
    };
    ($attributes:ident; $key:literal = $value:expr $(, $($rest:tt)*)?) => {
        $crate::__private::push_attribute(&mut $attributes, $key, &$value);
        $( $crate::__otel_fields!($attributes; $($rest)*); )?
    };
}

/// Adds an attribute unless its value is empty.
#[doc(hidden)]
pub fn push_attribute(attributes: &mut Vec<KeyValue>, key: &'static str, value: &dyn ToOtelValue) {
    if let Some(value) = value.to_otel_value() {
        attributes.push(KeyValue::new(key, value));
    }
}

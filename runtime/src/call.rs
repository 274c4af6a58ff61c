//! The call lifecycle: start a span, run the call inside it, record the
//! outcome, end the span on every exit.
//!
//! The disabled path is one check ([`start`]); everything else is out of line.

use core::fmt;

use crate::backend::value::AttributeValue;
use crate::backend::{self};
use crate::proxy::{ClientAttributes, ClientValue};
use crate::text::Text;

/// The span of one instrumented call.
///
/// `record_ok` / `record_err` functions receive it to add attributes from the
/// result. With the `tracing` backend a field must be declared when the span is
/// created: `error.type`, `server.address`, `server.port` and `db.namespace`
/// always are, and so is every key of the `fields(...)` option (declare a key
/// that is only recorded later with `fields(key = instrument_proxy::Empty)`).
pub struct CallSpan {
    pub(crate) inner: backend::Span,
    /// The call's duration measurement (`metrics`), recorded when dropped.
    #[cfg(feature = "metrics")]
    pub(crate) metric: crate::measurement::Measurement,
}

impl CallSpan {
    /// The span of the instrumented call whose body is running on this
    /// thread (during each poll, for an async call), in either backend:
    /// what a method body records on its own call, such as a value it
    /// computed or an error it recovered from. `None` outside a traced call
    /// (the call was not sampled, instrumentation is off, or the code runs
    /// elsewhere, such as a spawned task). If the body entered a `tracing`
    /// span of its own, that span is the current one. The handle does not
    /// end the span; the call ends it as usual, and its outcome (an `Err`)
    /// is recorded over what the body recorded.
    ///
    /// ```
    /// use instrument_proxy::{instrument_proxy, CallSpan};
    ///
    /// struct Cache;
    ///
    /// #[instrument_proxy(fields(cache.hit = instrument_proxy::Empty))]
    /// impl Cache {
    ///     fn get(&self, key: &str) -> Option<String> {
    ///         let hit = key == "warm";
    ///         if let Some(call) = CallSpan::current() {
    ///             call.record("cache.hit", hit);
    ///         }
    ///         hit.then(|| "value".to_owned())
    ///     }
    /// }
    /// # assert_eq!(Cache.get("warm").as_deref(), Some("value"));
    /// ```
    #[must_use]
    #[allow(unused_variables)]
    pub fn current() -> Option<CallSpan> {
        let inner = match backend::current() {
            #[cfg(feature = "tracing")]
            backend::Current::Tracing => backend::Span::Tracing(::tracing::Span::current()),
            #[cfg(feature = "opentelemetry")]
            backend::Current::Otel => backend::Span::Otel(backend::otel::OtelSpan::current()),
            // Without a backend, nothing is ever current.
            #[allow(unreachable_patterns)]
            _ => return None,
        };
        #[allow(unreachable_code)]
        Some(CallSpan {
            inner,
            #[cfg(feature = "metrics")]
            metric: crate::measurement::Measurement::NONE,
        })
    }

    /// Records an attribute. Empty strings are left out.
    pub fn record<'v>(&self, key: &'static str, value: impl Into<AttributeValue<'v>>) {
        let value = value.into();
        if let AttributeValue::Str("") = value {
            return;
        }
        #[cfg(feature = "metrics")]
        if let Some(metric) = self.metric.get() {
            metric.record(key, || value.to_otel());
        }
        backend::record(&self.inner, key, value);
    }

    /// Records an attribute whose name is made at run time
    /// (`db.query.parameter.0`), which a `tracing` span cannot declare: on
    /// the OpenTelemetry route directly, on the `tracing` route through
    /// tracing-opentelemetry's layer (`OpenTelemetrySpanExt::set_attribute`),
    /// so a subscriber without that layer never sees it. Never a metric
    /// attribute: such names are unbounded.
    #[cfg(feature = "opentelemetry")]
    pub fn record_named(&self, key: String, value: String) {
        if value.is_empty() {
            return;
        }
        backend::record_named(&self.inner, key, value);
    }

    /// Whether what is recorded on the call goes anywhere: false only for a
    /// span the sampler dropped — kept current so that its context, sampled
    /// flag unset, propagates — of a call that is not measured. The
    /// outcome's recording is skipped then: no error is formatted, no
    /// `record_ok` / `record_err` function runs, for a span nothing exports.
    #[must_use]
    #[inline(always)]
    pub fn records(&self) -> bool {
        #[cfg(feature = "metrics")]
        if self.metric.get().is_some() {
            return true;
        }
        backend::records(&self.inner)
    }

    /// [`record_error`](Self::record_error) with a description made only
    /// when the call [`records`](Self::records).
    #[cfg_attr(not(any(feature = "nats", feature = "amqp")), allow(dead_code))]
    pub(crate) fn record_error_with(&self, error_type: &str, describe: impl FnOnce() -> String) {
        if self.records() {
            self.record_failed(crate::outcome::Failure {
                error_type: Text::Borrowed(error_type),
                description: describe(),
            });
        }
    }

    /// Marks the span as failed: status Error with `description`, and
    /// `error.type` (a low-cardinality type name or code).
    pub fn record_error(&self, error_type: &str, description: &str) {
        self.record_failed(crate::outcome::Failure {
            error_type: Text::Borrowed(error_type),
            description: description.to_owned(),
        });
    }

    /// The call's counter (a message consumed) counts nothing: the call
    /// found no message.
    #[cfg_attr(not(feature = "amqp"), allow(dead_code))]
    pub(crate) fn uncount(&self) {
        #[cfg(feature = "metrics")]
        if let Some(metric) = self.metric.get() {
            metric.uncount();
        }
    }

    /// The call was dropped before it completed: its measurement says so.
    pub(crate) fn cancelled(&self) {
        #[cfg(feature = "metrics")]
        if let Some(metric) = self.metric.get() {
            metric.cancel();
        }
    }

    /// Records the attributes a [`Proxy`](crate::Proxy) gives for its client.
    // Inlined, so that a client without attributes (the derive's default
    // hook returns none) leaves nothing of it in the traced path.
    #[inline]
    pub fn record_client(&self, attributes: &ClientAttributes<'_>) {
        attributes.each(|key, value| match value {
            ClientValue::Text(text) => self.record(key, text.as_str()),
            ClientValue::Port(port) => self.record(key, port),
        });
    }

    /// Runs `f` with this span current.
    #[inline]
    pub fn in_scope<R>(&self, f: impl FnOnce() -> R) -> R {
        let (previous, _restore) = backend::enter(&self.inner);
        let unwinding = Unwinding {
            span: self,
            previous,
        };
        let result = f();
        core::mem::forget(unwinding);
        backend::exit(&self.inner, previous);
        result
    }

    /// Marks the span failed with what the result's dispatch found.
    #[inline(always)]
    pub(crate) fn record_failure(&self, failure: Option<crate::outcome::Failure<'_>>) {
        if let Some(failure) = failure {
            self.record_failed(failure);
        }
    }

    /// Marks the span failed with the failure's strings handed over: the
    /// description becomes the status without a copy, a type name known at
    /// compile time `error.type` without one. The one way a span fails.
    fn record_failed(&self, failure: crate::outcome::Failure<'_>) {
        #[cfg(feature = "metrics")]
        if let Some(metric) = self.metric.get() {
            metric.fail(failure.error_type.as_str());
        }
        backend::record_failed(&self.inner, failure);
    }

    /// A call's OpenTelemetry span, without a measurement yet.
    #[cfg(feature = "opentelemetry")]
    #[inline(always)]
    pub(crate) fn otel(span: backend::otel::OtelSpan) -> CallSpan {
        CallSpan {
            inner: backend::Span::Otel(span),
            #[cfg(feature = "metrics")]
            metric: crate::measurement::Measurement::NONE,
        }
    }

    /// A call's `tracing` span, without a measurement yet.
    #[cfg(feature = "tracing")]
    #[inline(always)]
    pub(crate) fn tracing(span: ::tracing::Span) -> CallSpan {
        CallSpan {
            inner: backend::Span::Tracing(span),
            #[cfg(feature = "metrics")]
            metric: crate::measurement::Measurement::NONE,
        }
    }

    #[cold]
    pub(crate) fn record_panic(&self) {
        self.record_error("panic", "the call panicked");
    }
}

impl fmt::Debug for CallSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallSpan").finish_non_exhaustive()
    }
}

/// Alive while a call's body runs, and dropped only if it unwinds: the span
/// stops being current and is marked failed. What was entered is a local of
/// its own, declared before, so that it drops after this, restoring the
/// previous OTel context. When the body returns, [`CallSpan::in_scope`]
/// forgets this and exits the span itself. It holds no flag and not what was
/// entered: a scope guard holding both made the compiler pack them into
/// memory on every call, for the unwinding path.
struct Unwinding<'a> {
    span: &'a CallSpan,
    previous: backend::Current,
}

impl Drop for Unwinding<'_> {
    #[cold]
    fn drop(&mut self) {
        backend::exit(&self.span.inner, self.previous);
        self.span.record_panic();
    }
}

/// A call's `tracing` span, made by `make` from the method's metadata, if
/// the current subscriber wants it.
#[cfg(feature = "tracing")]
#[doc(hidden)]
#[must_use]
#[inline(always)]
pub fn tracing_span<S: backend::SiteInfo>(
    site: &'static backend::Site<S>,
    make: impl FnOnce(&'static ::tracing::Metadata<'static>) -> ::tracing::Span,
) -> Option<CallSpan> {
    if !backend::site::wants(site) {
        return None;
    }
    let span = make(::tracing::callsite::Callsite::metadata(site));
    // Not `wanted(..).then_some(..)`: that builds the handle before the
    // check and moves it again into the `Some` (19 instructions a call).
    if backend::tracing::wanted(&span) {
        Some(CallSpan::tracing(span))
    } else {
        None
    }
}

/// A call's OpenTelemetry span through the global provider, if it records:
/// the generated code's, called past the call's check
/// ([`backend::enabled`]), which is not made again.
#[doc(hidden)]
#[must_use]
#[inline]
#[cfg(feature = "opentelemetry")]
pub fn otel_span(
    level: usize,
    target: Option<&'static str>,
    name: impl Fn() -> std::borrow::Cow<'static, str>,
    kind: &str,
    attributes: impl backend::otel::Describe,
) -> Option<CallSpan> {
    let kind = backend::otel::kind(kind);
    backend::otel::start(level, target, name, kind, attributes).map(CallSpan::otel)
}

/// [`otel_span`] for a span that no check came before (a message's, a
/// request's): the thread's countdown first.
#[cfg(feature = "opentelemetry")]
#[inline]
pub(crate) fn otel_span_of_unchecked_call(
    level: usize,
    target: Option<&'static str>,
    name: impl Fn() -> std::borrow::Cow<'static, str>,
    kind: &str,
    attributes: impl backend::otel::Describe,
) -> Option<CallSpan> {
    if backend::otel::idle(level) {
        return None;
    }
    otel_span(level, target, name, kind, attributes)
}

/// With the `off` feature: the recorder is type-checked against the result
/// and never called, so the functions it names stay used.
#[doc(hidden)]
#[inline(always)]
pub fn keep_recorder<R>(_result: &R, _record: impl FnOnce(&CallSpan, &R)) {}

/// [`keep_recorder`] for a method that returns a future.
#[doc(hidden)]
#[inline(always)]
pub fn keep_future_recorder<F: core::future::IntoFuture>(
    _future: &F,
    _record: impl FnOnce(&CallSpan, &F::Output),
) {
}

/// [`CallSpan::record_failure`], for the generated code.
#[doc(hidden)]
#[inline(always)]
pub fn record_failure(span: &CallSpan, failure: Option<crate::outcome::Failure<'_>>) {
    span.record_failure(failure);
}

/// The call's `tracing` span, when it is one: the parent of the
/// `err(level = ...)` event.
#[doc(hidden)]
#[cfg(feature = "tracing")]
pub fn tracing_parent(span: &CallSpan) -> Option<&::tracing::Span> {
    match &span.inner {
        backend::Span::Tracing(span) => Some(span),
        #[allow(unreachable_patterns)]
        _ => None,
    }
}

/// `err(level = ...)` on an OpenTelemetry span: an `exception` event with
/// the error's type, description and the level asked for (as
/// tracing-opentelemetry records a `tracing` event's level).
#[doc(hidden)]
pub fn otel_error_event(
    span: &CallSpan,
    level: &'static str,
    failure: &crate::outcome::Failure<'_>,
) {
    // With `opentelemetry` alone, `Otel` is the only variant.
    #[cfg(feature = "opentelemetry")]
    #[allow(irrefutable_let_patterns)]
    if let backend::Span::Otel(span) = &span.inner {
        backend::otel::error_event(
            span,
            level,
            failure.error_type.as_str(),
            &failure.description,
        );
    }
    let _ = (span, level, failure);
}

/// A span of the first backend that wants the call, or none.
#[doc(hidden)]
#[inline]
pub fn first_of(
    first: Option<CallSpan>,
    second: impl FnOnce() -> Option<CallSpan>,
) -> Option<CallSpan> {
    // `first` is returned as it is (not taken apart and rebuilt): a span
    // handle is large, and this is on every traced call.
    if first.is_none() && !backend::filtered_by_exporting_subscriber() {
        // `first` is `None`: forgotten, so that no drop of it is compiled
        // (the compiler would test its tag against every variant). In a
        // build without a backend the handle holds nothing to drop.
        #[allow(clippy::forget_non_drop)]
        core::mem::forget(first);
        return second();
    }
    first
}

/// [`CallSpan::record_client`], for the generated code.
#[doc(hidden)]
#[inline]
pub fn record_client(span: &CallSpan, attributes: &ClientAttributes<'_>) {
    span.record_client(attributes);
}

/// Whether a call may be traced at all: one load, compare and branch. The
/// span is built out of line, and only past that check.
#[inline(always)]
pub fn start<S: backend::SiteInfo>(
    site: &'static backend::Site<S>,
    build: impl FnOnce(&'static backend::Site<S>) -> Option<CallSpan>,
) -> Option<CallSpan> {
    if backend::enabled(site) {
        start_cold(site, build)
    } else {
        None
    }
}

#[cold]
#[inline(never)]
fn start_cold<S: backend::SiteInfo>(
    site: &'static backend::Site<S>,
    build: impl FnOnce(&'static backend::Site<S>) -> Option<CallSpan>,
) -> Option<CallSpan> {
    build(site)
}

/// Runs a synchronous call, inside its span when there is one.
#[inline(always)]
pub fn run_sync<R>(
    call: Option<CallSpan>,
    body: impl FnOnce() -> R,
    record: impl FnOnce(&CallSpan, &R),
) -> R {
    match call {
        None => body(),
        Some(call) => run_sync_traced(call, body, record),
    }
}

#[inline(never)]
fn run_sync_traced<R>(
    call: CallSpan,
    body: impl FnOnce() -> R,
    record: impl FnOnce(&CallSpan, &R),
) -> R {
    traced(call, body, record)
}

#[inline(always)]
fn traced<R>(call: CallSpan, body: impl FnOnce() -> R, record: impl FnOnce(&CallSpan, &R)) -> R {
    let result = call.in_scope(body);
    record(&call, &result);
    result
}

/// A synchronous call whose span builder and body can be held at once (they
/// borrow nothing the other moves): one check, then the span is built and
/// the call run in one out-of-line function, so that the span is never
/// passed between two. The other synchronous calls go through [`start`] and
/// [`run_sync`].
#[inline(always)]
pub fn call_sync<S: backend::SiteInfo, R>(
    site: &'static backend::Site<S>,
    build: impl FnOnce(&'static backend::Site<S>) -> Option<CallSpan>,
    body: impl FnOnce() -> R,
    record: impl FnOnce(&CallSpan, &R),
) -> R {
    if backend::enabled(site) {
        call_sync_cold(site, build, body, record)
    } else {
        body()
    }
}

#[cold]
#[inline(never)]
fn call_sync_cold<S: backend::SiteInfo, R>(
    site: &'static backend::Site<S>,
    build: impl FnOnce(&'static backend::Site<S>) -> Option<CallSpan>,
    body: impl FnOnce() -> R,
    record: impl FnOnce(&CallSpan, &R),
) -> R {
    match build(site) {
        None => body(),
        Some(call) => traced(call, body, record),
    }
}

/// Runs the synchronous part of a call that returns a future or stream (its
/// construction), inside the span when there is one.
#[inline(always)]
pub fn construct<R>(call: Option<&CallSpan>, body: impl FnOnce() -> R) -> R {
    match call {
        None => body(),
        Some(call) => call.in_scope(body),
    }
}

/// The span of a synchronous call whose body runs in place rather than in a
/// closure (`#[track_caller]` methods, where a closure would hide the caller's
/// location). Ends the span when dropped, also on an early `return`.
pub struct SyncCall {
    // Dropped first, after `drop`: the previous context is restored before
    // the span ends.
    _restore: backend::Restore,
    previous: backend::Current,
    span: CallSpan,
    finished: bool,
}

impl SyncCall {
    /// Enters the span until the guard is finished or dropped.
    #[inline(always)]
    pub fn enter(call: Option<CallSpan>) -> Option<SyncCall> {
        call.map(|span| {
            let (previous, restore) = backend::enter(&span.inner);
            SyncCall {
                _restore: restore,
                previous,
                span,
                finished: false,
            }
        })
    }

    /// Records the outcome, ends the span and gives the result back.
    #[inline(always)]
    pub fn finish<R>(call: Option<SyncCall>, result: R, record: impl FnOnce(&CallSpan, &R)) -> R {
        if let Some(mut call) = call {
            call.finished = true;
            record(&call.span, &result);
        }
        result
    }
}

impl Drop for SyncCall {
    fn drop(&mut self) {
        backend::exit(&self.span.inner, self.previous);
        if !self.finished && std::thread::panicking() {
            self.span.record_panic();
        }
    }
}

impl fmt::Debug for SyncCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SyncCall")
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

/// The start of a call that may be measured: the span (as [`start`]
/// makes it) and the measurement, either without the other.
#[cfg(feature = "metrics")]
#[doc(hidden)]
#[inline(never)]
pub fn start_metered<S: backend::SiteInfo>(
    site: &'static backend::Site<S>,
    build: impl FnOnce(&'static backend::Site<S>) -> Option<CallSpan>,
    instrument: crate::measurement::Instrument,
    bounded: &'static [&'static str],
    attributes: impl FnOnce(&mut Vec<opentelemetry::KeyValue>),
) -> Option<CallSpan> {
    measured(start(site, build), instrument, bounded, attributes)
}

/// [`start_metered`] and [`run_sync`] in one out-of-line function: the
/// call's handle is never passed from one to the other.
#[cfg(feature = "metrics")]
#[doc(hidden)]
#[inline(never)]
pub fn call_sync_metered<S: backend::SiteInfo, R>(
    site: &'static backend::Site<S>,
    build: impl FnOnce(&'static backend::Site<S>) -> Option<CallSpan>,
    instrument: crate::measurement::Instrument,
    bounded: &'static [&'static str],
    attributes: impl FnOnce(&mut Vec<opentelemetry::KeyValue>),
    body: impl FnOnce() -> R,
    record: impl FnOnce(&CallSpan, &R),
) -> R {
    match measured(start(site, build), instrument, bounded, attributes) {
        None => body(),
        Some(call) => traced(call, body, record),
    }
}

/// A call's span with its measurement, when a provider records: the span
/// alone without one, the measurement alone when the call is not traced.
#[cfg(feature = "metrics")]
pub(crate) fn measured(
    span: Option<CallSpan>,
    instrument: crate::measurement::Instrument,
    bounded: &'static [&'static str],
    attributes: impl FnOnce(&mut Vec<opentelemetry::KeyValue>),
) -> Option<CallSpan> {
    let Some(metric) = crate::measurement::Measurement::begin(instrument, bounded, attributes)
    else {
        return span;
    };
    match span {
        Some(mut span) => {
            span.metric = metric;
            Some(span)
        }
        None => Some(CallSpan {
            inner: backend::Span::Untraced,
            metric,
        }),
    }
}

/// A call's start with its measurement: the generated code's entry point for
/// a method with a metric. Without the `metrics` feature, the span alone.
#[cfg(feature = "metrics")]
#[doc(hidden)]
#[macro_export]
macro_rules! __metered_start {
    (site: $site:expr, span: $build:expr, instrument: $instrument:expr, bounded: [$($bounded:literal),*], client: $client:tt, fields: $fields:tt, named: $named:tt) => {
        $crate::__private::start_metered(
            $site,
            $build,
            $instrument,
            &[$($bounded),*],
            $crate::__metered_attributes!(client: $client, fields: $fields, named: $named),
        )
    };
}

/// The measurement's attributes known at the start: the client's, the
/// literal fields, the computed fields the conventions bound.
#[cfg(feature = "metrics")]
#[doc(hidden)]
#[macro_export]
macro_rules! __metered_attributes {
    (client: ($($client:expr)?), fields: { $($class:ident($key:literal, $value:expr)),* }, named: { $($nclass:ident($nkey:literal, $nvalue:expr)),* }) => {
        |attributes: &mut $crate::__private::Vec<$crate::__private::KeyValue>| {
            #[allow(unused_imports)]
            use $crate::__private::{NoProxyAttributes as _, ProxyAttributes as _};
            $crate::__private::push_client_attributes(
                attributes,
                $crate::__private::None $( .or(($client).client_attributes()) )?,
                0 $( + $crate::__otel_field!(count $class) )*
                  $( + if const { $crate::__private::bounded_by_name($nkey) } { $crate::__otel_field!(count $nclass) } else { 0 } )*,
            );
            $( $crate::__otel_field!(attributes, $class, $key, $value); )*
            $(
                if const { $crate::__private::bounded_by_name($nkey) } {
                    $crate::__otel_field!(attributes, $nclass, $nkey, $nvalue);
                }
            )*
        }
    };
}

/// A synchronous call with a metric whose span builder and body can be held
/// at once: started with its measurement and run in one out-of-line
/// function, as [`call_sync`] does for a call without a metric.
#[cfg(feature = "metrics")]
#[doc(hidden)]
#[macro_export]
macro_rules! __metered_sync {
    (site: $site:expr, span: $build:expr, instrument: $instrument:expr, bounded: [$($bounded:literal),*], client: $client:tt, fields: $fields:tt, named: $named:tt, call: ($body:expr, $record:expr)) => {
        $crate::__private::call_sync_metered(
            $site,
            $build,
            $instrument,
            &[$($bounded),*],
            $crate::__metered_attributes!(client: $client, fields: $fields, named: $named),
            $body,
            $record,
        )
    };
}

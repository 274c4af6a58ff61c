//! The span backends. A call's span is a `tracing` span when the `tracing`
//! feature is on and the current subscriber wants it; otherwise, with the
//! `opentelemetry` feature, it is created directly through the global
//! `TracerProvider`. Either way there is one span per call.

#[cfg(all(feature = "tracing", feature = "opentelemetry"))]
mod bridge;
#[cfg(feature = "opentelemetry")]
pub(crate) mod otel;
#[cfg(feature = "tracing")]
pub(crate) mod tracing;

mod none;
pub(crate) mod site;

pub(crate) mod value;

pub use self::site::{Site, SiteInfo};
pub use self::value::AttributeValue;

/// A call's level, as the generated code names it (`level::INFO`): an index
/// the per-level countdowns of the `opentelemetry` backend use.
#[doc(hidden)]
pub mod level {
    pub const TRACE: usize = 0;
    pub const DEBUG: usize = 1;
    pub const INFO: usize = 2;
    pub const WARN: usize = 3;
    pub const ERROR: usize = 4;
}

#[cfg(not(feature = "tracing"))]
pub use self::none::Empty;
#[cfg(feature = "tracing")]
pub use ::tracing::field::Empty;

/// The span of one call, in whichever backend made it.
pub(crate) enum Span {
    #[cfg(feature = "tracing")]
    Tracing(::tracing::Span),
    #[cfg(feature = "opentelemetry")]
    Otel(otel::OtelSpan),
    /// Stands in for the backends when none is compiled in; never built.
    #[cfg(not(any(feature = "tracing", feature = "opentelemetry")))]
    #[allow(dead_code)]
    Disabled,
    /// No span, only the call's measurement (`metrics`).
    #[cfg(feature = "metrics")]
    Untraced,
}

/// Whether a call may be traced at all. With the `tracing` backend alone, the
/// method's callsite's interest: one load of a byte, no subscriber asked;
/// with `opentelemetry`, the thread's countdown of calls to skip while
/// nothing records them ([`otel::idle`]).
#[inline(always)]
pub(crate) fn enabled<S: SiteInfo>(site: &'static Site<S>) -> bool {
    #[cfg(feature = "opentelemetry")]
    return {
        let _ = site;
        !otel::idle(S::LEVEL)
    };
    #[cfg(all(feature = "tracing", not(feature = "opentelemetry")))]
    return site.interested();
    #[cfg(not(any(feature = "tracing", feature = "opentelemetry")))]
    return {
        let _ = site;
        false
    };
}

/// Whether a call the `tracing` subscriber did not want is left untraced:
/// the subscriber exports to OpenTelemetry itself, so its filter decides for
/// both routes.
#[inline]
pub(crate) fn filtered_by_exporting_subscriber() -> bool {
    #[cfg(all(feature = "tracing", feature = "opentelemetry"))]
    return bridge::current_subscriber_exports();
    #[cfg(not(all(feature = "tracing", feature = "opentelemetry")))]
    return false;
}

/// Which backend's span the innermost instrumented call on this thread has
/// made current, for [`CallSpan::current`](crate::CallSpan::current).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Current {
    None,
    #[cfg(feature = "tracing")]
    Tracing,
    #[cfg(feature = "opentelemetry")]
    Otel,
}

thread_local! {
    static CURRENT: core::cell::Cell<Current> = const { core::cell::Cell::new(Current::None) };
}

/// The backend of the innermost call current on this thread.
pub(crate) fn current() -> Current {
    CURRENT
        .try_with(core::cell::Cell::get)
        .unwrap_or(Current::None)
}

/// Marks `kind` current and gives what was current before.
#[inline(always)]
fn mark(kind: Current) -> Current {
    CURRENT
        .try_with(|current| current.replace(kind))
        .unwrap_or(Current::None)
}

#[cfg(feature = "opentelemetry")]
type Guard = opentelemetry::ContextGuard;
#[cfg(not(feature = "opentelemetry"))]
type Guard = ();

/// What restores the previous OpenTelemetry context when dropped (nothing
/// for a `tracing` span). [`enter`] gives it beside the call that was
/// current before, which [`exit`] takes back: each is kept where it is used
/// (a guard holding both made the compiler pack them into memory on every
/// call).
pub(crate) type Restore = Option<Guard>;

/// Makes the span current: gives the call that was current before, for
/// [`exit`], and what restores the previous OpenTelemetry context, dropped
/// after the exit.
#[inline]
pub(crate) fn enter(span: &Span) -> (Current, Restore) {
    let (kind, restore): (Current, Restore) = match span {
        #[cfg(feature = "tracing")]
        Span::Tracing(span) => {
            self::tracing::enter(span);
            (Current::Tracing, None)
        }
        #[cfg(feature = "opentelemetry")]
        Span::Otel(span) => (Current::Otel, Some(otel::enter(span))),
        #[cfg(not(any(feature = "tracing", feature = "opentelemetry")))]
        Span::Disabled => (Current::None, None),
        #[cfg(feature = "metrics")]
        Span::Untraced => (Current::None, None),
    };
    (mark(kind), restore)
}

/// Whether what is recorded on `span` goes anywhere: not on an OpenTelemetry
/// span the sampler dropped.
#[inline(always)]
pub(crate) fn records(span: &Span) -> bool {
    match span {
        #[cfg(feature = "tracing")]
        Span::Tracing(_) => true,
        #[cfg(feature = "opentelemetry")]
        Span::Otel(span) => span.records(),
        #[cfg(not(any(feature = "tracing", feature = "opentelemetry")))]
        Span::Disabled => false,
        #[cfg(feature = "metrics")]
        Span::Untraced => false,
    }
}

/// The span is no longer the current call's; `previous` is current again.
/// Dropping what [`enter`] gave to restore afterwards restores the previous
/// OTel context.
#[inline]
pub(crate) fn exit(span: &Span, previous: Current) {
    mark(previous);
    match span {
        #[cfg(feature = "tracing")]
        Span::Tracing(span) => self::tracing::exit(span),
        #[cfg(feature = "opentelemetry")]
        Span::Otel(_) => {}
        #[cfg(not(any(feature = "tracing", feature = "opentelemetry")))]
        Span::Disabled => {}
        #[cfg(feature = "metrics")]
        Span::Untraced => {}
    }
}

pub(crate) fn record(span: &Span, key: &'static str, value: AttributeValue<'_>) {
    match span {
        #[cfg(feature = "tracing")]
        Span::Tracing(span) => self::tracing::record(span, key, value),
        #[cfg(feature = "opentelemetry")]
        Span::Otel(span) => otel::record(span, key, value),
        #[cfg(not(any(feature = "tracing", feature = "opentelemetry")))]
        Span::Disabled => {
            let _ = (key, value);
        }
        #[cfg(feature = "metrics")]
        Span::Untraced => {}
    }
}

#[cfg(feature = "opentelemetry")]
pub(crate) fn record_named(span: &Span, key: String, value: String) {
    let attribute = opentelemetry::KeyValue::new(key, value);
    match span {
        #[cfg(feature = "tracing")]
        Span::Tracing(span) => {
            use tracing_opentelemetry::OpenTelemetrySpanExt as _;
            span.set_attribute(attribute.key, attribute.value);
        }
        Span::Otel(span) => otel::record_named(span, attribute),
        #[cfg(feature = "metrics")]
        Span::Untraced => {}
    }
}

pub(crate) fn record_failed(span: &Span, failure: crate::outcome::Failure<'_>) {
    match span {
        #[cfg(feature = "tracing")]
        Span::Tracing(span) => {
            self::tracing::record_error(span, failure.error_type.as_str(), &failure.description)
        }
        #[cfg(feature = "opentelemetry")]
        Span::Otel(span) => otel::record_failed(span, failure),
        #[cfg(not(any(feature = "tracing", feature = "opentelemetry")))]
        Span::Disabled => {
            let _ = failure;
        }
        #[cfg(feature = "metrics")]
        Span::Untraced => {}
    }
}

/// Declares the span of one call, in the first backend that wants it:
/// `site` is the method's [`Site`] (`__site!`), `name` a name made at run
/// time, `client` the receiver when it is a [`Proxy`](crate::Proxy)
/// (`&Autoref(self)`), whose attributes are recorded, `fields` the classified
/// `fields(...)`, in the order of the keys the site was given.
#[doc(hidden)]
#[macro_export]
macro_rules! __call_span {
    (site: $site:ident, kind: $kind:literal $(, name: $dynamic:expr)? $(, client: $client:expr)? $(, fields: { $($fields:tt)* })?) => {{
        #[allow(unused_imports)]
        use $crate::__private::{NoProxyAttributes as _, ProxyAttributes as _};
        $crate::__private::first_of(
            {
                let span: $crate::__private::Option<$crate::__private::CallSpan> = $crate::__tracing_span!(site: $site, kind: $kind, dynamic_name: ($($dynamic)?), fields: { $($($fields)*)? });
                $(
                    if let $crate::__private::Some(span) = &span {
                        if let $crate::__private::Some(client) = ($client).client_attributes() {
                            $crate::__private::record_client(span, &client);
                        }
                    }
                )?
                span
            },
            || $crate::__otel_span!(site: $site, kind: $kind, dynamic_name: ($($dynamic)?), client: ($($client)?), fields: { $($($fields)*)? }),
        )
    }};
}

/// `err(level = ...)`: an event on `Err`, a `tracing` event inside a `tracing`
/// span (with a static callsite at the method, so filters see its target) or
/// an `exception` event on an OpenTelemetry span.
#[doc(hidden)]
#[macro_export]
macro_rules! __error_event {
    (level: $level:ident, target: $target:tt, span: $span:expr, failure: $failure:expr) => {{
        let span: &$crate::__private::CallSpan = $span;
        let failure: &$crate::__private::Failure<'_> = $failure;
        $crate::__tracing_error_event!(level: $level, target: $target, span: span, failure: failure);
        $crate::__private::otel_error_event(span, ::core::stringify!($level), failure);
    }};
}

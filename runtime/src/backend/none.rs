//! What stands in for a backend that is not compiled in.

/// Without the `tracing` feature: no `tracing` span.
#[doc(hidden)]
#[macro_export]
#[cfg(not(feature = "tracing"))]
macro_rules! __tracing_span {
    ($($call:tt)*) => {
        $crate::__private::None
    };
}

/// Without the `tracing` feature: the method's [`Site`](crate::backend::Site)
/// without a callsite.
#[doc(hidden)]
#[macro_export]
#[cfg(not(feature = "tracing"))]
macro_rules! __site {
    (level: $level:ident, name: $name:literal $(, target: $target:literal)? $(, dynamic_name: $dynamic:tt)? $(, fields: $keys:tt)?) => {{
        struct Info;
        impl $crate::__private::SiteInfo for Info {
            const LEVEL: usize = $crate::__private::level::$level;
            const NAME: &'static str = $name;
            const TARGET: $crate::__private::Option<&'static str> = $crate::__site!(@option $($target)?);
        }
        static SITE: $crate::__private::Site<Info> = $crate::__private::Site::new();
        &SITE
    }};
    (@option $target:literal) => { $crate::__private::Some($target) };
    (@option) => { $crate::__private::None };
}

/// Without the `tracing` feature: no `tracing` event.
#[doc(hidden)]
#[macro_export]
#[cfg(not(feature = "tracing"))]
macro_rules! __tracing_error_event {
    ($($event:tt)*) => {};
}

/// Without the `opentelemetry` feature: no OpenTelemetry span. The name and
/// field expressions still appear in a closure that is never called, so that
/// what they use is not reported as unused when no backend reads them.
#[doc(hidden)]
#[macro_export]
#[cfg(not(feature = "opentelemetry"))]
macro_rules! __otel_span {
    (site: $site:expr, kind: $kind:literal, dynamic_name: ($($dynamic:expr)?), client: ($($client:expr)?), fields: { $($class:ident($key:literal, $value:expr)),* }) => {{
        let _ = $site;
        let _ = || {
            $( let _ = &$dynamic; )?
            $( let _ = &$value; )*
        };
        $crate::__private::None
    }};
}

/// Declares a field in `fields(...)` that is recorded later.
#[cfg(not(feature = "tracing"))]
#[derive(Debug, Clone, Copy)]
pub struct Empty;

/// Without the `metrics` feature: the span alone.
#[doc(hidden)]
#[macro_export]
#[cfg(not(feature = "metrics"))]
macro_rules! __metered_start {
    (site: $site:expr, span: $build:expr, instrument: $instrument:expr, bounded: $bounded:tt, client: $client:tt, fields: $fields:tt, named: $named:tt) => {
        $crate::__private::start($site, $build)
    };
}

/// Without the `metrics` feature: the span alone, built and run in one
/// out-of-line function ([`call_sync`](crate::call::call_sync)).
#[doc(hidden)]
#[macro_export]
#[cfg(not(feature = "metrics"))]
macro_rules! __metered_sync {
    (site: $site:expr, span: $build:expr, instrument: $instrument:expr, bounded: $bounded:tt, client: $client:tt, fields: $fields:tt, named: $named:tt, call: ($body:expr, $record:expr)) => {
        $crate::__private::call_sync($site, $build, $body, $record)
    };
}

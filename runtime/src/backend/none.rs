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

/// Without the `opentelemetry` feature: no OpenTelemetry span.
#[doc(hidden)]
#[macro_export]
#[cfg(not(feature = "opentelemetry"))]
macro_rules! __otel_span {
    ($($call:tt)*) => {
        $crate::__private::None
    };
}

/// Declares a field in `fields(...)` that is recorded later.
#[cfg(not(feature = "tracing"))]
#[derive(Debug, Clone, Copy)]
pub struct Empty;

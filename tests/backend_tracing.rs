//! The shared expectations with the `tracing` backend: tracing spans through
//! tracing-opentelemetry into the OpenTelemetry SDK.
mod expectations;
mod support;

fn capture() -> support::Capture {
    support::Capture::start()
}

fn inner_span() -> tracing::span::EnteredSpan {
    tracing::info_span!("inner").entered()
}

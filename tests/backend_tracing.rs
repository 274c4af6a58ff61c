//! The shared expectations with the `tracing` backend: tracing spans through
//! tracing-opentelemetry into the OpenTelemetry SDK.
mod expectations;
mod support;

use support::tracing_backend::{capture, inner_span};

#[test]
fn target_is_the_callsite_target_a_filter_sees() {
    use tracing_subscriber::filter::Targets;
    let capture = support::Capture::with_targets(
        Targets::new().with_target("orders_db", tracing::Level::INFO),
    );
    let traced = expectations::Traced::new(expectations::Client);
    traced.targeted("get");
    traced.command("get");
    assert_eq!(support::names(&capture.spans()), ["Traced::targeted"]);
}

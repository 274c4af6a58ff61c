//! The shared expectations with the `opentelemetry` backend: no `tracing`
//! subscriber is installed in this binary, so spans are made directly through
//! the global `TracerProvider`.
mod expectations;
mod support;

use support::otel_backend::{capture, inner_span};

#[test]
fn no_tracing_subscriber_is_installed() {
    assert!(!tracing::dispatcher::has_been_set());
}

#[test]
fn target_names_the_instrumentation_scope() {
    let capture = capture();
    let traced = expectations::Traced::new(expectations::Client);
    traced.targeted("get");
    traced.command("get");
    let targeted = capture.span("Traced::targeted");
    assert_eq!(targeted.instrumentation_scope.name(), "orders_db");
    assert_eq!(
        capture.span("GET").instrumentation_scope.name(),
        "instrument-proxy"
    );
    capture.assert_all_ended();
}

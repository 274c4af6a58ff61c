//! The compatibility corpus (`compat/`) with the `opentelemetry` backend: no
//! `tracing` subscriber is installed in this binary, so spans are made
//! directly through the global `TracerProvider`; a target names the
//! instrumentation scope (targets.rs).
mod compat;
mod support;

use compat::tracing_attributes::Targets;
use opentelemetry::trace::{TraceContextExt, Tracer};

fn capture() -> support::Capture {
    support::Capture::global_otel()
}

fn inner_span() -> opentelemetry::ContextGuard {
    let span = opentelemetry::global::tracer("tests").start("inner");
    opentelemetry::Context::current_with_span(span).attach()
}

#[test]
fn targets_default_and_custom_targets_name_the_scope() {
    let capture = capture();
    Targets.default_target();
    Targets.custom_target();
    assert_eq!(
        capture
            .span("Targets::default_target")
            .instrumentation_scope
            .name(),
        "instrument-proxy"
    );
    assert_eq!(
        capture
            .span("Targets::custom_target")
            .instrumentation_scope
            .name(),
        "my_target"
    );
}

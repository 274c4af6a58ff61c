//! The compatibility corpus (`compat/`) with the `opentelemetry` backend: no
//! `tracing` subscriber is installed in this binary, so spans are made
//! directly through the global `TracerProvider`; a target names the
//! instrumentation scope (targets.rs).
mod compat;
mod support;

use compat::tracing_attributes::Targets;

use support::otel_backend::{capture, inner_span};

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

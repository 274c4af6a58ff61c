//! `OTEL_SDK_DISABLED=true` turns the SDK off, as in every OpenTelemetry SDK:
//! `export::install` installs nothing (no provider, no subscriber), says so in
//! its report, and calls go on untraced. In a binary of its own: the
//! variables and the pipeline are process-wide.
#[path = "support/otlp.rs"]
mod otlp;

use instrument_proxy::export;
use otlp::Client;

#[test]
fn a_disabled_sdk_installs_nothing_and_says_so() {
    let (endpoint, received) = otlp::receiver();
    std::env::set_var("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", &endpoint);
    std::env::set_var("OTEL_SDK_DISABLED", "true");
    let telemetry = export::install("disabled");
    assert!(
        !tracing::dispatcher::has_been_set(),
        "no subscriber was installed"
    );
    for key in ["a", "bb"] {
        assert!(Client.get(key) > 0);
    }
    let report = telemetry.shutdown();
    assert!(report.disabled, "{report:?}");
    assert!(
        report.to_string().contains("OTEL_SDK_DISABLED=true"),
        "{report}"
    );
    let received = received.lock().unwrap();
    assert_eq!(received.spans(), 0);
    assert!(received.metrics.is_empty());
    assert!(received.content_types.is_empty(), "nothing was sent");
}

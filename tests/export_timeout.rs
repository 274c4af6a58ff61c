//! `OTEL_EXPORTER_OTLP_TIMEOUT` and its per-signal form: a collector that
//! takes a second to answer is given up on by the traces exporter, whose own
//! variable allows 200 ms, while the metrics exporter waits the generic 5 s
//! and delivers. In a binary of its own: the variables and the pipeline are
//! process-wide.
#[path = "support/otlp.rs"]
mod otlp;

use std::time::Duration;

use instrument_proxy::export;
use otlp::Client;

#[test]
fn each_signal_follows_its_own_timeout_before_the_generic_one() {
    let (endpoint, received) = otlp::receiver_with(otlp::Options {
        delay: Duration::from_secs(1),
        ..otlp::Options::default()
    });
    std::env::set_var(
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        endpoint.strip_suffix("/v1/traces").unwrap(),
    );
    std::env::set_var("OTEL_EXPORTER_OTLP_TIMEOUT", "5000");
    std::env::set_var("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "200");

    let telemetry = export::install("timeout-test");
    assert_eq!(Client.get("key"), 3);
    let report = telemetry.shutdown();

    assert_eq!(
        (report.spans_exported, report.spans_failed),
        (0, 1),
        "the traces exporter gave up after 200 ms: {report}"
    );
    assert!(
        report.errors.iter().any(|e| e.contains("timed out")),
        "{report}"
    );
    assert!(
        report.metric_exports > 0 && report.metric_exports_failed == 0,
        "the metrics exporter waited: {report}"
    );
    assert!(!received.lock().unwrap().metrics.is_empty());
}

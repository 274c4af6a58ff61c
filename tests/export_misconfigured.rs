//! A configuration the pipeline cannot follow is reported, never silently
//! replaced: a protocol that is not built in, a certificate file that does
//! not exist, a timeout that is not a number. Calls succeed all the same.
//! In a binary of its own: the variables and the pipeline are process-wide.
#[path = "support/otlp.rs"]
mod otlp;

use instrument_proxy::export;
use otlp::Client;

#[test]
fn a_configuration_that_cannot_be_followed_is_reported() {
    let (endpoint, received) = otlp::receiver();
    std::env::set_var("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", &endpoint);
    std::env::set_var("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
    std::env::set_var("OTEL_EXPORTER_OTLP_CERTIFICATE", "/nonexistent/ca.pem");
    std::env::set_var("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "two seconds");

    let telemetry = export::install("misconfigured-test");
    assert_eq!(Client.get("key"), 3);
    let report = telemetry.shutdown();

    let expected = [
        "OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported here",
        "OTEL_EXPORTER_OTLP_CERTIFICATE: cannot read /nonexistent/ca.pem",
        "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT=two seconds is not a number of milliseconds",
    ];
    for message in expected {
        assert!(
            report.errors.iter().any(|e| e.starts_with(message)),
            "{message:?} in {report}"
        );
    }
    assert!(!report.is_ok());
    // What could be followed was: plain HTTP needs no certificate.
    assert_eq!(report.spans_exported, 1);
    assert_eq!(received.lock().unwrap().spans(), 1);
}

//! An `https` collector whose certificate is not trusted: nothing reaches
//! it, the calls succeed, and the pipeline's report says the spans were not
//! delivered rather than that they were exported. In a binary of its own:
//! the variables and the pipeline are process-wide.
#[path = "support/otlp.rs"]
mod otlp;

use instrument_proxy::export;
use otlp::Client;

#[test]
fn an_untrusted_collector_certificate_is_reported_as_a_failed_export() {
    let authority = otlp::Authority::new();
    let (endpoint, received) = otlp::receiver_with(otlp::Options {
        tls: Some(authority.server_config(false)),
        ..otlp::Options::default()
    });
    std::env::remove_var("OTEL_EXPORTER_OTLP_ENDPOINT");
    std::env::set_var("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", &endpoint);

    let telemetry = export::install("untrusted-test");
    for key in ["a", "bb"] {
        assert_eq!(Client.get(key), key.len());
    }
    let report = telemetry.shutdown();

    assert!(!report.is_ok());
    assert_eq!((report.spans_exported, report.spans_failed), (0, 2));
    let line = report.to_string();
    assert!(
        line.starts_with(&format!(
            "export to {endpoint} failed: 2 of 2 spans not delivered"
        )),
        "{line}"
    );
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.contains("invalid peer certificate")),
        "the report says why: {line}"
    );
    let received = received.lock().unwrap();
    assert_eq!(received.spans(), 0);
    assert!(received.handshake_failures > 0, "the handshake was refused");
}

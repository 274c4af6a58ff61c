//! `export::install` over `https`: a collector whose certificate comes from
//! an authority the system does not know, trusted through
//! `OTEL_EXPORTER_OTLP_CERTIFICATE`, that requires a client certificate
//! (`OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE`, `…_CLIENT_KEY`). In a binary of
//! its own: the variables and the pipeline are process-wide.
#[path = "support/otlp.rs"]
mod otlp;

use instrument_proxy::export;
use otlp::Client;

#[test]
fn spans_reach_an_https_collector_trusted_through_the_certificate_variables() {
    let authority = otlp::Authority::new();
    let (endpoint, received) = otlp::receiver_with(otlp::Options {
        tls: Some(authority.server_config(true)),
        ..otlp::Options::default()
    });
    let base = endpoint.strip_suffix("/v1/traces").unwrap();
    std::env::set_var("OTEL_EXPORTER_OTLP_ENDPOINT", base);
    std::env::set_var(
        "OTEL_EXPORTER_OTLP_CERTIFICATE",
        otlp::write_file("ca.pem", &authority.ca_pem),
    );
    std::env::set_var(
        "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE",
        otlp::write_file("client.pem", &authority.client_cert_pem),
    );
    std::env::set_var(
        "OTEL_EXPORTER_OTLP_CLIENT_KEY",
        otlp::write_file("client.key", &authority.client_key_pem),
    );

    let telemetry = export::install("tls-test");
    for key in ["a", "bb", "ccc"] {
        assert_eq!(Client.get(key), key.len());
    }
    let report = telemetry.shutdown();

    assert!(report.is_ok(), "{report}");
    assert_eq!(report.spans_exported, 3);
    assert_eq!(
        report.to_string(),
        format!("3 spans exported to {endpoint}")
    );
    let received = received.lock().unwrap();
    assert_eq!(received.spans(), 3, "the spans arrived over TLS");
    assert_eq!(received.handshake_failures, 0);
    assert!(
        !received.metrics.is_empty() && report.metric_exports > 0,
        "the metrics take the same TLS configuration"
    );
}

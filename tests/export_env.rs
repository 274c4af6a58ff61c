//! `export::install` configured by the standard `OTEL_EXPORTER_OTLP_*`
//! variables alone: a traces endpoint without the generic one, headers
//! (an API key the collector needs, never printed), compression turned off,
//! and the JSON protocol. In a binary of its own: the variables and the
//! pipeline are process-wide.
#[path = "support/otlp.rs"]
mod otlp;

use instrument_proxy::export;
use otlp::Client;

#[test]
fn the_standard_variables_configure_the_pipeline() {
    let (endpoint, received) = otlp::receiver();
    std::env::remove_var("OTEL_EXPORTER_OTLP_ENDPOINT");
    std::env::set_var("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", &endpoint);
    std::env::set_var("OTEL_EXPORTER_OTLP_HEADERS", "x-api-key=KEY-SECRET");
    std::env::set_var("OTEL_EXPORTER_OTLP_COMPRESSION", "none");
    std::env::set_var("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json");
    let telemetry = export::install("env-test");
    for key in ["a", "bb"] {
        assert!(Client.get(key) > 0);
    }
    let report = telemetry.shutdown();
    assert!(report.is_ok(), "{report}");
    for shown in [report.to_string(), format!("{report:?}")] {
        assert!(!shown.contains("KEY-SECRET"), "headers are never shown");
    }

    let received = received.lock().unwrap();
    assert_eq!(received.spans(), 2, "the traces endpoint alone is enough");
    assert!(
        received.headers.iter().all(|h| h
            .get("content-type")
            .is_some_and(|v| v == "application/json")),
        "OTEL_EXPORTER_OTLP_PROTOCOL=http/json is followed"
    );
    assert!(
        !received.gzip,
        "OTEL_EXPORTER_OTLP_COMPRESSION=none is followed"
    );
    assert!(
        received
            .headers
            .iter()
            .all(|h| h.get("x-api-key").is_some_and(|v| v == "KEY-SECRET")),
        "OTEL_EXPORTER_OTLP_HEADERS reach the collector"
    );
    assert!(
        !received.metrics.is_empty(),
        "the metrics go to the same collector as the traces"
    );
}

//! `export::install` follows the variables every OpenTelemetry SDK follows:
//! `OTEL_SERVICE_NAME` wins over the name given in code (an operator renames
//! a deployed service without a rebuild), `OTEL_RESOURCE_ATTRIBUTES` adds to
//! the resource, and `OTEL_TRACES_SAMPLER` / `OTEL_TRACES_SAMPLER_ARG` decide
//! what is sampled (here `parentbased_traceidratio` at 0: no span, while the
//! metrics still arrive with the resource). In a binary of its own: the
//! variables and the pipeline are process-wide.
#[path = "support/otlp.rs"]
mod otlp;

use instrument_proxy::export;
use opentelemetry_proto::tonic::common::v1::any_value::Value;
use otlp::Client;

#[test]
fn the_sdks_variables_name_the_service_and_choose_the_sampler() {
    let (endpoint, received) = otlp::receiver();
    std::env::set_var("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", &endpoint);
    std::env::set_var("OTEL_SERVICE_NAME", "renamed-service");
    std::env::set_var(
        "OTEL_RESOURCE_ATTRIBUTES",
        "deployment.environment.name=staging,team=kv",
    );
    std::env::set_var("OTEL_TRACES_SAMPLER", "parentbased_traceidratio");
    std::env::set_var("OTEL_TRACES_SAMPLER_ARG", "0");
    let telemetry = export::install("name-in-code");
    for key in ["a", "bb", "ccc"] {
        assert!(Client.get(key) > 0);
    }
    let report = telemetry.shutdown();
    assert!(report.is_ok(), "{report}");

    let received = received.lock().unwrap();
    assert_eq!(
        received.spans(),
        0,
        "the ratio-0 sampler drops every root span"
    );
    assert!(!received.metrics.is_empty(), "the metrics arrive");
    let resource = received
        .metrics
        .iter()
        .flat_map(|r| &r.resource_metrics)
        .filter_map(|r| r.resource.as_ref())
        .next()
        .expect("a resource");
    let attribute = |key: &str| {
        resource
            .attributes
            .iter()
            .find(|kv| kv.key == key)
            .and_then(|kv| match kv.value.as_ref()?.value.as_ref()? {
                Value::StringValue(s) => Some(s.clone()),
                _ => None,
            })
    };
    assert_eq!(
        attribute("service.name").as_deref(),
        Some("renamed-service"),
        "OTEL_SERVICE_NAME wins over the name in code"
    );
    assert_eq!(
        attribute("deployment.environment.name").as_deref(),
        Some("staging")
    );
    assert_eq!(attribute("team").as_deref(), Some("kv"));
    assert!(received
        .content_types
        .iter()
        .all(|t| t == "application/x-protobuf"));
}

//! `export::install_otlp`: spans and call durations reach an OTLP/HTTP
//! receiver on loopback, gzip-compressed protobuf, with their attributes and
//! the service name. One test: the pipeline and the `tracing` subscriber it
//! installs are global to the process.
//! The receiver decodes them with opentelemetry-proto.

// Not part of `support`: the crates it decodes with are this package's own.
#[path = "support/otlp.rs"]
mod otlp;

use instrument_proxy::{export, instrument_proxy, ClientAttributes, InstrumentProxy};
use opentelemetry_proto::tonic::common::v1::any_value::Value;
use opentelemetry_proto::tonic::trace::v1::span::SpanKind;
use otlp::receiver;

struct Client;

impl Client {
    fn get(&self, key: &str) -> Result<String, std::io::Error> {
        Ok(key.to_owned())
    }
}

#[derive(InstrumentProxy)]
#[proxy(attributes = attributes)]
struct Traced(Client);

fn attributes(_: &Traced) -> ClientAttributes<'_> {
    ClientAttributes::new()
        .server_address("cache.internal")
        .server_port(6379)
}

#[instrument_proxy(fields(db.system.name = "redis"))]
impl Traced {
    fn get(&self, key: &str) -> Result<String, std::io::Error>;
}

fn string(value: &Option<opentelemetry_proto::tonic::common::v1::AnyValue>) -> Option<String> {
    match value.as_ref()?.value.as_ref()? {
        Value::StringValue(s) => Some(s.clone()),
        Value::IntValue(i) => Some(i.to_string()),
        _ => None,
    }
}

#[test]
fn spans_and_call_durations_arrive_at_an_otlp_receiver() {
    let (endpoint, received) = receiver();
    let telemetry = export::install_otlp("export-test", Some(&endpoint));
    let traced = Traced::new(Client);
    for key in ["a", "b", "c"] {
        assert_eq!(traced.get(key).unwrap(), key);
    }
    drop(telemetry);

    let received = received.lock().unwrap();
    assert!(received.gzip, "the body is gzip-compressed");
    assert!(
        !received.content_types.is_empty()
            && received
                .content_types
                .iter()
                .all(|t| t == "application/x-protobuf"),
        "http/protobuf is the default for traces and metrics, as in the SDKs: {:?}",
        received.content_types
    );
    let resource_spans: Vec<_> = received
        .requests
        .iter()
        .flat_map(|r| &r.resource_spans)
        .collect();
    let service = resource_spans
        .iter()
        .filter_map(|r| r.resource.as_ref())
        .flat_map(|r| &r.attributes)
        .find(|kv| kv.key == "service.name")
        .and_then(|kv| string(&kv.value));
    assert_eq!(service.as_deref(), Some("export-test"));

    let spans: Vec<_> = resource_spans
        .iter()
        .flat_map(|r| &r.scope_spans)
        .flat_map(|s| &s.spans)
        .collect();
    assert_eq!(spans.len(), 3);
    for span in spans {
        assert_eq!(span.name, "Traced::get");
        assert_eq!(span.kind, SpanKind::Client as i32);
        let attribute = |key: &str| {
            span.attributes
                .iter()
                .find(|kv| kv.key == key)
                .and_then(|kv| string(&kv.value))
        };
        assert_eq!(attribute("db.system.name").as_deref(), Some("redis"));
        assert_eq!(
            attribute("server.address").as_deref(),
            Some("cache.internal")
        );
        assert_eq!(attribute("server.port").as_deref(), Some("6379"));
    }

    // With the `metrics` feature, the call durations arrive at `/v1/metrics`
    // of the same collector.
    let metrics: Vec<_> = received
        .metrics
        .iter()
        .flat_map(|r| &r.resource_metrics)
        .flat_map(|r| &r.scope_metrics)
        .flat_map(|s| &s.metrics)
        .collect();
    let duration = metrics
        .iter()
        .find(|m| m.name == "db.client.operation.duration")
        .unwrap_or_else(|| panic!("no duration metric in {metrics:?}"));
    assert_eq!(duration.unit, "s");
    let Some(opentelemetry_proto::tonic::metrics::v1::metric::Data::Histogram(histogram)) =
        &duration.data
    else {
        panic!("a histogram");
    };
    let count: u64 = histogram.data_points.iter().map(|p| p.count).sum();
    assert_eq!(count, 3);
}

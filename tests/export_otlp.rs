//! `export::install_otlp`: spans and call durations reach an OTLP/HTTP
//! receiver on loopback, gzip-compressed protobuf, with their attributes and
//! the service name. One test: the pipeline and the `tracing` subscriber it
//! installs are global to the process.
//! The receiver decodes them with opentelemetry-proto.

use std::io::Read;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::routing::post;
use instrument_proxy::{export, instrument_proxy, ClientAttributes, InstrumentProxy};
use opentelemetry_proto::tonic::collector::metrics::v1::ExportMetricsServiceRequest;
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::any_value::Value;
use opentelemetry_proto::tonic::trace::v1::span::SpanKind;
use prost::Message;

#[derive(Default)]
struct Received {
    gzip: bool,
    requests: Vec<ExportTraceServiceRequest>,
    metrics: Vec<ExportMetricsServiceRequest>,
}

fn gunzip(headers: &http::HeaderMap, body: &[u8]) -> (bool, Vec<u8>) {
    let gzip = headers.get("content-encoding").is_some_and(|v| v == "gzip");
    let mut decoded = Vec::new();
    if gzip {
        flate2::read::GzDecoder::new(body)
            .read_to_end(&mut decoded)
            .unwrap();
    } else {
        decoded = body.to_vec();
    }
    (gzip, decoded)
}

/// Starts a receiver on a free loopback port, on a runtime of its own.
fn receiver() -> (String, Arc<Mutex<Received>>) {
    let received = Arc::new(Mutex::new(Received::default()));
    let state = received.clone();
    let (address_sender, address) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            address_sender.send(listener.local_addr().unwrap()).unwrap();
            let metrics_state = state.clone();
            let metrics = post(move |headers: http::HeaderMap, body: Bytes| async move {
                let (_, decoded) = gunzip(&headers, &body);
                let request = ExportMetricsServiceRequest::decode(&decoded[..]).unwrap();
                metrics_state.lock().unwrap().metrics.push(request);
                ""
            });
            let route = post(move |headers: http::HeaderMap, body: Bytes| async move {
                let (gzip, decoded) = gunzip(&headers, &body);
                let request = ExportTraceServiceRequest::decode(&decoded[..]).unwrap();
                let mut received = state.lock().unwrap();
                received.gzip |= gzip;
                received.requests.push(request);
                ""
            });
            let router = axum::Router::new()
                .route("/v1/traces", route)
                .route("/v1/metrics", metrics);
            axum::serve(listener, router).await.unwrap();
        });
    });
    let address = address.recv().unwrap();
    (format!("http://{address}/v1/traces"), received)
}

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

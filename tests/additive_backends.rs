//! With both backends compiled in, a call has at most one span: the `tracing`
//! one when the subscriber wants it; none when that subscriber exports to
//! OpenTelemetry and filters the call out; otherwise one made through the
//! global OpenTelemetry provider (`tests/filters.rs` has every case).

use instrument_proxy::instrument_proxy;
use opentelemetry::trace::TracerProvider as _;
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider};
use tracing_subscriber::layer::SubscriberExt;

struct Client;

#[instrument_proxy]
impl Client {
    fn info(&self) -> u8 {
        1
    }

    #[instrument_proxy(level = debug)]
    fn debug(&self) -> u8 {
        2
    }
}

fn exporter_and_provider() -> (InMemorySpanExporter, SdkTracerProvider) {
    let exporter = InMemorySpanExporter::default();
    let provider = SdkTracerProvider::builder()
        .with_simple_exporter(exporter.clone())
        .build();
    (exporter, provider)
}

fn names(exporter: &InMemorySpanExporter) -> Vec<String> {
    exporter
        .get_finished_spans()
        .unwrap()
        .iter()
        .map(|s| s.name.to_string())
        .collect()
}

#[test]
fn one_span_per_call_and_the_rule_decides_which() {
    let (global_spans, global) = exporter_and_provider();
    opentelemetry::global::set_tracer_provider(global.clone());

    let (tracing_spans, bridged) = exporter_and_provider();
    let subscriber = tracing_subscriber::registry()
        .with(tracing_opentelemetry::layer().with_tracer(bridged.tracer("tests")))
        .with(tracing_subscriber::filter::LevelFilter::INFO);
    tracing::subscriber::with_default(subscriber, || {
        assert_eq!(Client.info(), 1);
        assert_eq!(Client.debug(), 2);
    });

    // `info` is wanted by the subscriber: a tracing span, bridged to OTel.
    assert_eq!(names(&tracing_spans), ["Client::info"]);
    // `debug` is filtered out by a subscriber that exports: not traced on
    // either route.
    assert!(names(&global_spans).is_empty());

    // A subscriber that only logs filters `debug` out: the global provider
    // has it.
    let logs_only = tracing_subscriber::registry()
        .with(tracing_subscriber::fmt::layer().with_writer(std::io::sink))
        .with(tracing_subscriber::filter::LevelFilter::INFO);
    tracing::subscriber::with_default(logs_only, || {
        assert_eq!(Client.debug(), 2);
    });
    assert_eq!(names(&global_spans), ["Client::debug"]);
}

//! The `opentelemetry` backend caches its tracer, yet a provider installed
//! after the first call, or replaced later, receives the spans. (A binary of
//! its own: the global provider is process-wide.)

use std::time::Duration;

use instrument_proxy::{instrument_proxy, InstrumentProxy};
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider};

struct Client;

impl Client {
    fn ping(&self) -> &'static str {
        "PONG"
    }
}

#[derive(InstrumentProxy)]
struct Traced(Client);

#[instrument_proxy]
impl Traced {
    fn ping(&self) -> &'static str;
}

fn install() -> (SdkTracerProvider, InMemorySpanExporter) {
    let exporter = InMemorySpanExporter::default();
    let provider = SdkTracerProvider::builder()
        .with_simple_exporter(exporter.clone())
        .build();
    opentelemetry::global::set_tracer_provider(provider.clone());
    (provider, exporter)
}

fn exported(exporter: &InMemorySpanExporter) -> usize {
    exporter.get_finished_spans().expect("spans").len()
}

#[test]
fn a_provider_installed_late_or_replaced_receives_the_spans() {
    let traced = Traced::new(Client);
    // First calls: no provider, nothing recorded, the calls go through.
    assert_eq!(traced.ping(), "PONG");
    assert_eq!(traced.ping(), "PONG");

    let (first, first_spans) = install();
    // The cached no-provider tracer is looked at again after a short interval.
    std::thread::sleep(Duration::from_millis(30));
    traced.ping();
    traced.ping();
    assert_eq!(exported(&first_spans), 2);

    // Replaced, the old provider shut down (which also empties its in-memory
    // exporter): the next call goes to the new one.
    let (second, second_spans) = install();
    first.shutdown().expect("shutdown");
    traced.ping();
    assert_eq!(exported(&second_spans), 1);
    second.shutdown().expect("shutdown");
}

//! The `opentelemetry` backend caches its tracer and skips calls by a
//! countdown while no provider is installed, yet a provider installed after
//! the first call, or replaced later, receives the spans: at once through
//! `instrument_proxy::set_tracer_provider`, within the documented delay when
//! set directly. (A binary of its own: the global provider is process-wide.)

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tracing_subscriber::layer::SubscriberExt;

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
    // A thread that has made many calls without a provider (its countdown at
    // its longest) is traced from its very next call once a provider is set
    // through `instrument_proxy::set_tracer_provider`.
    let (ready, wait_ready) = std::sync::mpsc::channel();
    let (go, wait_go) = std::sync::mpsc::channel::<()>();
    let idle_thread = std::thread::spawn(move || {
        let traced = Traced::new(Client);
        for _ in 0..300_000 {
            assert_eq!(traced.ping(), "PONG");
        }
        ready.send(()).unwrap();
        wait_go.recv().unwrap();
        traced.ping();
    });
    wait_ready.recv().unwrap();
    let set_spans = InMemorySpanExporter::default();
    let set = SdkTracerProvider::builder()
        .with_simple_exporter(set_spans.clone())
        .build();
    instrument_proxy::set_tracer_provider(set.clone());
    go.send(()).unwrap();
    idle_thread.join().unwrap();
    assert_eq!(exported(&set_spans), 1, "the next call after the setter");
    // Shut down, it records nothing: as good as no provider.
    set.shutdown().expect("shutdown");

    let traced = Traced::new(Client);
    for _ in 0..300_000 {
        assert_eq!(traced.ping(), "PONG");
    }

    // Installed directly: found once 20 ms have passed, when the countdown
    // next runs out, so within 65 536 calls after the wait.
    let (first, first_spans) = install();
    std::thread::sleep(Duration::from_millis(25));
    let found = (1..=65_537).any(|_| {
        traced.ping();
        exported(&first_spans) > 0
    });
    assert!(found, "the provider is found within the documented delay");
    traced.ping();
    assert!(
        exported(&first_spans) >= 2,
        "every call after that is traced"
    );
    let before = exported(&first_spans);

    // Set through the setter while the thread's tracer records: the next
    // call goes to the new provider.
    let second_spans = InMemorySpanExporter::default();
    let second = SdkTracerProvider::builder()
        .with_simple_exporter(second_spans.clone())
        .build();
    instrument_proxy::set_tracer_provider(second.clone());
    traced.ping();
    assert_eq!(exported(&second_spans), 1);
    assert_eq!(exported(&first_spans), before);

    // Replaced directly, the old provider shut down: the next call goes to
    // the new one.
    let (third, third_spans) = install();
    second.shutdown().expect("shutdown");
    traced.ping();
    assert_eq!(exported(&third_spans), 1);
    first.shutdown().expect("shutdown");
    third.shutdown().expect("shutdown");

    // Idle again (the last provider is shut down), then a `tracing`
    // subscriber is set: it sees the next call, though the thread was
    // skipping calls without asking `tracing`.
    for _ in 0..300_000 {
        traced.ping();
    }
    let spans = Arc::new(AtomicUsize::new(0));
    tracing::subscriber::set_global_default(
        tracing_subscriber::registry().with(CountSpans(spans.clone())),
    )
    .unwrap();
    traced.ping();
    assert_eq!(spans.load(Ordering::Relaxed), 1);
}

/// Counts the spans a subscriber is given.
struct CountSpans(Arc<AtomicUsize>);

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for CountSpans {
    fn on_new_span(
        &self,
        _: &tracing::span::Attributes<'_>,
        _: &tracing::span::Id,
        _: tracing_subscriber::layer::Context<'_, S>,
    ) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

//! The enabled path, side by side in one run: `#[instrument_proxy]` against
//! the hand-written equivalent, with a `tracing` subscriber (the registry),
//! and with the OpenTelemetry SDK (always-on sampler, batch processor whose
//! exporter drops everything), sync and async.
//!
//! `cargo bench --manifest-path bench/Cargo.toml --features otel --bench enabled`

use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use instrument_proxy::instrument_proxy;
use instrument_proxy_bench::Discard;
use opentelemetry::trace::{Span as _, SpanKind, TracerProvider as _};
use opentelemetry::KeyValue;
use opentelemetry_sdk::trace::{BatchSpanProcessor, SdkTracerProvider};
use tracing::Instrument;

struct Client(u64);

#[instrument_proxy(fields(db.system.name = "bench"))]
impl Client {
    fn get(&self, x: u64) -> Result<u64, std::io::Error> {
        Ok(self.0.wrapping_add(x))
    }

    async fn get_async(&self, x: u64) -> Result<u64, std::io::Error> {
        Ok(self.0.wrapping_add(x))
    }
}

/// The same call with a hand-written `tracing` span and the same fields.
fn hand_written_tracing(client: &Client, x: u64) -> Result<u64, std::io::Error> {
    let span = tracing::info_span!(
        "Client::get",
        otel.kind = "client",
        db.system.name = "bench",
        otel.status_code = tracing::field::Empty
    );
    let _entered = span.enter();
    Ok(client.0.wrapping_add(x))
}

async fn hand_written_tracing_async(client: &Client, x: u64) -> Result<u64, std::io::Error> {
    let span = tracing::info_span!(
        "Client::get_async",
        otel.kind = "client",
        db.system.name = "bench",
        otel.status_code = tracing::field::Empty
    );
    async { Ok(client.0.wrapping_add(x)) }
        .instrument(span)
        .await
}

/// The same call with a hand-written OpenTelemetry span, through the SDK's
/// tracer or the global (boxed) one.
fn hand_written_otel<T: opentelemetry::trace::Tracer>(
    tracer: &T,
    client: &Client,
    x: u64,
) -> Result<u64, std::io::Error> {
    let mut span = tracer
        .span_builder("Client::get")
        .with_kind(SpanKind::Client)
        .with_attributes([KeyValue::new("db.system.name", "bench")])
        .start(tracer);
    let result = Ok(client.0.wrapping_add(x));
    span.end();
    result
}

fn poll_once<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => output,
        Poll::Pending => unreachable!("the benchmarked futures are ready at once"),
    }
}

fn tracing_backend(c: &mut Criterion) {
    let subscriber = tracing_subscriber::registry();
    tracing::subscriber::with_default(subscriber, || {
        let client = Client(1);
        let mut group = c.benchmark_group("tracing backend, registry subscriber");
        group.bench_function("instrument_proxy sync", |b| {
            b.iter(|| client.get(black_box(2)))
        });
        group.bench_function("hand-written info_span + enter", |b| {
            b.iter(|| hand_written_tracing(&client, black_box(2)))
        });
        group.bench_function("instrument_proxy async", |b| {
            b.iter(|| poll_once(client.get_async(black_box(2))))
        });
        group.bench_function("hand-written info_span + Instrument", |b| {
            b.iter(|| poll_once(hand_written_tracing_async(&client, black_box(2))))
        });
        group.finish();
    });
}

fn otel_backend(c: &mut Criterion) {
    let provider = SdkTracerProvider::builder()
        .with_span_processor(BatchSpanProcessor::builder(Discard).build())
        .build();
    opentelemetry::global::set_tracer_provider(provider.clone());
    let tracer = provider.tracer("bench");
    let client = Client(1);
    let mut group = c.benchmark_group("OpenTelemetry SDK, always on, batch");
    group.bench_function("instrument_proxy sync", |b| {
        b.iter(|| client.get(black_box(2)))
    });
    group.bench_function("hand-written tracer.start + end", |b| {
        b.iter(|| hand_written_otel(&tracer, &client, black_box(2)))
    });
    let global = opentelemetry::global::tracer("bench");
    group.bench_function("hand-written global tracer.start + end", |b| {
        b.iter(|| hand_written_otel(&global, &client, black_box(2)))
    });
    group.bench_function("instrument_proxy async", |b| {
        b.iter(|| poll_once(client.get_async(black_box(2))))
    });
    group.finish();
    let _ = provider.shutdown();
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    targets = otel_backend, tracing_backend
}
criterion_main!(benches);

//! The enabled path in time, side by side in one run: `#[instrument_proxy]`
//! against the hand-written equivalent (`instrument_proxy_bench::enabled`),
//! sync and async.
//!
//! - `cargo bench --manifest-path bench/Cargo.toml --bench enabled`: the
//!   `tracing` backend alone, under a registry subscriber;
//! - `... --features otel --bench enabled`: the OpenTelemetry backend and SDK
//!   (always-on sampler, batch processor whose exporter drops everything;
//!   then a sampler that drops every root span).

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use instrument_proxy_bench::enabled::{poll_once, Client};

#[cfg(not(feature = "otel"))]
fn backend(c: &mut Criterion) {
    use instrument_proxy_bench::enabled::tracing as hand;
    let subscriber = tracing_subscriber::registry();
    tracing::subscriber::with_default(subscriber, || {
        let client = Client(1);
        let mut group = c.benchmark_group("tracing backend, registry subscriber");
        group.bench_function("instrument_proxy sync", |b| {
            b.iter(|| client.get(black_box(2)))
        });
        group.bench_function("hand-written info_span + enter", |b| {
            b.iter(|| hand::get(&client, black_box(2)))
        });
        group.bench_function("instrument_proxy async", |b| {
            b.iter(|| poll_once(client.get_async(black_box(2))))
        });
        group.bench_function("hand-written info_span + Instrument", |b| {
            b.iter(|| poll_once(hand::get_async(&client, black_box(2))))
        });
        group.finish();
    });
}

#[cfg(feature = "otel")]
fn backend(c: &mut Criterion) {
    use instrument_proxy_bench::enabled::otel as hand;
    let client = Client(1);
    // Always on, then the sampler most production services run: no root
    // span kept.
    for (name, provider) in [
        (
            "OpenTelemetry SDK, always on, batch",
            hand::batch_provider(),
        ),
        (
            "OpenTelemetry SDK, sampler drops",
            hand::dropping_provider(),
        ),
    ] {
        opentelemetry::global::set_tracer_provider(provider.clone());
        let global = opentelemetry::global::tracer("bench");
        let mut group = c.benchmark_group(name);
        group.bench_function("instrument_proxy sync", |b| {
            b.iter(|| client.get(black_box(2)))
        });
        group.bench_function("hand-written start + end", |b| {
            b.iter(|| hand::start_end(&global, &client, black_box(2)))
        });
        group.bench_function("hand-written start + current context + end", |b| {
            b.iter(|| hand::in_span(&global, &client, black_box(2)))
        });
        group.bench_function("instrument_proxy async", |b| {
            b.iter(|| poll_once(client.get_async(black_box(2))))
        });
        group.bench_function("hand-written start + with_context + end", |b| {
            b.iter(|| poll_once(hand::with_context(&global, &client, black_box(2))))
        });
        group.finish();
        let _ = provider.shutdown();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    targets = backend
}
criterion_main!(benches);

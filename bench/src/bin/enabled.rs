//! `enabled VARIANT N`: N calls of one variant with tracing on, for
//! instruction counts under callgrind (run with two values of N; the
//! difference divided by the difference in N is the cost of one call).
//!
//! `tracing_*` variants run under a `tracing_subscriber::registry()`; with
//! the `otel` feature, `otel_*` variants run against the OpenTelemetry SDK
//! (always-on sampler, simple processor, exporter dropping everything)
//! installed as the global provider.

use std::hint::black_box;

use instrument_proxy_bench::enabled::{poll_once, Client};
use instrument_proxy_bench::proxy;

fn run(n: u64, mut call: impl FnMut(u64) -> Result<u64, std::io::Error>) -> u64 {
    let mut sum = 0u64;
    for i in 0..n {
        sum = sum.wrapping_add(call(black_box(i)).unwrap_or(0));
    }
    sum
}

fn main() {
    let mut args = std::env::args().skip(1);
    let variant = args.next().expect("variant");
    let n: u64 = args.next().expect("N").parse().expect("a number");
    let client = black_box(Client(1));
    let sum = if let Some(variant) = variant.strip_prefix("tracing_") {
        tracing::subscriber::with_default(tracing_subscriber::registry(), || {
            tracing_variant(variant, &client, n)
        })
    } else if let Some(variant) = variant.strip_prefix("otel_") {
        otel_variant(variant, &client, n)
    } else if let Some(variant) = variant.strip_prefix("metrics_") {
        metrics_variant(variant, &client, n)
    } else {
        panic!("unknown variant {variant}")
    };
    black_box(sum);
}

fn tracing_variant(variant: &str, client: &Client, n: u64) -> u64 {
    use instrument_proxy_bench::enabled::tracing as hand;
    match variant {
        "instrumented" => run(n, |x| client.get(x)),
        "hand_written" => run(n, |x| hand::get(client, x)),
        "instrumented_async" => run(n, |x| poll_once(client.get_async(x))),
        "hand_written_async" => run(n, |x| poll_once(hand::get_async(client, x))),
        "proxy_add" => {
            let traced = black_box(proxy::Traced::new(proxy::Inner(1)));
            run(n, |x| Ok(traced.add(x)))
        }
        "proxy_add_hand_written" => {
            let inner = black_box(proxy::Inner(1));
            run(n, |x| Ok(proxy::hand_written(&inner, x)))
        }
        "proxy_add_tracing_instrument" => {
            let inner = black_box(proxy::Inner(1));
            run(n, |x| Ok(proxy::tracing_instrument(&inner, x)))
        }
        other => panic!("unknown variant tracing_{other}"),
    }
}

#[cfg(feature = "otel")]
fn otel_variant(variant: &str, client: &Client, n: u64) -> u64 {
    use instrument_proxy_bench::enabled::otel as hand;
    use opentelemetry::trace::TracerProvider as _;
    // `otel_dropping_*`: a sampler that drops every root span.
    let (provider, variant) = match variant.strip_prefix("dropping_") {
        Some(variant) => (hand::dropping_provider(), variant),
        None => (hand::simple_provider(), variant),
    };
    opentelemetry::global::set_tracer_provider(provider.clone());
    let sdk = provider.tracer("bench");
    let global = opentelemetry::global::tracer("bench");
    let sum = match variant {
        "instrumented" => run(n, |x| client.get(x)),
        "start_end" => run(n, |x| hand::start_end(&sdk, client, x)),
        "global_start_end" => run(n, |x| hand::start_end(&global, client, x)),
        "in_span" => run(n, |x| hand::in_span(&sdk, client, x)),
        "instrumented_fail" => run(n, |x| client.fail(x).or(Ok(x))),
        "global_in_span_fail" => run(n, |x| hand::in_span_fail(&global, client, x).or(Ok(x))),
        "global_in_span" => run(n, |x| hand::in_span(&global, client, x)),
        "global_in_span_inlined" => run(n, |x| hand::in_span_inlined(&global, client, x)),
        "global_in_span_ended" => run(n, |x| hand::in_span_ended(&global, client, x)),
        "global_in_span_ended_inlined" => {
            run(n, |x| hand::in_span_ended_inlined(&global, client, x))
        }
        "instrumented_async" => run(n, |x| poll_once(client.get_async(x))),
        "with_context_async" => run(n, |x| poll_once(hand::with_context(&sdk, client, x))),
        "global_with_context_ended_async" => run(n, |x| {
            poll_once(hand::with_context_ended(&global, client, x))
        }),
        "global_with_context_ended_inlined_async" => run(n, |x| {
            poll_once(hand::with_context_ended_inlined(&global, client, x))
        }),
        "global_with_context_inlined_async" => run(n, |x| {
            poll_once(hand::with_context_inlined(&global, client, x))
        }),
        "global_with_context_async" => {
            run(n, |x| poll_once(hand::with_context(&global, client, x)))
        }
        other => panic!("unknown variant otel_{other}"),
    };
    let _ = provider.shutdown();
    sum
}

/// With the `metrics` feature: `metrics_instrumented` records the metric
/// alone (no tracer provider: no span), `metrics_hand_written` times and
/// records the same by hand, `metrics_with_span` records both the span
/// (always-on SDK) and the metric.
#[cfg(feature = "metrics")]
fn metrics_variant(variant: &str, client: &Client, n: u64) -> u64 {
    use instrument_proxy_bench::metrics as hand;
    let meters = hand::provider();
    instrument_proxy::metrics::set_meter_provider(meters.clone());
    let histogram = hand::histogram(&meters);
    let sum = match variant {
        "instrumented" => run(n, |x| client.get(x)),
        "hand_written" => run(n, |x| hand::get(&histogram, client, x)),
        // The same record through the SDK's bound instrument (the
        // attributes resolved once), as a user of that API writes it.
        "hand_written_bound" => {
            let bound = histogram.bind(&[opentelemetry::KeyValue::new("db.system.name", "bench")]);
            run(n, |x| {
                let start = std::time::Instant::now();
                let result = Ok(client.0.wrapping_add(x));
                bound.record(start.elapsed().as_secs_f64());
                result
            })
        }
        "with_span" => {
            let provider = instrument_proxy_bench::enabled::otel::simple_provider();
            opentelemetry::global::set_tracer_provider(provider.clone());
            let sum = run(n, |x| client.get(x));
            let _ = provider.shutdown();
            sum
        }
        other => panic!("unknown variant metrics_{other}"),
    };
    let _ = meters.shutdown();
    sum
}

#[cfg(not(feature = "metrics"))]
fn metrics_variant(variant: &str, _: &Client, _: u64) -> u64 {
    panic!("metrics_{variant} needs the `metrics` feature")
}

#[cfg(not(feature = "otel"))]
fn otel_variant(variant: &str, _: &Client, _: u64) -> u64 {
    panic!("otel_{variant} needs the `otel` feature")
}

//! `otel_enabled N`: N instrumented calls with the OpenTelemetry SDK (always
//! on, batch processor dropping everything), for a callgrind profile.

use std::hint::black_box;

use instrument_proxy_bench::{Discard, Instrumented};
use opentelemetry_sdk::trace::{BatchSpanProcessor, SdkTracerProvider};

fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .expect("N")
        .parse()
        .expect("a number");
    let provider = SdkTracerProvider::builder()
        .with_span_processor(BatchSpanProcessor::builder(Discard).build())
        .build();
    opentelemetry::global::set_tracer_provider(provider.clone());
    let value = black_box(Instrumented(1));
    let mut sum = 0u64;
    for i in 0..n {
        sum = sum.wrapping_add(value.add(black_box(i)));
    }
    black_box(sum);
    let _ = provider.shutdown();
}

//! `disabled VARIANT N`: calls one variant's `add` N times in a loop that the
//! optimiser cannot remove. Run under callgrind with two values of N; the
//! difference divided by the difference in N is the cost of one call.

use std::hint::black_box;

use instrument_proxy_bench::{Direct, HandWritten, Instrumented, TracingInstrument};

macro_rules! run {
    ($value:expr, $n:expr) => {{
        let value = black_box($value);
        let mut sum = 0u64;
        for i in 0..$n {
            sum = sum.wrapping_add(value.add(black_box(i)));
        }
        sum
    }};
}

/// The same loop over a method without arguments.
macro_rules! run_get {
    ($value:expr, $n:expr) => {{
        let value = black_box($value);
        let mut sum = 0u64;
        for _ in 0..$n {
            sum = sum.wrapping_add(black_box(&value).get());
        }
        sum
    }};
}

fn main() {
    let mut args = std::env::args().skip(1);
    let variant = args.next().expect("variant");
    let n: u64 = args.next().expect("N").parse().expect("a number");
    // `…_filtered`: a `tracing` subscriber is installed and filters every
    // span out (its level is `warn`; the spans are `info`).
    let variant = match variant.strip_suffix("_filtered") {
        Some(variant) => {
            use tracing_subscriber::layer::SubscriberExt;
            tracing::subscriber::set_global_default(
                tracing_subscriber::registry().with(tracing::level_filters::LevelFilter::WARN),
            )
            .expect("the only subscriber");
            variant.to_owned()
        }
        None => variant,
    };
    let sum = match variant.as_str() {
        "direct" => run!(Direct(1), n),
        "instrumented" => run!(Instrumented(1), n),
        "tracing_instrument" => run!(TracingInstrument(1), n),
        "hand_written" => run!(HandWritten(1), n),
        "direct_get" => run_get!(Direct(1), n),
        "instrumented_get" => run_get!(Instrumented(1), n),
        "tracing_instrument_get" => run_get!(TracingInstrument(1), n),
        "hand_written_get" => run_get!(HandWritten(1), n),
        other => panic!("unknown variant {other}"),
    };
    black_box(sum);
}

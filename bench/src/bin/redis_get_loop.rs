//! `redis_get_loop [PAIRS] [GETS]`: throughput of sequential `GET`s on
//! loopback against a `redis-server` this program starts, through the
//! untraced multiplexed connection and through `TracedConnection` with every
//! span exported (OpenTelemetry SDK, always on, batch processor with an
//! exporter that drops the batches).
//!
//! A third side makes the same span (and measurement) by hand with the
//! OpenTelemetry API on the same connection, as a careful user would without
//! the proxy: what the span costs whoever makes it.
//!
//! The sides alternate in short runs of GETS each, PAIRS times, so that a
//! change in the machine's load hits them alike. Printed: each side's
//! throughput over all its runs, and the median of the per-pair ratios.

use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use instrument_proxy::redis::TracedConnection;
use instrument_proxy_bench::{Discard, Measure};
use opentelemetry_sdk::trace::{BatchSpanProcessor, SdkTracerProvider};
use redis::AsyncCommands;

async fn gets<C: redis::aio::ConnectionLike + Send>(connection: &mut C, count: u32) -> Duration {
    let start = Instant::now();
    for _ in 0..count {
        let value: Option<String> = redis::cmd("GET")
            .arg("bench:key")
            .query_async(connection)
            .await
            .expect("GET");
        std::hint::black_box(value);
    }
    start.elapsed()
}

/// The span's and the measurement's attributes, as the proxy records them.
fn attributes(port: u16) -> [opentelemetry::KeyValue; 5] {
    use opentelemetry::KeyValue;
    [
        KeyValue::new("db.system.name", "redis"),
        KeyValue::new("db.namespace", "0"),
        KeyValue::new("db.operation.name", "GET"),
        KeyValue::new("server.address", "127.0.0.1"),
        KeyValue::new("server.port", i64::from(port)),
    ]
}

/// The same span by hand: named by the command, CLIENT, the database
/// attributes, its context current during every poll, ended when the call
/// returns; with `metrics`, the duration recorded with the same attributes.
async fn by_hand_gets(
    connection: &mut redis::aio::MultiplexedConnection,
    port: u16,
    histogram: &Measure,
    count: u32,
) -> Duration {
    use opentelemetry::context::FutureExt as _;
    use opentelemetry::trace::{SpanKind, Status, TraceContextExt as _, Tracer as _};
    use opentelemetry::Context;
    let tracer = opentelemetry::global::tracer("bench");
    let start = Instant::now();
    for _ in 0..count {
        #[cfg(feature = "metrics")]
        let began = Instant::now();
        let span = tracer
            .span_builder("GET")
            .with_kind(SpanKind::Client)
            .with_attributes(attributes(port))
            .start(&tracer);
        let cx = Context::current_with_span(span);
        let result: redis::RedisResult<Option<String>> = redis::cmd("GET")
            .arg("bench:key")
            .query_async(connection)
            .with_context(cx.clone())
            .await;
        if let Err(error) = &result {
            cx.span().set_status(Status::error(error.to_string()));
        }
        cx.span().end();
        #[cfg(feature = "metrics")]
        histogram.record(began.elapsed().as_secs_f64(), &attributes(port));
        #[cfg(not(feature = "metrics"))]
        let () = *histogram;
        std::hint::black_box(result.expect("GET"));
    }
    start.elapsed()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let pairs: u32 = args.next().map_or(200, |a| a.parse().expect("PAIRS"));
    let count: u32 = args.next().map_or(200, |a| a.parse().expect("GETS"));

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = Command::new("redis-server")
        .args([
            "--port",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ])
        .stdout(Stdio::null())
        .spawn()
        .expect("redis-server (Debian package redis-server)");
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        std::thread::sleep(Duration::from_millis(20));
    }

    let provider = SdkTracerProvider::builder()
        .with_span_processor(BatchSpanProcessor::builder(Discard).build())
        .build();
    opentelemetry::global::set_tracer_provider(provider.clone());
    // With the `metrics` feature, every traced GET is also measured.
    #[cfg(feature = "metrics")]
    let meters = {
        let meters = instrument_proxy_bench::metrics::provider();
        instrument_proxy::metrics::set_meter_provider(meters.clone());
        meters
    };
    #[cfg(feature = "metrics")]
    let histogram: Measure = instrument_proxy_bench::metrics::histogram(&meters);
    #[cfg(not(feature = "metrics"))]
    let histogram: Measure = ();

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let runs = runtime.block_on(async {
        let client = redis::Client::open(format!("redis://127.0.0.1:{port}/0")).unwrap();
        let mut plain = client.get_multiplexed_async_connection().await.unwrap();
        let () = plain.set("bench:key", "value").await.unwrap();
        // One connection for both sides (a multiplexed connection's clones
        // share it), as the PostgreSQL and NATS loops do: two connections
        // need not answer alike, which says nothing of the proxy.
        let mut traced =
            TracedConnection::new(plain.clone()).with_connection_info(client.get_connection_info());
        // Warm-up: connections, allocator, the tracer cache.
        gets(&mut plain, count).await;
        gets(&mut traced, count).await;
        by_hand_gets(&mut plain, port, &histogram, count).await;
        let mut runs = Vec::new();
        for _ in 0..pairs {
            runs.push((
                gets(&mut plain, count).await,
                gets(&mut traced, count).await,
                by_hand_gets(&mut plain, port, &histogram, count).await,
            ));
        }
        runs
    });
    let _ = provider.shutdown();
    #[cfg(feature = "metrics")]
    let _ = meters.shutdown();
    let _ = server.kill();
    let _ = server.wait();

    instrument_proxy_bench::report_sides(
        "GETs",
        "GET",
        if cfg!(feature = "metrics") {
            "traced, metered and exported"
        } else {
            "traced and exported"
        },
        "the same span by hand (OpenTelemetry API)",
        count,
        &runs,
    );
}

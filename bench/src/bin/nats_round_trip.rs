//! `nats_round_trip [PAIRS] [MESSAGES]`: publish → consume round trips on
//! loopback through a `nats-server` this program starts: each message is
//! published and then received from a subscription before the next is sent.
//! Untraced (`async_nats::Client` and its `Subscriber`) against traced on
//! both sides (`TracedClient::publish`, a PRODUCER span with the context
//! injected into the headers; the `TracedSubscriber`'s delivery, a CONSUMER
//! span linked to it, settled), every span exported (OpenTelemetry SDK,
//! always on, batch processor with an exporter that drops the batches).
//!
//! The two alternate in short runs of MESSAGES each, PAIRS times, so that a
//! change in the machine's load hits both alike. Printed: each side's
//! throughput over all its runs, and the median of the per-pair ratios.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use instrument_proxy::nats::{TracedClient, TracedSubscriber};
use instrument_proxy_bench::Discard;
use opentelemetry_sdk::trace::{BatchSpanProcessor, SdkTracerProvider};

async fn untraced(
    client: &async_nats::Client,
    subscriber: &mut async_nats::Subscriber,
    count: u32,
) -> Duration {
    let start = Instant::now();
    for _ in 0..count {
        client
            .publish("bench.plain", "payload".into())
            .await
            .expect("publish");
        let message = subscriber.next().await.expect("a message");
        std::hint::black_box(message.payload.len());
    }
    start.elapsed()
}

async fn traced(client: &TracedClient, subscriber: &mut TracedSubscriber, count: u32) -> Duration {
    let start = Instant::now();
    for _ in 0..count {
        client
            .publish("bench.traced", "payload".into())
            .await
            .expect("publish");
        let delivery = subscriber.next().await.expect("a message");
        std::hint::black_box(delivery.payload.len());
        delivery.settle();
    }
    start.elapsed()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let pairs: u32 = args.next().map_or(200, |a| a.parse().expect("PAIRS"));
    let count: u32 = args.next().map_or(200, |a| a.parse().expect("MESSAGES"));

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = Command::new("nats-server")
        .args(["-a", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nats-server (Debian package nats-server)");
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        std::thread::sleep(Duration::from_millis(20));
    }

    // `NATS_ROUND_TRIP_PROCESSOR=simple`: the SDK's simple processor, which
    // exports on the loop's own thread, to tell the batch processor's thread
    // (its wake-ups, its share of the two cores) from the spans' own work.
    let provider = match std::env::var("NATS_ROUND_TRIP_PROCESSOR").as_deref() {
        Ok("simple") => SdkTracerProvider::builder().with_simple_exporter(Discard),
        _ => SdkTracerProvider::builder()
            .with_span_processor(BatchSpanProcessor::builder(Discard).build()),
    }
    .build();
    opentelemetry::global::set_tracer_provider(provider.clone());

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let runs = runtime.block_on(async {
        let address = format!("127.0.0.1:{port}");
        let plain = async_nats::connect(&address).await.unwrap();
        let mut plain_subscriber = plain.subscribe("bench.plain").await.unwrap();
        // One connection for both sides, as the PostgreSQL loop does: two
        // connections need not answer alike, which says nothing of the proxy.
        let traced_client = TracedClient::new(plain.clone());
        let mut traced_subscriber = traced_client.subscribe("bench.traced").await.unwrap();
        plain.flush().await.unwrap();
        // Warm-up: connections, allocator, the tracer cache.
        untraced(&plain, &mut plain_subscriber, count).await;
        traced(&traced_client, &mut traced_subscriber, count).await;
        let mut runs = Vec::new();
        for _ in 0..pairs {
            runs.push((
                untraced(&plain, &mut plain_subscriber, count).await,
                traced(&traced_client, &mut traced_subscriber, count).await,
            ));
        }
        runs
    });
    let _ = provider.shutdown();
    let _ = server.kill();
    let _ = server.wait();

    instrument_proxy_bench::report_pairs(
        "publish → consume round trips",
        "messages",
        "traced both sides and exported",
        count,
        &runs,
    );
}

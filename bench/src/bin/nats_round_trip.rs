//! `nats_round_trip [PAIRS] [MESSAGES]`: publish → consume round trips on
//! loopback through a `nats-server` this program starts: each message is
//! published and then received from a subscription before the next is sent.
//! Untraced (`async_nats::Client` and its `Subscriber`) against traced on
//! both sides (`TracedClient::publish`, a PRODUCER span with the context
//! injected into the headers; the `TracedSubscriber`'s delivery, a CONSUMER
//! span linked to it, settled), every span exported (OpenTelemetry SDK,
//! always on, batch processor with an exporter that drops the batches).
//!
//! A third side makes the same spans by hand with the OpenTelemetry API, as
//! a careful user would without the proxy: the same names, kinds and
//! attributes, the SDK's W3C propagator writing into the headers and reading
//! them, the consumer's span linked to the producer's; what the spans cost
//! whoever makes them.
//!
//! The sides alternate in short runs of MESSAGES each, PAIRS times, so that
//! a change in the machine's load hits them alike. Printed: each side's
//! throughput over all its runs, and the median of the per-pair ratios.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use async_nats::HeaderMap;
use futures_util::StreamExt;
use instrument_proxy::nats::{TracedClient, TracedSubscriber};
use instrument_proxy_bench::Discard;
use opentelemetry::propagation::{Extractor, Injector, TextMapPropagator};
use opentelemetry::trace::{Link, SpanKind, TraceContextExt, Tracer};
use opentelemetry::{Context, KeyValue};
use opentelemetry_sdk::propagation::TraceContextPropagator;
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

struct HeaderInjector<'a>(&'a mut HeaderMap);

impl Injector for HeaderInjector<'_> {
    fn set(&mut self, key: &str, value: String) {
        self.0.insert(key, value.as_str());
    }
}

struct HeaderExtractor<'a>(&'a HeaderMap);

impl Extractor for HeaderExtractor<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(|value| value.as_str())
    }

    fn keys(&self) -> Vec<&str> {
        Vec::new()
    }
}

/// The attributes both spans carry: the proxy's, written out.
fn attributes(operation: &'static str, subject: &str, size: usize, port: u16) -> Vec<KeyValue> {
    vec![
        KeyValue::new("messaging.system", "nats"),
        KeyValue::new("messaging.operation.type", operation),
        KeyValue::new("messaging.operation.name", operation),
        KeyValue::new("messaging.destination.name", subject.to_owned()),
        KeyValue::new("messaging.message.body.size", size as i64),
        KeyValue::new("server.address", "127.0.0.1"),
        KeyValue::new("server.port", i64::from(port)),
    ]
}

/// The same spans by hand: a PRODUCER span whose context the SDK's
/// propagator writes into the headers, current while the publish is
/// handed over; a CONSUMER span linked to the context read back from the
/// delivered message's headers, ended once it is handled.
async fn by_hand(
    client: &async_nats::Client,
    subscriber: &mut async_nats::Subscriber,
    port: u16,
    count: u32,
) -> Duration {
    use opentelemetry::context::FutureExt as _;
    let tracer = opentelemetry::global::tracer("bench");
    let propagator = TraceContextPropagator::new();
    let start = Instant::now();
    for _ in 0..count {
        let payload = "payload";
        let span = tracer
            .span_builder("send bench.hand")
            .with_kind(SpanKind::Producer)
            .with_attributes(attributes("send", "bench.hand", payload.len(), port))
            .start(&tracer);
        let cx = Context::current_with_span(span);
        let mut headers = HeaderMap::new();
        propagator.inject_context(&cx, &mut HeaderInjector(&mut headers));
        client
            .publish_with_headers("bench.hand", headers, payload.into())
            .with_context(cx.clone())
            .await
            .expect("publish");
        cx.span().end();

        let message = subscriber.next().await.expect("a message");
        let producer = match &message.headers {
            Some(headers) => propagator.extract(&HeaderExtractor(headers)),
            None => Context::new(),
        };
        let link = Link::with_context(producer.span().span_context().clone());
        let span = tracer
            .span_builder("process bench.hand")
            .with_kind(SpanKind::Consumer)
            .with_links(vec![link])
            .with_attributes(attributes(
                "process",
                message.subject.as_str(),
                message.payload.len(),
                port,
            ))
            .start(&tracer);
        let cx = Context::current_with_span(span);
        {
            let _handling = cx.clone().attach();
            std::hint::black_box(message.payload.len());
        }
        cx.span().end();
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
    // `none`: recorded and ended, handed to no processor: the spans' own
    // cost without any export.
    let provider = match std::env::var("NATS_ROUND_TRIP_PROCESSOR").as_deref() {
        Ok("simple") => SdkTracerProvider::builder().with_simple_exporter(Discard),
        Ok("none") => SdkTracerProvider::builder(),
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
        let mut hand_subscriber = plain.subscribe("bench.hand").await.unwrap();
        plain.flush().await.unwrap();
        // Warm-up: connections, allocator, the tracer cache.
        untraced(&plain, &mut plain_subscriber, count).await;
        traced(&traced_client, &mut traced_subscriber, count).await;
        by_hand(&plain, &mut hand_subscriber, port, count).await;
        let mut runs = Vec::new();
        for _ in 0..pairs {
            runs.push((
                untraced(&plain, &mut plain_subscriber, count).await,
                traced(&traced_client, &mut traced_subscriber, count).await,
                by_hand(&plain, &mut hand_subscriber, port, count).await,
            ));
        }
        runs
    });
    let _ = provider.shutdown();
    let _ = server.kill();
    let _ = server.wait();

    instrument_proxy_bench::report_sides(
        "publish → consume round trips",
        "messages",
        "traced both sides and exported",
        "the same spans by hand (OpenTelemetry API and SDK propagator)",
        count,
        &runs,
    );
}

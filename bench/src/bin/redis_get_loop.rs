//! `redis_get_loop [ROUNDS] [GETS]`: throughput of sequential `GET`s on
//! loopback against a `redis-server` this program starts, through the
//! untraced multiplexed connection and through `TracedConnection` with every
//! span exported (OpenTelemetry SDK, always on, batch processor with an
//! exporter that drops the batches). Rounds alternate between the two so that
//! machine noise hits both alike; the best round of each is compared.

use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use instrument_proxy::redis::TracedConnection;
use instrument_proxy_bench::Discard;
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

fn main() {
    let mut args = std::env::args().skip(1);
    let rounds: u32 = args.next().map_or(5, |a| a.parse().expect("ROUNDS"));
    let count: u32 = args.next().map_or(20_000, |a| a.parse().expect("GETS"));

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

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (untraced, traced) = runtime.block_on(async {
        let client = redis::Client::open(format!("redis://127.0.0.1:{port}/0")).unwrap();
        let mut plain = client.get_multiplexed_async_connection().await.unwrap();
        let () = plain.set("bench:key", "value").await.unwrap();
        let mut traced = TracedConnection::connect(&client).await.unwrap();
        let (mut best_plain, mut best_traced) = (Duration::MAX, Duration::MAX);
        for _ in 0..rounds {
            best_plain = best_plain.min(gets(&mut plain, count).await);
            best_traced = best_traced.min(gets(&mut traced, count).await);
        }
        (best_plain, best_traced)
    });
    let _ = provider.shutdown();
    let _ = server.kill();
    let _ = server.wait();

    let per_second = |d: Duration| f64::from(count) / d.as_secs_f64();
    println!("untraced: {:.0} GET/s", per_second(untraced));
    println!("traced and exported: {:.0} GET/s", per_second(traced));
    println!(
        "traced / untraced: {:.1} %",
        100.0 * per_second(traced) / per_second(untraced)
    );
}

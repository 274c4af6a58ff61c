//! `postgres_select_loop [PAIRS] [SELECTS]`: throughput of sequential
//! `SELECT`s by primary key (a prepared statement) on loopback against a
//! PostgreSQL server this program starts (initdb and pg_ctl of Debian's
//! package, as the `postgres` user when run as root), on one connection:
//! through its untraced `tokio_postgres::Client` and through the
//! `TracedClient` around it with every span
//! exported (OpenTelemetry SDK, always on, batch processor with an exporter
//! that drops the batches; with `--features metrics`, every call measured
//! too).
//!
//! A third side makes the same span (and measurement) by hand with the
//! OpenTelemetry API on the same connection, as a careful user would
//! without the proxy: what the span costs whoever makes it.
//!
//! The sides alternate in short runs of SELECTS each, PAIRS times, so that
//! a change in the machine's load hits them alike. Printed: each side's
//! throughput over all its runs, and the median of the per-pair ratios.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use instrument_proxy::postgres::{connect, Query, TracedClient, TracedStatement};
use instrument_proxy_bench::{Discard, Measure};
use opentelemetry_sdk::trace::{BatchSpanProcessor, SdkTracerProvider};

async fn plain_selects(
    client: &tokio_postgres::Client,
    statement: &tokio_postgres::Statement,
    count: u32,
) -> Duration {
    let start = Instant::now();
    for id in 0..count {
        let row = client
            .query_one(statement, &[&((id % 1000) as i32)])
            .await
            .expect("SELECT");
        std::hint::black_box(row.get::<_, &str>(0));
    }
    start.elapsed()
}

async fn traced_selects(
    client: &TracedClient,
    statement: &TracedStatement,
    count: u32,
) -> Duration {
    let start = Instant::now();
    for id in 0..count {
        let row = client
            .query_one(statement, &[&((id % 1000) as i32)])
            .await
            .expect("SELECT");
        std::hint::black_box(row.get::<_, &str>(0));
    }
    start.elapsed()
}

const QUERY: &str = "SELECT name FROM users WHERE id = $1";

/// The span's and the measurement's attributes, as the proxy records them.
fn attributes(port: u16) -> [opentelemetry::KeyValue; 5] {
    use opentelemetry::KeyValue;
    [
        KeyValue::new("db.system.name", "postgresql"),
        KeyValue::new("db.namespace", "postgres"),
        KeyValue::new("db.query.summary", "SELECT users"),
        KeyValue::new("server.address", "127.0.0.1"),
        KeyValue::new("server.port", i64::from(port)),
    ]
}

/// The same span by hand: named by the summary, CLIENT, the database
/// attributes and the text, its context current during every poll, the
/// rows counted, ended when the call returns; with `metrics`, the duration
/// recorded with the same bounded attributes.
async fn by_hand_selects(
    client: &tokio_postgres::Client,
    statement: &tokio_postgres::Statement,
    port: u16,
    histogram: &Measure,
    count: u32,
) -> Duration {
    use opentelemetry::context::FutureExt as _;
    use opentelemetry::trace::{SpanKind, Status, TraceContextExt as _, Tracer as _};
    use opentelemetry::{Context, KeyValue};
    let tracer = opentelemetry::global::tracer("bench");
    let start = Instant::now();
    for id in 0..count {
        #[cfg(feature = "metrics")]
        let began = Instant::now();
        let mut span_attributes = attributes(port).to_vec();
        span_attributes.push(KeyValue::new("db.query.text", QUERY));
        let span = tracer
            .span_builder("SELECT users")
            .with_kind(SpanKind::Client)
            .with_attributes(span_attributes)
            .start(&tracer);
        let cx = Context::current_with_span(span);
        let result = client
            .query_one(statement, &[&((id % 1000) as i32)])
            .with_context(cx.clone())
            .await;
        match &result {
            Ok(_) => cx
                .span()
                .set_attribute(KeyValue::new("db.response.returned_rows", 1)),
            Err(error) => cx.span().set_status(Status::error(error.to_string())),
        }
        cx.span().end();
        #[cfg(feature = "metrics")]
        histogram.record(began.elapsed().as_secs_f64(), &attributes(port));
        #[cfg(not(feature = "metrics"))]
        let () = *histogram;
        let row = result.expect("SELECT");
        std::hint::black_box(row.get::<_, &str>(0));
    }
    start.elapsed()
}

struct Server {
    bin: PathBuf,
    data: PathBuf,
}

fn as_postgres(program: &Path) -> Command {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0");
    if root {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

impl Server {
    fn start(port: u16) -> Server {
        let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
            .expect("PostgreSQL (Debian package postgresql)")
            .filter_map(|entry| Some(entry.ok()?.path()))
            .collect();
        versions.sort();
        let bin = versions.pop().expect("a PostgreSQL version").join("bin");
        let data =
            std::env::temp_dir().join(format!("instrument-proxy-bench-pg-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data);
        std::fs::create_dir_all(&data).unwrap();
        let _ = Command::new("chown")
            .arg("postgres:postgres")
            .arg(&data)
            .status();
        let ok = as_postgres(&bin.join("initdb"))
            .args(["-A", "trust", "-U", "postgres", "--no-sync", "-D"])
            .arg(&data)
            .output()
            .expect("initdb")
            .status
            .success();
        assert!(ok, "initdb failed");
        let options = format!(
            "-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={} -c fsync=off",
            data.display()
        );
        let ok = as_postgres(&bin.join("pg_ctl"))
            .args(["-w", "-D"])
            .arg(&data)
            .args(["-o", &options, "-l"])
            .arg(data.join("log"))
            .arg("start")
            .output()
            .expect("pg_ctl")
            .status
            .success();
        assert!(ok, "pg_ctl start failed");
        Server { bin, data }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = as_postgres(&self.bin.join("pg_ctl"))
            .arg("-D")
            .arg(&self.data)
            .args(["-m", "immediate", "stop"])
            .output();
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let pairs: u32 = args.next().map_or(200, |a| a.parse().expect("PAIRS"));
    let count: u32 = args.next().map_or(200, |a| a.parse().expect("SELECTS"));

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let server = Server::start(port);

    let provider = SdkTracerProvider::builder()
        .with_span_processor(BatchSpanProcessor::builder(Discard).build())
        .build();
    opentelemetry::global::set_tracer_provider(provider.clone());
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
    let config = format!("host=127.0.0.1 port={port} user=postgres dbname=postgres");
    let runs = runtime.block_on(async {
        // The table is made on a connection of its own, which is closed.
        let (setup, connection) = tokio_postgres::connect(&config, tokio_postgres::NoTls)
            .await
            .unwrap();
        let setup_connection = tokio::spawn(connection);
        setup
            .batch_execute(
                "CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL); \
                 INSERT INTO users SELECT i, 'user ' || i FROM generate_series(0, 999) i; \
                 ANALYZE users",
            )
            .await
            .unwrap();
        drop(setup);
        setup_connection.await.unwrap().unwrap();
        // One connection (one server process, one plan) for both sides: the
        // untraced calls go to the traced client's own `tokio_postgres::Client`.
        let (traced, connection) = connect(&config, tokio_postgres::NoTls).await.unwrap();
        tokio::spawn(connection);
        let plain = traced.inner();
        let traced_statement = traced.prepare(QUERY).await.unwrap();
        let plain_statement = traced_statement.statement();
        assert_eq!(traced_statement.summary().as_str(), "SELECT users");
        // Warm-up: connections, plans, allocator, the tracer cache.
        plain_selects(plain, plain_statement, count).await;
        traced_selects(&traced, &traced_statement, count).await;
        by_hand_selects(plain, plain_statement, port, &histogram, count).await;
        let mut runs = Vec::new();
        for _ in 0..pairs {
            runs.push((
                plain_selects(plain, plain_statement, count).await,
                traced_selects(&traced, &traced_statement, count).await,
                by_hand_selects(plain, plain_statement, port, &histogram, count).await,
            ));
        }
        runs
    });
    let _ = provider.shutdown();
    #[cfg(feature = "metrics")]
    let _ = meters.shutdown();
    drop(server);

    instrument_proxy_bench::report_sides(
        "SELECTs by primary key",
        "SELECT",
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

//! The user's filters decide (SPEC §6). The production setup — a registry
//! with an `EnvFilter` and tracing-opentelemetry over the application's own
//! SDK provider, handed to `instrument_proxy::set_tracer_provider` — exports
//! exactly what the filter lets through, on either route: a call the filter
//! drops by level or target makes no span at all. The OpenTelemetry route is
//! for applications whose subscriber does not export: none, or one that only
//! logs. (A binary of its own: the provider is process-wide; one test, so
//! that the scenarios run in order on one thread.)

use std::time::Duration;

use instrument_proxy::{instrument_proxy, InstrumentProxy};
use opentelemetry::trace::TracerProvider as _;
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::Layer as _;

struct Kv;

impl Kv {
    fn get(&self, key: &str) -> usize {
        key.len()
    }
}

#[derive(InstrumentProxy)]
struct KvClient(Kv);

#[instrument_proxy(target = "kv_client", fields(db.system.name = "kv"))]
impl KvClient {
    fn get(&self, key: &str) -> usize;
}

struct Setup {
    provider: SdkTracerProvider,
    exporter: InMemorySpanExporter,
}

impl Setup {
    /// The names of the spans exported since the last look.
    fn exported(&self) -> Vec<String> {
        self.provider.force_flush().unwrap();
        let spans = self.exporter.get_finished_spans().unwrap();
        self.exporter.reset();
        spans
            .into_iter()
            .map(|span| span.name.into_owned())
            .collect()
    }
}

/// The subscriber a production service builds: its own filter, and
/// tracing-opentelemetry over its own provider.
fn production(setup: &Setup, filter: &str) -> impl tracing::Subscriber + Send + Sync {
    tracing_subscriber::registry()
        .with(EnvFilter::new(filter))
        .with(tracing_opentelemetry::layer().with_tracer(setup.provider.tracer("service")))
}

/// A subscriber that logs and exports nothing.
fn logs_only(filter: &str) -> impl tracing::Subscriber + Send + Sync {
    tracing_subscriber::registry()
        .with(EnvFilter::new(filter))
        .with(tracing_subscriber::fmt::layer().with_writer(std::io::sink))
}

/// Per-layer filters: one for the layer that exports, one for the layer
/// that logs.
fn per_layer(setup: &Setup, exports: &str, logs: &str) -> impl tracing::Subscriber + Send + Sync {
    tracing_subscriber::registry()
        .with(
            tracing_opentelemetry::layer()
                .with_tracer(setup.provider.tracer("service"))
                .with_filter(EnvFilter::new(exports)),
        )
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::sink)
                .with_filter(EnvFilter::new(logs)),
        )
}

fn call(client: &KvClient) {
    assert_eq!(client.get("key"), 3);
}

#[test]
fn the_users_filter_decides_what_is_exported_on_both_routes() {
    let exporter = InMemorySpanExporter::default();
    let provider = SdkTracerProvider::builder()
        .with_simple_exporter(exporter.clone())
        .build();
    instrument_proxy::set_tracer_provider(provider.clone());
    let setup = Setup { provider, exporter };
    let client = KvClient::new(Kv);

    // No subscriber yet: the OpenTelemetry route traces.
    call(&client);
    assert_eq!(setup.exported(), ["KvClient::get"], "no subscriber");

    for (filter, expected) in [
        ("warn", &[][..]),
        ("kv_client=off", &[][..]),
        ("info,kv_client=off", &[][..]),
        ("trace", &["KvClient::get"][..]),
        ("kv_client=info", &["KvClient::get"][..]),
    ] {
        tracing::subscriber::with_default(production(&setup, filter), || call(&client));
        assert_eq!(setup.exported(), expected, "production setup, {filter}");
    }

    // A subscriber that only logs and filters the call out: the
    // OpenTelemetry route traces. One that wants the call gets it as its
    // `tracing` span (the rule: the subscriber's span when it wants it), which
    // it logs and nothing exports.
    tracing::subscriber::with_default(logs_only("warn"), || call(&client));
    assert_eq!(setup.exported(), ["KvClient::get"], "logs only, warn");
    tracing::subscriber::with_default(logs_only("trace"), || call(&client));
    assert!(setup.exported().is_empty(), "logs only, trace");

    // Scoped subscribers have come and gone: with none, calls are traced
    // again, at once and later.
    call(&client);
    assert_eq!(
        setup.exported(),
        ["KvClient::get"],
        "after scoped subscribers"
    );
    std::thread::sleep(Duration::from_millis(100));
    for _ in 0..3 {
        call(&client);
    }
    assert_eq!(
        setup.exported().len(),
        3,
        "after scoped subscribers, 100 ms later"
    );

    // The same filter twice in a row, and a filtering subscriber after a
    // logging one: each subscriber is asked about itself.
    tracing::subscriber::with_default(production(&setup, "warn"), || call(&client));
    tracing::subscriber::with_default(logs_only("warn"), || call(&client));
    tracing::subscriber::with_default(production(&setup, "warn"), || call(&client));
    assert_eq!(
        setup.exported(),
        ["KvClient::get"],
        "only the logging one traced"
    );

    // Per-layer filters: the layer that exports filters the call out, the
    // one that logs wants it. The subscriber wants it: its span, which its
    // exporting layer leaves out.
    tracing::subscriber::with_default(per_layer(&setup, "warn", "trace"), || call(&client));
    assert!(setup.exported().is_empty(), "per-layer filters");
    // Both layers filter it out: not traced.
    tracing::subscriber::with_default(per_layer(&setup, "warn", "warn"), || call(&client));
    assert!(
        setup.exported().is_empty(),
        "per-layer filters, both drop it"
    );

    // One bridging subscriber, asked from several threads at once.
    let dispatch = tracing::Dispatch::new(production(&setup, "warn"));
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                tracing::dispatcher::with_default(&dispatch, || {
                    for _ in 0..10 {
                        call(&client);
                    }
                });
            });
        }
    });
    assert!(setup.exported().is_empty(), "filtered on every thread");
}

//! RED metrics (feature `metrics`) as the SDK's in-memory metric exporter
//! receives them: one duration record per call, in seconds, with the
//! semantic conventions' boundaries and bounded attributes only; `error.type`
//! on `Err`, panic and cancellation; providers installed after the first call.
mod support;

use std::time::Duration;

use instrument_proxy::{instrument_proxy, ClientAttributes, InstrumentProxy};
use support::block_on;
use support::metrics::Meters;

#[derive(Debug)]
struct Refused;

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("refused")
    }
}

struct Client;

impl Client {
    fn get(&self, key: &str) -> Result<usize, Refused> {
        if key.is_empty() {
            Err(Refused)
        } else {
            Ok(key.len())
        }
    }

    fn explode(&self) -> u8 {
        panic!("the client broke")
    }

    async fn wait(&self) -> u8 {
        tokio::time::sleep(Duration::from_secs(3600)).await;
        1
    }

    fn lookup(&self, tenant: &str) -> usize {
        tenant.len()
    }
}

#[derive(InstrumentProxy)]
#[proxy(attributes = client_attributes)]
struct Traced(Client);

fn client_attributes(_: &Traced) -> ClientAttributes<'_> {
    ClientAttributes::new()
        .server_address("db.internal")
        .server_port(6379)
        .db_namespace("")
}

#[instrument_proxy(fields(db.system.name = "redis"))]
impl Traced {
    #[instrument_proxy(fields(db.operation.name = "GET", db.query.text = key, key.length = key.len()))]
    fn get(&self, key: &str) -> Result<usize, Refused>;

    fn explode(&self) -> u8;

    async fn wait(&self) -> u8;

    #[instrument_proxy(metric = "cache.lookup.duration", bounded(tenant), fields(tenant = tenant, secret = tenant))]
    fn lookup(&self, tenant: &str) -> usize;

    /// The operation computed per call: bounded by its name, so it goes on
    /// the metric; the key, computed alike, does not.
    #[instrument_proxy(name = operation.to_uppercase(), fields(db.operation.name = operation.to_uppercase(), db.query.text = key))]
    fn command(&self, operation: &str, key: &str) -> usize {
        operation.len() + key.len()
    }

    #[instrument_proxy(metric = false)]
    #[allow(dead_code)]
    fn unmetered(&self, key: &str) -> Result<usize, Refused> {
        self.0.get(key)
    }
}

#[test]
fn a_field_computed_per_call_goes_on_the_metric_when_its_name_is_bounded() {
    let meters = Meters::install();
    let traced = Traced::new(Client);
    assert_eq!(traced.command("set", "secret-key"), 13);
    assert_eq!(traced.command("del", "other-secret"), 15);
    let points = meters.points("db.client.operation.duration");
    let mut operations: Vec<_> = points
        .iter()
        .filter_map(|p| p.get("db.operation.name"))
        .collect();
    operations.sort();
    assert_eq!(operations, ["DEL", "SET"]);
    for point in &points {
        assert_eq!(point.get("db.query.text"), None, "never the query");
    }
}

const DB_BOUNDARIES: [f64; 9] = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0];
const HTTP_BOUNDARIES: [f64; 14] = [
    0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0,
];

#[test]
fn a_database_call_records_its_duration_in_seconds_with_bounded_attributes() {
    let meters = Meters::install();
    let traced = Traced::new(Client);
    assert_eq!(traced.get("secret-key").unwrap(), 10);
    assert_eq!(traced.get("other-secret").unwrap(), 12);
    let points = meters.points("db.client.operation.duration");
    assert_eq!(points.len(), 1, "one series: {points:?}");
    let point = &points[0];
    assert_eq!(point.count, 2);
    assert_eq!(point.unit, "s");
    assert_eq!(point.bounds, DB_BOUNDARIES);
    assert_eq!(point.get("db.system.name").as_deref(), Some("redis"));
    assert_eq!(point.get("db.operation.name").as_deref(), Some("GET"));
    assert_eq!(point.get("server.address").as_deref(), Some("db.internal"));
    assert_eq!(point.get("server.port").as_deref(), Some("6379"));
    for never in ["db.query.text", "key.length", "db.namespace", "error.type"] {
        assert_eq!(point.get(never), None, "{never} is not on the metric");
    }
    support::metrics::assert_no_secret(&points, &["secret-key", "other-secret"]);
    for kv in &point.attributes {
        assert!(!kv.value.as_str().is_empty(), "{} is empty", kv.key);
        assert!(
            !kv.value.as_str().contains("secret"),
            "{} holds an argument",
            kv.key
        );
    }
}

#[test]
fn err_panic_and_cancellation_set_error_type() {
    let meters = Meters::install();
    let traced = Traced::new(Client);
    assert!(traced.get("").is_err());
    assert!(std::panic::catch_unwind(|| traced.explode()).is_err());
    block_on(async {
        let mut future = std::pin::pin!(traced.wait());
        assert!(futures_util::poll!(future.as_mut()).is_pending());
    });
    let points = meters.points("db.client.operation.duration");
    let error_types: Vec<String> = points.iter().filter_map(|p| p.get("error.type")).collect();
    assert!(
        error_types.iter().any(|t| t.ends_with("Refused")),
        "{error_types:?}"
    );
    assert!(error_types.iter().any(|t| t == "panic"), "{error_types:?}");
    assert!(
        error_types.iter().any(|t| t == "cancelled"),
        "{error_types:?}"
    );
    assert_eq!(meters.count("db.client.operation.duration"), 3);
}

/// A thread reuses its calls' measurements: what one call recorded (its
/// `error.type`, its histogram, its attributes) never reaches the next.
#[test]
fn a_reused_measurement_carries_nothing_from_the_previous_call() {
    let meters = Meters::install();
    let traced = Traced::new(Client);
    assert!(traced.get("").is_err());
    assert_eq!(traced.get("k").unwrap(), 1);
    assert_eq!(traced.lookup("acme"), 4);
    assert_eq!(traced.get("kk").unwrap(), 2);
    let points = meters.points("db.client.operation.duration");
    assert_eq!(
        points.len(),
        2,
        "a failed and a succeeded series: {points:?}"
    );
    let failed: Vec<_> = points
        .iter()
        .filter(|p| p.get("error.type").is_some())
        .collect();
    assert_eq!(failed.len(), 1, "{points:?}");
    assert_eq!(failed[0].count, 1);
    let succeeded: Vec<_> = points
        .iter()
        .filter(|p| p.get("error.type").is_none())
        .collect();
    assert_eq!(succeeded[0].count, 2);
    for point in &points {
        assert_eq!(point.get("tenant"), None, "{point:?}");
        assert_eq!(point.get("db.operation.name").as_deref(), Some("GET"));
    }
    let lookups = meters.points("cache.lookup.duration");
    assert_eq!(lookups.len(), 1);
    assert_eq!(lookups[0].count, 1);
    assert_eq!(lookups[0].get("tenant").as_deref(), Some("acme"));
    for never in ["error.type", "db.operation.name"] {
        assert_eq!(lookups[0].get(never), None, "{never} from an earlier call");
    }
}

#[test]
fn metric_names_a_histogram_bounded_marks_a_field_and_false_turns_it_off() {
    let meters = Meters::install();
    let traced = Traced::new(Client);
    traced.lookup("acme");
    assert!(traced.unmetered("k").is_ok());
    let points = meters.points("cache.lookup.duration");
    assert_eq!(points.len(), 1);
    assert_eq!(points[0].bounds, HTTP_BOUNDARIES);
    assert_eq!(points[0].get("tenant").as_deref(), Some("acme"));
    assert_eq!(points[0].get("secret"), None, "not marked bounded");
    support::metrics::assert_no_secret(&points, &["secret"]);
    assert_eq!(meters.count("db.client.operation.duration"), 0);
}

#[test]
fn a_provider_set_through_instrument_proxy_after_calls_gets_the_next_call() {
    let meters = Meters::install();
    let traced = Traced::new(Client);
    instrument_proxy::metrics::set_meter_provider(
        opentelemetry::metrics::noop::NoopMeterProvider::new(),
    );
    traced.get("k").unwrap();
    assert_eq!(
        meters.count("db.client.operation.duration"),
        0,
        "no provider, no record"
    );
    instrument_proxy::metrics::set_meter_provider(meters.provider.clone());
    traced.get("k").unwrap();
    assert_eq!(meters.count("db.client.operation.duration"), 1);
}

#[test]
fn a_provider_set_directly_is_found_within_the_recheck_interval() {
    let meters = Meters::install();
    let traced = Traced::new(Client);
    instrument_proxy::metrics::set_meter_provider(
        opentelemetry::metrics::noop::NoopMeterProvider::new(),
    );
    traced.get("k").unwrap();
    opentelemetry::global::set_meter_provider(meters.provider.clone());
    // The module's docs promise a directly set provider within 256 calls.
    let calls = 256 + 10;
    for _ in 0..calls {
        traced.get("k").unwrap();
    }
    let counted = meters.count("db.client.operation.duration");
    assert!(
        (10..=calls).contains(&counted),
        "{counted} of {calls} calls recorded"
    );
}

#[test]
fn metrics_are_recorded_when_spans_are_not() {
    // No `tracing` subscriber and no tracer provider in this test: the span
    // is not made, the measurement is.
    let meters = Meters::install();
    Traced::new(Client).get("k").unwrap();
    assert_eq!(meters.count("db.client.operation.duration"), 1);
}

#[test]
fn calls_with_more_attribute_sets_than_a_thread_keeps_bound_are_each_counted() {
    // A thread keeps 256 sets bound, then lets them go and binds again:
    // 700 sets, each called twice, interleaved so that every set is bound
    // again after the thread let it go.
    let meters = Meters::install();
    let traced = Traced::new(Client);
    let operations: Vec<String> = (0..700).map(|i| format!("op{i}")).collect();
    for _ in 0..2 {
        for operation in &operations {
            traced.command(operation, "k");
        }
    }
    let points = meters.points("db.client.operation.duration");
    assert_eq!(points.len(), 700, "one series per operation");
    for point in &points {
        assert_eq!(point.count, 2, "{:?}", point.get("db.operation.name"));
    }
}

#[test]
fn a_provider_whose_instruments_do_not_bind_still_receives_every_measurement() {
    // OpenTelemetry's default `bind` drops what is recorded through it: a
    // provider other than the SDK's is recorded into with the attributes.
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Arc;

    use opentelemetry::metrics::{
        Histogram, HistogramBuilder, InstrumentProvider, Meter, MeterProvider, SyncInstrument,
    };
    use opentelemetry::{InstrumentationScope, KeyValue};

    #[derive(Default)]
    struct Recorded(AtomicU64);

    impl SyncInstrument<f64> for Recorded {
        fn measure(&self, _: f64, attributes: &[KeyValue]) {
            assert!(attributes
                .iter()
                .any(|kv| kv.key.as_str() == "db.system.name"));
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }

    struct Instruments(Arc<Recorded>);

    impl InstrumentProvider for Instruments {
        fn f64_histogram(&self, _: HistogramBuilder<'_, Histogram<f64>>) -> Histogram<f64> {
            Histogram::new(self.0.clone())
        }
    }

    struct Provider(Arc<Recorded>);

    impl MeterProvider for Provider {
        fn meter_with_scope(&self, _: InstrumentationScope) -> Meter {
            Meter::new(Arc::new(Instruments(self.0.clone())))
        }
    }

    let meters = Meters::install();
    let recorded = Arc::new(Recorded::default());
    instrument_proxy::metrics::set_meter_provider(Provider(recorded.clone()));
    let traced = Traced::new(Client);
    for _ in 0..3 {
        traced.get("k").unwrap();
    }
    assert_eq!(recorded.0.load(Ordering::Relaxed), 3);
    drop(meters);
}

#[test]
fn a_call_started_on_one_thread_and_ended_on_another_is_recorded_once_with_its_attributes() {
    // The measurement ends where its future is dropped: on a thread that
    // has recorded with the same provider (through the sets that thread
    // bound), and on a thread that never recorded (with the attributes).
    let meters = Meters::install();
    let traced = Traced::new(Client);
    let started = || {
        let mut future = Box::pin(traced.wait());
        block_on(async { assert!(futures_util::poll!(future.as_mut()).is_pending()) });
        future
    };
    let (warm, cold) = (started(), started());
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                traced.get("k").unwrap();
                drop(warm);
            })
            .join()
            .unwrap();
        scope.spawn(|| drop(cold)).join().unwrap();
    });
    let points = meters.points("db.client.operation.duration");
    let cancelled: Vec<_> = points
        .iter()
        .filter(|p| p.get("error.type").as_deref() == Some("cancelled"))
        .collect();
    assert_eq!(cancelled.len(), 1, "one series: {points:?}");
    assert_eq!(cancelled[0].count, 2);
    assert_eq!(
        cancelled[0].get("server.address").as_deref(),
        Some("db.internal")
    );
    assert_eq!(meters.count("db.client.operation.duration"), 3);
}

#[test]
fn every_record_lands_in_its_own_series_whatever_the_order_of_the_sets() {
    // Seeded and reproducible: 4 000 calls over 400 operations in an order
    // a generator picks (runs of the same set, sets that come back after the
    // thread let them go), each series' count against a tally.
    let meters = Meters::install();
    let traced = Traced::new(Client);
    let operations: Vec<String> = (0..400).map(|i| format!("op{i}")).collect();
    let mut tally = std::collections::HashMap::<String, u64>::new();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut index = 0;
    for _ in 0..4_000 {
        // Half the time the same set again, else any of them.
        if next() % 2 == 0 {
            index = usize::try_from(next() % 400).unwrap();
        }
        traced.command(&operations[index], "k");
        *tally.entry(operations[index].to_uppercase()).or_default() += 1;
    }
    let points = meters.points("db.client.operation.duration");
    let counted: std::collections::HashMap<String, u64> = points
        .iter()
        .map(|p| (p.get("db.operation.name").unwrap(), p.count))
        .collect();
    assert_eq!(points.len(), counted.len(), "one series per set");
    assert_eq!(counted, tally);
}

//! A sampler that drops the span: the call is not recorded, yet its context
//! (the sampled flag unset) is what the request carries and what spans made
//! inside it see, so every service downstream follows the decision
//! (`ParentBased`) rather than sampling the request again as a new root.
//! Nothing is recorded on such a span, so nothing is described for it: a
//! failure's error is not formatted, `record_ok` functions do not run —
//! unless the call is measured, whose `error.type` goes on its metric.
//! (A binary of its own: the global provider is process-wide.)
mod support;

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use instrument_proxy::{instrument_proxy, CallSpan, InstrumentProxy};
use opentelemetry::trace::TraceContextExt as _;
use opentelemetry_sdk::trace::{InMemorySpanExporter, Sampler, SdkTracerProvider};
use support::metrics::Meters;

/// The process's provider: a sampler that drops every root span.
fn dropping() -> &'static InMemorySpanExporter {
    static EXPORTER: OnceLock<InMemorySpanExporter> = OnceLock::new();
    EXPORTER.get_or_init(|| {
        let exporter = InMemorySpanExporter::default();
        let provider = SdkTracerProvider::builder()
            .with_sampler(Sampler::ParentBased(Box::new(Sampler::TraceIdRatioBased(
                0.0,
            ))))
            .with_simple_exporter(exporter.clone())
            .build();
        instrument_proxy::set_tracer_provider(provider);
        exporter
    })
}

struct Http;

impl Http {
    fn send(&self, headers: http::HeaderMap) -> http::HeaderMap {
        headers
    }
}

#[derive(InstrumentProxy)]
struct TracedHttp(Http);

#[instrument_proxy]
impl TracedHttp {
    fn send(&self, #[inject] headers: http::HeaderMap) -> http::HeaderMap;

    /// A call whose body makes another traced call.
    fn checkout(&self) -> (bool, opentelemetry::trace::SpanContext) {
        let current = opentelemetry::Context::current();
        let sent = self.send(http::HeaderMap::new());
        (
            sent.contains_key("traceparent"),
            current.span().span_context().clone(),
        )
    }
}

#[test]
fn a_dropped_span_still_carries_its_sampling_decision_downstream() {
    let exporter = dropping();

    let traced = TracedHttp::new(Http);
    let headers = traced.send(http::HeaderMap::new());
    let traceparent = headers["traceparent"].to_str().unwrap();
    assert!(
        traceparent.ends_with("-00"),
        "the request says \"not sampled\": {traceparent}"
    );

    let (sent, inside) = traced.checkout();
    assert!(sent, "the nested call injects too");
    assert!(
        inside.is_valid() && !inside.is_sampled(),
        "the body sees the dropped span"
    );

    assert!(
        exporter.get_finished_spans().unwrap().is_empty(),
        "nothing is recorded"
    );
}

/// An error that counts how often it is formatted.
#[derive(Debug)]
struct Refused;

static DESCRIBED: AtomicUsize = AtomicUsize::new(0);
static RECORDED_OK: AtomicUsize = AtomicUsize::new(0);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        DESCRIBED.fetch_add(1, Ordering::SeqCst);
        f.write_str("refused")
    }
}

struct Store;

impl Store {
    fn put(&self, _key: &str) -> Result<(), Refused> {
        Err(Refused)
    }

    fn len(&self) -> usize {
        3
    }
}

#[derive(InstrumentProxy)]
struct TracedStore(Store);

fn count_ok(span: &CallSpan, len: &usize) {
    RECORDED_OK.fetch_add(1, Ordering::SeqCst);
    span.record("store.len", i64::try_from(*len).unwrap_or(i64::MAX));
}

#[instrument_proxy]
impl TracedStore {
    fn put(&self, key: &str) -> Result<(), Refused>;

    #[instrument_proxy(record_ok = count_ok)]
    fn len(&self) -> usize;

    #[instrument_proxy(metric = "store.put.duration")]
    fn measured_put(&self, key: &str) -> Result<(), Refused> {
        self.0.put(key)
    }
}

#[test]
fn a_failure_under_a_dropping_sampler_is_never_described_unless_measured() {
    let exporter = dropping();
    let meters = Meters::install();
    let store = TracedStore::new(Store);
    let described = DESCRIBED.load(Ordering::SeqCst);

    assert!(store.put("k").is_err(), "the caller gets its error");
    assert_eq!(store.len(), 3);
    assert_eq!(
        DESCRIBED.load(Ordering::SeqCst),
        described,
        "no span records the failure: its error is not formatted"
    );
    assert_eq!(
        RECORDED_OK.load(Ordering::SeqCst),
        0,
        "no record_ok function runs"
    );

    // Measured, the failure's `error.type` goes on the metric.
    assert!(store.measured_put("k").is_err());
    let points = meters.points("store.put.duration");
    assert_eq!(points.len(), 1, "{points:?}");
    assert_eq!(
        points[0].get("error.type").as_deref(),
        Some(std::any::type_name::<Refused>())
    );
    assert!(
        exporter.get_finished_spans().unwrap().is_empty(),
        "nothing is recorded"
    );
}

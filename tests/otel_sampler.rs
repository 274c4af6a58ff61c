//! With the `opentelemetry` backend the attributes known before the call (the
//! client's and the `fields(...)`) are given when the span is created, where a
//! sampler sees them, as the semantic conventions ask for `server.address`
//! and `server.port`. A sampler that itself makes a traced call does not
//! upset the backend.
mod support;

use std::sync::{Arc, Mutex};

use instrument_proxy::{instrument_proxy, ClientAttributes, InstrumentProxy};
use opentelemetry::trace::{Link, SpanKind, TraceId};
use opentelemetry::{Context, KeyValue, Value};
use opentelemetry_sdk::trace::{
    InMemorySpanExporter, SamplingDecision, SamplingResult, SdkTracerProvider, ShouldSample,
};

struct Store;

impl Store {
    fn get(&self, key: &str) -> Option<u8> {
        key.bytes().next()
    }
}

#[derive(InstrumentProxy)]
#[proxy(attributes = client_attributes)]
struct TracedStore(Store);

fn client_attributes(_: &TracedStore) -> ClientAttributes<'_> {
    ClientAttributes::new()
        .server_address("cache.internal")
        .server_port(6380)
        .db_namespace("7")
}

#[instrument_proxy(fields(db.system.name = "teststore", retries = 3, cached = true, ratio = 0.5, note = ""))]
impl TracedStore {
    fn get(&self, key: &str) -> Option<u8>;
}

/// Not a `Proxy`: forwarded to a named field.
struct Wrapper(Vec<u8>);

#[instrument_proxy(inner = 0)]
impl Wrapper {
    fn len(&self) -> usize;
}

/// Traced from inside the sampler.
struct Audit;

#[instrument_proxy(kind = internal)]
impl Audit {
    fn note(&self) -> u8 {
        1
    }
}

/// Keeps every span, and what it was shown for each: the name and the
/// attributes at creation. For the store's spans it makes a traced call of its
/// own first.
#[derive(Clone, Debug, Default)]
struct Recording(Arc<Mutex<Vec<Shown>>>);

/// A span's name and its attributes at creation.
type Shown = (String, Vec<KeyValue>);

impl ShouldSample for Recording {
    fn should_sample(
        &self,
        _: Option<&Context>,
        _: TraceId,
        name: &str,
        _: &SpanKind,
        attributes: &[KeyValue],
        _: &[Link],
    ) -> SamplingResult {
        if name == "TracedStore::get" {
            assert_eq!(Audit.note(), 1);
        }
        self.0
            .lock()
            .unwrap()
            .push((name.to_owned(), attributes.to_vec()));
        SamplingResult {
            decision: SamplingDecision::RecordAndSample,
            attributes: Vec::new(),
            trace_state: Default::default(),
        }
    }
}

fn shown(seen: &[Shown], name: &str, key: &str) -> Option<Value> {
    let (_, attributes) = seen.iter().find(|(seen, _)| seen == name)?;
    attributes
        .iter()
        .find(|attribute| attribute.key.as_str() == key)
        .map(|attribute| attribute.value.clone())
}

/// The tests take turns with the global provider.
static TURN: Mutex<()> = Mutex::new(());

#[test]
fn the_sampler_sees_the_client_and_field_attributes_and_may_trace_itself() {
    let _turn = TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    assert!(!tracing::dispatcher::has_been_set());
    let sampler = Recording::default();
    let exporter = InMemorySpanExporter::default();
    let provider = SdkTracerProvider::builder()
        .with_sampler(sampler.clone())
        .with_simple_exporter(exporter.clone())
        .build();
    opentelemetry::global::set_tracer_provider(provider.clone());

    let store = TracedStore::new(Store);
    assert_eq!(store.get("k"), Some(b'k'));

    let seen = sampler.0.lock().unwrap().clone();
    let get = "TracedStore::get";
    assert_eq!(
        shown(&seen, get, "server.address"),
        Some(Value::from("cache.internal"))
    );
    assert_eq!(shown(&seen, get, "server.port"), Some(Value::I64(6380)));
    assert_eq!(shown(&seen, get, "db.namespace"), Some(Value::from("7")));
    assert_eq!(
        shown(&seen, get, "db.system.name"),
        Some(Value::from("teststore"))
    );
    assert_eq!(shown(&seen, get, "retries"), Some(Value::I64(3)));
    assert_eq!(shown(&seen, get, "cached"), Some(Value::Bool(true)));
    assert_eq!(shown(&seen, get, "ratio"), Some(Value::F64(0.5)));
    assert_eq!(
        shown(&seen, get, "note"),
        None,
        "an empty literal is left out"
    );

    let _ = provider.force_flush();
    let spans = exporter.get_finished_spans().unwrap();
    let names = support::names(&spans);
    assert!(names.contains(&"Audit::note".to_owned()), "{names:?}");
    assert!(names.contains(&get.to_owned()), "{names:?}");
    let span = spans.iter().find(|span| span.name == get).unwrap();
    assert_eq!(
        support::string_attribute(span, "server.address").as_deref(),
        Some("cache.internal")
    );
    assert_eq!(support::attribute(span, "note"), None);
    let _ = provider.shutdown();
}

#[test]
fn a_type_that_is_not_a_proxy_adds_no_client_attributes() {
    let _turn = TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let sampler = Recording::default();
    let provider = SdkTracerProvider::builder()
        .with_sampler(sampler.clone())
        .build();
    opentelemetry::global::set_tracer_provider(provider.clone());
    assert_eq!(Wrapper(vec![1, 2]).len(), 2);
    let seen = sampler.0.lock().unwrap().clone();
    let (_, attributes) = seen
        .iter()
        .find(|(name, _)| name == "Wrapper::len")
        .expect("the span was started");
    assert!(attributes.is_empty(), "{attributes:?}");
    let _ = provider.shutdown();
}

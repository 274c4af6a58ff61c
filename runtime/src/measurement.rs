//! A call's duration measurement: the instruments (created once per thread
//! and provider, following a provider installed or replaced later), the
//! measurement a call carries, and the pool that keeps them warm. The public
//! face is [`crate::metrics`]; the generated code reaches [`Instrument`]
//! through `__private`.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::Instant;

use opentelemetry::metrics::{Counter, Histogram, Meter, MeterProvider};
use opentelemetry::{global, InstrumentationScope, KeyValue, Value};
use opentelemetry_semantic_conventions::attribute as semconv;

use self::bound::BoundSets;

mod bound;

/// Calls of a thread between two looks at the global provider (to notice
/// one set directly through OpenTelemetry's global API).
pub(crate) const RECHECK: u32 = 256;

/// Bumped by [`crate::metrics::set_meter_provider`]: every thread looks
/// again at its next call.
pub(crate) static GENERATION: AtomicU64 = AtomicU64::new(0);

/// Which histogram a call records into; decides the boundaries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Instrument {
    /// `db.client.operation.duration`.
    Database,
    /// `http.client.request.duration`.
    Http,
    /// `http.server.request.duration` (`tower::TraceLayer`).
    HttpServer,
    /// `messaging.client.operation.duration`: a send, a request, a get.
    MessagingOperation,
    /// `messaging.process.duration`: a delivery, from its arrival to its
    /// settling.
    MessagingProcess,
    /// A histogram named by `metric = "..."`.
    Named(&'static str),
}

impl Instrument {
    fn name(self) -> &'static str {
        match self {
            Instrument::Database => "db.client.operation.duration",
            Instrument::Http => "http.client.request.duration",
            Instrument::HttpServer => "http.server.request.duration",
            Instrument::MessagingOperation => "messaging.client.operation.duration",
            Instrument::MessagingProcess => "messaging.process.duration",
            Instrument::Named(name) => name,
        }
    }

    /// The semantic conventions' advice, in seconds.
    fn boundaries(self) -> Vec<f64> {
        match self {
            Instrument::Database => vec![0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0],
            Instrument::Http
            | Instrument::HttpServer
            | Instrument::MessagingOperation
            | Instrument::MessagingProcess
            | Instrument::Named(_) => vec![
                0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0,
            ],
        }
    }

    fn description(self) -> &'static str {
        match self {
            Instrument::Database => "Duration of database client operations.",
            Instrument::Http => "Duration of HTTP client requests.",
            Instrument::HttpServer => "Duration of HTTP server requests.",
            Instrument::MessagingOperation => "Duration of messaging operations.",
            Instrument::MessagingProcess => "Duration of processing operations.",
            Instrument::Named(_) => "Duration of traced calls.",
        }
    }
}

/// A counter a measured call adds one to when it ends, with the same
/// attributes as its duration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Count {
    /// `messaging.client.sent.messages`.
    SentMessages,
    /// `messaging.client.consumed.messages`.
    ConsumedMessages,
}

impl Count {
    fn name(self) -> &'static str {
        match self {
            Count::SentMessages => "messaging.client.sent.messages",
            Count::ConsumedMessages => "messaging.client.consumed.messages",
        }
    }

    fn description(self) -> &'static str {
        match self {
            Count::SentMessages => "Number of messages producer attempted to send to the broker.",
            Count::ConsumedMessages => "Number of messages that were delivered to the application.",
        }
    }
}

/// A thread's histograms and counters, for the provider they were made
/// with, and the ones it bound to its calls' attribute sets.
struct Cache {
    provider: Option<Arc<dyn MeterProvider + Send + Sync>>,
    /// The provider's address when its instruments bind (the SDK's), else
    /// 0: a measurement started with it records through the bound sets.
    binding: usize,
    generation: u64,
    calls: u32,
    histograms: Vec<(&'static str, Histogram<f64>)>,
    counters: Vec<(Count, Counter<u64>)>,
    bound_histograms: BoundSets<Histogram<f64>>,
    bound_counters: BoundSets<Counter<u64>>,
}

/// The global provider installed through [`install`] when it is the SDK's,
/// whose instruments bind. Another provider's `bind` may be OpenTelemetry's
/// default, which drops what is recorded through it: such a provider, and
/// one set directly through OpenTelemetry's global API, is recorded into
/// with its attributes on every record.
static BINDING: Mutex<Option<Weak<dyn MeterProvider + Send + Sync>>> = Mutex::new(None);

/// Sets the global meter provider (`binds`: it is the SDK's) and makes
/// every thread look again at its next call.
pub(crate) fn install<P>(provider: P, binds: bool)
where
    P: MeterProvider + Send + Sync + 'static,
{
    let mut binding = BINDING.lock().unwrap_or_else(PoisonError::into_inner);
    global::set_meter_provider(provider);
    *binding = binds.then(|| Arc::downgrade(&global::meter_provider()));
    GENERATION.fetch_add(1, Ordering::Release);
}

/// The address `binding` compares: the provider's data, without the
/// vtable.
fn address(provider: &Arc<dyn MeterProvider + Send + Sync>) -> usize {
    Arc::as_ptr(provider).cast::<()>() as usize
}

/// The meter every instrument of the crate is made with.
fn meter(provider: &(dyn MeterProvider + Send + Sync)) -> Meter {
    provider.meter_with_scope(
        InstrumentationScope::builder("instrument-proxy")
            .with_version(env!("CARGO_PKG_VERSION"))
            .build(),
    )
}

/// The counter for `count`, when a provider records (looked up after the
/// call's histogram, which refreshed the thread's cache).
fn counter(count: Count) -> Option<(Count, Counter<u64>)> {
    CACHE
        .try_with(|cache| {
            let mut cache = cache.try_borrow_mut().ok()?;
            let cached = cache.as_mut()?;
            let provider = cached.provider.as_ref()?;
            if let Some((_, counter)) = cached.counters.iter().find(|(c, _)| *c == count) {
                return Some((count, counter.clone()));
            }
            let counter = meter(&**provider)
                .u64_counter(count.name())
                .with_unit("{message}")
                .with_description(count.description())
                .build();
            cached.counters.push((count, counter.clone()));
            Some((count, counter))
        })
        .ok()
        .flatten()
}

thread_local! {
    static CACHE: RefCell<Option<Cache>> = const { RefCell::new(None) };
}

/// A provider without state cannot record: OpenTelemetry's no-op provider
/// (the global one until a provider is set) is a zero-sized type, and an SDK
/// provider holds its pipeline.
fn records(provider: &(dyn MeterProvider + Send + Sync)) -> bool {
    std::mem::size_of_val(provider) != 0
}

/// The histogram for `instrument`, when a provider records, with the
/// thread's `binding` for it.
fn histogram(instrument: Instrument) -> Option<(Histogram<f64>, usize)> {
    CACHE
        .try_with(|cache| {
            let mut cache = cache.try_borrow_mut().ok()?;
            let generation = GENERATION.load(Ordering::Acquire);
            let stale = match &mut *cache {
                None => true,
                Some(cached) => {
                    cached.calls = cached.calls.wrapping_add(1);
                    cached.generation != generation || cached.calls.is_multiple_of(RECHECK)
                }
            };
            if stale {
                refresh(&mut cache, generation);
            }
            let cached = cache.as_mut()?;
            let provider = cached.provider.as_ref()?;
            let name = instrument.name();
            // Names are `'static`: the same string is almost always the same
            // pointer.
            if let Some((_, histogram)) = cached
                .histograms
                .iter()
                .find(|(n, _)| bound::same_str(n, name))
            {
                return Some((histogram.clone(), cached.binding));
            }
            let histogram = meter(&**provider)
                .f64_histogram(name)
                .with_unit("s")
                .with_description(instrument.description())
                .with_boundaries(instrument.boundaries())
                .build();
            cached.histograms.push((name, histogram.clone()));
            Some((histogram, cached.binding))
        })
        .ok()
        .flatten()
}

#[cold]
fn refresh(cache: &mut Option<Cache>, generation: u64) {
    let provider = global::meter_provider();
    let same = cache
        .as_ref()
        .and_then(|c| c.provider.as_ref())
        .is_some_and(|p| Arc::ptr_eq(p, &provider));
    let calls = cache.as_ref().map_or(0, |c| c.calls);
    if same {
        if let Some(cached) = cache {
            cached.generation = generation;
        }
        return;
    }
    let binds = BINDING
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .as_ref()
        .is_some_and(|binding| binding.as_ptr().cast::<()>() as usize == address(&provider));
    let binding = if binds { address(&provider) } else { 0 };
    let provider = records(&*provider).then_some(provider);
    // The replaced instruments are dropped after the cache is updated.
    let _replaced = cache.replace(Cache {
        provider,
        binding,
        generation,
        calls,
        histograms: Vec::new(),
        counters: Vec::new(),
        bound_histograms: BoundSets::default(),
        bound_counters: BoundSets::default(),
    });
}

/// The measurements a thread keeps for its next calls: a call's measurement
/// and its attribute vector are reused, so that a measured call allocates
/// nothing once its thread has made a few.
const POOLED: usize = 16;

thread_local! {
    // The boxes are what is reused: a call's measurement is a box, so that
    // its future grows by one pointer.
    #[allow(clippy::vec_box)]
    static POOL: RefCell<Vec<Box<MetricCall>>> = const { RefCell::new(Vec::new()) };
}

/// One call's measurement: started when the call starts, recorded when its
/// [`Measurement`] is dropped.
pub(crate) struct MetricCall {
    histogram: Option<Histogram<f64>>,
    /// The histogram's name.
    name: &'static str,
    /// The thread's `binding` when the call started: records through the
    /// bound sets of a thread with the same one.
    binding: usize,
    start: Instant,
    state: Mutex<State>,
}

struct State {
    attributes: Vec<KeyValue>,
    /// Keys whose values recorded after the start go on the metric: the
    /// names the conventions bound and the method's `bounded(...)`, as the
    /// generated code gives them.
    bounded: &'static [&'static str],
    error_type: Option<Cow<'static, str>>,
    /// Adds one when the call ends.
    counter: Option<(Count, Counter<u64>)>,
}

/// A call's measurement, if it has one: recorded when dropped, then given
/// back to the thread's pool. Boxed, so that a future grows by one pointer.
pub(crate) struct Measurement(Option<Box<MetricCall>>);

impl Measurement {
    /// No measurement.
    pub(crate) const NONE: Measurement = Measurement(None);

    pub(crate) fn get(&self) -> Option<&MetricCall> {
        self.0.as_deref()
    }

    /// A measurement of the call, when a provider records; `attributes` is
    /// called only then, with an empty vector to fill.
    pub(crate) fn begin(
        instrument: Instrument,
        bounded: &'static [&'static str],
        attributes: impl FnOnce(&mut Vec<KeyValue>),
    ) -> Option<Measurement> {
        let (histogram, binding) = histogram(instrument)?;
        let mut call = POOL
            .try_with(|pool| pool.try_borrow_mut().ok()?.pop())
            .ok()
            .flatten()
            .unwrap_or_else(|| {
                Box::new(MetricCall {
                    histogram: None,
                    name: "",
                    binding: 0,
                    start: Instant::now(),
                    state: Mutex::new(State {
                        attributes: Vec::new(),
                        bounded: &[],
                        error_type: None,
                        counter: None,
                    }),
                })
            });
        let state = call.state.get_mut().unwrap_or_else(PoisonError::into_inner);
        state.bounded = bounded;
        attributes(&mut state.attributes);
        call.histogram = Some(histogram);
        call.name = instrument.name();
        call.binding = binding;
        call.start = Instant::now();
        Some(Measurement(Some(call)))
    }
}

impl Measurement {
    /// The call also adds one to `count` when it ends.
    pub(crate) fn count(&mut self, count: Count) {
        if let Some(call) = &mut self.0 {
            call.state
                .get_mut()
                .unwrap_or_else(PoisonError::into_inner)
                .counter = counter(count);
        }
    }
}

impl Drop for Measurement {
    #[inline]
    fn drop(&mut self) {
        if let Some(call) = self.0.take() {
            finish(call);
        }
    }
}

/// Records a call's duration and gives its measurement back to the pool.
#[inline(never)]
fn finish(mut call: Box<MetricCall>) {
    {
        let seconds = call.start.elapsed().as_secs_f64();
        let histogram = call.histogram.take();
        let state = call.state.get_mut().unwrap_or_else(PoisonError::into_inner);
        if let Some(error_type) = state.error_type.take() {
            state
                .attributes
                .push(KeyValue::new(semconv::ERROR_TYPE, error_type));
        }
        let counter = state.counter.take();
        if let Some(histogram) = histogram {
            let bound = call.binding != 0
                && record_bound(
                    call.binding,
                    call.name,
                    &histogram,
                    seconds,
                    counter.as_ref(),
                    &state.attributes,
                );
            if !bound {
                histogram.record(seconds, &state.attributes);
                if let Some((_, counter)) = counter {
                    counter.add(1, &state.attributes);
                }
            }
        }
        state.attributes.clear();
    }
    // Given back to this thread's pool, or freed when it is full (or being
    // torn down). A measurement whose lock a panic poisoned is not reused:
    // its next call's records would be refused.
    if call.state.is_poisoned() {
        return;
    }
    let _ = POOL.try_with(|pool| {
        if let Ok(mut pool) = pool.try_borrow_mut() {
            if pool.len() < POOLED {
                pool.push(call);
            }
        }
    });
}

/// Records a call's duration (and adds one to its counter) through the
/// thread's bound sets, when the thread still records with the provider
/// the call started with (`binding`). False when it cannot: the caller
/// records with the attributes.
fn record_bound(
    binding: usize,
    name: &'static str,
    histogram: &Histogram<f64>,
    seconds: f64,
    counter: Option<&(Count, Counter<u64>)>,
    attributes: &[KeyValue],
) -> bool {
    CACHE
        .try_with(|cache| {
            let Ok(mut cache) = cache.try_borrow_mut() else {
                return false;
            };
            let Some(cached) = cache.as_mut().filter(|c| c.binding == binding) else {
                return false;
            };
            cached
                .bound_histograms
                .record(name, histogram, seconds, attributes);
            if let Some((count, counter)) = counter {
                cached
                    .bound_counters
                    .record(count.name(), counter, 1, attributes);
            }
            true
        })
        .unwrap_or(false)
}

/// Names the conventions bound: kept on the metric even when computed per
/// call or recorded after the start (`http.response.status_code` from a
/// `record_ok` function). The one list: the attribute hands the runtime only
/// a method's own `bounded(...)` keys.
const BOUNDED_BY_NAME: &[&str] = &[
    semconv::DB_SYSTEM_NAME,
    semconv::DB_OPERATION_NAME,
    semconv::DB_NAMESPACE,
    semconv::DB_QUERY_SUMMARY,
    semconv::HTTP_REQUEST_METHOD,
    semconv::HTTP_RESPONSE_STATUS_CODE,
    semconv::SERVER_ADDRESS,
    semconv::SERVER_PORT,
];

/// Whether the conventions bound `key`: a `const fn`, so that the generated
/// code decides at compile time which fields go on a metric.
#[doc(hidden)]
#[must_use]
pub const fn bounded_by_name(key: &str) -> bool {
    let mut index = 0;
    while index < BOUNDED_BY_NAME.len() {
        if same_bytes(BOUNDED_BY_NAME[index].as_bytes(), key.as_bytes()) {
            return true;
        }
        index += 1;
    }
    false
}

const fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut index = 0;
    while index < a.len() {
        if a[index] != b[index] {
            return false;
        }
        index += 1;
    }
    true
}

impl MetricCall {
    /// An attribute recorded after the call started: kept when its name is
    /// bounded.
    pub(crate) fn record(&self, key: &'static str, value: impl FnOnce() -> Value) {
        if let Ok(mut state) = self.state.lock() {
            if bounded_by_name(key) || state.bounded.contains(&key) {
                let value = value();
                if !matches!(&value, Value::String(s) if s.as_str().is_empty()) {
                    state.attributes.retain(|kv| kv.key.as_str() != key);
                    state.attributes.push(KeyValue::new(key, value));
                }
            }
        }
    }

    /// The call failed: `error.type` (the first reason wins).
    pub(crate) fn fail(&self, error_type: &str) {
        if let Ok(mut state) = self.state.lock() {
            if state.error_type.is_none() && !error_type.is_empty() {
                state.error_type = Some(Cow::Owned(error_type.to_owned()));
            }
        }
    }

    /// The call was dropped before it completed.
    /// The call ended without the message its counter counts (a `get`
    /// that found none).
    pub(crate) fn uncount(&self) {
        if let Ok(mut state) = self.state.lock() {
            state.counter = None;
        }
    }

    pub(crate) fn cancel(&self) {
        if let Ok(mut state) = self.state.lock() {
            if state.error_type.is_none() {
                state.error_type = Some(Cow::Borrowed("cancelled"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pooled() -> usize {
        POOL.with(|pool| pool.borrow().len())
    }

    fn call() -> Box<MetricCall> {
        Box::new(MetricCall {
            histogram: None,
            name: "",
            binding: 0,
            start: Instant::now(),
            state: Mutex::new(State {
                attributes: vec![KeyValue::new("db.system.name", "redis")],
                bounded: &[],
                error_type: None,
                counter: None,
            }),
        })
    }

    #[test]
    fn the_sdks_provider_installed_here_binds_and_one_set_directly_does_not() {
        let sdk = opentelemetry_sdk::metrics::SdkMeterProvider::builder().build();
        install(sdk.clone(), true);
        let (_, binding) = histogram(Instrument::Database).expect("a provider that records");
        assert_ne!(binding, 0, "the SDK's provider, installed here");
        global::set_meter_provider(sdk.clone());
        // As though the thread's recheck had come.
        GENERATION.fetch_add(1, Ordering::Release);
        let (_, binding) = histogram(Instrument::Database).expect("a provider that records");
        assert_eq!(binding, 0, "the same provider, set directly");
        install(sdk.clone(), false);
        let (_, binding) = histogram(Instrument::Database).expect("a provider that records");
        assert_eq!(binding, 0, "a provider that is not the SDK's");
        let _ = sdk.shutdown();
    }

    #[test]
    fn an_ended_measurement_is_reused_empty_and_a_poisoned_one_is_not() {
        let before = pooled();
        finish(call());
        assert_eq!(pooled(), before + 1);
        let reused = POOL.with(|pool| pool.borrow_mut().pop()).unwrap();
        assert!(reused.state.lock().unwrap().attributes.is_empty());

        let poisoned = call();
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _held = poisoned.state.lock();
            panic!("poisons the lock");
        }));
        assert!(poisoned.state.is_poisoned());
        finish(poisoned);
        assert_eq!(pooled(), before, "a poisoned measurement is freed");
    }
}

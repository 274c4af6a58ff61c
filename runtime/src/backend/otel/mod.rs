//! The `opentelemetry` backend: spans created directly through the global
//! `TracerProvider`, with the call's `Context` current during the call and
//! during every poll.
//!
//! Each thread caches its tracer, so a call neither looks the global provider
//! up nor takes a lock. While no provider is installed, a thread skips calls
//! with one check of a per-thread countdown ([`idle`]): no clock, no lock.
//! The provider is looked up again when the countdown runs out and
//! [`NOOP_REFRESH`] has passed since the last look (the countdown's length
//! follows the thread's call rate, so that this is about every
//! [`NOOP_REFRESH`], and at most [`MAX_PACE`] calls), and at once after
//! [`crate::set_tracer_provider`] (a generation every thread compares). With
//! a provider, every [`ACTIVE_RECHECK`]th call of a thread looks again, and a
//! provider that was shut down is replaced at once. The recording path reads
//! no clock.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use opentelemetry::global::{self, BoxedTracer};
use opentelemetry::trace::{
    Span as _, SpanKind, Status, TraceContextExt, Tracer, TracerProvider as _,
};
use opentelemetry::{Context, ContextGuard, InstrumentationScope, KeyValue, Value};

use super::value::AttributeValue;
mod attributes;

pub use attributes::{
    attributes_for, push_attribute, push_client_attributes, push_literal, DebugValue, DisplayName,
    DisplayValue, LiteralValue, SharedName, ToOtelValue,
};

/// How long a thread without a provider waits before it looks again.
pub(crate) const NOOP_REFRESH: Duration = Duration::from_millis(20);
/// The longest countdown: calls a thread skips between two looks at the clock.
pub(crate) const MAX_PACE: u32 = 1 << 16;
const ACTIVE_RECHECK: u32 = 1024;

/// The provider generation, bumped by [`crate::set_tracer_provider`] (and
/// when `tracing` dispatchers change): threads look the provider up at their
/// next call. Kept as `generation << IDLE_BITS`, so that a thread's countdown
/// and the generation it belongs to are one number ([`IDLE`]).
static GENERATION: AtomicU64 = AtomicU64::new(0);

/// Room for a countdown below the generation: more than [`MAX_PACE`].
const IDLE_BITS: u32 = 17;
const _: () = assert!(MAX_PACE < 1 << IDLE_BITS);

/// Makes every thread look the global provider up at its next call.
pub(crate) fn provider_changed() {
    GENERATION.fetch_add(1 << IDLE_BITS, Ordering::Release);
}

/// The current generation.
#[inline]
pub(crate) fn generation() -> u64 {
    GENERATION.load(Ordering::Acquire)
}

thread_local! {
    /// For each level (`__private::level`): the generation this thread found
    /// no provider in, plus the calls at that level it still skips before
    /// anything else is asked. Above the current generation exactly while
    /// calls are left and neither a provider nor a `tracing` dispatcher was
    /// set since. Armed only while `tracing` cannot want the level.
    static IDLE: [Cell<u64>; 5] = const { [const { Cell::new(0) }; 5] };
    /// Calls this thread makes without a provider before it reads the clock
    /// to decide whether to look again (past the `tracing` check).
    static PACE_LEFT: Cell<u32> = const { Cell::new(0) };
    /// The length of this thread's countdowns, and when the last one ran out.
    static PACE: Cell<(u32, Option<Instant>)> = const { Cell::new((1, None)) };
}

/// True while this thread knows that nothing records its calls at `level`:
/// no provider is installed, and `tracing` filters the level out (or has no
/// dispatcher). A load, a compare and a store.
#[inline(always)]
pub(crate) fn idle(level: usize) -> bool {
    let generation = GENERATION.load(Ordering::Relaxed);
    IDLE.try_with(|idle| {
        let Some(idle) = idle.get(level) else {
            return false;
        };
        let state = idle.get();
        // A later generation is at least `1 << IDLE_BITS` above, and the
        // countdown is below that: `state` is above `generation` only when
        // it was armed in this generation with calls left.
        if state <= generation {
            return false;
        }
        idle.set(state - 1);
        true
    })
    .unwrap_or(false)
}

/// Counts a call made without a provider; true when the countdown ran out
/// and the clock is to be read.
fn pace_due() -> bool {
    PACE_LEFT
        .try_with(|left| match left.get() {
            0 => true,
            calls => {
                left.set(calls - 1);
                false
            }
        })
        .unwrap_or(true)
}

/// Starts the countdowns of calls to skip, as long as about
/// [`NOOP_REFRESH`] at the thread's call rate: longer when the last one ran
/// out sooner. The first one only while `tracing` cannot want `level`: no
/// dispatcher, or all of them filter the level out (a dispatcher set or a
/// filter changed later moves the generation, through [`watch`]).
fn rearm(level: usize, generation: u64, now: Instant) {
    let Ok((pace, previous)) = PACE.try_with(Cell::get) else {
        return;
    };
    let pace = match previous.map(|at| now.saturating_duration_since(at)) {
        Some(elapsed) if elapsed < NOOP_REFRESH / 2 => pace.saturating_mul(2).min(MAX_PACE),
        Some(elapsed) if elapsed > NOOP_REFRESH * 2 => (pace / 2).max(1),
        _ => pace,
    };
    let _ = PACE.try_with(|state| state.set((pace, Some(now))));
    #[cfg(feature = "tracing")]
    if tracing::dispatcher::has_been_set() && crate::backend::tracing::level_enabled(level) {
        let _ = PACE_LEFT.try_with(|state| state.set(pace));
        return;
    }
    // The first countdown counts the calls; when it runs out, the clock is
    // read at once.
    let _ = PACE_LEFT.try_with(|state| state.set(0));
    let _ = IDLE.try_with(|idle| {
        if let Some(idle) = idle.get(level) {
            idle.set(generation + u64::from(pace));
        }
    });
    #[cfg(not(feature = "tracing"))]
    let _ = level;
}

/// A callsite registered with `tracing` only to hear of its dispatchers:
/// `tracing` asks every callsite again whenever one is created, and the
/// generation moves, so that a thread skipping calls without a subscriber
/// asks again.
#[cfg(feature = "tracing")]
pub(crate) mod watch {
    use std::sync::Once;

    use tracing::callsite::{Callsite, Identifier};
    use tracing::metadata::Kind;
    use tracing::subscriber::Interest;
    use tracing::{field::FieldSet, Level, Metadata};

    struct Watch;

    static WATCH: Watch = Watch;

    pub(crate) static METADATA: Metadata<'static> = Metadata::new(
        "instrument-proxy dispatcher watch",
        "instrument_proxy",
        Level::TRACE,
        None,
        None,
        None,
        FieldSet::new(&[], Identifier(&WATCH)),
        Kind::HINT,
    );

    impl Callsite for Watch {
        fn set_interest(&self, _: Interest) {
            crate::backend::otel::provider_changed();
        }

        fn metadata(&self) -> &Metadata<'_> {
            &METADATA
        }
    }

    /// Registers the watch once.
    pub(crate) fn register() {
        static REGISTERED: Once = Once::new();
        REGISTERED.call_once(|| tracing::callsite::register(&WATCH));
    }
}

/// A thread's tracer, so that a call takes no lock and touches no shared
/// cache line.
struct Cached {
    tracer: BoxedTracer,
    /// Whether a provider was behind the tracer when it was looked up.
    recording: bool,
    /// The provider generation when it was looked up.
    generation: u64,
    /// Without a provider: when to look again.
    look_again: Instant,
    /// Recording calls made with this tracer.
    calls: Cell<u32>,
}

impl Cached {
    /// True on every [`ACTIVE_RECHECK`]th recording call.
    fn recheck_due(&self) -> bool {
        let n = self.calls.get().wrapping_add(1);
        self.calls.set(n);
        n.is_multiple_of(ACTIVE_RECHECK)
    }
}

thread_local! {
    static CACHE: RefCell<Option<Cached>> = const { RefCell::new(None) };
    /// The tracers of calls with a `target = "..."`, whose instrumentation
    /// scope is named by the target.
    static TARGETED: RefCell<Vec<(&'static str, Cached)>> = const { RefCell::new(Vec::new()) };
}

#[inline(always)]
/// Runs `f` with the thread's tracer for `target`; `None` when there is none
/// yet (or the cache is being replaced, or the thread's locals are torn down).
fn with_cached<R>(target: Option<&'static str>, f: impl FnOnce(&Cached) -> Option<R>) -> Option<R> {
    match target {
        None => CACHE
            .try_with(
                #[inline(always)]
                |cache| f(cache.try_borrow().ok()?.as_ref()?),
            )
            .ok()
            .flatten(),
        Some(target) => TARGETED
            .try_with(|cache| {
                let cache = cache.try_borrow().ok()?;
                let (_, cached) = cache.iter().find(|(name, _)| *name == target)?;
                f(cached)
            })
            .ok()
            .flatten(),
    }
}

/// Keeps `cached` as the thread's tracer for `target`; gives back the one it
/// replaces, to be dropped by the caller once the cache is released.
fn store(target: Option<&'static str>, cached: Cached) -> Option<Cached> {
    match target {
        None => CACHE
            .try_with(|cache| {
                let mut cache = cache.try_borrow_mut().ok()?;
                cache.replace(cached)
            })
            .ok()
            .flatten(),
        Some(target) => TARGETED
            .try_with(|cache| {
                let mut cache = cache.try_borrow_mut().ok()?;
                match cache.iter_mut().find(|(name, _)| *name == target) {
                    Some((_, slot)) => Some(std::mem::replace(slot, cached)),
                    None => {
                        cache.push((target, cached));
                        None
                    }
                }
            })
            .ok()
            .flatten(),
    }
}

/// One call's span, held in the `Context` that is made current around it.
pub(crate) struct OtelSpan {
    cx: Context,
    /// Whether this handle ends the span: the call's own does, one taken
    /// from the current context ([`OtelSpan::current`]) does not.
    ends: bool,
    /// Whether what is recorded on it goes anywhere: not for a call's span
    /// the sampler dropped, kept only so that its context propagates.
    records: bool,
}

impl OtelSpan {
    /// The span of the current context, recorded on without being ended.
    pub(crate) fn current() -> OtelSpan {
        OtelSpan {
            cx: Context::current(),
            ends: false,
            records: true,
        }
    }

    /// Whether what is recorded on the span goes anywhere.
    #[inline(always)]
    pub(crate) fn records(&self) -> bool {
        self.records
    }
}

impl Drop for OtelSpan {
    fn drop(&mut self) {
        if self.ends {
            self.cx.span().end();
        }
    }
}

/// What a span starts with besides its name and kind: its attributes, and
/// for a span that continues another's work (a consumer's), its links and
/// the parent to start under instead of the current context. Given at
/// creation, so that a sampler sees them. A closure that returns the
/// attributes is one, with no links.
#[doc(hidden)]
pub trait Describe {
    fn attributes(&self) -> Vec<KeyValue>;

    fn links(&self) -> Option<Vec<opentelemetry::trace::Link>> {
        None
    }

    fn parent(&self) -> Option<Context> {
        None
    }
}

impl<F: Fn() -> Vec<KeyValue>> Describe for F {
    #[inline(always)]
    fn attributes(&self) -> Vec<KeyValue> {
        self()
    }
}

/// Starts a span under the current context; `None` when nothing records it.
/// `name` and `attributes` are called again when a stale tracer is replaced.
/// The tracer's instrumentation scope is `instrument-proxy`, or the call's
/// `target`. Called past [`idle`] (the call's check), which is not asked
/// again.
#[inline(always)]
pub(crate) fn start(
    level: usize,
    target: Option<&'static str>,
    name: impl Fn() -> Cow<'static, str>,
    kind: SpanKind,
    attributes: impl Describe,
) -> Option<OtelSpan> {
    // `Some(result)` when the thread's tracer answered; `None` to look the
    // provider up again.
    let cached = with_cached(
        target,
        #[inline(always)]
        |cached| from_cached(cached, level, &name, &kind, &attributes),
    );
    if let Some(started) = cached {
        return started;
    }
    refresh(level, target, name, kind, attributes)
}

/// The span started with the thread's tracer: `Some(None)` when no provider
/// is behind it, `None` when the provider is to be looked up again.
#[inline(always)]
fn from_cached(
    cached: &Cached,
    level: usize,
    name: &impl Fn() -> Cow<'static, str>,
    kind: &SpanKind,
    attributes: &impl Describe,
) -> Option<Option<OtelSpan>> {
    if !cached.recording {
        // The countdown ran out, or a provider was set through
        // `set_tracer_provider`.
        if cached.generation != generation() {
            return None;
        }
        if !pace_due() {
            return Some(None);
        }
        let now = Instant::now();
        if now >= cached.look_again {
            return None;
        }
        rearm(level, cached.generation, now);
        return Some(None);
    }
    if cached.recheck_due() || cached.generation != generation() {
        return None;
    }
    // `None`: the provider was shut down; look again.
    build(
        &cached.tracer,
        Behind::Provider,
        name(),
        kind.clone(),
        attributes.attributes(),
        attributes.links(),
        attributes.parent(),
    )
    .map(Some)
}

/// Looks the global provider up, starts the span with its tracer and keeps
/// the tracer for the thread's next calls.
#[cold]
fn refresh(
    level: usize,
    target: Option<&'static str>,
    name: impl Fn() -> Cow<'static, str>,
    kind: SpanKind,
    attributes: impl Describe,
) -> Option<OtelSpan> {
    #[cfg(feature = "tracing")]
    watch::register();
    // Read before the provider is: a provider (or a dispatcher) set after
    // this is seen by the next call.
    let generation = generation();
    let now = Instant::now();
    let look_again = now.checked_add(NOOP_REFRESH).unwrap_or(now);
    let scope = match target {
        Some(target) => InstrumentationScope::builder(target).build(),
        None => InstrumentationScope::builder("instrument-proxy")
            .with_version(env!("CARGO_PKG_VERSION"))
            .build(),
    };
    let tracer = global::tracer_provider().tracer_with_scope(scope);
    let started = build(
        &tracer,
        Behind::Unknown,
        name(),
        kind,
        attributes.attributes(),
        attributes.links(),
        attributes.parent(),
    );
    let recording = started.is_some();
    if !recording {
        rearm(level, generation, now);
    }
    let cached = Cached {
        tracer,
        recording,
        generation,
        look_again,
        calls: Cell::new(0),
    };
    // The replaced tracer is dropped after the cache is released: dropping
    // the last handle on a provider shuts it down, which may run user code.
    let _replaced = store(target, cached);
    started
}

/// What is known to be behind the tracer [`build`] starts a span with.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Behind {
    /// A provider: the thread's tracer, found recording when looked up.
    Provider,
    /// Not known yet: a tracer just looked up.
    Unknown,
}

/// Starts the span under the current context, recording or dropped by the
/// sampler; `None` when no provider is behind the tracer (none installed, or
/// shut down). The context is cloned rather than borrowed
/// (`Context::map_current`), so that a sampler or processor that makes a
/// traced call of its own can make its context current.
#[inline(always)]
fn build(
    tracer: &BoxedTracer,
    behind: Behind,
    name: Cow<'static, str>,
    kind: SpanKind,
    attributes: Vec<KeyValue>,
    links: Option<Vec<opentelemetry::trace::Link>>,
    parent: Option<Context>,
) -> Option<OtelSpan> {
    let parent = parent.unwrap_or_else(Context::current);
    // The vector is the builder's as it is (`with_attributes` collects it
    // into a new one).
    let mut builder = tracer.span_builder(name);
    builder.span_kind = Some(kind);
    builder.attributes = Some(attributes);
    builder.links = links;
    let span = builder.start_with_context(tracer, &parent);
    let recording = span.is_recording();
    // A span that does not record is either dropped by the sampler (a
    // context of its own) or the no-op span of a tracer without a provider
    // (the parent's context, or none). The thread's tracer had a provider
    // behind it: only a provider shut down since gives no valid context.
    if recording || {
        let context = span.span_context();
        context.is_valid()
            && (behind == Behind::Provider || context != parent.span().span_context())
    } {
        // A span the sampler dropped is kept too: made current during the
        // call, its context (sampled flag unset) is what children and
        // `#[inject]` see, so the decision travels downstream (W3C Trace
        // Context) instead of the parent's context. Recording on it costs
        // nothing, and it is not ended: ending reads the clock for a span
        // that nothing exports.
        Some(OtelSpan {
            cx: parent.with_span(span),
            ends: recording,
            records: recording,
        })
    } else {
        None
    }
}

#[inline]
pub(crate) fn enter(span: &OtelSpan) -> ContextGuard {
    span.cx.clone().attach()
}

pub(crate) fn record(span: &OtelSpan, key: &'static str, value: AttributeValue<'_>) {
    let value = match value {
        AttributeValue::Str(value) => Value::from(value.to_owned()),
        AttributeValue::I64(value) => Value::from(value),
        AttributeValue::F64(value) => Value::from(value),
        AttributeValue::Bool(value) => Value::from(value),
    };
    span.cx.span().set_attribute(KeyValue::new(key, value));
}

pub(crate) fn record_named(span: &OtelSpan, attribute: KeyValue) {
    span.cx.span().set_attribute(attribute);
}

/// An `exception` event with the error's type, description and level.
pub(crate) fn error_event(
    span: &OtelSpan,
    level: &'static str,
    error_type: &str,
    description: &str,
) {
    use opentelemetry_semantic_conventions::attribute as semconv;
    let mut attributes = vec![
        KeyValue::new(semconv::EXCEPTION_TYPE, error_type.to_owned()),
        KeyValue::new("level", level),
    ];
    if !description.is_empty() {
        attributes.push(KeyValue::new(
            semconv::EXCEPTION_MESSAGE,
            description.to_owned(),
        ));
    }
    span.cx.span().add_event("exception", attributes);
}

/// Marks the span failed: its description is the status as it is, a shared
/// `error.type` is recorded without a copy (an empty one not at all).
pub(crate) fn record_failed(span: &OtelSpan, failure: crate::outcome::Failure<'_>) {
    let span = span.cx.span();
    span.set_status(Status::error(failure.description));
    if !failure.error_type.as_str().is_empty() {
        span.set_attribute(KeyValue::new(
            opentelemetry_semantic_conventions::attribute::ERROR_TYPE,
            failure.error_type.into_otel(),
        ));
    }
}

#[inline]
pub(crate) fn kind(kind: &str) -> SpanKind {
    match kind {
        "server" => SpanKind::Server,
        "producer" => SpanKind::Producer,
        "consumer" => SpanKind::Consumer,
        "internal" => SpanKind::Internal,
        _ => SpanKind::Client,
    }
}

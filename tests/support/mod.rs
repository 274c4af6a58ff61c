//! What every behaviour test observes: the spans a user's backend receives.
//!
//! Spans go through tracing-opentelemetry into the OpenTelemetry SDK and are
//! exported to an in-memory exporter; a second layer counts the spans that
//! started and ended, so each test can check that none was left open.
#![allow(dead_code)]

pub mod metrics;
pub mod nats_server;
pub mod postgres_server;
pub mod rabbitmq_server;
pub mod redis_server;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use opentelemetry::trace::{SpanId, SpanKind, Status, TracerProvider as _};
use opentelemetry::Value;
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider, SpanData};
use tracing::subscriber::DefaultGuard;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::Layer;

/// Captures the spans of the current thread while it lives.
pub struct Capture {
    exporter: InMemorySpanExporter,
    provider: SdkTracerProvider,
    counts: Arc<Counts>,
    _guard: Option<DefaultGuard>,
    /// The global provider is process-wide: OTel captures take turns.
    _turn: Option<MutexGuard<'static, ()>>,
}

/// Spans started and ended, as a `tracing` layer or an SDK processor sees them.
#[derive(Default, Debug)]
pub struct Counts {
    started: AtomicUsize,
    ended: AtomicUsize,
}

impl Counts {
    /// Spans started and not ended yet.
    pub fn open(&self) -> usize {
        self.started.load(Ordering::SeqCst) - self.ended.load(Ordering::SeqCst)
    }
}

/// A `tracing` layer that counts spans into `Counts`.
pub struct CountSpans(pub Arc<Counts>);

impl<S: tracing::Subscriber> Layer<S> for CountSpans {
    fn on_new_span(
        &self,
        _: &tracing::span::Attributes<'_>,
        _: &tracing::span::Id,
        _: Context<'_, S>,
    ) {
        self.0.started.fetch_add(1, Ordering::SeqCst);
    }

    fn on_close(&self, _: tracing::span::Id, _: Context<'_, S>) {
        self.0.ended.fetch_add(1, Ordering::SeqCst);
    }
}

#[derive(Debug)]
struct CountProcessor(Arc<Counts>);

impl opentelemetry_sdk::trace::SpanProcessor for CountProcessor {
    fn on_start(&self, _: &mut opentelemetry_sdk::trace::Span, _: &opentelemetry::Context) {
        self.0.started.fetch_add(1, Ordering::SeqCst);
    }

    fn on_end(&self, _: SpanData) {
        self.0.ended.fetch_add(1, Ordering::SeqCst);
    }

    fn force_flush(&self) -> opentelemetry_sdk::error::OTelSdkResult {
        Ok(())
    }

    fn shutdown_with_timeout(&self, _: Duration) -> opentelemetry_sdk::error::OTelSdkResult {
        Ok(())
    }
}

impl Drop for Capture {
    fn drop(&mut self) {
        if self._turn.is_some() {
            let _ = self.provider.shutdown();
        }
    }
}

impl Capture {
    pub fn start() -> Capture {
        Capture::with_max_level(tracing::level_filters::LevelFilter::TRACE)
    }

    /// Captures only spans at `max_level` or more severe.
    pub fn with_max_level(max_level: tracing::level_filters::LevelFilter) -> Capture {
        Capture::filtered(|provider, counts| {
            tracing::subscriber::set_default(bridged_subscriber(provider, counts).with(max_level))
        })
    }

    /// Captures only the spans whose targets `targets` enables, as an
    /// `EnvFilter` directive naming a target would.
    pub fn with_targets(targets: tracing_subscriber::filter::Targets) -> Capture {
        Capture::filtered(|provider, counts| {
            tracing::subscriber::set_default(bridged_subscriber(provider, counts).with(targets))
        })
    }

    fn filtered(install: impl FnOnce(&SdkTracerProvider, Arc<Counts>) -> DefaultGuard) -> Capture {
        let exporter = InMemorySpanExporter::default();
        let provider = SdkTracerProvider::builder()
            .with_simple_exporter(exporter.clone())
            .build();
        let counts = Arc::new(Counts::default());
        let guard = install(&provider, counts.clone());
        Capture {
            exporter,
            provider,
            counts,
            _guard: Some(guard),
            _turn: None,
        }
    }

    /// Captures the spans of the `opentelemetry` backend: a provider installed
    /// as the global one, and no `tracing` subscriber anywhere.
    pub fn global_otel() -> Capture {
        static TURN: Mutex<()> = Mutex::new(());
        let turn = TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let exporter = InMemorySpanExporter::default();
        let counts = Arc::new(Counts::default());
        let provider = SdkTracerProvider::builder()
            .with_span_processor(CountProcessor(counts.clone()))
            .with_simple_exporter(exporter.clone())
            .build();
        opentelemetry::global::set_tracer_provider(provider.clone());
        Capture {
            exporter,
            provider,
            counts,
            _guard: None,
            _turn: Some(turn),
        }
    }

    /// The global provider and a `tracing` subscriber exporting to it,
    /// current on this thread until the capture ends: the setup
    /// `export::install` makes, where a call may take either route.
    pub fn global_otel_and_tracing() -> Capture {
        let mut capture = Capture::global_otel();
        let subscriber = bridged_subscriber(&capture.provider, capture.counts.clone());
        capture._guard = Some(tracing::subscriber::set_default(subscriber));
        capture
    }

    /// Every span exported so far, in the order they ended.
    pub fn spans(&self) -> Vec<SpanData> {
        let _ = self.provider.force_flush();
        self.exporter
            .get_finished_spans()
            .expect("in-memory exporter")
    }

    /// The one exported span with this name.
    pub fn span(&self, name: &str) -> SpanData {
        let spans = self.spans();
        let mut matching = spans.iter().filter(|s| s.name == name);
        let span = matching
            .next()
            .unwrap_or_else(|| panic!("no span named {name:?}; got {:?}", names(&spans)));
        assert!(
            matching.next().is_none(),
            "more than one span named {name:?}"
        );
        span.clone()
    }

    /// Every span that started has ended, and was exported.
    pub fn assert_all_ended(&self) {
        let started = self.counts.started.load(Ordering::SeqCst);
        let ended = self.counts.ended.load(Ordering::SeqCst);
        assert_eq!(started, ended, "{started} spans started but {ended} ended");
        assert_eq!(
            self.spans().len(),
            ended,
            "every ended span is exported once"
        );
    }
}

pub fn names(spans: &[SpanData]) -> Vec<String> {
    spans.iter().map(|s| s.name.to_string()).collect()
}

/// The value of an attribute, if the span has it.
pub fn attribute(span: &SpanData, key: &str) -> Option<Value> {
    span.attributes
        .iter()
        .find(|kv| kv.key.as_str() == key)
        .map(|kv| kv.value.clone())
}

pub fn string_attribute(span: &SpanData, key: &str) -> Option<String> {
    attribute(span, key).map(|v| v.as_str().into_owned())
}

pub fn duration(span: &SpanData) -> Duration {
    span.end_time
        .duration_since(span.start_time)
        .expect("a span ends after it starts")
}

pub fn is_client(span: &SpanData) -> bool {
    span.span_kind == SpanKind::Client
}

pub fn is_error(span: &SpanData) -> bool {
    matches!(span.status, Status::Error { .. })
}

pub fn error_description(span: &SpanData) -> Option<String> {
    match &span.status {
        Status::Error { description } => Some(description.to_string()),
        _ => None,
    }
}

pub fn parent_of(span: &SpanData) -> SpanId {
    span.parent_span_id
}

/// The span failed: status Error and `error.type`.
pub fn assert_failed_with(span: &SpanData, error_type: &str) {
    assert!(is_error(span), "{} did not fail", span.name);
    assert_eq!(
        string_attribute(span, "error.type").as_deref(),
        Some(error_type),
        "{}",
        span.name
    );
}

/// `server.address` and `server.port`.
pub fn assert_server(span: &SpanData, address: &str, port: u16) {
    assert_eq!(
        string_attribute(span, "server.address").as_deref(),
        Some(address),
        "{}",
        span.name
    );
    assert_eq!(
        attribute(span, "server.port").map(|v| v.to_string()),
        Some(port.to_string()),
        "{}",
        span.name
    );
}

/// `child` is a child of `parent`, in the same trace.
pub fn assert_child_of(child: &SpanData, parent: &SpanData) {
    let names = format!("{} under {}", child.name, parent.name);
    assert_eq!(
        child.span_context.trace_id(),
        parent.span_context.trace_id(),
        "{names}"
    );
    assert_eq!(
        child.parent_span_id,
        parent.span_context.span_id(),
        "{names}"
    );
}

/// A subscriber bridging `tracing` to `provider` through tracing-opentelemetry,
/// with spans counted in `counts`.
pub fn bridged_subscriber(
    provider: &SdkTracerProvider,
    counts: Arc<Counts>,
) -> impl tracing::Subscriber + Send + Sync {
    tracing_subscriber::registry()
        .with(tracing_opentelemetry::layer().with_tracer(provider.tracer("tests")))
        .with(CountSpans(counts))
}

/// The attributes tracing-opentelemetry adds on its own (code location,
/// thread); everything else on a span was recorded by instrument-proxy.
pub fn is_location_attribute(key: &str) -> bool {
    key.starts_with("code.")
        || key.starts_with("thread.")
        || key == "target"
        || key == "busy_ns"
        || key == "idle_ns"
}

/// A single-threaded runtime: the capture is per thread.
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
        .block_on(future)
}

/// Fails when any planted secret appears in what a backend received: span
/// names, attribute values, status descriptions, event names and attributes.
/// The one scan every secrecy test uses.
pub fn assert_no_secret(spans: &[SpanData], secrets: &[&str]) {
    for span in spans {
        let mut texts: Vec<String> = vec![span.name.to_string()];
        texts.extend(
            span.attributes
                .iter()
                .map(|kv| kv.value.as_str().into_owned()),
        );
        if let Status::Error { description } = &span.status {
            texts.push(description.to_string());
        }
        for event in span.events.iter() {
            texts.push(event.name.to_string());
            texts.extend(
                event
                    .attributes
                    .iter()
                    .map(|kv| kv.value.as_str().into_owned()),
            );
        }
        for text in texts {
            for secret in secrets {
                assert!(
                    !text.contains(secret),
                    "span {} carries the secret {secret:?} in {text:?}",
                    span.name
                );
            }
        }
    }
}

/// What the scenarios shared by both backends (`tests/expectations`,
/// `tests/compat`) call as `crate::capture()` and `crate::inner_span()`,
/// with the `tracing` backend: tracing spans through tracing-opentelemetry.
pub mod tracing_backend {
    pub fn capture() -> super::Capture {
        super::Capture::start()
    }

    /// A span of the caller's own, current until dropped.
    pub fn inner_span() -> tracing::span::EnteredSpan {
        tracing::info_span!("inner").entered()
    }
}

/// The same with the `opentelemetry` backend: no `tracing` subscriber, spans
/// made through the global provider.
pub mod otel_backend {
    use opentelemetry::trace::{TraceContextExt, Tracer};

    pub fn capture() -> super::Capture {
        super::Capture::global_otel()
    }

    /// A span of the caller's own, current until dropped.
    pub fn inner_span() -> opentelemetry::ContextGuard {
        let span = opentelemetry::global::tracer("tests").start("inner");
        opentelemetry::Context::current_with_span(span).attach()
    }
}

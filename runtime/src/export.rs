//! An OpenTelemetry SDK pipeline for examples and small services (feature
//! `export`).
//!
//! [`install`] exports over OTLP/HTTP (protobuf, gzip, batch processor) when
//! `OTEL_EXPORTER_OTLP_ENDPOINT` is set, and to stdout otherwise;
//! [`install_with`] takes the exporter to use when the variable is not set,
//! such as [`SpanTree`], which prints the spans as a tree.
//! Either sets the global `TracerProvider` and a global `tracing` subscriber
//! bridged by tracing-opentelemetry, so both backends reach the same pipeline.
//! The returned [`Telemetry`] flushes and shuts the pipeline down when
//! dropped. An exporter that cannot reach its collector never fails a call:
//! the batch processor drops what it cannot send.

use std::sync::Mutex;
use std::time::Duration;

use opentelemetry::trace::{SpanId, Status, TracerProvider as _};
use opentelemetry_otlp::{WithExportConfig, WithHttpConfig};
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{BatchSpanProcessor, SdkTracerProvider, SpanData, SpanExporter};
use opentelemetry_sdk::Resource;
use tracing_subscriber::layer::SubscriberExt;

/// How long one OTLP export may take before it is given up.
const EXPORT_TIMEOUT: Duration = Duration::from_secs(2);

/// The installed pipeline; dropping it flushes and shuts it down.
#[derive(Debug)]
#[must_use = "dropping it shuts the pipeline down"]
pub struct Telemetry {
    provider: SdkTracerProvider,
}

impl Telemetry {
    /// The provider, for tracers of your own.
    #[must_use]
    pub fn provider(&self) -> &SdkTracerProvider {
        &self.provider
    }
}

impl Drop for Telemetry {
    fn drop(&mut self) {
        // Errors here mean spans were not delivered; the program goes on.
        let _ = self.provider.force_flush();
        let _ = self.provider.shutdown();
    }
}

/// OTLP when `OTEL_EXPORTER_OTLP_ENDPOINT` is set, stdout otherwise.
pub fn install(service_name: &'static str) -> Telemetry {
    install_with(service_name, opentelemetry_stdout::SpanExporter::default())
}

/// OTLP when `OTEL_EXPORTER_OTLP_ENDPOINT` is set, `exporter` otherwise
/// (with a simple processor: each span is handed over when it ends).
pub fn install_with<E: SpanExporter + 'static>(
    service_name: &'static str,
    exporter: E,
) -> Telemetry {
    match std::env::var("OTEL_EXPORTER_OTLP_ENDPOINT") {
        // The exporter reads the variable itself and appends `/v1/traces`.
        Ok(endpoint) if !endpoint.trim().is_empty() => install_otlp(service_name, None),
        _ => install_provider(
            SdkTracerProvider::builder()
                .with_resource(resource(service_name))
                .with_simple_exporter(exporter)
                .build(),
        ),
    }
}

/// OTLP/HTTP with protobuf, gzip and a batch processor. `traces_endpoint` is
/// the full URL (`http://collector:4318/v1/traces`); `None` reads the
/// standard `OTEL_EXPORTER_OTLP_*` variables. If the exporter cannot be built,
/// spans are dropped and calls go on.
pub fn install_otlp(service_name: &'static str, traces_endpoint: Option<&str>) -> Telemetry {
    let mut builder = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .with_protocol(opentelemetry_otlp::Protocol::HttpBinary)
        .with_compression(opentelemetry_otlp::Compression::Gzip)
        .with_timeout(EXPORT_TIMEOUT);
    if let Some(endpoint) = traces_endpoint {
        builder = builder.with_endpoint(endpoint);
    }
    let provider = SdkTracerProvider::builder().with_resource(resource(service_name));
    let provider = match builder.build() {
        Ok(exporter) => provider.with_span_processor(BatchSpanProcessor::builder(exporter).build()),
        Err(_) => provider,
    };
    install_provider(provider.build())
}

fn resource(service_name: &'static str) -> Resource {
    Resource::builder().with_service_name(service_name).build()
}

fn install_provider(provider: SdkTracerProvider) -> Telemetry {
    opentelemetry::global::set_tracer_provider(provider.clone());
    let layer = tracing_opentelemetry::layer().with_tracer(provider.tracer("instrument-proxy"));
    // Another global subscriber may already be installed: then the global
    // provider alone receives the spans.
    let _ = tracing::subscriber::set_global_default(tracing_subscriber::registry().with(layer));
    Telemetry { provider }
}

/// An exporter that keeps the spans and prints them to stdout as a tree,
/// indented under their parents with durations, status and attributes, when
/// the pipeline shuts down. For examples and debugging.
#[derive(Debug, Default)]
pub struct SpanTree {
    spans: Mutex<Vec<SpanData>>,
}

impl SpanExporter for SpanTree {
    async fn export(&self, batch: Vec<SpanData>) -> OTelSdkResult {
        self.spans
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend(batch);
        Ok(())
    }

    fn shutdown_with_timeout(&self, _: Duration) -> OTelSdkResult {
        let spans = std::mem::take(
            &mut *self
                .spans
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        let mut tree = String::new();
        render(&spans, SpanId::INVALID, 0, &mut tree);
        println!("\nspans ({} exported):\n{tree}", spans.len());
        Ok(())
    }
}

/// Appends the children of `parent`, oldest first, then theirs.
fn render(spans: &[SpanData], parent: SpanId, depth: usize, out: &mut String) {
    use std::fmt::Write as _;
    let mut children: Vec<&SpanData> = spans
        .iter()
        .filter(|s| s.parent_span_id == parent)
        .collect();
    children.sort_by_key(|s| s.start_time);
    let indent = "  ".repeat(depth);
    for span in children {
        let elapsed = span
            .end_time
            .duration_since(span.start_time)
            .unwrap_or_default();
        let status = match &span.status {
            Status::Error { description } => format!("  ERROR: {description}"),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "{indent}{} [{:?}] {elapsed:.1?}{status}",
            span.name, span.span_kind
        );
        let attributes: Vec<String> = span
            .attributes
            .iter()
            .filter(|kv| {
                let key = kv.key.as_str();
                !(key.starts_with("code.")
                    || key.starts_with("thread.")
                    || key == "target"
                    || key.ends_with("_ns"))
            })
            .map(|kv| format!("{}={}", kv.key, kv.value))
            .collect();
        if !attributes.is_empty() {
            let _ = writeln!(out, "{indent}  {}", attributes.join(" "));
        }
        render(spans, span.span_context.span_id(), depth + 1, out);
    }
}

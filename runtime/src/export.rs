//! An OpenTelemetry SDK pipeline for examples and small services (feature
//! `export`).
//!
//! [`install`] exports over OTLP/HTTP (protobuf, gzip, batch processor) when
//! `OTEL_EXPORTER_OTLP_ENDPOINT` is set, and to stdout otherwise;
//! [`install_with`] takes the exporter to use when the variable is not set,
//! such as [`SpanTree`], which prints the spans as a tree.
//! Either sets the global `TracerProvider` and a global `tracing` subscriber
//! bridged by tracing-opentelemetry, so both backends reach the same pipeline.
//! With the `metrics` feature, they also set the global `MeterProvider`
//! (through [`crate::metrics::set_meter_provider`]): OTLP with a periodic
//! reader when the variable is set, otherwise a [`MetricSummary`] that prints
//! each operation's count, errors and p50/p99 when the pipeline shuts down.
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
    #[cfg(feature = "metrics")]
    meters: Option<opentelemetry_sdk::metrics::SdkMeterProvider>,
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
        #[cfg(feature = "metrics")]
        if let Some(meters) = &self.meters {
            let _ = meters.force_flush();
            let _ = meters.shutdown();
        }
    }
}

/// OTLP when `OTEL_EXPORTER_OTLP_ENDPOINT` or
/// `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set, stdout otherwise.
pub fn install(service_name: &'static str) -> Telemetry {
    install_with(service_name, opentelemetry_stdout::SpanExporter::default())
}

/// OTLP when `OTEL_EXPORTER_OTLP_ENDPOINT` or
/// `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set, `exporter` otherwise (with a
/// simple processor: each span is handed over when it ends).
pub fn install_with<E: SpanExporter + 'static>(
    service_name: &'static str,
    exporter: E,
) -> Telemetry {
    // The exporter reads the variables itself (appending `/v1/traces` to the
    // generic endpoint).
    if env_set(&[
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    ]) {
        return install_otlp(service_name, None);
    }
    #[allow(unused_mut)]
    let mut telemetry = install_provider(
        SdkTracerProvider::builder()
            .with_resource(resource(service_name))
            .with_simple_exporter(exporter)
            .build(),
    );
    #[cfg(feature = "metrics")]
    {
        telemetry.meters = Some(install_meters(service_name, MetricSummary::default()));
    }
    telemetry
}

/// HTTP with protobuf, and gzip and a 2 s timeout where neither the generic
/// variable nor the signal's (`TRACES`, `METRICS`) says otherwise.
fn with_defaults<B: WithExportConfig + WithHttpConfig>(builder: B, signal: &str) -> B {
    let mut builder = builder.with_protocol(opentelemetry_otlp::Protocol::HttpBinary);
    let set = |setting: &str| {
        env_set(&[
            &format!("OTEL_EXPORTER_OTLP_{setting}"),
            &format!("OTEL_EXPORTER_OTLP_{signal}_{setting}"),
        ])
    };
    if !set("COMPRESSION") {
        builder = builder.with_compression(opentelemetry_otlp::Compression::Gzip);
    }
    if !set("TIMEOUT") {
        builder = builder.with_timeout(EXPORT_TIMEOUT);
    }
    builder
}

/// Whether any of these environment variables holds a value.
fn env_set(names: &[&str]) -> bool {
    names
        .iter()
        .any(|name| std::env::var(name).is_ok_and(|v| !v.trim().is_empty()))
}

/// OTLP/HTTP with protobuf and a batch processor. `traces_endpoint` is the
/// full URL (`http://collector:4318/v1/traces`); `None` reads the standard
/// `OTEL_EXPORTER_OTLP_*` variables. The exporter reads the rest of them
/// (`*_HEADERS`, `*_TIMEOUT`, `*_COMPRESSION`, with the signal-specific ones
/// first); where they are not set, this pipeline compresses with gzip and
/// gives an export 2 s. If the exporter cannot be built, spans are dropped and
/// calls go on.
pub fn install_otlp(service_name: &'static str, traces_endpoint: Option<&str>) -> Telemetry {
    let mut builder = with_defaults(
        opentelemetry_otlp::SpanExporter::builder().with_http(),
        "TRACES",
    );
    if let Some(endpoint) = traces_endpoint {
        builder = builder.with_endpoint(endpoint);
    }
    let provider = SdkTracerProvider::builder().with_resource(resource(service_name));
    let provider = match builder.build() {
        Ok(exporter) => provider.with_span_processor(BatchSpanProcessor::builder(exporter).build()),
        Err(_) => provider,
    };
    #[allow(unused_mut)]
    let mut telemetry = install_provider(provider.build());
    #[cfg(feature = "metrics")]
    {
        // The exporter reads the standard variables and appends
        // `/v1/metrics`; a traces endpoint given here names the collector.
        let mut builder = with_defaults(
            opentelemetry_otlp::MetricExporter::builder().with_http(),
            "METRICS",
        );
        // Only a traces endpoint given (here or in its variable): the
        // metrics go to the same collector.
        let traces_endpoint = traces_endpoint.map(str::to_owned).or_else(|| {
            (!env_set(&[
                "OTEL_EXPORTER_OTLP_ENDPOINT",
                "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
            ]))
            .then(|| std::env::var("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT").ok())
            .flatten()
        });
        if let Some(endpoint) = traces_endpoint {
            let base = endpoint.strip_suffix("/v1/traces").unwrap_or(&endpoint);
            builder = builder.with_endpoint(format!("{base}/v1/metrics"));
        }
        let exporter = builder.build();
        if let Ok(exporter) = exporter {
            telemetry.meters = Some(install_meters(service_name, exporter));
        }
    }
    telemetry
}

/// A meter provider with a periodic reader over `exporter`, installed as the
/// global one.
#[cfg(feature = "metrics")]
fn install_meters<E: opentelemetry_sdk::metrics::exporter::PushMetricExporter>(
    service_name: &'static str,
    exporter: E,
) -> opentelemetry_sdk::metrics::SdkMeterProvider {
    let provider = opentelemetry_sdk::metrics::SdkMeterProvider::builder()
        .with_resource(resource(service_name))
        .with_reader(opentelemetry_sdk::metrics::PeriodicReader::builder(exporter).build())
        .build();
    crate::metrics::set_meter_provider(provider.clone());
    provider
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
    Telemetry {
        provider,
        #[cfg(feature = "metrics")]
        meters: None,
    }
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

/// A metric exporter that keeps the last export and prints, when the
/// pipeline shuts down, each operation's calls, errors and estimated p50 and
/// p99 from its duration histogram. For examples and debugging.
#[cfg(feature = "metrics")]
#[derive(Debug, Default)]
pub struct MetricSummary {
    rows: Mutex<Vec<SummaryRow>>,
}

#[cfg(feature = "metrics")]
#[derive(Debug, Clone)]
struct SummaryRow {
    operation: String,
    count: u64,
    errors: u64,
    bounds: Vec<f64>,
    buckets: Vec<u64>,
    max: Option<f64>,
}

#[cfg(feature = "metrics")]
impl opentelemetry_sdk::metrics::exporter::PushMetricExporter for MetricSummary {
    async fn export(
        &self,
        metrics: &opentelemetry_sdk::metrics::data::ResourceMetrics,
    ) -> OTelSdkResult {
        use opentelemetry_sdk::metrics::data::{AggregatedMetrics, MetricData};
        let mut rows: Vec<SummaryRow> = Vec::new();
        for scope in metrics.scope_metrics() {
            for metric in scope.metrics() {
                let AggregatedMetrics::F64(MetricData::Histogram(histogram)) = metric.data() else {
                    continue;
                };
                for point in histogram.data_points() {
                    let attribute = |key: &str| {
                        point
                            .attributes()
                            .find(|kv| kv.key.as_str() == key)
                            .map(|kv| kv.value.as_str().into_owned())
                    };
                    let operation = attribute("db.operation.name")
                        .or_else(|| attribute("http.request.method"))
                        .unwrap_or_default();
                    let operation = format!("{} {operation}", metric.name()).trim().to_owned();
                    let errors = if attribute("error.type").is_some() {
                        point.count()
                    } else {
                        0
                    };
                    let buckets: Vec<u64> = point.bucket_counts().collect();
                    match rows.iter_mut().find(|r| r.operation == operation) {
                        Some(row) => {
                            row.count += point.count();
                            row.errors += errors;
                            for (total, add) in row.buckets.iter_mut().zip(&buckets) {
                                *total += add;
                            }
                            row.max = match (row.max, point.max()) {
                                (Some(a), Some(b)) => Some(a.max(b)),
                                (a, b) => a.or(b),
                            };
                        }
                        None => rows.push(SummaryRow {
                            operation,
                            count: point.count(),
                            errors,
                            bounds: point.bounds().collect(),
                            buckets,
                            max: point.max(),
                        }),
                    }
                }
            }
        }
        *self
            .rows
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = rows;
        Ok(())
    }

    fn force_flush(&self) -> OTelSdkResult {
        Ok(())
    }

    fn shutdown_with_timeout(&self, _: Duration) -> OTelSdkResult {
        use std::fmt::Write as _;
        let mut rows = std::mem::take(
            &mut *self
                .rows
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        rows.sort_by(|a, b| a.operation.cmp(&b.operation));
        let mut out = String::new();
        for row in &rows {
            let _ = writeln!(
                out,
                "  {:<48} calls {:>4}  errors {:>3}  p50 {:>9}  p99 {:>9}",
                row.operation,
                row.count,
                row.errors,
                seconds(quantile(row, 0.50)),
                seconds(quantile(row, 0.99)),
            );
        }
        println!("\ncall durations ({} operations):\n{out}", rows.len());
        Ok(())
    }

    fn temporality(&self) -> opentelemetry_sdk::metrics::Temporality {
        opentelemetry_sdk::metrics::Temporality::Cumulative
    }
}

/// The `q` quantile, estimated from the histogram's buckets (linearly within
/// the bucket, the largest value seen for the last one).
#[cfg(feature = "metrics")]
fn quantile(row: &SummaryRow, q: f64) -> Option<f64> {
    if row.count == 0 {
        return None;
    }
    #[allow(clippy::cast_precision_loss)]
    let rank = q * row.count as f64;
    let mut seen = 0.0;
    for (index, count) in row.buckets.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let count = *count as f64;
        if count > 0.0 && seen + count >= rank {
            let lower = if index == 0 {
                0.0
            } else {
                row.bounds[index - 1]
            };
            let upper = row.bounds.get(index).copied().or(row.max).unwrap_or(lower);
            let upper = row.max.map_or(upper, |max| upper.min(max));
            return Some(lower + (upper - lower) * ((rank - seen) / count));
        }
        seen += count;
    }
    row.max
}

#[cfg(feature = "metrics")]
fn seconds(value: Option<f64>) -> String {
    match value {
        None => "-".into(),
        Some(s) if s < 1e-3 => format!("{:.0} µs", s * 1e6),
        Some(s) if s < 1.0 => format!("{:.1} ms", s * 1e3),
        Some(s) => format!("{s:.2} s"),
    }
}

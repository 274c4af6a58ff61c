//! Exporters that print: the span tree and the per-operation latency
//! summary the quickstart shows.

use std::sync::Mutex;
use std::time::Duration;

use opentelemetry::trace::{SpanId, Status};
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{SpanData, SpanExporter};

/// An exporter that keeps the spans and prints them to stdout as a tree,
/// indented under their parents with durations, status and attributes, when
/// the pipeline shuts down. For examples and debugging.
#[derive(Debug, Default)]
pub struct SpanTree {
    pub(super) spans: Mutex<Vec<SpanData>>,
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
pub(super) fn render(spans: &[SpanData], parent: SpanId, depth: usize, out: &mut String) {
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
    pub(super) rows: Mutex<Vec<SummaryRow>>,
}

#[cfg(feature = "metrics")]
#[derive(Debug, Clone)]
pub(super) struct SummaryRow {
    pub(super) operation: String,
    pub(super) count: u64,
    pub(super) errors: u64,
    pub(super) bounds: Vec<f64>,
    pub(super) buckets: Vec<u64>,
    pub(super) max: Option<f64>,
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
pub(super) fn quantile(row: &SummaryRow, q: f64) -> Option<f64> {
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
pub(super) fn seconds(value: Option<f64>) -> String {
    match value {
        None => "-".into(),
        Some(s) if s < 1e-3 => format!("{:.0} µs", s * 1e6),
        Some(s) if s < 1.0 => format!("{:.1} ms", s * 1e3),
        Some(s) => format!("{s:.2} s"),
    }
}

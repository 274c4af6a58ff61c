//! What the pipeline delivered: the report [`Telemetry::shutdown`](super::Telemetry::shutdown)
//! returns, and the exporter wrapper that counts deliveries and keeps errors.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{SpanData, SpanExporter};
use opentelemetry_sdk::Resource;

/// How many distinct error messages a report keeps.
const MAX_ERRORS: usize = 8;

/// What an OTLP pipeline delivered, from [`Telemetry::shutdown`](super::Telemetry::shutdown). Its
/// `Display` is one line for a program to print: where the spans went, how
/// many arrived, and why the others did not. It never holds header values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExportReport {
    /// The OTLP traces endpoint, without credentials; `None` when spans went
    /// to a local exporter (stdout, [`SpanTree`](super::SpanTree)).
    pub endpoint: Option<String>,
    /// Spans the collector accepted.
    pub spans_exported: u64,
    /// Spans that did not reach it.
    pub spans_failed: u64,
    /// Metric exports the collector accepted.
    pub metric_exports: u64,
    /// Metric exports that did not reach it.
    pub metric_exports_failed: u64,
    /// Why exports failed or the configuration could not be used, each
    /// message once (at most eight).
    pub errors: Vec<String>,
    /// `OTEL_SDK_DISABLED=true`: nothing was installed.
    pub disabled: bool,
}

impl ExportReport {
    /// Whether everything exported arrived and the configuration was used as
    /// given.
    #[must_use]
    pub fn is_ok(&self) -> bool {
        self.disabled
            || (self.spans_failed == 0 && self.metric_exports_failed == 0 && self.errors.is_empty())
    }

    pub(super) fn error(&mut self, message: String) {
        if self.errors.len() < MAX_ERRORS && !self.errors.contains(&message) {
            self.errors.push(message);
        }
    }
}

impl fmt::Display for ExportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.disabled {
            return write!(f, "nothing exported: OTEL_SDK_DISABLED=true");
        }
        let Some(endpoint) = &self.endpoint else {
            return write!(f, "spans printed locally");
        };
        if self.is_ok() {
            write!(f, "{} spans exported to {endpoint}", self.spans_exported)?;
        } else {
            write!(
                f,
                "export to {endpoint} failed: {} of {} spans not delivered",
                self.spans_failed,
                self.spans_exported + self.spans_failed
            )?;
            if self.metric_exports_failed > 0 {
                write!(f, ", {} metric exports failed", self.metric_exports_failed)?;
            }
            if !self.errors.is_empty() {
                write!(f, " ({})", self.errors.join("; "))?;
            }
        }
        Ok(())
    }
}

pub(super) fn lock(report: &Mutex<ExportReport>) -> std::sync::MutexGuard<'_, ExportReport> {
    report.lock().unwrap_or_else(PoisonError::into_inner)
}

/// An exporter that counts what it delivered and keeps why it failed.
#[derive(Debug)]
pub(super) struct Reported<E> {
    pub(super) inner: E,
    pub(super) report: Arc<Mutex<ExportReport>>,
}

impl<E> Reported<E> {
    pub(super) fn record(&self, result: &OTelSdkResult, count: u64, metrics: bool) {
        let mut report = lock(&self.report);
        let (ok, failed) = if metrics {
            let r = &mut *report;
            (&mut r.metric_exports, &mut r.metric_exports_failed)
        } else {
            let r = &mut *report;
            (&mut r.spans_exported, &mut r.spans_failed)
        };
        match result {
            Ok(()) => *ok += count,
            Err(error) => {
                *failed += count;
                let error = error.to_string();
                report.error(error);
            }
        }
    }
}

impl<E: SpanExporter> SpanExporter for Reported<E> {
    async fn export(&self, batch: Vec<SpanData>) -> OTelSdkResult {
        let count = batch.len() as u64;
        let result = self.inner.export(batch).await;
        self.record(&result, count, false);
        result
    }

    fn shutdown_with_timeout(&self, timeout: Duration) -> OTelSdkResult {
        self.inner.shutdown_with_timeout(timeout)
    }

    fn force_flush(&self) -> OTelSdkResult {
        self.inner.force_flush()
    }

    fn set_resource(&mut self, resource: &Resource) {
        self.inner.set_resource(resource);
    }
}

#[cfg(feature = "metrics")]
impl<E: opentelemetry_sdk::metrics::exporter::PushMetricExporter>
    opentelemetry_sdk::metrics::exporter::PushMetricExporter for Reported<E>
{
    async fn export(
        &self,
        metrics: &opentelemetry_sdk::metrics::data::ResourceMetrics,
    ) -> OTelSdkResult {
        let result = self.inner.export(metrics).await;
        self.record(&result, 1, true);
        result
    }

    fn force_flush(&self) -> OTelSdkResult {
        self.inner.force_flush()
    }

    fn shutdown_with_timeout(&self, timeout: Duration) -> OTelSdkResult {
        self.inner.shutdown_with_timeout(timeout)
    }

    fn temporality(&self) -> opentelemetry_sdk::metrics::Temporality {
        self.inner.temporality()
    }
}

//! An OpenTelemetry SDK pipeline for examples and small services (feature
//! `export`).
//!
//! [`install`] exports over OTLP/HTTP (batch processor) when
//! `OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is
//! set, and to stdout otherwise; [`install_with`] takes the exporter to use
//! when neither is set, such as [`SpanTree`], which prints the spans as a
//! tree. Either sets the global `TracerProvider` and a global `tracing`
//! subscriber bridged by tracing-opentelemetry, so both backends reach the
//! same pipeline. With the `metrics` feature, they also set the global
//! `MeterProvider` (through [`crate::metrics::set_meter_provider`]): OTLP
//! with a periodic reader when a collector is named, otherwise a
//! [`MetricSummary`] that prints each operation's count, errors and p50/p99
//! when the pipeline shuts down.
//!
//! # Configuration
//!
//! The OTLP exporter follows the standard `OTEL_EXPORTER_OTLP_*` variables,
//! the signal's own (`…_TRACES_…`, `…_METRICS_…`) before the generic one:
//!
//! | variable | effect | default here |
//! |---|---|---|
//! | `…_ENDPOINT` | the collector (`/v1/traces` and `/v1/metrics` appended to the generic one); a traces endpoint alone sends metrics to the same collector | — |
//! | `…_PROTOCOL` | `http/protobuf` or `http/json` (`grpc` is not built in: reported) | `http/protobuf` |
//! | `…_HEADERS` | `key=value,…` sent with every export (API keys: never printed) | — |
//! | `…_COMPRESSION` | `gzip` or `none` | `gzip` |
//! | `…_TIMEOUT` | milliseconds one export may take | 2000 |
//! | `…_CERTIFICATE` | PEM file of the certificate authorities to trust for `https` besides the system's | — |
//! | `…_CLIENT_CERTIFICATE`, `…_CLIENT_KEY` | PEM files of the client's certificate and key, for collectors that ask for one (mutual TLS) | — |
//!
//! `https` endpoints use rustls, verified against the system's certificate
//! store and the `…_CERTIFICATE` file.
//!
//! # Failures
//!
//! An exporter that cannot reach its collector never fails a call: the batch
//! processor drops what it cannot send. [`Telemetry::shutdown`] flushes and
//! returns an [`ExportReport`] that says how many spans reached the
//! collector and why the others did not; a configuration the exporter cannot
//! use (an unreadable certificate, `grpc`) is reported there too, and on
//! stderr when the pipeline is installed. Dropping [`Telemetry`] flushes and
//! shuts down without a report.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use opentelemetry::trace::{SpanId, Status, TracerProvider as _};
use opentelemetry_otlp::{WithExportConfig, WithHttpConfig};
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{BatchSpanProcessor, SdkTracerProvider, SpanData, SpanExporter};
use opentelemetry_sdk::Resource;
use tracing_subscriber::layer::SubscriberExt;

/// How long one OTLP export may take where no variable says.
const EXPORT_TIMEOUT: Duration = Duration::from_secs(2);

/// How many distinct error messages a report keeps.
const MAX_ERRORS: usize = 8;

/// The installed pipeline; dropping it flushes and shuts it down.
#[derive(Debug)]
#[must_use = "dropping it shuts the pipeline down"]
pub struct Telemetry {
    provider: SdkTracerProvider,
    #[cfg(feature = "metrics")]
    meters: Option<opentelemetry_sdk::metrics::SdkMeterProvider>,
    report: Arc<Mutex<ExportReport>>,
    shut_down: bool,
}

impl Telemetry {
    /// The provider, for tracers of your own.
    #[must_use]
    pub fn provider(&self) -> &SdkTracerProvider {
        &self.provider
    }

    /// Flushes, shuts the pipeline down and says what reached the
    /// collector.
    pub fn shutdown(mut self) -> ExportReport {
        self.close();
        lock(&self.report).clone()
    }

    fn close(&mut self) {
        if std::mem::replace(&mut self.shut_down, true) {
            return;
        }
        // Failures here are counted by the exporters; the program goes on.
        let _ = self.provider.force_flush();
        let _ = self.provider.shutdown();
        #[cfg(feature = "metrics")]
        if let Some(meters) = &self.meters {
            let _ = meters.force_flush();
            let _ = meters.shutdown();
        }
    }
}

impl Drop for Telemetry {
    fn drop(&mut self) {
        self.close();
    }
}

/// What an OTLP pipeline delivered, from [`Telemetry::shutdown`]. Its
/// `Display` is one line for a program to print: where the spans went, how
/// many arrived, and why the others did not. It never holds header values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExportReport {
    /// The OTLP traces endpoint, without credentials; `None` when spans went
    /// to a local exporter (stdout, [`SpanTree`]).
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
}

impl ExportReport {
    /// Whether everything exported arrived and the configuration was used as
    /// given.
    #[must_use]
    pub fn is_ok(&self) -> bool {
        self.spans_failed == 0 && self.metric_exports_failed == 0 && self.errors.is_empty()
    }

    fn error(&mut self, message: String) {
        if self.errors.len() < MAX_ERRORS && !self.errors.contains(&message) {
            self.errors.push(message);
        }
    }
}

impl fmt::Display for ExportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
    if Signal::Traces.var("ENDPOINT").is_some() {
        return install_otlp(service_name, None);
    }
    #[allow(unused_mut)]
    let mut telemetry = install_provider(
        SdkTracerProvider::builder()
            .with_resource(resource(service_name))
            .with_simple_exporter(exporter)
            .build(),
        Arc::default(),
    );
    #[cfg(feature = "metrics")]
    {
        telemetry.meters = Some(install_meters(service_name, MetricSummary::default()));
    }
    telemetry
}

/// OTLP/HTTP with a batch processor. `traces_endpoint` is the full URL
/// (`https://collector:4318/v1/traces`); `None` reads the standard variables
/// (see [the module](self)). If the exporter cannot be built, spans are
/// dropped, calls go on, and the report says why.
pub fn install_otlp(service_name: &'static str, traces_endpoint: Option<&str>) -> Telemetry {
    let report = Arc::new(Mutex::new(ExportReport {
        endpoint: Some(redact(
            &traces_endpoint.map_or_else(|| signal_endpoint(Signal::Traces), str::to_owned),
        )),
        ..ExportReport::default()
    }));
    let mut builder = configure(
        opentelemetry_otlp::SpanExporter::builder().with_http(),
        Signal::Traces,
        &report,
    );
    if let Some(endpoint) = traces_endpoint {
        builder = builder.with_endpoint(endpoint);
    }
    let provider = SdkTracerProvider::builder().with_resource(resource(service_name));
    let provider = match builder.build() {
        Ok(exporter) => provider.with_span_processor(
            BatchSpanProcessor::builder(Reported {
                inner: exporter,
                report: report.clone(),
            })
            .build(),
        ),
        Err(error) => {
            lock(&report).error(format!("traces exporter not built: {error}"));
            provider
        }
    };
    #[allow(unused_mut)]
    let mut telemetry = install_provider(provider.build(), report.clone());
    #[cfg(feature = "metrics")]
    {
        let mut builder = configure(
            opentelemetry_otlp::MetricExporter::builder().with_http(),
            Signal::Metrics,
            &report,
        );
        // Only a traces endpoint given (here or in its variable): the
        // metrics go to the same collector.
        let traces_endpoint = traces_endpoint.map(str::to_owned).or_else(|| {
            Signal::Metrics
                .var("ENDPOINT")
                .is_none()
                .then(|| std::env::var("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT").ok())
                .flatten()
        });
        if let Some(endpoint) = traces_endpoint {
            let base = endpoint.strip_suffix("/v1/traces").unwrap_or(&endpoint);
            builder = builder.with_endpoint(format!("{base}/v1/metrics"));
        }
        match builder.build() {
            Ok(exporter) => {
                telemetry.meters = Some(install_meters(
                    service_name,
                    Reported {
                        inner: exporter,
                        report: report.clone(),
                    },
                ));
            }
            Err(error) => lock(&report).error(format!("metrics exporter not built: {error}")),
        }
    }
    for error in &lock(&report).errors {
        eprintln!("instrument-proxy export: {error}");
    }
    telemetry
}

fn lock(report: &Mutex<ExportReport>) -> std::sync::MutexGuard<'_, ExportReport> {
    report.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The two signals the pipeline exports.
#[derive(Clone, Copy)]
enum Signal {
    Traces,
    #[cfg(feature = "metrics")]
    Metrics,
}

impl Signal {
    fn name(self) -> &'static str {
        match self {
            Signal::Traces => "TRACES",
            #[cfg(feature = "metrics")]
            Signal::Metrics => "METRICS",
        }
    }

    /// The value of the signal's own variable, else of the generic one.
    fn var(self, setting: &str) -> Option<(String, String)> {
        [
            format!("OTEL_EXPORTER_OTLP_{}_{setting}", self.name()),
            format!("OTEL_EXPORTER_OTLP_{setting}"),
        ]
        .into_iter()
        .find_map(|name| {
            let value = std::env::var(&name).ok()?;
            (!value.trim().is_empty()).then(|| (name, value.trim().to_owned()))
        })
    }
}

/// The traces endpoint the exporter derives from the variables.
fn signal_endpoint(signal: Signal) -> String {
    let own = format!("OTEL_EXPORTER_OTLP_{}_ENDPOINT", signal.name());
    match std::env::var(&own) {
        Ok(endpoint) if !endpoint.trim().is_empty() => endpoint,
        _ => {
            let base = std::env::var("OTEL_EXPORTER_OTLP_ENDPOINT").unwrap_or_default();
            let path = match signal {
                Signal::Traces => "v1/traces",
                #[cfg(feature = "metrics")]
                Signal::Metrics => "v1/metrics",
            };
            format!("{}/{path}", base.trim().trim_end_matches('/'))
        }
    }
}

/// `endpoint` without the user and password an URL may carry.
fn redact(endpoint: &str) -> String {
    let Some((scheme, rest)) = endpoint.split_once("://") else {
        return endpoint.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://{}", &rest[at + 1..]),
        None => endpoint.to_owned(),
    }
}

/// The pipeline's defaults where no variable says otherwise (gzip, 2 s),
/// and the HTTP client: rustls, the certificates the variables name, the
/// timeout. Problems go to `report`.
fn configure<B: WithExportConfig + WithHttpConfig>(
    mut builder: B,
    signal: Signal,
    shared: &Arc<Mutex<ExportReport>>,
) -> B {
    let mut report = lock(shared);
    if let Some((name, value)) = signal.var("PROTOCOL") {
        if !matches!(
            value.to_ascii_lowercase().as_str(),
            "http/protobuf" | "http/json"
        ) {
            report.error(format!(
                "{name}={value} is not supported here (http/protobuf or http/json): \
                 http/protobuf used"
            ));
        }
    }
    if signal.var("COMPRESSION").is_none() {
        builder = builder.with_compression(opentelemetry_otlp::Compression::Gzip);
    }
    let parsed = signal
        .var("TIMEOUT")
        .map(|(name, value)| (value.parse().map(Duration::from_millis), name, value));
    let timeout = match parsed {
        Some((Ok(timeout), ..)) => timeout,
        Some((Err(_), name, value)) => {
            report.error(format!(
                "{name}={value} is not a number of milliseconds: {} ms used",
                EXPORT_TIMEOUT.as_millis()
            ));
            builder = builder.with_timeout(EXPORT_TIMEOUT);
            EXPORT_TIMEOUT
        }
        None => {
            builder = builder.with_timeout(EXPORT_TIMEOUT);
            EXPORT_TIMEOUT
        }
    };
    match http_client(signal, timeout, &mut report) {
        Ok(client) => builder.with_http_client(Transport {
            client,
            report: shared.clone(),
        }),
        Err(error) => {
            report.error(error);
            builder
        }
    }
}
/// The blocking HTTP client an exporter sends with: rustls, the system's
/// certificate store plus the `…_CERTIFICATE` file, the client certificate
/// of `…_CLIENT_CERTIFICATE` and `…_CLIENT_KEY`. Built on a thread of its
/// own, as the exporter builds its default one: a blocking client cannot be
/// built inside an async runtime. A file that cannot be used is reported and
/// left out.
fn http_client(
    signal: Signal,
    timeout: Duration,
    report: &mut ExportReport,
) -> Result<reqwest::blocking::Client, String> {
    // The variable's name, and the file it names.
    let read = |setting: &str, report: &mut ExportReport| -> Option<(String, Vec<u8>)> {
        let (name, path) = signal.var(setting)?;
        match std::fs::read(&path) {
            Ok(contents) => Some((name, contents)),
            Err(error) => {
                report.error(format!("{name}: cannot read {path}: {error}"));
                None
            }
        }
    };
    let unusable =
        |name: &str, error: &dyn fmt::Display| format!("{name}: not a usable PEM file: {error}");
    let mut builder = reqwest::blocking::Client::builder().timeout(timeout);
    if let Some((name, pem)) = read("CERTIFICATE", report) {
        match reqwest::Certificate::from_pem_bundle(&pem) {
            Ok(certificates) if !certificates.is_empty() => {
                for certificate in certificates {
                    builder = builder.add_root_certificate(certificate);
                }
            }
            Ok(_) => report.error(unusable(&name, &"no certificate")),
            Err(error) => report.error(unusable(&name, &error)),
        }
    }
    match (
        read("CLIENT_CERTIFICATE", report),
        read("CLIENT_KEY", report),
    ) {
        (Some((name, mut pem)), Some((_, key))) => {
            pem.push(b'\n');
            pem.extend_from_slice(&key);
            match reqwest::Identity::from_pem(&pem) {
                Ok(identity) => builder = builder.identity(identity),
                Err(error) => report.error(unusable(&name, &error)),
            }
        }
        (None, None) => {}
        _ => report.error(format!(
            "OTEL_EXPORTER_OTLP_{}_CLIENT_CERTIFICATE and _CLIENT_KEY go together: \
             no client certificate sent",
            signal.name()
        )),
    }
    std::thread::Builder::new()
        .name("otlp-http-client".into())
        .spawn(move || builder.build())
        .map_err(|error| format!("HTTP client not built: {error}"))?
        .join()
        .map_err(|_| "HTTP client not built: its thread panicked".to_owned())?
        .map_err(|error| format!("HTTP client not built: {error}"))
}

/// The exporter's HTTP client, keeping why a request could not be sent
/// (the exporter itself reports only "network error").
#[derive(Debug)]
struct Transport {
    client: reqwest::blocking::Client,
    report: Arc<Mutex<ExportReport>>,
}

#[async_trait::async_trait]
impl opentelemetry_http::HttpClient for Transport {
    async fn send_bytes(
        &self,
        request: opentelemetry_http::Request<opentelemetry_http::Bytes>,
    ) -> Result<
        opentelemetry_http::Response<opentelemetry_http::Bytes>,
        opentelemetry_http::HttpError,
    > {
        let result = self.client.send_bytes(request).await;
        if let Err(error) = &result {
            // The innermost cause says what went wrong (`invalid peer
            // certificate: UnknownIssuer`, `operation timed out`); the outer
            // ones name the URL.
            let mut cause: &(dyn std::error::Error + 'static) = &**error;
            while let Some(source) = cause.source() {
                cause = source;
            }
            lock(&self.report).error(format!("cannot send: {cause}"));
        }
        result
    }
}

/// An exporter that counts what it delivered and keeps why it failed.
#[derive(Debug)]
struct Reported<E> {
    inner: E,
    report: Arc<Mutex<ExportReport>>,
}

impl<E> Reported<E> {
    fn record(&self, result: &OTelSdkResult, count: u64, metrics: bool) {
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

fn install_provider(provider: SdkTracerProvider, report: Arc<Mutex<ExportReport>>) -> Telemetry {
    crate::set_tracer_provider(provider.clone());
    let layer = tracing_opentelemetry::layer().with_tracer(provider.tracer("instrument-proxy"));
    // Another global subscriber may already be installed: then the global
    // provider alone receives the spans.
    let _ = tracing::subscriber::set_global_default(tracing_subscriber::registry().with(layer));
    Telemetry {
        provider,
        #[cfg(feature = "metrics")]
        meters: None,
        report,
        shut_down: false,
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

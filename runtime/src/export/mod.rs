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
//! store and the `…_CERTIFICATE` file. The protocol is chosen here, not left
//! to the exporter (whose default follows its build features): protobuf
//! unless the variable says `http/json`.
//!
//! The variables every OpenTelemetry SDK follows are followed too:
//!
//! | variable | effect |
//! |---|---|
//! | `OTEL_SERVICE_NAME` | the service's name, over the one given in code (which is the fallback) |
//! | `OTEL_RESOURCE_ATTRIBUTES` | `key=value,…` added to the resource |
//! | `OTEL_TRACES_SAMPLER`, `OTEL_TRACES_SAMPLER_ARG` | the sampler (`parentbased_traceidratio` with a ratio, `always_off`, …); parent-based always-on where unset |
//! | `OTEL_SDK_DISABLED` | `true`: nothing is installed, and the report says so |
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

use std::sync::{Arc, Mutex};

use opentelemetry::trace::TracerProvider as _;
use opentelemetry_otlp::WithExportConfig;
use opentelemetry_sdk::trace::{BatchSpanProcessor, SdkTracerProvider, SpanExporter};
use opentelemetry_sdk::Resource;
use tracing_subscriber::layer::SubscriberExt;

mod print;
mod report;
mod settings;
mod transport;

#[cfg(feature = "metrics")]
pub use print::MetricSummary;
pub use print::SpanTree;
pub use report::ExportReport;

use report::{lock, Reported};
use settings::{redact, signal_endpoint, Signal};
use transport::configure;

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

    /// The `tracing` layer that exports through this pipeline
    /// (tracing-opentelemetry over the pipeline's provider), for an
    /// application's own subscriber: its filters then decide what is
    /// exported, on both of instrument-proxy's routes.
    #[must_use]
    pub fn layer<S>(
        &self,
    ) -> tracing_opentelemetry::OpenTelemetryLayer<S, opentelemetry_sdk::trace::Tracer>
    where
        S: tracing::Subscriber + for<'span> tracing_subscriber::registry::LookupSpan<'span>,
    {
        tracing_opentelemetry::layer().with_tracer(self.provider.tracer("instrument-proxy"))
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

/// The one-line start: the pipeline of [`build`], and a global `tracing`
/// subscriber that exports through it. OTLP when
/// `OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is
/// set, stdout otherwise. It replaces no subscriber an application already
/// set, but an application with logging of its own adds [`Telemetry::layer`]
/// to its subscriber instead ([`build`]).
pub fn install(service_name: &'static str) -> Telemetry {
    install_with(service_name, opentelemetry_stdout::SpanExporter::default())
}

/// [`install`], with `exporter` where no OTLP endpoint is set.
pub fn install_with<E: SpanExporter + 'static>(
    service_name: &'static str,
    exporter: E,
) -> Telemetry {
    with_global_subscriber(build_with(service_name, exporter))
}

/// The pipeline, composed into an application's own `tracing` subscriber:
/// the providers are installed for instrument-proxy (and as the global
/// ones), no subscriber is; add [`Telemetry::layer`] to yours, next to your
/// filter and your logging.
///
/// ```
/// use tracing_subscriber::layer::SubscriberExt;
/// use tracing_subscriber::util::SubscriberInitExt;
///
/// let telemetry = instrument_proxy::export::build("my-service");
/// tracing_subscriber::registry()
///     .with(telemetry.layer())
///     .with(tracing_subscriber::fmt::layer())
///     .init();
/// // ... the program; at the end:
/// println!("{}", telemetry.shutdown());
/// ```
pub fn build(service_name: &'static str) -> Telemetry {
    build_with(service_name, opentelemetry_stdout::SpanExporter::default())
}

/// [`build`], with `exporter` where no OTLP endpoint is set (with a simple
/// processor: each span is handed over when it ends).
pub fn build_with<E: SpanExporter + 'static>(service_name: &'static str, exporter: E) -> Telemetry {
    if sdk_disabled() {
        return disabled();
    }
    if Signal::Traces.var("ENDPOINT").is_some() {
        return build_otlp(service_name, None);
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

/// [`install`] over OTLP/HTTP with a batch processor. `traces_endpoint` is
/// the full URL (`https://collector:4318/v1/traces`); `None` reads the
/// standard variables (see [the module](self)). If the exporter cannot be
/// built, spans are dropped, calls go on, and the report says why.
pub fn install_otlp(service_name: &'static str, traces_endpoint: Option<&str>) -> Telemetry {
    with_global_subscriber(build_otlp(service_name, traces_endpoint))
}

/// [`build`] over OTLP/HTTP, as [`install_otlp`] exports.
pub fn build_otlp(service_name: &'static str, traces_endpoint: Option<&str>) -> Telemetry {
    if sdk_disabled() {
        return disabled();
    }
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

/// The service's resource: `OTEL_SERVICE_NAME` (or a `service.name` in
/// `OTEL_RESOURCE_ATTRIBUTES`) wins over the name given in code, so that an
/// operator can rename a deployed service; `OTEL_RESOURCE_ATTRIBUTES` adds
/// the rest.
fn resource(service_name: &'static str) -> Resource {
    let named_by_environment = std::env::var("OTEL_SERVICE_NAME")
        .is_ok_and(|name| !name.trim().is_empty())
        || std::env::var("OTEL_RESOURCE_ATTRIBUTES").is_ok_and(|attributes| {
            attributes
                .split(',')
                .any(|pair| pair.trim_start().starts_with("service.name="))
        });
    let builder = Resource::builder();
    if named_by_environment {
        builder.build()
    } else {
        builder.with_service_name(service_name).build()
    }
}

/// `OTEL_SDK_DISABLED=true`: the SDK is off, as in every OpenTelemetry SDK.
fn sdk_disabled() -> bool {
    std::env::var("OTEL_SDK_DISABLED").is_ok_and(|value| value.trim().eq_ignore_ascii_case("true"))
}

/// A pipeline that installs nothing, for `OTEL_SDK_DISABLED=true`; its report
/// says so.
fn disabled() -> Telemetry {
    let message = "OTEL_SDK_DISABLED=true: no provider or subscriber installed".to_owned();
    eprintln!("instrument-proxy export: {message}");
    Telemetry {
        provider: SdkTracerProvider::builder().build(),
        #[cfg(feature = "metrics")]
        meters: None,
        report: Arc::new(Mutex::new(ExportReport {
            disabled: true,
            errors: vec![message],
            ..ExportReport::default()
        })),
        shut_down: false,
    }
}

/// Sets the global `tracing` subscriber to one that exports through
/// `telemetry` (unless the SDK is disabled).
fn with_global_subscriber(telemetry: Telemetry) -> Telemetry {
    if !lock(&telemetry.report).disabled {
        // Another global subscriber may already be installed: then the
        // global provider alone receives the spans.
        let subscriber = tracing_subscriber::registry().with(telemetry.layer());
        let _ = tracing::subscriber::set_global_default(subscriber);
    }
    telemetry
}

fn install_provider(provider: SdkTracerProvider, report: Arc<Mutex<ExportReport>>) -> Telemetry {
    crate::set_tracer_provider(provider.clone());
    Telemetry {
        provider,
        #[cfg(feature = "metrics")]
        meters: None,
        report,
        shut_down: false,
    }
}

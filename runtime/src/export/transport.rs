//! How the exporters send: the HTTP client (rustls, the certificates the
//! variables name, the timeout), the pipeline's defaults where no variable
//! says (gzip, 2 s), and why a request could not be sent.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use opentelemetry_otlp::{WithExportConfig, WithHttpConfig};

use super::report::{lock, ExportReport};
use super::settings::Signal;

/// How long one OTLP export may take where no variable says.
const EXPORT_TIMEOUT: Duration = Duration::from_secs(2);

/// The pipeline's defaults where no variable says otherwise (gzip, 2 s),
/// and the HTTP client: rustls, the certificates the variables name, the
/// timeout. Problems go to `report`.
pub(super) fn configure<B: WithExportConfig + WithHttpConfig>(
    mut builder: B,
    signal: Signal,
    shared: &Arc<Mutex<ExportReport>>,
) -> B {
    let mut report = lock(shared);
    // Chosen here, not left to the exporter: opentelemetry-otlp makes JSON its
    // default whenever its `http-json` feature is on, and the SDKs' default is
    // protobuf.
    let protocol = match signal.var("PROTOCOL") {
        Some((_, value)) if value.eq_ignore_ascii_case("http/json") => {
            opentelemetry_otlp::Protocol::HttpJson
        }
        Some((name, value)) if !value.eq_ignore_ascii_case("http/protobuf") => {
            report.error(format!(
                "{name}={value} is not supported here (http/protobuf or http/json): \
                 http/protobuf used"
            ));
            opentelemetry_otlp::Protocol::HttpBinary
        }
        _ => opentelemetry_otlp::Protocol::HttpBinary,
    };
    builder = builder.with_protocol(protocol);
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
pub(super) fn http_client(
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
pub(super) struct Transport {
    pub(super) client: reqwest::blocking::Client,
    pub(super) report: Arc<Mutex<ExportReport>>,
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

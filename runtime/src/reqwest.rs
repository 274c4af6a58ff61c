//! A traced `reqwest::Client` (feature `reqwest`), written with
//! `#[instrument_proxy]` itself.
//!
//! Every request sent through [`TracedClient::execute`] or
//! [`TracedClient::send`] is a CLIENT span named by the method (`GET`), with
//! the trace context injected into its headers, and the OpenTelemetry HTTP
//! client conventions: `http.request.method`, `url.full` (credentials and the
//! signature query parameters the conventions list replaced by `REDACTED`),
//! `server.address`, `server.port`, `http.response.status_code`, and for 4xx,
//! 5xx and transport errors status Error with `error.type`.
//!
//! ```no_run
//! # async fn run() -> reqwest::Result<()> {
//! use instrument_proxy::reqwest::TracedClient;
//!
//! let client = TracedClient::new(reqwest::Client::new());
//! let response = client.send(client.inner().get("http://127.0.0.1:8080/orders")).await?;
//! # Ok(()) }
//! ```

use opentelemetry_semantic_conventions::attribute as semconv;
use reqwest::{Request, RequestBuilder, Response};

use crate::{instrument_proxy, CallSpan, ErrorType, InstrumentProxy, Text};

/// A `reqwest::Client` whose every request is traced.
#[derive(Clone, Debug, Default, InstrumentProxy)]
#[proxy(crate = crate)]
pub struct TracedClient(reqwest::Client);

#[instrument_proxy(crate = crate)]
impl TracedClient {
    /// Sends a request inside a CLIENT span, with the trace context injected.
    ///
    /// # Errors
    /// As `reqwest::Client::execute`.
    #[instrument_proxy(
        name = request.method().as_str(),
        record_ok = record_response,
        fields(
            http.request.method = request.method().as_str(),
            url.full = redacted_url(request.url()),
            server.address = request.url().host_str().unwrap_or_default(),
            server.port = request.url().port_or_known_default(),
            http.response.status_code = crate::Empty,
        ),
    )]
    pub async fn execute(&self, #[inject] request: Request) -> reqwest::Result<Response>;

    /// Builds the request and sends it with [`execute`](Self::execute).
    ///
    /// # Errors
    /// When the request cannot be built, or as `reqwest::Client::execute`.
    #[instrument_proxy(skip)]
    pub async fn send(&self, builder: RequestBuilder) -> reqwest::Result<Response> {
        self.execute(builder.build()?).await
    }
}

/// 4xx and 5xx fail a client span; `error.type` is the status code.
fn record_response(span: &CallSpan, response: &Response) {
    let status = response.status();
    span.record(semconv::HTTP_RESPONSE_STATUS_CODE, status.as_u16());
    if status.is_client_error() || status.is_server_error() {
        span.record_error(
            status.as_str(),
            status.canonical_reason().unwrap_or_default(),
        );
    }
}

/// A transport error: what went wrong, never the URL (it may hold
/// credentials).
impl ErrorType for reqwest::Error {
    fn error_type(&self) -> Text<'_> {
        Text::Borrowed(if self.is_timeout() {
            "timeout"
        } else if self.is_connect() {
            "connect"
        } else if self.is_redirect() {
            "redirect"
        } else if self.is_body() {
            "body"
        } else if self.is_decode() {
            "decode"
        } else if self.is_builder() {
            "builder"
        } else {
            "reqwest::Error"
        })
    }

    fn error_description(&self) -> String {
        let mut description = String::from(self.error_type().as_str());
        let mut source = std::error::Error::source(self);
        while let Some(error) = source {
            description.push_str(": ");
            description.push_str(&error.to_string());
            source = error.source();
        }
        description
    }
}

/// Query parameters whose values the HTTP conventions ask to redact.
const SENSITIVE_QUERY_PARAMETERS: &[&str] =
    &["AWSAccessKeyId", "Signature", "sig", "X-Goog-Signature"];

/// The URL with `user:password@` and sensitive query values replaced by
/// `REDACTED`.
fn redacted_url(url: &reqwest::Url) -> String {
    let mut url = url.clone();
    if !url.username().is_empty() {
        let _ = url.set_username("REDACTED");
    }
    if url.password().is_some() {
        let _ = url.set_password(Some("REDACTED"));
    }
    if url.query().is_some() {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(key, value)| {
                let value = if SENSITIVE_QUERY_PARAMETERS.contains(&key.as_ref()) {
                    "REDACTED".into()
                } else {
                    value.into_owned()
                };
                (key.into_owned(), value)
            })
            .collect();
        url.query_pairs_mut().clear().extend_pairs(pairs);
    }
    url.into()
}

#[cfg(test)]
mod tests {
    use super::redacted_url;

    #[test]
    fn credentials_and_signatures_are_redacted() {
        let url = "https://user:secret@example.com:8443/a?Signature=abc&x=1&sig=zz"
            .parse()
            .unwrap();
        assert_eq!(
            redacted_url(&url),
            "https://REDACTED:REDACTED@example.com:8443/a?Signature=REDACTED&x=1&sig=REDACTED"
        );
        let plain = "http://example.com/a?b=c".parse().unwrap();
        assert_eq!(redacted_url(&plain), "http://example.com/a?b=c");
    }
}

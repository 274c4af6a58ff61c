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

use crate::call::CallSpan;
use crate::outcome::ErrorType;
use crate::text::Text;
use crate::{instrument_proxy, InstrumentProxy};

/// A `reqwest::Client` whose every request is traced.
#[derive(Clone, Debug, Default, InstrumentProxy)]
#[proxy(crate = crate)]
pub struct TracedClient {
    #[proxy(inner)]
    client: reqwest::Client,
    /// Query keys whose values `url.full` redacts besides the conventions'.
    sensitive: std::sync::Arc<[String]>,
}

/// Query keys that commonly carry secrets, for
/// [`TracedClient::with_sensitive_query_keys`]: OAuth tokens and codes, API
/// keys, passwords, and Google Cloud Storage's signed-URL credentials.
pub const COMMON_SENSITIVE_QUERY_KEYS: &[&str] = &[
    "token",
    "access_token",
    "api_key",
    "password",
    "code",
    "X-Goog-Credential",
    "GoogleAccessId",
];

impl TracedClient {
    /// Also redacts the values of these query keys in `url.full` (matched
    /// case-sensitively, as the conventions ask), on top of the keys the
    /// conventions list; [`COMMON_SENSITIVE_QUERY_KEYS`] is a good start.
    #[must_use]
    pub fn with_sensitive_query_keys<K: Into<String>>(
        mut self,
        keys: impl IntoIterator<Item = K>,
    ) -> Self {
        let mut all: Vec<String> = self.sensitive.to_vec();
        all.extend(keys.into_iter().map(Into::into));
        self.sensitive = all.into();
        self
    }
}

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
            url.full = redacted_url(request.url(), &self.sensitive),
            server.address = request.url().host_str().unwrap_or_default(),
            server.port = request.url().port_or_known_default(),
            http.response.status_code = crate::backend::Empty,
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

/// Request builders, as `reqwest::Client` has them: existing code changes
/// the client's type, not its calls (`client.get(url).header(..).send()`).
impl TracedClient {
    /// A `GET` request; sent inside a span by [`TracedRequestBuilder::send`].
    pub fn get<U: reqwest::IntoUrl>(&self, url: U) -> TracedRequestBuilder {
        self.request(reqwest::Method::GET, url)
    }

    /// A `POST` request.
    pub fn post<U: reqwest::IntoUrl>(&self, url: U) -> TracedRequestBuilder {
        self.request(reqwest::Method::POST, url)
    }

    /// A `PUT` request.
    pub fn put<U: reqwest::IntoUrl>(&self, url: U) -> TracedRequestBuilder {
        self.request(reqwest::Method::PUT, url)
    }

    /// A `PATCH` request.
    pub fn patch<U: reqwest::IntoUrl>(&self, url: U) -> TracedRequestBuilder {
        self.request(reqwest::Method::PATCH, url)
    }

    /// A `DELETE` request.
    pub fn delete<U: reqwest::IntoUrl>(&self, url: U) -> TracedRequestBuilder {
        self.request(reqwest::Method::DELETE, url)
    }

    /// A `HEAD` request.
    pub fn head<U: reqwest::IntoUrl>(&self, url: U) -> TracedRequestBuilder {
        self.request(reqwest::Method::HEAD, url)
    }

    /// A request with any method.
    pub fn request<U: reqwest::IntoUrl>(
        &self,
        method: reqwest::Method,
        url: U,
    ) -> TracedRequestBuilder {
        TracedRequestBuilder {
            builder: self.client.request(method, url),
            client: self.clone(),
        }
    }
}

/// A `reqwest::RequestBuilder` whose [`send`](Self::send) goes through the
/// traced client. The builder's common methods are here; the ones behind
/// reqwest's own features (`json`, `query`, `form`, `multipart`) go through
/// [`map`](Self::map): `.map(|b| b.json(&order))`.
#[derive(Debug)]
#[must_use = "a request builder does nothing until it is sent"]
pub struct TracedRequestBuilder {
    builder: RequestBuilder,
    client: TracedClient,
}

impl TracedRequestBuilder {
    /// Applies any `reqwest::RequestBuilder` method.
    pub fn map(mut self, f: impl FnOnce(RequestBuilder) -> RequestBuilder) -> Self {
        self.builder = f(self.builder);
        self
    }

    /// Adds a header.
    pub fn header<K, V>(self, key: K, value: V) -> Self
    where
        reqwest::header::HeaderName: TryFrom<K>,
        <reqwest::header::HeaderName as TryFrom<K>>::Error: Into<http::Error>,
        reqwest::header::HeaderValue: TryFrom<V>,
        <reqwest::header::HeaderValue as TryFrom<V>>::Error: Into<http::Error>,
    {
        self.map(|b| b.header(key, value))
    }

    /// Adds headers.
    pub fn headers(self, headers: reqwest::header::HeaderMap) -> Self {
        self.map(|b| b.headers(headers))
    }

    /// Basic authentication (never recorded).
    pub fn basic_auth<U: std::fmt::Display, P: std::fmt::Display>(
        self,
        username: U,
        password: Option<P>,
    ) -> Self {
        self.map(|b| b.basic_auth(username, password))
    }

    /// Bearer authentication (never recorded).
    pub fn bearer_auth<T: std::fmt::Display>(self, token: T) -> Self {
        self.map(|b| b.bearer_auth(token))
    }

    /// The request body.
    pub fn body<T: Into<reqwest::Body>>(self, body: T) -> Self {
        self.map(|b| b.body(body))
    }

    /// A timeout for this request.
    pub fn timeout(self, timeout: std::time::Duration) -> Self {
        self.map(|b| b.timeout(timeout))
    }

    /// The HTTP version.
    pub fn version(self, version: reqwest::Version) -> Self {
        self.map(|b| b.version(version))
    }

    /// The request, to send with [`TracedClient::execute`].
    ///
    /// # Errors
    /// When the request cannot be built.
    pub fn build(self) -> reqwest::Result<Request> {
        self.builder.build()
    }

    /// Sends the request inside a CLIENT span, with the trace context
    /// injected ([`TracedClient::execute`]).
    ///
    /// # Errors
    /// When the request cannot be built, or as `reqwest::Client::execute`.
    pub async fn send(self) -> reqwest::Result<Response> {
        self.client.send(self.builder).await
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

/// Query keys whose values the HTTP conventions (`url.full`, pinned
/// opentelemetry-semantic-conventions 0.33.1) ask to redact. A test checks
/// the list against the pinned conventions' text.
pub(crate) const CONVENTIONS_SENSITIVE_QUERY_KEYS: &[&str] = &[
    "X-Amz-Signature",
    "X-Amz-Credential",
    "X-Amz-Security-Token",
    "sig",
    "X-Goog-Signature",
];

/// Keys earlier versions of the conventions listed, still used by signed
/// URLs (S3 signature version 2), so still redacted.
const EARLIER_SENSITIVE_QUERY_KEYS: &[&str] = &["AWSAccessKeyId", "Signature"];

/// The URL as sent, except: `user:password@` becomes `REDACTED:REDACTED@`,
/// the values of sensitive query keys become `REDACTED` (the keys stay), and
/// the fragment, which is never sent, is left out. Nothing else is
/// re-encoded: the query is rewritten piece by piece from its raw text.
fn redacted_url(url: &reqwest::Url, extra: &[String]) -> String {
    let mut url = url.clone();
    url.set_fragment(None);
    if !url.username().is_empty() {
        let _ = url.set_username("REDACTED");
    }
    if url.password().is_some() {
        let _ = url.set_password(Some("REDACTED"));
    }
    let Some(query) = url.query().map(str::to_owned) else {
        return url.into();
    };
    let sensitive = |raw_key: &str| {
        let key = percent_decoded(raw_key);
        CONVENTIONS_SENSITIVE_QUERY_KEYS
            .iter()
            .chain(EARLIER_SENSITIVE_QUERY_KEYS)
            .any(|k| *k == key)
            || extra.contains(&key)
    };
    let redacted: Vec<String> = query
        .split('&')
        .map(|piece| match piece.split_once('=') {
            Some((key, _)) if sensitive(key) => format!("{key}=REDACTED"),
            _ => piece.to_owned(),
        })
        .collect();
    url.set_query(Some(&redacted.join("&")));
    url.into()
}

/// `%41` → `A`, `+` → space: how a server reads a query key.
fn percent_decoded(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..=i + 2]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(byte) => {
                        out.push(byte);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redacted(url: &str, extra: &[&str]) -> String {
        let extra: Vec<String> = extra.iter().map(|k| (*k).to_owned()).collect();
        redacted_url(&url.parse().unwrap(), &extra)
    }

    /// Each entry of the redaction table, with why it is there.
    #[test]
    fn each_sensitive_key_is_redacted_and_its_key_kept() {
        for (key, why) in [
            ("X-Amz-Signature", "S3 SigV4 presigned URL: the signature"),
            ("X-Amz-Credential", "S3 SigV4: the access key id"),
            (
                "X-Amz-Security-Token",
                "S3 SigV4 with STS: the session token",
            ),
            ("sig", "Azure SAS token signature"),
            ("X-Goog-Signature", "Google Cloud Storage signed URL"),
            (
                "AWSAccessKeyId",
                "S3 SigV2 presigned URL: the access key id",
            ),
            ("Signature", "S3 SigV2 presigned URL: the signature"),
        ] {
            let url = format!("https://bucket.example.com/o?color=blue&{key}=SECRET");
            assert_eq!(
                redacted(&url, &[]),
                format!("https://bucket.example.com/o?color=blue&{key}=REDACTED"),
                "{key}: {why}"
            );
        }
    }

    #[test]
    fn keys_match_case_sensitively_as_the_conventions_ask() {
        assert_eq!(redacted("http://e.com/?SIG=x", &[]), "http://e.com/?SIG=x");
        assert_eq!(
            redacted("http://e.com/?%73ig=x", &[]),
            "http://e.com/?%73ig=REDACTED",
            "a percent-encoded key is the same key"
        );
    }

    #[test]
    fn credentials_become_redacted_and_the_fragment_is_left_out() {
        assert_eq!(
            redacted(
                "https://user:secret@example.com:8443/a?x=1#access_token=SECRET",
                &[]
            ),
            "https://REDACTED:REDACTED@example.com:8443/a?x=1"
        );
        assert_eq!(
            redacted("https://user@example.com/", &[]),
            "https://REDACTED@example.com/"
        );
    }

    #[test]
    fn the_query_is_kept_as_sent() {
        for url in [
            "http://e.com/a?q=a%20b",
            "http://e.com/a?flag",
            "http://e.com/a?at=2030-01-01T00:00:00Z",
            "http://e.com/a?a=1;b=2",
            "http://e.com/a?a=1&&b=2&",
            "http://e.com/a?q=a+b&empty=",
        ] {
            assert_eq!(redacted(url, &[]), url);
        }
    }

    #[test]
    fn the_common_opt_in_keys_are_redacted_when_asked() {
        let url = "http://e.com/cb?code=C&state=s&access_token=T&api_key=K&token=X&password=P&X-Goog-Credential=G&GoogleAccessId=I";
        assert_eq!(redacted(url, &[]), url, "not by default");
        assert_eq!(
            redacted(url, COMMON_SENSITIVE_QUERY_KEYS),
            "http://e.com/cb?code=REDACTED&state=s&access_token=REDACTED&api_key=REDACTED&token=REDACTED&password=REDACTED&X-Goog-Credential=REDACTED&GoogleAccessId=REDACTED"
        );
    }

    /// The conventions' list, read from the pinned crate's `URL_FULL` docs.
    #[test]
    fn the_redaction_list_matches_the_pinned_conventions() {
        let output = std::process::Command::new(env!("CARGO"))
            .args(["metadata", "--format-version", "1", "--manifest-path"])
            .arg(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
            .output()
            .expect("cargo metadata");
        let metadata = String::from_utf8(output.stdout).expect("UTF-8");
        let manifest = metadata
            .split("\"manifest_path\":\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .find(|path| path.contains("opentelemetry-semantic-conventions-"))
            .expect("the conventions are a dependency");
        let source = std::fs::read_to_string(
            std::path::Path::new(manifest)
                .parent()
                .expect("folder")
                .join("src/attribute.rs"),
        )
        .expect("attribute.rs");
        let docs = source
            .split("pub const URL_FULL")
            .next()
            .and_then(|before| {
                before
                    .rsplit("Query string values for the following keys")
                    .next()
            })
            .expect("the URL_FULL docs");
        let listed: Vec<&str> = docs
            .lines()
            .filter_map(|line| line.trim().strip_prefix("/// - [`"))
            .filter_map(|rest| rest.split('`').next())
            .collect();
        assert_eq!(listed, CONVENTIONS_SENSITIVE_QUERY_KEYS);
    }
}

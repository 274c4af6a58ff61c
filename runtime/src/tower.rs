//! The server side of a trace (feature `tower`): a [`TraceLayer`] that
//! continues the caller's trace in a SERVER span per request, for any
//! `tower` stack of `http` requests (axum, hyper, tonic).
//!
//! - The caller's context is extracted with the installed propagator (W3C
//!   Trace Context when none was installed); a malformed `traceparent`
//!   starts a new trace and the request is served.
//! - The span is an OpenTelemetry span through the global provider, named
//!   `{method} {route}` with the route template (axum's `MatchedPath`, with
//!   the `axum` feature), else `{method}` alone: never the raw path, which is
//!   unbounded. It carries `http.request.method`, `url.path`, `url.scheme`,
//!   `http.route`, `server.address`, `server.port`, `client.address` (axum's
//!   `ConnectInfo`), `http.response.status_code`, and `user_agent.original`
//!   only when asked. A 5xx is an error (`error.type` = the status code); a
//!   4xx is not, on the server side; a panic in the handler marks the span
//!   failed and propagates unchanged.
//! - The span is current during every poll of the handler (so spans made
//!   inside are its children, also `tracing` spans through
//!   tracing-opentelemetry), and ends when the response body is finished or
//!   dropped, not when the handler returns.
//! - [`TraceLayer::with_filter`] lets requests through untraced (health
//!   checks): no span, no metric, no cost beyond the closure.
//! - With the `metrics` feature, `http.server.request.duration` with the
//!   conventions' boundaries and bounded attributes (method, route template,
//!   scheme, status code, `error.type`).
//!
//! With axum, add the layer to the router (`Router::layer`), where the
//! matched route is known:
//!
//! ```
//! use axum::routing::get;
//! use instrument_proxy::tower::TraceLayer;
//!
//! let app: axum::Router = axum::Router::new()
//!     .route("/carts/{id}", get(|| async { "3 items" }))
//!     .route("/health", get(|| async { "ok" }))
//!     .layer(TraceLayer::new().with_filter(|request: &http::Request<axum::body::Body>| {
//!         request.uri().path() != "/health"
//!     }));
//! ```

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use opentelemetry::KeyValue;
use opentelemetry_semantic_conventions::attribute as semconv;

use crate::call::CallSpan;
use crate::outcome::{ErrorOutcome as _, Outcome};

/// Decides which requests are traced.
pub trait RequestFilter<B> {
    /// Whether `request` gets a span (and a metric).
    fn trace(&self, request: &http::Request<B>) -> bool;
}

/// Every request is traced (the default filter).
#[derive(Debug, Clone, Copy, Default)]
pub struct TraceAll;

impl<B> RequestFilter<B> for TraceAll {
    #[inline]
    fn trace(&self, _: &http::Request<B>) -> bool {
        true
    }
}

impl<B, F: Fn(&http::Request<B>) -> bool> RequestFilter<B> for F {
    #[inline]
    fn trace(&self, request: &http::Request<B>) -> bool {
        self(request)
    }
}

/// A `tower::Layer` that traces every request its service handles in a
/// SERVER span (see [the module](self)).
#[derive(Debug, Clone, Copy, Default)]
pub struct TraceLayer<F = TraceAll> {
    filter: F,
    user_agent: bool,
}

impl TraceLayer {
    /// Traces every request.
    #[must_use]
    pub fn new() -> TraceLayer {
        TraceLayer::default()
    }
}

impl<F> TraceLayer<F> {
    /// Traces only the requests `filter` returns `true` for, as Go's
    /// `otelhttp.WithFilter`: `|request: &http::Request<Body>|
    /// request.uri().path() != "/health"`.
    #[must_use]
    pub fn with_filter<G>(self, filter: G) -> TraceLayer<G> {
        TraceLayer {
            filter,
            user_agent: self.user_agent,
        }
    }

    /// Records `user_agent.original` (off by default: it identifies
    /// clients and is unbounded).
    #[must_use]
    pub fn with_user_agent(mut self, record: bool) -> Self {
        self.user_agent = record;
        self
    }
}

impl<S, F: Clone> tower_layer::Layer<S> for TraceLayer<F> {
    type Service = TraceService<S, F>;

    fn layer(&self, inner: S) -> Self::Service {
        TraceService {
            inner,
            filter: self.filter.clone(),
            user_agent: self.user_agent,
        }
    }
}

/// The service a [`TraceLayer`] makes.
#[derive(Debug, Clone)]
pub struct TraceService<S, F = TraceAll> {
    inner: S,
    filter: F,
    user_agent: bool,
}

impl<S, F, B, ResBody> tower_service::Service<http::Request<B>> for TraceService<S, F>
where
    S: tower_service::Service<http::Request<B>, Response = http::Response<ResBody>>,
    F: RequestFilter<B>,
    ResBody: http_body::Body,
{
    type Response = http::Response<TracedBody<ResBody>>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        // The `off` feature turns off everything the runtime traces: the
        // request goes to the service as it came, with no span or metric.
        if cfg!(feature = "off") || !self.filter.trace(&request) {
            return ResponseFuture {
                future: self.inner.call(request),
                call: None,
            };
        }
        let call = start(&request, self.user_agent);
        let future = match &call {
            Some(call) => call.in_scope(|| self.inner.call(request)),
            None => self.inner.call(request),
        };
        ResponseFuture { future, call }
    }
}

/// The span and measurement of one request, under the caller's context.
fn start<B>(request: &http::Request<B>, user_agent: bool) -> Option<CallSpan> {
    let method = method(request.method());
    let route = route(request);
    let name: Cow<'static, str> = match (route, method) {
        (Some(route), "_OTHER") => format!("HTTP {route}").into(),
        (Some(route), method) => format!("{method} {route}").into(),
        (None, "_OTHER") => "HTTP".into(),
        (None, method) => method.into(),
    };
    let scheme = match request.uri().scheme_str() {
        Some("https") => "https",
        Some("http") | None => "http",
        Some(_) => "_OTHER",
    };
    let attributes = || {
        let mut attributes = Vec::with_capacity(9);
        attributes.push(KeyValue::new(semconv::HTTP_REQUEST_METHOD, method));
        attributes.push(KeyValue::new(
            semconv::URL_PATH,
            request.uri().path().to_owned(),
        ));
        attributes.push(KeyValue::new(semconv::URL_SCHEME, scheme));
        if let Some(route) = route {
            attributes.push(KeyValue::new(semconv::HTTP_ROUTE, route.to_owned()));
        }
        if let Some((host, port)) = host(request) {
            attributes.push(KeyValue::new(semconv::SERVER_ADDRESS, host));
            if let Some(port) = port {
                attributes.push(KeyValue::new(semconv::SERVER_PORT, i64::from(port)));
            }
        }
        if let Some(client) = client_address(request) {
            attributes.push(KeyValue::new(semconv::CLIENT_ADDRESS, client));
        }
        if user_agent {
            if let Some(agent) = request
                .headers()
                .get(http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
            {
                attributes.push(KeyValue::new(
                    semconv::USER_AGENT_ORIGINAL,
                    agent.to_owned(),
                ));
            }
        }
        attributes
    };
    let parent = crate::propagation::extract_context(request.headers());
    let span = {
        // The caller's context is the parent the span starts under.
        let _parent = parent.attach();
        crate::call::otel_span_of_unchecked_call(
            crate::backend::level::INFO,
            None,
            || name.clone(),
            "server",
            attributes,
        )
    };
    #[cfg(feature = "metrics")]
    return crate::call::measured(
        span,
        crate::measurement::Instrument::HttpServer,
        &[semconv::HTTP_RESPONSE_STATUS_CODE],
        |attributes: &mut Vec<KeyValue>| {
            attributes.push(KeyValue::new(semconv::HTTP_REQUEST_METHOD, method));
            attributes.push(KeyValue::new(semconv::URL_SCHEME, scheme));
            if let Some(route) = route {
                attributes.push(KeyValue::new(semconv::HTTP_ROUTE, route.to_owned()));
            }
        },
    );
    #[cfg(not(feature = "metrics"))]
    span
}

/// The method as the conventions name it: one of the known methods, else
/// `_OTHER` (methods are unbounded).
fn method(method: &http::Method) -> &'static str {
    match *method {
        http::Method::GET => "GET",
        http::Method::POST => "POST",
        http::Method::PUT => "PUT",
        http::Method::DELETE => "DELETE",
        http::Method::PATCH => "PATCH",
        http::Method::HEAD => "HEAD",
        http::Method::OPTIONS => "OPTIONS",
        http::Method::CONNECT => "CONNECT",
        http::Method::TRACE => "TRACE",
        _ => "_OTHER",
    }
}

/// The route template the router matched (axum's `MatchedPath`).
fn route<B>(request: &http::Request<B>) -> Option<&str> {
    #[cfg(feature = "axum")]
    if let Some(path) = request.extensions().get::<axum::extract::MatchedPath>() {
        return Some(path.as_str());
    }
    let _ = request;
    None
}

/// The peer's address (axum's `ConnectInfo`, when the router was served with
/// `into_make_service_with_connect_info::<SocketAddr>()`).
fn client_address<B>(request: &http::Request<B>) -> Option<String> {
    #[cfg(feature = "axum")]
    if let Some(info) = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
    {
        return Some(info.0.ip().to_string());
    }
    let _ = request;
    None
}

/// `server.address` and `server.port` from the `Host` header, or the URI.
fn host<B>(request: &http::Request<B>) -> Option<(String, Option<u16>)> {
    if let Some(host) = request
        .headers()
        .get(http::header::HOST)
        .and_then(|v| v.to_str().ok())
    {
        // `host`, `host:port`, `[v6]`, `[v6]:port`.
        let (address, port) = match host.rsplit_once(':') {
            Some((address, port)) if !port.contains(']') => (address, port.parse().ok()),
            _ => (host, None),
        };
        let address = address.trim_start_matches('[').trim_end_matches(']');
        return (!address.is_empty()).then(|| (address.to_owned(), port));
    }
    let authority = request.uri().authority()?;
    Some((authority.host().to_owned(), authority.port_u16()))
}

/// Records the response's status on the call: a 5xx is an error.
fn record_status(call: &CallSpan, status: http::StatusCode) {
    call.record(semconv::HTTP_RESPONSE_STATUS_CODE, status.as_u16());
    if status.is_server_error() {
        call.record_error(
            status.as_str(),
            status.canonical_reason().unwrap_or_default(),
        );
    }
}

pin_project_lite::pin_project! {
    /// The handler's response future, polled inside the request's span.
    #[derive(Debug)]
    pub struct ResponseFuture<F> {
        #[pin]
        future: F,
        call: Option<CallSpan>,
    }

    impl<F> PinnedDrop for ResponseFuture<F> {
        fn drop(this: Pin<&mut Self>) {
            // Dropped before the handler answered: the caller went away.
            if let Some(call) = this.project().call.as_ref() {
                if !std::thread::panicking() {
                    call.cancelled();
                }
            }
        }
    }
}

impl<F, B, E> Future for ResponseFuture<F>
where
    F: Future<Output = Result<http::Response<B>, E>>,
{
    type Output = Result<http::Response<TracedBody<B>>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let future = this.future;
        let result = match this.call.as_ref() {
            // A panic in the handler unwinds through `in_scope`, which marks
            // the span failed; the span ends as this future is dropped.
            Some(call) => std::task::ready!(call.in_scope(|| future.poll(cx))),
            None => std::task::ready!(future.poll(cx)),
        };
        let call = this.call.take();
        Poll::Ready(match result {
            Ok(response) => {
                if let Some(call) = &call {
                    record_status(call, response.status());
                }
                Ok(response.map(|body| TracedBody { body, call }))
            }
            Err(error) => {
                let result = Err(error);
                if let Some(call) = &call {
                    call.record_failure((&Outcome(&result)).failure());
                }
                result
            }
        })
    }
}

pin_project_lite::pin_project! {
    /// A response body whose request's span stays open until the body is
    /// finished or dropped.
    #[derive(Debug)]
    pub struct TracedBody<B> {
        #[pin]
        body: B,
        call: Option<CallSpan>,
    }
}

impl<B: http_body::Body> http_body::Body for TracedBody<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        let this = self.project();
        let body = this.body;
        let frame = body.poll_frame(cx);
        match &frame {
            Poll::Ready(None) => drop(this.call.take()),
            Poll::Ready(Some(result @ Err(_))) => {
                if let Some(call) = this.call.take() {
                    call.record_failure((&Outcome(result)).failure());
                }
            }
            _ => {}
        }
        frame
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::host;

    fn with_host(value: &str) -> http::Request<()> {
        let mut request = http::Request::new(());
        if let Ok(value) = http::HeaderValue::from_str(value) {
            request.headers_mut().insert(http::header::HOST, value);
        }
        request
    }

    #[test]
    fn the_host_header_gives_the_server_address_and_port() {
        let cases = [
            ("shop.internal:8080", Some(("shop.internal", Some(8080)))),
            ("shop.internal", Some(("shop.internal", None))),
            ("[::1]:443", Some(("::1", Some(443)))),
            ("[::1]", Some(("::1", None))),
            ("10.0.0.1:notaport", Some(("10.0.0.1", None))),
            ("", None),
        ];
        for (value, expected) in cases {
            let found = host(&with_host(value));
            assert_eq!(
                found.as_ref().map(|(a, p)| (a.as_str(), *p)),
                expected,
                "{value:?}"
            );
        }
    }

    /// Seeded, reproducible: any header value gives an answer, never a panic.
    #[test]
    fn any_host_header_is_read_without_a_panic() {
        let mut seed: u64 = 0x005e_ed0f_4057;
        let alphabet = b"ab0123456789:[].-_ %@";
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let length = (seed % 24) as usize;
            let value: String = (0..length)
                .map(|i| {
                    let index = (seed >> (i % 8 * 8)) as usize % alphabet.len();
                    alphabet[index] as char
                })
                .collect();
            let _ = host(&with_host(&value));
        }
    }
}

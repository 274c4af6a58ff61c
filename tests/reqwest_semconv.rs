//! `reqwest::TracedClient` against an axum server on loopback: the server
//! receives the client span's context, and the span carries the HTTP client
//! conventions.
mod support;

use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use axum::routing::get;
use instrument_proxy::reqwest::TracedClient;
use support::*;

type Seen = Arc<Mutex<Vec<String>>>;

/// Starts the server on the test's runtime; returns its address and the
/// `traceparent` headers it received.
async fn server() -> (std::net::SocketAddr, Seen) {
    let seen = Seen::default();
    let record = seen.clone();
    let router = axum::Router::new()
        .route("/ok", get(|| async { "ok" }))
        .route("/missing", get(|| async { StatusCode::NOT_FOUND }))
        .route(
            "/broken",
            get(|| async { StatusCode::INTERNAL_SERVER_ERROR }),
        )
        .route(
            "/traced",
            get(|headers: http::HeaderMap| async move {
                let span = tracing::info_span!("GET /traced", otel.kind = "server");
                instrument_proxy::propagation::set_parent_from(&span, &headers);
                span.in_scope(|| "traced")
            }),
        )
        .layer(axum::middleware::from_fn(
            move |request: axum::extract::Request, next: axum::middleware::Next| {
                let record = record.clone();
                async move {
                    if let Some(value) = request.headers().get("traceparent") {
                        record
                            .lock()
                            .unwrap()
                            .push(value.to_str().unwrap().to_owned());
                    }
                    next.run(request).await
                }
            },
        ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (address, seen)
}

#[test]
fn the_server_receives_the_client_span_as_traceparent() {
    let capture = Capture::start();
    let (address, seen) = block_on(async {
        let (address, seen) = server().await;
        let client = TracedClient::new(reqwest::Client::new());
        let response = client
            .send(client.inner().get(format!("http://{address}/ok")))
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        (address, seen)
    });
    let span = capture.span("GET");
    let expected = format!(
        "00-{}-{}-01",
        span.span_context.trace_id(),
        span.span_context.span_id()
    );
    assert_eq!(*seen.lock().unwrap(), [expected]);
    assert!(is_client(&span));
    assert_eq!(span.status, opentelemetry::trace::Status::Unset);
    assert_eq!(
        string_attribute(&span, "http.request.method").as_deref(),
        Some("GET")
    );
    assert_eq!(
        string_attribute(&span, "url.full"),
        Some(format!("http://{address}/ok"))
    );
    assert_server(&span, "127.0.0.1", address.port());
    assert_eq!(
        attribute(&span, "http.response.status_code")
            .map(|v| v.to_string())
            .as_deref(),
        Some("200")
    );
    capture.assert_all_ended();
}

#[test]
fn client_and_server_errors_fail_the_span_with_the_status_code() {
    let capture = Capture::start();
    block_on(async {
        let (address, _) = server().await;
        let client = TracedClient::new(reqwest::Client::new());
        for path in ["missing", "broken"] {
            let request = client
                .inner()
                .get(format!("http://{address}/{path}"))
                .build()
                .unwrap();
            client.execute(request).await.unwrap();
        }
    });
    let spans = capture.spans();
    assert_eq!(spans.len(), 2);
    for (span, code) in spans.iter().zip(["404", "500"]) {
        assert_failed_with(span, code);
        assert_eq!(
            attribute(span, "http.response.status_code")
                .map(|v| v.to_string())
                .as_deref(),
            Some(code)
        );
    }
    capture.assert_all_ended();
}

#[test]
fn connection_refused_is_a_transport_error() {
    let capture = Capture::start();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let error = block_on(async {
        let client = TracedClient::new(reqwest::Client::new());
        client
            .send(
                client
                    .inner()
                    .get(format!("http://user:pw-secret@127.0.0.1:{port}/x")),
            )
            .await
            .unwrap_err()
    });
    assert!(error.is_connect());
    let span = capture.span("GET");
    assert_failed_with(&span, "connect");
    assert!(!error_description(&span).unwrap().contains("pw-secret"));
    assert_eq!(attribute(&span, "http.response.status_code"), None);
    capture.assert_all_ended();
}

#[test]
fn credentials_and_signatures_in_the_url_are_redacted() {
    let capture = Capture::start();
    let address = block_on(async {
        let (address, _) = server().await;
        let client = TracedClient::new(reqwest::Client::new());
        // Built by hand: a `RequestBuilder` would move the credentials into
        // an Authorization header, which is never recorded either.
        let url = format!("http://user:pw-secret@{address}/ok?Signature=sig-secret&page=2");
        let request = reqwest::Request::new(reqwest::Method::GET, url.parse().unwrap());
        client.execute(request).await.unwrap();
        address
    });
    let span = capture.span("GET");
    assert_eq!(
        string_attribute(&span, "url.full"),
        Some(format!(
            "http://REDACTED:REDACTED@{address}/ok?Signature=REDACTED&page=2"
        ))
    );
    for kv in &span.attributes {
        assert!(!kv.value.as_str().contains("secret"), "{} leaks", kv.key);
    }
    capture.assert_all_ended();
}

#[test]
fn end_to_end_the_server_span_is_a_child_of_the_client_span() {
    let capture = Capture::start();
    block_on(async {
        let (address, _) = server().await;
        let client = TracedClient::new(reqwest::Client::new());
        let body = client
            .send(client.inner().get(format!("http://{address}/traced")))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(body, "traced");
    });
    let client = capture.span("GET");
    let server = capture.span("GET /traced");
    assert_eq!(server.span_kind, opentelemetry::trace::SpanKind::Server);
    assert_child_of(&server, &client);
    capture.assert_all_ended();
}

#[test]
fn requests_record_the_http_client_duration_with_bounded_attributes() {
    let meters = support::metrics::Meters::install();
    let address = block_on(async {
        let (address, _) = server().await;
        let client = TracedClient::new(reqwest::Client::new());
        for path in ["ok?token=secret", "missing", "broken"] {
            let response = client
                .send(client.inner().get(format!("http://{address}/{path}")))
                .await
                .unwrap();
            assert!(response.status().as_u16() >= 200);
        }
        address
    });
    // Other tests of this binary run beside this one: their requests go to
    // other servers.
    let points: Vec<_> = meters
        .points("http.client.request.duration")
        .into_iter()
        .filter(|p| p.get("server.port") == Some(address.port().to_string()))
        .collect();
    assert_eq!(points.iter().map(|p| p.count).sum::<u64>(), 3);
    let mut statuses: Vec<String> = points
        .iter()
        .filter_map(|p| p.get("http.response.status_code"))
        .collect();
    statuses.sort();
    assert_eq!(statuses, ["200", "404", "500"]);
    for point in &points {
        assert_eq!(point.unit, "s");
        assert_eq!(point.get("http.request.method").as_deref(), Some("GET"));
        assert_eq!(point.get("server.address").as_deref(), Some("127.0.0.1"));
        assert_eq!(point.get("server.port"), Some(address.port().to_string()));
        assert_eq!(point.get("url.full"), None, "never the URL");
        for kv in &point.attributes {
            assert!(!kv.value.as_str().contains("secret"), "{}", kv.key);
        }
    }
    let mut failed: Vec<String> = points.iter().filter_map(|p| p.get("error.type")).collect();
    failed.sort();
    assert_eq!(
        failed,
        ["404", "500"],
        "4xx and 5xx are errors on the client; error.type is the status"
    );
}

#[test]
fn a_presigned_url_leaves_no_credential_signature_token_or_fragment_in_any_attribute() {
    let capture = Capture::start();
    let meters = support::metrics::Meters::install();
    let secrets = [
        "PASSWORD-SECRET",
        "AKID-SECRET",
        "SIGNATURE-SECRET",
        "TOKEN-SECRET",
        "FRAGMENT-SECRET",
        "OAUTH-SECRET",
    ];
    let address = block_on(async {
        let (address, _) = server().await;
        let client = TracedClient::new(reqwest::Client::new()).with_sensitive_query_keys(
            instrument_proxy::reqwest::COMMON_SENSITIVE_QUERY_KEYS
                .iter()
                .copied(),
        );
        let url = format!(
            "http://user:PASSWORD-SECRET@{address}/ok?X-Amz-Credential=AKID-SECRET&X-Amz-Signature=SIGNATURE-SECRET&X-Amz-Security-Token=TOKEN-SECRET&access_token=OAUTH-SECRET&q=a%20b&flag#FRAGMENT-SECRET"
        );
        let response = client.send(client.inner().get(url)).await.unwrap();
        assert_eq!(response.status(), 200);
        address
    });
    let span = capture.span("GET");
    assert_eq!(
        string_attribute(&span, "url.full"),
        Some(format!(
            "http://{address}/ok?X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED&X-Amz-Security-Token=REDACTED&access_token=REDACTED&q=a%20b&flag"
        )),
        "redacted, nothing else rewritten, no fragment (reqwest moves the URL's credentials to an Authorization header before the call)"
    );
    assert_no_secret(&capture.spans(), &secrets);
    support::metrics::assert_no_secret(&meters.points("http.client.request.duration"), &secrets);
}

#[test]
fn reqwest_calls_keep_their_shape_through_the_traced_request_builder() {
    let capture = Capture::start();
    let seen = block_on(async {
        let (address, seen) = server().await;
        let client = TracedClient::new(reqwest::Client::new());
        let response = client
            .get(format!("http://{address}/ok"))
            .header("x-request-id", "42")
            .bearer_auth("BEARER-SECRET")
            .timeout(std::time::Duration::from_secs(5))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let missing = client
            .request(reqwest::Method::GET, format!("http://{address}/missing"))
            .send()
            .await
            .unwrap();
        assert_eq!(missing.status(), 404);
        seen
    });
    assert_eq!(seen.lock().unwrap().len(), 2, "traceparent sent with both");
    let spans = capture.spans();
    assert_eq!(names(&spans), ["GET", "GET"]);
    assert_no_secret(&spans, &["BEARER-SECRET"]);
    capture.assert_all_ended();
}

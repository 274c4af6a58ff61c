//! The server side: `instrument_proxy::tower::TraceLayer` on a real axum
//! server on loopback, called by the traced reqwest client. Spans go to the
//! SDK's in-memory exporter through the global provider (one for the
//! binary; each test finds its spans by its own trace).
mod support;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use instrument_proxy::reqwest::TracedClient;
use instrument_proxy::tower::TraceLayer;
use opentelemetry::trace::{SpanKind, Status, TraceId};
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider, SpanData};
use support::metrics::Meters;
use support::{attribute, parent_of, string_attribute};

fn exporter() -> &'static InMemorySpanExporter {
    static EXPORTER: OnceLock<InMemorySpanExporter> = OnceLock::new();
    EXPORTER.get_or_init(|| {
        let exporter = InMemorySpanExporter::default();
        let provider = SdkTracerProvider::builder()
            .with_span_processor(OpenServerSpans)
            .with_simple_exporter(exporter.clone())
            .build();
        instrument_proxy::set_tracer_provider(provider);
        exporter
    })
}

/// The server spans started and not yet ended, by trace.
fn open_server_spans() -> &'static Mutex<Vec<(TraceId, opentelemetry::trace::SpanId)>> {
    static OPEN: Mutex<Vec<(TraceId, opentelemetry::trace::SpanId)>> = Mutex::new(Vec::new());
    &OPEN
}

#[derive(Debug)]
struct OpenServerSpans;

impl opentelemetry_sdk::trace::SpanProcessor for OpenServerSpans {
    fn on_start(&self, span: &mut opentelemetry_sdk::trace::Span, _: &opentelemetry::Context) {
        if let Some(data) = span.exported_data() {
            if data.span_kind == SpanKind::Server {
                let context = &data.span_context;
                open_server_spans()
                    .lock()
                    .unwrap()
                    .push((context.trace_id(), context.span_id()));
            }
        }
    }

    fn on_end(&self, span: SpanData) {
        let id = (span.span_context.trace_id(), span.span_context.span_id());
        open_server_spans()
            .lock()
            .unwrap()
            .retain(|open| *open != id);
    }

    fn force_flush(&self) -> opentelemetry_sdk::error::OTelSdkResult {
        Ok(())
    }

    fn shutdown_with_timeout(&self, _: Duration) -> opentelemetry_sdk::error::OTelSdkResult {
        Ok(())
    }
}

fn spans() -> Vec<SpanData> {
    exporter().get_finished_spans().expect("spans")
}

fn in_trace(trace: TraceId) -> Vec<SpanData> {
    spans()
        .into_iter()
        .filter(|s| s.span_context.trace_id() == trace)
        .collect()
}

/// The client span of the request to `path`, and the server span of its
/// trace.
fn client_and_server(path: &str) -> (SpanData, SpanData) {
    let client = spans()
        .into_iter()
        .find(|s| {
            s.span_kind == SpanKind::Client
                && string_attribute(s, "url.full").is_some_and(|u| u.ends_with(path))
        })
        .unwrap_or_else(|| panic!("no client span for {path}"));
    let server = in_trace(client.span_context.trace_id())
        .into_iter()
        .find(|s| s.span_kind == SpanKind::Server)
        .unwrap_or_else(|| panic!("no server span for {path}"));
    (client, server)
}

#[derive(Clone, Default)]
struct Chunks(Arc<Mutex<Option<tokio::sync::mpsc::Receiver<&'static str>>>>);

fn app(chunks: Chunks) -> axum::Router {
    axum::Router::new()
        .route(
            "/carts/{id}",
            get(|Path(id): Path<String>| async move { format!("cart {id}") }),
        )
        .route("/missing/{id}", get(|| async { StatusCode::NOT_FOUND }))
        // Only the metric test calls it: the meter provider is process-wide.
        .route("/metered/{id}", get(|| async { "measured" }))
        .route("/fail", get(|| async { StatusCode::INTERNAL_SERVER_ERROR }))
        .route("/health", get(|| async { "ok" }))
        .route(
            "/panic",
            get(|| async { panic!("the handler broke") as &'static str }),
        )
        .route(
            "/stream",
            get(|State(chunks): State<Chunks>| async move {
                let receiver = chunks.0.lock().unwrap().take().expect("one stream");
                let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
                    let chunk = receiver.recv().await?;
                    Some((Ok::<_, std::io::Error>(chunk), receiver))
                });
                Body::from_stream(stream)
            }),
        )
        .with_state(chunks)
        .layer(
            TraceLayer::new()
                .with_filter(|request: &http::Request<Body>| request.uri().path() != "/health"),
        )
}

async fn serve(chunks: Chunks) -> SocketAddr {
    exporter();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let service = app(chunks).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await.unwrap() });
    address
}

fn client() -> TracedClient {
    TracedClient::new(reqwest::Client::new())
}

/// A `GET` of `path` on the server, through the traced client.
async fn get_path(address: SocketAddr, path: &str) -> reqwest::Response {
    client()
        .get(format!("http://{address}{path}"))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_server_span_continues_the_clients_trace_under_its_route() {
    let address = serve(Chunks::default()).await;
    let response = get_path(address, "/carts/42?X-Amz-Signature=SIG-SECRET").await;
    assert_eq!(response.text().await.unwrap(), "cart 42");

    let (client, server) = client_and_server("/carts/42?X-Amz-Signature=REDACTED");
    // The query never reaches the server span; the client redacts it.
    support::assert_no_secret(&in_trace(server.span_context.trace_id()), &["SIG-SECRET"]);
    assert_eq!(
        server.name, "GET /carts/{id}",
        "the route template, not the path"
    );
    assert_eq!(parent_of(&server), client.span_context.span_id());
    assert_eq!(server.status, Status::Unset);
    for (key, value) in [
        ("http.request.method", "GET"),
        ("http.route", "/carts/{id}"),
        ("url.path", "/carts/42"),
        ("url.scheme", "http"),
        ("server.address", "127.0.0.1"),
        ("client.address", "127.0.0.1"),
    ] {
        assert_eq!(
            string_attribute(&server, key).as_deref(),
            Some(value),
            "{key}"
        );
    }
    assert_eq!(
        attribute(&server, "server.port"),
        Some(i64::from(address.port()).into())
    );
    assert_eq!(
        attribute(&server, "http.response.status_code"),
        Some(200_i64.into())
    );
    assert_eq!(
        attribute(&server, "user_agent.original"),
        None,
        "only when asked"
    );
}

#[tokio::test]
async fn a_4xx_is_not_a_server_error_and_a_5xx_is() {
    let address = serve(Chunks::default()).await;
    for path in ["/missing/7", "/fail", "/no/such/route"] {
        get_path(address, path).await;
    }
    let (_, missing) = client_and_server("/missing/7");
    assert_eq!(missing.status, Status::Unset);
    assert_eq!(
        attribute(&missing, "http.response.status_code"),
        Some(404_i64.into())
    );
    assert_eq!(attribute(&missing, "error.type"), None);

    let (_, fail) = client_and_server("/fail");
    assert!(matches!(fail.status, Status::Error { .. }));
    assert_eq!(
        string_attribute(&fail, "error.type").as_deref(),
        Some("500")
    );

    // No route matched: the method alone names the span, never the raw path.
    let (_, unrouted) = client_and_server("/no/such/route");
    assert_eq!(unrouted.name, "GET");
    assert_eq!(attribute(&unrouted, "http.route"), None);
}

#[tokio::test]
async fn a_panic_in_the_handler_fails_the_span_and_propagates_unchanged() {
    use futures_util::FutureExt as _;
    use tower_service::Service as _;
    exporter();
    let mut app = app(Chunks::default());
    std::future::poll_fn(|cx| {
        tower_service::Service::<http::Request<Body>>::poll_ready(&mut app, cx)
    })
    .await
    .unwrap();
    let request = http::Request::get("/panic").body(Body::empty()).unwrap();
    let outcome = std::panic::AssertUnwindSafe(app.call(request))
        .catch_unwind()
        .await;
    let Err(payload) = outcome else {
        panic!("the panic propagates")
    };
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"the handler broke"));

    let server = spans()
        .into_iter()
        .find(|s| s.name == "GET /panic")
        .expect("the span ended");
    assert!(matches!(server.status, Status::Error { .. }));
    assert_eq!(
        string_attribute(&server, "error.type").as_deref(),
        Some("panic")
    );
}

#[tokio::test]
async fn a_streamed_body_keeps_the_span_open_until_its_last_chunk() {
    let (sender, receiver) = tokio::sync::mpsc::channel(4);
    let address = serve(Chunks(Arc::new(Mutex::new(Some(receiver))))).await;
    let mut response = get_path(address, "/stream").await;
    sender.send("first ").await.unwrap();
    assert_eq!(response.chunk().await.unwrap().unwrap(), "first ");

    let client_span = spans()
        .into_iter()
        .find(|s| string_attribute(s, "url.full").is_some_and(|u| u.ends_with("/stream")))
        .expect("the client span ends with the response head");
    let trace = client_span.span_context.trace_id();
    assert!(
        in_trace(trace)
            .iter()
            .all(|s| s.span_kind != SpanKind::Server),
        "the handler returned, the body is not finished: the server span is open"
    );
    assert!(
        open_server_spans()
            .lock()
            .unwrap()
            .iter()
            .any(|(open, _)| *open == trace),
        "started, not ended"
    );

    sender.send("last").await.unwrap();
    drop(sender);
    assert_eq!(response.chunk().await.unwrap().unwrap(), "last");
    assert!(response.chunk().await.unwrap().is_none());
    // The server finishes the body after the client has read it.
    let mut server = None;
    for _ in 0..200 {
        server = in_trace(trace)
            .into_iter()
            .find(|s| s.span_kind == SpanKind::Server);
        if server.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let server = server.expect("the server span ends with the body");
    assert_eq!(server.name, "GET /stream");
    assert!(
        open_server_spans()
            .lock()
            .unwrap()
            .iter()
            .all(|(open, _)| *open != trace),
        "ended once"
    );
}

#[tokio::test]
async fn the_filter_lets_health_checks_through_untraced() {
    let address = serve(Chunks::default()).await;
    let response = reqwest::get(format!("http://{address}/health"))
        .await
        .unwrap();
    assert_eq!(response.text().await.unwrap(), "ok");
    assert!(
        spans()
            .iter()
            .all(|s| string_attribute(s, "url.path").as_deref() != Some("/health")),
        "no span for a filtered request"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_requests_never_mix_parents() {
    let address = serve(Chunks::default()).await;
    let client = client();
    let requests = (0..16).map(|i| {
        let client = client.clone();
        async move {
            client
                .get(format!("http://{address}/carts/concurrent-{i}"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    });
    let bodies = futures_util::future::join_all(requests).await;
    assert_eq!(bodies.len(), 16);
    let mut traces = Vec::new();
    for i in 0..16 {
        let (client, server) = client_and_server(&format!("/carts/concurrent-{i}"));
        traces.push(client.span_context.trace_id());
        assert_eq!(
            parent_of(&server),
            client.span_context.span_id(),
            "request {i}"
        );
        assert_eq!(
            string_attribute(&server, "url.path"),
            Some(format!("/carts/concurrent-{i}"))
        );
    }
    // Every server span these requests started has ended, exactly once
    // (each trace has one server span, found above).
    let open = open_server_spans().lock().unwrap().clone();
    assert!(
        open.iter().all(|(trace, _)| !traces.contains(trace)),
        "a started server span did not end"
    );
    for trace in &traces {
        let servers = in_trace(*trace)
            .into_iter()
            .filter(|s| s.span_kind == SpanKind::Server)
            .count();
        assert_eq!(servers, 1);
    }
}

#[tokio::test]
async fn a_malformed_traceparent_starts_a_new_trace_and_is_served() {
    let address = serve(Chunks::default()).await;
    let response = reqwest::Client::new()
        .get(format!("http://{address}/carts/malformed"))
        .header("traceparent", "00-not-a-trace-id-01")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let server = spans()
        .into_iter()
        .find(|s| string_attribute(s, "url.path").as_deref() == Some("/carts/malformed"))
        .expect("the request is traced");
    assert_eq!(
        parent_of(&server),
        opentelemetry::trace::SpanId::INVALID,
        "a root span"
    );
    assert!(server.span_context.trace_id() != TraceId::INVALID);
}

#[tokio::test]
async fn the_server_duration_metric_carries_the_route_template_never_the_path() {
    let meters = Meters::install();
    let address = serve(Chunks::default()).await;
    for id in ["m-1", "m-2", "m-secret-path"] {
        get_path(address, &format!("/metered/{id}")).await;
    }
    let points: Vec<_> = meters
        .points("http.server.request.duration")
        .into_iter()
        .filter(|p| p.get("http.route").as_deref() == Some("/metered/{id}"))
        .collect();
    assert_eq!(points.iter().map(|p| p.count).sum::<u64>(), 3);
    let point = &points[0];
    assert_eq!(point.unit, "s");
    assert_eq!(point.get("http.request.method").as_deref(), Some("GET"));
    assert_eq!(
        point.get("http.response.status_code").as_deref(),
        Some("200")
    );
    assert_eq!(point.bounds.first(), Some(&0.005));
    support::metrics::assert_no_secret(&points, &["m-secret-path", "/metered/m-"]);
}

#[tokio::test]
async fn the_user_agent_is_recorded_only_when_asked() {
    use tower_service::Service as _;
    exporter();
    let mut app = axum::Router::new()
        .route("/agent", get(|| async { "ok" }))
        .layer(TraceLayer::new().with_user_agent(true));
    std::future::poll_fn(|cx| {
        tower_service::Service::<http::Request<Body>>::poll_ready(&mut app, cx)
    })
    .await
    .unwrap();
    let request = http::Request::get("/agent")
        .header("user-agent", "checkout-service/1.2")
        .body(Body::empty())
        .unwrap();
    let response = app.call(request).await.unwrap();
    drop(response);
    let server = spans()
        .into_iter()
        .find(|s| s.name == "GET /agent")
        .expect("the span ended with the body");
    assert_eq!(
        string_attribute(&server, "user_agent.original").as_deref(),
        Some("checkout-service/1.2")
    );
}

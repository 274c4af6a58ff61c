//! Across a real HTTP hop on loopback: the client's call injects
//! `traceparent`, the server extracts it, and the server's span becomes a
//! child of the client's span in the same trace.
mod support;

use axum::routing::get;
use instrument_proxy::propagation::set_parent_from;
use instrument_proxy::{instrument_proxy, InstrumentProxy};
use support::*;

async fn handler(headers: http::HeaderMap) -> &'static str {
    let span = tracing::info_span!("GET /orders", otel.kind = "server");
    set_parent_from(&span, &headers);
    let _entered = span.enter();
    "ok"
}

#[derive(InstrumentProxy)]
struct TracedHttp(reqwest::Client);

#[instrument_proxy]
impl TracedHttp {
    async fn send(&self, #[inject] request: http::Request<String>) -> Result<u16, reqwest::Error> {
        let request = reqwest::Request::try_from(request)?;
        Ok(self.inner().execute(request).await?.status().as_u16())
    }
}

#[test]
fn the_server_span_is_a_child_of_the_client_span() {
    let capture = Capture::start();
    block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            axum::serve(listener, axum::Router::new().route("/orders", get(handler)))
                .await
                .unwrap();
        });

        let client = TracedHttp::new(reqwest::Client::new());
        let request = http::Request::get(format!("http://{address}/orders"))
            .body(String::new())
            .unwrap();
        assert_eq!(client.send(request).await.unwrap(), 200);
        server.abort();
    });

    let client = capture.span("TracedHttp::send");
    let server = capture.span("GET /orders");
    assert!(is_client(&client));
    assert_eq!(server.span_kind, opentelemetry::trace::SpanKind::Server);
    assert_child_of(&server, &client);
    capture.assert_all_ended();
}

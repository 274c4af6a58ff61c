//! With the `off` feature, `tower::TraceLayer` forwards requests untouched:
//! no server span is made even with a provider installed and a caller's
//! `traceparent` to continue, and the service sees the request as it came.

use std::convert::Infallible;
use std::future::{ready, Future, Ready};
use std::pin::pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use instrument_proxy::tower::TraceLayer;
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider};
use tower_layer::Layer;
use tower_service::Service;

/// Answers with the request's path, and keeps the headers it was given.
#[derive(Clone, Default)]
struct Echo(Arc<Mutex<Option<http::HeaderMap>>>);

impl Service<http::Request<String>> for Echo {
    type Response = http::Response<String>;
    type Error = Infallible;
    type Future = Ready<Result<Self::Response, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<String>) -> Self::Future {
        *self.0.lock().unwrap() = Some(request.headers().clone());
        ready(Ok(http::Response::new(request.uri().path().to_owned())))
    }
}

fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

#[test]
fn the_trace_layer_forwards_requests_untouched_when_off() {
    let exporter = InMemorySpanExporter::default();
    let provider = SdkTracerProvider::builder()
        .with_simple_exporter(exporter.clone())
        .build();
    instrument_proxy::set_tracer_provider(provider.clone());

    let echo = Echo::default();
    let mut service = TraceLayer::new().layer(echo.clone());
    let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    let request = http::Request::builder()
        .uri("http://localhost/carts/7?token=x")
        .header("traceparent", traceparent)
        .body(String::new())
        .unwrap();
    let response = block_on(service.call(request)).unwrap();

    assert_eq!(response.status(), http::StatusCode::OK);
    let seen = echo
        .0
        .lock()
        .unwrap()
        .take()
        .expect("the service was called");
    assert_eq!(seen.get("traceparent").unwrap(), traceparent);
    assert_eq!(seen.len(), 1, "nothing was added to the request: {seen:?}");
    drop(response);
    provider.force_flush().unwrap();
    let spans = exporter.get_finished_spans().unwrap();
    assert!(spans.is_empty(), "no span with `off`: {spans:?}");
}

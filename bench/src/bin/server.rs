//! `server VARIANT N`: N requests through a tower service that answers at
//! once with a one-frame body, each carrying a `traceparent`, for callgrind.
//! `layered`: `instrument_proxy::tower::TraceLayer` around it; `hand_written`:
//! the same SERVER span by hand (extract, start under the caller's context
//! with the same attributes, current during the call, status code, end when
//! the body is done); `bare`: the service alone.
//! Run by `scripts/instruction-counts`. The SDK is the global
//! provider with an always-on sampler and an exporter that drops the span.

use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use instrument_proxy::tower::TraceLayer;
use opentelemetry::trace::{SpanKind, TraceContextExt, Tracer, TracerProvider as _};
use opentelemetry::KeyValue;
use tower_layer::Layer;
use tower_service::Service;

const TRACEPARENT: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

/// Answers every request at once.
#[derive(Clone, Copy)]
struct Answer;

impl Service<http::Request<String>> for Answer {
    type Response = http::Response<String>;
    type Error = std::convert::Infallible;
    type Future = std::future::Ready<Result<http::Response<String>, Self::Error>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<String>) -> Self::Future {
        std::future::ready(Ok(http::Response::new(request.uri().path().to_owned())))
    }
}

fn request(i: u64) -> http::Request<String> {
    http::Request::get("/carts/42")
        .header("host", "shop.internal:8080")
        .header("traceparent", TRACEPARENT)
        .body(black_box(i).to_string())
        .expect("a request")
}

fn ready<F: Future>(future: F) -> F::Output {
    let mut cx = Context::from_waker(Waker::noop());
    match pin!(future).poll(&mut cx) {
        Poll::Ready(output) => output,
        Poll::Pending => unreachable!("the service answers at once"),
    }
}

/// Reads the body to its end; returns how many frames it had.
fn drain<B: http_body::Body>(body: B) -> usize {
    let mut cx = Context::from_waker(Waker::noop());
    let mut body = pin!(body);
    let mut frames = 0;
    while let Poll::Ready(Some(Ok(_))) = body.as_mut().poll_frame(&mut cx) {
        frames += 1;
    }
    frames
}

fn main() {
    let mut args = std::env::args().skip(1);
    let variant = args.next().expect("variant");
    let n: u64 = args.next().expect("N").parse().expect("a number");
    let provider = opentelemetry_sdk::trace::SdkTracerProvider::builder()
        .with_simple_exporter(instrument_proxy_bench::Discard)
        .build();
    instrument_proxy::set_tracer_provider(provider.clone());
    let tracer = provider.tracer("bench");
    let mut sum = 0usize;
    match variant.as_str() {
        "bare" => {
            let mut service = Answer;
            for i in 0..n {
                let response = ready(service.call(request(i))).expect("infallible");
                sum += drain(response.into_body());
            }
        }
        "layered" => {
            let mut service = TraceLayer::new().layer(Answer);
            for i in 0..n {
                let response = ready(service.call(request(i))).expect("infallible");
                sum += drain(response.into_body());
            }
        }
        "hand_written" => {
            let mut service = Answer;
            for i in 0..n {
                let request = request(i);
                let parent = instrument_proxy::propagation::extract_context(request.headers());
                let span = tracer
                    .span_builder("GET")
                    .with_kind(SpanKind::Server)
                    .with_attributes([
                        KeyValue::new("http.request.method", "GET"),
                        KeyValue::new("url.path", request.uri().path().to_owned()),
                        KeyValue::new("url.scheme", "http"),
                        KeyValue::new("server.address", "shop.internal"),
                        KeyValue::new("server.port", 8080),
                    ])
                    .start_with_context(&tracer, &parent);
                let cx = parent.with_span(span);
                let response = {
                    let _current = cx.clone().attach();
                    ready(service.call(request)).expect("infallible")
                };
                cx.span().set_attribute(KeyValue::new(
                    "http.response.status_code",
                    i64::from(response.status().as_u16()),
                ));
                sum += drain(response.into_body());
                cx.span().end();
            }
        }
        other => panic!("unknown variant {other}"),
    }
    black_box(sum);
    let _ = provider.shutdown();
}

//! `#[inject]`: the parameter that carries the request receives the call
//! span's context (W3C Trace Context: no global propagator is installed in
//! this binary), and the receiving side can extract it.
mod support;

use std::collections::HashMap;

use instrument_proxy::propagation::{extract_context, set_parent_from};
use instrument_proxy::{instrument_proxy, ContextCarrier, InstrumentProxy};
use opentelemetry::trace::TraceContextExt;
use support::*;

#[derive(Debug, Clone, Default, ContextCarrier)]
pub struct Job {
    pub id: u64,
    #[carrier]
    pub headers: HashMap<String, String>,
}

pub struct Client {
    jobs: tokio::sync::mpsc::UnboundedSender<Job>,
}

impl Client {
    fn send(&self, headers: HashMap<String, String>) -> HashMap<String, String> {
        headers
    }

    async fn send_request(&self, request: http::Request<()>) -> http::HeaderMap {
        request.headers().clone()
    }

    fn send_headers(&self, headers: &mut http::HeaderMap) -> usize {
        headers.len()
    }

    fn prepare(&self, request: reqwest::Request) -> http::HeaderMap {
        request.headers().clone()
    }

    fn prepare_builder(&self, builder: reqwest::RequestBuilder) -> http::HeaderMap {
        builder.build().expect("a valid request").headers().clone()
    }

    fn publish(&self, job: Job) {
        self.jobs.send(job).expect("consumer is alive");
    }
}

#[derive(InstrumentProxy)]
pub struct Traced(Client);

#[instrument_proxy]
impl Traced {
    fn send(&self, #[inject] headers: HashMap<String, String>) -> HashMap<String, String>;
    async fn send_request(&self, #[inject] request: http::Request<()>) -> http::HeaderMap;
    fn send_headers(&self, #[inject] headers: &mut http::HeaderMap) -> usize;

    fn prepare(&self, #[inject] request: reqwest::Request) -> http::HeaderMap;
    fn prepare_builder(&self, #[inject] builder: reqwest::RequestBuilder) -> http::HeaderMap;

    #[instrument_proxy(kind = producer)]
    fn publish(&self, #[inject] job: Job);

    /// With a body: the injected value is what the body sees.
    fn send_with_body(&self, #[inject] headers: HashMap<String, String>) -> Option<String> {
        headers.get("traceparent").cloned()
    }

    #[instrument_proxy(skip)]
    fn send_untraced(&self, #[inject] headers: HashMap<String, String>) -> HashMap<String, String> {
        headers
    }
}

fn traced() -> (Traced, tokio::sync::mpsc::UnboundedReceiver<Job>) {
    let (jobs, receiver) = tokio::sync::mpsc::unbounded_channel();
    (Traced::new(Client { jobs }), receiver)
}

fn traceparent_of(span: &opentelemetry_sdk::trace::SpanData) -> String {
    format!(
        "00-{}-{}-01",
        span.span_context.trace_id(),
        span.span_context.span_id()
    )
}

#[test]
fn a_map_receives_the_call_span_as_traceparent() {
    let capture = Capture::start();
    let headers = traced().0.send(HashMap::new());
    let span = capture.span("Traced::send");
    assert_eq!(headers.get("traceparent"), Some(&traceparent_of(&span)));
    capture.assert_all_ended();
}

#[test]
fn a_request_and_a_header_map_receive_it_too() {
    let capture = Capture::start();
    let (traced, _jobs) = traced();
    let headers = block_on(traced.send_request(http::Request::new(())));
    let span = capture.span("Traced::send_request");
    assert_eq!(headers["traceparent"], traceparent_of(&span).as_str());

    let mut headers = http::HeaderMap::new();
    assert_eq!(traced.send_headers(&mut headers), 1);
    let span = capture.span("Traced::send_headers");
    assert_eq!(headers["traceparent"], traceparent_of(&span).as_str());
    capture.assert_all_ended();
}

#[test]
fn reqwest_requests_and_builders_receive_it() {
    let capture = Capture::start();
    let (traced, _jobs) = traced();
    let client = reqwest::Client::new();
    let request = client.get("http://127.0.0.1:9/").build().unwrap();
    let headers = traced.prepare(request);
    assert_eq!(
        headers["traceparent"],
        traceparent_of(&capture.span("Traced::prepare")).as_str()
    );

    let headers = traced.prepare_builder(client.get("http://127.0.0.1:9/"));
    let span = capture.span("Traced::prepare_builder");
    assert_eq!(headers["traceparent"], traceparent_of(&span).as_str());
    capture.assert_all_ended();
}

#[test]
fn a_body_sees_the_injected_value() {
    let capture = Capture::start();
    let seen = traced().0.send_with_body(HashMap::new());
    assert_eq!(
        seen,
        Some(traceparent_of(&capture.span("Traced::send_with_body")))
    );
    capture.assert_all_ended();
}

#[test]
fn without_a_span_of_its_own_the_ambient_context_is_injected() {
    let capture = Capture::start();
    let headers =
        tracing::info_span!("outer").in_scope(|| traced().0.send_untraced(HashMap::new()));
    assert_eq!(
        headers.get("traceparent"),
        Some(&traceparent_of(&capture.span("outer")))
    );
    capture.assert_all_ended();
}

#[test]
fn nothing_is_injected_outside_any_trace() {
    let capture = Capture::start();
    let headers = traced().0.send_untraced(HashMap::new());
    assert!(headers.is_empty());
    capture.assert_all_ended();
}

#[test]
fn a_derived_carrier_crosses_a_channel_and_parents_the_consumer_span() {
    let capture = Capture::start();
    let (traced, mut jobs) = traced();
    traced.publish(Job {
        id: 7,
        ..Job::default()
    });
    let job = jobs.try_recv().expect("a job was sent");
    assert_eq!(job.id, 7);

    let remote = extract_context(&job);
    assert!(remote.span().span_context().is_remote());
    let consume = tracing::info_span!("consume", otel.kind = "consumer");
    set_parent_from(&consume, &job);
    consume.in_scope(|| {});
    drop(consume);

    let publish = capture.span("Traced::publish");
    let consume = capture.span("consume");
    assert_child_of(&consume, &publish);
    capture.assert_all_ended();
}

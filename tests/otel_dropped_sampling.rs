//! A sampler that drops the span: the call is not recorded, yet its context
//! (the sampled flag unset) is what the request carries and what spans made
//! inside it see, so every service downstream follows the decision
//! (`ParentBased`) rather than sampling the request again as a new root.
//! (A binary of its own: the global provider is process-wide.)
use instrument_proxy::{instrument_proxy, InstrumentProxy};
use opentelemetry::trace::TraceContextExt as _;
use opentelemetry_sdk::trace::{InMemorySpanExporter, Sampler, SdkTracerProvider};

struct Http;

impl Http {
    fn send(&self, headers: http::HeaderMap) -> http::HeaderMap {
        headers
    }
}

#[derive(InstrumentProxy)]
struct TracedHttp(Http);

#[instrument_proxy]
impl TracedHttp {
    fn send(&self, #[inject] headers: http::HeaderMap) -> http::HeaderMap;

    /// A call whose body makes another traced call.
    fn checkout(&self) -> (bool, opentelemetry::trace::SpanContext) {
        let current = opentelemetry::Context::current();
        let sent = self.send(http::HeaderMap::new());
        (
            sent.contains_key("traceparent"),
            current.span().span_context().clone(),
        )
    }
}

#[test]
fn a_dropped_span_still_carries_its_sampling_decision_downstream() {
    let exporter = InMemorySpanExporter::default();
    let provider = SdkTracerProvider::builder()
        .with_sampler(Sampler::ParentBased(Box::new(Sampler::TraceIdRatioBased(
            0.0,
        ))))
        .with_simple_exporter(exporter.clone())
        .build();
    instrument_proxy::set_tracer_provider(provider.clone());

    let traced = TracedHttp::new(Http);
    let headers = traced.send(http::HeaderMap::new());
    let traceparent = headers["traceparent"].to_str().unwrap();
    assert!(
        traceparent.ends_with("-00"),
        "the request says \"not sampled\": {traceparent}"
    );

    let (sent, inside) = traced.checkout();
    assert!(sent, "the nested call injects too");
    assert!(
        inside.is_valid() && !inside.is_sampled(),
        "the body sees the dropped span"
    );

    assert!(
        exporter.get_finished_spans().unwrap().is_empty(),
        "nothing is recorded"
    );
    provider.shutdown().unwrap();
}

//! Propagation turned off (`propagation::set_enabled(false)`), in a binary of
//! its own since the switch is process-wide: with OpenTelemetry's no-op
//! propagator installed (which cannot be told from "none installed", where
//! W3C Trace Context is the fallback) nothing is injected, and extraction
//! gives an empty context.
mod support;

use std::collections::HashMap;

use instrument_proxy::propagation::{self, Extract};
use instrument_proxy::{instrument_proxy, InstrumentProxy};
use opentelemetry::trace::TraceContextExt;
use support::*;

struct Queue;

impl Queue {
    fn publish(&self, headers: HashMap<String, String>) -> HashMap<String, String> {
        headers
    }
}

#[derive(InstrumentProxy)]
struct Traced(Queue);

#[instrument_proxy(kind = producer)]
impl Traced {
    fn publish(&self, #[inject] headers: HashMap<String, String>) -> HashMap<String, String>;
}

#[test]
fn turned_off_nothing_is_injected_or_extracted_even_with_the_no_op_propagator() {
    opentelemetry::global::set_text_map_propagator(
        opentelemetry::trace::noop::NoopTextMapPropagator::new(),
    );
    let capture = Capture::start();
    let traced = Traced::new(Queue);
    let sent = traced.publish(HashMap::from([(
        "authorization".to_owned(),
        "TOKEN-SECRET".to_owned(),
    )]));
    assert!(
        sent.contains_key("traceparent"),
        "on by default: the W3C fallback sends it even with the no-op propagator"
    );

    propagation::set_enabled(false);
    assert!(!propagation::is_enabled());
    let sent_off = traced.publish(HashMap::new());
    assert!(sent_off.is_empty(), "nothing injected: {sent_off:?}");
    assert!(
        !sent.extract_context().span().span_context().is_valid(),
        "nothing extracted"
    );
    propagation::set_enabled(true);
    assert!(sent.extract_context().span().span_context().is_valid());
    assert_eq!(capture.spans().len(), 2, "the calls themselves are traced");
    assert_no_secret(&capture.spans(), &["TOKEN-SECRET"]);
}

//! `#[inject]` with a global propagator installed (this binary's own, since
//! the propagator is process-wide): it is used instead of W3C, a value the
//! carrier cannot hold is skipped, and a propagator that panics does not fail
//! the call.
mod support;

use std::sync::{Mutex, MutexGuard};

use instrument_proxy::{instrument_proxy, InstrumentProxy};
use opentelemetry::propagation::{
    text_map_propagator::FieldIter, Extractor, Injector, TextMapPropagator,
};
use opentelemetry::trace::TraceContextExt;
use opentelemetry::Context;
use support::*;

/// Writes the trace id in a header of its own, and a header value with a
/// newline, which no HTTP header can hold.
#[derive(Debug)]
struct Custom {
    fields: Vec<String>,
    panics: bool,
}

impl TextMapPropagator for Custom {
    fn inject_context(&self, cx: &Context, injector: &mut dyn Injector) {
        assert!(!self.panics, "a broken propagator");
        injector.set(
            "x-trace-id",
            cx.span().span_context().trace_id().to_string(),
        );
        injector.set("x-broken", "line\nbreak".to_owned());
    }

    fn extract_with_context(&self, cx: &Context, _: &dyn Extractor) -> Context {
        cx.clone()
    }

    fn fields(&self) -> FieldIter<'_> {
        FieldIter::new(&self.fields)
    }
}

/// The propagator is global: the tests take turns.
fn install(panics: bool) -> MutexGuard<'static, ()> {
    static TURN: Mutex<()> = Mutex::new(());
    let turn = TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    opentelemetry::global::set_text_map_propagator(Custom {
        fields: vec!["x-trace-id".into(), "x-broken".into()],
        panics,
    });
    turn
}

struct Client;

impl Client {
    fn send(&self, headers: http::HeaderMap) -> http::HeaderMap {
        headers
    }
}

#[derive(InstrumentProxy)]
struct Traced(Client);

#[instrument_proxy]
impl Traced {
    fn send(&self, #[inject] headers: http::HeaderMap) -> http::HeaderMap;
}

#[test]
fn the_installed_propagator_is_used_and_unencodable_values_are_skipped() {
    let _turn = install(false);
    let capture = Capture::start();
    let headers = Traced::new(Client).send(http::HeaderMap::new());
    let span = capture.span("Traced::send");
    assert_eq!(
        headers["x-trace-id"],
        span.span_context.trace_id().to_string().as_str()
    );
    assert!(
        headers.get("x-broken").is_none(),
        "a value with a newline is skipped"
    );
    assert!(
        headers.get("traceparent").is_none(),
        "W3C is only the fallback"
    );
    capture.assert_all_ended();
}

#[test]
fn a_panicking_propagator_does_not_fail_the_call() {
    let _turn = install(true);
    let capture = Capture::start();
    let headers = Traced::new(Client).send(http::HeaderMap::new());
    assert!(headers.is_empty());
    assert!(!is_error(&capture.span("Traced::send")));
    capture.assert_all_ended();
}

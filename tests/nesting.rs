//! Spans opened inside a call nest under it; concurrent calls on one runtime
//! never mix their parents.
mod support;

use std::time::Duration;

use instrument_proxy::{instrument_proxy, InstrumentProxy};
use support::*;

struct Client;

impl Client {
    async fn call(&self, id: u64) -> u64 {
        // Interleave the calls: every task yields several times.
        for step in 0..3 {
            let _step = tracing::info_span!("step", id, step).entered();
            tokio::time::sleep(Duration::from_millis(1 + (id * 7 + step) % 5)).await;
        }
        id
    }

    fn call_sync(&self, id: u64) -> u64 {
        let _inner = tracing::info_span!("sync_inner", id).entered();
        id
    }
}

#[derive(InstrumentProxy)]
struct Traced(Client);

#[instrument_proxy(fields(call.id = id))]
impl Traced {
    async fn call(&self, id: u64) -> u64;
    fn call_sync(&self, id: u64) -> u64;
}

#[test]
fn a_span_opened_inside_the_inner_call_nests_under_the_proxy_span() {
    let capture = Capture::start();
    Traced::new(Client).call_sync(1);
    let outer = capture.span("Traced::call_sync");
    let inner = capture.span("sync_inner");
    assert_eq!(inner.parent_span_id, outer.span_context.span_id());
    capture.assert_all_ended();
}

#[test]
fn concurrent_calls_never_mix_parents() {
    let capture = Capture::start();
    let traced = Traced::new(Client);
    let ids: Vec<u64> = (0..20).collect();
    let results = block_on(futures_util::future::join_all(
        ids.iter().map(|id| traced.call(*id)),
    ));
    assert_eq!(results, ids);

    let spans = capture.spans();
    let calls: Vec<_> = spans.iter().filter(|s| s.name == "Traced::call").collect();
    assert_eq!(calls.len(), 20);
    let steps: Vec<_> = spans.iter().filter(|s| s.name == "step").collect();
    assert_eq!(steps.len(), 60);
    for step in steps {
        let id = attribute(step, "id").expect("step id").to_string();
        let parent = calls
            .iter()
            .find(|c| c.span_context.span_id() == step.parent_span_id)
            .expect("every step has a call as parent");
        assert_eq!(
            attribute(parent, "call.id").expect("call.id").to_string(),
            id
        );
    }
    capture.assert_all_ended();
}

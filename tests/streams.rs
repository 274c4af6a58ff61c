//! Methods that return a stream: the span covers the stream until it is
//! exhausted or dropped.
mod support;

use std::time::Duration;

use futures_core::Stream;
use futures_util::stream::{self, BoxStream, StreamExt};
use instrument_proxy::{instrument_proxy, InstrumentProxy};
use support::*;

const STEP: Duration = Duration::from_millis(10);

fn ticks(count: u32) -> impl Stream<Item = u32> + Send {
    stream::unfold(0, move |n| async move {
        if n == count {
            return None;
        }
        tokio::time::sleep(STEP).await;
        let _item = tracing::info_span!("item").entered();
        Some((n, n + 1))
    })
}

struct Client;

impl Client {
    fn scan(&self, count: u32) -> impl Stream<Item = u32> + Send {
        ticks(count)
    }

    fn boxed(&self, count: u32) -> BoxStream<'static, u32> {
        ticks(count).boxed()
    }
}

#[derive(InstrumentProxy)]
struct Traced(Client);

#[instrument_proxy]
impl Traced {
    #[instrument_proxy(stream)]
    fn scan(&self, count: u32) -> impl Stream<Item = u32> + Send;

    fn boxed(&self, count: u32) -> BoxStream<'static, u32>;
}

#[test]
fn impl_stream_is_traced_until_exhausted() {
    let capture = Capture::start();
    let items: Vec<u32> = block_on(Traced::new(Client).scan(3).collect());
    assert_eq!(items, [0, 1, 2]);
    let span = capture.span("Traced::scan");
    assert!(duration(&span) >= STEP * 3, "{:?}", duration(&span));
    let items = capture
        .spans()
        .into_iter()
        .filter(|s| s.name == "item")
        .collect::<Vec<_>>();
    assert_eq!(items.len(), 3);
    assert!(items
        .iter()
        .all(|i| i.parent_span_id == span.span_context.span_id()));
    capture.assert_all_ended();
}

#[test]
fn boxed_stream_is_traced_until_exhausted() {
    let capture = Capture::start();
    let items: Vec<u32> = block_on(Traced::new(Client).boxed(2).collect());
    assert_eq!(items, [0, 1]);
    assert!(duration(&capture.span("Traced::boxed")) >= STEP * 2);
    capture.assert_all_ended();
}

#[test]
fn a_stream_dropped_early_ends_its_span_without_error() {
    let capture = Capture::start();
    let first: Vec<u32> = block_on(Traced::new(Client).scan(10).take(1).collect());
    assert_eq!(first, [0]);
    let span = capture.span("Traced::scan");
    assert!(!is_error(&span));
    capture.assert_all_ended();
}

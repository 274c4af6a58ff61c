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

    /// One item, then two failures.
    fn fallible(&self) -> impl Stream<Item = Result<u32, std::io::Error>> + Send {
        stream::iter([
            Ok(1),
            Err(std::io::Error::new(std::io::ErrorKind::TimedOut, "first")),
            Err(std::io::Error::other("second")),
        ])
    }

    fn fallible_boxed(&self) -> BoxStream<'static, Result<u32, std::io::Error>> {
        self.fallible().boxed()
    }
}

#[derive(InstrumentProxy)]
struct Traced(Client);

#[instrument_proxy]
impl Traced {
    #[instrument_proxy(stream)]
    fn scan(&self, count: u32) -> impl Stream<Item = u32> + Send;

    fn boxed(&self, count: u32) -> BoxStream<'static, u32>;

    #[instrument_proxy(stream, metric = "stream.duration")]
    fn fallible(&self) -> impl Stream<Item = Result<u32, std::io::Error>> + Send;

    fn fallible_boxed(&self) -> BoxStream<'static, Result<u32, std::io::Error>>;
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

#[test]
fn a_failing_stream_marks_its_span_and_its_measurement_once_with_the_first_error() {
    let capture = Capture::start();
    let meters = support::metrics::Meters::install();
    let client = Traced::new(Client);
    let items: Vec<_> = block_on(client.fallible().collect());
    assert_eq!(items.len(), 3, "every item reaches the caller");
    let items: Vec<_> = block_on(client.fallible_boxed().collect());
    assert_eq!(items.len(), 3);
    for name in ["Traced::fallible", "Traced::fallible_boxed"] {
        let span = capture.span(name);
        assert!(is_error(&span), "{name}");
        assert_eq!(
            error_description(&span).as_deref(),
            Some("first"),
            "{name}: the first error marks it, once"
        );
        assert_eq!(
            span.attributes
                .iter()
                .filter(|kv| kv.key.as_str() == "error.type")
                .count(),
            1,
            "{name}"
        );
    }
    let points = meters.points("stream.duration");
    assert_eq!(points.len(), 1, "{points:?}");
    assert!(
        points[0].get("error.type").is_some(),
        "the measurement fails with the span: {points:?}"
    );
    capture.assert_all_ended();
}

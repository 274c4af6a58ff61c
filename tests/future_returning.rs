//! Methods that return a future without being `async fn`: the span covers the
//! future's execution until it completes, not just its construction.
mod support;

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use futures_util::future::BoxFuture;
use instrument_proxy::{instrument_proxy, InstrumentProxy};
use support::*;

/// The shape of redis's `RedisFuture`.
type ClientFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

const WORK: Duration = Duration::from_millis(25);

async fn work(value: u64) -> u64 {
    tokio::time::sleep(WORK).await;
    let _inner = tracing::info_span!("inside_future").entered();
    value
}

struct Client;

impl Client {
    fn impl_future(&self, value: u64) -> impl Future<Output = u64> + Send + '_ {
        work(value)
    }

    fn pinned<'a>(&'a self, value: &'a u64) -> Pin<Box<dyn Future<Output = u64> + Send + 'a>> {
        Box::pin(work(*value))
    }

    fn alias(&mut self, value: u64) -> ClientFuture<'_, u64> {
        Box::pin(work(value))
    }

    fn boxed(&self, value: u64) -> BoxFuture<'static, u64> {
        Box::pin(work(value))
    }
}

#[derive(InstrumentProxy)]
struct Traced(Client);

#[instrument_proxy]
impl Traced {
    fn impl_future(&self, value: u64) -> impl Future<Output = u64> + Send + '_;

    fn pinned<'a>(&'a self, value: &'a u64) -> Pin<Box<dyn Future<Output = u64> + Send + 'a>>;

    #[instrument_proxy(future)]
    fn alias(&mut self, value: u64) -> ClientFuture<'_, u64>;

    fn boxed(&self, value: u64) -> BoxFuture<'static, u64>;

    /// With a body: the future it builds is traced to its end.
    fn with_body(&self) -> impl Future<Output = u64> + '_ {
        let value = 40;
        async move { work(value).await + 2 }
    }
}

fn check(capture: &Capture, name: &str) {
    let span = capture.span(name);
    assert!(duration(&span) >= WORK, "{name}: {:?}", duration(&span));
    let inside = capture.span("inside_future");
    assert_eq!(inside.parent_span_id, span.span_context.span_id(), "{name}");
    capture.assert_all_ended();
}

#[test]
fn impl_future_is_traced_until_it_completes() {
    let capture = Capture::start();
    assert_eq!(block_on(Traced::new(Client).impl_future(1)), 1);
    check(&capture, "Traced::impl_future");
}

#[test]
fn pinned_boxed_dyn_future_is_traced_until_it_completes() {
    let capture = Capture::start();
    assert_eq!(block_on(Traced::new(Client).pinned(&2)), 2);
    check(&capture, "Traced::pinned");
}

#[test]
fn future_alias_marked_future_is_traced_until_it_completes() {
    let capture = Capture::start();
    assert_eq!(block_on(Traced::new(Client).alias(3)), 3);
    check(&capture, "Traced::alias");
}

#[test]
fn box_future_is_traced_until_it_completes() {
    let capture = Capture::start();
    assert_eq!(block_on(Traced::new(Client).boxed(4)), 4);
    check(&capture, "Traced::boxed");
}

#[test]
fn a_future_built_by_a_body_is_traced_until_it_completes() {
    let capture = Capture::start();
    assert_eq!(block_on(Traced::new(Client).with_body()), 42);
    check(&capture, "Traced::with_body");
}

#[test]
fn the_span_does_not_end_when_the_future_is_built() {
    let capture = Capture::start();
    let traced = Traced::new(Client);
    let future = traced.impl_future(5);
    assert!(
        capture.spans().is_empty(),
        "the span ended before the future ran"
    );
    assert_eq!(block_on(future), 5);
    assert_eq!(
        capture
            .spans()
            .iter()
            .filter(|s| s.name == "Traced::impl_future")
            .count(),
        1
    );
    capture.assert_all_ended();
}

//! A future dropped before it completes ends its span; cancellation is not an
//! error.
mod support;

use std::time::Duration;

use instrument_proxy::{instrument_proxy, InstrumentProxy};
use support::*;

struct Client;

impl Client {
    async fn wait(&self) -> Result<(), std::io::Error> {
        tokio::time::sleep(Duration::from_secs(3600)).await;
        Ok(())
    }

    /// Holds a [`Cleanup`] across its await: what its drop does happens when
    /// the work is dropped.
    async fn hold(&self, wait: bool) -> Result<(), std::io::Error> {
        let _cleanup = Cleanup;
        if wait {
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
        Ok(())
    }

    fn ready(&self) -> impl std::future::Future<Output = Result<(), std::io::Error>> {
        Ready(Cleanup)
    }

    fn items(&self) -> impl futures_core::Stream<Item = u32> + Send {
        let cleanup = Cleanup;
        futures_util::stream::unfold(0, move |n| {
            let _held = &cleanup;
            async move { Some((n, n + 1)) }
        })
    }
}

/// A future ready at its first poll that holds a [`Cleanup`] until dropped.
struct Ready(#[allow(dead_code)] Cleanup);

impl std::future::Future for Ready {
    type Output = Result<(), std::io::Error>;

    fn poll(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        std::task::Poll::Ready(Ok(()))
    }
}

/// Its drop makes a span of its own in whatever is current, in the backend
/// the test on this thread captures: a client's cleanup that logs or calls
/// out.
struct Cleanup;

thread_local! {
    static CLEANUP_IN_OTEL: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        if CLEANUP_IN_OTEL.get() {
            use opentelemetry::trace::Tracer;
            drop(opentelemetry::global::tracer("tests").start("cleanup"));
        } else {
            drop(tracing::info_span!("cleanup").entered());
        }
    }
}

#[derive(InstrumentProxy)]
struct Traced(Client);

#[instrument_proxy]
impl Traced {
    async fn wait(&self) -> Result<(), std::io::Error>;

    async fn hold(&self, wait: bool) -> Result<(), std::io::Error>;

    #[instrument_proxy(future)]
    fn ready(&self) -> impl std::future::Future<Output = Result<(), std::io::Error>>;

    #[instrument_proxy(stream)]
    fn items(&self) -> impl futures_core::Stream<Item = u32> + Send;

    fn wait_boxed(&self) -> futures_util::future::BoxFuture<'_, Result<(), std::io::Error>> {
        Box::pin(self.0.wait())
    }
}

#[test]
fn dropping_after_the_first_poll_ends_the_span_without_error() {
    let capture = Capture::start();
    let traced = Traced::new(Client);
    block_on(async {
        let mut future = std::pin::pin!(traced.wait());
        assert!(futures_util::poll!(future.as_mut()).is_pending());
    });
    let span = capture.span("Traced::wait");
    assert_eq!(span.status, opentelemetry::trace::Status::Unset);
    assert_eq!(string_attribute(&span, "error.type"), None);
    capture.assert_all_ended();
}

#[test]
fn a_timeout_cancels_a_boxed_future_and_ends_its_span() {
    let capture = Capture::start();
    let traced = Traced::new(Client);
    let outcome = block_on(async {
        tokio::time::timeout(Duration::from_millis(5), traced.wait_boxed()).await
    });
    assert!(outcome.is_err(), "the timeout fired");
    let span = capture.span("Traced::wait_boxed");
    assert!(!is_error(&span));
    capture.assert_all_ended();
}

/// A future dropped unfinished drops its work while its span is current,
/// then ends the span once; one that completed is not ended again when
/// dropped. Both routes, futures and streams.
fn cancelled_work_is_dropped_inside_its_span_and_each_span_ends_once(capture: Capture) {
    let traced = Traced::new(Client);
    block_on(async {
        let mut future = std::pin::pin!(traced.hold(true));
        assert!(futures_util::poll!(future.as_mut()).is_pending());
    });
    let cancelled = capture.span("Traced::hold");
    let cleanup = capture.span("cleanup");
    assert_child_of(&cleanup, &cancelled);
    assert!(!is_error(&cancelled));

    let first: Vec<u32> = block_on(futures_util::StreamExt::collect(
        futures_util::StreamExt::take(traced.items(), 1),
    ));
    assert_eq!(first, [0]);
    let stream = capture.span("Traced::items");
    let cleanups: Vec<_> = capture
        .spans()
        .into_iter()
        .filter(|span| span.name == "cleanup")
        .collect();
    assert_eq!(cleanups.len(), 2, "{:?}", names(&capture.spans()));
    assert_child_of(&cleanups[1], &stream);

    // Completed: the cleanup ran inside the span while the work finished,
    // and the drop of the finished future ends nothing more.
    block_on(traced.hold(false)).unwrap();
    let spans = capture.spans();
    assert_eq!(
        names(&spans),
        [
            "cleanup",
            "Traced::hold",
            "cleanup",
            "Traced::items",
            "cleanup",
            "Traced::hold"
        ]
    );
    assert_child_of(&spans[4], &spans[5]);

    // A future that completed is dropped before its span ends, and not
    // inside it: the call is over.
    block_on(traced.ready()).unwrap();
    let spans = capture.spans();
    let [.., cleanup, ready] = &spans[..] else {
        panic!("{:?}", names(&spans))
    };
    assert_eq!((&*cleanup.name, &*ready.name), ("cleanup", "Traced::ready"));
    assert_ne!(cleanup.parent_span_id, ready.span_context.span_id());

    // Never polled: dropped unfinished all the same, its work inside its
    // span (tracing's `Instrumented` drops an unpolled future inside its
    // span too).
    drop(traced.ready());
    let spans = capture.spans();
    let [.., cleanup, ready] = &spans[..] else {
        panic!("{:?}", names(&spans))
    };
    assert_eq!((&*cleanup.name, &*ready.name), ("cleanup", "Traced::ready"));
    assert_child_of(cleanup, ready);
    assert!(!is_error(ready));
    capture.assert_all_ended();
}

#[test]
fn cancelled_work_is_dropped_inside_its_span_with_the_tracing_backend() {
    CLEANUP_IN_OTEL.set(false);
    cancelled_work_is_dropped_inside_its_span_and_each_span_ends_once(Capture::start());
}

#[test]
fn cancelled_work_is_dropped_inside_its_span_with_the_opentelemetry_backend() {
    CLEANUP_IN_OTEL.set(true);
    cancelled_work_is_dropped_inside_its_span_and_each_span_ends_once(Capture::global_otel());
}

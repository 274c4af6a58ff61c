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
}

#[derive(InstrumentProxy)]
struct Traced(Client);

#[instrument_proxy]
impl Traced {
    async fn wait(&self) -> Result<(), std::io::Error>;

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

//! A panic inside a call marks its span failed, ends it, and reaches the
//! caller with its payload untouched.
mod support;

use std::panic::{catch_unwind, AssertUnwindSafe};

use instrument_proxy::instrument_proxy;
use support::*;

#[derive(Debug, PartialEq)]
struct Payload(u32);

struct Client;

#[instrument_proxy]
impl Client {
    fn explode(&self) -> u32 {
        std::panic::panic_any(Payload(7));
    }

    async fn explode_later(&self) -> u32 {
        tokio::task::yield_now().await;
        std::panic::panic_any(Payload(8));
    }

    #[track_caller]
    fn explode_tracked(&self) -> u32 {
        std::panic::panic_any(Payload(9));
    }
}

fn payload(result: std::thread::Result<u32>) -> Payload {
    let payload = result.expect_err("the call panics");
    *payload
        .downcast::<Payload>()
        .expect("the payload is unchanged")
}

#[test]
fn sync_panic_keeps_its_payload_and_fails_the_span() {
    let capture = Capture::start();
    let result = catch_unwind(|| Client.explode());
    assert_eq!(payload(result), Payload(7));
    let span = capture.span("Client::explode");
    assert_failed_with(&span, "panic");
    capture.assert_all_ended();
}

#[test]
fn async_panic_keeps_its_payload_and_fails_the_span() {
    let capture = Capture::start();
    let result = catch_unwind(AssertUnwindSafe(|| block_on(Client.explode_later())));
    assert_eq!(payload(result), Payload(8));
    assert!(is_error(&capture.span("Client::explode_later")));
    capture.assert_all_ended();
}

#[test]
fn track_caller_panic_keeps_its_payload_and_fails_the_span() {
    let capture = Capture::start();
    let result = catch_unwind(|| Client.explode_tracked());
    assert_eq!(payload(result), Payload(9));
    assert!(is_error(&capture.span("Client::explode_tracked")));
    capture.assert_all_ended();
}

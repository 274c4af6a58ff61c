//! Synchronous methods: the span covers the call, with the OTel meaning set.
mod support;

use std::time::Duration;

use instrument_proxy::{instrument_proxy, InstrumentProxy};
use support::*;

#[derive(Debug)]
struct Failure;

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the server said no")
    }
}

/// An error that names its own `error.type`.
#[derive(Debug)]
struct WrongType;

impl std::fmt::Display for WrongType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WRONGTYPE Operation against a key holding the wrong kind of value")
    }
}

impl instrument_proxy::ErrorType for WrongType {
    fn error_type(&self) -> instrument_proxy::Text<'_> {
        instrument_proxy::Text::Borrowed("WRONGTYPE")
    }
}

struct Client;

impl Client {
    fn slow(&self, millis: u64) -> u64 {
        std::thread::sleep(Duration::from_millis(millis));
        millis
    }

    fn fail(&self) -> Result<u32, Failure> {
        Err(Failure)
    }

    fn succeed(&self) -> Result<u32, Failure> {
        Ok(7)
    }

    fn wrong_type(&self) -> Result<u32, WrongType> {
        Err(WrongType)
    }
}

#[derive(InstrumentProxy)]
struct Traced(Client);

#[instrument_proxy]
impl Traced {
    fn slow(&self, millis: u64) -> u64;
    fn fail(&self) -> Result<u32, Failure>;
    fn succeed(&self) -> Result<u32, Failure>;
    fn wrong_type(&self) -> Result<u32, WrongType>;
}

#[test]
fn span_covers_the_whole_call() {
    let capture = Capture::start();
    assert_eq!(Traced::new(Client).slow(30), 30);
    let span = capture.span("Traced::slow");
    assert!(
        duration(&span) >= Duration::from_millis(30),
        "{:?}",
        duration(&span)
    );
    assert!(is_client(&span));
    assert_eq!(span.status, opentelemetry::trace::Status::Unset);
    capture.assert_all_ended();
}

#[test]
fn err_marks_the_span_failed_with_type_and_description() {
    let capture = Capture::start();
    assert!(Traced::new(Client).fail().is_err());
    let span = capture.span("Traced::fail");
    assert!(is_error(&span));
    assert_eq!(
        error_description(&span).as_deref(),
        Some("the server said no")
    );
    assert_eq!(
        string_attribute(&span, "error.type").as_deref(),
        Some(std::any::type_name::<Failure>())
    );
    capture.assert_all_ended();
}

#[test]
fn ok_leaves_the_status_unset() {
    let capture = Capture::start();
    assert_eq!(Traced::new(Client).succeed().ok(), Some(7));
    let span = capture.span("Traced::succeed");
    assert_eq!(span.status, opentelemetry::trace::Status::Unset);
    assert_eq!(string_attribute(&span, "error.type"), None);
    capture.assert_all_ended();
}

#[test]
fn an_error_type_names_its_own_code() {
    let capture = Capture::start();
    assert!(Traced::new(Client).wrong_type().is_err());
    let span = capture.span("Traced::wrong_type");
    assert_failed_with(&span, "WRONGTYPE");
    capture.assert_all_ended();
}

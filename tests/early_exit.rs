//! `return` and `?` leave a method early: its span still ends exactly once,
//! with the outcome of the value that was returned.
mod support;

use instrument_proxy::instrument_proxy;
use support::*;

#[derive(Debug)]
struct NotFound;

impl std::fmt::Display for NotFound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("no such key")
    }
}

fn lookup(key: &str) -> Result<u32, NotFound> {
    key.parse().map_err(|_| NotFound)
}

struct Store;

#[instrument_proxy(kind = internal)]
impl Store {
    fn early_return(&self, key: &str) -> Result<u32, NotFound> {
        if key.is_empty() {
            return Ok(0);
        }
        lookup(key)
    }

    fn question_mark(&self, key: &str) -> Result<u32, NotFound> {
        let value = lookup(key)?;
        Ok(value + 1)
    }

    async fn async_question_mark(&self, key: &str) -> Result<u32, NotFound> {
        let value = lookup(key)?;
        if value == 0 {
            return Ok(100);
        }
        Ok(value + 1)
    }

    #[track_caller]
    fn tracked(&self, key: &str) -> Result<u32, NotFound> {
        if key.is_empty() {
            return Err(NotFound);
        }
        Ok(1)
    }
}

#[test]
fn early_return_ends_the_span_once() {
    let capture = Capture::start();
    assert_eq!(Store.early_return("").unwrap(), 0);
    let span = capture.span("Store::early_return");
    assert!(!is_error(&span));
    capture.assert_all_ended();
}

#[test]
fn question_mark_marks_the_span_failed() {
    let capture = Capture::start();
    assert!(Store.question_mark("x").is_err());
    let span = capture.span("Store::question_mark");
    assert!(is_error(&span));
    assert_eq!(error_description(&span).as_deref(), Some("no such key"));
    capture.assert_all_ended();
}

#[test]
fn question_mark_in_async_fn_marks_the_span_failed() {
    let capture = Capture::start();
    assert!(block_on(Store.async_question_mark("x")).is_err());
    assert_eq!(block_on(Store.async_question_mark("0")).unwrap(), 100);
    let spans = capture.spans();
    let errors = spans.iter().filter(|s| is_error(s)).count();
    assert_eq!((spans.len(), errors), (2, 1));
    capture.assert_all_ended();
}

#[test]
fn track_caller_early_return_still_ends_the_span() {
    let capture = Capture::start();
    assert!(Store.tracked("").is_err());
    assert!(Store.tracked("k").is_ok());
    assert_eq!(capture.spans().len(), 2);
    capture.assert_all_ended();
}

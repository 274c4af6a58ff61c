//! `async fn`: the span covers every poll until the output exists, and spans
//! opened inside nest under it.
mod support;

use std::time::Duration;

use instrument_proxy::{instrument_proxy, InstrumentProxy};
use support::*;

struct Client;

impl Client {
    async fn get(&self, key: &str) -> Result<String, std::io::Error> {
        let _inner = tracing::info_span!("inner_work").entered();
        drop(_inner);
        tokio::time::sleep(Duration::from_millis(25)).await;
        async {
            let _inner = tracing::info_span!("after_await").entered();
        }
        .await;
        Ok(format!("value of {key}"))
    }
}

#[derive(InstrumentProxy)]
struct Traced(Client);

#[instrument_proxy]
impl Traced {
    async fn get(&self, key: &str) -> Result<String, std::io::Error>;

    /// A method with its own body, instrumented as written.
    async fn get_twice(&self, key: &str) -> Result<String, std::io::Error> {
        let first = self.0.get(key).await?;
        let second = self.0.get(key).await?;
        Ok(first + &second)
    }
}

#[test]
fn span_covers_the_sleep_inside_the_inner_future() {
    let capture = Capture::start();
    let value = block_on(Traced::new(Client).get("k")).unwrap();
    assert_eq!(value, "value of k");
    let span = capture.span("Traced::get");
    assert!(
        duration(&span) >= Duration::from_millis(25),
        "{:?}",
        duration(&span)
    );
    capture.assert_all_ended();
}

#[test]
fn spans_opened_during_any_poll_nest_under_the_call() {
    let capture = Capture::start();
    block_on(Traced::new(Client).get("k")).unwrap();
    let call = capture.span("Traced::get");
    for name in ["inner_work", "after_await"] {
        assert_child_of(&capture.span(name), &call);
    }
    capture.assert_all_ended();
}

#[test]
fn a_body_with_question_marks_is_instrumented_as_written() {
    let capture = Capture::start();
    let value = block_on(Traced::new(Client).get_twice("k")).unwrap();
    assert_eq!(value, "value of kvalue of k");
    let span = capture.span("Traced::get_twice");
    assert!(duration(&span) >= Duration::from_millis(50));
    assert_eq!(
        capture
            .spans()
            .iter()
            .filter(|s| s.name == "inner_work")
            .count(),
        2
    );
    capture.assert_all_ended();
}

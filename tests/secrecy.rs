//! Secure by default: nothing from the arguments, `self` or the result is
//! recorded unless an option names it.
mod support;

use instrument_proxy::{instrument_proxy, InstrumentProxy};
use support::*;

const SECRET: &str = "hunter2-secret";

#[derive(Debug)]
struct Client {
    password: String,
}

impl Client {
    fn login(&self, user: &str, password: &str) -> Result<String, String> {
        if password == self.password {
            Ok(format!("token-for-{user}-{SECRET}"))
        } else {
            Err(format!("bad password {password}"))
        }
    }

    async fn fetch(&self, token: String) -> String {
        format!("{token}-{SECRET}")
    }
}

#[derive(InstrumentProxy)]
struct Traced(Client);

#[instrument_proxy]
impl Traced {
    fn login(&self, user: &str, password: &str) -> Result<String, String>;
    async fn fetch(&self, token: String) -> String;
}

/// The only attributes instrument-proxy records without being asked.
const ALLOWED: &[&str] = &["error.type"];

#[test]
fn no_argument_self_or_result_is_recorded() {
    let capture = Capture::start();
    let traced = Traced::new(Client {
        password: SECRET.into(),
    });
    let token = traced.login("alice", SECRET).unwrap();
    block_on(traced.fetch(token));

    let spans = capture.spans();
    assert_eq!(spans.len(), 2);
    for span in &spans {
        for kv in &span.attributes {
            let key = kv.key.as_str();
            assert!(
                is_location_attribute(key) || ALLOWED.contains(&key),
                "{}: unexpected attribute {key}",
                span.name
            );
            let value = kv.value.as_str();
            assert!(
                !value.contains(SECRET),
                "{}: {key} leaks the secret",
                span.name
            );
            assert!(
                !value.contains("alice"),
                "{}: {key} leaks an argument",
                span.name
            );
        }
    }
    capture.assert_all_ended();
}

#[test]
fn an_error_description_is_the_error_display_and_nothing_else() {
    let capture = Capture::start();
    let traced = Traced::new(Client {
        password: SECRET.into(),
    });
    assert!(traced.login("alice", "wrong").is_err());
    let span = capture.span("Traced::login");
    assert_eq!(
        error_description(&span).as_deref(),
        Some("bad password wrong")
    );
    for kv in &span.attributes {
        assert!(!kv.value.as_str().contains("alice"));
    }
    capture.assert_all_ended();
}

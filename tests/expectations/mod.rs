//! What every backend must export for the same calls: one set of
//! expectations, run by `backend_tracing.rs` (tracing → tracing-opentelemetry
//! → SDK) and `backend_otel.rs` (spans made directly through the global
//! provider). The including file defines `capture()` and `inner_span()`.

use std::time::Duration;

use instrument_proxy::{instrument_proxy, ClientAttributes, InstrumentProxy};
use opentelemetry::trace::{SpanKind, Status};

use crate::support::*;
use crate::{capture, inner_span};

#[derive(Debug)]
pub struct Refused;

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection refused")
    }
}

pub struct Client;

impl Client {
    pub async fn get(&self, key: &str) -> Result<String, Refused> {
        tokio::time::sleep(Duration::from_millis(5)).await;
        let _inner = inner_span();
        if key.is_empty() {
            Err(Refused)
        } else {
            Ok(key.to_owned())
        }
    }

    pub fn command(&self, name: &str) -> usize {
        let _inner = inner_span();
        name.len()
    }

    pub async fn forever(&self) {
        tokio::time::sleep(Duration::from_secs(3600)).await;
    }

    pub fn explode(&self) -> u8 {
        panic!("the client broke");
    }
}

#[derive(InstrumentProxy)]
#[proxy(attributes = client_attributes)]
pub struct Traced(Client);

fn client_attributes(_: &Traced) -> ClientAttributes<'_> {
    ClientAttributes::new()
        .server_address("db.internal")
        .server_port(6379)
        .db_namespace("")
}

#[instrument_proxy(fields(db.system.name = "redis"))]
impl Traced {
    pub async fn get(&self, key: &str) -> Result<String, Refused>;

    #[instrument_proxy(name = name.to_uppercase(), fields(db.operation.name = name, empty = ""))]
    pub fn command(&self, name: &str) -> usize;

    pub async fn forever(&self);

    pub fn explode(&self) -> u8;
}

#[test]
fn static_name_kind_status_and_attributes() {
    let capture = capture();
    assert_eq!(block_on(Traced::new(Client).get("k")).unwrap(), "k");
    let span = capture.span("Traced::get");
    assert_eq!(span.span_kind, SpanKind::Client);
    assert_eq!(span.status, Status::Unset);
    assert_eq!(
        string_attribute(&span, "db.system.name").as_deref(),
        Some("redis")
    );
    assert_server(&span, "db.internal", 6379);
    assert!(duration(&span) >= Duration::from_millis(5));
    capture.assert_all_ended();
}

#[test]
fn dynamic_name_and_no_empty_attributes() {
    let capture = capture();
    assert_eq!(Traced::new(Client).command("hgetall"), 7);
    let span = capture.span("HGETALL");
    assert_eq!(
        string_attribute(&span, "db.operation.name").as_deref(),
        Some("hgetall")
    );
    for kv in &span.attributes {
        assert!(
            !kv.value.as_str().is_empty(),
            "{} is recorded empty",
            kv.key
        );
    }
    assert_eq!(attribute(&span, "db.namespace"), None);
    capture.assert_all_ended();
}

#[test]
fn err_is_an_error_with_description_and_type() {
    let capture = capture();
    assert!(block_on(Traced::new(Client).get("")).is_err());
    let span = capture.span("Traced::get");
    assert_eq!(
        error_description(&span).as_deref(),
        Some("connection refused")
    );
    assert!(string_attribute(&span, "error.type").is_some_and(|t| t.ends_with("Refused")));
    capture.assert_all_ended();
}

#[test]
fn panic_is_an_error() {
    let capture = capture();
    let result = std::panic::catch_unwind(|| Traced::new(Client).explode());
    assert!(result.is_err());
    let span = capture.span("Traced::explode");
    assert_failed_with(&span, "panic");
    capture.assert_all_ended();
}

#[test]
fn cancellation_ends_the_span_with_status_unset() {
    let capture = capture();
    let traced = Traced::new(Client);
    block_on(async {
        let mut future = std::pin::pin!(traced.forever());
        assert!(futures_util::poll!(future.as_mut()).is_pending());
    });
    assert_eq!(capture.span("Traced::forever").status, Status::Unset);
    capture.assert_all_ended();
}

#[test]
fn spans_inside_the_call_are_children_sync_and_after_an_await() {
    let capture = capture();
    let traced = Traced::new(Client);
    traced.command("get");
    let outer = capture.span("GET");
    let inner = capture.span("inner");
    assert_eq!(inner.parent_span_id, outer.span_context.span_id());
    assert_eq!(inner.span_context.trace_id(), outer.span_context.trace_id());
    drop(capture);

    let capture = crate::capture();
    block_on(traced.get("k")).unwrap();
    let outer = capture.span("Traced::get");
    assert_eq!(
        capture.span("inner").parent_span_id,
        outer.span_context.span_id()
    );
    capture.assert_all_ended();
}

//! What every backend must export for the same calls: one set of
//! expectations, run by `backend_tracing.rs` (tracing → tracing-opentelemetry
//! → SDK) and `backend_otel.rs` (spans made directly through the global
//! provider). The including file defines `capture()` and `inner_span()`.

use std::time::Duration;

use instrument_proxy::{instrument_proxy, CallSpan, ClientAttributes, InstrumentProxy};
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

    pub fn check(&self, n: u8) -> Result<u8, Refused> {
        if n == 0 {
            Err(Refused)
        } else {
            Ok(n)
        }
    }

    /// Holds a value whose `Drop` opens a span, until it is cancelled.
    pub async fn hold(&self) {
        let _guard = OpensSpanOnDrop;
        std::future::pending::<()>().await;
    }

    pub fn opaque(&self) -> Result<u8, Opaque> {
        Err(Opaque { code: 7 })
    }
}

/// An error with `Debug` only.
#[derive(Debug)]
pub struct Opaque {
    #[allow(dead_code, reason = "read through `Debug` only")]
    pub code: u16,
}

struct OpensSpanOnDrop;

impl Drop for OpensSpanOnDrop {
    fn drop(&mut self) {
        drop(inner_span());
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

    /// An `impl Trait` inside the result, and a body that never names the
    /// error type (tracing#1227).
    pub fn numbers(&self, n: u8) -> Result<impl Iterator<Item = u8>, Refused> {
        let n = self.0.check(n)?;
        Ok(0..n)
    }

    /// A future built by the body, whose output's error type only `?` meets.
    pub fn checked_later(
        &self,
        n: u8,
    ) -> impl std::future::Future<Output = Result<u8, Refused>> + '_ {
        async move {
            let n = self.0.check(n)?;
            Ok(n)
        }
    }

    pub async fn hold(&self);

    #[instrument_proxy(err(level = warn))]
    pub async fn get_warned(&self, key: &str) -> Result<String, Refused> {
        self.0.get(key).await
    }

    #[instrument_proxy(target = "orders_db")]
    pub fn targeted(&self, name: &str) -> usize {
        self.0.command(name)
    }

    #[instrument_proxy(err(debug))]
    pub fn opaque(&self) -> Result<u8, Opaque>;

    pub fn opaque_undescribed(&self) -> Result<u8, Opaque> {
        self.0.opaque()
    }

    /// Records on its own call from the body, through either backend.
    #[instrument_proxy(fields(cache.hit = instrument_proxy::Empty))]
    pub fn lookup(&self, key: &str) -> usize {
        let hit = key.starts_with("warm");
        if let Some(call) = CallSpan::current() {
            call.record("cache.hit", hit);
        }
        // A call made from the body is current in its own body only.
        self.inner_lookup(key) + key.len()
    }

    #[instrument_proxy(fields(cache.hit = instrument_proxy::Empty))]
    pub fn inner_lookup(&self, key: &str) -> usize {
        if let Some(call) = CallSpan::current() {
            call.record("cache.hit", false);
        }
        key.len()
    }

    /// Sends a request of its own from the body, with its call's context.
    #[instrument_proxy(kind = producer)]
    pub fn publish(&self) -> http::HeaderMap {
        let mut headers = http::HeaderMap::new();
        instrument_proxy::propagation::inject_current_context(&mut headers);
        headers
    }

    /// Records from the body across an `.await`, and marks a recovered
    /// failure on its own span.
    #[instrument_proxy(fields(attempts = instrument_proxy::Empty))]
    pub async fn get_retrying(&self, key: &str) -> Result<String, Refused> {
        let first = self.0.get("").await;
        if let (Err(error), Some(call)) = (&first, CallSpan::current()) {
            call.record("attempts", 2_i64);
            call.record_error("retried", &error.to_string());
        }
        self.0.get(key).await
    }
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

#[test]
fn an_impl_trait_result_whose_body_never_names_the_error_type_is_traced() {
    let capture = capture();
    let traced = Traced::new(Client);
    assert_eq!(traced.numbers(3).unwrap().count(), 3);
    assert!(traced.numbers(0).is_err());
    let spans = capture.spans();
    let numbers: Vec<_> = spans
        .iter()
        .filter(|s| s.name == "Traced::numbers")
        .collect();
    assert_eq!(numbers.len(), 2);
    assert!(!is_error(numbers[0]));
    assert_eq!(
        error_description(numbers[1]).as_deref(),
        Some("connection refused")
    );
    capture.assert_all_ended();
}

#[test]
fn an_impl_future_whose_body_never_names_the_error_type_records_err() {
    let capture = capture();
    let traced = Traced::new(Client);
    assert!(block_on(traced.checked_later(0)).is_err());
    let span = capture.span("Traced::checked_later");
    assert!(string_attribute(&span, "error.type").is_some_and(|t| t.ends_with("Refused")));
    assert_eq!(
        error_description(&span).as_deref(),
        Some("connection refused")
    );
    capture.assert_all_ended();
}

#[test]
fn a_cancelled_call_drops_its_inner_future_inside_its_span() {
    let capture = capture();
    let traced = Traced::new(Client);
    block_on(async {
        let mut future = std::pin::pin!(traced.hold());
        assert!(futures_util::poll!(future.as_mut()).is_pending());
    });
    let call = capture.span("Traced::hold");
    let dropped = capture.span("inner");
    assert_child_of(&dropped, &call);
    assert_eq!(call.status, Status::Unset);
    capture.assert_all_ended();
}

/// The one event of `span` named `name`.
fn event<'a>(
    span: &'a opentelemetry_sdk::trace::SpanData,
    name: &str,
) -> &'a opentelemetry::trace::Event {
    let mut events = span.events.iter().filter(|e| e.name == name);
    let event = events
        .next()
        .unwrap_or_else(|| panic!("no event {name:?} in {:?}", span.events));
    assert!(events.next().is_none(), "one event {name:?}");
    event
}

fn event_attribute(event: &opentelemetry::trace::Event, key: &str) -> Option<String> {
    event
        .attributes
        .iter()
        .find(|kv| kv.key.as_str() == key)
        .map(|kv| kv.value.as_str().into_owned())
}

#[test]
fn err_with_a_level_adds_an_exception_event_on_err_only() {
    let capture = capture();
    let traced = Traced::new(Client);
    block_on(traced.get_warned("k")).unwrap();
    assert!(block_on(traced.get_warned("")).is_err());
    let spans = capture.spans();
    let calls: Vec<_> = spans
        .iter()
        .filter(|s| s.name == "Traced::get_warned")
        .collect();
    assert_eq!(calls.len(), 2);
    assert!(calls[0].events.iter().all(|e| e.name != "exception"));
    let exception = event(calls[1], "exception");
    assert_eq!(
        event_attribute(exception, "exception.message").as_deref(),
        Some("connection refused")
    );
    assert!(event_attribute(exception, "exception.type").is_some_and(|t| t.ends_with("Refused")));
    assert_eq!(event_attribute(exception, "level").as_deref(), Some("WARN"));
    assert!(is_error(calls[1]));
    capture.assert_all_ended();
}

#[test]
fn err_debug_describes_an_error_that_only_implements_debug() {
    let capture = capture();
    let traced = Traced::new(Client);
    assert!(traced.opaque().is_err());
    assert!(traced.opaque_undescribed().is_err());
    let described = capture.span("Traced::opaque");
    assert_eq!(
        error_description(&described).as_deref(),
        Some("Opaque { code: 7 }")
    );
    let undescribed = capture.span("Traced::opaque_undescribed");
    assert!(is_error(&undescribed));
    assert_eq!(
        error_description(&undescribed).filter(|d| !d.is_empty()),
        None,
        "a Debug-only error is not described unless `err(debug)` asks"
    );
    assert!(string_attribute(&undescribed, "error.type").is_some_and(|t| t.ends_with("Opaque")));
    capture.assert_all_ended();
}

#[test]
fn a_body_records_on_its_own_call_through_call_span_current() {
    let capture = capture();
    assert!(CallSpan::current().is_none(), "no call outside a call");
    let traced = Traced::new(Client);
    assert_eq!(traced.lookup("warm:1"), 12);
    assert!(CallSpan::current().is_none(), "the call is over");
    let outer = capture.span("Traced::lookup");
    let inner = capture.span("Traced::inner_lookup");
    assert_eq!(attribute(&outer, "cache.hit"), Some(true.into()));
    assert_eq!(
        attribute(&inner, "cache.hit"),
        Some(false.into()),
        "the nested call records on its own span"
    );
    capture.assert_all_ended();
}

#[test]
fn an_async_body_reaches_its_call_across_awaits() {
    let capture = capture();
    let traced = Traced::new(Client);
    assert_eq!(block_on(traced.get_retrying("k")).unwrap(), "k");
    let span = capture.span("Traced::get_retrying");
    assert_eq!(attribute(&span, "attempts"), Some(2_i64.into()));
    assert_failed_with(&span, "retried");
    capture.assert_all_ended();
}

#[test]
fn a_body_injects_its_own_calls_context() {
    let capture = capture();
    let headers = Traced::new(Client).publish();
    let span = capture.span("Traced::publish");
    let traceparent = headers["traceparent"].to_str().unwrap();
    assert_eq!(
        traceparent,
        format!(
            "00-{}-{}-01",
            span.span_context.trace_id(),
            span.span_context.span_id()
        ),
        "the call's span is the parent the request carries"
    );
    capture.assert_all_ended();
}

pub struct Counter;

#[instrument_proxy]
impl Counter {
    #[instrument_proxy(fields(len = key.len(), big = u64::MAX, small = 7u8, signed = -3i64))]
    pub fn count(&self, key: &str) -> usize {
        key.len()
    }
}

#[test]
fn an_unsigned_field_is_an_integer_on_both_backends() {
    let capture = capture();
    Counter.count("four");
    let span = capture.span("Counter::count");
    let int = |key| attribute(&span, key);
    assert_eq!(int("len"), Some(opentelemetry::Value::I64(4)));
    assert_eq!(int("big"), Some(opentelemetry::Value::I64(i64::MAX)));
    assert_eq!(int("small"), Some(opentelemetry::Value::I64(7)));
    assert_eq!(int("signed"), Some(opentelemetry::Value::I64(-3)));
    capture.assert_all_ended();
}

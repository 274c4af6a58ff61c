//! The options of `#[instrument_proxy]`, each seen in the exported span.
mod support;

use instrument_proxy::{instrument_proxy, CallSpan, ClientAttributes, InstrumentProxy};
use opentelemetry::trace::SpanKind;
use support::*;

#[derive(Debug)]
struct Status(u16);

#[derive(Debug)]
struct Refused;

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("refused")
    }
}

struct Client {
    host: String,
}

impl Client {
    fn send(&self, command: &str, status: u16) -> Result<Status, Refused> {
        if command == "FAIL" {
            Err(Refused)
        } else {
            Ok(Status(status))
        }
    }
}

fn record_status(span: &CallSpan, status: &Status) {
    span.record("http.response.status_code", status.0);
}

fn record_refusal(span: &CallSpan, _: &Refused) {
    span.record("db.response.status_code", "REFUSED");
}

fn client_attributes(traced: &Traced) -> ClientAttributes<'_> {
    ClientAttributes::new()
        .server_address(traced.inner().host.as_str())
        .server_port(6379)
        .db_namespace("")
}

#[derive(InstrumentProxy)]
#[proxy(attributes = client_attributes)]
struct Traced(Client);

#[instrument_proxy(fields(db.system.name = "testdb"))]
impl Traced {
    #[instrument_proxy(name = "{type}.{method} call")]
    fn send(&self, command: &str, status: u16) -> Result<Status, Refused>;

    #[instrument_proxy(name = command, fields(db.operation.name = command, request.size = status))]
    fn named(&self, command: &str, status: u16) -> Result<Status, Refused> {
        self.0.send(command, status)
    }

    #[instrument_proxy(kind = producer, fields(messaging.destination.name = %topic))]
    fn publish(&self, topic: &str) -> Result<Status, Refused> {
        self.0.send(topic, 0)
    }

    #[instrument_proxy(
        record_ok = record_status,
        record_err = record_refusal,
        fields(
            http.response.status_code = instrument_proxy::Empty,
            db.response.status_code = instrument_proxy::Empty,
        ),
    )]
    fn recorded(&self, command: &str, status: u16) -> Result<Status, Refused> {
        self.0.send(command, status)
    }

    #[instrument_proxy(err = false)]
    fn lenient(&self, command: &str) -> Result<Status, Refused> {
        self.0.send(command, 0)
    }

    #[instrument_proxy(skip)]
    fn untraced(&self, command: &str) -> Result<Status, Refused> {
        self.0.send(command, 0)
    }

    #[instrument_proxy(fields(db.namespace = "orders", server.address = "declared.internal", error.type = "declared"))]
    fn declares_recorded_names(&self, command: &str) -> Result<Status, Refused> {
        self.0.send(command, 0)
    }

    #[instrument_proxy(fields(db.operation.batch.size = size))]
    fn sized(&self, size: Option<u64>) -> u8 {
        0
    }

    #[instrument_proxy(level = debug)]
    fn chatty(&self) -> u8 {
        1
    }
}

fn traced() -> Traced {
    Traced::new(Client {
        host: "db.internal".into(),
    })
}

#[test]
fn name_template_replaces_type_and_method() {
    let capture = Capture::start();
    traced().send("GET", 200).unwrap();
    capture.span("Traced.send call");
    capture.assert_all_ended();
}

#[test]
fn dynamic_name_and_fields_use_the_arguments() {
    let capture = Capture::start();
    traced().named("HGETALL", 3).unwrap();
    let span = capture.span("HGETALL");
    assert_eq!(
        string_attribute(&span, "db.operation.name").as_deref(),
        Some("HGETALL")
    );
    assert_eq!(
        attribute(&span, "request.size")
            .map(|v| v.to_string())
            .as_deref(),
        Some("3")
    );
    assert_eq!(
        string_attribute(&span, "db.system.name").as_deref(),
        Some("testdb")
    );
    capture.assert_all_ended();
}

#[test]
fn kind_sets_the_span_kind_and_display_fields_are_recorded() {
    let capture = Capture::start();
    traced().publish("orders").unwrap();
    let span = capture.span("Traced::publish");
    assert_eq!(span.span_kind, SpanKind::Producer);
    assert_eq!(
        string_attribute(&span, "messaging.destination.name").as_deref(),
        Some("orders")
    );
    capture.assert_all_ended();
}

#[test]
fn client_attributes_come_from_the_proxy_and_empty_ones_are_left_out() {
    let capture = Capture::start();
    traced().send("GET", 200).unwrap();
    let span = capture.span("Traced.send call");
    assert_server(&span, "db.internal", 6379);
    assert_eq!(
        attribute(&span, "db.namespace"),
        None,
        "empty values are not recorded"
    );
    capture.assert_all_ended();
}

#[test]
fn record_ok_and_record_err_see_the_result() {
    let capture = Capture::start();
    traced().recorded("GET", 204).unwrap();
    traced().recorded("FAIL", 0).unwrap_err();
    let spans = capture.spans();
    let ok = spans.iter().find(|s| !is_error(s)).expect("ok span");
    let err = spans.iter().find(|s| is_error(s)).expect("err span");
    assert_eq!(
        attribute(ok, "http.response.status_code")
            .map(|v| v.to_string())
            .as_deref(),
        Some("204")
    );
    assert_eq!(
        string_attribute(err, "db.response.status_code").as_deref(),
        Some("REFUSED")
    );
    capture.assert_all_ended();
}

#[test]
fn err_false_leaves_err_results_unmarked() {
    let capture = Capture::start();
    traced().lenient("FAIL").unwrap_err();
    let span = capture.span("Traced::lenient");
    assert!(!is_error(&span));
    assert_eq!(attribute(&span, "error.type"), None);
    capture.assert_all_ended();
}

#[test]
fn skip_opens_no_span() {
    let capture = Capture::start();
    traced().untraced("GET").unwrap();
    assert!(capture.spans().is_empty());
    capture.assert_all_ended();
}

#[test]
fn level_is_the_tracing_level_a_filter_sees() {
    let capture = Capture::with_max_level(tracing::level_filters::LevelFilter::INFO);
    assert_eq!(traced().chatty(), 1, "the call goes through without a span");
    assert!(capture.spans().is_empty());
    capture.assert_all_ended();
    drop(capture);

    let capture = Capture::start();
    traced().chatty();
    let span = capture.span("Traced::chatty");
    assert!(is_client(&span));
    capture.assert_all_ended();
}

/// `db.namespace`, `server.address`, `server.port` and `error.type` are also
/// recorded by the runtime after the span starts, and the runtime alone
/// lists them. A field that declares one compiles on both routes and its
/// value is exported, once, where the runtime records nothing for that name.
#[test]
fn a_field_named_like_what_the_runtime_records_later_compiles_and_keeps_its_value() {
    for (route, capture) in [
        ("tracing", Capture::start as fn() -> Capture),
        ("opentelemetry", Capture::global_otel),
    ] {
        let capture = capture();
        traced().declares_recorded_names("GET").unwrap();
        let span = capture.span("Traced::declares_recorded_names");
        let values = |key: &str| -> Vec<String> {
            span.attributes
                .iter()
                .filter(|kv| kv.key.as_str() == key)
                .map(|kv| kv.value.to_string())
                .collect()
        };
        assert_eq!(
            values("db.namespace"),
            ["orders"],
            "{route}: the client's namespace is empty and left out"
        );
        assert_eq!(
            values("error.type"),
            ["declared"],
            "{route}: nothing failed, the field's value is the only one"
        );
        capture.assert_all_ended();
    }
}

/// An optional unsigned integer is an integer attribute on both routes (it
/// was the `Debug` text on the `tracing` route), and `None` is left out.
#[test]
fn an_optional_unsigned_field_is_an_integer_and_none_is_left_out() {
    for (route, capture) in [
        ("tracing", Capture::start as fn() -> Capture),
        ("opentelemetry", Capture::global_otel),
    ] {
        let capture = capture();
        traced().sized(Some(3));
        traced().sized(None);
        let spans = capture.spans();
        assert_eq!(spans.len(), 2, "{route}");
        assert_eq!(
            attribute(&spans[0], "db.operation.batch.size"),
            Some(opentelemetry::Value::I64(3)),
            "{route}"
        );
        assert_eq!(
            attribute(&spans[1], "db.operation.batch.size"),
            None,
            "{route}"
        );
        capture.assert_all_ended();
    }
}

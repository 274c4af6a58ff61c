//! The RabbitMQ proxy against a real `rabbitmq-server` (started by the test
//! support, ready after `rabbitmqctl await_startup`): producer and consumer
//! across the broker, what goes over the wire in the header table, settle
//! outcomes, confirms and a get. One broker for the whole file: starting one
//! takes seconds.
mod support;

use futures_util::StreamExt;
use instrument_proxy::amqp::TracedChannel;
use lapin::options::{
    BasicAckOptions, BasicConsumeOptions, BasicGetOptions, BasicNackOptions, BasicPublishOptions,
    BasicRejectOptions, ConfirmSelectOptions, QueueDeclareOptions,
};
use lapin::types::{AMQPValue, FieldTable, ShortString};
use lapin::{BasicProperties, Confirmation, Connection, ConnectionProperties};
use opentelemetry::trace::SpanKind;
use opentelemetry_sdk::trace::SpanData;
use support::rabbitmq_server::RabbitMqServer;
use support::*;

fn one<'a>(spans: &'a [SpanData], name: &str) -> &'a SpanData {
    let found: Vec<_> = spans.iter().filter(|s| s.name == name).collect();
    assert_eq!(found.len(), 1, "one {name} in {:?}", names(spans));
    found[0]
}

fn header(table: &FieldTable, key: &str) -> Option<String> {
    match table.inner().get(&ShortString::from(key))? {
        AMQPValue::LongString(value) => {
            Some(String::from_utf8_lossy(value.as_bytes()).into_owned())
        }
        other => panic!("{key} is {other:?}"),
    }
}

async fn open_channel(server: &RabbitMqServer, queue: &str) -> (Connection, TracedChannel) {
    let connection = Connection::connect(&server.uri(), ConnectionProperties::default())
        .await
        .expect("connected");
    let channel = connection.create_channel().await.expect("a channel");
    channel
        .confirm_select(ConfirmSelectOptions::default())
        .await
        .unwrap();
    channel
        .queue_declare(
            ShortString::from(queue),
            QueueDeclareOptions::default(),
            FieldTable::default(),
        )
        .await
        .unwrap();
    (
        connection,
        TracedChannel::new(channel).with_server("127.0.0.1", server.port),
    )
}

/// Everything across one broker, in order, one test: a RabbitMQ node takes
/// seconds to start.
#[test]
fn publish_consume_settle_confirm_and_get_across_a_real_broker() {
    let server = RabbitMqServer::start();
    let capture = Capture::global_otel();
    let meters = support::metrics::Meters::install();
    const SECRET: &str = "amqp-planted-secret";
    const FOREIGN_TRACE: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
    const FOREIGN_SPAN: &str = "00f067aa0ba902b7";
    let sent_header = block_on(async {
        let (_connection, channel) = open_channel(&server, "orders").await;
        let mut user_headers = FieldTable::default();
        user_headers.insert("x-tenant".into(), AMQPValue::LongString("acme".into()));
        let confirm = channel
            .basic_publish(
                "",
                "orders",
                BasicPublishOptions::default(),
                SECRET.as_bytes(),
                BasicProperties::default().with_headers(user_headers),
            )
            .await
            .unwrap();
        assert!(matches!(confirm.await.unwrap(), Confirmation::Ack(None)));

        // A producer that is not ours: a hand-built header table.
        let mut foreign = FieldTable::default();
        foreign.insert(
            "traceparent".into(),
            AMQPValue::LongString(format!("00-{FOREIGN_TRACE}-{FOREIGN_SPAN}-01").into()),
        );
        channel
            .inner()
            .basic_publish(
                "".into(),
                "orders".into(),
                BasicPublishOptions::default(),
                b"foreign",
                BasicProperties::default().with_headers(foreign),
            )
            .await
            .unwrap()
            .await
            .unwrap();
        for body in ["to nack", "to reject", "to drop"] {
            channel
                .basic_publish(
                    "",
                    "orders",
                    BasicPublishOptions::default(),
                    body.as_bytes(),
                    BasicProperties::default(),
                )
                .await
                .unwrap()
                .await
                .unwrap();
        }

        let mut consumer = channel
            .basic_consume(
                "orders",
                "test",
                BasicConsumeOptions::default(),
                FieldTable::default(),
            )
            .await
            .unwrap();
        let first = consumer.next().await.unwrap().unwrap();
        let headers = first.properties.headers().clone().expect("headers");
        assert_eq!(
            header(&headers, "x-tenant").as_deref(),
            Some("acme"),
            "the caller's header is kept"
        );
        let sent_header = header(&headers, "traceparent").expect("a traceparent");
        first
            .instrument(async {
                use opentelemetry::trace::Tracer;
                opentelemetry::global::tracer("handler").in_span("handle order", |_| {});
            })
            .await;
        assert!(first.ack(BasicAckOptions::default()).await.unwrap());
        let foreign = consumer.next().await.unwrap().unwrap();
        foreign.ack(BasicAckOptions::default()).await.unwrap();
        let to_nack = consumer.next().await.unwrap().unwrap();
        to_nack
            .nack(BasicNackOptions {
                requeue: false,
                ..Default::default()
            })
            .await
            .unwrap();
        let to_reject = consumer.next().await.unwrap().unwrap();
        to_reject
            .reject(BasicRejectOptions { requeue: false })
            .await
            .unwrap();
        let to_drop = consumer.next().await.unwrap().unwrap();
        drop(to_drop);

        // A get of an empty queue, then of a message.
        let (_other, getter) = open_channel(&server, "gets").await;
        assert!(getter
            .basic_get("gets", BasicGetOptions::default())
            .await
            .unwrap()
            .is_none());
        getter
            .basic_publish(
                "",
                "gets",
                BasicPublishOptions::default(),
                b"got",
                BasicProperties::default(),
            )
            .await
            .unwrap()
            .await
            .unwrap();
        let got = getter
            .basic_get("gets", BasicGetOptions { no_ack: true })
            .await
            .unwrap()
            .expect("a message");
        assert_eq!(got.delivery.data, b"got");

        // Under confirms, a publish to an exchange that does not exist fails.
        let (_third, failing) = open_channel(&server, "unused").await;
        let published = failing
            .basic_publish(
                "no-such-exchange",
                "x",
                BasicPublishOptions::default(),
                b"x",
                BasicProperties::default(),
            )
            .await;
        let failed = match published {
            Ok(confirm) => confirm
                .await
                .map(|c| matches!(c, Confirmation::Nack(_)))
                .unwrap_or(true),
            Err(_) => true,
        };
        assert!(failed, "a missing exchange is an error");
        sent_header
    });
    let spans = capture.spans();
    let sends: Vec<_> = spans
        .iter()
        .filter(|s| s.name == "send amq.default:orders")
        .collect();
    assert_eq!(sends.len(), 4, "{:?}", names(&spans));
    let send = sends[0];
    assert_eq!(send.span_kind, SpanKind::Producer);
    assert!(!is_error(send));
    assert_eq!(
        sent_header,
        format!(
            "00-{}-{}-01",
            send.span_context.trace_id(),
            send.span_context.span_id()
        ),
        "the header is the send span's context, byte for byte"
    );
    let processes: Vec<_> = spans
        .iter()
        .filter(|s| s.name == "process amq.default:orders")
        .collect();
    assert_eq!(processes.len(), 5);
    let first = processes[0];
    assert_eq!(first.span_kind, SpanKind::Consumer);
    assert_eq!(
        first.links[0].span_context.span_id(),
        send.span_context.span_id()
    );
    assert_eq!(
        first.links[0].span_context.trace_id(),
        send.span_context.trace_id()
    );
    assert!(!is_error(first));
    let handle = one(&spans, "handle order");
    assert_eq!(handle.parent_span_id, first.span_context.span_id());
    let foreign = processes[1];
    assert_eq!(
        foreign.links[0].span_context.trace_id().to_string(),
        FOREIGN_TRACE
    );
    assert_eq!(
        foreign.links[0].span_context.span_id().to_string(),
        FOREIGN_SPAN
    );
    assert_failed_with(processes[2], "nack");
    assert_failed_with(processes[3], "reject");
    assert!(
        !is_error(processes[4]),
        "a dropped delivery ends its span, unfailed"
    );
    for span in sends.iter().chain(&processes) {
        assert_eq!(
            string_attribute(span, "messaging.system").as_deref(),
            Some("rabbitmq")
        );
        assert_eq!(
            string_attribute(span, "messaging.destination.name").as_deref(),
            Some("amq.default:orders")
        );
        assert_eq!(
            string_attribute(span, "messaging.rabbitmq.destination.routing_key").as_deref(),
            Some("orders")
        );
        assert_server(span, "127.0.0.1", server.port);
    }
    let gets: Vec<_> = spans.iter().filter(|s| s.name == "receive gets").collect();
    assert_eq!(gets.len(), 2);
    assert_eq!(
        attribute(gets[0], "messaging.message.body.size"),
        None,
        "empty queue"
    );
    assert_eq!(
        attribute(gets[1], "messaging.message.body.size"),
        Some(opentelemetry::Value::I64(3))
    );
    // Two gets measured; one message consumed (the empty queue's is none).
    let of = |name: &str, operation: &str, destination: &str| -> Vec<u64> {
        let points = if name.ends_with(".duration") {
            meters.points(name)
        } else {
            meters.counter_points(name)
        };
        support::metrics::assert_no_secret(&points, &[SECRET]);
        points
            .into_iter()
            .filter(|p| {
                p.get("messaging.operation.name").as_deref() == Some(operation)
                    && p.get("messaging.destination.name").as_deref() == Some(destination)
            })
            .map(|p| p.count)
            .collect()
    };
    assert_eq!(
        of("messaging.client.operation.duration", "get", "gets"),
        [2]
    );
    assert_eq!(
        of("messaging.client.consumed.messages", "get", "gets"),
        [1],
        "a get that finds no message consumes none"
    );
    assert_eq!(
        of(
            "messaging.client.sent.messages",
            "publish",
            "amq.default:gets"
        ),
        [1]
    );
    let missing = one(&spans, "send no-such-exchange:x");
    assert!(is_error(missing), "{:?}", missing.status);
    assert_eq!(
        string_attribute(missing, "error.type").as_deref(),
        Some("not_found"),
        "the broker's reply code (404), read from the error's kind, not its text"
    );
    assert_no_secret(&spans, &[SECRET]);
    capture.assert_all_ended();
}

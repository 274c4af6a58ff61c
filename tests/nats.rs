//! The NATS proxy against a real `nats-server` (started by the test
//! support): producer and consumer in one test, across the broker, with
//! what a backend receives and what goes over the wire.
mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use futures_util::StreamExt;
use instrument_proxy::nats::{Relation, TracedClient};
use opentelemetry::trace::{SpanKind, Tracer};
use opentelemetry_sdk::trace::SpanData;
use support::nats_server::NatsServer;
use support::*;

async fn client(server: &NatsServer) -> TracedClient {
    TracedClient::connect(server.address())
        .await
        .expect("connected")
}

fn traceparent_of(span: &SpanData) -> String {
    format!(
        "00-{}-{}-01",
        span.span_context.trace_id(),
        span.span_context.span_id()
    )
}

/// A producer that is not ours: NATS's protocol written by hand on a socket,
/// with what the server said so far.
struct RawProducer {
    stream: TcpStream,
    said: String,
}

impl RawProducer {
    fn connect(port: u16) -> RawProducer {
        let stream = TcpStream::connect(("127.0.0.1", port)).expect("nats-server listens");
        stream
            .set_read_timeout(Some(Duration::from_secs(1)))
            .unwrap();
        RawProducer {
            stream,
            said: String::new(),
        }
    }

    /// Runs `f` on a blocking thread and hands the producer back.
    async fn blocking<R: Send + 'static>(
        mut self,
        f: impl FnOnce(&mut RawProducer) -> R + Send + 'static,
    ) -> (RawProducer, R) {
        tokio::task::spawn_blocking(move || {
            let result = f(&mut self);
            (self, result)
        })
        .await
        .expect("the raw producer's thread")
    }

    fn send(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).expect("nats-server reads");
    }

    /// Reads until the server has said `until`, for up to 20 seconds.
    fn read_until(&mut self, until: &str) {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        let mut buffer = [0u8; 4096];
        while !self.said.contains(until) {
            match self.stream.read(&mut buffer) {
                Ok(0) => panic!("the server closed the connection: {}", self.said),
                Ok(read) => self
                    .said
                    .push_str(&String::from_utf8_lossy(&buffer[..read])),
                Err(error)
                    if matches!(
                        error.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) && std::time::Instant::now() < deadline => {}
                Err(error) => panic!(
                    "the server did not say {until:?} ({error}); it said: {:?}",
                    self.said
                ),
            }
        }
    }
}

fn one<'a>(spans: &'a [SpanData], name: &str) -> &'a SpanData {
    let found: Vec<_> = spans.iter().filter(|s| s.name == name).collect();
    assert_eq!(found.len(), 1, "one {name} in {:?}", names(spans));
    found[0]
}

#[test]
fn a_consumer_span_links_to_the_producer_across_the_broker() {
    let server = NatsServer::start();
    let capture = Capture::global_otel();
    const SECRET: &str = "payload-planted-secret";
    let header = block_on(async {
        let client = client(&server).await;
        let mut orders = client.subscribe("orders.*").await.unwrap();
        let mut headers = async_nats::HeaderMap::new();
        headers.insert("x-tenant", "acme");
        client
            .publish_with_headers("orders.created", headers, SECRET.into())
            .await
            .unwrap();
        client.inner().flush().await.unwrap();
        let delivery = orders.next().await.expect("a message");
        let headers = delivery.headers.clone().expect("headers");
        assert_eq!(
            headers.get("x-tenant").map(|v| v.as_str()),
            Some("acme"),
            "the caller's header is kept"
        );
        // Handled with the span current: the handler's span is its child.
        delivery
            .instrument(async {
                let tracer = opentelemetry::global::tracer("handler");
                tracer.in_span("handle order", |_| {});
            })
            .await;
        delivery.settle();
        headers
            .get("traceparent")
            .map(|v| v.as_str().to_owned())
            .expect("a traceparent header")
    });
    let spans = capture.spans();
    let send = one(&spans, "send orders.created");
    let process = one(&spans, "process orders.*");
    let handle = one(&spans, "handle order");
    assert_eq!(send.span_kind, SpanKind::Producer);
    assert_eq!(process.span_kind, SpanKind::Consumer);
    assert_eq!(
        header,
        traceparent_of(send),
        "the header is the send span's context, byte for byte"
    );
    assert_eq!(process.links.len(), 1, "linked, at creation");
    let link = &process.links[0].span_context;
    assert_eq!(link.trace_id(), send.span_context.trace_id());
    assert_eq!(link.span_id(), send.span_context.span_id());
    assert_ne!(
        process.span_context.trace_id(),
        send.span_context.trace_id(),
        "a link, not a parent: the consumer's trace is its own"
    );
    assert_eq!(handle.parent_span_id, process.span_context.span_id());
    for (span, operation) in [(send, "send"), (process, "process")] {
        assert_eq!(
            string_attribute(span, "messaging.system").as_deref(),
            Some("nats")
        );
        assert_eq!(
            string_attribute(span, "messaging.operation.type").as_deref(),
            Some(operation)
        );
        assert_eq!(
            string_attribute(span, "messaging.destination.name").as_deref(),
            Some("orders.created")
        );
        assert_eq!(
            attribute(span, "messaging.message.body.size"),
            Some(opentelemetry::Value::I64(SECRET.len() as i64))
        );
        assert_server(span, "127.0.0.1", server.port);
    }
    assert_eq!(
        string_attribute(process, "messaging.destination.template").as_deref(),
        Some("orders.*")
    );
    assert_no_secret(&spans, &[SECRET]);
    capture.assert_all_ended();
}

#[test]
fn with_the_parent_relation_the_consumer_continues_the_producers_trace() {
    let server = NatsServer::start();
    let capture = Capture::global_otel();
    block_on(async {
        let client = client(&server).await.with_relation(Relation::Parent);
        let mut events = client.subscribe("events").await.unwrap();
        client.publish("events", "x".into()).await.unwrap();
        events.next().await.expect("a message").settle();
    });
    let spans = capture.spans();
    let send = one(&spans, "send events");
    let process = one(&spans, "process events");
    assert_eq!(process.parent_span_id, send.span_context.span_id());
    assert_eq!(
        process.span_context.trace_id(),
        send.span_context.trace_id()
    );
    assert!(process.links.is_empty());
    capture.assert_all_ended();
}

/// A producer that is not ours: a raw `HPUB` with a fixed `traceparent`.
#[test]
fn a_message_from_another_producer_is_linked_to_its_traceparent() {
    let server = NatsServer::start();
    let capture = Capture::global_otel();
    const TRACE: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
    const SPAN: &str = "00f067aa0ba902b7";
    block_on(async {
        let client = client(&server).await;
        let mut raw_subject = client.subscribe("raw").await.unwrap();
        client.inner().flush().await.unwrap();
        // The raw connection is read and written on a blocking thread, so
        // that the client's connection task keeps running meanwhile.
        let raw = RawProducer::connect(server.port);
        let (mut raw, ()) = raw
            .blocking(|raw| {
                raw.read_until("\r\n");
                raw.send(b"CONNECT {\"verbose\":false,\"headers\":true,\"protocol\":1}\r\n");
            })
            .await;
        let headers = format!("NATS/1.0\r\ntraceparent: 00-{TRACE}-{SPAN}-01\r\n\r\n");
        let payload = "hello";
        let publish = format!(
            "HPUB raw {} {}\r\n{headers}{payload}\r\nPING\r\n",
            headers.len(),
            headers.len() + payload.len()
        );
        // Sent again if it has not come within a few seconds, so that a
        // publish lost to a busy machine is a slower test, never a hung one.
        let mut delivery = None;
        for attempt in 1..=3 {
            let publish = publish.clone();
            raw = raw
                .blocking(move |raw| {
                    raw.send(publish.as_bytes());
                    // The publish was handled when its PONG comes: a
                    // connection's commands are handled in order.
                    raw.read_until(&"PONG\r\n".repeat(attempt));
                })
                .await
                .0;
            let next = tokio::time::timeout(Duration::from_secs(5), raw_subject.next());
            if let Ok(next) = next.await {
                delivery = next;
                break;
            }
        }
        let said = raw.said;
        delivery
            .unwrap_or_else(|| panic!("the raw message never came; the server said: {said}"))
            .settle();
    });
    let spans = capture.spans();
    let process = one(&spans, "process raw");
    assert_eq!(process.links.len(), 1);
    assert_eq!(process.links[0].span_context.trace_id().to_string(), TRACE);
    assert_eq!(process.links[0].span_context.span_id().to_string(), SPAN);
    capture.assert_all_ended();
}

#[test]
fn a_request_is_one_client_span_and_no_responders_is_an_error() {
    let server = NatsServer::start();
    let capture = Capture::global_otel();
    block_on(async {
        let client = client(&server).await;
        let mut service = client.subscribe("time").await.unwrap();
        client.inner().flush().await.unwrap();
        let responder = client.clone();
        let serve = async move {
            let request = service.next().await.expect("a request");
            let reply = request.reply.clone().expect("a reply subject");
            request
                .instrument(responder.publish(reply, "12:00".into()))
                .await
                .unwrap();
            request.settle();
        };
        let ask = client.request("time", "now?".into());
        let (answer, ()) = futures_util::join!(ask, serve);
        assert_eq!(&answer.unwrap().payload[..], b"12:00");
        let error = client
            .request("nobody.listens", "x".into())
            .await
            .unwrap_err();
        assert_eq!(
            error.kind(),
            async_nats::client::RequestErrorKind::NoResponders
        );
    });
    let spans = capture.spans();
    let request = one(&spans, "request time");
    assert_eq!(request.span_kind, SpanKind::Client);
    assert!(!is_error(request));
    let served = one(&spans, "process time");
    assert_eq!(
        served.links[0].span_context.span_id(),
        request.span_context.span_id(),
        "the responder's span links to the request"
    );
    // The reply goes to an `_INBOX.` subject: temporary, never in a name.
    let reply = one(&spans, "send (temporary)");
    assert_eq!(reply.parent_span_id, served.span_context.span_id());
    assert_eq!(
        attribute(reply, "messaging.destination.temporary"),
        Some(opentelemetry::Value::Bool(true))
    );
    assert!(spans.iter().all(|s| !s.name.contains("_INBOX")));
    let failed = one(&spans, "request nobody.listens");
    assert_failed_with(failed, "no_responders");
    capture.assert_all_ended();
}

#[test]
fn a_dropped_delivery_ends_its_span_and_an_existing_traceparent_is_kept() {
    let server = NatsServer::start();
    let capture = Capture::global_otel();
    const KEPT: &str = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    let received = block_on(async {
        let client = client(&server).await;
        let mut jobs = client
            .queue_subscribe("jobs", "workers".to_owned())
            .await
            .unwrap();
        let mut headers = async_nats::HeaderMap::new();
        headers.insert("traceparent", KEPT);
        client
            .publish_with_headers("jobs", headers, "job".into())
            .await
            .unwrap();
        let delivery = jobs.next().await.expect("a job");
        let received = delivery
            .headers
            .as_ref()
            .and_then(|h| h.get("traceparent"))
            .map(|v| v.as_str().to_owned());
        drop(delivery);
        received
    });
    assert_eq!(
        received.as_deref(),
        Some(KEPT),
        "the caller's traceparent is kept"
    );
    let spans = capture.spans();
    let process = one(&spans, "process jobs");
    assert_eq!(
        string_attribute(process, "messaging.consumer.group.name").as_deref(),
        Some("workers")
    );
    assert_eq!(
        process.links[0].span_context.span_id().to_string(),
        "b7ad6b7169203331",
        "linked to the context the message carried"
    );
    capture.assert_all_ended();
}

#[test]
fn a_publish_with_a_reply_subject_is_a_producer_span_that_carries_its_context() {
    let server = NatsServer::start();
    let capture = Capture::global_otel();
    let (reply, traceparent) = block_on(async {
        let client = client(&server).await;
        let mut quotes = client.subscribe("quotes").await.unwrap();
        let inbox = client.inner().new_inbox();
        client
            .publish_with_reply("quotes", inbox.clone(), "ask".into())
            .await
            .unwrap();
        let delivery = quotes.next().await.expect("a quote request");
        let reply = delivery.reply.as_ref().map(|r| r.to_string());
        assert_eq!(
            reply.as_deref(),
            Some(inbox.as_str()),
            "the reply subject goes out"
        );
        let traceparent = delivery
            .headers
            .as_ref()
            .and_then(|h| h.get("traceparent"))
            .map(|v| v.as_str().to_owned());
        delivery.settle();
        (reply.unwrap_or_default(), traceparent)
    });
    let spans = capture.spans();
    let send = one(&spans, "send quotes");
    assert_eq!(send.span_kind, SpanKind::Producer);
    assert_eq!(
        traceparent,
        Some(traceparent_of(send)),
        "its context went out"
    );
    assert!(
        spans.iter().all(|span| !span.name.contains(&reply)),
        "the reply subject is in no span's name: {:?}",
        names(&spans)
    );
    let process = one(&spans, "process quotes");
    assert_eq!(
        process.links[0].span_context.span_id(),
        send.span_context.span_id()
    );
    capture.assert_all_ended();
}

/// The runtime's own names for the messaging attributes (the pinned
/// conventions have them only behind their experimental feature) are the
/// conventions'.
#[test]
fn the_messaging_names_are_the_conventions() {
    use opentelemetry_semantic_conventions::attribute as semconv;
    let server = NatsServer::start();
    let capture = Capture::global_otel();
    block_on(async {
        let client = client(&server).await;
        let mut sub = client.subscribe("_INBOX.names").await.unwrap();
        client.publish("_INBOX.names", "x".into()).await.unwrap();
        sub.next().await.expect("a message").settle();
    });
    let spans = capture.spans();
    let keys: Vec<String> = spans
        .iter()
        .flat_map(|s| s.attributes.iter().map(|kv| kv.key.to_string()))
        .collect();
    for name in [
        semconv::MESSAGING_SYSTEM,
        semconv::MESSAGING_OPERATION_TYPE,
        semconv::MESSAGING_OPERATION_NAME,
        semconv::MESSAGING_DESTINATION_NAME,
        semconv::MESSAGING_DESTINATION_TEMPORARY,
        semconv::MESSAGING_MESSAGE_BODY_SIZE,
    ] {
        assert!(keys.iter().any(|k| k == name), "{name} in {keys:?}");
    }
    assert_eq!(
        semconv::MESSAGING_DESTINATION_TEMPLATE,
        "messaging.destination.template"
    );
    assert_eq!(
        semconv::MESSAGING_CONSUMER_GROUP_NAME,
        "messaging.consumer.group.name"
    );
    assert_eq!(semconv::MESSAGING_MESSAGE_ID, "messaging.message.id");
    capture.assert_all_ended();
}

#[test]
fn jetstream_publishes_end_on_the_ack_and_deliveries_on_ack_nak_or_term() {
    use async_nats::jetstream::consumer::pull;
    let server = NatsServer::with_jetstream();
    let capture = Capture::global_otel();
    block_on(async {
        let client = client(&server).await;
        let jetstream = client.jetstream();
        let stream = jetstream
            .inner()
            .create_stream(async_nats::jetstream::stream::Config {
                name: "ORDERS".to_owned(),
                subjects: vec!["orders.>".to_owned()],
                ..Default::default()
            })
            .await
            .unwrap();
        for body in ["to ack", "to nak", "to term"] {
            let ack = jetstream.publish("orders.new", body.into()).await.unwrap();
            ack.await.unwrap();
        }
        let missing = jetstream.publish("nowhere", "x".into()).await;
        let failed = match missing {
            Ok(ack) => ack.await.is_err(),
            Err(_) => true,
        };
        assert!(failed, "no stream takes the subject");

        let consumer = stream
            .create_consumer(pull::Config {
                durable_name: Some("workers".to_owned()),
                ..Default::default()
            })
            .await
            .unwrap();
        let messages = consumer.messages().await.unwrap();
        let mut deliveries = jetstream.deliveries(messages);
        let mut settled = Vec::new();
        while settled.len() < 4 {
            let delivery = deliveries.next().await.unwrap().unwrap();
            let body = String::from_utf8_lossy(&delivery.payload).into_owned();
            let redelivered = settled.contains(&body);
            match body.as_str() {
                "to ack" => delivery.ack().await.unwrap(),
                "to nak" if !redelivered => delivery.nak().await.unwrap(),
                "to nak" => delivery.ack().await.unwrap(),
                _ => delivery.term().await.unwrap(),
            }
            settled.push(body);
        }
    });
    let spans = capture.spans();
    let sends: Vec<_> = spans
        .iter()
        .filter(|s| s.name == "send orders.new")
        .collect();
    assert_eq!(sends.len(), 3);
    assert!(sends
        .iter()
        .all(|s| !is_error(s) && s.span_kind == SpanKind::Producer));
    assert_failed_with(one(&spans, "send nowhere"), "stream_not_found");
    let processes: Vec<_> = spans
        .iter()
        .filter(|s| s.name == "process orders.new")
        .collect();
    assert_eq!(processes.len(), 4, "{:?}", names(&spans));
    let outcomes: Vec<Option<String>> = processes
        .iter()
        .map(|s| string_attribute(s, "error.type"))
        .collect();
    assert_eq!(
        outcomes.iter().filter(|o| o.is_none()).count(),
        2,
        "two acks: {outcomes:?}"
    );
    assert!(outcomes.contains(&Some("nak".to_owned())));
    assert!(outcomes.contains(&Some("term".to_owned())));
    for process in &processes {
        let link = &process.links[0].span_context;
        assert!(
            sends
                .iter()
                .any(|s| s.span_context.span_id() == link.span_id()),
            "each delivery links to its publish"
        );
    }
    capture.assert_all_ended();
}

#[test]
fn sends_and_deliveries_record_the_messaging_durations_and_message_counts_with_bounded_attributes()
{
    let server = NatsServer::start();
    // The spans go to this test's provider, not another test's.
    let capture = Capture::global_otel();
    let meters = support::metrics::Meters::install();
    const SECRET: &str = "metric-payload-secret";
    block_on(async {
        let client = client(&server).await;
        let mut billing = client.subscribe("billing.*").await.unwrap();
        for _ in 0..2 {
            client
                .publish("billing.created", SECRET.into())
                .await
                .unwrap();
            billing.next().await.expect("a message").settle();
        }
        client.publish("billing.created", "x".into()).await.unwrap();
        billing
            .next()
            .await
            .expect("a message")
            .fail("invalid", "the order could not be read");
        let _ = client.request("nobody.listens", "x".into()).await;
    });
    // Other tests of this binary record too: only this test's destinations.
    let ours = |p: &support::metrics::Point| {
        p.get("messaging.system").as_deref() == Some("nats")
            && p.get("messaging.destination.name")
                .is_some_and(|d| d.starts_with("billing") || d == "nobody.listens")
    };
    // (operation, destination, count, error.type), sorted.
    let series = |points: &[support::metrics::Point]| {
        let mut series: Vec<(String, String, u64, Option<String>)> = points
            .iter()
            .map(|p| {
                (
                    p.get("messaging.operation.name").unwrap_or_default(),
                    p.get("messaging.destination.name").unwrap_or_default(),
                    p.count,
                    p.get("error.type"),
                )
            })
            .collect();
        series.sort();
        series
    };
    let operations: Vec<_> = meters
        .points("messaging.client.operation.duration")
        .into_iter()
        .filter(|p| ours(p))
        .collect();
    assert_eq!(
        series(&operations),
        [
            (
                "request".to_owned(),
                "nobody.listens".to_owned(),
                1,
                Some("no_responders".to_owned())
            ),
            ("send".to_owned(), "billing.created".to_owned(), 3, None),
        ]
    );
    let processes: Vec<_> = meters
        .points("messaging.process.duration")
        .into_iter()
        .filter(|p| p.get("messaging.destination.name").as_deref() == Some("billing.*"))
        .collect();
    let mut processed: Vec<(String, u64, Option<String>)> = processes
        .iter()
        .map(|p| {
            (
                p.get("messaging.destination.name").unwrap_or_default(),
                p.count,
                p.get("error.type"),
            )
        })
        .collect();
    processed.sort();
    assert_eq!(
        processed,
        [
            ("billing.*".to_owned(), 1, Some("invalid".to_owned())),
            ("billing.*".to_owned(), 2, None),
        ],
        "a wildcard subscription records its template"
    );
    for point in operations.iter().chain(&processes) {
        assert_eq!(point.unit, "s");
    }
    // Each message sent and each delivered, counted with the same attributes.
    let counted = |name: &str| {
        let points: Vec<_> = meters
            .counter_points(name)
            .into_iter()
            .filter(|p| ours(p))
            .inspect(|p| assert_eq!(p.unit, "{message}"))
            .collect();
        support::metrics::assert_no_secret(&points, &[SECRET]);
        series(&points)
    };
    assert_eq!(
        counted("messaging.client.sent.messages"),
        [
            (
                "request".to_owned(),
                "nobody.listens".to_owned(),
                1,
                Some("no_responders".to_owned())
            ),
            ("send".to_owned(), "billing.created".to_owned(), 3, None),
        ]
    );
    assert_eq!(
        counted("messaging.client.consumed.messages"),
        [
            (
                "process".to_owned(),
                "billing.*".to_owned(),
                1,
                Some("invalid".to_owned())
            ),
            ("process".to_owned(), "billing.*".to_owned(), 2, None),
        ]
    );
    support::metrics::assert_no_secret(&operations, &[SECRET]);
    support::metrics::assert_no_secret(&processes, &[SECRET]);
    capture.assert_all_ended();
}

#[test]
fn a_publish_inside_a_tracing_span_is_its_child_and_its_handler_spans_are_the_deliverys() {
    let server = NatsServer::start();
    // The global provider, and a `tracing` subscriber exporting to it: the
    // setup `export::install` makes.
    let capture = Capture::global_otel_and_tracing();
    block_on(async {
        let client = client(&server).await;
        let mut orders = client.subscribe("orders.created").await.unwrap();
        {
            let _handler = tracing::info_span!("http handler").entered();
            client.publish("orders.created", "x".into()).await.unwrap();
        }
        client.inner().flush().await.unwrap();
        let delivery = orders.next().await.expect("a message");
        delivery.in_scope(|| {
            let _work = tracing::info_span!("work").entered();
        });
        delivery.settle();
    });
    let spans = capture.spans();
    let handler = one(&spans, "http handler");
    let send = one(&spans, "send orders.created");
    assert_child_of(send, handler);
    let process = one(&spans, "process orders.created");
    let work = one(&spans, "work");
    assert_child_of(work, process);
}

#[test]
fn on_the_tracing_route_the_spans_carry_the_same_kinds_attributes_links_and_parent() {
    let server = NatsServer::start();
    // A `tracing` subscriber exporting through tracing-opentelemetry, no
    // global provider: the spans go the route traced methods take.
    let capture = Capture::start();
    const SECRET: &str = "tracing-route-payload-secret";
    let (linked, parented) = block_on(async {
        let client = client(&server).await;
        let mut orders = client.subscribe("orders.*").await.unwrap();
        client
            .publish("orders.created", SECRET.into())
            .await
            .unwrap();
        client.inner().flush().await.unwrap();
        let delivery = orders.next().await.expect("a message");
        let linked = delivery.headers.clone().expect("headers");
        delivery.in_scope(|| drop(tracing::info_span!("handle order").entered()));
        delivery.settle();

        // The producer as the parent, by option.
        let client = client.with_relation(Relation::Parent);
        let mut parented = client.subscribe("invoices").await.unwrap();
        client.publish("invoices", "x".into()).await.unwrap();
        client.inner().flush().await.unwrap();
        let delivery = parented.next().await.expect("a message");
        let header = delivery.headers.clone().expect("headers");
        delivery.settle();
        (linked, header)
    });
    let spans = capture.spans();
    let send = one(&spans, "send orders.created");
    let process = one(&spans, "process orders.*");
    let handle = one(&spans, "handle order");
    assert_eq!(send.span_kind, SpanKind::Producer);
    assert_eq!(process.span_kind, SpanKind::Consumer);
    assert_eq!(
        linked.get("traceparent").map(|v| v.as_str().to_owned()),
        Some(traceparent_of(send)),
        "the header is the send span's context"
    );
    assert_eq!(process.links.len(), 1, "linked");
    assert_eq!(
        process.links[0].span_context.span_id(),
        send.span_context.span_id()
    );
    assert_eq!(
        process.links[0].span_context.trace_id(),
        send.span_context.trace_id()
    );
    assert_child_of(handle, process);
    for (span, operation) in [(send, "send"), (process, "process")] {
        assert_eq!(
            string_attribute(span, "messaging.system").as_deref(),
            Some("nats")
        );
        assert_eq!(
            string_attribute(span, "messaging.operation.type").as_deref(),
            Some(operation)
        );
        assert_eq!(
            attribute(span, "messaging.message.body.size"),
            Some(opentelemetry::Value::I64(SECRET.len() as i64))
        );
        assert_server(span, "127.0.0.1", server.port);
    }
    let send_invoice = one(&spans, "send invoices");
    let process_invoice = one(&spans, "process invoices");
    assert_eq!(
        parented.get("traceparent").map(|v| v.as_str().to_owned()),
        Some(traceparent_of(send_invoice))
    );
    assert_child_of(process_invoice, send_invoice);
    assert!(process_invoice.links.is_empty(), "a parent, not a link");
    assert_no_secret(&spans, &[SECRET]);
    capture.assert_all_ended();
}

#[test]
fn a_subscriber_that_filters_the_messaging_target_out_gets_no_messaging_spans() {
    use tracing_subscriber::filter::{LevelFilter, Targets};
    let server = NatsServer::start();
    let capture = Capture::with_targets(
        Targets::new()
            .with_default(LevelFilter::TRACE)
            .with_target("instrument_proxy::messaging", LevelFilter::OFF),
    );
    block_on(async {
        let client = client(&server).await;
        let _handler = tracing::info_span!("handler").entered();
        client.publish("orders.created", "x".into()).await.unwrap();
    });
    assert_eq!(names(&capture.spans()), ["handler"]);
}

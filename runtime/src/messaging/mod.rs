//! Messaging spans for any queue (feature `opentelemetry`): a PRODUCER span
//! whose context goes out in the message's headers, and a [`Delivery`] per
//! consumed message that owns its CONSUMER span — linked to the producer's
//! span (or its child, by option), given at creation so that samplers see
//! it, current while the message is handled, ended when it is settled or
//! dropped, never when it is received. The NATS proxy is built on these;
//! your own queue's messages can be too (a `#[derive(ContextCarrier)]`
//! message, or any [`Extract`] carrier: a
//! `HashMap<String, String>`, `http::HeaderMap`).
//!
//! ```no_run
//! use instrument_proxy::messaging::{Consume, Delivery};
//!
//! # fn receive() -> std::collections::HashMap<String, String> { Default::default() }
//! # async fn handle(_: &std::collections::HashMap<String, String>) {}
//! # async fn run() {
//! let headers = receive();
//! let delivery = Delivery::new(
//!     headers,
//!     Consume::new("my-queue", "orders").body_size(42),
//! );
//! delivery.instrument(handle(&delivery)).await; // the span is current here
//! delivery.settle(); // and ends here
//! # }
//! ```

pub(crate) mod names;

use std::borrow::Cow;
use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;
use std::task::{Context as TaskContext, Poll};

use opentelemetry::trace::{Link, TraceContextExt};
use opentelemetry::{Context, KeyValue};

#[cfg(feature = "tracing")]
use crate::backend;
use crate::backend::otel::Describe;
use crate::call::{otel_span_of_unchecked_call, CallSpan};
use crate::propagation::Extract;
use crate::text::Text;

/// How the consumer's span relates to the producer's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Relation {
    /// A link to the producer's span; the consumer's own current span (if
    /// any) is the parent. The conventions' choice.
    #[default]
    Link,
    /// The producer's span is the parent: one trace from producer to
    /// consumer.
    Parent,
}

/// What a consumer span says: the system, the destination, and what is
/// known of the message.
#[derive(Clone, Debug)]
pub struct Consume<'a> {
    system: &'static str,
    destination: Text<'a>,
    template: Option<Text<'a>>,
    temporary: bool,
    body_size: Option<usize>,
    message_id: Option<Cow<'a, str>>,
    group: Option<Text<'a>>,
    server: Option<(Text<'a>, Option<u16>)>,
    relation: Relation,
    extra: Vec<KeyValue>,
}

/// The caller's text for a consumer span's string, copied into the span; the
/// proxies hand a subscription's shared strings (its subject, pattern, group
/// and server) to the `*_text` setters instead, which a span takes without a
/// copy.
fn text<'a>(text: impl Into<Cow<'a, str>>) -> Text<'a> {
    let text: Cow<'a, str> = text.into();
    Text::from(text)
}

impl<'a> Consume<'a> {
    /// `messaging.system` (`rabbitmq`, `kafka`, or your own) and
    /// `messaging.destination.name`.
    pub fn new(system: &'static str, destination: impl Into<Cow<'a, str>>) -> Self {
        Consume::with_destination(system, text(destination))
    }

    pub(crate) fn with_destination(system: &'static str, destination: Text<'a>) -> Self {
        Consume {
            system,
            destination,
            template: None,
            temporary: false,
            body_size: None,
            message_id: None,
            group: None,
            server: None,
            relation: Relation::Link,
            extra: Vec::new(),
        }
    }

    /// `messaging.destination.template`: the pattern subscribed to
    /// (`orders.*`); the span is named by it rather than the destination.
    #[must_use]
    pub fn template(self, template: impl Into<Cow<'a, str>>) -> Self {
        self.template_text(text(template))
    }

    pub(crate) fn template_text(mut self, template: Text<'a>) -> Self {
        self.template = Some(template);
        self
    }

    /// `messaging.destination.temporary`: a reply subject or an exclusive
    /// queue, never in the span's name.
    #[must_use]
    pub fn temporary(mut self, temporary: bool) -> Self {
        self.temporary = temporary;
        self
    }

    /// `messaging.message.body.size`, in bytes (never the body itself).
    #[must_use]
    pub fn body_size(mut self, size: usize) -> Self {
        self.body_size = Some(size);
        self
    }

    /// `messaging.message.id`.
    #[must_use]
    pub fn message_id(mut self, id: impl Into<Cow<'a, str>>) -> Self {
        self.message_id = Some(id.into());
        self
    }

    /// `messaging.consumer.group.name` (a NATS queue group).
    #[must_use]
    pub fn group(self, group: impl Into<Cow<'a, str>>) -> Self {
        self.group_text(text(group))
    }

    pub(crate) fn group_text(mut self, group: Text<'a>) -> Self {
        self.group = Some(group);
        self
    }

    /// `server.address` and `server.port`.
    #[must_use]
    pub fn server(self, address: impl Into<Cow<'a, str>>, port: Option<u16>) -> Self {
        self.server_text(text(address), port)
    }

    pub(crate) fn server_text(mut self, address: Text<'a>, port: Option<u16>) -> Self {
        self.server = Some((address, port));
        self
    }

    /// Link (default) or parent.
    #[must_use]
    pub fn relation(mut self, relation: Relation) -> Self {
        self.relation = relation;
        self
    }

    /// Another attribute (`messaging.rabbitmq.destination.routing_key`).
    #[must_use]
    pub fn attribute(mut self, attribute: KeyValue) -> Self {
        self.extra.push(attribute);
        self
    }

    /// `process {template or destination}`, `process (temporary)`.
    fn name(&self) -> Cow<'static, str> {
        if self.temporary {
            return Cow::Borrowed("process (temporary)");
        }
        let destination = self.template.as_ref().unwrap_or(&self.destination);
        Cow::Owned(joined("process", destination.as_str()))
    }

    fn attributes(&self) -> Vec<KeyValue> {
        let mut attributes = Vec::with_capacity(10 + self.extra.len());
        attributes.push(KeyValue::new(names::MESSAGING_SYSTEM, self.system));
        attributes.push(KeyValue::new(names::MESSAGING_OPERATION_TYPE, "process"));
        attributes.push(KeyValue::new(names::MESSAGING_OPERATION_NAME, "process"));
        attributes.push(KeyValue::new(
            names::MESSAGING_DESTINATION_NAME,
            self.destination.clone().into_otel(),
        ));
        if let Some(template) = &self.template {
            attributes.push(KeyValue::new(
                names::MESSAGING_DESTINATION_TEMPLATE,
                template.clone().into_otel(),
            ));
        }
        if self.temporary {
            attributes.push(KeyValue::new(names::MESSAGING_DESTINATION_TEMPORARY, true));
        }
        if let Some(size) = self.body_size {
            attributes.push(KeyValue::new(
                names::MESSAGING_MESSAGE_BODY_SIZE,
                i64::try_from(size).unwrap_or(i64::MAX),
            ));
        }
        if let Some(id) = &self.message_id {
            attributes.push(KeyValue::new(names::MESSAGING_MESSAGE_ID, id.to_string()));
        }
        if let Some(group) = &self.group {
            attributes.push(KeyValue::new(
                names::MESSAGING_CONSUMER_GROUP_NAME,
                group.clone().into_otel(),
            ));
        }
        if let Some((address, port)) = &self.server {
            attributes.push(KeyValue::new(
                names::SERVER_ADDRESS,
                address.clone().into_otel(),
            ));
            if let Some(port) = port {
                attributes.push(KeyValue::new(names::SERVER_PORT, i64::from(*port)));
            }
        }
        attributes.extend(self.extra.iter().cloned());
        attributes
    }
}

/// A consumer span's description, with the producer's context.
struct Consumer<'c, 'a> {
    consume: &'c Consume<'a>,
    producer: Context,
}

impl Describe for Consumer<'_, '_> {
    fn attributes(&self) -> Vec<KeyValue> {
        self.consume.attributes()
    }

    fn links(&self) -> Option<Vec<Link>> {
        let producer = self.producer.span().span_context().clone();
        (self.consume.relation == Relation::Link && producer.is_valid())
            .then(|| vec![Link::with_context(producer)])
    }

    fn parent(&self) -> Option<Context> {
        let valid = self.producer.span().span_context().is_valid();
        (self.consume.relation == Relation::Parent && valid).then(|| self.producer.clone())
    }
}

/// Starts the CONSUMER span of a message whose headers `carrier` holds,
/// measured in `messaging.process.duration` with the `metrics` feature.
pub(crate) fn consumer_span(
    carrier: &(impl Extract + ?Sized),
    consume: &Consume<'_>,
) -> Option<CallSpan> {
    let producer = carrier.extract_context();
    let call = message_span(
        || consume.name(),
        "consumer",
        Consumer { consume, producer },
    );
    let destination = match (&consume.template, consume.temporary) {
        (Some(template), _) => Some(template.as_str()),
        (None, false) => Some(consume.destination.as_str()),
        (None, true) => None,
    };
    metered(
        call,
        Metric::Process,
        consume.system,
        "process",
        destination,
    )
}

/// A messaging span (at `INFO`), on the route a traced method's span would
/// take: a `tracing` span when a subscriber wants it — its name, kind,
/// attributes, parent and links handed to tracing-opentelemetry's layer
/// before the OpenTelemetry span is built, so that samplers see them —
/// else, unless that subscriber exports and filtered it out, an
/// OpenTelemetry span through the global provider.
pub(crate) fn message_span(
    name: impl Fn() -> Cow<'static, str>,
    kind: &'static str,
    description: impl Describe,
) -> Option<CallSpan> {
    #[cfg(feature = "tracing")]
    {
        let span = tracing::span!(
            target: "instrument_proxy::messaging",
            tracing::Level::INFO,
            "message",
            otel.name = tracing::field::Empty,
            otel.kind = kind,
            otel.status_code = tracing::field::Empty,
            otel.status_description = tracing::field::Empty,
            error.type = tracing::field::Empty,
            messaging.message.body.size = tracing::field::Empty,
        );
        if backend::tracing::wanted(&span) {
            use tracing_opentelemetry::OpenTelemetrySpanExt as _;
            span.record("otel.name", name().as_ref());
            for attribute in description.attributes() {
                span.set_attribute(attribute.key, attribute.value);
            }
            if let Some(parent) = description.parent() {
                // Fails only without tracing-opentelemetry's layer, where
                // there is no trace to continue.
                let _ = span.set_parent(parent);
            }
            for link in description.links().unwrap_or_default() {
                span.add_link_with_attributes(link.span_context, link.attributes);
            }
            return Some(CallSpan::tracing(span));
        }
        if backend::filtered_by_exporting_subscriber() {
            return None;
        }
    }
    otel_span_of_unchecked_call(crate::backend::level::INFO, None, name, kind, description)
}

/// `{operation} {destination}`, a span's name: built by hand, since
/// `format!` costs ten times as much on every message.
pub(crate) fn joined(operation: &str, destination: &str) -> String {
    let mut name = String::with_capacity(operation.len() + 1 + destination.len());
    name.push_str(operation);
    name.push(' ');
    name.push_str(destination);
    name
}

/// Which messaging metrics a call records into.
#[derive(Clone, Copy)]
pub(crate) enum Metric {
    /// `messaging.client.operation.duration`, and a message sent
    /// (`messaging.client.sent.messages`): a publish, a request.
    #[cfg_attr(not(any(feature = "nats", feature = "amqp")), allow(dead_code))]
    Send,
    /// `messaging.client.operation.duration`, and a message received
    /// (`messaging.client.consumed.messages`) unless the call finds none:
    /// a get.
    #[cfg_attr(not(feature = "amqp"), allow(dead_code))]
    Receive,
    /// `messaging.process.duration`, and a message delivered to the
    /// application (`messaging.client.consumed.messages`).
    Process,
}

/// With the `metrics` feature, the call's measurement: its duration with
/// the bounded attributes (the system, the operation, the destination or
/// its template — never a temporary one), and `error.type` on failure; the
/// message it sends or consumes counted with the same attributes.
#[allow(unused_variables)]
pub(crate) fn metered(
    call: Option<CallSpan>,
    metric: Metric,
    system: &'static str,
    operation: &'static str,
    destination: Option<&str>,
) -> Option<CallSpan> {
    #[cfg(feature = "metrics")]
    {
        use crate::measurement::{Count, Instrument};
        let (instrument, count) = match metric {
            Metric::Send => (Instrument::MessagingOperation, Count::SentMessages),
            Metric::Receive => (Instrument::MessagingOperation, Count::ConsumedMessages),
            Metric::Process => (Instrument::MessagingProcess, Count::ConsumedMessages),
        };
        let mut call = crate::call::measured(call, instrument, &[], |attributes| {
            attributes.push(KeyValue::new(names::MESSAGING_SYSTEM, system));
            attributes.push(KeyValue::new(names::MESSAGING_OPERATION_NAME, operation));
            if let Some(destination) = destination {
                attributes.push(KeyValue::new(
                    names::MESSAGING_DESTINATION_NAME,
                    destination.to_owned(),
                ));
            }
        });
        if let Some(call) = &mut call {
            call.metric.count(count);
        }
        call
    }
    #[cfg(not(feature = "metrics"))]
    call
}

/// A consumed message with its CONSUMER span: current while the message is
/// handled ([`instrument`](Self::instrument), [`in_scope`](Self::in_scope)),
/// ended when the message is settled ([`settle`](Self::settle), or a
/// system's own `ack`) or dropped. It derefs to the message.
pub struct Delivery<T> {
    item: T,
    call: Option<CallSpan>,
}

impl<T: Extract> Delivery<T> {
    /// Starts the span of `item`, whose headers carry the producer's context.
    pub fn new(item: T, consume: Consume<'_>) -> Self {
        let call = consumer_span(&item, &consume);
        Delivery::with_span(item, call)
    }
}

impl<T> Delivery<T> {
    /// `item` with a span started already (or none).
    pub(crate) fn with_span(item: T, call: Option<CallSpan>) -> Self {
        Delivery { item, call }
    }

    /// Runs `f` with the span current.
    pub fn in_scope<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.call {
            Some(call) => call.in_scope(f),
            None => f(),
        }
    }

    /// `future` with the span current during each of its polls: the
    /// handling's own spans are its children.
    pub fn instrument<F: Future>(&self, future: F) -> Instrumented<'_, F> {
        Instrumented::new(self.call.as_ref(), future)
    }

    /// The message is handled: the span ends, successfully.
    pub fn settle(self) -> T {
        let Delivery { item, call } = self;
        drop(call);
        item
    }

    /// The message could not be handled: the span ends as failed with
    /// `error_type` and `description`.
    pub fn fail(self, error_type: &str, description: &str) -> T {
        if let Some(call) = &self.call {
            call.record_error(error_type, description);
        }
        self.settle()
    }

    /// The span, to record more on it.
    pub fn span(&self) -> Option<&CallSpan> {
        self.call.as_ref()
    }

    /// The context of the span: a reply's parent, or what a message sent
    /// on continues.
    pub fn context(&self) -> Context {
        match &self.call {
            Some(call) => call.in_scope(Context::current),
            None => Context::current(),
        }
    }
}

impl<T> Deref for Delivery<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.item
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Delivery<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Delivery")
            .field("item", &self.item)
            .field("traced", &self.call.is_some())
            .finish()
    }
}

/// A future polled with a span current: a delivery's handling, or a send
/// before its span is handed to what ends it.
#[must_use = "futures do nothing unless polled"]
pub struct Instrumented<'a, F> {
    call: Option<&'a CallSpan>,
    future: Pin<Box<F>>,
}

impl<'a, F: Future> Instrumented<'a, F> {
    pub(crate) fn new(call: Option<&'a CallSpan>, future: F) -> Self {
        Instrumented {
            call,
            future: Box::pin(future),
        }
    }
}

impl<F: Future> Future for Instrumented<'_, F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<F::Output> {
        let this = &mut *self;
        match this.call {
            Some(call) => call.in_scope(|| this.future.as_mut().poll(cx)),
            None => this.future.as_mut().poll(cx),
        }
    }
}

//! A traced NATS client (feature `nats`): `async_nats::Client` with the
//! messaging conventions and the trace context in the message headers.
//!
//! - `publish` (and `publish_with_reply`) is a PRODUCER span `send
//!   {subject}` whose context goes out in the message's headers (the
//!   caller's headers are kept, and a message that carries a `traceparent`
//!   already keeps it). It measures the hand-off to the client's
//!   connection: core NATS acknowledges nothing.
//! - `request` is one CLIENT span `request {subject}`, context injected; no
//!   responders (`503`) or a timeout fail it.
//! - `subscribe` and `queue_subscribe` give a stream of [`Delivery`]s, each
//!   with a CONSUMER span `process {subject}` (a wildcard subscription names
//!   it by its pattern, `messaging.destination.template`) linked to the
//!   producer's span — or its child, with [`Relation::Parent`] — current
//!   while the message is handled, ended when it is settled or dropped.
//! - Reply subjects (`_INBOX.`) are temporary and never in span names.
//!   Payloads are never recorded; `messaging.message.body.size` is.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use futures_util::StreamExt;
//! use instrument_proxy::nats::TracedClient;
//!
//! let client = TracedClient::connect("127.0.0.1:4222").await?;
//! let mut orders = client.subscribe("orders.*").await?;
//! client.publish("orders.created", "id=7".into()).await?; // `send orders.created`
//! if let Some(order) = orders.next().await {
//!     order.instrument(async { /* handle &order.payload */ }).await; // `process orders.*`
//!     order.settle();
//! }
//! # Ok(()) }
//! ```

use std::borrow::Cow;
use std::pin::Pin;
use std::task::{Context, Poll};

use async_nats::{
    Client, HeaderMap, HeaderName, HeaderValue, Message, PublishError, RequestError, Subject,
    SubscribeError, Subscriber, ToSubject,
};
use bytes::Bytes;
use futures_core::Stream;
use opentelemetry::KeyValue;

use crate::call::CallSpan;
use crate::future::CallFuture;
use crate::messaging::names;
use crate::messaging::{consumer_span, message_span, metered, Consume, Metric};
mod jetstream;

pub use crate::messaging::{Delivery, Relation};
use crate::outcome::ErrorType;
use crate::propagation::{Extract, Inject};
use crate::text::{SharedStr, Text};
pub use jetstream::{TracedJetStream, TracedMessages, TracedPublishAck};

/// `messaging.system`: NATS has no value in the conventions' list; this is
/// its documented custom one.
pub const SYSTEM: &str = "nats";

const TRACEPARENT: &str = "traceparent";

/// A NATS client whose publishes, requests and subscriptions are traced.
#[derive(Clone, Debug)]
pub struct TracedClient {
    inner: Client,
    /// `server.address`, shared by every span of the client.
    address: SharedStr,
    port: u16,
    relation: Relation,
}

impl TracedClient {
    /// Connects as `async_nats::connect` does.
    pub async fn connect(
        addrs: impl async_nats::ToServerAddrs,
    ) -> Result<Self, async_nats::ConnectError> {
        Ok(TracedClient::new(async_nats::connect(addrs).await?))
    }

    /// Wraps a connected client; `server.address` and `server.port` come
    /// from the server it is connected to.
    pub fn new(client: Client) -> Self {
        let info = client.server_info();
        TracedClient {
            inner: client,
            address: SharedStr::from(info.host),
            port: info.port,
            relation: Relation::Link,
        }
    }

    /// Whether each delivery's span links to the producer's (default) or is
    /// its child.
    #[must_use]
    pub fn with_relation(mut self, relation: Relation) -> Self {
        self.relation = relation;
        self
    }

    /// The client, for what needs no span.
    pub fn inner(&self) -> &Client {
        &self.inner
    }

    fn attributes(
        &self,
        operation: &'static str,
        kind: &'static str,
        subject: &str,
        size: usize,
    ) -> Vec<KeyValue> {
        let mut attributes = vec![
            KeyValue::new(names::MESSAGING_SYSTEM, SYSTEM),
            KeyValue::new(names::MESSAGING_OPERATION_TYPE, kind),
            KeyValue::new(names::MESSAGING_OPERATION_NAME, operation),
            KeyValue::new(names::MESSAGING_DESTINATION_NAME, subject.to_owned()),
            KeyValue::new(
                names::MESSAGING_MESSAGE_BODY_SIZE,
                i64::try_from(size).unwrap_or(i64::MAX),
            ),
            KeyValue::new(names::SERVER_ADDRESS, self.address.to_otel()),
            KeyValue::new(names::SERVER_PORT, i64::from(self.port)),
        ];
        if is_temporary(subject) {
            attributes.push(KeyValue::new(names::MESSAGING_DESTINATION_TEMPORARY, true));
        }
        attributes
    }

    /// The span of a send, its context injected into `headers` (unless they
    /// carry one already).
    fn send_span(
        &self,
        operation: &'static str,
        kind: &'static str,
        subject: &Subject,
        headers: &mut HeaderMap,
        size: usize,
    ) -> Option<CallSpan> {
        let span_kind = if operation == "request" {
            "client"
        } else {
            "producer"
        };
        let call = message_span(
            || span_name(operation, subject),
            span_kind,
            || self.attributes(operation, kind, subject, size),
        );
        let destination = (!is_temporary(subject)).then_some(subject.as_str());
        let call = metered(call, Metric::Send, SYSTEM, operation, destination);
        if headers.get(TRACEPARENT).is_none() {
            match &call {
                Some(call) => call.in_scope(|| crate::propagation::inject_current_context(headers)),
                None => crate::propagation::inject_current_context(headers),
            }
        }
        call
    }

    /// Publishes `payload`: a PRODUCER span, context in the headers.
    pub async fn publish<S: ToSubject>(
        &self,
        subject: S,
        payload: Bytes,
    ) -> Result<(), PublishError> {
        self.publish_with_headers(subject, HeaderMap::new(), payload)
            .await
    }

    /// Publishes with the caller's headers, to which the context is added.
    pub async fn publish_with_headers<S: ToSubject>(
        &self,
        subject: S,
        mut headers: HeaderMap,
        payload: Bytes,
    ) -> Result<(), PublishError> {
        let subject = subject.to_subject();
        let call = self.send_span("send", "send", &subject, &mut headers, payload.len());
        let publish = self.inner.publish_with_headers(subject, headers, payload);
        CallFuture::new(call, publish, record_result).await
    }

    /// Publishes with a reply subject (a request whose replies the caller
    /// reads itself): a PRODUCER span, context in the headers.
    pub async fn publish_with_reply<S: ToSubject, R: ToSubject>(
        &self,
        subject: S,
        reply: R,
        payload: Bytes,
    ) -> Result<(), PublishError> {
        self.publish_with_reply_and_headers(subject, reply, HeaderMap::new(), payload)
            .await
    }

    /// [`publish_with_reply`](Self::publish_with_reply) with the caller's
    /// headers, to which the context is added.
    pub async fn publish_with_reply_and_headers<S: ToSubject, R: ToSubject>(
        &self,
        subject: S,
        reply: R,
        mut headers: HeaderMap,
        payload: Bytes,
    ) -> Result<(), PublishError> {
        let subject = subject.to_subject();
        let call = self.send_span("send", "send", &subject, &mut headers, payload.len());
        let publish = self
            .inner
            .publish_with_reply_and_headers(subject, reply, headers, payload);
        CallFuture::new(call, publish, record_result).await
    }

    /// Sends a request and waits for its reply: one CLIENT span.
    pub async fn request<S: ToSubject>(
        &self,
        subject: S,
        payload: Bytes,
    ) -> Result<Message, RequestError> {
        self.request_with_headers(subject, HeaderMap::new(), payload)
            .await
    }

    /// [`request`](Self::request) with the caller's headers.
    pub async fn request_with_headers<S: ToSubject>(
        &self,
        subject: S,
        mut headers: HeaderMap,
        payload: Bytes,
    ) -> Result<Message, RequestError> {
        let subject = subject.to_subject();
        let call = self.send_span("request", "send", &subject, &mut headers, payload.len());
        let request = self.inner.request_with_headers(subject, headers, payload);
        CallFuture::new(call, request, record_result).await
    }

    /// Subscribes: each message arrives as a [`Delivery`] with its span.
    pub async fn subscribe<S: ToSubject>(
        &self,
        subject: S,
    ) -> Result<TracedSubscriber, SubscribeError> {
        let subject = subject.to_subject();
        let subscriber = self.inner.subscribe(subject.clone()).await?;
        Ok(self.subscriber(subscriber, subject, None))
    }

    /// Subscribes in a queue group (`messaging.consumer.group.name`).
    pub async fn queue_subscribe<S: ToSubject>(
        &self,
        subject: S,
        queue_group: String,
    ) -> Result<TracedSubscriber, SubscribeError> {
        let subject = subject.to_subject();
        let subscriber = self
            .inner
            .queue_subscribe(subject.clone(), queue_group.clone())
            .await?;
        Ok(self.subscriber(subscriber, subject, Some(queue_group)))
    }

    fn subscriber(
        &self,
        inner: Subscriber,
        subject: Subject,
        group: Option<String>,
    ) -> TracedSubscriber {
        let wildcard = subject.split('.').any(|token| token == "*" || token == ">");
        TracedSubscriber {
            inner,
            template: wildcard.then(|| SharedStr::from(subject.to_string())),
            subject: (!wildcard).then(|| SharedStr::from(subject.to_string())),
            group: group.map(SharedStr::from),
            address: self.address.clone(),
            port: self.port,
            relation: self.relation,
        }
    }
}

/// `send orders`, `request orders`; `send (temporary)` for a reply subject.
fn span_name(operation: &'static str, subject: &str) -> Cow<'static, str> {
    let subject = if is_temporary(subject) {
        "(temporary)"
    } else {
        subject
    };
    Cow::Owned(crate::messaging::joined(operation, subject))
}

/// A reply subject: `_INBOX.` and the client's own inbox prefix.
fn is_temporary(subject: &str) -> bool {
    subject.starts_with("_INBOX.")
}

fn record_result<T, E: ErrorType + std::fmt::Display>(call: &CallSpan, result: &Result<T, E>) {
    if let Err(error) = result {
        call.record_error_with(error.error_type().as_str(), || error.to_string());
    }
}

/// `no_responders`, `timed_out`, ...: the kind of the error.
macro_rules! kind_error_type {
    ($($error:ty),*) => {$(
        impl ErrorType for $error {
            fn error_type(&self) -> Text<'_> {
                Text::Owned(snake_case(&format!("{:?}", self.kind())))
            }
        }
    )*};
}

kind_error_type!(PublishError, RequestError, SubscribeError);

/// `NoResponders` → `no_responders`.
fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (index, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if index > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A subscription whose messages arrive as [`Delivery`]s, each with its
/// CONSUMER span.
#[must_use = "streams do nothing unless polled"]
pub struct TracedSubscriber {
    inner: Subscriber,
    // The subscription's strings, shared by each message's span.
    template: Option<SharedStr>,
    subject: Option<SharedStr>,
    group: Option<SharedStr>,
    address: SharedStr,
    port: u16,
    relation: Relation,
}

impl TracedSubscriber {
    /// Unsubscribes, as `Subscriber::unsubscribe` does.
    pub async fn unsubscribe(&mut self) -> Result<(), async_nats::UnsubscribeError> {
        self.inner.unsubscribe().await
    }

    fn deliver(&self, message: Message) -> Delivery<Message> {
        // A subscription to one subject delivers messages of that subject.
        let destination = match &self.subject {
            Some(subject) if subject.as_str() == message.subject.as_str() => {
                Text::Shared(subject.clone())
            }
            _ => Text::Borrowed(message.subject.as_str()),
        };
        let mut consume = Consume::with_destination(SYSTEM, destination)
            .temporary(is_temporary(&message.subject))
            .body_size(message.payload.len())
            .server_text(Text::Shared(self.address.clone()), Some(self.port))
            .relation(self.relation);
        if let Some(template) = &self.template {
            consume = consume.template_text(Text::Shared(template.clone()));
        }
        if let Some(group) = &self.group {
            consume = consume.group_text(Text::Shared(group.clone()));
        }
        let call = consumer_span(&message, &consume);
        Delivery::with_span(message, call)
    }
}

impl Stream for TracedSubscriber {
    type Item = Delivery<Message>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match Pin::new(&mut self.inner).poll_next(cx) {
            Poll::Ready(Some(message)) => Poll::Ready(Some(self.deliver(message))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// A NATS message's headers carry the context; a message without headers
/// carries none.
impl Extract for Message {
    fn extract_context(&self) -> opentelemetry::Context {
        match &self.headers {
            Some(headers) => headers.extract_context(),
            None => opentelemetry::Context::new(),
        }
    }
}

impl Extract for HeaderMap {
    fn extract_context(&self) -> opentelemetry::Context {
        crate::propagation::extract_with(&HeaderExtractor(self))
    }
}

impl Inject for HeaderMap {
    fn inject_context(&mut self, cx: &opentelemetry::Context) {
        crate::propagation::inject_with(cx, &mut HeaderInjector(self));
    }
}

struct HeaderExtractor<'a>(&'a HeaderMap);

impl opentelemetry::propagation::Extractor for HeaderExtractor<'_> {
    /// Compared name by name: `HeaderMap::get` makes a header name of the
    /// key first, an allocation per lookup on every delivery.
    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(name, _)| {
                let name: &[u8] = name.as_ref();
                name.eq_ignore_ascii_case(key.as_bytes())
            })
            .and_then(|(_, values)| values.first())
            .map(|value| value.as_str())
    }

    fn keys(&self) -> Vec<&str> {
        self.0
            .iter()
            .filter_map(|(name, _)| std::str::from_utf8(name.as_ref()).ok())
            .collect()
    }
}

struct HeaderInjector<'a>(&'a mut HeaderMap);

impl opentelemetry::propagation::Injector for HeaderInjector<'_> {
    fn set(&mut self, key: &str, value: String) {
        // The W3C names as static header names: no copy of the name; the
        // value taken as it is (inserting a `String` copies it). A name or
        // value the headers cannot carry (a custom propagator's line break)
        // is left out, never altered or a panic.
        let name = match key {
            "traceparent" => HeaderName::from_static("traceparent"),
            "tracestate" => HeaderName::from_static("tracestate"),
            _ => match key.parse() {
                Ok(name) => name,
                Err(_) => return,
            },
        };
        if let Ok(value) = HeaderValue::try_from(value) {
            self.0.insert(name, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_kinds_are_snake_case() {
        assert_eq!(snake_case("NoResponders"), "no_responders");
        assert_eq!(snake_case("TimedOut"), "timed_out");
        assert_eq!(snake_case("Other"), "other");
    }

    #[test]
    fn a_header_the_map_cannot_carry_is_left_out_never_a_panic() {
        use opentelemetry::propagation::Injector;
        let mut headers = HeaderMap::new();
        let mut injector = HeaderInjector(&mut headers);
        // A custom propagator's names and values: async-nats's `insert`
        // panics on a name with `:` and alters a value with a line break.
        injector.set("bad:name", "value".to_owned());
        injector.set("tracestate", "a=1\r\nInjected: yes".to_owned());
        injector.set(
            "traceparent",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".to_owned(),
        );
        injector.set("baggage", "k=v".to_owned());
        assert_eq!(headers.iter().count(), 2, "{headers:?}");
        assert_eq!(
            headers.get("traceparent").map(|value| value.as_str()),
            Some("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        );
        assert_eq!(
            headers.get("baggage").map(|value| value.as_str()),
            Some("k=v")
        );
        assert!(headers.get("tracestate").is_none());
    }

    #[test]
    fn reply_subjects_are_temporary_and_never_in_names() {
        assert_eq!(span_name("send", "_INBOX.abc.1"), "send (temporary)");
        assert_eq!(span_name("send", "orders.created"), "send orders.created");
    }
}

//! A traced RabbitMQ channel (feature `amqp`): `lapin::Channel` with the
//! messaging conventions and the trace context in the message headers.
//!
//! - `basic_publish` is a PRODUCER span `send {exchange}:{routing key}`
//!   (`amq.default` for the default exchange) whose context goes out in the
//!   message's header table (the caller's headers kept; a `traceparent`
//!   there already kept). It ends when the returned [`TracedConfirm`] is
//!   awaited: with publisher confirms, on the broker's answer (a `Nack`, an
//!   unroutable return or a closed channel fail it); without, on the
//!   hand-off. Dropped unawaited, it ends then.
//! - `basic_consume` gives a stream of [`Delivery`]s, each with a CONSUMER
//!   span `process {exchange}:{routing key}` linked to the producer's span
//!   (or its child, with [`Relation::Parent`]), current while the message is
//!   handled, ended by `ack` (success), `nack` or `reject` (failed:
//!   `error.type` `nack`, `reject`) or a drop.
//! - `basic_get` is a CONSUMER span `receive {queue}`.
//!
//! The payload is never recorded; `messaging.message.body.size` is.

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use lapin::message::{BasicGetMessage, Delivery as LapinDelivery};
use lapin::options::{
    BasicAckOptions, BasicConsumeOptions, BasicGetOptions, BasicNackOptions, BasicPublishOptions,
    BasicRejectOptions,
};
use lapin::types::{AMQPValue, FieldTable, ShortString};
use lapin::{BasicProperties, Channel, Consumer};
use lapin::{Confirmation, PublisherConfirm};
use opentelemetry::KeyValue;

use crate::call::CallSpan;
use crate::future::CallFuture;
use crate::messaging::names;
use crate::messaging::{consumer_span, message_span, metered, Consume, Instrumented, Metric};
pub use crate::messaging::{Delivery, Relation};
use crate::propagation::{Extract, Inject};
use crate::text::{SharedStr, Text};

/// `messaging.system`.
pub const SYSTEM: &str = "rabbitmq";

/// RabbitMQ's own attributes (experimental in the pinned conventions, like
/// the rest of `crate::messaging::names`).
const MESSAGING_RABBITMQ_DESTINATION_ROUTING_KEY: &str =
    "messaging.rabbitmq.destination.routing_key";
const MESSAGING_RABBITMQ_MESSAGE_DELIVERY_TAG: &str = "messaging.rabbitmq.message.delivery_tag";

const TRACEPARENT: &str = "traceparent";

/// A RabbitMQ channel whose publishes and consumers are traced.
#[derive(Clone, Debug)]
pub struct TracedChannel {
    inner: Channel,
    server: Option<(SharedStr, u16)>,
    relation: Relation,
}

impl TracedChannel {
    /// Wraps a channel.
    pub fn new(channel: Channel) -> Self {
        TracedChannel {
            inner: channel,
            server: None,
            relation: Relation::Link,
        }
    }

    /// `server.address` and `server.port` of the broker (a channel does not
    /// say which it is connected to).
    #[must_use]
    pub fn with_server(mut self, address: impl Into<String>, port: u16) -> Self {
        self.server = Some((SharedStr::from(address.into()), port));
        self
    }

    /// Whether each delivery's span links to the producer's (default) or is
    /// its child.
    #[must_use]
    pub fn with_relation(mut self, relation: Relation) -> Self {
        self.relation = relation;
        self
    }

    /// The channel, for what needs no span (declarations, `confirm_select`).
    pub fn inner(&self) -> &Channel {
        &self.inner
    }

    fn server_attributes(&self, attributes: &mut Vec<KeyValue>) {
        if let Some((address, port)) = &self.server {
            attributes.push(KeyValue::new(names::SERVER_ADDRESS, address.to_otel()));
            attributes.push(KeyValue::new(names::SERVER_PORT, i64::from(*port)));
        }
    }

    /// Publishes: a PRODUCER span, context in the header table, ended when
    /// the returned confirmation is awaited (or dropped).
    pub async fn basic_publish(
        &self,
        exchange: &str,
        routing_key: &str,
        options: BasicPublishOptions,
        payload: &[u8],
        properties: BasicProperties,
    ) -> lapin::Result<TracedConfirm> {
        let destination = destination(exchange, routing_key);
        let call = message_span(
            || Cow::Owned(crate::messaging::joined("send", &destination)),
            "producer",
            || {
                let mut attributes = vec![
                    KeyValue::new(names::MESSAGING_SYSTEM, SYSTEM),
                    KeyValue::new(names::MESSAGING_OPERATION_TYPE, "send"),
                    KeyValue::new(names::MESSAGING_OPERATION_NAME, "publish"),
                    KeyValue::new(names::MESSAGING_DESTINATION_NAME, destination.clone()),
                    KeyValue::new(
                        names::MESSAGING_MESSAGE_BODY_SIZE,
                        i64::try_from(payload.len()).unwrap_or(i64::MAX),
                    ),
                ];
                if !routing_key.is_empty() {
                    attributes.push(KeyValue::new(
                        MESSAGING_RABBITMQ_DESTINATION_ROUTING_KEY,
                        routing_key.to_owned(),
                    ));
                }
                self.server_attributes(&mut attributes);
                attributes
            },
        );
        let call = metered(call, Metric::Send, SYSTEM, "publish", Some(&destination));
        let mut headers = properties.headers().clone().unwrap_or_default();
        if !headers
            .inner()
            .contains_key(&ShortString::from(TRACEPARENT))
        {
            match &call {
                Some(call) => {
                    call.in_scope(|| crate::propagation::inject_current_context(&mut headers));
                }
                None => crate::propagation::inject_current_context(&mut headers),
            }
        }
        let properties = properties.with_headers(headers);
        let publish = self.inner.basic_publish(
            ShortString::from(exchange),
            ShortString::from(routing_key),
            options,
            payload,
            properties,
        );
        let published = Instrumented::new(call.as_ref(), publish).await;
        match published {
            Ok(confirm) => Ok(TracedConfirm {
                call,
                confirm: Box::pin(confirm),
            }),
            Err(error) => {
                if let Some(call) = &call {
                    call.record_error_with(lapin_error_type(&error), || error.to_string());
                }
                Err(error)
            }
        }
    }

    /// Consumes `queue`: each message arrives as a [`Delivery`] with its
    /// span.
    pub async fn basic_consume(
        &self,
        queue: &str,
        consumer_tag: &str,
        options: BasicConsumeOptions,
        arguments: FieldTable,
    ) -> lapin::Result<TracedConsumer> {
        let consumer = self
            .inner
            .basic_consume(
                ShortString::from(queue),
                ShortString::from(consumer_tag),
                options,
                arguments,
            )
            .await?;
        Ok(TracedConsumer {
            inner: consumer,
            server: self.server.clone(),
            relation: self.relation,
        })
    }

    /// Fetches one message: a CONSUMER span `receive {queue}`.
    pub async fn basic_get(
        &self,
        queue: &str,
        options: BasicGetOptions,
    ) -> lapin::Result<Option<BasicGetMessage>> {
        let call = message_span(
            || Cow::Owned(crate::messaging::joined("receive", queue)),
            "consumer",
            || {
                let mut attributes = vec![
                    KeyValue::new(names::MESSAGING_SYSTEM, SYSTEM),
                    KeyValue::new(names::MESSAGING_OPERATION_TYPE, "receive"),
                    KeyValue::new(names::MESSAGING_OPERATION_NAME, "get"),
                    KeyValue::new(names::MESSAGING_DESTINATION_NAME, queue.to_owned()),
                ];
                self.server_attributes(&mut attributes);
                attributes
            },
        );
        let call = metered(call, Metric::Receive, SYSTEM, "get", Some(queue));
        let get = self.inner.basic_get(ShortString::from(queue), options);
        CallFuture::new(
            call,
            get,
            |call: &CallSpan, result: &lapin::Result<Option<BasicGetMessage>>| match result {
                Ok(Some(message)) => call.record(
                    names::MESSAGING_MESSAGE_BODY_SIZE,
                    i64::try_from(message.delivery.data.len()).unwrap_or(i64::MAX),
                ),
                // No message: none consumed.
                Ok(None) => call.uncount(),
                Err(error) => {
                    call.uncount();
                    call.record_error_with(lapin_error_type(error), || error.to_string());
                }
            },
        )
        .await
    }
}

/// `{exchange}:{routing key}`, `amq.default` for the default exchange.
fn destination(exchange: &str, routing_key: &str) -> String {
    let exchange = if exchange.is_empty() {
        "amq.default"
    } else {
        exchange
    };
    if routing_key.is_empty() {
        exchange.to_owned()
    } else {
        format!("{exchange}:{routing_key}")
    }
}

/// `error.type` of a lapin error, from its kind (never its text): the
/// broker's AMQP reply code by name (`not_found`, `access_refused`,
/// `precondition_failed`, ...), `closed` for a channel or connection that is
/// not open, `io`, `timeout` for a missed heartbeat, `lapin::Error` for the
/// rest.
fn lapin_error_type(error: &lapin::Error) -> &'static str {
    use lapin::ErrorKind;
    match error.kind() {
        ErrorKind::ProtocolError(amqp) => reply_code_name(amqp.get_id()),
        ErrorKind::InvalidChannel(_)
        | ErrorKind::InvalidChannelState(..)
        | ErrorKind::InvalidConnectionState(_) => "closed",
        ErrorKind::IOError(_) | ErrorKind::RuntimeShutdownError(_) => "io",
        ErrorKind::MissingHeartbeatError => "timeout",
        _ => "lapin::Error",
    }
}

/// AMQP 0-9-1's reply codes (its `constants`), by name.
fn reply_code_name(code: u16) -> &'static str {
    match code {
        311 => "content_too_large",
        312 => "no_route",
        313 => "no_consumers",
        320 => "connection_forced",
        402 => "invalid_path",
        403 => "access_refused",
        404 => "not_found",
        405 => "resource_locked",
        406 => "precondition_failed",
        501 => "frame_error",
        502 => "syntax_error",
        503 => "command_invalid",
        504 => "channel_error",
        505 => "unexpected_frame",
        506 => "resource_error",
        530 => "not_allowed",
        540 => "not_implemented",
        541 => "internal_error",
        _ => "lapin::Error",
    }
}

/// The broker's answer to a publish; the publish span ends when it is
/// awaited (or dropped).
#[must_use = "the publish span ends when the confirmation is awaited or dropped"]
pub struct TracedConfirm {
    call: Option<CallSpan>,
    confirm: Pin<Box<PublisherConfirm>>,
}

impl Future for TracedConfirm {
    type Output = lapin::Result<Confirmation>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let poll = match &this.call {
            Some(call) => call.in_scope(|| this.confirm.as_mut().poll(cx)),
            None => this.confirm.as_mut().poll(cx),
        };
        if let Poll::Ready(result) = &poll {
            if let Some(call) = this.call.take() {
                match result {
                    Ok(Confirmation::Nack(_)) => {
                        call.record_error("nack", "the broker did not accept the message");
                    }
                    Ok(Confirmation::Ack(Some(_))) => {
                        call.record_error(
                            "unroutable",
                            "the broker returned the message: no queue is bound to its routing key",
                        );
                    }
                    Ok(_) => {}
                    Err(error) => {
                        call.record_error_with(lapin_error_type(error), || error.to_string())
                    }
                }
            }
        }
        poll
    }
}

/// A consumer whose messages arrive as [`Delivery`]s, each with its
/// CONSUMER span.
#[must_use = "streams do nothing unless polled"]
pub struct TracedConsumer {
    inner: Consumer,
    server: Option<(SharedStr, u16)>,
    relation: Relation,
}

impl TracedConsumer {
    fn deliver(&self, delivery: LapinDelivery) -> Delivery<LapinDelivery> {
        let destination = destination(delivery.exchange.as_str(), delivery.routing_key.as_str());
        let mut consume = Consume::new(SYSTEM, destination)
            .body_size(delivery.data.len())
            .relation(self.relation)
            .attribute(KeyValue::new(
                MESSAGING_RABBITMQ_MESSAGE_DELIVERY_TAG,
                i64::try_from(delivery.delivery_tag).unwrap_or(i64::MAX),
            ));
        if !delivery.routing_key.as_str().is_empty() {
            consume = consume.attribute(KeyValue::new(
                MESSAGING_RABBITMQ_DESTINATION_ROUTING_KEY,
                delivery.routing_key.as_str().to_owned(),
            ));
        }
        if let Some(id) = delivery.properties.message_id() {
            consume = consume.message_id(id.as_str());
        }
        if let Some((address, port)) = &self.server {
            consume = consume.server_text(Text::Shared(address.clone()), Some(*port));
        }
        let call = consumer_span(&delivery, &consume);
        Delivery::with_span(delivery, call)
    }
}

impl Stream for TracedConsumer {
    type Item = lapin::Result<Delivery<LapinDelivery>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match Pin::new(&mut self.inner).poll_next(cx) {
            Poll::Ready(Some(Ok(delivery))) => Poll::Ready(Some(Ok(self.deliver(delivery)))),
            Poll::Ready(Some(Err(error))) => Poll::Ready(Some(Err(error))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// Settling a RabbitMQ delivery ends its span: `ack` as a success, `nack`
/// and `reject` as failures (`error.type` `nack`, `reject`).
impl Delivery<LapinDelivery> {
    /// Acknowledges the message.
    pub async fn ack(self, options: BasicAckOptions) -> lapin::Result<bool> {
        let acked = self.instrument(self.acker.ack(options)).await;
        if let (Err(error), Some(call)) = (&acked, self.span()) {
            call.record_error_with(lapin_error_type(error), || error.to_string());
        }
        self.settle();
        acked
    }

    /// Negatively acknowledges the message (requeued or dead-lettered as
    /// `options` say).
    pub async fn nack(self, options: BasicNackOptions) -> lapin::Result<bool> {
        let nacked = self.instrument(self.acker.nack(options)).await;
        self.fail("nack", "the consumer did not handle the message");
        nacked
    }

    /// Rejects the message.
    pub async fn reject(self, options: BasicRejectOptions) -> lapin::Result<bool> {
        let rejected = self.instrument(self.acker.reject(options)).await;
        self.fail("reject", "the consumer rejected the message");
        rejected
    }
}

/// A message's header table carries the context.
impl Extract for LapinDelivery {
    fn extract_context(&self) -> opentelemetry::Context {
        match self.properties.headers() {
            Some(headers) => headers.extract_context(),
            None => opentelemetry::Context::new(),
        }
    }
}

impl Extract for FieldTable {
    fn extract_context(&self) -> opentelemetry::Context {
        crate::propagation::extract_with(&TableExtractor(self))
    }
}

impl Inject for FieldTable {
    fn inject_context(&mut self, cx: &opentelemetry::Context) {
        crate::propagation::inject_with(cx, &mut TableInjector(self));
    }
}

struct TableExtractor<'a>(&'a FieldTable);

impl opentelemetry::propagation::Extractor for TableExtractor<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        match self.0.inner().get(&ShortString::from(key))? {
            AMQPValue::LongString(value) => std::str::from_utf8(value.as_bytes()).ok(),
            AMQPValue::ShortString(value) => Some(value.as_str()),
            _ => None,
        }
    }

    fn keys(&self) -> Vec<&str> {
        self.0.inner().keys().map(ShortString::as_str).collect()
    }
}

struct TableInjector<'a>(&'a mut FieldTable);

impl opentelemetry::propagation::Injector for TableInjector<'_> {
    fn set(&mut self, key: &str, value: String) {
        self.0
            .insert(ShortString::from(key), AMQPValue::LongString(value.into()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_destination_names_the_exchange_and_routing_key() {
        assert_eq!(destination("", "orders"), "amq.default:orders");
        assert_eq!(
            destination("events", "order.created"),
            "events:order.created"
        );
        assert_eq!(destination("fanout", ""), "fanout");
        assert_eq!(destination("", ""), "amq.default");
    }
}

//! JetStream: a publish's span ends on the stream's acknowledgement, and a
//! consumed message's on `ack`, `nak` or `term`.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::task::{Context, Poll};

use async_nats::jetstream::context::PublishError;
use async_nats::jetstream::publish::PublishAck;
use async_nats::jetstream::{self, AckKind};
use async_nats::{HeaderMap, ToSubject};
use bytes::Bytes;
use futures_core::Stream;

use super::{is_temporary, record_result, TracedClient, SYSTEM};
use crate::call::CallSpan;
use crate::messaging::{consumer_span, Consume, Delivery, Instrumented, Relation};
use crate::outcome::ErrorType;
use crate::propagation::Extract;
use crate::text::{SharedStr, Text};

/// A JetStream context whose publishes and consumed messages are traced.
#[derive(Clone, Debug)]
pub struct TracedJetStream {
    inner: jetstream::Context,
    client: TracedClient,
}

impl TracedClient {
    /// The JetStream context of this client, traced like it.
    pub fn jetstream(&self) -> TracedJetStream {
        TracedJetStream {
            inner: jetstream::new(self.inner.clone()),
            client: self.clone(),
        }
    }
}

impl TracedJetStream {
    /// The context, for what needs no span (streams, consumers).
    pub fn inner(&self) -> &jetstream::Context {
        &self.inner
    }

    /// Publishes to a stream: a PRODUCER span `send {subject}`, context in
    /// the headers, ended when the returned acknowledgement is awaited (a
    /// missing stream or a timeout fail it) or dropped.
    pub async fn publish<S: ToSubject>(
        &self,
        subject: S,
        payload: Bytes,
    ) -> Result<TracedPublishAck, PublishError> {
        self.publish_with_headers(subject, HeaderMap::new(), payload)
            .await
    }

    /// [`publish`](Self::publish) with the caller's headers.
    pub async fn publish_with_headers<S: ToSubject>(
        &self,
        subject: S,
        mut headers: HeaderMap,
        payload: Bytes,
    ) -> Result<TracedPublishAck, PublishError> {
        let subject = subject.to_subject();
        let call = self
            .client
            .send_span("send", "send", &subject, &mut headers, payload.len());
        let publish = self.inner.publish_with_headers(subject, headers, payload);
        let sent = Instrumented::new(call.as_ref(), publish).await;
        match sent {
            Ok(ack) => Ok(TracedPublishAck {
                call,
                ack: Box::pin(ack.into_future()),
            }),
            Err(error) => {
                if let Some(call) = &call {
                    call.record_error_with(error.error_type().as_str(), || error.to_string());
                }
                Err(error)
            }
        }
    }

    /// A consumer's messages (`consumer.messages().await?`) as
    /// [`Delivery`]s, each with its CONSUMER span `process {subject}`,
    /// linked to its producer, ended by `ack`, `nak`, `term` or a drop.
    pub fn deliveries<S, E>(&self, messages: S) -> TracedMessages<S>
    where
        S: Stream<Item = Result<jetstream::Message, E>> + Unpin,
    {
        TracedMessages {
            inner: messages,
            address: self.client.address.clone(),
            port: self.client.port,
            relation: self.client.relation,
        }
    }
}

/// The stream's acknowledgement of a publish; the publish span ends when it
/// is awaited (or dropped).
#[must_use = "the publish span ends when the acknowledgement is awaited or dropped"]
pub struct TracedPublishAck {
    call: Option<CallSpan>,
    ack: Pin<Box<dyn Future<Output = Result<PublishAck, PublishError>> + Send>>,
}

impl Future for TracedPublishAck {
    type Output = Result<PublishAck, PublishError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let poll = match &this.call {
            Some(call) => call.in_scope(|| this.ack.as_mut().poll(cx)),
            None => this.ack.as_mut().poll(cx),
        };
        if let Poll::Ready(result) = &poll {
            if let Some(call) = this.call.take() {
                record_result(&call, result);
            }
        }
        poll
    }
}

/// JetStream messages as [`Delivery`]s.
#[must_use = "streams do nothing unless polled"]
pub struct TracedMessages<S> {
    inner: S,
    address: SharedStr,
    port: u16,
    relation: Relation,
}

impl<S, E> Stream for TracedMessages<S>
where
    S: Stream<Item = Result<jetstream::Message, E>> + Unpin,
{
    type Item = Result<Delivery<jetstream::Message>, E>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let message = match Pin::new(&mut self.inner).poll_next(cx) {
            Poll::Ready(Some(Ok(message))) => message,
            Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Pending => return Poll::Pending,
        };
        let consume = Consume::new(SYSTEM, message.subject.as_str())
            .temporary(is_temporary(&message.subject))
            .body_size(message.payload.len())
            .server_text(Text::Shared(self.address.clone()), Some(self.port))
            .relation(self.relation);
        let call = consumer_span(&message, &consume);
        Poll::Ready(Some(Ok(Delivery::with_span(message, call))))
    }
}

impl Extract for jetstream::Message {
    fn extract_context(&self) -> opentelemetry::Context {
        self.message.extract_context()
    }
}

/// Settling a JetStream message ends its span: `ack` as a success, `nak`
/// and `term` as failures (`error.type` `nak`, `term`).
impl Delivery<jetstream::Message> {
    /// Acknowledges the message.
    pub async fn ack(self) -> Result<(), async_nats::Error> {
        self.settle_with(AckKind::Ack, None).await
    }

    /// Asks for the message again later.
    pub async fn nak(self) -> Result<(), async_nats::Error> {
        self.settle_with(
            AckKind::Nak(None),
            Some(("nak", "the consumer will handle the message later")),
        )
        .await
    }

    /// Stops redelivery without handling the message.
    pub async fn term(self) -> Result<(), async_nats::Error> {
        self.settle_with(
            AckKind::Term,
            Some(("term", "the consumer gave the message up")),
        )
        .await
    }

    async fn settle_with(
        self,
        kind: AckKind,
        failure: Option<(&str, &str)>,
    ) -> Result<(), async_nats::Error> {
        let acked = self.instrument(self.ack_with(kind)).await;
        match (&acked, failure) {
            (Err(error), _) => {
                let description = error.to_string();
                self.fail("ack", &description);
            }
            (Ok(()), Some((error_type, description))) => {
                self.fail(error_type, description);
            }
            (Ok(()), None) => {
                self.settle();
            }
        }
        acked
    }
}

/// `stream_not_found`, `timed_out`, ...: the kind of a JetStream publish
/// error.
impl ErrorType for PublishError {
    fn error_type(&self) -> Text<'_> {
        Text::Owned(super::snake_case(&format!("{:?}", self.kind())))
    }
}

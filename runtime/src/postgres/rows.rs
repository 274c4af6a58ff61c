//! `query_raw`'s rows (and `query_typed_raw`'s, `simple_query_raw`'s
//! messages, `copy_out`'s data) as a stream whose call span stays open until
//! the last item or a drop: the query is sent on the first poll, the rows are
//! counted, and the first error marks the span (once).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use tokio_postgres::{Error, Row, RowStream, SimpleQueryMessage};

use super::error::database_error;
use crate::call::CallSpan;

/// `db.response.returned_rows`, which opentelemetry-semantic-conventions
/// 0.33 has only behind its experimental feature (checked against it by a
/// test).
pub(super) const DB_RESPONSE_RETURNED_ROWS: &str = "db.response.returned_rows";

type Sending<'a, S> = Pin<Box<dyn Future<Output = Result<S, Error>> + Send + 'a>>;

/// The rows of a query (`S` is tokio-postgres's stream of them), fetched as
/// they are read.
#[must_use = "streams do nothing unless polled"]
pub struct Rows<'a, S = RowStream> {
    state: State<'a, S>,
    rows: i64,
}

enum State<'a, S> {
    Sending(Sending<'a, S>),
    Reading(Pin<Box<S>>),
    Done,
}

/// What a stream of tokio-postgres yields, and whether it is a row that
/// `db.response.returned_rows` counts.
pub trait Item: private::Sealed {
    #[doc(hidden)]
    const COUNTED: bool;
    #[doc(hidden)]
    fn is_row(&self) -> bool;
}

mod private {
    pub trait Sealed {}
    impl Sealed for tokio_postgres::Row {}
    impl Sealed for tokio_postgres::SimpleQueryMessage {}
    impl Sealed for bytes::Bytes {}
}

impl Item for Row {
    const COUNTED: bool = true;
    fn is_row(&self) -> bool {
        true
    }
}

/// The rows of `simple_query_raw`, among its other messages.
impl Item for SimpleQueryMessage {
    const COUNTED: bool = true;
    fn is_row(&self) -> bool {
        matches!(self, SimpleQueryMessage::Row(_))
    }
}

/// `copy_out`'s data: no rows to count (a chunk is not a row).
impl Item for bytes::Bytes {
    const COUNTED: bool = false;
    fn is_row(&self) -> bool {
        false
    }
}

impl<'a, S> Rows<'a, S> {
    pub(super) fn new(sending: impl Future<Output = Result<S, Error>> + Send + 'a) -> Self {
        Rows {
            state: State::Sending(Box::pin(sending)),
            rows: 0,
        }
    }

    /// `db.response.status_code`, on the call's span, which is current while
    /// the stream is polled (the traced method returns this stream inside
    /// its span, whose stream marks the call failed on this first `Err`,
    /// span and measurement).
    fn failed(&mut self, error: &Error) {
        if let Some(call) = CallSpan::current() {
            database_error(&call, error);
        }
        self.state = State::Done;
    }
}

impl<S, T> Stream for Rows<'_, S>
where
    S: Stream<Item = Result<T, Error>>,
    T: Item,
{
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            match &mut this.state {
                State::Sending(sending) => match sending.as_mut().poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(Ok(rows)) => this.state = State::Reading(Box::pin(rows)),
                    Poll::Ready(Err(error)) => {
                        this.failed(&error);
                        return Poll::Ready(Some(Err(error)));
                    }
                },
                State::Reading(rows) => {
                    return match rows.as_mut().poll_next(cx) {
                        Poll::Pending => Poll::Pending,
                        Poll::Ready(Some(Ok(item))) => {
                            this.rows += i64::from(item.is_row());
                            Poll::Ready(Some(Ok(item)))
                        }
                        Poll::Ready(Some(Err(error))) => {
                            this.failed(&error);
                            Poll::Ready(Some(Err(error)))
                        }
                        Poll::Ready(None) => {
                            match CallSpan::current() {
                                Some(call) if T::COUNTED => {
                                    call.record(DB_RESPONSE_RETURNED_ROWS, this.rows);
                                }
                                _ => {}
                            }
                            this.state = State::Done;
                            Poll::Ready(None)
                        }
                    };
                }
                State::Done => return Poll::Ready(None),
            }
        }
    }
}

#[allow(clippy::ptr_arg)] // `record_ok` receives `&T` of the call's `Ok(T)`.
pub(super) fn rows_returned(span: &CallSpan, rows: &Vec<Row>) {
    span.record(DB_RESPONSE_RETURNED_ROWS, rows.len() as i64);
}

#[allow(clippy::ptr_arg)]
pub(super) fn values_returned<R>(span: &CallSpan, values: &Vec<R>) {
    span.record(DB_RESPONSE_RETURNED_ROWS, values.len() as i64);
}

pub(super) fn one_value<R>(span: &CallSpan, _: &R) {
    span.record(DB_RESPONSE_RETURNED_ROWS, 1_i64);
}

pub(super) fn optional_row<R>(span: &CallSpan, row: &Option<R>) {
    span.record(DB_RESPONSE_RETURNED_ROWS, i64::from(row.is_some()));
}

#[allow(clippy::ptr_arg)]
pub(super) fn simple_rows(span: &CallSpan, messages: &Vec<SimpleQueryMessage>) {
    let rows = messages
        .iter()
        .filter(|message| matches!(message, SimpleQueryMessage::Row(_)))
        .count();
    span.record(DB_RESPONSE_RETURNED_ROWS, rows as i64);
}

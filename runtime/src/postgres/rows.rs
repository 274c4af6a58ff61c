//! `query_raw`'s rows as a stream whose call span stays open until the last
//! row or a drop: the query is sent on the first poll, the rows are counted,
//! and the first error marks the span (once).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use tokio_postgres::{Error, Row, RowStream};

use super::error::database_error;
use crate::call::CallSpan;
use crate::outcome::ErrorType;

/// `db.response.returned_rows`, which opentelemetry-semantic-conventions
/// 0.33 has only behind its experimental feature (checked against it by a
/// test).
pub(super) const DB_RESPONSE_RETURNED_ROWS: &str = "db.response.returned_rows";

type Sending<'a> = Pin<Box<dyn Future<Output = Result<RowStream, Error>> + Send + 'a>>;

/// The rows of a query, fetched as they are read.
#[must_use = "streams do nothing unless polled"]
pub struct Rows<'a> {
    state: State<'a>,
    rows: i64,
}

enum State<'a> {
    Sending(Sending<'a>),
    Reading(Pin<Box<RowStream>>),
    Done,
}

impl<'a> Rows<'a> {
    pub(super) fn new(sending: impl Future<Output = Result<RowStream, Error>> + Send + 'a) -> Self {
        Rows {
            state: State::Sending(Box::pin(sending)),
            rows: 0,
        }
    }

    /// Recorded on the call's span, which is current while the stream is
    /// polled (the traced method returns this stream inside its span).
    fn failed(&mut self, error: &Error) {
        if let Some(call) = CallSpan::current() {
            database_error(&call, error);
            call.record_error(error.error_type().as_str(), &error.to_string());
        }
        self.state = State::Done;
    }
}

impl Stream for Rows<'_> {
    type Item = Result<Row, Error>;

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
                        Poll::Ready(Some(Ok(row))) => {
                            this.rows += 1;
                            Poll::Ready(Some(Ok(row)))
                        }
                        Poll::Ready(Some(Err(error))) => {
                            this.failed(&error);
                            Poll::Ready(Some(Err(error)))
                        }
                        Poll::Ready(None) => {
                            if let Some(call) = CallSpan::current() {
                                call.record(DB_RESPONSE_RETURNED_ROWS, this.rows);
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

//! `error.type` for tokio-postgres's errors.

use std::error::Error as _;

use opentelemetry_semantic_conventions::attribute as semconv;
use tokio_postgres::Error;

use crate::call::CallSpan;
use crate::outcome::ErrorType;
use crate::text::Text;

/// The SQLSTATE of an error the server reported (`23505`); `closed`,
/// `timeout` and `io` for the connection's; the type's name otherwise.
impl ErrorType for Error {
    fn error_type(&self) -> Text<'_> {
        if let Some(code) = self.code() {
            return Text::Borrowed(code.code());
        }
        if self.is_closed() {
            return Text::Borrowed("closed");
        }
        let io = self
            .source()
            .and_then(|source| source.downcast_ref::<std::io::Error>());
        match io {
            Some(io) if io.kind() == std::io::ErrorKind::TimedOut => Text::Borrowed("timeout"),
            Some(_) => Text::Borrowed("io"),
            None if self.to_string().contains("timeout") => Text::Borrowed("timeout"),
            None => Text::Borrowed("tokio_postgres::Error"),
        }
    }
}

/// `db.response.status_code`: the SQLSTATE of an error the server reported
/// (`record_err` of every query, and a failing row stream).
pub(super) fn database_error(span: &CallSpan, error: &Error) {
    if let Some(code) = error.code() {
        span.record(semconv::DB_RESPONSE_STATUS_CODE, code.code());
    }
}

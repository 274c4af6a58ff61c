//! What a query's text is: a string, a statement prepared through the
//! traced client (which keeps its text), or a plain `Statement` (whose text
//! tokio-postgres does not keep).

use std::ops::Deref;
use std::sync::Arc;

use tokio_postgres::{Statement, ToStatement};

use crate::sql::summary::summarize;
use crate::text::SharedStr;

/// Seals [`Query`] and [`Session`](super::Session).
pub trait Sealed {}

/// A statement the traced client runs: `&str`, `&String`, a
/// [`TracedStatement`] (from [`prepare`](super::Traced::prepare), which
/// keeps its text) or a `tokio_postgres::Statement` (prepared elsewhere: its
/// spans are named `EXECUTE`, without text). Sealed.
pub trait Query: Sealed + Sync {
    /// What tokio-postgres runs.
    #[doc(hidden)]
    type Statement: ?Sized + ToStatement + Sync + std::fmt::Debug;
    #[doc(hidden)]
    fn statement(&self) -> &Self::Statement;
    /// The text as written, when known.
    #[doc(hidden)]
    fn text(&self) -> Option<&str>;
    /// `db.query.text` computed once, for a prepared statement.
    #[doc(hidden)]
    fn sanitized(&self) -> Option<&str> {
        None
    }
    /// `db.query.summary`, and the span's name.
    #[doc(hidden)]
    fn summary(&self) -> SharedStr;
}

impl Sealed for str {}

impl Query for str {
    type Statement = str;

    fn statement(&self) -> &str {
        self
    }

    fn text(&self) -> Option<&str> {
        Some(self)
    }

    fn summary(&self) -> SharedStr {
        summary_of(self)
    }
}

impl Sealed for String {}

impl Query for String {
    type Statement = str;

    fn statement(&self) -> &str {
        self
    }

    fn text(&self) -> Option<&str> {
        Some(self)
    }

    fn summary(&self) -> SharedStr {
        summary_of(self)
    }
}

impl Sealed for Statement {}

impl Query for Statement {
    type Statement = Statement;

    fn statement(&self) -> &Statement {
        self
    }

    fn text(&self) -> Option<&str> {
        None
    }

    fn summary(&self) -> SharedStr {
        SharedStr::from_static("EXECUTE")
    }
}

/// The summary, or `EXECUTE` for text that names no operation.
fn summary_of(text: &str) -> SharedStr {
    let summary = summarize(text);
    if summary.is_empty() {
        SharedStr::from_static("EXECUTE")
    } else {
        SharedStr::from(summary)
    }
}

/// A statement prepared by the traced client: a `tokio_postgres::Statement`
/// (it derefs to one) that keeps its text, sanitised, and its summary, so
/// that every execution records them without parsing the text again.
#[derive(Clone, Debug)]
pub struct TracedStatement {
    statement: Statement,
    text: Arc<str>,
    sanitized: SharedStr,
    summary: SharedStr,
}

impl TracedStatement {
    pub(super) fn new(statement: Statement, text: &str, sanitized: SharedStr) -> Self {
        TracedStatement {
            statement,
            text: Arc::from(text),
            sanitized,
            summary: summary_of(text),
        }
    }

    /// The statement's text as written.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The `tokio_postgres::Statement`.
    #[must_use]
    pub fn statement(&self) -> &Statement {
        &self.statement
    }
}

impl Deref for TracedStatement {
    type Target = Statement;

    fn deref(&self) -> &Statement {
        &self.statement
    }
}

impl Sealed for TracedStatement {}

impl Query for TracedStatement {
    type Statement = Statement;

    fn statement(&self) -> &Statement {
        &self.statement
    }

    fn text(&self) -> Option<&str> {
        Some(&self.text)
    }

    fn sanitized(&self) -> Option<&str> {
        Some(self.sanitized.as_str())
    }

    fn summary(&self) -> SharedStr {
        self.summary.clone()
    }
}

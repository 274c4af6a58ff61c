//! A traced PostgreSQL client (feature `postgres`): `tokio_postgres::Client`
//! (and, through it, a deadpool-postgres connection) written with
//! `#[instrument_proxy]` itself.
//!
//! Every query is a CLIENT span with the database conventions: named by the
//! query's summary (`SELECT users`, see [`crate::sql::summarize`]),
//! `db.system.name = postgresql`, `db.namespace` (the database),
//! `server.address` and `server.port` (a Unix socket as its path),
//! `db.query.text` (sanitised: every literal `?`, see
//! [`crate::sql::sanitize`]; parameterised text, with `$1` and no literal, is
//! recorded as written), `db.query.summary`, `db.response.returned_rows`,
//! `db.operation.batch.size` for a batch of statements; on a database error
//! `db.response.status_code` and `error.type` are the SQLSTATE (`23505`), on
//! others `error.type` is `closed`, `timeout` or `io` (see
//! [`TracedClient`]). Parameter values are recorded only when asked for
//! (`Traced::with_parameter_values`, with the `opentelemetry` feature).
//!
//! ```no_run
//! # async fn run() -> Result<(), tokio_postgres::Error> {
//! let (client, connection) =
//!     instrument_proxy::postgres::connect("host=localhost user=app dbname=shop", tokio_postgres::NoTls).await?;
//! tokio::spawn(connection);
//!
//! let user = client.prepare("SELECT name FROM users WHERE id = $1").await?; // span `PREPARE SELECT users`
//! let row = client.query_one(&user, &[&7_i32]).await?; // span `SELECT users`
//! let name: &str = row.get(0);
//! # Ok(()) }
//! ```

mod builder;
mod client;
#[cfg(feature = "deadpool")]
mod deadpool;
mod error;
mod portal;
mod rows;
mod session;
mod statement;
mod traced;
mod transaction;

use futures_core::Stream;

use tokio_postgres::tls::MakeTlsConnect;
use tokio_postgres::types::{BorrowToSql, FromSqlOwned, ToSql, Type};
use tokio_postgres::{Config, Connection, CopyInSink, Error, Row, SimpleQueryMessage, Socket};

pub use builder::TracedTransactionBuilder;
#[cfg(feature = "deadpool")]
pub use deadpool::{Cached, TracedObject, TracedPool, TracedPoolTransaction};
use error::database_error;
pub use portal::TracedPortal;
use rows::{one_value, optional_row, rows_returned, simple_rows, values_returned};
pub use rows::{Item, Rows};
pub use session::{Ends, Session};
pub use statement::{Query, TracedStatement};
pub use traced::{Traced, TracedClient, TracedTransaction};

use crate::instrument_proxy;
use crate::sql::statements;
use crate::sql::summary::summarize;

/// Opens a connection as `tokio_postgres::connect` does and returns it with
/// a [`TracedClient`] that knows its database and server. Spawn the
/// connection, as with `tokio_postgres`.
pub async fn connect<T>(
    config: &str,
    tls: T,
) -> Result<(TracedClient, Connection<Socket, T::Stream>), Error>
where
    T: MakeTlsConnect<Socket>,
{
    let parsed: Config = config.parse()?;
    let (client, connection) = parsed.connect(tls).await?;
    Ok((TracedClient::new(client, &parsed), connection))
}

/// `SELECT users`, or `BATCH`, `BATCH INSERT orders` for several statements
/// (the conventions' name for a batch).
fn text_summary(text: &str) -> String {
    let mut each = statements(text).map(summarize);
    let Some(first) = each.next() else {
        return String::new();
    };
    let mut count = 1;
    let mut same = true;
    for summary in each {
        count += 1;
        same &= summary == first;
    }
    match (count, same) {
        (1, _) => first,
        (_, true) if !first.is_empty() => format!("BATCH {first}"),
        _ => "BATCH".to_owned(),
    }
}

/// `db.operation.batch.size`: the statement count, when more than one.
fn batch_size(text: &str) -> Option<u64> {
    let count = statements(text).count();
    (count > 1).then_some(count as u64)
}

#[instrument_proxy(crate = crate, fields(
    db.system.name = "postgresql",
    db.response.status_code = crate::backend::Empty,
    db.response.returned_rows = crate::backend::Empty,
))]
impl<C: Session> Traced<C> {
    /// Prepares a statement: a span `PREPARE {summary}`. The statement keeps
    /// its text, so that each execution records it.
    #[instrument_proxy(
        name = format!("PREPARE {}", summarize(query)),
        record_err = database_error,
        fields(db.query.text = self.text(query), db.query.summary = summarize(query)),
    )]
    pub async fn prepare(&self, query: &str) -> Result<TracedStatement, Error> {
        let statement = self.inner.client().prepare(query).await?;
        Ok(self.prepared(statement, query))
    }

    /// [`prepare`](Self::prepare) with the parameters' types.
    #[instrument_proxy(
        name = format!("PREPARE {}", summarize(query)),
        record_err = database_error,
        fields(db.query.text = self.text(query), db.query.summary = summarize(query)),
    )]
    pub async fn prepare_typed(
        &self,
        query: &str,
        parameter_types: &[Type],
    ) -> Result<TracedStatement, Error> {
        let statement = self
            .inner
            .client()
            .prepare_typed(query, parameter_types)
            .await?;
        Ok(self.prepared(statement, query))
    }

    /// The rows of a query.
    #[instrument_proxy(
        name = statement.summary(),
        record_ok = rows_returned,
        record_err = database_error,
        fields(db.query.text = self.text(statement), db.query.summary = statement.summary()),
    )]
    pub async fn query<T>(
        &self,
        statement: &T,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>, Error>
    where
        T: ?Sized + Query,
    {
        self.parameters(params.iter().copied());
        self.inner
            .client()
            .query(statement.statement(), params)
            .await
    }

    /// The one row of a query; an error when there is none or more.
    #[instrument_proxy(
        name = statement.summary(),
        record_ok = one_value,
        record_err = database_error,
        fields(db.query.text = self.text(statement), db.query.summary = statement.summary()),
    )]
    pub async fn query_one<T>(
        &self,
        statement: &T,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Row, Error>
    where
        T: ?Sized + Query,
    {
        self.parameters(params.iter().copied());
        self.inner
            .client()
            .query_one(statement.statement(), params)
            .await
    }

    /// At most one row of a query.
    #[instrument_proxy(
        name = statement.summary(),
        record_ok = optional_row,
        record_err = database_error,
        fields(db.query.text = self.text(statement), db.query.summary = statement.summary()),
    )]
    pub async fn query_opt<T>(
        &self,
        statement: &T,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>, Error>
    where
        T: ?Sized + Query,
    {
        self.parameters(params.iter().copied());
        self.inner
            .client()
            .query_opt(statement.statement(), params)
            .await
    }

    /// Runs a statement; the number of rows it changed.
    #[instrument_proxy(
        name = statement.summary(),
        record_err = database_error,
        fields(db.query.text = self.text(statement), db.query.summary = statement.summary()),
    )]
    pub async fn execute<T>(
        &self,
        statement: &T,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<u64, Error>
    where
        T: ?Sized + Query,
    {
        self.parameters(params.iter().copied());
        self.inner
            .client()
            .execute(statement.statement(), params)
            .await
    }

    /// The first column of each row, converted ([`query`](Self::query)'s
    /// span; an error when a row has more columns).
    #[instrument_proxy(
        name = statement.summary(),
        record_ok = values_returned,
        record_err = database_error,
        fields(db.query.text = self.text(statement), db.query.summary = statement.summary()),
    )]
    pub async fn query_scalar<R: FromSqlOwned, T>(
        &self,
        statement: &T,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<R>, Error>
    where
        T: ?Sized + Query,
    {
        self.parameters(params.iter().copied());
        self.inner
            .client()
            .query_scalar(statement.statement(), params)
            .await
    }

    /// The first column of the one row of a query, converted.
    #[instrument_proxy(
        name = statement.summary(),
        record_ok = one_value,
        record_err = database_error,
        fields(db.query.text = self.text(statement), db.query.summary = statement.summary()),
    )]
    pub async fn query_one_scalar<R: FromSqlOwned, T>(
        &self,
        statement: &T,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<R, Error>
    where
        T: ?Sized + Query,
    {
        self.parameters(params.iter().copied());
        self.inner
            .client()
            .query_one_scalar(statement.statement(), params)
            .await
    }

    /// The first column of at most one row of a query, converted.
    #[instrument_proxy(
        name = statement.summary(),
        record_ok = optional_row,
        record_err = database_error,
        fields(db.query.text = self.text(statement), db.query.summary = statement.summary()),
    )]
    pub async fn query_opt_scalar<R: FromSqlOwned, T>(
        &self,
        statement: &T,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<R>, Error>
    where
        T: ?Sized + Query,
    {
        self.parameters(params.iter().copied());
        self.inner
            .client()
            .query_opt_scalar(statement.statement(), params)
            .await
    }

    /// The rows of a query whose parameters' types are given: one round
    /// trip, no prepared statement.
    #[instrument_proxy(
        name = query.summary(),
        record_ok = rows_returned,
        record_err = database_error,
        fields(db.query.text = self.text(query), db.query.summary = query.summary()),
    )]
    pub async fn query_typed(
        &self,
        query: &str,
        params: &[(&(dyn ToSql + Sync), Type)],
    ) -> Result<Vec<Row>, Error> {
        self.parameters(params.iter().map(|(value, _)| *value));
        self.inner.client().query_typed(query, params).await
    }

    /// The one row of [`query_typed`](Self::query_typed)'s query.
    #[instrument_proxy(
        name = query.summary(),
        record_ok = one_value,
        record_err = database_error,
        fields(db.query.text = self.text(query), db.query.summary = query.summary()),
    )]
    pub async fn query_typed_one(
        &self,
        query: &str,
        params: &[(&(dyn ToSql + Sync), Type)],
    ) -> Result<Row, Error> {
        self.parameters(params.iter().map(|(value, _)| *value));
        self.inner.client().query_typed_one(query, params).await
    }

    /// At most one row of [`query_typed`](Self::query_typed)'s query.
    #[instrument_proxy(
        name = query.summary(),
        record_ok = optional_row,
        record_err = database_error,
        fields(db.query.text = self.text(query), db.query.summary = query.summary()),
    )]
    pub async fn query_typed_opt(
        &self,
        query: &str,
        params: &[(&(dyn ToSql + Sync), Type)],
    ) -> Result<Option<Row>, Error> {
        self.parameters(params.iter().map(|(value, _)| *value));
        self.inner.client().query_typed_opt(query, params).await
    }

    /// [`query_typed`](Self::query_typed)'s rows as a stream, with
    /// [`query_raw`](Self::query_raw)'s span.
    #[instrument_proxy(
        name = query.summary(),
        fields(db.query.text = self.text(query), db.query.summary = query.summary()),
    )]
    pub fn query_typed_raw<'a, P, I>(
        &'a self,
        query: &'a str,
        params: I,
    ) -> impl Stream<Item = Result<Row, Error>> + Send + 'a
    where
        P: BorrowToSql + Send + 'a,
        I: IntoIterator<Item = (P, Type)> + Send + 'a,
        I::IntoIter: Send,
    {
        Rows::new(self.inner.client().query_typed_raw(query, params))
    }

    /// Runs a statement whose parameters' types are given; the number of
    /// rows it changed.
    #[instrument_proxy(
        name = query.summary(),
        record_err = database_error,
        fields(db.query.text = self.text(query), db.query.summary = query.summary()),
    )]
    pub async fn execute_typed(
        &self,
        query: &str,
        params: &[(&(dyn ToSql + Sync), Type)],
    ) -> Result<u64, Error> {
        self.parameters(params.iter().map(|(value, _)| *value));
        self.inner.client().execute_typed(query, params).await
    }

    /// [`execute`](Self::execute) with the parameters as an iterator.
    #[instrument_proxy(
        name = statement.summary(),
        record_err = database_error,
        fields(db.query.text = self.text(statement), db.query.summary = statement.summary()),
    )]
    pub async fn execute_raw<T, P, I>(&self, statement: &T, params: I) -> Result<u64, Error>
    where
        T: ?Sized + Query,
        P: BorrowToSql,
        I: IntoIterator<Item = P>,
        I::IntoIter: ExactSizeIterator,
    {
        self.inner
            .client()
            .execute_raw(statement.statement(), params)
            .await
    }

    /// Starts a `COPY ... FROM STDIN`: the span covers starting it (the
    /// server accepted the statement); the data written to the sink and its
    /// `finish` are not part of it.
    #[instrument_proxy(
        name = statement.summary(),
        record_err = database_error,
        fields(db.query.text = self.text(statement), db.query.summary = statement.summary()),
    )]
    pub async fn copy_in<T, U>(&self, statement: &T) -> Result<CopyInSink<U>, Error>
    where
        T: ?Sized + Query,
        U: bytes::Buf + 'static + Send,
    {
        self.inner.client().copy_in(statement.statement()).await
    }

    /// A `COPY ... TO STDOUT`'s data as a stream: the span stays open until
    /// the last chunk or a drop, and a failing stream marks it once. Unlike
    /// `tokio_postgres`'s, it returns the stream at once and sends the
    /// statement on its first poll.
    #[instrument_proxy(
        name = statement.summary(),
        fields(db.query.text = self.text(statement), db.query.summary = statement.summary()),
    )]
    pub fn copy_out<'a, T>(
        &'a self,
        statement: &'a T,
    ) -> impl Stream<Item = Result<bytes::Bytes, Error>> + Send + 'a
    where
        T: ?Sized + Query,
    {
        Rows::new(self.inner.client().copy_out(statement.statement()))
    }

    /// The rows of a query as a stream, fetched as they are read; the span
    /// stays open until the last row or until the stream is dropped, and
    /// counts the rows (`db.response.returned_rows`). Unlike
    /// `tokio_postgres`'s, it returns the stream at once and sends the query
    /// on its first poll.
    #[instrument_proxy(
        name = statement.summary(),
        fields(db.query.text = self.text(statement), db.query.summary = statement.summary()),
    )]
    pub fn query_raw<'a, T, P, I>(
        &'a self,
        statement: &'a T,
        params: I,
    ) -> impl Stream<Item = Result<Row, Error>> + Send + 'a
    where
        T: ?Sized + Query,
        P: BorrowToSql + Send + 'a,
        I: IntoIterator<Item = P> + Send + 'a,
        I::IntoIter: ExactSizeIterator + Send,
    {
        Rows::new(self.inner.client().query_raw(statement.statement(), params))
    }

    /// Statements in the simple query protocol: text with literals, so
    /// `db.query.text` is sanitised (unless raw text was asked for).
    #[instrument_proxy(
        name = text_summary(query),
        record_ok = simple_rows,
        record_err = database_error,
        fields(
            db.query.text = self.text(query),
            db.query.summary = text_summary(query),
            db.operation.batch.size = batch_size(query),
        ),
    )]
    pub async fn simple_query(&self, query: &str) -> Result<Vec<SimpleQueryMessage>, Error> {
        self.inner.client().simple_query(query).await
    }

    /// [`simple_query`](Self::simple_query)'s messages as a stream, with
    /// [`query_raw`](Self::query_raw)'s span (the rows among them counted).
    #[instrument_proxy(
        name = text_summary(query),
        fields(
            db.query.text = self.text(query),
            db.query.summary = text_summary(query),
            db.operation.batch.size = batch_size(query),
        ),
    )]
    pub fn simple_query_raw<'a>(
        &'a self,
        query: &'a str,
    ) -> impl Stream<Item = Result<SimpleQueryMessage, Error>> + Send + 'a {
        Rows::new(self.inner.client().simple_query_raw(query))
    }

    /// Statements in the simple query protocol, without their rows.
    #[instrument_proxy(
        name = text_summary(query),
        record_err = database_error,
        fields(
            db.query.text = self.text(query),
            db.query.summary = text_summary(query),
            db.operation.batch.size = batch_size(query),
        ),
    )]
    pub async fn batch_execute(&self, query: &str) -> Result<(), Error> {
        self.inner.client().batch_execute(query).await
    }

    /// Starts a transaction (a `BEGIN` span; `SAVEPOINT` inside a
    /// transaction), traced like this client.
    #[instrument_proxy(
        name = C::BEGIN,
        record_err = database_error,
        fields(db.query.summary = C::BEGIN),
    )]
    pub async fn transaction(&mut self) -> Result<Traced<C::Transaction<'_>>, Error> {
        let server = self.server.clone();
        let transaction = self.inner.begin().await?;
        Ok(Traced {
            inner: transaction,
            server,
            // Begun inside a transaction: a savepoint.
            savepoint: C::BEGIN == "SAVEPOINT",
        })
    }
}

#[instrument_proxy(crate = crate, fields(
    db.system.name = "postgresql",
    db.response.status_code = crate::backend::Empty,
))]
impl<T: Ends> Traced<T> {
    /// Commits: a `COMMIT` span (`RELEASE` for a savepoint, the statement
    /// tokio-postgres sends).
    #[instrument_proxy(
        name = self.ending("COMMIT", "RELEASE"),
        record_err = database_error,
        fields(db.query.summary = self.ending("COMMIT", "RELEASE")),
    )]
    pub async fn commit(self) -> Result<(), Error> {
        self.inner.commit_transaction().await
    }

    /// Rolls back: a `ROLLBACK` span (`ROLLBACK TO` for a savepoint).
    #[instrument_proxy(
        name = self.ending("ROLLBACK", "ROLLBACK TO"),
        record_err = database_error,
        fields(db.query.summary = self.ending("ROLLBACK", "ROLLBACK TO")),
    )]
    pub async fn rollback(self) -> Result<(), Error> {
        self.inner.rollback_transaction().await
    }

    /// A nested transaction under a savepoint of this name: a `SAVEPOINT`
    /// span ([`transaction`](Self::transaction) names it itself).
    #[instrument_proxy(name = "SAVEPOINT", record_err = database_error, fields(db.query.summary = "SAVEPOINT"))]
    pub async fn savepoint<I>(&mut self, name: I) -> Result<Traced<T::Transaction<'_>>, Error>
    where
        I: Into<String>,
    {
        let server = self.server.clone();
        let transaction = self.inner.savepoint_named(name.into()).await?;
        Ok(Traced {
            inner: transaction,
            server,
            savepoint: true,
        })
    }
}

#[cfg(test)]
mod tests;

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
mod transaction;

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use futures_core::Stream;

use tokio_postgres::tls::MakeTlsConnect;
use tokio_postgres::types::{BorrowToSql, FromSqlOwned, ToSql, Type};
use tokio_postgres::{
    Client, Config, Connection, CopyInSink, Error, Row, SimpleQueryMessage, Socket, Transaction,
};

pub use builder::TracedTransactionBuilder;
#[cfg(feature = "deadpool")]
pub use deadpool::{Cached, TracedObject, TracedPool, TracedPoolTransaction};
use error::database_error;
pub use portal::TracedPortal;
use rows::DB_RESPONSE_RETURNED_ROWS;
pub use rows::{Item, Rows};
pub use session::{Ends, Session};
pub use statement::{Query, TracedStatement};

use crate::call::CallSpan;
use crate::instrument_proxy;
use crate::proxy::{ClientAttributes, Proxy};
use crate::sql::summary::summarize;
use crate::sql::{sanitize, statements};
use crate::text::SharedStr;

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

/// A PostgreSQL client whose every query is traced: a `tokio_postgres::Client`
/// ([`TracedClient`]) or `Transaction` ([`TracedTransaction`]).
///
/// The methods are `tokio_postgres`'s, with one difference: a statement is
/// anything that implements [`Query`] — `&str`, `&String`, a
/// `tokio_postgres::Statement`, or the [`TracedStatement`] that
/// [`prepare`](Self::prepare) returns, which keeps its text so that its
/// executions record it.
///
/// `error.type` on failure: the SQLSTATE for an error the server reported
/// (`42P01`, `23505`; also in `db.response.status_code`), `closed` when the
/// connection is closed, `timeout` when connecting timed out, `io` for
/// another I/O error, `tokio_postgres::Error` for the rest (a row that does
/// not convert, a wrong parameter count).
pub struct Traced<C> {
    inner: C,
    server: Arc<Server>,
    /// A transaction nested in another (under a savepoint): it ends with
    /// `RELEASE` or `ROLLBACK TO`.
    savepoint: bool,
}

/// A traced `tokio_postgres::Client`.
pub type TracedClient = Traced<Client>;

/// A traced `tokio_postgres::Transaction`: `COMMIT` and `ROLLBACK` are spans
/// of their own. Dropped without either, tokio-postgres rolls it back
/// without a span.
pub type TracedTransaction<'a> = Traced<Transaction<'a>>;

/// What the spans say about the server, shared by a client and its
/// transactions.
#[derive(Debug, Default, Clone)]
struct Server {
    address: Option<SharedStr>,
    port: Option<u16>,
    namespace: Option<SharedStr>,
    /// Record `db.query.text` as written, literals included.
    raw_text: bool,
    /// Record `db.query.parameter.<index>`.
    #[cfg(feature = "opentelemetry")]
    parameter_values: bool,
}

impl Server {
    fn attributes(&self) -> ClientAttributes<'_> {
        let mut attributes = ClientAttributes::new();
        if let Some(address) = &self.address {
            attributes = attributes.server_address(address.clone());
        }
        if let Some(port) = self.port {
            attributes = attributes.server_port(port);
        }
        if let Some(namespace) = &self.namespace {
            attributes = attributes.db_namespace(namespace.clone());
        }
        attributes
    }

    fn from_config(config: &Config) -> Server {
        let mut server = Server {
            namespace: config
                .get_dbname()
                .map(|name| SharedStr::from(name.to_owned())),
            ..Server::default()
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        match config.get_hosts().first() {
            Some(tokio_postgres::config::Host::Tcp(host)) => {
                server.address = Some(SharedStr::from(host.clone()));
                server.port = Some(port);
            }
            // The conventions name a Unix socket by its path; PostgreSQL's
            // is the directory's `.s.PGSQL.<port>`.
            Some(tokio_postgres::config::Host::Unix(directory)) => {
                let socket = Path::new(directory).join(format!(".s.PGSQL.{port}"));
                server.address = Some(SharedStr::from(socket.display().to_string()));
            }
            None => {}
        }
        server
    }
}

impl TracedClient {
    /// Wraps a client that `config` opened: the database, host and port
    /// its spans carry come from `config`.
    #[must_use]
    pub fn new(client: Client, config: &Config) -> Self {
        Traced {
            inner: client,
            server: Arc::new(Server::from_config(config)),
            savepoint: false,
        }
    }
}

impl<'a> Traced<&'a mut Client> {
    /// Wraps a client borrowed from a pool for as long as it is borrowed: a
    /// deadpool-postgres connection derefs to one (`Traced::borrowed(&mut
    /// connection, &config)`). `config` describes the server, as for
    /// [`TracedClient::new`].
    #[must_use]
    pub fn borrowed(client: &'a mut Client, config: &Config) -> Self {
        Traced {
            inner: client,
            server: Arc::new(Server::from_config(config)),
            savepoint: false,
        }
    }
}

impl<C> Traced<C> {
    /// Records `db.query.text` as written, literals included (off by
    /// default: literals are replaced by `?`). Only for text that holds no
    /// secret.
    #[must_use]
    pub fn with_raw_query_text(mut self, enabled: bool) -> Self {
        Arc::make_mut(&mut self.server).raw_text = enabled;
        self
    }

    /// Records each parameter's value as `db.query.parameter.<index>`
    /// (from 0; off by default): its `Debug` form, a string without its
    /// quotes. For the methods that take the parameters as a slice
    /// (`query`, `execute`, `query_typed`, ...; not the `_raw` ones, whose
    /// iterator tokio-postgres consumes). Parameter values are what users
    /// send: turn this on only where none is a secret. The names are made
    /// at run time, so on the `tracing` route they reach the span through
    /// tracing-opentelemetry's layer, not through a field.
    #[cfg(feature = "opentelemetry")]
    #[must_use]
    pub fn with_parameter_values(mut self, enabled: bool) -> Self {
        Arc::make_mut(&mut self.server).parameter_values = enabled;
        self
    }

    /// `db.query.parameter.<index>` on the current call's span, when asked
    /// for.
    fn parameters<'p>(&self, values: impl IntoIterator<Item = &'p (dyn ToSql + Sync)>) {
        #[cfg(feature = "opentelemetry")]
        if self.server.parameter_values {
            if let Some(call) = CallSpan::current() {
                for (index, value) in values.into_iter().enumerate() {
                    call.record_named(format!("db.query.parameter.{index}"), parameter_text(value));
                }
            }
        }
        #[cfg(not(feature = "opentelemetry"))]
        let _ = values;
    }
}

/// A parameter's `Debug` form; a string's without its quotes.
#[cfg(feature = "opentelemetry")]
fn parameter_text(value: &(dyn ToSql + Sync)) -> String {
    let text = format!("{value:?}");
    match text
        .strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
    {
        Some(inner) => inner.to_owned(),
        None => text,
    }
}

impl<C> Proxy for Traced<C> {
    type Inner = C;

    /// Not available: a client needs its server's description
    /// ([`TracedClient::new`]).
    fn from_inner(inner: C) -> Self {
        Traced {
            inner,
            server: Arc::default(),
            savepoint: false,
        }
    }

    fn inner(&self) -> &C {
        &self.inner
    }

    fn inner_mut(&mut self) -> &mut C {
        &mut self.inner
    }

    fn into_inner(self) -> C {
        self.inner
    }

    fn client_attributes(&self) -> ClientAttributes<'_> {
        self.server.attributes()
    }
}

impl<C> Traced<C> {
    /// The client or transaction, for calls that need no span.
    pub fn inner(&self) -> &C {
        &self.inner
    }

    /// `db.query.text`: sanitised unless raw text was asked for.
    fn text<'q>(&self, query: &'q (impl Query + ?Sized)) -> Option<Cow<'q, str>> {
        if let Some(sanitized) = query.sanitized() {
            return Some(Cow::Borrowed(sanitized));
        }
        let text = query.text()?;
        Some(if self.server.raw_text {
            Cow::Borrowed(text)
        } else {
            sanitize(text)
        })
    }

    /// A prepared statement that keeps `query`, its text as recorded.
    fn prepared(&self, statement: tokio_postgres::Statement, query: &str) -> TracedStatement {
        let text = if self.server.raw_text {
            SharedStr::from(query.to_owned())
        } else {
            SharedStr::from(sanitize(query).into_owned())
        };
        TracedStatement::new(statement, query, text)
    }
}

impl<C> Traced<C> {
    /// How a transaction ends, by whether it is a savepoint.
    fn ending(&self, transaction: &'static str, savepoint: &'static str) -> &'static str {
        if self.savepoint {
            savepoint
        } else {
            transaction
        }
    }
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

#[allow(clippy::ptr_arg)] // `record_ok` receives `&T` of the call's `Ok(T)`.
fn rows_returned(span: &CallSpan, rows: &Vec<Row>) {
    span.record(DB_RESPONSE_RETURNED_ROWS, rows.len() as i64);
}

#[allow(clippy::ptr_arg)]
fn values_returned<R>(span: &CallSpan, values: &Vec<R>) {
    span.record(DB_RESPONSE_RETURNED_ROWS, values.len() as i64);
}

fn one_value<R>(span: &CallSpan, _: &R) {
    span.record(DB_RESPONSE_RETURNED_ROWS, 1_i64);
}

fn optional_row<R>(span: &CallSpan, row: &Option<R>) {
    span.record(DB_RESPONSE_RETURNED_ROWS, i64::from(row.is_some()));
}

#[allow(clippy::ptr_arg)]
fn simple_rows(span: &CallSpan, messages: &Vec<SimpleQueryMessage>) {
    let rows = messages
        .iter()
        .filter(|message| matches!(message, SimpleQueryMessage::Row(_)))
        .count();
    span.record(DB_RESPONSE_RETURNED_ROWS, rows as i64);
}

#[cfg(test)]
mod tests;

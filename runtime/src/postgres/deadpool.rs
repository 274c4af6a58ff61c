//! deadpool-postgres (feature `deadpool`): a pool whose connections are
//! traced clients, with deadpool's statement cache behind a traced
//! `prepare_cached`.

use std::future::Future;
use std::sync::Arc;

use deadpool_postgres::{ClientWrapper, Object, Pool, PoolError};
use tokio_postgres::types::Type;
use tokio_postgres::{Client, Config, Error, Statement};

use super::error::database_error;
use super::session::{Ends, Session};
use super::statement::{Sealed, TracedStatement};
use super::traced::{Server, Traced};
use crate::instrument_proxy;
use crate::sql::summary::summarize;

/// A deadpool-postgres connection, traced: every query as on a
/// [`TracedClient`](super::TracedClient), plus
/// [`prepare_cached`](Traced::prepare_cached). Returned to the pool when
/// dropped.
pub type TracedObject = Traced<Object>;

/// A deadpool-postgres transaction (`transaction()` on a [`TracedObject`]),
/// traced; it keeps the connection's statement cache.
pub type TracedPoolTransaction<'a> = Traced<deadpool_postgres::Transaction<'a>>;

/// A deadpool-postgres pool whose connections are [`TracedObject`]s.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use instrument_proxy::postgres::TracedPool;
///
/// let config: tokio_postgres::Config = "host=localhost user=app dbname=shop".parse()?;
/// let manager = deadpool_postgres::Manager::new(config.clone(), tokio_postgres::NoTls);
/// let pool = TracedPool::new(deadpool_postgres::Pool::builder(manager).build()?, &config);
///
/// let client = pool.get().await?;
/// let by_id = client.prepare_cached("SELECT name FROM users WHERE id = $1").await?; // `PREPARE SELECT users`
/// let name: String = client.query_one(&by_id, &[&7_i32]).await?.get(0); // `SELECT users`
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct TracedPool {
    pool: Pool,
    server: Arc<Server>,
}

impl TracedPool {
    /// Wraps a pool whose connections `config` opens (deadpool keeps its
    /// own copy private): the database, host and port of the spans.
    #[must_use]
    pub fn new(pool: Pool, config: &Config) -> Self {
        TracedPool {
            pool,
            server: Arc::new(Server::from_config(config)),
        }
    }

    /// Records `db.query.text` as written, as
    /// [`Traced::with_raw_query_text`] does, on every connection.
    #[must_use]
    pub fn with_raw_query_text(mut self, enabled: bool) -> Self {
        Arc::make_mut(&mut self.server).raw_text = enabled;
        self
    }

    /// Records parameter values on every connection, as
    /// [`Traced::with_parameter_values`] does.
    #[cfg(feature = "opentelemetry")]
    #[must_use]
    pub fn with_parameter_values(mut self, enabled: bool) -> Self {
        Arc::make_mut(&mut self.server).parameter_values = enabled;
        self
    }

    /// A connection from the pool, traced (no span: waiting for one sends
    /// nothing to the database).
    pub async fn get(&self) -> Result<TracedObject, PoolError> {
        let object = self.pool.get().await?;
        Ok(Traced {
            inner: object,
            server: self.server.clone(),
            savepoint: false,
        })
    }

    /// The pool.
    #[must_use]
    pub fn pool(&self) -> &Pool {
        &self.pool
    }
}

impl TracedObject {
    /// Wraps a connection taken from a pool of connections `config` opens.
    #[must_use]
    pub fn pooled(object: Object, config: &Config) -> Self {
        Traced {
            inner: object,
            server: Arc::new(Server::from_config(config)),
            savepoint: false,
        }
    }
}

impl Sealed for Object {}

impl Session for Object {
    type Transaction<'t> = deadpool_postgres::Transaction<'t>;

    const BEGIN: &'static str = "BEGIN";

    fn client(&self) -> &Client {
        self
    }

    fn begin(
        &mut self,
    ) -> impl Future<Output = Result<deadpool_postgres::Transaction<'_>, Error>> + Send {
        ClientWrapper::transaction(self)
    }
}

impl Sealed for deadpool_postgres::Transaction<'_> {}

impl<'a> Session for deadpool_postgres::Transaction<'a> {
    type Transaction<'t>
        = deadpool_postgres::Transaction<'t>
    where
        'a: 't;

    const BEGIN: &'static str = "SAVEPOINT";

    fn client(&self) -> &Client {
        tokio_postgres::Transaction::client(self)
    }

    fn begin(
        &mut self,
    ) -> impl Future<Output = Result<deadpool_postgres::Transaction<'_>, Error>> + Send {
        deadpool_postgres::Transaction::transaction(self)
    }
}

impl Ends for deadpool_postgres::Transaction<'_> {
    fn commit_transaction(self) -> impl Future<Output = Result<(), Error>> + Send {
        deadpool_postgres::Transaction::commit(self)
    }

    fn rollback_transaction(self) -> impl Future<Output = Result<(), Error>> + Send {
        deadpool_postgres::Transaction::rollback(self)
    }

    fn savepoint_named(
        &mut self,
        name: String,
    ) -> impl Future<Output = Result<deadpool_postgres::Transaction<'_>, Error>> + Send {
        deadpool_postgres::Transaction::savepoint(self, name)
    }

    fn host(&self) -> &tokio_postgres::Transaction<'_> {
        self
    }
}

/// A connection or transaction with deadpool's statement cache. Sealed.
pub trait Cached: Session {
    #[doc(hidden)]
    fn prepare_cached(&self, query: &str) -> impl Future<Output = Result<Statement, Error>> + Send;
    #[doc(hidden)]
    fn prepare_typed_cached(
        &self,
        query: &str,
        types: &[Type],
    ) -> impl Future<Output = Result<Statement, Error>> + Send;
}

impl Cached for Object {
    fn prepare_cached(&self, query: &str) -> impl Future<Output = Result<Statement, Error>> + Send {
        ClientWrapper::prepare_cached(self, query)
    }

    fn prepare_typed_cached(
        &self,
        query: &str,
        types: &[Type],
    ) -> impl Future<Output = Result<Statement, Error>> + Send {
        ClientWrapper::prepare_typed_cached(self, query, types)
    }
}

impl Cached for deadpool_postgres::Transaction<'_> {
    fn prepare_cached(&self, query: &str) -> impl Future<Output = Result<Statement, Error>> + Send {
        deadpool_postgres::Transaction::prepare_cached(self, query)
    }

    fn prepare_typed_cached(
        &self,
        query: &str,
        types: &[Type],
    ) -> impl Future<Output = Result<Statement, Error>> + Send {
        deadpool_postgres::Transaction::prepare_typed_cached(self, query, types)
    }
}

#[instrument_proxy(crate = crate, fields(
    db.system.name = "postgresql",
    db.response.status_code = crate::backend::Empty,
))]
impl<C: Cached> Traced<C> {
    /// [`prepare`](Self::prepare) through deadpool's statement cache: a
    /// span `PREPARE {summary}` whether or not the cache had it (a cached
    /// statement's span is short and sends nothing).
    #[instrument_proxy(
        name = format!("PREPARE {}", summarize(query)),
        record_err = database_error,
        fields(db.query.text = self.text(query), db.query.summary = summarize(query)),
    )]
    pub async fn prepare_cached(&self, query: &str) -> Result<TracedStatement, Error> {
        let statement = self.inner.prepare_cached(query).await?;
        Ok(self.prepared(statement, query))
    }

    /// [`prepare_typed`](Self::prepare_typed) through deadpool's statement
    /// cache.
    #[instrument_proxy(
        name = format!("PREPARE {}", summarize(query)),
        record_err = database_error,
        fields(db.query.text = self.text(query), db.query.summary = summarize(query)),
    )]
    pub async fn prepare_typed_cached(
        &self,
        query: &str,
        parameter_types: &[Type],
    ) -> Result<TracedStatement, Error> {
        let statement = self
            .inner
            .prepare_typed_cached(query, parameter_types)
            .await?;
        Ok(self.prepared(statement, query))
    }
}

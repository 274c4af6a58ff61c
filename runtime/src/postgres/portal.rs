//! Portals (a transaction's `bind` and `query_portal`): a bound statement
//! whose rows are fetched a few at a time, each fetch a span named by the
//! statement it was bound from.

use std::ops::Deref;

use futures_core::Stream;
use tokio_postgres::types::{BorrowToSql, ToSql};
use tokio_postgres::{Error, Portal, Row};

use super::error::database_error;
use super::rows::{rows_returned, Rows};
use super::session::Ends;
use super::statement::Query;
use super::traced::Traced;
use crate::instrument_proxy;
use crate::text::SharedStr;

/// A portal bound by [`Traced::bind`]: a `tokio_postgres::Portal` (it
/// derefs to one) that keeps its statement's text and summary, so that each
/// fetch records them.
///
/// ```no_run
/// # async fn run(client: &mut instrument_proxy::postgres::TracedClient) -> Result<(), tokio_postgres::Error> {
/// let transaction = client.transaction().await?;
/// let orders = transaction
///     .bind("SELECT id FROM orders WHERE total > $1", &[&100_i64])
///     .await?; // span `BIND SELECT orders`
/// let first = transaction.query_portal(&orders, 50).await?; // span `SELECT orders`, 50 rows at most
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct TracedPortal {
    portal: Portal,
    text: Option<SharedStr>,
    summary: SharedStr,
}

impl TracedPortal {
    /// The `tokio_postgres::Portal`.
    #[must_use]
    pub fn portal(&self) -> &Portal {
        &self.portal
    }
}

impl std::fmt::Debug for TracedPortal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TracedPortal")
            .field("summary", &self.summary.as_str())
            .finish_non_exhaustive()
    }
}

impl Deref for TracedPortal {
    type Target = Portal;

    fn deref(&self) -> &Portal {
        &self.portal
    }
}

#[instrument_proxy(crate = crate, fields(
    db.system.name = "postgresql",
    db.response.status_code = crate::backend::Empty,
    db.response.returned_rows = crate::backend::Empty,
))]
impl<C: Ends> Traced<C> {
    /// Binds a statement's parameters into a portal: a span
    /// `BIND {summary}`. Its rows are fetched with
    /// [`query_portal`](Self::query_portal).
    #[instrument_proxy(
        name = format!("BIND {}", statement.summary()),
        record_err = database_error,
        fields(db.query.text = self.text(statement), db.query.summary = statement.summary()),
    )]
    pub async fn bind<T>(
        &self,
        statement: &T,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<TracedPortal, Error>
    where
        T: ?Sized + Query,
    {
        self.parameters(params.iter().copied());
        let portal = self
            .inner
            .host()
            .bind(statement.statement(), params)
            .await?;
        Ok(self.portal(portal, statement))
    }

    /// [`bind`](Self::bind) with the parameters as an iterator.
    #[instrument_proxy(
        name = format!("BIND {}", statement.summary()),
        record_err = database_error,
        fields(db.query.text = self.text(statement), db.query.summary = statement.summary()),
    )]
    pub async fn bind_raw<P, T, I>(&self, statement: &T, params: I) -> Result<TracedPortal, Error>
    where
        T: ?Sized + Query,
        P: BorrowToSql,
        I: IntoIterator<Item = P>,
        I::IntoIter: ExactSizeIterator,
    {
        let portal = self
            .inner
            .host()
            .bind_raw(statement.statement(), params)
            .await?;
        Ok(self.portal(portal, statement))
    }

    /// Up to `max_rows` more rows of a portal (all of them for 0 or less): a
    /// span named by its statement's summary.
    #[instrument_proxy(
        name = portal.summary.clone(),
        record_ok = rows_returned,
        record_err = database_error,
        fields(db.query.text = portal.text.clone(), db.query.summary = portal.summary.clone()),
    )]
    pub async fn query_portal(
        &self,
        portal: &TracedPortal,
        max_rows: i32,
    ) -> Result<Vec<Row>, Error> {
        self.inner
            .host()
            .query_portal(&portal.portal, max_rows)
            .await
    }

    /// [`query_portal`](Self::query_portal)'s rows as a stream, with
    /// [`query_raw`](Self::query_raw)'s span.
    #[instrument_proxy(
        name = portal.summary.clone(),
        fields(db.query.text = portal.text.clone(), db.query.summary = portal.summary.clone()),
    )]
    pub fn query_portal_raw<'a>(
        &'a self,
        portal: &'a TracedPortal,
        max_rows: i32,
    ) -> impl Stream<Item = Result<Row, Error>> + Send + 'a {
        Rows::new(self.inner.host().query_portal_raw(&portal.portal, max_rows))
    }
}

impl<C> Traced<C> {
    fn portal(&self, portal: Portal, statement: &(impl Query + ?Sized)) -> TracedPortal {
        TracedPortal {
            portal,
            text: self
                .text(statement)
                .map(|text| SharedStr::from(text.into_owned())),
            summary: statement.summary(),
        }
    }
}

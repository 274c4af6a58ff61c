//! `build_transaction`: tokio-postgres's `TransactionBuilder` whose `start`
//! is a traced `BEGIN` returning a [`TracedTransaction`].

use std::sync::Arc;

use tokio_postgres::{Client, Error, IsolationLevel, TransactionBuilder};

use super::error::database_error;
use super::traced::{Server, Traced, TracedTransaction};
use crate::instrument_proxy;
use crate::proxy::{ClientAttributes, Proxy};

/// A transaction with options (isolation level, read-only, deferrable),
/// from [`Traced::build_transaction`]: `start` is a `BEGIN` span and returns
/// a [`TracedTransaction`].
///
/// ```no_run
/// # async fn run(client: &mut instrument_proxy::postgres::TracedClient) -> Result<(), tokio_postgres::Error> {
/// let transaction = client
///     .build_transaction()
///     .isolation_level(tokio_postgres::IsolationLevel::Serializable)
///     .start()
///     .await?; // span `BEGIN`
/// transaction.commit().await?; // span `COMMIT`
/// # Ok(()) }
/// ```
pub struct TracedTransactionBuilder<'a> {
    inner: TransactionBuilder<'a>,
    server: Arc<Server>,
}

impl<'a> TracedTransactionBuilder<'a> {
    /// The transaction's isolation level.
    #[must_use]
    pub fn isolation_level(mut self, isolation_level: IsolationLevel) -> Self {
        self.inner = self.inner.isolation_level(isolation_level);
        self
    }

    /// Whether the transaction is read-only.
    #[must_use]
    pub fn read_only(mut self, read_only: bool) -> Self {
        self.inner = self.inner.read_only(read_only);
        self
    }

    /// Whether a serializable, read-only transaction is deferrable.
    #[must_use]
    pub fn deferrable(mut self, deferrable: bool) -> Self {
        self.inner = self.inner.deferrable(deferrable);
        self
    }
}

#[instrument_proxy(crate = crate, fields(
    db.system.name = "postgresql",
    db.response.status_code = crate::backend::Empty,
))]
impl<'a> TracedTransactionBuilder<'a> {
    /// Begins the transaction: a `BEGIN` span.
    #[instrument_proxy(name = "BEGIN", record_err = database_error, fields(db.query.summary = "BEGIN"))]
    pub async fn start(self) -> Result<TracedTransaction<'a>, Error> {
        let server = self.server.clone();
        let transaction = self.inner.start().await?;
        Ok(Traced {
            inner: transaction,
            server,
            savepoint: false,
        })
    }
}

impl<'a> Proxy for TracedTransactionBuilder<'a> {
    type Inner = TransactionBuilder<'a>;

    /// Not available: a builder needs its server's description
    /// ([`Traced::build_transaction`]).
    fn from_inner(inner: TransactionBuilder<'a>) -> Self {
        TracedTransactionBuilder {
            inner,
            server: Arc::default(),
        }
    }

    fn inner(&self) -> &TransactionBuilder<'a> {
        &self.inner
    }

    fn inner_mut(&mut self) -> &mut TransactionBuilder<'a> {
        &mut self.inner
    }

    fn into_inner(self) -> TransactionBuilder<'a> {
        self.inner
    }

    fn client_attributes(&self) -> ClientAttributes<'_> {
        self.server.attributes()
    }
}

/// A client that builds transactions: the one owned and the one borrowed
/// from a pool (a transaction builds savepoints with `transaction`).
macro_rules! build_transaction {
    ($ty:ty) => {
        impl Traced<$ty> {
            /// A transaction with options; its `start` is a `BEGIN` span.
            pub fn build_transaction(&mut self) -> TracedTransactionBuilder<'_> {
                TracedTransactionBuilder {
                    inner: Client::build_transaction(&mut self.inner),
                    server: self.server.clone(),
                }
            }
        }
    };
}

build_transaction!(Client);
build_transaction!(&mut Client);

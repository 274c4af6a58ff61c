//! What [`Traced`](super::Traced) forwards to: tokio-postgres's client and
//! transaction (and, with `deadpool`, deadpool-postgres's), each giving the
//! client its queries run on.

use std::future::Future;

use tokio_postgres::{Client, Error, Transaction};

use super::statement::Sealed;

/// A `tokio_postgres::Client` (owned or borrowed), a `Transaction` (whose
/// queries run on its client), or with the `deadpool` feature a
/// deadpool-postgres connection or transaction. Sealed.
pub trait Session: Sealed + Send + Sync {
    /// What [`Traced::transaction`](super::Traced::transaction) starts.
    #[doc(hidden)]
    type Transaction<'t>: Session + Ends
    where
        Self: 't;

    /// The span name of [`Traced::transaction`](super::Traced::transaction).
    #[doc(hidden)]
    const BEGIN: &'static str;

    /// The client the queries run on.
    #[doc(hidden)]
    fn client(&self) -> &Client;

    #[doc(hidden)]
    fn begin(&mut self) -> impl Future<Output = Result<Self::Transaction<'_>, Error>> + Send;
}

/// A transaction: [`Traced::commit`](super::Traced::commit) and
/// [`Traced::rollback`](super::Traced::rollback) end it; it has savepoints
/// and portals. Sealed.
pub trait Ends: Session {
    #[doc(hidden)]
    fn commit_transaction(self) -> impl Future<Output = Result<(), Error>> + Send;
    #[doc(hidden)]
    fn rollback_transaction(self) -> impl Future<Output = Result<(), Error>> + Send;
    #[doc(hidden)]
    fn savepoint_named(
        &mut self,
        name: String,
    ) -> impl Future<Output = Result<Self::Transaction<'_>, Error>> + Send;
    /// tokio-postgres's transaction, whose portals these are.
    #[doc(hidden)]
    fn host(&self) -> &Transaction<'_>;
}

impl Sealed for Client {}

impl Session for Client {
    type Transaction<'t> = Transaction<'t>;

    const BEGIN: &'static str = "BEGIN";

    fn client(&self) -> &Client {
        self
    }

    fn begin(&mut self) -> impl Future<Output = Result<Transaction<'_>, Error>> + Send {
        Client::transaction(self)
    }
}

impl Sealed for &mut Client {}

impl<'a> Session for &'a mut Client {
    type Transaction<'t>
        = Transaction<'t>
    where
        'a: 't;

    const BEGIN: &'static str = "BEGIN";

    fn client(&self) -> &Client {
        self
    }

    fn begin(&mut self) -> impl Future<Output = Result<Transaction<'_>, Error>> + Send {
        Client::transaction(self)
    }
}

impl Sealed for Transaction<'_> {}

/// A transaction's queries are its client's: tokio-postgres's `Transaction`
/// forwards each to `client()`.
impl<'a> Session for Transaction<'a> {
    type Transaction<'t>
        = Transaction<'t>
    where
        'a: 't;

    const BEGIN: &'static str = "SAVEPOINT";

    fn client(&self) -> &Client {
        Transaction::client(self)
    }

    fn begin(&mut self) -> impl Future<Output = Result<Transaction<'_>, Error>> + Send {
        Transaction::transaction(self)
    }
}

impl Ends for Transaction<'_> {
    fn commit_transaction(self) -> impl Future<Output = Result<(), Error>> + Send {
        Transaction::commit(self)
    }

    fn rollback_transaction(self) -> impl Future<Output = Result<(), Error>> + Send {
        Transaction::rollback(self)
    }

    fn savepoint_named(
        &mut self,
        name: String,
    ) -> impl Future<Output = Result<Transaction<'_>, Error>> + Send {
        Transaction::savepoint(self, name)
    }

    fn host(&self) -> &Transaction<'_> {
        self
    }
}

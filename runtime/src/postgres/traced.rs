//! The traced client or transaction itself: what it wraps, what its spans
//! say about the server, and the options that decide what they record.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, Config, Transaction};

#[cfg(feature = "opentelemetry")]
use crate::call::CallSpan;
use crate::proxy::{ClientAttributes, Proxy};
use crate::sql::sanitize;
use crate::text::SharedStr;

use super::statement::{Query, TracedStatement};

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
    pub(super) inner: C,
    pub(super) server: Arc<Server>,
    /// A transaction nested in another (under a savepoint): it ends with
    /// `RELEASE` or `ROLLBACK TO`.
    pub(super) savepoint: bool,
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
pub(super) struct Server {
    address: Option<SharedStr>,
    port: Option<u16>,
    namespace: Option<SharedStr>,
    /// Record `db.query.text` as written, literals included.
    pub(super) raw_text: bool,
    /// Record `db.query.parameter.<index>`.
    #[cfg(feature = "opentelemetry")]
    pub(super) parameter_values: bool,
}

impl Server {
    pub(super) fn attributes(&self) -> ClientAttributes<'_> {
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

    pub(super) fn from_config(config: &Config) -> Server {
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
    pub(super) fn parameters<'p>(&self, values: impl IntoIterator<Item = &'p (dyn ToSql + Sync)>) {
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
    pub(super) fn text<'q>(&self, query: &'q (impl Query + ?Sized)) -> Option<Cow<'q, str>> {
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
    pub(super) fn prepared(
        &self,
        statement: tokio_postgres::Statement,
        query: &str,
    ) -> TracedStatement {
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
    pub(super) fn ending(
        &self,
        transaction: &'static str,
        savepoint: &'static str,
    ) -> &'static str {
        if self.savepoint {
            savepoint
        } else {
            transaction
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_comes_from_the_config_a_unix_socket_as_its_path() {
        let tcp: Config = "host=db.internal port=6432 dbname=shop user=app"
            .parse()
            .unwrap();
        let server = Server::from_config(&tcp);
        assert_eq!(
            server.address.as_ref().map(SharedStr::as_str),
            Some("db.internal")
        );
        assert_eq!(server.port, Some(6432));
        assert_eq!(
            server.namespace.as_ref().map(SharedStr::as_str),
            Some("shop")
        );

        let unix: Config = "host=/var/run/postgresql user=app".parse().unwrap();
        let server = Server::from_config(&unix);
        assert_eq!(
            server.address.as_ref().map(SharedStr::as_str),
            Some("/var/run/postgresql/.s.PGSQL.5432")
        );
        assert_eq!(server.port, None, "a socket has no port");
        assert_eq!(server.namespace, None);
    }
}

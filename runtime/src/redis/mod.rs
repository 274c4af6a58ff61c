//! A traced redis connection (feature `redis`), written with
//! `#[instrument_proxy]` itself.
//!
//! [`TracedConnection`] wraps any async `redis::aio::ConnectionLike`
//! (`MultiplexedConnection`, `ConnectionManager`) or sync
//! `redis::ConnectionLike`, so every command sent through `AsyncCommands`,
//! `Cmd` or `Pipeline` is a CLIENT span with the OpenTelemetry database
//! conventions: named by the command (`GET`), `PIPELINE` / `PIPELINE GET` /
//! `MULTI` for pipelines with `db.operation.batch.size`, `db.system.name`,
//! `db.operation.name`, `db.namespace` (the database index), `server.address`,
//! `server.port`, and on errors `db.response.status_code` (the Redis error
//! prefix, such as `WRONGTYPE`) and `error.type`. `db.query.text` is recorded
//! only when enabled, sanitised: the command and the arguments its key
//! specification names as keys; every other argument (values, script bodies,
//! messages, credentials) becomes `?`.
//!
//! ```no_run
//! # async fn run() -> redis::RedisResult<()> {
//! use instrument_proxy::redis::TracedConnection;
//! use redis::AsyncCommands;
//!
//! let client = redis::Client::open("redis://127.0.0.1/")?;
//! let mut connection = TracedConnection::connect(&client).await?;
//! let _: () = connection.set("greeting", "hello").await?;
//! let greeting: Option<String> = connection.get("greeting").await?;
//! # Ok(()) }
//! ```

// The connection's own methods (`set_response_timeout`, RESP3 `subscribe`,
// ...), generated from redis's API by `cargo instrument-proxy generate`.
#[rustfmt::skip]
mod multiplexed;
mod names;
mod packed;
mod query;

use names::{command_name, database_name, pipeline_name, pipeline_operation};
use packed::{packed_batch_size, packed_name, packed_pipeline_name};
use query::sanitised_query;

use opentelemetry_semantic_conventions::attribute as semconv;
use redis::{
    Cmd, ConnectionAddr, ConnectionInfo, Pipeline, RedisError, RedisFuture, RedisResult, Value,
};

use crate::call::CallSpan;
use crate::outcome::ErrorType;
use crate::proxy::ClientAttributes;
use crate::text::{SharedStr, Text};
use crate::{instrument_proxy, InstrumentProxy};

/// A redis connection whose every command is traced.
#[derive(Clone, InstrumentProxy)]
#[proxy(crate = crate, attributes = server_attributes)]
pub struct TracedConnection<C> {
    #[proxy(inner)]
    inner: C,
    server: Server,
}

/// What the spans say about the server, and what they may record.
#[derive(Clone, Debug, Default)]
struct Server {
    /// Shared by every span of the connection: recorded without a copy.
    address: Option<SharedStr>,
    port: Option<u16>,
    query_text: bool,
}

fn server_attributes<C>(connection: &TracedConnection<C>) -> ClientAttributes<'_> {
    let mut attributes = ClientAttributes::new();
    if let Some(address) = &connection.server.address {
        attributes = attributes.server_address(address.clone());
    }
    if let Some(port) = connection.server.port {
        attributes = attributes.server_port(port);
    }
    attributes
}

impl<C> TracedConnection<C> {
    /// Records `server.address` and `server.port` from the client's
    /// connection info (TCP and TLS addresses).
    #[must_use]
    pub fn with_connection_info(mut self, info: &ConnectionInfo) -> Self {
        match info.addr() {
            ConnectionAddr::Tcp(host, port) | ConnectionAddr::TcpTls { host, port, .. } => {
                self.server.address = Some(SharedStr::from(host.clone()));
                self.server.port = Some(*port);
            }
            _ => {}
        }
        self
    }

    /// Records `server.address` and `server.port`.
    #[must_use]
    pub fn with_server(mut self, address: impl Into<String>, port: u16) -> Self {
        self.server.address = Some(SharedStr::from(address.into()));
        self.server.port = Some(port);
        self
    }

    /// Records `db.query.text`, sanitised (`SET key ?`). Off by default.
    #[must_use]
    pub fn with_query_text(mut self, enabled: bool) -> Self {
        self.server.query_text = enabled;
        self
    }

    fn query_text(&self, cmd: &Cmd) -> Option<String> {
        self.server.query_text.then(|| sanitised_query(cmd))
    }

    fn pipeline_text(&self, pipeline: &Pipeline) -> Option<String> {
        self.server.query_text.then(|| {
            pipeline
                .cmd_iter()
                .map(sanitised_query)
                .collect::<Vec<_>>()
                .join("; ")
        })
    }
}

impl TracedConnection<redis::aio::MultiplexedConnection> {
    /// Opens a multiplexed connection and records the client's server address.
    pub async fn connect(client: &redis::Client) -> RedisResult<Self> {
        let connection = client.get_multiplexed_async_connection().await?;
        Ok(TracedConnection::new(connection).with_connection_info(client.get_connection_info()))
    }
}

#[instrument_proxy(crate = crate, fields(
    db.system.name = "redis",
    db.namespace = database_name(self.inner.get_db()),
    db.response.status_code = crate::backend::Empty,
))]
impl<C: redis::aio::ConnectionLike + Send> redis::aio::ConnectionLike for TracedConnection<C> {
    #[instrument_proxy(
        future,
        name = command_name(cmd),
        record_ok = record_reply,
        record_err = record_redis_error,
        fields(db.operation.name = command_name(cmd), db.query.text = self.query_text(cmd)),
    )]
    fn req_packed_command<'a>(&'a mut self, cmd: &'a Cmd) -> RedisFuture<'a, Value>;

    #[instrument_proxy(
        future,
        name = pipeline_name(pipeline),
        record_ok = record_replies,
        record_err = record_redis_error,
        fields(
            db.operation.name = pipeline_operation(pipeline),
            db.operation.batch.size = pipeline.len(),
            db.query.text = self.pipeline_text(pipeline),
        ),
    )]
    fn req_packed_commands<'a>(
        &'a mut self,
        pipeline: &'a Pipeline,
        offset: usize,
        count: usize,
    ) -> RedisFuture<'a, Vec<Value>>;

    #[instrument_proxy(skip)]
    fn get_db(&self) -> i64;
}

#[instrument_proxy(crate = crate, fields(
    db.system.name = "redis",
    db.namespace = database_name(self.inner.get_db()),
    db.response.status_code = crate::backend::Empty,
))]
impl<C: redis::ConnectionLike> redis::ConnectionLike for TracedConnection<C> {
    #[instrument_proxy(
        name = packed_name(cmd),
        record_ok = record_reply,
        record_err = record_redis_error,
        fields(db.operation.name = packed_name(cmd)),
    )]
    fn req_packed_command(&mut self, cmd: &[u8]) -> RedisResult<Value>;

    #[instrument_proxy(
        name = packed_pipeline_name(cmd),
        record_ok = record_replies,
        record_err = record_redis_error,
        fields(db.operation.batch.size = packed_batch_size(cmd, count)),
    )]
    fn req_packed_commands(
        &mut self,
        cmd: &[u8],
        offset: usize,
        count: usize,
    ) -> RedisResult<Vec<Value>>;

    #[instrument_proxy(
        name = command_name(cmd),
        record_ok = record_reply,
        record_err = record_redis_error,
        fields(db.operation.name = command_name(cmd), db.query.text = self.query_text(cmd)),
    )]
    fn req_command(&mut self, cmd: &Cmd) -> RedisResult<Value>;

    #[instrument_proxy(skip)]
    fn get_db(&self) -> i64;

    #[instrument_proxy(skip)]
    fn supports_pipelining(&self) -> bool;

    #[instrument_proxy(skip)]
    fn check_connection(&mut self) -> bool;

    #[instrument_proxy(skip)]
    fn is_open(&self) -> bool;
}

/// `WRONGTYPE`, `NOSCRIPT`, ...: the Redis error prefix; else the error kind.
impl ErrorType for RedisError {
    fn error_type(&self) -> Text<'_> {
        match self.code() {
            Some(code) => Text::Borrowed(code),
            None => Text::Owned(format!("{:?}", self.kind())),
        }
    }
}

/// A connection hands a server error (`WRONGTYPE ...`) back as a reply; it
/// becomes an `Err` only when the caller converts the value. The span fails
/// here already.
fn record_reply(span: &CallSpan, reply: &Value) {
    if let Value::ServerError(error) = reply {
        span.record(semconv::DB_RESPONSE_STATUS_CODE, error.code());
        span.record_error(error.code(), &error.to_string());
    }
}

/// The first server error among a pipeline's replies fails the span.
#[allow(clippy::ptr_arg)] // `record_ok` receives `&T` of the call's `Ok(T)`.
fn record_replies(span: &CallSpan, replies: &Vec<Value>) {
    let failed = replies
        .iter()
        .find(|reply| matches!(reply, Value::ServerError(_)));
    if let Some(reply) = failed {
        record_reply(span, reply);
    }
}

fn record_redis_error(span: &CallSpan, error: &RedisError) {
    if let Some(code) = error.code() {
        span.record(semconv::DB_RESPONSE_STATUS_CODE, code);
    }
}

#[cfg(test)]
mod tests {
    use super::packed::packed_commands;
    use super::query::KEYS;
    use super::*;

    #[test]
    fn packed_commands_are_named_by_their_first_bulk_string() {
        let get = redis::cmd("get").arg("k").get_packed_command();
        assert_eq!(packed_name(&get), "GET");
        let mut pipeline = redis::pipe();
        pipeline.cmd("GET").arg("a").cmd("GET").arg("b");
        assert_eq!(
            packed_pipeline_name(&pipeline.get_packed_pipeline()),
            "PIPELINE GET"
        );
        pipeline.cmd("SET").arg("c").arg("1");
        assert_eq!(
            packed_pipeline_name(&pipeline.get_packed_pipeline()),
            "PIPELINE"
        );
        pipeline.atomic();
        assert_eq!(
            packed_pipeline_name(&pipeline.get_packed_pipeline()),
            "MULTI"
        );
    }

    #[test]
    fn common_names_are_constants() {
        use std::borrow::Cow;
        let get = command_name(&redis::cmd("get"));
        assert!(matches!(get.to_cow(), Cow::Borrowed("GET")), "{get:?}");
        let rare = command_name(&redis::cmd("object"));
        assert_eq!(rare, "OBJECT");
        assert!(matches!(rare.to_cow(), Cow::Owned(_)));
        assert!(matches!(database_name(3).to_cow(), Cow::Borrowed("3")));
        assert_eq!(database_name(42), "42");
        assert_eq!(database_name(-1), "-1");
        assert_eq!(
            SharedStr::from_static("GET"),
            SharedStr::from(String::from("GET"))
        );
    }

    /// Each kind of entry of the key table, and commands without keys, with
    /// why they are recorded so.
    #[test]
    fn query_text_shows_only_the_keys_the_key_specifications_name() {
        let cases: Vec<(Cmd, &str, &str)> = vec![
            (
                redis::cmd("SET").arg("user:1").arg("secret").clone(),
                "SET user:1 ?",
                "first argument is the key, the value is not",
            ),
            (
                redis::cmd("HSET").arg("h").arg("f").arg("secret").clone(),
                "HSET h ? ?",
                "field and value are data",
            ),
            (
                redis::cmd("MGET").arg("a").arg("b").clone(),
                "MGET a b",
                "every argument is a key",
            ),
            (
                redis::cmd("DEL").arg("a").arg("b").clone(),
                "DEL a b",
                "every argument is a key",
            ),
            (
                redis::cmd("MSET")
                    .arg("a")
                    .arg("s1")
                    .arg("b")
                    .arg("s2")
                    .clone(),
                "MSET a ? b ?",
                "keys alternate with values",
            ),
            (
                redis::cmd("RENAME").arg("a").arg("b").clone(),
                "RENAME a b",
                "source and destination are keys",
            ),
            (
                redis::cmd("EVAL")
                    .arg("return 'secret'")
                    .arg(1)
                    .arg("k")
                    .arg("secret")
                    .clone(),
                "EVAL ? 1 k ?",
                "the script body is never recorded; numkeys and the keys are",
            ),
            (
                redis::cmd("EVALSHA")
                    .arg("abc123")
                    .arg(0)
                    .arg("secret")
                    .clone(),
                "EVALSHA ? 0 ?",
                "no keys: every argument after the count is data",
            ),
            (
                redis::cmd("FCALL")
                    .arg("myfn")
                    .arg(2)
                    .arg("k1")
                    .arg("k2")
                    .arg("secret")
                    .clone(),
                "FCALL ? 2 k1 k2 ?",
                "functions count their keys like scripts",
            ),
            (
                redis::cmd("EVAL")
                    .arg("script")
                    .arg("not-a-number")
                    .arg("secret")
                    .clone(),
                "EVAL ? ? ?",
                "an unreadable count shows nothing",
            ),
            (
                redis::cmd("ECHO").arg("secret").clone(),
                "ECHO ?",
                "no keys",
            ),
            (
                redis::cmd("PUBLISH").arg("channel").arg("secret").clone(),
                "PUBLISH ? ?",
                "a channel is not a key; the message is data",
            ),
            (
                redis::cmd("AUTH").arg("admin").arg("hunter2").clone(),
                "AUTH ? ?",
                "credentials",
            ),
            (
                redis::cmd("HELLO")
                    .arg(3)
                    .arg("AUTH")
                    .arg("u")
                    .arg("p")
                    .clone(),
                "HELLO ? ? ? ?",
                "credentials",
            ),
            (
                redis::cmd("CLIENT").arg("SETNAME").arg("secret").clone(),
                "CLIENT ? ?",
                "a command not in the table has no keys shown",
            ),
            (redis::cmd("PING"), "PING", "no arguments"),
        ];
        for (cmd, expected, why) in &cases {
            assert_eq!(sanitised_query(cmd), *expected, "{why}");
        }
        assert!(KEYS.windows(2).all(|w| w[0].0 < w[1].0), "sorted");
    }

    #[test]
    fn an_empty_array_does_not_stop_naming_the_commands_after_it() {
        assert_eq!(packed_name(b"*0\r\n*1\r\n$3\r\nGET\r\n"), "COMMAND");
        assert_eq!(
            packed_commands(b"*0\r\n*1\r\n$3\r\nGET\r\n"),
            Some(vec![None, Some(&b"GET"[..])])
        );
        assert_eq!(
            packed_pipeline_name(b"*1\r\n$3\r\nGET\r\n*0\r\n*1\r\n$3\r\nGET\r\n"),
            "PIPELINE",
            "an entry without a name makes the name generic"
        );
    }

    #[test]
    fn malformed_packed_input_gets_a_generic_name_never_a_wrong_one() {
        for (packed, why) in [
            (
                &b"*1\r\n$2\r\nGET\r\n"[..],
                "the bulk string is longer than its length",
            ),
            (b"*1\r\n$3\r\nGETXX", "no CRLF after the bulk string"),
            (
                b"*2\r\n$3\r\nGET\r\n",
                "fewer bulk strings than the array says",
            ),
            (b"*1\r\n:3\r\n", "not a bulk string"),
            (b"GET key\r\n", "not an array"),
            (b"*x\r\n", "not a count"),
            (b"", "nothing"),
        ] {
            assert_eq!(packed_name(packed), "COMMAND", "{why}");
            assert_eq!(packed_pipeline_name(packed), "PIPELINE", "{why}");
        }
    }

    #[test]
    fn a_packed_transaction_counts_its_commands_without_multi_and_exec() {
        let mut pipeline = redis::pipe();
        pipeline
            .cmd("SET")
            .arg("a")
            .arg(1)
            .cmd("INCR")
            .arg("a")
            .cmd("GET")
            .arg("a");
        assert_eq!(packed_batch_size(&pipeline.get_packed_pipeline(), 3), 3);
        pipeline.atomic();
        assert_eq!(packed_batch_size(&pipeline.get_packed_pipeline(), 1), 3);
        assert_eq!(
            packed_batch_size(b"garbage", 2),
            2,
            "unreadable: what redis-rs counts"
        );
    }
}

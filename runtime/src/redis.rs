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
//! only when enabled, sanitised: every argument after the command and its key
//! becomes `?`, and nothing after `AUTH` or `HELLO` is ever recorded.
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

use opentelemetry_semantic_conventions::attribute as semconv;
use redis::{
    Cmd, ConnectionAddr, ConnectionInfo, Pipeline, RedisError, RedisFuture, RedisResult, Value,
};

use crate::{
    instrument_proxy, CallSpan, ClientAttributes, ErrorType, InstrumentProxy, SharedStr, Text,
};

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
    db.response.status_code = crate::Empty,
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
    db.response.status_code = crate::Empty,
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
        fields(db.operation.batch.size = count),
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

/// The command's name in upper case (`GET`), from its first argument.
fn command_name(cmd: &Cmd) -> SharedStr {
    match cmd.args_iter().next() {
        Some(redis::Arg::Simple(name)) => upper_case_name(name),
        _ => SharedStr::from_static("COMMAND"),
    }
}

/// `MULTI` for a transaction; `PIPELINE GET` when every command is the same;
/// `PIPELINE` otherwise.
fn pipeline_name(pipeline: &Pipeline) -> SharedStr {
    if pipeline.is_transaction() {
        return SharedStr::from_static("MULTI");
    }
    match pipeline_operation(pipeline) {
        Some(name) => SharedStr::from(format!("PIPELINE {name}")),
        None => SharedStr::from_static("PIPELINE"),
    }
}

/// The one command every entry of the pipeline runs, if there is one.
fn pipeline_operation(pipeline: &Pipeline) -> Option<SharedStr> {
    let mut names = pipeline.cmd_iter().map(command_name);
    let first = names.next()?;
    names.all(|name| name == first).then_some(first)
}

/// The commands a span is most often named after, so that naming one copies
/// no text.
const COMMON_COMMANDS: &[&str] = &[
    "GET",
    "SET",
    "DEL",
    "MGET",
    "MSET",
    "INCR",
    "INCRBY",
    "DECR",
    "EXISTS",
    "EXPIRE",
    "TTL",
    "SETEX",
    "GETDEL",
    "HGET",
    "HSET",
    "HGETALL",
    "HDEL",
    "HINCRBY",
    "LPUSH",
    "RPUSH",
    "LPOP",
    "RPOP",
    "LRANGE",
    "SADD",
    "SREM",
    "SMEMBERS",
    "SISMEMBER",
    "ZADD",
    "ZRANGE",
    "ZREM",
    "ZSCORE",
    "PUBLISH",
    "EVAL",
    "EVALSHA",
    "SCAN",
    "PING",
    "SELECT",
    "AUTH",
    "HELLO",
    "MULTI",
    "EXEC",
    "WATCH",
    "UNWATCH",
];

/// `name` in upper case: a constant for the common commands.
fn upper_case_name(name: &[u8]) -> SharedStr {
    COMMON_COMMANDS
        .iter()
        .find(|common| common.as_bytes().eq_ignore_ascii_case(name))
        .map_or_else(
            || SharedStr::from(String::from_utf8_lossy(name).to_ascii_uppercase()),
            |common| SharedStr::from_static(common),
        )
}

/// `db.namespace`: the database index, a constant for the sixteen databases
/// a server has by default.
fn database_name(db: i64) -> SharedStr {
    const DATABASES: [&str; 16] = [
        "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15",
    ];
    usize::try_from(db)
        .ok()
        .and_then(|index| DATABASES.get(index))
        .map_or_else(
            || SharedStr::from(db.to_string()),
            |name| SharedStr::from_static(name),
        )
}

/// `GET key`, `SET key ?`: the command and its key, every other argument a
/// `?`; nothing after `AUTH` and `HELLO` but `?`.
fn sanitised_query(cmd: &Cmd) -> String {
    let name = command_name(cmd);
    let secret = matches!(name.as_ref(), "AUTH" | "HELLO");
    let mut text = name.as_str().to_owned();
    for (index, arg) in cmd.args_iter().enumerate().skip(1) {
        text.push(' ');
        match arg {
            redis::Arg::Simple(key) if index == 1 && !secret => {
                text.push_str(&String::from_utf8_lossy(key))
            }
            _ => text.push('?'),
        }
    }
    text
}

/// The name of a packed command (`*2\r\n$3\r\nGET\r\n...`): its first bulk
/// string.
fn packed_name(packed: &[u8]) -> SharedStr {
    first_bulk_strings(packed)
        .next()
        .map_or(SharedStr::from_static("COMMAND"), upper_case_name)
}

/// `MULTI` or `PIPELINE`/`PIPELINE GET` for packed commands.
fn packed_pipeline_name(packed: &[u8]) -> SharedStr {
    let names: Vec<SharedStr> = first_bulk_strings(packed).map(upper_case_name).collect();
    if names.first().is_some_and(|n| n.as_str() == "MULTI") {
        return SharedStr::from_static("MULTI");
    }
    match names.split_first() {
        Some((first, rest)) if rest.iter().all(|n| n == first) => {
            SharedStr::from(format!("PIPELINE {first}"))
        }
        _ => SharedStr::from_static("PIPELINE"),
    }
}

/// The first bulk string of each RESP array in `packed`.
fn first_bulk_strings(packed: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = packed;
    std::iter::from_fn(move || loop {
        let (line, after) = split_line(rest)?;
        rest = after;
        let Some(count) = line.strip_prefix(b"*") else {
            continue;
        };
        let count: usize = std::str::from_utf8(count).ok()?.parse().ok()?;
        let mut first = None;
        for index in 0..count {
            let (header, after) = split_line(rest)?;
            let length: usize = std::str::from_utf8(header.strip_prefix(b"$")?)
                .ok()?
                .parse()
                .ok()?;
            let value = after.get(..length)?;
            rest = after.get(length + 2..)?;
            if index == 0 {
                first = Some(value);
            }
        }
        return first;
    })
}

fn split_line(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let end = bytes.windows(2).position(|w| w == b"\r\n")?;
    Some((&bytes[..end], &bytes[end + 2..]))
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn query_text_keeps_the_command_and_key_only() {
        assert_eq!(
            sanitised_query(redis::cmd("SET").arg("user:1").arg("secret")),
            "SET user:1 ?"
        );
        assert_eq!(
            sanitised_query(redis::cmd("AUTH").arg("admin").arg("hunter2")),
            "AUTH ? ?"
        );
        assert_eq!(
            sanitised_query(redis::cmd("HELLO").arg(3).arg("AUTH").arg("u").arg("p")),
            "HELLO ? ? ? ?"
        );
        assert_eq!(sanitised_query(&redis::cmd("PING")), "PING");
    }
}

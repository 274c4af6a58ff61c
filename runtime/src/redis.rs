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

/// Which arguments of a command are keys, after the commands' key
/// specifications; every other argument is recorded as `?`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Keys {
    /// The first argument (`GET key`, `SET key value`, `HGET key field`).
    First,
    /// The first two (`RENAME key newkey`, `LMOVE source destination ...`).
    FirstTwo,
    /// Every argument (`DEL key ...`, `MGET key ...`).
    All,
    /// Every other argument from the first (`MSET key value ...`).
    Alternate,
    /// A script or function, a key count, then that many keys
    /// (`EVAL script numkeys key ... arg ...`): the count and the keys.
    Counted,
}

/// Commands and their keys; a command not listed has none (its every
/// argument is `?`), as have `AUTH`, `HELLO`, `ECHO`, `PUBLISH`, ... Sorted,
/// for a binary search.
const KEYS: &[(&str, Keys)] = &[
    ("APPEND", Keys::First),
    ("BITCOUNT", Keys::First),
    ("BLMOVE", Keys::FirstTwo),
    ("BLPOP", Keys::All),
    ("BRPOP", Keys::All),
    ("COPY", Keys::FirstTwo),
    ("DECR", Keys::First),
    ("DECRBY", Keys::First),
    ("DEL", Keys::All),
    ("DUMP", Keys::First),
    ("EVAL", Keys::Counted),
    ("EVALSHA", Keys::Counted),
    ("EVALSHA_RO", Keys::Counted),
    ("EVAL_RO", Keys::Counted),
    ("EXISTS", Keys::All),
    ("EXPIRE", Keys::First),
    ("EXPIREAT", Keys::First),
    ("FCALL", Keys::Counted),
    ("FCALL_RO", Keys::Counted),
    ("GET", Keys::First),
    ("GETBIT", Keys::First),
    ("GETDEL", Keys::First),
    ("GETEX", Keys::First),
    ("GETRANGE", Keys::First),
    ("GETSET", Keys::First),
    ("HDEL", Keys::First),
    ("HEXISTS", Keys::First),
    ("HGET", Keys::First),
    ("HGETALL", Keys::First),
    ("HINCRBY", Keys::First),
    ("HINCRBYFLOAT", Keys::First),
    ("HKEYS", Keys::First),
    ("HLEN", Keys::First),
    ("HMGET", Keys::First),
    ("HMSET", Keys::First),
    ("HSCAN", Keys::First),
    ("HSET", Keys::First),
    ("HSETNX", Keys::First),
    ("HVALS", Keys::First),
    ("INCR", Keys::First),
    ("INCRBY", Keys::First),
    ("INCRBYFLOAT", Keys::First),
    ("LINDEX", Keys::First),
    ("LLEN", Keys::First),
    ("LMOVE", Keys::FirstTwo),
    ("LPOP", Keys::First),
    ("LPUSH", Keys::First),
    ("LRANGE", Keys::First),
    ("LREM", Keys::First),
    ("LSET", Keys::First),
    ("LTRIM", Keys::First),
    ("MGET", Keys::All),
    ("MSET", Keys::Alternate),
    ("MSETNX", Keys::Alternate),
    ("PERSIST", Keys::First),
    ("PEXPIRE", Keys::First),
    ("PFADD", Keys::First),
    ("PFCOUNT", Keys::All),
    ("PSETEX", Keys::First),
    ("PTTL", Keys::First),
    ("RENAME", Keys::FirstTwo),
    ("RENAMENX", Keys::FirstTwo),
    ("RPOP", Keys::First),
    ("RPOPLPUSH", Keys::FirstTwo),
    ("RPUSH", Keys::First),
    ("SADD", Keys::First),
    ("SCARD", Keys::First),
    ("SDIFF", Keys::All),
    ("SET", Keys::First),
    ("SETBIT", Keys::First),
    ("SETEX", Keys::First),
    ("SETNX", Keys::First),
    ("SETRANGE", Keys::First),
    ("SINTER", Keys::All),
    ("SISMEMBER", Keys::First),
    ("SMEMBERS", Keys::First),
    ("SMOVE", Keys::FirstTwo),
    ("SPOP", Keys::First),
    ("SRANDMEMBER", Keys::First),
    ("SREM", Keys::First),
    ("SSCAN", Keys::First),
    ("STRLEN", Keys::First),
    ("SUNION", Keys::All),
    ("TOUCH", Keys::All),
    ("TTL", Keys::First),
    ("TYPE", Keys::First),
    ("UNLINK", Keys::All),
    ("WATCH", Keys::All),
    ("XADD", Keys::First),
    ("XLEN", Keys::First),
    ("XRANGE", Keys::First),
    ("XREVRANGE", Keys::First),
    ("XTRIM", Keys::First),
    ("ZADD", Keys::First),
    ("ZCARD", Keys::First),
    ("ZCOUNT", Keys::First),
    ("ZINCRBY", Keys::First),
    ("ZRANGE", Keys::First),
    ("ZRANGEBYSCORE", Keys::First),
    ("ZRANK", Keys::First),
    ("ZREM", Keys::First),
    ("ZREVRANGE", Keys::First),
    ("ZSCAN", Keys::First),
    ("ZSCORE", Keys::First),
];

fn keys_of(command: &str) -> Option<Keys> {
    KEYS.binary_search_by(|(name, _)| (*name).cmp(command))
        .ok()
        .map(|index| KEYS[index].1)
}

/// `GET key`, `SET key ?`, `EVAL ? 1 key ?`, `ECHO ?`: the command, its keys
/// (as the key specifications say), and `?` for every other argument.
fn sanitised_query(cmd: &Cmd) -> String {
    let name = command_name(cmd);
    let keys = keys_of(name.as_str());
    let args: Vec<&[u8]> = cmd
        .args_iter()
        .skip(1)
        .map(|arg| match arg {
            redis::Arg::Simple(bytes) => bytes,
            _ => &b"?"[..],
        })
        .collect();
    // `EVAL script numkeys key ...`: the count (if it is one) and its keys.
    let counted = match keys {
        Some(Keys::Counted) => args
            .get(1)
            .and_then(|n| std::str::from_utf8(n).ok()?.parse::<usize>().ok()),
        _ => None,
    };
    let mut text = name.as_str().to_owned();
    for (index, arg) in args.iter().enumerate() {
        let shown = match keys {
            Some(Keys::First) => index == 0,
            Some(Keys::FirstTwo) => index < 2,
            Some(Keys::All) => true,
            Some(Keys::Alternate) => index % 2 == 0,
            Some(Keys::Counted) => {
                counted.is_some_and(|n| index == 1 || (2..2 + n).contains(&index))
            }
            None => false,
        };
        text.push(' ');
        if shown {
            text.push_str(&String::from_utf8_lossy(arg));
        } else {
            text.push('?');
        }
    }
    text
}

/// The name of a packed command (`*2\r\n$3\r\nGET\r\n...`): its first bulk
/// string; `COMMAND` when it cannot be read.
fn packed_name(packed: &[u8]) -> SharedStr {
    match packed_commands(packed).as_deref() {
        Some([Some(name), ..]) => upper_case_name(name),
        _ => SharedStr::from_static("COMMAND"),
    }
}

/// `MULTI` or `PIPELINE`/`PIPELINE GET` for packed commands; `PIPELINE` when
/// they cannot be read.
fn packed_pipeline_name(packed: &[u8]) -> SharedStr {
    let Some(commands) = packed_commands(packed) else {
        return SharedStr::from_static("PIPELINE");
    };
    let names: Option<Vec<SharedStr>> = commands
        .iter()
        .map(|name| name.map(upper_case_name))
        .collect();
    let Some(names) = names else {
        return SharedStr::from_static("PIPELINE");
    };
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

/// The commands of a packed pipeline, as the async path counts them: a
/// transaction's `MULTI` and `EXEC` are not among them.
fn packed_batch_size(packed: &[u8], count: usize) -> usize {
    let Some(commands) = packed_commands(packed) else {
        return count;
    };
    let is = |name: Option<&[u8]>, wanted: &str| {
        name.is_some_and(|n| n.eq_ignore_ascii_case(wanted.as_bytes()))
    };
    match commands.as_slice() {
        [first, middle @ .., last] if is(*first, "MULTI") && is(*last, "EXEC") => middle.len(),
        all => all.len(),
    }
}

/// Each command of `packed` (RESP arrays of bulk strings), as its first bulk
/// string (`None` for an empty array); `None` when `packed` is not such a
/// sequence, so that malformed input gets a generic name, never a wrong one.
fn packed_commands(packed: &[u8]) -> Option<Vec<Option<&[u8]>>> {
    let mut rest = packed;
    let mut commands = Vec::new();
    while !rest.is_empty() {
        let (line, after) = split_line(rest)?;
        let count: usize = std::str::from_utf8(line.strip_prefix(b"*")?)
            .ok()?
            .parse()
            .ok()?;
        rest = after;
        let mut first = None;
        for index in 0..count {
            let (header, after) = split_line(rest)?;
            let length: usize = std::str::from_utf8(header.strip_prefix(b"$")?)
                .ok()?
                .parse()
                .ok()?;
            let value = after.get(..length)?;
            if after.get(length..length.checked_add(2)?)? != b"\r\n" {
                return None;
            }
            rest = &after[length + 2..];
            if index == 0 {
                first = Some(value);
            }
        }
        commands.push(first);
    }
    Some(commands)
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

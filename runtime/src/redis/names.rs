//! Span names: the command (`GET`), `PIPELINE`/`PIPELINE GET`/`MULTI`, and
//! `db.namespace` from the database index, constants for the common ones.

use redis::{Cmd, Pipeline};

use crate::text::SharedStr;

/// The command's name in upper case (`GET`), from its first argument.
pub(super) fn command_name(cmd: &Cmd) -> SharedStr {
    match cmd.args_iter().next() {
        Some(redis::Arg::Simple(name)) => upper_case_name(name),
        _ => SharedStr::from_static("COMMAND"),
    }
}

/// `MULTI` for a transaction; `PIPELINE GET` when every command is the same;
/// `PIPELINE` otherwise.
pub(super) fn pipeline_name(pipeline: &Pipeline) -> SharedStr {
    if pipeline.is_transaction() {
        return SharedStr::from_static("MULTI");
    }
    match pipeline_operation(pipeline) {
        Some(name) => SharedStr::from(format!("PIPELINE {name}")),
        None => SharedStr::from_static("PIPELINE"),
    }
}

/// The one command every entry of the pipeline runs, if there is one.
pub(super) fn pipeline_operation(pipeline: &Pipeline) -> Option<SharedStr> {
    let mut names = pipeline.cmd_iter().map(command_name);
    let first = names.next()?;
    names.all(|name| name == first).then_some(first)
}

/// The commands a span is most often named after, so that naming one copies
/// no text.
pub(super) const COMMON_COMMANDS: &[&str] = &[
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
pub(super) fn upper_case_name(name: &[u8]) -> SharedStr {
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
pub(super) fn database_name(db: i64) -> SharedStr {
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

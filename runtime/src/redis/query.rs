//! `db.query.text`: the command with the keys its key specification names
//! and `?` for every other argument; the table of those specifications.

use redis::Cmd;

use super::names::command_name;

/// Which arguments of a command are keys, after the commands' key
/// specifications; every other argument is recorded as `?`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Keys {
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
pub(super) const KEYS: &[(&str, Keys)] = &[
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

pub(super) fn keys_of(command: &str) -> Option<Keys> {
    KEYS.binary_search_by(|(name, _)| (*name).cmp(command))
        .ok()
        .map(|index| KEYS[index].1)
}

/// `GET key`, `SET key ?`, `EVAL ? 1 key ?`, `ECHO ?`: the command, its keys
/// (as the key specifications say), and `?` for every other argument.
pub(super) fn sanitised_query(cmd: &Cmd) -> String {
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

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

/// Slots of the table that finds a common command.
const SLOTS: usize = 128;

/// The slot of a name of two bytes or more: its length and its first,
/// second and last letters in upper case, mixed so that no two common
/// commands share a slot ([`COMMON_SLOTS`] is checked when compiled).
const fn slot(name: &[u8]) -> usize {
    const fn letter(name: &[u8], index: usize) -> usize {
        name[index].to_ascii_uppercase() as usize
    }
    let last = letter(name, name.len() - 1);
    (name.len() + 20 * letter(name, 0) + letter(name, 1) + 8 * last) % SLOTS
}

/// For each slot, the index in [`COMMON_COMMANDS`] of the command there, or
/// `u8::MAX`.
const COMMON_SLOTS: [u8; SLOTS] = {
    let mut slots = [u8::MAX; SLOTS];
    let mut index = 0;
    while index < COMMON_COMMANDS.len() {
        let slot = slot(COMMON_COMMANDS[index].as_bytes());
        assert!(slots[slot] == u8::MAX, "two common commands share a slot");
        slots[slot] = index as u8;
        index += 1;
    }
    slots
};

/// `name` in upper case: a constant for the common commands, found with one
/// comparison (not one per command in the list).
pub(super) fn upper_case_name(name: &[u8]) -> SharedStr {
    let common = (name.len() >= 2)
        .then(|| COMMON_SLOTS.get(slot(name)))
        .flatten()
        .and_then(|&index| COMMON_COMMANDS.get(usize::from(index)))
        // Clients mostly send the name in upper case: compared as it is
        // first, byte by byte in either case only if that fails.
        .filter(|common| common.as_bytes() == name || common.as_bytes().eq_ignore_ascii_case(name));
    match common {
        Some(common) => SharedStr::from_static(common),
        None => SharedStr::from(String::from_utf8_lossy(name).to_ascii_uppercase()),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_common_command_is_named_by_its_constant_in_any_case() {
        for &common in COMMON_COMMANDS {
            let lower = common.to_ascii_lowercase();
            for spelling in [common.to_owned(), lower.clone(), capitalised(&lower)] {
                let name = upper_case_name(spelling.as_bytes());
                assert_eq!(name.as_str(), common);
                assert!(is_constant(&name), "{spelling} copied its name");
            }
        }
    }

    #[test]
    fn any_other_command_is_upper_cased_whatever_its_length() {
        for (name, upper) in [
            ("client", "CLIENT"),
            ("Json.Get", "JSON.GET"),
            ("get2", "GET2"),
            ("ge", "GE"),
            ("", ""),
            ("xautoclaimmorethan15bytes", "XAUTOCLAIMMORETHAN15BYTES"),
            // The slot of a common command (same length, first, second and
            // last letters), another name.
            ("hgexall", "HGEXALL"),
            ("SMXMBERS", "SMXMBERS"),
            ("PubXish", "PUBXISH"),
            ("unwxtch", "UNWXTCH"),
        ] {
            let named = upper_case_name(name.as_bytes());
            assert_eq!(named.as_str(), upper);
            assert!(!is_constant(&named), "{name} taken for a common command");
        }
    }

    #[test]
    fn a_name_with_a_nul_or_a_byte_outside_utf8_is_no_common_command() {
        for (name, upper) in [
            (&b"GET\0"[..], "GET\0"),
            (b"\0GET", "\0GET"),
            (b"\xffGET", "\u{fffd}GET"),
            (b"GE\xff", "GE\u{fffd}"),
        ] {
            let named = upper_case_name(name);
            assert_eq!(named.as_str(), upper);
            assert!(!is_constant(&named), "{upper:?} taken for a common command");
        }
    }

    fn is_constant(name: &SharedStr) -> bool {
        matches!(name.to_cow(), std::borrow::Cow::Borrowed(_))
    }

    fn capitalised(lower: &str) -> String {
        let mut chars = lower.chars();
        chars
            .next()
            .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
            .unwrap_or_default()
    }
}

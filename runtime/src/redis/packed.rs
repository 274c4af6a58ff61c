//! Packed commands (RESP arrays of bulk strings, the sync path's input):
//! their names and how many a pipeline holds, never a wrong name for
//! malformed input.

use crate::text::SharedStr;

use super::names::upper_case_name;

/// The name of a packed command (`*2\r\n$3\r\nGET\r\n...`): its first bulk
/// string; `COMMAND` when it cannot be read.
pub(super) fn packed_name(packed: &[u8]) -> SharedStr {
    match packed_commands(packed).as_deref() {
        Some([Some(name), ..]) => upper_case_name(name),
        _ => SharedStr::from_static("COMMAND"),
    }
}

/// `MULTI` or `PIPELINE`/`PIPELINE GET` for packed commands; `PIPELINE` when
/// they cannot be read.
pub(super) fn packed_pipeline_name(packed: &[u8]) -> SharedStr {
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
pub(super) fn packed_batch_size(packed: &[u8], count: usize) -> usize {
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
pub(super) fn packed_commands(packed: &[u8]) -> Option<Vec<Option<&[u8]>>> {
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

pub(super) fn split_line(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let end = bytes.windows(2).position(|w| w == b"\r\n")?;
    Some((&bytes[..end], &bytes[end + 2..]))
}

//! SQL text as tokens, in PostgreSQL's lexical forms and the common ones of
//! other databases: what is a literal (a value that may be a secret), what is
//! a comment, what is a word. Never fails: text it cannot read (an unclosed
//! quote, say) becomes one literal up to the end, so nothing after it leaks.

/// What a piece of the text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Spaces, tabs, newlines.
    Space,
    /// `-- ...` up to the end of the line, `/* ... */` (nested).
    Comment,
    /// A value written in the text: a string in any of its forms (`'...'`,
    /// `E'...'`, `U&'...'`, `B'...'`, `X'...'`, `N'...'`, `$$...$$`,
    /// `$tag$...$tag$`), a number (with its sign, as the conventions' cases
    /// want), a hexadecimal number.
    Literal,
    /// `$1`, `?`: the value is sent apart from the text.
    Placeholder,
    /// A keyword or identifier, dotted names and quoted identifiers
    /// included (`dbo.Table`, `"Users"`, `@UserId`).
    Word,
    /// Anything else, one character at a time (`(`, `,`, `;`, `::` as two).
    Punct,
}

/// The tokens of `sql`, in order; together they cover it exactly.
pub(crate) fn tokens(sql: &str) -> Lexer<'_> {
    Lexer { sql, at: 0 }
}

pub(crate) struct Lexer<'a> {
    sql: &'a str,
    at: usize,
}

impl<'a> Iterator for Lexer<'a> {
    type Item = (Kind, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let rest = &self.sql.as_bytes()[self.at..];
        let first = *rest.first()?;
        let second = rest.get(1).copied();
        let third = rest.get(2).copied();
        let (kind, len) = match first {
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => (Kind::Space, run(rest, is_space)),
            b'-' if second == Some(b'-') => (
                Kind::Comment,
                rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len()),
            ),
            b'/' if second == Some(b'*') => (Kind::Comment, block_comment(rest)),
            b'\'' => (Kind::Literal, quoted(rest, 0, false)),
            b'E' | b'e' if second == Some(b'\'') => (Kind::Literal, quoted(rest, 1, true)),
            b'B' | b'b' | b'X' | b'x' | b'N' | b'n' if second == Some(b'\'') => {
                (Kind::Literal, quoted(rest, 1, false))
            }
            b'U' | b'u' if second == Some(b'&') && third == Some(b'\'') => {
                (Kind::Literal, quoted(rest, 2, false))
            }
            b'$' if second.is_some_and(|b| b.is_ascii_digit()) => (
                Kind::Placeholder,
                1 + run(&rest[1..], |b| b.is_ascii_digit()),
            ),
            b'$' => match dollar_quoted(rest) {
                Some(len) => (Kind::Literal, len),
                None => (Kind::Punct, 1),
            },
            b'?' => (Kind::Placeholder, 1),
            b'"' => (Kind::Word, dotted(rest, quoted_identifier(rest))),
            b'0'..=b'9' => (Kind::Literal, number(rest)),
            b'.' if second.is_some_and(|b| b.is_ascii_digit()) => (Kind::Literal, number(rest)),
            // A sign written against a number is part of it (`-12`, and
            // `99+100` is two literals, as the conventions' cases have it).
            b'+' | b'-'
                if second.is_some_and(|b| b.is_ascii_digit())
                    || (second == Some(b'.') && third.is_some_and(|b| b.is_ascii_digit())) =>
            {
                (Kind::Literal, 1 + number(&rest[1..]))
            }
            b'@' if second.is_some_and(is_word_start) => {
                (Kind::Word, dotted(rest, 1 + run(&rest[1..], is_word)))
            }
            b if is_word_start(b) => (Kind::Word, dotted(rest, run(rest, is_word))),
            _ => (Kind::Punct, char_len(first)),
        };
        let len = len.clamp(1, rest.len());
        let token = &self.sql[self.at..self.at + len];
        self.at += len;
        Some((kind, token))
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Letters, `_`, and every byte of a non-ASCII character (identifiers may
/// hold them; a multi-byte character is never split).
fn is_word_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

fn is_word(b: u8) -> bool {
    is_word_start(b) || b.is_ascii_digit() || b == b'$'
}

fn run(bytes: &[u8], f: impl Fn(u8) -> bool) -> usize {
    bytes.iter().position(|&b| !f(b)).unwrap_or(bytes.len())
}

/// The length of the UTF-8 character that starts with `b`.
fn char_len(b: u8) -> usize {
    match b {
        0xf0.. => 4,
        0xe0.. => 3,
        0xc0.. => 2,
        _ => 1,
    }
}

/// `/* ... */`, nested as PostgreSQL nests them; to the end when unclosed.
fn block_comment(bytes: &[u8]) -> usize {
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1)) {
            (b'/', Some(b'*')) => {
                depth += 1;
                i += 2;
            }
            (b'*', Some(b'/')) => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

/// A string whose quote is at `open`: `''` is a quote inside it, and with
/// `backslash` (`E'...'`) so is `\'`. To the end when unclosed.
fn quoted(bytes: &[u8], open: usize, backslash: bool) -> usize {
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if backslash => i += 2,
            b'\'' if bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b'\'' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// `"..."` with `""` inside.
fn quoted_identifier(bytes: &[u8]) -> usize {
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'"' if bytes.get(i + 1) == Some(&b'"') => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// A word of `len` bytes continued by `.name` or `."name"` parts.
fn dotted(bytes: &[u8], mut len: usize) -> usize {
    while bytes.get(len) == Some(&b'.') {
        match bytes.get(len + 1) {
            Some(b'"') => len += 1 + quoted_identifier(&bytes[len + 1..]),
            Some(&b) if is_word_start(b) => len += 1 + run(&bytes[len + 1..], is_word),
            _ => break,
        }
    }
    len
}

/// `$$...$$` or `$tag$...$tag$`; `None` when `$` opens no such quote.
fn dollar_quoted(bytes: &[u8]) -> Option<usize> {
    let tag_len = run(&bytes[1..], |b| b.is_ascii_alphanumeric() || b == b'_');
    if bytes.get(1 + tag_len) != Some(&b'$') || bytes.get(1).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let tag = &bytes[..tag_len + 2];
    let body = &bytes[tag.len()..];
    Some(
        body.windows(tag.len())
            .position(|window| window == tag)
            .map_or(bytes.len(), |at| tag.len() + at + tag.len()),
    )
}

/// `12`, `12.34`, `.5`, `1e10`, `12.34e-56`, `0xDEADBEEF`, `0b101`, `0o17`,
/// `1_000`.
fn number(bytes: &[u8]) -> usize {
    if bytes.first() == Some(&b'0') {
        if let Some(b'x' | b'X' | b'b' | b'B' | b'o' | b'O') = bytes.get(1) {
            let digits = run(&bytes[2..], |b| b.is_ascii_hexdigit() || b == b'_');
            if digits > 0 {
                return 2 + digits;
            }
        }
    }
    let digit = |b: u8| b.is_ascii_digit() || b == b'_';
    let mut i = run(bytes, digit);
    if bytes.get(i) == Some(&b'.') {
        i += 1 + run(&bytes[i + 1..], digit);
    }
    if let Some(b'e' | b'E') = bytes.get(i) {
        let sign = usize::from(matches!(bytes.get(i + 1), Some(b'+' | b'-')));
        let digits = run(&bytes[i + 1 + sign..], |b| b.is_ascii_digit());
        if digits > 0 {
            i += 1 + sign + digits;
        }
    }
    i
}

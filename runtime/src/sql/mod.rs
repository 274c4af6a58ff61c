//! SQL text for `db.query.text` and `db.query.summary`, as the database
//! semantic conventions describe them; used by the PostgreSQL proxy and
//! usable for any SQL client.
//!
//! - [`sanitize`] replaces every literal with `?` and removes comments,
//!   keeping everything else as written: `SELECT * FROM users WHERE name =
//!   'alice' -- admin` becomes `SELECT * FROM users WHERE name = ? `.
//!   Placeholders (`$1`, `?`) stay: their values are sent apart from the
//!   text.
//! - [`summarize`] gives the low-cardinality summary that names the span:
//!   each operation and the tables it names, in order, as written (`SELECT
//!   users`, `INSERT shipping_details SELECT orders`, `CREATE TABLE users`),
//!   at most 255 characters, cut between words.
//!
//! Both read PostgreSQL's lexical forms (`$1`, `E'...'` with backslash
//! escapes, `U&'...'`, `B'...'`, `X'...'`, `$$...$$` and `$tag$...$tag$`,
//! `::` casts, nested `/* */` comments, quoted identifiers) and those of
//! other databases (`0x...`, `N'...'`, `@variables`). They never fail:
//! text they cannot read (an unclosed quote) is a literal up to its end.
//!
//! ```
//! use instrument_proxy::sql::{sanitize, summarize};
//!
//! let sql = "SELECT * FROM orders o JOIN customers c ON o.customer = c.id WHERE o.total > 100";
//! assert_eq!(
//!     sanitize(sql),
//!     "SELECT * FROM orders o JOIN customers c ON o.customer = c.id WHERE o.total > ?"
//! );
//! assert_eq!(summarize(sql), "SELECT orders customers");
//! assert_eq!(sanitize("SELECT $1::text, E'it\\'s'"), "SELECT $1::text, ?");
//! ```

use std::borrow::Cow;

mod lexer;
pub(crate) mod summary;

use lexer::{tokens, Kind};
pub use summary::summarize;

/// `sql` with every literal replaced by `?` and comments removed; the rest
/// as written. Text with neither is returned as it is, without a copy.
#[must_use]
pub fn sanitize(sql: &str) -> Cow<'_, str> {
    if !tokens(sql).any(|(kind, _)| matches!(kind, Kind::Literal | Kind::Comment)) {
        return Cow::Borrowed(sql);
    }
    let mut out = String::with_capacity(sql.len());
    for (kind, text) in tokens(sql) {
        match kind {
            Kind::Literal => out.push('?'),
            Kind::Comment => {}
            _ => out.push_str(text),
        }
    }
    Cow::Owned(out)
}

/// The statements of `sql`, for `db.operation.batch.size` and a batch's
/// summary: separated by `;` outside literals, comments and parentheses,
/// each without its `;`, empty ones left out.
///
/// ```
/// let batch = "BEGIN; UPDATE t SET a = ';'; COMMIT;";
/// assert_eq!(
///     instrument_proxy::sql::statements(batch).collect::<Vec<_>>(),
///     ["BEGIN", " UPDATE t SET a = ';'", " COMMIT"]
/// );
/// ```
pub fn statements(sql: &str) -> impl Iterator<Item = &str> {
    let mut at = 0;
    let mut start = 0;
    let mut depth = 0usize;
    let mut open = false;
    let mut bounds = Vec::new();
    for (kind, text) in tokens(sql) {
        match (kind, text) {
            (Kind::Space | Kind::Comment, _) => {}
            (Kind::Punct, ";") if depth == 0 => {
                if open {
                    bounds.push((start, at));
                }
                open = false;
                start = at + 1;
            }
            (Kind::Punct, "(") => {
                depth += 1;
                open = true;
            }
            (Kind::Punct, ")") => {
                depth = depth.saturating_sub(1);
                open = true;
            }
            _ => open = true,
        }
        at += text.len();
    }
    if open {
        bounds.push((start, sql.len()));
    }
    bounds.into_iter().map(move |(start, end)| &sql[start..end])
}

/// The number of [`statements`] in `sql`.
#[must_use]
pub fn statement_count(sql: &str) -> usize {
    statements(sql).count()
}

#[cfg(test)]
mod tests;

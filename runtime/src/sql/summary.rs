//! `db.query.summary`: the operations of a query and the tables they name.

use super::lexer::{tokens, Kind};

/// The longest summary; a longer one is cut between words.
const MAX_LEN: usize = 255;

/// Statements whose first word is their whole summary, or that continue
/// with the name they act on (`EXEC GetAll`, `TRUNCATE orders`).
const OPERATIONS: &[&str] = &[
    "ANALYZE",
    "BEGIN",
    "CALL",
    "CHECKPOINT",
    "CLOSE",
    "CLUSTER",
    "COMMENT",
    "COMMIT",
    "COPY",
    "DEALLOCATE",
    "DECLARE",
    "DELETE",
    "DISCARD",
    "DO",
    "EXEC",
    "EXECUTE",
    "EXPLAIN",
    "FETCH",
    "GRANT",
    "IMPORT",
    "INSERT",
    "LISTEN",
    "LOAD",
    "LOCK",
    "MERGE",
    "MOVE",
    "NOTIFY",
    "PREPARE",
    "REASSIGN",
    "REFRESH",
    "REINDEX",
    "RELEASE",
    "RESET",
    "REVOKE",
    "ROLLBACK",
    "SAVEPOINT",
    "SECURITY",
    "SELECT",
    "SET",
    "SHOW",
    "START",
    "TRUNCATE",
    "UNLISTEN",
    "UPDATE",
    "UPSERT",
    "VACUUM",
];

/// Operations followed by the name of what they run or act on.
const NAMED: &[&str] = &["CALL", "EXEC", "EXECUTE", "TRUNCATE", "COPY", "REFRESH"];

/// `CREATE` / `ALTER` / `DROP`: words between the verb and the kind of
/// object that the summary leaves out.
const DDL_MODIFIERS: &[&str] = &[
    "UNIQUE",
    "CLUSTERED",
    "NONCLUSTERED",
    "OR",
    "REPLACE",
    "TEMP",
    "TEMPORARY",
    "UNLOGGED",
    "GLOBAL",
    "LOCAL",
    "RECURSIVE",
    "CONCURRENTLY",
    "FOREIGN",
    "DEFAULT",
    "CONSTRAINT",
    "TRUSTED",
    "PROCEDURAL",
];

/// Kinds of objects whose definition holds statements of its own (`AS
/// BEGIN ...; END;`): the summary ends with their name.
const WITH_BODY: &[&str] = &[
    "PROCEDURE",
    "FUNCTION",
    "TRIGGER",
    "RULE",
    "VIEW",
    "PACKAGE",
];

/// A set operation: the `SELECT` after it is part of the same query.
const SET_OPERATIONS: &[&str] = &["UNION", "INTERSECT", "EXCEPT", "MINUS"];

/// What follows a table in a `FROM` list: its alias, then `,` and the next
/// table.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FromList {
    Off,
    /// A table was named at this parenthesis depth.
    AfterTable(usize),
}

/// The summary of `sql` for `db.query.summary` and the span name: each
/// operation and the tables it names, in order, as written (`SELECT users`,
/// `INSERT shipping_details SELECT orders`; `CREATE TABLE users`, `DROP
/// INDEX users_email`; `EXEC GetAll`), at most 255 characters, cut between
/// words. Empty when the text names no operation it recognises.
#[must_use]
pub fn summarize(sql: &str) -> String {
    let mut words = tokens(sql)
        .filter(|(kind, _)| !matches!(kind, Kind::Space | Kind::Comment))
        .peekable();
    let mut parts: Vec<&str> = Vec::new();
    let mut expect_table = false;
    let mut from_list = FromList::Off;
    let mut depth = 0usize;
    // The token before this one: `None` at the start of a statement.
    let mut previous: Option<(Kind, &str)> = None;
    let mut after_set_operation = false;
    // Skipping to the next statement (a definition was summarised).
    let mut skip_statement = false;
    while let Some((kind, text)) = words.next() {
        let before = previous.replace((kind, text));
        if kind == Kind::Punct && text == ";" {
            previous = None;
            skip_statement = false;
            expect_table = false;
            from_list = FromList::Off;
            depth = 0;
            continue;
        }
        if skip_statement {
            continue;
        }
        match text {
            "(" if kind == Kind::Punct => {
                depth += 1;
                expect_table = false;
                continue;
            }
            ")" if kind == Kind::Punct => {
                depth = depth.saturating_sub(1);
                if matches!(from_list, FromList::AfterTable(at) if at > depth) {
                    from_list = FromList::Off;
                }
                continue;
            }
            _ => {}
        }
        let word = kind == Kind::Word;
        let keyword = |name: &str| word && text.eq_ignore_ascii_case(name);
        let is_any = |list: &[&str]| list.iter().any(|name| keyword(name));
        if expect_table {
            if keyword("ONLY") || keyword("LATERAL") {
                continue;
            }
            expect_table = false;
            if word {
                parts.push(text);
                from_list = FromList::AfterTable(depth);
                continue;
            }
        }
        if let FromList::AfterTable(at) = from_list {
            match text {
                "," if kind == Kind::Punct && at == depth => {
                    expect_table = true;
                    continue;
                }
                // `AS` and the alias: a name that is no clause's keyword.
                _ if word && (keyword("AS") || !is_clause_keyword(text)) => continue,
                _ => from_list = FromList::Off,
            }
        }
        if !word {
            continue;
        }
        // Where a statement starts: the text's start, after `;`, or a
        // parenthesis (a subquery, a common table expression).
        let starts = match before {
            None | Some((Kind::Punct, "(")) => true,
            // After a common table expression: its main statement.
            Some((Kind::Punct, ")")) => is_any(&["SELECT", "INSERT", "UPDATE", "DELETE", "MERGE"]),
            Some((Kind::Word, previous)) => previous.eq_ignore_ascii_case("EXPLAIN"),
            _ => false,
        };
        if is_any(SET_OPERATIONS) {
            after_set_operation = true;
            continue;
        }
        if keyword("ALL") || keyword("DISTINCT") {
            continue;
        }
        if starts && is_any(&["CREATE", "ALTER", "DROP"]) {
            let (summary, has_body) = definition(text, &mut words);
            parts.extend(summary);
            if has_body {
                break;
            }
            skip_statement = true;
            continue;
        }
        if keyword("FROM") || keyword("JOIN") || keyword("INTO") {
            expect_table = true;
            continue;
        }
        // `SELECT` wherever it is; the other operations where a statement
        // starts (not `FOR UPDATE`, `ON CONFLICT DO UPDATE`, `ON DELETE`).
        if keyword("SELECT") || (starts && is_any(OPERATIONS)) {
            if !(after_set_operation && keyword("SELECT")) {
                parts.push(text);
            }
            after_set_operation = false;
            if keyword("UPDATE") {
                expect_table = true;
            } else if is_any(NAMED) {
                let noise = ["TABLE", "ONLY", "MATERIALIZED", "VIEW", "CONCURRENTLY"];
                while words
                    .next_if(|(kind, text)| {
                        *kind == Kind::Word && noise.iter().any(|n| text.eq_ignore_ascii_case(n))
                    })
                    .is_some()
                {}
                if let Some((_, name)) = words.next_if(|(kind, _)| *kind == Kind::Word) {
                    parts.push(name);
                }
                // Its arguments (`COPY t FROM STDIN`) name no table.
                skip_statement = true;
            }
        }
    }
    limited(&parts)
}

/// `CREATE [modifiers] KIND [IF [NOT] EXISTS] name`: the verb, the kind and
/// the name, and whether the object has a body of statements.
fn definition<'a>(
    verb: &'a str,
    words: &mut std::iter::Peekable<impl Iterator<Item = (Kind, &'a str)>>,
) -> (Vec<&'a str>, bool) {
    let mut summary = vec![verb];
    let mut kind_words = Vec::new();
    while let Some((_, text)) = words.next_if(|(kind, _)| *kind == Kind::Word) {
        if DDL_MODIFIERS.iter().any(|m| text.eq_ignore_ascii_case(m)) {
            continue;
        }
        kind_words.push(text);
        // Two-word kinds: `MATERIALIZED VIEW`, `FOREIGN TABLE` (FOREIGN is a
        // modifier above), `EVENT TRIGGER`, `ACCESS METHOD`, ...
        let more = ["MATERIALIZED", "EVENT", "ACCESS", "TEXT", "USER"];
        let two_words = more.iter().any(|m| text.eq_ignore_ascii_case(m))
            && words
                .peek()
                .is_some_and(|(kind, next)| *kind == Kind::Word && is_object_kind(next));
        if !two_words {
            break;
        }
    }
    let Some(&object_kind) = kind_words.last() else {
        return (summary, false);
    };
    summary.extend(&kind_words);
    // CONCURRENTLY, IF [NOT] EXISTS
    while words
        .next_if(|(kind, text)| {
            *kind == Kind::Word
                && ["IF", "NOT", "EXISTS", "CONCURRENTLY"]
                    .iter()
                    .any(|w| text.eq_ignore_ascii_case(w))
        })
        .is_some()
    {}
    if let Some((_, name)) = words.next_if(|(kind, _)| *kind == Kind::Word) {
        summary.push(name);
    }
    let has_body = WITH_BODY
        .iter()
        .any(|k| object_kind.eq_ignore_ascii_case(k));
    (summary, has_body)
}

fn is_object_kind(word: &str) -> bool {
    [
        "VIEW", "TABLE", "TRIGGER", "METHOD", "SEARCH", "MAPPING", "WRAPPER", "SERVER",
    ]
    .iter()
    .any(|k| word.eq_ignore_ascii_case(k))
}

/// Keywords that start a clause or a join after a table in a `FROM` list:
/// no alias is one of them.
fn is_clause_keyword(word: &str) -> bool {
    [
        "WHERE",
        "GROUP",
        "ORDER",
        "HAVING",
        "LIMIT",
        "OFFSET",
        "FETCH",
        "FOR",
        "UNION",
        "INTERSECT",
        "EXCEPT",
        "MINUS",
        "WINDOW",
        "JOIN",
        "INNER",
        "LEFT",
        "RIGHT",
        "FULL",
        "CROSS",
        "NATURAL",
        "OUTER",
        "ON",
        "USING",
        "SET",
        "VALUES",
        "RETURNING",
        "SELECT",
        "FROM",
        "INTO",
        "TABLESAMPLE",
        "WITH",
        "STRAIGHT_JOIN",
        "LATERAL",
        "DEFAULT",
        "ON",
        "DO",
        "INSERT",
        "UPDATE",
        "DELETE",
        "AND",
        "OR",
        "NOT",
        "WHEN",
        "THEN",
        "END",
        "AS",
    ]
    .iter()
    .any(|k| word.eq_ignore_ascii_case(k))
}

/// The parts joined by spaces, as many whole parts as fit in 255
/// characters.
fn limited(parts: &[&str]) -> String {
    let mut summary = String::new();
    for part in parts {
        let needed = part.len() + usize::from(!summary.is_empty());
        if summary.len() + needed > MAX_LEN {
            break;
        }
        if !summary.is_empty() {
            summary.push(' ');
        }
        summary.push_str(part);
    }
    summary
}

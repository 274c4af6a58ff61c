//! The PostgreSQL proxy against a real server (started by the test support
//! in a temporary data directory): what a backend receives for queries,
//! prepared statements, batches, transactions and errors with their real
//! SQLSTATEs, a deadpool connection, and a planted secret that never
//! reaches a span.
mod support;

use instrument_proxy::postgres::{connect, Traced, TracedClient, TracedPool};
use opentelemetry::trace::SpanKind;
use opentelemetry_sdk::trace::SpanData;
use support::postgres_server::PostgresServer;
use support::*;

/// The pinned conventions have `db.response.returned_rows` only behind their
/// experimental feature, and the runtime keeps its own constant: the spans
/// are checked against the conventions' name.
const RETURNED_ROWS: &str =
    opentelemetry_semantic_conventions::attribute::DB_RESPONSE_RETURNED_ROWS;

fn int(span: &SpanData, key: &str) -> Option<i64> {
    match attribute(span, key)? {
        opentelemetry::Value::I64(value) => Some(value),
        other => panic!("{key} is {other:?}, not an integer"),
    }
}

async fn client(server: &PostgresServer) -> TracedClient {
    let (client, connection) = connect(&server.config("postgres"), tokio_postgres::NoTls)
        .await
        .expect("connected");
    tokio::spawn(connection);
    client
}

/// Every span of the proxy: a CLIENT span with the database conventions.
fn assert_database_span(span: &SpanData, server: &PostgresServer) {
    assert_eq!(span.span_kind, SpanKind::Client, "{}", span.name);
    assert_eq!(
        string_attribute(span, "db.system.name").as_deref(),
        Some("postgresql")
    );
    assert_eq!(
        string_attribute(span, "db.namespace").as_deref(),
        Some("postgres")
    );
    assert_server(span, "127.0.0.1", server.port);
}

#[test]
fn queries_are_client_spans_named_by_their_summary_with_the_database_conventions() {
    let server = PostgresServer::start();
    let capture = Capture::start();
    block_on(async {
        let client = client(&server).await;
        client
            .batch_execute(
                "CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL); \
                 CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users (id))",
            )
            .await
            .unwrap();
        let inserted = client
            .execute(
                "INSERT INTO users (id, name) VALUES ($1, $2), ($3, $4)",
                &[&1_i32, &"ada", &2_i32, &"alan"],
            )
            .await
            .unwrap();
        assert_eq!(inserted, 2);
        let rows = client
            .query("SELECT id, name FROM users ORDER BY id", &[])
            .await
            .unwrap();
        assert_eq!(rows.len(), 2);
        let by_id = client
            .prepare("SELECT name FROM users WHERE id = $1")
            .await
            .unwrap();
        let row = client.query_one(&by_id, &[&2_i32]).await.unwrap();
        assert_eq!(row.get::<_, &str>(0), "alan");
        let none = client.query_opt(&by_id, &[&3_i32]).await.unwrap();
        assert!(none.is_none());
    });
    let spans = capture.spans();
    assert_eq!(
        names(&spans),
        [
            "BATCH",
            "INSERT users",
            "SELECT users",
            "PREPARE SELECT users",
            "SELECT users",
            "SELECT users"
        ]
    );
    for span in &spans {
        assert_database_span(span, &server);
        assert!(!is_error(span), "{}", span.name);
    }
    let batch = &spans[0];
    assert_eq!(int(batch, "db.operation.batch.size"), Some(2));
    assert_eq!(
        string_attribute(batch, "db.query.summary").as_deref(),
        Some("BATCH")
    );
    let insert = &spans[1];
    assert_eq!(
        string_attribute(insert, "db.query.text").as_deref(),
        Some("INSERT INTO users (id, name) VALUES ($1, $2), ($3, $4)"),
        "parameterised text is recorded as written"
    );
    assert_eq!(int(&spans[2], RETURNED_ROWS), Some(2));
    // The prepared statement keeps its text: its executions record it.
    for execution in &spans[4..] {
        assert_eq!(
            string_attribute(execution, "db.query.text").as_deref(),
            Some("SELECT name FROM users WHERE id = $1")
        );
        assert_eq!(
            string_attribute(execution, "db.query.summary").as_deref(),
            Some("SELECT users")
        );
    }
    assert_eq!(int(&spans[4], RETURNED_ROWS), Some(1));
    assert_eq!(int(&spans[5], RETURNED_ROWS), Some(0));
    capture.assert_all_ended();
}

#[test]
fn database_errors_carry_their_sqlstate() {
    let server = PostgresServer::start();
    let capture = Capture::start();
    block_on(async {
        let client = client(&server).await;
        client
            .batch_execute("CREATE TABLE accounts (id int PRIMARY KEY)")
            .await
            .unwrap();
        let error = client.query("SELECT 1/0", &[]).await.unwrap_err();
        assert_eq!(error.code().map(|c| c.code()), Some("22012"));
        client
            .execute("INSERT INTO accounts VALUES ($1)", &[&1_i32])
            .await
            .unwrap();
        let error = client
            .execute("INSERT INTO accounts VALUES ($1)", &[&1_i32])
            .await
            .unwrap_err();
        assert_eq!(error.code().map(|c| c.code()), Some("23505"));
        client
            .simple_query("SELECT * FROM missing_table")
            .await
            .unwrap_err();
    });
    let spans = capture.spans();
    for (name, code) in [
        ("SELECT", "22012"),
        ("INSERT accounts", "23505"),
        ("SELECT missing_table", "42P01"),
    ] {
        let span = spans
            .iter()
            .rfind(|s| s.name == name && is_error(s))
            .unwrap_or_else(|| panic!("a failed {name}: {:?}", names(&spans)));
        assert_failed_with(span, code);
        assert_eq!(
            string_attribute(span, "db.response.status_code").as_deref(),
            Some(code)
        );
        assert_database_span(span, &server);
    }
    capture.assert_all_ended();
}

#[test]
fn a_stopped_server_fails_the_call_as_a_closed_connection() {
    let server = PostgresServer::start();
    let capture = Capture::start();
    block_on(async {
        let client = client(&server).await;
        client.simple_query("SELECT 1").await.unwrap();
        server.stop();
        let error = client.query("SELECT 1", &[]).await.unwrap_err();
        assert!(error.code().is_none(), "{error}");
    });
    let spans = capture.spans();
    let failed = spans.iter().find(|s| is_error(s)).expect("a failed span");
    let error_type = string_attribute(failed, "error.type").expect("error.type");
    assert!(
        ["closed", "io"].contains(&error_type.as_str()),
        "error.type {error_type}"
    );
    assert_eq!(attribute(failed, "db.response.status_code"), None);
    capture.assert_all_ended();
}

#[test]
fn a_secret_literal_in_a_simple_query_never_reaches_a_span() {
    let server = PostgresServer::start();
    let capture = Capture::start();
    const SECRET: &str = "hunter2-planted-secret";
    block_on(async {
        let client = client(&server).await;
        client
            .batch_execute(&format!(
                "CREATE TABLE logins (password text); INSERT INTO logins VALUES ('{SECRET}')"
            ))
            .await
            .unwrap();
        let rows = client
            .simple_query(&format!(
                "SELECT count(*) FROM logins WHERE password = '{SECRET}' /* {SECRET} */"
            ))
            .await
            .unwrap();
        assert!(!rows.is_empty());
        client
            .query(&format!("SELECT E'{SECRET}', $$ {SECRET} $$"), &[])
            .await
            .unwrap();
        client.query("SELECT $1::text", &[&SECRET]).await.unwrap();
    });
    let spans = capture.spans();
    assert_no_secret(&spans, &[SECRET]);
    let select = spans
        .iter()
        .find(|s| s.name == "SELECT logins")
        .expect("the simple query's span");
    assert_eq!(
        string_attribute(select, "db.query.text").as_deref(),
        Some("SELECT count(*) FROM logins WHERE password = ? ")
    );
    assert_eq!(int(select, RETURNED_ROWS), Some(1));
    capture.assert_all_ended();
}

#[test]
fn parameter_values_are_recorded_only_when_asked_for_on_both_routes() {
    const SECRET: &str = "hunter2-parameter-secret";
    let server = PostgresServer::start();
    for (route, capture) in [
        ("tracing", Capture::start as fn() -> Capture),
        ("opentelemetry", Capture::global_otel),
    ] {
        let capture = capture();
        block_on(async {
            let client = client(&server).await;
            client.query("SELECT $1::text", &[&SECRET]).await.unwrap();
            let client = client.with_parameter_values(true);
            let row = client
                .query_one("SELECT $1::text || $2::int", &[&"ada", &7_i32])
                .await
                .unwrap();
            assert_eq!(row.get::<_, &str>(0), "ada7");
            client
                .execute_typed(
                    "SELECT $1",
                    &[(&Some(1.5_f64), tokio_postgres::types::Type::FLOAT8)],
                )
                .await
                .unwrap();
        });
        let spans = capture.spans();
        assert_eq!(names(&spans), ["SELECT", "SELECT", "SELECT"], "{route}");
        assert_no_secret(&spans, &[SECRET]);
        assert!(
            !spans[0]
                .attributes
                .iter()
                .any(|kv| kv.key.as_str().starts_with("db.query.parameter.")),
            "{route}: no values unless asked for"
        );
        assert_eq!(
            string_attribute(&spans[1], "db.query.parameter.0").as_deref(),
            Some("ada"),
            "{route}: a string without its quotes"
        );
        assert_eq!(
            string_attribute(&spans[1], "db.query.parameter.1").as_deref(),
            Some("7"),
            "{route}"
        );
        assert_eq!(
            string_attribute(&spans[2], "db.query.parameter.0").as_deref(),
            Some("Some(1.5)"),
            "{route}: the value's Debug form"
        );
        capture.assert_all_ended();
    }
}

#[test]
fn a_transaction_has_begin_commit_rollback_savepoint_and_portal_spans() {
    let server = PostgresServer::start();
    let capture = Capture::start();
    block_on(async {
        let mut client = client(&server).await;
        client
            .batch_execute("CREATE TABLE ledger (amount int)")
            .await
            .unwrap();
        let transaction = client.transaction().await.unwrap();
        transaction
            .execute("INSERT INTO ledger VALUES ($1)", &[&10_i32])
            .await
            .unwrap();
        transaction.commit().await.unwrap();
        let transaction = client.transaction().await.unwrap();
        transaction
            .execute("INSERT INTO ledger VALUES ($1)", &[&20_i32])
            .await
            .unwrap();
        transaction.rollback().await.unwrap();
        let total: i64 = client
            .query_one("SELECT sum(amount) FROM ledger", &[])
            .await
            .unwrap()
            .get(0);
        assert_eq!(total, 10);

        // A named savepoint, and a portal fetched a row at a time: each
        // fetch is named by the statement it was bound from.
        let mut transaction = client.transaction().await.unwrap();
        let savepoint = transaction.savepoint("before_more").await.unwrap();
        savepoint
            .execute("INSERT INTO ledger VALUES ($1)", &[&5_i32])
            .await
            .unwrap();
        savepoint.commit().await.unwrap();
        let portal = transaction
            .bind("SELECT amount FROM ledger WHERE amount > $1", &[&0_i32])
            .await
            .unwrap();
        let first = transaction.query_portal(&portal, 1).await.unwrap();
        assert_eq!(first.len(), 1);
        let rest = transaction.query_portal(&portal, 0).await.unwrap();
        assert_eq!(rest.len(), 1);
        transaction.rollback().await.unwrap();
    });
    let spans = capture.spans();
    assert_eq!(
        names(&spans),
        [
            "CREATE TABLE ledger",
            "BEGIN",
            "INSERT ledger",
            "COMMIT",
            "BEGIN",
            "INSERT ledger",
            "ROLLBACK",
            "SELECT ledger",
            "BEGIN",
            "SAVEPOINT",
            "INSERT ledger",
            "RELEASE",
            "BIND SELECT ledger",
            "SELECT ledger",
            "SELECT ledger",
            "ROLLBACK",
        ]
    );
    for span in &spans {
        assert_database_span(span, &server);
        assert!(!is_error(span), "{}", span.name);
    }
    let fetches: Vec<Option<i64>> = spans[13..15]
        .iter()
        .map(|span| int(span, RETURNED_ROWS))
        .collect();
    assert_eq!(fetches, [Some(1), Some(1)]);
    assert_eq!(
        string_attribute(&spans[13], "db.query.text").as_deref(),
        Some("SELECT amount FROM ledger WHERE amount > $1"),
        "a fetch records the text its portal was bound from"
    );
    capture.assert_all_ended();
}

#[test]
fn a_deadpool_connection_is_traced_while_it_is_borrowed_or_from_a_traced_pool() {
    let server = PostgresServer::start();
    let capture = Capture::start();
    block_on(async {
        let config: tokio_postgres::Config = server.config("postgres").parse().unwrap();
        let manager = deadpool_postgres::Manager::new(config.clone(), tokio_postgres::NoTls);
        let pool = deadpool_postgres::Pool::builder(manager)
            .max_size(2)
            .build()
            .unwrap();
        {
            let mut connection = pool.get().await.unwrap();
            let mut client = Traced::borrowed(&mut connection, &config);
            let row = client.query_one("SELECT 41 + 1", &[]).await.unwrap();
            assert_eq!(row.get::<_, i32>(0), 42);
            let transaction = client.transaction().await.unwrap();
            transaction.commit().await.unwrap();
        }

        // deadpool's statement cache, through the traced pool: both
        // preparations are spans, the second served by the cache.
        let pool = TracedPool::new(pool, &config);
        let mut client = pool.get().await.unwrap();
        client.prepare_cached("SELECT $1::int + 1").await.unwrap();
        let again = client.prepare_cached("SELECT $1::int + 1").await.unwrap();
        assert_eq!(
            client.inner().statement_cache.size(),
            1,
            "one statement in the connection's cache: it served the second"
        );
        let row = client.query_one(&again, &[&1_i32]).await.unwrap();
        assert_eq!(row.get::<_, i32>(0), 2);
        let transaction = client.transaction().await.unwrap();
        let inside = transaction
            .prepare_typed_cached("SELECT $1 + 2", &[tokio_postgres::types::Type::INT4])
            .await
            .unwrap();
        let row = transaction.query_one(&inside, &[&1_i32]).await.unwrap();
        assert_eq!(row.get::<_, i32>(0), 3);
        transaction.rollback().await.unwrap();
    });
    let spans = capture.spans();
    assert_eq!(
        names(&spans),
        [
            "SELECT",
            "BEGIN",
            "COMMIT",
            "PREPARE SELECT",
            "PREPARE SELECT",
            "SELECT",
            "BEGIN",
            "PREPARE SELECT",
            "SELECT",
            "ROLLBACK"
        ]
    );
    assert_eq!(
        string_attribute(&spans[0], "db.query.text").as_deref(),
        Some("SELECT ? + ?"),
        "literals are sanitised in any query"
    );
    assert_eq!(
        string_attribute(&spans[5], "db.query.text").as_deref(),
        Some("SELECT $1::int + ?"),
        "a cached statement keeps its text"
    );
    for span in &spans {
        assert_database_span(span, &server);
        assert!(!is_error(span), "{}", span.name);
    }
    capture.assert_all_ended();
}

#[test]
fn a_row_stream_keeps_its_span_open_until_the_last_row_and_counts_them() {
    use futures_util::StreamExt;
    let server = PostgresServer::start();
    let capture = Capture::start();
    block_on(async {
        let client = client(&server).await;
        let rows = client.query_raw("SELECT i FROM generate_series(1, $1) i", [5_i32]);
        let mut rows = std::pin::pin!(rows);
        let first = rows.next().await.unwrap().unwrap();
        assert_eq!(first.get::<_, i32>(0), 1);
        assert!(
            capture.spans().is_empty(),
            "the span is open while rows remain"
        );
        let rest: Vec<_> = rows.collect().await;
        assert_eq!(rest.len(), 4);

        // Dropped after one row: the span ends with the stream.
        let rows = client.query_raw(
            "SELECT i FROM generate_series(1, 3) i",
            std::iter::empty::<i32>(),
        );
        let mut rows = Box::pin(rows);
        rows.next().await.unwrap().unwrap();
        drop(rows);

        // A failing query marks its span once.
        let rows = client.query_raw("SELECT 1/0", std::iter::empty::<i32>());
        let results: Vec<_> = rows.collect().await;
        assert_eq!(results.len(), 1);
        assert!(results[0].is_err());
    });
    let spans = capture.spans();
    assert_eq!(
        names(&spans),
        ["SELECT generate_series", "SELECT generate_series", "SELECT"]
    );
    assert_eq!(int(&spans[0], RETURNED_ROWS), Some(5));
    assert!(!is_error(&spans[0]));
    assert_eq!(
        string_attribute(&spans[0], "db.query.text").as_deref(),
        Some("SELECT i FROM generate_series(?, $1) i")
    );
    assert!(!is_error(&spans[1]), "a dropped stream is no failure");
    assert_failed_with(&spans[2], "22012");
    assert_eq!(
        spans[2]
            .attributes
            .iter()
            .filter(|kv| kv.key.as_str() == "error.type")
            .count(),
        1,
        "marked once"
    );
    for span in &spans {
        assert_database_span(span, &server);
    }
    capture.assert_all_ended();
}

#[test]
fn queries_record_the_operation_duration_by_summary_never_by_text() {
    let server = PostgresServer::start();
    let meters = support::metrics::Meters::install();
    const SECRET: &str = "metric-planted-secret";
    block_on(async {
        let client = client(&server).await;
        client
            .batch_execute("CREATE TABLE items (id int PRIMARY KEY, label text)")
            .await
            .unwrap();
        for id in 0..3 {
            client
                .execute("INSERT INTO items VALUES ($1, $2)", &[&id, &SECRET])
                .await
                .unwrap();
        }
        client
            .query(
                &format!("SELECT * FROM items WHERE label = '{SECRET}'"),
                &[],
            )
            .await
            .unwrap();
        client.query("SELECT 1/0", &[]).await.unwrap_err();
        // A failing stream fails its measurement, as a failing call does.
        use futures_util::StreamExt;
        let results: Vec<_> = client
            .query_raw("SELECT 2/0", std::iter::empty::<i32>())
            .collect()
            .await;
        assert!(results[0].is_err());
    });
    // Other tests of this binary run beside this one, against other servers.
    let points: Vec<_> = meters
        .points("db.client.operation.duration")
        .into_iter()
        .filter(|p| p.get("server.port") == Some(server.port.to_string()))
        .collect();
    let mut series: Vec<(String, u64, Option<String>)> = points
        .iter()
        .map(|p| {
            (
                p.get("db.query.summary").unwrap_or_default(),
                p.count,
                p.get("error.type"),
            )
        })
        .collect();
    series.sort();
    assert_eq!(
        series,
        [
            ("CREATE TABLE items".to_owned(), 1, None),
            ("INSERT items".to_owned(), 3, None),
            ("SELECT".to_owned(), 2, Some("22012".to_owned())),
            ("SELECT items".to_owned(), 1, None),
        ]
    );
    for point in &points {
        assert_eq!(point.unit, "s");
        assert_eq!(point.get("db.system.name").as_deref(), Some("postgresql"));
        assert_eq!(point.get("db.namespace").as_deref(), Some("postgres"));
        assert_eq!(point.get("db.query.text"), None, "never the text");
    }
    support::metrics::assert_no_secret(&points, &[SECRET]);
}

#[test]
fn the_rest_of_the_clients_api_is_traced_with_the_same_conventions() {
    use futures_util::{SinkExt, StreamExt};
    use tokio_postgres::types::Type;
    let server = PostgresServer::start();
    let capture = Capture::start();
    block_on(async {
        let mut client = client(&server).await;
        client
            .batch_execute("CREATE TABLE items (id int PRIMARY KEY, label text)")
            .await
            .unwrap();
        let typed = client
            .execute_typed(
                "INSERT INTO items (id, label) VALUES ($1, $2)",
                &[(&1_i32, Type::INT4), (&"one", Type::TEXT)],
            )
            .await
            .unwrap();
        assert_eq!(typed, 1);
        let raw = client
            .execute_raw(
                "INSERT INTO items (id, label) VALUES ($1, $2)",
                [&2_i32 as &(dyn tokio_postgres::types::ToSql + Sync), &"two"],
            )
            .await
            .unwrap();
        assert_eq!(raw, 1);
        let rows = client
            .query_typed(
                "SELECT label FROM items WHERE id > $1",
                &[(&0_i32, Type::INT4)],
            )
            .await
            .unwrap();
        assert_eq!(rows.len(), 2);
        let one = client
            .query_typed_opt(
                "SELECT label FROM items WHERE id = $1",
                &[(&9_i32, Type::INT4)],
            )
            .await
            .unwrap();
        assert!(one.is_none());
        let labels: Vec<String> = client
            .query_scalar("SELECT label FROM items ORDER BY id", &[])
            .await
            .unwrap();
        assert_eq!(labels, ["one", "two"]);
        let count: i64 = client
            .query_one_scalar("SELECT count(*) FROM items", &[])
            .await
            .unwrap();
        assert_eq!(count, 2);
        let streamed: Vec<_> = client
            .query_typed_raw(
                "SELECT id FROM items",
                [(1_i32, Type::INT4)].into_iter().take(0),
            )
            .collect()
            .await;
        assert_eq!(streamed.len(), 2);

        // COPY: in through a sink (the span covers starting it), out as a
        // stream whose span ends with its last chunk.
        let sink = client
            .copy_in::<_, bytes::Bytes>("COPY items (id, label) FROM STDIN")
            .await
            .unwrap();
        let mut sink = std::pin::pin!(sink);
        sink.send(bytes::Bytes::from_static(b"3\tthree\n"))
            .await
            .unwrap();
        assert_eq!(sink.finish().await.unwrap(), 1);
        let copied: Vec<u8> = client
            .copy_out("COPY (SELECT id FROM items ORDER BY id) TO STDOUT")
            .map(|chunk| chunk.unwrap().to_vec())
            .concat()
            .await;
        assert_eq!(copied, b"1\n2\n3\n");

        let messages: Vec<_> = client
            .simple_query_raw("SELECT label FROM items WHERE label = 'three'")
            .collect()
            .await;
        assert_eq!(messages.len(), 3, "row description, row, command complete");

        client.check_connection().await.unwrap();

        let transaction = client
            .build_transaction()
            .isolation_level(tokio_postgres::IsolationLevel::Serializable)
            .read_only(true)
            .start()
            .await
            .unwrap();
        let inside: i64 = transaction
            .query_one_scalar("SELECT count(*) FROM items", &[])
            .await
            .unwrap();
        assert_eq!(inside, 3);
        transaction.commit().await.unwrap();
        // Without a span: nothing is sent.
        assert!(!client.is_closed());
        let _token = client.cancel_token();
    });
    let spans = capture.spans();
    assert_eq!(
        names(&spans),
        [
            "CREATE TABLE items",
            "INSERT items",
            "INSERT items",
            "SELECT items",
            "SELECT items",
            "SELECT items",
            "SELECT items",
            "SELECT items",
            "COPY items",
            "COPY",
            "SELECT items",
            "check_connection",
            "BEGIN",
            "SELECT items",
            "COMMIT",
        ]
    );
    for span in &spans {
        assert_database_span(span, &server);
        assert!(!is_error(span), "{}", span.name);
    }
    let returned: Vec<Option<i64>> = spans.iter().map(|span| int(span, RETURNED_ROWS)).collect();
    assert_eq!(
        returned,
        [
            None,
            None,
            None,
            Some(2),
            Some(0),
            Some(2),
            Some(1),
            Some(2),
            None,
            None,
            Some(1),
            None,
            None,
            Some(1),
            None
        ]
    );
    assert_eq!(
        string_attribute(&spans[3], "db.query.text").as_deref(),
        Some("SELECT label FROM items WHERE id > $1"),
        "typed queries are parameterised text, recorded as written"
    );
    assert_eq!(
        string_attribute(&spans[10], "db.query.text").as_deref(),
        Some("SELECT label FROM items WHERE label = ?"),
        "the simple protocol's literals are sanitised"
    );
    capture.assert_all_ended();
}

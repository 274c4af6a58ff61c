//! `TracedConnection` against a real `redis-server`: the OpenTelemetry
//! database conventions on every span, and no secret in any attribute.
mod support;

use instrument_proxy::redis::TracedConnection;
use redis::AsyncCommands;
use support::redis_server::RedisServer;
use support::*;

fn check_connection_attributes(
    span: &opentelemetry_sdk::trace::SpanData,
    server: &RedisServer,
    db: &str,
) {
    assert!(is_client(span), "{}", span.name);
    assert_eq!(
        string_attribute(span, "db.system.name").as_deref(),
        Some("redis")
    );
    assert_server(span, "127.0.0.1", server.port);
    assert_eq!(string_attribute(span, "db.namespace").as_deref(), Some(db));
}

async fn connect(
    server: &RedisServer,
    db: u8,
) -> TracedConnection<redis::aio::MultiplexedConnection> {
    let client = redis::Client::open(server.url(db)).unwrap();
    TracedConnection::connect(&client).await.unwrap()
}

#[test]
fn get_set_and_mget_are_named_by_their_command() {
    let server = RedisServer::start();
    let capture = Capture::start();
    block_on(async {
        let mut connection = connect(&server, 0).await;
        let () = connection.set("a", "1").await.unwrap();
        let value: String = connection.get("a").await.unwrap();
        assert_eq!(value, "1");
        let values: Vec<Option<String>> = connection.mget(&["a", "b"]).await.unwrap();
        assert_eq!(values, [Some("1".to_owned()), None]);
    });
    for name in ["SET", "GET", "MGET"] {
        let span = capture.span(name);
        check_connection_attributes(&span, &server, "0");
        assert_eq!(
            string_attribute(&span, "db.operation.name").as_deref(),
            Some(name)
        );
        assert!(!is_error(&span));
        assert_eq!(attribute(&span, "db.query.text"), None, "off by default");
    }
    capture.assert_all_ended();
}

#[test]
fn a_command_is_named_in_upper_case_however_it_was_sent() {
    let server = RedisServer::start();
    let capture = Capture::start();
    block_on(async {
        let mut connection = connect(&server, 0).await;
        for sent in ["ping", "Exec", "unwatch", "hGetAll", "dbsize", "Client"] {
            let mut cmd = redis::cmd(sent);
            if sent == "hGetAll" {
                cmd.arg("h");
            }
            if sent == "Client" {
                cmd.arg("ID");
            }
            // `EXEC` without `MULTI` is refused; the span is named all the same.
            let _: redis::RedisResult<redis::Value> = cmd.query_async(&mut connection).await;
        }
    });
    for name in ["PING", "EXEC", "UNWATCH", "HGETALL", "DBSIZE", "CLIENT"] {
        let span = capture.span(name);
        check_connection_attributes(&span, &server, "0");
        assert_eq!(
            string_attribute(&span, "db.operation.name").as_deref(),
            Some(name)
        );
    }
    capture.assert_all_ended();
}

#[test]
fn pipelines_and_transactions_carry_their_batch_size() {
    let server = RedisServer::start();
    let capture = Capture::start();
    block_on(async {
        let mut connection = connect(&server, 0).await;
        let (a, b): (Option<String>, Option<String>) = redis::pipe()
            .get("a")
            .get("b")
            .query_async(&mut connection)
            .await
            .unwrap();
        assert_eq!((a, b), (None, None));
        let () = redis::pipe()
            .set("a", "1")
            .ignore()
            .get("a")
            .ignore()
            .incr("n", 1)
            .ignore()
            .query_async(&mut connection)
            .await
            .unwrap();
        let (n,): (i64,) = redis::pipe()
            .atomic()
            .incr("n", 1)
            .query_async(&mut connection)
            .await
            .unwrap();
        assert_eq!(n, 2);
    });
    let batch = |name: &str| {
        attribute(&capture.span(name), "db.operation.batch.size").map(|v| v.to_string())
    };
    assert_eq!(batch("PIPELINE GET").as_deref(), Some("2"));
    assert_eq!(batch("PIPELINE").as_deref(), Some("3"));
    assert_eq!(batch("MULTI").as_deref(), Some("1"));
    assert_eq!(
        string_attribute(&capture.span("PIPELINE GET"), "db.operation.name").as_deref(),
        Some("GET")
    );
    check_connection_attributes(&capture.span("MULTI"), &server, "0");
    capture.assert_all_ended();
}

#[test]
fn a_wrongtype_error_fails_the_span_with_its_code() {
    let server = RedisServer::start();
    let capture = Capture::start();
    block_on(async {
        let mut connection = connect(&server, 0).await;
        let _: i64 = connection.lpush("list", "x").await.unwrap();
        let error = connection.get::<_, String>("list").await.unwrap_err();
        assert_eq!(error.code(), Some("WRONGTYPE"));
    });
    let span = capture.span("GET");
    assert_failed_with(&span, "WRONGTYPE");
    assert_eq!(
        string_attribute(&span, "db.response.status_code").as_deref(),
        Some("WRONGTYPE")
    );
    assert!(error_description(&span).is_some_and(|d| d.contains("WRONGTYPE")));
    capture.assert_all_ended();
}

#[test]
fn a_missing_key_is_not_an_error() {
    let server = RedisServer::start();
    let capture = Capture::start();
    let value: Option<String> =
        block_on(async { connect(&server, 0).await.get("missing").await.unwrap() });
    assert_eq!(value, None);
    let span = capture.span("GET");
    assert!(!is_error(&span));
    assert_eq!(attribute(&span, "error.type"), None);
    capture.assert_all_ended();
}

#[test]
fn db_namespace_follows_the_selected_database() {
    let server = RedisServer::start();
    let capture = Capture::start();
    block_on(async {
        let () = connect(&server, 3).await.set("k", "v").await.unwrap();
    });
    check_connection_attributes(&capture.span("SET"), &server, "3");
    capture.assert_all_ended();
}

#[test]
fn query_text_is_sanitised_when_enabled() {
    let server = RedisServer::start();
    let capture = Capture::start();
    block_on(async {
        let mut connection = connect(&server, 0).await.with_query_text(true);
        let () = connection.set("user:1", "s3cr3t-value").await.unwrap();
        let _: Vec<Option<String>> = redis::pipe()
            .get("user:1")
            .set("user:2", "other-secret")
            .ignore()
            .query_async(&mut connection)
            .await
            .unwrap();
    });
    assert_eq!(
        string_attribute(&capture.span("SET"), "db.query.text").as_deref(),
        Some("SET user:1 ?")
    );
    assert_eq!(
        string_attribute(&capture.span("PIPELINE"), "db.query.text").as_deref(),
        Some("GET user:1; SET user:2 ?")
    );
    capture.assert_all_ended();
}

#[test]
fn no_attribute_ever_holds_a_password_or_a_value() {
    let server = RedisServer::start_with(&["--requirepass", "hunter2-password"]);
    let capture = Capture::start();
    block_on(async {
        let client = redis::Client::open(format!("redis://127.0.0.1:{}/0", server.port)).unwrap();
        let inner = client.get_multiplexed_async_connection().await;
        // Unauthenticated: the connection works, commands need AUTH first.
        let mut connection = TracedConnection::new(inner.unwrap())
            .with_connection_info(client.get_connection_info())
            .with_query_text(true);
        let () = redis::cmd("AUTH")
            .arg("hunter2-password")
            .query_async(&mut connection)
            .await
            .unwrap();
        let () = connection.set("card", "4111-1111-1111-1111").await.unwrap();
        let _: Option<String> = connection.get("card").await.unwrap();
        let _ = redis::cmd("AUTH")
            .arg("wrong-password")
            .query_async::<()>(&mut connection)
            .await;
    });
    let spans = capture.spans();
    assert!(spans.len() >= 4);
    for span in &spans {
        for kv in &span.attributes {
            let value = kv.value.as_str();
            for secret in ["hunter2-password", "wrong-password", "4111-1111-1111-1111"] {
                assert!(
                    !value.contains(secret),
                    "{}: {} = {value}",
                    span.name,
                    kv.key
                );
            }
        }
        if let opentelemetry::trace::Status::Error { description } = &span.status {
            for secret in ["hunter2-password", "wrong-password", "4111-1111-1111-1111"] {
                assert!(
                    !description.contains(secret),
                    "{}: status {description}",
                    span.name
                );
            }
        }
    }
    assert_eq!(
        string_attribute(&capture.span("SET"), "db.query.text").as_deref(),
        Some("SET card ?")
    );
    capture.assert_all_ended();
}

#[test]
fn the_sync_connection_is_traced_too() {
    let server = RedisServer::start();
    let capture = Capture::start();
    let client = redis::Client::open(server.url(0)).unwrap();
    let mut connection = TracedConnection::new(client.get_connection().unwrap())
        .with_connection_info(client.get_connection_info());
    let () = redis::cmd("SET")
        .arg("k")
        .arg("v")
        .query(&mut connection)
        .unwrap();
    let (v,): (String,) = redis::pipe().get("k").query(&mut connection).unwrap();
    assert_eq!(v, "v");
    let error = redis::cmd("LPUSH")
        .arg("k")
        .arg("x")
        .query::<i64>(&mut connection)
        .unwrap_err();
    assert_eq!(error.code(), Some("WRONGTYPE"));

    check_connection_attributes(&capture.span("SET"), &server, "0");
    let pipeline = capture.span("PIPELINE GET");
    assert_eq!(
        attribute(&pipeline, "db.operation.batch.size")
            .map(|v| v.to_string())
            .as_deref(),
        Some("1")
    );
    let lpush = capture.span("LPUSH");
    assert_eq!(
        string_attribute(&lpush, "db.response.status_code").as_deref(),
        Some("WRONGTYPE")
    );
    capture.assert_all_ended();
}

#[test]
fn commands_record_the_database_operation_duration_with_bounded_attributes() {
    let server = RedisServer::start();
    let meters = support::metrics::Meters::install();
    block_on(async {
        let mut connection = connect(&server, 3).await.with_query_text(true);
        let () = connection.set("a", "secret-value").await.unwrap();
        let _: Option<String> = connection.get("a").await.unwrap();
        let _: redis::RedisResult<i64> = connection.incr("a", 1).await;
    });
    // Other tests of this binary run beside this one: their commands go to
    // other servers.
    let points: Vec<_> = meters
        .points("db.client.operation.duration")
        .into_iter()
        .filter(|p| p.get("server.port") == Some(server.port.to_string()))
        .collect();
    let mut operations: Vec<(String, Option<String>)> = points
        .iter()
        .map(|p| {
            (
                p.get("db.operation.name").unwrap_or_default(),
                p.get("error.type"),
            )
        })
        .collect();
    operations.sort();
    assert_eq!(
        operations,
        [
            ("GET".to_owned(), None),
            ("INCRBY".to_owned(), Some("ERR".to_owned())),
            ("SET".to_owned(), None)
        ]
    );
    for point in &points {
        assert_eq!(point.unit, "s");
        assert_eq!(point.get("db.system.name").as_deref(), Some("redis"));
        assert_eq!(point.get("db.namespace").as_deref(), Some("3"));
        assert_eq!(point.get("server.address").as_deref(), Some("127.0.0.1"));
        assert_eq!(point.get("server.port"), Some(server.port.to_string()));
        assert_eq!(point.get("db.query.text"), None, "never the query");
        for kv in &point.attributes {
            assert!(!kv.value.as_str().contains("secret"), "{}", kv.key);
        }
    }
}

#[test]
fn a_transaction_counts_its_commands_alike_on_the_sync_and_async_paths() {
    let server = RedisServer::start();
    let capture = Capture::start();
    let client = redis::Client::open(server.url(0)).unwrap();
    let mut sync = TracedConnection::new(client.get_connection().unwrap());
    let (a, b, c): (i64, i64, i64) = redis::pipe()
        .atomic()
        .incr("n", 1)
        .incr("n", 1)
        .incr("n", 1)
        .query(&mut sync)
        .unwrap();
    assert_eq!((a, b, c), (1, 2, 3));
    block_on(async {
        let mut connection = connect(&server, 0).await;
        let _: (i64, i64, i64) = redis::pipe()
            .atomic()
            .incr("n", 1)
            .incr("n", 1)
            .incr("n", 1)
            .query_async(&mut connection)
            .await
            .unwrap();
    });
    let transactions: Vec<_> = capture
        .spans()
        .into_iter()
        .filter(|s| s.name == "MULTI")
        .collect();
    assert_eq!(transactions.len(), 2);
    for span in &transactions {
        assert_eq!(
            attribute(span, "db.operation.batch.size")
                .map(|v| v.to_string())
                .as_deref(),
            Some("3")
        );
    }
    capture.assert_all_ended();
}

#[test]
fn scripts_messages_and_arguments_of_keyless_commands_never_reach_an_attribute() {
    let server = RedisServer::start();
    let capture = Capture::start();
    let meters = support::metrics::Meters::install();
    block_on(async {
        let mut connection = connect(&server, 0).await.with_query_text(true);
        let _: String = redis::cmd("EVAL")
            .arg("return 'SCRIPT-SECRET'")
            .arg(1)
            .arg("key")
            .arg("ARG-SECRET")
            .query_async(&mut connection)
            .await
            .unwrap();
        let _: String = redis::cmd("ECHO")
            .arg("ECHO-SECRET")
            .query_async(&mut connection)
            .await
            .unwrap();
        let _: i64 = redis::cmd("PUBLISH")
            .arg("news")
            .arg("MESSAGE-SECRET")
            .query_async(&mut connection)
            .await
            .unwrap();
    });
    assert_eq!(
        string_attribute(&capture.span("EVAL"), "db.query.text").as_deref(),
        Some("EVAL ? 1 key ?")
    );
    let secrets = [
        "SCRIPT-SECRET",
        "ARG-SECRET",
        "ECHO-SECRET",
        "MESSAGE-SECRET",
    ];
    assert_no_secret(&capture.spans(), &secrets);
    support::metrics::assert_no_secret(&meters.points("db.client.operation.duration"), &secrets);
}

//! The multiplexed connection's own methods through `TracedConnection`
//! (generated from redis's API by `cargo instrument-proxy generate`): each
//! a span with the connection's attributes, RESP3 `subscribe` included.
mod support;

use instrument_proxy::redis::TracedConnection;
use support::redis_server::RedisServer;
use support::*;

#[test]
fn the_connections_own_methods_are_traced_with_its_attributes() {
    let server = RedisServer::start();
    let capture = Capture::start();
    block_on(async {
        let client = redis::Client::open(server.url(0)).unwrap();
        let mut connection = TracedConnection::connect(&client).await.unwrap();
        connection.set_response_timeout(std::time::Duration::from_secs(5));
        let pong = connection
            .send_packed_command(&redis::cmd("PING"))
            .await
            .unwrap();
        assert_eq!(pong, redis::Value::SimpleString("PONG".into()));
    });
    for name in [
        "TracedConnection::set_response_timeout",
        "TracedConnection::send_packed_command",
    ] {
        let span = capture.span(name);
        assert!(is_client(&span));
        assert_eq!(
            string_attribute(&span, "db.system.name").as_deref(),
            Some("redis")
        );
        assert_server(&span, "127.0.0.1", server.port);
    }
    capture.assert_all_ended();
}

#[test]
fn resp3_subscribe_on_the_traced_connection_receives_messages() {
    let server = RedisServer::start();
    let capture = Capture::start();
    block_on(async {
        let client = redis::Client::open(format!("{}?protocol=resp3", server.url(0))).unwrap();
        let (sender, mut pushes) = tokio::sync::mpsc::unbounded_channel();
        let config = redis::AsyncConnectionConfig::new().set_push_sender(sender);
        let connection = client
            .get_multiplexed_async_connection_with_config(&config)
            .await
            .unwrap();
        let mut connection = TracedConnection::new(connection);
        connection.subscribe("news").await.unwrap();
        let publisher = redis::Client::open(server.url(0)).unwrap();
        let mut publisher = publisher.get_multiplexed_async_connection().await.unwrap();
        let _: i64 = redis::cmd("PUBLISH")
            .arg("news")
            .arg("hello")
            .query_async(&mut publisher)
            .await
            .unwrap();
        loop {
            let push = pushes.recv().await.expect("a push");
            if push.kind == redis::PushKind::Message {
                assert_eq!(push.data[1], redis::Value::BulkString(b"hello".to_vec()));
                break;
            }
        }
        connection.unsubscribe("news").await.unwrap();
    });
    assert!(!is_error(&capture.span("TracedConnection::subscribe")));
    assert!(!is_error(&capture.span("TracedConnection::unsubscribe")));
    capture.assert_all_ended();
}

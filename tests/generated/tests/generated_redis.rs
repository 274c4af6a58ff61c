//! The generated redis proxies against a real `redis-server`: a
//! `TracedRedisClient` opens the connection, and commands through
//! `AsyncCommands` on a `TracedMultiplexedConnection` (its generated
//! `ConnectionLike` impl) give one span per command, named by the option
//! this package keeps on `req_packed_command`.
#[path = "../../support/mod.rs"]
mod support;

use instrument_proxy_generated::redis_client::TracedRedisClient;
use instrument_proxy_generated::redis_multiplexed::TracedMultiplexedConnection;
use redis::AsyncCommands;
use support::redis_server::RedisServer;
use support::*;

#[test]
fn set_get_and_mget_through_the_generated_proxy_give_one_span_each() {
    let server = RedisServer::start();
    let capture = Capture::start();
    block_on(async {
        let client = TracedRedisClient::open(server.url(0)).unwrap();
        let connection = client.get_multiplexed_async_connection().await.unwrap();
        let mut connection = TracedMultiplexedConnection::from(connection);
        let () = connection.set("a", "1").await.unwrap();
        let value: String = connection.get("a").await.unwrap();
        assert_eq!(value, "1");
        let values: Vec<Option<String>> = connection.mget(&["a", "b"]).await.unwrap();
        assert_eq!(values, [Some("1".to_owned()), None]);
    });
    let spans = capture.spans();
    assert_eq!(
        names(&spans),
        [
            "TracedRedisClient::open",
            "TracedRedisClient::get_multiplexed_async_connection",
            "SET",
            "GET",
            "MGET"
        ]
    );
    for name in ["SET", "GET", "MGET"] {
        let span = capture.span(name);
        assert!(is_client(&span));
        assert_eq!(
            string_attribute(&span, "db.system.name").as_deref(),
            Some("redis")
        );
        assert!(!is_error(&span));
    }
    capture.assert_all_ended();
}

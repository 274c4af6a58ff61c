//! Proxies written by `cargo instrument-proxy generate` (committed in
//! `tests/generated`, regenerated with `--check` by CI) against the server at
//! `REDIS_URL` (default `redis://127.0.0.1:6379/0`): the generated
//! `TracedRedisClient` opens the connection, and commands through
//! `AsyncCommands` on the generated `TracedMultiplexedConnection` are one span
//! each, printed as a span tree.
//!
//! Run it with `REDIS_URL=redis://127.0.0.1:6379/0 cargo run --example generated_proxy`.

use instrument_proxy::export;
use instrument_proxy_generated::redis_client::TracedRedisClient;
use instrument_proxy_generated::redis_multiplexed::TracedMultiplexedConnection;
use redis::AsyncCommands;
use tracing::Instrument;

#[tokio::main(flavor = "current_thread")]
async fn main() -> redis::RedisResult<()> {
    let url = std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379/0".into());
    let telemetry = export::install_with("generated-proxy-example", export::SpanTree::default());
    async {
        let client = TracedRedisClient::open(url.as_str())?;
        let connection = client.get_multiplexed_async_connection().await?;
        let mut connection = TracedMultiplexedConnection::from(connection);
        let () = connection.set("generated:greeting", "hello").await?;
        let greeting: Option<String> = connection.get("generated:greeting").await?;
        println!("generated:greeting = {greeting:?}");
        connection.set_response_timeout(std::time::Duration::from_secs(5));
        redis::RedisResult::Ok(())
    }
    .instrument(tracing::info_span!("generated proxy example"))
    .await?;
    drop(telemetry);
    Ok(())
}

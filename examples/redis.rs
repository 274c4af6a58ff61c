//! The traced redis connection against the server at `REDIS_URL`
//! (default `redis://127.0.0.1:6379/0`): commands, a pipeline, a transaction
//! and an error, printed as a span tree (or exported over OTLP when
//! `OTEL_EXPORTER_OTLP_ENDPOINT` is set).
//!
//! Run it with `REDIS_URL=redis://127.0.0.1:6379/0 cargo run --example redis`.

use instrument_proxy::export;
use instrument_proxy::redis::TracedConnection;
use redis::AsyncCommands;
use tracing::Instrument;

#[tokio::main(flavor = "current_thread")]
async fn main() -> redis::RedisResult<()> {
    let url = std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379/0".into());
    let telemetry = export::install_with("redis-example", export::SpanTree::default());

    let client = redis::Client::open(url.as_str())?;
    let mut connection = TracedConnection::connect(&client)
        .await?
        .with_query_text(true);
    async {
        let () = connection.set("example:greeting", "hello").await?;
        let greeting: Option<String> = connection.get("example:greeting").await?;
        println!("example:greeting = {greeting:?}");
        let (a, b): (Option<String>, Option<String>) = redis::pipe()
            .get("example:greeting")
            .get("example:missing")
            .query_async(&mut connection)
            .await?;
        println!("pipeline: {a:?} {b:?}");
        let (count,): (i64,) = redis::pipe()
            .atomic()
            .incr("example:counter", 1)
            .query_async(&mut connection)
            .await?;
        println!("counter: {count}");
        let error = connection
            .incr::<_, _, i64>("example:greeting", 1)
            .await
            .unwrap_err();
        println!("INCR on a string fails: {error}");
        redis::RedisResult::Ok(())
    }
    .instrument(tracing::info_span!("redis example"))
    .await?;

    drop(telemetry);
    Ok(())
}

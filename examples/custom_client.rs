//! Tracing a client this library does not ship: wrap it in a newtype and paste
//! the signatures of the methods to trace from the client's documentation —
//! here a few inherent methods of `redis::Client`, unchanged. Body-less
//! methods are forwarded to the wrapped client inside a span; `-> Self` and
//! `-> RedisResult<Self>` are converted to the wrapper.
//!
//! Run it with `REDIS_URL=redis://127.0.0.1:6379/0 cargo run --example custom_client`.

use instrument_proxy::{export, instrument_proxy, InstrumentProxy};
use redis::aio::{ConnectionManager, MultiplexedConnection};
use redis::{Connection, ConnectionInfo, IntoConnectionInfo, RedisResult};

/// A traced `redis::Client`.
#[derive(Clone, InstrumentProxy)]
pub struct TracedClient(redis::Client);

#[instrument_proxy(fields(db.system.name = "redis"))]
impl TracedClient {
    // Pasted from the documentation of `redis::Client`.
    pub fn open<T: IntoConnectionInfo>(params: T) -> RedisResult<Self>;
    pub fn get_connection(&self) -> RedisResult<Connection>;
    pub async fn get_multiplexed_async_connection(&self) -> RedisResult<MultiplexedConnection>;
    pub async fn get_connection_manager(&self) -> RedisResult<ConnectionManager>;

    // A getter needs no span.
    #[instrument_proxy(skip)]
    pub fn get_connection_info(&self) -> &ConnectionInfo;
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> RedisResult<()> {
    let url = std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379/0".into());
    let telemetry = export::install_with("custom-client", export::SpanTree::default());

    let client = TracedClient::open(url.as_str())?;
    println!("connecting to {:?}", client.get_connection_info().addr());
    let mut connection = client.get_multiplexed_async_connection().await?;
    let pong: String = redis::cmd("PING").query_async(&mut connection).await?;
    println!("PING -> {pong}");
    let _manager = client.get_connection_manager().await?;
    let _sync = client.get_connection()?;

    drop(telemetry);
    Ok(())
}

//! Tracing a client this library does not ship: wrap it in a newtype and paste
//! the signatures of the methods to trace from the client's documentation —
//! here a few inherent methods of `redis::Client`, unchanged. Body-less
//! methods are forwarded to the wrapped client inside a span; `-> Self` and
//! `-> RedisResult<Self>` are converted to the wrapper.
//!
//! (The same impl as `examples/custom_client.rs`, checked by trybuild.)

use instrument_proxy::{instrument_proxy, InstrumentProxy};
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

fn main() {
    // Compiles with the pasted signatures; no server is needed to open.
    let client = TracedClient::open("redis://127.0.0.1:1/").unwrap();
    assert!(matches!(client.get_connection_info().addr(), redis::ConnectionAddr::Tcp(_, 1)));
    let _unpolled = client.get_multiplexed_async_connection();
}

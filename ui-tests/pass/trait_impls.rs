use std::future::Future;
use std::pin::Pin;

use instrument_proxy::{instrument_proxy, InstrumentProxy};

pub type ClientFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The shape of `redis::aio::ConnectionLike`.
pub trait Connection {
    fn request<'a>(&'a mut self, command: &'a str) -> ClientFuture<'a, String>;
    fn database(&self) -> i64;
}

pub trait Versioned<V> {
    fn version(&self) -> V;
    fn fetch(&self) -> impl Future<Output = V> + Send;
}

pub struct Client;

impl Connection for Client {
    fn request<'a>(&'a mut self, command: &'a str) -> ClientFuture<'a, String> {
        Box::pin(async move { command.to_owned() })
    }

    fn database(&self) -> i64 {
        0
    }
}

impl Versioned<u8> for Client {
    fn version(&self) -> u8 {
        3
    }

    async fn fetch(&self) -> u8 {
        4
    }
}

#[derive(InstrumentProxy)]
pub struct Traced<C>(C);

#[instrument_proxy(fields(db.system.name = "test"))]
impl<C: Connection + Send> Connection for Traced<C> {
    #[instrument_proxy(future, name = command)]
    fn request<'a>(&'a mut self, command: &'a str) -> ClientFuture<'a, String>;
    fn database(&self) -> i64;
}

#[instrument_proxy]
impl<C: Versioned<u8> + Sync> Versioned<u8> for Traced<C> {
    fn version(&self) -> u8;
    async fn fetch(&self) -> u8;
}

fn main() {
    let mut traced = Traced::new(Client);
    assert_eq!(traced.database(), 0);
    assert_eq!(traced.version(), 3);
    drop(traced.request("GET"));
    drop(traced.fetch());
}

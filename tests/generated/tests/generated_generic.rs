//! The proxy generated for a generic client (`instrument_proxy_fixture::Pool<C, B>`,
//! shaped like hyper's `Client<C, B>`): the wrapper is generic over the same
//! parameters, each impl block keeps its bounds, and the calls are traced.
#[path = "../../support/mod.rs"]
mod support;

use instrument_proxy_fixture::Tcp;
use instrument_proxy_generated::fixture_pool::TracedPool;
use support::*;

#[test]
fn a_generic_clients_methods_are_traced_through_the_generic_wrapper() {
    let capture = Capture::start();
    let pool: TracedPool<Tcp> = TracedPool::with_connector(Tcp);
    let body: Vec<u8> = block_on(pool.request("/users")).unwrap();
    assert_eq!(body, b"tcp/users");
    assert_eq!(pool.request_with("key"), 3);
    assert_eq!(pool.send_body(Vec::new()).unwrap(), 0);
    let _: &Tcp = pool.connector();
    assert_eq!(
        names(&capture.spans()),
        [
            "TracedPool::with_connector",
            "TracedPool::request",
            "TracedPool::request_with",
            "TracedPool::send_body",
            "TracedPool::connector",
        ]
    );
    capture.assert_all_ended();
}

/// A `self: Pin<&mut Self>` method of an `Unpin` client is forwarded through
/// `Pin::new`, untraced (a span per poll would be noise).
#[test]
fn a_pinned_receiver_is_forwarded_to_the_client_without_a_span() {
    use instrument_proxy_generated::fixture::TracedClient;
    let capture = Capture::start();
    let mut traced = TracedClient::from(instrument_proxy_fixture::Client::default());
    assert_eq!(std::pin::Pin::new(&mut traced).pinned(), 0);
    assert!(capture.spans().is_empty(), "{:?}", names(&capture.spans()));
    capture.assert_all_ended();
}

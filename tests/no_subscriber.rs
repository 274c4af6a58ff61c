//! With no subscriber installed anywhere in the process, calls go straight
//! through: no span exists inside the inner call, results are unchanged.
//! (A binary of its own: installing a subscriber is process-wide.)

use instrument_proxy::{instrument_proxy, InstrumentProxy};

struct Client;

impl Client {
    fn current_span_is_none(&self) -> bool {
        tracing::Span::current().is_none()
    }

    async fn fetch(&self, value: u32) -> Result<u32, String> {
        if value == 0 {
            Err("zero".into())
        } else {
            Ok(value)
        }
    }
}

#[derive(InstrumentProxy)]
struct Traced(Client);

#[instrument_proxy(fields(db.system.name = "test"))]
impl Traced {
    fn current_span_is_none(&self) -> bool;
    async fn fetch(&self, value: u32) -> Result<u32, String>;
}

#[test]
fn calls_go_straight_through_without_a_subscriber() {
    assert!(!tracing::dispatcher::has_been_set());
    let traced = Traced::new(Client);
    assert!(traced.current_span_is_none());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    assert_eq!(runtime.block_on(traced.fetch(3)), Ok(3));
    assert_eq!(runtime.block_on(traced.fetch(0)), Err("zero".to_owned()));
    assert!(!tracing::dispatcher::has_been_set());
}

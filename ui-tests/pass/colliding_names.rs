//! User names that look like generated ones do not collide with them.
use instrument_proxy::{instrument_proxy, InstrumentProxy};

pub struct Client;

impl Client {
    pub fn call(&self, __instrument_proxy_call: u32, __instrument_proxy_span: u32) -> u32 {
        __instrument_proxy_call + __instrument_proxy_span
    }
}

#[derive(InstrumentProxy)]
pub struct Traced(Client);

#[allow(non_snake_case)]
#[instrument_proxy]
impl Traced {
    pub fn call(&self, __instrument_proxy_call: u32, __instrument_proxy_span: u32) -> u32;

    pub fn body(&self, __instrument_proxy_result: u32, __instrument_proxy_work: u32) -> u32 {
        let __instrument_proxy_fake_return = __instrument_proxy_result;
        __instrument_proxy_fake_return + __instrument_proxy_work
    }

    pub async fn later(&self, __instrument_proxy_arg0: (u8, u8), (a, b): (u8, u8)) -> u8 {
        __instrument_proxy_arg0.0 + a + b
    }

    #[instrument_proxy(fields(call.id = __instrument_proxy_call))]
    pub fn fields(&self, __instrument_proxy_call: u64) -> u64 {
        __instrument_proxy_call
    }

    pub fn Proxy(&self, CallSpan: u8) -> u8 {
        CallSpan
    }
}

fn main() {
    let traced = Traced::new(Client);
    assert_eq!(traced.call(1, 2), 3);
    assert_eq!(traced.body(1, 2), 3);
    assert_eq!(traced.fields(4), 4);
    assert_eq!(traced.Proxy(5), 5);
    drop(traced.later((1, 1), (1, 1)));
}

//! tracing-attributes 0.1.31's `ui/fail/unused_instrumented_fn.rs`:
//! `dead_code` still fires for an instrumented method nobody calls.
#![deny(dead_code)]

use instrument_proxy::instrument_proxy;

pub struct Client;

#[instrument_proxy]
impl Client {
    fn never_used(&self) {}
}

fn main() {}

//! tracing-attributes 0.1.31's `ui/fail/async_instrument.rs`: a body of the
//! wrong type is reported at the user's tokens, with a note at the return
//! type.
#![allow(unreachable_code)]

use instrument_proxy::instrument_proxy;

struct Wrapper<T>(T);

pub struct Client;

#[instrument_proxy]
impl Client {
    pub async fn unit(&self) {
        ""
    }

    pub async fn simple_mismatch(&self) -> String {
        ""
    }

    pub async fn opaque_unsatisfied(&self) -> impl std::fmt::Display {
        ("",)
    }

    pub async fn mismatch_with_opaque(&self) -> Wrapper<impl std::fmt::Display> {
        ""
    }

    pub async fn early_return_unit(&self) {
        if true {
            return "";
        }
    }

    pub async fn early_return(&self) -> String {
        if true {
            return "";
        }
        String::new()
    }

    pub async fn extra_semicolon(&self) -> i32 {
        1;
    }
}

fn main() {}

//! tracing-attributes 0.1.31's compile-only cases (`async_fn.rs`'s
//! reproductions, `dead_code.rs`, `ui/pass/type_shadowing.rs`) on methods of
//! an `#[instrument_proxy]` impl: each compiles, and runs.
#![deny(warnings)]

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;

use instrument_proxy::instrument_proxy;

type Foo = ();

enum Bar {
    #[allow(dead_code)]
    Foo,
}

pub struct Repro;

#[instrument_proxy]
impl Repro {
    // tracing#1615: `impl Trait` inside the result of an async fn.
    pub async fn test_ret_impl_trait(&self, n: i32) -> Result<impl Iterator<Item = i32>, ()> {
        Ok((0..10).filter(move |x| *x < n))
    }

    pub async fn test_ret_impl_trait_err(
        &self,
        n: i32,
    ) -> Result<impl Iterator<Item = i32>, &'static str> {
        Ok((0..10).filter(move |x| *x < n))
    }

    pub async fn test_async_fn_empty(&self) {}

    /// # Safety
    /// Nothing to uphold.
    pub async unsafe fn test_async_unsafe_fn_empty(&self) {}

    // tracing#2294: inner attributes in the body.
    #[deny(unused_variables)]
    #[allow(clippy::mixed_attributes_style)]
    pub async fn repro_async_2294(&self) {
        #![allow(unused_variables)]
        let i = 42;
    }

    // tracing#1613: the body's formatting does not trip a lint.
    #[rustfmt::skip]
    #[deny(clippy::suspicious_else_formatting)]
    pub async fn repro_1613(&self, var: bool) {
        println!(
            "{}",
            if var { "true" } else { "false" }
        );
    }

    #[deny(clippy::suspicious_else_formatting)]
    pub async fn repro_1613_2(&self) {
        // hello world
        // else
    }

    // tracing#1831: no `unused_braces` at the user's braces.
    #[deny(unused_braces)]
    pub fn repro_1831(&self) -> Pin<Box<dyn Future<Output = ()>>> {
        Box::pin(async move {})
    }

    #[deny(unused_braces)]
    #[allow(clippy::manual_async_fn)]
    pub fn repro_1831_2(&self) -> impl Future<Output = Result<(), Infallible>> {
        async { Ok(()) }
    }

    // tracing#3306: a glob import in the body shadows a name of the
    // signature.
    pub fn this_is_fine(&self) -> Foo {
        #[allow(unused_imports)]
        use Bar::*;
    }
}

pub struct Unused;

#[instrument_proxy]
impl Unused {
    // dead_code.rs: `#[expect(dead_code)]` is fulfilled by an unused
    // instrumented method.
    #[deny(unfulfilled_lint_expectations)]
    #[expect(dead_code)]
    fn unused(&self) {}

    #[expect(dead_code)]
    async fn unused_async(&self) {}
}

fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

fn main() {
    let r = Repro;
    assert_eq!(block_on(r.test_ret_impl_trait(3)).unwrap().count(), 3);
    assert_eq!(block_on(r.test_ret_impl_trait_err(3)).unwrap().count(), 3);
    block_on(r.test_async_fn_empty());
    // SAFETY: nothing to uphold.
    block_on(unsafe { r.test_async_unsafe_fn_empty() });
    block_on(r.repro_async_2294());
    block_on(r.repro_1613(true));
    block_on(r.repro_1613_2());
    block_on(r.repro_1831());
    assert_eq!(block_on(r.repro_1831_2()), Ok(()));
    r.this_is_fine();
}

//! fastrace's `tests/macros/tests/ui/ok` cases, one module each, on methods
//! of `#[instrument_proxy]` impls: every one compiles and runs. fastrace's
//! `short_name = true` is `name = "{method}"`, `properties = {...}` is
//! `fields(...)`, `enter_on_poll` is what every async method does.
#![deny(warnings)]

use std::future::Future;

use instrument_proxy::instrument_proxy;

fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

/// async-in-trait.rs: a native `async fn` in a trait impl.
mod async_in_trait {
    use instrument_proxy::instrument_proxy;

    pub trait MyTrait {
        #[allow(async_fn_in_trait)]
        async fn work(&self) -> usize;
    }

    pub struct MyStruct;

    #[instrument_proxy]
    impl MyTrait for MyStruct {
        async fn work(&self) -> usize {
            7
        }
    }
}

/// async-trait.rs and async-trait-dyn-future.rs: `#[async_trait]` impls,
/// one returning a boxed future in its result.
mod async_trait_cases {
    use std::future::Future;
    use std::pin::Pin;

    use instrument_proxy::instrument_proxy;

    #[async_trait::async_trait]
    pub trait Work {
        async fn work(&self) -> usize;
    }

    pub struct MyStruct;

    #[async_trait::async_trait]
    #[instrument_proxy]
    impl Work for MyStruct {
        async fn work(&self) -> usize {
            3
        }
    }

    #[derive(Debug)]
    pub struct InnerError;

    #[derive(Debug)]
    pub struct OuterError(#[allow(dead_code)] pub InnerError);

    impl std::fmt::Display for OuterError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("outer")
        }
    }

    pub type MyFuture = Pin<Box<dyn Future<Output = Result<u32, OuterError>> + Send>>;

    #[async_trait::async_trait]
    pub trait MyTrait {
        async fn f() -> Result<MyFuture, OuterError>;
    }

    #[async_trait::async_trait]
    #[instrument_proxy]
    impl MyTrait for MyStruct {
        async fn f() -> Result<MyFuture, OuterError> {
            let inner = async { Err(InnerError) };
            let mapped = async move { inner.await.map_err(OuterError) };
            Ok(Box::pin(mapped))
        }
    }
}

pub struct Cases;

/// `crate = path`: the runtime through another name (has-crate-path.rs).
mod renamed {
    pub use instrument_proxy as custom;
}

#[instrument_proxy]
impl Cases {
    /// dyn-future.rs: an async fn whose result holds a boxed future.
    pub async fn dyn_future(&self) -> Result<async_trait_cases::MyFuture, async_trait_cases::OuterError> {
        let inner = async { Err(async_trait_cases::InnerError) };
        let mapped = async move { inner.await.map_err(async_trait_cases::OuterError) };
        Ok(Box::pin(mapped))
    }

    /// has-enter-on-poll.rs.
    pub async fn enter_on_poll(&self, a: u32) -> u32 {
        a
    }

    /// has-name-and-short-name.rs, has-name-async.rs.
    #[instrument_proxy(name = "Name")]
    pub async fn named_async(&self, a: u32) -> u32 {
        a
    }

    /// has-name-async-mut.rs.
    #[allow(unused_mut)]
    #[instrument_proxy(name = "test-span")]
    pub async fn named_async_mut(&self, mut a: u32) -> u32 {
        a
    }

    /// has-name.rs.
    #[instrument_proxy(name = "test-span")]
    pub fn named(&self, a: u32) -> u32 {
        a
    }

    /// has-name-mut.rs.
    #[allow(unused_mut)]
    #[instrument_proxy(name = "test-span")]
    pub fn named_mut(&self, mut a: u32) -> u32 {
        a
    }

    /// has-no-arguments.rs.
    #[allow(unused_braces)]
    pub fn no_arguments(&self, a: u32) -> u32 {
        a
    }

    /// has-short-name.rs.
    #[instrument_proxy(name = "{method}")]
    pub async fn short_name(&self, a: u32) -> u32 {
        a
    }

    /// has-properties.rs.
    #[allow(clippy::drop_non_drop)]
    #[instrument_proxy(name = "{method}", fields(
        k1 = "v1",
        a = format!("argument a is {a:?}"),
        b = format!("{b:?}"),
        escaped1 = format!("{c:?}{{}}"),
        escaped2 = "{ \"a\": \"b\"}",
    ))]
    pub async fn properties(&self, a: i64, b: &Arg, c: Arg) -> i64 {
        drop(c);
        a
    }

    #[instrument_proxy(name = "{method}", fields())]
    pub async fn no_properties(&self, a: u32) -> u32 {
        a
    }

    /// impl-stream.rs: an async fn returning a stream.
    pub async fn stream(&self) -> impl futures_core::Stream<Item = i64> {
        futures_util::stream::iter(0..100)
    }
}

#[instrument_proxy(crate = renamed::custom)]
impl Arg {
    /// has-crate-path.rs.
    #[instrument_proxy(name = "{method}")]
    pub fn sync_func(&self) -> i32 {
        42
    }
}

#[derive(Debug)]
pub struct Arg;

fn main() {
    use async_in_trait::MyTrait as _;
    use async_trait_cases::{MyTrait as _, Work as _};
    assert_eq!(block_on(async_in_trait::MyStruct.work()), 7);
    assert_eq!(block_on(async_trait_cases::MyStruct.work()), 3);
    let future = block_on(async_trait_cases::MyStruct::f()).unwrap();
    assert!(block_on(future).is_err());
    let c = Cases;
    assert!(block_on(block_on(c.dyn_future()).unwrap()).is_err());
    assert_eq!(block_on(c.enter_on_poll(1)), 1);
    assert_eq!(block_on(c.named_async(1)), 1);
    assert_eq!(block_on(c.named_async_mut(1)), 1);
    assert_eq!(c.named(1), 1);
    assert_eq!(c.named_mut(1), 1);
    assert_eq!(c.no_arguments(1), 1);
    assert_eq!(block_on(c.short_name(1)), 1);
    assert_eq!(block_on(c.properties(1, &Arg, Arg)), 1);
    assert_eq!(block_on(c.no_properties(1)), 1);
    drop(block_on(c.stream()));
    assert_eq!(Arg.sync_func(), 42);
}

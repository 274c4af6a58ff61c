//! fastrace's macro tests (`test_macro`, `macro_example`,
//! `test_macro_properties` in `fastrace/tests/lib.rs`). `short_name = true`
//! is `name = "{method}"` here; `properties = { "k": "format {a:?}" }` is
//! `fields(k = format!("format {a:?}"))`; `enter_on_poll` is what every
//! async method does.

use std::time::Duration;

use instrument_proxy::instrument_proxy;

use crate::support::*;
use crate::{capture, inner_span};

#[async_trait::async_trait]
trait Foo {
    async fn run(&self, millis: &u64);
}

struct Bar;

#[async_trait::async_trait]
#[instrument_proxy(name = "{method}")]
impl Foo for Bar {
    async fn run(&self, millis: &u64) {
        drop(inner_span());
        Bar.work(millis).await;
    }
}

#[instrument_proxy(name = "{method}")]
impl Bar {
    async fn work(&self, millis: &u64) {
        tokio::time::sleep(Duration::from_millis(*millis)).await;
    }

    async fn work2(&self, millis: &u64) {
        tokio::time::sleep(Duration::from_millis(*millis)).await;
    }

    async fn work3(&self, millis1: &u64, millis2: &u64) {
        tokio::time::sleep(Duration::from_millis(*millis1)).await;
        tokio::time::sleep(Duration::from_millis(*millis2)).await;
    }
}

#[test]
fn test_macro() {
    let capture = capture();
    block_on(async {
        Bar.run(&10).await;
        Bar.work2(&10).await;
        Bar.work3(&10, &10).await;
    });
    let run = capture.span("run");
    let work = capture.span("work");
    assert_child_of(&work, &run);
    assert_child_of(&capture.span("inner"), &run);
    assert!(duration(&capture.span("work3")) >= Duration::from_millis(20));
    capture.span("work2");
    capture.assert_all_ended();
}

struct Example;

#[instrument_proxy]
impl Example {
    #[instrument_proxy(name = "{method}")]
    fn do_something_short_name(&self, i: u64) {
        std::thread::sleep(Duration::from_millis(i));
    }

    #[instrument_proxy(name = "{method}")]
    async fn do_something_async_short_name(&self, i: u64) {
        tokio::time::sleep(Duration::from_millis(i)).await;
    }

    fn do_something(&self, i: u64) {
        std::thread::sleep(Duration::from_millis(i));
    }

    async fn do_something_async(&self, i: u64) {
        tokio::time::sleep(Duration::from_millis(i)).await;
    }
}

#[test]
fn macro_example() {
    let capture = capture();
    block_on(async {
        let _root = inner_span();
        Example.do_something(5);
        Example.do_something_async(5).await;
        Example.do_something_short_name(5);
        Example.do_something_async_short_name(5).await;
    });
    let root = capture.span("inner");
    // fastrace's full names are module paths; here `Type::method`.
    for name in [
        "Example::do_something",
        "Example::do_something_async",
        "do_something_short_name",
        "do_something_async_short_name",
    ] {
        let span = capture.span(name);
        assert_child_of(&span, &root);
        assert!(duration(&span) >= Duration::from_millis(5), "{name}");
    }
    capture.assert_all_ended();
}

#[derive(Debug)]
struct Arg;

struct Properties;

#[instrument_proxy(name = "{method}")]
impl Properties {
    #[allow(clippy::drop_non_drop)]
    #[instrument_proxy(fields(
        k1 = "v1",
        a = format!("argument a is {a:?}"),
        b = format!("{b:?}"),
        escaped1 = format!("{c:?}{{}}"),
        escaped2 = "{ \"a\": \"b\"}",
    ))]
    fn foo(&self, a: i64, b: &Arg, c: Arg) {
        drop(c);
    }

    #[allow(clippy::drop_non_drop)]
    #[instrument_proxy(fields(
        k1 = "v1",
        a = format!("argument a is {a:?}"),
        b = format!("{b:?}"),
        escaped1 = format!("{c:?}{{}}"),
        escaped2 = "{ \"a\": \"b\"}",
    ))]
    async fn foo_async(&self, a: i64, b: &Arg, c: Arg) {
        drop(c);
    }

    fn bar(&self) {}

    async fn bar_async(&self) {}
}

#[test]
fn test_macro_properties() {
    let capture = capture();
    Properties.foo(1, &Arg, Arg);
    Properties.bar();
    block_on(async {
        Properties.foo_async(1, &Arg, Arg).await;
        Properties.bar_async().await;
    });
    for name in ["foo", "foo_async"] {
        let span = capture.span(name);
        for (key, value) in [
            ("k1", "v1"),
            ("a", "argument a is 1"),
            ("b", "Arg"),
            ("escaped1", "Arg{}"),
            ("escaped2", "{ \"a\": \"b\"}"),
        ] {
            assert_eq!(
                string_attribute(&span, key).as_deref(),
                Some(value),
                "{name} {key}"
            );
        }
    }
    capture.span("bar");
    capture.span("bar_async");
    capture.assert_all_ended();
}

//! tracing-attributes 0.1.31's behaviour tests (`async_fn`, `destructuring`,
//! `err`, `fields`, `follows_from`, `instrument`, `levels`, `names`,
//! `parents`, `ret`, `targets`), each scenario on a method of an
//! `#[instrument_proxy]` impl (the attribute instruments impls, not free
//! functions). Where their option has another spelling here, the scenario
//! uses it; what cannot be said is in the README's table of differences and
//! noted at the test.
#![allow(
    clippy::disallowed_names,
    clippy::multiple_bound_locations,
    reason = "names and shapes as in the ported tests"
)]

use std::future::Future;
use std::num::TryFromIntError;
use std::pin::Pin;
use std::sync::Arc;

use instrument_proxy::{instrument_proxy, CallSpan};
use opentelemetry::trace::SpanKind;
use opentelemetry::Value;

use crate::support::*;
use crate::{capture, inner_span};

/// Polls pending `n` times before it is ready (tracing-test's `PollN`).
struct PollN(usize);

impl Future for PollN {
    type Output = Result<(), ()>;

    fn poll(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        if self.0 == 0 {
            return std::task::Poll::Ready(Ok(()));
        }
        self.0 -= 1;
        cx.waker().wake_by_ref();
        std::task::Poll::Pending
    }
}

fn int(span: &opentelemetry_sdk::trace::SpanData, key: &str) -> Option<i64> {
    match attribute(span, key)? {
        Value::I64(value) => Some(value),
        other => panic!("{key} is {other:?}, not an integer"),
    }
}

// ---- async_fn.rs ---------------------------------------------------------

struct AsyncFns;

#[instrument_proxy]
impl AsyncFns {
    async fn test_async_fn(&self, polls: usize) -> Result<(), ()> {
        let _inner = inner_span();
        PollN(polls).await
    }

    async fn test_async_fns_nested(&self) {
        self.test_async_fns_nested_other().await;
    }

    async fn test_async_fns_nested_other(&self) {
        let _inner = inner_span();
    }

    #[allow(clippy::manual_async_fn)]
    fn manual_impl_future(&self) -> impl Future<Output = ()> {
        async {
            let _inner = inner_span();
        }
    }

    fn manual_box_pin(&self) -> Pin<Box<dyn Future<Output = ()>>> {
        Box::pin(async {
            let _inner = inner_span();
        })
    }
}

#[test]
fn async_fn_async_fn_only_enters_for_polls() {
    let capture = capture();
    assert_eq!(block_on(AsyncFns.test_async_fn(2)), Ok(()));
    let span = capture.span("AsyncFns::test_async_fn");
    assert!(!is_error(&span), "Ok(()) is not an error");
    assert_child_of(&capture.span("inner"), &span);
    capture.assert_all_ended();
}

#[test]
fn async_fn_async_fn_nested() {
    let capture = capture();
    block_on(AsyncFns.test_async_fns_nested());
    let outer = capture.span("AsyncFns::test_async_fns_nested");
    let other = capture.span("AsyncFns::test_async_fns_nested_other");
    assert_child_of(&other, &outer);
    assert_child_of(&capture.span("inner"), &other);
    capture.assert_all_ended();
}

#[async_trait::async_trait]
pub trait TestA {
    async fn foo(&mut self, v: usize);
}

#[async_trait::async_trait]
pub trait TestB {
    async fn bar(&self);
}

#[async_trait::async_trait]
pub trait TestC {
    async fn baz(&self);
}

#[derive(Debug, Clone)]
struct TestImpl(usize);

// async-trait turns each `async fn` into a method returning
// `Pin<Box<dyn Future>>`, which the attribute traces until the future ends.
#[async_trait::async_trait]
#[instrument_proxy(name = "{method}")]
impl TestA for TestImpl {
    // tracing-attributes records `self` and `v` by default; here nothing is
    // recorded unless named.
    #[instrument_proxy(fields(v = v))]
    async fn foo(&mut self, v: usize) {
        self.baz().await;
        self.0 = v;
        self.bar().await
    }
}

#[async_trait::async_trait]
#[instrument_proxy(name = "{method}")]
impl TestB for TestImpl {
    async fn bar(&self) {
        let _inner = inner_span();
    }
}

#[async_trait::async_trait]
#[instrument_proxy(name = "{method}")]
impl TestC for TestImpl {
    async fn baz(&self) {
        let _inner = inner_span();
    }
}

#[test]
fn async_fn_async_fn_with_async_trait() {
    let capture = capture();
    let mut test = TestImpl(2);
    block_on(test.foo(5));
    assert_eq!(test.0, 5);
    let foo = capture.span("foo");
    assert_eq!(int(&foo, "v"), Some(5));
    assert!(attribute(&foo, "self").is_none(), "self is never recorded");
    assert_child_of(&capture.span("bar"), &foo);
    assert_child_of(&capture.span("baz"), &foo);
    capture.assert_all_ended();
}

#[async_trait::async_trait]
pub trait Test {
    async fn call(&mut self, v: usize);
}

#[derive(Clone, Debug)]
struct FieldsImpl;

impl FieldsImpl {
    fn foo(&self) -> usize {
        42
    }
}

#[async_trait::async_trait]
#[instrument_proxy(name = "{method}")]
impl Test for FieldsImpl {
    // `self` is correctly handled in field expressions, also through
    // async-trait.
    #[instrument_proxy(fields(val = self.foo(), val2 = Self::clone(self).foo(), test = %(_v + 5)))]
    async fn call(&mut self, _v: usize) {}
}

#[test]
fn async_fn_async_fn_with_async_trait_and_fields_expressions() {
    let capture = capture();
    block_on(FieldsImpl.call(5));
    let call = capture.span("call");
    assert_eq!(int(&call, "val"), Some(42));
    assert_eq!(int(&call, "val2"), Some(42));
    assert_eq!(string_attribute(&call, "test").as_deref(), Some("10"));
    capture.assert_all_ended();
}

#[async_trait::async_trait]
pub trait TestGeneric {
    async fn call();
    async fn call_with_self(&self);
    async fn call_with_mut_self(&mut self);
}

#[derive(Clone, Debug)]
struct GenericImpl;

#[instrument_proxy]
impl GenericImpl {
    // Sync functions that return futures are traced until the future ends,
    // as async-trait's are.
    #[allow(deprecated)]
    #[instrument_proxy(name = "{method}", fields(Self = std::any::type_name::<Self>()))]
    fn sync_fun(&self) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        let val = self.clone();
        Box::pin(async move {
            let _ = val;
        })
    }
}

#[async_trait::async_trait]
#[instrument_proxy(name = "{method}")]
impl TestGeneric for GenericImpl {
    // tracing-attributes cannot instrument this one (tracing#864); here an
    // associated function is traced like any other.
    async fn call() {}

    #[allow(deprecated)]
    #[instrument_proxy(fields(Self = std::any::type_name::<Self>()))]
    async fn call_with_self(&self) {
        self.sync_fun().await;
    }

    #[allow(deprecated)]
    #[instrument_proxy(fields(Self = std::any::type_name::<Self>()))]
    async fn call_with_mut_self(&mut self) {}
}

#[test]
fn async_fn_async_fn_with_async_trait_and_fields_expressions_with_generic_parameter() {
    let capture = capture();
    block_on(async {
        GenericImpl::call().await;
        GenericImpl.call_with_self().await;
        GenericImpl.call_with_mut_self().await;
    });
    let type_name = std::any::type_name::<GenericImpl>();
    for name in ["call_with_self", "call_with_mut_self", "sync_fun"] {
        let span = capture.span(name);
        assert_eq!(string_attribute(&span, "Self").as_deref(), Some(type_name));
    }
    capture.span("call");
    assert_child_of(&capture.span("sync_fun"), &capture.span("call_with_self"));
    capture.assert_all_ended();
}

struct Thing {
    metrics: Arc<()>,
}

#[instrument_proxy]
impl Thing {
    // tracing#1296: `fields(app_id)` declares an empty field; here
    // `app_id = instrument_proxy::Empty`.
    #[instrument_proxy(fields(app_id = instrument_proxy::Empty))]
    fn call(&mut self, _req: ()) -> Pin<Box<dyn Future<Output = Arc<()>> + Send + Sync>> {
        let metrics = self.metrics.clone();
        Box::pin(async move { metrics })
    }
}

#[test]
fn async_fn_out_of_scope_fields() {
    let capture = capture();
    let mut my_thing = Thing {
        metrics: Arc::new(()),
    };
    block_on(my_thing.call(()));
    let span = capture.span("Thing::call");
    assert!(
        attribute(&span, "app_id").is_none(),
        "an empty field is not recorded"
    );
    capture.assert_all_ended();
}

#[test]
fn async_fn_manual_impl_future() {
    let capture = capture();
    let future = AsyncFns.manual_impl_future();
    assert!(capture.spans().is_empty(), "the span ends with the future");
    block_on(future);
    let span = capture.span("AsyncFns::manual_impl_future");
    assert_child_of(&capture.span("inner"), &span);
    capture.assert_all_ended();
}

#[test]
fn async_fn_manual_box_pin() {
    let capture = capture();
    block_on(AsyncFns.manual_box_pin());
    let span = capture.span("AsyncFns::manual_box_pin");
    assert_child_of(&capture.span("inner"), &span);
    capture.assert_all_ended();
}

// ---- destructuring.rs ----------------------------------------------------
// tracing-attributes records each binding of a destructured argument by
// default; here a binding is recorded when a field names it.

struct Destructure;

pub struct Foo(usize, usize);

pub struct Bar {
    baz: usize,
    qux: usize,
}

#[instrument_proxy(name = "{method}")]
impl Destructure {
    #[instrument_proxy(fields(arg1 = arg1, arg2 = arg2))]
    fn my_fn(&self, (arg1, arg2): (usize, usize)) -> usize {
        arg1 + arg2
    }

    #[instrument_proxy(fields(arg1 = arg1, arg2 = arg2, arg3 = arg3, arg4 = arg4))]
    fn nested(&self, ((arg1, arg2), (arg3, arg4)): ((usize, usize), (usize, usize))) -> usize {
        arg1 + arg2 + arg3 + arg4
    }

    #[instrument_proxy(fields(arg1 = arg1))]
    fn refs(&self, &arg1: &usize) -> usize {
        arg1
    }

    #[instrument_proxy(fields(arg1 = arg1, arg2 = arg2))]
    fn tuple_struct(&self, Foo(arg1, arg2): Foo) -> usize {
        arg1 + arg2
    }

    #[instrument_proxy(fields(baz = baz, qux = qux))]
    fn structs(&self, Bar { baz, qux }: Bar) -> usize {
        baz + qux
    }

    #[instrument_proxy(fields(arg1 = arg1, arg2 = arg2, baz = baz, qux = qux, arg3 = arg3))]
    fn everything(
        &self,
        (&arg1, Foo(arg2, _), Bar { baz, qux }): (&usize, Foo, Bar),
        arg3: usize,
    ) -> usize {
        arg1 + arg2 + baz + qux + arg3
    }
}

fn assert_ints(span: &opentelemetry_sdk::trace::SpanData, expected: &[(&str, i64)]) {
    for (key, value) in expected {
        assert_eq!(int(span, key), Some(*value), "{key} on {}", span.name);
    }
}

#[test]
fn destructuring_destructure_tuples() {
    let capture = capture();
    assert_eq!(Destructure.my_fn((1, 2)), 3);
    assert_ints(&capture.span("my_fn"), &[("arg1", 1), ("arg2", 2)]);
    capture.assert_all_ended();
}

#[test]
fn destructuring_destructure_nested_tuples() {
    let capture = capture();
    Destructure.nested(((1, 2), (3, 4)));
    assert_ints(
        &capture.span("nested"),
        &[("arg1", 1), ("arg2", 2), ("arg3", 3), ("arg4", 4)],
    );
    capture.assert_all_ended();
}

#[test]
fn destructuring_destructure_refs() {
    let capture = capture();
    Destructure.refs(&1);
    assert_ints(&capture.span("refs"), &[("arg1", 1)]);
    capture.assert_all_ended();
}

#[test]
fn destructuring_destructure_tuple_structs() {
    let capture = capture();
    Destructure.tuple_struct(Foo(1, 2));
    assert_ints(&capture.span("tuple_struct"), &[("arg1", 1), ("arg2", 2)]);
    capture.assert_all_ended();
}

#[test]
fn destructuring_destructure_structs() {
    let capture = capture();
    Destructure.structs(Bar { baz: 1, qux: 2 });
    assert_ints(&capture.span("structs"), &[("baz", 1), ("qux", 2)]);
    capture.assert_all_ended();
}

#[test]
fn destructuring_destructure_everything() {
    let capture = capture();
    Destructure.everything((&1, Foo(2, 3), Bar { baz: 4, qux: 5 }), 6);
    assert_ints(
        &capture.span("everything"),
        &[
            ("arg1", 1),
            ("arg2", 2),
            ("baz", 4),
            ("qux", 5),
            ("arg3", 6),
        ],
    );
    capture.assert_all_ended();
}

// ---- err.rs --------------------------------------------------------------
// `Err` marks the span (status Error, `error.type`, the `Display` as the
// description) by default; tracing-attributes' ERROR event is
// `err(level = error)` here.

struct Errs;

#[instrument_proxy(name = "{method}")]
impl Errs {
    fn err(&self) -> Result<u8, TryFromIntError> {
        u8::try_from(1234)
    }

    #[rustfmt::skip]
    #[deny(clippy::suspicious_else_formatting)]
    fn err_suspicious_else(&self) -> Result<u8, TryFromIntError> {
        {}
        u8::try_from(1234)
    }

    fn err_early_return(&self) -> Result<u8, TryFromIntError> {
        u8::try_from(1234)?;
        Ok(5)
    }

    async fn err_async(&self, polls: usize) -> Result<u8, TryFromIntError> {
        let _ = PollN(polls).await;
        u8::try_from(1234)
    }

    fn err_mut(&self, out: &mut u8) -> Result<(), TryFromIntError> {
        *out = u8::try_from(1234)?;
        Ok(())
    }

    async fn err_mut_async(&self, polls: usize, out: &mut u8) -> Result<(), TryFromIntError> {
        let _ = PollN(polls).await;
        *out = u8::try_from(1234)?;
        Ok(())
    }

    fn returns_impl_trait(&self, x: usize) -> Result<impl Iterator<Item = usize>, String> {
        Ok(0..x)
    }

    #[instrument_proxy(err(debug))]
    fn err_dbg(&self) -> Result<u8, TryFromIntError> {
        u8::try_from(1234)
    }

    #[instrument_proxy(target = "my_target", err(level = error))]
    fn err_custom_target(&self) -> Result<u8, TryFromIntError> {
        u8::try_from(1234)
    }

    #[instrument_proxy(err(level = info))]
    fn err_info(&self) -> Result<u8, TryFromIntError> {
        u8::try_from(1234)
    }

    #[instrument_proxy(err(debug, level = info))]
    fn err_dbg_info(&self) -> Result<u8, TryFromIntError> {
        u8::try_from(1234)
    }

    #[instrument_proxy(level = warn, err(level = info))]
    fn err_warn_info(&self) -> Result<u8, TryFromIntError> {
        u8::try_from(1234)
    }
}

const OUT_OF_RANGE: &str = "out of range integral type conversion attempted";

fn assert_try_from_failure(span: &opentelemetry_sdk::trace::SpanData) {
    assert_failed_with(span, "core::num::error::TryFromIntError");
    assert_eq!(error_description(span).as_deref(), Some(OUT_OF_RANGE));
}

/// The exception event `err(level = ...)` adds, with its message.
fn exception_message(span: &opentelemetry_sdk::trace::SpanData) -> Option<String> {
    let event = span.events.iter().find(|e| e.name == "exception")?;
    event
        .attributes
        .iter()
        .find(|kv| kv.key.as_str() == "exception.message")
        .map(|kv| kv.value.as_str().into_owned())
}

#[test]
fn err_test() {
    let capture = capture();
    assert!(Errs.err().is_err());
    let span = capture.span("err");
    assert_try_from_failure(&span);
    assert_eq!(exception_message(&span), None, "no event unless asked");
    capture.assert_all_ended();
}

#[test]
fn err_test_suspicious_else() {
    let capture = capture();
    assert!(Errs.err_suspicious_else().is_err());
    assert_try_from_failure(&capture.span("err_suspicious_else"));
    capture.assert_all_ended();
}

#[test]
fn err_test_early_return() {
    let capture = capture();
    assert!(Errs.err_early_return().is_err());
    assert_try_from_failure(&capture.span("err_early_return"));
    capture.assert_all_ended();
}

#[test]
fn err_test_async() {
    let capture = capture();
    assert!(block_on(Errs.err_async(2)).is_err());
    assert_try_from_failure(&capture.span("err_async"));
    capture.assert_all_ended();
}

#[test]
fn err_test_mut() {
    let capture = capture();
    let mut out = 0;
    assert!(Errs.err_mut(&mut out).is_err());
    assert_try_from_failure(&capture.span("err_mut"));
    capture.assert_all_ended();
}

#[test]
fn err_test_mut_async() {
    let capture = capture();
    let mut out = 0;
    assert!(block_on(Errs.err_mut_async(2, &mut out)).is_err());
    assert_try_from_failure(&capture.span("err_mut_async"));
    capture.assert_all_ended();
}

#[test]
fn err_impl_trait_return_type() {
    let capture = capture();
    assert_eq!(Errs.returns_impl_trait(3).unwrap().count(), 3);
    let span = capture.span("returns_impl_trait");
    assert!(!is_error(&span));
    // tracing-attributes records `x`; here it is not, unless a field says so.
    assert!(attribute(&span, "x").is_none());
    capture.assert_all_ended();
}

#[test]
fn err_test_err_dbg() {
    let capture = capture();
    assert!(Errs.err_dbg().is_err());
    // `err(debug)` describes by `Debug` the errors that cannot be displayed;
    // one that can keeps its `Display` (tracing-attributes' `err(Debug)`
    // always uses `Debug`). In the README's table.
    assert_try_from_failure(&capture.span("err_dbg"));
    capture.assert_all_ended();
}

#[test]
fn err_test_err_display_default() {
    let capture = capture();
    assert!(Errs.err().is_err());
    assert_eq!(
        error_description(&capture.span("err")).as_deref(),
        Some(OUT_OF_RANGE)
    );
    capture.assert_all_ended();
}

#[test]
fn err_test_err_custom_target() {
    let capture = capture();
    assert!(Errs.err_custom_target().is_err());
    let span = capture.span("err_custom_target");
    assert_try_from_failure(&span);
    assert_eq!(exception_message(&span).as_deref(), Some(OUT_OF_RANGE));
    capture.assert_all_ended();
}

#[test]
fn err_test_err_info() {
    let capture = capture();
    assert!(Errs.err_info().is_err());
    let span = capture.span("err_info");
    assert_eq!(exception_message(&span).as_deref(), Some(OUT_OF_RANGE));
    capture.assert_all_ended();
}

#[test]
fn err_test_err_dbg_info() {
    let capture = capture();
    assert!(Errs.err_dbg_info().is_err());
    assert_eq!(
        exception_message(&capture.span("err_dbg_info")).as_deref(),
        Some(OUT_OF_RANGE)
    );
    capture.assert_all_ended();
}

#[test]
fn err_test_err_warn_info() {
    let capture = capture();
    assert!(Errs.err_warn_info().is_err());
    let span = capture.span("err_warn_info");
    assert_eq!(exception_message(&span).as_deref(), Some(OUT_OF_RANGE));
    capture.assert_all_ended();
}

// ---- fields.rs -----------------------------------------------------------

struct Fields;

const CONST_FIELD_NAME: &str = "foo.bar";

#[instrument_proxy(name = "{method}")]
impl Fields {
    #[instrument_proxy(fields(foo = "bar", dsa = true, num = 1))]
    fn fn_no_param(&self) {}

    #[instrument_proxy(fields(foo = "bar"))]
    fn fn_param(&self, param: u32) {
        let _ = param;
    }

    // `empty` is `empty = instrument_proxy::Empty` here.
    #[instrument_proxy(fields(foo = "bar", empty = instrument_proxy::Empty))]
    fn fn_empty_field(&self) {}

    #[instrument_proxy(fields(len = s.len()))]
    fn fn_expr_field(&self, s: &str) {
        let _ = s;
    }

    #[instrument_proxy(fields(s.len = s.len(), s.is_empty = s.is_empty()))]
    fn fn_two_expr_fields(&self, s: &str) {
        let _ = s;
    }

    // `fields(%s)` is `s = %s` here.
    #[instrument_proxy(fields(s = %s, s.len = s.len()))]
    fn fn_clashy_expr_field(&self, s: &str) {
        let _ = s;
    }

    #[instrument_proxy(fields(s = "s"))]
    fn fn_clashy_expr_field2(&self, s: &str) {
        let _ = s;
    }

    #[instrument_proxy(fields(s = &s))]
    fn fn_string(&self, s: String) {
        let _ = s;
    }

    #[instrument_proxy(fields(keywords.impl.type.fn = _arg))]
    fn fn_keyword_ident_in_field(&self, _arg: &str) {}

    // `{"foo"} = ...` is `"foo" = ...`; a key computed from a constant
    // (`{CONST_FIELD_NAME}`) is written out.
    #[instrument_proxy(fields("foo" = "bar"))]
    fn fn_string_field_name(&self) {}

    #[instrument_proxy(fields("foo.bar" = "baz"))]
    fn fn_const_field_name(&self) {}
}

#[instrument_proxy(name = "{method}")]
impl Fields {
    #[instrument_proxy(fields(s = "hello world"))]
    fn self_expr_field(&self) {}
}

#[test]
fn fields_fields() {
    let capture = capture();
    Fields.fn_no_param();
    let span = capture.span("fn_no_param");
    assert_eq!(string_attribute(&span, "foo").as_deref(), Some("bar"));
    assert_eq!(attribute(&span, "dsa"), Some(Value::Bool(true)));
    assert_eq!(int(&span, "num"), Some(1));
    capture.assert_all_ended();
}

#[test]
fn fields_expr_field() {
    let capture = capture();
    Fields.fn_expr_field("hello world");
    assert_eq!(int(&capture.span("fn_expr_field"), "len"), Some(11));
    capture.assert_all_ended();
}

#[test]
fn fields_two_expr_fields() {
    let capture = capture();
    Fields.fn_two_expr_fields("hello world");
    let span = capture.span("fn_two_expr_fields");
    assert_eq!(int(&span, "s.len"), Some(11));
    assert_eq!(attribute(&span, "s.is_empty"), Some(Value::Bool(false)));
    capture.assert_all_ended();
}

#[test]
fn fields_clashy_expr_field() {
    let capture = capture();
    Fields.fn_clashy_expr_field("hello world");
    let span = capture.span("fn_clashy_expr_field");
    assert_eq!(string_attribute(&span, "s").as_deref(), Some("hello world"));
    assert_eq!(int(&span, "s.len"), Some(11));
    Fields.fn_clashy_expr_field2("hello world");
    let span = capture.span("fn_clashy_expr_field2");
    assert_eq!(string_attribute(&span, "s").as_deref(), Some("s"));
    capture.assert_all_ended();
}

#[test]
fn fields_self_expr_field() {
    let capture = capture();
    Fields.self_expr_field();
    assert_eq!(
        string_attribute(&capture.span("self_expr_field"), "s").as_deref(),
        Some("hello world")
    );
    capture.assert_all_ended();
}

#[test]
fn fields_parameters_with_fields() {
    let capture = capture();
    Fields.fn_param(1);
    let span = capture.span("fn_param");
    assert_eq!(string_attribute(&span, "foo").as_deref(), Some("bar"));
    // tracing-attributes records `param` too; here arguments are recorded
    // only when a field names them.
    assert!(attribute(&span, "param").is_none());
    capture.assert_all_ended();
}

#[test]
fn fields_empty_field() {
    let capture = capture();
    Fields.fn_empty_field();
    let span = capture.span("fn_empty_field");
    assert_eq!(string_attribute(&span, "foo").as_deref(), Some("bar"));
    assert!(attribute(&span, "empty").is_none());
    capture.assert_all_ended();
}

#[test]
fn fields_string_field() {
    let capture = capture();
    Fields.fn_string(String::from("hello world"));
    assert_eq!(
        string_attribute(&capture.span("fn_string"), "s").as_deref(),
        Some("hello world")
    );
    capture.assert_all_ended();
}

#[test]
fn fields_keyword_ident_in_field_name() {
    let capture = capture();
    Fields.fn_keyword_ident_in_field("test");
    assert_eq!(
        string_attribute(
            &capture.span("fn_keyword_ident_in_field"),
            "keywords.impl.type.fn"
        )
        .as_deref(),
        Some("test")
    );
    capture.assert_all_ended();
}

#[test]
fn fields_expr_const_field_name() {
    let capture = capture();
    Fields.fn_const_field_name();
    assert_eq!(
        string_attribute(&capture.span("fn_const_field_name"), CONST_FIELD_NAME).as_deref(),
        Some("baz")
    );
    capture.assert_all_ended();
}

#[test]
fn fields_string_field_name() {
    let capture = capture();
    Fields.fn_string_field_name();
    assert_eq!(
        string_attribute(&capture.span("fn_string_field_name"), "foo").as_deref(),
        Some("bar")
    );
    capture.assert_all_ended();
}

// ---- follows_from.rs -----------------------------------------------------
// `follows_from = ...` has no counterpart (span links: SPEC §16). The
// scenario's other half — the span is made and ended, sync and async — holds.

#[test]
fn follows_from_follows_from_sync_and_async_test() {
    let capture = capture();
    drop(AsyncFns.manual_box_pin());
    block_on(AsyncFns.test_async_fns_nested_other());
    capture.span("AsyncFns::manual_box_pin");
    capture.span("AsyncFns::test_async_fns_nested_other");
    capture.assert_all_ended();
}

// ---- instrument.rs -------------------------------------------------------

struct Instrument;

#[derive(Debug)]
struct UnDebug;

#[instrument_proxy]
impl Instrument {
    #[instrument_proxy(target = "my_target", level = debug, name = "my_name")]
    fn my_fn(&self) {}

    #[instrument_proxy(target = "my_target", level = debug, name = "my_other_fn")]
    fn my_other_fn(&self) {}

    #[instrument_proxy(fields(arg1 = arg1, arg2 = ?arg2))]
    fn fields(&self, arg1: usize, arg2: bool) {
        let _ = (arg1, arg2);
    }

    // `skip(...)` is the default here: nothing is recorded unless named.
    fn skip(&self, _arg1: usize, _arg2: UnDebug, _arg3: UnDebug) {}

    #[instrument_proxy(fields(arg1 = ?arg1, arg2 = ?arg2))]
    fn generics<S: std::fmt::Debug>(&self, arg1: S, arg2: bool)
    where
        S: Clone,
    {
        let _ = (arg1, arg2);
    }

    #[instrument_proxy(fields(arg1 = arg1))]
    fn methods(&self, arg1: usize) {
        let _ = arg1;
    }

    fn returns_impl_trait(&self, x: usize) -> impl Iterator<Item = usize> {
        0..x
    }
}

#[test]
fn instrument_override_everything() {
    let capture = capture();
    Instrument.my_fn();
    Instrument.my_other_fn();
    assert_eq!(names(&capture.spans()), ["my_name", "my_other_fn"]);
    capture.assert_all_ended();
}

#[test]
fn instrument_fields() {
    let capture = capture();
    Instrument.fields(2, false);
    Instrument.fields(3, true);
    let spans = capture.spans();
    assert_eq!(spans.len(), 2);
    assert_eq!(int(&spans[0], "arg1"), Some(2));
    assert_eq!(string_attribute(&spans[1], "arg2").as_deref(), Some("true"));
    capture.assert_all_ended();
}

#[test]
fn instrument_skip() {
    let capture = capture();
    Instrument.skip(2, UnDebug, UnDebug);
    let span = capture.span("Instrument::skip");
    for key in ["_arg1", "_arg2", "_arg3"] {
        assert!(attribute(&span, key).is_none(), "{key}");
    }
    capture.assert_all_ended();
}

#[test]
fn instrument_generics() {
    let capture = capture();
    Instrument.generics(Foo2, false);
    let span = capture.span("Instrument::generics");
    assert_eq!(string_attribute(&span, "arg1").as_deref(), Some("Foo2"));
    assert_eq!(string_attribute(&span, "arg2").as_deref(), Some("false"));
    capture.assert_all_ended();
}

#[derive(Debug, Clone)]
struct Foo2;

#[test]
fn instrument_methods() {
    let capture = capture();
    Instrument.methods(2);
    assert_eq!(int(&capture.span("Instrument::methods"), "arg1"), Some(2));
    capture.assert_all_ended();
}

#[test]
fn instrument_impl_trait_return_type() {
    let capture = capture();
    assert_eq!(Instrument.returns_impl_trait(10).count(), 10);
    let span = capture.span("Instrument::returns_impl_trait");
    assert_eq!(span.span_kind, SpanKind::Client);
    capture.assert_all_ended();
}

const NAME: &str = "my_name";

#[instrument_proxy]
impl Instrument {
    // `name = IDENT` (a constant) is a name computed per call here: the
    // span is named by the constant's value.
    #[instrument_proxy(name = NAME)]
    fn name_ident(&self) {}
}

#[test]
fn instrument_name_ident() {
    let capture = capture();
    Instrument.name_ident();
    capture.span("my_name");
    capture.assert_all_ended();
}

// `target = CONST` (target_ident, target_name_ident) needs a literal here:
// a `tracing` callsite's target is static. In the README's table.

mod user_tracing_module {
    // A user's module named `tracing` (and `instrument_proxy`) does not
    // change what the generated code names: every path is absolute.
    #[allow(dead_code)]
    mod tracing {}
    #[allow(dead_code)]
    mod instrument_proxy {}

    pub struct Shadowed;

    #[::instrument_proxy::instrument_proxy]
    impl Shadowed {
        pub fn call(&self) -> u8 {
            1
        }
    }
}

#[test]
fn instrument_user_tracing_module() {
    let capture = capture();
    assert_eq!(user_tracing_module::Shadowed.call(), 1);
    capture.span("Shadowed::call");
    capture.assert_all_ended();
}

// ---- names.rs ------------------------------------------------------------

struct Names;

#[instrument_proxy]
impl Names {
    fn default_name(&self) {}

    #[instrument_proxy(name = "my_name")]
    fn custom_name(&self) {}
}

#[test]
fn names_default_name_test() {
    let capture = capture();
    Names.default_name();
    // tracing-attributes names it `default_name`; here it is qualified, so
    // that every `get` is not the same span (`name = "{method}"` gives theirs).
    capture.span("Names::default_name");
    capture.assert_all_ended();
}

#[test]
fn names_custom_name_test() {
    let capture = capture();
    Names.custom_name();
    capture.span("my_name");
    capture.assert_all_ended();
}

// `#[instrument("my_other_name")]` (custom_name_no_equals) is
// `name = "my_other_name"` here: in the README's table.

// ---- parents.rs ----------------------------------------------------------

#[test]
fn parents_default_parent_test() {
    let capture = capture();
    block_on(async {
        let _outer = inner_span();
        Names.default_name();
    });
    assert_child_of(&capture.span("Names::default_name"), &capture.span("inner"));
    Names.custom_name();
    assert_eq!(
        capture.span("my_name").parent_span_id,
        opentelemetry::trace::SpanId::INVALID,
        "a root without a current span"
    );
    capture.assert_all_ended();
}

// `parent = ...` (explicit_parent_test) has no counterpart: the parent is
// the current context; run the call in the parent's context (`in_scope`,
// `context::spawn`). In the README's table.

// ---- ret.rs --------------------------------------------------------------
// `ret` is `record_ok = function` here: the value is recorded only where
// the user says how.

fn record_ret(span: &CallSpan, value: &i32) {
    span.record("return", i64::from(*value));
}

fn record_ret_u8(span: &CallSpan, value: &u8) {
    span.record("return", i64::from(*value));
}

struct Ret;

#[instrument_proxy(name = "{method}")]
impl Ret {
    #[instrument_proxy(fields(return = instrument_proxy::Empty), record_ok = record_ret)]
    fn ret(&self) -> i32 {
        42
    }

    #[instrument_proxy(target = "my_target", fields(return = instrument_proxy::Empty), record_ok = record_ret)]
    fn ret_with_target(&self) -> i32 {
        42
    }

    #[instrument_proxy(fields(return = instrument_proxy::Empty), record_ok = record_ret)]
    fn ret_mut(&self, a: &mut i32) -> i32 {
        *a *= 2;
        *a
    }

    #[instrument_proxy(fields(return = instrument_proxy::Empty), record_ok = record_ret)]
    async fn ret_async(&self) -> i32 {
        42
    }

    #[instrument_proxy(fields(return = instrument_proxy::Empty), record_ok = record_ret_u8)]
    fn ret_and_ok(&self) -> Result<u8, TryFromIntError> {
        u8::try_from(123)
    }

    #[instrument_proxy(fields(return = instrument_proxy::Empty), record_ok = record_ret_u8)]
    fn ret_and_err(&self) -> Result<u8, TryFromIntError> {
        u8::try_from(1234)
    }
}

#[test]
fn ret_test() {
    let capture = capture();
    assert_eq!(Ret.ret(), 42);
    assert_eq!(Ret.ret_with_target(), 42);
    let mut a = 21;
    assert_eq!(Ret.ret_mut(&mut a), 42);
    assert_eq!(block_on(Ret.ret_async()), 42);
    for name in ["ret", "ret_with_target", "ret_mut", "ret_async"] {
        assert_eq!(int(&capture.span(name), "return"), Some(42), "{name}");
    }
    capture.assert_all_ended();
}

#[test]
fn ret_test_ret_and_ok_and_err() {
    let capture = capture();
    assert_eq!(Ret.ret_and_ok(), Ok(123));
    assert!(Ret.ret_and_err().is_err());
    assert_eq!(int(&capture.span("ret_and_ok"), "return"), Some(123));
    let failed = capture.span("ret_and_err");
    assert_try_from_failure(&failed);
    assert!(attribute(&failed, "return").is_none());
    capture.assert_all_ended();
}

// ---- targets.rs ----------------------------------------------------------

/// Also used by each backend's own targets test (`compat_tracing.rs`,
/// `compat_otel.rs`).
pub(crate) struct Targets;

#[instrument_proxy]
impl Targets {
    pub(crate) fn default_target(&self) {}

    #[instrument_proxy(target = "my_target")]
    pub(crate) fn custom_target(&self) {}
}

#[test]
fn targets_default_and_custom_targets() {
    let capture = capture();
    Targets.default_target();
    Targets.custom_target();
    capture.span("Targets::default_target");
    capture.span("Targets::custom_target");
    capture.assert_all_ended();
}

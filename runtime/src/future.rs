//! Futures and streams that carry their call's span: current during every
//! poll, ended when the work completes or is dropped (cancellation).

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use futures_core::Stream;
use pin_project_lite::pin_project;

use crate::backend;
use crate::call::CallSpan;

pin_project! {
    /// The inner future or stream, and the call's span while it runs. The
    /// span shares the enum with the work, so that it costs the future no
    /// more than the span handle.
    #[project = StateProjection]
    #[project_replace = StateReplace]
    enum CallState<W> {
        /// No span: `poll` is forwarded.
        Plain { #[pin] inner: W },
        /// `inner` first: dropped in place, the work goes before the span
        /// ends.
        Traced { #[pin] inner: W, call: CallSpan },
        /// The traced work completed (or is being dropped); it was dropped
        /// and the span ended.
        Done,
    }
}

impl<W> CallState<W> {
    fn new(call: Option<CallSpan>, inner: W) -> Self {
        match call {
            None => CallState::Plain { inner },
            Some(call) => CallState::Traced { inner, call },
        }
    }

    /// The work completed: it is dropped, then the span ends (the fields'
    /// order), where they are.
    #[inline(always)]
    fn complete(mut self: Pin<&mut Self>) {
        self.set(CallState::Done);
    }

    /// Dropped before the work completed (cancelled): a traced work is
    /// dropped while its span is current, as tracing's `Instrumented` does
    /// (what a cancelled call's `Drop` logs belongs to the call), and then
    /// the span ends. The check is inline: a completed call's drop finds
    /// `Done` and calls nothing.
    #[inline(always)]
    fn drop_unfinished(self: Pin<&mut Self>) {
        if let CallState::Traced { .. } = &*self {
            self.cancel();
        }
    }

    #[cold]
    #[inline(never)]
    fn cancel(mut self: Pin<&mut Self>) {
        let StateProjection::Traced { call, .. } = self.as_mut().project() else {
            return;
        };
        call.cancelled();
        let (previous, _restore) = backend::enter(&call.inner);
        if let StateReplace::Traced { call, .. } = self.project_replace(CallState::Done) {
            backend::exit(&call.inner, previous);
        }
    }
}

pin_project! {
    /// A future whose call span covers its whole execution.
    ///
    /// Without a span it only forwards `poll`. With one, the span is current
    /// during every poll, the output is recorded when it is ready, and the span
    /// ends then, or when the future is dropped unfinished (cancellation, not an
    /// error), after the inner future was dropped inside it.
    #[must_use = "futures do nothing unless polled"]
    pub struct CallFuture<F, R> {
        #[pin]
        state: CallState<F>,
        record: R,
    }

    impl<F, R> PinnedDrop for CallFuture<F, R> {
        fn drop(this: Pin<&mut Self>) {
            this.project().state.drop_unfinished();
        }
    }
}

impl<F, R> CallFuture<F, R>
where
    F: Future,
    R: Fn(&CallSpan, &F::Output),
{
    /// Wraps `inner`; `record` looks at the output before the span ends.
    #[inline(always)]
    pub fn new(call: Option<CallSpan>, inner: F, record: R) -> Self {
        CallFuture {
            state: CallState::new(call, inner),
            record,
        }
    }
}

impl<F, R> Future for CallFuture<F, R>
where
    F: Future,
    R: Fn(&CallSpan, &F::Output),
{
    type Output = F::Output;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let mut this = self.project();
        let (inner, call) = match this.state.as_mut().project() {
            StateProjection::Plain { inner } => return inner.poll(cx),
            StateProjection::Traced { inner, call } => (inner, call),
            // Polled after completion: never ready again.
            StateProjection::Done => return Poll::Pending,
        };
        let poll = call.in_scope(|| inner.poll(cx));
        if let Poll::Ready(output) = &poll {
            (this.record)(call, output);
            this.state.complete();
        }
        poll
    }
}

pin_project! {
    /// A stream whose call span covers its whole execution: ended when the
    /// stream is exhausted or dropped (after the inner stream was dropped
    /// inside it). `record` looks at each item until one marks the span
    /// failed (the first `Err`): a failing stream is marked once, its
    /// measurement too.
    #[must_use = "streams do nothing unless polled"]
    pub struct CallStream<S, R> {
        #[pin]
        state: CallState<S>,
        record: R,
        marked: bool,
    }

    impl<S, R> PinnedDrop for CallStream<S, R> {
        fn drop(this: Pin<&mut Self>) {
            this.project().state.drop_unfinished();
        }
    }
}

impl<S, R> CallStream<S, R>
where
    S: Stream,
    R: Fn(&CallSpan, &S::Item) -> bool,
{
    /// Wraps `inner`; `record` returns whether it marked the span failed.
    #[inline(always)]
    pub fn new(call: Option<CallSpan>, inner: S, record: R) -> Self {
        CallStream {
            state: CallState::new(call, inner),
            record,
            marked: false,
        }
    }
}

impl<S, R> Stream for CallStream<S, R>
where
    S: Stream,
    R: Fn(&CallSpan, &S::Item) -> bool,
{
    type Item = S::Item;

    #[inline]
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
        let mut this = self.project();
        let (inner, call) = match this.state.as_mut().project() {
            StateProjection::Plain { inner } => return inner.poll_next(cx),
            StateProjection::Traced { inner, call } => (inner, call),
            StateProjection::Done => return Poll::Ready(None),
        };
        let poll = call.in_scope(|| inner.poll_next(cx));
        match &poll {
            Poll::Ready(None) => this.state.complete(),
            Poll::Ready(Some(item)) if !*this.marked => *this.marked = (this.record)(call, item),
            _ => {}
        }
        poll
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.state {
            CallState::Plain { inner } | CallState::Traced { inner, .. } => inner.size_hint(),
            CallState::Done => (0, Some(0)),
        }
    }
}

// A method traced as a plain value whose type is a future or a stream (an
// alias the macro cannot see through) would be traced only while it is
// built. The generated code calls
// `(&&ReturnCheck::<T>::NEW).returns_future_or_stream()`: the most specific trait
// that applies wins, and the two that apply to futures and streams have a
// `#[deprecated]` method, so the user gets a warning at the return type,
// which `#[allow(deprecated)]` on the method silences and `-D warnings` makes
// an error.

/// Stands for a method's return type `T` in the check.
#[doc(hidden)]
pub struct ReturnCheck<T: ?Sized>(core::marker::PhantomData<fn() -> T>);

impl<T: ?Sized> Clone for ReturnCheck<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: ?Sized> Copy for ReturnCheck<T> {}

impl<T: ?Sized> ReturnCheck<T> {
    pub const NEW: Self = ReturnCheck(core::marker::PhantomData);
}

#[doc(hidden)]
pub trait FutureReturn {
    #[deprecated(
        note = "this returns a future, and the span would end when the future is built, not when it completes: add `#[instrument_proxy(future)]` to the method (or `#[allow(deprecated)]` to time only its construction)"
    )]
    fn returns_future_or_stream(self);
}

impl<T: core::future::IntoFuture> FutureReturn for &&ReturnCheck<T> {
    #[inline(always)]
    fn returns_future_or_stream(self) {}
}

#[doc(hidden)]
pub trait StreamReturn {
    #[deprecated(
        note = "this returns a stream, and the span would end when the stream is built, not when it is exhausted: add `#[instrument_proxy(stream)]` to the method (or `#[allow(deprecated)]` to time only its construction)"
    )]
    fn returns_future_or_stream(self);
}

impl<T: Stream> StreamReturn for &ReturnCheck<T> {
    #[inline(always)]
    fn returns_future_or_stream(self) {}
}

#[doc(hidden)]
pub trait PlainReturn {
    fn returns_future_or_stream(self);
}

impl<T> PlainReturn for ReturnCheck<T> {
    #[inline(always)]
    fn returns_future_or_stream(self) {}
}

// `err` written on a method: the same check, the other way round. A result
// that is not a `Result` where the method is defined (a generic `T` included:
// the outcome's dispatch is decided there too) would leave `err` without
// effect.

#[doc(hidden)]
pub trait ResultReturn {
    fn err_has_an_effect(self);
}

impl<T, E> ResultReturn for &ReturnCheck<Result<T, E>> {
    #[inline(always)]
    fn err_has_an_effect(self) {}
}

#[doc(hidden)]
pub trait NotResultReturn {
    #[deprecated(
        note = "`err` has no effect here: this method's result is not a `Result` (a generic type is not known to be one where the method is defined); remove `err`"
    )]
    fn err_has_an_effect(self);
}

impl<T> NotResultReturn for ReturnCheck<T> {
    #[inline(always)]
    fn err_has_an_effect(self) {}
}

/// Names lifetimes an `impl Future` return type captures (the instrumented
/// form of an `async fn` in an inherent impl): `impl Future + Captures<(&'a (),)>`.
#[doc(hidden)]
pub trait Captures<T: ?Sized> {}

impl<T: ?Sized, U: ?Sized> Captures<T> for U {}

/// A warning at a plain method's return type when that type is a future or a
/// stream (its span would end when the value is built): the generated code
/// calls this with the return type and the check's name spanned at it, so
/// that the warning stands there.
#[doc(hidden)]
#[macro_export]
macro_rules! __return_check {
    ($ty:ty, $check:ident) => {{
        #[allow(unused_imports)]
        use $crate::__private::{FutureReturn as _, PlainReturn as _, StreamReturn as _};
        (&&$crate::__private::ReturnCheck::<$ty>::NEW).$check();
    }};
}

//! Futures and streams that carry their call's span: current during every
//! poll, ended when the work completes or is dropped (cancellation).

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use futures_core::Stream;
use pin_project_lite::pin_project;

use crate::call::CallSpan;

pin_project! {
    /// A future whose call span covers its whole execution.
    ///
    /// Without a span it only forwards `poll`. With one, the span is current
    /// during every poll, the output is recorded when it is ready, and the span
    /// ends then, or when the future is dropped unfinished (cancellation, not an
    /// error).
    #[must_use = "futures do nothing unless polled"]
    pub struct CallFuture<F, R> {
        #[pin]
        inner: F,
        call: Option<CallSpan>,
        record: R,
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
            inner,
            call,
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
        let this = self.project();
        let Some(call) = this.call.as_ref() else {
            return this.inner.poll(cx);
        };
        let poll = call.in_scope(|| this.inner.poll(cx));
        if let Poll::Ready(output) = &poll {
            (this.record)(call, output);
            *this.call = None;
        }
        poll
    }
}

pin_project! {
    /// A stream whose call span covers its whole execution: ended when the
    /// stream is exhausted or dropped.
    #[must_use = "streams do nothing unless polled"]
    pub struct CallStream<S> {
        #[pin]
        inner: S,
        call: Option<CallSpan>,
    }
}

impl<S: Stream> CallStream<S> {
    /// Wraps `inner`.
    #[inline(always)]
    pub fn new(call: Option<CallSpan>, inner: S) -> Self {
        CallStream { inner, call }
    }
}

impl<S: Stream> Stream for CallStream<S> {
    type Item = S::Item;

    #[inline]
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
        let this = self.project();
        let Some(call) = this.call.as_ref() else {
            return this.inner.poll_next(cx);
        };
        let poll = call.in_scope(|| this.inner.poll_next(cx));
        if let Poll::Ready(None) = poll {
            *this.call = None;
        }
        poll
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

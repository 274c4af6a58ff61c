//! Keeping a call's context where it is usually lost.
//!
//! A span is "current" per thread and per poll. Work that runs somewhere else
//! — a spawned task, a blocking pool, another thread, the receiving end of a
//! channel — starts with no current span, so its spans become roots of new
//! traces. [`CurrentContext`] captures the current `tracing` span and
//! OpenTelemetry `Context` where the work is created and makes them current
//! again where it runs.
//!
//! | where context is lost | how to keep it |
//! |---|---|
//! | `tokio::spawn` | `spawn` (feature `tokio`), or `tokio::spawn(future.in_current_context())` |
//! | `tokio::task::spawn_blocking` | `spawn_blocking` (feature `tokio`) |
//! | `JoinSet::spawn` | `set.spawn(future.in_current_context())` |
//! | `std::thread::spawn` | [`spawn_thread`] |
//! | an in-process channel | send a [`Contextual<T>`]; the receiver runs [`Contextual::in_scope`] |
//! | a queue or another process | a `#[derive(ContextCarrier)]` message and `#[inject]` |
//! | `tokio::select!`, `join!` | nothing to do inside an instrumented method: the branches are polled in its poll. A future built in one task and polled by another needs `in_current_context()` |

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use pin_project_lite::pin_project;

/// The current `tracing` span and OpenTelemetry context, captured to be made
/// current again elsewhere.
#[derive(Clone, Debug)]
pub struct CurrentContext {
    #[cfg(feature = "tracing")]
    span: tracing::Span,
    #[cfg(feature = "opentelemetry")]
    otel: opentelemetry::Context,
}

impl CurrentContext {
    /// Captures what is current here.
    #[must_use]
    pub fn capture() -> Self {
        CurrentContext {
            #[cfg(feature = "tracing")]
            span: tracing::Span::current(),
            #[cfg(feature = "opentelemetry")]
            otel: opentelemetry::Context::current(),
        }
    }

    /// Runs `f` with the captured context current.
    pub fn in_scope<R>(&self, f: impl FnOnce() -> R) -> R {
        #[cfg(feature = "opentelemetry")]
        let _otel = self.otel.clone().attach();
        #[cfg(feature = "tracing")]
        let _span = self.span.enter();
        f()
    }

    /// Makes the captured context current during every poll of `future`.
    pub fn wrap<F: Future>(self, future: F) -> InContext<F> {
        InContext {
            inner: future,
            context: self,
        }
    }
}

pin_project! {
    /// A future polled with a captured context current.
    #[must_use = "futures do nothing unless polled"]
    pub struct InContext<F> {
        #[pin]
        inner: F,
        context: CurrentContext,
    }
}

impl<F: Future> Future for InContext<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        let inner = this.inner;
        this.context.in_scope(|| inner.poll(cx))
    }
}

/// `future.in_current_context()`: the context current where the future is
/// created is current wherever it is polled.
pub trait InCurrentContext: Future + Sized {
    /// Captures the current context for this future.
    fn in_current_context(self) -> InContext<Self> {
        CurrentContext::capture().wrap(self)
    }
}

impl<F: Future> InCurrentContext for F {}

/// A value that travels with the sender's context through an in-process
/// channel.
#[derive(Debug, Clone)]
pub struct Contextual<T> {
    value: T,
    context: CurrentContext,
}

impl<T> Contextual<T> {
    /// Wraps `value` with the current context.
    pub fn new(value: T) -> Self {
        Contextual {
            value,
            context: CurrentContext::capture(),
        }
    }

    /// Handles the value with the sender's context current.
    pub fn in_scope<R>(self, f: impl FnOnce(T) -> R) -> R {
        let Contextual { value, context } = self;
        context.in_scope(|| f(value))
    }

    /// The value and the sender's context.
    pub fn into_parts(self) -> (T, CurrentContext) {
        (self.value, self.context)
    }
}

/// `std::thread::spawn` with the current context current in the new thread.
pub fn spawn_thread<F, T>(f: F) -> std::thread::JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let context = CurrentContext::capture();
    std::thread::spawn(move || context.in_scope(f))
}

/// `tokio::spawn` with the current context current during every poll.
#[cfg(feature = "tokio")]
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
pub fn spawn<F>(future: F) -> tokio::task::JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    tokio::spawn(future.in_current_context())
}

/// `tokio::task::spawn_blocking` with the current context current.
#[cfg(feature = "tokio")]
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
pub fn spawn_blocking<F, R>(f: F) -> tokio::task::JoinHandle<R>
where
    F: FnOnce() -> R + Send + 'static,
    R: Send + 'static,
{
    let context = CurrentContext::capture();
    tokio::task::spawn_blocking(move || context.in_scope(f))
}

//! Trace context across process boundaries: injected into what goes over the
//! wire (`#[inject]`), extracted on the other side.
//!
//! The global `TextMapPropagator` is used; when none was installed, W3C Trace
//! Context, so that `traceparent` is sent out of the box. OpenTelemetry's
//! no-op propagator cannot be told from "none installed", so to send no
//! context at all call `set_enabled(false)` (feature `opentelemetry`). Injection never
//! fails a call: a value a carrier cannot hold (a header value with a newline)
//! is skipped, and a propagator that panics is contained.

#[cfg(feature = "opentelemetry")]
#[cfg_attr(docsrs, doc(cfg(feature = "opentelemetry")))]
pub use self::enabled::*;

/// A value that can carry trace context: a request, its headers, a message.
///
/// Implemented for `http::HeaderMap`, `http::Request<B>`,
/// `HashMap<String, String>`, `reqwest::Request` (feature `reqwest`) and
/// `#[derive(ContextCarrier)]` types. `#[inject]` also takes a
/// `reqwest::RequestBuilder`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot carry trace context",
    label = "`#[inject]` needs a carrier here",
    note = "carriers are `http::HeaderMap`, `http::Request<B>`, `HashMap<String, String>`, `reqwest::Request` and `#[derive(ContextCarrier)]` types, with the `opentelemetry` (and `reqwest`) features of instrument-proxy"
)]
pub trait Inject {
    /// Writes `cx` into the carrier with the global propagator.
    #[cfg(feature = "opentelemetry")]
    #[cfg_attr(docsrs, doc(cfg(feature = "opentelemetry")))]
    fn inject_context(&mut self, cx: &opentelemetry::Context);
}

/// A value trace context can be read from.
pub trait Extract {
    /// Reads the context the sender injected.
    #[cfg(feature = "opentelemetry")]
    #[cfg_attr(docsrs, doc(cfg(feature = "opentelemetry")))]
    fn extract_context(&self) -> opentelemetry::Context;
}

#[cfg(feature = "opentelemetry")]
mod enabled {
    use std::collections::HashMap;
    use std::panic::{catch_unwind, AssertUnwindSafe};

    use opentelemetry::propagation::{Extractor, Injector, TextMapPropagator};
    use opentelemetry::Context;
    use opentelemetry_http::{HeaderExtractor, HeaderInjector};

    use super::{Extract, Inject};
    use crate::w3c::TraceContext;

    /// The context of the current call: inside a call traced by the
    /// `opentelemetry` backend, its span's; else the current `tracing` span's
    /// (through tracing-opentelemetry) when it has one, else OpenTelemetry's
    /// current context.
    ///
    /// A method body that sends a request of its own (a carrier the call's
    /// `#[inject]` parameter does not cover) injects its call's context
    /// with [`inject_current_context`]:
    ///
    /// ```
    /// use instrument_proxy::instrument_proxy;
    /// use instrument_proxy::propagation::inject_current_context;
    ///
    /// struct Queue;
    ///
    /// #[instrument_proxy(kind = producer)]
    /// impl Queue {
    ///     fn publish(&self, body: &str) -> http::HeaderMap {
    ///         let mut headers = http::HeaderMap::new();
    ///         // `traceparent` names this call's span, when it is sampled.
    ///         inject_current_context(&mut headers);
    ///         headers
    ///     }
    /// }
    /// # let _ = Queue.publish("hello");
    /// ```
    #[must_use]
    pub fn current_context() -> Context {
        if crate::backend::current() == crate::backend::Current::Otel {
            return Context::current();
        }
        #[cfg(feature = "tracing")]
        {
            use opentelemetry::trace::TraceContextExt;
            use tracing_opentelemetry::OpenTelemetrySpanExt;
            let span = tracing::Span::current();
            if !span.is_none() {
                let cx = span.context();
                if cx.span().span_context().is_valid() {
                    return cx;
                }
            }
        }
        Context::current()
    }

    /// Injects the current context into `carrier`.
    pub fn inject_current_context<C: Inject + ?Sized>(carrier: &mut C) {
        carrier.inject_context(&current_context());
    }

    /// Reads the sender's context from `carrier`, for a server or consumer
    /// span's parent.
    #[must_use]
    pub fn extract_context<C: Extract + ?Sized>(carrier: &C) -> Context {
        carrier.extract_context()
    }

    /// Makes `span`'s parent the context the sender injected into `carrier`.
    #[cfg(feature = "tracing")]
    #[cfg_attr(docsrs, doc(cfg(all(feature = "opentelemetry", feature = "tracing"))))]
    pub fn set_parent_from<C: Extract + ?Sized>(span: &tracing::Span, carrier: &C) {
        use tracing_opentelemetry::OpenTelemetrySpanExt;
        // Fails only when the span is disabled or already started with a
        // parent; there is nothing a caller could do about either.
        let _ = span.set_parent(carrier.extract_context());
    }

    static ENABLED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

    /// Turns propagation on or off for the whole process: off, `#[inject]`
    /// and the injection helpers write nothing into carriers, and extraction
    /// gives an empty context (servers start new traces). On by default.
    /// OpenTelemetry's no-op propagator cannot be told from "none installed"
    /// (where W3C Trace Context is used), hence this switch.
    pub fn set_enabled(enabled: bool) {
        ENABLED.store(enabled, std::sync::atomic::Ordering::Relaxed);
    }

    /// Whether propagation is on ([`set_enabled`]).
    #[must_use]
    pub fn is_enabled() -> bool {
        ENABLED.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Injects with the global propagator, or W3C Trace Context when none was
    /// installed; nothing when propagation is off.
    pub fn inject_with(cx: &Context, injector: &mut dyn Injector) {
        if !is_enabled() {
            return;
        }
        let _ = catch_unwind(AssertUnwindSafe(|| {
            opentelemetry::global::get_text_map_propagator(|propagator| {
                if propagator.fields().next().is_none() {
                    TraceContext.inject_context(cx, injector);
                } else {
                    propagator.inject_context(cx, injector);
                }
            });
        }));
    }

    /// Extracts with the global propagator, or W3C Trace Context when none was
    /// installed; an empty context when propagation is off.
    #[must_use]
    pub fn extract_with(extractor: &dyn Extractor) -> Context {
        if !is_enabled() {
            return Context::new();
        }
        catch_unwind(AssertUnwindSafe(|| {
            opentelemetry::global::get_text_map_propagator(|propagator| {
                if propagator.fields().next().is_none() {
                    TraceContext.extract(extractor)
                } else {
                    propagator.extract(extractor)
                }
            })
        }))
        .unwrap_or_else(|_| Context::new())
    }

    impl Inject for http::HeaderMap {
        fn inject_context(&mut self, cx: &Context) {
            inject_with(cx, &mut HeaderInjector(self));
        }
    }

    impl<B> Inject for http::Request<B> {
        fn inject_context(&mut self, cx: &Context) {
            self.headers_mut().inject_context(cx);
        }
    }

    impl<S: std::hash::BuildHasher> Inject for HashMap<String, String, S> {
        fn inject_context(&mut self, cx: &Context) {
            inject_with(cx, &mut MapInjector(self));
        }
    }

    impl<T: Inject + ?Sized> Inject for &mut T {
        fn inject_context(&mut self, cx: &Context) {
            (**self).inject_context(cx);
        }
    }

    impl<T: Inject + ?Sized> Inject for Box<T> {
        fn inject_context(&mut self, cx: &Context) {
            (**self).inject_context(cx);
        }
    }

    impl Extract for http::HeaderMap {
        fn extract_context(&self) -> Context {
            extract_with(&HeaderExtractor(self))
        }
    }

    impl<B> Extract for http::Request<B> {
        fn extract_context(&self) -> Context {
            self.headers().extract_context()
        }
    }

    impl<S: std::hash::BuildHasher> Extract for HashMap<String, String, S> {
        fn extract_context(&self) -> Context {
            extract_with(&MapExtractor(self))
        }
    }

    #[cfg(feature = "reqwest")]
    #[cfg_attr(docsrs, doc(cfg(feature = "reqwest")))]
    impl Inject for reqwest::Request {
        fn inject_context(&mut self, cx: &Context) {
            self.headers_mut().inject_context(cx);
        }
    }

    impl<T: Extract + ?Sized> Extract for &T {
        fn extract_context(&self) -> Context {
            (**self).extract_context()
        }
    }

    struct MapInjector<'a, S>(&'a mut HashMap<String, String, S>);

    impl<S: std::hash::BuildHasher> Injector for MapInjector<'_, S> {
        fn set(&mut self, key: &str, value: String) {
            self.0.insert(key.to_owned(), value);
        }
    }

    struct MapExtractor<'a, S>(&'a HashMap<String, String, S>);

    impl<S: std::hash::BuildHasher> Extractor for MapExtractor<'_, S> {
        fn get(&self, key: &str) -> Option<&str> {
            self.0.get(key).map(String::as_str)
        }

        fn keys(&self) -> Vec<&str> {
            self.0.keys().map(String::as_str).collect()
        }
    }
}

/// Implements `Inject::inject_context` for a `#[derive(ContextCarrier)]` type
/// (nothing without the `opentelemetry` feature).
#[doc(hidden)]
#[macro_export]
macro_rules! __carrier_inject {
    ($field:tt) => {
        $crate::__carrier_inject_method!($field);
    };
}

#[cfg(feature = "opentelemetry")]
#[doc(hidden)]
#[macro_export]
macro_rules! __carrier_inject_method {
    ($field:tt) => {
        fn inject_context(&mut self, cx: &$crate::__private::OtelContext) {
            $crate::Inject::inject_context(&mut self.$field, cx);
        }
    };
}

#[cfg(not(feature = "opentelemetry"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __carrier_inject_method {
    ($field:tt) => {};
}

/// Implements `Extract::extract_context` for a `#[derive(ContextCarrier)]` type.
#[cfg(feature = "opentelemetry")]
#[doc(hidden)]
#[macro_export]
macro_rules! __carrier_extract {
    ($field:tt) => {
        fn extract_context(&self) -> $crate::__private::OtelContext {
            $crate::Extract::extract_context(&self.$field)
        }
    };
}

#[cfg(not(feature = "opentelemetry"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __carrier_extract {
    ($field:tt) => {};
}

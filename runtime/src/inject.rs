//! What `#[inject]` calls: the parameter is taken by value and given back
//! with the current context written in. Only the generated code reaches it,
//! through `__private`.

use crate::propagation::Inject;

/// What `#[inject]` calls: takes the parameter by value and gives it back
/// with the context written in, so that carriers whose builders consume
/// themselves (`reqwest::RequestBuilder`) work like the others.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot carry trace context",
    label = "`#[inject]` needs a carrier here",
    note = "carriers are `http::HeaderMap`, `http::Request<B>`, `HashMap<String, String>`, `reqwest::Request`, `reqwest::RequestBuilder` and `#[derive(ContextCarrier)]` types, with the `opentelemetry` (and `reqwest`) features of instrument-proxy"
)]
pub trait InjectOwned: Sized {
    /// The carrier with the current context written in.
    fn inject_current(self) -> Self;
}

impl<T: Inject> InjectOwned for T {
    #[cfg(feature = "opentelemetry")]
    #[cfg_attr(docsrs, doc(cfg(feature = "opentelemetry")))]
    fn inject_current(mut self) -> Self {
        self.inject_context(&crate::propagation::current_context());
        self
    }

    /// Without the `opentelemetry` feature `Inject` has no implementations;
    /// this is never called.
    #[cfg(not(feature = "opentelemetry"))]
    fn inject_current(self) -> Self {
        self
    }
}

/// A builder consumes itself to take headers, so it is a carrier only by
/// value, which is what `#[inject]` needs.
#[cfg(feature = "reqwest")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest")))]
impl InjectOwned for reqwest::RequestBuilder {
    fn inject_current(self) -> Self {
        let mut headers = http::HeaderMap::new();
        crate::propagation::Inject::inject_context(
            &mut headers,
            &crate::propagation::current_context(),
        );
        if headers.is_empty() {
            self
        } else {
            self.headers(headers)
        }
    }
}

/// `#[inject]`: the carrier receives the current call's context.
#[inline]
pub fn inject_owned<C: InjectOwned>(carrier: C) -> C {
    carrier.inject_current()
}

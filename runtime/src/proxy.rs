//! The `Proxy` trait: where a traced wrapper forwards its calls, and the
//! attributes every span of one client instance carries.

use crate::autoref::Autoref;
use crate::text::Text;

/// A traced wrapper around a client.
///
/// Implemented by `#[derive(InstrumentProxy)]`; `#[instrument_proxy]` forwards
/// body-less methods through it and asks it for [`ClientAttributes`] on every
/// call that is traced.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an instrument-proxy wrapper",
    label = "calls cannot be forwarded from `{Self}`",
    note = "add `#[derive(InstrumentProxy)]` to the struct, or name the field with `#[instrument_proxy(inner = field)]` on the impl"
)]
pub trait Proxy {
    /// The wrapped client.
    type Inner;

    /// Wraps a client.
    fn from_inner(inner: Self::Inner) -> Self
    where
        Self: Sized;

    /// The wrapped client, for calls that need no span.
    fn inner(&self) -> &Self::Inner;

    /// The wrapped client, mutably.
    fn inner_mut(&mut self) -> &mut Self::Inner;

    /// Unwraps the client.
    fn into_inner(self) -> Self::Inner
    where
        Self: Sized;

    /// Attributes known only at run time (the connection's address, the
    /// selected database) that every span of this instance carries.
    ///
    /// Called only when a span is created: with the `tracing` backend once the
    /// subscriber wants it; with the `opentelemetry` backend before the
    /// sampler decides, since these attributes may decide it.
    fn client_attributes(&self) -> ClientAttributes<'_> {
        ClientAttributes::default()
    }
}

/// How forwarded calls reach a [`Proxy`]'s client. The client's type is a
/// parameter, inferred from the one impl, rather than a projection: a wrapper
/// without the derive then gets one error where the call is forwarded, not a
/// second one where the projection fails to normalize.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an instrument-proxy wrapper",
    label = "calls cannot be forwarded from `{Self}`",
    note = "add `#[derive(InstrumentProxy)]` to the struct, or name the field with `#[instrument_proxy(inner = field)]` on the impl"
)]
pub trait ForwardTo<I> {
    fn forward_ref(&self) -> &I;
    fn forward_mut(&mut self) -> &mut I;
    fn forward_owned(self) -> I
    where
        Self: Sized;
    fn forwarded(inner: I) -> Self
    where
        Self: Sized;
}

impl<P: Proxy> ForwardTo<P::Inner> for P {
    #[inline(always)]
    fn forward_ref(&self) -> &P::Inner {
        self.inner()
    }

    #[inline(always)]
    fn forward_mut(&mut self) -> &mut P::Inner {
        self.inner_mut()
    }

    #[inline(always)]
    fn forward_owned(self) -> P::Inner {
        self.into_inner()
    }

    #[inline(always)]
    fn forwarded(inner: P::Inner) -> P {
        P::from_inner(inner)
    }
}

/// Per-instance span attributes, named after the OpenTelemetry semantic
/// conventions. Empty values are left out of the span, never sent as `""`.
///
/// The set is fixed so that every span can declare these names up front (a
/// `tracing` callsite must know all of its field names when it is declared).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ClientAttributes<'a> {
    /// `server.address`: host name or address of the server.
    pub server_address: Option<Text<'a>>,
    /// `server.port`.
    pub server_port: Option<u16>,
    /// `db.namespace`: the database (for Redis, the database index).
    pub db_namespace: Option<Text<'a>>,
}

/// One of a client's attributes, as each backend records it: `T` is the
/// text, borrowed ([`ClientAttributes::each`]) or owned
/// ([`ClientAttributes::into_each`]).
pub(crate) enum ClientValue<T> {
    Text(T),
    Port(u16),
}

impl<'a> ClientAttributes<'a> {
    /// How many attributes [`each`](Self::each) gives at most.
    #[cfg(feature = "opentelemetry")]
    pub(crate) const MAX: usize = 3;

    /// Each attribute present, under its semantic-conventions name.
    #[inline]
    pub(crate) fn each<'s>(&'s self, f: impl FnMut(&'static str, ClientValue<&'s Text<'a>>)) {
        each_of(
            self.server_address.as_ref(),
            self.server_port,
            self.db_namespace.as_ref(),
            f,
        );
    }

    /// [`each`](Self::each), the texts moved out: a shared string goes to
    /// the span as it is, an owned one without a copy.
    #[cfg(feature = "opentelemetry")]
    #[inline]
    pub(crate) fn into_each(self, f: impl FnMut(&'static str, ClientValue<Text<'a>>)) {
        each_of(self.server_address, self.server_port, self.db_namespace, f);
    }

    /// No attributes.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `server.address`.
    #[must_use]
    pub fn server_address(mut self, address: impl Into<Text<'a>>) -> Self {
        self.server_address = Some(address.into());
        self
    }

    /// Sets `server.port`.
    #[must_use]
    pub fn server_port(mut self, port: u16) -> Self {
        self.server_port = Some(port);
        self
    }

    /// Sets `db.namespace`.
    #[must_use]
    pub fn db_namespace(mut self, namespace: impl Into<Text<'a>>) -> Self {
        self.db_namespace = Some(namespace.into());
        self
    }
}

/// The one list of a client's attributes, under their semantic-conventions
/// names, which both backends record from.
#[inline(always)]
fn each_of<T>(
    address: Option<T>,
    port: Option<u16>,
    namespace: Option<T>,
    mut f: impl FnMut(&'static str, ClientValue<T>),
) {
    use opentelemetry_semantic_conventions::attribute as semconv;
    if let Some(address) = address {
        f(semconv::SERVER_ADDRESS, ClientValue::Text(address));
    }
    if let Some(port) = port {
        f(semconv::SERVER_PORT, ClientValue::Port(port));
    }
    if let Some(namespace) = namespace {
        f(semconv::DB_NAMESPACE, ClientValue::Text(namespace));
    }
}

// A receiver's [`ClientAttributes`] when its type is a [`Proxy`], none
// otherwise, so that `#[instrument_proxy]` also works on types without the
// derive: the generated code calls `(&Autoref(self)).client_attributes()`. For
// a type that is not a `Proxy` the answer is a constant `None`, so nothing is
// left of it.

#[doc(hidden)]
pub trait ProxyAttributes<'a> {
    fn client_attributes(self) -> Option<ClientAttributes<'a>>;
}

impl<'a, T: Proxy + ?Sized> ProxyAttributes<'a> for &Autoref<'a, T> {
    #[inline]
    fn client_attributes(self) -> Option<ClientAttributes<'a>> {
        Some(self.0.client_attributes())
    }
}

#[doc(hidden)]
pub trait NoProxyAttributes<'a> {
    fn client_attributes(self) -> Option<ClientAttributes<'a>>;
}

impl<'a, T: ?Sized> NoProxyAttributes<'a> for Autoref<'a, T> {
    #[inline(always)]
    fn client_attributes(self) -> Option<ClientAttributes<'a>> {
        None
    }
}

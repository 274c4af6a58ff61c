//! The `Proxy` trait: where a traced wrapper forwards its calls, and the
//! attributes every span of one client instance carries.

use core::borrow::Borrow;
use core::fmt;
use std::borrow::Cow;
use std::sync::Arc;

use crate::autoref::Autoref;

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

impl<'a> ClientAttributes<'a> {
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

/// A borrowed, owned or shared attribute string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text<'a> {
    /// Borrowed from the client.
    Borrowed(&'a str),
    /// Computed for this call.
    Owned(String),
    /// Known at compile time or shared between spans: the `opentelemetry`
    /// backend records it without a copy.
    Shared(SharedStr),
}

impl Text<'_> {
    /// The text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Text::Borrowed(text) => text,
            Text::Owned(text) => text,
            Text::Shared(text) => text.as_str(),
        }
    }
}

impl From<SharedStr> for Text<'_> {
    fn from(text: SharedStr) -> Self {
        Text::Shared(text)
    }
}

/// A string for span names and attribute values that is known at compile time
/// or shared between spans (`&'static str` or `Arc<str>`): cloning it copies
/// no text, so the `opentelemetry` backend records it without an allocation.
///
/// Return it from the functions that compute a dynamic name or a field:
///
/// ```
/// use instrument_proxy::SharedStr;
///
/// fn command_name(command: &str) -> SharedStr {
///     match command {
///         "get" | "GET" => SharedStr::from_static("GET"),
///         other => SharedStr::from(other.to_ascii_uppercase()),
///     }
/// }
/// # assert_eq!(command_name("get").as_str(), "GET");
/// ```
#[derive(Debug, Clone)]
pub struct SharedStr(SharedRepr);

#[derive(Debug, Clone)]
enum SharedRepr {
    Static(&'static str),
    Shared(Arc<str>),
}

impl SharedStr {
    /// A string known at compile time.
    #[must_use]
    pub const fn from_static(text: &'static str) -> Self {
        SharedStr(SharedRepr::Static(text))
    }

    /// The text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            SharedRepr::Static(text) => text,
            SharedRepr::Shared(text) => text,
        }
    }

    /// As a `Cow`: borrowed when known at compile time.
    #[must_use]
    pub fn to_cow(&self) -> Cow<'static, str> {
        match &self.0 {
            SharedRepr::Static(text) => Cow::Borrowed(text),
            SharedRepr::Shared(text) => Cow::Owned(String::from(&**text)),
        }
    }

    /// As an OpenTelemetry string, without a copy.
    #[cfg(feature = "opentelemetry")]
    pub(crate) fn to_otel(&self) -> opentelemetry::StringValue {
        match &self.0 {
            SharedRepr::Static(text) => opentelemetry::StringValue::from(*text),
            SharedRepr::Shared(text) => opentelemetry::StringValue::from(Arc::clone(text)),
        }
    }
}

impl From<&'static str> for SharedStr {
    fn from(text: &'static str) -> Self {
        SharedStr::from_static(text)
    }
}

impl From<String> for SharedStr {
    fn from(text: String) -> Self {
        SharedStr(SharedRepr::Shared(Arc::from(text)))
    }
}

impl From<Arc<str>> for SharedStr {
    fn from(text: Arc<str>) -> Self {
        SharedStr(SharedRepr::Shared(text))
    }
}

/// Compared, ordered and hashed by its text.
impl PartialEq for SharedStr {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SharedStr {}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialOrd for SharedStr {
    fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SharedStr {
    fn cmp(&self, other: &Self) -> core::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl core::hash::Hash for SharedStr {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Borrow<str> for Text<'_> {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl<'a> From<&'a str> for Text<'a> {
    fn from(text: &'a str) -> Self {
        Text::Borrowed(text)
    }
}

impl From<String> for Text<'_> {
    fn from(text: String) -> Self {
        Text::Owned(text)
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

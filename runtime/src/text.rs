//! Strings for span names and attribute values: [`SharedStr`], which copies
//! no text when cloned, and [`Text`], borrowed, owned or shared.

use core::borrow::Borrow;
use core::fmt;
use std::borrow::Cow;
use std::sync::Arc;

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

impl<'a> From<Cow<'a, str>> for Text<'a> {
    fn from(text: Cow<'a, str>) -> Self {
        match text {
            Cow::Borrowed(text) => Text::Borrowed(text),
            Cow::Owned(text) => Text::Owned(text),
        }
    }
}

impl Text<'_> {
    /// As an OpenTelemetry string: a shared one without a copy, an owned
    /// one moved, a borrowed one copied.
    #[cfg(feature = "opentelemetry")]
    pub(crate) fn into_otel(self) -> opentelemetry::StringValue {
        match self {
            Text::Borrowed(text) => opentelemetry::StringValue::from(text.to_owned()),
            Text::Owned(text) => opentelemetry::StringValue::from(text),
            Text::Shared(text) => text.into_otel(),
        }
    }

    /// As an OpenTelemetry attribute value, moved; an empty text is none.
    #[cfg(feature = "opentelemetry")]
    #[inline]
    pub(crate) fn into_otel_value(self) -> Option<opentelemetry::Value> {
        (!self.as_str().is_empty()).then(|| opentelemetry::Value::String(self.into_otel()))
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

    /// As an OpenTelemetry string, moved: no copy, no count changed.
    #[cfg(feature = "opentelemetry")]
    #[inline]
    pub(crate) fn into_otel(self) -> opentelemetry::StringValue {
        match self.0 {
            SharedRepr::Static(text) => opentelemetry::StringValue::from(text),
            SharedRepr::Shared(text) => opentelemetry::StringValue::from(text),
        }
    }

    /// As an OpenTelemetry string, without a copy.
    #[cfg(feature = "opentelemetry")]
    #[inline]
    pub(crate) fn to_otel(&self) -> opentelemetry::StringValue {
        self.clone().into_otel()
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

//! Values into OpenTelemetry attributes: `fields(...)` values (`%`, `?`,
//! literals, empty strings left out), the client's attributes, span names;
//! and the generated code's macros that build a span's attribute vector.

use std::borrow::Cow;

use opentelemetry::{KeyValue, Value};

use crate::autoref::Autoref;
use crate::proxy::{ClientAttributes, ClientValue};

/// Converts a `fields(...)` value; `Empty` and empty strings give nothing.
#[doc(hidden)]
pub trait ToOtelValue {
    fn to_otel_value(&self) -> Option<Value>;
}

impl<T: ToOtelValue + ?Sized> ToOtelValue for &T {
    fn to_otel_value(&self) -> Option<Value> {
        (**self).to_otel_value()
    }
}

impl ToOtelValue for str {
    fn to_otel_value(&self) -> Option<Value> {
        (!self.is_empty()).then(|| Value::from(self.to_owned()))
    }
}

impl ToOtelValue for String {
    fn to_otel_value(&self) -> Option<Value> {
        self.as_str().to_otel_value()
    }
}

impl ToOtelValue for std::borrow::Cow<'_, str> {
    fn to_otel_value(&self) -> Option<Value> {
        self.as_ref().to_otel_value()
    }
}

impl ToOtelValue for crate::text::SharedStr {
    #[inline]
    fn to_otel_value(&self) -> Option<Value> {
        (!self.as_str().is_empty()).then(|| Value::String(self.to_otel()))
    }
}

impl ToOtelValue for crate::text::Text<'_> {
    #[inline]
    fn to_otel_value(&self) -> Option<Value> {
        self.clone().into_otel_value()
    }
}

impl<T: ToOtelValue> ToOtelValue for Option<T> {
    fn to_otel_value(&self) -> Option<Value> {
        self.as_ref().and_then(ToOtelValue::to_otel_value)
    }
}

impl ToOtelValue for bool {
    #[inline]
    fn to_otel_value(&self) -> Option<Value> {
        Some(Value::from(*self))
    }
}

impl ToOtelValue for f64 {
    #[inline]
    fn to_otel_value(&self) -> Option<Value> {
        Some(Value::from(*self))
    }
}

macro_rules! integer_value {
    ($($ty:ty),*) => {$(
        impl ToOtelValue for $ty {
            #[inline]
            fn to_otel_value(&self) -> Option<Value> {
                Some(Value::from(i64::try_from(*self).unwrap_or(i64::MAX)))
            }
        }
    )*};
}
integer_value!(i8, i16, i32, i64, u8, u16, u32, u64, usize, isize);

/// `%value` in `fields(...)`.
#[doc(hidden)]
pub struct DisplayValue<'a, T: ?Sized>(pub &'a T);

impl<T: std::fmt::Display + ?Sized> ToOtelValue for DisplayValue<'_, T> {
    fn to_otel_value(&self) -> Option<Value> {
        self.0.to_string().to_otel_value()
    }
}

/// `?value` in `fields(...)`.
#[doc(hidden)]
pub struct DebugValue<'a, T: ?Sized>(pub &'a T);

impl<T: std::fmt::Debug + ?Sized> ToOtelValue for DebugValue<'_, T> {
    fn to_otel_value(&self) -> Option<Value> {
        format!("{:?}", self.0).to_otel_value()
    }
}

#[cfg(feature = "tracing")]
impl ToOtelValue for tracing::field::Empty {
    fn to_otel_value(&self) -> Option<Value> {
        None
    }
}

#[cfg(not(feature = "tracing"))]
impl ToOtelValue for crate::backend::none::Empty {
    fn to_otel_value(&self) -> Option<Value> {
        None
    }
}

/// The OpenTelemetry span of one call. Level is a `tracing` notion and has no
/// OpenTelemetry counterpart. The attributes (the client's, then the user's
/// fields) are given at creation, where a sampler sees them; string literals
/// are passed without a copy.
#[doc(hidden)]
#[macro_export]
macro_rules! __otel_span {
    (site: $site:expr, kind: $kind:literal, dynamic_name: (), client: $client:tt, fields: { $($fields:tt)* }) => {
        $crate::__otel_span!(@start $site, ($crate::__private::Cow::Borrowed($site.name())), $kind, $client, $($fields)*)
    };
    (site: $site:expr, kind: $kind:literal, dynamic_name: ($dynamic:expr), client: $client:tt, fields: { $($fields:tt)* }) => {
        $crate::__otel_span!(
            @start $site, ({
                #[allow(unused_imports)]
                use $crate::__private::{DisplayName as _, SharedName as _};
                (&$crate::__private::Autoref(&$dynamic)).span_name()
            }),
            $kind,
            $client,
            $($fields)*
        )
    };
    (@start $site:expr, ($name:expr), $kind:literal, ($($client:expr)?), $($fields:tt)*) => {
        $crate::__private::otel_span(
            $site.level(),
            $site.target(),
            || $name,
            $kind,
            || $crate::__otel_attributes!(new: client: ($($client)?), fields: { $($fields)* }),
        )
    };
}

/// A span's or a measurement's attributes, added to `into` (a `&mut Vec`): the client's,
/// then the fields (classified by the attribute), with room made for all of
/// them at once.
#[doc(hidden)]
#[macro_export]
macro_rules! __otel_attributes {
    (into: $attributes:ident, client: ($($client:expr)?), fields: { $($class:ident($key:literal, $value:expr)),* }) => {
        $crate::__private::push_client_attributes(
            $attributes,
            $crate::__private::None $( .or(($client).client_attributes()) )?,
            0 $( + $crate::__otel_field!(count $class) )*,
        );
        $( $crate::__otel_field!($attributes, $class, $key, $value); )*
    };
    // A new vector of the size needed.
    (new: client: ($($client:expr)?), fields: { $($class:ident($key:literal, $value:expr)),* }) => {{
        let mut attributes = $crate::__private::attributes_for(
            $crate::__private::None $( .or(($client).client_attributes()) )?,
            0 $( + $crate::__otel_field!(count $class) )*,
        );
        {
            let attributes = &mut attributes;
            $( $crate::__otel_field!(attributes, $class, $key, $value); )*
        }
        attributes
    }};
}

/// One classified field: how many attributes it makes (`count`), and the
/// attribute itself. Literals are recorded without copying a string; an
/// empty string (`empty`, or a value that turns out empty) is left out.
#[doc(hidden)]
#[macro_export]
macro_rules! __otel_field {
    (count empty) => {
        0
    };
    (count $class:ident) => {
        1
    };
    ($attributes:ident, empty, $key:literal, $value:expr) => {};
    ($attributes:ident, literal, $key:literal, $value:expr) => {
        $crate::__private::push_literal($attributes, $key, $value)
    };
    ($attributes:ident, display, $key:literal, $value:expr) => {
        $crate::__private::push_attribute(
            $attributes,
            $key,
            &$crate::__private::DisplayValue(&$value),
        )
    };
    ($attributes:ident, debug, $key:literal, $value:expr) => {
        $crate::__private::push_attribute(
            $attributes,
            $key,
            &$crate::__private::DebugValue(&$value),
        )
    };
    ($attributes:ident, value, $key:literal, $value:expr) => {
        $crate::__private::push_attribute($attributes, $key, &$value)
    };
}

// A dynamic span name: a [`SharedStr`](crate::text::SharedStr) is taken as it is,
// anything else is formatted (the generated code calls
// `(&Autoref(&name)).span_name()`).

#[doc(hidden)]
pub trait SharedName {
    fn span_name(self) -> Cow<'static, str>;
}

impl SharedName for &Autoref<'_, crate::text::SharedStr> {
    #[inline]
    fn span_name(self) -> Cow<'static, str> {
        self.0.to_cow()
    }
}

#[doc(hidden)]
pub trait DisplayName {
    fn span_name(self) -> Cow<'static, str>;
}

impl<T: std::fmt::Display + ?Sized> DisplayName for Autoref<'_, T> {
    fn span_name(self) -> Cow<'static, str> {
        Cow::Owned(self.0.to_string())
    }
}

/// Makes room for the client's attributes and `fields` more, and adds the
/// client's. Inlined, so that a type that is not a [`Proxy`](crate::Proxy)
/// (whose `client` is always `None`) drops nothing.
#[doc(hidden)]
#[inline(always)]
pub fn push_client_attributes(
    attributes: &mut Vec<KeyValue>,
    client: Option<ClientAttributes<'_>>,
    fields: usize,
) {
    match client {
        None => attributes.reserve(fields),
        Some(client) => {
            attributes.reserve(ClientAttributes::MAX + fields);
            push_client(attributes, client);
        }
    }
}

/// A new attribute vector for a span: room for the client's attributes,
/// `fields` more and `error.type`, with the client's in. The SDK keeps the
/// vector as the span's; a failed call's `error.type` pushed into a full one
/// would grow it (a reallocation and a copy of every attribute).
#[doc(hidden)]
#[inline(always)]
pub fn attributes_for(client: Option<ClientAttributes<'_>>, fields: usize) -> Vec<KeyValue> {
    match client {
        None => Vec::with_capacity(fields + 1),
        Some(client) => {
            // Allocated at its size, not grown by `reserve` from empty.
            let mut attributes = Vec::with_capacity(ClientAttributes::MAX + fields + 1);
            push_client(&mut attributes, client);
            attributes
        }
    }
}

/// Adds the client's attributes, moved: a shared string is taken as it is
/// (not cloned and its hook's handle dropped), an owned one without a copy.
fn push_client(attributes: &mut Vec<KeyValue>, client: ClientAttributes<'_>) {
    client.into_each(|key, value| match value {
        ClientValue::Text(text) => {
            if let Some(value) = text.into_otel_value() {
                attributes.push(KeyValue::new(key, value));
            }
        }
        ClientValue::Port(port) => attributes.push(KeyValue::new(key, i64::from(port))),
    });
}

/// Adds an attribute unless its value is empty.
#[doc(hidden)]
#[inline]
pub fn push_attribute<T: ToOtelValue + ?Sized>(
    attributes: &mut Vec<KeyValue>,
    key: &'static str,
    value: &T,
) {
    if let Some(value) = value.to_otel_value() {
        attributes.push(KeyValue::new(key, value));
    }
}

/// Adds an attribute written as a literal, without copying a string.
#[doc(hidden)]
#[inline]
pub fn push_literal(attributes: &mut Vec<KeyValue>, key: &'static str, value: impl LiteralValue) {
    if let Some(value) = value.literal_value() {
        attributes.push(KeyValue::new(key, value));
    }
}

/// A literal in `fields(...)`: a `&'static str` (left out when empty), an
/// integer, a float or a boolean.
#[doc(hidden)]
pub trait LiteralValue {
    fn literal_value(self) -> Option<Value>;
}

impl LiteralValue for &'static str {
    #[inline]
    fn literal_value(self) -> Option<Value> {
        (!self.is_empty()).then_some(Value::String(self.into()))
    }
}

/// Every other literal is recorded as the same value would be.
macro_rules! literal_as_value {
    ($($ty:ty),*) => {$(
        impl LiteralValue for $ty {
            #[inline]
            fn literal_value(self) -> Option<Value> {
                self.to_otel_value()
            }
        }
    )*};
}
literal_as_value!(bool, f64, i8, i16, i32, i64, u8, u16, u32, u64, usize, isize);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clients_shared_and_owned_texts_reach_the_span_without_a_copy() {
        let address = crate::text::SharedStr::from(String::from("cache.internal"));
        let namespace = String::from("orders");
        let namespace_bytes = namespace.as_ptr();
        let client = ClientAttributes::new()
            .server_address(address.clone())
            .server_port(6379)
            .db_namespace(namespace);
        let attributes = attributes_for(Some(client), 0);
        let text = |index: usize| match &attributes[index].value {
            Value::String(text) => text.as_str().as_ptr(),
            other => panic!("{other:?}"),
        };
        assert_eq!(attributes.len(), 3);
        assert_eq!(text(0), address.as_str().as_ptr(), "the shared address");
        assert_eq!(attributes[1].value, Value::I64(6379));
        assert_eq!(text(2), namespace_bytes, "the owned namespace, moved");
        let empty = attributes_for(Some(ClientAttributes::new().server_address("")), 0);
        assert!(empty.is_empty(), "an empty text is left out: {empty:?}");
    }

    #[test]
    fn a_span_vector_has_room_for_error_type_after_its_attributes() {
        let plain = attributes_for(None, 2);
        assert!(plain.capacity() >= 3, "{}", plain.capacity());
        let client = ClientAttributes::new()
            .server_address("db.internal")
            .server_port(5432)
            .db_namespace("app");
        let mut given = 0;
        client.each(|_, _| given += 1);
        assert_eq!(
            given,
            ClientAttributes::MAX,
            "every attribute a client can give"
        );
        let with_client = attributes_for(Some(client), 2);
        assert_eq!(with_client.len(), 3);
        assert!(with_client.capacity() >= 6, "{}", with_client.capacity());
    }
}

//! The `tracing` backend: spans with static callsites whose `otel.*` fields and
//! semantic-convention names tracing-opentelemetry turns into the right OTel span.

use super::value::AttributeValue;
use crate::autoref::Autoref;

use super::site::level_of;
use tracing::level_filters::LevelFilter;

/// Whether any subscriber may want spans at `level` (an index of
/// `__private::level`): the global maximum level, which `tracing` lowers to
/// what its subscribers' filters allow.
#[cfg_attr(not(feature = "opentelemetry"), allow(dead_code))]
pub(crate) fn level_enabled(level: usize) -> bool {
    LevelFilter::current() >= level_of(level)
}

/// Whether a call's `tracing` span reaches a subscriber that wants it.
#[inline]
pub(crate) fn wanted(span: &tracing::Span) -> bool {
    // A callsite keeps the interest the last subscriber gave it (`always`),
    // and `tracing` then makes the span without asking: once scoped
    // subscribers are gone, it goes to no subscriber at all. That is no span.
    // `NoSubscriber` gives every span the id 0xDEAD: the id is compared
    // first, so that a wanted span costs one compare, and only such an id
    // asks which subscriber made it.
    match span.id() {
        None => false,
        Some(id) if id.into_u64() == NO_SUBSCRIBER_ID => !span
            .with_subscriber(|(_, dispatch)| dispatch.is::<tracing::subscriber::NoSubscriber>())
            .unwrap_or(true),
        Some(_) => true,
    }
}

/// The id `tracing_core::subscriber::NoSubscriber` gives every span.
const NO_SUBSCRIBER_ID: u64 = 0xDEAD;

#[inline]
pub(crate) fn enter(span: &tracing::Span) {
    span.with_subscriber(|(id, dispatch)| dispatch.enter(id));
}

#[inline]
pub(crate) fn exit(span: &tracing::Span) {
    span.with_subscriber(|(id, dispatch)| dispatch.exit(id));
}

pub(crate) fn record(span: &tracing::Span, key: &'static str, value: AttributeValue<'_>) {
    match value {
        AttributeValue::Str(value) => span.record(key, value),
        AttributeValue::I64(value) => span.record(key, value),
        AttributeValue::F64(value) => span.record(key, value),
        AttributeValue::Bool(value) => span.record(key, value),
    };
}

pub(crate) fn record_error(span: &tracing::Span, error_type: &str, description: &str) {
    span.record("otel.status_code", "error");
    if !description.is_empty() {
        span.record("otel.status_description", description);
    }
    if !error_type.is_empty() {
        span.record(
            opentelemetry_semantic_conventions::attribute::ERROR_TYPE,
            error_type,
        );
    }
}

/// The `tracing` span of one call (its values, in the order of the fields
/// `__site!` declared): `None` when no subscriber wants it. The user's
/// fields were classified by the attribute (`display`, `debug`, `literal`,
/// `empty`, `value`).
#[doc(hidden)]
#[macro_export]
macro_rules! __tracing_span {
    (site: $site:expr, kind: $kind:literal, dynamic_name: ($($dynamic:expr)?), fields: { $($class:ident($key:literal, $value:expr)),* }) => {
        $crate::__private::tracing_span($site, |metadata| {
            use $crate::__private::tracing::field::Value;
            $crate::__private::tracing::Span::new(
                metadata,
                &metadata.fields().value_set_all(&[
                    $crate::__private::Some(&$kind as &dyn Value),
                    $crate::__private::Some(&$crate::__private::Empty as &dyn Value),
                    $crate::__private::Some(&$crate::__private::Empty as &dyn Value),
                    $crate::__private::Some(&$crate::__private::Empty as &dyn Value),
                    $crate::__private::Some(&$crate::__private::Empty as &dyn Value),
                    $crate::__private::Some(&$crate::__private::Empty as &dyn Value),
                    $crate::__private::Some(&$crate::__private::Empty as &dyn Value),
                    $( $crate::__private::Some(&$crate::__private::tracing::field::display(&$dynamic) as &dyn Value), )?
                    $( $crate::__private::Some(&$crate::__tracing_value!($class $value) as &dyn Value), )*
                ]),
            )
        })
    };
}

/// One classified field's value. A literal is passed as it is, so that a
/// span whose values are all constant builds no value set at run time; a
/// plain value is left out when it is an empty string.
#[doc(hidden)]
#[macro_export]
macro_rules! __tracing_value {
    (literal $value:expr) => {
        $value
    };
    (empty $value:expr) => {
        $crate::__private::Empty
    };
    (display $value:expr) => {
        $crate::__private::tracing::field::display(&$value)
    };
    (debug $value:expr) => {
        $crate::__private::tracing::field::debug(&$value)
    };
    (value $value:expr) => {{
        #[allow(unused_imports)]
        use $crate::__private::{
            OptionalStrField as _, OtherField as _, StrField as _, UnsignedField as _,
        };
        (&&&$crate::__private::Autoref(&$value)).non_empty()
    }};
}

// A `fields(...)` value: an empty string, or `Some` of one, is left out of the span (`None`),
// an unsigned integer is recorded as an `i64` (saturating, as the
// OpenTelemetry backend does: tracing-opentelemetry would otherwise record it
// as its `Debug` text), anything else is recorded as it is (the generated
// code calls `(&&&Autoref(&value)).non_empty()`). Each impl is on its own level of
// references, so that a value whose type is already an error (a field
// expression that does not compile) meets one candidate, not an ambiguity.

#[doc(hidden)]
pub trait UnsignedField {
    fn non_empty(self) -> Option<i64>;
}

macro_rules! unsigned_field {
    ($($ty:ty),*) => {$(
        impl UnsignedField for &&&Autoref<'_, $ty> {
            #[inline]
            fn non_empty(self) -> Option<i64> {
                Some(i64::try_from(*self.0).unwrap_or(i64::MAX))
            }
        }

        // `None` leaves the field out, as an empty string does.
        impl UnsignedField for &&&Autoref<'_, Option<$ty>> {
            #[inline]
            fn non_empty(self) -> Option<i64> {
                self.0.map(|value| i64::try_from(value).unwrap_or(i64::MAX))
            }
        }
    )*};
}
unsigned_field!(u8, u16, u32, u64, usize, u128);

#[doc(hidden)]
pub trait StrField<'a> {
    fn non_empty(self) -> Option<&'a str>;
}

impl<'a, T: AsRef<str> + ?Sized> StrField<'a> for &Autoref<'a, T> {
    #[inline]
    fn non_empty(self) -> Option<&'a str> {
        Some(self.0.as_ref()).filter(|s| !s.is_empty())
    }
}

#[doc(hidden)]
pub trait OptionalStrField<'a> {
    fn non_empty(self) -> Option<&'a str>;
}

impl<'a, T: AsRef<str>> OptionalStrField<'a> for &&Autoref<'a, Option<T>> {
    #[inline]
    fn non_empty(self) -> Option<&'a str> {
        self.0
            .as_ref()
            .map(AsRef::as_ref)
            .filter(|s: &&str| !s.is_empty())
    }
}

#[doc(hidden)]
pub trait OtherField<'a, T: ?Sized> {
    fn non_empty(self) -> Option<&'a T>;
}

impl<'a, T: ?Sized> OtherField<'a, T> for Autoref<'a, T> {
    #[inline]
    fn non_empty(self) -> Option<&'a T> {
        Some(self.0)
    }
}

/// The `tracing` event of `err(level = ...)`, a child of the call's span.
#[doc(hidden)]
#[macro_export]
macro_rules! __tracing_error_event {
    (level: $level:ident, target: ($($target:literal)?), span: $span:expr, failure: $failure:expr) => {
        if let $crate::__private::Some(parent) = $crate::__private::tracing_parent($span) {
            $crate::__private::tracing::event!(
                $(target: $target,)?
                parent: parent,
                $crate::__private::tracing::Level::$level,
                { "exception.type" = $failure.error_type.as_str(), "exception.message" = $crate::__private::Some($failure.description.as_str()).filter(|d| !d.is_empty()) },
                "exception"
            );
        }
    };
}

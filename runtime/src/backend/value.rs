//! The values the backends record.

/// A value recorded on a span.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum AttributeValue<'a> {
    /// A string.
    Str(&'a str),
    /// An integer.
    I64(i64),
    /// A float.
    F64(f64),
    /// A boolean.
    Bool(bool),
}

impl AttributeValue<'_> {
    #[cfg(feature = "metrics")]
    pub(crate) fn to_otel(self) -> opentelemetry::Value {
        match self {
            AttributeValue::Str(value) => opentelemetry::Value::from(value.to_owned()),
            AttributeValue::I64(value) => opentelemetry::Value::from(value),
            AttributeValue::F64(value) => opentelemetry::Value::from(value),
            AttributeValue::Bool(value) => opentelemetry::Value::from(value),
        }
    }
}

impl<'a> From<&'a str> for AttributeValue<'a> {
    fn from(value: &'a str) -> Self {
        AttributeValue::Str(value)
    }
}

impl<'a> From<&'a String> for AttributeValue<'a> {
    fn from(value: &'a String) -> Self {
        AttributeValue::Str(value)
    }
}

impl<'a> From<&'a crate::text::SharedStr> for AttributeValue<'a> {
    fn from(value: &'a crate::text::SharedStr) -> Self {
        AttributeValue::Str(value.as_str())
    }
}

impl From<bool> for AttributeValue<'_> {
    fn from(value: bool) -> Self {
        AttributeValue::Bool(value)
    }
}

impl From<f64> for AttributeValue<'_> {
    fn from(value: f64) -> Self {
        AttributeValue::F64(value)
    }
}

macro_rules! integer_attribute {
    ($($ty:ty),*) => {$(
        impl From<$ty> for AttributeValue<'_> {
            fn from(value: $ty) -> Self {
                AttributeValue::I64(i64::try_from(value).unwrap_or(i64::MAX))
            }
        }
    )*};
}
integer_attribute!(i8, i16, i32, i64, u8, u16, u32, u64, usize, isize);

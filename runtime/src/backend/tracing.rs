//! The `tracing` backend: spans with static callsites whose `otel.*` fields and
//! semantic-convention names tracing-opentelemetry turns into the right OTel span.

use crate::call::{AttributeValue, CallSpan};

pub(crate) type Span = tracing::Span;

/// True once any subscriber was installed (globally or scoped): a relaxed load.
/// Whether that subscriber wants the span is asked only past this check.
#[inline(always)]
pub(crate) fn enabled() -> bool {
    tracing::dispatcher::has_been_set()
}

pub(crate) fn is_disabled(span: &Span) -> bool {
    span.is_disabled()
}

pub(crate) fn enter(span: &Span) {
    span.with_subscriber(|(id, dispatch)| dispatch.enter(id));
}

pub(crate) fn exit(span: &Span) {
    span.with_subscriber(|(id, dispatch)| dispatch.exit(id));
}

pub(crate) fn record(span: &Span, key: &'static str, value: AttributeValue<'_>) {
    match value {
        AttributeValue::Str(value) => span.record(key, value),
        AttributeValue::I64(value) => span.record(key, value),
        AttributeValue::F64(value) => span.record(key, value),
        AttributeValue::Bool(value) => span.record(key, value),
    };
}

pub(crate) fn record_error(span: &Span, error_type: &str, description: &str) {
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

impl CallSpan {
    /// Wraps a `tracing` span declared by the generated code.
    #[doc(hidden)]
    #[must_use]
    pub fn from_tracing(span: tracing::Span) -> Self {
        CallSpan { inner: span }
    }

    /// The underlying `tracing` span.
    #[must_use]
    pub fn as_tracing(&self) -> &tracing::Span {
        &self.inner
    }
}

/// Declares the span of one call: a static `tracing` callsite whose fields are
/// the `otel.*` fields, the attributes recorded later, and the user's fields.
#[doc(hidden)]
#[macro_export]
macro_rules! __call_span {
    (level: $level:ident, name: $name:literal, fields: { $($fields:tt)* }) => {
        $crate::__private::CallSpan::from_tracing($crate::__private::tracing::span!(
            $crate::__private::tracing::Level::$level,
            $name,
            $($fields)*
        ))
    };
}

pub use tracing::field::Empty;

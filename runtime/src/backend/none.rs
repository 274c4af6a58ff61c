//! No backend: nothing is ever traced, and every call goes straight through.

use crate::call::{AttributeValue, CallSpan};

#[derive(Debug)]
pub(crate) struct Span;

#[inline(always)]
pub(crate) fn enabled() -> bool {
    false
}

pub(crate) fn is_disabled(_: &Span) -> bool {
    true
}

pub(crate) fn enter(_: &Span) {}

pub(crate) fn exit(_: &Span) {}

pub(crate) fn record(_: &Span, _: &'static str, _: AttributeValue<'_>) {}

pub(crate) fn record_error(_: &Span, _: &str, _: &str) {}

impl CallSpan {
    #[doc(hidden)]
    #[must_use]
    pub fn disabled() -> Self {
        CallSpan { inner: Span }
    }
}

#[doc(hidden)]
#[macro_export]
macro_rules! __call_span {
    (level: $level:ident, name: $name:literal, fields: { $($fields:tt)* }) => {
        $crate::__private::CallSpan::disabled()
    };
}

/// Declares a field in `fields(...)` that is recorded later.
#[derive(Debug, Clone, Copy)]
pub struct Empty;

//! What a call's result says about the call: `Err` marks the span failed.
//!
//! The generated code calls `(&&&Outcome(&result)).record_outcome(span)`; the
//! most specific impl that applies to the result's type wins (autoref
//! specialization: methods take `self` by value, so the impl on the most
//! referenced type is tried first), so a `Result` whose error names a code, a `Result` whose
//! error can be displayed, any other `Result` and any other value are told
//! apart without the macro having to recognise type aliases such as
//! `RedisResult<T>`.

use core::convert::Infallible;
use core::fmt::Display;

use crate::call::CallSpan;
use crate::proxy::Text;

/// A low-cardinality name for an error, recorded as `error.type`.
///
/// Without it, the error's type name is used.
///
/// ```
/// use instrument_proxy::{ErrorType, Text};
///
/// struct WrongType;
///
/// impl ErrorType for WrongType {
///     fn error_type(&self) -> Text<'_> {
///         Text::Borrowed("WRONGTYPE")
///     }
/// }
/// ```
pub trait ErrorType {
    /// The value of `error.type`.
    fn error_type(&self) -> Text<'_>;

    /// The span's status description: the error's `Display` unless it could
    /// hold something that must not be recorded (a URL with credentials).
    fn error_description(&self) -> String
    where
        Self: Display,
    {
        self.to_string()
    }
}

#[doc(hidden)]
pub struct Outcome<'a, T>(pub &'a T);

impl<T> Clone for Outcome<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Outcome<'_, T> {}

#[doc(hidden)]
pub trait CodedErrorOutcome {
    fn record_outcome(self, span: &CallSpan);
}

impl<T, E: ErrorType + Display> CodedErrorOutcome for &&&Outcome<'_, Result<T, E>> {
    fn record_outcome(self, span: &CallSpan) {
        if let Err(error) = self.0 {
            span.record_error(error.error_type().as_str(), &error.error_description());
        }
    }
}

#[doc(hidden)]
pub trait DisplayErrorOutcome {
    fn record_outcome(self, span: &CallSpan);
}

impl<T, E: Display> DisplayErrorOutcome for &&Outcome<'_, Result<T, E>> {
    fn record_outcome(self, span: &CallSpan) {
        if let Err(error) = self.0 {
            span.record_error(core::any::type_name::<E>(), &error.to_string());
        }
    }
}

#[doc(hidden)]
pub trait ErrorOutcome {
    fn record_outcome(self, span: &CallSpan);
}

impl<T, E> ErrorOutcome for &Outcome<'_, Result<T, E>> {
    fn record_outcome(self, span: &CallSpan) {
        if self.0.is_err() {
            span.record_error(core::any::type_name::<E>(), "");
        }
    }
}

#[doc(hidden)]
pub trait ValueOutcome {
    fn record_outcome(self, span: &CallSpan);
}

impl<T> ValueOutcome for Outcome<'_, T> {
    #[inline(always)]
    fn record_outcome(self, _: &CallSpan) {}
}

/// Splits a result into its `Ok` and `Err` sides for `record_ok` /
/// `record_err`; any other value is all `Ok`.
#[doc(hidden)]
pub trait ResultParts<'a> {
    type Ok;
    type Err;
    fn parts(self) -> Result<&'a Self::Ok, &'a Self::Err>;
}

impl<'a, T, E> ResultParts<'a> for &Outcome<'a, Result<T, E>> {
    type Ok = T;
    type Err = E;
    fn parts(self) -> Result<&'a T, &'a E> {
        self.0.as_ref()
    }
}

#[doc(hidden)]
pub trait ValueParts<'a> {
    type Ok;
    fn parts(self) -> Result<&'a Self::Ok, &'a Infallible>;
}

impl<'a, T> ValueParts<'a> for Outcome<'a, T> {
    type Ok = T;
    fn parts(self) -> Result<&'a T, &'a Infallible> {
        Ok(self.0)
    }
}

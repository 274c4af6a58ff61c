//! What a call's result says about the call: `Err` marks the span failed.
//!
//! The generated code calls `(&&&Outcome(&result)).failure()`; the most
//! specific impl that applies to the result's type wins (autoref
//! specialization: methods take `self` by value, so the impl on the most
//! referenced type is tried first), so a `Result` whose error names a code, a
//! `Result` whose error can be displayed, any other `Result` and any other
//! value are told apart without the macro having to recognise type aliases
//! such as `RedisResult<T>`. The result's type is pinned from the signature
//! before the call, so the dispatch sees the real error type.

use core::convert::Infallible;
use core::fmt::{Debug, Display};

use crate::text::Text;

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

/// What a failed call records: `error.type` and the status description.
#[doc(hidden)]
#[derive(Debug)]
pub struct Failure<'a> {
    pub error_type: Text<'a>,
    pub description: String,
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
pub trait CodedErrorOutcome<'a> {
    fn failure(self) -> Option<Failure<'a>>;
}

impl<'a, T, E: ErrorType + Display> CodedErrorOutcome<'a> for &&&Outcome<'a, Result<T, E>> {
    #[inline(always)]
    fn failure(self) -> Option<Failure<'a>> {
        Some(coded(self.0.as_ref().err()?))
    }
}

#[cold]
fn coded<E: ErrorType + Display>(error: &E) -> Failure<'_> {
    Failure {
        error_type: error.error_type(),
        description: error.error_description(),
    }
}

#[doc(hidden)]
pub trait DisplayErrorOutcome<'a> {
    fn failure(self) -> Option<Failure<'a>>;
}

impl<'a, T, E: Display> DisplayErrorOutcome<'a> for &&Outcome<'a, Result<T, E>> {
    #[inline(always)]
    fn failure(self) -> Option<Failure<'a>> {
        Some(displayed(self.0.as_ref().err()?))
    }
}

#[cold]
fn displayed<E: Display>(error: &E) -> Failure<'static> {
    Failure {
        error_type: type_name::<E>(),
        description: error.to_string(),
    }
}

/// An error that cannot be displayed: its type name, no description.
#[doc(hidden)]
pub trait ErrorOutcome<'a> {
    fn failure(self) -> Option<Failure<'a>>;
}

impl<'a, T, E> ErrorOutcome<'a> for &Outcome<'a, Result<T, E>> {
    #[inline(always)]
    fn failure(self) -> Option<Failure<'a>> {
        self.0.is_err().then(type_named::<E>)
    }
}

#[cold]
fn type_named<E>() -> Failure<'static> {
    Failure {
        error_type: type_name::<E>(),
        description: String::new(),
    }
}

/// With `err(debug)`: an error that cannot be displayed is described by its
/// `Debug` form, which the user has asked for.
#[doc(hidden)]
pub trait DebugErrorOutcome<'a> {
    fn failure(self) -> Option<Failure<'a>>;
}

impl<'a, T, E: Debug> DebugErrorOutcome<'a> for &Outcome<'a, Result<T, E>> {
    #[inline(always)]
    fn failure(self) -> Option<Failure<'a>> {
        Some(debugged(self.0.as_ref().err()?))
    }
}

#[cold]
fn debugged<E: Debug>(error: &E) -> Failure<'static> {
    Failure {
        error_type: type_name::<E>(),
        description: format!("{error:?}"),
    }
}

/// `error.type` of an error with no code of its own: its type's name, known
/// at compile time (recorded without a copy).
fn type_name<E>() -> Text<'static> {
    Text::Shared(crate::text::SharedStr::from_static(
        core::any::type_name::<E>(),
    ))
}

#[doc(hidden)]
pub trait ValueOutcome<'a> {
    fn failure(self) -> Option<Failure<'a>>;
}

impl<'a, T> ValueOutcome<'a> for Outcome<'a, T> {
    #[inline(always)]
    fn failure(self) -> Option<Failure<'a>> {
        None
    }
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

/// What a traced stream records of each item (see `CallStream`): an `Err`
/// marks the call failed as a method's `Err` does; returns whether it did.
#[doc(hidden)]
#[macro_export]
macro_rules! __record_item {
    () => {
        |span: &$crate::__private::CallSpan, item| -> bool {
            if !span.records() {
                return false;
            }
            #[allow(unused_imports)]
            use $crate::__private::{
                CodedErrorOutcome as _, DisplayErrorOutcome as _, ErrorOutcome as _,
                ValueOutcome as _,
            };
            match (&&&$crate::__private::Outcome(item)).failure() {
                $crate::__private::Some(failure) => {
                    $crate::__private::record_failure(span, $crate::__private::Some(failure));
                    true
                }
                $crate::__private::None => false,
            }
        }
    };
}

/// The closure that records a call's outcome on its span, for the generated
/// code: the result's type pinned (`result: (T)`, empty when the signature
/// does not name it), how errors are described (`ErrorOutcome`, or
/// `DebugErrorOutcome` for `err(debug)`), an optional `err(level = ...)`
/// event, `mark: true` when an `Err` marks the span failed, and the
/// `record_ok` / `record_err` functions.
#[doc(hidden)]
#[macro_export]
macro_rules! __record_outcome {
    (result: ($($ty:ty)?), described: $described:ident, event: ($($event:tt)*), mark: $mark:tt, ok: ($($ok:path)?), err: ($($err:path)?)) => {
        |span: &$crate::__private::CallSpan, result| {
            $( let result: &$ty = result; )?
            // Nothing is described for a span the sampler dropped.
            if span.records() {
                $crate::__record_outcome!(@mark $mark, span, result, $described, ($($event)*));
                $crate::__record_outcome!(@parts span, result, ($($ok)?), ($($err)?));
            }
        }
    };
    (@mark false, $span:ident, $result:ident, $described:ident, $event:tt) => {};
    (@mark true, $span:ident, $result:ident, $described:ident, ()) => {
        #[allow(unused_imports)]
        use $crate::__private::{
            CodedErrorOutcome as _, DisplayErrorOutcome as _, $described as _, ValueOutcome as _,
        };
        $crate::__private::record_failure($span, (&&&$crate::__private::Outcome($result)).failure());
    };
    (@mark true, $span:ident, $result:ident, $described:ident, ($level:ident, $target:tt)) => {
        #[allow(unused_imports)]
        use $crate::__private::{
            CodedErrorOutcome as _, DisplayErrorOutcome as _, $described as _, ValueOutcome as _,
        };
        if let $crate::__private::Some(failure) = (&&&$crate::__private::Outcome($result)).failure() {
            $crate::__error_event!(level: $level, target: $target, span: $span, failure: &failure);
            $crate::__private::record_failure($span, $crate::__private::Some(failure));
        }
    };
    (@parts $span:ident, $result:ident, (), ()) => {};
    (@parts $span:ident, $result:ident, ($($ok:path)?), ($($err:path)?)) => {
        #[allow(unused_imports)]
        use $crate::__private::{ResultParts as _, ValueParts as _};
        match (&$crate::__private::Outcome($result)).parts() {
            $crate::__private::Ok(_ok) => { $( $ok($span, _ok); )? }
            $crate::__private::Err(_err) => { $( $err($span, _err); )? }
        }
    };
}

//! What the generated code calls. Not public API: names and signatures here
//! change without notice.

pub use crate::__call_span as call_span;
pub use crate::backend::level;

pub use crate::__error_event as error_event;
pub use crate::__metered_start as metered_start;
pub use crate::__metered_sync as metered_sync;
pub use crate::__record_outcome as record_outcome;
pub use crate::__return_check as return_check;
pub use crate::autoref::Autoref;
#[cfg(feature = "opentelemetry")]
pub use crate::backend::otel::otel_span;
#[cfg(feature = "tracing")]
pub use crate::backend::tracing::tracing_span;
#[cfg(feature = "tracing")]
pub use crate::backend::tracing::{OptionalStrField, OtherField, StrField, UnsignedField};
pub use crate::backend::Empty;
pub use crate::call::{
    call_sync, construct, first_of, record_client, run_sync, start, CallSpan, SyncCall,
};
pub use crate::future::{
    CallFuture, CallStream, Captures, FutureReturn, NotResultReturn, PlainReturn, ResultReturn,
    ReturnCheck, StreamReturn,
};
#[cfg(feature = "metrics")]
pub use crate::metrics::{start_metered, Instrument};
pub use crate::outcome::{
    keep_future_recorder, keep_recorder, CodedErrorOutcome, DebugErrorOutcome, DisplayErrorOutcome,
    ErrorOutcome, Failure, Outcome, ResultParts, ValueOutcome, ValueParts,
};
pub use crate::propagation::inject_owned as inject;
pub use crate::proxy::{ForwardTo, NoProxyAttributes, Proxy, ProxyAttributes};
pub use crate::{__carrier_extract as carrier_extract, __carrier_inject as carrier_inject};
#[cfg(feature = "opentelemetry")]
pub use opentelemetry::Context as OtelContext;
#[cfg(feature = "opentelemetry")]
pub use opentelemetry::KeyValue;
pub use std::borrow::Cow;
#[cfg(feature = "tracing")]
pub use tracing;

pub use core::option::Option::{self, None, Some};
pub use core::result::Result::{Err, Ok};
pub use std::boxed::Box;
pub use std::vec::Vec;

#[cfg(feature = "opentelemetry")]
pub use crate::backend::otel::{
    attributes_for, push_attribute, push_client_attributes, push_literal, DebugValue, DisplayName,
    DisplayValue, LiteralValue, SharedName, ToOtelValue,
};

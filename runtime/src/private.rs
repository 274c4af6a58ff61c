//! What the generated code calls. Not public API: names and signatures here
//! change without notice.
//!
//! Much of it is `macro_rules!` rather than functions: the attribute cannot
//! know which backends a build has (features are the runtime's), so it names
//! one macro and the runtime expands it for the backends compiled in, with
//! static `tracing` callsites and no cost for the backends left out.

pub use crate::__call_span as call_span;
pub use crate::__site as site;
pub use crate::backend::{level, Site, SiteInfo};

pub use crate::__error_event as error_event;
pub use crate::__metered_start as metered_start;
pub use crate::__metered_sync as metered_sync;
pub use crate::__record_item as record_item;
pub use crate::__record_outcome as record_outcome;
pub use crate::__return_check as return_check;
pub use crate::autoref::Autoref;
#[cfg(feature = "tracing")]
pub use crate::backend::tracing::{OptionalStrField, OtherField, StrField, UnsignedField};
pub use crate::backend::Empty;
#[cfg(feature = "opentelemetry")]
pub use crate::call::otel_span;
#[cfg(feature = "tracing")]
pub use crate::call::tracing_parent;
#[cfg(feature = "tracing")]
pub use crate::call::tracing_span;
pub use crate::call::{
    call_sync, construct, first_of, keep_future_recorder, keep_recorder, otel_error_event,
    record_client, record_failure, run_sync, start, CallSpan, SyncCall,
};
#[cfg(feature = "metrics")]
pub use crate::call::{call_sync_metered, start_metered};
pub use crate::future::{
    CallFuture, CallStream, Captures, FutureReturn, NotResultReturn, PlainReturn, ResultReturn,
    ReturnCheck, StreamReturn,
};
pub use crate::inject::inject_owned as inject;
#[cfg(feature = "metrics")]
pub use crate::measurement::{bounded_by_name, Instrument};
pub use crate::outcome::{
    CodedErrorOutcome, DebugErrorOutcome, DisplayErrorOutcome, ErrorOutcome, Failure, Outcome,
    ResultParts, ValueOutcome, ValueParts,
};
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

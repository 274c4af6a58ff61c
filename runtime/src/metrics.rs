//! RED metrics (feature `metrics`): every traced call with a metric records
//! its duration, in seconds, in a histogram of the global OpenTelemetry
//! `MeterProvider`, with bounded attributes only.
//!
//! - `db.client.operation.duration` for calls carrying `db.system.name`,
//!   `http.client.request.duration` for calls carrying `http.request.method`,
//!   or the histogram a `metric = "..."` option names; the semantic
//!   conventions' bucket boundaries.
//! - Attributes: the `Proxy` hook's `server.address`, `server.port` and
//!   `db.namespace`, literal `fields(...)`, the fields whose names are bounded
//!   by the conventions (`db.system.name`, `db.operation.name`,
//!   `http.request.method`, `http.response.status_code`, `server.address`,
//!   `server.port`), fields an option marks `bounded(...)`, and `error.type`
//!   on `Err`, panic (`panic`) and cancellation (`cancelled`). Never an empty
//!   string.
//! - Instruments are created once per thread and provider, and follow a
//!   provider installed or replaced later: one installed through
//!   [`set_meter_provider`] (or `export::install`) at the next call, one set
//!   directly with `opentelemetry::global::set_meter_provider` within 256
//!   calls of each thread. Without a provider nothing is measured
//!   (no clock read).
//! - With the SDK's `SdkMeterProvider` installed through
//!   [`set_meter_provider`] (or `export::install`), each thread binds the
//!   attribute sets its calls record with (the SDK's bound instruments,
//!   which the feature turns on) and records through them: the SDK resolves
//!   a set once per thread instead of hashing it on every record. A thread
//!   keeps up to 256 sets bound, then lets them go and binds again. Any
//!   other provider, and one set directly through OpenTelemetry's global
//!   API, is recorded into with the attributes on every record
//!   (OpenTelemetry's default `bind` drops what is recorded through it).

use std::any::Any;

use opentelemetry::metrics::MeterProvider;
use opentelemetry_sdk::metrics::SdkMeterProvider;

/// Sets the global meter provider, and makes every thread's traced calls
/// use it from their next call on. (A provider set directly with
/// `opentelemetry::global::set_meter_provider` is found within 256 calls
/// of each thread.)
pub fn set_meter_provider<P>(provider: P)
where
    P: MeterProvider + Send + Sync + 'static,
{
    let sdk = (&provider as &dyn Any).is::<SdkMeterProvider>();
    crate::measurement::install(provider, sdk);
}

//! The same tiny method written four ways, for instruction counts of the
//! disabled path (no subscriber installed): called directly, instrumented by
//! `#[instrument_proxy]`, by `#[tracing::instrument]`, and with a hand-written
//! `info_span!().entered()`.

use instrument_proxy::instrument_proxy;

pub struct Direct(pub u64);

impl Direct {
    #[inline]
    pub fn add(&self, x: u64) -> u64 {
        self.0.wrapping_add(x)
    }
}

pub struct Instrumented(pub u64);

#[instrument_proxy(kind = internal)]
impl Instrumented {
    #[inline]
    pub fn add(&self, x: u64) -> u64 {
        self.0.wrapping_add(x)
    }
}

pub struct TracingInstrument(pub u64);

impl TracingInstrument {
    #[inline]
    #[tracing::instrument(skip_all)]
    pub fn add(&self, x: u64) -> u64 {
        self.0.wrapping_add(x)
    }
}

pub struct HandWritten(pub u64);

impl HandWritten {
    #[inline]
    pub fn add(&self, x: u64) -> u64 {
        let _span = tracing::info_span!("HandWritten::add").entered();
        self.0.wrapping_add(x)
    }
}

/// An exporter that drops every span, so that the enabled-path measurements
/// see the SDK's own cost and not an exporter's.
#[cfg(feature = "otel")]
#[derive(Debug)]
pub struct Discard;

#[cfg(feature = "otel")]
impl opentelemetry_sdk::trace::SpanExporter for Discard {
    async fn export(
        &self,
        _: Vec<opentelemetry_sdk::trace::SpanData>,
    ) -> opentelemetry_sdk::error::OTelSdkResult {
        Ok(())
    }

    fn shutdown_with_timeout(
        &self,
        _: std::time::Duration,
    ) -> opentelemetry_sdk::error::OTelSdkResult {
        Ok(())
    }
}

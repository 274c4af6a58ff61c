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

    #[inline]
    pub fn get(&self) -> u64 {
        self.0
    }
}

pub struct Instrumented(pub u64);

#[instrument_proxy(kind = internal)]
impl Instrumented {
    #[inline]
    pub fn add(&self, x: u64) -> u64 {
        self.0.wrapping_add(x)
    }

    #[inline]
    pub fn get(&self) -> u64 {
        self.0
    }
}

pub struct TracingInstrument(pub u64);

impl TracingInstrument {
    #[inline]
    #[tracing::instrument(skip_all)]
    pub fn add(&self, x: u64) -> u64 {
        self.0.wrapping_add(x)
    }

    #[inline]
    #[tracing::instrument(skip_all)]
    pub fn get(&self) -> u64 {
        self.0
    }
}

pub struct HandWritten(pub u64);

impl HandWritten {
    #[inline]
    pub fn add(&self, x: u64) -> u64 {
        let _span = tracing::info_span!("HandWritten::add").entered();
        self.0.wrapping_add(x)
    }

    #[inline]
    pub fn get(&self) -> u64 {
        let _span = tracing::info_span!("HandWritten::get").entered();
        self.0
    }
}

/// A client whose `add` a proxy forwards: the shape users write
/// (`#[derive(InstrumentProxy)]` around a client, a body-less method), with
/// the same span written by hand and by `#[tracing::instrument]`, for the
/// enabled path under a bare `tracing` registry.
pub mod proxy {
    use instrument_proxy::{instrument_proxy, InstrumentProxy};
    use tracing::field::Empty;

    pub struct Inner(pub u64);

    impl Inner {
        #[inline]
        pub fn add(&self, x: u64) -> u64 {
            self.0.wrapping_add(x)
        }
    }

    #[derive(InstrumentProxy)]
    pub struct Traced(Inner);

    #[instrument_proxy]
    impl Traced {
        #[inline]
        pub fn add(&self, x: u64) -> u64;
    }

    /// The proxy's span written by hand: the same name, kind and the
    /// fields it declares (the status, `error.type`, and what a client
    /// records per connection).
    #[inline]
    pub fn hand_written(inner: &Inner, x: u64) -> u64 {
        let span = tracing::info_span!(
            "Traced::add",
            otel.kind = "client",
            otel.status_code = Empty,
            otel.status_description = Empty,
            error.type = Empty,
            server.address = Empty,
            server.port = Empty,
            db.namespace = Empty,
        );
        let _entered = span.enter();
        inner.add(x)
    }

    /// The same span by `#[tracing::instrument]`.
    #[inline]
    #[tracing::instrument(
        name = "Traced::add",
        skip_all,
        fields(
            otel.kind = "client",
            otel.status_code = Empty,
            otel.status_description = Empty,
            error.type = Empty,
            server.address = Empty,
            server.port = Empty,
            db.namespace = Empty,
        )
    )]
    pub fn tracing_instrument(inner: &Inner, x: u64) -> u64 {
        inner.add(x)
    }
}

/// The enabled path: one client method, instrumented and hand-written.
pub mod enabled {
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    use instrument_proxy::instrument_proxy;

    pub struct Client(pub u64);

    #[instrument_proxy(fields(db.system.name = "bench"))]
    impl Client {
        pub fn get(&self, x: u64) -> Result<u64, std::io::Error> {
            Ok(self.0.wrapping_add(x))
        }

        pub async fn get_async(&self, x: u64) -> Result<u64, std::io::Error> {
            Ok(self.0.wrapping_add(x))
        }

        /// A call that fails (an error that allocates nothing).
        pub fn fail(&self, x: u64) -> Result<u64, std::io::Error> {
            refused(self, x)
        }
    }

    /// `fail`'s body.
    #[inline]
    pub fn refused(client: &Client, x: u64) -> Result<u64, std::io::Error> {
        if client.0.wrapping_add(x) == u64::MAX {
            return Ok(0);
        }
        Err(std::io::ErrorKind::ConnectionRefused.into())
    }

    /// Polls a future that is ready at once.
    pub fn poll_once<F: Future>(future: F) -> F::Output {
        let mut future = pin!(future);
        match future
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()))
        {
            Poll::Ready(output) => output,
            Poll::Pending => unreachable!("the benchmarked futures are ready at once"),
        }
    }

    /// The same calls with a hand-written `tracing` span and the same fields.
    ///
    /// The span declares the names the instrumented one declares: those a
    /// client wrapper records after the call (status, `error.type`) and per
    /// connection (`server.address`, `server.port`, `db.namespace`).
    pub mod tracing {
        use tracing::field::Empty;
        use tracing::Instrument;

        use super::Client;

        /// The span, with the fields the instrumented one declares.
        macro_rules! client_span {
            ($name:literal) => {
                tracing::info_span!(
                    $name,
                    otel.kind = "client",
                    db.system.name = "bench",
                    otel.status_code = Empty,
                    otel.status_description = Empty,
                    error.type = Empty,
                    server.address = Empty,
                    server.port = Empty,
                    db.namespace = Empty,
                )
            };
        }

        pub fn get(client: &Client, x: u64) -> Result<u64, std::io::Error> {
            let span = client_span!("Client::get");
            let _entered = span.enter();
            Ok(client.0.wrapping_add(x))
        }

        pub async fn get_async(client: &Client, x: u64) -> Result<u64, std::io::Error> {
            let span = client_span!("Client::get_async");
            async { Ok(client.0.wrapping_add(x)) }
                .instrument(span)
                .await
        }
    }

    /// The same calls with a hand-written OpenTelemetry span and the same
    /// attributes, through any tracer (the SDK's own or the global, boxed one).
    #[cfg(feature = "otel")]
    pub mod otel {
        use std::future::Future;

        use opentelemetry::trace::{
            FutureExt as _, Span as _, SpanKind, Status, TraceContextExt as _, Tracer,
        };
        use opentelemetry::{Context, KeyValue};
        use opentelemetry_sdk::trace::{BatchSpanProcessor, SdkTracerProvider};

        use super::Client;

        /// Always on, batch processor (default configuration) whose exporter
        /// drops everything: the criterion benchmarks.
        pub fn batch_provider() -> SdkTracerProvider {
            SdkTracerProvider::builder()
                .with_span_processor(BatchSpanProcessor::builder(crate::Discard).build())
                .build()
        }

        /// Always on, simple processor handing each span to an exporter that
        /// drops it, on the calling thread (the instruction counts: a batch
        /// processor's channel wakes its thread a varying number of times).
        pub fn simple_provider() -> SdkTracerProvider {
            SdkTracerProvider::builder()
                .with_simple_exporter(crate::Discard)
                .build()
        }

        /// The sampler most production services run: a root span is kept
        /// with a ratio (here 0: none), a child follows its parent.
        pub fn dropping_provider() -> SdkTracerProvider {
            use opentelemetry_sdk::trace::Sampler;
            SdkTracerProvider::builder()
                .with_sampler(Sampler::ParentBased(Box::new(Sampler::TraceIdRatioBased(
                    0.0,
                ))))
                .with_simple_exporter(crate::Discard)
                .build()
        }

        /// The span's start, as a user writes it in place: always inlined.
        #[inline(always)]
        fn start<T: Tracer>(tracer: &T, name: &'static str) -> T::Span {
            tracer
                .span_builder(name)
                .with_kind(SpanKind::Client)
                .with_attributes([KeyValue::new("db.system.name", "bench")])
                .start(tracer)
        }

        /// `start` and `end` only: the span is never current.
        pub fn start_end<T: Tracer>(
            tracer: &T,
            client: &Client,
            x: u64,
        ) -> Result<u64, std::io::Error> {
            let mut span = start(tracer, "Client::get");
            let result = Ok(client.0.wrapping_add(x));
            span.end();
            result
        }

        /// The span's context current during the call, as `Tracer::in_span` does.
        #[inline(always)]
        fn in_span_body<T>(tracer: &T, client: &Client, x: u64) -> Result<u64, std::io::Error>
        where
            T: Tracer,
            T::Span: Send + Sync + 'static,
        {
            let cx = Context::current_with_span(start(tracer, "Client::get"));
            let _guard = cx.attach();
            Ok(client.0.wrapping_add(x))
        }

        /// `in_span` with the span ended when the call returns (`end()`),
        /// as the proxy ends it: a context that outlives the call (kept by
        /// a task the call spawned) does not stretch the span.
        #[inline(always)]
        fn in_span_ended_body<T>(tracer: &T, client: &Client, x: u64) -> Result<u64, std::io::Error>
        where
            T: Tracer,
            T::Span: Send + Sync + 'static,
        {
            let cx = Context::current_with_span(start(tracer, "Client::get"));
            let result = {
                let _guard = cx.clone().attach();
                Ok(client.0.wrapping_add(x))
            };
            cx.span().end();
            result
        }

        /// `in_span` of a call that fails: the span marked failed as the
        /// instrumented one is (`error.type`, status Error with the
        /// error's text), as a user writes it, whether the span records
        /// or not.
        pub fn in_span_fail<T>(tracer: &T, client: &Client, x: u64) -> Result<u64, std::io::Error>
        where
            T: Tracer,
            T::Span: Send + Sync + 'static,
        {
            let cx = Context::current_with_span(start(tracer, "Client::fail"));
            let _guard = cx.attach();
            let result = super::refused(client, x);
            if let Err(error) = &result {
                opentelemetry::trace::get_active_span(|span| {
                    span.set_attribute(KeyValue::new(
                        "error.type",
                        std::any::type_name::<std::io::Error>(),
                    ));
                    span.set_status(Status::error(error.to_string()));
                });
            }
            result
        }

        /// `with_context` with the span ended when the call's future
        /// completes (`end()`), as the proxy ends it.
        #[inline(always)]
        fn with_context_ended_body<'a, T>(
            tracer: &T,
            client: &'a Client,
            x: u64,
        ) -> impl Future<Output = Result<u64, std::io::Error>> + 'a
        where
            T: Tracer,
            T::Span: Send + Sync + 'static,
        {
            let cx = Context::current_with_span(start(tracer, "Client::get_async"));
            async move {
                let result = async { Ok(client.0.wrapping_add(x)) }
                    .with_context(cx.clone())
                    .await;
                cx.span().end();
                result
            }
        }

        /// The span's context current during every poll (`FutureExt::with_context`).
        #[inline(always)]
        fn with_context_body<'a, T>(
            tracer: &T,
            client: &'a Client,
            x: u64,
        ) -> impl Future<Output = Result<u64, std::io::Error>> + 'a
        where
            T: Tracer,
            T::Span: Send + Sync + 'static,
        {
            let cx = Context::current_with_span(start(tracer, "Client::get_async"));
            async move { Ok(client.0.wrapping_add(x)) }.with_context(cx)
        }

        /// Each baseline in two shapes: as a user writes it (the inliner
        /// decides whether it is inlined into its caller, and a change
        /// elsewhere in the binary can change that decision, and with it
        /// the count by some 40 instructions), and always inlined, which
        /// gives the same count whatever else the build holds.
        macro_rules! shapes {
            (sync $body:ident: $($(#[$attr:meta])* $name:ident),+) => {$(
                $(#[$attr])*
                pub fn $name<T>(tracer: &T, client: &Client, x: u64) -> Result<u64, std::io::Error>
                where
                    T: Tracer,
                    T::Span: Send + Sync + 'static,
                {
                    $body(tracer, client, x)
                }
            )+};
            (async $body:ident: $($(#[$attr:meta])* $name:ident),+) => {$(
                $(#[$attr])*
                pub fn $name<'a, T>(
                    tracer: &T,
                    client: &'a Client,
                    x: u64,
                ) -> impl Future<Output = Result<u64, std::io::Error>> + 'a
                where
                    T: Tracer,
                    T::Span: Send + Sync + 'static,
                {
                    $body(tracer, client, x)
                }
            )+};
        }

        shapes!(sync in_span_body: in_span, #[inline(always)] in_span_inlined);
        shapes!(sync in_span_ended_body: in_span_ended, #[inline(always)] in_span_ended_inlined);
        shapes!(async with_context_body: with_context, #[inline(always)] with_context_inlined);
        shapes!(async with_context_ended_body: with_context_ended, #[inline(always)] with_context_ended_inlined);
    }
}

/// The metric measurements: an SDK meter provider whose reader's exporter
/// drops everything, and the hand-written record the instrumented one is
/// compared with.
#[cfg(feature = "metrics")]
pub mod metrics {
    use std::time::Instant;

    use opentelemetry::metrics::{Histogram, MeterProvider as _};
    use opentelemetry::KeyValue;
    use opentelemetry_sdk::metrics::{PeriodicReader, SdkMeterProvider};

    use crate::enabled::Client;

    pub fn provider() -> SdkMeterProvider {
        SdkMeterProvider::builder()
            .with_reader(PeriodicReader::builder(crate::Discard).build())
            .build()
    }

    /// The histogram the instrumented call records into, made the same way.
    pub fn histogram(provider: &SdkMeterProvider) -> Histogram<f64> {
        provider
            .meter("bench")
            .f64_histogram("db.client.operation.duration")
            .with_unit("s")
            .with_boundaries(vec![0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0])
            .build()
    }

    /// Times the call and records it with the same attribute, as a user
    /// would by hand.
    pub fn get(histogram: &Histogram<f64>, client: &Client, x: u64) -> Result<u64, std::io::Error> {
        let start = Instant::now();
        let result = Ok(client.0.wrapping_add(x));
        histogram.record(
            start.elapsed().as_secs_f64(),
            &[KeyValue::new("db.system.name", "bench")],
        );
        result
    }
}

#[cfg(feature = "metrics")]
impl opentelemetry_sdk::metrics::exporter::PushMetricExporter for Discard {
    async fn export(
        &self,
        _: &opentelemetry_sdk::metrics::data::ResourceMetrics,
    ) -> opentelemetry_sdk::error::OTelSdkResult {
        Ok(())
    }

    fn force_flush(&self) -> opentelemetry_sdk::error::OTelSdkResult {
        Ok(())
    }

    fn shutdown_with_timeout(
        &self,
        _: std::time::Duration,
    ) -> opentelemetry_sdk::error::OTelSdkResult {
        Ok(())
    }

    fn temporality(&self) -> opentelemetry_sdk::metrics::Temporality {
        opentelemetry_sdk::metrics::Temporality::Cumulative
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

/// The loops on loopback (`redis_get_loop`, `postgres_select_loop`,
/// `nats_round_trip`), from `runs` of `count` calls each (untraced, traced
/// by the proxy, the same by hand): each side's throughput over all its
/// runs, and the median of the per-pair ratios of traced to untraced, by
/// hand to untraced, and the proxy to by hand.
pub fn report_sides(
    what: &str,
    unit: &str,
    traced: &str,
    by_hand: &str,
    count: u32,
    runs: &[(
        std::time::Duration,
        std::time::Duration,
        std::time::Duration,
    )],
) {
    type Pick = fn(
        &(
            std::time::Duration,
            std::time::Duration,
            std::time::Duration,
        ),
    ) -> (std::time::Duration, std::time::Duration);
    let pairs = |pick: Pick| runs.iter().map(pick).collect::<Vec<_>>();
    println!("{} pairs of {count} {what}", runs.len());
    let traced_pairs = pairs(|run| (run.0, run.1));
    report_versus(
        unit,
        ("untraced", traced),
        "traced / untraced",
        count,
        &traced_pairs,
    );
    println!("{by_hand}:");
    let by_hand_pairs = pairs(|run| (run.0, run.2));
    report_versus(
        unit,
        ("untraced", "by hand"),
        "by hand / untraced",
        count,
        &by_hand_pairs,
    );
    let versus = pairs(|run| (run.2, run.1));
    report_versus(
        unit,
        ("by hand", "traced (the proxy)"),
        "the proxy / by hand",
        count,
        &versus,
    );
}

/// With `metrics`, the histogram a loop's hand-written side records into
/// (made on the same meter provider as the proxy's); without, nothing.
#[cfg(feature = "metrics")]
pub type Measure = opentelemetry::metrics::Histogram<f64>;
#[cfg(not(feature = "metrics"))]
pub type Measure = ();

/// `a` against `b` over `runs` of `count` calls each: each one's throughput
/// over all its runs, and the median of the per-pair ratios (`b` / `a`,
/// printed as `ratio`).
fn report_versus(
    unit: &str,
    (a, b): (&str, &str),
    ratio: &str,
    count: u32,
    runs: &[(std::time::Duration, std::time::Duration)],
) {
    let total = |pick: fn(&(std::time::Duration, std::time::Duration)) -> std::time::Duration| {
        runs.iter().map(pick).sum::<std::time::Duration>()
    };
    let calls = f64::from(count) * runs.len() as f64;
    let a_rate = calls / total(|run| run.0).as_secs_f64();
    let b_rate = calls / total(|run| run.1).as_secs_f64();
    let mut ratios: Vec<f64> = runs
        .iter()
        .map(|(a, b)| a.as_secs_f64() / b.as_secs_f64())
        .collect();
    ratios.sort_by(f64::total_cmp);
    let median = ratios[ratios.len() / 2];
    println!("{a}: {a_rate:.0} {unit}/s");
    println!("{b}: {b_rate:.0} {unit}/s");
    println!("{ratio}, all runs: {:.1} %", 100.0 * b_rate / a_rate);
    println!("{ratio}, median of the pairs: {:.1} %", 100.0 * median);
}

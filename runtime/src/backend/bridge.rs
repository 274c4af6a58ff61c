//! Whether the current `tracing` subscriber exports to OpenTelemetry itself
//! (tracing-opentelemetry's layer is in it). Then its filter decides: a call
//! it filters out by level or target is not traced on the OpenTelemetry
//! route either. That route is for applications whose subscriber does not
//! export: none, or one that only logs.
//!
//! tracing-opentelemetry keeps its layer's marker private, so the question
//! is put to the subscriber once (per subscriber and thread, again after a
//! subscriber is created): a probe span is made in its registry alone, made
//! current there, asked to take a parent (which only the layer can answer)
//! and closed there again. No layer or filter hears of it, and nothing
//! exports it. Subscribers not built on `tracing_subscriber`'s `Registry`
//! are taken as not exporting.

use std::cell::Cell;

use tracing::field::{Field, Value};
use tracing::{Dispatch, Subscriber as _};
use tracing_opentelemetry::{OpenTelemetrySpanExt as _, SetParentError};
use tracing_subscriber::Registry;

thread_local! {
    /// The last answer on this thread: the generation of subscribers it was
    /// given in, the address of the subscriber's registry, and the answer.
    static LAST: Cell<(u64, usize, bool)> = const { Cell::new((u64::MAX, 0, false)) };
}

/// True when the current `tracing` subscriber exports to OpenTelemetry, so
/// that a call it filtered out is not traced at all. A thread-local compare
/// once asked; one load when no subscriber was ever set.
#[inline]
pub(crate) fn current_subscriber_exports() -> bool {
    tracing::dispatcher::has_been_set() && ask_current_subscriber()
}

#[inline(never)]
fn ask_current_subscriber() -> bool {
    let generation = super::otel::generation();
    let asked = tracing::dispatcher::get_default(|dispatch| {
        let registry = dispatch.downcast_ref::<Registry>()?;
        let address = std::ptr::from_ref(registry) as usize;
        match LAST.try_with(Cell::get) {
            Ok((at, of, answer)) if at == generation && of == address => Some(Ok(answer)),
            _ => Some(Err((dispatch.clone(), address))),
        }
    });
    match asked {
        None => false,
        Some(Ok(answer)) => answer,
        Some(Err((dispatch, address))) => {
            // A subscriber created from now on moves the generation.
            super::otel::watch::register();
            let answer = probe(&dispatch);
            let _ = LAST.try_with(|last| last.set((generation, address, answer)));
            answer
        }
    }
}

/// Asks tracing-opentelemetry's layer, if there is one, to parent a span
/// that only the registry knows of.
fn probe(dispatch: &Dispatch) -> bool {
    let Some(registry) = dispatch.downcast_ref::<Registry>() else {
        return false;
    };
    let values: [(&Field, Option<&dyn Value>); 0] = [];
    let values = super::otel::watch::METADATA.fields().value_set(&values);
    let attributes = tracing::span::Attributes::new_root(&super::otel::watch::METADATA, &values);
    // The registry's own `new_span`, `enter` and `try_close`, not the
    // subscriber's: its layers never see the probe. Its metadata is the
    // dispatcher watch's, a callsite no span is ever made at otherwise.
    let id = registry.new_span(&attributes);
    let answer = tracing::dispatcher::with_default(dispatch, || {
        registry.enter(&id);
        let span = tracing::Span::current();
        let answer = span.set_parent(opentelemetry::Context::new());
        drop(span);
        registry.exit(&id);
        answer
    });
    registry.try_close(id);
    !matches!(
        answer,
        Err(SetParentError::LayerNotFound | SetParentError::SpanDisabled)
    )
}

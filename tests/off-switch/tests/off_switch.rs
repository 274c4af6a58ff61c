//! With the runtime's `off` feature the macro emits plain methods: no span is
//! created, and body-less methods still forward to the inner client.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use instrument_proxy::{instrument_proxy, InstrumentProxy};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::Layer;

struct CountSpans(Arc<AtomicUsize>);

impl<S: tracing::Subscriber> Layer<S> for CountSpans {
    fn on_new_span(
        &self,
        _: &tracing::span::Attributes<'_>,
        _: &tracing::span::Id,
        _: Context<'_, S>,
    ) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

pub trait Store {
    fn count(&self) -> usize;
}

#[derive(Default)]
pub struct Client {
    items: Vec<u8>,
}

impl Client {
    pub fn push(&mut self, item: u8) -> Result<usize, String> {
        self.items.push(item);
        Ok(self.items.len())
    }

    pub async fn first(&self) -> Option<u8> {
        self.items.first().copied()
    }
}

impl Store for Client {
    fn count(&self) -> usize {
        self.items.len()
    }
}

#[derive(InstrumentProxy)]
pub struct Traced(Client);

#[instrument_proxy(fields(db.system.name = "test"))]
impl Traced {
    pub fn push(&mut self, item: u8) -> Result<usize, String>;
    pub async fn first(&self) -> Option<u8>;
    pub fn doubled(&self) -> usize {
        self.0.items.len() * 2
    }
}

#[instrument_proxy]
impl Store for Traced {
    fn count(&self) -> usize;
}

#[test]
fn no_span_is_created_and_calls_still_go_through() {
    let spans = Arc::new(AtomicUsize::new(0));
    let subscriber = tracing_subscriber::registry().with(CountSpans(spans.clone()));
    tracing::subscriber::with_default(subscriber, || {
        // The counter works: a hand-written span is seen.
        drop(tracing::info_span!("control"));
        assert_eq!(spans.load(Ordering::SeqCst), 1);

        let mut traced = Traced::new(Client::default());
        assert_eq!(traced.push(4), Ok(1));
        assert_eq!(traced.push(5), Ok(2));
        assert_eq!(traced.count(), 2);
        assert_eq!(traced.doubled(), 4);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        assert_eq!(runtime.block_on(traced.first()), Some(4));

        assert_eq!(
            spans.load(Ordering::SeqCst),
            1,
            "no span besides the control"
        );
    });
}

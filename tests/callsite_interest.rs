//! Whether a call's `tracing` span is made is decided as `tracing` decides it
//! for its own macros: the method's callsite asks each subscriber once
//! (`register_callsite`) and keeps the answer, `sometimes` asks the current
//! subscriber on every call (`enabled`), the level is checked against the
//! maximum the subscribers allow. The check on every call reads the kept
//! answer, so a subscriber that comes, changes or goes must be seen at the
//! next call. (A binary of its own: dispatchers are process-wide; one test,
//! so that the scenarios run in order. `tests/tracing-only` runs it again
//! with the default features, whose check is the callsite's alone.)

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use instrument_proxy::{instrument_proxy, InstrumentProxy};
use tracing::subscriber::Interest;
use tracing::{Metadata, Subscriber};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::Layer;

struct Kv;

impl Kv {
    fn get(&self, key: &str) -> usize {
        key.len()
    }

    fn scan(&self) -> usize {
        7
    }
}

#[derive(InstrumentProxy)]
struct KvClient(Kv);

#[instrument_proxy(fields(db.system.name = "kv"))]
impl KvClient {
    fn get(&self, key: &str) -> usize;

    #[instrument_proxy(level = debug)]
    fn scan(&self) -> usize;
}

/// A layer that answers `register_callsite` with `interest` and `enabled`
/// with its flag, and keeps the names of the spans it is given.
#[derive(Clone)]
struct Recorder {
    interest: fn() -> Interest,
    enabled: Arc<AtomicBool>,
    spans: Arc<Mutex<Vec<String>>>,
    asked: Arc<Mutex<usize>>,
}

impl Recorder {
    fn new(interest: fn() -> Interest) -> Recorder {
        Recorder {
            interest,
            enabled: Arc::new(AtomicBool::new(true)),
            spans: Arc::default(),
            asked: Arc::default(),
        }
    }

    /// The names of the spans made since the last look.
    fn spans(&self) -> Vec<String> {
        std::mem::take(&mut *self.spans.lock().unwrap())
    }

    fn asked(&self) -> usize {
        *self.asked.lock().unwrap()
    }

    fn subscriber(&self) -> impl Subscriber + Send + Sync {
        tracing_subscriber::registry().with(self.clone())
    }
}

impl<S: Subscriber> Layer<S> for Recorder {
    fn register_callsite(&self, _: &'static Metadata<'static>) -> Interest {
        (self.interest)()
    }

    fn enabled(&self, metadata: &Metadata<'_>, _: Context<'_, S>) -> bool {
        if metadata.is_span() {
            *self.asked.lock().unwrap() += 1;
        }
        self.enabled.load(Ordering::SeqCst)
    }

    fn on_new_span(
        &self,
        attributes: &tracing::span::Attributes<'_>,
        _: &tracing::span::Id,
        _: Context<'_, S>,
    ) {
        let name = attributes.metadata().name().to_owned();
        self.spans.lock().unwrap().push(name);
    }
}

#[test]
fn the_subscribers_interest_decides_on_every_call_as_it_comes_changes_and_goes() {
    let client = KvClient::new(Kv);

    // No subscriber yet: the call goes through, the callsite learns `never`.
    assert!(!tracing::dispatcher::has_been_set());
    assert_eq!(client.get("a"), 1);
    assert_eq!(client.get("ab"), 2);

    // A subscriber that wants every span: the very next call is traced,
    // and every one after it.
    let always = Recorder::new(Interest::always);
    tracing::subscriber::with_default(always.subscriber(), || {
        assert_eq!(client.get("abc"), 3);
        assert_eq!(client.get("abcd"), 4);
    });
    assert_eq!(always.spans(), ["KvClient::get", "KvClient::get"]);

    // One that wants none: no span, and it is not asked per call.
    let never = Recorder::new(Interest::never);
    tracing::subscriber::with_default(never.subscriber(), || {
        assert_eq!(client.get("abc"), 3);
    });
    assert!(never.spans().is_empty());
    assert_eq!(never.asked(), 0);

    // `sometimes`: asked on every call, and its answer is followed call by
    // call.
    let sometimes = Recorder::new(Interest::sometimes);
    tracing::subscriber::with_default(sometimes.subscriber(), || {
        sometimes.enabled.store(false, Ordering::SeqCst);
        assert_eq!(client.get("a"), 1);
        sometimes.enabled.store(true, Ordering::SeqCst);
        assert_eq!(client.get("ab"), 2);
        sometimes.enabled.store(false, Ordering::SeqCst);
        assert_eq!(client.get("abc"), 3);
    });
    assert_eq!(sometimes.spans(), ["KvClient::get"]);
    assert!(sometimes.asked() >= 3, "asked {} times", sometimes.asked());

    // A level filter: an `info` call is traced, a `debug` one is not.
    let levels = Recorder::new(Interest::always);
    let subscriber = tracing_subscriber::registry()
        .with(levels.clone())
        .with(tracing_subscriber::filter::LevelFilter::INFO);
    tracing::subscriber::with_default(subscriber, || {
        assert_eq!(client.scan(), 7);
        assert_eq!(client.get("a"), 1);
    });
    assert_eq!(levels.spans(), ["KvClient::get"]);

    // Every scoped subscriber is gone: the callsite may still remember
    // `always`, and the call is made without a span, by none of them.
    assert_eq!(client.get("gone"), 4);
    assert_eq!(client.scan(), 7);
    for recorder in [&always, &never, &sometimes, &levels] {
        assert!(recorder.spans().is_empty());
    }

    // A global subscriber set now is seen by calls on any thread.
    let global = Recorder::new(Interest::always);
    tracing::subscriber::set_global_default(global.subscriber()).unwrap();
    assert_eq!(client.get("a"), 1);
    std::thread::scope(|scope| {
        scope.spawn(|| assert_eq!(client.scan(), 7));
    });
    assert_eq!(global.spans(), ["KvClient::get", "KvClient::scan"]);
}

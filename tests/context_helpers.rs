//! Where context is usually lost — spawned tasks, the blocking pool, threads,
//! channels, `select!` — the helpers keep the call's span as the parent.
//! A global subscriber (spans are made on other threads), so the tests take
//! turns.

mod support;

use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use instrument_proxy::context::{self, Contextual, InCurrentContext};
use instrument_proxy::instrument_proxy;
use opentelemetry::trace::SpanId;
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider, SpanData};
use support::{bridged_subscriber, Counts};

struct Global {
    exporter: InMemorySpanExporter,
    counts: Arc<Counts>,
    _provider: SdkTracerProvider,
}

fn turn() -> (MutexGuard<'static, ()>, &'static Global) {
    static TURN: Mutex<()> = Mutex::new(());
    static GLOBAL: OnceLock<Global> = OnceLock::new();
    let turn = TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let global = GLOBAL.get_or_init(|| {
        let exporter = InMemorySpanExporter::default();
        let provider = SdkTracerProvider::builder()
            .with_simple_exporter(exporter.clone())
            .build();
        let counts = Arc::new(Counts::default());
        tracing::subscriber::set_global_default(bridged_subscriber(&provider, counts.clone()))
            .expect("one global subscriber");
        Global {
            exporter,
            counts,
            _provider: provider,
        }
    });
    global.exporter.reset();
    (turn, global)
}

fn span<'a>(spans: &'a [SpanData], name: &str) -> &'a SpanData {
    spans
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no span {name}"))
}

/// The child span's parent is the call's span, and every span ended.
fn assert_child_of_call(global: &Global, call: &str) {
    let spans = global.exporter.get_finished_spans().expect("spans");
    let parent = span(&spans, call);
    let child = span(&spans, "child");
    assert_eq!(
        child.parent_span_id,
        parent.span_context.span_id(),
        "{call}"
    );
    assert_eq!(
        child.span_context.trace_id(),
        parent.span_context.trace_id()
    );
    assert_eq!(global.counts.open(), 0, "every span ended");
}

fn child() {
    tracing::info_span!("child").in_scope(|| {});
}

struct Worker;

#[instrument_proxy(kind = internal)]
impl Worker {
    async fn plain_spawn(&self) {
        tokio::spawn(async { child() }).await.unwrap();
    }

    async fn spawn(&self) {
        context::spawn(async { child() }).await.unwrap();
    }

    async fn spawn_blocking(&self) {
        context::spawn_blocking(child).await.unwrap();
    }

    async fn join_set(&self) {
        let mut set = tokio::task::JoinSet::new();
        set.spawn(async { child() }.in_current_context());
        set.join_next().await.unwrap().unwrap();
    }

    fn thread(&self) {
        context::spawn_thread(child).join().unwrap();
    }

    fn channel(&self) -> std::thread::JoinHandle<u32> {
        let (sender, receiver) = std::sync::mpsc::channel::<Contextual<u32>>();
        let consumer = std::thread::spawn(move || {
            receiver.recv().unwrap().in_scope(|value| {
                child();
                value
            })
        });
        sender.send(Contextual::new(7)).unwrap();
        consumer
    }

    async fn select(&self) {
        let work = async {
            tokio::task::yield_now().await;
            child();
        };
        tokio::select! {
            () = work => {}
            () = tokio::time::sleep(std::time::Duration::from_secs(60)) => {}
        }
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_time()
        .build()
        .unwrap()
}

#[test]
fn without_a_helper_a_spawned_task_starts_a_new_trace() {
    let (_turn, global) = turn();
    runtime().block_on(Worker.plain_spawn());
    let spans = global.exporter.get_finished_spans().unwrap();
    assert_eq!(span(&spans, "child").parent_span_id, SpanId::INVALID);
}

#[test]
fn tokio_spawn() {
    let (_turn, global) = turn();
    runtime().block_on(Worker.spawn());
    assert_child_of_call(global, "Worker::spawn");
}

#[test]
fn spawn_blocking() {
    let (_turn, global) = turn();
    runtime().block_on(Worker.spawn_blocking());
    assert_child_of_call(global, "Worker::spawn_blocking");
}

#[test]
fn join_set() {
    let (_turn, global) = turn();
    runtime().block_on(Worker.join_set());
    assert_child_of_call(global, "Worker::join_set");
}

#[test]
fn std_thread_spawn() {
    let (_turn, global) = turn();
    Worker.thread();
    assert_child_of_call(global, "Worker::thread");
}

#[test]
fn channel() {
    let (_turn, global) = turn();
    let consumer = Worker.channel();
    assert_eq!(consumer.join().unwrap(), 7);
    assert_child_of_call(global, "Worker::channel");
}

#[test]
fn select() {
    let (_turn, global) = turn();
    runtime().block_on(Worker.select());
    assert_child_of_call(global, "Worker::select");
}

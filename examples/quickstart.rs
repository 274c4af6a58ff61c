//! Quickstart: wrap a client in a newtype, paste the signatures you want
//! traced, and every call becomes a CLIENT span with OpenTelemetry semantics.
//!
//! The client here is an in-process key-value store, so the example needs no
//! outside service. The spans go through tracing-opentelemetry into the
//! OpenTelemetry SDK, and the example prints them as a tree.
//!
//! Run it with `cargo run --example quickstart`.

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;
use std::time::Duration;

use instrument_proxy::{instrument_proxy, ClientAttributes, InstrumentProxy};
use opentelemetry::trace::{SpanId, Status, TracerProvider as _};
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider, SpanData};
use tracing::Instrument;
use tracing_subscriber::layer::SubscriberExt;

/// The client to trace: any type from any crate.
pub struct KvClient {
    host: String,
    entries: Mutex<HashMap<String, String>>,
}

#[derive(Debug)]
pub struct KvError(&'static str);

impl fmt::Display for KvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl KvClient {
    pub fn connect(host: &str) -> Self {
        KvClient {
            host: host.into(),
            entries: Mutex::default(),
        }
    }

    pub async fn get(&self, key: &str) -> Result<Option<String>, KvError> {
        tokio::time::sleep(Duration::from_millis(2)).await;
        if key.is_empty() {
            return Err(KvError("ERR empty key"));
        }
        Ok(self.entries.lock().unwrap().get(key).cloned())
    }

    pub async fn set(&self, key: &str, value: &str) -> Result<(), KvError> {
        tokio::time::sleep(Duration::from_millis(3)).await;
        self.entries
            .lock()
            .unwrap()
            .insert(key.into(), value.into());
        Ok(())
    }
}

/// The traced proxy: a newtype and the derive.
#[derive(InstrumentProxy)]
#[proxy(attributes = connection_attributes)]
pub struct TracedKv(KvClient);

/// Attributes known only at run time, on every span of this client.
fn connection_attributes(kv: &TracedKv) -> ClientAttributes<'_> {
    ClientAttributes::new()
        .server_address(kv.inner().host.as_str())
        .server_port(7379)
}

/// Body-less methods are forwarded to the client inside a span. Nothing from
/// the arguments is recorded unless `fields(...)` names it: the value passed to
/// `set` never reaches the trace.
#[instrument_proxy(fields(db.system.name = "quickstart-kv"))]
impl TracedKv {
    #[instrument_proxy(name = "GET", fields(db.operation.name = "GET"))]
    pub async fn get(&self, key: &str) -> Result<Option<String>, KvError>;

    #[instrument_proxy(name = "SET", fields(db.operation.name = "SET"))]
    pub async fn set(&self, key: &str, value: &str) -> Result<(), KvError>;
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let exporter = InMemorySpanExporter::default();
    let provider = SdkTracerProvider::builder()
        .with_simple_exporter(exporter.clone())
        .build();
    let subscriber = tracing_subscriber::registry().with(
        tracing_opentelemetry::layer()
            .with_tracked_inactivity(false)
            .with_location(false)
            .with_target(false)
            .with_tracer(provider.tracer("quickstart")),
    );
    tracing::subscriber::set_global_default(subscriber).expect("no other subscriber");

    let kv = TracedKv::new(KvClient::connect("kv.internal"));
    async {
        kv.set("cart:42", "3 items, card 4111-1111").await.unwrap();
        let cart = kv.get("cart:42").await.unwrap();
        println!("cart:42 = {cart:?}");
        let error = kv.get("").await.unwrap_err();
        println!("an empty key fails: {error}");
    }
    .instrument(tracing::info_span!("checkout"))
    .await;

    provider.force_flush().expect("flush");
    let spans = exporter.get_finished_spans().expect("spans");
    println!("\nspans ({} exported):", spans.len());
    print_tree(&spans, SpanId::INVALID, 0);
}

/// Prints the spans indented under their parents.
fn print_tree(spans: &[SpanData], parent: SpanId, depth: usize) {
    let mut children: Vec<&SpanData> = spans
        .iter()
        .filter(|s| s.parent_span_id == parent)
        .collect();
    children.sort_by_key(|s| s.start_time);
    for span in children {
        let elapsed = span
            .end_time
            .duration_since(span.start_time)
            .unwrap_or_default();
        let status = match &span.status {
            Status::Error { description } => format!("  ERROR: {description}"),
            _ => String::new(),
        };
        let attributes: Vec<String> = span
            .attributes
            .iter()
            .filter(|kv| !kv.key.as_str().starts_with("thread."))
            .map(|kv| format!("{}={}", kv.key, kv.value))
            .collect();
        println!(
            "{:indent$}{} [{:?}] {:.1?}{status}",
            "",
            span.name,
            span.span_kind,
            elapsed,
            indent = depth * 2
        );
        if !attributes.is_empty() {
            println!(
                "{:indent$}  {}",
                "",
                attributes.join(" "),
                indent = depth * 2
            );
        }
        print_tree(spans, span.span_context.span_id(), depth + 1);
    }
}

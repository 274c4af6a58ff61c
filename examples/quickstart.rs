//! Quickstart: wrap a client in a newtype, paste the signatures you want
//! traced, and every call becomes a CLIENT span with OpenTelemetry semantics.
//!
//! The client here is an in-process key-value store, so the example needs no
//! outside service. The spans go through tracing-opentelemetry into the
//! OpenTelemetry SDK; the example prints them as a tree, or exports them over
//! OTLP/HTTP when `OTEL_EXPORTER_OTLP_ENDPOINT` is set.
//!
//! Run it with `cargo run --example quickstart`.

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;
use std::time::Duration;

use instrument_proxy::{export, instrument_proxy, ClientAttributes, InstrumentProxy};
use opentelemetry::trace::{SpanId, Status};
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{SpanData, SpanExporter};
use tracing::Instrument;

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
    // Spans go to OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set, and are
    // printed as a tree when the program ends otherwise.
    let otlp = std::env::var_os("OTEL_EXPORTER_OTLP_ENDPOINT");
    let telemetry = export::install_with("quickstart", TreePrinter::default());

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

    drop(telemetry);
    if let Some(endpoint) = otlp {
        println!("spans exported over OTLP to {}", endpoint.to_string_lossy());
    }
}

/// Collects the spans and prints them as a tree when the pipeline shuts down.
#[derive(Debug, Default)]
struct TreePrinter {
    spans: Mutex<Vec<SpanData>>,
}

impl SpanExporter for TreePrinter {
    async fn export(&self, batch: Vec<SpanData>) -> OTelSdkResult {
        self.spans.lock().unwrap().extend(batch);
        Ok(())
    }

    fn shutdown_with_timeout(&self, _: Duration) -> OTelSdkResult {
        let spans = std::mem::take(&mut *self.spans.lock().unwrap());
        println!("\nspans ({} exported):", spans.len());
        print_tree(&spans, SpanId::INVALID, 0);
        Ok(())
    }
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
            .filter(|kv| {
                let key = kv.key.as_str();
                !(key.starts_with("code.")
                    || key.starts_with("thread.")
                    || key == "target"
                    || key.ends_with("_ns"))
            })
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

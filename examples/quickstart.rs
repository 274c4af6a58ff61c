//! Quickstart: a traced HTTP client calls an in-process axum service, which
//! keeps its carts in a key-value client of its own, traced by wrapping it in
//! a newtype and pasting the signatures to trace. Client span, server span and
//! the server's own client spans form one trace.
//!
//! Nothing outside the process is needed. The spans go through tracing-opentelemetry into the
//! OpenTelemetry SDK; the example prints them as a tree, or exports them over
//! OTLP/HTTP when `OTEL_EXPORTER_OTLP_ENDPOINT` is set.
//!
//! Run it with `cargo run --example quickstart`.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use instrument_proxy::reqwest::TracedClient;
use instrument_proxy::tower::TraceLayer;
use instrument_proxy::{export, instrument_proxy, ClientAttributes, InstrumentProxy};
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
    let telemetry = export::install_with("quickstart", export::SpanTree::default());

    // An in-process HTTP service that keeps carts in the traced key-value client.
    let kv = Arc::new(TracedKv::new(KvClient::connect("kv.internal")));
    kv.set("cart:42", "3 items, card 4111-1111").await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    // The server side: a SERVER span per request, continuing the caller's
    // trace, named after the route template.
    let router = axum::Router::new()
        .route("/carts/{id}", get(cart))
        .with_state(kv)
        .layer(TraceLayer::new());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });

    // The traced reqwest client: a CLIENT span per request, `traceparent` sent.
    let http = TracedClient::new(reqwest::Client::new());
    async {
        for id in ["42", "7"] {
            let url = format!("http://{address}/carts/{id}");
            let response = http.send(http.inner().get(url)).await.unwrap();
            println!("GET /carts/{id} -> {}", response.status());
        }
    }
    .instrument(tracing::info_span!("checkout"))
    .await;

    // Flushes, and says how many spans reached the collector, or why not.
    let report = telemetry.shutdown();
    if report.endpoint.is_some() {
        println!("{report}");
    }
}

/// The handler: the layer's span is current, so the key-value client's spans
/// are its children.
async fn cart(
    State(kv): State<Arc<TracedKv>>,
    Path(id): Path<String>,
) -> Result<String, StatusCode> {
    match kv.get(&format!("cart:{id}")).await {
        Ok(Some(cart)) => Ok(cart),
        Ok(None) => Err(StatusCode::NOT_FOUND),
        Err(_) => Err(StatusCode::INTERNAL_SERVER_ERROR),
    }
}

//! The export pipeline composes with an application's own subscriber:
//! `export::build` installs the providers and no subscriber, and
//! `Telemetry::layer` goes into the application's subscriber next to its own
//! logging, which keeps working; its filter decides what is exported. In a
//! binary of its own: the pipeline is process-wide.
#[path = "support/otlp.rs"]
mod otlp;

use std::io::Write;
use std::sync::{Arc, Mutex};

use instrument_proxy::export;
use otlp::Client;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::EnvFilter;

/// What the application's logging wrote.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn the_pipeline_is_a_layer_of_the_applications_own_subscriber() {
    let (endpoint, received) = otlp::receiver();
    let telemetry = export::build_otlp("layered", Some(&endpoint));
    assert!(
        !tracing::dispatcher::has_been_set(),
        "build installs no subscriber"
    );
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::registry()
        .with(EnvFilter::new("info"))
        .with(telemetry.layer())
        .with(
            tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(move || writer.clone()),
        );
    tracing::subscriber::with_default(subscriber, || {
        tracing::info!("the application's own log line");
        assert!(Client.get("key") > 0);
    });
    let report = telemetry.shutdown();
    assert!(report.is_ok(), "{report}");

    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("the application's own log line"),
        "the application's logging keeps working: {logs:?}"
    );
    let received = received.lock().unwrap();
    assert_eq!(
        received.spans(),
        1,
        "the call is exported through the layer"
    );
}

//! An OTLP collector that cannot be reached never fails a call: every
//! instrumented call returns its value, shutting the pipeline down ends, and
//! its report says that nothing was delivered.

use instrument_proxy::{export, instrument_proxy, InstrumentProxy};

struct Client;

impl Client {
    async fn get(&self, key: u32) -> Result<u32, std::io::Error> {
        Ok(key * 2)
    }
}

#[derive(InstrumentProxy)]
struct Traced(Client);

#[instrument_proxy]
impl Traced {
    async fn get(&self, key: u32) -> Result<u32, std::io::Error>;
}

#[test]
fn calls_succeed_and_the_report_says_so_when_the_collector_port_is_closed() {
    // A port that was free a moment ago and has nothing listening now.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let telemetry = export::install_otlp(
        "unreachable",
        Some(&format!("http://127.0.0.1:{port}/v1/traces")),
    );

    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let traced = Traced::new(Client);
    for key in 0..600 {
        assert_eq!(runtime.block_on(traced.get(key)).unwrap(), key * 2);
    }
    assert!(
        tracing::dispatcher::has_been_set(),
        "the pipeline is installed"
    );
    let report = telemetry.shutdown();
    assert!(!report.is_ok());
    assert_eq!(report.spans_exported, 0);
    assert!(
        report.spans_failed > 0,
        "the spans the batch processor handed over are counted as failed: {report}"
    );
    assert!(
        report.errors.iter().any(|e| e.starts_with("cannot send: ")),
        "{report}"
    );
}

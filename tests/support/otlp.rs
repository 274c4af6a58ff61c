//! An OTLP/HTTP receiver on loopback that decodes what it receives with
//! opentelemetry-proto: trace requests at `/v1/traces`, metric requests at
//! `/v1/metrics`.
#![allow(dead_code)]

use std::io::Read;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::routing::post;
use opentelemetry_proto::tonic::collector::metrics::v1::ExportMetricsServiceRequest;
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use prost::Message;

#[derive(Default)]
pub struct Received {
    pub gzip: bool,
    pub requests: Vec<ExportTraceServiceRequest>,
    pub metrics: Vec<ExportMetricsServiceRequest>,
    /// The headers of each trace request.
    pub headers: Vec<http::HeaderMap>,
}

fn gunzip(headers: &http::HeaderMap, body: &[u8]) -> (bool, Vec<u8>) {
    let gzip = headers.get("content-encoding").is_some_and(|v| v == "gzip");
    let mut decoded = Vec::new();
    if gzip {
        flate2::read::GzDecoder::new(body)
            .read_to_end(&mut decoded)
            .unwrap();
    } else {
        decoded = body.to_vec();
    }
    (gzip, decoded)
}

/// Starts a receiver on a free loopback port, on a runtime of its own.
pub fn receiver() -> (String, Arc<Mutex<Received>>) {
    let received = Arc::new(Mutex::new(Received::default()));
    let state = received.clone();
    let (address_sender, address) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            address_sender.send(listener.local_addr().unwrap()).unwrap();
            let metrics_state = state.clone();
            let metrics = post(move |headers: http::HeaderMap, body: Bytes| async move {
                let (_, decoded) = gunzip(&headers, &body);
                let request = ExportMetricsServiceRequest::decode(&decoded[..]).unwrap();
                metrics_state.lock().unwrap().metrics.push(request);
                ""
            });
            let route = post(move |headers: http::HeaderMap, body: Bytes| async move {
                let (gzip, decoded) = gunzip(&headers, &body);
                let request = ExportTraceServiceRequest::decode(&decoded[..]).unwrap();
                let mut received = state.lock().unwrap();
                received.gzip |= gzip;
                received.headers.push(headers.clone());
                received.requests.push(request);
                ""
            });
            let router = axum::Router::new()
                .route("/v1/traces", route)
                .route("/v1/metrics", metrics);
            axum::serve(listener, router).await.unwrap();
        });
    });
    let address = address.recv().unwrap();
    (format!("http://{address}/v1/traces"), received)
}

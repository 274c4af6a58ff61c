//! An OTLP/HTTP receiver on loopback that decodes what it receives with
//! opentelemetry-proto (protobuf or JSON, gzip or not): trace requests at
//! `/v1/traces`, metric requests at `/v1/metrics`. Over plain HTTP, or over
//! TLS with a certificate authority made for the test (and, if asked, a
//! client certificate it requires).
#![allow(dead_code)]

use std::io::Read;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::routing::post;
use opentelemetry_proto::tonic::collector::metrics::v1::ExportMetricsServiceRequest;
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use prost::Message;

/// A traced client for the export tests: one CLIENT span per `get`.
pub struct Client;

#[instrument_proxy::instrument_proxy(fields(db.system.name = "redis"))]
impl Client {
    pub fn get(&self, key: &str) -> usize {
        key.len()
    }
}

#[derive(Default)]
pub struct Received {
    pub gzip: bool,
    pub requests: Vec<ExportTraceServiceRequest>,
    pub metrics: Vec<ExportMetricsServiceRequest>,
    /// The headers of each trace request.
    pub headers: Vec<http::HeaderMap>,
    /// TLS connections whose handshake failed (an untrusted certificate, no
    /// client certificate).
    pub handshake_failures: usize,
    /// The `Content-Type` of every request, traces and metrics alike.
    pub content_types: Vec<String>,
}

impl Received {
    /// Spans in every trace request received.
    pub fn spans(&self) -> usize {
        self.requests
            .iter()
            .flat_map(|r| &r.resource_spans)
            .flat_map(|r| &r.scope_spans)
            .map(|s| s.spans.len())
            .sum()
    }
}

/// How the receiver listens and answers.
#[derive(Default, Clone)]
pub struct Options {
    /// Serve over TLS with this configuration.
    pub tls: Option<Arc<rustls::ServerConfig>>,
    /// How long each request waits before it is answered.
    pub delay: Duration,
}

/// A certificate authority, a `localhost` server certificate it signed and a
/// client certificate it signed, as PEM.
pub struct Authority {
    pub ca_pem: String,
    pub client_cert_pem: String,
    pub client_key_pem: String,
    server_cert: rustls::pki_types::CertificateDer<'static>,
    server_key: rustls::pki_types::PrivateKeyDer<'static>,
    ca_der: rustls::pki_types::CertificateDer<'static>,
}

impl Authority {
    pub fn new() -> Authority {
        use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let ca = CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap();
        let server_key = KeyPair::generate().unwrap();
        let server = CertificateParams::new(vec!["localhost".to_owned()])
            .unwrap()
            .signed_by(&server_key, &ca)
            .unwrap();
        let client_key = KeyPair::generate().unwrap();
        let client = CertificateParams::new(vec!["client.test".to_owned()])
            .unwrap()
            .signed_by(&client_key, &ca)
            .unwrap();
        Authority {
            ca_pem: ca.pem(),
            client_cert_pem: client.pem(),
            client_key_pem: client_key.serialize_pem(),
            server_cert: server.der().clone(),
            server_key: rustls::pki_types::PrivateKeyDer::Pkcs8(server_key.serialize_der().into()),
            ca_der: ca.der().clone(),
        }
    }

    /// The server's configuration; with `client_auth`, a client certificate
    /// signed by this authority is required.
    pub fn server_config(&self, client_auth: bool) -> Arc<rustls::ServerConfig> {
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let builder = rustls::ServerConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .unwrap();
        let builder = if client_auth {
            let mut roots = rustls::RootCertStore::empty();
            roots.add(self.ca_der.clone()).unwrap();
            let verifier =
                rustls::server::WebPkiClientVerifier::builder_with_provider(roots.into(), provider)
                    .build()
                    .unwrap();
            builder.with_client_cert_verifier(verifier)
        } else {
            builder.with_no_client_auth()
        };
        let mut config = builder
            .with_single_cert(vec![self.server_cert.clone()], self.server_key.clone_key())
            .unwrap();
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Arc::new(config)
    }
}

/// Whether the body was gzip-compressed, and the request it holds: protobuf
/// for `application/x-protobuf`, JSON for `application/json`; any other
/// content type is a failed test, not a guess.
fn decode<M: Message + Default + serde::de::DeserializeOwned>(
    headers: &http::HeaderMap,
    body: &[u8],
) -> (bool, M) {
    let gzip = headers.get("content-encoding").is_some_and(|v| v == "gzip");
    let json = match headers.get("content-type").and_then(|v| v.to_str().ok()) {
        Some("application/json") => true,
        Some("application/x-protobuf") => false,
        other => panic!("an OTLP request with content type {other:?}"),
    };
    let mut decoded = Vec::new();
    if gzip {
        flate2::read::GzDecoder::new(body)
            .read_to_end(&mut decoded)
            .unwrap();
    } else {
        decoded = body.to_vec();
    }
    let request = if json {
        serde_json::from_slice(&decoded).unwrap()
    } else {
        M::decode(&decoded[..]).unwrap()
    };
    (gzip, request)
}

fn content_type(headers: &http::HeaderMap) -> String {
    headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Starts a plain HTTP receiver on a free loopback port.
pub fn receiver() -> (String, Arc<Mutex<Received>>) {
    receiver_with(Options::default())
}

/// Starts a receiver on a free loopback port, on a runtime of its own, and
/// returns its traces endpoint (`https://localhost:…` over TLS).
pub fn receiver_with(options: Options) -> (String, Arc<Mutex<Received>>) {
    let received = Arc::new(Mutex::new(Received::default()));
    let state = received.clone();
    let (address_sender, address) = std::sync::mpsc::channel();
    let tls = options.tls.clone();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            address_sender.send(listener.local_addr().unwrap()).unwrap();
            let metrics_state = state.clone();
            let delay = options.delay;
            let metrics = post(move |headers: http::HeaderMap, body: Bytes| async move {
                tokio::time::sleep(delay).await;
                let (_, request): (_, ExportMetricsServiceRequest) = decode(&headers, &body);
                let mut received = metrics_state.lock().unwrap();
                received.content_types.push(content_type(&headers));
                received.metrics.push(request);
                ""
            });
            let traces_state = state.clone();
            let route = post(move |headers: http::HeaderMap, body: Bytes| async move {
                tokio::time::sleep(delay).await;
                let (gzip, request): (_, ExportTraceServiceRequest) = decode(&headers, &body);
                let mut received = traces_state.lock().unwrap();
                received.gzip |= gzip;
                received.content_types.push(content_type(&headers));
                received.headers.push(headers.clone());
                received.requests.push(request);
                ""
            });
            let router = axum::Router::new()
                .route("/v1/traces", route)
                .route("/v1/metrics", metrics);
            let Some(tls) = tls else {
                axum::serve(listener, router).await.unwrap();
                return;
            };
            let acceptor = tokio_rustls::TlsAcceptor::from(tls);
            loop {
                let (stream, _) = listener.accept().await.unwrap();
                let acceptor = acceptor.clone();
                let router = router.clone();
                let state = state.clone();
                tokio::spawn(async move {
                    let Ok(stream) = acceptor.accept(stream).await else {
                        state.lock().unwrap().handshake_failures += 1;
                        return;
                    };
                    let service = hyper_util::service::TowerToHyperService::new(router);
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                        .await;
                });
            }
        });
    });
    let address = address.recv().unwrap();
    let endpoint = match options.tls {
        Some(_) => format!("https://localhost:{}/v1/traces", address.port()),
        None => format!("http://{address}/v1/traces"),
    };
    (endpoint, received)
}

/// Writes `contents` to a file in a folder of this process under the
/// system's temporary folder and returns its path.
pub fn write_file(name: &str, contents: &str) -> String {
    let dir = std::env::temp_dir().join(format!("instrument-proxy-otlp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path.to_string_lossy().into_owned()
}

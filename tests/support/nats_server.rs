//! A real `nats-server` on a free loopback port, started for a test and
//! ended by its pid when dropped. A missing binary fails the test: it is
//! never skipped.

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct NatsServer {
    child: Child,
    pub port: u16,
    store: Option<std::path::PathBuf>,
}

impl NatsServer {
    pub fn start() -> NatsServer {
        NatsServer::start_with(false)
    }

    /// With JetStream, storing in a temporary directory of its own.
    pub fn with_jetstream() -> NatsServer {
        NatsServer::start_with(true)
    }

    fn start_with(jetstream: bool) -> NatsServer {
        for _ in 0..10 {
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .expect("a free port")
                .local_addr()
                .expect("its address")
                .port();
            let store = jetstream.then(|| {
                std::env::temp_dir().join(format!(
                    "instrument-proxy-nats-{}-{port}",
                    std::process::id()
                ))
            });
            let mut command = Command::new("nats-server");
            command.args(["-a", "127.0.0.1", "-p", &port.to_string()]);
            if let Some(store) = &store {
                command.arg("-js").arg("-sd").arg(store);
            }
            let mut child = command
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|error| {
                    panic!("cannot start nats-server ({error}): install it (Debian package `nats-server`); the NATS tests need a real server")
                });
            let deadline = Instant::now() + Duration::from_secs(10);
            loop {
                if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return NatsServer { child, port, store };
                }
                if child.try_wait().expect("the server's status").is_some() {
                    break; // the port was taken: again on another one
                }
                assert!(
                    Instant::now() < deadline,
                    "nats-server did not start on {port}"
                );
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        panic!("nats-server could not listen on a free port in ten attempts")
    }

    pub fn address(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(store) = &self.store {
            let _ = std::fs::remove_dir_all(store);
        }
    }
}

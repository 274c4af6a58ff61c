//! A real `nats-server` on a free loopback port, started for a test and
//! ended by its pid when dropped. A missing binary fails the test: it is
//! never skipped.

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct NatsServer {
    child: Child,
    pub port: u16,
}

impl NatsServer {
    pub fn start() -> NatsServer {
        for _ in 0..10 {
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .expect("a free port")
                .local_addr()
                .expect("its address")
                .port();
            let mut child = Command::new("nats-server")
                .args(["-a", "127.0.0.1", "-p", &port.to_string()])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|error| {
                    panic!("cannot start nats-server ({error}): install it (Debian package `nats-server`); the NATS tests need a real server")
                });
            let deadline = Instant::now() + Duration::from_secs(10);
            loop {
                if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return NatsServer { child, port };
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
    }
}

//! A real `redis-server` on a free loopback port, started for a test and
//! stopped when dropped. A missing binary fails the test: it is never skipped.
//!
//! A port found free may be taken by another test's server before this one
//! binds it, so the server counts as started only when its own log says it
//! accepts connections; one that could not bind is started again on another
//! port.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub struct RedisServer {
    child: Child,
    pub port: u16,
    log: PathBuf,
}

impl RedisServer {
    pub fn start() -> RedisServer {
        RedisServer::start_with(&[])
    }

    /// Extra `redis-server` arguments, such as `["--requirepass", "..."]`.
    pub fn start_with(args: &[&str]) -> RedisServer {
        for _ in 0..10 {
            if let Some(server) = RedisServer::try_start(args) {
                return server;
            }
        }
        panic!("redis-server could not listen on a free port in ten attempts")
    }

    /// `None` when the server exited before it was ready (its port was taken).
    fn try_start(args: &[&str]) -> Option<RedisServer> {
        static STARTED: AtomicUsize = AtomicUsize::new(0);
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .expect("a free port")
            .local_addr()
            .expect("its address")
            .port();
        let log = std::env::temp_dir().join(format!(
            "instrument-proxy-redis-{}-{}-{port}.log",
            std::process::id(),
            STARTED.fetch_add(1, Ordering::Relaxed)
        ));
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .args(["--logfile", log.to_str().expect("a UTF-8 temporary directory")])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| {
                panic!("cannot start redis-server ({error}): install it (Debian package `redis-server`); the Redis tests need a real server")
            });
        let mut server = RedisServer { child, port, log };
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let logged = std::fs::read_to_string(&server.log).unwrap_or_default();
            if logged.contains("Ready to accept connections") {
                return Some(server);
            }
            if server
                .child
                .try_wait()
                .expect("the server's status")
                .is_some()
            {
                return None;
            }
            assert!(
                Instant::now() < deadline,
                "redis-server did not start on port {port}: {logged}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn url(&self, db: u8) -> String {
        format!("redis://127.0.0.1:{}/{db}", self.port)
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.log);
    }
}

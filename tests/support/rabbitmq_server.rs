//! A real `rabbitmq-server` on a free loopback port, started for a test in a
//! temporary directory with an `epmd` of its own on another free port, ready
//! once `rabbitmqctl await_startup` says so, and ended — the node and its
//! `epmd` — by their pids when dropped. A missing server fails the test: it
//! is never skipped.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct RabbitMqServer {
    dir: PathBuf,
    epmd: Child,
    /// The `rabbitmq-server` script, which exits with the node.
    script: Option<Child>,
    pub port: u16,
}

const BIN: &str = "/usr/lib/rabbitmq/bin";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .expect("its address")
        .port()
}

impl RabbitMqServer {
    pub fn start() -> RabbitMqServer {
        static STARTED: AtomicUsize = AtomicUsize::new(0);
        assert!(
            std::path::Path::new(BIN).join("rabbitmq-server").exists(),
            "no rabbitmq-server under {BIN}: install it (Debian package `rabbitmq-server`); the RabbitMQ tests need a real server"
        );
        let id = format!(
            "{}-{}",
            std::process::id(),
            STARTED.fetch_add(1, Ordering::Relaxed)
        );
        let dir = std::env::temp_dir().join(format!("instrument-proxy-rabbitmq-{id}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        std::fs::write(dir.join("enabled_plugins"), "[].").expect("no plugins");
        // The node and `rabbitmqctl` share this cookie; written first, so
        // that neither makes one of its own.
        let cookie = dir.join(".erlang.cookie");
        std::fs::write(&cookie, format!("INSTRUMENTPROXY{}", std::process::id()))
            .expect("a cookie");
        let _ = Command::new("chmod").arg("400").arg(&cookie).status();
        let epmd_port = free_port();
        let epmd = Command::new("epmd")
            .args(["-port", &epmd_port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("epmd (installed with rabbitmq-server)");
        let port = free_port();
        let mut server = RabbitMqServer {
            dir,
            epmd,
            script: None,
            port,
        };
        let node = server.node();
        let env = server.environment(epmd_port);
        let log = std::fs::File::create(server.dir.join("out.log")).expect("a log");
        server.script = Some(
            Command::new(format!("{BIN}/rabbitmq-server"))
                .envs(env.iter().map(|(k, v)| (k, v)))
                .stdout(log.try_clone().expect("a log"))
                .stderr(log)
                .spawn()
                .expect("rabbitmq-server"),
        );
        // `await_startup` waits for a node that is booting; one that has not
        // registered with epmd yet is asked again.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
        loop {
            let ready = Command::new(format!("{BIN}/rabbitmqctl"))
                .envs(env.iter().map(|(k, v)| (k, v)))
                .args(["-n", &node, "await_startup", "--timeout", "60"])
                .output()
                .expect("rabbitmqctl");
            if ready.status.success() {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "rabbitmq-server did not start: {}{}",
                String::from_utf8_lossy(&ready.stderr),
                std::fs::read_to_string(server.dir.join("out.log")).unwrap_or_default()
            );
            std::thread::sleep(std::time::Duration::from_millis(500));
        }
        server
    }

    fn node(&self) -> String {
        format!("rabbit-{}@localhost", self.port)
    }

    fn environment(&self, epmd_port: u16) -> Vec<(String, String)> {
        let dir = self.dir.display().to_string();
        vec![
            ("RABBITMQ_NODENAME".into(), self.node()),
            ("RABBITMQ_NODE_IP_ADDRESS".into(), "127.0.0.1".into()),
            ("RABBITMQ_NODE_PORT".into(), self.port.to_string()),
            ("RABBITMQ_DIST_PORT".into(), free_port().to_string()),
            ("ERL_EPMD_PORT".into(), epmd_port.to_string()),
            ("RABBITMQ_MNESIA_BASE".into(), format!("{dir}/mnesia")),
            ("RABBITMQ_LOG_BASE".into(), format!("{dir}/log")),
            (
                "RABBITMQ_ENABLED_PLUGINS_FILE".into(),
                format!("{dir}/enabled_plugins"),
            ),
            ("RABBITMQ_CONFIG_FILE".into(), format!("{dir}/rabbitmq")),
            ("RABBITMQ_PID_FILE".into(), format!("{dir}/pid")),
            ("HOME".into(), dir),
        ]
    }

    pub fn uri(&self) -> String {
        format!("amqp://guest:guest@127.0.0.1:{}/%2f", self.port)
    }
}

impl Drop for RabbitMqServer {
    fn drop(&mut self) {
        let pid = std::fs::read_to_string(self.dir.join("pid")).unwrap_or_default();
        if !pid.trim().is_empty() {
            let _ = Command::new("kill").args(["-9", pid.trim()]).status();
        }
        if let Some(mut script) = self.script.take() {
            let _ = script.kill();
            let _ = script.wait();
        }
        let _ = self.epmd.kill();
        let _ = self.epmd.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

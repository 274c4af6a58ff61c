//! A real PostgreSQL server on a free loopback port, in a temporary data
//! directory, started for a test and stopped when dropped: `initdb` and
//! `pg_ctl` of Debian's `postgresql` package, run as the `postgres` user
//! (PostgreSQL refuses to run as root). A missing server fails the test: it
//! is never skipped.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct PostgresServer {
    data: PathBuf,
    bin: PathBuf,
    pub port: u16,
}

/// `/usr/lib/postgresql/<version>/bin`, the newest there is.
fn binaries() -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|dir| dir.filter_map(|entry| Some(entry.ok()?.path())).collect())
        .unwrap_or_default();
    versions.sort_by_key(|path| {
        path.file_name()
            .and_then(|name| name.to_str()?.parse::<u32>().ok())
            .unwrap_or(0)
    });
    let bin = versions
        .pop()
        .map(|version| version.join("bin"))
        .filter(|bin| bin.join("initdb").exists());
    bin.unwrap_or_else(|| {
        panic!("no PostgreSQL server under /usr/lib/postgresql: install it (Debian package `postgresql`); the PostgreSQL tests need a real server")
    })
}

/// Runs a PostgreSQL program as `postgres` when this process is root.
fn as_postgres(program: &Path) -> Command {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
        .unwrap_or(false);
    if root {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

impl PostgresServer {
    pub fn start() -> PostgresServer {
        static STARTED: AtomicUsize = AtomicUsize::new(0);
        let bin = binaries();
        let data = std::env::temp_dir().join(format!(
            "instrument-proxy-pg-{}-{}",
            std::process::id(),
            STARTED.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&data);
        std::fs::create_dir_all(&data).expect("a temporary data directory");
        let _ = Command::new("chown")
            .args(["postgres:postgres"])
            .arg(&data)
            .status();
        let out = as_postgres(&bin.join("initdb"))
            .args([
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
                "-E",
                "UTF8",
                "-D",
            ])
            .arg(&data)
            .output()
            .expect("initdb runs");
        assert!(
            out.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        for _ in 0..10 {
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .expect("a free port")
                .local_addr()
                .expect("its address")
                .port();
            let options = format!(
                "-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={} -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                data.display()
            );
            let out = as_postgres(&bin.join("pg_ctl"))
                .args(["-w", "-t", "30", "-D"])
                .arg(&data)
                .args(["-o", &options, "-l"])
                .arg(data.join("server.log"))
                .arg("start")
                .output()
                .expect("pg_ctl runs");
            if out.status.success() {
                return PostgresServer { data, bin, port };
            }
            // The port was taken between the check and the start: again.
            let log = std::fs::read_to_string(data.join("server.log")).unwrap_or_default();
            if !log.contains("could not bind") && !log.contains("Address already in use") {
                panic!(
                    "PostgreSQL did not start: {}\n{log}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        }
        panic!("PostgreSQL could not listen on a free port in ten attempts")
    }

    /// A `tokio_postgres` connection string for `database` (`postgres`
    /// exists from the start).
    pub fn config(&self, database: &str) -> String {
        format!(
            "host=127.0.0.1 port={} user=postgres dbname={database}",
            self.port
        )
    }

    /// The directory of the server's Unix socket.
    pub fn socket_directory(&self) -> &Path {
        &self.data
    }

    /// Stops the server now, as a crash would: `pg_ctl stop -m immediate`,
    /// then the postmaster by its pid if it is still there.
    pub fn stop(&self) {
        let _ = as_postgres(&self.bin.join("pg_ctl"))
            .args(["-D"])
            .arg(&self.data)
            .args(["-m", "immediate", "-w", "stop"])
            .output();
        let pid = std::fs::read_to_string(self.data.join("postmaster.pid")).unwrap_or_default();
        if let Some(pid) = pid.lines().next().filter(|pid| !pid.is_empty()) {
            let _ = Command::new("kill").args(["-9", pid]).status();
        }
    }
}

impl Drop for PostgresServer {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

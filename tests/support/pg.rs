//! A private PostgreSQL for the sync tests: no mock, a real server.
//!
//! Unless `CLAIMS_TEST_PG` names a server (a libpq URL of a role that may create databases and
//! roles), the first test that asks starts one of its own: `initdb` from the newest
//! /usr/lib/postgresql/*/bin (or the PATH) into a temporary folder, trust authentication,
//! listening on a unix socket in that folder and on a free loopback port. As root, the folder is
//! given to the `postgres` user and the server runs as that user (PostgreSQL refuses root). One
//! server per test binary; each test gets a database of its own. A watchdog shell waits for the
//! test process to end, then stops the server (`pg_ctl stop -m immediate`) and removes the
//! folder, whatever way the process ended.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The superuser of a private server.
const ADMIN: &str = "claims_admin";

/// A role of a private server that is refused any connection without TLS.
pub const TLS_ONLY: &str = "claims_tls_only";

/// A role of a private server that must give its password (SCRAM) on TCP; whoever creates it
/// sets the password.
pub const PASSWORD_ROLE: &str = "claims_password";

pub struct Pg {
    /// A URL of the server without a database (`postgresql://user@host:port`), and the
    /// database an admin connection starts in.
    base: String,
    admin_db: String,
    /// Set for a server this process started.
    private: Option<PathBuf>,
    /// How to stop and start a private server again: pg_ctl's folder and its `-o` options.
    bin: Option<PathBuf>,
    options: String,
}

static SERVER: OnceLock<Pg> = OnceLock::new();
static NEXT: AtomicUsize = AtomicUsize::new(0);

/// The test server, started on first use.
pub fn server() -> &'static Pg {
    SERVER.get_or_init(|| match std::env::var("CLAIMS_TEST_PG") {
        Ok(url) if !url.trim().is_empty() => external(url.trim()),
        _ => start(),
    })
}

fn external(url: &str) -> Pg {
    let config: postgres::Config = url.parse().expect("CLAIMS_TEST_PG is a libpq URL");
    let user = config.get_user().unwrap_or("postgres").to_string();
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(host)) => host.clone(),
        _ => "127.0.0.1".to_string(),
    };
    Pg {
        base: format!("postgresql://{user}@{host}:{port}"),
        admin_db: config.get_dbname().unwrap_or("postgres").to_string(),
        private: None,
        bin: None,
        options: String::new(),
    }
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// The folder of the newest installed server binaries, or none (then from the PATH).
fn bin_dir() -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| {
            let e = e.ok()?;
            let version: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

fn tool(bin: &Option<PathBuf>, name: &str) -> String {
    match bin {
        Some(dir) => dir.join(name).display().to_string(),
        None => name.to_string(),
    }
}

/// A command run as the server's user: `postgres` when this process is root.
fn as_server_user(program: &str) -> Command {
    if is_root() {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "postgres", "--", program]);
        cmd
    } else {
        Command::new(program)
    }
}

fn run(mut cmd: Command, what: &str) {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

fn start() -> Pg {
    let bin = bin_dir();
    let dir = std::env::temp_dir().join(format!(
        "claims-pg-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("make the server's folder");
    let data = dir.join("data");
    make_certificates(&dir);
    if is_root() {
        run(
            {
                let mut c = Command::new("chown");
                c.args(["-R", "postgres:", &dir.display().to_string()]);
                c
            },
            "chown of the server's folder to postgres",
        );
    }
    let mut initdb = as_server_user(&tool(&bin, "initdb"));
    initdb.args([
        "-D",
        &data.display().to_string(),
        "-U",
        ADMIN,
        "--auth=trust",
        "-E",
        "UTF8",
        "--locale=C",
        "--no-sync",
    ]);
    run(initdb, "initdb");
    // One role may come in over TLS only: the TLS test proves with it that claims encrypts.
    let hba = data.join("pg_hba.conf");
    let rules = std::fs::read_to_string(&hba).expect("read pg_hba.conf");
    std::fs::write(
        &hba,
        format!(
            "hostnossl all {TLS_ONLY} all reject\n\
             host all {PASSWORD_ROLE} all scram-sha-256\n{rules}"
        ),
    )
    .expect("write pg_hba.conf");
    let port = free_port();
    // Without fsync (nothing here outlives the machine), but with synchronous commits: a
    // commit is in the server's log before it returns, so that a server stopped at once, as a
    // fault test does, keeps every sync that said it was done.
    let options = format!(
        "-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off \
         -c full_page_writes=off -c max_connections=200 -c ssl=on \
         -c ssl_cert_file={dir}/server.crt -c ssl_key_file={dir}/server.key",
        dir = dir.display()
    );
    if let Err(log) = pg_ctl_start(&bin, &dir, &options) {
        let _ = std::fs::remove_dir_all(&dir);
        panic!("the test PostgreSQL did not start:\n{log}");
    }
    watch(&bin, &dir, &data);
    Pg {
        base: format!("postgresql://{ADMIN}@127.0.0.1:{port}"),
        admin_db: "postgres".into(),
        private: Some(dir),
        bin,
        options,
    }
}

/// `pg_ctl start` of the server in `dir`, waiting until it accepts connections; the server's
/// log when it does not.
fn pg_ctl_start(bin: &Option<PathBuf>, dir: &Path, options: &str) -> Result<(), String> {
    let log = dir.join("server.log");
    let mut pg_ctl = as_server_user(&tool(bin, "pg_ctl"));
    pg_ctl.args([
        "-D",
        &dir.join("data").display().to_string(),
        "-l",
        &log.display().to_string(),
        "-o",
        options,
        "-w",
        "-t",
        "60",
        "start",
    ]);
    let started = pg_ctl
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run pg_ctl start");
    if started.success() {
        Ok(())
    } else {
        Err(std::fs::read_to_string(&log).unwrap_or_default())
    }
}

/// A certificate authority of the test's own (`ca.crt`) and the server's certificate for
/// localhost and 127.0.0.1 signed by it, so that TLS is tested for real, verification included.
fn make_certificates(dir: &Path) {
    let script = "set -e
        openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 \
            -subj /CN=claims-test-ca
        openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=localhost
        printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n\
keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' > server.ext
        openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
            -out server.crt -days 2 -extfile server.ext
        chmod 600 server.key";
    let mut cmd = Command::new("sh");
    cmd.args(["-c", script]).current_dir(dir);
    run(cmd, "openssl (the test server's certificates)");
}

/// Stops the server and removes its folder once this process has gone. The watchdog outlives
/// this process (init reaps it), so it is never waited for.
#[allow(clippy::zombie_processes)]
fn watch(bin: &Option<PathBuf>, dir: &Path, data: &Path) {
    let stop = if is_root() {
        format!(
            "runuser -u postgres -- {} -D '{}' stop -m immediate",
            tool(bin, "pg_ctl"),
            data.display()
        )
    } else {
        format!(
            "{} -D '{}' stop -m immediate",
            tool(bin, "pg_ctl"),
            data.display()
        )
    };
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 0.5; done; {stop} >/dev/null 2>&1; rm -rf '{dir}'",
        pid = std::process::id(),
        dir = dir.display()
    );
    Command::new("sh")
        .args(["-c", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server's watchdog");
}

/// A private server of the caller's own, not shared with the other tests of the process: one
/// that may be stopped and started again ([`Pg::stop`], [`Pg::start_again`]). Started even
/// when `CLAIMS_TEST_PG` names a server, as that one must not be stopped.
pub fn own() -> Pg {
    start()
}

impl Pg {
    /// Stops a private server at once, as a crash or a pulled plug would: `pg_ctl stop -m
    /// immediate` (open connections are cut, no checkpoint; the next start recovers).
    pub fn stop(&self) {
        let dir = self
            .private
            .as_ref()
            .expect("only a private server is stopped");
        let mut pg_ctl = as_server_user(&tool(&self.bin, "pg_ctl"));
        pg_ctl.args([
            "-D",
            &dir.join("data").display().to_string(),
            "-m",
            "immediate",
            "-w",
            "stop",
        ]);
        run(pg_ctl, "pg_ctl stop");
    }

    /// Starts a private server stopped by [`Pg::stop`] again, on the same port.
    pub fn start_again(&self) {
        let dir = self
            .private
            .as_ref()
            .expect("only a private server is started");
        if let Err(log) = pg_ctl_start(&self.bin, dir, &self.options) {
            panic!("the test PostgreSQL did not start again:\n{log}");
        }
    }

    /// A connection as the admin to `db` (the admin database when `None`).
    pub fn admin(&self, db: Option<&str>) -> postgres::Client {
        let url = format!("{}/{}", self.base, db.unwrap_or(&self.admin_db));
        postgres::Client::connect(&url, postgres::NoTls)
            .unwrap_or_else(|e| panic!("cannot connect to the test server: {e}"))
    }

    /// A fresh database of this test's own; returns its name.
    pub fn database(&self) -> String {
        let name = format!(
            "claims_t{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        self.admin(None)
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create a test database");
        name
    }

    /// The URL of `db` as `user` (no password: the private server trusts loopback).
    pub fn url(&self, db: &str, user: Option<&str>) -> String {
        let base = match user {
            None => self.base.clone(),
            Some(user) => {
                let (scheme, rest) = self.base.split_once("://").expect("a URL");
                let host = rest.split_once('@').map_or(rest, |(_, host)| host);
                format!("{scheme}://{user}@{host}")
            }
        };
        format!("{base}/{db}")
    }

    /// Runs SQL as the admin in `db`.
    pub fn sql(&self, db: &str, sql: &str) {
        self.admin(Some(db))
            .batch_execute(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// A role of this test's own (roles are the cluster's, so named uniquely).
    pub fn role(&self, prefix: &str) -> String {
        let name = format!(
            "{prefix}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        self.admin(None)
            .batch_execute(&format!("CREATE ROLE {name} LOGIN"))
            .expect("create a test role");
        name
    }

    pub fn is_private(&self) -> bool {
        self.private.is_some()
    }

    /// The certificate authority that signed a private server's certificate.
    pub fn ca_file(&self) -> Option<PathBuf> {
        self.private.as_ref().map(|dir| dir.join("ca.crt"))
    }

    /// The port of the server.
    pub fn port(&self) -> u16 {
        self.base
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("a port in the URL")
    }
}

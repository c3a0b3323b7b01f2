//! The remote: a `postgres://` URL, checked, shown masked, and connected to with libpq's
//! conventions for what the URL leaves out. A password never comes from the URL (such a URL
//! is refused) but from PGPASSWORD or a password file (PGPASSFILE, else ~/.pgpass), read at
//! connect time and never stored, logged or printed. TLS through rustls when the URL asks
//! (`sslmode=require`: encrypted; `verify-ca`/`verify-full`: encrypted and the server's
//! certificate checked against `sslrootcert`, else the Mozilla roots).

use std::sync::Arc;
use std::time::Duration;

use postgres::config::{Host, SslMode};
use postgres::{Client, Config, NoTls};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::{Error, Result};

/// How long a connection may take before the remote counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A connection whose other end has gone silent (the network cut, the server's machine gone)
/// is given up on after this long without an answer to TCP keepalive probes, or with data
/// sent and not acknowledged: about a minute, where the system's defaults wait over two hours
/// and a sync would seem to hang.
const KEEPALIVE_IDLE: Duration = Duration::from_secs(20);
const KEEPALIVE_INTERVAL: Duration = Duration::from_secs(10);
const KEEPALIVE_RETRIES: u32 = 4;
const UNACKNOWLEDGED: Duration = Duration::from_secs(60);

/// libpq's default idle time before a keepalive probe (the system's), kept when the URL says
/// nothing.
const SYSTEM_KEEPALIVE_IDLE: Duration = Duration::from_secs(2 * 60 * 60);

/// Checks a URL typed for the remote: its scheme, that PostgreSQL's client can read it, and
/// that it holds no password.
pub fn check(url: &str) -> Result<()> {
    let url = url.trim();
    let Some(rest) = url
        .strip_prefix("postgresql://")
        .or_else(|| url.strip_prefix("postgres://"))
    else {
        return Err(Error::NotARemote(masked(url)));
    };
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    let has_password = authority
        .rsplit_once('@')
        .is_some_and(|(userinfo, _)| userinfo.contains(':'))
        || query(url).any(|(key, _)| key == "password");
    if has_password {
        return Err(Error::RemotePassword { url: masked(url) });
    }
    let (plain, _) = split_tls(url);
    plain
        .parse::<Config>()
        .map_err(|e| Error::NotARemote(format!("{} ({e})", masked(url))))?;
    Ok(())
}

/// The URL with any password written as `***`: the only form of it ever printed.
pub fn masked(url: &str) -> String {
    let (head, query_part) = match url.split_once('?') {
        Some((head, q)) => (head.to_string(), Some(q)),
        None => (url.to_string(), None),
    };
    let head = match head.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = match rest.find('/') {
                Some(i) => rest.split_at(i),
                None => (rest, ""),
            };
            let authority = match authority.rsplit_once('@') {
                Some((userinfo, host)) => match userinfo.split_once(':') {
                    Some((user, _)) => format!("{user}:***@{host}"),
                    None => authority.to_string(),
                },
                None => authority.to_string(),
            };
            format!("{scheme}://{authority}{path}")
        }
        None => head,
    };
    match query_part {
        None => head,
        Some(q) => {
            let q: Vec<String> = q
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some(("password", _)) => "password=***".to_string(),
                    _ => pair.to_string(),
                })
                .collect();
            format!("{head}?{}", q.join("&"))
        }
    }
}

fn query(url: &str) -> impl Iterator<Item = (&str, &str)> {
    url.split_once('?')
        .map(|(_, q)| q)
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
}

/// What the URL asks of TLS, read here because PostgreSQL's client crate knows only
/// disable/prefer/require.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Tls {
    mode: String,
    root_cert: Option<String>,
}

/// The URL without its TLS parameters, and those parameters.
fn split_tls(url: &str) -> (String, Tls) {
    let mut tls = Tls {
        mode: "prefer".into(),
        root_cert: None,
    };
    let Some((head, q)) = url.split_once('?') else {
        return (url.to_string(), tls);
    };
    let mut kept = Vec::new();
    for pair in q.split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("sslmode", mode)) => tls.mode = mode.to_string(),
            Some(("sslrootcert", path)) => tls.root_cert = Some(path.to_string()),
            _ => kept.push(pair),
        }
    }
    if kept.is_empty() {
        (head.to_string(), tls)
    } else {
        (format!("{head}?{}", kept.join("&")), tls)
    }
}

/// A connection to the remote, with the host it may travel in the clear to, when that is
/// another machine.
pub struct Connected {
    pub client: Client,
    pub unencrypted: Option<String>,
}

/// Connects to the remote at `url`, within `timeout` when given (else the URL's own
/// `connect_timeout`, else 10 s).
pub fn connect(url: &str, timeout: Option<Duration>) -> Result<Connected> {
    check(url)?;
    let shown = masked(url);
    let fail = |reason: String| Error::Remote {
        url: shown.clone(),
        reason,
    };
    let (plain, tls) = split_tls(url.trim());
    let mut config: Config = plain
        .parse()
        .map_err(|e| Error::NotARemote(format!("{shown} ({e})")))?;
    fill_defaults(&mut config);
    if config.get_password().is_none()
        && let Some(password) = password_for(&config)
    {
        config.password(password.as_str());
    }
    match timeout {
        Some(timeout) => {
            config.connect_timeout(timeout);
        }
        None if config.get_connect_timeout().is_none() => {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        None => {}
    }
    notice_silence(&mut config);
    let remote_host = config.get_hosts().iter().find_map(|h| match h {
        Host::Tcp(host) if !is_loopback(host) => Some(host.clone()),
        _ => None,
    });
    let client = match tls.mode.as_str() {
        "disable" => {
            config.ssl_mode(SslMode::Disable);
            config.connect(NoTls)
        }
        "allow" | "prefer" | "require" => {
            config.ssl_mode(if tls.mode == "require" {
                SslMode::Require
            } else {
                SslMode::Prefer
            });
            config.connect(MakeRustlsConnect::new(unverified()))
        }
        "verify-ca" | "verify-full" => {
            config.ssl_mode(SslMode::Require);
            config.connect(MakeRustlsConnect::new(verified(tls.root_cert.as_deref())?))
        }
        other => {
            return Err(Error::NotARemote(format!(
                "{shown} (sslmode={other}: use disable, prefer, require, verify-ca or verify-full)"
            )));
        }
    }
    .map_err(|e| fail(reason(&e)))?;
    let encrypted = matches!(tls.mode.as_str(), "require" | "verify-ca" | "verify-full");
    let unencrypted = remote_host.filter(|_| !encrypted);
    Ok(Connected {
        client,
        unencrypted,
    })
}

/// Keepalive probes and a limit on unacknowledged data, unless the URL set its own, so that a
/// dead connection ends the sync with an error instead of holding it for hours.
fn notice_silence(config: &mut Config) {
    if !config.get_keepalives() {
        return;
    }
    if config.get_keepalives_idle() == SYSTEM_KEEPALIVE_IDLE {
        config.keepalives_idle(KEEPALIVE_IDLE);
    }
    if config.get_keepalives_interval().is_none() {
        config.keepalives_interval(KEEPALIVE_INTERVAL);
    }
    if config.get_keepalives_retries().is_none() {
        config.keepalives_retries(KEEPALIVE_RETRIES);
    }
    if config.get_tcp_user_timeout().is_none() {
        config.tcp_user_timeout(UNACKNOWLEDGED);
    }
}

/// One line for a PostgreSQL error: the server's message, or the connection's failure with
/// its cause (a connection that broke off said so first).
pub fn reason(error: &postgres::Error) -> String {
    if let Some(db) = error.as_db_error() {
        return db.message().to_string();
    }
    let mut text = error.to_string();
    // Failing to connect is said otherwise ("error connecting to server").
    let lost = error.is_closed() || text == "error communicating with the server";
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let said = cause.to_string();
        // rustls adds a link to its manual: not for this line.
        let said = said.split(": https://").next().unwrap_or_default();
        if !text.contains(said) {
            text.push_str(": ");
            text.push_str(said);
        }
        source = cause.source();
    }
    if lost {
        format!("the connection to the server was lost ({text})")
    } else {
        text
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// What libpq takes from the environment when the URL leaves it out.
fn fill_defaults(config: &mut Config) {
    if config.get_user().is_none() {
        let user = env("PGUSER")
            .or_else(|| env("USER"))
            .or_else(|| env("LOGNAME"))
            .unwrap_or_else(|| "postgres".into());
        config.user(&user);
    }
    if config.get_dbname().is_none()
        && let Some(db) = env("PGDATABASE")
    {
        config.dbname(&db);
    }
    if config.get_hosts().is_empty() {
        match env("PGHOST") {
            Some(host) if host.starts_with('/') => config.host_path(host),
            Some(host) => config.host(&host),
            None => config.host_path("/var/run/postgresql"),
        };
    }
    if config.get_ports().is_empty()
        && let Some(port) = env("PGPORT").and_then(|p| p.parse().ok())
    {
        config.port(port);
    }
}

fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .trim_matches(['[', ']'])
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The password libpq would use: PGPASSWORD, else the first matching line of the password
/// file (PGPASSFILE, else ~/.pgpass), which is ignored when others may read it.
fn password_for(config: &Config) -> Option<String> {
    if let Some(password) = env("PGPASSWORD") {
        return Some(password);
    }
    let file = env("PGPASSFILE")
        .map(std::path::PathBuf::from)
        .or_else(|| env("HOME").map(|home| std::path::Path::new(&home).join(".pgpass")))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).ok()?.permissions().mode();
        if mode & 0o077 != 0 {
            return None;
        }
    }
    let text = std::fs::read_to_string(&file).ok()?;
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(host)) => host.clone(),
        _ => "localhost".into(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let user = config.get_user().unwrap_or_default().to_string();
    let db = config.get_dbname().unwrap_or(&user).to_string();
    text.lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .find_map(|line| {
            let fields = pgpass_fields(line);
            let [h, p, d, u, password] = fields.as_slice() else {
                return None;
            };
            let matches = |pattern: &String, value: &str| pattern == "*" || pattern == value;
            (matches(h, &host) && matches(p, &port) && matches(d, &db) && matches(u, &user))
                .then(|| password.clone())
        })
}

/// The five fields of a password file's line: colons separate, a backslash escapes.
fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    fields.last_mut().expect("one field").push(next);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => fields.last_mut().expect("one field").push(c),
        }
    }
    fields
}

/// ring, not aws-lc: it builds with no C toolchain beyond cc and no cmake. rustls marks it
/// deprecated for lacking post-quantum key exchange, which PostgreSQL servers do not offer yet.
#[allow(deprecated)]
fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// TLS that checks the server's certificate: against `root_cert` (PEM) when given, else the
/// Mozilla roots.
fn verified(root_cert: Option<&str>) -> Result<ClientConfig> {
    let mut roots = RootCertStore::empty();
    match root_cert {
        Some(path) => {
            use rustls::pki_types::pem::PemObject;
            let certs = CertificateDer::pem_file_iter(path)
                .and_then(|certs| certs.collect::<std::result::Result<Vec<_>, _>>())
                .map_err(|e| Error::Invalid(format!("cannot read sslrootcert {path}: {e}")))?;
            for cert in certs {
                roots
                    .add(cert)
                    .map_err(|e| Error::Invalid(format!("sslrootcert {path}: {e}")))?;
            }
        }
        None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
    }
    Ok(ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Invalid(format!("TLS: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// TLS that encrypts without checking who answers, as libpq's `require` and `prefer` do.
fn unverified() -> ClientConfig {
    let provider = provider();
    ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .expect("ring supports the default TLS versions")
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(EncryptOnly(provider)))
        .with_no_client_auth()
}

#[derive(Debug)]
struct EncryptOnly(Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for EncryptOnly {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_is_masked_wherever_it_is() {
        assert_eq!(
            masked("postgresql://ann:s3cret@db.example.org:5432/desk"),
            "postgresql://ann:***@db.example.org:5432/desk"
        );
        assert_eq!(
            masked("postgres://ann@db/desk?password=s3cret&sslmode=require"),
            "postgres://ann@db/desk?password=***&sslmode=require"
        );
        assert_eq!(masked("postgres://ann@db/desk"), "postgres://ann@db/desk");
    }

    #[test]
    fn a_url_with_a_password_is_refused_and_one_without_is_taken() {
        for url in [
            "postgresql://ann:s3cret@db.example.org/desk",
            "postgres://ann@db/desk?password=s3cret",
        ] {
            let error = check(url).unwrap_err().to_string();
            assert!(error.contains("PGPASSWORD"), "{error}");
            assert!(!error.contains("s3cret"), "{error}");
        }
        check("postgresql://ann@db.example.org/desk?sslmode=verify-full").unwrap();
        check("postgres://127.0.0.1:5433/desk").unwrap();
        assert!(check("mysql://ann@db/desk").is_err());
        assert!(check("db.example.org").is_err());
    }

    #[test]
    fn tls_parameters_are_read_here_and_left_out_of_the_client_config() {
        let (plain, tls) = split_tls("postgresql://a@h/d?sslmode=verify-full&sslrootcert=/c.pem");
        assert_eq!(plain, "postgresql://a@h/d");
        assert_eq!(tls.mode, "verify-full");
        assert_eq!(tls.root_cert.as_deref(), Some("/c.pem"));
        let (plain, tls) = split_tls("postgresql://a@h/d?connect_timeout=3");
        assert_eq!(plain, "postgresql://a@h/d?connect_timeout=3");
        assert_eq!(tls.mode, "prefer");
    }

    #[test]
    fn password_file_lines_split_on_unescaped_colons() {
        assert_eq!(
            pgpass_fields(r"db:5432:*:ann:pa\:ss"),
            ["db", "5432", "*", "ann", "pa:ss"]
        );
    }

    #[test]
    fn a_silent_connection_is_noticed_unless_the_url_says_otherwise() {
        let mut config: Config = "postgresql://a@h/d".parse().unwrap();
        notice_silence(&mut config);
        assert_eq!(config.get_keepalives_idle(), KEEPALIVE_IDLE);
        assert_eq!(config.get_keepalives_retries(), Some(KEEPALIVE_RETRIES));
        assert_eq!(config.get_tcp_user_timeout(), Some(&UNACKNOWLEDGED));
        let mut config: Config = "postgresql://a@h/d?keepalives_idle=300&tcp_user_timeout=5"
            .parse()
            .unwrap();
        notice_silence(&mut config);
        assert_eq!(config.get_keepalives_idle(), Duration::from_secs(300));
        assert_eq!(config.get_tcp_user_timeout(), Some(&Duration::from_secs(5)));
        let mut config: Config = "postgresql://a@h/d?keepalives=0".parse().unwrap();
        notice_silence(&mut config);
        assert_eq!(config.get_tcp_user_timeout(), None);
    }

    #[test]
    fn loopback_hosts_are_known() {
        assert!(is_loopback("localhost"));
        assert!(is_loopback("127.0.0.1"));
        assert!(is_loopback("[::1]"));
        assert!(!is_loopback("db.example.org"));
        assert!(!is_loopback("10.0.0.5"));
    }
}

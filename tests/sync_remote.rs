//! `claims remote` and the remote's schema (issue 14), against a private PostgreSQL
//! (tests/support/pg.rs): no mock.

mod common;
#[path = "support/pg.rs"]
mod pg;

/// The harness gives each test a database of its own on one real server.
#[test]
fn the_test_server_gives_each_test_its_own_database() {
    let server = pg::server();
    let (a, b) = (server.database(), server.database());
    assert_ne!(a, b);
    server.sql(
        &a,
        "CREATE TABLE only_here (x int); INSERT INTO only_here VALUES (1)",
    );
    let mut other = server.admin(Some(&b));
    let found: i64 = other
        .query_one(
            "SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(
        found, 0,
        "a table of one test's database is not in another's"
    );
    let version: String = other.query_one("SHOW server_version", &[]).unwrap().get(0);
    assert!(!version.is_empty());
}

/// TLS for real, through rustls, against the private server's own certificate authority.
#[test]
fn tls_encrypts_and_verify_full_checks_the_certificate() {
    let server = pg::server();
    let Some(ca) = server.ca_file() else {
        eprintln!("CLAIMS_TEST_PG names a server of unknown TLS: not tested");
        return;
    };
    let db = server.database();
    let port = server.port();
    // A superuser that the server lets in over TLS only (tests/support/pg.rs).
    let _ = server
        .admin(None)
        .batch_execute(&format!("CREATE ROLE {} LOGIN SUPERUSER", pg::TLS_ONLY));
    let env = common::Env::new();
    env.run_ok(&[
        "add",
        "The tunnel opens in June",
        "--by",
        "Transport office",
    ]);
    let ca = ca.display().to_string();
    let base = format!("postgresql://{}@localhost:{port}/{db}", pg::TLS_ONLY);
    let mut pushed = 0;
    for url in [
        format!("{base}?sslmode=require"),
        format!("{base}?sslmode=verify-full&sslrootcert={ca}"),
        format!("{base}?sslmode=verify-ca&sslrootcert={ca}"),
    ] {
        env.run_ok(&["remote", "set", &url]);
        pushed += env.run_json(&["sync"])["pushed"].as_u64().unwrap();
    }
    assert!(pushed > 0);
    // Without TLS the server turns the role away: so the syncs above were encrypted.
    env.run_ok(&["remote", "set", &format!("{base}?sslmode=disable")]);
    let line = env.expect_err(&["sync"], 1);
    assert!(
        line.contains("no encryption") || line.contains("pg_hba.conf"),
        "{line}"
    );
    // Without the authority, verify-full refuses the certificate, in one line.
    env.run_ok(&["remote", "set", &format!("{base}?sslmode=verify-full")]);
    let line = env.expect_err(&["sync"], 1);
    assert!(line.starts_with("error: cannot sync with "), "{line}");
    assert!(line.to_lowercase().contains("certificate"), "{line}");
}

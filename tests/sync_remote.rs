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

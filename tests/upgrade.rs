//! Upgrading a database made by the oldest schema: every row of every table it had is still
//! there after the newest binary opens it, and the claims read as they did.
//!
//! The fixture is a SQL dump (tests/fixtures/schema-0001.sql) made by
//! tests/fixtures/make-schema-0001.sh with the first schema; it is never regenerated.

use std::collections::BTreeMap;

use claims::store::{SCHEMA_VERSION, Store};
use rusqlite::Connection;
use rusqlite::types::Value;

const OLDEST: &str = include_str!("fixtures/schema-0001.sql");

/// Every row of every table, as text, keyed by table, with the columns the table had.
fn rows(conn: &Connection) -> BTreeMap<String, (Vec<String>, Vec<Vec<String>>)> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables
        .into_iter()
        .map(|table| {
            let columns: Vec<String> = conn
                .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
                .unwrap()
                .query_map([], |row| row.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            let data = select(conn, &table, &columns);
            (table, (columns, data))
        })
        .collect()
}

fn select(conn: &Connection, table: &str, columns: &[String]) -> Vec<Vec<String>> {
    let list = columns.join(", ");
    let mut stmt = conn
        .prepare(&format!("SELECT {list} FROM {table} ORDER BY {list}"))
        .unwrap();
    let mut rows = stmt.query([]).unwrap();
    let mut out = Vec::new();
    while let Some(row) = rows.next().unwrap() {
        out.push(
            (0..columns.len())
                .map(|i| format!("{:?}", row.get::<_, Value>(i).unwrap()))
                .collect(),
        );
    }
    out
}

#[test]
fn a_database_from_the_oldest_schema_upgrades_with_nothing_lost() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(OLDEST).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1, "the fixture is schema 1");
    let before = rows(&conn);
    assert!(before["claims"].1.len() >= 3 && before["events"].1.len() >= 10);
    drop(conn);

    let store = Store::open(&path).unwrap();
    let conn = store.connection();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);

    // Each old table still holds each old row, column for column.
    for (table, (columns, old_rows)) in &before {
        let now = select(conn, table, columns);
        assert_eq!(&now, old_rows, "table {table} changed in the upgrade");
    }

    // And the claims read as the old binary wrote them.
    let summaries: Vec<(i64, String, String)> = conn
        .prepare("SELECT id, status, summary FROM claims ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (id, status, summary) in summaries {
        let claim = store.claim(id).unwrap();
        assert_eq!(claim.status.as_str(), status);
        assert_eq!(claim.summary, summary);
    }
    // Migration 0002 graded the claims the old schema had no grades for.
    let grades: Vec<u8> = (1..=3)
        .map(|id| store.claim(id).unwrap().credibility)
        .collect();
    assert_eq!(
        grades,
        [2, 3, 5],
        "Altun (B) confirms #1; an anonymous official (F) confirms #2; the Kremlin (C) denies #3"
    );
    assert!(
        store
            .claim(1)
            .unwrap()
            .credibility_reason
            .ends_with("from Fahrettin Altun (B)")
    );
    assert!(store.rebuild_check().unwrap().differences.is_empty());

    let first = store.claim(1).unwrap();
    assert_eq!(first.statements.len(), 4);
    assert_eq!(first.status.as_str(), "confirmed");
    assert_eq!(
        first.statements[3].via.as_deref(),
        Some("Associated Press"),
        "{first:?}"
    );
}

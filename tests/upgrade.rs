//! Upgrading a database made by an older schema: every row of every table it had is still
//! there after the newest binary opens it, and the claims read as they did.
//!
//! Each fixture is a SQL dump (tests/fixtures/schema-000N.sql) made by
//! tests/fixtures/make-schema-000N.sh with schema N; it is never regenerated. The checks compare
//! only the tables and columns the fixture had, so that later migrations may add both.

use std::collections::BTreeMap;
use std::path::PathBuf;

use claims::Error;
use claims::store::{SCHEMA_VERSION, Store};
use rusqlite::Connection;
use rusqlite::types::Value;
use tempfile::TempDir;

const OLDEST: &str = include_str!("fixtures/schema-0001.sql");
const EVIDENCE: &str = include_str!("fixtures/schema-0002.sql");

/// Every table's columns and rows (as text), keyed by table name.
type Tables = BTreeMap<String, (Vec<String>, Vec<Vec<String>>)>;

/// Every row of every table, as text, keyed by table, with the columns the table had.
fn rows(conn: &Connection) -> Tables {
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

fn user_version(conn: &Connection) -> i64 {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap()
}

/// A database file made from a fixture dump, checked to be at the schema it was made with.
/// Keep the directory alive as long as the file is used.
fn old_database(dump: &str, version: i64) -> (TempDir, PathBuf, Connection) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(dump).unwrap();
    assert_eq!(
        user_version(&conn),
        version,
        "the fixture is schema {version}"
    );
    (dir, path, conn)
}

/// Each table the old database had still holds each of its rows, column for column, in the
/// columns it had; the upgrade is at the newest schema.
fn assert_nothing_lost(before: &Tables, store: &Store) {
    let conn = store.connection();
    assert_eq!(user_version(conn), SCHEMA_VERSION);
    for (table, (columns, old_rows)) in before {
        let now = select(conn, table, columns);
        assert_eq!(&now, old_rows, "table {table} changed in the upgrade");
    }
}

#[test]
fn a_database_from_the_oldest_schema_upgrades_with_nothing_lost() {
    let (_dir, path, conn) = old_database(OLDEST, 1);
    let before = rows(&conn);
    assert!(before["claims"].1.len() >= 3 && before["events"].1.len() >= 10);
    drop(conn);

    let store = Store::open(&path).unwrap();
    assert_nothing_lost(&before, &store);
    let conn = store.connection();

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

/// A claim as it reads, in the fields schema 2 stored or derived.
#[derive(Debug, PartialEq)]
struct ClaimReading {
    status: String,
    summary: String,
    credibility: i64,
    credibility_reason: String,
    circular: Option<String>,
    statements: Vec<StatementReading>,
}

/// A statement as it reads, in time order on its claim.
#[derive(Debug, PartialEq)]
struct StatementReading {
    stance: String,
    source: String,
    via: Option<String>,
    citing: Option<String>,
    retracted: bool,
}

/// Every live claim as the schema-2 tables say it reads, straight from SQL.
fn stored_readings(conn: &Connection) -> BTreeMap<i64, ClaimReading> {
    let mut claims = conn
        .prepare(
            "SELECT id, status, summary, credibility, credibility_reason, circular
               FROM claims WHERE removed_at IS NULL ORDER BY id",
        )
        .unwrap();
    let mut statements = conn
        .prepare(
            "SELECT s.stance, src.name, via.name, cited.name, s.retracted_at IS NOT NULL
               FROM statements s
               JOIN sources src ON src.id = s.source_id
               LEFT JOIN sources via ON via.id = s.via_id
               LEFT JOIN sources cited ON cited.id = s.citing_id
              WHERE s.claim_id = ?1 AND s.removed_at IS NULL
              ORDER BY s.stated_at, s.id",
        )
        .unwrap();
    claims
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                ClaimReading {
                    status: r.get(1)?,
                    summary: r.get(2)?,
                    credibility: r.get(3)?,
                    credibility_reason: r.get(4)?,
                    circular: r.get(5)?,
                    statements: Vec::new(),
                },
            ))
        })
        .unwrap()
        .map(|claim| {
            let (id, mut reading) = claim.unwrap();
            reading.statements = statements
                .query_map([id], |r| {
                    Ok(StatementReading {
                        stance: r.get(0)?,
                        source: r.get(1)?,
                        via: r.get(2)?,
                        citing: r.get(3)?,
                        retracted: r.get(4)?,
                    })
                })
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            (id, reading)
        })
        .collect()
}

/// The same fields as the library reads them.
fn reading(store: &Store, id: i64) -> ClaimReading {
    let claim = store.claim(id).unwrap();
    ClaimReading {
        status: claim.status.as_str().to_string(),
        summary: claim.summary,
        credibility: i64::from(claim.credibility),
        credibility_reason: claim.credibility_reason,
        circular: claim.circular_warning,
        statements: claim
            .statements
            .into_iter()
            .map(|s| StatementReading {
                stance: s.stance.as_str().to_string(),
                source: s.source,
                via: s.via,
                citing: s.citing,
                retracted: s.retracted,
            })
            .collect(),
    }
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_database_from_the_evidence_schema_upgrades_with_nothing_lost() {
    let (_dir, path, conn) = old_database(EVIDENCE, 2);
    let before = rows(&conn);
    let readings = stored_readings(&conn);
    // The story the fixture holds: what the checks below rely on it having.
    let removed = |table: &str| {
        count(
            &conn,
            &format!("SELECT count(*) FROM {table} WHERE removed_at IS NOT NULL"),
        )
    };
    assert_eq!(
        (removed("claims"), removed("statements"), removed("sources")),
        (1, 2, 2),
        "undone: claim #5 with its statement and new source, and a desk confirmation"
    );
    assert_eq!(
        count(&conn, "SELECT count(*) FROM events WHERE kind = 'undo'"),
        4
    );
    let aliases: Vec<(String, i64)> = conn
        .prepare(
            "SELECT a.alias, a.source_id FROM source_aliases a
               JOIN sources s ON s.id = a.source_id WHERE s.removed_at IS NULL",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(aliases.len(), 4);
    drop(conn);

    let store = Store::open(&path).unwrap();
    assert_nothing_lost(&before, &store);

    // Every live claim reads through the library as schema 2 stored it; the undone one stays
    // gone.
    assert_eq!(
        readings.keys().copied().collect::<Vec<_>>(),
        [1, 2, 3, 4, 6]
    );
    for (id, stored) in &readings {
        assert_eq!(
            &reading(&store, *id),
            stored,
            "claim #{id} reads differently"
        );
    }
    assert!(matches!(store.claim(5), Err(Error::ClaimNotFound(5))));

    // What schema 2 added, as the story used it.
    let grades: Vec<(String, i64)> = readings
        .values()
        .map(|r| (r.status.clone(), r.credibility))
        .collect();
    let expected = [
        ("confirmed", 2),
        ("contested", 4),
        ("denied", 5),
        ("unverified", 6),
        ("confirmed", 1),
    ];
    assert_eq!(grades, expected.map(|(s, g)| (s.to_string(), g)));
    let first = store.claim(1).unwrap();
    assert_eq!(
        first.circular_warning.as_deref(),
        Some("circular reporting: 4 reports, 1 origin: dock worker (via Coastal Gazette)")
    );
    let evening = first.statements.last().unwrap();
    assert_eq!(
        (
            evening.source.as_str(),
            evening.citing.as_deref(),
            evening.origin.as_str()
        ),
        ("Evening Digest", Some("Northern Wire"), "dock worker"),
        "a citation chain resolves to its root"
    );
    assert!(
        store
            .claim(2)
            .unwrap()
            .credibility_reason
            .contains("Mira Valeska (A)"),
        "a statement's own grade overrides its source's"
    );
    let retracted = &store.claim(3).unwrap().statements[1];
    assert!(retracted.retracted);
    assert_eq!(
        retracted.retraction_note.as_deref(),
        Some("the paramedic was describing another incident")
    );

    // Names and aliases still find their sources; removed sources are found by nobody.
    for (alias, source) in &aliases {
        let found = store.find_source(alias).unwrap();
        assert_eq!(found.map(|s| s.id), Some(*source), "alias {alias}");
    }
    assert_eq!(store.find_source("Quayside Rumours").unwrap(), None);

    assert!(store.rebuild_check().unwrap().differences.is_empty());
}

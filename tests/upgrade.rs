//! Upgrading a database made by an older schema: every row of every table it had is still
//! there after the newest binary opens it, and the claims read as they did.
//!
//! Each fixture is a SQL dump (tests/fixtures/schema-000N.sql) made by
//! tests/fixtures/make-schema-000N.sh with schema N; it is never regenerated. The checks compare
//! only the tables and columns the fixture had, so that later migrations may add both. A
//! full-text index is compared by its documents and by what it holds (its fts5vocab entries),
//! not by the bytes of its shadow tables, which any merge of FTS5 segments rewrites.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use claims::Error;
use claims::model::ClaimId;
use claims::store::{APPLICATION_ID, SCHEMA_VERSION, Store};
use rusqlite::Connection;
use rusqlite::types::Value;
use tempfile::TempDir;

const OLDEST: &str = include_str!("fixtures/schema-0001.sql");
const EVIDENCE: &str = include_str!("fixtures/schema-0002.sql");
const INTERCHANGE: &str = include_str!("fixtures/schema-0003.sql");

/// Every table's columns and rows (as text), keyed by table name.
type Tables = BTreeMap<String, (Vec<String>, Vec<Vec<String>>)>;

/// Every row of every table, as text, keyed by table, with the columns the table had. The
/// shadow tables of a full-text index are left out (see the module's comment); the index's own
/// table is in, with the documents it was given.
fn rows(conn: &Connection) -> Tables {
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table'
                AND name NOT IN (SELECT name FROM pragma_table_list WHERE type = 'shadow')
              ORDER BY name",
        )
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
    Connection::open(&path)
        .unwrap()
        .execute_batch(dump)
        .unwrap();
    // Opened again: a dump writes virtual tables straight into sqlite_schema, which the
    // connection that wrote them does not read back.
    let conn = Connection::open(&path).unwrap();
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
    // Migration 0005 marked the old file as a claims database.
    let id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(
        id, APPLICATION_ID,
        "the upgraded file carries claims' application_id"
    );
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
    // Migration 0008's columns are there, and no claim of an older file is merged or removed.
    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('claims')")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for column in ["merged_into", "dismissed_at", "dismiss_note"] {
        assert!(columns.iter().any(|c| c == column), "no claims.{column}");
    }
    let mended: i64 = conn
        .query_row(
            "SELECT count(*) FROM claims WHERE merged_into IS NOT NULL
                OR dismissed_at IS NOT NULL OR dismiss_note IS NOT NULL",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(mended, 0, "an upgraded claim is neither merged nor removed");

    // And the claims read as the old binary wrote them.
    let summaries: Vec<(i64, String, String)> = conn
        .prepare("SELECT id, status, summary FROM claims ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (id, status, summary) in summaries {
        let claim = store.claim(ClaimId(id)).unwrap();
        assert_eq!(claim.status.as_str(), status);
        assert_eq!(claim.summary, summary);
    }
    // Migration 0002 graded the claims the old schema had no grades for.
    let grades: Vec<u8> = (1..=3)
        .map(|id| store.claim(ClaimId(id)).unwrap().credibility)
        .collect();
    assert_eq!(
        grades,
        [2, 3, 5],
        "Altun (B) confirms #1; an anonymous official (F) confirms #2; the Kremlin (C) denies #3"
    );
    assert!(
        store
            .claim(ClaimId(1))
            .unwrap()
            .credibility_reason
            .ends_with("from Fahrettin Altun (B)")
    );
    assert!(store.rebuild_check().unwrap().differences.is_empty());

    let first = store.claim(ClaimId(1)).unwrap();
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
    let claim = store.claim(ClaimId(id)).unwrap();
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
    assert!(matches!(
        store.claim(ClaimId(5)),
        Err(Error::ClaimNotFound(ClaimId(5)))
    ));

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
    let first = store.claim(ClaimId(1)).unwrap();
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
            .claim(ClaimId(2))
            .unwrap()
            .credibility_reason
            .contains("Mira Valeska (A)"),
        "a statement's own grade overrides its source's"
    );
    let retracted = &store.claim(ClaimId(3)).unwrap().statements[1];
    assert!(retracted.retracted);
    assert_eq!(
        retracted.retraction_note.as_deref(),
        Some("the paramedic was describing another incident")
    );

    // Names and aliases still find their sources; removed sources are found by nobody.
    for (alias, source) in &aliases {
        let found = store.find_source(alias).unwrap();
        assert_eq!(found.map(|s| s.id.0), Some(*source), "alias {alias}");
    }
    assert_eq!(store.find_source("Quayside Rumours").unwrap(), None);

    assert!(store.rebuild_check().unwrap().differences.is_empty());
}

/// Each entry of a full-text index, as fts5vocab lists it: term, claim, column and offset.
/// For the trigram index, which keeps no copy of the text, this is all there is to compare.
fn index_entries(conn: &Connection, index: &str) -> BTreeSet<(String, i64, String, i64)> {
    conn.execute_batch(&format!(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.{index}_entries
           USING fts5vocab(main, {index}, instance)"
    ))
    .unwrap();
    conn.prepare(&format!(
        "SELECT term, doc, col, offset FROM temp.{index}_entries"
    ))
    .unwrap()
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// The desk's verdict on each claim that has one: rating, explanation, url, when.
type Verdicts = BTreeMap<i64, (String, Option<String>, Option<String>, String)>;

fn stored_verdicts(conn: &Connection) -> Verdicts {
    conn.prepare(
        "SELECT id, verdict, verdict_explanation, verdict_url, verdict_at
           FROM claims WHERE verdict IS NOT NULL ORDER BY id",
    )
    .unwrap()
    .query_map([], |r| {
        Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// The claims a word finds, in claim order (the search document straight from SQL, before
/// the upgrade; through `Store::search` after).
fn found_by_sql(conn: &Connection, word: &str) -> Vec<i64> {
    conn.prepare("SELECT rowid FROM claim_search WHERE claim_search MATCH ?1 ORDER BY rowid")
        .unwrap()
        .query_map([word], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The claims `claims search` finds for each word of the story (by a quote, a note, a verdict's
/// explanation, a source's name, the text), and the words that must find nothing (the
/// explanation of an undone verdict, the text of an undone claim).
const SEARCHES: &[(&str, &[i64])] = &[
    ("feeder", &[1]),
    ("intrusion", &[2]),
    ("cyber", &[2]),
    ("attack", &[2]),
    ("kestrel", &[2]),
    ("lifts", &[3]),
    ("marlow", &[3]),
    ("transformer", &[6]),
    ("brigade", &[6, 7]),
    ("holm", &[6, 7, 10]),
    ("five", &[]),
    ("looters", &[]),
];

/// The binary, run on `db`; its stdout.
fn claims(db: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_claims"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("CLAIMS_ACTOR", "upgrade-test")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "claims {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Schema 3 added verdicts, settings, import and export, and the search and trigram indexes.
///
/// Checked by hand, each time with a throwaway migration 0004 appended to `MIGRATIONS` (never
/// committed), that this test fails when the upgrade
/// - clears a verdict's explanation (`UPDATE claims SET verdict_explanation = NULL WHERE
///   id = 2`): "table claims changed", and without `assert_nothing_lost`, "claim #2's verdict";
/// - drops a claim's search document (`DELETE FROM claim_search WHERE rowid = 6`): "table
///   claim_search changed", and without it, "transformer" finds nothing;
/// - makes the search index again with its documents word for word but another tokenizer
///   (`porter unicode61`): only the index's entries differ, "claim_search lost entries";
/// - drops a claim's trigrams (`DELETE FROM claim_trigrams WHERE rowid = 7`): "table
///   claim_trigrams changed", and without it, `similar` no longer finds #7 for #10; or writes
///   other trigrams in their place: "claim_trigrams lost entries";
/// - deletes the setting (`DELETE FROM config`): "table config changed", and without it, the
///   org read through the library.
#[test]
fn a_database_from_the_interchange_schema_upgrades_with_nothing_lost() {
    let (dir, path, conn) = old_database(INTERCHANGE, 3);
    // The dump writes the indexes' rows into sqlite_schema itself: check they came in sound.
    let sound: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sound, "ok");
    let before = rows(&conn);
    let readings = stored_readings(&conn);
    let verdicts = stored_verdicts(&conn);
    let indexes = ["claim_search", "claim_trigrams"].map(|index| index_entries(&conn, index));

    // The story the fixture holds: what the checks below rely on it having.
    let rated: Vec<(i64, &str)> = verdicts
        .iter()
        .map(|(id, (rating, ..))| (*id, rating.as_str()))
        .collect();
    assert_eq!(
        rated,
        [(1, "true"), (2, "misleading"), (6, "true")],
        "#2's rating was changed, #3's undone, #6's came in with the colleague's notebook"
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM events WHERE kind = 'claim.edited'
               AND payload -> '$.changes.verdict' IS NOT NULL"
        ),
        6,
        "set on #1, #2 twice, #3 and back by undo, #6 imported"
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM events WHERE kind = 'config.set'"
        ),
        2,
        "the org set, then changed; the colleague's own org was not taken"
    );
    let imported: Vec<(i64, bool)> = conn
        .prepare(
            "SELECT c.id, c.removed_at IS NOT NULL FROM claims c
               JOIN events e ON e.kind = 'claim.added' AND e.claim_id = c.id
              WHERE e.actor = 'stringer' ORDER BY c.id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        imported,
        [(6, false), (7, false), (8, true)],
        "the colleague's claims 1-3, renumbered, with their history (the third was undone)"
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM sources WHERE name_key = 'varrow grid company'"
        ),
        1,
        "the colleague's grid company is ours"
    );
    let sheet: (i64, i64) = conn
        .query_row(
            "SELECT count(DISTINCT command), count(*) FROM events
              WHERE kind = 'statement.added' AND payload -> '$.status' IS NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        sheet,
        (1, 3),
        "the sheet's three rows (graded once at its end), as one command"
    );
    assert_eq!(
        count(&conn, "SELECT count(*) FROM events WHERE kind = 'undo'"),
        4
    );
    for (word, claims) in SEARCHES {
        assert_eq!(
            &found_by_sql(&conn, word),
            claims,
            "{word:?} before the upgrade"
        );
    }
    drop(conn);

    let store = Store::open(&path).unwrap();
    assert_nothing_lost(&before, &store);

    // Every live claim reads through the library as schema 3 stored it, verdict included; the
    // undone ones stay gone.
    assert_eq!(
        readings.keys().copied().collect::<Vec<_>>(),
        [1, 2, 3, 4, 6, 7, 9, 10]
    );
    for (id, stored) in &readings {
        assert_eq!(
            &reading(&store, *id),
            stored,
            "claim #{id} reads differently"
        );
        let verdict = store.claim(ClaimId(*id)).unwrap().verdict.map(|v| {
            (
                v.rating.as_str().to_string(),
                v.explanation,
                v.url,
                v.at.into_string(),
            )
        });
        assert_eq!(verdict.as_ref(), verdicts.get(id), "claim #{id}'s verdict");
    }
    for removed in [5, 8] {
        assert!(
            matches!(store.claim(ClaimId(removed)), Err(Error::ClaimNotFound(n)) if n == removed)
        );
    }
    assert_eq!(
        store.config("org").unwrap().as_deref(),
        Some("Varrow Fact Desk, Northlight Media")
    );

    // Search finds what it found, near-duplicates are still near, and the tables still follow
    // from the events.
    for (word, claims) in SEARCHES {
        let mut found: Vec<i64> = store
            .search(word, 20)
            .unwrap()
            .hits
            .iter()
            .map(|hit| hit.claim.0)
            .collect();
        found.sort_unstable();
        assert_eq!(&found, claims, "{word:?} after the upgrade");
    }
    let text = store.claim(ClaimId(10)).unwrap().text;
    let near: Vec<i64> = store
        .similar(&text, Some(ClaimId(10)), 0.7, 5)
        .unwrap()
        .iter()
        .map(|s| s.id.0)
        .collect();
    assert_eq!(near, [7], "#10 words the colleague's #7 again");
    let check = store.rebuild_check().unwrap();
    assert!(check.differences.is_empty(), "{:?}", check.differences);
    drop(store);

    // Both indexes hold every entry they held, and are whole.
    let conn = Connection::open(&path).unwrap();
    for (index, old) in ["claim_search", "claim_trigrams"].iter().zip(&indexes) {
        let now = index_entries(&conn, index);
        let lost: Vec<_> = old.difference(&now).take(5).collect();
        assert!(lost.is_empty(), "{index} lost entries, such as {lost:?}");
        conn.execute(
            &format!("INSERT INTO {index} ({index}) VALUES ('integrity-check')"),
            [],
        )
        .unwrap();
    }
    drop(conn);

    // The upgraded database exports what a fresh one imports and exports back, byte for byte.
    let exported = dir.path().join("upgraded.jsonl");
    claims(&path, &["export", "-o", exported.to_str().unwrap()]);
    let fresh = dir.path().join("fresh.db");
    claims(&fresh, &["import", exported.to_str().unwrap()]);
    let again = claims(&fresh, &["export", "--format", "jsonl"]);
    assert_eq!(std::fs::read_to_string(&exported).unwrap(), again);
}

/// Migration 0009 (issue 12) adds `sources.merged_into`: empty for every source an older file
/// had, which keeps all its rows, and merges, unmerges and rebuilds after the upgrade as a new
/// file does.
#[test]
fn an_older_database_upgrades_to_merged_sources_and_merges_after() {
    let (_dir, path, conn) = old_database(INTERCHANGE, 3);
    let before = rows(&conn);
    let named: Vec<i64> = conn
        .prepare(
            "SELECT id FROM sources WHERE kind NOT IN ('anonymous', 'desk')
                AND removed_at IS NULL ORDER BY id LIMIT 2",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(named.len(), 2, "the fixture has two named sources");
    drop(conn);
    let store = Store::open(&path).unwrap();
    assert_nothing_lost(&before, &store);
    assert_eq!(
        count(
            store.connection(),
            "SELECT count(*) FROM sources WHERE merged_into IS NOT NULL"
        ),
        0
    );
    drop(store);
    let [source, into] = [named[0], named[1]].map(|id| format!("#{id}"));
    claims(&path, &["source", "merge", &source, &into]);
    let conn = Connection::open(&path).unwrap();
    assert_eq!(
        count(
            &conn,
            &format!(
                "SELECT count(*) FROM sources WHERE id = {} AND merged_into IS NOT NULL",
                named[0]
            )
        ),
        1
    );
    drop(conn);
    claims(&path, &["rebuild", "--check"]);
    claims(&path, &["undo"]);
    claims(&path, &["rebuild", "--check"]);
    let conn = Connection::open(&path).unwrap();
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM sources WHERE merged_into IS NOT NULL"
        ),
        0
    );
}

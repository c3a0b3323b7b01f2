//! The typed history reads every event ever written: each committed schema fixture's events,
//! and a database this binary writes with every kind of change, parse into `Change`s and
//! write back to exactly the stored bytes.

mod common;

use claims::model::event::{KINDS, Recorded};
use common::Env;
use rusqlite::Connection;

const FIXTURES: [&str; 3] = [
    include_str!("fixtures/schema-0001.sql"),
    include_str!("fixtures/schema-0002.sql"),
    include_str!("fixtures/schema-0003.sql"),
];

/// Every (kind, payload) of a database, oldest first; each parsed and written back.
fn round_trip(conn: &Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare("SELECT kind, payload FROM events ORDER BY id")
        .unwrap();
    let rows: Vec<(String, String)> = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(!rows.is_empty());
    for (kind, payload) in &rows {
        let recorded =
            Recorded::parse(kind, payload).unwrap_or_else(|e| panic!("{kind} {payload}: {e}"));
        assert_eq!(recorded.kind(), kind);
        assert_eq!(&recorded.payload_text(), payload, "{kind}");
    }
    rows.into_iter().map(|(kind, _)| kind).collect()
}

#[test]
fn every_event_of_the_schema_fixtures_reads_into_a_change_and_back_byte_for_byte() {
    let mut kinds = std::collections::BTreeSet::new();
    for sql in FIXTURES {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(sql).unwrap();
        kinds.extend(round_trip(&conn));
    }
    // The fixtures hold every kind that existed when they were made.
    for kind in [
        "claim.added",
        "claim.edited",
        "claim.removed",
        "source.added",
        "source.edited",
        "source.removed",
        "statement.added",
        "statement.retracted",
        "statement.unretracted",
        "statement.removed",
        "config.set",
        "undo",
    ] {
        assert!(kinds.contains(kind), "no {kind} in the fixtures");
    }
}

#[test]
fn every_kind_this_binary_writes_reads_back_byte_for_byte() {
    let env = Env::new();
    env.seed_story();
    env.run_ok(&["config", "set", "org", "Harbour Desk"]);
    env.run_ok(&[
        "source",
        "edit",
        "Kommersant",
        "--alias",
        "the daily",
        "--role",
        "newspaper",
    ]);
    env.run_ok(&[
        "edit",
        "1",
        "--text",
        "The night ferry ran aground",
        "--tag",
        "port",
    ]);
    env.run_ok(&[
        "verdict",
        "1",
        "false",
        "--explanation",
        "divers found no damage",
    ]);
    env.run_ok(&["retract", "1", "--note", "misquoted"]);
    env.run_ok(&["undo"]);
    env.run_ok(&["add", "A claim to take back", "--by", "Someone New"]);
    env.run_ok(&["undo"]);
    env.run_ok(&["redo"]);
    // Mending the record (issue 12): a statement edited and moved, a source merged, the
    // merge undone (source.unmerged) and made again.
    env.run_ok(&["statement", "edit", "4", "--via", "", "--note", "checked"]);
    env.run_ok(&["statement", "move", "6", "1"]);
    env.run_ok(&["source", "add", "F. Altun"]);
    env.run_ok(&["confirm", "2", "--by", "F. Altun"]);
    env.run_ok(&["source", "merge", "F. Altun", "Fahrettin Altun"]);
    env.run_ok(&["undo"]);
    env.run_ok(&["source", "merge", "F. Altun", "Fahrettin Altun"]);
    // A report ingested twice: the second apply changes nothing and leaves its record.
    let report = env.tmp().join("report.txt");
    std::fs::write(
        &report,
        "PORTVALE, May 3 (Wire) - The harbour master said the night ferry ran aground.\n",
    )
    .unwrap();
    env.run_ok(&["ingest", report.to_str().unwrap(), "--apply"]);
    env.run_ok(&["ingest", report.to_str().unwrap(), "--apply"]);
    // Claims removed, restored, merged and unmerged (and each of those undone and redone).
    env.run_ok(&["remove", "2", "--note", "a duplicate"]);
    env.run_ok(&["restore", "2"]);
    env.run_ok(&["undo"]);
    env.run_ok(&["restore", "2"]);
    env.run_ok(&["merge", "2", "1"]);
    env.run_ok(&["undo"]);
    env.run_ok(&["redo"]);
    // An import of a file that says some of what it brings was removed: its events too.
    let export = env.tmp().join("all.jsonl");
    env.run_ok(&["export", "--output", export.to_str().unwrap()]);
    let other = Env::new();
    other.run_ok(&["import", export.to_str().unwrap()]);
    other.run_ok(&["undo"]);
    let mut kinds = std::collections::BTreeSet::new();
    for env in [&env, &other] {
        let conn = Connection::open(env.db()).unwrap();
        kinds.extend(round_trip(&conn));
    }
    for kind in [
        "redo",
        "empty",
        "claim.restored",
        "statement.unretracted",
        "statement.edited",
        "statement.moved",
        "source.merged",
        "source.unmerged",
        "claim.merged",
        "claim.unmerged",
        "claim.dismissed",
        "claim.undismissed",
    ] {
        assert!(kinds.contains(kind), "no {kind} written");
    }
    for kind in kinds {
        assert!(KINDS.contains(&kind.as_str()), "{kind}");
    }
}

//! The store's promises, checked on real files and in memory: the pragmas, all-or-nothing
//! writes, one event per change, and the migration loop.

use super::*;
use crate::model::event::kinds;
use crate::model::{ClaimId, SourceKind, Stance, Status};

fn count(store: &Store, sql: &str) -> i64 {
    store.conn.query_row(sql, [], |row| row.get(0)).unwrap()
}

/// A statement with nothing but who and what.
fn statement(claim: ClaimId, source: SourceRef, stance: Stance) -> NewStatement {
    NewStatement {
        claim,
        source,
        stance,
        via: None,
        citing: None,
        quote: None,
        url: None,
        stated_at: None,
        note: None,
        reliability: None,
    }
}

fn claim(text: &str) -> NewClaim {
    NewClaim {
        text: text.into(),
        tags: vec!["t".into()],
        happened: None,
        note: None,
    }
}

#[test]
fn opening_sets_wal_foreign_keys_and_a_busy_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("nested/dir/claims.db")).unwrap();
    let conn = store.connection();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    let keys: i64 = conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    let timeout: i64 = conn
        .pragma_query_value(None, "busy_timeout", |r| r.get(0))
        .unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(keys, 1);
    assert!(timeout >= 5000, "busy timeout {timeout} ms");
    assert_eq!(version, SCHEMA_VERSION);
}

#[test]
fn an_error_inside_a_write_rolls_back_data_and_events() {
    let mut store = Store::open_in_memory().unwrap();
    let result: Result<()> = store
        .write("tester", |w| {
            let id = w.add_claim(&claim("A claim that must vanish"))?;
            w.resolve_source("Someone New", SourceKind::Person)?;
            let desk = w.desk()?;
            w.add_statement(&statement(id, desk, Stance::Confirms))?;
            Err(Error::Invalid("stop here".into()))
        })
        .map(|w| w.value);
    assert!(result.is_err());
    for table in ["claims", "claim_tags", "sources", "statements", "events"] {
        assert_eq!(
            count(&store, &format!("SELECT count(*) FROM {table}")),
            0,
            "{table}"
        );
    }
}

#[test]
fn each_change_appends_exactly_one_event_with_old_and_new_values() {
    let mut store = Store::open_in_memory().unwrap();
    let id = store
        .write("tester", |w| w.add_claim(&claim("First wording")))
        .unwrap()
        .value;
    assert_eq!(count(&store, "SELECT count(*) FROM events"), 1);

    store
        .write("tester", |w| {
            let source = w.resolve_source("Ministry", SourceKind::Organization)?;
            w.add_statement(&statement(id, source, Stance::Denies))
        })
        .unwrap();
    let kinds: Vec<String> = store
        .events(None, None)
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            kinds::STATEMENT_ADDED,
            kinds::SOURCE_ADDED,
            kinds::CLAIM_ADDED
        ]
    );

    store
        .write("tester", |w| {
            w.edit_claim(
                id,
                &ClaimChanges {
                    text: Some("Second wording".into()),
                    ..ClaimChanges::default()
                },
            )
        })
        .unwrap();
    let edit = &store.events(Some(id), Some(1)).unwrap()[0];
    assert_eq!(edit.kind, kinds::CLAIM_EDITED);
    assert_eq!(
        edit.payload.payload()["changes"]["text"]["old"],
        "First wording"
    );
    assert_eq!(
        edit.payload.payload()["changes"]["text"]["new"],
        "Second wording"
    );
    let statement = &store.events(Some(id), None).unwrap()[1];
    assert_eq!(statement.payload.payload()["status"]["old"], "unverified");
    assert_eq!(statement.payload.payload()["status"]["new"], "denied");
    assert_eq!(store.claim(id).unwrap().status, Status::Denied);
}

#[test]
fn events_cannot_be_edited_or_deleted() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .write("tester", |w| w.add_claim(&claim("Kept forever")))
        .unwrap();
    assert!(
        store
            .conn
            .execute("UPDATE events SET actor = 'x'", [])
            .is_err()
    );
    assert!(store.conn.execute("DELETE FROM events", []).is_err());
    assert_eq!(count(&store, "SELECT count(*) FROM events"), 1);
}

#[test]
fn renaming_a_source_rewrites_the_summaries_that_name_it() {
    let mut store = Store::open_in_memory().unwrap();
    let id = store
        .write("tester", |w| {
            let id = w.add_claim(&claim("Something happened"))?;
            let source = w.resolve_source("Agency", SourceKind::Organization)?;
            let via = w.resolve_source("Wire", SourceKind::Outlet)?;
            w.add_statement(&NewStatement {
                via: Some(via),
                ..statement(id, source, Stance::Confirms)
            })?;
            Ok(id)
        })
        .unwrap()
        .value;
    assert_eq!(
        store.claim(id).unwrap().summary,
        "confirmed by Agency (via Wire)"
    );
    store
        .write("tester", |w| {
            let wire = w.find_source("wire")?.unwrap();
            w.edit_source(
                &wire,
                &SourceChanges {
                    name: Some("Global Wire".into()),
                    ..SourceChanges::default()
                },
            )
        })
        .unwrap();
    assert_eq!(
        store.claim(id).unwrap().summary,
        "confirmed by Agency (via Global Wire)"
    );
}

#[test]
fn migrations_apply_once_each_and_a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("claims.db");
    drop(Store::open(&path).unwrap());
    // Opening again applies nothing twice.
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    drop(conn);
    let before = std::fs::read(&path).unwrap();
    assert!(matches!(
        Store::open(&path),
        Err(Error::SchemaTooNew { found, .. }) if found == SCHEMA_VERSION + 1
    ));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_foreign_sqlite_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("CREATE TABLE recipes (name TEXT)")
        .unwrap();
    drop(conn);
    let before = std::fs::read(&path).unwrap();
    assert!(matches!(
        Store::open(&path),
        Err(Error::NotAClaimsDatabase { .. })
    ));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

/// `search` ranks the newest matches only, at most `ranked` of them, and says when more
/// matched: the best match of all is left out when it is older than those.
#[test]
fn search_ranks_the_newest_matches_and_says_when_more_matched() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .write("t", |w| {
            w.add_claim(&claim("Ferry ferry ferry: the ferry sank"))?;
            for n in 0..4 {
                w.add_claim(&claim(&format!("Dock {n} saw a ferry leave")))?;
            }
            w.add_claim(&claim("A tug left the harbour"))?;
            Ok(())
        })
        .unwrap();
    let ids = |s: &Searched| s.hits.iter().map(|h| h.claim).collect::<Vec<_>>();

    let all = search::search(&store.conn, "ferry", 10, 100).unwrap();
    assert!(!all.more_matched);
    assert_eq!(ids(&all)[0], 1, "the oldest claim matches best");
    assert_eq!(all.hits.len(), 5);

    let newest = search::search(&store.conn, "ferry", 10, 3).unwrap();
    assert!(newest.more_matched);
    let mut found = ids(&newest);
    found.sort();
    assert_eq!(found, [3, 4, 5]);

    let exactly = search::search(&store.conn, "ferry", 10, 5).unwrap();
    assert!(!exactly.more_matched, "five matches, five ranked");
}

/// The triggers the migrations make are found by name and text, so that a fresh database holds
/// none claims did not make; one added by hand is named.
#[test]
fn own_triggers_are_recognised_and_a_stranger_is_named() {
    let own = schema::own_triggers();
    assert_eq!(
        own.iter().map(|(name, _)| *name).collect::<Vec<_>>(),
        ["events_are_never_edited", "events_are_never_deleted"]
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("claims.db");
    drop(Store::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    let id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(id, APPLICATION_ID);
    assert_eq!(APPLICATION_ID.to_be_bytes(), *b"CLMS");
    conn.execute_batch(
        "CREATE TRIGGER a_stranger AFTER INSERT ON claims BEGIN SELECT 1; END;
         CREATE VIEW my_view AS SELECT id FROM claims;
         CREATE TABLE my_notes (x);",
    )
    .unwrap();
    drop(conn);
    match Store::open(&path) {
        Err(Error::ForeignTriggers { names, .. }) => assert_eq!(names, ["a_stranger"]),
        other => panic!("expected the trigger to be refused, got {:?}", other.err()),
    }
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch("DROP TRIGGER a_stranger").unwrap();
    drop(conn);
    Store::open(&path).expect("the user's own view and table are allowed");
}

/// A command that opened the database before a restore swapped it, and writes after, must not
/// write into the file set aside (its user would think it logged in the database in use).
#[test]
fn a_write_after_the_file_was_swapped_is_refused_and_lands_nowhere() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("claims.db");
    let mut store = Store::open(&path).unwrap();
    store
        .write("tester", |w| w.add_claim(&claim("Before the swap")))
        .unwrap();
    // As a restore does: the file and its -wal and -shm set aside, a new file in its place.
    for suffix in ["", "-wal", "-shm"] {
        let name = |base: &str| dir.path().join(format!("{base}{suffix}"));
        std::fs::rename(name("claims.db"), name("claims.db.before-restore")).unwrap();
    }
    drop(Store::open(&path).unwrap());
    let result = store.write("tester", |w| w.add_claim(&claim("After the swap")));
    assert!(
        matches!(result, Err(Error::DatabaseReplaced { .. })),
        "{:?}",
        result.err()
    );
    assert_eq!(count(&store, "SELECT count(*) FROM claims"), 1);
    drop(store);
    let fresh = Store::open(&path).unwrap();
    assert_eq!(count(&fresh, "SELECT count(*) FROM claims"), 0);
}

/// Every connection runs with trusted_schema off: nothing in a file's schema may call a
/// function with side effects.
#[test]
fn trusted_schema_is_off() {
    let dir = tempfile::tempdir().unwrap();
    for store in [
        Store::open(&dir.path().join("claims.db")).unwrap(),
        Store::open_in_memory().unwrap(),
    ] {
        let trusted: i64 = store
            .conn
            .pragma_query_value(None, "trusted_schema", |r| r.get(0))
            .unwrap();
        assert_eq!(trusted, 0);
    }
}

/// `list --sort X --limit N` reads N rows of an index: SQLite never sorts the whole table for
/// any order (the `status` order is asked one status at a time).
#[test]
fn every_list_order_is_read_from_an_index() {
    use crate::model::ClaimOrder;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("claims.db")).unwrap();
    for order in ClaimOrder::ALL {
        let filter = read::ClaimFilter {
            order,
            statuses: if order == ClaimOrder::Status {
                vec![Status::Contested]
            } else {
                Vec::new()
            },
            limit: Some(20),
            ..Default::default()
        };
        let (sql, args) = read::claims_query(&filter);
        let mut stmt = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        let plan: Vec<String> = stmt
            .query_map(rusqlite::params_from_iter(args), |row| row.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(
            plan.iter().all(|step| !step.contains("TEMP B-TREE")),
            "{order}: {plan:?}"
        );
        assert!(
            plan.iter()
                .any(|step| step.contains("USING INDEX claims_by_")),
            "{order}: {plan:?}"
        );
    }
}

//! The schema's own rules, checked by writing rows past the tracker, as a hand or another tool
//! would: what SQLite itself refuses.

use claims::model::SourceKind;
use claims::store::{MIGRATIONS, NewSource, Store, migrate};
use rusqlite::Connection;

/// Migration 0004 rewrote the CHECK constraints on stance, status and reliability without IN
/// lists: they must refuse the same values as before, on a new database and on one upgraded
/// from the first schema, whose definitions SQLite has read again.
#[test]
fn the_rewritten_checks_still_refuse_what_they_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("fresh.db");
    let upgraded = dir.path().join("upgraded.db");
    {
        let conn = Connection::open(&upgraded).unwrap();
        migrate(&conn, &upgraded, &MIGRATIONS[..1]).unwrap();
        conn.execute_batch(
            "INSERT INTO sources (uuid, name, name_key, kind, created_at)
                  VALUES ('s', 'Quay Watch', 'quay watch', 'outlet', '2024-01-01T00:00:00Z');
             INSERT INTO claims (uuid, text, status, summary, created_at, last_activity)
                  VALUES ('c', 'A crane moved', 'unverified', 'no statements yet',
                          '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z');",
        )
        .unwrap();
    }
    for path in [&fresh, &upgraded] {
        let mut store = Store::open(path).unwrap();
        let source = store
            .write("t", |w| {
                w.add_source(&NewSource {
                    name: "Harbour Desk".into(),
                    kind: SourceKind::Organization,
                    role: None,
                    affiliation: None,
                    aliases: Vec::new(),
                    reliability: claims::model::Reliability::F,
                })
            })
            .unwrap()
            .value;
        let conn = store.connection();
        let left: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND sql LIKE '% IN (''%'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(left, 0, "{}", path.display());
        conn.execute(
            "INSERT INTO claims (uuid, text, status, summary, created_at, last_activity)
                  VALUES ('c2', 'A ferry left', 'contested', '', '2024', '2024')",
            [],
        )
        .unwrap();
        let claim: i64 = conn.last_insert_rowid();
        let statement = |stance: &str, reliability: Option<&str>| {
            conn.execute(
                "INSERT INTO statements (uuid, claim_id, source_id, stance, stated_at,
                                         recorded_at, reliability)
                      VALUES (lower(hex(randomblob(8))), ?1, ?2, ?3, '2024', '2024', ?4)",
                rusqlite::params![claim, source.id, stance, reliability],
            )
        };
        statement("ncnd", None).unwrap();
        statement("declines", Some("A")).unwrap();
        for refused in [
            statement("maybe", None),
            statement("Confirms", None),
            statement("confirms", Some("G")),
            statement("confirms", Some("")),
            conn.execute("UPDATE claims SET status = 'likely' WHERE id = ?1", [claim]),
            conn.execute(
                "UPDATE sources SET reliability = 'Z' WHERE id = ?1",
                [source.id],
            ),
        ] {
            let error = refused.unwrap_err().to_string();
            assert!(error.contains("CHECK constraint failed"), "{error}");
        }
    }
}

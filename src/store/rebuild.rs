//! `rebuild --check`: every table rebuilt from the events alone, in memory, and compared with
//! the stored tables. It proves the history is complete: what undo, as-of and sync rely on.
//! Replay reads only event payloads; derived columns are recomputed by `derive` at the end, as
//! the writer does after each change, and every event about a claim marks activity on it, as `Writer::event` does.

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension};

use super::apply::{Apply, Numbering, Refs};
use super::{MIGRATIONS, derive, schema};
use crate::model::event::Recorded;
use crate::model::{Difference, RebuildCheck};
use crate::{Error, Result};

/// The tables compared, with the columns that identify a row.
const TABLES: &[(&str, &[&str])] = &[
    ("claims", &["id"]),
    ("claim_tags", &["claim_id", "tag"]),
    ("sources", &["id"]),
    ("source_aliases", &["source_id", "alias_key"]),
    ("statements", &["id"]),
    ("config", &["key"]),
];

/// The columns of a claim that are derived from its statements, not recorded.
const DERIVED: &[&str] = &[
    "status",
    "summary",
    "credibility",
    "credibility_reason",
    "independent_confirmations",
    "origins",
    "circular",
];

/// A fresh database with the schema, to replay into.
fn fresh(conn: Connection) -> Result<Connection> {
    conn.pragma_update(None, "foreign_keys", true)?;
    schema::migrate(&conn, std::path::Path::new(":memory:"), MIGRATIONS)?;
    Ok(conn)
}

pub fn check(stored: &Connection) -> Result<RebuildCheck> {
    let rebuilt = fresh(Connection::open_in_memory()?)?;
    let mut stmt = stored.prepare("SELECT kind, at, payload FROM events ORDER BY id")?;
    let mut rows = stmt.query([])?;
    let total: i64 = stored.query_row("SELECT count(*) FROM events", [], |row| row.get(0))?;
    let progress = crate::progress::progress(total as u64, "replaying events");
    let mut events = 0;
    while let Some(row) = rows.next()? {
        let kind: String = row.get(0)?;
        let at: String = row.get(1)?;
        let mut recorded = Recorded::parse(&kind, &row.get::<_, String>(2)?)?;
        replay(&rebuilt, stored, &at, &mut recorded)?;
        events += 1;
        progress.inc(1);
    }
    progress.finish_and_clear();
    // Derived columns depend only on the final statements and sources: grade once, at the end.
    derive::recompute_all(&rebuilt)?;
    let mut differences = Vec::new();
    for (table, key) in TABLES {
        differences.extend(compare(stored, &rebuilt, table, key)?);
    }
    Ok(RebuildCheck {
        events,
        differences,
    })
}

/// Replays one event into `conn` through the one apply path. Every entity is found by its
/// uuid, so that a history imported from another database replays as well as one written
/// here; a new one takes the number the stored tables give its uuid (numbers are local), or,
/// when they lack it, the number its event recorded, so that a difference names the row the
/// history knows. Every change about a claim marks activity on it, as the writer's do.
fn replay(conn: &Connection, stored: &Connection, at: &str, recorded: &mut Recorded) -> Result<()> {
    Apply {
        conn,
        at,
        numbering: Numbering::Stored(stored),
        refs: Refs::Uuids,
        regrade: false,
        mark_activity: true,
    }
    .apply(&mut recorded.change)?;
    Ok(())
}

/// Walks both tables in key order at once, so memory stays flat whatever their size.
fn compare(
    stored: &Connection,
    rebuilt: &Connection,
    table: &str,
    key: &[&str],
) -> Result<Vec<Difference>> {
    let sql = format!("SELECT * FROM {table} ORDER BY {}", key.join(", "));
    let (mut left, mut right) = (stored.prepare(&sql)?, rebuilt.prepare(&sql)?);
    let columns: Vec<String> = left.column_names().map(str::to_string).collect();
    let key_at: Vec<usize> = key
        .iter()
        .map(|k| columns.iter().position(|c| c == k).unwrap_or(0))
        .collect();
    let (mut left, mut right) = (left.query([])?, right.query([])?);
    let read = |rows: &mut rusqlite::Rows<'_>| -> Result<Option<Vec<SqlValue>>> {
        Ok(match rows.next()? {
            Some(row) => Some(
                (0..columns.len())
                    .map(|i| row.get::<_, SqlValue>(i))
                    .collect::<rusqlite::Result<_>>()?,
            ),
            None => None,
        })
    };
    let key_of =
        |row: &[SqlValue]| -> Vec<SqlValue> { key_at.iter().map(|&i| row[i].clone()).collect() };
    let label = |row: &[SqlValue]| {
        format!(
            "#{}",
            key_at
                .iter()
                .map(|&i| shown(&row[i]).trim_matches('"').to_string())
                .collect::<Vec<_>>()
                .join(" ")
        )
    };
    let one_side = |row: &[SqlValue], in_stored: bool| Difference {
        table: table.to_string(),
        row: label(row),
        column: None,
        stored: in_stored.then(|| "present".to_string()),
        rebuilt: (!in_stored).then(|| "present".to_string()),
    };
    let mut differences = Vec::new();
    let (mut a, mut b) = (read(&mut left)?, read(&mut right)?);
    loop {
        match (&a, &b) {
            (None, None) => break,
            (Some(x), None) => {
                differences.push(one_side(x, true));
                a = read(&mut left)?;
            }
            (None, Some(y)) => {
                differences.push(one_side(y, false));
                b = read(&mut right)?;
            }
            (Some(x), Some(y)) => match key_order(&key_of(x), &key_of(y)) {
                std::cmp::Ordering::Less => {
                    differences.push(one_side(x, true));
                    a = read(&mut left)?;
                }
                std::cmp::Ordering::Greater => {
                    differences.push(one_side(y, false));
                    b = read(&mut right)?;
                }
                std::cmp::Ordering::Equal => {
                    for (column, (p, q)) in columns.iter().zip(x.iter().zip(y)) {
                        if p != q && !(table == "claims" && column == "origins" && same_set(p, q)) {
                            differences.push(Difference {
                                table: table.to_string(),
                                row: label(x),
                                column: Some(column.clone()),
                                stored: Some(shown(p)),
                                rebuilt: Some(shown(q)),
                            });
                        }
                    }
                    a = read(&mut left)?;
                    b = read(&mut right)?;
                }
            },
        }
    }
    Ok(differences)
}

/// Whether two JSON arrays hold the same elements in any order: a claim's origins are a set,
/// listed in the order its statements were read.
fn same_set(a: &SqlValue, b: &SqlValue) -> bool {
    let elements = |v: &SqlValue| -> Option<Vec<String>> {
        let SqlValue::Text(text) = v else { return None };
        let parsed: serde_json::Value = serde_json::from_str(text).ok()?;
        let mut elements: Vec<String> = parsed.as_array()?.iter().map(|e| e.to_string()).collect();
        elements.sort();
        Some(elements)
    };
    elements(a).is_some_and(|a| Some(a) == elements(b))
}

/// SQLite's ORDER BY for the key columns used here: integers by value, text by bytes.
fn key_order(a: &[SqlValue], b: &[SqlValue]) -> std::cmp::Ordering {
    for (x, y) in a.iter().zip(b) {
        let order = match (x, y) {
            (SqlValue::Integer(x), SqlValue::Integer(y)) => x.cmp(y),
            (SqlValue::Text(x), SqlValue::Text(y)) => x.cmp(y),
            _ => shown(x).cmp(&shown(y)),
        };
        if order.is_ne() {
            return order;
        }
    }
    std::cmp::Ordering::Equal
}

fn shown(value: &SqlValue) -> String {
    match value {
        SqlValue::Null => "null".into(),
        SqlValue::Integer(i) => i.to_string(),
        SqlValue::Real(r) => r.to_string(),
        SqlValue::Text(t) => format!("{t:?}"),
        SqlValue::Blob(b) => format!("<{} bytes>", b.len()),
    }
}

/// The replay of one import's events, beside the stored tables: an import that brings a
/// history replays each event it copies as it copies it, into a scratch database, and then
/// holds every row it brought against what those events made of it (`Writer::import_lines`).
/// The scratch database is a file in the temporary folder, not memory, so that a large
/// import's replay costs a page cache, not a copy of the file; it goes when the import ends.
/// (SQLite's own temporary databases live in memory in this build: `SQLITE_TEMP_STORE=2`.)
pub(super) struct Replay {
    conn: Connection,
    /// Dropped after `conn` (fields drop in order), so the file is closed when removed.
    _file: ScratchFile,
}

/// Removes the scratch database when the replay is done with it.
struct ScratchFile(std::path::PathBuf);

impl Drop for ScratchFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

impl Replay {
    pub(super) fn new() -> Result<Replay> {
        let path = std::env::temp_dir().join(format!(
            "claims-import-replay-{}-{}.db",
            std::process::id(),
            uuid::Uuid::now_v7()
        ));
        let file = ScratchFile(path);
        // Made by us, new, and readable by this user alone: it holds the whole import.
        let made = {
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            options.open(&file.0)
        };
        let conn = made
            .map_err(|e| e.to_string())
            .and_then(|_| Connection::open(&file.0).map_err(|e| e.to_string()))
            .map_err(|e| {
                Error::Invalid(format!(
                    "cannot make a scratch database in {} to check the file's history ({e}); \
                 set TMPDIR to a folder you can write",
                    std::env::temp_dir().display()
                ))
            })?;
        // Nobody else sees this file, and it goes at the end: no journal, no syncing.
        conn.execute_batch(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
             PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -16384;",
        )?;
        // As the store does: a replay runs a few dozen distinct statements, each planned once.
        conn.set_prepared_statement_cache_capacity(128);
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )?;
        let conn = fresh(conn)?;
        // The indexes that only reads use: a replay marks activity on a claim at every event,
        // and each of these would be rewritten with it. Unique ones stay: they are rules.
        conn.execute_batch(
            "DROP INDEX IF EXISTS claims_by_status; DROP INDEX IF EXISTS claims_by_activity;
             DROP INDEX IF EXISTS claims_by_credibility; DROP INDEX IF EXISTS claims_by_text;
             DROP INDEX IF EXISTS claim_tags_by_tag;",
        )?;
        Ok(Replay { conn, _file: file })
    }

    /// Replays one event, as `check` does.
    pub(super) fn event(
        &mut self,
        stored: &Connection,
        at: &str,
        recorded: &mut Recorded,
    ) -> Result<()> {
        replay(&self.conn, stored, at, recorded)
    }

    /// Copies the stored row of `table` with this uuid, unless the replay has it already: an
    /// import brings only the events of what it brings, so what they name that was here
    /// before (the claim a new statement is about, a source it names) comes from here.
    pub(super) fn seed(&self, stored: &Connection, table: &str, uuid: &str) -> Result<()> {
        let replayed = self
            .conn
            .prepare_cached(&format!("SELECT 1 FROM {table} WHERE uuid = ?1"))?
            .exists([uuid])?;
        if replayed {
            return Ok(());
        }
        let mut select =
            stored.prepare_cached(&format!("SELECT * FROM {table} WHERE uuid = ?1"))?;
        let columns: Vec<String> = select.column_names().map(str::to_string).collect();
        let values: Option<Vec<SqlValue>> = select
            .query_row([uuid], |row| {
                (0..columns.len())
                    .map(|i| row.get::<_, SqlValue>(i))
                    .collect()
            })
            .optional()?;
        if let Some(values) = values {
            let marks = vec!["?"; columns.len()].join(", ");
            self.conn
                .prepare_cached(&format!(
                    "INSERT INTO {table} ({}) VALUES ({marks})",
                    columns.join(", ")
                ))?
                .execute(rusqlite::params_from_iter(values))?;
        }
        Ok(())
    }

    /// The first column in which the stored row of `table` with this key differs from the
    /// replayed one (a claim's tags and a source's aliases count as columns), or the side it
    /// is missing from. A claim's derived columns are left out: the replay does not derive
    /// them (`check` does, for every claim at once, at its end).
    pub(super) fn difference(
        &self,
        stored: &Connection,
        table: &str,
        key: &str,
    ) -> Result<Option<Difference>> {
        let sql = match table {
            "claims" => {
                "SELECT *, (SELECT json_group_array(tag) FROM (SELECT tag FROM claim_tags t
                             WHERE t.claim_id = claims.id ORDER BY tag)) AS tags
                   FROM claims WHERE uuid = ?1"
            }
            "sources" => {
                "SELECT *, (SELECT json_group_array(alias) FROM (SELECT alias
                              FROM source_aliases a WHERE a.source_id = sources.id
                             ORDER BY alias_key)) AS aliases
                   FROM sources WHERE uuid = ?1"
            }
            "statements" => "SELECT * FROM statements WHERE uuid = ?1",
            _ => "SELECT * FROM config WHERE key = ?1",
        };
        let row_of = |conn: &Connection| -> Result<Option<Vec<(String, SqlValue)>>> {
            let mut stmt = conn.prepare_cached(sql)?;
            let columns: Vec<String> = stmt.column_names().map(str::to_string).collect();
            Ok(stmt
                .query_row([key], |row| {
                    columns
                        .iter()
                        .enumerate()
                        .map(|(i, c)| Ok((c.clone(), row.get::<_, SqlValue>(i)?)))
                        .collect()
                })
                .optional()?)
        };
        let (ours, theirs) = (row_of(stored)?, row_of(&self.conn)?);
        let one_side = |in_stored: bool| Difference {
            table: table.to_string(),
            row: key.to_string(),
            column: None,
            stored: in_stored.then(|| "present".to_string()),
            rebuilt: (!in_stored).then(|| "present".to_string()),
        };
        Ok(match (ours, theirs) {
            (None, None) => None,
            (Some(_), None) => Some(one_side(true)),
            (None, Some(_)) => Some(one_side(false)),
            (Some(ours), Some(theirs)) => ours.into_iter().find_map(|(column, value)| {
                if table == "claims" && DERIVED.contains(&column.as_str()) {
                    return None;
                }
                let replayed = theirs
                    .iter()
                    .find(|(c, _)| *c == column)
                    .map(|(_, v)| v)
                    .unwrap_or(&SqlValue::Null);
                (value != *replayed).then(|| Difference {
                    table: table.to_string(),
                    row: key.to_string(),
                    column: Some(column),
                    stored: Some(shown(&value)),
                    rebuilt: Some(shown(replayed)),
                })
            }),
        })
    }
}

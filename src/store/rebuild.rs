//! `rebuild --check`: every table rebuilt from the events alone, in memory, and compared with
//! the stored tables. It proves the history is complete: what undo, as-of and sync rely on.
//! Replay reads only event payloads; derived columns are recomputed by `derive` at the end, as
//! the writer does after each change, and every event about a claim marks activity on it, as `Writer::event` does.

use rusqlite::Connection;
use rusqlite::types::Value as SqlValue;

use super::apply::{Apply, Numbering, Refs};
use super::{MIGRATIONS, derive, schema};
use crate::Result;
use crate::model::event::Recorded;
use crate::model::{Difference, RebuildCheck};

/// The tables compared, with the columns that identify a row.
const TABLES: &[(&str, &[&str])] = &[
    ("claims", &["id"]),
    ("claim_tags", &["claim_id", "tag"]),
    ("sources", &["id"]),
    ("source_aliases", &["source_id", "alias_key"]),
    ("statements", &["id"]),
    ("config", &["key"]),
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
        index_later: None,
        source_numbers: None,
    }
    .apply_recorded(recorded)?;
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

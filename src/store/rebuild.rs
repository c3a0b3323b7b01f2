//! `rebuild --check`: every table rebuilt from the events alone, in memory, and compared with
//! the stored tables. It proves the history is complete: what undo, as-of and sync rely on.
//! Replay reads only event payloads; derived columns are recomputed by `derive` at the end, as
//! the writer does after each change, and every event about a claim marks activity on it, as `Writer::event` does.

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::{Map, Value};

use super::apply::{
    apply_claim_changes, apply_source_changes, remove_claim, remove_source, remove_statement,
    set_config, set_retracted, touch,
};
use super::{MIGRATIONS, derive, schema};
use crate::model::{name_key, name_skeleton};
use crate::{Error, Result};

/// One place where the stored tables and the rebuild disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    pub table: String,
    /// The row's key: "#3", or "#3 ankara" for a tag.
    pub row: String,
    /// The differing column, or null when the row is on one side only.
    pub column: Option<String>,
    pub stored: Option<String>,
    pub rebuilt: Option<String>,
}

/// The result of a check.
#[derive(Debug, Clone, Serialize)]
pub struct RebuildCheck {
    pub events: usize,
    pub differences: Vec<Difference>,
}

/// The tables compared, with the columns that identify a row.
const TABLES: &[(&str, &[&str])] = &[
    ("claims", &["id"]),
    ("claim_tags", &["claim_id", "tag"]),
    ("sources", &["id"]),
    ("source_aliases", &["source_id", "alias_key"]),
    ("statements", &["id"]),
    ("config", &["key"]),
];

pub fn check(stored: &Connection) -> Result<RebuildCheck> {
    let rebuilt = Connection::open_in_memory()?;
    rebuilt.pragma_update(None, "foreign_keys", true)?;
    schema::migrate(&rebuilt, std::path::Path::new(":memory:"), MIGRATIONS)?;
    let mut stmt = stored.prepare("SELECT kind, claim_id, at, payload FROM events ORDER BY id")?;
    let mut rows = stmt.query([])?;
    let total: i64 = stored.query_row("SELECT count(*) FROM events", [], |row| row.get(0))?;
    let progress = crate::progress::progress(total as u64, "replaying events");
    let mut events = 0;
    let mut numbers = Numbers { stored, missing: 0 };
    while let Some(row) = rows.next()? {
        let kind: String = row.get(0)?;
        let claim: Option<i64> = row.get(1)?;
        let at: String = row.get(2)?;
        let payload: Value = serde_json::from_str(&row.get::<_, String>(3)?)?;
        replay(&rebuilt, &mut numbers, &kind, &at, &payload)?;
        if let Some(claim) = claim
            && kind != "claim.removed"
        {
            touch(&rebuilt, claim, &at)?;
        }
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

fn text(v: &Value) -> Option<&str> {
    v.as_str()
}

/// Replay finds every entity by its uuid, so that a history imported from another database
/// replays as well as one written here; a new entity takes the number the stored table gives
/// its uuid (numbers are local), or a negative one when the stored tables lack it (a
/// difference the comparison then reports).
struct Numbers<'a> {
    stored: &'a Connection,
    missing: i64,
}

impl Numbers<'_> {
    fn for_new(&mut self, table: &str, uuid: Option<&str>) -> Result<i64> {
        let found: Option<i64> = self
            .stored
            .prepare_cached(&format!("SELECT id FROM {table} WHERE uuid = ?1"))?
            .query_row([uuid], |row| row.get(0))
            .optional()?;
        Ok(found.unwrap_or_else(|| {
            self.missing -= 1;
            self.missing
        }))
    }
}

/// The number an entity has in the rebuilt tables, from the uuid at `pointer`.
fn existing(conn: &Connection, table: &str, p: &Value, pointer: &str) -> Result<i64> {
    let uuid = p.pointer(pointer).and_then(Value::as_str).ok_or_else(|| {
        Error::Invalid(format!("an event lacks {pointer}; the history is damaged"))
    })?;
    conn.prepare_cached(&format!("SELECT id FROM {table} WHERE uuid = ?1"))?
        .query_row([uuid], |row| row.get(0))
        .optional()?
        .ok_or_else(|| {
            Error::Invalid(format!(
                "an event refers to {table} {uuid}, which no earlier event added"
            ))
        })
}

fn source_id(conn: &Connection, uuid: &Value) -> Result<Option<i64>> {
    match uuid.as_str() {
        None => Ok(None),
        Some(_) => existing(conn, "sources", uuid, "").map(Some),
    }
}

fn changes(p: &Value) -> Map<String, Value> {
    p["changes"].as_object().cloned().unwrap_or_default()
}

fn replay(
    conn: &Connection,
    numbers: &mut Numbers<'_>,
    kind: &str,
    at: &str,
    p: &Value,
) -> Result<()> {
    match kind {
        "claim.added" => {
            let c = &p["claim"];
            let id = numbers.for_new("claims", text(&c["uuid"]))?;
            conn.prepare_cached(
                "INSERT INTO claims (id, uuid, text, happened, note, summary, created_at,
                                     last_activity)
                 VALUES (?1, ?2, ?3, ?4, ?5, '', ?6, ?6)",
            )?
            .execute(params![
                id,
                text(&c["uuid"]),
                text(&c["text"]),
                text(&c["happened"]),
                text(&c["note"]),
                text(&c["created_at"]).unwrap_or(at)
            ])?;
            for tag in c["tags"].as_array().into_iter().flatten() {
                conn.prepare_cached("INSERT INTO claim_tags (claim_id, tag) VALUES (?1, ?2)")?
                    .execute(params![id, tag.as_str()])?;
            }
        }
        "claim.edited" => {
            apply_claim_changes(conn, existing(conn, "claims", p, "/claim")?, &changes(p))?
        }
        "claim.removed" => remove_claim(conn, existing(conn, "claims", p, "/claim")?, at)?,
        "source.added" => {
            let s = &p["source"];
            let id = numbers.for_new("sources", text(&s["uuid"]))?;
            let name = text(&s["name"]).unwrap_or_default();
            conn.execute(
                "INSERT INTO sources (id, uuid, name, name_key, kind, role, affiliation,
                                      reliability, created_at, name_skeleton)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    id,
                    text(&s["uuid"]),
                    name,
                    name_key(name),
                    text(&s["kind"]),
                    text(&s["role"]),
                    text(&s["affiliation"]),
                    text(&s["reliability"]).unwrap_or("F"),
                    text(&s["created_at"]).unwrap_or(at),
                    name_skeleton(name)
                ],
            )?;
            for alias in s["aliases"].as_array().into_iter().flatten() {
                let alias = alias.as_str().unwrap_or_default();
                conn.execute(
                    "INSERT INTO source_aliases (source_id, alias, alias_key) VALUES (?1, ?2, ?3)",
                    params![id, alias, name_key(alias)],
                )?;
            }
        }
        "source.edited" => {
            apply_source_changes(conn, existing(conn, "sources", p, "/source")?, &changes(p))?
        }
        "source.removed" => remove_source(conn, existing(conn, "sources", p, "/source")?, at)?,
        "statement.added" => {
            let s = &p["statement"];
            conn.prepare_cached(
                "INSERT INTO statements (id, uuid, claim_id, source_id, stance, via_id,
                                         citing_id, quote, url, stated_at, recorded_at, note,
                                         reliability)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?
            .execute(params![
                numbers.for_new("statements", text(&s["uuid"]))?,
                text(&s["uuid"]),
                existing(conn, "claims", p, "/statement/claim")?,
                source_id(conn, &s["source"])?,
                text(&s["stance"]),
                source_id(conn, &s["via"])?,
                source_id(conn, &s["citing"])?,
                text(&s["quote"]),
                text(&s["url"]),
                text(&s["stated_at"]),
                text(&s["recorded_at"]).unwrap_or(at),
                text(&s["note"]),
                text(&s["reliability"]),
            ])?;
        }
        "statement.retracted" => set_retracted(
            conn,
            existing(conn, "statements", p, "/statement")?,
            Some((text(&p["retracted_at"]).unwrap_or(at), text(&p["note"]))),
        )?,
        "statement.unretracted" => {
            set_retracted(conn, existing(conn, "statements", p, "/statement")?, None)?
        }
        "statement.removed" => {
            remove_statement(conn, existing(conn, "statements", p, "/statement")?, at)?
        }
        "config.set" => set_config(conn, text(&p["key"]).unwrap_or_default(), text(&p["new"]))?,
        // An undo's own record: its compensating events carry the changes.
        "undo" => {}
        other => {
            return Err(Error::Invalid(format!(
                "the history holds an event of unknown kind '{other}'; a newer claims wrote it"
            )));
        }
    }
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
                        if p != q {
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

//! Field changes as events record them (`{"field": {"old", "new"}}`, aliases as `{"added"}` or
//! `{"removed"}`), applied in one place: by the writer for a command, by undo for its swapped
//! record, and by the rebuild when it replays the events. One path sets fields everywhere.

use rusqlite::params;
use serde_json::{Map, Value};

use super::derive;
use crate::Result;
use crate::model::{name_key, name_skeleton};

/// Marks a source removed (undo) and frees its aliases, which are unique across sources.
pub fn remove_source(conn: &rusqlite::Connection, source: i64, at: &str) -> Result<()> {
    conn.execute(
        "UPDATE sources SET removed_at = ?2 WHERE id = ?1",
        params![source, at],
    )?;
    conn.execute("DELETE FROM source_aliases WHERE source_id = ?1", [source])?;
    Ok(())
}

/// Sets a claim's fields to the `new` side of `changes` (text, happened, tags, verdict), and
/// rewrites its search document.
pub fn apply_claim_changes(
    conn: &rusqlite::Connection,
    claim: i64,
    changes: &Map<String, Value>,
) -> Result<()> {
    for (field, change) in changes {
        let new = &change["new"];
        match field.as_str() {
            "text"
            | "happened"
            | "verdict"
            | "verdict_explanation"
            | "verdict_url"
            | "verdict_at" => {
                conn.execute(
                    &format!("UPDATE claims SET {field} = ?2 WHERE id = ?1"),
                    params![claim, new.as_str()],
                )?;
            }
            "tags" => {
                conn.execute("DELETE FROM claim_tags WHERE claim_id = ?1", [claim])?;
                for tag in new
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                {
                    conn.execute(
                        "INSERT INTO claim_tags (claim_id, tag) VALUES (?1, ?2)",
                        params![claim, tag],
                    )?;
                }
            }
            _ => {}
        }
    }
    super::search::reindex(conn, claim)
}

/// Sets a source's fields to the `new` side of `changes`, adds or removes aliases, and
/// recomputes the claims that name or grade it.
pub fn apply_source_changes(
    conn: &rusqlite::Connection,
    source: i64,
    changes: &Map<String, Value>,
) -> Result<()> {
    for (field, change) in changes {
        let new = change["new"].as_str();
        match field.as_str() {
            "name" => {
                conn.execute(
                    "UPDATE sources SET name = ?2, name_key = ?3, name_skeleton = ?4 WHERE id = ?1",
                    params![source, new, new.map(name_key), new.map(name_skeleton)],
                )?;
            }
            "kind" | "role" | "affiliation" | "reliability" => {
                conn.execute(
                    &format!("UPDATE sources SET {field} = ?2 WHERE id = ?1"),
                    params![source, new],
                )?;
            }
            "aliases" => {
                let names = |key: &str| -> Vec<String> {
                    change[key]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                };
                for alias in names("added") {
                    conn.execute(
                        "INSERT INTO source_aliases (source_id, alias, alias_key)
                         VALUES (?1, ?2, ?3)",
                        params![source, alias, name_key(&alias)],
                    )?;
                }
                for alias in names("removed") {
                    conn.execute(
                        "DELETE FROM source_aliases WHERE source_id = ?1 AND alias_key = ?2",
                        params![source, name_key(&alias)],
                    )?;
                }
            }
            _ => {}
        }
    }
    if changes.contains_key("name") || changes.contains_key("reliability") {
        derive::recompute_claims_of(conn, source)?;
    }
    Ok(())
}

/// Marks an undone claim removed: it stays (events refer to it) and every read leaves it out.
pub fn remove_claim(conn: &rusqlite::Connection, claim: i64, at: &str) -> Result<()> {
    conn.execute(
        "UPDATE claims SET removed_at = ?2 WHERE id = ?1",
        params![claim, at],
    )?;
    super::search::reindex(conn, claim)
}

/// Marks an undone statement removed.
pub fn remove_statement(conn: &rusqlite::Connection, statement: i64, at: &str) -> Result<()> {
    conn.execute(
        "UPDATE statements SET removed_at = ?2 WHERE id = ?1",
        params![statement, at],
    )?;
    Ok(())
}

/// Retracts a statement (`Some((at, note))`) or makes it count again (`None`, an undo).
pub fn set_retracted(
    conn: &rusqlite::Connection,
    statement: i64,
    retraction: Option<(&str, Option<&str>)>,
) -> Result<()> {
    let (at, note) = retraction.map_or((None, None), |(at, note)| (Some(at), note));
    conn.execute(
        "UPDATE statements SET retracted_at = ?2, retraction_note = ?3 WHERE id = ?1",
        params![statement, at, note],
    )?;
    Ok(())
}

/// Marks activity on a claim: every event about a claim does (except its removal).
pub fn touch(conn: &rusqlite::Connection, claim: i64, at: &str) -> Result<()> {
    conn.prepare_cached("UPDATE claims SET last_activity = ?2 WHERE id = ?1")?
        .execute(params![claim, at])?;
    Ok(())
}

/// Sets a setting, or clears it (`None`, an undo of its first setting).
pub fn set_config(conn: &rusqlite::Connection, key: &str, value: Option<&str>) -> Result<()> {
    match value {
        Some(value) => conn.execute(
            "INSERT INTO config (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?,
        None => conn.execute("DELETE FROM config WHERE key = ?1", [key])?,
    };
    Ok(())
}

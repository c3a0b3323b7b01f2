//! Undo: the last command's changes reversed by compensating events, newest first. Nothing is
//! deleted: what an undone command added is marked removed, what it changed gets its old
//! values back, and an `undo` event names the command it reversed. Undo is last in, first out
//! over the commands not yet undone (undo commands themselves are never undone), so whatever a
//! reversed change touched was made by a command that is itself already undone or earlier.

use rusqlite::OptionalExtension;
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::apply::{
    apply_claim_changes, apply_source_changes, remove_claim, remove_source, remove_statement,
    set_config, set_retracted,
};
use super::derive::{self, Recomputed};
use super::write::Writer;
use crate::{Error, Result};

/// What `undo` reversed.
#[derive(Debug, Clone, Serialize)]
pub struct Undone {
    /// The uuid shared by the reversed command's events.
    pub command: String,
    pub at: String,
    pub actor: String,
    /// How many events the command had.
    pub events: usize,
    /// The kinds of the reversed events, newest first.
    pub kinds: Vec<String>,
    /// The events the undo appended, as `log` shows them (newest first).
    #[serde(skip)]
    pub reversed: Vec<(String, Value)>,
}

struct Reversal {
    kind: &'static str,
    claim: Option<i64>,
    payload: Value,
}

fn id_at(payload: &Value, pointer: &str) -> Result<i64> {
    payload
        .pointer(pointer)
        .and_then(Value::as_i64)
        .ok_or_else(|| {
            Error::Invalid(format!(
                "an event lacks {pointer}; run 'claims rebuild --check'"
            ))
        })
}

/// {"old": a, "new": b} → {"old": b, "new": a}, field by field.
fn swapped(changes: &Value) -> Map<String, Value> {
    changes
        .as_object()
        .into_iter()
        .flatten()
        .map(|(field, change)| {
            let change = match change.get("added") {
                Some(added) => json!({"removed": added}),
                None => json!({"old": change["new"], "new": change["old"]}),
            };
            (field.clone(), change)
        })
        .collect()
}

impl Writer<'_> {
    /// Reverses the newest command that is neither an undo nor undone already.
    pub fn undo_last(&mut self) -> Result<Undone> {
        let command: Option<(String, String, String)> = self
            .tx
            .query_row(
                "SELECT e.command, e.at, e.actor FROM events e
                  WHERE NOT EXISTS (SELECT 1 FROM events u
                                     WHERE u.command = e.command AND u.kind = 'undo')
                    AND e.command NOT IN (SELECT json_extract(payload, '$.command') FROM events
                                           WHERE kind = 'undo'
                                             AND json_extract(payload, '$.command') IS NOT NULL)
                  ORDER BY e.id DESC LIMIT 1",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?;
        let (command, at, actor) = command.ok_or(Error::NothingToUndo)?;
        let events: Vec<(String, String, String)> = self
            .tx
            .prepare("SELECT uuid, kind, payload FROM events WHERE command = ?1 ORDER BY id DESC")?
            .query_map([&command], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut reversed = Vec::new();
        for (uuid, kind, payload) in &events {
            let payload: Value = serde_json::from_str(payload)?;
            let mut reversal = self.reverse(kind, &payload)?;
            reversal.payload["undoes"] = json!(uuid);
            self.event(reversal.kind, reversal.claim, reversal.payload.clone())?;
            reversed.push((reversal.kind.to_string(), reversal.payload));
        }
        let kinds: Vec<String> = events.iter().map(|(_, kind, _)| kind.clone()).collect();
        self.event(
            "undo",
            None,
            json!({
                "command": command, "at": at, "actor": actor,
                "events": events.iter().map(|(uuid, _, _)| uuid).collect::<Vec<_>>(),
                "kinds": kinds,
            }),
        )?;
        Ok(Undone {
            command,
            at,
            actor,
            events: events.len(),
            kinds,
            reversed,
        })
    }

    fn reverse(&mut self, kind: &str, p: &Value) -> Result<Reversal> {
        Ok(match kind {
            "claim.added" => {
                let id = id_at(p, "/claim/id")?;
                remove_claim(&self.tx, id, &self.now)?;
                Reversal {
                    kind: "claim.removed",
                    claim: Some(id),
                    payload: json!({"claim": p["claim"]["uuid"], "id": id}),
                }
            }
            "claim.edited" => {
                let id = id_at(p, "/id")?;
                let changes = swapped(&p["changes"]);
                apply_claim_changes(&self.tx, id, &changes)?;
                Reversal {
                    kind: "claim.edited",
                    claim: Some(id),
                    payload: json!({"claim": p["claim"], "id": id, "changes": changes}),
                }
            }
            "source.added" => {
                let id = id_at(p, "/source/id")?;
                remove_source(&self.tx, id, &self.now)?;
                Reversal {
                    kind: "source.removed",
                    claim: None,
                    payload: json!({"source": p["source"]["uuid"], "id": id}),
                }
            }
            "source.edited" => {
                let id = id_at(p, "/id")?;
                let changes = swapped(&p["changes"]);
                apply_source_changes(&self.tx, id, &changes)?;
                Reversal {
                    kind: "source.edited",
                    claim: None,
                    payload: json!({"source": p["source"], "id": id, "changes": changes}),
                }
            }
            "statement.added" => {
                let id = id_at(p, "/statement/id")?;
                let claim = id_at(p, "/statement/claim_id")?;
                remove_statement(&self.tx, id, &self.now)?;
                let change = derive::refresh(&self.tx, claim)?;
                Reversal {
                    kind: "statement.removed",
                    claim: Some(claim),
                    payload: with_status(
                        json!({"statement": p["statement"]["uuid"], "id": id, "claim_id": claim}),
                        &change,
                    ),
                }
            }
            "statement.retracted" => {
                let id = id_at(p, "/id")?;
                let claim = id_at(p, "/claim_id")?;
                set_retracted(&self.tx, id, None)?;
                let change = derive::refresh(&self.tx, claim)?;
                Reversal {
                    kind: "statement.unretracted",
                    claim: Some(claim),
                    payload: with_status(
                        json!({"statement": p["statement"], "id": id, "claim_id": claim}),
                        &change,
                    ),
                }
            }
            "config.set" => {
                let key = p["key"].as_str().unwrap_or_default();
                set_config(&self.tx, key, p["old"].as_str())?;
                Reversal {
                    kind: "config.set",
                    claim: None,
                    payload: json!({"key": key, "old": p["new"], "new": p["old"]}),
                }
            }
            other => {
                return Err(Error::Invalid(format!(
                    "cannot undo an event of kind '{other}'; run 'claims rebuild --check'"
                )));
            }
        })
    }
}

fn with_status(mut payload: Value, change: &Recomputed) -> Value {
    payload["status"] = json!({
        "old": change.old_status.as_str(), "new": change.assessment.status.as_str()
    });
    payload["summary"] = json!({"old": change.old_summary, "new": change.assessment.summary});
    payload
}

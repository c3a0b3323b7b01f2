//! The local side of `claims sync`: this file's replica id and remote, how far it has pushed
//! and pulled (table `sync_state`, migration 0010), the local events to push, and the pulled
//! events applied through the one apply path and appended with their own uuid, time, actor,
//! command, and the replica they came from (`sync_origin`). None of this is an event: it is
//! about this file, not about the desk's record.

use rusqlite::{OptionalExtension, TransactionBehavior, params};
use uuid::Uuid;

use super::apply::{Apply, EventRow, Numbering, Refs, append};
use super::{Store, has_moved};
use crate::model::event::Recorded;
use crate::model::{ClaimId, IncomingEvent, ItemRef, OutgoingEvent, PulledBatch, StatementId};
use crate::{Error, Result};

impl Store {
    /// A value of this file's sync bookkeeping.
    pub fn sync_state(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM sync_state WHERE key = ?1")?
            .query_row([key], |row| row.get(0))
            .optional()?)
    }

    fn writable(&self, what: &str) -> Result<()> {
        match &self.read_only {
            Some(path) => Err(Error::ReadOnly {
                path: path.clone(),
                what: what.into(),
            }),
            None => Ok(()),
        }
    }

    /// Sets (or with `None` removes) a value of this file's sync bookkeeping.
    pub fn set_sync_state(&mut self, key: &str, value: Option<&str>) -> Result<()> {
        self.writable("this command writes to it")?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(path) = &self.file
            && has_moved(&tx)?
        {
            return Err(Error::DatabaseReplaced { path: path.clone() });
        }
        match value {
            Some(value) => tx
                .prepare_cached(
                    "INSERT INTO sync_state (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                )?
                .execute([key, value])?,
            None => tx
                .prepare_cached("DELETE FROM sync_state WHERE key = ?1")?
                .execute([key])?,
        };
        tx.commit()?;
        Ok(())
    }

    /// This file's replica id, made (a uuid v7) at its first sync.
    pub fn replica(&mut self) -> Result<String> {
        if let Some(replica) = self.sync_state("replica")? {
            return Ok(replica);
        }
        self.writable("sync writes to it")?;
        self.conn
            .prepare_cached("INSERT OR IGNORE INTO sync_state (key, value) VALUES ('replica', ?1)")?
            .execute([Uuid::now_v7().to_string()])?;
        Ok(self.sync_state("replica")?.unwrap_or_default())
    }

    /// Up to `limit` events of this file's own (not pulled) after event number `after`, in
    /// the order they were written.
    pub fn unpushed(&self, after: i64, limit: usize) -> Result<Vec<OutgoingEvent>> {
        let rows = self
            .conn
            .prepare_cached(
                "SELECT e.id, e.uuid, e.command, e.at, e.actor, e.kind, e.payload FROM events e
                  WHERE e.id > ?1
                    AND NOT EXISTS (SELECT 1 FROM sync_origin o WHERE o.event_id = e.id)
                  ORDER BY e.id LIMIT ?2",
            )?
            .query_map(params![after, limit as i64], |row| {
                Ok(OutgoingEvent {
                    id: row.get(0)?,
                    uuid: row.get(1)?,
                    command: row.get(2)?,
                    at: row.get(3)?,
                    actor: row.get(4)?,
                    kind: row.get(5)?,
                    payload: row.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Applies pulled events in one transaction, in the order given: each that is not here
    /// yet goes through the one apply path (references by uuid, new rows numbered here, its
    /// claims regraded), then is appended with its own uuid, time, actor and command, and its
    /// replica noted. `position` (the bookkeeping key and value saying how far the pull got)
    /// is written in the same transaction, so that a kill leaves both or neither.
    ///
    /// Concurrent edits of one field: the edit latest by (at, uuid) wins on every replica. A
    /// pulled edit of a field whose latest edit here is later loses that field (it is applied
    /// and stored without it; `sync_origin.original` keeps it whole). It counts as a concurrent
    /// edit then, and also when it wins over an edit of this file's own that no colleague could
    /// have seen (one after event `pushed_before`).
    pub fn apply_pulled(
        &mut self,
        events: &[IncomingEvent],
        position: Option<(&str, &str)>,
        pushed_before: i64,
    ) -> Result<PulledBatch> {
        self.writable("sync writes to it")?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(path) = &self.file
            && has_moved(&tx)?
        {
            return Err(Error::DatabaseReplaced { path: path.clone() });
        }
        let mut done = PulledBatch::default();
        for event in events {
            let here = tx
                .prepare_cached("SELECT 1 FROM events WHERE uuid = ?1")?
                .exists([&event.uuid])?;
            if here {
                continue;
            }
            same_name_source(&tx, event)?;
            let mut payload = event.payload.clone();
            let settled = settle(&tx, event, &mut payload, pushed_before)?;
            done.concurrent += settled.concurrent;
            let mut recorded =
                Recorded::from_value(&event.kind, payload).map_err(|e| pulled_error(event, e))?;
            Apply {
                conn: &tx,
                at: &event.at,
                numbering: Numbering::Next,
                refs: Refs::Uuids,
                regrade: true,
                mark_activity: true,
            }
            .apply(&mut recorded.change)
            .map_err(|e| pulled_error(event, e))?;
            append(
                &tx,
                &EventRow {
                    uuid: &event.uuid,
                    at: &event.at,
                    actor: &event.actor,
                    command: &event.command,
                    recorded: &recorded,
                },
            )?;
            tx.prepare_cached(
                "INSERT INTO sync_origin (event_id, replica, original) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![
                tx.last_insert_rowid(),
                event.replica,
                settled.lost.then(|| event.payload.to_string())
            ])?;
            done.applied += 1;
            done.replicas.insert(event.replica.clone());
            done.claims.extend(recorded.change.claim());
            done.claims.extend(recorded.change.marks_activity());
        }
        if let Some((key, value)) = position {
            tx.prepare_cached(
                "INSERT INTO sync_state (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute([key, value])?;
        }
        tx.commit()?;
        Ok(done)
    }
}

/// A colleague's new named source whose name a live source here has: the unique name would
/// refuse it. Merging the two on sync (the same source everywhere, as a recorded merge) is not
/// done yet; the error says how to get past it by hand.
fn same_name_source(conn: &rusqlite::Connection, event: &IncomingEvent) -> Result<()> {
    if event.kind != "source.added" {
        return Ok(());
    }
    let source = &event.payload["source"];
    let (Some(name), Some(kind)) = (source["name"].as_str(), source["kind"].as_str()) else {
        return Ok(());
    };
    if matches!(kind, "anonymous" | "desk") {
        return Ok(());
    }
    let here: Option<(i64, String)> = conn
        .prepare_cached(
            "SELECT id, uuid FROM sources WHERE name_key = ?1 AND kind NOT IN ('anonymous', 'desk')
                AND removed_at IS NULL AND uuid <> ?2",
        )?
        .query_row(
            params![crate::model::name_key(name), source["uuid"].as_str()],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    match here {
        None => Ok(()),
        Some((id, uuid)) => Err(Error::Invalid(format!(
            "{actor}'s new source '{name}' has the name of source #{id} here, and sync does not \
             make same-name sources one yet; rename yours (claims source edit '#{id}' --name \
             '{name} {tag}') and sync again, then merge the two (claims source merge); nothing \
             was pulled from this event on",
            actor = event.actor,
            tag = &uuid[uuid.len().saturating_sub(6)..],
        ))),
    }
}

/// What the concurrent-edit rule made of a pulled edit.
struct Settled {
    /// Some field lost to a later edit here, and was taken out of the payload.
    lost: bool,
    /// Fields edited concurrently here.
    concurrent: u64,
}

/// Applies the concurrent-edit rule to a pulled edit's payload: each field whose latest edit
/// here is later by (at, uuid) is taken out of it.
fn settle(
    conn: &rusqlite::Connection,
    event: &IncomingEvent,
    payload: &mut serde_json::Value,
    pushed_before: i64,
) -> Result<Settled> {
    let mut settled = Settled {
        lost: false,
        concurrent: 0,
    };
    let subject = match event.kind.as_str() {
        "claim.edited" => "claim",
        "source.edited" => "source",
        "statement.edited" => "statement",
        _ => return Ok(settled),
    };
    let Some(uuid) = payload
        .get(subject)
        .and_then(|v| v.as_str())
        .map(str::to_string)
    else {
        return Ok(settled);
    };
    let Some(changes) = payload.get_mut("changes").and_then(|c| c.as_object_mut()) else {
        return Ok(settled);
    };
    let fields: Vec<String> = changes.keys().cloned().collect();
    // A claim's edits are found through the claim's events (an index); a source's or a
    // statement's (which may have moved between claims) by reading the edits of their kind.
    let claim: Option<i64> = match subject {
        "claim" => conn
            .prepare_cached("SELECT id FROM claims WHERE uuid = ?1")?
            .query_row([&uuid], |row| row.get(0))
            .optional()?,
        _ => None,
    };
    for field in fields {
        // Aliases are added and dropped one by one, not set: every edit of them stands.
        if field == "aliases" {
            continue;
        }
        let latest: Option<(String, String, i64, bool)> = conn
            .prepare_cached(
                "SELECT e.at, e.uuid, e.id, o.event_id IS NOT NULL FROM events e
                   LEFT JOIN sync_origin o ON o.event_id = e.id
                  WHERE (?5 IS NULL OR e.claim_id = ?5)
                    AND e.kind = ?1 AND json_extract(e.payload, '$.' || ?2) = ?3
                    AND json_type(e.payload, '$.changes.' || ?4) IS NOT NULL
                  ORDER BY e.at DESC, e.uuid DESC LIMIT 1",
            )?
            .query_row(params![event.kind, subject, uuid, field, claim], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })
            .optional()?;
        let Some((at, other, id, pulled)) = latest else {
            continue;
        };
        if (at.as_str(), other.as_str()) > (event.at.as_str(), event.uuid.as_str()) {
            changes.remove(&field);
            settled.lost = true;
            settled.concurrent += 1;
        } else if !pulled && id > pushed_before {
            settled.concurrent += 1;
        }
    }
    Ok(settled)
}

/// A pulled event that cannot be applied here: said with the event, so that the desk can find it.
fn pulled_error(event: &IncomingEvent, error: Error) -> Error {
    Error::Invalid(format!(
        "the remote's event {} ({}, by {} at {}) cannot be applied here: {error}",
        event.uuid, event.kind, event.actor, event.at
    ))
}

impl Store {
    /// The claim a typed reference names: its number, or the one claim whose uuid starts so.
    pub fn resolve_claim(&self, item: &ItemRef) -> Result<ClaimId> {
        Ok(ClaimId(self.resolve("claims", "claim", item)?))
    }

    /// The statement a typed reference names: its number, or the one statement whose uuid
    /// starts so.
    pub fn resolve_statement(&self, item: &ItemRef) -> Result<StatementId> {
        Ok(StatementId(self.resolve(
            "statements",
            "statement",
            item,
        )?))
    }

    fn resolve(&self, table: &str, what: &'static str, item: &ItemRef) -> Result<i64> {
        let prefix = match item {
            ItemRef::Number(n) => return Ok(*n),
            ItemRef::Uuid(prefix) => prefix,
        };
        let found: Vec<i64> = self
            .conn
            .prepare_cached(&format!(
                "SELECT id FROM {table} WHERE replace(uuid, '-', '') LIKE ?1 || '%' LIMIT 2"
            ))?
            .query_map([prefix], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        match found.as_slice() {
            [id] => Ok(*id),
            [] => Err(Error::NoSuchUuid {
                what,
                prefix: prefix.clone(),
            }),
            _ => Err(Error::AmbiguousUuid {
                what,
                prefix: prefix.clone(),
            }),
        }
    }
}

//! The local side of `claims sync`: this file's replica id and remote, how far it has pushed
//! and pulled (table `sync_state`, migration 0010), the local events to push, and the pulled
//! events applied through the one apply path and appended with their own uuid, time, actor,
//! command, and the replica they came from (`sync_origin`). None of this is an event: it is
//! about this file, not about the desk's record.
//!
//! The merge rules read the typed history only: a pulled event is read into its `Change`
//! first; the concurrent-edit rule compares an edit's fields with `field_edits` (the latest
//! edit here of each field, kept by the one append); same-name sources are found by their
//! name key. No SQL here reads a payload.

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::apply::{Apply, EventRow, Numbering, Refs, append, note_field_edits, shadow_key};
use super::claim_merges::{self, MergeHistory};
use super::resolve::SourceRef;
use super::write::Writer;
use super::{Store, derive, search};
use crate::model::event::{Change, Recorded, SourceMerge, kinds};
use crate::model::{
    ClaimId, ConcurrentEdit, IncomingEvent, ItemRef, OutgoingEvent, PulledBatch, StatementId,
    drop_field, edited_fields, edited_number, name_key,
};
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
        let tx = self.begin_write("this command writes to it")?;
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

    /// This file's own events after event `after` (the pulled ones are not this file's to
    /// push), `limit` at most, in order; and how far that read went: the last of them when
    /// there were `limit`, else the newest event there is, read in the same snapshot. A file
    /// that only pulls moves its push mark past what it pulled that way, and a sync with
    /// nothing to push does not read the history again.
    pub fn unpushed(&self, after: i64, limit: usize) -> Result<(Vec<OutgoingEvent>, i64)> {
        self.reading(|conn| {
            let rows: Vec<OutgoingEvent> = conn
                .prepare_cached(
                    "SELECT e.id, e.uuid, e.command, e.at, e.actor, e.kind, e.payload
                       FROM events e
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
            let upto = match rows.last() {
                Some(last) if rows.len() == limit => last.id,
                _ => conn
                    .prepare_cached("SELECT coalesce(max(id), 0) FROM events")?
                    .query_row([], |row| row.get::<_, i64>(0))?
                    .max(after),
            };
            Ok((rows, upto))
        })
    }

    /// How many of this file's own events come after `after` (those a push sends).
    pub fn count_unpushed(&self, after: i64) -> Result<u64> {
        self.reading(|conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT count(*) FROM events e
                      WHERE e.id > ?1
                        AND NOT EXISTS (SELECT 1 FROM sync_origin o WHERE o.event_id = e.id)",
                )?
                .query_row([after], |row| row.get::<_, i64>(0))? as u64)
        })
    }

    /// Applies pulled events in one transaction, in the order given: each that is not here
    /// yet is read into its typed change, goes through the one apply path (references by
    /// uuid, new rows numbered here, its claims regraded), then is appended with its own uuid,
    /// time, actor and command, and its replica noted. `position` (the bookkeeping key and
    /// value saying how far the pull got) is written in the same transaction, so that a kill
    /// leaves both or neither.
    ///
    /// Concurrent edits of one field: the edit latest by (at, uuid) wins on every replica. A
    /// pulled edit of a field whose latest edit here is later loses that field (it is applied
    /// and stored without it; `sync_origin.original` keeps it whole). It counts as a concurrent
    /// edit then, and also when it wins over an edit of this file's own that no colleague could
    /// have seen (one after event `pushed_before`); either way `sync_concurrent` notes it.
    ///
    /// Merges: a pulled merge of a claim or source, or undo of one, is settled by the merge rule
    /// (`claim_merges`): the earliest merge of a thing stands, a later one is void, and one
    /// applied here first is taken back; likewise an undo of a removal or retraction leaves
    /// standing the earliest one not undone.
    ///
    /// Same-name sources: a pulled named source whose name and kind a live source here has
    /// too (each made on its own laptop) is merged, in the same transaction, into whichever of
    /// the two has the smaller uuid, as a `source merge` by "`actor` (sync)"; that merge syncs
    /// like any.
    pub fn apply_pulled(
        &mut self,
        events: &[IncomingEvent],
        position: Option<(&str, &str)>,
        pushed_before: i64,
        actor: &str,
    ) -> Result<PulledBatch> {
        let tx = self.begin_write("sync writes to it")?;
        // The merges a pull makes are the sync's, not a command the person typed: their own
        // actor keeps `undo` from taking one back as that person's last command.
        let mut writer = Writer::new(tx, &format!("{actor} (sync)"));
        let mut done = PulledBatch::default();
        let mut new_sources = Vec::new();
        let mut named = std::collections::BTreeSet::new();
        // A claim's statements come many to a batch: each claim they add to is graded once,
        // when the batch is in, not once for each (a regrade reads all of a claim's
        // statements). Every other change regrades as it applies, as it does on the writer.
        let mut to_grade = std::collections::BTreeSet::new();
        // Every claim the batch regrades is reindexed once, at its end.
        let index_later = std::cell::RefCell::new(std::collections::BTreeSet::new());
        let mut merges = MergeHistory::default();
        for event in events {
            let tx = &writer.tx;
            let here = tx
                .prepare_cached("SELECT 1 FROM events WHERE uuid = ?1")?
                .exists([&event.uuid])?;
            if here {
                continue;
            }
            let mut recorded = Recorded::from_value(&event.kind, event.payload.clone())
                .map_err(|e| pulled_error(event, e))?;
            recorded.settled = None;
            let settled = settle(tx, event, &mut recorded.change, pushed_before)?;
            if matches!(
                recorded.change,
                Change::ClaimMerged(_) | Change::ClaimUnmerged(_)
            ) {
                merges.settle(tx, event, &mut recorded)?;
            }
            if matches!(
                recorded.change,
                Change::SourceMerged(_) | Change::SourceUnmerged(_)
            ) {
                merges.settle_source(tx, event, &mut recorded)?;
            }
            if matches!(
                recorded.change,
                Change::ClaimUndismissed(_) | Change::StatementUnretracted(_)
            ) {
                claim_merges::settle_restore(tx, &mut recorded)?;
            }
            let added = matches!(recorded.change, Change::StatementAdded(_));
            Apply {
                conn: tx,
                at: &event.at,
                numbering: Numbering::Next,
                refs: Refs::Uuids,
                regrade: !added,
                mark_activity: true,
                index_later: Some(&index_later),
                source_numbers: None,
            }
            .apply_recorded(&mut recorded)
            .map_err(|e| pulled_error(event, e))?;
            merges.applied(event)?;
            if let Some(settled) = &recorded.settled {
                done.merges_void += u64::from(settled.void);
                done.merges_taken_back +=
                    (settled.taken_back.len() + settled.sources_taken_back.len()) as u64;
            }
            if let Change::StatementAdded(p) = &recorded.change {
                to_grade.insert(p.statement.claim_id);
            }
            let id = append(
                tx,
                &EventRow {
                    uuid: &event.uuid,
                    at: &event.at,
                    actor: &event.actor,
                    command: &event.command,
                    recorded: &recorded,
                },
            )?;
            let lost = settled.met.iter().any(|m| !m.won);
            tx.prepare_cached(
                "INSERT INTO sync_origin (event_id, replica, original) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![
                id,
                event.replica,
                lost.then(|| event.payload.to_string())
            ])?;
            if let Some((item, uuid, _)) = edited_fields(&recorded.change) {
                let number = edited_number(&recorded.change).unwrap_or_default();
                for met in &settled.met {
                    tx.prepare_cached(
                        "INSERT OR REPLACE INTO sync_concurrent (event_id, field, won, other)
                         VALUES (?1, ?2, ?3, ?4)",
                    )?
                    .execute(params![id, met.field, met.won, met.other])?;
                    let (stands, over) = if met.won {
                        (&event.actor, &met.other_actor)
                    } else {
                        (&met.other_actor, &event.actor)
                    };
                    done.edits.push(ConcurrentEdit {
                        item,
                        id: number,
                        uuid: uuid.to_string(),
                        field: met.field.to_string(),
                        event: event.uuid.clone(),
                        pulled_won: met.won,
                        stands: stands.clone(),
                        over: over.clone(),
                    });
                }
            }
            done.concurrent += settled.met.len() as u64;
            match &recorded.change {
                Change::SourceAdded(p) => new_sources.push(p.source.uuid.clone()),
                // Renamed to a name a source here has: one source, as if both were made so.
                Change::SourceEdited(p) if p.changes.name.is_some() => {
                    new_sources.push(p.source.clone());
                }
                Change::StatementAdded(_)
                | Change::StatementEdited(_)
                | Change::SourceMerged(_) => {
                    named.extend(recorded.change.names().into_iter().map(str::to_string));
                }
                _ => {}
            }
            done.applied += 1;
            done.replicas.insert(event.replica.clone());
            done.claims.extend(recorded.change.claim());
            done.claims.extend(recorded.change.marks_activity());
        }
        for claim in to_grade {
            derive::recompute(&writer.tx, claim)?;
            index_later.borrow_mut().insert(claim);
        }
        // Once the whole batch is here: a merge the other laptop made already may be in it.
        for uuid in &new_sources {
            done.merged += same_name_source(&mut writer, uuid)?;
        }
        done.recorded += done.merged;
        for uuid in &named {
            done.recorded += follow_merge(&mut writer, uuid)?;
        }
        search::reindex_set(&writer.tx, &index_later.borrow())?;
        if let Some((key, value)) = position {
            writer
                .tx
                .prepare_cached(
                    "INSERT INTO sync_state (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                )?
                .execute([key, value])?;
        }
        writer.commit()?;
        Ok(done)
    }

    /// Fills `field_edits` from the history (migration 0010's Rust step): the latest edit of
    /// every field of every claim, source and statement, read from the typed events.
    pub(super) fn fill_field_edits(conn: &Connection) -> Result<()> {
        let mut stmt = conn.prepare(
            "SELECT id, uuid, at, actor, command, kind, payload FROM events
              WHERE kind IN (?1, ?2, ?3, ?4) ORDER BY id",
        )?;
        let mut rows = stmt.query(params![
            kinds::CLAIM_EDITED,
            kinds::SOURCE_EDITED,
            kinds::STATEMENT_EDITED,
            kinds::STATEMENT_MOVED
        ])?;
        while let Some(row) = rows.next()? {
            let (id, uuid, at, actor, command, kind, payload): (
                i64,
                String,
                String,
                String,
                String,
                String,
                String,
            ) = (
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
                row.get(5)?,
                row.get(6)?,
            );
            let recorded = Recorded::parse(&kind, &payload)?;
            note_field_edits(
                conn,
                id,
                &EventRow {
                    uuid: &uuid,
                    at: &at,
                    actor: &actor,
                    command: &command,
                    recorded: &recorded,
                },
            )?;
        }
        Ok(())
    }
}

/// A colleague's new named source that has the name (by key) and the kind of another live,
/// unmerged source here: the two become one, the one with the larger uuid merged into the
/// other, recorded as this file's `source merge`. Whatever the order of syncs, every file
/// keeps the same one (two laptops may both record the merge; the second changes nothing).
/// Anonymous sources answer to no name and desks stand for a person: never merged. Returns
/// the merges recorded.
fn same_name_source(writer: &mut Writer<'_>, uuid: &str) -> Result<u64> {
    let live = "removed_at IS NULL AND merged_into IS NULL AND kind NOT IN ('anonymous', 'desk')";
    let this: Option<SourceRef> = writer
        .tx
        .prepare_cached(&format!(
            "SELECT id, uuid, name, kind FROM sources WHERE uuid = ?1 AND {live}"
        ))?
        .query_row([uuid], SourceRef::from_row)
        .optional()?;
    let Some(this) = this else { return Ok(0) };
    // The one holding the name, and any kept under its own key (`shadow_key`).
    let key = name_key(&this.name);
    let mut alike: Vec<SourceRef> = writer
        .tx
        .prepare_cached(&format!(
            "SELECT id, uuid, name, kind FROM sources
              WHERE (name_key = ?1 OR (name_key >= ?2 AND name_key < ?3)) AND kind = ?4
                AND {live}"
        ))?
        .query_map(
            params![key, shadow_key(&key, ""), format!("{key}\u{20}"), this.kind],
            SourceRef::from_row,
        )?
        .collect::<rusqlite::Result<_>>()?;
    if alike.len() < 2 {
        return Ok(0);
    }
    alike.sort_by(|a, b| a.uuid.cmp(&b.uuid));
    let (kept, merged) = alike.split_first().expect("two or more");
    for source in merged {
        writer.merge_source(source, kept)?;
    }
    Ok(merged.len() as u64)
}

/// A merged source that statements here still name: a colleague spoke through it before the
/// merge reached them, or the merge came before their statement. They join the source it was
/// merged into, as a merge made again by the sync, listing only them (a merge into the source
/// already joined takes effect beside the first, by the merge rule); and if that one is merged
/// too, on up the chain. Once every file has them all, no statement names a merged source,
/// whatever the order.
fn follow_merge(writer: &mut Writer<'_>, uuid: &str) -> Result<u64> {
    let mut recorded = 0;
    let mut next = Some(uuid.to_string());
    let mut hops = 0;
    while let Some(uuid) = next.take() {
        hops += 1;
        if hops > 64 {
            break;
        }
        let merged: Option<(SourceRef, String)> = writer
            .tx
            .prepare_cached(
                "SELECT id, uuid, name, kind, merged_into FROM sources
                  WHERE uuid = ?1 AND merged_into IS NOT NULL",
            )?
            .query_row([&uuid], |row| Ok((SourceRef::from_row(row)?, row.get(4)?)))
            .optional()?;
        let Some((source, into)) = merged else { break };
        let into: SourceRef = writer
            .tx
            .prepare_cached("SELECT id, uuid, name, kind FROM sources WHERE uuid = ?1")?
            .query_row([&into], SourceRef::from_row)?;
        next = Some(into.uuid.clone());
        let [statements, via, citing] = writer.statements_naming(source.id)?;
        if statements.is_empty() && via.is_empty() && citing.is_empty() {
            continue;
        }
        writer.record(
            Change::SourceMerged(SourceMerge {
                source: source.uuid,
                id: source.id.0,
                name: source.name,
                into: into.uuid,
                into_id: into.id.0,
                into_name: into.name,
                aliases: Vec::new(),
                added: Vec::new(),
                statements,
                via,
                citing,
            }),
            true,
        )?;
        recorded += 1;
    }
    Ok(recorded)
}

/// An edit of one field here that a pulled edit of it met.
struct Met {
    field: &'static str,
    /// Whether the pulled edit's value stands.
    won: bool,
    /// The other edit's event uuid and actor.
    other: String,
    other_actor: String,
}

/// What the concurrent-edit rule made of a pulled edit.
#[derive(Default)]
struct Settled {
    met: Vec<Met>,
}

/// Applies the concurrent-edit rule to a pulled edit: each field whose latest edit here is
/// later by (at, uuid) is taken out of it; each field whose latest edit here is earlier but
/// this file's own and unshared (after event `pushed_before`) is noted as won.
fn settle(
    conn: &Connection,
    event: &IncomingEvent,
    change: &mut Change,
    pushed_before: i64,
) -> Result<Settled> {
    let mut settled = Settled::default();
    let Some((_, item, fields)) = edited_fields(change) else {
        return Ok(settled);
    };
    let item = item.to_string();
    // A pulled move takes the statement from the claim it is on here, which a colleague's
    // move may have changed since: the history stored says so, and rebuilds alike.
    let here: Option<String> = match change {
        Change::StatementMoved(_) => conn
            .prepare_cached(
                "SELECT c.uuid FROM statements s JOIN claims c ON c.id = s.claim_id
                  WHERE s.uuid = ?1",
            )?
            .query_row([&item], |row| row.get(0))
            .optional()?,
        _ => None,
    };
    if let (Change::StatementMoved(p), Some(here)) = (&mut *change, &here) {
        p.claim.old = here.clone();
    }
    for field in fields {
        let latest: Option<(String, String, i64, bool, String)> = conn
            .prepare_cached(
                "SELECT f.at, f.event, f.event_id, o.event_id IS NOT NULL, e.actor
                   FROM field_edits f
                   JOIN events e ON e.id = f.event_id
                   LEFT JOIN sync_origin o ON o.event_id = f.event_id
                  WHERE f.item = ?1 AND f.field = ?2",
            )?
            .query_row(params![item, field], |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                ))
            })
            .optional()?;
        let Some((at, other, id, pulled, other_actor)) = latest else {
            continue;
        };
        if (at.as_str(), other.as_str()) > (event.at.as_str(), event.uuid.as_str()) {
            match (&mut *change, &here) {
                // A move that lost leaves the statement where the later move put it.
                (Change::StatementMoved(p), Some(here)) => p.claim.new = here.clone(),
                _ => drop_field(change, field),
            }
            settled.met.push(Met {
                field,
                won: false,
                other,
                other_actor,
            });
        } else if !pulled && id > pushed_before {
            settled.met.push(Met {
                field,
                won: true,
                other,
                other_actor,
            });
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

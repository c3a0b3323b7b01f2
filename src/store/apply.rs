//! The one apply path: every `Change` reaches the tables here, whoever makes it (the writer for
//! a command, undo for its reversal, the rebuild when it replays the history, an import for
//! the rows and history a file brings). No other code writes claims, sources, statements,
//! tags or aliases. One function appends events (`append`).

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use rusqlite::{Connection, OptionalExtension, params};

use super::derive::{self, Recomputed};
use crate::interchange::MAX_IMPORTED_NUMBER;
use crate::model::event::{
    AddedClaim, AddedSource, AddedStatement, Change, ClaimFields, ClaimMerge, Move, Recorded,
    Regrading, SettledMerge, SourceFields, SourceLink, SourceMerge, StatementFields,
};
use crate::model::{SourceKind, Status, edited_fields, name_key, name_skeleton, summarize};
use crate::{Error, Result};

/// How a new claim, source or statement is numbered. Numbers are local to a database; uuids
/// say which thing it is everywhere.
pub(super) enum Numbering<'a> {
    /// The next free number: what the writer gives what a command makes.
    Next,
    /// The number the change carries, if it is free here: an import keeps an export's numbers
    /// where it can.
    Carried,
    /// The number the stored tables give the uuid; for a row they lack, the number the change
    /// carries (when no stored row has it), so that a difference is shown under the number
    /// the history gave it: a rebuild, and the replay of an import, beside the stored tables.
    Stored(&'a Connection),
}

/// How a change's references to what exists already are read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Refs {
    /// By the numbers the change carries: they are this database's (the writer, undo).
    Numbers,
    /// By uuid, and the numbers in the change set to this database's: a history replayed or
    /// brought from another file.
    Uuids,
}

/// Where and how changes are applied.
pub(super) struct Apply<'a> {
    pub conn: &'a Connection,
    /// The change's time: when a removal happened, and the activity it marks.
    pub at: &'a str,
    pub numbering: Numbering<'a>,
    pub refs: Refs,
    /// Regrade and reindex the claims a change touches at once (the writer, undo), or leave
    /// it to the caller, who does it once for many changes (a rebuild, a bulk import).
    pub regrade: bool,
    /// Mark activity on the claim the change is about (`Change::marks_activity`).
    pub mark_activity: bool,
    /// Where a regrade leaves the claims whose search documents it would rewrite, for the
    /// caller to reindex together (`search::reindex_set`) once many changes are in: a pull
    /// touches each claim several times in a batch, and FTS5 writes out its pending terms
    /// before every delete. `None`: reindexed at once.
    pub index_later: Option<&'a RefCell<BTreeSet<i64>>>,
    /// The numbers of sources found by uuid, kept across the changes of a bulk apply (an
    /// import): a statement names one to three, most often the same few. `None`: looked up
    /// each time.
    pub source_numbers: Option<&'a RefCell<SourceNumbers>>,
}

/// Sources' numbers by uuid, as `by_uuid` found them. A row's number never changes and no row
/// is deleted, so what was found stays true for the rest of the transaction. Holds at most
/// `SourceNumbers::MOST` (a file of more sources looks the rest up each time).
#[derive(Default)]
pub(super) struct SourceNumbers(HashMap<String, i64>);

impl SourceNumbers {
    const MOST: usize = 65_536;

    fn number(&mut self, conn: &Connection, uuid: &str) -> Result<i64> {
        if let Some(id) = self.0.get(uuid) {
            return Ok(*id);
        }
        let id = by_uuid(conn, "sources", uuid)?;
        if self.0.len() < Self::MOST {
            self.0.insert(uuid.to_string(), id);
        }
        Ok(id)
    }
}

impl Apply<'_> {
    /// The writer's and undo's way: numbers of this database, regraded at once.
    pub(super) fn local<'a>(conn: &'a Connection, at: &'a str, regrade: bool) -> Apply<'a> {
        Apply {
            conn,
            at,
            numbering: Numbering::Next,
            refs: Refs::Numbers,
            regrade,
            mark_activity: regrade,
            index_later: None,
            source_numbers: None,
        }
    }

    /// Applies one recorded change as its event says it was applied: a pulled claim merge (or
    /// undo of one) that the merge rule settled (`Settled`) takes back the merges it made
    /// void first, is itself applied unless void, then applies the merges it let stand, and
    /// puts the statements they list where the rule says.
    pub(super) fn apply_recorded(&self, recorded: &mut Recorded) -> Result<Option<Recomputed>> {
        let Some(settled) = &mut recorded.settled else {
            return self.apply(&mut recorded.change);
        };
        for entry in &mut settled.sources_taken_back {
            self.source_merge_numbers(&mut entry.merge)?;
            self.merge_source(&entry.merge, entry.merged)?;
        }
        for entry in &mut settled.taken_back {
            self.nested_merge(entry)?;
        }
        let regraded = if settled.void {
            // Applied nowhere, but stored with this file's numbers, as every event is.
            match &mut recorded.change {
                Change::ClaimMerged(p) | Change::ClaimUnmerged(p) => {
                    p.id = self.claim_number(&p.claim, p.id)?;
                    p.into_id = self.claim_number(&p.into, p.into_id)?;
                }
                Change::SourceMerged(p) | Change::SourceUnmerged(p) => {
                    self.source_merge_numbers(p)?;
                }
                _ => {}
            }
            None
        } else {
            self.apply(&mut recorded.change)?
        };
        if let Some(still) = &settled.still {
            let mark = Some((still.at.as_str(), still.note.as_deref()));
            match &recorded.change {
                Change::ClaimUndismissed(p) => self.dismiss_claim(p.id, mark)?,
                Change::StatementUnretracted(p) => {
                    self.set_retracted(p.id, mark)?;
                    if self.regrade {
                        self.refresh(p.claim_id)?;
                    }
                }
                _ => {}
            }
        }
        for entry in &mut settled.applied {
            self.nested_merge(entry)?;
        }
        for entry in &mut settled.sources_applied {
            self.source_merge_numbers(&mut entry.merge)?;
            self.merge_source(&entry.merge, entry.merged)?;
        }
        let mut claims = Vec::new();
        for on in &settled.statements {
            let to = by_uuid(self.conn, "claims", &on.claim)?;
            let from = self.place_statement(&on.statement, to)?;
            if from != to {
                claims.extend([from, to]);
            }
        }
        if self.regrade && !claims.is_empty() {
            claims.sort_unstable();
            claims.dedup();
            for claim in claims {
                self.refresh(claim)?;
            }
        }
        Ok(regraded)
    }

    /// Puts the statement `uuid` on claim `to`, wherever it is; gives the claim it was on.
    fn place_statement(&self, uuid: &str, to: i64) -> Result<i64> {
        let from: i64 = self
            .conn
            .prepare_cached("SELECT claim_id FROM statements WHERE uuid = ?1")?
            .query_row([uuid], |row| row.get(0))
            .optional()?
            .ok_or_else(|| unknown("statements", uuid))?;
        if from != to {
            self.conn
                .prepare_cached("UPDATE statements SET claim_id = ?2 WHERE uuid = ?1")?
                .execute(params![uuid, to])?;
        }
        Ok(from)
    }

    /// A merge taken back or applied by the merge rule of a sync, inside another event.
    fn nested_merge(&self, entry: &mut SettledMerge) -> Result<()> {
        let p = &mut entry.merge;
        p.id = self.claim_number(&p.claim, p.id)?;
        p.into_id = self.claim_number(&p.into, p.into_id)?;
        self.merge_claim(p, entry.merged)?;
        if self.mark_activity {
            touch(self.conn, p.into_id, self.at)?;
        }
        Ok(())
    }

    /// Applies one change, setting in it the numbers it was given (a new row's) or found (by
    /// uuid), and how it moved its claim's status when it regraded one.
    pub(super) fn apply(&self, change: &mut Change) -> Result<Option<Recomputed>> {
        let regraded = match change {
            Change::ClaimAdded(p) => {
                let id = self.add_claim(&mut p.claim)?;
                if self.regrade {
                    self.refresh(id)?;
                }
                None
            }
            Change::ClaimEdited(p) => {
                p.id = self.claim_number(&p.claim, p.id)?;
                self.set_claim_fields(p.id, &p.changes)?;
                self.reindex(p.id)?;
                None
            }
            Change::ClaimRemoved(p) => {
                p.id = self.claim_number(&p.claim, p.id)?;
                self.mark_claim(p.id, Some(self.at))?;
                None
            }
            Change::ClaimRestored(p) => {
                p.id = self.claim_number(&p.claim, p.id)?;
                self.mark_claim(p.id, None)?;
                None
            }
            Change::SourceAdded(p) => {
                self.add_source(&mut p.source)?;
                None
            }
            Change::SourceEdited(p) => {
                p.id = self.number_of("sources", &p.source, p.id)?;
                self.set_source_fields(p.id, &p.changes)?;
                if self.regrade && (p.changes.name.is_some() || p.changes.reliability.is_some()) {
                    derive::recompute_claims_of(self.conn, p.id)?;
                }
                None
            }
            Change::SourceRemoved(p) => {
                p.id = self.number_of("sources", &p.source, p.id)?;
                self.conn
                    .prepare_cached("UPDATE sources SET removed_at = ?2 WHERE id = ?1")?
                    .execute(params![p.id, self.at])?;
                // Aliases are unique across sources: a removed source frees its own.
                self.conn
                    .prepare_cached("DELETE FROM source_aliases WHERE source_id = ?1")?
                    .execute([p.id])?;
                None
            }
            Change::SourceRestored(p) => {
                p.id = self.number_of("sources", &p.source, p.id)?;
                self.conn
                    .prepare_cached("UPDATE sources SET removed_at = NULL WHERE id = ?1")?
                    .execute([p.id])?;
                None
            }
            Change::StatementAdded(p) => {
                self.add_statement(&mut p.statement)?;
                self.regraded(p.statement.claim_id)?
            }
            Change::StatementRetracted(p) => {
                (p.id, p.claim_id) = self.statement_numbers(&p.statement, p.id, p.claim_id)?;
                self.set_retracted(p.id, Some((&p.retracted_at, p.note.as_deref())))?;
                self.regraded(p.claim_id)?
            }
            Change::StatementUnretracted(p) => {
                (p.id, p.claim_id) = self.statement_numbers(&p.statement, p.id, p.claim_id)?;
                self.set_retracted(p.id, None)?;
                self.regraded(p.claim_id)?
            }
            Change::StatementRemoved(p) => {
                (p.id, p.claim_id) = self.statement_numbers(&p.statement, p.id, p.claim_id)?;
                self.mark_statement(p.id, Some(self.at))?;
                self.regraded(p.claim_id)?
            }
            Change::StatementRestored(p) => {
                (p.id, p.claim_id) = self.statement_numbers(&p.statement, p.id, p.claim_id)?;
                self.mark_statement(p.id, None)?;
                self.regraded(p.claim_id)?
            }
            Change::SettingSet(p) => {
                match &p.new {
                    Some(value) => self
                        .conn
                        .prepare_cached(
                            "INSERT INTO config (key, value) VALUES (?1, ?2)
                             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        )?
                        .execute(params![p.key, value])?,
                    None => self
                        .conn
                        .prepare_cached("DELETE FROM config WHERE key = ?1")?
                        .execute([&p.key])?,
                };
                None
            }
            // An undo's or a redo's own record: the changes beside it carry what it did.
            Change::Undo(_) | Change::Redo(_) | Change::Empty(_) => None,
            Change::StatementEdited(p) => {
                (p.id, p.claim_id) = self.statement_numbers(&p.statement, p.id, p.claim_id)?;
                self.set_statement_fields(p.id, &p.changes)?;
                self.regraded(p.claim_id)?
            }
            Change::StatementMoved(p) => {
                if self.refs == Refs::Uuids {
                    p.id = by_uuid(self.conn, "statements", &p.statement)?;
                    p.claim_id = Move::new(
                        by_uuid(self.conn, "claims", &p.claim.old)?,
                        by_uuid(self.conn, "claims", &p.claim.new)?,
                    );
                } else {
                    // A command's own move (its redo included) never lands on a removed claim;
                    // a history replayed is taken as it was.
                    let removed = self
                        .conn
                        .prepare_cached(
                            "SELECT 1 FROM claims WHERE id = ?1 AND removed_at IS NOT NULL",
                        )?
                        .exists([p.claim_id.new])?;
                    if removed {
                        return Err(Error::ClaimNotFound(crate::model::ClaimId(p.claim_id.new)));
                    }
                }
                self.conn
                    .prepare_cached("UPDATE statements SET claim_id = ?2 WHERE id = ?1")?
                    .execute(params![p.id, p.claim_id.new])?;
                if self.regrade {
                    let left = self.refresh(p.claim_id.old)?;
                    p.from = Some(Regrading {
                        status: Move::new(left.old_status, left.assessment.status),
                        summary: Move::new(left.old_summary, left.assessment.summary),
                    });
                }
                self.regraded(p.claim_id.new)?
            }
            Change::SourceMerged(p) => {
                self.source_merge_numbers(p)?;
                self.merge_source(p, true)?;
                None
            }
            Change::SourceUnmerged(p) => {
                self.source_merge_numbers(p)?;
                self.merge_source(p, false)?;
                None
            }
            Change::ClaimMerged(p) => {
                p.id = self.claim_number(&p.claim, p.id)?;
                p.into_id = self.claim_number(&p.into, p.into_id)?;
                self.merge_claim(p, true)?
            }
            Change::ClaimUnmerged(p) => {
                p.id = self.claim_number(&p.claim, p.id)?;
                p.into_id = self.claim_number(&p.into, p.into_id)?;
                self.merge_claim(p, false)?
            }
            Change::ClaimDismissed(p) => {
                p.id = self.claim_number(&p.claim, p.id)?;
                self.dismiss_claim(p.id, Some((&p.at, p.note.as_deref())))?;
                None
            }
            Change::ClaimUndismissed(p) => {
                p.id = self.claim_number(&p.claim, p.id)?;
                self.dismiss_claim(p.id, None)?;
                None
            }
        };
        if let Some(recomputed) = &regraded {
            change.set_regrading(
                Move::new(recomputed.old_status, recomputed.assessment.status),
                Move::new(
                    recomputed.old_summary.clone(),
                    recomputed.assessment.summary.clone(),
                ),
            );
        }
        if self.mark_activity {
            for claim in change.marks_activity() {
                touch(self.conn, claim, self.at)?;
            }
        }
        Ok(regraded)
    }

    /// Sets a statement's fields to the `new` side of each change.
    fn set_statement_fields(&self, statement: i64, changes: &StatementFields) -> Result<()> {
        let set = |column: &str, value: &dyn rusqlite::ToSql| -> Result<()> {
            self.conn
                .prepare_cached(&format!(
                    "UPDATE statements SET {column} = ?2 WHERE id = ?1"
                ))?
                .execute(params![statement, value])?;
            Ok(())
        };
        let source = |link: &Option<SourceLink>| -> Result<Option<i64>> {
            link.as_ref()
                .map(|l| by_uuid(self.conn, "sources", &l.uuid))
                .transpose()
        };
        if let Some(stance) = &changes.stance {
            set("stance", &stance.new)?;
        }
        if let Some(link) = &changes.source {
            set("source_id", &by_uuid(self.conn, "sources", &link.new.uuid)?)?;
        }
        if let Some(via) = &changes.via {
            set("via_id", &source(&via.new)?)?;
        }
        if let Some(citing) = &changes.citing {
            set("citing_id", &source(&citing.new)?)?;
        }
        for (column, change) in [
            ("quote", &changes.quote),
            ("url", &changes.url),
            ("note", &changes.note),
        ] {
            if let Some(change) = change {
                set(column, &change.new)?;
            }
        }
        if let Some(at) = &changes.stated_at {
            set("stated_at", &at.new)?;
        }
        if let Some(reliability) = &changes.reliability {
            set("reliability", &reliability.new)?;
        }
        Ok(())
    }

    /// Sets in a merge the numbers of this database (by uuid), when it is read so.
    fn source_merge_numbers(&self, p: &mut SourceMerge) -> Result<()> {
        if self.refs == Refs::Numbers {
            return Ok(());
        }
        p.id = by_uuid(self.conn, "sources", &p.source)?;
        p.into_id = by_uuid(self.conn, "sources", &p.into)?;
        for s in p.moved_mut() {
            (s.id, s.claim_id) = self.statement_numbers(&s.statement, s.id, s.claim_id)?;
        }
        Ok(())
    }

    /// Merges a source into another (`forward`), or takes the merge back: statements, names,
    /// the mark; then regrades every claim it touched.
    fn merge_source(&self, p: &SourceMerge, forward: bool) -> Result<()> {
        let (from, to) = if forward {
            (p.id, p.into_id)
        } else {
            (p.into_id, p.id)
        };
        for (column, moved) in [
            ("source_id", &p.statements),
            ("via_id", &p.via),
            ("citing_id", &p.citing),
        ] {
            let mut update = self.conn.prepare_cached(&format!(
                "UPDATE statements SET {column} = ?3 WHERE id = ?1 AND {column} = ?2"
            ))?;
            for s in moved {
                update.execute(params![s.id, from, to])?;
            }
        }
        let mut delete = self
            .conn
            .prepare_cached("DELETE FROM source_aliases WHERE source_id = ?1 AND alias_key = ?2")?;
        if forward {
            for alias in &p.aliases {
                delete.execute(params![p.id, name_key(alias)])?;
            }
            // A merge made again (two files of a desk each made one source of two named
            // alike, and sync brought both merges everywhere) finds the names given already.
            let mut held = self.conn.prepare_cached(
                "SELECT 1 FROM source_aliases WHERE source_id = ?1 AND alias_key = ?2",
            )?;
            let mut added = Vec::new();
            for alias in &p.added {
                if !held.exists(params![p.into_id, name_key(alias)])? {
                    added.push(alias.clone());
                }
            }
            self.add_aliases(p.into_id, &added)?;
        } else {
            for alias in &p.added {
                delete.execute(params![p.into_id, name_key(alias)])?;
            }
            self.add_aliases(p.id, &p.aliases)?;
        }
        // A source two files merged into different sources (each before it met the other's
        // merge) names, in every file, the one of the smaller uuid, whatever order the two
        // merges came in.
        if forward {
            self.conn
                .prepare_cached(
                    "UPDATE sources SET merged_into = CASE
                         WHEN merged_into IS NULL OR ?2 < merged_into THEN ?2 ELSE merged_into END
                      WHERE id = ?1",
                )?
                .execute(params![p.id, p.into])?;
        } else {
            self.conn
                .prepare_cached("UPDATE sources SET merged_into = NULL WHERE id = ?1")?
                .execute([p.id])?;
        }
        if self.regrade {
            let mut claims: Vec<i64> = p.moved().map(|s| s.claim_id).collect();
            claims.sort_unstable();
            claims.dedup();
            for claim in claims {
                self.refresh(claim)?;
            }
        }
        Ok(())
    }

    /// Marks a claim removed (`Some(at)`): it stays (events refer to it) and every read leaves
    /// it out; or restores it (`None`).
    fn mark_claim(&self, claim: i64, removed_at: Option<&str>) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE claims SET removed_at = ?2 WHERE id = ?1")?
            .execute(params![claim, removed_at])?;
        self.reindex(claim)
    }

    /// Merges a claim into another (`merged`), or takes it back out: the statements move, the
    /// claim merged into gains (or loses) the tags and takes the note's new side, and both
    /// claims are regraded. What comes back is how the claim merged into moved.
    ///
    /// A merge read by uuid (a colleague's, pulled; a history replayed) moves the statements
    /// it lists wherever they are: the sync chose them (`store::sync`, the later of a move and a
    /// merge stands for a statement), and the history stored lists what moved here. A command's
    /// own merge finds every one where it says.
    fn merge_claim(&self, p: &mut ClaimMerge, merged: bool) -> Result<Option<Recomputed>> {
        let (from, to) = if merged {
            (p.id, p.into_id)
        } else {
            (p.into_id, p.id)
        };
        self.conn
            .prepare_cached("UPDATE claims SET merged_into = ?2 WHERE id = ?1")?
            .execute(params![p.id, merged.then_some(p.into_id)])?;
        if self.refs == Refs::Uuids {
            let mut left = Vec::new();
            for statement in &p.statements {
                left.push(self.place_statement(statement, to)?);
            }
            if self.regrade {
                left.sort_unstable();
                left.dedup();
                for claim in left.into_iter().filter(|c| *c != from && *c != to) {
                    self.refresh(claim)?;
                }
            }
        } else {
            let mut moved = self.conn.prepare_cached(
                "UPDATE statements SET claim_id = ?3 WHERE uuid = ?1 AND claim_id = ?2",
            )?;
            for statement in &p.statements {
                if moved.execute(params![statement, from, to])? != 1 {
                    return Err(Error::Invalid(format!(
                        "the history moves statement {statement} off claim #{from}, where it is \
                         not; run 'claims rebuild --check'"
                    )));
                }
            }
        }
        for tag in &p.tags {
            let sql = if merged {
                "INSERT OR IGNORE INTO claim_tags (claim_id, tag) VALUES (?1, ?2)"
            } else {
                "DELETE FROM claim_tags WHERE claim_id = ?1 AND tag = ?2"
            };
            self.conn
                .prepare_cached(sql)?
                .execute(params![p.into_id, tag])?;
        }
        if let Some(note) = &p.note {
            self.conn
                .prepare_cached("UPDATE claims SET note = ?2 WHERE id = ?1")?
                .execute(params![p.into_id, note.new])?;
        }
        if self.regrade {
            self.refresh(p.id)?;
        }
        self.regraded(p.into_id)
    }

    /// Marks a claim removed by the user (`Some((at, why))`), or brings it back (`None`).
    fn dismiss_claim(&self, claim: i64, dismissed: Option<(&str, Option<&str>)>) -> Result<()> {
        let (at, note) = dismissed.unzip();
        // A claim removed on two files before they synced stays removed by the earlier of the
        // two removals (its time, then its note), whichever order the files apply them in.
        self.conn
            .prepare_cached(
                "UPDATE claims SET dismissed_at = ?2, dismiss_note = ?3
                  WHERE id = ?1 AND (?2 IS NULL OR dismissed_at IS NULL
                        OR (dismissed_at, coalesce(dismiss_note, '')) > (?2, coalesce(?3, '')))",
            )?
            .execute(params![claim, at, note.flatten()])?;
        self.reindex(claim)
    }

    fn mark_statement(&self, statement: i64, removed_at: Option<&str>) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE statements SET removed_at = ?2 WHERE id = ?1")?
            .execute(params![statement, removed_at])?;
        Ok(())
    }

    fn regraded(&self, claim: i64) -> Result<Option<Recomputed>> {
        if self.regrade {
            Ok(Some(self.refresh(claim)?))
        } else {
            Ok(None)
        }
    }

    fn reindex(&self, claim: i64) -> Result<()> {
        if self.regrade {
            self.index(claim)?;
        }
        Ok(())
    }

    /// A claim's derived columns recomputed and its search document rewritten, as
    /// `derive::refresh` does.
    fn refresh(&self, claim: i64) -> Result<Recomputed> {
        let recomputed = derive::recompute(self.conn, claim)?;
        self.index(claim)?;
        Ok(recomputed)
    }

    /// A claim's search document rewritten now, or left for later with the others
    /// (`index_later`).
    fn index(&self, claim: i64) -> Result<()> {
        match self.index_later {
            Some(later) => {
                later.borrow_mut().insert(claim);
            }
            None => super::search::reindex(self.conn, claim)?,
        }
        Ok(())
    }

    /// The number a new row of `table` takes (`None`: the next free one).
    fn new_number(&self, table: &str, uuid: &str, carried: i64) -> Result<Option<i64>> {
        let taken = |conn: &Connection, id: i64| -> Result<bool> {
            Ok(conn
                .prepare_cached(&format!("SELECT 1 FROM {table} WHERE id = ?1"))?
                .exists([id])?)
        };
        let usable = (1..=MAX_IMPORTED_NUMBER).contains(&carried);
        Ok(match &self.numbering {
            Numbering::Next => None,
            Numbering::Carried => (usable && !taken(self.conn, carried)?).then_some(carried),
            Numbering::Stored(stored) => {
                let found: Option<i64> = stored
                    .prepare_cached(&format!("SELECT id FROM {table} WHERE uuid = ?1"))?
                    .query_row([uuid], |row| row.get(0))
                    .optional()?;
                match found {
                    Some(id) => Some(id),
                    None if usable && !taken(stored, carried)? && !taken(self.conn, carried)? => {
                        Some(carried)
                    }
                    // Below every number a stored row can have: never taken by one.
                    None => {
                        let lowest: i64 = self.conn.query_row(
                            &format!("SELECT min(0, coalesce(min(id), 0)) FROM {table}"),
                            [],
                            |row| row.get(0),
                        )?;
                        Some(lowest - 1)
                    }
                }
            }
        })
    }

    /// The number of the row of `table` with this uuid (by uuid), or the one given (by number).
    fn number_of(&self, table: &str, uuid: &str, given: i64) -> Result<i64> {
        if self.refs == Refs::Numbers {
            return Ok(given);
        }
        by_uuid(self.conn, table, uuid)
    }

    fn claim_number(&self, uuid: &str, given: i64) -> Result<i64> {
        self.number_of("claims", uuid, given)
    }

    /// A statement's number and its claim's.
    fn statement_numbers(&self, uuid: &str, id: i64, claim: i64) -> Result<(i64, i64)> {
        if self.refs == Refs::Numbers {
            return Ok((id, claim));
        }
        self.conn
            .prepare_cached("SELECT id, claim_id FROM statements WHERE uuid = ?1")?
            .query_row([uuid], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?
            .ok_or_else(|| unknown("statements", uuid))
    }

    fn add_claim(&self, c: &mut AddedClaim) -> Result<i64> {
        let number = self.new_number("claims", &c.uuid, c.id)?;
        self.conn
            .prepare_cached(
                "INSERT INTO claims (id, uuid, text, happened, note, status, summary,
                                     created_at, last_activity)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            )?
            .execute(params![
                number,
                c.uuid,
                c.text,
                c.happened,
                c.note,
                Status::Unverified,
                summarize(&[]),
                c.created_at,
            ])?;
        c.id = self.conn.last_insert_rowid();
        let mut insert = self
            .conn
            .prepare_cached("INSERT OR IGNORE INTO claim_tags (claim_id, tag) VALUES (?1, ?2)")?;
        for tag in &c.tags {
            insert.execute(params![c.id, tag])?;
        }
        Ok(c.id)
    }

    /// Sets a claim's fields to the `new` side of each change.
    fn set_claim_fields(&self, claim: i64, changes: &ClaimFields) -> Result<()> {
        let set = |column: &str, value: Option<&str>| -> Result<()> {
            self.conn
                .prepare_cached(&format!("UPDATE claims SET {column} = ?2 WHERE id = ?1"))?
                .execute(params![claim, value])?;
            Ok(())
        };
        if let Some(text) = &changes.text {
            set("text", Some(&text.new))?;
        }
        for (column, change) in [
            ("happened", &changes.happened),
            ("verdict", &changes.verdict),
            ("verdict_explanation", &changes.verdict_explanation),
            ("verdict_url", &changes.verdict_url),
            ("verdict_at", &changes.verdict_at),
        ] {
            if let Some(change) = change {
                set(column, change.new.as_deref())?;
            }
        }
        if let Some(tags) = &changes.tags {
            self.conn
                .prepare_cached("DELETE FROM claim_tags WHERE claim_id = ?1")?
                .execute([claim])?;
            let mut insert = self.conn.prepare_cached(
                "INSERT OR IGNORE INTO claim_tags (claim_id, tag) VALUES (?1, ?2)",
            )?;
            for tag in &tags.new {
                insert.execute(params![claim, tag])?;
            }
        }
        Ok(())
    }

    fn add_source(&self, s: &mut AddedSource) -> Result<i64> {
        let number = self.new_number("sources", &s.uuid, s.id)?;
        let key = self.name_key_for(s)?;
        self.conn
            .prepare_cached(
                "INSERT INTO sources (id, uuid, name, name_key, kind, role, affiliation,
                                      reliability, created_at, name_skeleton)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                number,
                s.uuid,
                s.name,
                key,
                s.kind,
                s.role,
                s.affiliation,
                s.reliability,
                s.created_at,
                name_skeleton(&s.name),
            ])?;
        s.id = self.conn.last_insert_rowid();
        self.add_aliases(s.id, &s.aliases)?;
        Ok(s.id)
    }

    /// The name key a new source's row takes. A name is unique among live named sources (and
    /// among desks), but two files can each make a source of one name before they sync (or
    /// one file renames a source to a name another file gave a source of its own): then the
    /// one with the smaller uuid holds the name, and the other keeps it under a key of its
    /// own (the name's key, a unit separator, its uuid), reached by number until the sync
    /// merges it into the first (`store::sync`). Whatever the order the two arrive in, the
    /// same one holds the name, so every file and every rebuild agree.
    fn name_key_for(&self, s: &AddedSource) -> Result<String> {
        self.name_key_among(s.kind, &s.name, &s.uuid, None)
    }

    /// As `name_key_for`, for the source `uuid` (numbered `this`, when it is here already: a
    /// rename) named `name`.
    fn name_key_among(
        &self,
        kind: SourceKind,
        name: &str,
        uuid: &str,
        this: Option<i64>,
    ) -> Result<String> {
        let key = name_key(name);
        // Each as its unique index reads, so that the index answers it.
        let sql = match kind {
            SourceKind::Anonymous => return Ok(key),
            SourceKind::Desk => {
                "SELECT id, uuid FROM sources
                  WHERE name_key = ?1 AND kind = 'desk' AND removed_at IS NULL AND id <> ?2"
            }
            _ => {
                "SELECT id, uuid FROM sources
                  WHERE name_key = ?1 AND kind NOT IN ('anonymous', 'desk') AND removed_at IS NULL
                    AND id <> ?2"
            }
        };
        let holder: Option<(i64, String)> = self
            .conn
            .prepare_cached(sql)?
            .query_row(params![key, this.unwrap_or(0)], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .optional()?;
        Ok(match holder {
            None => key,
            Some((_, held)) if held.as_str() < uuid => shadow_key(&key, uuid),
            Some((id, held)) => {
                self.conn
                    .prepare_cached("UPDATE sources SET name_key = ?2 WHERE id = ?1")?
                    .execute(params![id, shadow_key(&key, &held)])?;
                key
            }
        })
    }

    fn add_aliases(&self, source: i64, aliases: &[String]) -> Result<()> {
        let mut insert = self.conn.prepare_cached(
            "INSERT INTO source_aliases (source_id, alias, alias_key) VALUES (?1, ?2, ?3)",
        )?;
        for alias in aliases {
            insert.execute(params![source, alias, name_key(alias)])?;
        }
        Ok(())
    }

    /// Sets a source's fields to the `new` side of each change, and adds or drops aliases.
    fn set_source_fields(&self, source: i64, changes: &SourceFields) -> Result<()> {
        if let Some(name) = &changes.name {
            // The writer refuses a name taken here; a rename from another file may meet one.
            let (kind, uuid): (SourceKind, String) = self
                .conn
                .prepare_cached("SELECT kind, uuid FROM sources WHERE id = ?1")?
                .query_row([source], |row| Ok((row.get(0)?, row.get(1)?)))?;
            let kind = changes.kind.as_ref().map_or(kind, |k| k.new);
            let key = self.name_key_among(kind, &name.new, &uuid, Some(source))?;
            self.conn
                .prepare_cached(
                    "UPDATE sources SET name = ?2, name_key = ?3, name_skeleton = ?4 WHERE id = ?1",
                )?
                .execute(params![source, name.new, key, name_skeleton(&name.new)])?;
        }
        let set = |column: &str, value: Option<&str>| -> Result<()> {
            self.conn
                .prepare_cached(&format!("UPDATE sources SET {column} = ?2 WHERE id = ?1"))?
                .execute(params![source, value])?;
            Ok(())
        };
        if let Some(kind) = &changes.kind {
            set("kind", Some(kind.new.as_str()))?;
        }
        if let Some(role) = &changes.role {
            set("role", role.new.as_deref())?;
        }
        if let Some(affiliation) = &changes.affiliation {
            set("affiliation", affiliation.new.as_deref())?;
        }
        if let Some(reliability) = &changes.reliability {
            set("reliability", Some(reliability.new.as_str()))?;
        }
        if let Some(aliases) = &changes.aliases {
            self.add_aliases(source, aliases.added.as_deref().unwrap_or_default())?;
            let mut delete = self.conn.prepare_cached(
                "DELETE FROM source_aliases WHERE source_id = ?1 AND alias_key = ?2",
            )?;
            for alias in aliases.removed.iter().flatten() {
                delete.execute(params![source, name_key(alias)])?;
            }
        }
        Ok(())
    }

    fn add_statement(&self, s: &mut AddedStatement) -> Result<i64> {
        s.claim_id = self.claim_number(&s.claim, s.claim_id)?;
        let source_number = |uuid: &str| match self.source_numbers {
            Some(known) => known.borrow_mut().number(self.conn, uuid),
            None => by_uuid(self.conn, "sources", uuid),
        };
        let source = |uuid: &Option<String>| -> Result<Option<i64>> {
            uuid.as_deref().map(source_number).transpose()
        };
        let number = self.new_number("statements", &s.uuid, s.id)?;
        self.conn
            .prepare_cached(
                "INSERT INTO statements (id, uuid, claim_id, source_id, stance, via_id, citing_id,
                                         quote, url, stated_at, recorded_at, note, reliability)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?
            .execute(params![
                number,
                s.uuid,
                s.claim_id,
                source_number(&s.source)?,
                s.stance,
                source(&s.via)?,
                source(&s.citing)?,
                s.quote,
                s.url,
                s.stated_at,
                s.recorded_at,
                s.note,
                s.reliability.flatten(),
            ])?;
        s.id = self.conn.last_insert_rowid();
        Ok(s.id)
    }

    /// Retracts a statement (`Some((at, note))`) or makes it count again (`None`).
    fn set_retracted(
        &self,
        statement: i64,
        retraction: Option<(&str, Option<&str>)>,
    ) -> Result<()> {
        let (at, note) = retraction.map_or((None, None), |(at, note)| (Some(at), note));
        // A statement retracted on two files before they synced stays retracted by the
        // earlier of the two retractions (its time, then its note), in any order of syncs.
        self.conn
            .prepare_cached(
                "UPDATE statements SET retracted_at = ?2, retraction_note = ?3
                  WHERE id = ?1 AND (?2 IS NULL OR retracted_at IS NULL
                        OR (retracted_at, coalesce(retraction_note, ''))
                           > (?2, coalesce(?3, '')))",
            )?
            .execute(params![statement, at, note])?;
        Ok(())
    }
}

fn unknown(table: &str, uuid: &str) -> Error {
    Error::Invalid(format!(
        "an event refers to {table} {uuid}, which no earlier event added"
    ))
}

/// The key a source named like another keeps its name under (`Apply::name_key_for`): one no
/// typed name has (names never hold control characters).
pub(super) fn shadow_key(key: &str, uuid: &str) -> String {
    format!("{key}\u{1f}{uuid}")
}

/// The number of the row of `table` with this uuid.
pub(super) fn by_uuid(conn: &Connection, table: &str, uuid: &str) -> Result<i64> {
    conn.prepare_cached(&format!("SELECT id FROM {table} WHERE uuid = ?1"))?
        .query_row([uuid], |row| row.get(0))
        .optional()?
        .ok_or_else(|| unknown(table, uuid))
}

/// Marks activity on a claim (`Change::marks_activity` says which changes do).
pub(super) fn touch(conn: &Connection, claim: i64, at: &str) -> Result<()> {
    conn.prepare_cached("UPDATE claims SET last_activity = ?2 WHERE id = ?1")?
        .execute(params![claim, at])?;
    Ok(())
}

/// One event row, as every writer of the history appends it.
pub(super) struct EventRow<'a> {
    pub uuid: &'a str,
    pub at: &'a str,
    pub actor: &'a str,
    pub command: &'a str,
    pub recorded: &'a Recorded,
}

/// Appends an event, and gives its number: the only code that writes the history.
pub(super) fn append(conn: &Connection, event: &EventRow<'_>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO events (uuid, at, actor, kind, command, claim_id, payload)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        event.uuid,
        event.at,
        event.actor,
        event.recorded.kind(),
        event.command,
        event.recorded.change.claim(),
        event.recorded.payload_text(),
    ])?;
    let id = conn.last_insert_rowid();
    note_field_edits(conn, id, event)?;
    Ok(id)
}

/// Keeps `field_edits` (migration 0010): for each field an edit sets, the latest edit of it
/// by (at, event uuid), what the concurrent-edit rule of a sync compares a pulled edit with.
pub(super) fn note_field_edits(conn: &Connection, id: i64, event: &EventRow<'_>) -> Result<()> {
    // A claim merge (or its undo) applied here moves the statements it lists: for each, a move
    // of its claim, as `statement move` is, so that the later of the two stands (`store::sync`).
    if let Change::ClaimMerged(p) | Change::ClaimUnmerged(p) = &event.recorded.change {
        if event.recorded.settled.as_ref().is_some_and(|s| s.void) {
            return Ok(());
        }
        let mut upsert = conn.prepare_cached(
            "INSERT INTO field_edits (item, field, at, event, event_id)
             VALUES (?1, 'claim', ?2, ?3, ?4)
             ON CONFLICT (item, field) DO UPDATE
                SET at = excluded.at, event = excluded.event, event_id = excluded.event_id
              WHERE (excluded.at, excluded.event) > (field_edits.at, field_edits.event)",
        )?;
        for statement in &p.statements {
            upsert.execute(params![statement, event.at, event.uuid, id])?;
        }
        return Ok(());
    }
    let Some((_, item, fields)) = edited_fields(&event.recorded.change) else {
        return Ok(());
    };
    let mut upsert = conn.prepare_cached(
        "INSERT INTO field_edits (item, field, at, event, event_id) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (item, field) DO UPDATE
            SET at = excluded.at, event = excluded.event, event_id = excluded.event_id
          WHERE (excluded.at, excluded.event) > (field_edits.at, field_edits.event)",
    )?;
    for field in fields {
        upsert.execute(params![item, field, event.at, event.uuid, id])?;
    }
    Ok(())
}

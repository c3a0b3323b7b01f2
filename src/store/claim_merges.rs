//! The merge rules of a desk (`claims sync`), against this file's history: which merges of
//! claims and of sources, and undos of merges, take effect (by `model::merges_standing`), the
//! same in every file whatever order the history comes in; where
//! the statements a claim merge lists end; and which removal of a claim (retraction of a
//! statement) stands after an undo of another. A pulled event of those kinds is settled here
//! before it is applied through the one apply path: what it takes back, whether it is void,
//! what it lets stand; that is written in its stored payload (`model::event::Settled`), so that
//! `rebuild` replays it alike. The history is read typed (`Recorded`), never by SQL over a
//! payload.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, params};

use crate::Result;
use crate::model::event::{
    Change, ClaimMerge, Mark, Recorded, Settled, SettledMerge, SettledSourceMerge, SourceMerge,
    StatementOn, kinds,
};
use crate::model::{IncomingEvent, MergeKey, merges_standing};

/// One merge, or undo of one, of the history, of claims (`MergeStep`) or of sources
/// (`SourceStep`): what the merge rule reads of it.
struct Step<P> {
    at: String,
    uuid: String,
    /// A merge (`claim.merged`, `source.merged`), else the undo of one.
    merge: bool,
    /// For an undo, the merge it undoes.
    undoes: Option<String>,
    /// Its payload as made (the statements it lists are those on the claim where it was made).
    payload: P,
}

type MergeStep = Step<ClaimMerge>;
type SourceStep = Step<SourceMerge>;

impl Step<ClaimMerge> {
    fn key(&self) -> (&str, &str) {
        (&self.at, &self.uuid)
    }

    /// The claim it puts the statements it lists on.
    fn target(&self) -> &str {
        if self.merge {
            &self.payload.into
        } else {
            &self.payload.claim
        }
    }
}

/// What the merge rule reads of each step: `ends` gives what a step's payload merges, and
/// into what.
fn keys<P>(steps: &[Step<P>], ends: impl Fn(&P) -> (&str, &str)) -> Vec<MergeKey<'_>> {
    steps
        .iter()
        .map(|s| {
            let (item, into) = ends(&s.payload);
            MergeKey {
                at: &s.at,
                uuid: &s.uuid,
                merge: s.merge,
                undoes: s.undoes.as_deref(),
                item,
                into,
            }
        })
        .collect()
}

fn claim_keys(steps: &[MergeStep]) -> Vec<MergeKey<'_>> {
    keys(steps, |p| (&p.claim, &p.into))
}

fn source_keys(steps: &[SourceStep]) -> Vec<MergeKey<'_>> {
    keys(steps, |p| (&p.source, &p.into))
}

/// A move of a statement (`statement move`, its undo included): when, its event, and the claim
/// it put the statement on (as made: a move that lost to a later one here is stored without
/// it, and `sync_origin` keeps it whole).
struct Move {
    at: String,
    uuid: String,
    to: String,
}

/// The claim merges and undos of merges of this file's history, and the moves of statements,
/// read (typed) once a pull meets the first merge, then kept up as the pull applies more.
#[derive(Default)]
pub(super) struct MergeHistory {
    read: bool,
    steps: Vec<MergeStep>,
    sources: Vec<SourceStep>,
    moves: HashMap<String, Vec<Move>>,
}

impl MergeHistory {
    fn read(&mut self, conn: &Connection) -> Result<()> {
        if self.read {
            return Ok(());
        }
        let mut stmt = conn.prepare(
            "SELECT e.uuid, e.at, e.kind, coalesce(o.original, e.payload) FROM events e
               LEFT JOIN sync_origin o ON o.event_id = e.id
              WHERE e.kind IN (?1, ?2, ?3, ?4, ?5) ORDER BY e.id",
        )?;
        let mut rows = stmt.query(params![
            kinds::CLAIM_MERGED,
            kinds::CLAIM_UNMERGED,
            kinds::STATEMENT_MOVED,
            kinds::SOURCE_MERGED,
            kinds::SOURCE_UNMERGED
        ])?;
        while let Some(row) = rows.next()? {
            let (uuid, at): (String, String) = (row.get(0)?, row.get(1)?);
            let recorded = Recorded::parse(&row.get::<_, String>(2)?, &row.get::<_, String>(3)?)?;
            self.add(uuid, at, recorded);
        }
        self.read = true;
        Ok(())
    }

    fn add(&mut self, uuid: String, at: String, recorded: Recorded) {
        let source_merge = matches!(recorded.change, Change::SourceMerged(_));
        let (merge, payload) = match recorded.change {
            Change::ClaimMerged(p) => (true, p),
            Change::ClaimUnmerged(p) => (false, p),
            Change::StatementMoved(p) => {
                self.moves.entry(p.statement).or_default().push(Move {
                    at,
                    uuid,
                    to: p.claim.new,
                });
                return;
            }
            Change::SourceMerged(p) | Change::SourceUnmerged(p) => {
                self.sources.push(SourceStep {
                    at,
                    uuid,
                    merge: source_merge,
                    undoes: recorded.undoes,
                    payload: p,
                });
                return;
            }
            _ => return,
        };
        self.steps.push(MergeStep {
            at,
            uuid,
            merge,
            undoes: recorded.undoes,
            payload,
        });
    }

    /// Keeps the history read up to date with a pulled event once it is applied (as made: a
    /// move is kept with the claim it was made to put its statement on).
    pub(super) fn applied(&mut self, event: &IncomingEvent) -> Result<()> {
        let read_here = [
            kinds::CLAIM_MERGED,
            kinds::CLAIM_UNMERGED,
            kinds::STATEMENT_MOVED,
            kinds::SOURCE_MERGED,
            kinds::SOURCE_UNMERGED,
        ];
        if self.read
            && read_here.contains(&event.kind.as_str())
            && let Ok(recorded) = Recorded::from_value(&event.kind, event.payload.clone())
        {
            self.add(event.uuid.clone(), event.at.clone(), recorded);
        }
        Ok(())
    }

    /// Settles a pulled claim merge or undo of one by the merge rule (`standing`): the steps
    /// that took effect before it and those that do with it are compared; the event is to take
    /// back those that no longer do (newest first), be applied itself unless void, then apply
    /// those that now do (oldest first). Then each statement any of these lists goes where its
    /// latest move puts it, by time then event uuid, a merge or undo that takes effect counting
    /// as a move of each statement it lists (a statement no move reaches is on the claim it
    /// was added to), whatever the order the events came in. What the event did beyond being
    /// applied as it came is written in it (`Settled`).
    pub(super) fn settle(
        &mut self,
        conn: &Connection,
        event: &IncomingEvent,
        recorded: &mut Recorded,
    ) -> Result<()> {
        recorded.settled = None;
        let (merge, payload) = match &recorded.change {
            Change::ClaimMerged(p) => (true, p.clone()),
            Change::ClaimUnmerged(p) => (false, p.clone()),
            _ => return Ok(()),
        };
        self.read(conn)?;
        let steps = &mut self.steps;
        let before = merges_standing(&claim_keys(steps), false);
        steps.push(MergeStep {
            at: event.at.clone(),
            uuid: event.uuid.clone(),
            merge,
            undoes: recorded.undoes.clone(),
            payload,
        });
        let after = merges_standing(&claim_keys(steps), false);
        let steps = &self.steps;
        let this = steps.len() - 1;
        let mut settled = Settled {
            void: !after[this],
            ..Settled::default()
        };
        let mut gone: Vec<usize> = (0..this).filter(|&i| before[i] && !after[i]).collect();
        gone.sort_by(|&a, &b| steps[b].key().cmp(&steps[a].key()));
        let mut come: Vec<usize> = (0..this).filter(|&i| !before[i] && after[i]).collect();
        come.sort_by(|&a, &b| steps[a].key().cmp(&steps[b].key()));
        let bare = |step: &MergeStep, merge: ClaimMerge, merged: bool| SettledMerge {
            event: step.uuid.clone(),
            merged,
            merge: ClaimMerge {
                statements: Vec::new(),
                status: None,
                summary: None,
                ..merge
            },
        };
        settled.taken_back = gone
            .iter()
            .map(|&i| bare(&steps[i], steps[i].payload.swapped(), !steps[i].merge))
            .collect();
        settled.applied = come
            .iter()
            .map(|&i| bare(&steps[i], steps[i].payload.clone(), steps[i].merge))
            .collect();
        // Every statement a step that changed lists, in the order first listed.
        let mut listed = Vec::new();
        let mut seen = HashSet::new();
        let changed = gone.iter().chain(&come).copied();
        for i in changed.chain(after[this].then_some(this)) {
            for statement in &steps[i].payload.statements {
                if seen.insert(statement.as_str()) {
                    listed.push(statement.as_str());
                }
            }
        }
        let mut added: Option<HashMap<String, String>> = None;
        for statement in listed {
            let by_step = steps
                .iter()
                .enumerate()
                .filter(|(i, s)| after[*i] && s.payload.statements.iter().any(|x| x == statement))
                .map(|(i, s)| (s.key(), Some(i), s.target()));
            let by_move = self
                .moves
                .get(statement)
                .into_iter()
                .flatten()
                .map(|m| ((m.at.as_str(), m.uuid.as_str()), None, m.to.as_str()));
            let latest = by_step.chain(by_move).max_by(|a, b| a.0.cmp(&b.0));
            let claim = match latest {
                Some((_, _, to)) => to.to_string(),
                None => {
                    let added = match &mut added {
                        Some(added) => added,
                        None => added.insert(added_on(conn, &seen)?),
                    };
                    match added.get(statement) {
                        Some(claim) => claim.clone(),
                        None => continue,
                    }
                }
            };
            // The statement's latest move, for the concurrent-edit rule of a later pulled move;
            // the event's own is noted as it is appended.
            match latest {
                Some(((at, uuid), step, _)) if step != Some(this) => {
                    note_move(conn, statement, at, uuid)?
                }
                _ => {
                    conn.prepare_cached(
                        "DELETE FROM field_edits WHERE item = ?1 AND field = 'claim'",
                    )?
                    .execute([statement])?;
                }
            }
            settled.statements.push(StatementOn {
                statement: statement.to_string(),
                claim,
            });
        }
        self.steps.pop();
        if !settled.is_plain() {
            recorded.settled = Some(settled);
        }
        Ok(())
    }
}

impl MergeHistory {
    /// Settles a pulled source merge or undo of one by the same rule (`standing`, a merge into
    /// the source already joined taking effect too): those that no longer take effect are taken
    /// back first, the event is applied unless void, and those that now do are applied after.
    pub(super) fn settle_source(
        &mut self,
        conn: &Connection,
        event: &IncomingEvent,
        recorded: &mut Recorded,
    ) -> Result<()> {
        recorded.settled = None;
        let (merge, payload) = match &recorded.change {
            Change::SourceMerged(p) => (true, p.clone()),
            Change::SourceUnmerged(p) => (false, p.clone()),
            _ => return Ok(()),
        };
        self.read(conn)?;
        let before = merges_standing(&source_keys(&self.sources), true);
        self.sources.push(SourceStep {
            at: event.at.clone(),
            uuid: event.uuid.clone(),
            merge,
            undoes: recorded.undoes.clone(),
            payload,
        });
        let after = merges_standing(&source_keys(&self.sources), true);
        let steps = &self.sources;
        let this = steps.len() - 1;
        let key = |i: usize| (steps[i].at.as_str(), steps[i].uuid.as_str());
        let mut gone: Vec<usize> = (0..this).filter(|&i| before[i] && !after[i]).collect();
        gone.sort_by(|&a, &b| key(b).cmp(&key(a)));
        let mut come: Vec<usize> = (0..this).filter(|&i| !before[i] && after[i]).collect();
        come.sort_by(|&a, &b| key(a).cmp(&key(b)));
        let entry = |i: usize, merged: bool| SettledSourceMerge {
            event: steps[i].uuid.clone(),
            merged,
            merge: steps[i].payload.clone(),
        };
        let settled = Settled {
            void: !after[this],
            sources_taken_back: gone.iter().map(|&i| entry(i, !steps[i].merge)).collect(),
            sources_applied: come.iter().map(|&i| entry(i, steps[i].merge)).collect(),
            ..Settled::default()
        };
        self.sources.pop();
        if !settled.is_plain() {
            recorded.settled = Some(settled);
        }
        Ok(())
    }
}

/// The claims the statements were added to, read from their `statement.added` events.
fn added_on(conn: &Connection, statements: &HashSet<&str>) -> Result<HashMap<String, String>> {
    let mut stmt = conn.prepare("SELECT kind, payload FROM events WHERE kind = ?1")?;
    let mut rows = stmt.query([kinds::STATEMENT_ADDED])?;
    let mut found = HashMap::new();
    while let Some(row) = rows.next()? {
        let recorded = Recorded::parse(&row.get::<_, String>(0)?, &row.get::<_, String>(1)?)?;
        if let Change::StatementAdded(p) = recorded.change
            && statements.contains(p.statement.uuid.as_str())
        {
            found.insert(p.statement.uuid, p.statement.claim);
        }
    }
    Ok(found)
}

/// Notes the latest move of a statement (a `statement move`, or a merge or undo that takes
/// effect), replacing whatever was noted.
fn note_move(conn: &Connection, statement: &str, at: &str, uuid: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO field_edits (item, field, at, event, event_id)
         SELECT ?1, 'claim', ?2, ?3, id FROM events WHERE uuid = ?3
         ON CONFLICT (item, field) DO UPDATE
            SET at = excluded.at, event = excluded.event, event_id = excluded.event_id",
    )?
    .execute([statement, at, uuid])?;
    Ok(())
}

/// A colleague's undo of a claim's removal, or of a statement's retraction: the removals
/// (retractions) of it that stand are those no undo took back, and the earliest of them (by
/// time, then note) stands, as it does for removals made apart. When one still does after this
/// undo, it is written in the event (`Settled::still`), for the apply path and `rebuild`.
pub(super) fn settle_restore(conn: &Connection, recorded: &mut Recorded) -> Result<()> {
    let (kinds, item) = match &recorded.change {
        Change::ClaimUndismissed(p) => (
            [kinds::CLAIM_DISMISSED, kinds::CLAIM_UNDISMISSED],
            p.claim.as_str(),
        ),
        Change::StatementUnretracted(p) => (
            [kinds::STATEMENT_RETRACTED, kinds::STATEMENT_UNRETRACTED],
            p.statement.as_str(),
        ),
        _ => return Ok(()),
    };
    // A claim's removals are filed under it; a statement's retractions under the claim it was
    // on then, which moves: those are read whole.
    let mut stmt;
    let mut rows = match &recorded.change {
        Change::ClaimUndismissed(_) => {
            stmt = conn.prepare(
                "SELECT e.uuid, e.kind, e.payload FROM events e JOIN claims c ON c.id = e.claim_id
                  WHERE c.uuid = ?3 AND e.kind IN (?1, ?2)",
            )?;
            stmt.query(params![kinds[0], kinds[1], item])?
        }
        _ => {
            stmt = conn.prepare("SELECT uuid, kind, payload FROM events WHERE kind IN (?1, ?2)")?;
            stmt.query(params![kinds[0], kinds[1]])?
        }
    };
    let mut marks: Vec<(String, Mark)> = Vec::new();
    let mut undone: HashSet<String> = recorded.undoes.iter().cloned().collect();
    while let Some(row) = rows.next()? {
        let uuid: String = row.get(0)?;
        let stored = Recorded::parse(&row.get::<_, String>(1)?, &row.get::<_, String>(2)?)?;
        match stored.change {
            Change::ClaimDismissed(p) if p.claim == item => {
                marks.push((
                    uuid,
                    Mark {
                        at: p.at,
                        note: p.note,
                    },
                ));
            }
            Change::StatementRetracted(p) if p.statement == item => {
                marks.push((
                    uuid,
                    Mark {
                        at: p.retracted_at,
                        note: p.note,
                    },
                ));
            }
            Change::ClaimUndismissed(p) if p.claim == item => undone.extend(stored.undoes),
            Change::StatementUnretracted(p) if p.statement == item => undone.extend(stored.undoes),
            _ => {}
        }
    }
    let still = marks
        .into_iter()
        .filter(|(uuid, _)| !undone.contains(uuid))
        .map(|(_, mark)| mark)
        .min_by(|a, b| {
            (&a.at, a.note.as_deref().unwrap_or("")).cmp(&(&b.at, b.note.as_deref().unwrap_or("")))
        });
    if still.is_some() {
        recorded.settled = Some(Settled {
            still,
            ..Settled::default()
        });
    }
    Ok(())
}

//! Mending the record: a statement edited in place or moved to another claim, and a
//! source merged into another. Each is one typed change (`statement.edited`,
//! `statement.moved`, `source.merged`) through the one apply path, so undo, redo, rebuild,
//! `--as-of` and export treat it as every other change.

use rusqlite::{OptionalExtension, params};

use super::resolve::SourceRef;
use super::write::Writer;
use crate::model::event::{
    self, Change, Move, SourceLink, SourceMerge, StatementFields, StatementRef,
};
use crate::model::{
    ClaimId, Notice, Reliability, SourceId, SourceKind, Stamp, Stance, StatementId, name_key,
};
use crate::{Error, Result};

/// What `statement edit` sets: `None` leaves a field as it is; `Some(None)` clears one that
/// may be empty.
#[derive(Debug, Default)]
pub struct StatementChanges {
    pub stance: Option<Stance>,
    pub source: Option<SourceRef>,
    pub via: Option<Option<SourceRef>>,
    pub citing: Option<Option<SourceRef>>,
    pub quote: Option<Option<String>>,
    pub url: Option<Option<String>>,
    pub stated_at: Option<Stamp>,
    pub note: Option<Option<String>>,
    pub reliability: Option<Option<Reliability>>,
}

/// A statement's recorded fields as they stand.
struct Current {
    uuid: String,
    claim: i64,
    stance: Stance,
    source: SourceLink,
    via: Option<SourceLink>,
    citing: Option<SourceLink>,
    quote: Option<String>,
    url: Option<String>,
    stated_at: String,
    note: Option<String>,
    reliability: Option<Reliability>,
}

fn link(source: &SourceRef) -> SourceLink {
    SourceLink {
        uuid: source.uuid.clone(),
        name: source.name.clone(),
    }
}

/// `Some(Move)` when `new` is given and differs from `old`.
fn changed<T: Clone + PartialEq>(old: &T, new: Option<T>) -> Option<Move<T>> {
    new.filter(|new| new != old)
        .map(|new| Move::new(old.clone(), new))
}

impl Writer<'_> {
    /// A live statement on a live claim, as recorded.
    fn current_statement(&self, statement: StatementId) -> Result<Current> {
        self.tx
            .prepare_cached(
                "SELECT s.uuid, s.claim_id, s.stance, src.uuid, src.name, via.uuid, via.name,
                        cited.uuid, cited.name, s.quote, s.url, s.stated_at, s.note,
                        s.reliability
                   FROM statements s
                   JOIN claims c ON c.id = s.claim_id AND c.removed_at IS NULL
                   JOIN sources src ON src.id = s.source_id
                   LEFT JOIN sources via ON via.id = s.via_id
                   LEFT JOIN sources cited ON cited.id = s.citing_id
                  WHERE s.id = ?1 AND s.removed_at IS NULL",
            )?
            .query_row([statement], |row| {
                let linked = |uuid: Option<String>, name: Option<String>| {
                    uuid.zip(name).map(|(uuid, name)| SourceLink { uuid, name })
                };
                Ok(Current {
                    uuid: row.get(0)?,
                    claim: row.get(1)?,
                    stance: row.get(2)?,
                    source: SourceLink {
                        uuid: row.get(3)?,
                        name: row.get(4)?,
                    },
                    via: linked(row.get(5)?, row.get(6)?),
                    citing: linked(row.get(7)?, row.get(8)?),
                    quote: row.get(9)?,
                    url: row.get(10)?,
                    stated_at: row.get(11)?,
                    note: row.get(12)?,
                    reliability: row.get(13)?,
                })
            })
            .optional()?
            .ok_or(Error::StatementNotFound(statement))
    }

    /// The name of a live statement's source, as this transaction has it.
    pub fn statement_source_name(&self, statement: StatementId) -> Result<String> {
        Ok(self.current_statement(statement)?.source.name)
    }

    /// The claim a live statement is on.
    pub fn claim_of_statement(&self, statement: StatementId) -> Result<ClaimId> {
        Ok(ClaimId(self.current_statement(statement)?.claim))
    }

    /// Mends a statement in place (`statement.edited`): only what differs is recorded, the
    /// old values with it; its claim is regraded in the same transaction.
    pub fn edit_statement(
        &mut self,
        statement: StatementId,
        changes: StatementChanges,
    ) -> Result<ClaimId> {
        let now = self.current_statement(statement)?;
        let fields = StatementFields {
            stance: changed(&now.stance, changes.stance),
            source: changed(&now.source, changes.source.as_ref().map(link)),
            via: changed(&now.via, changes.via.map(|v| v.as_ref().map(link))),
            citing: changed(&now.citing, changes.citing.map(|c| c.as_ref().map(link))),
            quote: changed(&now.quote, changes.quote),
            url: changed(&now.url, changes.url),
            stated_at: changed(&now.stated_at, changes.stated_at.map(Stamp::into_string)),
            note: changed(&now.note, changes.note),
            reliability: changed(&now.reliability, changes.reliability),
        };
        if fields.is_empty() {
            return Err(Error::NothingToChange(format!(
                "statement #{statement} already reads so"
            )));
        }
        self.record(
            Change::StatementEdited(event::StatementEdited {
                statement: now.uuid,
                id: statement.0,
                claim_id: now.claim,
                changes: fields,
                status: None,
                summary: None,
            }),
            true,
        )?;
        Ok(ClaimId(now.claim))
    }

    /// Takes a statement to another claim (`statement.moved`); both claims are regraded.
    pub fn move_statement(&mut self, statement: StatementId, to: ClaimId) -> Result<ClaimId> {
        let now = self.current_statement(statement)?;
        if now.claim == to.0 {
            return Err(Error::StatementOnClaimAlready {
                statement,
                claim: to,
            });
        }
        let from_uuid: String = self.tx.query_row(
            "SELECT uuid FROM claims WHERE id = ?1",
            [now.claim],
            |row| row.get(0),
        )?;
        let to_uuid = self.claim_uuid(to)?;
        self.record(
            Change::StatementMoved(event::StatementMoved {
                statement: now.uuid,
                id: statement.0,
                claim: Move::new(from_uuid, to_uuid),
                claim_id: Move::new(now.claim, to.0),
                from: None,
                to: None,
            }),
            true,
        )?;
        Ok(to)
    }

    /// Which anonymous sources a typed description names (they answer only to `#N`).
    pub fn anonymous_described(&self, query: &str) -> Result<Vec<SourceRef>> {
        super::resolve::anonymous_described(&self.tx, query)
    }

    /// The source a typed name stands for (`Match::Loose`), noting on stderr when it was taken
    /// by part of a word, as `resolve_source_for` does; `None` when none.
    pub fn find_source_for(
        &mut self,
        flag: Option<&'static str>,
        query: &str,
    ) -> Result<Option<SourceRef>> {
        let found = self.find_source(query)?;
        if let Some(source) = &found
            && let Some(notice) = taken_as(&self.tx, flag, query, source)?
        {
            self.note_once(notice);
        }
        Ok(found)
    }

    /// The source a source was merged into, if it was (followed to the last of a chain).
    pub fn merged_into(&self, source: SourceId) -> Result<Option<SourceRef>> {
        super::resolve::merged_into(&self.tx, source)
    }

    /// The statements that name `source` as their speaker, their outlet and their citation, in
    /// that order, each list by number: what a merge of it moves.
    pub(super) fn statements_naming(&self, source: SourceId) -> Result<[Vec<StatementRef>; 3]> {
        let refs = |column: &str| -> Result<Vec<StatementRef>> {
            Ok(self
                .tx
                .prepare_cached(&format!(
                    "SELECT uuid, id, claim_id FROM statements WHERE {column} = ?1 ORDER BY id"
                ))?
                .query_map(params![source], |row| {
                    Ok(StatementRef {
                        statement: row.get(0)?,
                        id: row.get(1)?,
                        claim_id: row.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?)
        };
        Ok([refs("source_id")?, refs("via_id")?, refs("citing_id")?])
    }

    /// Merges `source` into `into` (`source.merged`): every statement it spoke, carried or
    /// was cited on becomes `into`'s, its name and aliases become `into`'s aliases, and it is
    /// kept, marked merged. Every claim touched is regraded.
    pub fn merge_source(&mut self, source: &SourceRef, into: &SourceRef) -> Result<usize> {
        let refuse = |reason: &str| Error::MergeRefused {
            merged: source.id,
            into: into.id,
            reason: reason.to_string(),
        };
        if source.id == into.id {
            return Err(refuse("they are one source already"));
        }
        if source.kind == SourceKind::Desk || into.kind == SourceKind::Desk {
            return Err(refuse(
                "a desk stands for the newsroom's own reporting and is merged with nothing",
            ));
        }
        if into.kind == SourceKind::Anonymous && source.kind != SourceKind::Anonymous {
            return Err(refuse(&format!(
                "#{} is anonymous and answers to no name; merge the anonymous source into the \
                 named one instead (claims source merge '#{}' '#{}')",
                into.id, into.id, source.id
            )));
        }
        for s in [source, into] {
            if let Some(target) = self.merged_into(s.id)? {
                return Err(Error::SourceWasMerged {
                    id: s.id,
                    into: target.id,
                    into_name: target.name,
                });
            }
        }
        let aliases_of = |id: SourceId| -> Result<Vec<String>> {
            Ok(self
                .tx
                .prepare_cached(
                    "SELECT alias FROM source_aliases WHERE source_id = ?1 ORDER BY alias_key",
                )?
                .query_map([id], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?)
        };
        let aliases = aliases_of(source.id)?;
        let mut taken: Vec<String> = aliases_of(into.id)?.iter().map(|a| name_key(a)).collect();
        taken.push(name_key(&into.name));
        let mut added = Vec::new();
        if source.kind.answers_to_names() && into.kind.answers_to_names() {
            for name in std::iter::once(&source.name).chain(&aliases) {
                let key = name_key(name);
                if !taken.contains(&key) {
                    taken.push(key);
                    added.push(name.clone());
                }
            }
        }
        let [statements, via, citing] = self.statements_naming(source.id)?;
        let merge = SourceMerge {
            source: source.uuid.clone(),
            id: source.id.0,
            name: source.name.clone(),
            into: into.uuid.clone(),
            into_id: into.id.0,
            into_name: into.name.clone(),
            aliases,
            added,
            statements,
            via,
            citing,
        };
        let moved = merge.moved().count();
        self.record(Change::SourceMerged(merge), true)?;
        Ok(moved)
    }
}

impl super::Store {
    /// One live statement whole, as `show` gives it, with its claim.
    pub fn statement_whole(
        &self,
        statement: StatementId,
    ) -> Result<(crate::model::StatementDetail, crate::model::ClaimDetail)> {
        self.reading(|conn| {
            let claim: i64 = conn
                .prepare_cached(
                    "SELECT s.claim_id FROM statements s
                       JOIN claims c ON c.id = s.claim_id AND c.removed_at IS NULL
                      WHERE s.id = ?1 AND s.removed_at IS NULL",
                )?
                .query_row([statement], |row| row.get(0))
                .optional()?
                .ok_or(Error::StatementNotFound(statement))?;
            let detail = super::read::claim_detail(conn, ClaimId(claim), None)?;
            let found = detail
                .statements
                .iter()
                .find(|s| s.id == statement)
                .cloned()
                .ok_or(Error::StatementNotFound(statement))?;
            Ok((found, detail))
        })
    }

    /// The source a source was merged into, if it was.
    pub fn merged_into(&self, source: SourceId) -> Result<Option<SourceRef>> {
        self.reading(|conn| super::resolve::merged_into(conn, source))
    }

    /// Which anonymous sources a typed description names (they answer only to `#N`).
    pub fn anonymous_described(&self, query: &str) -> Result<Vec<SourceRef>> {
        self.reading(|conn| super::resolve::anonymous_described(conn, query))
    }

    /// The source a typed name stands for (`Match::Loose`), with the note to give when it was
    /// taken by part of a word (`Writer::resolve_source_for`).
    pub fn find_source_noting(
        &self,
        flag: Option<&'static str>,
        query: &str,
    ) -> Result<(Option<SourceRef>, Option<Notice>)> {
        self.reading(|conn| {
            let found = super::resolve::find(conn, query, super::Match::Loose)?;
            let notice = match &found {
                Some(source) => taken_as(conn, flag, query, source)?,
                None => None,
            };
            Ok((found, notice))
        })
    }
}

/// The note that `query` was taken for `source` by part of a word, if it was; or that the
/// number it gave is a merged source's, answering for the one it was merged into.
pub(super) fn taken_as(
    conn: &rusqlite::Connection,
    flag: Option<&'static str>,
    query: &str,
    source: &SourceRef,
) -> Result<Option<Notice>> {
    if let Some(number) = query.trim().strip_prefix('#')
        && let Ok(id) = number.parse::<i64>()
        && id != source.id.0
    {
        return Ok(Some(Notice::MergedInto {
            id: SourceId(id),
            into: source.id,
            into_name: source.name.clone(),
        }));
    }
    Ok(
        super::resolve::by_part_of_a_word(conn, query, source)?.then(|| Notice::TakenAs {
            flag,
            typed: query.trim().to_string(),
            id: source.id,
            name: source.name.clone(),
        }),
    )
}

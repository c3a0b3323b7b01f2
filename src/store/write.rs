//! The writer: every change to the data, each appending its event in the same transaction.
//! Event payloads carry uuids and the old and new values, enough to rebuild every table.

use rusqlite::{OptionalExtension, Transaction};
use uuid::Uuid;

use super::apply::{Apply, EventRow, append};
use super::derive::Recomputed;
use super::read;
use super::resolve::{self, Match, SourceRef};
use crate::model::event::{
    self, AddedClaim, AddedSource, AddedStatement, AliasChange, Change, ClaimFields, Move,
    Recorded, SettingSet, SourceFields,
};
use crate::model::{
    ClaimId, Notice, Rating, Reliability, SourceId, SourceKind, Stamp, Stance, StatementAdded,
    StatementId, clean_name, format_timestamp, name_key,
};
use crate::{Error, Result};

pub struct NewClaim {
    pub text: String,
    pub tags: Vec<String>,
    pub happened: Option<String>,
    pub note: Option<String>,
}

#[derive(Default)]
pub struct ClaimChanges {
    pub text: Option<String>,
    pub add_tags: Vec<String>,
    pub remove_tags: Vec<String>,
    pub happened: Option<String>,
}

/// The desk's published rating of a claim.
pub struct NewVerdict {
    pub rating: Rating,
    pub explanation: Option<String>,
    pub url: Option<String>,
}

pub struct NewSource {
    pub name: String,
    pub kind: SourceKind,
    pub role: Option<String>,
    pub affiliation: Option<String>,
    pub aliases: Vec<String>,
    pub reliability: Reliability,
}

#[derive(Default)]
pub struct SourceChanges {
    pub name: Option<String>,
    pub kind: Option<SourceKind>,
    pub role: Option<String>,
    pub affiliation: Option<String>,
    pub add_aliases: Vec<String>,
    pub reliability: Option<Reliability>,
}

pub struct NewStatement {
    pub claim: ClaimId,
    pub source: SourceRef,
    pub stance: Stance,
    pub via: Option<SourceRef>,
    pub citing: Option<SourceRef>,
    pub quote: Option<String>,
    pub url: Option<String>,
    /// `None` means now.
    pub stated_at: Option<Stamp>,
    pub note: Option<String>,
    /// The statement's own grade, overriding its source's.
    pub reliability: Option<Reliability>,
}

/// A claim's uuid, the claim it was merged into, and when and why it was removed.
type ClaimState = (String, Option<ClaimId>, Option<(String, Option<String>)>);

pub struct Writer<'a> {
    pub(super) tx: Transaction<'a>,
    pub(super) actor: String,
    pub(super) now: String,
    pub(super) command: String,
    notices: Vec<Notice>,
    /// An import marks activity on its claims once, at its end, not at every event.
    pub(super) bulk: bool,
}

impl<'a> Writer<'a> {
    pub(super) fn new(tx: Transaction<'a>, actor: &str) -> Writer<'a> {
        Writer {
            tx,
            actor: actor.to_string(),
            now: format_timestamp(chrono::Utc::now()),
            command: Uuid::now_v7().to_string(),
            notices: Vec::new(),
            bulk: false,
        }
    }

    /// Whether this file syncs after every write (`sync.auto`, kept beside the sync's other
    /// bookkeeping).
    pub(super) fn syncs_after_writes(&self) -> Result<bool> {
        Ok(self
            .tx
            .prepare_cached("SELECT 1 FROM sync_state WHERE key = 'auto'")?
            .exists([])?)
    }

    pub(super) fn commit(self) -> Result<Vec<Notice>> {
        self.tx.commit()?;
        Ok(self.notices)
    }

    /// Appends one event of this command.
    pub(super) fn event(&self, recorded: &Recorded) -> Result<()> {
        append(
            &self.tx,
            &EventRow {
                uuid: &Uuid::now_v7().to_string(),
                at: &self.now,
                actor: &self.actor,
                command: &self.command,
                recorded,
            },
        )?;
        Ok(())
    }

    /// Applies a change of this command and appends its event; with `regrade`, the claims it
    /// touches are regraded at once (and the event records how their status moved). Every
    /// change about a claim marks activity on it, except in a bulk import, which marks its
    /// claims once at its end.
    pub(super) fn record(
        &mut self,
        mut change: Change,
        regrade: bool,
    ) -> Result<(Change, Option<Recomputed>)> {
        let mut apply = Apply::local(&self.tx, &self.now, regrade);
        apply.mark_activity = !self.bulk;
        let recomputed = apply.apply(&mut change)?;
        let recorded = Recorded::new(change);
        self.event(&recorded)?;
        Ok((recorded.change, recomputed))
    }

    /// Records a command that changed nothing (`model::event::Empty`), as the actor's last.
    pub fn record_empty(&mut self, what: &str) -> Result<()> {
        self.event(&Recorded::new(Change::Empty(event::Empty {
            what: what.to_string(),
        })))
    }

    /// A claim as this transaction has it: what a command reports is what it committed, even if
    /// another process changes the claim (or undoes it) the instant after.
    pub fn claim(&self, claim: ClaimId) -> Result<crate::model::ClaimDetail> {
        read::claim_detail(&self.tx, claim, None)
    }

    /// The uuid of a claim that commands may change: logged (not undone), neither merged into
    /// another nor removed (each refused with a line that says what to do).
    pub fn claim_uuid(&self, claim: ClaimId) -> Result<String> {
        let (uuid, merged, dismissed) = self.claim_state(claim)?;
        if let Some(into) = merged {
            return Err(Error::ClaimMerged { claim, into });
        }
        // A sheet's rows may land on a claim removed from lists, when they say it was removed
        // where they came from (`import_sheet`).
        if dismissed.is_some() && !self.bulk {
            return Err(Error::ClaimDismissed(claim));
        }
        Ok(uuid)
    }

    /// A logged claim's uuid, the claim it was merged into, and its removal's time and note.
    fn claim_state(&self, claim: ClaimId) -> Result<ClaimState> {
        self.tx
            .prepare_cached(
                "SELECT uuid, merged_into, dismissed_at, dismiss_note FROM claims
                  WHERE id = ?1 AND removed_at IS NULL",
            )?
            .query_row([claim], |row| {
                let (dismissed_at, note): (Option<String>, Option<String>) =
                    (row.get(2)?, row.get(3)?);
                Ok((
                    row.get(0)?,
                    row.get::<_, Option<i64>>(1)?.map(ClaimId),
                    dismissed_at.map(|at| (at, note)),
                ))
            })
            .optional()?
            .ok_or(Error::ClaimNotFound(claim))
    }

    pub fn add_claim(&mut self, new: &NewClaim) -> Result<ClaimId> {
        self.insert_claim(new, true).map(ClaimId)
    }

    /// Adds a claim; without `derive`, its derived columns wait for the caller (an import
    /// grades each claim once, after its rows).
    pub(super) fn insert_claim(&mut self, new: &NewClaim, derive: bool) -> Result<i64> {
        let mut tags = new.tags.clone();
        tags.sort();
        tags.dedup();
        let change = Change::ClaimAdded(event::ClaimAdded {
            claim: AddedClaim {
                id: 0,
                uuid: Uuid::now_v7().to_string(),
                text: new.text.clone(),
                tags,
                happened: new.happened.clone(),
                note: new.note.clone(),
                created_at: self.now.clone(),
            },
        });
        let (change, _) = self.record(change, derive)?;
        change
            .claim()
            .ok_or_else(|| Error::Invalid("a claim was added without a number".into()))
    }

    pub fn edit_claim(&mut self, claim: ClaimId, changes: &ClaimChanges) -> Result<()> {
        self.claim_uuid(claim)?;
        let (uuid, old_text, old_happened): (String, String, Option<String>) = self
            .tx
            .query_row(
                "SELECT uuid, text, happened FROM claims WHERE id = ?1 AND removed_at IS NULL",
                [claim],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?
            .ok_or(Error::ClaimNotFound(claim))?;
        let old_tags = read::tags_of(&self.tx, claim)?;
        let mut fields = ClaimFields {
            text: changes
                .text
                .as_ref()
                .filter(|t| **t != old_text)
                .map(|text| Move::new(old_text.clone(), text.clone())),
            happened: changes
                .happened
                .as_ref()
                .filter(|h| old_happened.as_ref() != Some(*h))
                .map(|h| Move::new(old_happened.clone(), Some(h.clone()))),
            ..ClaimFields::default()
        };
        let mut new_tags = old_tags.clone();
        for tag in &changes.remove_tags {
            if !old_tags.contains(tag) {
                return Err(Error::TagNotFound {
                    claim: claim.0,
                    tag: tag.clone(),
                });
            }
            new_tags.retain(|t| t != tag);
        }
        for tag in &changes.add_tags {
            if !new_tags.contains(tag) {
                new_tags.push(tag.clone());
            }
        }
        new_tags.sort();
        if new_tags != old_tags {
            fields.tags = Some(Move::new(old_tags, new_tags));
        }
        if fields.is_empty() {
            return Err(Error::NothingToChange(format!(
                "claim #{claim} already reads so"
            )));
        }
        let bulk = self.bulk;
        self.record(
            Change::ClaimEdited(event::ClaimEdited {
                claim: uuid,
                id: claim.0,
                changes: fields,
            }),
            !bulk,
        )?;
        Ok(())
    }

    /// Sets the desk's verdict on a claim: an edit of the claim, so its history is the claim's.
    /// The derived status is untouched (docs/rules.md).
    pub fn set_verdict(&mut self, claim: ClaimId, verdict: &NewVerdict) -> Result<()> {
        self.claim_uuid(claim)?;
        type Old = (String, Option<String>, Option<String>, Option<String>);
        let (uuid, rating, explanation, url): Old = self
            .tx
            .query_row(
                "SELECT uuid, verdict, verdict_explanation, verdict_url FROM claims
                  WHERE id = ?1 AND removed_at IS NULL",
                [claim],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )
            .optional()?
            .ok_or(Error::ClaimNotFound(claim))?;
        let new_rating = verdict.rating.as_str();
        if rating.as_deref() == Some(new_rating)
            && explanation == verdict.explanation
            && url == verdict.url
        {
            return Err(Error::NothingToChange(format!(
                "claim #{claim}'s verdict is already {new_rating}"
            )));
        }
        let old_at: Option<String> = self.tx.query_row(
            "SELECT verdict_at FROM claims WHERE id = ?1",
            [claim],
            |row| row.get(0),
        )?;
        let fields = ClaimFields {
            verdict: Some(Move::new(rating, Some(new_rating.to_string()))),
            verdict_explanation: Some(Move::new(explanation, verdict.explanation.clone())),
            verdict_url: Some(Move::new(url, verdict.url.clone())),
            verdict_at: Some(Move::new(old_at, Some(self.now.clone()))),
            ..ClaimFields::default()
        };
        self.record(
            Change::ClaimEdited(event::ClaimEdited {
                claim: uuid,
                id: claim.0,
                changes: fields,
            }),
            true,
        )?;
        Ok(())
    }

    /// Sets a setting kept in the database (`org`).
    pub fn set_config(&mut self, key: &str, value: &str) -> Result<()> {
        let old: Option<String> = self
            .tx
            .query_row("SELECT value FROM config WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()?;
        if old.as_deref() == Some(value) {
            return Err(Error::NothingToChange(format!(
                "{key} is already '{value}'"
            )));
        }
        self.record(
            Change::SettingSet(SettingSet {
                key: key.to_string(),
                old,
                new: Some(value.to_string()),
            }),
            true,
        )?;
        Ok(())
    }

    /// Refuses a name or alias that another source already answers to.
    fn ensure_free(&self, name: &str, except: Option<SourceId>) -> Result<()> {
        if let Some(existing) = resolve::source_named(&self.tx, &name_key(name))?
            && Some(existing.id) != except
        {
            return Err(Error::SourceNameTaken {
                name: name.to_string(),
                id: existing.id,
                existing: existing.name,
            });
        }
        Ok(())
    }

    /// Warns when a source's name looks like another's without being it ("Kremlin" with a
    /// Cyrillic К): a slip, or a name made to pass for another. It is written all the same.
    fn warn_if_look_alike(&mut self, id: SourceId, name: &str, what: &'static str) -> Result<()> {
        if let Some(twin) = resolve::source_looking_like(&self.tx, name, id)? {
            self.notices.push(Notice::LooksLike {
                what,
                id,
                name: name.to_string(),
                twin: twin.id,
                twin_name: twin.name,
            });
        }
        Ok(())
    }

    pub fn add_source(&mut self, new: &NewSource) -> Result<SourceRef> {
        let name = clean_name(&new.name, "a source name")?;
        if new.kind.answers_to_names() {
            self.ensure_free(&name, None)?;
        }
        let aliases = self.new_aliases(None, new.kind, &name, &new.aliases)?;
        let uuid = Uuid::now_v7().to_string();
        let change = Change::SourceAdded(event::SourceAdded {
            source: AddedSource {
                id: 0,
                uuid: uuid.clone(),
                name: name.clone(),
                kind: new.kind,
                role: new.role.clone(),
                affiliation: new.affiliation.clone(),
                aliases,
                reliability: new.reliability,
                created_at: self.now.clone(),
            },
        });
        let (change, _) = self.record(change, true)?;
        let Change::SourceAdded(added) = change else {
            unreachable!("recorded as given")
        };
        let id = added.source.id;
        if new.kind.answers_to_names() {
            self.warn_if_look_alike(SourceId(id), &name, "new source")?;
        }
        Ok(SourceRef {
            id: SourceId(id),
            uuid,
            name,
            kind: new.kind,
        })
    }

    /// Of `aliases`, those the source (`None`: one being made) does not already answer to,
    /// tidied; refuses one that another source answers to, and any for an anonymous source
    /// (it answers to its number only: docs/rules.md).
    fn new_aliases(
        &self,
        source: Option<SourceId>,
        kind: SourceKind,
        name: &str,
        aliases: &[String],
    ) -> Result<Vec<String>> {
        if kind == SourceKind::Anonymous && !aliases.is_empty() {
            return Err(Error::Invalid(
                "an anonymous source answers only to its number (#N): it takes no alias".into(),
            ));
        }
        let mut added = Vec::new();
        for alias in aliases {
            let alias = clean_name(alias, "an alias")?;
            let key = name_key(&alias);
            if key == name_key(name) || added.iter().any(|a: &String| name_key(a) == key) {
                continue;
            }
            if let Some(existing) = resolve::source_named(&self.tx, &key)? {
                if Some(existing.id) == source {
                    continue;
                }
                return Err(Error::SourceNameTaken {
                    name: alias,
                    id: existing.id,
                    existing: existing.name,
                });
            }
            added.push(alias);
        }
        Ok(added)
    }

    pub fn edit_source(&mut self, source: &SourceRef, changes: &SourceChanges) -> Result<()> {
        type Fields = (
            String,
            SourceKind,
            Option<String>,
            Option<String>,
            Reliability,
        );
        let (name, kind, role, affiliation, reliability): Fields = self.tx.query_row(
            "SELECT name, kind, role, affiliation, reliability FROM sources WHERE id = ?1",
            [source.id],
            |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                ))
            },
        )?;
        let mut fields = SourceFields::default();
        if let Some(new_kind) = changes.kind.filter(|k| *k != kind) {
            let fixed = [SourceKind::Anonymous, SourceKind::Desk];
            if fixed.contains(&new_kind) || fixed.contains(&kind) {
                return Err(Error::Invalid(format!(
                    "a source's kind cannot change to or from {}: those are set when it is made",
                    if fixed.contains(&kind) {
                        kind
                    } else {
                        new_kind
                    }
                )));
            }
            fields.kind = Some(Move::new(kind, new_kind));
        }
        let renamed = changes
            .name
            .as_deref()
            .map(|n| clean_name(n, "a source name"))
            .transpose()?
            .filter(|n| *n != name);
        if let Some(new_name) = &renamed {
            if kind.answers_to_names() {
                self.ensure_free(new_name, Some(source.id))?;
            }
            fields.name = Some(Move::new(name.clone(), new_name.clone()));
        }
        fields.role = changes
            .role
            .as_ref()
            .filter(|n| Some(*n) != role.as_ref())
            .map(|new| Move::new(role.clone(), Some(new.clone())));
        fields.affiliation = changes
            .affiliation
            .as_ref()
            .filter(|n| Some(*n) != affiliation.as_ref())
            .map(|new| Move::new(affiliation.clone(), Some(new.clone())));
        fields.reliability = changes
            .reliability
            .filter(|r| *r != reliability)
            .map(|new| Move::new(reliability, new));
        let current_name = renamed.as_ref().unwrap_or(&name);
        let added = self.new_aliases(Some(source.id), kind, current_name, &changes.add_aliases)?;
        if !added.is_empty() {
            fields.aliases = Some(AliasChange {
                added: Some(added),
                removed: None,
            });
        }
        if fields.is_empty() {
            return Err(Error::NothingToChange(format!(
                "source {} already reads so",
                source.name
            )));
        }
        self.record(
            Change::SourceEdited(event::SourceEdited {
                source: source.uuid.clone(),
                id: source.id.0,
                changes: fields,
            }),
            true,
        )?;
        if let Some(new_name) = &renamed
            && kind.answers_to_names()
        {
            self.warn_if_look_alike(source.id, new_name, "renamed source")?;
        }
        Ok(())
    }

    /// The source a typed name stands for, if any.
    pub fn find_source(&self, query: &str) -> Result<Option<SourceRef>> {
        resolve::find(&self.tx, query, Match::Loose)
    }

    /// The source a typed name stands for (`Match::Loose`), made (and announced) if there is
    /// none, of the kind given (the caller asks `model::new_source_kind`).
    pub fn resolve_source(&mut self, query: &str, kind_if_new: SourceKind) -> Result<SourceRef> {
        if let Some(found) = resolve::find(&self.tx, query, Match::Loose)? {
            return Ok(found);
        }
        // The note that a source was made comes before any warning about its name.
        let first_notice = self.notices.len();
        let source = self.add_source(&NewSource {
            name: query.to_string(),
            kind: kind_if_new,
            role: None,
            affiliation: None,
            aliases: Vec::new(),
            reliability: Reliability::default(),
        })?;
        self.notices.insert(
            first_notice,
            Notice::NewSource {
                id: source.id,
                name: source.name.clone(),
                kind: source.kind,
            },
        );
        Ok(source)
    }

    /// As `resolve_source`, for a name typed for `flag` (`None`: found in a report): a name
    /// taken by the start of a word for a source whose name does not have it as whole words
    /// is said on stderr, once a command.
    pub fn resolve_source_for(
        &mut self,
        flag: impl Into<Option<&'static str>>,
        query: &str,
        kind_if_new: SourceKind,
    ) -> Result<SourceRef> {
        let source = self.resolve_source(query, kind_if_new)?;
        if let Some(notice) = super::mend::taken_as(&self.tx, flag.into(), query, &source)? {
            self.note_once(notice);
        }
        Ok(source)
    }

    /// Adds a notice, unless the command said it already: a name taken by part of a word is
    /// said once, whichever option it was typed for.
    pub(super) fn note_once(&mut self, notice: Notice) {
        let said = self.notices.iter().any(|n| match (n, &notice) {
            (
                Notice::TakenAs { typed, id, .. },
                Notice::TakenAs {
                    typed: new,
                    id: new_id,
                    ..
                },
            ) => name_key(typed) == name_key(new) && id == new_id,
            (n, notice) => n == notice,
        });
        if !said {
            self.notices.push(notice);
        }
    }

    /// A new anonymous source, described by the words used for it: never merged with another.
    pub fn anonymous_source(&mut self, description: &str) -> Result<SourceRef> {
        self.add_source(&NewSource {
            name: description.to_string(),
            kind: SourceKind::Anonymous,
            role: None,
            affiliation: None,
            aliases: Vec::new(),
            reliability: Reliability::default(),
        })
    }

    /// The desk of the actor: "confirmed by our own reporting".
    pub fn desk(&mut self) -> Result<SourceRef> {
        if let Some(desk) = resolve::find_desk(&self.tx, &self.actor)? {
            return Ok(desk);
        }
        let actor = self.actor.clone();
        let desk = self.add_source(&NewSource {
            name: actor,
            kind: SourceKind::Desk,
            role: None,
            affiliation: None,
            aliases: Vec::new(),
            reliability: Reliability::default(),
        })?;
        self.notices.push(Notice::NewDesk {
            id: desk.id,
            name: desk.name.clone(),
        });
        Ok(desk)
    }

    pub fn add_statement(&mut self, new: &NewStatement) -> Result<StatementAdded> {
        let (statement, _, derived) = self.insert_statement(new, true)?;
        let Recomputed { assessment, .. } = derived.expect("derived on request");
        Ok(StatementAdded {
            claim: new.claim,
            statement: StatementId(statement),
            status: assessment.status,
            summary: assessment.summary,
            credibility: assessment.credibility.grade,
            credibility_reason: assessment.credibility.reason,
        })
    }

    /// Adds a statement; with `derive`, regrades its claim and records the move in the event.
    /// Gives its number and uuid.
    pub(super) fn insert_statement(
        &mut self,
        new: &NewStatement,
        derive: bool,
    ) -> Result<(i64, String, Option<Recomputed>)> {
        let claim_uuid = self.claim_uuid(new.claim)?;
        let uuid_of = |s: &Option<SourceRef>| s.as_ref().map(|s| s.uuid.clone());
        let name_of = |s: &Option<SourceRef>| s.as_ref().map(|s| s.name.clone());
        let change = Change::StatementAdded(event::StatementAdded {
            statement: AddedStatement {
                id: 0,
                uuid: Uuid::now_v7().to_string(),
                claim: claim_uuid,
                claim_id: new.claim.0,
                stance: new.stance,
                source: new.source.uuid.clone(),
                source_name: new.source.name.clone(),
                via: uuid_of(&new.via),
                via_name: name_of(&new.via),
                citing: uuid_of(&new.citing),
                citing_name: name_of(&new.citing),
                quote: new.quote.clone(),
                url: new.url.clone(),
                stated_at: new
                    .stated_at
                    .as_ref()
                    .map_or_else(|| self.now.clone(), Stamp::to_string),
                recorded_at: self.now.clone(),
                note: new.note.clone(),
                reliability: Some(new.reliability),
            },
            status: None,
            summary: None,
        });
        let (change, recomputed) = self.record(change, derive)?;
        let Change::StatementAdded(added) = change else {
            unreachable!("recorded as given")
        };
        Ok((added.statement.id, added.statement.uuid, recomputed))
    }

    /// Retracts a statement: it stays, visible, and stops counting.
    pub fn retract_statement(
        &mut self,
        statement: StatementId,
        note: Option<String>,
    ) -> Result<StatementAdded> {
        let (uuid, claim, retracted_at): (String, i64, Option<String>) = self
            .tx
            .query_row(
                "SELECT uuid, claim_id, retracted_at FROM statements
                  WHERE id = ?1 AND removed_at IS NULL",
                [statement],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?
            .ok_or(Error::StatementNotFound(statement))?;
        if let Some(at) = retracted_at {
            return Err(Error::AlreadyRetracted { statement, at });
        }
        let now = self.now.clone();
        let recomputed = self.retract(statement, uuid, claim, now, note, true)?;
        let Recomputed { assessment, .. } = recomputed.expect("regraded on request");
        Ok(StatementAdded {
            claim: ClaimId(claim),
            statement,
            status: assessment.status,
            summary: assessment.summary,
            credibility: assessment.credibility.grade,
            credibility_reason: assessment.credibility.reason,
        })
    }

    /// Records a statement's retraction at `at`; with `regrade`, regrades its claim at once.
    pub(super) fn retract(
        &mut self,
        statement: StatementId,
        uuid: String,
        claim: i64,
        at: String,
        note: Option<String>,
        regrade: bool,
    ) -> Result<Option<Recomputed>> {
        let change = Change::StatementRetracted(event::StatementRetracted {
            statement: uuid,
            id: statement.0,
            claim_id: claim,
            retracted_at: at,
            note,
            status: None,
            summary: None,
        });
        Ok(self.record(change, regrade)?.1)
    }

    /// Merges `claim` into `into`: every statement of `claim` (undone ones too) moves, `into`
    /// gains the tags it lacked, and `claim`'s note is joined to `into`'s ("INTO's; CLAIM's").
    /// `claim` is kept, marked merged: hidden from lists, `show` follows it. Both are regraded.
    pub fn merge_claims(&mut self, claim: ClaimId, into: ClaimId) -> Result<()> {
        if claim == into {
            return Err(Error::MergeIntoItself(claim));
        }
        let uuid = self.claim_uuid(claim)?;
        let into_uuid = self.claim_uuid(into)?;
        let statements: Vec<String> = self
            .tx
            .prepare_cached("SELECT uuid FROM statements WHERE claim_id = ?1 ORDER BY id")?
            .query_map([claim], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let into_tags = read::tags_of(&self.tx, into)?;
        let tags: Vec<String> = read::tags_of(&self.tx, claim)?
            .into_iter()
            .filter(|tag| !into_tags.contains(tag))
            .collect();
        let note_of = |id: ClaimId| -> Result<Option<String>> {
            Ok(self
                .tx
                .query_row("SELECT note FROM claims WHERE id = ?1", [id], |row| {
                    row.get::<_, Option<String>>(0)
                })?
                .filter(|note| !note.trim().is_empty()))
        };
        let (into_note, claim_note) = (note_of(into)?, note_of(claim)?);
        let note = claim_note.map(|claim_note| {
            let joined = match &into_note {
                Some(into_note) if *into_note == claim_note => into_note.clone(),
                Some(into_note) => format!("{into_note}; {claim_note}"),
                None => claim_note,
            };
            Move::new(into_note.clone(), Some(joined))
        });
        let note = note.filter(|moved| moved.old != moved.new);
        self.record(
            Change::ClaimMerged(event::ClaimMerge {
                claim: uuid,
                id: claim.0,
                into: into_uuid,
                into_id: into.0,
                statements,
                tags,
                note,
                status: None,
                summary: None,
            }),
            true,
        )?;
        Ok(())
    }

    /// Removes a claim from lists, searches and the exports people read, with why: it stays
    /// readable with `show`, and in the history.
    pub fn dismiss_claim(&mut self, claim: ClaimId, note: Option<String>) -> Result<()> {
        let (uuid, merged, dismissed) = self.claim_state(claim)?;
        if let Some(into) = merged {
            return Err(Error::ClaimMerged { claim, into });
        }
        if let Some((at, _)) = dismissed {
            return Err(Error::NothingToChange(format!(
                "claim #{claim} was already removed at {at}"
            )));
        }
        self.record(
            Change::ClaimDismissed(event::ClaimDismissal {
                claim: uuid,
                id: claim.0,
                at: self.now.clone(),
                note,
            }),
            true,
        )?;
        Ok(())
    }

    /// Brings a removed claim back into the lists.
    pub fn undismiss_claim(&mut self, claim: ClaimId) -> Result<()> {
        let (uuid, merged, dismissed) = self.claim_state(claim)?;
        if let Some(into) = merged {
            return Err(Error::ClaimMerged { claim, into });
        }
        let Some((at, note)) = dismissed else {
            return Err(Error::NothingToChange(format!(
                "claim #{claim} is not removed"
            )));
        };
        self.record(
            Change::ClaimUndismissed(event::ClaimDismissal {
                claim: uuid,
                id: claim.0,
                at,
                note,
            }),
            true,
        )?;
        Ok(())
    }
}

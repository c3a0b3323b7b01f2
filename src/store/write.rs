//! The writer: every change to the data, each appending its event in the same transaction.
//! Event payloads carry uuids and the old and new values, enough to rebuild every table.

use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::{Value, json};
use uuid::Uuid;

use super::apply::{apply_claim_changes, apply_source_changes, set_config, set_retracted, touch};
use super::derive::{self, Recomputed};
use super::read::{self, SourceRef};
use crate::model::{
    Rating, Reliability, SourceKind, Stance, StatementAdded, Status, clean_name, format_timestamp,
    name_key, name_skeleton, summarize,
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
    pub claim: i64,
    pub source: SourceRef,
    pub stance: Stance,
    pub via: Option<SourceRef>,
    pub citing: Option<SourceRef>,
    pub quote: Option<String>,
    pub url: Option<String>,
    /// Stored-form timestamp; `None` means now.
    pub stated_at: Option<String>,
    pub note: Option<String>,
    /// The statement's own grade, overriding its source's.
    pub reliability: Option<Reliability>,
}

pub struct Writer<'a> {
    pub(super) tx: Transaction<'a>,
    pub(super) actor: String,
    pub(super) now: String,
    pub(super) command: String,
    notices: Vec<String>,
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

    pub(super) fn commit(self) -> Result<Vec<String>> {
        self.tx.commit()?;
        Ok(self.notices)
    }

    /// Appends one event of this command. Every event about a claim marks activity on it: the
    /// rebuild follows the same rule.
    pub(super) fn event(&self, kind: &str, claim: Option<i64>, payload: Value) -> Result<()> {
        if let Some(claim) = claim
            && kind != "claim.removed"
            && !self.bulk
        {
            touch(&self.tx, claim, &self.now)?;
        }
        self.tx
            .prepare_cached(
                "INSERT INTO events (uuid, at, actor, kind, command, claim_id, payload)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                Uuid::now_v7().to_string(),
                self.now,
                self.actor,
                kind,
                self.command,
                claim,
                payload.to_string(),
            ])?;
        Ok(())
    }

    /// A claim as this transaction has it: what a command reports is what it committed, even if
    /// another process changes the claim (or undoes it) the instant after.
    pub fn claim(&self, claim: i64) -> Result<crate::model::ClaimDetail> {
        read::claim_detail(&self.tx, claim, None)
    }

    pub fn claim_uuid(&self, claim: i64) -> Result<String> {
        self.tx
            .prepare_cached("SELECT uuid FROM claims WHERE id = ?1 AND removed_at IS NULL")?
            .query_row([claim], |row| row.get(0))
            .optional()?
            .ok_or(Error::ClaimNotFound(claim))
    }

    pub fn add_claim(&mut self, new: &NewClaim) -> Result<i64> {
        self.insert_claim(new, true)
    }

    /// Adds a claim; without `derive`, its derived columns wait for the caller (an import
    /// grades each claim once, after its rows).
    pub(super) fn insert_claim(&mut self, new: &NewClaim, derive: bool) -> Result<i64> {
        let uuid = Uuid::now_v7().to_string();
        let summary = summarize(&[]);
        self.tx
            .prepare_cached(
                "INSERT INTO claims (uuid, text, happened, note, status, summary, created_at,
                                     last_activity)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            )?
            .execute(params![
                uuid,
                new.text,
                new.happened,
                new.note,
                Status::Unverified,
                summary,
                self.now
            ])?;
        let id = self.tx.last_insert_rowid();
        if derive {
            derive::refresh(&self.tx, id)?;
        }
        let mut tags = new.tags.clone();
        tags.sort();
        tags.dedup();
        for tag in &tags {
            self.insert_tag(id, tag)?;
        }
        self.event(
            "claim.added",
            Some(id),
            json!({"claim": {
                "id": id, "uuid": uuid, "text": new.text, "tags": tags,
                "happened": new.happened, "note": new.note, "created_at": self.now,
            }}),
        )?;
        Ok(id)
    }

    fn insert_tag(&self, claim: i64, tag: &str) -> Result<()> {
        // New claims only: edits go through apply_claim_changes.
        self.tx
            .prepare_cached("INSERT OR IGNORE INTO claim_tags (claim_id, tag) VALUES (?1, ?2)")?
            .execute(params![claim, tag])?;
        Ok(())
    }

    pub fn edit_claim(&mut self, claim: i64, changes: &ClaimChanges) -> Result<()> {
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
        let mut record = serde_json::Map::new();

        if let Some(text) = changes.text.as_ref().filter(|t| **t != old_text) {
            record.insert("text".into(), json!({"old": old_text, "new": text}));
        }
        if let Some(happened) = changes.happened.as_ref()
            && old_happened.as_ref() != Some(happened)
        {
            record.insert(
                "happened".into(),
                json!({"old": old_happened, "new": happened}),
            );
        }
        let mut new_tags = old_tags.clone();
        for tag in &changes.remove_tags {
            if !old_tags.contains(tag) {
                return Err(Error::TagNotFound {
                    claim,
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
            record.insert("tags".into(), json!({"old": old_tags, "new": new_tags}));
        }
        if record.is_empty() {
            return Err(Error::NothingToChange(format!(
                "claim #{claim} already reads so"
            )));
        }
        apply_claim_changes(&self.tx, claim, &record)?;
        self.event(
            "claim.edited",
            Some(claim),
            json!({"claim": uuid, "id": claim, "changes": record}),
        )
    }

    /// Sets the desk's verdict on a claim: an edit of the claim, so its history is the claim's.
    /// The derived status is untouched (docs/rules.md).
    pub fn set_verdict(&mut self, claim: i64, verdict: &NewVerdict) -> Result<()> {
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
        let mut record = serde_json::Map::new();
        record.insert("verdict".into(), json!({"old": rating, "new": new_rating}));
        record.insert(
            "verdict_explanation".into(),
            json!({"old": explanation, "new": verdict.explanation}),
        );
        record.insert(
            "verdict_url".into(),
            json!({"old": url, "new": verdict.url}),
        );
        record.insert("verdict_at".into(), json!({"old": old_at, "new": self.now}));
        apply_claim_changes(&self.tx, claim, &record)?;
        self.event(
            "claim.edited",
            Some(claim),
            json!({"claim": uuid, "id": claim, "changes": record}),
        )
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
        set_config(&self.tx, key, Some(value))?;
        self.event(
            "config.set",
            None,
            json!({"key": key, "old": old, "new": value}),
        )
    }

    /// Refuses a name or alias that another source already answers to.
    fn ensure_free(&self, name: &str, except: Option<i64>) -> Result<()> {
        if let Some(existing) = read::source_named(&self.tx, &name_key(name))?
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
    fn warn_if_look_alike(&mut self, id: i64, name: &str, what: &str) -> Result<()> {
        if let Some(twin) = read::source_looking_like(&self.tx, name, id)? {
            self.notices.push(format!(
                "warning: {what} #{id} {name} looks like source #{} {} but is spelled with \
                 different characters; if they are the same, run 'claims undo' and name it as #{}",
                twin.id, twin.name, twin.id
            ));
        }
        Ok(())
    }

    pub fn add_source(&mut self, new: &NewSource) -> Result<SourceRef> {
        let name = clean_name(&new.name, "a source name")?;
        if !matches!(new.kind, SourceKind::Anonymous | SourceKind::Desk) {
            self.ensure_free(&name, None)?;
        }
        let uuid = Uuid::now_v7().to_string();
        self.tx
            .prepare_cached(
                "INSERT INTO sources (uuid, name, name_key, kind, role, affiliation, reliability,
                                      created_at, name_skeleton)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                uuid,
                name,
                name_key(&name),
                new.kind,
                new.role,
                new.affiliation,
                new.reliability,
                self.now,
                name_skeleton(&name),
            ])?;
        let id = self.tx.last_insert_rowid();
        if !matches!(new.kind, SourceKind::Anonymous | SourceKind::Desk) {
            self.warn_if_look_alike(id, &name, "new source")?;
        }
        let aliases = self.new_aliases(id, &name, &new.aliases)?;
        let mut record = serde_json::Map::new();
        record.insert("aliases".into(), json!({"added": aliases}));
        apply_source_changes(&self.tx, id, &record)?;
        self.event(
            "source.added",
            None,
            json!({"source": {
                "id": id, "uuid": uuid, "name": name, "kind": new.kind.as_str(),
                "role": new.role, "affiliation": new.affiliation, "aliases": aliases,
                "reliability": new.reliability.as_str(), "created_at": self.now,
            }}),
        )?;
        Ok(SourceRef {
            id,
            uuid,
            name,
            kind: new.kind,
        })
    }

    /// Of `aliases`, those the source does not already answer to, tidied; refuses one that
    /// another source answers to, and any for an anonymous source (it answers to its number
    /// only: docs/rules.md).
    fn new_aliases(&self, source: i64, name: &str, aliases: &[String]) -> Result<Vec<String>> {
        let kind: SourceKind =
            self.tx
                .query_row("SELECT kind FROM sources WHERE id = ?1", [source], |row| {
                    row.get(0)
                })?;
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
            if let Some(existing) = read::source_named(&self.tx, &key)? {
                if existing.id == source {
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
        let mut record = serde_json::Map::new();
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
            record.insert(
                "kind".into(),
                json!({"old": kind.as_str(), "new": new_kind.as_str()}),
            );
        }
        let renamed = changes
            .name
            .as_deref()
            .map(|n| clean_name(n, "a source name"))
            .transpose()?
            .filter(|n| *n != name);
        let renamed = renamed.as_ref();
        if let Some(new_name) = renamed {
            if !matches!(kind, SourceKind::Anonymous | SourceKind::Desk) {
                self.ensure_free(new_name, Some(source.id))?;
            }
            record.insert("name".into(), json!({"old": name, "new": new_name}));
        }
        for (field, old, new) in [
            ("role", &role, &changes.role),
            ("affiliation", &affiliation, &changes.affiliation),
        ] {
            if let Some(new) = new.as_ref().filter(|n| Some(*n) != old.as_ref()) {
                record.insert(field.into(), json!({"old": old, "new": new}));
            }
        }
        if let Some(new) = changes.reliability.filter(|r| *r != reliability) {
            record.insert(
                "reliability".into(),
                json!({"old": reliability.as_str(), "new": new.as_str()}),
            );
        }
        let current_name = renamed.unwrap_or(&name);
        let added = self.new_aliases(source.id, current_name, &changes.add_aliases)?;
        if !added.is_empty() {
            record.insert("aliases".into(), json!({"added": added}));
        }
        if record.is_empty() {
            return Err(Error::NothingToChange(format!(
                "source {} already reads so",
                source.name
            )));
        }
        apply_source_changes(&self.tx, source.id, &record)?;
        if let Some(new_name) = renamed
            && !matches!(kind, SourceKind::Anonymous | SourceKind::Desk)
        {
            self.warn_if_look_alike(source.id, new_name, "renamed source")?;
        }
        self.event(
            "source.edited",
            None,
            json!({"source": source.uuid, "id": source.id, "changes": record}),
        )
    }

    /// The source a typed name stands for, if any.
    pub fn find_source(&self, query: &str) -> Result<Option<SourceRef>> {
        read::find_source(&self.tx, query)
    }

    /// The source a typed name stands for, made (and announced) if there is none.
    pub fn resolve_source(&mut self, query: &str, kind_if_new: SourceKind) -> Result<SourceRef> {
        if let Some(found) = read::find_source(&self.tx, query)? {
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
            format!(
                "note: new source #{}: {} ({}); 'claims source edit' sets its kind, role and aliases",
                source.id, source.name, source.kind
            ),
        );
        Ok(source)
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
        if let Some(desk) = read::find_desk(&self.tx, &self.actor)? {
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
        self.notices.push(format!(
            "note: new source #{}: {} (desk), for statements recorded without --by",
            desk.id, desk.name
        ));
        Ok(desk)
    }

    pub fn add_statement(&mut self, new: &NewStatement) -> Result<StatementAdded> {
        let (statement, derived) = self.insert_statement(new, true)?;
        let Recomputed { assessment, .. } = derived.expect("derived on request");
        Ok(StatementAdded {
            claim: new.claim,
            statement,
            status: assessment.status,
            summary: assessment.summary,
            credibility: assessment.credibility.grade,
            credibility_reason: assessment.credibility.reason,
        })
    }

    /// Adds a statement; with `derive`, regrades its claim and records the move in the event.
    pub(super) fn insert_statement(
        &mut self,
        new: &NewStatement,
        derive: bool,
    ) -> Result<(i64, Option<Recomputed>)> {
        let claim_uuid = self.claim_uuid(new.claim)?;
        let uuid = Uuid::now_v7().to_string();
        let stated_at = new.stated_at.clone().unwrap_or_else(|| self.now.clone());
        self.tx
            .prepare_cached(
                "INSERT INTO statements (uuid, claim_id, source_id, stance, via_id, citing_id,
                                         quote, url, stated_at, recorded_at, note, reliability)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                uuid,
                new.claim,
                new.source.id,
                new.stance,
                new.via.as_ref().map(|s| s.id),
                new.citing.as_ref().map(|s| s.id),
                new.quote,
                new.url,
                stated_at,
                self.now,
                new.note,
                new.reliability,
            ])?;
        let id = self.tx.last_insert_rowid();
        let derived = if derive {
            Some(derive::refresh(&self.tx, new.claim)?)
        } else {
            None
        };
        let uuid_of = |s: &Option<SourceRef>| s.as_ref().map(|s| s.uuid.clone());
        let name_of = |s: &Option<SourceRef>| s.as_ref().map(|s| s.name.clone());
        let mut payload = json!({
            "statement": {
                "id": id, "uuid": uuid, "claim": claim_uuid, "claim_id": new.claim,
                "stance": new.stance.as_str(),
                "source": new.source.uuid, "source_name": new.source.name,
                "via": uuid_of(&new.via), "via_name": name_of(&new.via),
                "citing": uuid_of(&new.citing), "citing_name": name_of(&new.citing),
                "quote": new.quote, "url": new.url, "stated_at": stated_at,
                "recorded_at": self.now, "note": new.note,
                "reliability": new.reliability.map(Reliability::as_str),
            },
        });
        if let Some(change) = &derived {
            payload["status"] = json!({"old": change.old_status.as_str(), "new": change.assessment.status.as_str()});
            payload["summary"] =
                json!({"old": change.old_summary, "new": change.assessment.summary});
        }
        self.event("statement.added", Some(new.claim), payload)?;
        Ok((id, derived))
    }

    /// Retracts a statement: it stays, visible, and stops counting.
    pub fn retract_statement(
        &mut self,
        statement: i64,
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
        set_retracted(&self.tx, statement, Some((&self.now, note.as_deref())))?;
        let Recomputed {
            old_status,
            old_summary,
            assessment,
        } = derive::refresh(&self.tx, claim)?;
        self.event(
            "statement.retracted",
            Some(claim),
            json!({
                "statement": uuid, "id": statement, "claim_id": claim,
                "retracted_at": self.now, "note": note,
                "status": {"old": old_status.as_str(), "new": assessment.status.as_str()},
                "summary": {"old": old_summary, "new": assessment.summary},
            }),
        )?;
        Ok(StatementAdded {
            claim,
            statement,
            status: assessment.status,
            summary: assessment.summary,
            credibility: assessment.credibility.grade,
            credibility_reason: assessment.credibility.reason,
        })
    }
}

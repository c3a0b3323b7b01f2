//! Import, inside one writer transaction: all of a file or nothing.
//!
//! A JSON Lines export brings entities (identified by uuid) and the history that made them.
//! What is already here is left as it is, with its history; what is new comes in with its own
//! events, copied as they were written (their numbers made local), so that the history still
//! rebuilds every table. A file without events (written by a script) gets events recorded by
//! this import, as if typed here. A named source whose name is already taken here is the same
//! source: the file's uuid for it is read as ours.
//!
//! A CSV sheet is typed data: each row is recorded as `claims` would record it, with events of
//! this command (so one `undo` takes the whole import back).

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};

use super::apply::{Apply, EventRow, Numbering, Refs, append, renumber, touch};
use super::derive;
use super::read;
use super::rebuild::Replay;
use super::resolve::{self, Match, SourceRef};
use super::write::{ClaimChanges, NewClaim, NewSource, NewStatement, Writer};
use crate::interchange::{
    ClaimLine, ConfigLine, EventLine, Line, LineError, SheetRow, SourceLine, StatementLine,
};
use crate::model::event::{
    self, AddedClaim, AddedSource, AddedStatement, Change, ClaimFields, ClaimMark, Move, Recorded,
    SettingSet, SourceMark, StatementMark,
};
use crate::model::{
    ClaimId, Difference, Imported, SourceId, StatementId, WrittenAs, new_source_kind,
};
use crate::model::{
    Evidence, Reliability, SourceKind, SourceName, Stance, clean_name, name_key, normalize_tag,
    parse_date, parse_when, required_text,
};
use crate::{Error, Result};

/// An event as the import copied it: its numbers made local, its time as stored.
struct Copied {
    at: String,
    recorded: Recorded,
}

/// What a claim's line says of the columns derived from its statements and history.
struct Declared {
    status: Option<String>,
    summary: Option<String>,
    credibility: Option<i64>,
    last_activity: Option<String>,
}

/// "a claim", "an event".
fn a(kind: &str) -> String {
    match kind {
        "event" => "an event".into(),
        kind => format!("a {kind}"),
    }
}

/// A text for a one-line message: quoted and escaped as the rebuild shows text (no line break
/// gets through), and cut short.
fn brief(text: &str) -> String {
    cut_short(&format!("{text:?}"))
}

/// A value as the rebuild shows it, cut short.
fn cut_short(shown: &str) -> String {
    const LONGEST: usize = 60;
    if shown.chars().count() <= LONGEST {
        return shown.to_string();
    }
    let cut: String = shown.chars().take(LONGEST).collect();
    format!("{cut}…")
}

/// Says how a row the file brought differs from what its events made of it.
fn unlike_history(kind: &str, key: &str, difference: &Difference) -> String {
    let again = "export the file again rather than editing it by hand";
    match (&difference.column, &difference.stored, &difference.rebuilt) {
        // The field as the line names it: a statement's `claim`, `source`, `via` and `citing`
        // are numbers here, the line's uuids made local.
        (Some(column), Some(line), Some(made)) => match column.strip_suffix("_id") {
            Some(field) => format!(
                "the {kind} {key} names another {field} (#{line} here) than the file's events \
                 do (#{made}); {again}"
            ),
            None => format!(
                "the {kind} {key} gives its {column} as {}, but the file's events make it {}; \
                 {again}",
                cut_short(line),
                cut_short(made)
            ),
        },
        (_, Some(_), None) => format!("no event of the file adds the {kind} {key}; {again}"),
        _ => {
            format!("the file's events set the {kind} {key}, but its line says otherwise; {again}")
        }
    }
}

fn at_line(line: u64) -> impl Fn(Error) -> Error {
    move |error| match error {
        error @ Error::Import { .. } => error,
        other => LineError::new(line, other.to_string()).into(),
    }
}

/// A time as stored: RFC 3339 UTC, to the second.
fn timestamp(text: &str, what: &str) -> Result<String> {
    parse_when(text)
        .map(crate::model::format_timestamp)
        .map_err(|_| Error::Invalid(format!("{what} '{text}' is not a time")))
}

impl Writer<'_> {
    fn scratch(&self) -> Result<()> {
        self.tx.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS import_new (
                 kind TEXT NOT NULL, uuid TEXT NOT NULL, line INTEGER NOT NULL,
                 history INTEGER NOT NULL DEFAULT 0,
                 -- what a claim's line says of its derived columns, held against them at the end
                 status TEXT, summary TEXT, credibility INTEGER, last_activity TEXT,
                 PRIMARY KEY (kind, uuid)) WITHOUT ROWID;
             -- every uuid (and setting) the file names, with its line: each names one thing
             CREATE TEMP TABLE IF NOT EXISTS import_seen (
                 uuid TEXT PRIMARY KEY, kind TEXT NOT NULL, line INTEGER NOT NULL) WITHOUT ROWID;
             CREATE TEMP TABLE IF NOT EXISTS import_same (
                 uuid TEXT PRIMARY KEY, here TEXT NOT NULL) WITHOUT ROWID;
             CREATE TEMP TABLE IF NOT EXISTS import_touched (id INTEGER PRIMARY KEY);
             DELETE FROM import_new; DELETE FROM import_same; DELETE FROM import_touched;
             DELETE FROM import_seen;",
        )?;
        Ok(())
    }

    fn exists(&self, table: &str, uuid: &str) -> Result<bool> {
        Ok(self
            .tx
            .prepare_cached(&format!("SELECT 1 FROM {table} WHERE uuid = ?1"))?
            .exists([uuid])?)
    }

    /// The number of the entity with this uuid here (a matched source's uuid read as ours).
    fn local(&self, table: &str, uuid: &str) -> Result<Option<i64>> {
        Ok(self
            .tx
            .prepare_cached(&format!(
                "SELECT id FROM {table}
                  WHERE uuid = coalesce((SELECT here FROM import_same WHERE uuid = ?1), ?1)"
            ))?
            .query_row([uuid], |row| row.get(0))
            .optional()?)
    }

    fn mark_new(&self, kind: &str, uuid: &str, line: u64) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT OR IGNORE INTO import_new (kind, uuid, line) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![kind, uuid, line as i64])?;
        Ok(())
    }

    fn is_new(&self, kind: &str, uuid: &str) -> Result<bool> {
        Ok(self
            .tx
            .prepare_cached("SELECT 1 FROM import_new WHERE kind = ?1 AND uuid = ?2")?
            .exists([kind, uuid])?)
    }

    /// Refuses a uuid that an earlier line of the file used, or that names another kind of
    /// thing here: a uuid names one thing, once. (A setting's key likewise, among settings.)
    fn first_use(&self, kind: &str, uuid: &str, line: u64) -> Result<()> {
        let seen = |key: &str| -> Result<Option<(String, i64)>> {
            Ok(self
                .tx
                .prepare_cached("SELECT kind, line FROM import_seen WHERE uuid = ?1")?
                .query_row([key], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()?)
        };
        let key = match kind {
            "setting" => format!("config {uuid}"),
            _ => uuid.to_string(),
        };
        if let Some((earlier, at)) = seen(&key)? {
            return Err(Error::Invalid(if earlier == kind {
                format!("the {kind} {uuid} is on line {at} already; a file holds each thing once")
            } else {
                format!(
                    "{uuid} is the uuid of the {earlier} on line {at}, and cannot name {} too",
                    a(kind)
                )
            }));
        }
        // Among the things here, entities only: an event's uuid is looked up as an event alone.
        if kind != "setting" && kind != "event" {
            for (other, table) in [
                ("claim", "claims"),
                ("source", "sources"),
                ("statement", "statements"),
            ] {
                if other != kind && self.exists(table, uuid)? {
                    return Err(Error::Invalid(format!(
                        "{uuid} is the uuid of {} here, and cannot name {} too",
                        a(other),
                        a(kind)
                    )));
                }
            }
        }
        self.tx
            .prepare_cached("INSERT INTO import_seen (uuid, kind, line) VALUES (?1, ?2, ?3)")?
            .execute(params![key, kind, line as i64])?;
        Ok(())
    }

    fn mark_touched(&self, claim: i64) -> Result<()> {
        self.tx
            .prepare_cached("INSERT OR IGNORE INTO import_touched (id) VALUES (?1)")?
            .execute([claim])?;
        Ok(())
    }

    /// Imports the lines of a JSON Lines export.
    pub fn import_lines(
        &mut self,
        lines: impl Iterator<Item = std::result::Result<(u64, Line), LineError>>,
    ) -> Result<Imported> {
        // The uuids seen, the new entities and the matched sources grow with the file: kept in
        // a temporary file rather than in memory (this build's default), they cost a page
        // cache. Set before `scratch` makes its tables: changing it drops temporary tables.
        self.tx.pragma_update(None, "temp_store", "FILE")?;
        self.scratch()?;
        let mut done = Imported::default();
        let mut history_lines = 0u64;
        // The replay of the history the file brings, made at its first event, and the first
        // event it could not replay (reported once the file has said all it has to say).
        let mut replay: Option<Replay> = None;
        let mut unreplayed: Option<Error> = None;
        let mut merges: Vec<(String, String, u64)> = Vec::new();
        for item in lines {
            let (line, content) = item?;
            let (kind, uuid) = match &content {
                Line::Source(s) => ("source", &s.uuid),
                Line::Claim(c) => ("claim", &c.uuid),
                Line::Statement(s) => ("statement", &s.uuid),
                Line::Config(c) => ("setting", &c.key),
                Line::Event(e) => ("event", &e.uuid),
            };
            self.first_use(kind, uuid, line).map_err(at_line(line))?;
            // A claim merged into another names it by uuid, and it may come later in the file:
            // marked merged once every line is in.
            if let Line::Claim(claim) = &content
                && let Some(into) = &claim.merged_into
                && !self.exists("claims", &claim.uuid)?
            {
                merges.push((claim.uuid.clone(), into.clone(), line));
            }
            let result = match &content {
                Line::Source(source) => self.import_source(source, line, &mut done),
                Line::Claim(claim) => self.import_claim(claim, line, &mut done),
                Line::Statement(statement) => self.import_statement(statement, line, &mut done),
                Line::Config(config) => self.import_config(config, line, &mut done),
                Line::Event(event) => {
                    history_lines += 1;
                    if replay.is_none() {
                        replay = Some(Replay::new()?);
                    }
                    match self.import_event(event, line, &mut done) {
                        Ok(Some(copied))
                            if unreplayed.is_none()
                                && let Some(replay) = replay.as_mut() =>
                        {
                            if let Err(error) = self.replay_event(replay, &copied) {
                                unreplayed = Some(at_line(line)(error));
                            }
                            Ok(())
                        }
                        Ok(_) => Ok(()),
                        Err(error) => Err(error),
                    }
                }
            };
            result.map_err(at_line(line))?;
        }
        for (claim, into, line) in merges {
            if !self.exists("claims", &into)? {
                return Err(LineError::new(
                    line,
                    format!(
                        "the claim {claim} is merged into claim {into}, which is neither in \
                         the file nor in the database"
                    ),
                )
                .into());
            }
            self.put(
                &self.now.clone(),
                &mut Change::ClaimMerged(event::ClaimMerge {
                    claim,
                    id: 0,
                    into,
                    into_id: 0,
                    statements: Vec::new(),
                    tags: Vec::new(),
                    note: None,
                    status: None,
                    summary: None,
                }),
            )
            .map_err(at_line(line))?;
        }
        if history_lines > 0 {
            // A history must tell how everything it brings came to be.
            let missing: Option<(String, String, i64)> = self
                .tx
                .query_row(
                    "SELECT kind, uuid, line FROM import_new WHERE history = 0
                      ORDER BY line LIMIT 1",
                    [],
                    |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
                )
                .optional()?;
            if let Some((kind, uuid, line)) = missing {
                return Err(LineError::new(
                    line as u64,
                    format!(
                        "the file has a history, but not the event that added {kind} {uuid}; \
                         export it again rather than editing it by hand"
                    ),
                )
                .into());
            }
        } else {
            self.record_new()?;
        }
        if let Some(error) = unreplayed {
            return Err(error);
        }
        self.regrade_touched()?;
        if let Some(replay) = &replay {
            self.hold_against(replay)?;
        }
        Ok(done)
    }

    /// Holds every row the file brought against what the file's events made of it, in the
    /// order of the lines, and refuses the import at the first that differs: the rows are
    /// what commands read, the events what undo, `--as-of` and `rebuild` read, and a file
    /// whose two halves disagree (edited by hand, or made to mislead) would land with a
    /// history that does not rebuild its tables. Every recorded column is compared; a claim's
    /// derived columns (status, summary, grade) are computed here from exactly what is
    /// compared (its statements, and sources either compared or the same rows on both sides),
    /// so they agree once the rest does, and are then held against what the claim's line says
    /// of them, in a second pass: a statement's changed stance is blamed on its own line, not
    /// on its claim's status.
    fn hold_against(&self, replay: &Replay) -> Result<()> {
        let table = |kind: &str| match kind {
            "claim" => "claims",
            "source" => "sources",
            "statement" => "statements",
            _ => "config",
        };
        let mut stmt = self
            .tx
            .prepare("SELECT kind, uuid, line FROM import_new ORDER BY line")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let (kind, uuid, line): (String, String, i64) = (row.get(0)?, row.get(1)?, row.get(2)?);
            if let Some(difference) = replay.difference(&self.tx, table(&kind), &uuid)? {
                return Err(
                    LineError::new(line as u64, unlike_history(&kind, &uuid, &difference)).into(),
                );
            }
        }
        let mut stmt = self.tx.prepare(
            "SELECT uuid, line, status, summary, credibility, last_activity
               FROM import_new WHERE kind = 'claim' ORDER BY line",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let declared = Declared {
                status: row.get(2)?,
                summary: row.get(3)?,
                credibility: row.get(4)?,
                last_activity: row.get(5)?,
            };
            let uuid: String = row.get(0)?;
            if let Some(message) = self.declared_difference(&uuid, &declared)? {
                let line: i64 = row.get(1)?;
                return Err(LineError::new(line as u64, message).into());
            }
        }
        Ok(())
    }

    /// What a claim's line says of its derived columns and the stored claim does not. The
    /// status is that of its statements wherever they land; the summary and grade name and
    /// weigh sources, which may be sources here under the same name, so they are held only
    /// when every source of the claim came with the file.
    fn declared_difference(&self, uuid: &str, declared: &Declared) -> Result<Option<String>> {
        let (status, summary, credibility, last_activity, id): (String, String, i64, String, i64) =
            self.tx.query_row(
                "SELECT status, summary, credibility, last_activity, id FROM claims
                  WHERE uuid = ?1",
                [uuid],
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
        let named_here = self
            .tx
            .prepare_cached(
                "SELECT 1 FROM statements s
                   JOIN sources src ON src.id IN (s.source_id, s.via_id, s.citing_id)
                  WHERE s.claim_id = ?1
                    AND NOT EXISTS (SELECT 1 FROM import_new n
                                     WHERE n.kind = 'source' AND n.uuid = src.uuid)",
            )?
            .exists([id])?;
        let unlike = |what: &str, line: &str, made: &str| {
            Some(format!(
                "the claim {uuid} gives its {what} as {}, but the file's statements and \
                 events make it {}; export the file again rather than editing it by hand",
                brief(line),
                brief(made)
            ))
        };
        if let Some(line) = &declared.status
            && *line != status
        {
            return Ok(unlike("status", line, &status));
        }
        if let Some(line) = &declared.last_activity
            && *line != last_activity
        {
            return Ok(unlike("last activity", line, &last_activity));
        }
        if named_here {
            return Ok(None);
        }
        if let Some(line) = &declared.summary
            && *line != summary
        {
            return Ok(unlike("summary", line, &summary));
        }
        if let Some(line) = declared.credibility
            && line != credibility
        {
            return Ok(unlike("grade", &line.to_string(), &credibility.to_string()));
        }
        Ok(None)
    }

    /// Applies a change a line of the file brings, as the line has it: numbers kept where
    /// they are free, nothing regraded or marked (the import does both once, at its end), and
    /// no event of its own (the file's history, or `record_new`, records it).
    fn put(&self, at: &str, change: &mut Change) -> Result<()> {
        Apply {
            conn: &self.tx,
            at,
            numbering: Numbering::Carried,
            refs: Refs::Uuids,
            regrade: false,
            mark_activity: false,
        }
        .apply(change)?;
        Ok(())
    }

    fn import_source(&mut self, s: &SourceLine, line: u64, done: &mut Imported) -> Result<()> {
        // Here already, or matched by name earlier in the file.
        if self.local("sources", &s.uuid)?.is_some() {
            done.already_here += 1;
            return Ok(());
        }
        let name = clean_name(&s.name, "a source's name")?;
        let created_at = timestamp(&s.created_at, "created_at")?;
        let same = match s.kind {
            SourceKind::Anonymous => None,
            SourceKind::Desk => resolve::find_desk(&self.tx, &name)?,
            _ => resolve::find(&self.tx, &name, Match::Exact)?,
        };
        if let Some(here) = same.filter(|_| s.removed_at.is_none() && s.merged_into.is_none()) {
            self.tx
                .prepare_cached("INSERT INTO import_same (uuid, here) VALUES (?1, ?2)")?
                .execute([&s.uuid, &here.uuid])?;
            done.sources_matched += 1;
            return Ok(());
        }
        let mut aliases = Vec::new();
        for alias in &s.aliases {
            let alias = clean_name(alias, "an alias")?;
            if let Some(other) = resolve::source_named(&self.tx, &name_key(&alias))? {
                return Err(Error::Invalid(format!(
                    "the alias '{alias}' of source {name} already names source #{} here ({})",
                    other.id, other.name
                )));
            }
            aliases.push(alias);
        }
        let mut added = Change::SourceAdded(event::SourceAdded {
            source: AddedSource {
                id: s.id.unwrap_or(0),
                uuid: s.uuid.clone(),
                name,
                kind: s.kind,
                role: s.role.clone(),
                affiliation: s.affiliation.clone(),
                aliases,
                reliability: s.reliability,
                created_at: created_at.clone(),
            },
        });
        self.put(&created_at, &mut added)?;
        if let Some(at) = &s.removed_at {
            self.put(
                at,
                &mut Change::SourceRemoved(SourceMark {
                    source: s.uuid.clone(),
                    id: 0,
                }),
            )?;
        }
        if let Some(into) = &s.merged_into {
            // Marked at once, so that it answers to no name while the rest of the file comes
            // in (its names are the other's aliases now); the history, if any, says the same.
            self.tx
                .prepare_cached("UPDATE sources SET merged_into = ?2 WHERE uuid = ?1")?
                .execute([&s.uuid, into])?;
        }
        self.mark_new("source", &s.uuid, line)?;
        done.sources += 1;
        Ok(())
    }

    fn import_claim(&mut self, c: &ClaimLine, line: u64, done: &mut Imported) -> Result<()> {
        if self.exists("claims", &c.uuid)? {
            done.already_here += 1;
            return Ok(());
        }
        let text = required_text(&c.text, "a claim's text")?;
        let happened = c
            .happened
            .as_deref()
            .map(parse_date)
            .transpose()?
            .map(|d| d.to_string());
        let created_at = timestamp(&c.created_at, "created_at")?;
        let last_activity = match &c.last_activity {
            Some(at) => timestamp(at, "last_activity")?,
            None => created_at.clone(),
        };
        let verdict_at = c
            .verdict
            .map(|_| timestamp(c.verdict_at.as_deref().unwrap_or(&created_at), "verdict_at"))
            .transpose()?;
        let mut tags = c
            .tags
            .iter()
            .map(|tag| normalize_tag(tag))
            .collect::<Result<Vec<_>>>()?;
        tags.sort();
        tags.dedup();
        let mut added = Change::ClaimAdded(event::ClaimAdded {
            claim: AddedClaim {
                id: c.id.unwrap_or(0),
                uuid: c.uuid.clone(),
                text,
                tags,
                happened,
                note: c.note.clone(),
                created_at: created_at.clone(),
            },
        });
        self.put(&created_at, &mut added)?;
        let id = added.claim().unwrap_or_default();
        if let Some(verdict) = c.verdict {
            let set = |value: Option<&str>| Some(Move::new(None, value.map(str::to_string)));
            self.put(
                &created_at,
                &mut Change::ClaimEdited(event::ClaimEdited {
                    claim: c.uuid.clone(),
                    id,
                    changes: ClaimFields {
                        verdict: set(Some(verdict.as_str())),
                        verdict_explanation: set(c.verdict_explanation.as_deref()),
                        verdict_url: set(c.verdict_url.as_deref()),
                        verdict_at: set(verdict_at.as_deref()),
                        ..ClaimFields::default()
                    },
                }),
            )?;
        }
        if let Some(at) = &c.removed_at {
            self.put(
                at,
                &mut Change::ClaimRemoved(ClaimMark {
                    claim: c.uuid.clone(),
                    id,
                }),
            )?;
        }
        if let Some(at) = &c.dismissed_at {
            let at = timestamp(at, "dismissed_at")?;
            self.put(
                &at,
                &mut Change::ClaimDismissed(event::ClaimDismissal {
                    claim: c.uuid.clone(),
                    id,
                    at: at.clone(),
                    note: c.dismiss_note.clone(),
                }),
            )?;
        }
        touch(&self.tx, id, &last_activity)?;
        self.mark_new("claim", &c.uuid, line)?;
        self.tx
            .prepare_cached(
                "UPDATE import_new SET status = ?2, summary = ?3, credibility = ?4,
                                       last_activity = ?5
                  WHERE kind = 'claim' AND uuid = ?1",
            )?
            .execute(params![
                c.uuid,
                c.status.map(|s| s.as_str()),
                c.summary,
                c.credibility,
                c.last_activity.is_some().then_some(&last_activity),
            ])?;
        self.mark_touched(id)?;
        done.claims += 1;
        Ok(())
    }

    /// The uuid here of a source the file names: ours, for a source matched by name.
    fn our_source(&self, uuid: &str) -> Result<Option<String>> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT uuid FROM sources
                  WHERE uuid = coalesce((SELECT here FROM import_same WHERE uuid = ?1), ?1)",
            )?
            .query_row([uuid], |row| row.get(0))
            .optional()?)
    }

    fn import_statement(
        &mut self,
        s: &StatementLine,
        line: u64,
        done: &mut Imported,
    ) -> Result<()> {
        if self.exists("statements", &s.uuid)? {
            done.already_here += 1;
            return Ok(());
        }
        let refers = |what: &str, uuid: &str| {
            Error::Invalid(format!(
                "the statement refers to {what} {uuid}, which is neither earlier in the file \
                 nor in the database"
            ))
        };
        let claim = self
            .local("claims", &s.claim)?
            .ok_or_else(|| refers("claim", &s.claim))?;
        let source = |uuid: &str| -> Result<String> {
            self.our_source(uuid)?.ok_or_else(|| refers("source", uuid))
        };
        let speaker = source(&s.source)?;
        let via = s.via.as_deref().map(source).transpose()?;
        let citing = s.citing.as_deref().map(source).transpose()?;
        let recorded_at = timestamp(&s.recorded_at, "recorded_at")?;
        let retracted_at = s
            .retracted_at
            .as_deref()
            .map(|at| timestamp(at, "retracted_at"))
            .transpose()?;
        let mut added = Change::StatementAdded(event::StatementAdded {
            statement: AddedStatement {
                id: s.id.unwrap_or(0),
                uuid: s.uuid.clone(),
                claim: s.claim.clone(),
                claim_id: claim,
                stance: s.stance,
                source: speaker,
                source_name: String::new(),
                via,
                via_name: None,
                citing,
                citing_name: None,
                quote: s.quote.clone(),
                url: s.url.clone(),
                stated_at: timestamp(&s.stated_at, "stated_at")?,
                recorded_at: recorded_at.clone(),
                note: s.note.clone(),
                reliability: Some(s.reliability),
            },
            status: None,
            summary: None,
        });
        self.put(&recorded_at, &mut added)?;
        let id = match &added {
            Change::StatementAdded(p) => p.statement.id,
            _ => unreachable!("put as made"),
        };
        let mark = || StatementMark {
            statement: s.uuid.clone(),
            id,
            claim_id: claim,
            status: None,
            summary: None,
        };
        if let Some(at) = &retracted_at {
            self.put(
                at,
                &mut Change::StatementRetracted(event::StatementRetracted {
                    statement: s.uuid.clone(),
                    id,
                    claim_id: claim,
                    retracted_at: at.clone(),
                    note: s.retraction_note.clone(),
                    status: None,
                    summary: None,
                }),
            )?;
        }
        if let Some(at) = &s.removed_at {
            self.put(at, &mut Change::StatementRemoved(mark()))?;
        }
        self.mark_new("statement", &s.uuid, line)?;
        self.mark_touched(claim)?;
        done.statements += 1;
        Ok(())
    }

    fn import_config(&mut self, c: &ConfigLine, line: u64, done: &mut Imported) -> Result<()> {
        let here = self
            .tx
            .prepare_cached("SELECT 1 FROM config WHERE key = ?1")?
            .exists([&c.key])?;
        if here {
            done.already_here += 1;
            return Ok(());
        }
        let now = self.now.clone();
        self.put(
            &now,
            &mut Change::SettingSet(SettingSet {
                key: c.key.clone(),
                old: None,
                new: Some(c.value.clone()),
            }),
        )?;
        self.mark_new("config", &c.key, line)?;
        done.settings += 1;
        Ok(())
    }

    /// Copies an event about something new in this import; events about what was already
    /// here stay out, as that thing does.
    fn import_event(
        &mut self,
        e: &EventLine,
        line: u64,
        done: &mut Imported,
    ) -> Result<Option<Copied>> {
        if self.exists("events", &e.uuid)? {
            done.already_here += 1;
            return Ok(None);
        }
        let mut recorded = Recorded::from_value(&e.kind, e.payload.clone())?;
        let subject = recorded
            .change
            .subject()
            .map(|(kind, uuid)| (kind, uuid.to_string()));
        let adds = recorded.change.adds();
        if let Some((kind, uuid)) = &subject {
            let (kind, uuid) = (*kind, uuid.as_str());
            if !self.is_new(kind, uuid)? {
                let table = match kind {
                    "config" => None,
                    kind => Some(format!("{kind}s")),
                };
                let here = match &table {
                    Some(table) => self.local(table, uuid)?.is_some(),
                    None => self
                        .tx
                        .prepare_cached("SELECT 1 FROM config WHERE key = ?1")?
                        .exists([uuid])?,
                };
                if here {
                    done.already_here += 1;
                    return Ok(None);
                }
                // A setting that was set and then unset (an undo) has no line in the file,
                // only its history: that comes in, and leaves it unset here too (which the
                // replay checks, blaming this line).
                if kind != "config" {
                    return Err(Error::Invalid(format!(
                        "the event is about {kind} {uuid}, which is neither earlier in the \
                         file nor in the database"
                    )));
                }
                self.mark_new("config", uuid, line)?;
            }
            if adds {
                self.tx
                    .prepare_cached(
                        "UPDATE import_new SET history = 1 WHERE kind = ?1 AND uuid = ?2",
                    )?
                    .execute([kind, uuid])?;
            }
        }
        let claim = match &e.claim {
            None => None,
            Some(uuid) => Some(self.local("claims", uuid)?.ok_or_else(|| {
                Error::Invalid(format!(
                    "the event is about claim {uuid}, which is neither earlier in the file nor \
                     in the database"
                ))
            })?),
        };
        self.read_as_ours(&mut recorded.change)?;
        renumber(&self.tx, &mut recorded.change)?;
        let at = timestamp(&e.at, "the event's time")?;
        if recorded.change.claim().is_some() && recorded.change.claim() != claim {
            return Err(Error::Invalid(format!(
                "the {} event is about another claim than its payload says",
                e.kind
            )));
        }
        append(
            &self.tx,
            &EventRow {
                uuid: &e.uuid,
                at: &at,
                actor: &e.actor,
                command: &e.command,
                recorded: &recorded,
            },
        )?;
        if let Some(claim) = claim {
            self.mark_touched(claim)?;
        }
        // Each copied change marks activity at its own time, in the order of the history (and
        // a moved statement's old claim is regraded with the rest).
        for claim in recorded.change.marks_activity() {
            touch(&self.tx, claim, &at)?;
            self.mark_touched(claim)?;
        }
        done.events += 1;
        Ok(Some(Copied { at, recorded }))
    }

    /// Replays an event the import copied. What a new statement names that was here before
    /// the import (its claim, a source) is copied into the replay first: the replay has only
    /// this file's events.
    fn replay_event(&self, replay: &mut Replay, copied: &Copied) -> Result<()> {
        if let Change::StatementAdded(p) = &copied.recorded.change {
            let s = &p.statement;
            let named = [("claim", Some(&s.claim)), ("source", Some(&s.source))]
                .into_iter()
                .chain([("source", s.via.as_ref()), ("source", s.citing.as_ref())]);
            for (kind, uuid) in named {
                if let Some(uuid) = uuid
                    && !self.is_new(kind, uuid)?
                {
                    replay.seed(&self.tx, &format!("{kind}s"), uuid)?;
                }
            }
        }
        // What a mend names that was here before the import: a source a statement was given,
        // a claim it was moved to, a source merged.
        let named: Vec<(&str, &str)> = match &copied.recorded.change {
            Change::StatementEdited(p) => {
                let c = &p.changes;
                c.source
                    .iter()
                    .map(|m| m.new.uuid.as_str())
                    .chain(
                        c.via
                            .iter()
                            .flat_map(|m| m.new.iter().map(|l| l.uuid.as_str())),
                    )
                    .chain(
                        c.citing
                            .iter()
                            .flat_map(|m| m.new.iter().map(|l| l.uuid.as_str())),
                    )
                    .map(|uuid| ("source", uuid))
                    .collect()
            }
            Change::StatementMoved(p) => vec![("claim", p.claim.new.as_str())],
            Change::SourceMerged(p) | Change::SourceUnmerged(p) => {
                vec![("source", p.source.as_str()), ("source", p.into.as_str())]
            }
            _ => Vec::new(),
        };
        for (kind, uuid) in named {
            if !self.is_new(kind, uuid)? {
                replay.seed(&self.tx, &format!("{kind}s"), uuid)?;
            }
        }
        replay.event(&self.tx, &copied.at, &mut copied.recorded.clone())
    }

    /// Reads, in a copied change, the file's uuid of a source matched here by name as ours.
    fn read_as_ours(&self, change: &mut Change) -> Result<()> {
        let matched: i64 = self
            .tx
            .query_row("SELECT count(*) FROM import_same", [], |row| row.get(0))?;
        if matched == 0 {
            return Ok(());
        }
        for uuid in change.source_uuids_mut() {
            let here: Option<String> = self
                .tx
                .prepare_cached("SELECT here FROM import_same WHERE uuid = ?1")?
                .query_row([&*uuid], |row| row.get(0))
                .optional()?;
            if let Some(here) = here {
                *uuid = here;
            }
        }
        Ok(())
    }

    /// A file without a history: record what it brought as this command's own changes, in
    /// the file's order, as the writer would have recorded them.
    fn record_new(&mut self) -> Result<()> {
        let new: Vec<(String, String)> = self
            .tx
            .prepare("SELECT kind, uuid FROM import_new ORDER BY line")?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (kind, uuid) in new {
            let changes = match kind.as_str() {
                "source" => self.source_as_made(&uuid)?,
                "claim" => self.claim_as_made(&uuid)?,
                "statement" => self.statement_as_made(&uuid)?,
                _ => {
                    let value: String = self.tx.query_row(
                        "SELECT value FROM config WHERE key = ?1",
                        [&uuid],
                        |row| row.get(0),
                    )?;
                    vec![Change::SettingSet(SettingSet {
                        key: uuid,
                        old: None,
                        new: Some(value),
                    })]
                }
            };
            for change in changes {
                // Recorded by this import, hence marking activity at its time.
                for claim in change.marks_activity() {
                    touch(&self.tx, claim, &self.now)?;
                }
                self.event(&Recorded::new(change))?;
            }
        }
        let merged: Vec<(String, i64, String, i64)> = self
            .tx
            .prepare(
                "SELECT c.uuid, c.id, m.uuid, m.id FROM import_new n
                   JOIN claims c ON c.uuid = n.uuid
                   JOIN claims m ON m.id = c.merged_into
                  WHERE n.kind = 'claim' ORDER BY n.line",
            )?
            .query_map([], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (claim, id, into, into_id) in merged {
            let change = Change::ClaimMerged(event::ClaimMerge {
                claim,
                id,
                into,
                into_id,
                statements: Vec::new(),
                tags: Vec::new(),
                note: None,
                status: None,
                summary: None,
            });
            for claim in change.marks_activity() {
                touch(&self.tx, claim, &self.now)?;
            }
            self.event(&Recorded::new(change))?;
        }
        Ok(())
    }

    /// The changes that make a source as the import put it.
    fn source_as_made(&mut self, uuid: &str) -> Result<Vec<Change>> {
        let (source, removed): (AddedSource, Option<String>) = self.tx.query_row(
            "SELECT id, uuid, name, kind, role, affiliation, reliability, created_at, removed_at
               FROM sources WHERE uuid = ?1",
            [uuid],
            |row| {
                Ok((
                    AddedSource {
                        id: row.get(0)?,
                        uuid: row.get(1)?,
                        name: row.get(2)?,
                        kind: row.get(3)?,
                        role: row.get(4)?,
                        affiliation: row.get(5)?,
                        aliases: Vec::new(),
                        reliability: row.get(6)?,
                        created_at: row.get(7)?,
                    },
                    row.get(8)?,
                ))
            },
        )?;
        let id = source.id;
        let mut source = source;
        source.aliases = self
            .tx
            .prepare_cached(
                "SELECT alias FROM source_aliases WHERE source_id = ?1 ORDER BY alias_key",
            )?
            .query_map([id], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut changes = vec![Change::SourceAdded(event::SourceAdded { source })];
        // Removed by this import's own event, hence at its time (as a replay removes it).
        if removed.is_some() {
            let mut removal = Change::SourceRemoved(SourceMark {
                source: uuid.to_string(),
                id,
            });
            Apply::local(&self.tx, &self.now, false).apply(&mut removal)?;
            changes.push(removal);
        }
        Ok(changes)
    }

    /// The changes that make a claim as the import put it.
    fn claim_as_made(&mut self, uuid: &str) -> Result<Vec<Change>> {
        type Verdict = [Option<String>; 4];
        type Mended = (Option<String>, Option<String>);
        let (claim, removed, verdict, mended): (AddedClaim, Option<String>, Verdict, Mended) =
            self.tx.query_row(
                "SELECT id, uuid, text, happened, note, created_at, removed_at,
                    verdict, verdict_explanation, verdict_url, verdict_at,
                    dismissed_at, dismiss_note
               FROM claims WHERE uuid = ?1",
                [uuid],
                |row| {
                    Ok((
                        AddedClaim {
                            id: row.get(0)?,
                            uuid: row.get(1)?,
                            text: row.get(2)?,
                            tags: Vec::new(),
                            happened: row.get(3)?,
                            note: row.get(4)?,
                            created_at: row.get(5)?,
                        },
                        row.get(6)?,
                        [row.get(7)?, row.get(8)?, row.get(9)?, row.get(10)?],
                        (row.get(11)?, row.get(12)?),
                    ))
                },
            )?;
        let mut claim = claim;
        let id = claim.id;
        claim.tags = read::tags_of(&self.tx, ClaimId(id))?;
        let mut changes = vec![Change::ClaimAdded(event::ClaimAdded { claim })];
        if verdict[0].is_some() {
            let [verdict, explanation, url, at] = verdict;
            let set = |value: Option<String>| Some(Move::new(None, value));
            changes.push(Change::ClaimEdited(event::ClaimEdited {
                claim: uuid.to_string(),
                id,
                changes: ClaimFields {
                    verdict: set(verdict),
                    verdict_explanation: set(explanation),
                    verdict_url: set(url),
                    verdict_at: set(at),
                    ..ClaimFields::default()
                },
            }));
        }
        if removed.is_some() {
            let mut removal = Change::ClaimRemoved(ClaimMark {
                claim: uuid.to_string(),
                id,
            });
            Apply::local(&self.tx, &self.now, false).apply(&mut removal)?;
            changes.push(removal);
        }
        let (dismissed_at, dismiss_note) = mended;
        if let Some(at) = dismissed_at {
            changes.push(Change::ClaimDismissed(event::ClaimDismissal {
                claim: uuid.to_string(),
                id,
                at,
                note: dismiss_note,
            }));
        }
        // A merge is recorded once every claim is (`record_new`): the claim merged into may
        // come later in the file.
        Ok(changes)
    }

    /// The changes that make a statement as the import put it.
    fn statement_as_made(&mut self, uuid: &str) -> Result<Vec<Change>> {
        type Row = (
            AddedStatement,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let (statement, retracted_at, note, removed): Row = self.tx.query_row(
            "SELECT s.id, s.uuid, c.uuid, s.claim_id, s.stance, src.uuid, src.name,
                    via.uuid, via.name, cited.uuid, cited.name, s.quote, s.url, s.stated_at,
                    s.recorded_at, s.note, s.reliability,
                    s.retracted_at, s.retraction_note, s.removed_at
               FROM statements s
               JOIN claims c ON c.id = s.claim_id
               JOIN sources src ON src.id = s.source_id
               LEFT JOIN sources via ON via.id = s.via_id
               LEFT JOIN sources cited ON cited.id = s.citing_id
              WHERE s.uuid = ?1",
            [uuid],
            |row| {
                Ok((
                    AddedStatement {
                        id: row.get(0)?,
                        uuid: row.get(1)?,
                        claim: row.get(2)?,
                        claim_id: row.get(3)?,
                        stance: row.get(4)?,
                        source: row.get(5)?,
                        source_name: row.get(6)?,
                        via: row.get(7)?,
                        via_name: row.get(8)?,
                        citing: row.get(9)?,
                        citing_name: row.get(10)?,
                        quote: row.get(11)?,
                        url: row.get(12)?,
                        stated_at: row.get(13)?,
                        recorded_at: row.get(14)?,
                        note: row.get(15)?,
                        reliability: Some(row.get(16)?),
                    },
                    row.get(17)?,
                    row.get(18)?,
                    row.get(19)?,
                ))
            },
        )?;
        let (id, claim) = (statement.id, statement.claim_id);
        let mut changes = vec![Change::StatementAdded(event::StatementAdded {
            statement,
            status: None,
            summary: None,
        })];
        if let Some(at) = retracted_at {
            changes.push(Change::StatementRetracted(event::StatementRetracted {
                statement: uuid.to_string(),
                id,
                claim_id: claim,
                retracted_at: at,
                note,
                status: None,
                summary: None,
            }));
        }
        if removed.is_some() {
            let mut removal = Change::StatementRemoved(StatementMark {
                statement: uuid.to_string(),
                id,
                claim_id: claim,
                status: None,
                summary: None,
            });
            Apply::local(&self.tx, &self.now, false).apply(&mut removal)?;
            changes.push(removal);
        }
        Ok(changes)
    }

    /// Derived columns and search documents of every claim the import touched, as a replay of
    /// the history would leave them (their last activity was marked as each change came in);
    /// the search index in one go.
    fn regrade_touched(&mut self) -> Result<()> {
        let touched: Vec<i64> = self
            .tx
            .prepare("SELECT id FROM import_touched ORDER BY id")?
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for claim in touched {
            derive::recompute(&self.tx, claim)?;
        }
        super::search::reindex_all(&self.tx, "SELECT id FROM import_touched")
    }

    /// Imports the rows of a sheet, each recorded as this command's change. Rows with the same
    /// claim text share a claim (one already here too); a row that repeats a statement already
    /// here is left out, so importing a sheet again changes nothing.
    ///
    /// What a row looks up is remembered for the rows after it (`Sheet`): the sources by the
    /// names the sheet gives them, the desk, and the claim of the run of rows being read, with
    /// its tags and, if this import made it, the statements it has. Each is exactly what the
    /// lookup would find, as nothing but this import writes in its transaction, and the sheet
    /// path never removes or renames what it remembers.
    pub fn import_sheet(
        &mut self,
        rows: impl Iterator<Item = std::result::Result<SheetRow, LineError>>,
    ) -> Result<Imported> {
        self.scratch()?;
        self.bulk = true;
        let mut done = Imported::default();
        let mut sheet = Sheet::default();
        // A claim is graded once after each run of its rows, not after every row, and indexed
        // for search once, at the end, with all the others.
        let mut pending: Option<i64> = None;
        for row in rows {
            let row = row?;
            let already = done.already_here;
            let claim = self
                .sheet_row(&row, &mut sheet, &mut done)
                .map_err(at_line(row.line))?;
            if pending.is_some_and(|p| p != claim)
                && let Some(graded) = pending.take()
            {
                self.sheet_grade(graded, &mut sheet)?;
            }
            // A row already here changed nothing, and needs no grading.
            if done.already_here == already {
                pending = Some(claim);
                self.sheet_touched(claim, &mut sheet)?;
            }
        }
        if let Some(claim) = pending {
            self.sheet_grade(claim, &mut sheet)?;
        }
        self.bulk = false;
        // Every event of this import was about its claims, at this command's time (a claim it
        // made has that time already).
        self.tx.execute(
            "UPDATE claims SET last_activity = ?1
              WHERE id IN (SELECT id FROM import_touched) AND last_activity <> ?1",
            [&self.now],
        )?;
        super::search::reindex_all(&self.tx, "SELECT id FROM import_touched")?;
        Ok(done)
    }

    /// Grades a claim after a run of its rows: from the statements remembered if this import
    /// made it (in file order: the order of their numbers), else as stored.
    fn sheet_grade(&self, claim: i64, sheet: &mut Sheet) -> Result<()> {
        let made = [sheet.claim.as_ref(), sheet.previous.as_ref()]
            .into_iter()
            .flatten()
            .find(|c| c.id == claim)
            .and_then(|c| c.said.as_ref());
        let Some(said) = made else {
            return derive::grade(&self.tx, claim);
        };
        let mut evidence = Vec::with_capacity(said.len());
        // What counts (`model::counts_as_of`, now): a retracted row carries nothing.
        for s in said.iter().filter(|s| !s.retracted) {
            let reliability = match (s.reliability, sheet.reliability.get(&s.source)) {
                (Some(own), _) => own,
                (None, Some(known)) => *known,
                (None, None) => {
                    let known = read::source_reliability(&self.tx, s.source)?;
                    sheet.reliability.insert(s.source, known);
                    known
                }
            };
            let named = |id: Option<i64>, name: &Option<String>| {
                id.zip(name.clone()).map(|(id, name)| SourceName {
                    id: SourceId(id),
                    name,
                })
            };
            evidence.push((
                &s.stated_at,
                Evidence {
                    id: StatementId(s.id),
                    stance: s.stance,
                    source: SourceName {
                        id: SourceId(s.source),
                        name: s.source_name.clone(),
                    },
                    reliability,
                    via: named(s.via, &s.via_name),
                    citing: named(s.citing, &s.citing_name),
                },
            ));
        }
        // As `derive::evidence` orders them.
        evidence.sort_by(|a, b| a.0.cmp(b.0).then(a.1.id.cmp(&b.1.id)));
        let evidence: Vec<Evidence> = evidence.into_iter().map(|(_, e)| e).collect();
        derive::grade_from(&self.tx, claim, &evidence)
    }

    /// Marks a claim touched by the import, once for a run of its rows.
    fn sheet_touched(&self, claim: i64, sheet: &mut Sheet) -> Result<()> {
        if sheet.touched != Some(claim) {
            self.mark_touched(claim)?;
            sheet.touched = Some(claim);
        }
        Ok(())
    }

    /// The claim of a row: the claim of the run of rows before it if the text is the same,
    /// else the oldest live claim with this text, else a new one.
    fn sheet_claim(
        &mut self,
        row: &SheetRow,
        sheet: &mut Sheet,
        done: &mut Imported,
    ) -> Result<i64> {
        if let Some(current) = sheet.claim.as_ref().filter(|c| c.text == row.claim) {
            let (claim, tags) = (current.id, &current.tags);
            let missing: Vec<String> = row
                .tags
                .iter()
                .filter(|t| !tags.contains(t))
                .cloned()
                .collect();
            if !missing.is_empty() {
                self.sheet_add_tags(claim, missing, sheet)?;
            }
            return Ok(claim);
        }
        let found: Option<i64> = self
            .tx
            .prepare_cached(
                "SELECT id FROM claims WHERE text = ?1 AND removed_at IS NULL
                  ORDER BY id LIMIT 1",
            )?
            .query_row([&row.claim], |r| r.get(0))
            .optional()?;
        let found = found
            .map(|claim| self.sheet_lands_on(claim, row))
            .transpose()?;
        let current = match found {
            Some(claim) => {
                let tags = read::tags_of(&self.tx, ClaimId(claim))?;
                sheet.previous = sheet.claim.replace(SheetClaim {
                    text: row.claim.clone(),
                    id: claim,
                    tags,
                    said: None,
                });
                return self.sheet_claim(row, sheet, done);
            }
            None => {
                done.claims += 1;
                let id = self.insert_claim(
                    &NewClaim {
                        text: row.claim.clone(),
                        tags: row.tags.clone(),
                        happened: None,
                        note: None,
                    },
                    false,
                )?;
                if let Some(at) = &row.claim_removed {
                    // Removed from lists where the sheet came from: removed here too, then.
                    let uuid =
                        self.tx
                            .query_row("SELECT uuid FROM claims WHERE id = ?1", [id], |r| {
                                r.get(0)
                            })?;
                    let removal = Change::ClaimDismissed(event::ClaimDismissal {
                        claim: uuid,
                        id,
                        at: at.clone(),
                        note: row.claim_removal_note.clone(),
                    });
                    self.record(removal, false)?;
                }
                // As `insert_claim` stores them.
                let mut tags = row.tags.clone();
                tags.sort();
                tags.dedup();
                SheetClaim {
                    text: row.claim.clone(),
                    id,
                    tags,
                    said: Some(Vec::new()),
                }
            }
        };
        let id = current.id;
        sheet.previous = sheet.claim.replace(current);
        Ok(id)
    }

    /// The claim a row lands on when its text is that of `claim` here: the claim it was merged
    /// into, if it was (the same story, told once now). A claim removed from lists here takes
    /// only rows that say it was removed where they came from (an export with
    /// `--include-removed` read back); any other row is refused, as a statement typed on it
    /// would be.
    fn sheet_lands_on(&self, claim: i64, row: &SheetRow) -> Result<i64> {
        let shown = read::claim_shown(&self.tx, ClaimId(claim), None)?;
        if shown.removed.is_some() && row.claim_removed.is_none() {
            let id = shown.id;
            return Err(Error::Invalid(format!(
                "the claim \"{}\" is removed from lists here (#{id}); 'claims restore {id}' \
                 brings it back, or leave its rows out",
                shown.text
            )));
        }
        Ok(shown.id.0)
    }

    /// Adds the tags a later row of a claim names, as an edit of the claim.
    fn sheet_add_tags(
        &mut self,
        claim: i64,
        missing: Vec<String>,
        sheet: &mut Sheet,
    ) -> Result<()> {
        self.sheet_touched(claim, sheet)?;
        self.edit_claim(
            ClaimId(claim),
            &ClaimChanges {
                add_tags: missing.clone(),
                ..ClaimChanges::default()
            },
        )?;
        if let Some(current) = sheet.claim.as_mut() {
            // As `edit_claim` stores them.
            for tag in missing {
                if !current.tags.contains(&tag) {
                    current.tags.push(tag);
                }
            }
            current.tags.sort();
        }
        Ok(())
    }

    fn sheet_row(&mut self, row: &SheetRow, sheet: &mut Sheet, done: &mut Imported) -> Result<i64> {
        let claim = self.sheet_claim(row, sheet, done)?;
        let source = match &row.source {
            Some(name) if row.anonymous => self.sheet_unnamed(name, claim, row, sheet, done)?,
            Some(name) if row.source_kind == Some(SourceKind::Desk) => {
                self.sheet_desk(name, sheet, done)?
            }
            Some(name) => self.sheet_speaker(name, row, sheet, done)?,
            None => match &sheet.desk {
                Some(desk) => desk.clone(),
                None => {
                    let desk = self.desk()?;
                    sheet.desk = Some(desk.clone());
                    desk
                }
            },
        };
        let via = row
            .via
            .as_deref()
            .map(|name| self.sheet_source(name, WrittenAs::Carrier, sheet, done))
            .transpose()?;
        let citing = row
            .citing
            .as_deref()
            .map(|name| self.sheet_source(name, WrittenAs::Carrier, sheet, done))
            .transpose()?;
        let said = Said {
            id: 0,
            source: source.id.0,
            source_name: source.name.clone(),
            stance: row.stance,
            via: via.as_ref().map(|s| s.id.0),
            via_name: via.as_ref().map(|s| s.name.clone()),
            citing: citing.as_ref().map(|s| s.id.0),
            citing_name: citing.as_ref().map(|s| s.name.clone()),
            quote: row.quote.clone(),
            url: row.url.clone(),
            stated_at: row.stated_at.clone().unwrap_or_else(|| self.now.clone()),
            retracted: row.retracted_at.is_some(),
            reliability: row.reliability,
        };
        // A claim this import made has no statements but those it remembers.
        let remembered = sheet
            .claim
            .as_ref()
            .and_then(|c| c.said.as_ref())
            .map(|all| all.iter().any(|earlier| earlier.repeats(&said, row)));
        let repeated = match remembered {
            Some(repeated) => repeated,
            None => self
                .tx
                .prepare_cached(
                    // `coalesce`, not `IS ?`: a parameter that could make a partial index
                    // usable has SQLite prepare the statement again whenever its value changes.
                    "SELECT 1 FROM statements
                      WHERE claim_id = ?1 AND source_id = ?2 AND stance = ?3
                        AND coalesce(via_id, 0) = coalesce(?4, 0)
                        AND coalesce(citing_id, 0) = coalesce(?5, 0)
                        AND quote IS ?6 AND url IS ?7
                        AND (?8 IS NULL OR stated_at = ?8) AND removed_at IS NULL",
                )?
                .exists(params![
                    claim,
                    source.id,
                    row.stance,
                    said.via,
                    said.citing,
                    row.quote,
                    row.url,
                    row.stated_at
                ])?,
        };
        if repeated {
            done.already_here += 1;
            return Ok(claim);
        }
        let (id, uuid, _) = self.insert_statement(
            &NewStatement {
                claim: ClaimId(claim),
                source,
                stance: row.stance,
                via,
                citing,
                quote: row.quote.clone(),
                url: row.url.clone(),
                stated_at: row.stated_at.clone(),
                note: row.note.clone(),
                reliability: row.reliability,
            },
            false,
        )?;
        if let Some(at) = &row.retracted_at {
            let note = row.retraction_note.clone();
            self.retract(StatementId(id), uuid, claim, at.clone(), note, false)?;
        }
        if let Some(all) = sheet.claim.as_mut().and_then(|c| c.said.as_mut()) {
            all.push(Said { id, ..said });
        }
        done.statements += 1;
        Ok(claim)
    }

    /// A row's speaker by name, with the kind and grade the row gives it if it is new here.
    fn sheet_speaker(
        &mut self,
        name: &str,
        row: &SheetRow,
        sheet: &mut Sheet,
        done: &mut Imported,
    ) -> Result<SourceRef> {
        let grade = row.source_reliability.unwrap_or_default();
        self.sheet_named(
            name,
            WrittenAs::Speaker(row.source_kind),
            grade,
            sheet,
            done,
        )
    }

    /// A via or citing cell's source.
    fn sheet_source(
        &mut self,
        name: &str,
        written: WrittenAs,
        sheet: &mut Sheet,
        done: &mut Imported,
    ) -> Result<SourceRef> {
        self.sheet_named(name, written, Reliability::default(), sheet, done)
    }

    /// A sheet names sources exactly (by name or alias); a name not known here is a new source,
    /// of the kind and grade given. A source found keeps its own: the database's word on it
    /// stands over a sheet's.
    fn sheet_named(
        &mut self,
        name: &str,
        written: WrittenAs,
        reliability: Reliability,
        sheet: &mut Sheet,
        done: &mut Imported,
    ) -> Result<SourceRef> {
        if let Some(known) = sheet.sources.get(name) {
            return Ok(known.clone());
        }
        let cleaned = clean_name(name, "a source's name")?;
        let source = match resolve::find(&self.tx, &cleaned, Match::Exact)? {
            Some(found) => found,
            None => {
                done.sources += 1;
                self.add_source(&NewSource {
                    kind: new_source_kind(&cleaned, written),
                    name: cleaned,
                    role: None,
                    affiliation: None,
                    aliases: Vec::new(),
                    reliability,
                })?
            }
        };
        sheet.sources.insert(name.to_string(), source.clone());
        Ok(source)
    }

    /// An unnamed speaker: never matched with a source already here by its words alone, but
    /// the rows of one sheet that describe it in the same words are one source (they were one
    /// when exported, and the grade counts them once). The one exception is a row that is
    /// already here, said by an unnamed source of those words (the same sheet imported again):
    /// that source is the row's, so that nothing is logged twice.
    fn sheet_unnamed(
        &mut self,
        description: &str,
        claim: i64,
        row: &SheetRow,
        sheet: &mut Sheet,
        done: &mut Imported,
    ) -> Result<SourceRef> {
        if let Some(known) = sheet.unnamed.get(description) {
            return Ok(known.clone());
        }
        let cleaned = clean_name(description, "an unnamed source's description")?;
        let logged: Option<SourceRef> = self
            .tx
            .prepare_cached(
                "SELECT src.id, src.uuid, src.name, src.kind
                   FROM statements s JOIN sources src ON src.id = s.source_id
                  WHERE s.claim_id = ?1 AND src.kind = 'anonymous' AND src.name = ?2
                    AND src.removed_at IS NULL AND s.removed_at IS NULL AND s.stance = ?3
                    AND s.quote IS ?4 AND s.url IS ?5 AND (?6 IS NULL OR s.stated_at = ?6)
                  ORDER BY s.id LIMIT 1",
            )?
            .query_row(
                params![
                    claim,
                    cleaned,
                    row.stance,
                    row.quote,
                    row.url,
                    row.stated_at
                ],
                SourceRef::from_row,
            )
            .optional()?;
        let source = match logged {
            Some(source) => source,
            None => {
                done.sources += 1;
                self.anonymous_source(&cleaned)?
            }
        };
        sheet
            .unnamed
            .insert(description.to_string(), source.clone());
        Ok(source)
    }

    /// A desk named in a sheet: the desk of that name here, else a new one.
    fn sheet_desk(
        &mut self,
        name: &str,
        sheet: &mut Sheet,
        done: &mut Imported,
    ) -> Result<SourceRef> {
        if let Some(known) = sheet.desks.get(name) {
            return Ok(known.clone());
        }
        let cleaned = clean_name(name, "a desk's name")?;
        let source = match resolve::find_desk(&self.tx, &cleaned)? {
            Some(found) => found,
            None => {
                done.sources += 1;
                self.add_source(&NewSource {
                    kind: SourceKind::Desk,
                    name: cleaned,
                    role: None,
                    affiliation: None,
                    aliases: Vec::new(),
                    reliability: Reliability::default(),
                })?
            }
        };
        sheet.desks.insert(name.to_string(), source.clone());
        Ok(source)
    }
}

/// What a sheet import remembers from row to row (see `import_sheet`).
#[derive(Default)]
struct Sheet {
    /// Sources by the name a cell gives them, as written in the cell.
    sources: HashMap<String, SourceRef>,
    /// Unnamed speakers and desks, by the words of their cell.
    unnamed: HashMap<String, SourceRef>,
    desks: HashMap<String, SourceRef>,
    desk: Option<SourceRef>,
    /// The claim of the run of rows being read, and the one before it (graded once the
    /// next run has begun).
    claim: Option<SheetClaim>,
    previous: Option<SheetClaim>,
    /// Reliability grades of the sources met, by number.
    reliability: HashMap<i64, Reliability>,
    /// The claim last marked touched.
    touched: Option<i64>,
}

struct SheetClaim {
    text: String,
    id: i64,
    /// Its tags as stored, in order.
    tags: Vec<String>,
    /// Its statements, if this import made the claim (it has no others).
    said: Option<Vec<Said>>,
}

/// A statement of a claim this import made: what the repeat check compares, and what
/// grading reads.
struct Said {
    id: i64,
    source: i64,
    source_name: String,
    stance: Stance,
    via: Option<i64>,
    via_name: Option<String>,
    citing: Option<i64>,
    citing_name: Option<String>,
    quote: Option<String>,
    url: Option<String>,
    /// As stored: the row's time, or the import's.
    stated_at: String,
    /// Imported retracted: it does not count.
    retracted: bool,
    /// The statement's own grade.
    reliability: Option<Reliability>,
}

impl Said {
    /// Whether `row` (described by `new`) repeats this statement, as the SQL of the repeat
    /// check decides: a row without a time repeats a statement made at any time.
    fn repeats(&self, new: &Said, row: &SheetRow) -> bool {
        self.source == new.source
            && self.stance == new.stance
            && self.via == new.via
            && self.citing == new.citing
            && self.quote == new.quote
            && self.url == new.url
            && (row.stated_at.is_none() || self.stated_at == new.stated_at)
    }
}

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

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::hash::{BuildHasher, RandomState};
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};

use rusqlite::{OptionalExtension, params};

use serde_json::Value;

use super::apply::{Apply, EventRow, Numbering, Refs, SourceNumbers, append, touch};
use super::derive;
use super::export;
use super::read;
use super::resolve::{self, Match, SourceRef};
use super::write::{ClaimChanges, NewClaim, NewSource, NewStatement, Writer};
use crate::interchange::{
    ClaimLine, EventLine, Line, LineError, SheetRow, SourceLine, StatementLine,
};
use crate::model::event::{
    self, AddedClaim, AddedSource, AddedStatement, Change, ClaimFields, ClaimMark, Move, Recorded,
    SettingSet, Settled, SourceMark, StatementMark,
};
use crate::model::{ClaimId, Imported, SourceId, StatementId, WrittenAs, new_source_kind};
use crate::model::{
    Evidence, Reliability, SourceKind, SourceName, Stamp, Stance, clean_name, name_key,
    normalize_tag, parse_date, parse_when, required_text,
};
use crate::{Error, Result};

/// What an import of JSON Lines knows as it reads the file, so as not to ask again.
struct Pass {
    /// The first event the history could not apply (reported once the file has said all it
    /// has to say): nothing after it is applied.
    unapplied: Option<Error>,
    /// Whether a source of the file was found here by name (`import_same` has a row).
    matched: bool,
    /// The database held no claim, source, statement or event when the import began, and
    /// no event of the file has been applied yet: nothing is here but what the file's lines
    /// named already (which `first_use` refuses to see again).
    empty: bool,
    /// The database held events when the import began.
    events_here: bool,
    /// The rows set aside (and settings only a history brings), and how many of them an event
    /// of the file has added: when the two agree, none lacks its history.
    set_aside: u64,
    with_history: u64,
    /// By line: whether an event of the file has added the row set aside on that line. Kept
    /// here rather than in `import_seen`, whose rows an update would rewrite, once per adding
    /// event.
    added: Vec<bool>,
    /// The rows set aside, with their texts, in order.
    spool: Spool,
    /// Sources' numbers, as the apply path found them.
    source_numbers: RefCell<SourceNumbers>,
    /// The sources, claims and statements set aside, as their lines' text would be written
    /// again (`Digest`).
    digest: Digest,
    /// What the statement lines named that was found set aside or here (`Named`).
    named: Named,
    /// The claim the last event marked activity on, and when: not yet in `import_touched`.
    marked: Option<(i64, String)>,
}

/// What statement lines named that is known to be set aside or here, so that the many lines
/// naming the same few sources, and a claim's statements one after another, look it up once. A
/// thing set aside stays so, and nothing set aside is written before the lines are all read.
#[derive(Default)]
struct Named {
    /// Sources set aside, up to `NAMED_SOURCES` of them.
    sources: HashSet<String>,
    /// The claim of the statement line before.
    claim: Option<String>,
}

/// The most sources `Named` remembers: a file of many sources is looked up as before.
const NAMED_SOURCES: usize = 65_536;

/// The rows set aside, in a temporary file (gone when it is dropped), in the order of their
/// lines: each its line, kind, uuid (a setting's key) and text (a setting only its history
/// brings has none). Written once as the file is read, and read back once, in the same order,
/// to hold each row against its history; `import_seen` has where each row's text begins and
/// its length, for the few read where they are. A file, not a temporary table: SQLite would
/// keep every text in a B-tree, and the order of the lines in an index, one insert at a time,
/// for a single read in order.
struct Spool {
    file: BufWriter<File>,
    written: u64,
    /// The settings set aside, in order, with where their texts are: the rows read back
    /// where the rest add up (`hold_against_history`).
    settings: Vec<(u64, String, Option<Place>)>,
}

/// Where a text begins in the spool, and its length.
type Place = (i64, i64);

/// A row set aside, as the spool gives it back.
struct Kept {
    line: u64,
    kind: &'static str,
    uuid: String,
    body: Option<String>,
}

/// The kinds of row set aside, as the spool writes them.
const KEPT_KINDS: [&str; 4] = ["source", "claim", "statement", "config"];

impl Spool {
    fn new() -> Result<Spool> {
        Ok(Spool {
            file: BufWriter::with_capacity(1 << 20, tempfile::tempfile()?),
            written: 0,
            settings: Vec::new(),
        })
    }

    /// Keeps a row, and says where its text begins and how long it is.
    fn put(
        &mut self,
        line: u64,
        kind: &str,
        uuid: &str,
        text: Option<&str>,
    ) -> Result<Option<Place>> {
        let code = KEPT_KINDS
            .iter()
            .position(|k| *k == kind)
            .expect("a kind of row set aside") as u8;
        let len = text.map_or(u32::MAX, |text| text.len() as u32);
        let mut head = Vec::with_capacity(17 + uuid.len());
        head.extend_from_slice(&line.to_le_bytes());
        head.push(code);
        head.extend_from_slice(&(uuid.len() as u32).to_le_bytes());
        head.extend_from_slice(uuid.as_bytes());
        head.extend_from_slice(&len.to_le_bytes());
        self.file.write_all(&head)?;
        self.written += head.len() as u64;
        let at = text.map(|text| (self.written as i64, text.len() as i64));
        if let Some(text) = text {
            self.file.write_all(text.as_bytes())?;
            self.written += text.len() as u64;
        }
        if kind == "config" {
            self.settings.push((line, uuid.to_string(), at));
        }
        Ok(at)
    }

    /// The text kept at `at`, `len` bytes long.
    fn get(&mut self, at: i64, len: i64) -> Result<String> {
        self.file.flush()?;
        // The clone shares the file's position with the writer: put back at the end.
        let mut file = self.file.get_ref().try_clone()?;
        let mut text = vec![0; len as usize];
        file.seek(SeekFrom::Start(at as u64))?;
        file.read_exact(&mut text)?;
        file.seek(SeekFrom::Start(self.written))?;
        String::from_utf8(text).map_err(|_| Error::Invalid("a row set aside is not UTF-8".into()))
    }

    /// Every row, in the order they were kept (once nothing more is kept), their texts too if
    /// `texts`.
    fn in_order(&mut self, texts: bool, each: &mut dyn FnMut(Kept) -> Result<()>) -> Result<()> {
        self.file.flush()?;
        let mut file = self.file.get_ref().try_clone()?;
        file.seek(SeekFrom::Start(0))?;
        let mut input = BufReader::with_capacity(1 << 20, file);
        let mut read = 0;
        let not_utf8 = || Error::Invalid("a row set aside is not UTF-8".into());
        while read < self.written {
            let mut head = [0u8; 13];
            input.read_exact(&mut head)?;
            let line = u64::from_le_bytes(head[..8].try_into().expect("8 bytes"));
            let kind = KEPT_KINDS[head[8] as usize];
            let uuid_len = u32::from_le_bytes(head[9..].try_into().expect("4 bytes")) as usize;
            let mut uuid = vec![0; uuid_len];
            input.read_exact(&mut uuid)?;
            let mut len = [0u8; 4];
            input.read_exact(&mut len)?;
            let len = u32::from_le_bytes(len);
            read += (head.len() + uuid_len + 4) as u64;
            let body = match len {
                u32::MAX => None,
                len if texts => {
                    let mut text = vec![0; len as usize];
                    input.read_exact(&mut text)?;
                    read += u64::from(len);
                    Some(String::from_utf8(text).map_err(|_| not_utf8())?)
                }
                len => {
                    input.seek_relative(i64::from(len))?;
                    read += u64::from(len);
                    None
                }
            };
            each(Kept {
                line,
                kind,
                uuid: String::from_utf8(uuid).map_err(|_| not_utf8())?,
                body,
            })?;
        }
        // Put back at the end, for the writer that shares the position.
        input.into_inner().seek(SeekFrom::Start(self.written))?;
        Ok(())
    }
}

/// A sum of the rows of a kind of line, as their text: what the rows set aside add up to, and
/// what the rows a history made add up to, are the same exactly when (but for a chance of one
/// in 2^128) each row is as its history made it. The sum is of two hashes of each row's kind
/// and text, keyed at random for each import, so that no file can be written to make one sum
/// look like another.
#[derive(Default)]
struct Digest {
    keys: [RandomState; 2],
    sum: [u64; 2],
}

impl Digest {
    fn add(&mut self, kind: &str, text: &str) {
        for (key, sum) in self.keys.iter().zip(&mut self.sum) {
            *sum = sum.wrapping_add(key.hash_one((kind, text)));
        }
    }

    /// A sum over other rows, with the same keys.
    fn empty_like(&self) -> Digest {
        Digest {
            keys: self.keys.clone(),
            sum: [0; 2],
        }
    }
}

/// What a claim's line says of the columns derived from its statements and history.
struct Declared {
    status: Option<String>,
    summary: Option<String>,
    credibility: Option<i64>,
    last_activity: Option<String>,
}

/// A row set aside, read back from the text it was set aside as.
fn read_body(body: Option<String>) -> Result<Option<Line>> {
    Ok(body
        .map(|body| serde_json::from_str::<Line>(&body))
        .transpose()?)
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

/// A value of a line as a message shows it: a text quoted and escaped (no line break gets
/// through), a list as its JSON.
fn shown(value: &Value) -> String {
    match value {
        Value::String(text) => format!("{text:?}"),
        Value::Null => "null".into(),
        Value::Number(n) => n.to_string(),
        other => format!("{:?}", other.to_string()),
    }
}

/// A statement line naming what is neither earlier in the file nor here.
fn refers(what: &str, uuid: &str) -> Error {
    Error::Invalid(format!(
        "the statement refers to {what} {uuid}, which is neither earlier in the file nor in \
         the database"
    ))
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
            "-- every uuid (and setting, as 'config KEY') the file names, with its line: each
             -- names one thing; `aside` if its row is set aside (new here: the file's history
             -- must add it), and where the row's text begins in the spool, and its length (a
             -- setting only its history brings has none)
             CREATE TEMP TABLE IF NOT EXISTS import_seen (
                 uuid TEXT PRIMARY KEY, kind TEXT NOT NULL, line INTEGER NOT NULL,
                 aside INTEGER NOT NULL DEFAULT 0, at INTEGER, len INTEGER) WITHOUT ROWID;
             CREATE TEMP TABLE IF NOT EXISTS import_same (
                 uuid TEXT PRIMARY KEY, here TEXT NOT NULL) WITHOUT ROWID;
             -- the claims the import touched, and the time of the last change that marked activity
             -- on each (a file's history marks it once, at the end)
             CREATE TEMP TABLE IF NOT EXISTS import_touched (id INTEGER PRIMARY KEY, at TEXT);
             DELETE FROM import_same; DELETE FROM import_touched;
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

    /// Sets aside a setting only the file's history brings (it has no line of its own).
    fn mark_new(&self, key: &str, line: u64, spool: &mut Spool) -> Result<()> {
        let new = self
            .tx
            .prepare_cached(
                "INSERT INTO import_seen (uuid, kind, line, aside) VALUES (?1, 'setting', ?2, 1)
                 ON CONFLICT (uuid) DO NOTHING",
            )?
            .execute(params![format!("config {key}"), line as i64])?
            == 1;
        if new {
            spool.put(line, "config", key, None)?;
        }
        Ok(())
    }

    /// The line of the row set aside as this thing (`kind` as `Spool` has it), if one is.
    fn line_set_aside(&self, kind: &str, uuid: &str) -> Result<Option<i64>> {
        let (kind, key) = match kind {
            "config" => ("setting", Cow::Owned(format!("config {uuid}"))),
            kind => (kind, Cow::Borrowed(uuid)),
        };
        Ok(self
            .tx
            .prepare_cached(
                "SELECT line FROM import_seen WHERE uuid = ?1 AND kind = ?2 AND aside = 1",
            )?
            .query_row([key.as_ref(), kind], |row| row.get(0))
            .optional()?)
    }

    /// The first row set aside (in the order of the lines) that no event of the file added.
    fn without_history(
        &self,
        added: &[bool],
        spool: &mut Spool,
    ) -> Result<Option<(String, String, i64)>> {
        let mut first = None;
        spool.in_order(false, &mut |kept| {
            if first.is_none() && !added.get(kept.line as usize).copied().unwrap_or(false) {
                first = Some((kept.kind.to_string(), kept.uuid, kept.line as i64));
            }
            Ok(())
        })?;
        Ok(first)
    }

    fn is_new(&self, kind: &str, uuid: &str) -> Result<bool> {
        Ok(self.line_set_aside(kind, uuid)?.is_some())
    }

    /// Refuses a uuid that an earlier line of the file used, or that names another kind of
    /// thing here: a uuid names one thing, once. (A setting's key likewise, among settings.)
    /// Else notes it, with its row if that is set aside (`aside`: where its text is kept).
    fn first_use(
        &self,
        kind: &str,
        uuid: &str,
        line: u64,
        empty: bool,
        aside: Option<Place>,
    ) -> Result<()> {
        let key = match kind {
            "setting" => format!("config {uuid}"),
            _ => uuid.to_string(),
        };
        let first = self
            .tx
            .prepare_cached(
                "INSERT INTO import_seen (uuid, kind, line, aside, at, len)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (uuid) DO NOTHING",
            )?
            .execute(params![
                key,
                kind,
                line as i64,
                aside.is_some(),
                aside.map(|(at, _)| at),
                aside.map(|(_, len)| len)
            ])?
            == 1;
        let seen = || -> Result<Option<(String, i64)>> {
            Ok(self
                .tx
                .prepare_cached("SELECT kind, line FROM import_seen WHERE uuid = ?1")?
                .query_row([&key], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()?)
        };
        if !first && let Some((earlier, at)) = seen()? {
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
        if kind != "setting" && kind != "event" && !empty {
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
        Ok(())
    }

    fn mark_touched(&self, claim: i64) -> Result<()> {
        self.tx
            .prepare_cached("INSERT OR IGNORE INTO import_touched (id) VALUES (?1)")?
            .execute([claim])?;
        Ok(())
    }

    /// Imports the lines of a JSON Lines export.
    ///
    /// The rows a file brings are read first (an export writes them before its history):
    /// each is checked and set aside (noted in a temporary table, its text in a `Spool`), not
    /// written. A file with a history is then applied once, event by event, through the one
    /// apply path into this database (keeping the file's numbers where they are free), and
    /// every row the file brought is held against what its history made of it (all at once,
    /// by a `Digest`, where the database started empty). A file without a history (written by a
    /// script) has its rows written as its lines give them, and recorded as this import's
    /// own changes.
    pub fn import_lines(
        &mut self,
        lines: impl Iterator<Item = std::result::Result<(u64, Line), LineError>>,
    ) -> Result<Imported> {
        // The uuids seen, the rows set aside and the matched sources grow with the file: kept
        // in a temporary file rather than in memory (this build's default), they cost a page
        // cache. Set before `scratch` makes its tables: changing it drops temporary tables.
        self.tx.pragma_update(None, "temp_store", "FILE")?;
        self.scratch()?;
        // Its page cache: the rows set aside are written once and read once, in order.
        self.tx.pragma_update(Some("temp"), "cache_size", -16384)?;
        let mut done = Imported::default();
        let mut history_lines = 0u64;
        let (empty, events_here): (bool, bool) = self.tx.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM claims) AND NOT EXISTS (SELECT 1 FROM sources)
                    AND NOT EXISTS (SELECT 1 FROM statements) AND NOT EXISTS (SELECT 1 FROM events),
                    EXISTS (SELECT 1 FROM events)",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        // Into an empty database, the indexes only the lists read are made once, at the end
        // (`schema::drop_for_import`).
        let made_after = match empty {
            true => super::schema::drop_for_import(&self.tx, &[])?,
            false => Vec::new(),
        };
        let mut pass = Pass {
            unapplied: None,
            matched: self.matched_any()?,
            empty,
            events_here,
            set_aside: 0,
            with_history: 0,
            added: Vec::new(),
            spool: Spool::new()?,
            digest: Digest::default(),
            source_numbers: RefCell::default(),
            named: Named::default(),
            marked: None,
        };
        for item in lines {
            let (line, content) = item?;
            let (kind, uuid) = match &content {
                Line::Source(s) => ("source", &s.uuid),
                Line::Claim(c) => ("claim", &c.uuid),
                Line::Statement(s) => ("statement", &s.uuid),
                Line::Config(c) => ("setting", &c.key),
                Line::Event(e) => ("event", &e.uuid),
            };
            // A row is noted as it is set aside (or found here).
            if kind == "event" {
                self.first_use(kind, uuid, line, pass.empty, None)
                    .map_err(at_line(line))?;
            }
            let result = match content {
                Line::Event(event) => {
                    history_lines += 1;
                    self.import_event(event, line, &mut done, &mut pass)
                }
                row => self.set_aside(&row, line, &mut done, &mut pass),
            };
            result.map_err(at_line(line))?;
        }
        if history_lines > 0 {
            // A history must tell how everything it brings came to be.
            let missing: Option<(String, String, i64)> = match pass.set_aside == pass.with_history {
                true => None,
                false => self.without_history(&pass.added, &mut pass.spool)?,
            };
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
            if let Some(error) = pass.unapplied {
                return Err(error);
            }
            if let Some(last) = pass.marked.take() {
                self.note_mark(last)?;
            }
            // Each claim's activity is marked as it is graded (`regrade_touched`).
            self.regrade_touched(&made_after)?;
            self.hold_against_history(empty, &mut pass)?;
        } else {
            self.land_all(&mut done, &mut pass.spool)?;
            self.record_new(&mut pass.spool)?;
            self.regrade_touched(&made_after)?;
        }
        Ok(done)
    }

    /// Checks a row the file brings and sets it aside (`import_seen`, its text in the spool),
    /// unless it is here already (a source by name too): what holds of the line alone, and
    /// what it names, is refused at its line now. A uuid given before is refused last (the
    /// row is noted as it is set aside).
    fn set_aside(
        &mut self,
        content: &Line,
        line: u64,
        done: &mut Imported,
        pass: &mut Pass,
    ) -> Result<()> {
        let (kind, uuid, here) = match content {
            Line::Source(s) => {
                // Here already, or matched by name earlier in the file.
                if !pass.empty && self.local("sources", &s.uuid)?.is_some() {
                    done.already_here += 1;
                    return self.first_use("source", &s.uuid, line, pass.empty, None);
                }
                if self.match_source(s)? {
                    pass.matched = true;
                    done.sources_matched += 1;
                    return self.first_use("source", &s.uuid, line, pass.empty, None);
                }
                self.source_changes(s)?;
                done.sources += 1;
                ("source", &s.uuid, false)
            }
            Line::Claim(c) => {
                let here = !pass.empty && self.exists("claims", &c.uuid)?;
                if !here {
                    self.claim_changes(c)?;
                    done.claims += 1;
                }
                ("claim", &c.uuid, here)
            }
            Line::Statement(s) => {
                let here = !pass.empty && self.exists("statements", &s.uuid)?;
                if !here {
                    self.statement_changes(s, !pass.empty || pass.matched, &mut pass.named)?;
                    done.statements += 1;
                }
                ("statement", &s.uuid, here)
            }
            Line::Config(c) => {
                let here = self
                    .tx
                    .prepare_cached("SELECT 1 FROM config WHERE key = ?1")?
                    .exists([&c.key])?;
                if !here {
                    done.settings += 1;
                }
                ("config", &c.key, here)
            }
            Line::Event(_) => unreachable!("events are not set aside"),
        };
        let seen_as = match kind {
            "config" => "setting",
            kind => kind,
        };
        if here {
            done.already_here += 1;
            return self.first_use(seen_as, uuid, line, pass.empty, None);
        }
        let body = serde_json::to_string(content)?;
        if kind != "config" {
            pass.digest.add(kind, &body);
        }
        let text = pass.spool.put(line, kind, uuid, Some(&body))?;
        self.first_use(seen_as, uuid, line, pass.empty, text)?;
        pass.set_aside += 1;
        Ok(())
    }

    /// The rows set aside (or only the settings), in the order of their lines, with the line
    /// each came on and its text as set aside (`read_body` reads it).
    fn set_aside_rows(
        &self,
        spool: &mut Spool,
        settings_only: bool,
        each: &mut dyn FnMut(u64, String, String, Option<String>) -> Result<()>,
    ) -> Result<()> {
        // Every row in order reads the spool in order; the few settings read each where it is.
        if !settings_only {
            return spool.in_order(true, &mut |kept| {
                each(kept.line, kept.kind.to_string(), kept.uuid, kept.body)
            });
        }
        for (line, key, text) in spool.settings.clone() {
            let body = text.map(|(at, len)| spool.get(at, len)).transpose()?;
            each(line, "config".to_string(), key, body)?;
        }
        Ok(())
    }

    /// A file without a history: writes the rows set aside as their lines give them, in the
    /// order of the lines.
    fn land_all(&self, done: &mut Imported, spool: &mut Spool) -> Result<()> {
        let mut merges: Vec<(u64, String, String)> = Vec::new();
        self.set_aside_rows(
            spool,
            false,
            &mut |line, _, _, body| match read_body(body)? {
                Some(content) => {
                    if let Line::Claim(c) = &content
                        && let Some(into) = &c.merged_into
                    {
                        merges.push((line, c.uuid.clone(), into.clone()));
                    }
                    self.land(&content, done).map_err(at_line(line))
                }
                None => Ok(()),
            },
        )?;
        // A claim merged into another, which may have come later in the file (or be here).
        for (line, claim, into) in merges {
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
        Ok(())
    }

    /// Whether a source line names a source here (by its exact name; the desk by its own):
    /// then it is that source, and the file's uuid for it is read as ours.
    fn match_source(&self, s: &SourceLine) -> Result<bool> {
        let name = clean_name(&s.name, "a source's name")?;
        timestamp(&s.created_at, "created_at")?;
        let same = match s.kind {
            SourceKind::Anonymous => None,
            SourceKind::Desk => resolve::find_desk(&self.tx, &name)?,
            _ => resolve::find(&self.tx, &name, Match::Exact)?,
        };
        match same.filter(|_| s.removed_at.is_none() && s.merged_into.is_none()) {
            Some(here) => {
                self.tx
                    .prepare_cached("INSERT INTO import_same (uuid, here) VALUES (?1, ?2)")?
                    .execute([&s.uuid, &here.uuid])?;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// The changes that make a source as its line gives it, each with its time.
    fn source_changes(&self, s: &SourceLine) -> Result<Vec<(String, Change)>> {
        let name = clean_name(&s.name, "a source's name")?;
        let created_at = timestamp(&s.created_at, "created_at")?;
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
        let mut changes = vec![(
            created_at.clone(),
            Change::SourceAdded(event::SourceAdded {
                source: AddedSource {
                    id: s.id.unwrap_or(0),
                    uuid: s.uuid.clone(),
                    name,
                    kind: s.kind,
                    role: s.role.clone(),
                    affiliation: s.affiliation.clone(),
                    aliases,
                    reliability: s.reliability,
                    created_at,
                },
            }),
        )];
        if let Some(at) = &s.removed_at {
            changes.push((
                at.clone(),
                Change::SourceRemoved(SourceMark {
                    source: s.uuid.clone(),
                    id: 0,
                }),
            ));
        }
        Ok(changes)
    }

    /// The changes that make a claim as its line gives it, each with its time.
    fn claim_changes(&self, c: &ClaimLine) -> Result<Vec<(String, Change)>> {
        let text = required_text(&c.text, "a claim's text")?;
        let happened = c
            .happened
            .as_deref()
            .map(parse_date)
            .transpose()?
            .map(|d| d.to_string());
        let created_at = timestamp(&c.created_at, "created_at")?;
        if let Some(at) = &c.last_activity {
            timestamp(at, "last_activity")?;
        }
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
        let mut changes = vec![(
            created_at.clone(),
            Change::ClaimAdded(event::ClaimAdded {
                claim: AddedClaim {
                    id: c.id.unwrap_or(0),
                    uuid: c.uuid.clone(),
                    text,
                    tags,
                    happened,
                    note: c.note.clone(),
                    created_at: created_at.clone(),
                },
            }),
        )];
        if let Some(verdict) = c.verdict {
            let set = |value: Option<&str>| Some(Move::new(None, value.map(str::to_string)));
            changes.push((
                created_at,
                Change::ClaimEdited(event::ClaimEdited {
                    claim: c.uuid.clone(),
                    id: 0,
                    changes: ClaimFields {
                        verdict: set(Some(verdict.as_str())),
                        verdict_explanation: set(c.verdict_explanation.as_deref()),
                        verdict_url: set(c.verdict_url.as_deref()),
                        verdict_at: set(verdict_at.as_deref()),
                        ..ClaimFields::default()
                    },
                }),
            ));
        }
        if let Some(at) = &c.removed_at {
            changes.push((
                at.clone(),
                Change::ClaimRemoved(ClaimMark {
                    claim: c.uuid.clone(),
                    id: 0,
                }),
            ));
        }
        if let Some(at) = &c.dismissed_at {
            let at = timestamp(at, "dismissed_at")?;
            changes.push((
                at.clone(),
                Change::ClaimDismissed(event::ClaimDismissal {
                    claim: c.uuid.clone(),
                    id: 0,
                    at,
                    note: c.dismiss_note.clone(),
                }),
            ));
        }
        // A merge is put once every line is (`land_all`): the claim merged into may come later
        // in the file.
        Ok(changes)
    }

    /// The uuid here of a source a statement line names: ours for a source matched by name,
    /// its own for one earlier in the file.
    /// (`look_here`: whether a source here may be the one named.)
    fn named_source(&self, uuid: &str, look_here: bool, named: &mut Named) -> Result<String> {
        if look_here && let Some(ours) = self.our_source(uuid)? {
            return Ok(ours);
        }
        if named.sources.contains(uuid) {
            return Ok(uuid.to_string());
        }
        if self.is_new("source", uuid)? {
            if named.sources.len() < NAMED_SOURCES {
                named.sources.insert(uuid.to_string());
            }
            return Ok(uuid.to_string());
        }
        Err(refers("source", uuid))
    }

    /// The changes that make a statement as its line gives it, each with its time.
    fn statement_changes(
        &self,
        s: &StatementLine,
        look_here: bool,
        named: &mut Named,
    ) -> Result<Vec<(String, Change)>> {
        if named.claim.as_ref() != Some(&s.claim) {
            if !self.is_new("claim", &s.claim)? && self.local("claims", &s.claim)?.is_none() {
                return Err(refers("claim", &s.claim));
            }
            named.claim = Some(s.claim.clone());
        }
        let speaker = self.named_source(&s.source, look_here, named)?;
        let via = s
            .via
            .as_deref()
            .map(|uuid| self.named_source(uuid, look_here, named))
            .transpose()?;
        let citing = s
            .citing
            .as_deref()
            .map(|uuid| self.named_source(uuid, look_here, named))
            .transpose()?;
        let recorded_at = timestamp(&s.recorded_at, "recorded_at")?;
        let retracted_at = s
            .retracted_at
            .as_deref()
            .map(|at| timestamp(at, "retracted_at"))
            .transpose()?;
        let mut changes = vec![(
            recorded_at.clone(),
            Change::StatementAdded(event::StatementAdded {
                statement: AddedStatement {
                    id: s.id.unwrap_or(0),
                    uuid: s.uuid.clone(),
                    claim: s.claim.clone(),
                    claim_id: 0,
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
                    recorded_at,
                    note: s.note.clone(),
                    reliability: Some(s.reliability),
                },
                status: None,
                summary: None,
            }),
        )];
        if let Some(at) = retracted_at {
            changes.push((
                at.clone(),
                Change::StatementRetracted(event::StatementRetracted {
                    statement: s.uuid.clone(),
                    id: 0,
                    claim_id: 0,
                    retracted_at: at,
                    note: s.retraction_note.clone(),
                    status: None,
                    summary: None,
                }),
            ));
        }
        if let Some(at) = &s.removed_at {
            changes.push((
                at.clone(),
                Change::StatementRemoved(StatementMark {
                    statement: s.uuid.clone(),
                    id: 0,
                    claim_id: 0,
                    status: None,
                    summary: None,
                }),
            ));
        }
        Ok(changes)
    }

    /// Writes a row set aside as its line gives it (a file without a history): numbers kept
    /// where they are free, no event of its own (`record_new` records it).
    fn land(&self, content: &Line, done: &mut Imported) -> Result<()> {
        let changes = match content {
            Line::Source(s) => {
                // Named like a source an earlier line of the file brought: that source.
                if self.match_source(s)? {
                    done.sources -= 1;
                    done.sources_matched += 1;
                    return Ok(());
                }
                self.source_changes(s)?
            }
            Line::Claim(c) => self.claim_changes(c)?,
            Line::Statement(s) => self.statement_changes(s, true, &mut Named::default())?,
            Line::Config(c) => vec![(
                self.now.clone(),
                Change::SettingSet(SettingSet {
                    key: c.key.clone(),
                    old: None,
                    new: Some(c.value.clone()),
                }),
            )],
            Line::Event(_) => return Ok(()),
        };
        let mut claim = None;
        for (at, mut change) in changes {
            self.put(&at, &mut change)?;
            claim = claim.or(change.claim());
        }
        if let Line::Source(s) = content
            && let Some(into) = &s.merged_into
        {
            // Marked at once, so that it answers to no name while the rest of the file comes
            // in (its names are the other's aliases now).
            self.tx
                .prepare_cached("UPDATE sources SET merged_into = ?2 WHERE uuid = ?1")?
                .execute([&s.uuid, into])?;
        }
        if let (Line::Claim(c), Some(id)) = (content, claim) {
            let last_activity = match &c.last_activity {
                Some(at) => timestamp(at, "last_activity")?,
                None => timestamp(&c.created_at, "created_at")?,
            };
            touch(&self.tx, id, &last_activity)?;
        }
        if let Some(claim) = claim {
            self.mark_touched(claim)?;
        }
        Ok(())
    }

    /// What a row set aside would be, read back as an export line: as its changes store it.
    fn as_stored(&self, content: &Line, matched: bool) -> Result<Line> {
        Ok(match content {
            Line::Source(s) => {
                let mut aliases = s
                    .aliases
                    .iter()
                    .map(|alias| clean_name(alias, "an alias"))
                    .collect::<Result<Vec<_>>>()?;
                aliases.sort_by_key(|alias| name_key(alias));
                if s.removed_at.is_some() {
                    // A removed source frees its aliases.
                    aliases.clear();
                }
                Line::Source(SourceLine {
                    id: None,
                    name: clean_name(&s.name, "a source's name")?,
                    aliases,
                    created_at: timestamp(&s.created_at, "created_at")?,
                    ..s.clone()
                })
            }
            Line::Claim(c) => {
                let (_, Change::ClaimAdded(added)) = &self.claim_changes(c)?[0] else {
                    unreachable!("a claim's first change adds it")
                };
                let a = &added.claim;
                let verdict_at = c
                    .verdict
                    .map(|_| {
                        timestamp(
                            c.verdict_at.as_deref().unwrap_or(&a.created_at),
                            "verdict_at",
                        )
                    })
                    .transpose()?;
                let kept = |value: &Option<String>| c.verdict.and(value.clone());
                Line::Claim(ClaimLine {
                    id: None,
                    text: a.text.clone(),
                    tags: a.tags.clone(),
                    happened: a.happened.clone(),
                    created_at: a.created_at.clone(),
                    last_activity: None,
                    status: None,
                    summary: None,
                    credibility: None,
                    verdict_explanation: kept(&c.verdict_explanation),
                    verdict_url: kept(&c.verdict_url),
                    verdict_at,
                    ..c.clone()
                })
            }
            Line::Statement(s) => {
                let ours = |uuid: &str| -> Result<String> {
                    Ok(match matched {
                        true => self.our_source(uuid)?.unwrap_or_else(|| uuid.to_string()),
                        false => uuid.to_string(),
                    })
                };
                let retracted_at = s
                    .retracted_at
                    .as_deref()
                    .map(|at| timestamp(at, "retracted_at"))
                    .transpose()?;
                Line::Statement(StatementLine {
                    id: None,
                    source: ours(&s.source)?,
                    via: s.via.as_deref().map(ours).transpose()?,
                    citing: s.citing.as_deref().map(ours).transpose()?,
                    stated_at: timestamp(&s.stated_at, "stated_at")?,
                    recorded_at: timestamp(&s.recorded_at, "recorded_at")?,
                    retraction_note: retracted_at.as_ref().and(s.retraction_note.clone()),
                    retracted_at,
                    ..s.clone()
                })
            }
            other => other.clone(),
        })
    }

    /// Holds every row the file brought against what the file's history made of it, in the
    /// order of the lines, and refuses the import at the first that differs: the rows are
    /// what commands read, the events what undo, `--as-of` and `rebuild` read, and a file
    /// whose two halves disagree (edited by hand, or made to mislead) would land with a
    /// history that does not rebuild its tables. Every recorded field is compared; a claim's
    /// derived columns (status, summary, grade) were computed from exactly what is compared
    /// (its statements, and sources either compared or the same rows on both sides), so they
    /// agree once the rest does, and are then held against what the claim's line says of
    /// them, in a second pass: a statement's changed stance is blamed on its own line, not on
    /// its claim's status.
    fn hold_against_history(&self, started_empty: bool, pass: &mut Pass) -> Result<()> {
        let matched = self.matched_any()?;
        // Into a database that held nothing, with no source matched by name, every source,
        // claim and statement here now is one the file brought (an event adding anything
        // else is refused): most often each is exactly as its line (its number and derived
        // columns too), and then the rows here add up to what the lines did. That is read
        // in one pass over the tables, not row by row; only the settings are then held one
        // by one.
        let all_alike = started_empty && !matched && {
            let mut made = pass.digest.empty_like();
            export::rows(&self.tx, &mut |line| {
                let kind = match &line {
                    Line::Source(_) => "source",
                    Line::Claim(_) => "claim",
                    Line::Statement(_) => "statement",
                    _ => return Ok(()),
                };
                made.add(kind, &serde_json::to_string(&line)?);
                Ok(())
            })?;
            made.sum == pass.digest.sum
        };
        // The first claim whose derived columns are not as its line says: reported only if
        // every row is as its history made it (one pass over the rows set aside).
        let mut declared_first: Option<(u64, String)> = None;
        self.set_aside_rows(&mut pass.spool, all_alike, &mut |line, kind, uuid, body| {
            let made = export::line_of(&self.tx, &kind, &uuid)?;
            // Most often the row is exactly as its line gave it, number and derived columns
            // too (an export imported into a database without them): as its text was set
            // aside, it is as the line's text would be written again.
            if let (Some(body), Some(made)) = (&body, &made)
                && *body == serde_json::to_string(made)?
            {
                return Ok(());
            }
            let content = read_body(body)?;
            if let Some(Line::Claim(c)) = &content
                && let Some(Line::Claim(stored)) = &made
                && declared_first.is_none()
            {
                let declared = Declared {
                    status: c.status.map(|s| s.as_str().to_string()),
                    summary: c.summary.clone(),
                    credibility: c.credibility.map(i64::from),
                    last_activity: c
                        .last_activity
                        .as_deref()
                        .map(|at| timestamp(at, "last_activity"))
                        .transpose()?,
                };
                if let Some(message) =
                    self.declared_difference(stored, &declared, started_empty && !matched)?
                {
                    declared_first = Some((line, message));
                }
            }
            let expected = content.map(|c| self.as_stored(&c, matched)).transpose()?;
            match self.unlike_history(&kind, &uuid, expected, made)? {
                Some(message) => Err(LineError::new(line, message).into()),
                None => Ok(()),
            }
        })?;
        match declared_first {
            Some((line, message)) => Err(LineError::new(line, message).into()),
            None => Ok(()),
        }
    }

    /// Says how a row a line brought differs from what the file's events made of it, if it
    /// does: the first field that differs, in the line's order.
    fn unlike_history(
        &self,
        kind: &str,
        key: &str,
        line: Option<Line>,
        made: Option<Line>,
    ) -> Result<Option<String>> {
        let again = "export the file again rather than editing it by hand";
        let (line, made) = match (line, made) {
            (None, None) => return Ok(None),
            (Some(_), None) => {
                return Ok(Some(format!(
                    "no event of the file adds the {kind} {key}; {again}"
                )));
            }
            (None, Some(_)) => {
                return Ok(Some(format!(
                    "the file's events set the {kind} {key}, but its line says otherwise; \
                     {again}"
                )));
            }
            (Some(line), Some(made)) => {
                // Most often the same, field for field, once the export's number and a
                // claim's derived columns are left out as `as_stored` leaves them.
                let made = match made {
                    Line::Source(s) => Line::Source(SourceLine { id: None, ..s }),
                    Line::Claim(c) => Line::Claim(ClaimLine {
                        id: None,
                        last_activity: None,
                        status: None,
                        summary: None,
                        credibility: None,
                        ..c
                    }),
                    Line::Statement(s) => Line::Statement(StatementLine { id: None, ..s }),
                    other => other,
                };
                if line == made {
                    return Ok(None);
                }
                (serde_json::to_value(line)?, serde_json::to_value(made)?)
            }
        };
        // Numbers are local, and a claim's derived columns are held in a second pass.
        let skipped = |field: &str| {
            field == "id"
                || (kind == "claim"
                    && matches!(
                        field,
                        "status" | "summary" | "credibility" | "last_activity"
                    ))
        };
        let (Value::Object(line), Value::Object(made)) = (line, made) else {
            return Ok(None);
        };
        for (field, value) in &line {
            let other = made.get(field).unwrap_or(&Value::Null);
            if skipped(field) || value == other {
                continue;
            }
            // A statement's claim and sources are compared as the numbers they have here.
            if kind == "statement"
                && matches!(field.as_str(), "claim" | "source" | "via" | "citing")
            {
                let table = if field == "claim" {
                    "claims"
                } else {
                    "sources"
                };
                let number = |value: &Value| -> Result<String> {
                    Ok(match value.as_str() {
                        Some(uuid) => self
                            .local(table, uuid)?
                            .map_or("null".to_string(), |id| id.to_string()),
                        None => "null".to_string(),
                    })
                };
                return Ok(Some(format!(
                    "the {kind} {key} names another {field} (#{} here) than the file's events \
                     do (#{}); {again}",
                    number(value)?,
                    number(other)?
                )));
            }
            return Ok(Some(format!(
                "the {kind} {key} gives its {field} as {}, but the file's events make it {}; \
                 {again}",
                cut_short(&shown(value)),
                cut_short(&shown(other))
            )));
        }
        Ok(None)
    }

    /// Applies an event about something new in this import, through the one apply path, and
    /// appends it as it was written (its numbers made local); events about what was already
    /// here stay out, as that thing does. Once an event could not be applied, the ones after
    /// it are only checked (the import is refused at that event's line).
    fn import_event(
        &mut self,
        e: EventLine,
        line: u64,
        done: &mut Imported,
        pass: &mut Pass,
    ) -> Result<()> {
        if pass.events_here && self.exists("events", &e.uuid)? {
            done.already_here += 1;
            return Ok(());
        }
        let mut recorded = Recorded::parse(&e.kind, e.payload.text())?;
        let subject = recorded
            .change
            .subject()
            .map(|(kind, uuid)| (kind, uuid.to_string()));
        let adds = recorded.change.adds();
        // Counts the adding events of each thing set aside: whether it is (the first
        // counts towards `with_history`).
        let mut history = |kind: &str, uuid: &str| -> Result<bool> {
            let Some(at) = self.line_set_aside(kind, uuid)? else {
                return Ok(false);
            };
            let at = at as usize;
            if pass.added.len() <= at {
                pass.added.resize(at + 1, false);
            }
            if !pass.added[at] {
                pass.added[at] = true;
                pass.with_history += 1;
            }
            Ok(true)
        };
        if let Some((kind, uuid)) = &subject {
            let (kind, uuid) = (*kind, uuid.as_str());
            // An event that adds a thing new here is its history (what the file brings is
            // new, and set aside, or here already).
            let new = match adds {
                true => history(kind, uuid)?,
                false => self.is_new(kind, uuid)?,
            };
            if !new {
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
                    return Ok(());
                }
                // A setting that was set and then unset (an undo) has no line in the file,
                // only its history: that comes in, and leaves it unset here too (which the
                // check at the end holds, blaming this line).
                if kind != "config" {
                    return Err(Error::Invalid(format!(
                        "the event is about {kind} {uuid}, which is neither earlier in the \
                         file nor in the database"
                    )));
                }
                self.mark_new(uuid, line, &mut pass.spool)?;
                pass.set_aside += 1;
                if adds {
                    history(kind, uuid)?;
                }
            }
        }
        // The claim the event is about, by the number it has here: none yet for a claim of
        // the file whose history has not added it.
        let known_claim = |uuid: &str| -> Result<Option<i64>> {
            let here = self.local("claims", uuid)?;
            if here.is_none() && !self.is_new("claim", uuid)? {
                return Err(Error::Invalid(format!(
                    "the event is about claim {uuid}, which is neither earlier in the file \
                     nor in the database"
                )));
            }
            Ok(here)
        };
        if pass.matched {
            self.read_as_ours(&mut recorded.change)?;
        }
        let at = timestamp(&e.at, "the event's time")?;
        done.events += 1;
        if pass.unapplied.is_some() {
            e.claim.as_deref().map(known_claim).transpose()?;
            return Ok(());
        }
        if let Some(unlike) = self.named_here_otherwise(&recorded.change, &mut pass.spool)? {
            e.claim.as_deref().map(known_claim).transpose()?;
            pass.unapplied = Some(unlike);
            return Ok(());
        }
        // A colleague's merge as a sync settled it in the file's copy (`Settled`) is applied as
        // it was there; every claim it moved statements off or onto is graded at the end.
        let mut settled_claims = match &recorded.settled {
            Some(settled) => self.claims_settled(settled)?,
            None => Vec::new(),
        };
        // Claims are graded once, at the end, and their activity marked then (`mark_activity`).
        let applied = Apply {
            conn: &self.tx,
            at: &at,
            numbering: Numbering::Carried,
            refs: Refs::Uuids,
            regrade: false,
            mark_activity: false,
            index_later: None,
            source_numbers: Some(&pass.source_numbers),
        }
        .apply_recorded(&mut recorded);
        if let (Ok(_), Some(settled)) = (&applied, &recorded.settled) {
            settled_claims.extend(self.claims_settled(settled)?);
        }
        for claim in settled_claims {
            self.mark_touched(claim)?;
        }
        if let Err(error) = applied {
            e.claim.as_deref().map(known_claim).transpose()?;
            pass.unapplied = Some(at_line(line)(error));
            return Ok(());
        }
        pass.empty = false;
        // An added claim, or a statement added on the claim the event names: apply has just
        // found that claim by its uuid (no source is read as another's there).
        let named = match &recorded.change {
            Change::ClaimAdded(p) => Some(&p.claim.uuid),
            Change::StatementAdded(p) => Some(&p.statement.claim),
            _ => None,
        };
        let claim = match e.claim.as_ref() {
            Some(uuid) if named == Some(uuid) => recorded.change.claim(),
            _ => e.claim.as_deref().map(known_claim).transpose()?.flatten(),
        };
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
        // As the sync marked it: a void merge marks nothing, and each merge it took back or
        // applied marks the claim merged into (`Apply::apply_recorded`).
        let mut marked = match &recorded.settled {
            Some(settled) if settled.void => Vec::new(),
            _ => recorded.change.marks_activity(),
        };
        if let Some(settled) = &recorded.settled {
            let nested = settled.taken_back.iter().chain(&settled.applied);
            marked.extend(nested.map(|entry| entry.merge.into_id));
        }
        if let Some(claim) = claim.filter(|claim| !marked.contains(claim)) {
            self.mark_touched(claim)?;
        }
        // Each change marks activity at its own time, in the order of the history: the last
        // one's is the claim's (a moved statement marks both its claims, and both are
        // regraded).
        for claim in marked {
            // The events of a claim come one after another: its last mark is noted once.
            if let Some(earlier) = pass.marked.take_if(|(pending, _)| *pending != claim) {
                self.note_mark(earlier)?;
            }
            pass.marked = Some((claim, at.clone()));
        }
        Ok(())
    }

    /// Notes the time of the last change that marked activity on a claim (`import_touched`).
    fn note_mark(&self, (claim, at): (i64, String)) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO import_touched (id, at) VALUES (?1, ?2)
                 ON CONFLICT (id) DO UPDATE SET at = excluded.at",
            )?
            .execute(params![claim, at])?;
        Ok(())
    }

    /// The claims a sync's settling of a merge names, as they are now: those of the merges it
    /// took back or applied, and the claims the statements it lists are on.
    fn claims_settled(&self, settled: &Settled) -> Result<Vec<i64>> {
        let mut claims = Vec::new();
        for entry in settled.taken_back.iter().chain(&settled.applied) {
            claims.extend(self.local("claims", &entry.merge.claim)?);
            claims.extend(self.local("claims", &entry.merge.into)?);
        }
        for on in &settled.statements {
            claims.extend(
                self.tx
                    .prepare_cached("SELECT claim_id FROM statements WHERE uuid = ?1")?
                    .query_row([&on.statement], |row| row.get::<_, i64>(0))
                    .optional()?,
            );
        }
        Ok(claims)
    }

    /// A source the history adds under the name of a source here is that source, as its line
    /// would have been read had it given that name: when the line gives another, the line is
    /// unlike its history (refused at the line, as the check at the end would).
    fn named_here_otherwise(&self, change: &Change, spool: &mut Spool) -> Result<Option<Error>> {
        let Change::SourceAdded(p) = change else {
            return Ok(None);
        };
        let added = &p.source;
        let set_aside: Option<(i64, Option<i64>, Option<i64>)> = self
            .tx
            .prepare_cached(
                "SELECT line, at, len FROM import_seen
                  WHERE uuid = ?1 AND kind = 'source' AND aside = 1",
            )?
            .query_row([&added.uuid], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })
            .optional()?;
        let Some((line, Some(at), Some(len))) = set_aside else {
            return Ok(None);
        };
        let body = spool.get(at, len)?;
        let Line::Source(s) = serde_json::from_str::<Line>(&body)? else {
            return Ok(None);
        };
        let name = clean_name(&s.name, "a source's name")?;
        let here = match added.kind {
            SourceKind::Anonymous => None,
            SourceKind::Desk => resolve::find_desk(&self.tx, &added.name)?,
            _ => resolve::find(&self.tx, &added.name, Match::Exact)?,
        };
        if here.is_none() || name == added.name {
            return Ok(None);
        }
        Ok(Some(
            LineError::new(
                line as u64,
                format!(
                    "the source {} gives its name as {}, but the file's events make it {}; \
                     export the file again rather than editing it by hand",
                    added.uuid,
                    cut_short(&format!("{name:?}")),
                    cut_short(&format!("{:?}", added.name))
                ),
            )
            .into(),
        ))
    }

    /// What a claim's line says of its derived columns and the stored claim does not. The
    /// status is that of its statements wherever they land; the summary and grade name and
    /// weigh sources, which may be sources here under the same name, so they are held only
    /// when every source of the claim came with the file.
    /// (`stored`: the claim as its export line reads it, all its columns given.)
    fn declared_difference(
        &self,
        stored: &ClaimLine,
        declared: &Declared,
        all_new: bool,
    ) -> Result<Option<String>> {
        let uuid = &stored.uuid;
        let status = stored.status.map(|s| s.as_str()).unwrap_or_default();
        let summary = stored.summary.as_deref().unwrap_or_default();
        let credibility = stored.credibility.map(i64::from).unwrap_or_default();
        let last_activity = stored.last_activity.as_deref().unwrap_or_default();
        let id = stored.id.unwrap_or_default();
        // Into a database that held nothing, with no source matched by name, every source
        // came with the file (`all_new`).
        let named_here = !all_new
            && self
                .tx
                .prepare_cached(
                    "SELECT 1 FROM statements s
                   JOIN sources src ON src.id IN (s.source_id, s.via_id, s.citing_id)
                  WHERE s.claim_id = ?1
                    AND NOT EXISTS (SELECT 1 FROM import_seen n
                                     WHERE n.uuid = src.uuid AND n.kind = 'source'
                                       AND n.aside = 1)",
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
            && line != status
        {
            return Ok(unlike("status", line, status));
        }
        if let Some(line) = &declared.last_activity
            && line != last_activity
        {
            return Ok(unlike("last activity", line, last_activity));
        }
        if named_here {
            return Ok(None);
        }
        if let Some(line) = &declared.summary
            && line != summary
        {
            return Ok(unlike("summary", line, summary));
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
            index_later: None,
            source_numbers: None,
        }
        .apply(change)?;
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

    /// Whether a source of the file was found here by name (and its uuid is read as ours).
    fn matched_any(&self) -> Result<bool> {
        Ok(self
            .tx
            .prepare_cached("SELECT 1 FROM import_same LIMIT 1")?
            .exists([])?)
    }

    /// Reads, in a copied change, the file's uuid of a source matched here by name as ours.
    fn read_as_ours(&self, change: &mut Change) -> Result<()> {
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
    fn record_new(&mut self, spool: &mut Spool) -> Result<()> {
        spool.in_order(false, &mut |Kept { kind, uuid, .. }| {
            let changes = match kind {
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
            Ok(())
        })?;
        let merged: Vec<(String, i64, String, i64)> = self
            .tx
            .prepare(
                "SELECT c.uuid, c.id, m.uuid, m.id FROM import_seen n
                   JOIN claims c ON c.uuid = n.uuid
                   JOIN claims m ON m.id = c.merged_into
                  WHERE n.kind = 'claim' AND n.aside = 1 ORDER BY n.line",
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
    /// then the indexes dropped at the start (`made_after`), and the search index in one go.
    fn regrade_touched(&mut self, made_after: &[String]) -> Result<()> {
        derive::grade_listed(&self.tx, "SELECT id, at FROM import_touched")?;
        super::schema::make_after_import(&self.tx, made_after)?;
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
        // A row's claim is found by its text, in the claims this import made too.
        let made_after = match self.tx.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM claims) AND NOT EXISTS (SELECT 1 FROM statements)
                    AND NOT EXISTS (SELECT 1 FROM events)",
            [],
            |row| row.get(0),
        )? {
            true => super::schema::drop_for_import(&self.tx, &["claims_by_text"])?,
            false => Vec::new(),
        };
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
        super::schema::make_after_import(&self.tx, &made_after)?;
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
                        at: at.to_string(),
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
            stated_at: row
                .stated_at
                .as_ref()
                .map_or_else(|| self.now.clone(), Stamp::to_string),
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
            self.retract(StatementId(id), uuid, claim, at.to_string(), note, false)?;
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

//! Rendering only: commands hand over plain structs and get back the text to print, a table for
//! people or exactly one JSON document. Colour only on a terminal and never with NO_COLOR;
//! tables fit the terminal's width (or COLUMNS), and are left whole when piped. The listings
//! that grow with the database (`log`, `list`, `sources`) are written as they are read
//! (`Output::stream`). User text reaches people only through `escape::inert`.

mod database;
pub mod escape;
pub mod export;
mod history;
mod notice;
pub mod page;
mod pager;
mod sync;
mod table;

use std::io::{IsTerminal, Write};
use std::path::Path;

use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};
use serde_json::json;

use crate::Result;
use crate::model::{
    BackupMade, ClaimDetail, ClaimRow, Event, Restored, SearchHit, Shown, Similar, SourceDetail,
    SourceRecord, StatementAdded, StatementDetail,
};
use crate::model::{
    Imported, Ingested, MARK_END, MARK_START, Previewed, RebuildCheck, Redone, Undoable, Undone,
};
pub use notice::notice;

pub use table::short_time;

/// A count and its noun, agreeing: `1 statement`, `0 statements`, `2 statements`. The one
/// place a human message decides between singular and plural (with [`noun`]).
pub fn counted<N>(n: N, one: &str, many: &str) -> String
where
    N: std::fmt::Display + PartialEq + From<u8>,
{
    let noun = noun(&n, one, many);
    format!("{n} {noun}")
}

/// The noun alone that agrees with `n`, for a count written some other way (grouped digits).
pub fn noun<'a, N>(n: &N, one: &'a str, many: &'a str) -> &'a str
where
    N: PartialEq + From<u8>,
{
    if *n == N::from(1) { one } else { many }
}

/// A number with its thousands grouped: `20,000`.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(d);
    }
    grouped
}

/// Rows per table when a listing is streamed: each chunk is one table, its columns fitted to its
/// own rows (comfy-table needs every row of a table to size its columns). A listing of up to
/// this many rows is one table, as it always was.
pub const TABLE_CHUNK: usize = 1_000;

/// How much of a streamed answer is held back before it goes to stdout: an answer smaller than
/// this is written whole or not at all, as `emit` writes; a larger one flows in pieces.
const HELD_BACK: usize = 64 * 1024;

/// What a command that streams a listing hands over: a reader that calls its argument with
/// each row in turn (a store read, `Store::each_event` and the like).
pub type Rows<'r, T> = &'r mut dyn FnMut(&mut dyn FnMut(T) -> Result<()>) -> Result<()>;

/// How results are printed: tables for people, or JSON (a documented, stable interface).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
}

pub struct Output {
    format: Format,
    colour: bool,
    width: Option<u16>,
    shown: Shown,
    pager: Option<pager::Pager>,
}

impl Output {
    /// Decides colour and width from the real stdout and the environment.
    pub fn for_stdout(format: Format) -> Output {
        let colour =
            anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never;
        let columns = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<u16>().ok())
            .filter(|c| *c > 0);
        let width = columns.or_else(|| {
            std::io::stdout()
                .is_terminal()
                .then(|| comfy_table::Table::new().width())
                .flatten()
                // A terminal that reports no size (some pseudo-terminals say 0 columns) is
                // treated as a pipe, not as one a column wide.
                .filter(|c| *c > 0)
        });
        Output {
            format,
            colour,
            width,
            shown: Shown::Local,
            pager: None,
        }
    }

    /// Times shown in UTC (`--utc`) rather than in the local zone.
    pub fn in_utc(mut self, utc: bool) -> Output {
        if utc {
            self.shown = Shown::Utc;
        }
        self
    }

    /// An answer longer than the screen goes through a pager, when stdout is a terminal and
    /// `enabled` (not `--no-pager`); see [`pager`].
    pub fn paged(mut self, enabled: bool) -> Output {
        self.pager = pager::Pager::for_stdout(enabled);
        self
    }

    /// Output with fixed settings, times in UTC, for tests.
    pub fn fixed(format: Format, colour: bool, width: Option<u16>) -> Output {
        Output {
            format,
            colour,
            width,
            shown: Shown::Utc,
            pager: None,
        }
    }

    /// Writes once, at the end, so that an error never leaves half an answer on stdout.
    pub fn emit(&self, text: &str) -> Result<()> {
        let mut screen = pager::Screen::new(self.pager.clone());
        screen.write_all(text.as_bytes())?;
        screen.finish()?;
        Ok(())
    }

    fn json(value: &impl Serialize) -> Result<String> {
        Ok(serde_json::to_string_pretty(value)? + "\n")
    }

    fn tables(&self) -> table::Tables {
        table::Tables {
            colour: self.colour,
            width: self.width,
            shown: self.shown,
            zone: self.shown.zone(),
        }
    }

    pub fn claim(&self, claim: &ClaimDetail) -> Result<String> {
        match self.format {
            Format::Json => Self::json(claim),
            Format::Table => Ok(self.tables().claim(claim)),
        }
    }

    /// `add`: the claim, and the claims that already read like it.
    pub fn claim_added(&self, claim: &ClaimDetail, similar: &[Similar]) -> Result<String> {
        match self.format {
            Format::Json => {
                #[derive(Serialize)]
                struct Added<'a> {
                    #[serde(flatten)]
                    claim: &'a ClaimDetail,
                    similar: &'a [Similar],
                }
                Self::json(&Added { claim, similar })
            }
            Format::Table => Ok(self.tables().claim_added(claim)),
        }
    }

    /// `search`: `match` is the best passage, its matching words in [brackets].
    pub fn search(&self, hits: &[SearchHit]) -> Result<String> {
        match self.format {
            Format::Json => Self::json(
                &hits
                    .iter()
                    .map(|hit| {
                        json!({
                            "claim": hit.claim,
                            "text": hit.text,
                            "status": hit.status,
                            "score": hit.score,
                            "match": hit
                                .marked
                                .replace(MARK_START, "[")
                                .replace(MARK_END, "]")
                                .replace('\n', " "),
                        })
                    })
                    .collect::<Vec<_>>(),
            ),
            Format::Table => Ok(self.tables().search(hits)),
        }
    }

    pub fn similar(&self, claim: &ClaimDetail, similar: &[Similar]) -> Result<String> {
        match self.format {
            Format::Json => Self::json(&json!({"claim": claim.id, "similar": similar})),
            Format::Table => Ok(self.tables().similar(claim, similar)),
        }
    }

    /// `verdict`: the rating set, and the status it left alone.
    pub fn verdict(&self, claim: &ClaimDetail) -> Result<String> {
        match self.format {
            Format::Json => Self::json(&json!({
                "claim": claim.id,
                "verdict": claim.verdict,
                "status": claim.status,
            })),
            Format::Table => Ok(format!(
                "claim #{}: verdict {}; its status stays {} ({})\n",
                claim.id,
                claim.verdict.as_ref().map_or("none", |v| v.rating.as_str()),
                claim.status,
                escape::inert(&claim.summary)
            )),
        }
    }

    /// `import`'s one line ("imported 3 claims, 7 statements, 5 sources; 2 already here, left
    /// as they were"), whatever `--format`, which names the file's format there.
    pub fn imported(&self, done: &Imported) -> String {
        let mut parts = vec![
            counted(done.claims, "claim", "claims"),
            counted(done.statements, "statement", "statements"),
            counted(done.sources, "source", "sources"),
        ];
        if done.settings > 0 {
            parts.push(counted(done.settings, "setting", "settings"));
        }
        if done.events > 0 {
            parts.push(counted(
                done.events,
                "event of history",
                "events of history",
            ));
        }
        let mut line = format!("imported {}", parts.join(", "));
        if done.sources_matched > 0 {
            line.push_str(&format!(
                "; {} known here by name",
                counted(done.sources_matched, "source", "sources")
            ));
        }
        if done.already_here > 0 {
            line.push_str(&format!(
                "; {} already here, left as {}",
                done.already_here,
                noun(&done.already_here, "it was", "they were")
            ));
        }
        line + "\n"
    }

    /// `backup`: where the copy is and what it holds.
    pub fn backup_made(&self, made: &BackupMade) -> Result<String> {
        match self.format {
            Format::Json => Self::json(made),
            Format::Table => Ok(format!(
                "backed up {} to {} ({}, {})\n",
                escape::inert(&made.database),
                escape::inert(&made.backup),
                counted(made.claims, "claim", "claims"),
                counted(made.bytes, "byte", "bytes")
            )),
        }
    }

    /// `restore`: what the database holds now (where the old one went is said on stderr).
    pub fn restored(&self, restored: &Restored) -> Result<String> {
        match self.format {
            Format::Json => Self::json(restored),
            Format::Table => Ok(format!(
                "restored {} from {} ({})\n",
                escape::inert(&restored.database),
                escape::inert(&restored.restored_from),
                counted(restored.claims, "claim", "claims")
            )),
        }
    }

    pub fn setting(&self, key: &str, value: &str) -> Result<String> {
        match self.format {
            Format::Json => Self::json(&json!({"key": key, "value": value})),
            Format::Table => Ok(format!("{}\n", escape::inert(value))),
        }
    }

    pub fn statement_added(&self, added: &StatementAdded, claim: &ClaimDetail) -> Result<String> {
        match self.format {
            Format::Json => Self::json(added),
            Format::Table => Ok(self.tables().statement_added(added, claim)),
        }
    }

    /// `statement show`: `{"statement": {…as show gives it…}, "claim": {id, uuid, text,
    /// status}}`.
    pub fn statement(&self, statement: &StatementDetail, claim: &ClaimDetail) -> Result<String> {
        match self.format {
            Format::Json => Self::json(&json!({
                "statement": statement,
                "claim": {
                    "id": claim.id,
                    "uuid": claim.uuid,
                    "text": claim.text,
                    "status": claim.status,
                },
            })),
            Format::Table => Ok(self.tables().statement(statement, claim)),
        }
    }

    pub fn claims(&self, claims: &[ClaimRow]) -> Result<String> {
        match self.format {
            Format::Json => Self::json(&claims),
            Format::Table => Ok(self.tables().claims(claims)),
        }
    }

    pub fn source(&self, source: &SourceDetail) -> Result<String> {
        match self.format {
            Format::Json => Self::json(source),
            Format::Table => Ok(self.tables().sources(std::slice::from_ref(source))),
        }
    }

    pub fn retracted(&self, retracted: &StatementAdded, claim: &ClaimDetail) -> Result<String> {
        match self.format {
            Format::Json => {
                let retracted_at = claim
                    .statements
                    .iter()
                    .find(|s| s.id == retracted.statement)
                    .and_then(|s| s.retracted_at.clone());
                Self::json(&json!({
                    "claim": retracted.claim,
                    "statement": retracted.statement,
                    "status": retracted.status,
                    "summary": retracted.summary,
                    "credibility": retracted.credibility,
                    "credibility_reason": retracted.credibility_reason,
                    "retracted_at": retracted_at,
                }))
            }
            Format::Table => Ok(self.tables().retracted(retracted, claim)),
        }
    }

    pub fn undone(&self, undone: &Undone) -> Result<String> {
        match self.format {
            Format::Json => Self::json(&json!({ "undone": undone })),
            Format::Table => Ok(self.tables().undone(undone)),
        }
    }

    pub fn redone(&self, redone: &Redone) -> Result<String> {
        match self.format {
            Format::Json => Self::json(&json!({
                "redone": {
                    "command": redone.command,
                    "undo": redone.undo,
                    "actor": redone.actor,
                    "changes": redone.changes.iter().map(|c| c.kind()).collect::<Vec<_>>(),
                }
            })),
            Format::Table => Ok(self.tables().redone(redone)),
        }
    }

    pub fn undoable(&self, listed: &[Undoable]) -> Result<String> {
        match self.format {
            Format::Json => Self::json(&json!({
                "commands": listed
                    .iter()
                    .map(|c| json!({
                        "command": c.command,
                        "at": c.at,
                        "actor": c.actor,
                        "events": c.events,
                        "first": history::describe_change(&c.first),
                    }))
                    .collect::<Vec<_>>(),
            })),
            Format::Table => Ok(self.tables().undoable(listed)),
        }
    }

    pub fn rebuild(&self, check: &RebuildCheck) -> Result<String> {
        match self.format {
            Format::Json => Self::json(&json!({
                "ok": check.differences.is_empty(),
                "events": check.events,
                "differences": check.differences,
            })),
            Format::Table => Ok(self.tables().rebuild(check)),
        }
    }

    pub fn source_record(&self, record: &SourceRecord) -> Result<String> {
        match self.format {
            Format::Json => Self::json(record),
            Format::Table => Ok(self.tables().source_record(record)),
        }
    }

    pub fn proposals(&self, proposals: &[Previewed<'_>]) -> Result<String> {
        match self.format {
            Format::Json => Self::json(&json!({ "statements": proposals })),
            Format::Table => Ok(self.tables().proposals(proposals)),
        }
    }

    pub fn ingested(&self, ingested: &Ingested) -> Result<String> {
        match self.format {
            Format::Json => Self::json(ingested),
            Format::Table => Ok(self.tables().ingested(ingested)),
        }
    }

    /// `log`, written to stdout as the rows come: the bytes that one table or JSON array of the same events would be
    /// (in tables, up to [`TABLE_CHUNK`] rows).
    pub fn stream_events(&self, rows: Rows<'_, Event>) -> Result<()> {
        self.stream(rows, |tables, chunk| tables.events(chunk))
    }

    /// `list`, written to stdout as the rows come: the bytes of [`Output::claims`]
    /// (in tables, up to [`TABLE_CHUNK`] rows).
    pub fn stream_claims(&self, rows: Rows<'_, ClaimRow>) -> Result<()> {
        self.stream(rows, |tables, chunk| tables.claims(chunk))
    }

    /// `sources`, written to stdout as the rows come: the bytes of [`Output::sources`]
    /// (in tables, up to [`TABLE_CHUNK`] rows).
    pub fn stream_sources(&self, rows: Rows<'_, SourceDetail>) -> Result<()> {
        self.stream(rows, |tables, chunk| tables.sources(chunk))
    }

    /// A listing of any length in memory of the size of one row (JSON) or one chunk of rows
    /// (tables). JSON is serialised element by element into the array `to_string_pretty`
    /// writes; tables come in chunks of [`TABLE_CHUNK`] rows, each a whole table, the empty
    /// listing's line as before. A closed pipe stops the reading at the next write.
    fn stream<T: Serialize>(
        &self,
        rows: Rows<'_, T>,
        table: impl Fn(&table::Tables, &[T]) -> String,
    ) -> Result<()> {
        let mut out = HeldBack {
            held: Vec::new(),
            out: pager::Screen::new(self.pager.clone()),
        };
        match self.format {
            Format::Json => {
                let mut json = serde_json::Serializer::pretty(&mut out);
                let mut array = json.serialize_seq(None).map_err(json_error)?;
                rows(&mut |row| array.serialize_element(&row).map_err(json_error))?;
                SerializeSeq::end(array).map_err(json_error)?;
                out.write_all(b"\n")?;
            }
            Format::Table => {
                let tables = self.tables();
                let mut chunk = Vec::with_capacity(TABLE_CHUNK);
                let mut written = false;
                rows(&mut |row| {
                    chunk.push(row);
                    if chunk.len() == TABLE_CHUNK {
                        out.write_all(table(&tables, &chunk).as_bytes())?;
                        chunk.clear();
                        written = true;
                    }
                    Ok(())
                })?;
                if !chunk.is_empty() || !written {
                    out.write_all(table(&tables, &chunk).as_bytes())?;
                }
            }
        }
        out.flush()?;
        out.out.finish()?;
        Ok(())
    }

    pub fn demo(&self, database: &Path, list: &[ClaimRow], first: &ClaimDetail) -> Result<String> {
        match self.format {
            Format::Json => Self::json(&json!({
                "database": database.display().to_string(),
                "list": list,
                "show": first,
            })),
            Format::Table => {
                let tables = self.tables();
                let db = database.display().to_string();
                let db = escape::inert(&db);
                Ok(format!(
                    "The Ankara talks story, logged as a reporter would log it.\n\n$ claims list\n{}\n\
                     $ claims show 1\n{}\n\
                     The demo database is {db}\n\
                     Go on exploring it: claims --db {db} show 2\n\
                     (from this checkout: cargo run --release -- --db {db} log)\n",
                    tables.claims(list),
                    tables.claim(first),
                ))
            }
        }
    }
}

/// serde_json's error for a failed write is the write's: a closed pipe stays a closed pipe.
fn json_error(error: serde_json::Error) -> crate::Error {
    if error.is_io() {
        crate::Error::Io(error.into())
    } else {
        crate::Error::Json(error)
    }
}

/// Stdout behind a buffer that is written out only past [`HELD_BACK`] bytes and at the end
/// (`flush`): dropped unflushed after an error, it leaves a short answer unwritten.
struct HeldBack<W: Write> {
    held: Vec<u8>,
    out: W,
}

impl<W: Write> Write for HeldBack<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.held.extend_from_slice(bytes);
        if self.held.len() >= HELD_BACK {
            self.out.write_all(&self.held)?;
            self.held.clear();
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.write_all(&self.held)?;
        self.held.clear();
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;

    fn row(status: Status) -> ClaimRow {
        ClaimRow {
            id: crate::model::ClaimId(7),
            uuid: "u".into(),
            text: "A claim whose text is long enough to be cut in a narrow terminal".into(),
            status,
            summary: "confirmed by Someone".into(),
            credibility: 3,
            credibility_reason: "3 possibly true: one independent confirmation, from X (F)".into(),
            independent_confirmations: 1,
            origins: vec!["X".into()],
            circular: false,
            tags: vec![],
            statements: 1,
            last_activity: crate::model::Stamp::stored("2022-11-14T08:30:00Z"),
            removed: false,
        }
    }

    #[test]
    fn colour_only_when_chosen() {
        let rows = [row(Status::Confirmed)];
        let plain = Output::fixed(Format::Table, false, None)
            .claims(&rows)
            .unwrap();
        let coloured = Output::fixed(Format::Table, true, None)
            .claims(&rows)
            .unwrap();
        assert!(!plain.contains('\x1b'), "{plain}");
        assert!(coloured.contains('\x1b'), "{coloured}");
    }

    #[test]
    fn the_claim_is_cut_to_the_width_and_the_table_fits() {
        let rows = [row(Status::Unverified)];
        let narrow = Output::fixed(Format::Table, false, Some(80))
            .claims(&rows)
            .unwrap();
        assert!(narrow.contains('…'), "{narrow}");
        for line in narrow.lines() {
            assert!(line.chars().count() <= 80, "too wide: {line}");
        }
        let piped = Output::fixed(Format::Table, false, None)
            .claims(&rows)
            .unwrap();
        assert!(piped.contains(&rows[0].text), "{piped}");
    }

    #[test]
    fn the_capped_search_note_groups_its_digits() {
        let capped = |ranked| notice(&crate::model::Notice::SearchCapped { ranked });
        assert!(capped(20_000).starts_with("more than 20,000 claims match: the newest 20,000"));
        assert!(capped(1_000_000).contains("1,000,000"));
        assert!(capped(999).contains("than 999 claims"));
    }

    #[test]
    fn a_short_answer_is_held_back_until_the_end_and_a_long_one_flows() {
        let mut out = HeldBack {
            held: Vec::new(),
            out: Vec::new(),
        };
        out.write_all(b"short").unwrap();
        assert!(out.out.is_empty());
        out.flush().unwrap();
        assert_eq!(out.out, b"short");
        out.write_all(&vec![b'x'; HELD_BACK]).unwrap();
        assert_eq!(out.out.len(), 5 + HELD_BACK);
        assert!(out.held.is_empty());
    }

    #[test]
    fn json_is_one_document() {
        let rows = [row(Status::Denied)];
        let text = Output::fixed(Format::Json, true, Some(40))
            .claims(&rows)
            .unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value[0]["status"], "denied");
        assert!(!text.contains('\x1b'));
    }
}

//! Reading a newsroom's sheet: CSV with a header, one row per statement. Every cell is checked
//! here (stance, date, tags), so that the store only writes rows already known to be good.

use std::collections::VecDeque;
use std::io::{self, Read};

use super::LineError;
use crate::model::{
    MAX_TEXT_BYTES, MAX_TEXT_WORDS, Reliability, SourceKind, Stamp, Stance, blank, normalize_tag,
    parse_when, required_text,
};
use crate::output::escape::csv_cell_read;

/// The columns a sheet may have, in the order `export --format csv --statements` writes them
/// (which adds `claim_id`, read and ignored). `claim` and `stance` are required; the columns
/// after `tags` came later, so that a sheet keeps a statement's retraction, its source's kind
/// and anonymity and the grades, and an older sheet without them still reads.
pub const SHEET_COLUMNS: [&str; 18] = [
    "claim",
    "stance",
    "source",
    "via",
    "citing",
    "quote",
    "url",
    "stated_at",
    "tags",
    "note",
    "retracted_at",
    "retraction_note",
    "anonymous",
    "source_kind",
    "reliability",
    "source_reliability",
    "claim_removed",
    "claim_removal_note",
];

/// Where each column is in `SHEET_COLUMNS`.
mod column {
    pub const CLAIM: usize = 0;
    pub const STANCE: usize = 1;
    pub const SOURCE: usize = 2;
    pub const VIA: usize = 3;
    pub const CITING: usize = 4;
    pub const QUOTE: usize = 5;
    pub const URL: usize = 6;
    pub const STATED_AT: usize = 7;
    pub const TAGS: usize = 8;
    pub const NOTE: usize = 9;
    pub const RETRACTED_AT: usize = 10;
    pub const RETRACTION_NOTE: usize = 11;
    pub const ANONYMOUS: usize = 12;
    pub const SOURCE_KIND: usize = 13;
    pub const RELIABILITY: usize = 14;
    pub const SOURCE_RELIABILITY: usize = 15;
    pub const CLAIM_REMOVED: usize = 16;
    pub const CLAIM_REMOVAL_NOTE: usize = 17;
}
const IGNORED: [&str; 1] = ["claim_id"];

/// The most bytes one row may take in the file, for a sheet of `columns` columns: each cell at
/// its limit, quoted, with every character a doubled quote. A row past it holds a cell over
/// the limit, so the reader stops there rather than buffer a 200 MB cell whole.
fn row_limit(columns: usize) -> u64 {
    columns as u64 * (2 * MAX_TEXT_BYTES as u64 + 3) + 2
}

/// What `Lines` answers when a row runs past `row_limit`.
#[derive(Debug)]
struct RowTooLong;

impl std::fmt::Display for RowTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("row too long")
    }
}

impl std::error::Error for RowTooLong {}

fn too_long(line: u64) -> LineError {
    LineError::new(
        line,
        format!(
            "a cell longer than {MAX_TEXT_WORDS}; shorten it (keep a long text elsewhere and give \
             its address in the url column)"
        ),
    )
}

/// One statement row of a sheet, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetRow {
    pub line: u64,
    pub claim: String,
    pub stance: Stance,
    pub source: Option<String>,
    pub via: Option<String>,
    pub citing: Option<String>,
    pub quote: Option<String>,
    pub url: Option<String>,
    /// `None`: when imported.
    pub stated_at: Option<Stamp>,
    pub tags: Vec<String>,
    /// The statement's note.
    pub note: Option<String>,
    /// With it, the statement is imported retracted at that time.
    pub retracted_at: Option<Stamp>,
    pub retraction_note: Option<String>,
    /// The speaker is an unnamed source, described by `source`.
    pub anonymous: bool,
    /// The kind of the speaker, for a source the import creates.
    pub source_kind: Option<SourceKind>,
    /// The statement's own grade, overriding its source's.
    pub reliability: Option<Reliability>,
    /// The speaker's grade, for a source the import creates.
    pub source_reliability: Option<Reliability>,
    /// When the claim was removed from lists (`claims remove`), and why.
    pub claim_removed: Option<Stamp>,
    pub claim_removal_note: Option<String>,
}

pub struct SheetReader<R> {
    reader: csv::Reader<Lines<R>>,
    /// For each of SHEET_COLUMNS, its position in the file's header.
    at: [Option<usize>; SHEET_COLUMNS.len()],
    record: csv::StringRecord,
}

impl<R: Read> SheetReader<R> {
    /// Reads and checks the header.
    pub fn new(input: R) -> Result<SheetReader<R>, LineError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(Lines::new(input));
        let header = match reader.headers() {
            Ok(header) => header.clone(),
            Err(e) => {
                let line = reader
                    .get_ref()
                    .line_at(e.position().map_or(0, |p| p.byte()));
                return Err(csv_error(&e, line));
            }
        };
        // From here on a row may take as many bytes as the header's columns allow.
        let next = reader.position().byte();
        reader.get_mut().bound_rows(next, row_limit(header.len()));
        if header.iter().any(|cell| cell.len() > MAX_TEXT_BYTES) {
            return Err(too_long(reader.get_ref().line_at(0)));
        }
        // Blank lines may come before the header.
        let line = reader.get_ref().line_at(0);
        let mut at = [None; SHEET_COLUMNS.len()];
        for (position, name) in header.iter().enumerate() {
            let name = name.trim().trim_start_matches('\u{feff}').to_lowercase();
            if IGNORED.contains(&name.as_str()) {
                continue;
            }
            let Some(column) = SHEET_COLUMNS.iter().position(|c| *c == name) else {
                return Err(LineError::new(
                    line,
                    format!(
                        "unknown column '{name}' in the header; a sheet's columns are {}",
                        SHEET_COLUMNS.join(", ")
                    ),
                ));
            };
            if at[column].replace(position).is_some() {
                return Err(LineError::new(
                    line,
                    format!("the column '{name}' appears twice in the header"),
                ));
            }
        }
        for required in ["claim", "stance"] {
            let column = SHEET_COLUMNS.iter().position(|c| *c == required);
            if column.is_some_and(|c| at[c].is_none()) {
                return Err(LineError::new(
                    line,
                    format!(
                        "the header has no '{required}' column; a sheet's columns are {} \
                         (claim and stance required)",
                        SHEET_COLUMNS.join(", ")
                    ),
                ));
            }
        }
        Ok(SheetReader {
            reader,
            at,
            record: csv::StringRecord::new(),
        })
    }

    /// How far into the input the reader is, in bytes.
    pub fn position(&self) -> u64 {
        self.reader.position().byte()
    }

    /// A cell as its text: trimmed, then with the apostrophe that `export` put before a
    /// formula-like text taken off again (`escape::csv_cell_read`).
    fn cell(&self, column: usize) -> Option<&str> {
        self.at[column]
            .and_then(|i| self.record.get(i))
            .map(|cell| csv_cell_read(cell.trim()))
            .filter(|cell| !blank(cell))
    }

    fn row(&self, line: u64) -> Result<SheetRow, LineError> {
        let bad = |message: String| LineError::new(line, message);
        if self
            .record
            .iter()
            .any(|cell| csv_cell_read(cell.trim()).len() > MAX_TEXT_BYTES)
        {
            return Err(too_long(line));
        }
        let text = |column: usize| self.cell(column).map(str::to_string);
        let claim = required_text(self.cell(column::CLAIM).unwrap_or(""), "the claim")
            .map_err(|e| bad(e.to_string()))?;
        let stance = self
            .cell(column::STANCE)
            .ok_or_else(|| {
                bad("the stance is empty; use asserts, confirms, denies, ncnd or declines".into())
            })?
            .parse::<Stance>()
            .map_err(bad)?;
        let time = |column: usize| {
            self.cell(column)
                .map(|when| parse_when(when).map(Stamp::at))
                .transpose()
                .map_err(|e| bad(format!("{}: {e}", SHEET_COLUMNS[column])))
        };
        let stated_at = time(column::STATED_AT)?;
        let tags = self
            .cell(column::TAGS)
            .map(|cell| {
                cell.split([',', ';'])
                    .filter(|t| !blank(t))
                    .map(normalize_tag)
                    .collect::<crate::Result<Vec<_>>>()
            })
            .transpose()
            .map_err(|e| bad(e.to_string()))?
            .unwrap_or_default();
        let retracted_at = time(column::RETRACTED_AT)?;
        let claim_removed = time(column::CLAIM_REMOVED)?;
        let claim_removal_note = text(column::CLAIM_REMOVAL_NOTE);
        if claim_removal_note.is_some() && claim_removed.is_none() {
            return Err(bad(
                "a claim_removal_note without a claim_removed; give the time the claim was \
                 removed, or leave the note out"
                    .into(),
            ));
        }
        let retraction_note = text(column::RETRACTION_NOTE);
        if retraction_note.is_some() && retracted_at.is_none() {
            return Err(bad(
                "a retraction_note without a retracted_at; give the time it was retracted, or \
                 leave the note out"
                    .into(),
            ));
        }
        if let (Some(retracted), Some(said)) = (&retracted_at, &stated_at)
            && retracted < said
        {
            return Err(bad(
                "retracted_at is before stated_at; a statement is retracted after it is made"
                    .into(),
            ));
        }
        let anonymous = match self
            .cell(column::ANONYMOUS)
            .map(str::to_lowercase)
            .as_deref()
        {
            None | Some("no" | "false" | "0") => false,
            Some("yes" | "true" | "1") => true,
            Some(other) => {
                return Err(bad(format!(
                    "anonymous is '{other}'; write yes or no (or leave it empty for no)"
                )));
            }
        };
        let source_kind = self
            .cell(column::SOURCE_KIND)
            .map(str::parse::<SourceKind>)
            .transpose()
            .map_err(|e| bad(format!("source_kind: {e}")))?;
        let grade = |column: usize| {
            self.cell(column)
                .map(str::parse::<Reliability>)
                .transpose()
                .map_err(|e| bad(format!("{}: {e}", SHEET_COLUMNS[column])))
        };
        let source = text(column::SOURCE);
        if let (true, Some(kind)) = (anonymous, source_kind)
            && kind != SourceKind::Anonymous
        {
            return Err(bad(format!(
                "anonymous is yes but source_kind is {}; an unnamed source's kind is anonymous",
                kind.as_str()
            )));
        }
        let anonymous = anonymous || source_kind == Some(SourceKind::Anonymous);
        if anonymous && source.is_none() {
            return Err(bad(
                "an unnamed source needs its description in the source column (\"a port official\")"
                    .into(),
            ));
        }
        Ok(SheetRow {
            line,
            claim,
            stance,
            source,
            via: text(column::VIA),
            citing: text(column::CITING),
            quote: text(column::QUOTE),
            url: text(column::URL),
            stated_at,
            tags,
            note: text(column::NOTE),
            retracted_at,
            retraction_note,
            anonymous,
            source_kind,
            reliability: grade(column::RELIABILITY)?,
            source_reliability: grade(column::SOURCE_RELIABILITY)?,
            claim_removed,
            claim_removal_note,
        })
    }
}

impl<R: Read> Iterator for SheetReader<R> {
    type Item = Result<SheetRow, LineError>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut record = std::mem::take(&mut self.record);
        let before = self.reader.position().byte();
        let read = self.reader.read_record(&mut record);
        let start = match &read {
            // A failed read (a row too long) may leave the last row's position in `record`.
            Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)) => Some(before),
            Err(e) => e.position().or(record.position()).map(csv::Position::byte),
            Ok(_) => record.position().map(csv::Position::byte),
        }
        .unwrap_or(0);
        let next = self.reader.position().byte();
        let lines = self.reader.get_mut();
        let line = lines.line_at(start);
        lines.forget_before(start);
        lines.bound_rows(next, lines.row_limit);
        self.record = record;
        match read {
            Ok(false) => None,
            Ok(true) => Some(self.row(line)),
            Err(e) => Some(Err(csv_error(&e, line))),
        }
    }
}

/// The input as the CSV reader reads it, noting where lines end so that a row's line can be
/// told. The csv crate counts `\n` only, and dates a row from where it began to look for it,
/// before the blank lines it skips: without this, a sheet with CRLF line ends (Excel's) had
/// every error one line early, one with CR line ends every error on line 1, and a row after
/// blank lines was put on the first of them. A leading BOM is dropped here, however the input
/// is cut up (csv drops one only when its first read holds all three bytes).
struct Lines<R> {
    input: R,
    /// Whether the start of the input was looked at for a BOM.
    started: bool,
    /// The first bytes of the input, read to look for a BOM and not handed on yet.
    pending: Vec<u8>,
    /// Bytes handed on so far.
    offset: u64,
    /// The line of the next byte: `\r\n`, `\n` and `\r` each end one.
    line: u64,
    after_cr: bool,
    /// Runs of line-end bytes that a row may still start in or after, as (offset of the run's
    /// first byte, line after the run), and the offset just past the last run.
    runs: VecDeque<(u64, u64)>,
    run_end: u64,
    /// Where the row being read starts, and how many bytes from there may be handed on.
    row_start: u64,
    row_limit: u64,
}

impl<R: Read> Lines<R> {
    fn new(input: R) -> Lines<R> {
        Lines {
            input,
            started: false,
            pending: Vec::new(),
            offset: 0,
            line: 1,
            after_cr: false,
            runs: VecDeque::new(),
            run_end: 0,
            row_start: 0,
            row_limit: row_limit(SHEET_COLUMNS.len() + IGNORED.len()),
        }
    }

    /// The next row starts at `offset` and may take `limit` bytes.
    fn bound_rows(&mut self, offset: u64, limit: u64) {
        self.row_start = offset;
        self.row_limit = limit;
    }

    /// The line of a row that the CSV reader began to look for at `offset`: that of the first
    /// byte from there on that does not end a line.
    fn line_at(&self, offset: u64) -> u64 {
        self.runs
            .iter()
            .take_while(|(start, _)| *start <= offset)
            .last()
            .map_or(1, |(_, line)| *line)
    }

    /// Forgets the runs that no row from `offset` on can need.
    fn forget_before(&mut self, offset: u64) {
        while self.runs.get(1).is_some_and(|(start, _)| *start <= offset) {
            self.runs.pop_front();
        }
    }

    fn note(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if b == b'\n' || b == b'\r' {
                if !(b == b'\n' && self.after_cr) {
                    self.line += 1;
                }
                match self.runs.back_mut() {
                    Some(run) if self.run_end == self.offset => run.1 = self.line,
                    _ => self.runs.push_back((self.offset, self.line)),
                }
                self.run_end = self.offset + 1;
            }
            self.after_cr = b == b'\r';
            self.offset += 1;
        }
    }
}

impl<R: Read> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.started {
            let mut start = [0u8; 3];
            let mut len = 0;
            while len < start.len() {
                match self.input.read(&mut start[len..]) {
                    Ok(0) => break,
                    Ok(n) => len += n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
            self.started = true;
            if start[..len] != *b"\xef\xbb\xbf" {
                self.pending.extend_from_slice(&start[..len]);
            }
        }
        let n = if self.pending.is_empty() {
            self.input.read(buf)?
        } else {
            let n = self.pending.len().min(buf.len());
            buf[..n].copy_from_slice(&self.pending[..n]);
            self.pending.drain(..n);
            n
        };
        if self.offset + n as u64 - self.row_start.min(self.offset) > self.row_limit {
            return Err(io::Error::new(io::ErrorKind::InvalidData, RowTooLong));
        }
        self.note(&buf[..n]);
        Ok(n)
    }
}

fn csv_error(error: &csv::Error, line: u64) -> LineError {
    let message = match error.kind() {
        csv::ErrorKind::Io(e) if e.get_ref().is_some_and(|e| e.is::<RowTooLong>()) => {
            return too_long(line.max(1));
        }
        csv::ErrorKind::Utf8 { .. } => "not UTF-8 text".to_string(),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("the row has {len} cells where the header has {expected_len}"),
        _ => error.to_string(),
    };
    LineError::new(line.max(1), message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Result<SheetRow, LineError>> {
        rows_of(text.as_bytes())
    }

    fn rows_of(bytes: &[u8]) -> Vec<Result<SheetRow, LineError>> {
        match SheetReader::new(bytes) {
            Ok(reader) => reader.collect(),
            Err(e) => vec![Err(e)],
        }
    }

    #[test]
    fn a_sheet_reads_in_any_column_order() {
        let sheet = "Stance,Claim,Tags,stated_at\nconfirm,\"A port closed, briefly\",\"ports; Sea\",2024-03-01\n";
        let row = rows(sheet).remove(0).unwrap();
        assert_eq!(row.line, 2);
        assert_eq!(row.claim, "A port closed, briefly");
        assert_eq!(row.stance, Stance::Confirms);
        assert_eq!(row.tags, ["ports", "sea"]);
        assert_eq!(row.stated_at.as_deref(), Some("2024-03-01T00:00:00Z"));
        assert_eq!(row.source, None);
    }

    #[test]
    fn bad_rows_and_headers_say_which_line() {
        let error = |text: &str| rows(text).into_iter().find_map(Result::err).unwrap();
        assert_eq!(error("claim,stanse\n").line, 1);
        assert!(
            error("claim,source\n")
                .message
                .contains("no 'stance' column")
        );
        let near = error("claim,stance\nx,asserts\ny,confrim\n");
        assert_eq!(near.line, 3);
        assert!(near.message.contains("did you mean 'confirms'"), "{near:?}");
        assert_eq!(error("claim,stance\nx,asserts\nonly one cell\n").line, 3);
        assert_eq!(error("claim,stance,stated_at\nx,deny,2022-02-30\n").line, 2);
        assert_eq!(error("claim,stance\n   ,deny\n").line, 2);
        let invalid = rows_of(b"claim,stance\nx,deny\n\"a\xff\",deny\n");
        let invalid = invalid.into_iter().find_map(Result::err).unwrap();
        assert_eq!(
            (invalid.line, invalid.message.as_str()),
            (3, "not UTF-8 text")
        );
    }

    #[test]
    fn lines_are_counted_as_an_editor_numbers_them() {
        let lines = |bytes: &[u8]| -> Vec<u64> {
            rows_of(bytes)
                .into_iter()
                .map(|row| row.map_or_else(|e| e.line, |row| row.line))
                .collect()
        };
        // LF, CRLF (Excel's) and CR line ends; a line break inside a quoted cell.
        assert_eq!(lines(b"claim,stance\nx,deny\ny,nope\n"), [2, 3]);
        assert_eq!(lines(b"claim,stance\r\nx,deny\r\ny,nope\r\n"), [2, 3]);
        assert_eq!(lines(b"claim,stance\rx,deny\ry,nope\r"), [2, 3]);
        assert_eq!(
            lines(b"claim,stance\r\n\"x\r\nz\",deny\r\ny,nope\r\n"),
            [2, 4]
        );
        // Blank lines are skipped, and the row is on the line it is on.
        assert_eq!(lines(b"claim,stance\r\n\r\n\r\nx,deny\n\ny,nope"), [4, 6]);
        assert_eq!(lines(b"\n\nclaim,stanse\n"), [3]);
    }

    #[test]
    fn a_bom_is_dropped_however_the_input_comes() {
        /// Hands out one byte per read, as a slow pipe may.
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let Some((first, rest)) = self.0.split_first() else {
                    return Ok(0);
                };
                buf[0] = *first;
                self.0 = rest;
                Ok(1)
            }
        }
        let sheet = "\u{feff}\"claim\",stance\nx,deny\n".as_bytes();
        for rows in [
            rows_of(sheet),
            SheetReader::new(Trickle(sheet)).unwrap().collect(),
        ] {
            assert_eq!(rows.len(), 1);
            assert_eq!(rows[0].as_ref().unwrap().claim, "x");
        }
    }
}

//! Property tests of the import parsers (`interchange::SheetReader` for CSV sheets and
//! `interchange::JsonlReader` for JSON Lines), and of import and export through the binary.
//!
//! - Whatever the bytes (anything at all; invalid UTF-8, NULs, BOMs, CR, CRLF, unbalanced
//!   quotes, huge fields, JSON nested thousands deep, and valid files with bytes broken), the
//!   readers never panic, always come to an end, and every error names a line of the input.
//!   Read a byte at a time, an input gives what it gives read at once.
//! - Valid input reads back as what was generated. Sheets are written here by a CSV writer of
//!   this file's own (quoting at random where quoting is optional, LF or CRLF, with a BOM or
//!   without, blank lines between rows), in any column order and letter case, with claim texts,
//!   quotes and names of any Unicode, commas, quotes and line breaks inside; the rows expected
//!   (trimmed cells, canonical stances, stored times, lowercased tags, line numbers) are worked
//!   out by hand. JSON Lines are written by the export's own writer (`output::export::jsonl`).
//! - Through the binary, at a few cases each (they start processes): a generated sheet imported
//!   into a fresh database exports (`export --format csv --statements`) as the same claims,
//!   stances, sources, quotes, urls, times and tags, in the order worked out here; and a
//!   database built by a random run of commands exports as JSON Lines that, imported into a
//!   fresh database, export byte for byte the same.
//!
//! That these bite was checked by hand, each once, then put back: a sheet reader that keeps
//! cells untrimmed fails `valid_sheets_read_back_as_generated`, `any_bytes_as_a_sheet_...` and
//! `a_sheet_imports_and_exports_as_the_same_statements`; one that reads `denies` as
//! `confirms` fails the first and the last; going back to the csv crate's own line numbers
//! fails the first two; JSON lines numbered from 0 fail `valid_json_lines_read_back_as_written`
//! and `any_bytes_as_json_lines_...`; an import that drops a statement's quote fails
//! `a_json_lines_export_imports_and_exports_byte_for_byte`.
//!
//! What this work found is fixed, and pinned at the end of this file and in the readers' unit
//! tests: sheet rows on the wrong line with CRLF or CR line ends or after blank lines, a BOM
//! kept when the input came a byte at a time, a BOM refused in JSON Lines, the history of an
//! unset setting lost by an export → import, and a claim starting with NUL refused only by the
//! database's CHECK.

mod common;
#[path = "support/readers.rs"]
mod readers;

use std::collections::{BTreeSet, HashMap};
use std::io::BufReader;

use claims::interchange::{
    ClaimLine, ConfigLine, EventLine, Line, SheetRow, SourceLine, StatementLine,
};
use claims::model::{ClaimId, Stamp, StatementId};
use claims::model::{Rating, Reliability, SourceKind, Stance, Status, blank, parse_when};
use claims::output::escape::{csv_cell, csv_cell_read};
use claims::store::{ClaimChanges, NewClaim, NewVerdict, SourceChanges, Store};
use common::{Env, describe, s};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use readers::{SheetItems, Trickle, read_jsonl, read_sheet};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// Reading any bytes at all

/// How many lines the input has, counting `\r\n`, `\n` and `\r` as one line end each (as an
/// editor would number them), and the last line even if it is empty.
fn line_count(bytes: &[u8]) -> u64 {
    let mut lines = 1;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                lines += 1;
                i += 1;
            }
            b'\r' | b'\n' => lines += 1,
            _ => {}
        }
        i += 1;
    }
    lines
}

/// Checks what a sheet reader made of `bytes`: errors name an existing line and say something,
/// rows come in line order after the header, and every row holds only checked, tidy values.
fn check_sheet_items(bytes: &[u8], items: &SheetItems) -> Result<(), TestCaseError> {
    let last = line_count(bytes);
    let items = match items {
        Ok(items) => items,
        Err(e) => {
            prop_assert!(
                e.line >= 1 && e.line <= last,
                "header error at line {}",
                e.line
            );
            prop_assert!(!e.message.trim().is_empty());
            return Ok(());
        }
    };
    let mut previous = 1;
    for item in items {
        let line = match item {
            Ok(row) => {
                prop_assert!(!blank(&row.claim) && row.claim.trim() == row.claim);
                prop_assert!(!row.claim.starts_with('\0'));
                for cell in [&row.source, &row.via, &row.citing, &row.quote, &row.url]
                    .into_iter()
                    .flatten()
                {
                    // Trimmed, but for a TAB or CR first that an apostrophe kept (issue 16).
                    let kept = cell.starts_with(['\t', '\r']);
                    prop_assert!(
                        !blank(cell) && cell.trim_end() == cell && (kept || cell.trim() == cell),
                        "{:?}",
                        cell
                    );
                }
                for tag in &row.tags {
                    prop_assert!(!blank(tag) && *tag == tag.trim().to_lowercase());
                }
                if let Some(at) = &row.stated_at {
                    let again = parse_when(at).map(Stamp::at).ok();
                    prop_assert_eq!(again.as_ref(), Some(at), "stored times read back");
                }
                row.line
            }
            Err(e) => {
                prop_assert!(!e.message.trim().is_empty());
                e.line
            }
        };
        prop_assert!(
            line > previous && line <= last,
            "line {line} after line {previous}, of {last}"
        );
        previous = line;
    }
    Ok(())
}

/// The JSON Lines a file holds, worked out without the reader: lines end at `\n`; a line that
/// is blank once trimmed is skipped; any other must be UTF-8 and one `Line`.
fn expected_json_lines(bytes: &[u8]) -> Vec<(u64, Option<Line>)> {
    let mut pieces: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
    if pieces.last().is_some_and(|p| p.is_empty()) {
        pieces.pop();
    }
    let mut expected = Vec::new();
    for (i, piece) in pieces.into_iter().enumerate() {
        let number = i as u64 + 1;
        let Ok(text) = std::str::from_utf8(piece) else {
            expected.push((number, None));
            continue;
        };
        // A BOM opens a file, it is not part of its first line.
        let text = if number == 1 {
            text.strip_prefix('\u{feff}').unwrap_or(text)
        } else {
            text
        };
        if text.trim().is_empty() {
            continue;
        }
        expected.push((number, serde_json::from_str::<Line>(text.trim()).ok()));
    }
    expected
}

/// Bytes that trip CSV and JSON readers: separators, quotes, line ends, NUL, BOM, broken UTF-8,
/// column names, stances, dates, JSON's tokens, numbers out of range, escapes of surrogates.
const PIECES: &[&[u8]] = &[
    b",",
    b"\"",
    b"\"\"",
    b"\n",
    b"\r\n",
    b"\r",
    b" ",
    b"\t",
    b"\0",
    "\u{feff}".as_bytes(),
    "\u{a0}".as_bytes(),
    "\u{2028}".as_bytes(),
    b"\xff",
    b"\xc3",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    "é".as_bytes(),
    "🙂".as_bytes(),
    b"claim",
    b"Stance",
    b"source",
    b"via",
    b"citing",
    b"quote",
    b"url",
    b"stated_at",
    b"tags",
    b"claim_id",
    b"asserts",
    b"confirm",
    b"DENY",
    b"ncnd",
    b"no-comment",
    b"confrim",
    b"2024-02-29",
    b"2023-02-29",
    b"2024-05-02T10:30",
    b"2022-11-14T11:30:00+03:00",
    b"+12345-01-01",
    b"9999-12-31T23:59:60Z",
    b"#1",
    b";",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b"\"type\"",
    b"\"source\"",
    b"\"claim\"",
    b"\"statement\"",
    b"\"config\"",
    b"\"event\"",
    b"\"payload\"",
    b"\"uuid\"",
    b"\\",
    b"\\u0000",
    b"\"\\ud800\"",
    b"1e999",
    b"-0",
    b"18446744073709551616",
    b"-9223372036854775809",
    b"null",
    b"true",
];

fn piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        12 => select(PIECES).prop_map(<[u8]>::to_vec),
        3 => vec(any::<u8>(), 0..8),
        3 => any::<String>().prop_map(String::into_bytes),
        1 => (select(&b"a\"[{,\n"[..]), 1usize..60_000).prop_map(|(b, n)| vec![b; n]),
    ]
}

/// A random mutation of some bytes: a piece put in, a stretch taken out, a byte changed.
#[derive(Debug, Clone)]
enum Mutation {
    Insert(Index, Vec<u8>),
    Remove(Index, usize),
    Set(Index, u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), piece()).prop_map(|(at, p)| Mutation::Insert(at, p)),
        (any::<Index>(), 1usize..8).prop_map(|(at, n)| Mutation::Remove(at, n)),
        (any::<Index>(), any::<u8>()).prop_map(|(at, b)| Mutation::Set(at, b)),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        match m {
            Mutation::Insert(at, piece) => {
                let at = at.index(bytes.len() + 1);
                bytes.splice(at..at, piece.iter().copied());
            }
            Mutation::Remove(at, n) if !bytes.is_empty() => {
                let at = at.index(bytes.len());
                bytes.drain(at..(at + n).min(bytes.len()));
            }
            Mutation::Set(at, b) if !bytes.is_empty() => {
                let at = at.index(bytes.len());
                bytes[at] = *b;
            }
            _ => {}
        }
    }
    bytes
}

/// Hostile sheets: random bytes; pieces after a good header, so that rows are read; good
/// sheets with bytes broken.
fn hostile_sheet() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        vec(any::<u8>(), 0..256),
        (
            select(vec![
                &b""[..],
                b"claim,stance\n",
                b"\xef\xbb\xbfclaim,stance,source,via,citing,quote,url,stated_at,tags\r\n",
                b"Stance,Claim,tags,stated_at,claim_id\n",
            ]),
            vec(piece(), 0..48),
        )
            .prop_map(|(header, pieces)| [header.to_vec(), pieces.concat()].concat()),
        (sheet(), vec(mutation(), 1..6)).prop_map(|(sheet, m)| mutate(sheet.write().0, &m)),
    ]
}

/// Hostile JSON Lines: random bytes; pieces of JSON; good export lines with bytes broken;
/// JSON nested far deeper than any parser's stack.
fn hostile_jsonl() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        vec(any::<u8>(), 0..256),
        vec(piece(), 0..48).prop_map(|pieces| pieces.concat()),
        (json_file(), vec(mutation(), 1..6)).prop_map(|(file, m)| mutate(file.write().0, &m)),
        (1usize..100_000, select(vec!["[", "{\"a\":"])).prop_map(|(depth, open)| {
            format!(
                "{{\"type\":\"event\",\"uuid\":\"u\",\"at\":\"t\",\"actor\":\"a\",\"kind\":\"k\",\
                 \"command\":\"c\",\"payload\":{}1\n",
                open.repeat(depth)
            )
            .into_bytes()
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_as_a_sheet_read_to_the_end_with_errors_at_real_lines(
        bytes in hostile_sheet(),
        chunk in 1usize..5,
    ) {
        let whole = read_sheet(&bytes[..], bytes.len());
        check_sheet_items(&bytes, &whole)?;
        let trickled = read_sheet(Trickle { bytes: &bytes, chunk }, bytes.len());
        prop_assert_eq!(trickled, whole, "read {} bytes at a time", chunk);
    }

    #[test]
    fn any_bytes_as_json_lines_read_to_the_end_with_errors_at_their_lines(
        bytes in hostile_jsonl(),
        chunk in 1usize..5,
    ) {
        let whole = read_jsonl(&bytes[..], bytes.len());
        let expected = expected_json_lines(&bytes);
        prop_assert_eq!(whole.len(), expected.len(), "one item per line that is not blank");
        for (item, (number, line)) in whole.iter().zip(&expected) {
            match (item, line) {
                (Ok(got), Some(line)) => prop_assert_eq!(got, &(*number, line.clone())),
                (Err(e), None) => {
                    prop_assert_eq!(e.line, *number);
                    prop_assert!(!e.message.trim().is_empty());
                }
                (got, _) => prop_assert!(false, "line {}: {:?}, expected {:?}", number, got, line),
            }
        }
        let trickled = read_jsonl(
            BufReader::with_capacity(chunk, Trickle { bytes: &bytes, chunk }),
            bytes.len(),
        );
        prop_assert_eq!(trickled, whole, "read {} bytes at a time", chunk);
    }
}

// ---------------------------------------------------------------------------------------------
// Valid sheets

/// The optional columns of a sheet, and `claim_id`, which `export --statements` writes and
/// `import` ignores.
const OPTIONAL: [&str; 8] = [
    "source",
    "via",
    "citing",
    "quote",
    "url",
    "stated_at",
    "tags",
    "claim_id",
];

/// How each stance may be typed.
const STANCE_WORDS: [(&str, Stance); 11] = [
    ("asserts", Stance::Asserts),
    ("assert", Stance::Asserts),
    ("confirms", Stance::Confirms),
    ("confirm", Stance::Confirms),
    ("denies", Stance::Denies),
    ("deny", Stance::Denies),
    ("ncnd", Stance::Ncnd),
    ("neither", Stance::Ncnd),
    ("declines", Stance::Declines),
    ("decline", Stance::Declines),
    ("no-comment", Stance::Declines),
];

/// Whitespace around a cell, which the reader trims.
fn padding() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => Just(String::new()),
        1 => "[ \t\u{a0}\u{3000}]{1,2}",
    ]
}

/// ASCII letters in the case `upper` says, one flag per letter (cycled).
fn recase(word: &str, upper: &[bool]) -> String {
    word.chars()
        .enumerate()
        .map(|(i, c)| {
            if upper[i % upper.len()] {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect()
}

/// Free text as people paste it: anything Unicode has, or text dense in what CSV must quote
/// (commas, quotes, line breaks) and in letters outside ASCII.
fn free_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z0-9 ,;:\"'\n\r\t.?!()#/–—“”‘’«»éüöçşğİıßЖжλΩ日本語🙂\u{feff}\u{200d}\u{2028}]{1,40}",
    ]
}

/// A time as a user types it in a sheet, and how it is stored, worked out by hand.
fn typed_time() -> impl Strategy<Value = (String, String)> {
    (
        (1000u32..=2020, 1u32..=12, 1u32..=28),
        (0u32..24, 0u32..60, 0u32..60),
        0usize..7,
        padding(),
    )
        .prop_map(|((y, mo, d), (h, mi, s), form, pad)| {
            let date = format!("{y:04}-{mo:02}-{d:02}");
            let (typed, stored) = match form {
                0 => (date.clone(), format!("{date}T00:00:00Z")),
                1 => (
                    format!("{date}T{h:02}:{mi:02}"),
                    format!("{date}T{h:02}:{mi:02}:00Z"),
                ),
                2 => (
                    format!("{date} {h:02}:{mi:02}"),
                    format!("{date}T{h:02}:{mi:02}:00Z"),
                ),
                3 => (
                    format!("{date}T{h:02}:{mi:02}:{s:02}"),
                    format!("{date}T{h:02}:{mi:02}:{s:02}Z"),
                ),
                4 => (
                    format!("{date} {h:02}:{mi:02}:{s:02}"),
                    format!("{date}T{h:02}:{mi:02}:{s:02}Z"),
                ),
                5 => (
                    format!("{date}T{h:02}:{mi:02}:{s:02}Z"),
                    format!("{date}T{h:02}:{mi:02}:{s:02}Z"),
                ),
                _ => (
                    format!("{date}T{h:02}:{mi:02}:{s:02}+00:00"),
                    format!("{date}T{h:02}:{mi:02}:{s:02}Z"),
                ),
            };
            (format!("{pad}{typed}{pad}"), stored)
        })
}

/// A tags cell: tags apart by `,` or `;` (with empty ones between), and the tags it holds.
fn typed_tags(tag: impl Strategy<Value = String>) -> impl Strategy<Value = (String, Vec<String>)> {
    vec((tag, select(vec![",", ";", ", ", " ; ", ",,"])), 0..4).prop_map(|tags| {
        let mut cell = String::new();
        let mut expected = Vec::new();
        for (i, (tag, separator)) in tags.iter().enumerate() {
            if i > 0 {
                cell.push_str(separator);
            }
            cell.push_str(tag);
            if !blank(tag) {
                expected.push(tag.trim().to_lowercase());
            }
        }
        (cell, expected)
    })
}

/// One generated row: each cell as typed, by column.
#[derive(Debug, Clone)]
struct Row {
    claim: String,
    stance: (String, Stance),
    source: String,
    via: String,
    citing: String,
    quote: String,
    url: String,
    stated_at: Option<(String, String)>,
    tags: (String, Vec<String>),
    claim_id: String,
}

impl Row {
    fn cell(&self, column: &str) -> &str {
        match column {
            "claim" => &self.claim,
            "stance" => &self.stance.0,
            "source" => &self.source,
            "via" => &self.via,
            "citing" => &self.citing,
            "quote" => &self.quote,
            "url" => &self.url,
            "stated_at" => self.stated_at.as_ref().map_or("", |t| &t.0),
            "tags" => &self.tags.0,
            "claim_id" => &self.claim_id,
            other => unreachable!("{other}"),
        }
    }
}

/// Rows with claims and names from `text` and `name`.
fn row_with(
    text: BoxedStrategy<String>,
    name: BoxedStrategy<String>,
    tag: BoxedStrategy<String>,
) -> impl Strategy<Value = Row> {
    let stance = (
        select(STANCE_WORDS.to_vec()),
        vec(any::<bool>(), 1..4),
        padding(),
    )
        .prop_map(|((word, stance), upper, pad)| {
            (format!("{pad}{}{pad}", recase(word, &upper)), stance)
        });
    let maybe = |s: BoxedStrategy<String>| prop_oneof![1 => "[ \t]{0,2}", 2 => s];
    (
        (
            (
                padding(),
                text.clone().prop_filter("a claim says something", |t| {
                    // SQLite reads text only up to a NUL: see `a_claim_starting_with_nul_...`.
                    !blank(t) && !t.trim().starts_with('\0')
                }),
                padding(),
            )
                .prop_map(|(a, t, b)| format!("{a}{t}{b}")),
            stance,
            maybe(name.clone()),
            maybe(name.clone()),
            maybe(name),
        ),
        (
            maybe(text.clone()),
            maybe(text),
            proptest::option::of(typed_time()),
            typed_tags(tag),
            "[0-9]{0,3}",
        ),
    )
        .prop_map(
            |((claim, stance, source, via, citing), (quote, url, stated_at, tags, claim_id))| Row {
                claim,
                stance,
                source,
                via,
                citing,
                quote,
                url,
                stated_at,
                tags,
                claim_id,
            },
        )
}

/// A generated sheet: its columns in file order (each as typed in the header), its rows, and
/// how it is written out.
#[derive(Debug, Clone)]
struct Sheet {
    columns: Vec<(&'static str, String)>,
    rows: Vec<Row>,
    crlf: bool,
    bom: bool,
    final_line_end: bool,
    /// Whether to quote each cell that need not be quoted (cycled).
    quote: Vec<bool>,
    /// Blank lines before each row (cycled).
    blank: Vec<u8>,
}

fn sheet_with(rows: impl Strategy<Value = Vec<Row>>) -> impl Strategy<Value = Sheet> {
    (
        vec(any::<bool>(), OPTIONAL.len()),
        vec(any::<u16>(), OPTIONAL.len() + 2),
        vec((vec(any::<bool>(), 1..4), padding()), OPTIONAL.len() + 2),
        rows,
        (any::<bool>(), any::<bool>(), any::<bool>()),
        vec(any::<bool>(), 1..16),
        vec(prop_oneof![8 => Just(0u8), 1 => 1u8..3], 1..8),
    )
        .prop_map(
            |(chosen, order, typing, rows, (crlf, bom, final_line_end), quote, blank)| {
                let mut names = vec!["claim", "stance"];
                names.extend(
                    OPTIONAL
                        .iter()
                        .zip(&chosen)
                        .filter(|(_, c)| **c)
                        .map(|(n, _)| *n),
                );
                let mut columns: Vec<(u16, &'static str, String)> = names
                    .into_iter()
                    .enumerate()
                    .map(|(i, name)| {
                        let (upper, pad) = &typing[i];
                        (order[i], name, format!("{pad}{}{pad}", recase(name, upper)))
                    })
                    .collect();
                columns.sort_by_key(|c| c.0);
                Sheet {
                    columns: columns.into_iter().map(|(_, n, t)| (n, t)).collect(),
                    rows,
                    crlf,
                    bom,
                    final_line_end,
                    quote,
                    blank,
                }
            },
        )
}

fn sheet() -> impl Strategy<Value = Sheet> {
    sheet_with(vec(
        row_with(
            free_text().boxed(),
            free_text().boxed(),
            "[^,;]{0,12}".boxed(),
        ),
        0..8,
    ))
}

impl Sheet {
    fn has(&self, column: &str) -> bool {
        self.columns.iter().any(|(name, _)| *name == column)
    }

    /// The sheet as a file, and each row's line number in it.
    fn write(&self) -> (Vec<u8>, Vec<u64>) {
        let end: &[u8] = if self.crlf { b"\r\n" } else { b"\n" };
        let mut out = Vec::new();
        let mut lines = Vec::new();
        let mut line = 1;
        let mut quotes = self.quote.iter().cycle();
        let mut cell = |out: &mut Vec<u8>, line: &mut u64, text: &str| {
            let must = text.contains([',', '"', '\n', '\r']);
            if must || *quotes.next().unwrap() {
                out.push(b'"');
                out.extend(text.replace('"', "\"\"").bytes());
                out.push(b'"');
            } else {
                out.extend(text.bytes());
            }
            *line += line_count(text.as_bytes()) - 1;
        };
        if self.bom {
            out.extend("\u{feff}".as_bytes());
        }
        for (i, (_, typed)) in self.columns.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            cell(&mut out, &mut line, typed);
        }
        for (r, row) in self.rows.iter().enumerate() {
            out.extend(end);
            line += 1;
            for _ in 0..self.blank[r % self.blank.len()] {
                out.extend(end);
                line += 1;
            }
            lines.push(line);
            for (i, (name, _)) in self.columns.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                cell(&mut out, &mut line, row.cell(name));
            }
        }
        if self.final_line_end {
            out.extend(end);
        }
        (out, lines)
    }

    /// The rows the reader must make of the sheet.
    fn expected(&self, lines: &[u64]) -> Vec<SheetRow> {
        // Trimmed, then the apostrophe an export puts before a formula taken off (issue 16).
        let read = |cell: &str| csv_cell_read(cell.trim()).to_string();
        let text = |row: &Row, column: &str| {
            Some(read(row.cell(column))).filter(|t| !blank(t) && self.has(column))
        };
        self.rows
            .iter()
            .zip(lines)
            .map(|(row, line)| SheetRow {
                line: *line,
                claim: read(&row.claim).trim().to_string(),
                stance: row.stance.1,
                source: text(row, "source"),
                via: text(row, "via"),
                citing: text(row, "citing"),
                quote: text(row, "quote"),
                url: text(row, "url"),
                stated_at: row
                    .stated_at
                    .as_ref()
                    .filter(|_| self.has("stated_at"))
                    .map(|t| Stamp::stored(t.1.clone())),
                tags: if self.has("tags") {
                    read(&row.tags.0)
                        .split([',', ';'])
                        .filter(|t| !blank(t))
                        .map(|t| t.trim().to_lowercase())
                        .collect()
                } else {
                    Vec::new()
                },
                note: None,
                retracted_at: None,
                retraction_note: None,
                anonymous: false,
                source_kind: None,
                reliability: None,
                source_reliability: None,
                claim_removed: None,
                claim_removal_note: None,
            })
            .collect()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn valid_sheets_read_back_as_generated(sheet in sheet(), chunk in 1usize..5) {
        let (bytes, lines) = sheet.write();
        let expected = sheet.expected(&lines);
        let rows: Vec<SheetRow> = read_sheet(&bytes[..], bytes.len())
            .unwrap_or_else(|e| panic!("the header was refused: {e:?}"))
            .into_iter()
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("a good row was refused: {e:?}"));
        prop_assert_eq!(&rows, &expected);
        let trickled = read_sheet(Trickle { bytes: &bytes, chunk }, bytes.len());
        prop_assert_eq!(trickled, Ok(expected.into_iter().map(Ok).collect()));
    }
}

// ---------------------------------------------------------------------------------------------
// Valid JSON Lines

fn uuid() -> impl Strategy<Value = String> {
    "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
}

/// A time as the export writes it, or now and then any text (the reader leaves times to the
/// import).
fn time_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (1000u32..=9999, 1u32..=12, 1u32..=28, 0u32..24, 0u32..60, 0u32..60)
            .prop_map(|(y, mo, d, h, mi, s)| format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")),
        1 => any::<String>(),
    ]
}

fn text() -> impl Strategy<Value = String> {
    free_text()
}

fn opt<T: std::fmt::Debug + Clone>(
    s: impl Strategy<Value = T>,
) -> impl Strategy<Value = Option<T>> {
    proptest::option::of(s)
}

const RELIABILITY: [Reliability; 6] = [
    Reliability::A,
    Reliability::B,
    Reliability::C,
    Reliability::D,
    Reliability::E,
    Reliability::F,
];

/// A JSON value as an event's payload may hold one: no floats (see
/// `a_float_in_a_payload_may_come_back_a_hair_different`).
fn payload() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            vec((text(), inner), 0..6)
                .prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
}

fn source_line() -> impl Strategy<Value = Line> {
    (
        (
            uuid(),
            opt(any::<i64>()),
            text(),
            select(SourceKind::ALL.to_vec()),
        ),
        (
            opt(text()),
            opt(text()),
            vec(text(), 0..3),
            select(RELIABILITY.to_vec()),
        ),
        (time_text(), opt(time_text())),
    )
        .prop_map(
            |(
                (uuid, id, name, kind),
                (role, affiliation, aliases, reliability),
                (created_at, removed_at),
            )| {
                Line::Source(SourceLine {
                    uuid,
                    id,
                    name,
                    kind,
                    role,
                    affiliation,
                    aliases,
                    reliability,
                    created_at,
                    removed_at,
                    merged_into: None,
                })
            },
        )
}

fn claim_line() -> impl Strategy<Value = Line> {
    (
        (
            uuid(),
            opt(any::<i64>()),
            text(),
            vec(text(), 0..3),
            opt(text()),
            opt(text()),
        ),
        (
            time_text(),
            opt(time_text()),
            opt(select(Status::ALL.to_vec())),
            opt(text()),
            opt(any::<u8>()),
        ),
        (
            opt(select(Rating::ALL.to_vec())),
            opt(text()),
            opt(text()),
            opt(time_text()),
            opt(time_text()),
        ),
    )
        .prop_map(
            |(
                (uuid, id, text, tags, happened, note),
                (created_at, last_activity, status, summary, credibility),
                (verdict, verdict_explanation, verdict_url, verdict_at, removed_at),
            )| {
                Line::Claim(ClaimLine {
                    uuid,
                    id,
                    text,
                    tags,
                    happened,
                    note,
                    created_at,
                    last_activity,
                    status,
                    summary,
                    credibility,
                    verdict,
                    verdict_explanation,
                    verdict_url,
                    verdict_at,
                    removed_at,
                    merged_into: None,
                    dismissed_at: None,
                    dismiss_note: None,
                })
            },
        )
}

fn statement_line() -> impl Strategy<Value = Line> {
    (
        (
            uuid(),
            opt(any::<i64>()),
            uuid(),
            uuid(),
            select(Stance::ALL.to_vec()),
            opt(uuid()),
            opt(uuid()),
        ),
        (
            opt(text()),
            opt(text()),
            time_text(),
            time_text(),
            opt(text()),
            opt(select(RELIABILITY.to_vec())),
        ),
        (opt(time_text()), opt(text()), opt(time_text())),
    )
        .prop_map(
            |(
                (uuid, id, claim, source, stance, via, citing),
                (quote, url, stated_at, recorded_at, note, reliability),
                (retracted_at, retraction_note, removed_at),
            )| {
                Line::Statement(StatementLine {
                    uuid,
                    id,
                    claim,
                    source,
                    stance,
                    via,
                    citing,
                    quote,
                    url,
                    stated_at,
                    recorded_at,
                    note,
                    reliability,
                    retracted_at,
                    retraction_note,
                    removed_at,
                })
            },
        )
}

fn event_line() -> impl Strategy<Value = Line> {
    (
        uuid(),
        time_text(),
        text(),
        select(vec![
            "claim.added",
            "statement.added",
            "source.edited",
            "undo",
            "config.set",
        ]),
        uuid(),
        opt(uuid()),
        payload(),
    )
        .prop_map(|(uuid, at, actor, kind, command, claim, payload)| {
            Line::Event(EventLine {
                uuid,
                at,
                actor,
                kind: kind.to_string(),
                command,
                claim,
                payload: (&payload).into(),
            })
        })
}

fn json_line() -> impl Strategy<Value = Line> {
    prop_oneof![
        source_line(),
        claim_line(),
        statement_line(),
        (text(), text()).prop_map(|(key, value)| Line::Config(ConfigLine { key, value })),
        event_line(),
    ]
}

/// A generated JSON Lines file: its lines, the blank lines before each (cycled), and whether
/// it has CRLF line ends and a BOM.
#[derive(Debug, Clone)]
struct JsonFile {
    lines: Vec<Line>,
    gaps: Vec<&'static str>,
    crlf: bool,
    bom: bool,
}

fn json_file() -> impl Strategy<Value = JsonFile> {
    (
        vec(json_line(), 0..8),
        vec(
            select(vec!["", "", "", "\n", "  \n", "\r\n", "\t\r\n\n"]),
            1..8,
        ),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(lines, gaps, crlf, bom)| JsonFile {
            lines,
            gaps,
            crlf,
            bom,
        })
}

impl JsonFile {
    /// The lines as the export writes them (with its own writer), and each one's number.
    fn write(&self) -> (Vec<u8>, Vec<u64>) {
        let mut out = Vec::new();
        if self.bom {
            out.extend("\u{feff}".as_bytes());
        }
        let mut numbers = Vec::new();
        for (i, line) in self.lines.iter().enumerate() {
            out.extend(self.gaps[i % self.gaps.len()].as_bytes());
            numbers.push(1 + out.iter().filter(|b| **b == b'\n').count() as u64);
            claims::output::export::jsonl(&mut out, line).unwrap();
            if self.crlf {
                out.insert(out.len() - 1, b'\r');
            }
        }
        (out, numbers)
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn valid_json_lines_read_back_as_written(file in json_file(), chunk in 1usize..5) {
        let (bytes, numbers) = file.write();
        for line in bytes.split(|b| *b == b'\n').filter(|l| l.starts_with(b"{")) {
            prop_assert!(line.starts_with(b"{\"type\":\""), "\"type\" comes first");
        }
        let expected: Vec<(u64, Line)> = numbers.into_iter().zip(file.lines.iter().cloned()).collect();
        let read: Vec<(u64, Line)> = read_jsonl(&bytes[..], bytes.len())
            .into_iter()
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("a good line was refused: {e:?}"));
        prop_assert_eq!(&read, &expected);
        let trickled = read_jsonl(
            BufReader::with_capacity(chunk, Trickle { bytes: &bytes, chunk }),
            bytes.len(),
        );
        prop_assert_eq!(trickled, expected.into_iter().map(Ok).collect::<Vec<_>>());
    }
}

// ---------------------------------------------------------------------------------------------
// Through the binary: a sheet in, the statements sheet out

/// Names as a newsroom types them: some share words, differ only in case or spacing, or are
/// written in other scripts. None is the desk's (`tester`).
const NAMES: [&str; 10] = [
    "Harbour Master",
    "harbour  master",
    "Evening Post",
    "Post",
    "Mira Valeska",
    "Agência Lusa",
    "Şule Yıldız",
    "Жанна Орлова",
    "東京新聞",
    "O'Brien, \"the elder\"",
];

/// Claim texts, quotes and urls that a sheet must carry through: Unicode, quotes, commas,
/// line breaks and tabs inside, and the spaces around that the reader trims.
fn carried_text() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec![
            "The ferry ran aground",
            "The ferry ran aground ",
            "Le ferry s'est échoué, dit-on",
            "«Паром сел на мель»",
        ])
        .prop_map(str::to_string),
        "[a-zA-Z0-9 ,;:\"'\n\t.?!()#/–“”éüçşğİıßЖλΩ日本語🙂]{1,30}",
    ]
}

fn name() -> impl Strategy<Value = String> {
    select(NAMES.to_vec()).prop_map(str::to_string)
}

/// A name as stored and compared: words apart by one space; compared ignoring case.
fn tidy(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The statements sheet `export --format csv --statements` must write after the sheet is
/// imported into a fresh database, worked out from the rows: claims numbered in order of first
/// appearance (by text), each claim's statements in time order (rows without a time are
/// stated now, after all the generated ones), a row that repeats an earlier one left out,
/// sources named as first written, the desk as `tester`, tags sorted and joined by ", ".
fn expected_statements(rows: &[SheetRow]) -> Vec<Vec<String>> {
    let mut claims: Vec<String> = Vec::new();
    let mut tags: HashMap<usize, BTreeSet<String>> = HashMap::new();
    let mut names: HashMap<String, String> = HashMap::new();
    let mut kept: Vec<(usize, &SheetRow, [Option<String>; 3])> = Vec::new();
    for row in rows {
        let claim = match claims.iter().position(|c| *c == row.claim) {
            Some(i) => i,
            None => {
                claims.push(row.claim.clone());
                claims.len() - 1
            }
        };
        tags.entry(claim)
            .or_default()
            .extend(row.tags.iter().cloned());
        let mut name = |n: &Option<String>| {
            n.as_ref().map(|n| {
                names
                    .entry(tidy(n).to_lowercase())
                    .or_insert_with(|| tidy(n))
                    .clone()
            })
        };
        let who = [name(&row.source), name(&row.via), name(&row.citing)];
        let repeated = kept.iter().any(|(c, earlier, w)| {
            *c == claim
                && *w == who
                && earlier.stance == row.stance
                && earlier.quote == row.quote
                && earlier.url == row.url
                && (row.stated_at.is_none() || row.stated_at == earlier.stated_at)
        });
        if !repeated {
            kept.push((claim, row, who));
        }
    }
    let mut out = Vec::new();
    for (c, text) in claims.iter().enumerate() {
        let tags = tags[&c].iter().cloned().collect::<Vec<_>>().join(", ");
        let mut statements: Vec<_> = kept.iter().filter(|(k, _, _)| *k == c).collect();
        // Stable: rows of one time stay in file order, as their numbers do.
        statements.sort_by_key(|(_, row, _)| match &row.stated_at {
            Some(at) => (0, at.to_string()),
            None => (1, String::new()),
        });
        for (_, row, [source, via, citing]) in statements {
            out.push(vec![
                (c + 1).to_string(),
                text.clone(),
                row.stance.as_str().to_string(),
                source.clone().unwrap_or_else(|| common::ACTOR.to_string()),
                via.clone().unwrap_or_default(),
                citing.clone().unwrap_or_default(),
                row.quote.clone().unwrap_or_default(),
                row.url.clone().unwrap_or_default(),
                row.stated_at.as_deref().unwrap_or_default().to_string(),
                tags.clone(),
            ]);
        }
    }
    out
}

fn csv_records(text: &str) -> Vec<Vec<String>> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn binary_sheet() -> impl Strategy<Value = Sheet> {
    let tag = "[a-zA-ZéİŞ -]{0,6}";
    sheet_with(vec(
        row_with(carried_text().boxed(), name().boxed(), tag.boxed()),
        1..8,
    ))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn a_sheet_imports_and_exports_as_the_same_statements(sheet in binary_sheet()) {
        let env = Env::new();
        let (bytes, lines) = sheet.write();
        let rows = sheet.expected(&lines);
        let path = env.path().join("sheet.csv");
        std::fs::write(&path, &bytes).unwrap();
        let db = env.path().join("fresh.db");
        let import = ["--db", s(&db), "import", s(&path)];
        let out = env.run(&import);
        prop_assert!(out.status.success(), "{}", describe(&import, &out));
        let before = common::now_utc();
        let export = ["--db", s(&db), "export", "--format", "csv", "--statements"];
        let out = env.run(&export);
        prop_assert!(out.status.success(), "{}", describe(&export, &out));
        let text = String::from_utf8(out.stdout).unwrap();
        prop_assert!(
            text.starts_with("claim_id,claim,stance,source,via,citing,quote,url,stated_at,tags,"),
            "{}",
            text
        );
        let mut got = csv_records(&text);
        // The columns after `tags`: this sheet had none of them, so no note, retraction,
        // anonymity or grade of a statement's own; every source is graded F until edited.
        for row in got.iter_mut() {
            prop_assert_eq!(row.len(), 19, "{:?}", row);
            let later = row.split_off(10);
            prop_assert_eq!(&later[..4], &["", "", "", ""], "{:?}", later);
            prop_assert!(["person", "outlet", "desk"].contains(&later[4].as_str()), "{:?}", later);
            prop_assert_eq!(&later[5..], &["", "F", "", ""], "{:?}", later);
        }
        // Rows without a time were stated at the import's; only that it is a time is known.
        // Each cell as the export writes it: a formula-like text behind an apostrophe.
        let expected: Vec<Vec<String>> = expected_statements(&rows)
            .into_iter()
            .map(|row| row.iter().map(|cell| csv_cell(cell).into_owned()).collect())
            .collect();
        prop_assert_eq!(got.len(), expected.len(), "{}", text);
        for (got, expected) in got.iter_mut().zip(&expected) {
            if expected[8].is_empty() {
                prop_assert!(common::is_utc_timestamp(&got[8]) && got[8] <= before, "{:?}", got);
                got[8].clear();
            }
        }
        prop_assert_eq!(got, expected);
    }
}

// ---------------------------------------------------------------------------------------------
// Through the binary: JSON Lines out, in, and out again

/// One command of a random session, on claims and statements by position (modulo how many
/// there are).
#[derive(Debug, Clone)]
enum Op {
    Add {
        text: String,
        tags: Vec<String>,
        note: Option<String>,
        happened: Option<u32>,
    },
    Say {
        claim: usize,
        stance: Stance,
        by: Option<String>,
        anonymous: bool,
        via: Option<String>,
        citing: Option<String>,
        quote: Option<String>,
        url: Option<String>,
        hour: Option<u32>,
        grade: Option<Reliability>,
    },
    Edit {
        claim: usize,
        text: Option<String>,
        tag: Option<String>,
    },
    Retract {
        statement: usize,
        note: Option<String>,
    },
    Verdict {
        claim: usize,
        rating: Rating,
        explanation: Option<String>,
    },
    Config {
        value: String,
    },
    Alias {
        name: String,
        alias: String,
        grade: Reliability,
    },
    Undo,
}

fn op() -> impl Strategy<Value = Op> {
    let maybe_text = || opt(carried_text());
    prop_oneof![
        3 => (carried_text(), vec("[a-z]{1,5}", 0..3), maybe_text(), opt(1u32..=28))
            .prop_map(|(text, tags, note, happened)| Op::Add { text, tags, note, happened }),
        6 => (
            (any::<usize>(), select(Stance::ALL.to_vec()), opt(name()), any::<bool>()),
            (opt(name()), opt(name()), maybe_text(), maybe_text(), opt(0u32..24), opt(select(RELIABILITY.to_vec()))),
        )
            .prop_map(|((claim, stance, by, anonymous), (via, citing, quote, url, hour, grade))| Op::Say {
                claim, stance, by, anonymous, via, citing, quote, url, hour, grade,
            }),
        1 => (any::<usize>(), maybe_text(), opt("[a-z]{1,5}"))
            .prop_map(|(claim, text, tag)| Op::Edit { claim, text, tag }),
        1 => (any::<usize>(), maybe_text()).prop_map(|(statement, note)| Op::Retract { statement, note }),
        1 => (any::<usize>(), select(Rating::ALL.to_vec()), maybe_text())
            .prop_map(|(claim, rating, explanation)| Op::Verdict { claim, rating, explanation }),
        1 => carried_text().prop_map(|value| Op::Config { value }),
        1 => (name(), "[A-Z][a-z]{2,6}", select(RELIABILITY.to_vec()))
            .prop_map(|(name, alias, grade)| Op::Alias { name, alias, grade }),
        1 => Just(Op::Undo),
    ]
}

/// Runs a session through the library; refused commands (an empty text, a taken alias, nothing
/// to undo) are left out, as they are at the command line.
fn run_session(path: &std::path::Path, ops: &[Op]) {
    let mut store = Store::open(path).unwrap();
    for op in ops {
        let count = |table: &str, store: &Store| -> i64 {
            store
                .connection()
                .query_row(&format!("SELECT max(id) FROM {table}"), [], |r| {
                    r.get::<_, Option<i64>>(0)
                })
                .unwrap()
                .unwrap_or(0)
        };
        let (claims, statements) = (count("claims", &store), count("statements", &store));
        let pick = |n: usize, of: i64| (of > 0).then(|| (n as i64 % of) + 1);
        let _ = store.write(common::ACTOR, |w| match op {
            Op::Add {
                text,
                tags,
                note,
                happened,
            } => w
                .add_claim(&NewClaim {
                    text: claims::model::required_text(text, "a claim")?,
                    tags: tags.clone(),
                    happened: happened.map(|d| format!("2021-03-{d:02}")),
                    note: note.clone(),
                })
                .map(|_| ()),
            Op::Say {
                claim,
                stance,
                by,
                anonymous,
                via,
                citing,
                quote,
                url,
                hour,
                grade,
            } => {
                let claim = pick(*claim, claims)
                    .map(ClaimId)
                    .ok_or(claims::Error::ClaimNotFound(ClaimId(1)))?;
                let attributed = claims::cmd::Attributed {
                    by: by.clone(),
                    via: via.clone(),
                    citing: citing.clone(),
                    anonymous: *anonymous,
                    quote: quote.clone(),
                    url: url.clone(),
                    stated_at: hour.map(|h| Stamp::stored(format!("2021-03-14T{h:02}:00:00Z"))),
                    reliability: *grade,
                    ..Default::default()
                };
                claims::cmd::record_statement(w, claim, *stance, &attributed).map(|_| ())
            }
            Op::Edit { claim, text, tag } => {
                let claim = pick(*claim, claims)
                    .map(ClaimId)
                    .ok_or(claims::Error::ClaimNotFound(ClaimId(1)))?;
                w.edit_claim(
                    claim,
                    &ClaimChanges {
                        text: text
                            .as_deref()
                            .map(|t| claims::model::required_text(t, "a claim"))
                            .transpose()?,
                        add_tags: tag.iter().cloned().collect(),
                        ..ClaimChanges::default()
                    },
                )
            }
            Op::Retract { statement, note } => {
                let statement = pick(*statement, statements)
                    .map(StatementId)
                    .ok_or(claims::Error::StatementNotFound(StatementId(1)))?;
                w.retract_statement(statement, note.clone()).map(|_| ())
            }
            Op::Verdict {
                claim,
                rating,
                explanation,
            } => {
                let claim = pick(*claim, claims)
                    .map(ClaimId)
                    .ok_or(claims::Error::ClaimNotFound(ClaimId(1)))?;
                w.set_verdict(
                    claim,
                    &NewVerdict {
                        rating: *rating,
                        explanation: explanation.clone(),
                        url: Some("https://example.org/check".into()),
                    },
                )
            }
            Op::Config { value } => w.set_config("org", value),
            Op::Alias { name, alias, grade } => {
                let source = w.resolve_source(name, SourceKind::Organization)?;
                w.edit_source(
                    &source,
                    &SourceChanges {
                        add_aliases: vec![alias.clone()],
                        reliability: Some(*grade),
                        ..SourceChanges::default()
                    },
                )
            }
            Op::Undo => w.undo_last().map(|_| ()),
        });
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn a_json_lines_export_imports_and_exports_byte_for_byte(ops in vec(op(), 1..24)) {
        let env = Env::new();
        let first_db = env.path().join("first.db");
        run_session(&first_db, &ops);
        let export = |db: &std::path::Path| {
            let args = ["--db", s(db), "export"];
            let out = env.run(&args);
            assert!(out.status.success(), "{}", describe(&args, &out));
            out.stdout
        };
        let first = export(&first_db);
        let path = env.path().join("export.jsonl");
        std::fs::write(&path, &first).unwrap();
        let second_db = env.path().join("second.db");
        let import = ["--db", s(&second_db), "import", s(&path)];
        let out = env.run(&import);
        prop_assert!(out.status.success(), "{}", describe(&import, &out));
        let second = export(&second_db);
        prop_assert!(
            first == second,
            "export → import → export differs:\n--- first ---\n{}\n--- second ---\n{}",
            String::from_utf8_lossy(&first),
            String::from_utf8_lossy(&second)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Bugs these properties found, each pinned by the case that showed it.

/// A setting set and then undone has no `config` line in an export, only its events: the
/// import took those events for a setting "already here" and left them out, keeping the undo
/// that reversed them, so the copy's history lost a command.
#[test]
fn the_history_of_a_setting_since_unset_comes_in_with_the_rest() {
    let env = Env::new();
    env.run_ok(&["config", "set", "org", "Harbour Fact Desk"]);
    env.run_ok(&["undo"]);
    let first = env.run_ok(&["export"]);
    assert_eq!(
        first.lines().count(),
        3,
        "two config.set events and the undo: {first}"
    );
    let path = env.path().join("export.jsonl");
    std::fs::write(&path, &first).unwrap();
    let copy = env.path().join("copy.db");
    let on_copy = |args: &[&str]| {
        let mut full = vec!["--db", s(&copy)];
        full.extend_from_slice(args);
        env.run_ok(&full)
    };
    on_copy(&["import", s(&path)]);
    assert_eq!(on_copy(&["export"]), first);
    on_copy(&["rebuild", "--check"]);
    // Imported again, nothing changes.
    on_copy(&["import", s(&path)]);
    assert_eq!(on_copy(&["export"]), first);
}

/// SQLite reads text only up to a NUL, so a claim whose text starts with one failed the
/// database's CHECK: the import stopped with "database error: CHECK constraint failed", which
/// does not say what to do. It is refused as the sheet's or the file's mistake now.
#[test]
fn a_claim_starting_with_nul_is_refused_in_the_users_terms() {
    let env = Env::new();
    let sheet = env.path().join("nul.csv");
    std::fs::write(
        &sheet,
        "claim,stance\nA pier closed,asserts\n\0 pier,denies\n",
    )
    .unwrap();
    let line = env.expect_err(&["import", s(&sheet)], 1);
    assert!(
        line.contains("line 3: the claim must not start with a NUL character"),
        "{line}"
    );
    let file = env.path().join("nul.jsonl");
    std::fs::write(
        &file,
        r#"{"type":"claim","uuid":"u-1","text":"\u0000 pier","created_at":"2024-05-02"}"#,
    )
    .unwrap();
    let line = env.expect_err(&["import", s(&file)], 1);
    assert!(
        line.contains("line 1: a claim's text must not start with a NUL character"),
        "{line}"
    );
    assert!(!env.db().exists(), "nothing was written");
}

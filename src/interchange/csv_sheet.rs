//! Reading a newsroom's sheet: CSV with a header, one row per statement. Every cell is checked
//! here (stance, date, tags), so that the store only writes rows already known to be good.

use std::io::Read;

use super::LineError;
use crate::model::{Stance, format_timestamp, normalize_tag, parse_when, required_text};

/// The columns a sheet may have, in the order `export --format csv --statements` writes them
/// (which adds `claim_id`, read and ignored). `claim` and `stance` are required.
pub const SHEET_COLUMNS: [&str; 9] = [
    "claim",
    "stance",
    "source",
    "via",
    "citing",
    "quote",
    "url",
    "stated_at",
    "tags",
];
const IGNORED: [&str; 1] = ["claim_id"];

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
    /// Stored form (RFC 3339 UTC); `None`: when imported.
    pub stated_at: Option<String>,
    pub tags: Vec<String>,
}

pub struct SheetReader<R> {
    reader: csv::Reader<R>,
    /// For each of SHEET_COLUMNS, its position in the file's header.
    at: [Option<usize>; 9],
    record: csv::StringRecord,
}

impl<R: Read> SheetReader<R> {
    /// Reads and checks the header.
    pub fn new(input: R) -> Result<SheetReader<R>, LineError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(input);
        let header = reader.headers().map_err(|e| csv_error(&e, 1))?.clone();
        let mut at = [None; 9];
        for (position, name) in header.iter().enumerate() {
            let name = name.trim().trim_start_matches('\u{feff}').to_lowercase();
            if IGNORED.contains(&name.as_str()) {
                continue;
            }
            let Some(column) = SHEET_COLUMNS.iter().position(|c| *c == name) else {
                return Err(LineError::new(
                    1,
                    format!(
                        "unknown column '{name}' in the header; a sheet's columns are {}",
                        SHEET_COLUMNS.join(", ")
                    ),
                ));
            };
            if at[column].replace(position).is_some() {
                return Err(LineError::new(
                    1,
                    format!("the column '{name}' appears twice in the header"),
                ));
            }
        }
        for required in ["claim", "stance"] {
            let column = SHEET_COLUMNS.iter().position(|c| *c == required);
            if column.is_some_and(|c| at[c].is_none()) {
                return Err(LineError::new(
                    1,
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

    fn cell(&self, column: usize) -> Option<&str> {
        self.at[column]
            .and_then(|i| self.record.get(i))
            .map(str::trim)
            .filter(|cell| !cell.is_empty())
    }

    fn row(&self, line: u64) -> Result<SheetRow, LineError> {
        let bad = |message: String| LineError::new(line, message);
        let text = |column: usize| self.cell(column).map(str::to_string);
        let claim = required_text(self.cell(0).unwrap_or(""), "the claim")
            .map_err(|e| bad(e.to_string()))?;
        let stance = self
            .cell(1)
            .ok_or_else(|| {
                bad("the stance is empty; use asserts, confirms, denies, ncnd or declines".into())
            })?
            .parse::<Stance>()
            .map_err(bad)?;
        let stated_at = self
            .cell(7)
            .map(|when| parse_when(when).map(format_timestamp))
            .transpose()
            .map_err(|e| bad(format!("stated_at: {e}")))?;
        let tags = self
            .cell(8)
            .map(|cell| {
                cell.split([',', ';'])
                    .filter(|t| !t.trim().is_empty())
                    .map(normalize_tag)
                    .collect::<crate::Result<Vec<_>>>()
            })
            .transpose()
            .map_err(|e| bad(e.to_string()))?
            .unwrap_or_default();
        Ok(SheetRow {
            line,
            claim,
            stance,
            source: text(2),
            via: text(3),
            citing: text(4),
            quote: text(5),
            url: text(6),
            stated_at,
            tags,
        })
    }
}

impl<R: Read> Iterator for SheetReader<R> {
    type Item = Result<SheetRow, LineError>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut record = std::mem::take(&mut self.record);
        let read = self.reader.read_record(&mut record);
        let line = record.position().map_or(0, csv::Position::line);
        self.record = record;
        match read {
            Ok(false) => None,
            Ok(true) => Some(self.row(line)),
            Err(e) => {
                let line = e.position().map_or(line, csv::Position::line);
                Some(Err(csv_error(&e, line)))
            }
        }
    }
}

fn csv_error(error: &csv::Error, line: u64) -> LineError {
    let line = error.position().map_or(line, csv::Position::line);
    let message = match error.kind() {
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
}

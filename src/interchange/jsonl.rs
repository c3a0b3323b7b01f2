//! Reading a JSON Lines export one line at a time: memory stays that of one line, and a line
//! is bounded before it is parsed.

use std::io::{BufRead, Read};

use serde_json::Value;
use serde_json::value::RawValue;

use super::{EventLine, Line, LineError};
use crate::model::{MAX_TEXT_BYTES, MAX_TEXT_WORDS};

/// The longest line read: room for the texts one line may carry (an edit's old and new text, a
/// statement's quote, note, URL and names), each at its limit, even when JSON's `\u0001`
/// escapes make them longer in the file. Past it the line is refused unread, so a 200 MB line
/// never reaches memory whole.
pub const MAX_LINE_BYTES: usize = 16 * MAX_TEXT_BYTES;

pub struct JsonlReader<R> {
    input: R,
    line: u64,
    buffer: Vec<u8>,
}

impl<R: BufRead> JsonlReader<R> {
    pub fn new(input: R) -> JsonlReader<R> {
        JsonlReader {
            input,
            line: 0,
            buffer: Vec::new(),
        }
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    /// The line's number and what it holds.
    type Item = Result<(u64, Line), LineError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            self.buffer.clear();
            self.line += 1;
            let mut bounded = (&mut self.input).take(MAX_LINE_BYTES as u64 + 1);
            match bounded.read_until(b'\n', &mut self.buffer) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => return Some(Err(LineError::new(self.line, e.to_string()))),
            }
            if self.buffer.len() > MAX_LINE_BYTES {
                return Some(Err(LineError::new(
                    self.line,
                    format!(
                        "a line longer than {} MiB, where no text may be longer than \
                         {MAX_TEXT_WORDS}; shorten the long text",
                        MAX_LINE_BYTES >> 20
                    ),
                )));
            }
            let Ok(text) = std::str::from_utf8(&self.buffer) else {
                return Some(Err(LineError::new(self.line, "not UTF-8 text")));
            };
            // A BOM (which some editors write) opens the file; it is not part of the line.
            let text = match self.line {
                1 => text.strip_prefix('\u{feff}').unwrap_or(text),
                _ => text,
            };
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            let line = match read_line(text) {
                Ok(line) => line,
                Err(e) => {
                    let what = e.to_string();
                    // serde_json ends its messages with " at line 1 column N": ours is the
                    // file's line.
                    let what = what.split(" at line ").next().unwrap_or(&what).to_string();
                    return Some(Err(LineError::new(
                        self.line,
                        format!("not a line of a claims export ({what})"),
                    )));
                }
            };
            // A text is never longer than the JSON it is written in: only a line over the
            // limit is looked into.
            if text.len() > MAX_TEXT_BYTES
                && let Some(len) = longest_text(&line).filter(|len| *len > MAX_TEXT_BYTES)
            {
                return Some(Err(LineError::new(
                    self.line,
                    format!(
                        "a text longer than {MAX_TEXT_WORDS} ({len} bytes); shorten it (keep a \
                         long text elsewhere and give its address as a url)"
                    ),
                )));
            }
            return Some(Ok((self.line, line)));
        }
    }
}

/// A line's text read as a `Line`. An export writes each line's type first: such a line is
/// read straight into the struct of its type (which passes over the `type` key), not through
/// the buffering a tagged enum takes. Any other line, and one that does not read so, is read
/// as a tagged enum, which says what is wrong with it.
fn read_line(text: &str) -> serde_json::Result<Line> {
    fn direct<'a, T: serde::Deserialize<'a>>(text: &'a str, line: fn(T) -> Line) -> Option<Line> {
        serde_json::from_str(text).ok().map(line)
    }
    // A second `type` key, which a tagged enum refuses and a struct would pass over.
    let first = text.find(r#""type""#).map_or(text.len(), |at| at + 1);
    if text[first..].contains(r#""type""#) {
        return serde_json::from_str::<Line>(text);
    }
    let read = match text.strip_prefix(r#"{"type":""#) {
        Some(rest) if rest.starts_with(r#"event","#) => direct(text, |e: EventText| {
            Line::Event(EventLine {
                uuid: e.uuid,
                at: e.at,
                actor: e.actor,
                kind: e.kind,
                command: e.command,
                claim: e.claim,
                payload: e.payload.into(),
            })
        }),
        Some(rest) if rest.starts_with(r#"statement","#) => direct(text, Line::Statement),
        Some(rest) if rest.starts_with(r#"claim","#) => direct(text, Line::Claim),
        Some(rest) if rest.starts_with(r#"source","#) => direct(text, Line::Source),
        _ => None,
    };
    read.map_or_else(|| serde_json::from_str::<Line>(text), Ok)
}

/// An event line, its payload kept as the text it is.
#[derive(serde::Deserialize)]
struct EventText {
    uuid: String,
    at: String,
    actor: String,
    kind: String,
    command: String,
    #[serde(default)]
    claim: Option<String>,
    payload: Box<RawValue>,
}

/// The length in bytes of the longest text a line carries, its history's payload included.
fn longest_text(line: &Line) -> Option<usize> {
    fn longest_in(value: &Value) -> Option<usize> {
        match value {
            Value::String(text) => Some(text.len()),
            Value::Array(items) => items.iter().filter_map(longest_in).max(),
            Value::Object(fields) => fields
                .iter()
                .flat_map(|(key, item)| [Some(key.len()), longest_in(item)])
                .flatten()
                .max(),
            _ => None,
        }
    }
    // Measured as the JSON it is: every field, and the history's payload.
    longest_in(&serde_json::to_value(line).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &[u8]) -> Vec<Result<(u64, Line), LineError>> {
        JsonlReader::new(text).collect()
    }

    #[test]
    fn lines_are_numbered_and_blank_lines_skipped() {
        let text = b"{\"type\":\"config\",\"key\":\"org\",\"value\":\"Desk\"}\n\n{\"type\":\"config\",\"key\":\"a\",\"value\":\"b\"}";
        let lines = read(text);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1].as_ref().unwrap().0, 3);
    }

    #[test]
    fn bad_lines_say_which_and_why() {
        let lines = read(b"{\"type\":\"planet\"}\n");
        let error = lines[0].as_ref().unwrap_err();
        assert_eq!(error.line, 1);
        assert!(
            error.message.contains("unknown variant `planet`"),
            "{error:?}"
        );
        assert_eq!(read(b"\n\xff\xfe\n")[0].as_ref().unwrap_err().line, 2);
        let truncated = read(b"{\"type\":\"config\",\"key\":\"or");
        assert!(truncated[0].as_ref().unwrap_err().message.contains("EOF"));
    }

    #[test]
    fn a_bom_opening_the_file_is_not_part_of_its_first_line() {
        let config = "{\"type\":\"config\",\"key\":\"org\",\"value\":\"Desk\"}";
        let lines = read(format!("\u{feff}{config}\n{config}").as_bytes());
        assert_eq!(lines[0].as_ref().unwrap().0, 1);
        assert_eq!(lines[1].as_ref().unwrap().0, 2);
        // Anywhere else, it is not JSON.
        let lines = read(format!("{config}\n\u{feff}{config}").as_bytes());
        assert_eq!(lines[1].as_ref().unwrap_err().line, 2);
    }
}

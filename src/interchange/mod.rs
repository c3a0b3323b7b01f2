//! The files `export` writes and `import` reads, as plain Rust: the lines of a JSON Lines
//! export, and the rows of a newsroom's CSV sheet. Parsing lives here, apart from the store,
//! so that it can be tested and fuzzed on its own; `store::import` writes what it yields.

mod csv_sheet;
mod jsonl;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::model::{Rating, Reliability, SourceKind, Stance, Status};

pub use csv_sheet::{SHEET_COLUMNS, SheetReader, SheetRow};
pub use jsonl::JsonlReader;

/// The largest number (`id`) of a claim, statement or source that an import keeps: numbers
/// outside 1 ..= 999,999,999,999 take the next free number here, as taken ones do. SQLite
/// numbers a new row one past the largest; past 2^63 − 1 it draws them at random, so one row
/// imported near the top would scatter every later number. Below 10^12, local numbers stay
/// in sequence, and exact in JSON for any reader (JavaScript's are exact up to 2^53).
pub const MAX_IMPORTED_NUMBER: i64 = 999_999_999_999;

/// One line of a JSON Lines export: `{"type": "source" | "claim" | "statement" | "config" |
/// "event", ...}`. Entities are identified by uuid; `id` is the number they had where they
/// were exported from (kept on import when it is free).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Line {
    Source(SourceLine),
    Claim(ClaimLine),
    Statement(StatementLine),
    Config(ConfigLine),
    Event(EventLine),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceLine {
    pub uuid: String,
    #[serde(default)]
    pub id: Option<i64>,
    pub name: String,
    pub kind: SourceKind,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub affiliation: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub reliability: Reliability,
    pub created_at: String,
    #[serde(default)]
    pub removed_at: Option<String>,
    /// The uuid of the source this one was merged into (`source merge`); absent when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<String>,
}

/// A claim. Status, summary and credibility are derived: written for scripts to read, and
/// recomputed on import rather than trusted (in a file with a history, the import refuses a
/// line whose status, or summary and grade where all its sources come with it, differ from
/// what its statements make).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimLine {
    pub uuid: String,
    #[serde(default)]
    pub id: Option<i64>,
    pub text: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub happened: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    pub created_at: String,
    #[serde(default)]
    pub last_activity: Option<String>,
    #[serde(default)]
    pub status: Option<Status>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub credibility: Option<u8>,
    #[serde(default)]
    pub verdict: Option<Rating>,
    #[serde(default)]
    pub verdict_explanation: Option<String>,
    #[serde(default)]
    pub verdict_url: Option<String>,
    #[serde(default)]
    pub verdict_at: Option<String>,
    #[serde(default)]
    pub removed_at: Option<String>,
    /// The uuid of the claim this one was merged into (`claims merge`); absent if none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<String>,
    /// When the claim was removed from lists (`claims remove`), and why; absent if it was not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dismissed_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dismiss_note: Option<String>,
}

/// A statement; `claim`, `source`, `via` and `citing` are uuids.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatementLine {
    pub uuid: String,
    #[serde(default)]
    pub id: Option<i64>,
    pub claim: String,
    pub source: String,
    pub stance: Stance,
    #[serde(default)]
    pub via: Option<String>,
    #[serde(default)]
    pub citing: Option<String>,
    #[serde(default)]
    pub quote: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    pub stated_at: String,
    pub recorded_at: String,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub reliability: Option<Reliability>,
    #[serde(default)]
    pub retracted_at: Option<String>,
    #[serde(default)]
    pub retraction_note: Option<String>,
    #[serde(default)]
    pub removed_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfigLine {
    pub key: String,
    pub value: String,
}

/// One event of the history, as stored; `claim` is the uuid of the claim it is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventLine {
    pub uuid: String,
    pub at: String,
    pub actor: String,
    pub kind: String,
    pub command: String,
    #[serde(default)]
    pub claim: Option<String>,
    pub payload: Payload,
}

/// An event's payload as the line writes it: kept as its JSON text, so that an import reads
/// it once, straight into its typed change (`Recorded::parse`), not into a `Value` first.
/// The JSON Lines reader keeps the text as the line has it (`JsonlReader`); read any other way
/// (a line whose keys are in another order, read as a tagged enum), it is read as a `Value`
/// and written again.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct Payload(Box<RawValue>);

impl Payload {
    /// The payload's JSON text.
    pub fn text(&self) -> &str {
        self.0.get()
    }
}

impl From<Box<RawValue>> for Payload {
    fn from(text: Box<RawValue>) -> Payload {
        Payload(text)
    }
}

impl From<&Value> for Payload {
    fn from(value: &Value) -> Payload {
        Payload(serde_json::value::to_raw_value(value).expect("a Value writes as JSON"))
    }
}

impl<'de> Deserialize<'de> for Payload {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Payload, D::Error> {
        // As a `Value`, which any deserializer gives (a tagged enum's buffer cannot give raw
        // text).
        Ok((&Value::deserialize(deserializer)?).into())
    }
}

/// The same JSON, however it is spaced.
impl PartialEq for Payload {
    fn eq(&self, other: &Payload) -> bool {
        let value = |p: &Payload| serde_json::from_str::<Value>(p.text()).ok();
        self.text() == other.text() || value(self) == value(other)
    }
}

/// What is wrong with a line of an import file, with the line's number (from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: u64,
    pub message: String,
}

impl LineError {
    pub fn new(line: u64, message: impl Into<String>) -> LineError {
        LineError {
            line,
            message: message.into(),
        }
    }
}

impl From<LineError> for crate::Error {
    fn from(error: LineError) -> crate::Error {
        crate::Error::Import {
            line: error.line,
            message: error.message,
        }
    }
}

//! The plain structs that commands hand to `output`. Their serde field names are the JSON
//! interface documented in the README: rename nothing without a note there.

use serde::Serialize;

use super::{Reliability, SourceKind, Stance, Status};

/// A claim with every statement on it, as `show` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimDetail {
    pub id: i64,
    pub uuid: String,
    pub text: String,
    pub status: Status,
    pub summary: String,
    pub tags: Vec<String>,
    pub happened: Option<String>,
    pub note: Option<String>,
    pub created_at: String,
    pub last_activity: String,
    pub statements: Vec<StatementDetail>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatementDetail {
    pub id: i64,
    pub uuid: String,
    pub stance: Stance,
    pub source: String,
    pub source_kind: SourceKind,
    pub anonymous: bool,
    pub via: Option<String>,
    pub citing: Option<String>,
    pub quote: Option<String>,
    pub url: Option<String>,
    pub stated_at: String,
    pub recorded_at: String,
    pub note: Option<String>,
}

/// One line of `list`.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimRow {
    pub id: i64,
    pub uuid: String,
    pub text: String,
    pub status: Status,
    pub summary: String,
    pub tags: Vec<String>,
    /// How many statements the claim has.
    pub statements: i64,
    pub last_activity: String,
}

/// A source as `sources`, `source add` and `source edit` print it.
#[derive(Debug, Clone, Serialize)]
pub struct SourceDetail {
    pub id: i64,
    pub uuid: String,
    pub name: String,
    pub kind: SourceKind,
    pub role: Option<String>,
    pub affiliation: Option<String>,
    pub aliases: Vec<String>,
    pub reliability: Reliability,
    /// How many statements the source made.
    pub statements: i64,
}

/// What a statement verb reports back.
#[derive(Debug, Clone, Serialize)]
pub struct StatementAdded {
    pub claim: i64,
    pub statement: i64,
    pub status: Status,
    pub summary: String,
}

/// One entry of the history.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub uuid: String,
    pub at: String,
    pub actor: String,
    pub kind: String,
    pub payload: serde_json::Value,
}

//! The plain structs that commands hand to `output`. Their serde field names are the JSON
//! interface documented in the README: rename nothing without a note there.

use serde::Serialize;

use super::{
    ClaimId, Rating, Reliability, SourceId, SourceKind, Stamp, Stance, StatementId, Status,
};

/// A claim with every statement on it, as `show` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimDetail {
    pub id: ClaimId,
    pub uuid: String,
    pub text: String,
    pub status: Status,
    pub summary: String,
    pub credibility: u8,
    pub credibility_reason: String,
    pub independent_confirmations: i64,
    pub origins: Vec<String>,
    pub circular: bool,
    /// "circular reporting: 4 reports, 1 origin: unnamed source (via Kommersant)"
    pub circular_warning: Option<String>,
    pub tags: Vec<String>,
    pub happened: Option<String>,
    pub note: Option<String>,
    pub created_at: Stamp,
    pub last_activity: Stamp,
    /// The desk's published rating, if any: never part of the status.
    pub verdict: Option<Verdict>,
    pub statements: Vec<StatementDetail>,
    /// The claim asked for, when it was merged into this one (`show 7` of a claim merged into
    /// #3 shows #3, with `"merged_from": 7`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merged_from: Option<ClaimId>,
    /// When, by whom and why the claim was removed from lists (`claims remove`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed: Option<Removal>,
    /// The claim this one was merged into (a sheet's `merged_into` column); `show` never
    /// prints a merged claim itself.
    #[serde(skip)]
    pub merged_into: Option<ClaimId>,
}

/// A claim's removal from lists: when, by whose command, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Removal {
    pub at: Stamp,
    pub actor: String,
    /// The id of the command that removed it, as `log` shows it.
    pub command: String,
    pub note: Option<String>,
}

/// The desk's published rating of a claim.
#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    pub rating: Rating,
    pub explanation: Option<String>,
    pub url: Option<String>,
    /// When it was set.
    pub at: Stamp,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatementDetail {
    pub id: StatementId,
    pub uuid: String,
    pub stance: Stance,
    pub source: String,
    pub source_kind: SourceKind,
    pub anonymous: bool,
    pub via: Option<String>,
    pub citing: Option<String>,
    pub quote: Option<String>,
    pub url: Option<String>,
    pub stated_at: Stamp,
    pub recorded_at: Stamp,
    pub note: Option<String>,
    pub retracted: bool,
    pub retracted_at: Option<Stamp>,
    pub retraction_note: Option<String>,
    /// The effective grade: the statement's own, else its source's.
    pub reliability: Reliability,
    /// The statement's own grade, if it has one (a sheet's `reliability` column).
    #[serde(skip)]
    pub own_reliability: Option<Reliability>,
    /// Its source's grade (a sheet's `source_reliability` column).
    #[serde(skip)]
    pub source_reliability: Reliability,
    /// The source the statement's information comes from (docs/rules.md, "Origin").
    pub origin: String,
}

/// One line of `list`.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimRow {
    pub id: ClaimId,
    pub uuid: String,
    pub text: String,
    pub status: Status,
    pub summary: String,
    pub credibility: u8,
    pub credibility_reason: String,
    pub independent_confirmations: i64,
    pub origins: Vec<String>,
    pub circular: bool,
    pub tags: Vec<String>,
    /// How many statements the claim has, retracted ones left out.
    pub statements: i64,
    pub last_activity: Stamp,
    /// Removed from lists (`claims remove`): shown only by `list --include-removed`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub removed: bool,
}

/// A source as `sources`, `source add` and `source edit` print it.
#[derive(Debug, Clone, Serialize)]
pub struct SourceDetail {
    pub id: SourceId,
    pub uuid: String,
    pub name: String,
    pub kind: SourceKind,
    pub role: Option<String>,
    pub affiliation: Option<String>,
    pub aliases: Vec<String>,
    pub reliability: Reliability,
    /// How many statements the source made.
    pub statements: i64,
    /// How the claims it spoke on stand now: "confirmed 5 claims now confirmed, 1 now
    /// contested; denied 2 claims now denied".
    pub track_record: String,
}

/// One statement of a source, as `source show` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct SourceStatement {
    pub id: StatementId,
    pub claim: ClaimId,
    pub claim_text: String,
    pub stance: Stance,
    pub stated_at: Stamp,
    pub retracted: bool,
    /// The claim's status now.
    pub claim_status: Status,
}

/// `source show`: the source, and every statement it made.
#[derive(Debug, Clone, Serialize)]
pub struct SourceRecord {
    #[serde(flatten)]
    pub source: SourceDetail,
    pub statements: Vec<SourceStatement>,
}

/// What a statement verb (and `retract`) reports back. The statement verbs' JSON is exactly
/// the first four fields, as issue 2 specified it; `retract` adds the credibility.
#[derive(Debug, Clone, Serialize)]
pub struct StatementAdded {
    pub claim: ClaimId,
    pub statement: StatementId,
    pub status: Status,
    pub summary: String,
    #[serde(skip)]
    pub credibility: u8,
    #[serde(skip)]
    pub credibility_reason: String,
}

/// One entry of the history.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub uuid: String,
    pub at: Stamp,
    pub actor: String,
    pub kind: String,
    /// The change, written in JSON as its stored payload.
    pub payload: super::event::Recorded,
    /// Whether a later `undo` reversed this event's command.
    pub undone: bool,
    /// The command it was part of: every event of one command shares it (`undo COMMAND`).
    pub command: String,
    /// For a pulled edit that met an edit of the same field made here concurrently: each such
    /// field, and whose value stands. Absent otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub concurrent: Vec<super::ConcurrentOutcome>,
}

/// What `backup` wrote: the database copied, the new file, and what the copy holds.
#[derive(Debug, Clone, Serialize)]
pub struct BackupMade {
    pub database: String,
    pub backup: String,
    /// Live claims in the copy.
    pub claims: i64,
    /// The copy's size.
    pub bytes: u64,
}

/// What `restore` did: the database now holds the backup's contents; the one it replaced is
/// kept under another name (none when there was no database yet).
#[derive(Debug, Clone, Serialize)]
pub struct Restored {
    pub database: String,
    pub restored_from: String,
    pub kept_as: Option<String>,
    /// Live claims in the database now.
    pub claims: i64,
}

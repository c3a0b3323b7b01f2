//! What commands report: plain structs that `store` and `cmd` fill and `output` renders.

use serde::Serialize;

use super::event::Recorded;
use super::{SearchHit, Stamp};

/// What an import did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Imported {
    pub claims: u64,
    pub statements: u64,
    pub sources: u64,
    pub settings: u64,
    /// Events copied from the file's history.
    pub events: u64,
    /// Entities, events and rows already here, left as they are.
    pub already_here: u64,
    /// Named sources of the file that are sources here under the same name.
    pub sources_matched: u64,
}

/// What `undo` reversed.
#[derive(Debug, Clone, Serialize)]
pub struct Undone {
    /// The uuid shared by the reversed command's events.
    pub command: String,
    pub at: Stamp,
    pub actor: String,
    /// How many events the command had.
    pub events: usize,
    /// The kinds of the reversed events, newest first.
    pub kinds: Vec<String>,
    /// The changes the undo appended, as `log` shows them (newest first).
    #[serde(skip)]
    pub reversed: Vec<Recorded>,
}

/// What `redo` applied again.
#[derive(Debug, Clone, Serialize)]
pub struct Redone {
    /// The command applied again.
    pub command: String,
    /// The undo that had reversed it.
    pub undo: String,
    pub actor: String,
    /// The changes the redo appended, oldest first.
    #[serde(skip)]
    pub changes: Vec<Recorded>,
}

/// A command `undo` can take back, for `undo --list`.
#[derive(Debug, Clone, Serialize)]
pub struct Undoable {
    pub command: String,
    pub at: Stamp,
    pub actor: String,
    /// How many changes the command made.
    pub events: usize,
    /// Its first change, as `log` shows it.
    #[serde(skip)]
    pub first: Recorded,
}

/// One place where the stored tables and the rebuild disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    pub table: String,
    /// The row's key: "#3", or "#3 ankara" for a tag.
    pub row: String,
    /// The differing column, or null when the row is on one side only.
    pub column: Option<String>,
    pub stored: Option<String>,
    pub rebuilt: Option<String>,
}

/// The result of a check.
#[derive(Debug, Clone, Serialize)]
pub struct RebuildCheck {
    pub events: usize,
    pub differences: Vec<Difference>,
}

/// Markers around a matching word in `SearchHit::marked`: control characters that cannot occur
/// in the text a snippet is cut from, turned into brackets or colour by `output`.
pub const MARK_START: char = '\u{1}';
pub const MARK_END: char = '\u{2}';

/// What `search` found: the best of the newest `ranked` matches, and whether more matched.
pub struct Searched {
    pub hits: Vec<SearchHit>,
    /// How many claims matched, up to `ranked` (beyond it, `more_matched` says so).
    pub matched: usize,
    pub more_matched: bool,
}

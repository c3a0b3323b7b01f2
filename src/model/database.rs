//! Which database a command uses and why, and what it holds: what `claims info` reports.

use std::path::PathBuf;

/// Why this file is the database in use: the first of `--db`, `CLAIMS_DB`, the default path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChosenBy {
    Flag,
    Env,
    Default,
}

impl ChosenBy {
    /// As JSON gives it: the flag or variable that chose the file, or `default`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChosenBy::Flag => "--db",
            ChosenBy::Env => "CLAIMS_DB",
            ChosenBy::Default => "default",
        }
    }

    /// Whether a person typed the path (so a missing folder is likely a typo), rather than it
    /// being the default, whose folder is made by the first write.
    pub fn typed(self) -> bool {
        self != ChosenBy::Default
    }
}

/// The database in use, whether or not it exists yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseInUse {
    pub path: PathBuf,
    pub chosen_by: ChosenBy,
    pub folder_exists: bool,
    /// `None` while there is no file at `path`.
    pub contents: Option<DatabaseContents>,
    /// The schema version this binary writes (and upgrades older files to).
    pub current_schema_version: i64,
}

/// What an existing database file holds. Claims, statements and sources are the live ones (an
/// undone add is left out, a retracted statement counts); events are the whole history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseContents {
    pub schema_version: i64,
    pub size_bytes: u64,
    /// The write-ahead log beside the file (`-wal`): changes not yet copied into it.
    pub wal_bytes: u64,
    pub claims: u64,
    pub statements: u64,
    pub sources: u64,
    pub events: u64,
}

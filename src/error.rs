//! One error type for the whole crate. Each variant means something to a user, and its message
//! says what to do next: `main` prints it on one line and picks the exit code.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no claim #{0}; 'claims list' shows the claim numbers")]
    ClaimNotFound(crate::model::ClaimId),

    #[error("'{0}' is not a claim number; 'claims list' shows the claim numbers")]
    InvalidClaimNumber(String),

    #[error("no statement #{0}; 'claims show CLAIM' shows the statement numbers")]
    StatementNotFound(crate::model::StatementId),

    #[error("statement #{statement} was already retracted at {at}")]
    AlreadyRetracted {
        statement: crate::model::StatementId,
        at: String,
    },

    #[error(
        "nothing to undo by {actor}: undo takes back your own commands (--actor or \
         CLAIMS_ACTOR says who you are; 'claims log' shows who did what)"
    )]
    NothingToUndo { actor: String },

    #[error("nothing to redo by {actor}: redo applies again the last command you undid")]
    NothingToRedo { actor: String },

    #[error("no command of {actor}'s {given}; 'claims undo --list' shows their ids")]
    NoSuchCommand { actor: String, given: String },

    #[error("'{0}' starts several commands' ids; give more of it ('claims undo --list')")]
    AmbiguousCommand(String),

    #[error(
        "cannot {verb}: a later command depends on it ({kind}{}, by {actor} at {at}, command \
         {command}); {verb} that one first, or leave it",
        claim.map(|c| format!(" on claim #{c}")).unwrap_or_default()
    )]
    LaterCommandDepends {
        verb: &'static str,
        /// The kind of the later command's change that names what would be taken back.
        kind: &'static str,
        claim: Option<crate::model::ClaimId>,
        actor: String,
        at: String,
        command: String,
    },

    #[error(
        "the stored tables differ from a rebuild from the events in {count} place{}, listed on stdout",
        if *count == 1 { "" } else { "s" }
    )]
    RebuildDiffers { count: usize },

    #[error("no source #{0}; 'claims sources' shows the source numbers")]
    SourceNumberNotFound(crate::model::SourceId),

    #[error("no source is called '{0}'; 'claims sources' lists them")]
    SourceNotFound(String),

    #[error("'{name}' matches several sources: {}; give the full name or an alias", candidates.join(", "))]
    AmbiguousSource {
        name: String,
        candidates: Vec<String>,
    },

    #[error("'{name}' already names source #{id} ({existing}); choose another name or alias")]
    SourceNameTaken {
        name: String,
        id: crate::model::SourceId,
        existing: String,
    },

    #[error("invalid date '{0}': use YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] (UTC) or RFC 3339")]
    InvalidDate(String),

    #[error(
        "invalid date '{0}': use YYYY-MM-DD, YYYY-MM-DD HH:MM (local time), RFC 3339, today, \
         yesterday, now, a weekday (monday) or a time ago (3d, 2h ago, 90m)"
    )]
    InvalidTypedDate(String),

    #[error("{0} must not be empty")]
    Empty(&'static str),

    #[error("claim #{claim} has no tag '{tag}'; its tags are shown by 'claims show {claim}'")]
    TagNotFound { claim: i64, tag: String },

    #[error("{0}")]
    Invalid(String),

    #[error(
        "'{0}' is not a remote: give a postgres:// or postgresql:// URL, such as postgresql://reporter@db.example.org/desk"
    )]
    NotARemote(String),

    #[error(
        "the remote's URL holds a password ({url}), which claims never stores: give the URL without it, and the password through PGPASSWORD or a password file (~/.pgpass, or PGPASSFILE)"
    )]
    RemotePassword { url: String },

    #[error(
        "no remote to sync with: 'claims remote set postgresql://USER@HOST/DATABASE' sets one (or CLAIMS_REMOTE)"
    )]
    NoRemote,

    #[error("no {what} has a uuid starting {prefix}; 'claims list --format json' shows uuids")]
    NoSuchUuid { what: &'static str, prefix: String },

    #[error("several {what}s have a uuid starting {prefix}; give more of it")]
    AmbiguousUuid { what: &'static str, prefix: String },

    #[error("cannot sync with {url}: {reason}")]
    Remote { url: String, reason: String },

    #[error("line {line}: {message}; nothing was imported")]
    Import { line: u64, message: String },

    #[error("nothing to change: {0}")]
    NothingToChange(String),

    #[error(
        "{} has schema version {found}, newer than this claims knows ({known}); upgrade claims to open it",
        path.display()
    )]
    SchemaTooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },

    #[error("{} is not a claims database ({reason}); give another path with --db", path.display())]
    NotAClaimsDatabase { path: PathBuf, reason: String },

    #[error(
        "{} holds triggers that claims did not make, which would run inside its every write: {}; drop them (sqlite3 FILE 'DROP TRIGGER name') or give another path with --db",
        path.display(),
        names.join(", ")
    )]
    ForeignTriggers { path: PathBuf, names: Vec<String> },

    #[error(
        "database {} was replaced or removed (a restore?) while this command ran; nothing was written: run the command again",
        path.display()
    )]
    DatabaseReplaced { path: PathBuf },

    #[error("cannot open database {}: {reason}", path.display())]
    CannotOpen { path: PathBuf, reason: String },

    #[error(
        "database {} is read-only here and {what}: get write access to the file and its folder, or copy it somewhere you can write and pass --db",
        path.display()
    )]
    ReadOnly { path: PathBuf, what: String },

    #[error(
        "{} is not a fresh database (it has held claims); the demo needs one: give a new path with --db, or none",
        path.display()
    )]
    DemoNeedsFreshDatabase { path: PathBuf },

    #[error("cannot find a home for the database: set CLAIMS_DB or give --db PATH")]
    NoDataDir,

    #[error(
        "no database at {}: the folder {} does not exist; check the path {}",
        path.display(),
        folder.display(),
        if *from_env { "in CLAIMS_DB" } else { "given to --db" }
    )]
    NoDatabaseFolder {
        path: PathBuf,
        folder: PathBuf,
        from_env: bool,
    },

    #[error("database error: {}", with_hint(.0))]
    Sqlite(#[from] rusqlite::Error),

    #[error("{0}")]
    Io(#[from] std::io::Error),

    #[error("json error: {0}")]
    Json(#[from] serde_json::Error),

    #[error("statement #{statement} is on claim #{claim} already; give the claim to move it to")]
    StatementOnClaimAlready {
        statement: crate::model::StatementId,
        claim: crate::model::ClaimId,
    },

    #[error("cannot merge source #{merged} into #{into}: {reason}")]
    MergeRefused {
        merged: crate::model::SourceId,
        into: crate::model::SourceId,
        reason: String,
    },

    #[error("source #{id} was merged into #{into} ({into_name}); name #{into} instead")]
    SourceWasMerged {
        id: crate::model::SourceId,
        into: crate::model::SourceId,
        into_name: String,
    },

    #[error(
        "'{name}' describes an anonymous source, which answers only to its number: name it as {}",
        numbers.join(" or ")
    )]
    AnonymousByName { name: String, numbers: Vec<String> },
    #[error("claim #{claim} was merged into #{into}; use #{into} ('claims show {claim}' shows it)")]
    ClaimMerged {
        claim: crate::model::ClaimId,
        into: crate::model::ClaimId,
    },

    #[error("claim #{0} is removed; 'claims restore {0}' brings it back first")]
    ClaimDismissed(crate::model::ClaimId),

    #[error("cannot merge claim #{0} into itself; give the claim to merge, then the one it joins")]
    MergeIntoItself(crate::model::ClaimId),
}

/// SQLite's message, with what to do about it where there is something to do.
fn with_hint(error: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode::*;
    let hint = match error.sqlite_error_code() {
        Some(DatabaseCorrupt | NotADatabase) => {
            "the database file is damaged: restore it from a backup, or save what can still be read with `sqlite3 FILE .recover | sqlite3 NEW.db`"
        }
        Some(DiskFull | SystemIoFailure) if let Some(limit) = file_size_limit() => {
            return format!(
                "file too large: a write went past this process's file-size limit of {limit} bytes (ulimit -f) and nothing was written; raise the limit and run the command again"
            );
        }
        Some(DiskFull) => "the disk is full: free some space and run the command again",
        Some(DatabaseBusy | DatabaseLocked) => {
            "another process kept the database busy too long: run the command again"
        }
        Some(SystemIoFailure) => "reading or writing the file failed: check the disk",
        _ => return error.to_string(),
    };
    format!("{error}; {hint}")
}

/// The file-size limit of this process (`ulimit -f`, RLIMIT_FSIZE), if it has one. A write that
/// fails under such a limit is told apart by it: SQLite reports a write cut short at the limit as
/// a full disk, and one that starts past it as an I/O error.
fn file_size_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit only writes the struct it is given.
        let known = unsafe { libc::getrlimit(libc::RLIMIT_FSIZE, &mut limit) } == 0;
        (known && limit.rlim_cur != libc::RLIM_INFINITY).then_some(limit.rlim_cur)
    }
    #[cfg(not(unix))]
    {
        None
    }
}

impl Error {
    /// A closed pipe on stdout (`claims list | head -1`) ends the program quietly.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

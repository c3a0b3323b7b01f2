//! The one place that speaks SQL. `Store::open` sets the pragmas and migrates; reads are plain
//! functions over a connection; every change goes through `Store::write`, which runs it in one
//! IMMEDIATE transaction together with the events that record it.

mod apply;
mod backup;
mod claim_merges;
mod derive;
mod export;
mod ids;
mod import;
mod inspect;
mod mend;
mod read;
mod rebuild;
mod resolve;
mod schema;
mod search;
mod sync;
mod types;
mod undo;
mod write;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, FileControl, OpenFlags, OptionalExtension, TransactionBehavior};

pub use backup::restore;
pub use export::ExportFilter;
pub use inspect::inspect;
pub use mend::StatementChanges;
pub use read::ClaimFilter;
pub use resolve::{Match, SourceRef};
pub use schema::{APPLICATION_ID, MIGRATIONS, Migration, SCHEMA_VERSION, migrate};
pub use search::RANKED_AT_MOST;
pub use undo::UndoTarget;
pub use write::{
    ClaimChanges, NewClaim, NewSource, NewStatement, NewVerdict, SourceChanges, Writer,
};

use crate::model::{
    ClaimDetail, ClaimId, ClaimRow, Event, Notice, RebuildCheck, Searched, Similar, SourceDetail,
    SourceId, SourceRecord, Stamp, Status,
};
use crate::{Error, Result};

/// How long a command waits for another writer before giving up. Several terminals and
/// scripts share one database; each write is short, so a generous wait costs nothing.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

pub struct Store {
    conn: Connection,
    /// Set when the file could only be opened for reading (no write access to it or to its
    /// folder): reads work, `write` refuses with a clear error.
    read_only: Option<PathBuf>,
    /// The file written, checked at every write to be still the one at its path: a restore
    /// (or the removal of a database that failed to be made) swaps the file under the commands
    /// that have it open, and their writes must not land in the file set aside.
    file: Option<PathBuf>,
    created: Option<Created>,
    /// Set once a write commits to a file that syncs after every write (`sync.auto`): read in
    /// the write's own transaction, so that the command need not open the file again to ask
    /// (`Store::note_auto_sync`).
    auto_sync: Option<Arc<AtomicBool>>,
}

/// A database file this process made, and the folders it made for it (outermost first).
#[derive(Clone, Debug)]
pub struct Created {
    pub path: PathBuf,
    pub file: bool,
    pub folders: Vec<PathBuf>,
}

impl Created {
    /// Removes the file, if nobody has logged anything in it (another process may have opened
    /// it meanwhile), and the folders made for it, if empty. Best effort: this runs after an
    /// error, which is what the user is told about.
    pub fn discard(&self) {
        if self.file {
            remove_if_nothing_logged(&self.path);
        }
        for folder in self.folders.iter().rev() {
            let _ = std::fs::remove_dir(folder);
        }
    }
}

/// The missing folders above `path`, made, outermost first.
fn make_parents(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut missing = Vec::new();
    let mut folder = path.parent();
    while let Some(dir) = folder.filter(|d| !d.as_os_str().is_empty()) {
        if dir.exists() {
            break;
        }
        missing.push(dir.to_path_buf());
        folder = dir.parent();
    }
    missing.reverse();
    for (made, dir) in missing.iter().enumerate() {
        if let Err(e) = std::fs::create_dir(dir)
            && !(e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir())
        {
            for dir in missing[..made].iter().rev() {
                let _ = std::fs::remove_dir(dir);
            }
            return Err(e);
        }
    }
    Ok(missing)
}

/// Removes the database at `path` with its -wal, -shm and -journal if it holds no event (no
/// schema at all, or an empty history). Asked under the write lock, and acted on under it: a
/// writer waiting for the lock then finds its file gone (`Store::write` checks) instead of
/// writing into a removed file.
fn remove_if_nothing_logged(path: &Path) {
    let remove = || {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(with_suffix(path, suffix));
        }
    };
    // One page at most and no WAL: the schema table alone, no room for an event. Decided from
    // the bytes, because SQLite may be unable to open it at all (the limit that made the
    // creation fail holds for this process still).
    let no_wal = std::fs::metadata(with_suffix(path, "-wal"))
        .map(|m| m.len() == 0)
        .unwrap_or(true);
    if no_wal && at_most_one_page(path) {
        return remove();
    }
    let Ok(conn) = Connection::open_with_flags(
        never_a_uri(path),
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) else {
        return;
    };
    // Closing must not remove a -wal or -shm by name: by then they may be another file's.
    let mut persist = 1;
    let empty = conn
        .busy_timeout(BUSY_TIMEOUT)
        .and_then(|()| conn.pragma_update(None, "trusted_schema", false))
        .and_then(|()| {
            conn.file_control(
                Some(rusqlite::MAIN_DB),
                FileControl::PersistWal(&mut persist),
            )
        })
        .and_then(|()| conn.execute_batch("BEGIN IMMEDIATE"))
        .and_then(|()| {
            conn.query_row(
                "SELECT NOT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'events')
                     OR NOT EXISTS (SELECT 1 FROM events)",
                [],
                |row| row.get::<_, bool>(0),
            )
        })
        .unwrap_or(false);
    if empty {
        remove();
    }
}

/// What a write produced, and what the user should be told about it on stderr.
pub struct Written<T> {
    pub value: T,
    pub notices: Vec<Notice>,
}

impl Store {
    /// Opens (creating if needed) the database at `path`, refusing a file that is not a claims
    /// database or whose schema is newer than this binary, before anything is written to it.
    /// A database this call created, and the folders it made for it, are removed again when it
    /// cannot be made ready (a file-size limit, a full disk): nothing is left behind.
    pub fn open(path: &Path) -> Result<Store> {
        if path.is_dir() {
            return Err(Error::CannotOpen {
                path: path.into(),
                reason: "it is a directory".into(),
            });
        }
        // A device or a pipe (`--db /dev/null`): SQLite would make its journal beside it.
        if path.metadata().is_ok_and(|m| !m.is_file()) {
            return Err(Error::CannotOpen {
                path: path.into(),
                reason: "it is not a regular file; give the path of a database file".into(),
            });
        }
        let mut created = Created {
            path: path.into(),
            file: false,
            folders: make_parents(path).map_err(|e| cannot_open(path, &e))?,
        };
        // Made here rather than by SQLite, so that this process knows the file is its own: only
        // then may it remove the file again. Any other failure is SQLite's to explain below.
        created.file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .is_ok();
        match Store::open_file(path) {
            Ok(mut store) => {
                store.created = (created.file || !created.folders.is_empty()).then_some(created);
                Ok(store)
            }
            Err(error) => {
                created.discard();
                Err(error)
            }
        }
    }

    /// Whether this store's file was created by this process (with the folders made for it).
    /// Sets `noted` once a write commits to this file while it syncs after every write.
    pub fn note_auto_sync(&mut self, noted: Arc<AtomicBool>) {
        self.auto_sync = Some(noted);
    }

    pub fn created(&self) -> Option<&Created> {
        self.created.as_ref()
    }

    fn open_file(path: &Path) -> Result<Store> {
        // No SQLite URI: the bundled SQLite reads any name starting with `file:` as one, so that
        // `--db 'file:notes?mode=memory'` was a database in memory. A relative path is given as
        // `./NAME`, which is never a URI: `--db` is always the path of a file.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(never_a_uri(path), flags)
            .map_err(|e| cannot_open(path, &e))?;
        // SQLite opens a write-protected file for reading without a word: such a file, or one in
        // a folder where the WAL's files cannot be made, is opened for reading only.
        if conn.is_readonly(rusqlite::MAIN_DB)? {
            drop(conn);
            return Store::open_read_only(path);
        }
        match Store::prepare(conn, path) {
            Err(Error::CannotOpen { .. }) if path.is_file() && !writable(path) => {
                Store::open_read_only(path)
            }
            Ok(mut store) => {
                store.file = Some(path.into());
                Ok(store)
            }
            other => other,
        }
    }

    /// Opens an existing database that this process may not write, as it is: no WAL switch,
    /// no migration. Where no `-shm` file can be made beside it, SQLite is told the file is
    /// immutable (nothing else will change it while it is read), as it cannot see other
    /// processes' writes then anyway.
    fn open_read_only(path: &Path) -> Result<Store> {
        let Some(plain) = path.to_str() else {
            return Err(cannot_open(
                path,
                &"its name is not UTF-8 and it is read-only",
            ));
        };
        let mut last = None;
        for options in ["mode=ro", "mode=ro&immutable=1"] {
            let uri = format!("file:{}?{options}", uri_escaped(plain));
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI;
            let conn =
                Connection::open_with_flags(&uri, flags).map_err(|e| cannot_open(path, &e))?;
            conn.busy_timeout(BUSY_TIMEOUT)?;
            conn.pragma_update(None, "trusted_schema", false)?;
            match schema::check(&conn, path) {
                Err(e @ Error::CannotOpen { .. }) => {
                    last = Some(e);
                    continue;
                }
                Err(e) => return Err(e),
                Ok(()) => {}
            }
            let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
            if version < schema::READABLE_FROM {
                return Err(Error::ReadOnly {
                    path: path.into(),
                    what: format!(
                        "it has schema version {version} and must be upgraded to {SCHEMA_VERSION} before it is read"
                    ),
                });
            }
            return Ok(Store {
                conn,
                read_only: Some(path.into()),
                file: None,
                created: None,
                auto_sync: None,
            });
        }
        Err(last.unwrap_or_else(|| cannot_open(path, &"it cannot be read")))
    }

    /// A private database in memory, for tests and for rebuilding.
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        Store::prepare(conn, Path::new(":memory:"))
    }

    fn prepare(conn: Connection, path: &Path) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // An import runs a few dozen distinct statements per row: keep them all prepared.
        conn.set_prepared_statement_cache_capacity(128);
        // Plan each statement once: otherwise SQLite marks statements whose parameters could
        // change the plan, and rusqlite's cache (which clears bindings) has them compiled again
        // at every use, a third of an import's time.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        // Nothing in a file's schema (a view, a trigger, a default, a CHECK) may call a function
        // with side effects: the file may come from anyone.
        conn.pragma_update(None, "trusted_schema", false)?;
        // Look before touching: switching to WAL rewrites the header, so a refused file must be
        // turned away by read-only checks first. Until then, closing must not checkpoint: a
        // foreign file in WAL mode would have its log folded into it. (A -wal made by this very
        // read is empty: closing a refused file may fold it in, nothing, and remove it with its
        // -shm when no other process has the file open, as SQLite always does.)
        let had_wal = with_suffix(path, "-wal").exists();
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
        if let Err(refused) = schema::check(&conn, path) {
            if !had_wal {
                conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false)?;
            }
            return Err(refused);
        }
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        // Switching to WAL does not wait on a busy database as other statements do: several
        // processes opening a new file at once retry it, up to the same timeout.
        let started = std::time::Instant::now();
        let mode: String = loop {
            match conn.pragma_update_and_check(None, "journal_mode", "wal", |row| row.get(0)) {
                Err(e)
                    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                        && started.elapsed() < BUSY_TIMEOUT =>
                {
                    std::thread::sleep(Duration::from_millis(5));
                }
                result => break result.map_err(|e| not_a_database_or(path, e))?,
            }
        };
        if mode != "wal" && mode != "memory" {
            return Err(Error::CannotOpen {
                path: path.into(),
                reason: format!("cannot switch it to WAL (journal mode stays {mode})"),
            });
        }
        schema::migrate(&conn, path, MIGRATIONS)?;
        Ok(Store {
            conn,
            read_only: None,
            file: None,
            created: None,
            auto_sync: None,
        })
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// An IMMEDIATE transaction on a file that may be written (`what`: why it was to be, for
    /// the error of a read-only one) and is still the one at its path.
    pub(super) fn begin_write(&mut self, what: &str) -> Result<rusqlite::Transaction<'_>> {
        if let Some(path) = &self.read_only {
            return Err(Error::ReadOnly {
                path: path.clone(),
                what: what.into(),
            });
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(path) = &self.file
            && has_moved(&tx)?
        {
            return Err(Error::DatabaseReplaced { path: path.clone() });
        }
        Ok(tx)
    }

    /// Runs `change` in one IMMEDIATE transaction as `actor`; the change appends its events
    /// through the `Writer`. Any error rolls everything back: data and events alike.
    pub fn write<T>(
        &mut self,
        actor: &str,
        change: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<Written<T>> {
        let noted = self.auto_sync.clone();
        let tx = self.begin_write("this command writes to it")?;
        let mut writer = Writer::new(tx, actor);
        let value = change(&mut writer)?;
        let auto_sync = match &noted {
            Some(_) => writer.syncs_after_writes()?,
            None => false,
        };
        let notices = writer.commit()?;
        if auto_sync && let Some(noted) = noted {
            noted.store(true, Ordering::Relaxed);
        }
        Ok(Written { value, notices })
    }

    /// Runs `read` in one read transaction, so that all its queries see one snapshot: a claim
    /// and its statements, or a whole export, never half of a write committed meanwhile (each
    /// query outside a transaction sees the database as it is when it starts).
    fn reading<T>(&self, read: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        if !self.conn.is_autocommit() {
            return read(&self.conn);
        }
        let tx = self.conn.unchecked_transaction()?;
        let value = read(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Runs several reads as one: every read inside `reads` sees the same snapshot, so counts
    /// taken first agree with the rows read after them, whatever other processes write.
    pub fn snapshot<T>(&self, reads: impl FnOnce() -> Result<T>) -> Result<T> {
        self.reading(|_| reads())
    }

    pub fn claim(&self, id: ClaimId) -> Result<ClaimDetail> {
        self.reading(|conn| read::claim_detail(conn, id, None))
    }

    /// A claim as it stood at `as_of` (stored-form timestamp), or now; for a claim merged into
    /// another, the other (`ClaimDetail::merged_from` says so).
    pub fn claim_as_of(&self, id: ClaimId, as_of: Option<&Stamp>) -> Result<ClaimDetail> {
        self.reading(|conn| read::claim_shown(conn, id, as_of))
    }

    pub fn list_claims(&self, filter: &ClaimFilter) -> Result<Vec<ClaimRow>> {
        self.reading(|conn| read::list_claims(conn, filter))
    }

    /// Every claim `filter` keeps, one at a time, in one read transaction.
    pub fn each_claim(
        &self,
        filter: &ClaimFilter,
        each: &mut dyn FnMut(ClaimRow) -> Result<()>,
    ) -> Result<()> {
        self.reading(|conn| read::each_claim(conn, filter, each))
    }

    pub fn sources(&self) -> Result<Vec<SourceDetail>> {
        self.reading(|conn| read::sources(conn, None))
    }

    /// Every live source with its track record, one at a time, in one read transaction.
    pub fn each_source(&self, each: &mut dyn FnMut(SourceDetail) -> Result<()>) -> Result<()> {
        self.reading(|conn| read::each_source(conn, None, each))
    }

    pub fn source(&self, id: SourceId) -> Result<SourceDetail> {
        self.reading(|conn| read::source_detail(conn, id))
    }

    /// A source and every statement it made.
    pub fn source_record(&self, id: SourceId) -> Result<SourceRecord> {
        self.reading(|conn| {
            Ok(SourceRecord {
                source: read::source_detail(conn, id)?,
                statements: read::statements_by(conn, id)?,
            })
        })
    }

    /// The source a typed name stands for, if any; several candidates are an error.
    pub fn find_source(&self, query: &str) -> Result<Option<SourceRef>> {
        self.reading(|conn| resolve::find(conn, query, Match::Loose))
    }

    /// The history, newest first, gathered whole: for the unit tests (commands stream it).
    #[cfg(test)]
    pub fn events(&self, claim: Option<ClaimId>, limit: Option<usize>) -> Result<Vec<Event>> {
        self.reading(|conn| read::events(conn, claim, limit))
    }

    /// The history, newest first, one event at a time, in one read transaction.
    pub fn each_event(
        &self,
        claim: Option<ClaimId>,
        limit: Option<usize>,
        each: &mut dyn FnMut(Event) -> Result<()>,
    ) -> Result<()> {
        self.reading(|conn| read::each_event(conn, claim, limit, each))
    }

    /// Rebuilds every table from the events, in memory, and compares.
    pub fn rebuild_check(&self) -> Result<RebuildCheck> {
        self.reading(rebuild::check)
    }

    /// The claims matching the words of `query`, best first.
    pub fn search(&self, query: &str, limit: usize) -> Result<Searched> {
        self.reading(|conn| search::search(conn, query, limit, RANKED_AT_MOST))
    }

    /// The live claims reading most like `text` (leaving out `except`), with a similarity of
    /// at least `min_score`.
    pub fn similar(
        &self,
        text: &str,
        except: Option<ClaimId>,
        min_score: f64,
        limit: usize,
    ) -> Result<Vec<Similar>> {
        self.reading(|conn| search::similar(conn, text, except, min_score, limit))
    }

    /// Settings for one large write (an import): a page cache of up to 64 MiB, so that the
    /// indexes it touches stay in memory.
    pub fn for_bulk(&self) -> Result<()> {
        self.conn.pragma_update(None, "cache_size", -65536)?;
        Ok(())
    }

    /// A setting kept in the database.
    pub fn config(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM config WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()?)
    }

    /// Every line of a JSON Lines export, in order, to `each`.
    pub fn export_lines(
        &self,
        filter: &ExportFilter,
        each: &mut dyn FnMut(crate::interchange::Line) -> Result<()>,
    ) -> Result<()> {
        self.reading(|conn| export::lines(conn, filter, each))
    }

    /// The live claims an export holds, one at a time, with their statements.
    pub fn export_claims(
        &self,
        filter: &ExportFilter,
        each: &mut dyn FnMut(ClaimDetail) -> Result<()>,
    ) -> Result<()> {
        self.reading(|conn| export::claims(conn, filter, each))
    }

    /// How many live claims an export holds with each status, in `Status::ALL` order.
    pub fn export_status_counts(&self, filter: &ExportFilter) -> Result<Vec<(Status, u64)>> {
        self.reading(|conn| export::status_counts(conn, filter))
    }

    /// How many live claims an export holds.
    pub fn export_count(&self, filter: &ExportFilter) -> Result<u64> {
        self.reading(|conn| export::count(conn, filter))
    }

    pub fn claim_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM claims", [], |row| row.get(0))?)
    }
}

/// Whether this process may write the file and make the WAL's files beside it (asked only
/// after SQLite could not open it: the folder is tried with a probe file, removed at once).
fn writable(path: &Path) -> bool {
    let file = std::fs::OpenOptions::new().append(true).open(path).is_ok();
    let folder = path.parent().map(|p| {
        if p.as_os_str().is_empty() {
            Path::new(".")
        } else {
            p
        }
    });
    let probe = folder.map(|f| f.join(format!(".claims-probe-{}", std::process::id())));
    let folder = probe.is_some_and(|probe| {
        let made = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&probe)
            .is_ok();
        if made {
            let _ = std::fs::remove_file(&probe);
        }
        made
    });
    file && folder
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Whether a database file is at most its first page long (the page size is in its header).
fn at_most_one_page(path: &Path) -> bool {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let mut header = [0u8; 18];
    let Ok(len) = file.metadata().map(|m| m.len()) else {
        return false;
    };
    if len < header.len() as u64 {
        return true;
    }
    if file.read_exact(&mut header).is_err() {
        return false;
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65536,
        size => u64::from(size),
    };
    len <= page_size
}

/// Whether the file this connection has open is no longer the one at its path (renamed or
/// removed since it was opened): SQLite asks the file descriptor itself.
fn has_moved(conn: &Connection) -> Result<bool> {
    #[cfg(unix)]
    {
        let mut moved = 0;
        conn.file_control(Some(rusqlite::MAIN_DB), FileControl::HasMoved(&mut moved))?;
        Ok(moved != 0)
    }
    #[cfg(not(unix))]
    {
        let _ = conn;
        Ok(false)
    }
}

/// `path` as SQLite must be given it so that it is never read as a URI: SQLite reads a name that
/// starts with `file:` as one (bundled SQLite is built with URIs on), whatever the open flags.
fn never_a_uri(path: &Path) -> PathBuf {
    if path.is_relative() {
        Path::new(".").join(path)
    } else {
        path.to_path_buf()
    }
}

/// A path as the file name of an SQLite URI: `%`, `?` and `#` would otherwise be read as URI
/// syntax.
fn uri_escaped(path: &str) -> String {
    path.replace('%', "%25")
        .replace('?', "%3f")
        .replace('#', "%23")
}

fn cannot_open(path: &Path, error: &dyn std::fmt::Display) -> Error {
    Error::CannotOpen {
        path: PathBuf::from(path),
        reason: error.to_string(),
    }
}

/// SQLite says "file is not a database" (SQLITE_NOTADB) at the first read of a foreign file.
fn not_a_database_or(path: &Path, error: rusqlite::Error) -> Error {
    match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => Error::NotAClaimsDatabase {
            path: path.into(),
            reason: "not a SQLite file".into(),
        },
        Some(
            rusqlite::ErrorCode::ReadOnly
            | rusqlite::ErrorCode::CannotOpen
            | rusqlite::ErrorCode::PermissionDenied,
        ) => cannot_open(path, &error),
        _ => Error::Sqlite(error),
    }
}

#[cfg(test)]
mod tests;

//! Backups and restores of whole database files. A backup is SQLite's online backup API, copying
//! one read snapshot while other commands go on writing (in WAL mode they are not blocked). A
//! restore swaps files under the write lock of the database in use, keeping the one it replaces
//! (with its -wal and -shm, which belong to it) under another name: copying a backup over a
//! database and leaving its -wal beside it would have SQLite replay that stale log into the
//! backup, silently.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::backup::{Backup, StepResult};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, FileControl, OpenFlags};

use super::{BUSY_TIMEOUT, Store, make_parents, never_a_uri, schema, with_suffix};
use crate::model::{BackupMade, Restored};
use crate::{Error, Result};

/// The files SQLite keeps beside a database, which go wherever it goes.
const SIDE_FILES: [&str; 3] = ["-wal", "-shm", "-journal"];

/// `path` with `.NAME.tag-PID` as its file name: a scratch file beside it, on its filesystem.
fn scratch_beside(path: &Path, tag: &str) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    path.with_file_name(format!(".{name}.{tag}-{}", std::process::id()))
}

fn remove_with_side_files(path: &Path) {
    let _ = std::fs::remove_file(path);
    for suffix in SIDE_FILES {
        let _ = std::fs::remove_file(with_suffix(path, suffix));
    }
}

/// Puts `from` at `to` only if nothing is there: a link cannot replace a file, unlike a rename.
fn place_new(from: &Path, to: &Path) -> Result<()> {
    match std::fs::hard_link(from, to) {
        Ok(()) => {
            std::fs::remove_file(from)?;
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(already_exists(to)),
        // A filesystem without hard links: the check and the rename are not one step there.
        Err(_) if !to.exists() => Ok(std::fs::rename(from, to)?),
        Err(_) => Err(already_exists(to)),
    }
}

fn already_exists(path: &Path) -> Error {
    Error::Invalid(format!(
        "{} already exists; a backup never overwrites a file: give a new file name",
        path.display()
    ))
}

fn quick_check(conn: &Connection, path: &Path) -> Result<()> {
    let verdict: String = conn.query_row("PRAGMA quick_check", [], |row| row.get(0))?;
    if verdict != "ok" {
        return Err(Error::Invalid(format!(
            "{} fails SQLite's integrity check ({verdict}); nothing was changed",
            path.display()
        )));
    }
    Ok(())
}

fn live_claims(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM claims WHERE removed_at IS NULL",
        [],
        |row| row.get(0),
    )?)
}

impl Store {
    /// Copies this database (`database` is its path, for the report) into a new file `to`:
    /// one read snapshot, written beside `to`, checked, and linked into place when whole.
    pub fn backup(&self, database: &Path, to: &Path) -> Result<BackupMade> {
        if to.symlink_metadata().is_ok() {
            return Err(already_exists(to));
        }
        let partial = scratch_beside(to, "backup");
        remove_with_side_files(&partial);
        let made = self.backup_into(&partial, to);
        remove_with_side_files(&partial);
        let claims = made?;
        Ok(BackupMade {
            database: database.display().to_string(),
            backup: to.display().to_string(),
            claims,
            bytes: std::fs::metadata(to)?.len(),
        })
    }

    fn backup_into(&self, partial: &Path, to: &Path) -> Result<i64> {
        let mut copy = Connection::open_with_flags(
            never_a_uri(partial),
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| Error::Invalid(format!("cannot write {}: {e}", to.display())))?;
        {
            let backup = Backup::new(&self.conn, &mut copy)?;
            // All pages in one step: one read transaction, hence one consistent snapshot, which
            // in WAL mode blocks no writer. (Copying in small steps restarts whenever another
            // process writes, and may never end on a busy database.)
            let started = Instant::now();
            loop {
                match backup.step(-1)? {
                    StepResult::Done => break,
                    StepResult::More => {}
                    StepResult::Busy | StepResult::Locked if started.elapsed() < BUSY_TIMEOUT => {
                        std::thread::sleep(Duration::from_millis(5));
                    }
                    _ => {
                        return Err(Error::Invalid(
                            "the database stayed locked too long to be copied: run the backup again"
                                .into(),
                        ));
                    }
                }
            }
        }
        quick_check(&copy, to)?;
        let claims = live_claims(&copy)?;
        copy.close().map_err(|(_, e)| e)?;
        std::fs::File::open(partial)?.sync_all()?;
        place_new(partial, to)?;
        Ok(claims)
    }
}

/// Puts the claims database `from` in place of the one at `target`, and returns what it did.
pub fn restore(target: &Path, from: &Path) -> Result<Restored> {
    let metadata = std::fs::metadata(from)
        .map_err(|e| Error::Invalid(format!("cannot read {}: {e}", from.display())))?;
    if !metadata.is_file() {
        return Err(Error::Invalid(format!(
            "{} is not a file: give the path of a backup",
            from.display()
        )));
    }
    if same_file(from, target) {
        return Err(Error::Invalid(format!(
            "{} is the database in use: give the path of a backup",
            from.display()
        )));
    }
    // Changes committed to `from` but still in its own log would be lost in a copy of it alone.
    if std::fs::metadata(with_suffix(from, "-wal")).is_ok_and(|m| m.len() > 0) {
        return Err(Error::Invalid(format!(
            "{} has a -wal file beside it, which may hold changes the file itself lacks: open it once with 'claims --db FILE list' to fold them in, then restore",
            from.display()
        )));
    }
    let folders = make_parents(target).map_err(|e| super::cannot_open(target, &e))?;
    let staged = scratch_beside(target, "restoring");
    let result = stage(from, &staged).and_then(|claims| swap(target, &staged, claims, from));
    remove_with_side_files(&staged);
    if result.is_err() {
        for folder in folders.iter().rev() {
            let _ = std::fs::remove_dir(folder);
        }
    }
    result
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// A copy of `from` at `staged`, opened as any database is (refused if it is not a claims
/// database, upgraded if it is an older one), checked whole; returns its live claims.
fn stage(from: &Path, staged: &Path) -> Result<i64> {
    remove_with_side_files(staged);
    std::fs::copy(from, staged)
        .map_err(|e| Error::Invalid(format!("cannot copy {}: {e}", from.display())))?;
    let store = Store::open(staged).map_err(|e| naming(e, staged, from))?;
    quick_check(store.connection(), from)?;
    let claims = live_claims(store.connection())?;
    // Closed here: its -wal is folded in and removed, so the staged file stands alone.
    drop(store);
    Ok(claims)
}

/// An error about the staged copy, told about the file the user named.
fn naming(error: Error, staged: &Path, from: &Path) -> Error {
    match error {
        Error::NotAClaimsDatabase { reason, .. } => Error::NotAClaimsDatabase {
            path: from.into(),
            reason,
        },
        Error::SchemaTooNew { found, known, .. } => Error::SchemaTooNew {
            path: from.into(),
            found,
            known,
        },
        Error::ForeignTriggers { names, .. } => Error::ForeignTriggers {
            path: from.into(),
            names,
        },
        Error::CannotOpen { reason, .. } => Error::CannotOpen {
            path: from.into(),
            reason: reason.replace(&staged.display().to_string(), &from.display().to_string()),
        },
        other => other,
    }
}

/// The swap: the database in use (with its -wal, -shm, -journal) renamed aside and the staged
/// copy renamed into its place, while this process holds its write lock, so that no write is
/// half in the old file. A command that had the old file open and writes after the swap finds
/// it moved and fails (`Store::write`), rather than writing into the file set aside.
fn swap(target: &Path, staged: &Path, claims: i64, from: &Path) -> Result<Restored> {
    let lock = lock(target)?;
    // The side files move first and the database last: killed in between, the database is still
    // in place and its log is kept aside under the new name. The other order could leave a -wal
    // with no database beside it, which SQLite deletes when the next command makes a new file.
    let present: Vec<&str> = SIDE_FILES
        .into_iter()
        .chain(std::iter::once(""))
        .filter(|suffix| with_suffix(target, suffix).exists())
        .collect();
    let kept = (!present.is_empty()).then(|| aside_name(target));
    let mut moved: Vec<(PathBuf, PathBuf)> = Vec::new();
    let undo = |moved: &[(PathBuf, PathBuf)]| {
        for (was, now) in moved.iter().rev() {
            let _ = std::fs::rename(now, was);
        }
    };
    if let Some(kept) = &kept {
        for suffix in &present {
            let (was, now) = (with_suffix(target, suffix), with_suffix(kept, suffix));
            if let Err(e) = std::fs::rename(&was, &now) {
                undo(&moved);
                return Err(Error::Invalid(format!(
                    "cannot move {} aside: {e}; nothing was changed",
                    was.display()
                )));
            }
            moved.push((was, now));
        }
    }
    if let Err(e) = place_new(staged, target) {
        undo(&moved);
        return Err(e);
    }
    drop(lock);
    if let Some(kept) = &kept {
        tidy(kept);
    }
    Ok(Restored {
        database: target.display().to_string(),
        restored_from: from.display().to_string(),
        kept_as: kept.map(|k| k.display().to_string()),
        claims,
    })
}

/// Lets SQLite remove the -wal and -shm set aside with the replaced database when the log holds
/// nothing (the usual case): it does so on closing when no other process has the file open.
/// A log with frames in it is left as it is, with the file it belongs to.
fn tidy(kept: &Path) {
    let wal = with_suffix(kept, "-wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        return;
    }
    if let Ok(conn) = Connection::open_with_flags(
        never_a_uri(kept),
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) {
        let _ = conn.pragma_update(None, "trusted_schema", false);
        let _ = conn.query_row("PRAGMA schema_version", [], |row| row.get::<_, i64>(0));
    }
}

/// `NAME.before-restore-<UTC time>`, beside `target`, a name not yet taken.
fn aside_name(target: &Path) -> PathBuf {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let time = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let mut kept = target.with_file_name(format!("{name}.before-restore-{time}"));
    let mut n = 1;
    while std::iter::once("")
        .chain(SIDE_FILES)
        .any(|suffix| with_suffix(&kept, suffix).exists())
    {
        n += 1;
        kept = target.with_file_name(format!("{name}.before-restore-{time}-{n}"));
    }
    kept
}

/// Whether the file's own header (without any -wal) carries claims' application id.
fn marked_on_disk(path: &Path) -> bool {
    use std::io::Read;
    let mut header = [0u8; 72];
    std::fs::File::open(path)
        .and_then(|mut file| file.read_exact(&mut header))
        .is_ok_and(|()| header[68..72] == schema::APPLICATION_ID.to_be_bytes())
}

/// The write lock of the database at `target`, held by a connection that, when dropped, neither
/// checkpoints nor removes the -wal and -shm by name (by then they belong to the file set aside,
/// under other names, and the names to the restored file). `None` when there is nothing to lock:
/// no file, or one too damaged for SQLite to open (what a restore is often for). A SQLite file
/// of another program is refused: restore replaces only a claims database.
fn lock(target: &Path) -> Result<Option<Connection>> {
    if !target.exists() {
        return Ok(None);
    }
    let conn = Connection::open_with_flags(
        never_a_uri(target),
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| super::cannot_open(target, &e))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "trusted_schema", false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
    let mut persist = 1;
    conn.file_control(
        Some(rusqlite::MAIN_DB),
        FileControl::PersistWal(&mut persist),
    )?;
    if let Err(e) = conn.execute_batch("BEGIN IMMEDIATE") {
        return match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt) => {
                Ok(None)
            }
            _ => Err(e.into()),
        };
    }
    match schema::check_snapshot(&conn, target) {
        // The file itself may be ours while a stale -wal beside it makes it read as another's:
        // its own header decides then.
        Err(Error::NotAClaimsDatabase { reason, .. })
            if !reason.starts_with("not a SQLite") && !marked_on_disk(target) =>
        {
            Err(Error::Invalid(format!(
                "{} is not a claims database ({reason}): restore replaces only a claims database; give its path with --db",
                target.display()
            )))
        }
        _ => Ok(Some(conn)),
    }
}

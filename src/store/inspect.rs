//! What `claims info` reads from a database file: its size, schema version and counts. It looks
//! without touching: nothing is created, migrated or switched to WAL, so an older file is
//! reported at the version it has.

use std::path::{Path, PathBuf};

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};

use super::{BUSY_TIMEOUT, cannot_open, never_a_uri, schema, with_suffix};
use crate::model::DatabaseContents;
use crate::{Error, Result};

/// The contents of the database at `path`, or `None` when there is no file there. A file that
/// is not a claims database is refused as every command refuses it.
pub fn inspect(path: &Path) -> Result<Option<DatabaseContents>> {
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(cannot_open(path, &e)),
    };
    if metadata.is_dir() {
        return Err(Error::CannotOpen {
            path: path.into(),
            reason: "it is a directory".into(),
        });
    }
    if !metadata.is_file() {
        return Err(Error::CannotOpen {
            path: path.into(),
            reason: "it is not a regular file; give the path of a database file".into(),
        });
    }
    // Opened for writing where it may be (without creating), though nothing is written: a
    // connection opened read-only leaves the WAL's `-wal` and `-shm` files behind it, one
    // that may write removes them as it closes, as every other command does.
    let mut last = None;
    for flags in [
        OpenFlags::SQLITE_OPEN_READ_WRITE,
        OpenFlags::SQLITE_OPEN_READ_ONLY,
    ] {
        match Connection::open_with_flags(
            never_a_uri(path),
            flags | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| cannot_open(path, &e))
        .and_then(|conn| contents(conn, path, &metadata))
        {
            Err(e @ Error::CannotOpen { .. }) => last = Some(e),
            other => return other.map(Some),
        }
    }
    Err(last.unwrap_or_else(|| cannot_open(path, &"it cannot be read")))
}

fn contents(
    conn: Connection,
    path: &Path,
    metadata: &std::fs::Metadata,
) -> Result<DatabaseContents> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "trusted_schema", false)?;
    // Closing must never fold a log that was already there into the file: that would change a
    // foreign file's bytes before it is refused (or a claims file's, which `info` only reads).
    // A log this read made is empty, and goes away on close as it always does.
    let had_wal = with_suffix(path, "-wal").exists();
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, had_wal)?;
    schema::check(&conn, path)?;
    // One read transaction: the counts are of one moment, even while another process writes.
    let tx = conn.unchecked_transaction()?;
    let schema_version: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let contents = DatabaseContents {
        schema_version,
        size_bytes: metadata.len(),
        wal_bytes: std::fs::metadata(wal_path(path)).map_or(0, |m| m.len()),
        claims: live_rows(&tx, "claims")?,
        statements: live_rows(&tx, "statements")?,
        sources: live_rows(&tx, "sources")?,
        events: live_rows(&tx, "events")?,
    };
    tx.commit()?;
    Ok(contents)
}

/// The rows of `table` not removed by an undo. A file of schema 1 has no removal marks, and an
/// empty new file no tables at all.
fn live_rows(conn: &Connection, table: &'static str) -> Result<u64> {
    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info(?1)")?
        .query_map([table], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if columns.is_empty() {
        return Ok(0);
    }
    let live = if columns.iter().any(|c| c == "removed_at") {
        " WHERE removed_at IS NULL"
    } else {
        ""
    };
    let count: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}{live}"), [], |row| {
        row.get(0)
    })?;
    Ok(count as u64)
}

fn wal_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

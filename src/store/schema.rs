//! Migrations: plain SQL files in `migrations/`, applied in order by a `PRAGMA user_version`
//! loop, each in its own IMMEDIATE transaction. A landed migration is never edited.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use super::not_a_database_or;
use crate::{Error, Result};

/// One step of the schema: its SQL, and what must be computed in Rust in the same transaction
/// (derived columns that SQL cannot fill).
///
/// A Rust step runs today's code against the schema of its own step. 0002's regrade writes
/// every derived column `store::derive` knows: a later migration that adds a derived column
/// must move that regrade after itself (or give 0002 a frozen copy), or upgrades from schema 1
/// will write a column that does not exist yet. The upgrade test from schema 1 catches it.
pub struct Migration {
    pub sql: &'static str,
    pub then: Option<fn(&Connection) -> Result<()>>,
}

/// Every migration, in order; the schema version is the number of migrations applied.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        sql: include_str!("../../migrations/0001_init.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("../../migrations/0002_evidence.sql"),
        then: Some(super::derive::recompute_all),
    },
    Migration {
        sql: include_str!("../../migrations/0003_interchange.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("../../migrations/0004_checks.sql"),
        then: Some(bump_schema_version),
    },
    Migration {
        sql: include_str!("../../migrations/0005_application_id.sql"),
        then: Some(mark_as_claims),
    },
    Migration {
        sql: include_str!("../../migrations/0006_names.sql"),
        then: Some(renormalise_names),
    },
    Migration {
        sql: include_str!("../../migrations/0007_list_orders.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("../../migrations/0008_mend_claims.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("../../migrations/0009_source_merge.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("../../migrations/0010_sync.sql"),
        then: Some(super::Store::fill_field_edits),
    },
];

/// `PRAGMA application_id` of every claims database: the bytes of "CLMS". Set when a file is
/// created and by migration 0005 on older files; a file with another id is never ours.
pub const APPLICATION_ID: i32 = i32::from_be_bytes(*b"CLMS");

/// The last schema version that did not set [`APPLICATION_ID`]: an unmarked file at a version up
/// to this one may be an old claims database, and is recognised by its tables.
const UNMARKED_UP_TO: i64 = 4;

/// Migration 0005: the mark, from the one constant.
fn mark_as_claims(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    Ok(())
}

/// 0006's Rust part: the keys of names and aliases in normalisation form C, and every source's
/// skeleton. Only keys that change are rewritten. Two sources whose names differed only in how
/// an accent was encoded would now share a key: the later one keeps its old key (it is still
/// reached by its number) rather than the upgrade failing. About 10 s of work for a million
/// sources, hence the progress bar.
fn renormalise_names(conn: &Connection) -> Result<()> {
    use crate::model::{name_key, name_skeleton};
    let total: i64 = conn.query_row("SELECT count(*) FROM sources", [], |row| row.get(0))?;
    let progress = crate::progress::progress(total as u64, "comparing source names");
    let mut sources = conn.prepare("SELECT id, name, name_key FROM sources ORDER BY id")?;
    let mut set_key = conn.prepare("UPDATE OR IGNORE sources SET name_key = ?2 WHERE id = ?1")?;
    let mut set_skeleton = conn.prepare("UPDATE sources SET name_skeleton = ?2 WHERE id = ?1")?;
    let mut rows = sources.query([])?;
    while let Some(row) = rows.next()? {
        let (id, name, key): (i64, String, String) = (row.get(0)?, row.get(1)?, row.get(2)?);
        let normalised = name_key(&name);
        if normalised != key {
            set_key.execute(rusqlite::params![id, normalised])?;
        }
        set_skeleton.execute(rusqlite::params![id, name_skeleton(&name)])?;
        progress.inc(1);
    }
    progress.finish_and_clear();
    // Read whole before rewriting: the key is part of the alias table's primary key.
    let aliases: Vec<(i64, String, String)> = conn
        .prepare("SELECT source_id, alias, alias_key FROM source_aliases")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut set_alias = conn.prepare(
        "UPDATE OR IGNORE source_aliases SET alias_key = ?3 WHERE source_id = ?1 AND alias_key = ?2",
    )?;
    for (id, alias, key) in aliases {
        let normalised = name_key(&alias);
        if normalised != key {
            set_alias.execute(rusqlite::params![id, key, normalised])?;
        }
    }
    Ok(())
}

/// The end of 0004's edit of table definitions: raise `schema_version`, so that every
/// connection reads the definitions again, and turn `writable_schema` off; refuse the step if
/// an IN list is left (a definition whose text was not the one expected).
fn bump_schema_version(conn: &Connection) -> Result<()> {
    let left: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_schema
          WHERE type = 'table' AND name IN ('sources', 'claims', 'statements')
            AND (sql LIKE '%reliability IN (%' OR sql LIKE '%status IN (%'
                 OR sql LIKE '%stance IN (%')",
        [],
        |row| row.get(0),
    )?;
    let version: i64 = conn.pragma_query_value(None, "schema_version", |row| row.get(0))?;
    conn.pragma_update(None, "schema_version", version + 1)?;
    conn.pragma_update(None, "writable_schema", false)?;
    if left > 0 {
        return Err(Error::Invalid(format!(
            "migration 0004 found {left} table definitions not as expected; nothing was changed"
        )));
    }
    Ok(())
}

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The oldest schema this binary reads as it is, where it cannot migrate (a read-only file):
/// 0004 changed only how CHECK constraints are written.
pub const READABLE_FROM: i64 = 3;

/// Read-only checks made before anything is written to a file: is it a SQLite database, is it
/// ours (or empty), is its schema one this binary knows, and does it hold only the triggers
/// claims made? All in one read transaction: another process may be migrating this very file.
pub fn check(conn: &Connection, path: &Path) -> Result<()> {
    let snapshot = conn.unchecked_transaction()?;
    let result = check_snapshot(&snapshot, path);
    // Only reads happened: ending the snapshot cannot lose anything.
    drop(snapshot);
    result
}

pub(super) fn check_snapshot(conn: &Connection, path: &Path) -> Result<()> {
    let (version, id, tables): (i64, i32, i64) = conn
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version),
                    (SELECT application_id FROM pragma_application_id),
                    (SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%')",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .map_err(|e| not_a_database_or(path, e))?;
    let foreign = |reason: &str| Error::NotAClaimsDatabase {
        path: path.into(),
        reason: reason.into(),
    };
    match id {
        APPLICATION_ID if version > SCHEMA_VERSION => {
            return Err(Error::SchemaTooNew {
                path: path.into(),
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        APPLICATION_ID => {}
        0 if version == 0 && tables == 0 => return Ok(()),
        0 if (1..=UNMARKED_UP_TO).contains(&version) => {
            if !shaped_like_claims(conn, version)? {
                return Err(foreign(
                    "it is a SQLite database made by another program: its tables are not the ones claims makes",
                ));
            }
        }
        _ => return Err(foreign("it is a SQLite database made by another program")),
    }
    let strangers = foreign_triggers(conn)?;
    if !strangers.is_empty() {
        return Err(Error::ForeignTriggers {
            path: path.into(),
            names: strangers,
        });
    }
    Ok(())
}

/// Whether an unmarked file at schema `version` has every table that claims made at that
/// version, each with the same columns (names and declared types, in order). The reference is
/// built from the migrations themselves, in memory. Tables of the user's own are allowed.
fn shaped_like_claims(conn: &Connection, version: i64) -> Result<bool> {
    let reference = Connection::open_in_memory()?;
    migrate(
        &reference,
        Path::new(":memory:"),
        &MIGRATIONS[..version as usize],
    )?;
    let tables: Vec<String> = reference
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )?
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let columns = |conn: &Connection, table: &str| -> Vec<(String, String)> {
        // A foreign table of one of our names may be a virtual table of a module we lack:
        // that is a difference, not an error.
        conn.prepare("SELECT name, type FROM pragma_table_info(?1) ORDER BY cid")
            .and_then(|mut stmt| {
                stmt.query_map([table], |row| Ok((row.get(0)?, row.get(1)?)))?
                    .collect()
            })
            .unwrap_or_default()
    };
    Ok(tables
        .iter()
        .all(|table| columns(conn, table) == columns(&reference, table)))
}

/// The names of the triggers in the file that claims did not make (by name and text): they
/// would run inside every write. Sorted by name.
fn foreign_triggers(conn: &Connection) -> Result<Vec<String>> {
    let own = own_triggers();
    let found: Vec<(String, Option<String>)> = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(found
        .into_iter()
        .filter(|(name, sql)| {
            !own.iter()
                .any(|(own_name, own_sql)| own_name == name && Some(*own_sql) == sql.as_deref())
        })
        .map(|(name, _)| name)
        .collect())
}

/// Every trigger the migrations create, as `(name, text)`, the text as SQLite keeps it: from
/// `CREATE TRIGGER` to its `END`, without the semicolon.
pub(super) fn own_triggers() -> Vec<(&'static str, &'static str)> {
    let mut own = Vec::new();
    for migration in MIGRATIONS {
        let mut rest = migration.sql;
        while let Some(start) = rest.find("CREATE TRIGGER ") {
            let from = &rest[start..];
            let Some(end) = from.find("\nEND") else {
                break;
            };
            let text = &from[..end + "\nEND".len()];
            let name = text["CREATE TRIGGER ".len()..]
                .split_whitespace()
                .next()
                .unwrap_or_default();
            own.push((name, text));
            rest = &from[end..];
        }
    }
    own
}

/// Applies `migrations[user_version..]`. The version is read again inside each transaction,
/// so two processes opening a new database at once apply each step exactly once.
pub fn migrate(conn: &Connection, path: &Path, migrations: &[Migration]) -> Result<()> {
    let known = migrations.len() as i64;
    // An up-to-date database needs no write lock. Every command opens the database through
    // here: taking the lock just to read the version made every reader wait for a long write
    // (a large import) and fail after the busy timeout with "database is locked".
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if version == known {
        return Ok(());
    }
    loop {
        let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        let version: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
        if version > known {
            return Err(Error::SchemaTooNew {
                path: path.into(),
                found: version,
                known,
            });
        }
        if version == known {
            return Ok(());
        }
        let step = &migrations[version as usize];
        if version == 0 {
            // Marked from its first commit: a file being created is ours to every other process.
            mark_as_claims(&tx)?;
        }
        tx.execute_batch(step.sql)?;
        if let Some(then) = step.then {
            then(&tx)?;
        }
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
}

/// The indexes that only the lists, their orders, the duplicate check and the sources' pages
/// read: nothing an import applies looks a row up by them (a sheet excepted, which
/// finds a claim by its text). An import into an empty database
/// drops them at its start and makes them again, from the same SQL, once its claims are
/// graded: one sort of the finished rows, instead of an entry written as each claim comes in
/// and moved again when it is graded. Both happen in the import's transaction, so a refused
/// import leaves them as they were.
const MADE_AFTER_IMPORT: &[&str] = &[
    "claims_by_status",
    "claims_by_activity",
    "claims_by_credibility",
    "claims_by_text",
    "claims_by_created",
    "claims_by_happened",
    "claim_tags_by_tag",
    "statements_by_source",
    "statements_by_via",
    "statements_by_citing",
];

/// Drops the indexes `MADE_AFTER_IMPORT` names but those the import reads as it goes
/// (`read`), and gives the SQL that makes them again.
pub(super) fn drop_for_import(conn: &Connection, read: &[&str]) -> Result<Vec<String>> {
    let mut made = Vec::new();
    for name in MADE_AFTER_IMPORT.iter().filter(|name| !read.contains(name)) {
        let sql: Option<String> = conn
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?1",
                [name],
                |row| row.get(0),
            )
            .optional()?;
        if let Some(sql) = sql {
            conn.execute_batch(&format!("DROP INDEX \"{name}\""))?;
            made.push(sql);
        }
    }
    Ok(made)
}

/// Makes again the indexes `drop_for_import` dropped.
pub(super) fn make_after_import(conn: &Connection, made: &[String]) -> Result<()> {
    if made.is_empty() {
        return Ok(());
    }
    // SQLite sorts an index's entries in memory up to the size of the page cache before it
    // writes a sorted run out: with the cache full, that would be the cache's size again. A
    // smaller limit while the indexes are made keeps an import's memory near its cache.
    let cache: i64 = conn.query_row("PRAGMA main.cache_size", [], |row| row.get(0))?;
    conn.pragma_update(Some("main"), "cache_size", -16384)?;
    for sql in made {
        conn.execute_batch(sql)?;
    }
    conn.pragma_update(Some("main"), "cache_size", cache)?;
    Ok(())
}

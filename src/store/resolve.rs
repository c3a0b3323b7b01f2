//! Which source a typed name stands for: the one place names are resolved. Two modes, named
//! for who uses them: `Match::Loose`, what a person types on the command line (`#N`, an exact
//! name or alias, else a unique start of a word of a name), and `Match::Exact`, what a sheet or
//! an imported file says (a name or alias exactly, case and accents aside). Which kind a new
//! source gets, and which sources answer to names at all, is a rule of the model
//! (`model::new_source_kind`, `SourceKind::answers_to_names`).

use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::model::{
    SourceId, SourceKind, matches_whole_words, matches_word_prefix, name_key, name_skeleton,
};
use crate::{Error, Result};

/// How a typed name is matched to a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// The command line's: `#N`, an exact name or alias, else a unique word prefix.
    Loose,
    /// A sheet's and an import's: a name or alias exactly (compared as `name_key`s).
    Exact,
}

/// The source `query` stands for in `mode`, if any.
pub fn find(conn: &Connection, query: &str, mode: Match) -> Result<Option<SourceRef>> {
    match mode {
        Match::Loose => find_source(conn, query),
        Match::Exact => source_named(conn, &name_key(query)),
    }
}

/// Enough of a source to refer to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRef {
    pub id: SourceId,
    pub uuid: String,
    pub name: String,
    pub kind: SourceKind,
}

impl SourceRef {
    pub(super) fn from_row(row: &Row<'_>) -> rusqlite::Result<SourceRef> {
        Ok(SourceRef {
            id: row.get("id")?,
            uuid: row.get("uuid")?,
            name: row.get("name")?,
            kind: row.get("kind")?,
        })
    }

    fn described(&self) -> String {
        format!("{} (#{})", self.name, self.id)
    }
}

/// Resolves a typed source name (docs/rules.md; issue 2): `#N` is source number N; an exact name or
/// alias, case-insensitive, is that source; else a unique match on the start of a word of a
/// name. Anonymous sources answer only to their number: they are never merged by name.
fn find_source(conn: &Connection, query: &str) -> Result<Option<SourceRef>> {
    if let Some(number) = query.trim().strip_prefix('#')
        && let Ok(id) = number.parse::<i64>()
    {
        let found = conn
            .query_row(
                "SELECT id, uuid, name, kind FROM sources WHERE id = ?1 AND removed_at IS NULL",
                [id],
                SourceRef::from_row,
            )
            .optional()?
            .ok_or(Error::SourceNumberNotFound(SourceId(id)))?;
        // A merged source's number still answers: for the source it was merged into.
        return Ok(Some(merged_into(conn, found.id)?.unwrap_or(found)));
    }
    let key = name_key(query);
    if key.is_empty() {
        return Err(Error::Empty("a source name"));
    }
    // Each branch states its partial index's own condition, so that each is an index search:
    // the sources table grows by one row with every anonymous statement.
    let mut exact = conn.prepare_cached(
        "SELECT id, uuid, name, kind FROM sources
          WHERE name_key = ?1 AND kind NOT IN ('anonymous', 'desk') AND removed_at IS NULL
            AND merged_into IS NULL
         UNION
         SELECT id, uuid, name, kind FROM sources
          WHERE name_key = ?1 AND kind = 'desk' AND removed_at IS NULL
         UNION
         SELECT s.id, s.uuid, s.name, s.kind
           FROM source_aliases a JOIN sources s ON s.id = a.source_id
          WHERE a.alias_key = ?1 AND s.removed_at IS NULL AND s.merged_into IS NULL
         ORDER BY id",
    )?;
    let mut found = exact
        .query_map([&key], SourceRef::from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if !found.is_empty() {
        // An actor's desk may share a name with a named source: the named source wins.
        if found.iter().any(|s| s.kind != SourceKind::Desk) {
            found.retain(|s| s.kind != SourceKind::Desk);
        }
        return one_of(query, found);
    }
    // Word prefixes are looked for among named sources only, by a scan of their partial index
    // (a desk answers to its exact name).
    let mut partial = conn.prepare_cached(
        "SELECT id, uuid, name, kind FROM sources
          WHERE id IN (SELECT id FROM sources
                        WHERE kind NOT IN ('anonymous', 'desk') AND removed_at IS NULL
                          AND instr(name_key, ?1) > 0)
            AND merged_into IS NULL
          ORDER BY id",
    )?;
    let found = partial
        .query_map([&key], SourceRef::from_row)?
        .filter(|source| {
            source
                .as_ref()
                .map_or(true, |s| matches_word_prefix(&s.name, query))
        })
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if found.is_empty() {
        return Ok(None);
    }
    one_of(query, found)
}

fn one_of(query: &str, mut found: Vec<SourceRef>) -> Result<Option<SourceRef>> {
    if found.len() == 1 {
        return Ok(found.pop());
    }
    Err(Error::AmbiguousSource {
        name: query.trim().to_string(),
        candidates: found.iter().map(SourceRef::described).collect(),
    })
}

/// The desk of an actor: the source behind statements recorded without `--by`.
pub fn find_desk(conn: &Connection, actor: &str) -> Result<Option<SourceRef>> {
    Ok(conn
        .query_row(
            "SELECT id, uuid, name, kind FROM sources
              WHERE name_key = ?1 AND kind = 'desk' AND removed_at IS NULL",
            [name_key(actor)],
            SourceRef::from_row,
        )
        .optional()?)
}

/// Which source, if any, already answers to `key` as a name or an alias.
pub fn source_named(conn: &Connection, key: &str) -> Result<Option<SourceRef>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, uuid, name, kind FROM sources
              WHERE name_key = ?1 AND kind NOT IN ('anonymous', 'desk') AND removed_at IS NULL
                AND merged_into IS NULL
             UNION
             SELECT s.id, s.uuid, s.name, s.kind
               FROM source_aliases a JOIN sources s ON s.id = a.source_id
              WHERE a.alias_key = ?1 AND s.removed_at IS NULL AND s.merged_into IS NULL
             LIMIT 1",
        )?
        .query_row([key], SourceRef::from_row)
        .optional()?)
}

/// Another source that answers to its name and whose name looks like `name` (the same
/// confusable skeleton), the oldest if several: one lookup in `sources_by_skeleton`.
pub fn source_looking_like(
    conn: &Connection,
    name: &str,
    except: SourceId,
) -> Result<Option<SourceRef>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, uuid, name, kind FROM sources
              WHERE name_skeleton = ?1 AND kind NOT IN ('anonymous', 'desk') AND removed_at IS NULL
                AND id <> ?2 AND merged_into IS NULL
              ORDER BY id LIMIT 1",
        )?
        .query_row(params![name_skeleton(name), except], SourceRef::from_row)
        .optional()?)
}

/// The source `source` was merged into, if it was: followed to the last of a chain (a source
/// merged into one that was merged in turn).
pub fn merged_into(conn: &Connection, source: SourceId) -> Result<Option<SourceRef>> {
    let mut found: Option<SourceRef> = None;
    let mut at = source;
    // A chain is as long as the sources are many at most; a loop cannot be made (a merge
    // refuses a merged source on either side), but a damaged file must not hang a read.
    for _ in 0..64 {
        let next: Option<SourceRef> = conn
            .prepare_cached(
                "SELECT t.id, t.uuid, t.name, t.kind FROM sources s
                   JOIN sources t ON t.uuid = s.merged_into
                  WHERE s.id = ?1",
            )?
            .query_row([at], SourceRef::from_row)
            .optional()?;
        match next {
            Some(next) => {
                at = next.id;
                found = Some(next);
            }
            None => break,
        }
    }
    Ok(found)
}

/// The anonymous sources described by `query` (anonymous sources answer only to their number):
/// what to tell someone who typed the description.
pub fn anonymous_described(conn: &Connection, query: &str) -> Result<Vec<SourceRef>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, uuid, name, kind FROM sources
              WHERE name_key = ?1 AND kind = 'anonymous' AND removed_at IS NULL
                AND merged_into IS NULL
              ORDER BY id LIMIT 5",
        )?
        .query_map([name_key(query)], SourceRef::from_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// Whether `query` found `found` by the start of a word only: not `#N`, not its whole name,
/// not an alias, and not the whole of a run of its words (`model::matches_whole_words`).
pub fn by_part_of_a_word(conn: &Connection, query: &str, found: &SourceRef) -> Result<bool> {
    let key = name_key(query);
    if query.trim().starts_with('#') || key == name_key(&found.name) {
        return Ok(false);
    }
    let alias = conn
        .prepare_cached("SELECT 1 FROM source_aliases WHERE source_id = ?1 AND alias_key = ?2")?
        .exists(params![found.id, key])?;
    Ok(!alias && !matches_whole_words(&found.name, query))
}

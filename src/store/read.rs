//! Queries. Each takes a plain connection so that the writer can ask the same questions inside
//! its transaction.

use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter, types::Value};

use crate::model::{
    ClaimDetail, ClaimRow, Event, SourceDetail, SourceKind, StatementDetail, Status, SummaryEntry,
    matches_word_prefix, name_key,
};
use crate::{Error, Result};

/// Which claims `list` shows; every filter narrows.
#[derive(Debug, Default, Clone)]
pub struct ClaimFilter {
    pub statuses: Vec<Status>,
    pub tag: Option<String>,
    pub source: Option<i64>,
    /// Stored-form timestamp: claims whose last activity is at or after it.
    pub since: Option<String>,
    pub limit: Option<usize>,
}

/// Enough of a source to refer to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRef {
    pub id: i64,
    pub uuid: String,
    pub name: String,
    pub kind: SourceKind,
}

impl SourceRef {
    fn from_row(row: &Row<'_>) -> rusqlite::Result<SourceRef> {
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

pub fn tags_of(conn: &Connection, claim: i64) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT tag FROM claim_tags WHERE claim_id = ?1 ORDER BY tag")?;
    let tags = stmt.query_map([claim], |row| row.get(0))?;
    Ok(tags.collect::<rusqlite::Result<_>>()?)
}

pub fn claim_detail(conn: &Connection, id: i64) -> Result<ClaimDetail> {
    let mut claim = conn
        .query_row(
            "SELECT id, uuid, text, status, summary, happened, note, created_at, last_activity
               FROM claims WHERE id = ?1",
            [id],
            |row| {
                Ok(ClaimDetail {
                    id: row.get("id")?,
                    uuid: row.get("uuid")?,
                    text: row.get("text")?,
                    status: row.get("status")?,
                    summary: row.get("summary")?,
                    tags: Vec::new(),
                    happened: row.get("happened")?,
                    note: row.get("note")?,
                    created_at: row.get("created_at")?,
                    last_activity: row.get("last_activity")?,
                    statements: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or(Error::ClaimNotFound(id))?;
    claim.tags = tags_of(conn, id)?;
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.uuid, s.stance, src.name AS source, src.kind AS source_kind,
                via.name AS via, cited.name AS citing, s.quote, s.url, s.stated_at,
                s.recorded_at, s.note
           FROM statements s
           JOIN sources src ON src.id = s.source_id
           LEFT JOIN sources via ON via.id = s.via_id
           LEFT JOIN sources cited ON cited.id = s.citing_id
          WHERE s.claim_id = ?1
          ORDER BY s.stated_at, s.id",
    )?;
    let statements = stmt.query_map([id], |row| {
        let source_kind: SourceKind = row.get("source_kind")?;
        Ok(StatementDetail {
            id: row.get("id")?,
            uuid: row.get("uuid")?,
            stance: row.get("stance")?,
            source: row.get("source")?,
            source_kind,
            anonymous: source_kind == SourceKind::Anonymous,
            via: row.get("via")?,
            citing: row.get("citing")?,
            quote: row.get("quote")?,
            url: row.get("url")?,
            stated_at: row.get("stated_at")?,
            recorded_at: row.get("recorded_at")?,
            note: row.get("note")?,
        })
    })?;
    claim.statements = statements.collect::<rusqlite::Result<_>>()?;
    Ok(claim)
}

/// The statements that count towards a claim's status, in time order, as the summary needs them.
pub fn summary_entries(conn: &Connection, claim: i64) -> Result<Vec<SummaryEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.stance, src.name, via.name, cited.name
           FROM statements s
           JOIN sources src ON src.id = s.source_id
           LEFT JOIN sources via ON via.id = s.via_id
           LEFT JOIN sources cited ON cited.id = s.citing_id
          WHERE s.claim_id = ?1 AND s.retracted_at IS NULL
          ORDER BY s.stated_at, s.id",
    )?;
    let entries = stmt.query_map([claim], |row| {
        Ok(SummaryEntry {
            stance: row.get(0)?,
            source: row.get(1)?,
            via: row.get(2)?,
            citing: row.get(3)?,
        })
    })?;
    Ok(entries.collect::<rusqlite::Result<_>>()?)
}

pub fn list_claims(conn: &Connection, filter: &ClaimFilter) -> Result<Vec<ClaimRow>> {
    let mut sql = String::from(
        "SELECT c.id, c.uuid, c.text, c.status, c.summary, c.last_activity,
                (SELECT count(*) FROM statements s WHERE s.claim_id = c.id) AS statements,
                (SELECT json_group_array(tag)
                   FROM (SELECT tag FROM claim_tags t WHERE t.claim_id = c.id ORDER BY tag))
                    AS tags
           FROM claims c
          WHERE 1",
    );
    let mut args: Vec<Value> = Vec::new();
    if !filter.statuses.is_empty() {
        let marks = vec!["?"; filter.statuses.len()].join(", ");
        sql.push_str(&format!(" AND c.status IN ({marks})"));
        args.extend(
            filter
                .statuses
                .iter()
                .map(|s| Value::Text(s.as_str().into())),
        );
    }
    if let Some(tag) = &filter.tag {
        sql.push_str(
            " AND EXISTS (SELECT 1 FROM claim_tags t WHERE t.claim_id = c.id AND t.tag = ?)",
        );
        args.push(Value::Text(tag.clone()));
    }
    if let Some(source) = filter.source {
        sql.push_str(
            " AND EXISTS (SELECT 1 FROM statements s WHERE s.claim_id = c.id AND s.source_id = ?)",
        );
        args.push(Value::Integer(source));
    }
    if let Some(since) = &filter.since {
        sql.push_str(" AND c.last_activity >= ?");
        args.push(Value::Text(since.clone()));
    }
    sql.push_str(" ORDER BY c.last_activity DESC, c.id DESC");
    if let Some(limit) = filter.limit {
        sql.push_str(" LIMIT ?");
        args.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
    }
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(args), |row| {
        let tags: String = row.get("tags")?;
        Ok(ClaimRow {
            id: row.get("id")?,
            uuid: row.get("uuid")?,
            text: row.get("text")?,
            status: row.get("status")?,
            summary: row.get("summary")?,
            tags: serde_json::from_str(&tags).unwrap_or_default(),
            statements: row.get("statements")?,
            last_activity: row.get("last_activity")?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// All sources (or one), with their aliases and statement counts, by number.
pub fn sources(conn: &Connection, only: Option<i64>) -> Result<Vec<SourceDetail>> {
    let mut stmt = conn.prepare_cached(
        "SELECT src.id, src.uuid, src.name, src.kind, src.role, src.affiliation, src.reliability,
                (SELECT count(*) FROM statements s WHERE s.source_id = src.id) AS statements,
                (SELECT json_group_array(alias)
                   FROM (SELECT alias FROM source_aliases a WHERE a.source_id = src.id
                          ORDER BY alias_key)) AS aliases
           FROM sources src
          WHERE ?1 IS NULL OR src.id = ?1
          ORDER BY src.id",
    )?;
    let rows = stmt.query_map([only], |row| {
        let aliases: String = row.get("aliases")?;
        Ok(SourceDetail {
            id: row.get("id")?,
            uuid: row.get("uuid")?,
            name: row.get("name")?,
            kind: row.get("kind")?,
            role: row.get("role")?,
            affiliation: row.get("affiliation")?,
            aliases: serde_json::from_str(&aliases).unwrap_or_default(),
            reliability: row.get("reliability")?,
            statements: row.get("statements")?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn source_detail(conn: &Connection, id: i64) -> Result<SourceDetail> {
    sources(conn, Some(id))?
        .pop()
        .ok_or(Error::SourceNumberNotFound(id))
}

/// Resolves a typed source name (DOMAIN.md; issue 2): `#N` is source number N; an exact name or
/// alias, case-insensitive, is that source; else a unique match on the start of a word of a
/// name. Anonymous sources answer only to their number: they are never merged by name.
pub fn find_source(conn: &Connection, query: &str) -> Result<Option<SourceRef>> {
    if let Some(number) = query.trim().strip_prefix('#')
        && let Ok(id) = number.parse::<i64>()
    {
        return conn
            .query_row(
                "SELECT id, uuid, name, kind FROM sources WHERE id = ?1",
                [id],
                SourceRef::from_row,
            )
            .optional()?
            .map(Some)
            .ok_or(Error::SourceNumberNotFound(id));
    }
    let key = name_key(query);
    if key.is_empty() {
        return Err(Error::Empty("a source name"));
    }
    // Each branch states its partial index's own condition, so that each is an index search:
    // the sources table grows by one row with every anonymous statement.
    let mut exact = conn.prepare_cached(
        "SELECT id, uuid, name, kind FROM sources
          WHERE name_key = ?1 AND kind NOT IN ('anonymous', 'desk')
         UNION
         SELECT id, uuid, name, kind FROM sources WHERE name_key = ?1 AND kind = 'desk'
         UNION
         SELECT s.id, s.uuid, s.name, s.kind
           FROM source_aliases a JOIN sources s ON s.id = a.source_id
          WHERE a.alias_key = ?1
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
                        WHERE kind NOT IN ('anonymous', 'desk') AND instr(name_key, ?1) > 0)
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
            "SELECT id, uuid, name, kind FROM sources WHERE kind = 'desk' AND name_key = ?1",
            [name_key(actor)],
            SourceRef::from_row,
        )
        .optional()?)
}

/// Which source, if any, already answers to `key` as a name or an alias.
pub fn source_named(conn: &Connection, key: &str) -> Result<Option<SourceRef>> {
    Ok(conn
        .query_row(
            "SELECT id, uuid, name, kind FROM sources
              WHERE name_key = ?1 AND kind NOT IN ('anonymous', 'desk')
             UNION
             SELECT s.id, s.uuid, s.name, s.kind
               FROM source_aliases a JOIN sources s ON s.id = a.source_id
              WHERE a.alias_key = ?1
             LIMIT 1",
            [key],
            SourceRef::from_row,
        )
        .optional()?)
}

pub fn events(conn: &Connection, claim: Option<i64>, limit: Option<usize>) -> Result<Vec<Event>> {
    let limit = limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
    let mut stmt = conn.prepare_cached(
        "SELECT uuid, at, actor, kind, payload FROM events
          WHERE ?1 IS NULL OR claim_id = ?1
          ORDER BY id DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![claim, limit], |row| {
        let payload: String = row.get("payload")?;
        Ok((
            Event {
                uuid: row.get("uuid")?,
                at: row.get("at")?,
                actor: row.get("actor")?,
                kind: row.get("kind")?,
                payload: serde_json::Value::Null,
            },
            payload,
        ))
    })?;
    let mut events = Vec::new();
    for row in rows {
        let (mut event, payload) = row?;
        event.payload = serde_json::from_str(&payload)?;
        events.push(event);
    }
    Ok(events)
}

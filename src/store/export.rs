//! Reading the database out, one row at a time, for `export`: every table as the lines of a
//! JSON Lines export (whole, or narrowed to some claims), and the claims one by one for the
//! formats people read. Memory stays that of one row whatever the database's size.

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, Row, params_from_iter};
use serde_json::Value;

use super::read;
use crate::Result;
use crate::interchange::{ClaimLine, ConfigLine, EventLine, Line, SourceLine, StatementLine};
use crate::model::event::Recorded;
use crate::model::{ClaimDetail, Status};

/// Which claims an export holds: all of them (removed ones too, for a lossless copy) when
/// nothing narrows it, else the live claims with the tag and one of the statuses.
#[derive(Debug, Clone, Default)]
pub struct ExportFilter {
    pub tag: Option<String>,
    pub statuses: Vec<Status>,
    /// The formats people read hold the claims removed from lists too (`--include-removed`);
    /// JSON Lines always holds them, and merged ones.
    pub include_removed: bool,
    /// With `include_removed`, the claims merged into others too (a sheet, which says which
    /// claim each joined).
    pub include_merged: bool,
}

impl ExportFilter {
    pub fn is_whole(&self) -> bool {
        self.tag.is_none() && self.statuses.is_empty()
    }

    /// The condition on `claims c` that chooses the claims of a JSON Lines export, with its
    /// arguments. A claim merged into another is chosen with the claim it ended up in (its
    /// statements and their history are that claim's now), whatever its own tags and status.
    fn condition(&self) -> (String, Vec<SqlValue>) {
        if self.is_whole() {
            return ("1".into(), Vec::new());
        }
        let (own, mut args) = self.own_condition("c");
        let (end, end_args) = self.own_condition("i");
        args.extend(end_args);
        (
            format!(
                "(CASE WHEN c.merged_into IS NULL THEN ({own}) ELSE EXISTS (
                    WITH RECURSIVE up(id) AS (
                        SELECT c.merged_into
                        UNION SELECT x.merged_into FROM claims x JOIN up ON x.id = up.id
                               WHERE x.merged_into IS NOT NULL)
                    SELECT 1 FROM up JOIN claims i ON i.id = up.id
                     WHERE i.merged_into IS NULL AND {end}) END)"
            ),
            args,
        )
    }

    /// The condition on the claim `alias` itself, with its arguments.
    fn own_condition(&self, alias: &str) -> (String, Vec<SqlValue>) {
        if self.is_whole() {
            return ("1".into(), Vec::new());
        }
        let mut sql = format!("{alias}.removed_at IS NULL");
        let mut args = Vec::new();
        if let Some(tag) = &self.tag {
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM claim_tags t WHERE t.claim_id = {alias}.id \
                   AND t.tag = ?)"
            ));
            args.push(SqlValue::Text(tag.clone()));
        }
        if !self.statuses.is_empty() {
            let marks = vec!["?"; self.statuses.len()].join(", ");
            sql.push_str(&format!(" AND {alias}.status IN ({marks})"));
            args.extend(
                self.statuses
                    .iter()
                    .map(|s| SqlValue::Text(s.as_str().into())),
            );
        }
        (sql, args)
    }

    /// The condition of the formats people read: live claims, not merged into another (their
    /// statements are the other's), not removed from lists unless asked.
    fn readable(&self) -> (String, Vec<SqlValue>) {
        let (condition, args) = self.own_condition("c");
        let removed = if self.include_removed {
            ""
        } else {
            " AND c.dismissed_at IS NULL"
        };
        let merged = if self.include_removed && self.include_merged {
            ""
        } else {
            " AND c.merged_into IS NULL"
        };
        (
            format!("c.removed_at IS NULL{merged}{removed} AND {condition}"),
            args,
        )
    }
}

fn json_strings(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

/// The columns `claim_line` reads, in its order (read by position: looking each up by name
/// compares it with every column's name, for every row).
macro_rules! claim_columns {
    () => {
        "c.uuid, c.id, c.text,
    (SELECT json_group_array(tag)
       FROM (SELECT tag FROM claim_tags t WHERE t.claim_id = c.id ORDER BY tag)),
    c.happened, c.note, c.created_at, c.last_activity, c.status, c.summary, c.credibility,
    c.verdict, c.verdict_explanation, c.verdict_url, c.verdict_at, c.removed_at,
    (SELECT m.uuid FROM claims m WHERE m.id = c.merged_into), c.dismissed_at, c.dismiss_note"
    };
}

/// The columns `statement_line` reads, in its order, from `statements s` joined to its claim
/// `c` and its sources `src`, `via` and `cited`.
macro_rules! statement_columns {
    () => {
        "s.uuid, s.id, c.uuid, src.uuid, s.stance, via.uuid,
    cited.uuid, s.quote, s.url, s.stated_at, s.recorded_at, s.note, s.reliability,
    s.retracted_at, s.retraction_note, s.removed_at"
    };
}

/// The claims a JSON Lines export holds, as SQL (`ExportFilter::condition`).
struct Chosen {
    whole: bool,
    condition: String,
    args: Vec<SqlValue>,
}

impl Chosen {
    fn new(filter: &ExportFilter) -> Chosen {
        let (condition, args) = filter.condition();
        Chosen {
            whole: filter.is_whole(),
            condition,
            args,
        }
    }

    /// The arguments of `condition`, once for each time it appears in a query.
    fn args(&self, times: usize) -> Vec<SqlValue> {
        (0..times).flat_map(|_| self.args.iter().cloned()).collect()
    }

    /// A source that spoke, carried or was cited on a chosen claim (three times the
    /// condition). A narrowed export tests each row against the chosen claims, one indexed
    /// lookup at a time, rather than gather the chosen ids into sets first: SQLite keeps such
    /// sets (and the sort they made necessary) in memory, which grew with the number of claims
    /// chosen (27 MiB for 70,000 of 250,000 claims; 9 MiB now, as a whole export).
    fn source(&self, source: &str) -> String {
        let said = |column: &str| {
            format!(
                "EXISTS (SELECT 1 FROM statements st JOIN claims c ON c.id = st.claim_id
                          WHERE st.{column} = {source} AND {})",
                self.condition
            )
        };
        format!(
            "({} OR {} OR {})",
            said("source_id"),
            said("via_id"),
            said("citing_id")
        )
    }
}

/// Every line of the JSON Lines export, in order: sources, claims, statements, settings,
/// events. A narrowed export holds the chosen claims, their statements, the sources those
/// name, and the events about them; settings and undo records belong to a whole export only.
pub fn lines(
    conn: &Connection,
    filter: &ExportFilter,
    each: &mut dyn FnMut(Line) -> Result<()>,
) -> Result<()> {
    rows_of(conn, filter, each)?;
    events_of(conn, filter, each)
}

/// Every line of a whole export but its history: sources, claims, statements, settings.
pub(super) fn rows(conn: &Connection, each: &mut dyn FnMut(Line) -> Result<()>) -> Result<()> {
    rows_of(conn, &ExportFilter::default(), each)
}

/// The lines of an export before its history.
fn rows_of(
    conn: &Connection,
    filter: &ExportFilter,
    each: &mut dyn FnMut(Line) -> Result<()>,
) -> Result<()> {
    let chosen = Chosen::new(filter);
    let condition = &chosen.condition;
    let sql = format!(
        "SELECT id, uuid, name, kind, role, affiliation, reliability, created_at, removed_at,
                merged_into, (SELECT json_group_array(alias)
                   FROM (SELECT alias FROM source_aliases a WHERE a.source_id = sources.id
                          ORDER BY alias_key)) AS aliases
           FROM sources {} ORDER BY id",
        if chosen.whole {
            String::new()
        } else {
            format!("WHERE {}", chosen.source("sources.id"))
        }
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(chosen.args(if chosen.whole {
        0
    } else {
        3
    })))?;
    while let Some(row) = rows.next()? {
        each(Line::Source(source_line(row)?))?;
    }

    let sql = format!(
        "SELECT {} FROM claims c WHERE {condition} ORDER BY c.id",
        claim_columns!()
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(chosen.args(if chosen.whole {
        0
    } else {
        1
    })))?;
    while let Some(row) = rows.next()? {
        each(Line::Claim(claim_line(row)?))?;
    }

    let sql = format!(
        "SELECT {}
           FROM statements s
           CROSS JOIN claims c ON c.id = s.claim_id
           JOIN sources src ON src.id = s.source_id
           LEFT JOIN sources via ON via.id = s.via_id
           LEFT JOIN sources cited ON cited.id = s.citing_id
          WHERE {condition} ORDER BY s.id",
        statement_columns!()
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(chosen.args(if chosen.whole {
        0
    } else {
        1
    })))?;
    while let Some(row) = rows.next()? {
        each(Line::Statement(statement_line(row)?))?;
    }

    if chosen.whole {
        let mut stmt = conn.prepare("SELECT key, value FROM config ORDER BY key")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            each(Line::Config(ConfigLine {
                key: row.get(0)?,
                value: row.get(1)?,
            }))?;
        }
    }

    Ok(())
}

/// The history of an export: every event of a whole one; the events about the chosen claims
/// and the sources they name, of a narrowed one.
fn events_of(
    conn: &Connection,
    filter: &ExportFilter,
    each: &mut dyn FnMut(Line) -> Result<()>,
) -> Result<()> {
    let chosen = Chosen::new(filter);
    let condition = &chosen.condition;
    // A narrowed export holds the events about its claims, and those of the sources it holds
    // (a source's own events are about no claim): which source such an event is about is read
    // from its payload, in Rust (no SQL reads a payload), and looked up among the chosen.
    let sql = if chosen.whole {
        "SELECT e.*, c.uuid AS claim FROM events e LEFT JOIN claims c ON c.id = e.claim_id
          ORDER BY e.id"
            .to_string()
    } else {
        format!(
            "SELECT e.*, c.uuid AS claim FROM events e LEFT JOIN claims c ON c.id = e.claim_id
              WHERE EXISTS (SELECT 1 FROM claims c WHERE c.id = e.claim_id AND {condition})
                 OR e.claim_id IS NULL
              ORDER BY e.id"
        )
    };
    let source_sql = format!(
        "SELECT 1 FROM sources src WHERE src.uuid = ?1 AND {}",
        chosen.source("src.id")
    );
    let mut source_chosen = conn.prepare(&source_sql)?;
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(chosen.args(if chosen.whole {
        0
    } else {
        1
    })))?;
    while let Some(row) = rows.next()? {
        if !chosen.whole && row.get::<_, Option<i64>>("claim_id")?.is_none() {
            let recorded = Recorded::parse(
                &row.get::<_, String>("kind")?,
                &row.get::<_, String>("payload")?,
            )?;
            let about = match recorded.change.subject() {
                Some(("source", uuid)) => Some(uuid.to_string()),
                _ => None,
            };
            let Some(uuid) = about else { continue };
            let mut args = vec![SqlValue::Text(uuid)];
            args.extend(chosen.args(3));
            if !source_chosen.exists(params_from_iter(args))? {
                continue;
            }
        }
        each(Line::Event(EventLine {
            uuid: row.get("uuid")?,
            at: row.get("at")?,
            actor: row.get("actor")?,
            kind: row.get("kind")?,
            command: row.get("command")?,
            claim: row.get("claim")?,
            payload: (&serde_json::from_str::<Value>(&row.get::<_, String>("payload")?)?).into(),
        }))?;
    }
    Ok(())
}

/// The line a whole export writes for one row: "source", "claim" or "statement" by uuid,
/// "config" by key.
pub(super) fn line_of(conn: &Connection, kind: &str, key: &str) -> Result<Option<Line>> {
    let sql = match kind {
        "source" => {
            "SELECT id, uuid, name, kind, role, affiliation, reliability, created_at, removed_at,
                    merged_into, (SELECT json_group_array(alias)
                       FROM (SELECT alias FROM source_aliases a WHERE a.source_id = sources.id
                              ORDER BY alias_key)) AS aliases
               FROM sources WHERE uuid = ?1"
        }
        "claim" => concat!(
            "SELECT ",
            claim_columns!(),
            " FROM claims c WHERE c.uuid = ?1"
        ),
        "statement" => {
            concat!(
                "SELECT ",
                statement_columns!(),
                " FROM statements s
               JOIN claims c ON c.id = s.claim_id
               JOIN sources src ON src.id = s.source_id
               LEFT JOIN sources via ON via.id = s.via_id
               LEFT JOIN sources cited ON cited.id = s.citing_id
              WHERE s.uuid = ?1"
            )
        }
        _ => "SELECT key, value FROM config WHERE key = ?1",
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query([key])?;
    let Some(row) = rows.next()? else {
        return Ok(None);
    };
    Ok(Some(match kind {
        "source" => Line::Source(source_line(row)?),
        "claim" => Line::Claim(claim_line(row)?),
        "statement" => Line::Statement(statement_line(row)?),
        _ => Line::Config(ConfigLine {
            key: row.get(0)?,
            value: row.get(1)?,
        }),
    }))
}

fn source_line(row: &Row<'_>) -> Result<SourceLine> {
    Ok(SourceLine {
        uuid: row.get("uuid")?,
        id: row.get("id")?,
        name: row.get("name")?,
        kind: row.get("kind")?,
        role: row.get("role")?,
        affiliation: row.get("affiliation")?,
        aliases: json_strings(&row.get::<_, String>("aliases")?),
        reliability: row.get("reliability")?,
        created_at: row.get("created_at")?,
        removed_at: row.get("removed_at")?,
        merged_into: row.get("merged_into")?,
    })
}

fn claim_line(row: &Row<'_>) -> Result<ClaimLine> {
    Ok(ClaimLine {
        uuid: row.get(0)?,
        id: row.get(1)?,
        text: row.get(2)?,
        tags: json_strings(&row.get::<_, String>(3)?),
        happened: row.get(4)?,
        note: row.get(5)?,
        created_at: row.get(6)?,
        last_activity: row.get(7)?,
        status: row.get(8)?,
        summary: row.get(9)?,
        credibility: row.get(10)?,
        verdict: row.get(11)?,
        verdict_explanation: row.get(12)?,
        verdict_url: row.get(13)?,
        verdict_at: row.get(14)?,
        removed_at: row.get(15)?,
        merged_into: row.get(16)?,
        dismissed_at: row.get(17)?,
        dismiss_note: row.get(18)?,
    })
}

fn statement_line(row: &Row<'_>) -> Result<StatementLine> {
    Ok(StatementLine {
        uuid: row.get(0)?,
        id: row.get(1)?,
        claim: row.get(2)?,
        source: row.get(3)?,
        stance: row.get(4)?,
        via: row.get(5)?,
        citing: row.get(6)?,
        quote: row.get(7)?,
        url: row.get(8)?,
        stated_at: row.get(9)?,
        recorded_at: row.get(10)?,
        note: row.get(11)?,
        reliability: row.get(12)?,
        retracted_at: row.get(13)?,
        retraction_note: row.get(14)?,
        removed_at: row.get(15)?,
    })
}

/// How many live claims the filter chooses (for a progress bar).
pub fn count(conn: &Connection, filter: &ExportFilter) -> Result<u64> {
    let (condition, args) = filter.readable();
    let sql = format!("SELECT count(*) FROM claims c WHERE {condition}");
    let count: i64 = conn.query_row(&sql, params_from_iter(args), |row| row.get(0))?;
    Ok(count.max(0) as u64)
}

/// How many live claims the filter chooses with each status, in `Status::ALL` order (for the
/// story page's filter).
pub fn status_counts(conn: &Connection, filter: &ExportFilter) -> Result<Vec<(Status, u64)>> {
    let (condition, args) = filter.readable();
    let sql = format!(
        "SELECT c.status, count(*) FROM claims c
          WHERE {condition} GROUP BY c.status"
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(args))?;
    let mut counts: Vec<(Status, u64)> = Status::ALL.iter().map(|s| (*s, 0)).collect();
    while let Some(row) = rows.next()? {
        let status: Status = row.get(0)?;
        let count: i64 = row.get(1)?;
        if let Some(entry) = counts.iter_mut().find(|(s, _)| *s == status) {
            entry.1 = count.max(0) as u64;
        }
    }
    Ok(counts)
}

/// The live claims the filter chooses, each with its statements, one at a time, oldest first.
pub fn claims(
    conn: &Connection,
    filter: &ExportFilter,
    each: &mut dyn FnMut(ClaimDetail) -> Result<()>,
) -> Result<()> {
    let (condition, args) = filter.readable();
    let sql = format!("SELECT c.id FROM claims c WHERE {condition} ORDER BY c.id");
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(args))?;
    while let Some(row) = rows.next()? {
        each(read::claim_detail(conn, row.get(0)?, None)?)?;
    }
    Ok(())
}

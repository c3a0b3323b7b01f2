//! Queries. Each takes a plain connection so that the writer can ask the same questions inside
//! its transaction. Rows marked removed (by an undo) are left out everywhere.

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension, params, params_from_iter, types::Value};

use super::derive;
use crate::model::event::{self, Change, Recorded};
use crate::model::{
    Assessment, ClaimDetail, ClaimId, ClaimOrder, ClaimRow, Event, Evidence, Rating, Reliability,
    Removal, STATUS_ORDER, SourceDetail, SourceId, SourceKind, SourceName, SourceStatement, Stamp,
    Stance, StatementDetail, Status, Verdict, assess, origins_among, retracted_by, said_by,
    status_rank, track_record,
};
use crate::{Error, Result};

/// Which claims `list` shows; every filter narrows.
#[derive(Debug, Default, Clone)]
pub struct ClaimFilter {
    pub statuses: Vec<Status>,
    pub tag: Option<String>,
    pub source: Option<SourceId>,
    /// A source: claims with a statement that came through it (`--via`).
    pub via: Option<SourceId>,
    /// Stored-form timestamp: claims whose last activity is at or after it.
    pub since: Option<Stamp>,
    /// Stored-form timestamp: claims with a statement said at or after it.
    pub stated_since: Option<Stamp>,
    /// Credibility grades, inclusive.
    pub credibility: Option<(u8, u8)>,
    pub circular: bool,
    /// Stored-form timestamp: the claims as they stood then.
    pub as_of: Option<Stamp>,
    pub order: ClaimOrder,
    pub limit: Option<usize>,
    /// Claims removed from lists (`claims remove`) too (`list --include-removed`).
    pub include_removed: bool,
}

pub fn tags_of(conn: &Connection, claim: ClaimId) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT tag FROM claim_tags WHERE claim_id = ?1 ORDER BY tag")?;
    let tags = stmt.query_map([claim], |row| row.get(0))?;
    Ok(tags.collect::<rusqlite::Result<_>>()?)
}

fn origins_json(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

/// A claim and its statements; with `as_of`, as they stood then.
pub fn claim_detail(conn: &Connection, id: ClaimId, as_of: Option<&Stamp>) -> Result<ClaimDetail> {
    // Cached: an export reads every claim through here.
    let mut claim = conn
        .prepare_cached(
            "SELECT id, uuid, text, status, summary, credibility, credibility_reason,
                    independent_confirmations, origins, circular, happened, note, created_at,
                    last_activity, verdict, verdict_explanation, verdict_url, verdict_at,
                    dismissed_at, dismiss_note, merged_into
               FROM claims WHERE id = ?1 AND removed_at IS NULL",
        )?
        .query_row([id], |row| {
            let circular: Option<String> = row.get("circular")?;
            let rating: Option<Rating> = row.get("verdict")?;
            let verdict = match rating {
                Some(rating) => Some(Verdict {
                    rating,
                    explanation: row.get("verdict_explanation")?,
                    url: row.get("verdict_url")?,
                    at: row.get("verdict_at")?,
                }),
                None => None,
            };
            Ok(ClaimDetail {
                id: row.get("id")?,
                uuid: row.get("uuid")?,
                text: row.get("text")?,
                status: row.get("status")?,
                summary: row.get("summary")?,
                credibility: row.get("credibility")?,
                credibility_reason: row.get("credibility_reason")?,
                independent_confirmations: row.get("independent_confirmations")?,
                origins: origins_json(&row.get::<_, String>("origins")?),
                circular: circular.is_some(),
                circular_warning: circular,
                tags: Vec::new(),
                happened: row.get("happened")?,
                note: row.get("note")?,
                created_at: row.get("created_at")?,
                last_activity: row.get("last_activity")?,
                verdict,
                statements: Vec::new(),
                merged_from: None,
                merged_into: row.get("merged_into")?,
                removed: row
                    .get::<_, Option<Stamp>>("dismissed_at")?
                    .map(|at| -> rusqlite::Result<Removal> {
                        Ok(Removal {
                            at,
                            actor: String::new(),
                            command: String::new(),
                            note: row.get("dismiss_note")?,
                        })
                    })
                    .transpose()?,
            })
        })
        .optional()?
        .ok_or(Error::ClaimNotFound(id))?;
    if let Some(removal) = &mut claim.removed {
        // Who removed it: the removal recorded at the time it stands from (two colleagues
        // may both have removed it; the earlier stands), else the newest (a restore's undo
        // records one too).
        let by: Option<(String, String)> = conn
            .prepare_cached(
                "SELECT actor, command FROM events WHERE claim_id = ?1 AND kind = ?2
                  ORDER BY at = ?3 DESC, id DESC LIMIT 1",
            )?
            .query_row(
                params![id, event::kinds::CLAIM_DISMISSED, removal.at],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        if let Some((actor, command)) = by {
            (removal.actor, removal.command) = (actor, command);
        }
    }
    claim.tags = tags_of(conn, id)?;
    claim.statements = statements_of(conn, id.0, as_of)?;
    if let Some(as_of) = as_of {
        // A verdict published later was not known then.
        claim.verdict.take_if(|v| v.at.as_str() > as_of.as_ref());
        apply(
            &mut claim,
            assess(&derive::evidence(conn, id.0, Some(as_of))?),
        );
    }
    Ok(claim)
}

/// The claim `show` prints for a number: the claim, or for one merged into another, the claim
/// it was merged into (followed to the end), with `merged_from` saying which was asked for. A
/// merge mends the record: it is followed at every `as_of`.
pub fn claim_shown(conn: &Connection, id: ClaimId, as_of: Option<&Stamp>) -> Result<ClaimDetail> {
    let mut at = id;
    // A claim merged into a claim later merged into another: at most one step per claim.
    for _ in 0..64 {
        let into: Option<i64> = conn
            .prepare_cached("SELECT merged_into FROM claims WHERE id = ?1 AND removed_at IS NULL")?
            .query_row([at], |row| row.get(0))
            .optional()?
            .ok_or(Error::ClaimNotFound(id))?;
        match into {
            Some(into) => at = ClaimId(into),
            None => break,
        }
    }
    let mut claim = claim_detail(conn, at, as_of)?;
    if at != id {
        claim.merged_from = Some(id);
    }
    Ok(claim)
}

/// Puts a fresh assessment (an as-of one) in place of the stored columns.
fn apply(claim: &mut ClaimDetail, assessment: Assessment) {
    claim.status = assessment.status;
    claim.summary = assessment.summary;
    claim.credibility = assessment.credibility.grade;
    claim.credibility_reason = assessment.credibility.reason;
    claim.independent_confirmations = assessment.independent_confirmations as i64;
    claim.origins = assessment.origins;
    claim.circular = assessment.circular.is_some();
    claim.circular_warning = assessment.circular;
}

/// Every statement on a claim that is not undone (with `as_of`: said by then), in time order,
/// each with its effective grade and its origin.
fn statements_of(
    conn: &Connection,
    claim: i64,
    as_of: Option<&Stamp>,
) -> Result<Vec<StatementDetail>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.uuid, s.stance, src.id AS source_id, src.name AS source,
                src.kind AS source_kind, via.id AS via_id, via.name AS via,
                cited.id AS citing_id, cited.name AS citing, s.quote, s.url, s.stated_at,
                s.recorded_at, s.note, s.retracted_at, s.retraction_note,
                coalesce(s.reliability, src.reliability) AS reliability,
                s.reliability AS own_reliability, src.reliability AS source_reliability
           FROM statements s
           JOIN sources src ON src.id = s.source_id
           LEFT JOIN sources via ON via.id = s.via_id
           LEFT JOIN sources cited ON cited.id = s.citing_id
          WHERE s.claim_id = ?1 AND s.removed_at IS NULL
          ORDER BY s.stated_at, s.id",
    )?;
    let mut rows = stmt.query(params![claim])?;
    let (mut details, mut evidence) = (Vec::new(), Vec::new());
    while let Some(row) = rows.next()? {
        // The as-of rule (`model::said_by`, `model::retracted_by`): what was said by then,
        // retracted if the retraction came by then.
        if !said_by(&row.get::<_, Stamp>("stated_at")?, as_of) {
            continue;
        }
        let source_kind: SourceKind = row.get("source_kind")?;
        let retracted_at: Option<Stamp> = row
            .get::<_, Option<Stamp>>("retracted_at")?
            .filter(|at| retracted_by(Some(at), as_of));
        let named = |id: Option<i64>, name: Option<String>| {
            id.zip(name).map(|(id, name)| SourceName {
                id: SourceId(id),
                name,
            })
        };
        let reliability: Reliability = row.get("reliability")?;
        evidence.push(Evidence {
            id: row.get("id")?,
            stance: row.get("stance")?,
            source: SourceName {
                id: row.get("source_id")?,
                name: row.get("source")?,
            },
            reliability,
            via: named(row.get("via_id")?, row.get("via")?),
            citing: named(row.get("citing_id")?, row.get("citing")?),
        });
        details.push(StatementDetail {
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
            retracted: retracted_at.is_some(),
            retraction_note: retracted_at
                .as_ref()
                .map(|_| row.get("retraction_note"))
                .transpose()?
                .flatten(),
            retracted_at,
            reliability,
            own_reliability: row.get("own_reliability")?,
            source_reliability: row.get("source_reliability")?,
            origin: String::new(),
        });
    }
    // Resolved as the grade resolves them: nothing carries a citation once retracted.
    let counting: Vec<bool> = details.iter().map(|d| !d.retracted).collect();
    for (detail, origin) in details.iter_mut().zip(origins_among(&evidence, &counting)) {
        detail.origin = origin.source.name;
    }
    Ok(details)
}

pub fn list_claims(conn: &Connection, filter: &ClaimFilter) -> Result<Vec<ClaimRow>> {
    let mut rows = Vec::new();
    each_claim(conn, filter, &mut |row| {
        rows.push(row);
        Ok(())
    })?;
    Ok(rows)
}

/// The claims `list` shows, handed to `each` one at a time as SQLite reads them: memory stays
/// flat however many claims match.
///
/// Each order is read from an index (migration 0007 adds those for `created` and `happened`),
/// so that `--limit N` reads N rows, not the whole table: `status` walks `claims_by_status` once
/// for each status in turn, `grade` walks `claims_by_credibility`. With `--as-of` the status and
/// grade of then are not stored: those two orders are then sorted in memory.
pub fn each_claim(
    conn: &Connection,
    filter: &ClaimFilter,
    each: &mut dyn FnMut(ClaimRow) -> Result<()>,
) -> Result<()> {
    let mut kept = 0;
    let mut take = |row: ClaimRow| -> Result<bool> {
        if filter.limit.is_some_and(|limit| kept >= limit) {
            return Ok(false);
        }
        kept += 1;
        each(row)?;
        Ok(true)
    };
    match (filter.order, filter.as_of.as_deref()) {
        (ClaimOrder::Status, None) => {
            for status in STATUS_ORDER {
                if !filter.statuses.is_empty() && !filter.statuses.contains(&status) {
                    continue;
                }
                let one = ClaimFilter {
                    statuses: vec![status],
                    ..filter.clone()
                };
                if !claims_in_order(conn, &one, &mut take)? {
                    break;
                }
            }
            Ok(())
        }
        (ClaimOrder::Status | ClaimOrder::Grade, Some(_)) => {
            let mut rows = Vec::new();
            let all = ClaimFilter {
                limit: None,
                ..filter.clone()
            };
            claims_in_order(conn, &all, &mut |row| {
                rows.push(row);
                Ok(true)
            })?;
            // Stable: ties keep the order of activity the query gave.
            match filter.order {
                ClaimOrder::Status => rows.sort_by_key(|row| status_rank(row.status)),
                _ => rows.sort_by_key(|row| row.credibility),
            }
            for row in rows {
                if !take(row)? {
                    break;
                }
            }
            Ok(())
        }
        _ => claims_in_order(conn, filter, &mut take).map(|_| ()),
    }
}

/// One query of [`each_claim`], in `filter.order` (by activity for `status`, which the caller
/// splits by status); `take` says whether it wants more. Returns false once it does not.
fn claims_in_order(
    conn: &Connection,
    filter: &ClaimFilter,
    take: &mut dyn FnMut(ClaimRow) -> Result<bool>,
) -> Result<bool> {
    let (sql, args) = claims_query(filter);
    let as_of = filter.as_of.as_ref();
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(args), |row| {
        let tags: String = row.get("tags")?;
        let circular: Option<String> = row.get("circular")?;
        Ok(ClaimRow {
            id: row.get("id")?,
            uuid: row.get("uuid")?,
            text: row.get("text")?,
            status: row.get("status")?,
            summary: row.get("summary")?,
            credibility: row.get("credibility")?,
            credibility_reason: row.get("credibility_reason")?,
            independent_confirmations: row.get("independent_confirmations")?,
            origins: origins_json(&row.get::<_, String>("origins")?),
            circular: circular.is_some(),
            tags: serde_json::from_str(&tags).unwrap_or_default(),
            statements: row.get("statements")?,
            last_activity: row.get("last_activity")?,
            removed: row.get::<_, Option<String>>("dismissed_at")?.is_some(),
        })
    })?;
    for row in rows {
        let row = match as_of {
            None => row?,
            Some(as_of) => match as_it_stood(conn, row?, filter, as_of)? {
                Some(row) => row,
                None => continue,
            },
        };
        if !take(row)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The SQL of one query of [`claims_in_order`] and its arguments.
pub(super) fn claims_query(filter: &ClaimFilter) -> (String, Vec<Value>) {
    let mut sql = String::from(
        "SELECT c.id, c.uuid, c.text, c.status, c.summary, c.credibility, c.credibility_reason,
                c.independent_confirmations, c.origins, c.circular, c.last_activity,
                c.dismissed_at,
                (SELECT count(*) FROM statements s
                  WHERE s.claim_id = c.id AND s.removed_at IS NULL
                    AND s.retracted_at IS NULL) AS statements,
                (SELECT json_group_array(tag)
                   FROM (SELECT tag FROM claim_tags t WHERE t.claim_id = c.id ORDER BY tag))
                    AS tags
           FROM claims c
          WHERE c.removed_at IS NULL AND c.merged_into IS NULL",
    );
    // A removed claim is left out at every --as-of: a correction mends the record.
    if !filter.include_removed {
        sql.push_str(" AND c.dismissed_at IS NULL");
    }
    let mut args: Vec<Value> = Vec::new();
    // With --as-of, status, credibility and circularity are recomputed below, so they cannot
    // narrow the query; without it they are index lookups on the stored columns.
    let as_of = filter.as_of.as_deref();
    if as_of.is_none() {
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
        if let Some((low, high)) = filter.credibility {
            sql.push_str(" AND c.credibility BETWEEN ? AND ?");
            args.extend([Value::Integer(low.into()), Value::Integer(high.into())]);
        }
        if filter.circular {
            sql.push_str(" AND c.circular IS NOT NULL");
        }
    } else {
        sql.push_str(
            " AND (c.created_at <= ? OR EXISTS (SELECT 1 FROM statements s
                   WHERE s.claim_id = c.id AND s.removed_at IS NULL AND s.stated_at <= ?))",
        );
        let at = Value::Text(as_of.unwrap_or_default().into());
        args.extend([at.clone(), at]);
    }
    let at = as_of.map_or(Value::Null, |t| Value::Text(t.into()));
    if let Some(tag) = &filter.tag {
        sql.push_str(
            " AND EXISTS (SELECT 1 FROM claim_tags t WHERE t.claim_id = c.id AND t.tag = ?)",
        );
        args.push(Value::Text(tag.clone()));
    }
    if let Some(source) = filter.source {
        sql.push_str(
            " AND EXISTS (SELECT 1 FROM statements s
                           WHERE s.claim_id = c.id AND s.source_id = ? AND s.removed_at IS NULL
                             AND (? IS NULL OR s.stated_at <= ?))",
        );
        args.extend([Value::Integer(source.0), at.clone(), at.clone()]);
    }
    if let Some(via) = filter.via {
        sql.push_str(
            " AND EXISTS (SELECT 1 FROM statements s
                           WHERE s.claim_id = c.id AND s.via_id = ? AND s.removed_at IS NULL
                             AND (? IS NULL OR s.stated_at <= ?))",
        );
        args.extend([Value::Integer(via.0), at.clone(), at.clone()]);
    }
    if let Some(since) = &filter.since {
        sql.push_str(" AND c.last_activity >= ?");
        args.push(Value::Text(since.to_string()));
    }
    if let Some(stated_since) = &filter.stated_since {
        // Any statement said then counts, retracted or not: it was said.
        sql.push_str(
            " AND EXISTS (SELECT 1 FROM statements s
                           WHERE s.claim_id = c.id AND s.removed_at IS NULL AND s.stated_at >= ?
                             AND (? IS NULL OR s.stated_at <= ?))",
        );
        args.extend([Value::Text(stated_since.to_string()), at.clone(), at]);
    }
    // Each ORDER BY is an index's own order (`status` is asked one status at a time).
    sql.push_str(match filter.order {
        ClaimOrder::Activity | ClaimOrder::Status => " ORDER BY c.last_activity DESC, c.id DESC",
        ClaimOrder::Created => " ORDER BY c.created_at DESC, c.id DESC",
        // Without a date, `happened` is NULL, which SQLite sorts last in a descending order.
        ClaimOrder::Happened => " ORDER BY c.happened DESC, c.last_activity DESC, c.id DESC",
        ClaimOrder::Grade => " ORDER BY c.credibility, c.last_activity DESC, c.id DESC",
    });
    if let (Some(limit), None) = (filter.limit, as_of) {
        sql.push_str(" LIMIT ?");
        args.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
    }
    (sql, args)
}

/// `list --as-of`: a candidate reassessed from its statements then; `None` if the filter
/// leaves it out then.
fn as_it_stood(
    conn: &Connection,
    mut row: ClaimRow,
    filter: &ClaimFilter,
    as_of: &Stamp,
) -> Result<Option<ClaimRow>> {
    let a = assess(&derive::evidence(conn, row.id.0, Some(as_of))?);
    let wanted = (filter.statuses.is_empty() || filter.statuses.contains(&a.status))
        && filter
            .credibility
            .is_none_or(|(low, high)| (low..=high).contains(&a.credibility.grade))
        && (!filter.circular || a.circular.is_some());
    if !wanted {
        return Ok(None);
    }
    row.status = a.status;
    row.summary = a.summary;
    row.credibility = a.credibility.grade;
    row.credibility_reason = a.credibility.reason;
    row.independent_confirmations = a.independent_confirmations as i64;
    row.origins = a.origins;
    row.circular = a.circular.is_some();
    row.statements = conn
        .prepare_cached(
            "SELECT count(*) FROM statements
              WHERE claim_id = ?1 AND removed_at IS NULL AND stated_at <= ?2
                AND (retracted_at IS NULL OR retracted_at > ?2)",
        )?
        .query_row(params![row.id, as_of], |r| r.get(0))?;
    Ok(Some(row))
}

/// All live sources (or one), with their aliases and statement counts, by number.
pub fn sources(conn: &Connection, only: Option<i64>) -> Result<Vec<SourceDetail>> {
    let mut sources = Vec::new();
    each_source(conn, only, &mut |source| {
        sources.push(source);
        Ok(())
    })?;
    Ok(sources)
}

/// [`sources`], handed to `each` one at a time: the sources and the counts of their track
/// records are read side by side, both in source order, so that memory stays flat however
/// many sources and statements there are.
pub fn each_source(
    conn: &Connection,
    only: Option<i64>,
    each: &mut dyn FnMut(SourceDetail) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT src.id, src.uuid, src.name, src.kind, src.role, src.affiliation, src.reliability,
                (SELECT count(*) FROM statements s
                  WHERE s.source_id = src.id AND s.removed_at IS NULL) AS statements,
                (SELECT json_group_array(alias)
                   FROM (SELECT alias FROM source_aliases a WHERE a.source_id = src.id
                          ORDER BY alias_key)) AS aliases
           FROM sources src
          WHERE src.removed_at IS NULL AND src.merged_into IS NULL AND (?1 IS NULL OR src.id = ?1)
          ORDER BY src.id",
    )?;
    let sources = stmt.query_map([only], |row| {
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
            track_record: String::new(),
        })
    })?;
    // A claim removed from lists (junk, a duplicate) is no part of a source's record.
    // One pass over the statements for every source's record, not a query per source; its
    // groups come out in source order (the ORDER BY, the GROUP BY's terms, is the GROUP BY's
    // own sort: no second one).
    let sql = match only {
        // One source: its statements by index, then their claims.
        Some(_) => {
            "SELECT s.source_id, s.stance, c.status, count(DISTINCT s.claim_id)
               FROM statements s JOIN claims c ON c.id = s.claim_id
              WHERE s.source_id = ?1 AND s.removed_at IS NULL AND s.retracted_at IS NULL
                AND c.removed_at IS NULL AND c.dismissed_at IS NULL
              GROUP BY s.source_id, s.stance, c.status
              ORDER BY s.source_id, s.stance, c.status"
        }
        // Every source: claims drive the loop (CROSS JOIN fixes the order), so reading each
        // claim's statements in turn is sequential, where looking up each statement's claim
        // was random access (0.8 s against 1.75 s over 300,000 statements).
        None => {
            "SELECT s.source_id, s.stance, c.status, count(DISTINCT s.claim_id)
               FROM claims c CROSS JOIN statements s ON s.claim_id = c.id
              WHERE ?1 IS NULL AND s.removed_at IS NULL AND s.retracted_at IS NULL
                AND c.removed_at IS NULL AND c.dismissed_at IS NULL
              GROUP BY s.source_id, s.stance, c.status
              ORDER BY s.source_id, s.stance, c.status"
        }
    };
    let mut counts_stmt = conn.prepare_cached(sql)?;
    let mut counts = counts_stmt
        .query_map([only], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                (row.get(1)?, row.get(2)?, row.get(3)?),
            ))
        })?
        .peekable();
    let mut record: Vec<(Stance, Status, i64)> = Vec::new();
    for source in sources {
        let mut source = source?;
        record.clear();
        // Counts of sources not listed (removed ones) are passed over.
        while let Some(next) = counts.peek() {
            if matches!(next, Ok((id, _)) if *id > source.id.0) {
                break;
            }
            let (id, count) = counts.next().expect("peeked")?;
            if id == source.id.0 {
                record.push(count);
            }
        }
        source.track_record = track_record(&record);
        each(source)?;
    }
    Ok(())
}

/// Every live statement a source made, newest first, with how its claim stands now.
pub fn statements_by(conn: &Connection, source: SourceId) -> Result<Vec<SourceStatement>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.claim_id, c.text, s.stance, s.stated_at, s.retracted_at, c.status
           FROM statements s JOIN claims c ON c.id = s.claim_id
          WHERE s.source_id = ?1 AND s.removed_at IS NULL AND c.removed_at IS NULL
          ORDER BY s.stated_at DESC, s.id DESC",
    )?;
    let rows = stmt.query_map([source], |row| {
        Ok(SourceStatement {
            id: row.get(0)?,
            claim: row.get(1)?,
            claim_text: row.get(2)?,
            stance: row.get(3)?,
            stated_at: row.get(4)?,
            retracted: row.get::<_, Option<String>>(5)?.is_some(),
            claim_status: row.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn source_detail(conn: &Connection, id: SourceId) -> Result<SourceDetail> {
    sources(conn, Some(id.0))?
        .pop()
        .ok_or(Error::SourceNumberNotFound(id))
}

/// The commands that an `undo` reversed.
pub fn undone_commands(conn: &Connection) -> Result<HashSet<String>> {
    let mut stmt = conn.prepare_cached("SELECT kind, payload FROM events WHERE kind = 'undo'")?;
    let mut rows = stmt.query([])?;
    let mut commands = HashSet::new();
    while let Some(row) = rows.next()? {
        let recorded = Recorded::parse(&row.get::<_, String>(0)?, &row.get::<_, String>(1)?)?;
        if let Change::Undo(undo) = recorded.change {
            commands.insert(undo.command);
        }
    }
    Ok(commands)
}

#[cfg(test)]
pub fn events(
    conn: &Connection,
    claim: Option<ClaimId>,
    limit: Option<usize>,
) -> Result<Vec<Event>> {
    let mut events = Vec::new();
    each_event(conn, claim, limit, &mut |event| {
        events.push(event);
        Ok(())
    })?;
    Ok(events)
}

/// The history, newest first (of one claim, or all: a claim's includes the statements moved
/// away from it), handed to `each` one event at a time as SQLite reads them. Only the
/// commands undone are held, to mark their events.
pub fn each_event(
    conn: &Connection,
    claim: Option<ClaimId>,
    limit: Option<usize>,
    each: &mut dyn FnMut(Event) -> Result<()>,
) -> Result<()> {
    let limit = limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
    let undone = undone_commands(conn)?;
    // A claim's history is its events, and the changes that name it as the other claim (a
    // statement moved away from it, a claim merged into it: `Change::claims`), found among the
    // events of those kinds. With a claim, the limit counts what is shown, not what is read.
    let mut stmt = conn.prepare_cached(
        "SELECT id, uuid, at, actor, kind, command, payload, claim_id FROM events
          WHERE ?1 IS NULL OR claim_id = ?1 OR kind IN (?3, ?4, ?5)
          ORDER BY id DESC LIMIT (CASE WHEN ?1 IS NULL THEN ?2 ELSE -1 END)",
    )?;
    let two_claims = [
        event::kinds::STATEMENT_MOVED,
        event::kinds::CLAIM_MERGED,
        event::kinds::CLAIM_UNMERGED,
    ];
    // A pulled edit that met a concurrent edit here (`sync_concurrent`): most files have none.
    let met_any = conn
        .prepare_cached("SELECT 1 FROM sync_concurrent LIMIT 1")?
        .exists([])?;
    let mut left = limit;
    let rows = stmt.query_map(
        params![claim, limit, two_claims[0], two_claims[1], two_claims[2]],
        |row| {
            Ok((
                row.get::<_, String>("uuid")?,
                row.get::<_, Stamp>("at")?,
                row.get::<_, String>("actor")?,
                row.get::<_, String>("kind")?,
                row.get::<_, String>("command")?,
                row.get::<_, String>("payload")?,
                row.get::<_, Option<i64>>("claim_id")?,
                row.get::<_, i64>("id")?,
            ))
        },
    )?;
    for row in rows {
        if left == 0 {
            break;
        }
        let (uuid, at, actor, kind, command, payload, about, id) = row?;
        let payload = Recorded::parse(&kind, &payload)?;
        if let Some(claim) = claim
            && about != Some(claim.0)
            && !payload.change.claims().contains(&claim.0)
        {
            continue;
        }
        left -= 1;
        let concurrent = if met_any {
            concurrent_outcomes(conn, id, &uuid)?
        } else {
            Vec::new()
        };
        each(Event {
            uuid,
            at,
            actor,
            kind,
            payload,
            undone: undone.contains(&command),
            command,
            concurrent,
        })?;
    }
    Ok(())
}

/// A source's reliability grade.
pub fn source_reliability(conn: &Connection, source: i64) -> Result<Reliability> {
    Ok(conn
        .prepare_cached("SELECT reliability FROM sources WHERE id = ?1")?
        .query_row([source], |row| row.get(0))?)
}

/// The fields in which an edit met a concurrent edit of them, and whose value stands: for a
/// pulled edit, the edit here it met; for an edit here, the pulled edits that met it.
fn concurrent_outcomes(
    conn: &Connection,
    event: i64,
    uuid: &str,
) -> Result<Vec<crate::model::ConcurrentOutcome>> {
    Ok(conn
        .prepare_cached(
            "SELECT c.field, c.won, c.other, coalesce(e.actor, '') FROM sync_concurrent c
               LEFT JOIN events e ON e.uuid = c.other
              WHERE c.event_id = ?1
             UNION ALL
             SELECT c.field, NOT c.won, e.uuid, e.actor FROM sync_concurrent c
               JOIN events e ON e.id = c.event_id
              WHERE c.other = ?2
             ORDER BY 1, 3",
        )?
        .query_map(params![event, uuid], |row| {
            Ok(crate::model::ConcurrentOutcome {
                field: row.get(0)?,
                won: row.get(1)?,
                other: row.get(2)?,
                other_actor: row.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

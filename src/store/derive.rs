//! The derived columns of a claim (status, summary, credibility, origins, circular reporting),
//! gathered from its statements and stored. One place, used by the writer after every change,
//! by the migration that introduced them, and by the rebuild.

use rusqlite::{Connection, params};

use crate::Result;
use crate::model::{
    Assessment, Evidence, SourceId, SourceName, Stamp, Status, assess, counts_as_of,
};

/// The statements of a claim that count, in time order: not undone, and as of `as_of` (or
/// now) said and not retracted (`model::counts_as_of`, the one statement of that rule).
/// Statements said at one time come in uuid order, not by their local numbers: replicas that
/// received them in another order derive the same summary (uuids are v7, so on one file this
/// is the order they were logged in).
pub fn evidence(conn: &Connection, claim: i64, as_of: Option<&Stamp>) -> Result<Vec<Evidence>> {
    let mut stmt = conn.prepare_cached(concat!(
        "SELECT ",
        evidence_columns!(),
        " FROM statements s
           JOIN sources src ON src.id = s.source_id
           LEFT JOIN sources via ON via.id = s.via_id
           LEFT JOIN sources cited ON cited.id = s.citing_id
          WHERE s.claim_id = ?1 AND s.removed_at IS NULL
          ORDER BY s.stated_at, s.uuid"
    ))?;
    let rows = stmt.query_map(params![claim], |row| evidence_row(row, 0, as_of))?;
    let mut evidence = Vec::new();
    for row in rows {
        evidence.extend(row?);
    }
    Ok(evidence)
}

/// The columns `evidence_row` reads, in its order, from `statements s` joined to its sources
/// `src`, `via` and `cited`.
macro_rules! evidence_columns {
    () => {
        "s.id, s.stance, src.id, src.name, coalesce(s.reliability, src.reliability),
         via.id, via.name, cited.id, cited.name, s.stated_at, s.retracted_at"
    };
}
use evidence_columns;

/// A statement as evidence, from `evidence_columns` beginning at column `first`: none if it
/// does not count as of `as_of` (or now).
fn evidence_row(
    row: &rusqlite::Row<'_>,
    first: usize,
    as_of: Option<&Stamp>,
) -> rusqlite::Result<Option<Evidence>> {
    let at = |i: usize| first + i;
    let stated_at: Stamp = row.get(at(9))?;
    let retracted_at: Option<Stamp> = row.get(at(10))?;
    if !counts_as_of(&stated_at, retracted_at.as_ref(), as_of) {
        return Ok(None);
    }
    let named = |id: Option<i64>, name: Option<String>| {
        id.zip(name).map(|(id, name)| SourceName {
            id: SourceId(id),
            name,
        })
    };
    Ok(Some(Evidence {
        id: row.get(at(0))?,
        stance: row.get(at(1))?,
        source: SourceName {
            id: row.get(at(2))?,
            name: row.get(at(3))?,
        },
        reliability: row.get(at(4))?,
        via: named(row.get(at(5))?, row.get(at(6))?),
        citing: named(row.get(at(7))?, row.get(at(8))?),
    }))
}

/// What a recomputation changed, for the event that records it.
pub struct Recomputed {
    pub old_status: Status,
    pub old_summary: String,
    pub assessment: Assessment,
}

/// Derives a claim's columns from its statements as they stand, and stores them.
pub fn recompute(conn: &Connection, claim: i64) -> Result<Recomputed> {
    let (old_status, old_summary): (Status, String) = conn
        .prepare_cached("SELECT status, summary FROM claims WHERE id = ?1")?
        .query_row([claim], |row| Ok((row.get(0)?, row.get(1)?)))?;
    let assessment = assess(&evidence(conn, claim, None)?);
    store(conn, claim, &assessment)?;
    Ok(Recomputed {
        old_status,
        old_summary,
        assessment,
    })
}

/// As `recompute`, for a caller that records no event of the change (an import grades each
/// claim once, after its rows): the old columns are not read.
pub fn grade(conn: &Connection, claim: i64) -> Result<()> {
    grade_from(conn, claim, &evidence(conn, claim, None)?)
}

/// As `grade`, from the claim's evidence as `evidence` would read it (a caller that wrote every
/// statement of the claim knows them already).
pub fn grade_from(conn: &Connection, claim: i64, evidence: &[Evidence]) -> Result<()> {
    store(conn, claim, &assess(evidence))
}

/// As `grade`, for each claim `claims` lists (SQL giving a claim's number and the time
/// to mark its last activity at, or null, one row per claim), marking it in the same update
/// (an import with a history marks each claim's once, at its end: one write of the row, not
/// two). Their statements are read in one pass, rather than by one query for each claim.
pub fn grade_listed(conn: &Connection, claims: &str) -> Result<()> {
    let mut stmt = conn.prepare(&format!(
        concat!(
            "SELECT t.id, t.at, ",
            evidence_columns!(),
            " FROM ({}) t
               LEFT JOIN statements s ON s.claim_id = t.id AND s.removed_at IS NULL
               LEFT JOIN sources src ON src.id = s.source_id
               LEFT JOIN sources via ON via.id = s.via_id
               LEFT JOIN sources cited ON cited.id = s.citing_id
              ORDER BY t.id, s.stated_at, s.uuid"
        ),
        claims
    ))?;
    let mut rows = stmt.query([])?;
    // The claim being read, the time to mark, and its evidence so far.
    let mut current: Option<(i64, Option<String>, Vec<Evidence>)> = None;
    let finish = |current: Option<(i64, Option<String>, Vec<Evidence>)>| -> Result<()> {
        match current {
            Some((claim, at, evidence)) => write(conn, claim, &assess(&evidence), at.as_deref()),
            None => Ok(()),
        }
    };
    while let Some(row) = rows.next()? {
        let claim: i64 = row.get(0)?;
        if current.as_ref().is_none_or(|(id, _, _)| *id != claim) {
            finish(current.take())?;
            current = Some((claim, row.get(1)?, Vec::new()));
        }
        // A claim without statements has one row, of nulls.
        if row.get::<_, Option<i64>>(2)?.is_some()
            && let Some(evidence) = evidence_row(row, 2, None)?
            && let Some((_, _, all)) = current.as_mut()
        {
            all.push(evidence);
        }
    }
    finish(current)
}

fn store(conn: &Connection, claim: i64, assessment: &Assessment) -> Result<()> {
    write(conn, claim, assessment, None)
}

fn write(
    conn: &Connection,
    claim: i64,
    assessment: &Assessment,
    activity: Option<&str>,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE claims
            SET status = ?2, summary = ?3, credibility = ?4, credibility_reason = ?5,
                independent_confirmations = ?6, origins = ?7, circular = ?8,
                last_activity = coalesce(?9, last_activity)
          WHERE id = ?1",
    )?
    .execute(params![
        claim,
        assessment.status,
        assessment.summary,
        assessment.credibility.grade,
        assessment.credibility.reason,
        assessment.independent_confirmations as i64,
        serde_json::to_string(&assessment.origins)?,
        assessment.circular,
        activity,
    ])?;
    Ok(())
}

/// After any change to a claim or its statements: its derived columns and its search document.
pub fn refresh(conn: &Connection, claim: i64) -> Result<Recomputed> {
    let recomputed = recompute(conn, claim)?;
    super::search::reindex(conn, claim)?;
    Ok(recomputed)
}

/// Recomputes every claim that `source` spoke on, carried or was cited on: after a rename or a
/// new grade.
pub fn recompute_claims_of(conn: &Connection, source: i64) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT claim_id FROM statements
          WHERE source_id = ?1 OR via_id = ?1 OR citing_id = ?1",
    )?;
    let claims = stmt
        .query_map([source], |row| row.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for claim in claims {
        refresh(conn, claim)?;
    }
    Ok(())
}

/// Every claim: for the migration that introduced the derived columns, and for the rebuild
/// (about 10 s for 100,000 claims, hence the progress bar).
pub fn recompute_all(conn: &Connection) -> Result<()> {
    let claims = conn
        .prepare("SELECT id FROM claims")?
        .query_map([], |row| row.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let progress = crate::progress::progress(claims.len() as u64, "grading claims");
    for claim in claims {
        recompute(conn, claim)?;
        progress.inc(1);
    }
    progress.finish_and_clear();
    Ok(())
}

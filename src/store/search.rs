//! Full-text search (FTS5, ranked by bm25) and near-duplicates (FTS5 trigram candidates,
//! re-ranked by string similarity). The search document of a claim is rewritten by `reindex`
//! whenever the writer recomputes the claim, so the index moves in the same transaction as
//! the data; the trigram index follows the claims table by triggers (migration 0003).

use rusqlite::{Connection, params};

use crate::Result;
use crate::model::{SearchHit, Similar, Status, search_query, similarity, similarity_query};

/// The search document of the claims `chosen` (SQL giving claim ids), and their trigrams:
/// the same as migration 0003 builds.
fn index(conn: &Connection, chosen: &str, claim: Option<i64>) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO claim_search (rowid, text, quotes, notes, sources)
         SELECT c.id, c.text,
                coalesce((SELECT group_concat(s.quote, char(10)) FROM statements s
                           WHERE s.claim_id = c.id AND s.removed_at IS NULL), ''),
                concat_ws(char(10), c.note, c.verdict_explanation,
                          (SELECT group_concat(s.note, char(10)) FROM statements s
                            WHERE s.claim_id = c.id AND s.removed_at IS NULL)),
                coalesce((SELECT group_concat(name, ', ')
                            FROM (SELECT DISTINCT src.name FROM statements s
                                    JOIN sources src
                                      ON src.id IN (s.source_id, s.via_id, s.citing_id)
                                   WHERE s.claim_id = c.id AND s.removed_at IS NULL)), '')
           FROM claims c
          WHERE c.id IN ({chosen}) AND c.removed_at IS NULL
          ORDER BY c.id"
    ))?
    .execute(rusqlite::params_from_iter(claim))?;
    conn.prepare_cached(&format!(
        "INSERT INTO claim_trigrams (rowid, text)
         SELECT c.id, c.text FROM claims c
          WHERE c.id IN ({chosen}) AND c.removed_at IS NULL ORDER BY c.id"
    ))?
    .execute(rusqlite::params_from_iter(claim))?;
    Ok(())
}

/// Rewrites a claim's search document and trigrams from what is stored now (or drops them,
/// for a removed claim).
pub fn reindex(conn: &Connection, claim: i64) -> Result<()> {
    // FTS5 writes its pending terms out before any delete: deleting only what is there keeps a
    // claim indexed for the first time to one cheap insert.
    let indexed = conn
        .prepare_cached("SELECT 1 FROM claim_search WHERE rowid = ?1")?
        .exists([claim])?;
    if indexed {
        conn.prepare_cached("DELETE FROM claim_search WHERE rowid = ?1")?
            .execute([claim])?;
        conn.prepare_cached("DELETE FROM claim_trigrams WHERE rowid = ?1")?
            .execute([claim])?;
    }
    index(conn, "?1", Some(claim))
}

/// As `reindex`, for every claim `chosen` (SQL giving claim ids) at once: an import indexes
/// its claims in two statements at its end, as FTS5 writes best, not one claim at a time.
pub fn reindex_all(conn: &Connection, chosen: &str) -> Result<()> {
    conn.execute(
        &format!("DELETE FROM claim_search WHERE rowid IN ({chosen})"),
        [],
    )?;
    conn.execute(
        &format!("DELETE FROM claim_trigrams WHERE rowid IN ({chosen})"),
        [],
    )?;
    index(conn, chosen, None)
}

/// Markers around a matching word in `SearchHit::marked`: control characters that cannot occur
/// in the text a snippet is cut from, turned into brackets or colour by `output`.
pub const MARK_START: char = '\u{1}';
pub const MARK_END: char = '\u{2}';

/// The claims that match the words of `query`, best first.
pub fn search(conn: &Connection, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
    let Some(fts) = search_query(query) else {
        return Ok(Vec::new());
    };
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    // Weights: a word in the claim's own text counts most, then quotes, sources, notes.
    let mut stmt = conn.prepare_cached(
        "SELECT f.rowid, c.text, c.status, bm25(claim_search, 10.0, 4.0, 1.0, 2.0) AS rank,
                snippet(claim_search, -1, char(1), char(2), '…', 16)
           FROM claim_search f
           JOIN claims c ON c.id = f.rowid
          WHERE claim_search MATCH ?1
          ORDER BY rank, f.rowid
          LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![fts, limit], |row| {
        Ok(SearchHit {
            claim: row.get(0)?,
            text: row.get(1)?,
            status: row.get::<_, Status>(2)?,
            // bm25 is lower for better matches; the score people read is higher for better.
            score: -row.get::<_, f64>(3)?,
            marked: row.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many trigram candidates are re-ranked by similarity.
const CANDIDATES: i64 = 64;

/// The live claims whose text is closest to `text`, most similar first, with a score from 0
/// to 1; `except` leaves one claim out (the claim itself, for `similar`).
pub fn similar(
    conn: &Connection,
    text: &str,
    except: Option<i64>,
    min_score: f64,
    limit: usize,
) -> Result<Vec<Similar>> {
    let Some(fts) = similarity_query(text) else {
        return Ok(Vec::new());
    };
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.text
           FROM (SELECT rowid FROM claim_trigrams WHERE claim_trigrams MATCH ?1
                  ORDER BY rank LIMIT ?2) f
           JOIN claims c ON c.id = f.rowid
          WHERE c.removed_at IS NULL AND c.id IS NOT ?3",
    )?;
    let mut found: Vec<Similar> = stmt
        .query_map(params![fts, CANDIDATES, except], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
        })?
        .map(|row| {
            row.map(|(id, other)| Similar {
                score: similarity(text, &other),
                id,
                text: other,
            })
        })
        .collect::<rusqlite::Result<_>>()?;
    found.retain(|s| s.score >= min_score);
    found.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
    found.truncate(limit);
    Ok(found)
}

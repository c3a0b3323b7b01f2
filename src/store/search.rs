//! Full-text search (FTS5, ranked by bm25) and near-duplicates (FTS5 trigram candidates,
//! re-ranked by string similarity). The search document and the trigrams of a claim are
//! rewritten by `reindex` whenever the writer recomputes the claim, so both indexes move in
//! the same transaction as the data.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use crate::Result;
use crate::model::{
    ClaimId, SearchHit, Searched, Similar, Status, one_line_passage, phrase, search_query,
    similarity, telling_words,
};

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
            AND c.merged_into IS NULL AND c.dismissed_at IS NULL
          ORDER BY c.id"
    ))?
    .execute(rusqlite::params_from_iter(claim))?;
    conn.prepare_cached(&format!(
        "INSERT INTO claim_trigrams (rowid, text)
         SELECT c.id, c.text FROM claims c
          WHERE c.id IN ({chosen}) AND c.removed_at IS NULL
            AND c.merged_into IS NULL AND c.dismissed_at IS NULL ORDER BY c.id"
    ))?
    .execute(rusqlite::params_from_iter(claim))?;
    Ok(())
}

/// Rewrites a claim's search document and trigrams from what is stored now (or drops them,
/// for a claim undone, merged into another or removed from lists).
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

/// As `reindex`, for each claim of `claims` together: what a pull leaves for the end of a
/// batch (`Apply::index_later`).
pub fn reindex_set(conn: &Connection, claims: &std::collections::BTreeSet<i64>) -> Result<()> {
    if claims.is_empty() {
        return Ok(());
    }
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS reindex_chosen (id INTEGER PRIMARY KEY);
         DELETE FROM temp.reindex_chosen;",
    )?;
    let mut chosen = conn.prepare_cached("INSERT INTO temp.reindex_chosen (id) VALUES (?1)")?;
    for claim in claims {
        chosen.execute([claim])?;
    }
    reindex_all(conn, "SELECT id FROM temp.reindex_chosen")?;
    conn.execute("DELETE FROM temp.reindex_chosen", [])?;
    Ok(())
}

/// The claims that match the words of `query`, best first.
/// How many matching claims `search` ranks at most: the newest. bm25 must be computed for every
/// match before the best can be told, and a word in one claim in six of a million is 167,000
/// matches (95 ms); on a moving story the newest claims are also the likelier ones.
pub const RANKED_AT_MOST: usize = 20_000;

pub fn search(conn: &Connection, query: &str, limit: usize, ranked: usize) -> Result<Searched> {
    let Some(fts) = search_query(query) else {
        return Ok(Searched {
            hits: Vec::new(),
            matched: 0,
            more_matched: false,
        });
    };
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let ranked = i64::try_from(ranked).unwrap_or(i64::MAX);
    // In rowid order, FTS5 stops at the first `ranked + 1` matches.
    let matched: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM (SELECT 1 FROM claim_search WHERE claim_search MATCH ?1 LIMIT ?2)",
        )?
        .query_row(params![fts, ranked.saturating_add(1)], |row| row.get(0))?;
    // Ranked first, on the index alone and among the newest `ranked` matches; only the claims
    // shown are then read and their passages cut (SQLite would otherwise join and cut a snippet
    // for every match before sorting).
    // Weights: a word in the claim's own text counts most, then quotes, sources, notes.
    let mut rank = conn.prepare_cached(
        "SELECT rowid, score
           FROM (SELECT rowid, bm25(claim_search, 10.0, 4.0, 1.0, 2.0) AS score
                   FROM claim_search
                  WHERE claim_search MATCH ?1
                  ORDER BY rowid DESC
                  LIMIT ?3)
          ORDER BY score, rowid
          LIMIT ?2",
    )?;
    let best = rank
        .query_map(params![fts, limit, ranked], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, f64>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut shown = conn.prepare_cached(
        "SELECT c.text, c.status, snippet(claim_search, -1, char(1), char(2), '…', 16)
           FROM claim_search f
           JOIN claims c ON c.id = f.rowid
          WHERE claim_search MATCH ?1 AND f.rowid = ?2",
    )?;
    let hits = best
        .into_iter()
        .map(|(claim, bm25)| {
            Ok(shown.query_row(params![fts, claim], |row| {
                Ok(SearchHit {
                    claim: ClaimId(claim),
                    text: row.get(0)?,
                    status: row.get::<_, Status>(1)?,
                    // bm25 is lower for better matches; the score people read is higher for
                    // better.
                    score: -bm25,
                    marked: one_line_passage(&row.get::<_, String>(2)?),
                })
            })?)
        })
        .collect::<Result<_>>()?;
    Ok(Searched {
        hits,
        matched: usize::try_from(matched.min(ranked)).unwrap_or(usize::MAX),
        more_matched: matched > ranked,
    })
}

/// A word found in at most this many claims is rare: every claim with it is a candidate.
const RARE: usize = 64;
/// How many of the longest common words a candidate must share when a text has no rare word.
const BROAD: usize = 4;
/// How many candidates are re-ranked by similarity.
const CANDIDATES: usize = 64;

/// The live claims whose text is closest to `text`, most similar first, with a score from 0
/// to 1; `except` leaves one claim out (the claim itself, for `similar`).
///
/// Candidates come without ranking the whole index (bm25 counts every match of every word,
/// which on a large database costs more than the rest of `add`): each telling word is looked
/// up in the trigram index, oldest claims first (FTS5 reads a doclist backwards only by loading it whole), stopping after `RARE` + 1 matches. Every
/// claim with a rare word is a candidate, those sharing most rare words first. A text with
/// fewer than two rare words also takes the oldest claims that have all its common words, and
/// those that have its longest few, from the word index, where a conjunction of common words
/// is cheap.
pub fn similar(
    conn: &Connection,
    text: &str,
    except: Option<ClaimId>,
    min_score: f64,
    limit: usize,
) -> Result<Vec<Similar>> {
    let words = telling_words(text);
    let mut shared: HashMap<i64, usize> = HashMap::new();
    let mut common = Vec::new();
    let mut probe = conn.prepare_cached(
        "SELECT rowid FROM claim_trigrams WHERE claim_trigrams MATCH ?1
          ORDER BY rowid LIMIT ?2",
    )?;
    for word in &words {
        let found = probe
            .query_map(params![phrase(word), RARE as i64 + 1], |row| {
                row.get::<_, i64>(0)
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if found.len() > RARE {
            common.push(phrase(word));
        } else {
            for id in found {
                *shared.entry(id).or_default() += 1;
            }
        }
    }
    if words.len() - common.len() < 2 && !common.is_empty() {
        // The claims with all the common words, and those with the longest few of them (a
        // reworded claim may have dropped a word).
        let mut all_of = vec![&common[..]];
        if common.len() > BROAD {
            all_of.push(&common[..BROAD]);
        }
        let mut stmt = conn.prepare_cached(
            "SELECT rowid FROM claim_search WHERE claim_search MATCH ?1
              ORDER BY rowid LIMIT ?2",
        )?;
        for words in all_of {
            let query = format!("text : ({})", words.join(" "));
            for id in stmt.query_map(params![query, CANDIDATES as i64], |row| {
                row.get::<_, i64>(0)
            })? {
                *shared.entry(id?).or_default() += words.len();
            }
        }
    }
    if let Some(except) = except {
        shared.remove(&except.0);
    }
    let mut candidates: Vec<(i64, usize)> = shared.into_iter().collect();
    candidates.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    candidates.truncate(CANDIDATES);

    let mut live = conn.prepare_cached(
        "SELECT text FROM claims WHERE id = ?1 AND removed_at IS NULL
               AND merged_into IS NULL AND dismissed_at IS NULL",
    )?;
    let mut found = Vec::new();
    for (id, _) in candidates {
        if let Some(other) = live
            .query_row([id], |row| row.get::<_, String>(0))
            .optional()?
        {
            let score = similarity(text, &other);
            if score >= min_score {
                found.push(Similar {
                    id: ClaimId(id),
                    text: other,
                    score,
                });
            }
        }
    }
    found.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
    found.truncate(limit);
    Ok(found)
}

-- 0003_interchange: verdicts, settings, full-text search and near-duplicates (issue 4).
--
-- The verdict is the desk's published rating of a claim, for ClaimReview. It never changes the
-- derived status (DOMAIN.md); its history is in the events like any other edit of a claim.
ALTER TABLE claims ADD COLUMN verdict TEXT;
ALTER TABLE claims ADD COLUMN verdict_explanation TEXT;
ALTER TABLE claims ADD COLUMN verdict_url TEXT;
ALTER TABLE claims ADD COLUMN verdict_at TEXT;

-- Settings kept in the database, so that every terminal and script on it agrees
-- (`claims config set org NAME`). Changes are events too.
CREATE TABLE config (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- A CSV import puts rows with the same claim text on one claim: found by this index.
CREATE INDEX claims_by_text ON claims (text) WHERE removed_at IS NULL;

-- Full-text search, one document per live claim: its text, the quotes and notes of its
-- statements (its own note and verdict explanation with them), and the names of the sources
-- that spoke on it, carried it or were cited. Kept in step by the writer (store::search) in the
-- same transaction as the change; built here for the claims already logged.
CREATE VIRTUAL TABLE claim_search USING fts5 (
    text, quotes, notes, sources,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO claim_search (rowid, text, quotes, notes, sources)
SELECT c.id, c.text,
       coalesce((SELECT group_concat(s.quote, char(10)) FROM statements s
                  WHERE s.claim_id = c.id AND s.removed_at IS NULL), ''),
       concat_ws(char(10), c.note,
                 (SELECT group_concat(s.note, char(10)) FROM statements s
                   WHERE s.claim_id = c.id AND s.removed_at IS NULL)),
       coalesce((SELECT group_concat(name, ', ')
                   FROM (SELECT DISTINCT src.name FROM statements s
                           JOIN sources src ON src.id IN (s.source_id, s.via_id, s.citing_id)
                          WHERE s.claim_id = c.id AND s.removed_at IS NULL)), '')
  FROM claims c
 WHERE c.removed_at IS NULL;

-- Near-duplicates: the trigrams of each live claim's text, in an index that keeps no copy of
-- the text, written beside the search document (store::search).
CREATE VIRTUAL TABLE claim_trigrams USING fts5 (
    text,
    content = '', contentless_delete = 1, tokenize = 'trigram'
);
INSERT INTO claim_trigrams (rowid, text) SELECT id, text FROM claims WHERE removed_at IS NULL;

-- 0006: names that look alike (issue 16).
--
-- A source's name is compared by its key (model::name_key), which is now in Unicode
-- normalisation form C: "José" typed with a combining accent and "José" typed with a precomposed
-- é are one name. The keys already stored are recomputed by this step's Rust part
-- (`schema::renormalise_names`), which SQL cannot do; the names themselves are left as typed.
--
-- `name_skeleton` is what a name looks like (model::name_skeleton, Unicode's confusable
-- skeleton): a new source whose skeleton is an existing source's ("Kremlin" with a Cyrillic К)
-- is created with a warning naming that source. The index makes that check one lookup however
-- many sources there are; it covers the sources that answer to their name, as `sources_named`.
-- The Rust part fills the column for the sources already here.
ALTER TABLE sources ADD COLUMN name_skeleton TEXT;

CREATE INDEX sources_by_skeleton ON sources (name_skeleton)
 WHERE kind NOT IN ('anonymous', 'desk') AND removed_at IS NULL;

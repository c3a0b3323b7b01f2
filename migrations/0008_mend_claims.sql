-- 0008: merged and removed claims (issue 12).
--
-- A claim merged into another keeps its row and its number: `merged_into` names the claim that
-- took its statements, and `show` follows it. A claim the user removes (`claims remove`) is
-- hidden from lists, searches and the exports people read, and stays readable with `show`:
-- `dismissed_at` says when and `dismiss_note` why. Neither is `removed_at`, which marks an
-- undone add, gone from every read. Only columns and an index are added: every claim of an
-- older file is neither merged nor removed.
-- `merged_into` holds a claim's number (the apply path sets it to a claim it found); it carries
-- no REFERENCES clause, so that a column of this step can be dropped again like any other.
ALTER TABLE claims ADD COLUMN merged_into INTEGER;
ALTER TABLE claims ADD COLUMN dismissed_at TEXT;
ALTER TABLE claims ADD COLUMN dismiss_note TEXT;

-- The claims merged into one (what `show` of a merged claim and an unmerge look up).
CREATE INDEX claims_by_merged_into ON claims (merged_into) WHERE merged_into IS NOT NULL;

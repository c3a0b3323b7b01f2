-- 0002_evidence: corroboration, grading, retraction and undo (issue 3).
--
-- Credibility and its reason, the independent confirmations, the origins and the circular flag
-- are derived from the statements (DOMAIN.md, "Corroboration and grading") and stored on the
-- claim beside the status, recomputed in the same transaction as any change that affects them.
-- The migration step that adds them recomputes them for existing claims (store::schema).
ALTER TABLE claims ADD COLUMN credibility INTEGER NOT NULL DEFAULT 6
    CHECK (credibility BETWEEN 1 AND 6);
ALTER TABLE claims ADD COLUMN credibility_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE claims ADD COLUMN independent_confirmations INTEGER NOT NULL DEFAULT 0;
ALTER TABLE claims ADD COLUMN origins TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(origins));
ALTER TABLE claims ADD COLUMN circular TEXT;   -- the warning, or NULL

-- A statement may carry its own grade, overriding its source's.
ALTER TABLE statements ADD COLUMN reliability TEXT
    CHECK (reliability IN ('A', 'B', 'C', 'D', 'E', 'F'));

-- Undo never deletes what events refer to: an undone claim, statement or source is marked
-- removed, and every read leaves it out. Numbers are therefore never reused.
ALTER TABLE claims ADD COLUMN removed_at TEXT;
ALTER TABLE statements ADD COLUMN removed_at TEXT;
ALTER TABLE sources ADD COLUMN removed_at TEXT;

-- The indexes that reads rely on, restated for live rows only.
DROP INDEX sources_named;
CREATE UNIQUE INDEX sources_named ON sources (name_key)
    WHERE kind NOT IN ('anonymous', 'desk') AND removed_at IS NULL;
DROP INDEX sources_desk;
CREATE UNIQUE INDEX sources_desk ON sources (name_key)
    WHERE kind = 'desk' AND removed_at IS NULL;
DROP INDEX claims_by_status;
CREATE INDEX claims_by_status ON claims (status, last_activity DESC, id DESC)
    WHERE removed_at IS NULL;
DROP INDEX claims_by_activity;
CREATE INDEX claims_by_activity ON claims (last_activity DESC, id DESC)
    WHERE removed_at IS NULL;
CREATE INDEX claims_by_credibility ON claims (credibility, last_activity DESC, id DESC)
    WHERE removed_at IS NULL;
CREATE INDEX events_by_command ON events (command, id);

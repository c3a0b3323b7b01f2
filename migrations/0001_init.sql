-- 0001_init: the first schema. Claims, sources (with aliases), statements, tags, and the
-- append-only event log from which every other table can be rebuilt.
--
-- Status and summary are derived from statements (DOMAIN.md) but stored on the claim row and
-- kept in step by the writer in the same transaction, so that `list --status S` is an index
-- lookup. Times are RFC 3339 UTC text to the second, which sorts in time order.

CREATE TABLE sources (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    -- name as compared: trimmed, spaces collapsed, lowercased (see model::name_key)
    name_key    TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN
                    ('person', 'organization', 'outlet', 'anonymous', 'document', 'data', 'desk')),
    role        TEXT,
    affiliation TEXT,
    reliability TEXT NOT NULL DEFAULT 'F' CHECK (reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),
    created_at  TEXT NOT NULL
);
-- Named sources have one name each; anonymous sources are never merged by name, and the desk
-- (named after the actor) has a namespace of its own.
CREATE UNIQUE INDEX sources_named ON sources (name_key) WHERE kind NOT IN ('anonymous', 'desk');
CREATE UNIQUE INDEX sources_desk ON sources (name_key) WHERE kind = 'desk';

CREATE TABLE source_aliases (
    source_id INTEGER NOT NULL REFERENCES sources (id),
    alias     TEXT NOT NULL,
    alias_key TEXT NOT NULL UNIQUE,
    PRIMARY KEY (source_id, alias_key)
) WITHOUT ROWID;

CREATE TABLE claims (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    text          TEXT NOT NULL CHECK (length(trim(text)) > 0),
    happened      TEXT,   -- date of the claimed event, YYYY-MM-DD
    note          TEXT,
    status        TEXT NOT NULL DEFAULT 'unverified'
                      CHECK (status IN ('unverified', 'confirmed', 'denied', 'contested')),
    summary       TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    last_activity TEXT NOT NULL
);
CREATE INDEX claims_by_status ON claims (status, last_activity DESC, id DESC);
CREATE INDEX claims_by_activity ON claims (last_activity DESC, id DESC);

CREATE TABLE claim_tags (
    claim_id INTEGER NOT NULL REFERENCES claims (id),
    tag      TEXT NOT NULL,
    PRIMARY KEY (claim_id, tag)
) WITHOUT ROWID;
CREATE INDEX claim_tags_by_tag ON claim_tags (tag, claim_id);

CREATE TABLE statements (
    id              INTEGER PRIMARY KEY,
    uuid            TEXT NOT NULL UNIQUE,
    claim_id        INTEGER NOT NULL REFERENCES claims (id),
    source_id       INTEGER NOT NULL REFERENCES sources (id),
    stance          TEXT NOT NULL
                        CHECK (stance IN ('asserts', 'confirms', 'denies', 'ncnd', 'declines')),
    via_id          INTEGER REFERENCES sources (id),
    citing_id       INTEGER REFERENCES sources (id),
    quote           TEXT,
    url             TEXT,
    stated_at       TEXT NOT NULL,
    recorded_at     TEXT NOT NULL,
    note            TEXT,
    -- a retracted statement stays, visible, and stops counting towards status
    retracted_at    TEXT,
    retraction_note TEXT
);
CREATE INDEX statements_by_claim ON statements (claim_id, stated_at, id);
CREATE INDEX statements_by_source ON statements (source_id, claim_id);
CREATE INDEX statements_by_via ON statements (via_id) WHERE via_id IS NOT NULL;
CREATE INDEX statements_by_citing ON statements (citing_id) WHERE citing_id IS NOT NULL;

CREATE TABLE events (
    id       INTEGER PRIMARY KEY,
    uuid     TEXT NOT NULL UNIQUE,
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    kind     TEXT NOT NULL,
    -- one uuid shared by every event one command wrote: the unit an undo reverses
    command  TEXT NOT NULL,
    claim_id INTEGER REFERENCES claims (id),
    payload  TEXT NOT NULL CHECK (json_valid(payload))
);
CREATE INDEX events_by_claim ON events (claim_id, id) WHERE claim_id IS NOT NULL;

-- The history is append-only, whatever a bug or a hand-typed statement tries.
CREATE TRIGGER events_are_never_edited BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;
CREATE TRIGGER events_are_never_deleted BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;

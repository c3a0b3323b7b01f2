-- 0010_sync: what `claims sync` keeps about the desk's shared PostgreSQL (issue 14), local to
-- this file and never synced itself: which replica this file is, the remote it syncs with, how
-- far it has pushed and pulled, and the replica each pulled event came from. IF NOT EXISTS: a
-- file whose version was set back by hand runs this again.

-- One value per key: 'replica' (this file's id, made at its first sync), 'remote' (a URL
-- without any password), 'pushed' (the last local event id the remote holds), 'pulled' (the
-- remote's transaction-id watermark below which every event is here).
CREATE TABLE IF NOT EXISTS sync_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- A pulled event's replica: the events it names were made elsewhere, and are never pushed back
-- as this file's. A pulled edit that lost a field to a later edit of the same field (the
-- concurrent-edit rule) is applied and stored without that field; `original` keeps its payload
-- as it was made.
CREATE TABLE IF NOT EXISTS sync_origin (
    event_id INTEGER PRIMARY KEY REFERENCES events (id),
    replica  TEXT NOT NULL,
    original TEXT CHECK (original IS NULL OR json_valid(original))
);

-- The latest edit here of each field of each claim, source and statement (by its uuid), by
-- (at, event uuid): what the concurrent-edit rule compares a pulled edit with. Kept by the one
-- append (store::apply::append) for every edit written here, local or pulled, and filled from
-- the history by this migration's Rust step; no SQL reads a payload for it. A source's aliases
-- are added and dropped one by one, never set: they are not a field here.
CREATE TABLE IF NOT EXISTS field_edits (
    item     TEXT NOT NULL,
    field    TEXT NOT NULL,
    at       TEXT NOT NULL,
    event    TEXT NOT NULL,
    event_id INTEGER NOT NULL REFERENCES events (id),
    PRIMARY KEY (item, field)
) WITHOUT ROWID;

-- A pulled edit that met an edit of the same field made here concurrently: the field, whether
-- the pulled value stands (`won` 1) or the one here does, and the uuid of the other edit.
-- Local to this file (another file may meet the two edits in another order), shown by `log`
-- beside both edits.
CREATE TABLE IF NOT EXISTS sync_concurrent (
    event_id INTEGER NOT NULL REFERENCES events (id),
    field    TEXT NOT NULL,
    won      INTEGER NOT NULL CHECK (won IN (0, 1)),
    other    TEXT NOT NULL,
    PRIMARY KEY (event_id, field)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sync_concurrent_by_other ON sync_concurrent (other);

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

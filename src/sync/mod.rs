//! `claims sync` with the desk's PostgreSQL (issue 14): the remote holds the history, in a
//! schema of its own (`claims_sync`), and nothing home-made beside it.
//!
//! A sync pushes this file's own events that the remote lacks (one remote transaction, in
//! batches, `ON CONFLICT (uuid) DO NOTHING`), then pulls the remote's events this file lacks and
//! applies each through the one apply path (`Store::apply_pulled`, which also holds the merge
//! rules: the later edit of a field wins, sources named alike become one), and pushes again
//! what the pull recorded (those merges), if anything.
//!
//! PostgreSQL hands out `seq` values in insert order but transactions commit in any order, so a
//! pull that went by `seq` could pass over an event whose transaction commits later. The pull
//! reads instead by transaction id: every event carries the id of the transaction that wrote it
//! (`txid`). A pull reads, in one snapshot, every committed event from its watermark on, and
//! keeps as the next watermark the oldest transaction still running at that snapshot
//! (`pg_snapshot_xmin(pg_current_snapshot())`): every transaction below it had ended, so
//! whatever commits later has an id at or above it and the next pull reads it. The watermark is
//! kept locally. Within a pull, events come in (txid, seq) order, which
//! keeps each event after those it depends on: an event depends only on events committed
//! before its own transaction started writing, hence of older transaction ids.

pub mod remote;

use postgres::Client;

use crate::model::{IncomingEvent, Notice, PulledBatch, Synced};
use crate::store::Store;
use crate::{Error, Result};

/// The schema version of `claims_sync` this binary writes and reads.
pub const REMOTE_VERSION: i32 = 1;

/// Events per remote round trip and per local transaction.
const BATCH: usize = 1000;

/// The remote's schema, made at the first sync.
const REMOTE_SCHEMA: &str = "
CREATE SCHEMA claims_sync;
CREATE TABLE claims_sync.meta (version integer NOT NULL);
CREATE TABLE claims_sync.events (
    seq     bigserial PRIMARY KEY,
    uuid    text UNIQUE NOT NULL,
    replica text NOT NULL,
    command text NOT NULL,
    at      text NOT NULL,
    actor   text NOT NULL,
    kind    text NOT NULL,
    payload jsonb NOT NULL,
    txid    xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX events_by_txid ON claims_sync.events (txid, seq);
";

/// The one key every first sync waits on, so that two first syncs at once make one schema.
const SCHEMA_LOCK: i64 = 0x636c_6d73_7379_6e63;

/// Which half of a sync is under way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Push,
    Pull,
}

/// Where a sync reports its work, one event at a time (a progress bar, or nothing). A push
/// reports only when it has more than one batch to send.
pub trait Progress {
    fn start(&mut self, _stage: Stage, _total: u64) {}
    fn advance(&mut self, _by: u64) {}
}

impl Progress for () {}

/// The remote to use: CLAIMS_REMOTE, else the file's own.
pub fn remote_of(store: &Store) -> Result<String> {
    if let Ok(url) = std::env::var("CLAIMS_REMOTE")
        && !url.trim().is_empty()
    {
        return Ok(url.trim().to_string());
    }
    store.sync_state("remote")?.ok_or(Error::NoRemote)
}

/// How one sync runs: who records what it decides here (a merge of same-name sources), and how
/// long connecting may take (`None`: the remote's own `connect_timeout`, else 10 s).
pub struct Run<'a> {
    pub actor: &'a str,
    pub connect_timeout: Option<std::time::Duration>,
}

/// Syncs `store` with the remote at `url`.
pub fn sync(
    store: &mut Store,
    url: &str,
    run: &Run<'_>,
    progress: &mut dyn Progress,
    notify: &mut dyn FnMut(&Notice),
) -> Result<Synced> {
    let shown = remote::masked(url);
    let connected = remote::connect(url, run.connect_timeout)?;
    if let Some(host) = &connected.unencrypted {
        notify(&Notice::Unencrypted { host: host.clone() });
    }
    let mut client = connected.client;
    let fail = |e: postgres::Error| Error::Remote {
        url: shown.clone(),
        reason: remote::reason(&e),
    };
    ensure_schema(&mut client, &shown).map_err(|e| match e {
        Failure::Pg(e) => fail(e),
        Failure::Ours(e) => e,
    })?;
    let replica = store.replica()?;
    let pushed_before: i64 = store
        .sync_state("pushed")?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let push_failed = |e| match e {
        Failure::Pg(e) => Error::Remote {
            url: shown.clone(),
            reason: format!("{}; nothing was pushed", remote::reason(&e)),
        },
        Failure::Ours(e) => e,
    };
    let mut pushed = push(store, &mut client, &replica, progress).map_err(push_failed)?;
    let pulled = pull(
        store,
        &mut client,
        &replica,
        pushed_before,
        run.actor,
        progress,
    )
    .map_err(|e| match e {
        Failure::Pg(e) => fail(e),
        Failure::Ours(e) => e,
    })?;
    // Merges the pull recorded (same-name sources) go out at once, so that colleagues meet
    // them at their next pull rather than making their own.
    if pulled.recorded > 0 {
        pushed += push(store, &mut client, &replica, progress).map_err(push_failed)?;
    }
    store.set_sync_state(
        "synced_at",
        Some(&crate::model::format_timestamp(chrono::Utc::now())),
    )?;
    Ok(Synced {
        remote: shown,
        pushed,
        pulled: pulled.applied,
        colleagues: pulled.replicas.len() as u64,
        claims_changed: pulled.claims.len() as u64,
        concurrent_edits: pulled.concurrent,
        concurrent: pulled.edits,
        sources_merged: pulled.merged,
        merges_void: pulled.merges_void,
        merges_taken_back: pulled.merges_taken_back,
    })
}

/// A failure of the remote (said with its URL) or of this side.
enum Failure {
    Pg(postgres::Error),
    Ours(Error),
}

impl From<postgres::Error> for Failure {
    fn from(e: postgres::Error) -> Failure {
        Failure::Pg(e)
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Ours(e)
    }
}

/// Makes the remote's schema if it has none; refuses a schema of that name that is not ours,
/// or that a newer claims made. Never touches another schema.
fn ensure_schema(client: &mut Client, shown: &str) -> std::result::Result<(), Failure> {
    if schema_version(client, shown)?.is_some() {
        return Ok(());
    }
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])?;
    if schema_version(&mut tx, shown)?.is_none() {
        tx.batch_execute(REMOTE_SCHEMA)?;
        tx.execute(
            "INSERT INTO claims_sync.meta (version) VALUES ($1)",
            &[&REMOTE_VERSION],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// The version of the remote's `claims_sync`, or none when there is no such schema yet.
fn schema_version(
    client: &mut impl postgres::GenericClient,
    shown: &str,
) -> std::result::Result<Option<i32>, Failure> {
    let refused = |reason: String| {
        Failure::Ours(Error::Remote {
            url: shown.to_string(),
            reason,
        })
    };
    let exists: bool = client
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'claims_sync')",
            &[],
        )?
        .get(0);
    if !exists {
        return Ok(None);
    }
    let ours: bool = client
        .query_one(
            "SELECT count(*) = 2 FROM information_schema.columns
              WHERE (table_schema, table_name, column_name) IN
                    (('claims_sync', 'meta', 'version'), ('claims_sync', 'events', 'txid'))",
            &[],
        )?
        .get(0);
    let not_ours = || {
        refused(
            "its schema claims_sync was not made by claims (no claims_sync.meta with a version, \
             or no claims_sync.events as claims makes it); give another database, or drop that \
             schema if it is unused"
                .into(),
        )
    };
    if !ours {
        return Err(not_ours());
    }
    let version: Option<i32> = client
        .query_opt("SELECT max(version) FROM claims_sync.meta", &[])?
        .and_then(|row| row.get(0));
    match version {
        None => Err(not_ours()),
        Some(v) if v > REMOTE_VERSION => Err(refused(format!(
            "its sync schema is version {v}, newer than this claims knows ({REMOTE_VERSION}); \
             upgrade claims"
        ))),
        Some(v) => Ok(Some(v)),
    }
}

/// Pushes this file's own events that the remote lacks, in one remote transaction.
fn push(
    store: &mut Store,
    client: &mut Client,
    replica: &str,
    progress: &mut dyn Progress,
) -> std::result::Result<u64, Failure> {
    let after: i64 = store
        .sync_state("pushed")?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let (first, upto) = store.unpushed(after, BATCH)?;
    if first.is_empty() {
        // Nothing of this file's own since the mark: what came after it was pulled.
        if upto > after {
            store.set_sync_state("pushed", Some(&upto.to_string()))?;
        }
        return Ok(0);
    }
    let mut tx = client.transaction()?;
    let insert = tx.prepare(
        "INSERT INTO claims_sync.events (uuid, replica, command, at, actor, kind, payload)
         SELECT u, $2, c, a, w, k, p::jsonb
           FROM unnest($1::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
                AS t (u, c, a, w, k, p)
         ON CONFLICT (uuid) DO NOTHING",
    )?;
    // More than a batch: counted, for the bar (a scan of the history, not worth it for less).
    if first.len() == BATCH {
        progress.start(Stage::Push, store.count_unpushed(after)?);
    }
    let mut pushed = 0;
    let (mut batch, mut upto) = (first, upto);
    while !batch.is_empty() {
        let column = |f: fn(&crate::model::OutgoingEvent) -> &String| -> Vec<&str> {
            batch.iter().map(|e| f(e).as_str()).collect()
        };
        pushed += tx.execute(
            &insert,
            &[
                &column(|e| &e.uuid),
                &replica,
                &column(|e| &e.command),
                &column(|e| &e.at),
                &column(|e| &e.actor),
                &column(|e| &e.kind),
                &column(|e| &e.payload),
            ],
        )?;
        progress.advance(batch.len() as u64);
        (batch, upto) = store.unpushed(upto, BATCH)?;
    }
    tx.commit()?;
    // Written once the remote has them: a kill before this line pushes them again, which the
    // remote ignores (ON CONFLICT).
    store.set_sync_state("pushed", Some(&upto.to_string()))?;
    Ok(pushed)
}

/// Pulls the remote events this file lacks and applies them. One REPEATABLE READ snapshot
/// serves the whole pull: it reads every event committed when it began from the last
/// watermark on, and its own xmin becomes the next watermark. An event of a transaction still
/// running then has a transaction id at or above that xmin, so the next pull reads it; an
/// event read twice (committed beside an older transaction still running) is here already
/// and skipped by its uuid.
fn pull(
    store: &mut Store,
    client: &mut Client,
    replica: &str,
    pushed_before: i64,
    actor: &str,
    progress: &mut dyn Progress,
) -> std::result::Result<PulledBatch, Failure> {
    let from = store
        .sync_state("pulled")?
        .unwrap_or_else(|| "0".to_string());
    let mut tx = client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()?;
    let upto: String = tx
        .query_one("SELECT pg_snapshot_xmin(pg_current_snapshot())::text", &[])?
        .get(0);
    let total: i64 = tx
        .query_one(
            "SELECT count(*) FROM claims_sync.events
              WHERE txid >= $1::text::xid8 AND replica <> $2",
            &[&from, &replica],
        )?
        .get(0);
    progress.start(Stage::Pull, total as u64);
    // Ordered by the column: a bare `txid` would name the text of the select list, sorting
    // 1000 before 999 (events out of order, some skipped) and never by the index.
    let page = tx.prepare(
        "SELECT seq, txid::text, uuid, replica, command, at, actor, kind, payload
           FROM claims_sync.events
          WHERE txid >= $1::text::xid8 AND (txid, seq) > ($2::text::xid8, $3)
          ORDER BY events.txid, events.seq
          LIMIT $4",
    )?;
    let (mut txid, mut seq) = ("0".to_string(), 0i64);
    let mut all = PulledBatch::default();
    loop {
        let rows = tx.query(&page, &[&from, &txid, &seq, &(BATCH as i64)])?;
        let Some(last) = rows.last() else { break };
        (seq, txid) = (last.get(0), last.get(1));
        let mut events = Vec::with_capacity(rows.len());
        for row in &rows {
            let origin: String = row.get(3);
            if origin == replica {
                continue;
            }
            events.push(IncomingEvent {
                uuid: row.get(2),
                replica: origin,
                command: row.get(4),
                at: row.get(5),
                actor: row.get(6),
                kind: row.get(7),
                payload: row.get(8),
            });
        }
        let done = store.apply_pulled(&events, None, pushed_before, actor)?;
        progress.advance(events.len() as u64);
        all.applied += done.applied;
        all.replicas.extend(done.replicas);
        all.claims.extend(done.claims);
        all.concurrent += done.concurrent;
        all.edits.extend(done.edits);
        all.merged += done.merged;
        all.recorded += done.recorded;
        all.merges_void += done.merges_void;
        all.merges_taken_back += done.merges_taken_back;
    }
    tx.commit()?;
    // Every event below the watermark is here now: the next pull starts from it.
    store.apply_pulled(&[], Some(("pulled", &upto)), pushed_before, actor)?;
    Ok(all)
}

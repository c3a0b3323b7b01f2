//! What `claims sync` exchanges with the desk's PostgreSQL and what it reports: plain data,
//! no SQL.

use serde::Serialize;

/// A local event on its way to the remote.
pub struct OutgoingEvent {
    /// Its number in this file's history (how far a push got).
    pub id: i64,
    pub uuid: String,
    pub command: String,
    pub at: String,
    pub actor: String,
    pub kind: String,
    /// The payload as stored: JSON text.
    pub payload: String,
}

/// A remote event on its way into this file.
pub struct IncomingEvent {
    pub uuid: String,
    /// The replica (a file) that made it.
    pub replica: String,
    pub command: String,
    pub at: String,
    pub actor: String,
    pub kind: String,
    pub payload: serde_json::Value,
}

/// What one batch of pulled events did here.
#[derive(Default)]
pub struct PulledBatch {
    /// Events applied and appended (those already here are skipped).
    pub applied: u64,
    /// The replicas they came from.
    pub replicas: std::collections::BTreeSet<String>,
    /// The claims (this file's numbers) they changed.
    pub claims: std::collections::BTreeSet<i64>,
}

/// The summary of one sync, the same figures for people and for scripts.
#[derive(Debug, Default, Serialize)]
pub struct Synced {
    /// The remote, as its URL (never with a password).
    pub remote: String,
    /// Local events the remote did not have, now there.
    pub pushed: u64,
    /// Remote events this file did not have, now applied here.
    pub pulled: u64,
    /// How many other replicas (colleagues' files) the pulled events came from.
    pub colleagues: u64,
    /// Claims of this file that the pulled events changed.
    pub claims_changed: u64,
    /// Edits of one field made concurrently on two replicas (one value wins everywhere; the
    /// other stays in the history).
    pub concurrent_edits: u64,
}

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
    /// Fields they edited that an edit here had edited concurrently.
    pub concurrent: u64,
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

/// A claim or statement as typed: its number here (`7`, `#7`), or its uuid or a prefix of it
/// of 8 hex digits or more (`01a24c47`, `01a24c47-536a`), the same on every laptop of a desk.
/// Digits alone are a number; a uuid prefix of digits alone is given with its dash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemRef {
    Number(i64),
    /// Lowercase hex digits, dashes left out.
    Uuid(String),
}

/// The hex digits of a uuid or uuid prefix as typed, if it is one (8 hex digits or more).
pub fn uuid_prefix(text: &str) -> Option<String> {
    let text = text.trim();
    if !text.chars().all(|c| c.is_ascii_hexdigit() || c == '-') || text.starts_with('-') {
        return None;
    }
    let hex: String = text
        .chars()
        .filter(char::is_ascii_hexdigit)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    (hex.len() >= 8 && hex.len() <= 32).then_some(hex)
}

/// A claim as typed: a number, else a uuid prefix; anything else is the number's error.
pub fn parse_claim_ref(text: &str) -> crate::Result<ItemRef> {
    match super::parse_claim_number(text) {
        Ok(id) => Ok(ItemRef::Number(id.0)),
        Err(e) => uuid_prefix(text).map(ItemRef::Uuid).ok_or(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_stay_numbers_and_uuid_prefixes_are_read_as_such() {
        assert_eq!(parse_claim_ref("#7").unwrap(), ItemRef::Number(7));
        assert_eq!(
            parse_claim_ref("12345678").unwrap(),
            ItemRef::Number(12345678)
        );
        assert_eq!(
            parse_claim_ref("01A24C47-536a").unwrap(),
            ItemRef::Uuid("01a24c47536a".into())
        );
        assert_eq!(
            parse_claim_ref("1234-5678").unwrap(),
            ItemRef::Uuid("12345678".into())
        );
        assert!(
            parse_claim_ref("01a24c4").is_err(),
            "7 hex digits are too few"
        );
        assert!(parse_claim_ref("mayor").is_err());
        assert!(parse_claim_ref("-01a24c47").is_err());
    }
}

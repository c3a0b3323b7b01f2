//! What `claims sync` exchanges with the desk's PostgreSQL and what it reports: plain data,
//! no SQL.

use serde::Serialize;

use super::event::Change;

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
    /// Those fields, one by one.
    pub edits: Vec<ConcurrentEdit>,
    /// Same-name sources made one here: how many merges this file recorded.
    pub merged: u64,
    /// Events this file recorded of its own while applying them (those merges, and statements
    /// moved after a merge), to be pushed.
    pub recorded: u64,
    /// Pulled merges (and undos of merges) of claims and sources void by the merge rule.
    pub merges_void: u64,
    /// Merges applied here before that the merge rule took back.
    pub merges_taken_back: u64,
}

/// One field edited concurrently here and on another replica, as a sync met it: which value
/// stands everywhere (the later edit by time, then by event uuid) and which stays only in the
/// history.
#[derive(Debug, Clone, Serialize)]
pub struct ConcurrentEdit {
    /// What was edited: "claim", "source" or "statement".
    pub item: &'static str,
    /// Its number here.
    pub id: i64,
    pub uuid: String,
    /// The field, as the edit's payload names it ("text", "tags", "reliability"...).
    pub field: String,
    /// The pulled edit's event uuid.
    pub event: String,
    /// Whether the pulled edit's value stands (else the one here does).
    pub pulled_won: bool,
    /// The actor whose value stands, and the actor whose value lost.
    pub stands: String,
    pub over: String,
}

/// What `log` says of a pulled edit that met a concurrent edit of one of its fields here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConcurrentOutcome {
    pub field: String,
    /// Whether this edit's value of the field stands (else the other's does, and this one
    /// stays in the history only).
    pub won: bool,
    /// The other edit: its event uuid and actor.
    pub other: String,
    pub other_actor: String,
}

/// `$then!(item, its uuid, its changes; field, …)` for each kind of edit, with the fields that
/// kind can set, as its payload names them (a source's aliases are left out: they are added and
/// dropped one by one, and every such edit stands); `$other` for any other change. The one
/// list of them, for `edited_fields` and `drop_field`.
macro_rules! edits {
    ($change:expr, $then:ident, $other:expr) => {
        match $change {
            Change::ClaimEdited(p) => $then!("claim", p.claim, p.changes;
                text, happened, tags, verdict, verdict_explanation, verdict_url, verdict_at),
            Change::SourceEdited(p) => $then!("source", p.source, p.changes;
                kind, name, role, affiliation, reliability),
            Change::StatementEdited(p) => $then!("statement", p.statement, p.changes;
                stance, source, via, citing, quote, url, stated_at, note, reliability),
            _ => $other,
        }
    };
}

/// What an edit edits, as ("claim" | "source" | "statement", its uuid), with the fields it sets,
/// named as in its payload. A source's aliases are left out: they are added and dropped one by
/// one, and every such edit stands.
pub fn edited_fields(change: &Change) -> Option<(&'static str, &str, Vec<&'static str>)> {
    // Which claim a statement is on is one of its fields too: two laptops moving it apart
    // settle like two edits of its quote.
    if let Change::StatementMoved(p) = change {
        return Some(("statement", p.statement.as_str(), vec!["claim"]));
    }
    macro_rules! set {
        ($item:expr, $uuid:expr, $changes:expr; $($field:ident),*) => {{
            let mut names = Vec::new();
            $(if $changes.$field.is_some() { names.push(stringify!($field)); })*
            Some(($item, $uuid.as_str(), names))
        }};
    }
    edits!(change, set, None)
}

/// Takes one field (named as `edited_fields` names it) out of an edit.
pub fn drop_field(change: &mut Change, field: &str) {
    macro_rules! drop {
        ($item:expr, $uuid:expr, $changes:expr; $($name:ident),*) => {
            match field {
                $(stringify!($name) => $changes.$name = None,)*
                _ => {}
            }
        };
    }
    edits!(change, drop, ())
}

/// The number here of what an edit edits (set by the apply path).
pub fn edited_number(change: &Change) -> Option<i64> {
    match change {
        Change::ClaimEdited(p) => Some(p.id),
        Change::SourceEdited(p) => Some(p.id),
        Change::StatementEdited(p) => Some(p.id),
        Change::StatementMoved(p) => Some(p.id),
        _ => None,
    }
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
    /// Those edits, one by one: what, which field, whose value stands.
    pub concurrent: Vec<ConcurrentEdit>,
    /// Sources named alike on two replicas that this sync made one (recorded merges).
    pub sources_merged: u64,
    /// Pulled merges of claims or sources (or undos of merges) that the merge rule made void:
    /// what they merge had been merged by an earlier merge, or the merge would have closed a
    /// loop.
    pub merges_void: u64,
    /// Merges (or undos) applied here before that a pulled, earlier one made void, taken back.
    pub merges_taken_back: u64,
}

/// `sync.auto` as typed: a whole number of seconds, minutes or hours (`30s`, `5m`, `1h`), or
/// `off` (`None`). Given back in the same form, trimmed and lowercased.
pub fn parse_auto_sync(text: &str) -> crate::Result<Option<(std::time::Duration, String)>> {
    let typed = text.trim().to_ascii_lowercase();
    if typed == "off" {
        return Ok(None);
    }
    let refused = || {
        crate::Error::Invalid(format!(
            "sync.auto takes how old the last sync may be, as 30s, 5m or 1h, or off; not '{}'",
            text.trim()
        ))
    };
    let unit = match typed.chars().last() {
        Some('s') => 1,
        Some('m') => 60,
        Some('h') => 3600,
        _ => return Err(refused()),
    };
    let digits = &typed[..typed.len() - 1];
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(refused());
    }
    let seconds = digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(unit))
        .filter(|&s| s > 0 && s <= 366 * 24 * 3600)
        .ok_or_else(refused)?;
    Ok(Some((std::time::Duration::from_secs(seconds), typed)))
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

/// One merge, or undo of one, as the merge rule of a desk reads it (`merges_standing`): its
/// time and event uuid, whether it merges or undoes, the merge an undo undoes, what it merges
/// and into what (uuids of claims, or of sources).
pub struct MergeKey<'a> {
    pub at: &'a str,
    pub uuid: &'a str,
    pub merge: bool,
    pub undoes: Option<&'a str>,
    pub item: &'a str,
    pub into: &'a str,
}

/// The merge rule: the merges and undos of merges, in order of (time, event uuid). A merge
/// stands unless, at its place in that order, what it merges is merged already, or what it
/// joins leads back to it through the merges that stand (B into A beside A into B); an undo
/// takes effect only on the merge it undoes, when that merge stands at its place. Everything
/// else is void: kept in the history, applied nowhere. With `joins`, a merge into the one
/// already joined takes effect too, beside the merge that stands (the sync's own merges of
/// sources, made on several files alike, and for statements that came late). Returns whether
/// each takes effect.
pub fn merges_standing(steps: &[MergeKey<'_>], joins: bool) -> Vec<bool> {
    let mut order: Vec<usize> = (0..steps.len()).collect();
    order.sort_by(|&a, &b| (steps[a].at, steps[a].uuid).cmp(&(steps[b].at, steps[b].uuid)));
    let mut merged: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut effective = vec![false; steps.len()];
    for i in order {
        let step = &steps[i];
        if step.merge {
            if let Some(&j) = merged.get(step.item) {
                effective[i] = joins && steps[j].into == step.into;
                continue;
            }
            let mut at = step.into;
            let mut hops = 0;
            let looped = loop {
                if at == step.item {
                    break true;
                }
                match merged.get(at) {
                    Some(&j) if hops <= steps.len() => at = steps[j].into,
                    _ => break false,
                }
                hops += 1;
            };
            if !looped {
                merged.insert(step.item, i);
                effective[i] = true;
            }
        } else if let Some(&j) = merged.get(step.item) {
            let undoes_it = match step.undoes {
                Some(uuid) => uuid == steps[j].uuid,
                None => steps[j].into == step.into,
            };
            if undoes_it {
                merged.remove(step.item);
                effective[i] = true;
            }
        }
    }
    effective
}

#[cfg(test)]
mod tests {
    use super::*;

    fn merge<'a>(at: &'a str, item: &'a str, into: &'a str) -> MergeKey<'a> {
        MergeKey {
            at,
            uuid: at,
            merge: true,
            undoes: None,
            item,
            into,
        }
    }

    fn undo<'a>(at: &'a str, of: &'a str, item: &'a str, into: &'a str) -> MergeKey<'a> {
        MergeKey {
            undoes: Some(of),
            merge: false,
            ..merge(at, item, into)
        }
    }

    #[test]
    fn the_earliest_merge_of_a_claim_stands_whatever_order_the_steps_come_in() {
        // A into C at 2, A into B at 1: the one at 1 stands, in either order of arrival.
        assert_eq!(
            merges_standing(&[merge("2", "A", "C"), merge("1", "A", "B")], false),
            [false, true]
        );
        assert_eq!(
            merges_standing(&[merge("1", "A", "B"), merge("2", "A", "C")], false),
            [true, false]
        );
        // Equal times: the event uuid decides.
        let (mut x, mut y) = (merge("1", "A", "B"), merge("1", "A", "C"));
        (x.uuid, y.uuid) = ("b", "a");
        assert_eq!(merges_standing(&[x, y], false), [false, true]);
    }

    #[test]
    fn a_merge_closing_a_loop_is_void() {
        assert_eq!(
            merges_standing(&[merge("1", "A", "B"), merge("2", "B", "A")], false),
            [true, false]
        );
        assert_eq!(
            merges_standing(
                &[
                    merge("1", "A", "B"),
                    merge("2", "B", "C"),
                    merge("3", "C", "A")
                ],
                false
            ),
            [true, true, false]
        );
    }

    #[test]
    fn an_undo_counts_only_on_a_merge_that_stands_and_a_void_merge_stays_void() {
        // A into B, then A into C (void), then the undo of A into B: A ends merged in nothing.
        let steps = [
            merge("1", "A", "B"),
            merge("2", "A", "C"),
            undo("3", "1", "A", "B"),
        ];
        assert_eq!(merges_standing(&steps, false), [true, false, true]);
        // An undo of the void merge changes nothing.
        let steps = [
            merge("1", "A", "B"),
            merge("2", "A", "C"),
            undo("3", "2", "A", "C"),
        ];
        assert_eq!(merges_standing(&steps, false), [true, false, false]);
    }

    #[test]
    fn with_joins_a_merge_into_the_one_already_joined_counts_too() {
        let steps = [
            merge("1", "A", "B"),
            merge("2", "A", "B"),
            merge("3", "A", "C"),
        ];
        assert_eq!(merges_standing(&steps, true), [true, true, false]);
        assert_eq!(merges_standing(&steps, false), [true, false, false]);
    }

    #[test]
    fn auto_sync_takes_seconds_minutes_hours_or_off() {
        let secs = |t: &str| parse_auto_sync(t).unwrap().map(|(d, _)| d.as_secs());
        assert_eq!(secs("30s"), Some(30));
        assert_eq!(secs(" 5M "), Some(300));
        assert_eq!(secs("1h"), Some(3600));
        assert_eq!(secs("off"), None);
        for bad in [
            "",
            "5",
            "m",
            "0s",
            "-5m",
            "5 m",
            "1.5h",
            "5d",
            "99999999999999999999s",
        ] {
            assert!(parse_auto_sync(bad).is_err(), "{bad:?}");
        }
    }

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

//! The history as types: every change the tracker makes to its data is one `Change`, stored as
//! an event row whose `kind` and `payload` are exactly what `Change::kind` and
//! `Recorded::payload` give. The payloads are the JSON the tracker has always written (field
//! names and order included), so every database and export written before these types existed
//! reads back into them, and writes back byte for byte.
//!
//! A change carries the values before and after it (`Move`), and the numbers and uuids of what
//! it touches, so that `Change::reverse` can say what undoes it without looking anything up.
//! The store applies changes in one place (`store::apply`); nothing here knows SQL.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::{Reliability, SourceKind, Stance, Status};
use crate::{Error, Result};

/// A value before and after a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Move<T> {
    pub old: T,
    pub new: T,
}

impl<T: Clone> Move<T> {
    pub fn new(old: T, new: T) -> Move<T> {
        Move { old, new }
    }

    /// The move back.
    pub fn swapped(&self) -> Move<T> {
        Move {
            old: self.new.clone(),
            new: self.old.clone(),
        }
    }
}

/// A field that older payloads may lack altogether: `None` when absent, `Some(None)` when null.
fn present<'de, D, T>(deserializer: D) -> std::result::Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// A claim as it was logged (`claim.added`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddedClaim {
    pub id: i64,
    pub uuid: String,
    pub text: String,
    /// Sorted, without repeats.
    pub tags: Vec<String>,
    pub happened: Option<String>,
    pub note: Option<String>,
    pub created_at: String,
}

/// The fields one `claim.edited` changed, in the order they are written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimFields {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Move<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub happened: Option<Move<Option<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Move<Vec<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Move<Option<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict_explanation: Option<Move<Option<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict_url: Option<Move<Option<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict_at: Option<Move<Option<String>>>,
}

impl ClaimFields {
    pub fn is_empty(&self) -> bool {
        *self == ClaimFields::default()
    }

    fn swapped(&self) -> ClaimFields {
        ClaimFields {
            text: self.text.as_ref().map(Move::swapped),
            happened: self.happened.as_ref().map(Move::swapped),
            tags: self.tags.as_ref().map(Move::swapped),
            verdict: self.verdict.as_ref().map(Move::swapped),
            verdict_explanation: self.verdict_explanation.as_ref().map(Move::swapped),
            verdict_url: self.verdict_url.as_ref().map(Move::swapped),
            verdict_at: self.verdict_at.as_ref().map(Move::swapped),
        }
    }
}

/// A source as it was added (`source.added`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddedSource {
    pub id: i64,
    pub uuid: String,
    pub name: String,
    pub kind: SourceKind,
    pub role: Option<String>,
    pub affiliation: Option<String>,
    pub aliases: Vec<String>,
    pub reliability: Reliability,
    pub created_at: String,
}

/// Aliases a source gained or lost.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AliasChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub added: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed: Option<Vec<String>>,
}

/// The fields one `source.edited` changed, in the order they are written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceFields {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Move<SourceKind>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Move<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Move<Option<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<Move<Option<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliability: Option<Move<Reliability>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aliases: Option<AliasChange>,
}

impl SourceFields {
    pub fn is_empty(&self) -> bool {
        *self == SourceFields::default()
    }

    fn swapped(&self) -> SourceFields {
        SourceFields {
            kind: self.kind.as_ref().map(Move::swapped),
            name: self.name.as_ref().map(Move::swapped),
            role: self.role.as_ref().map(Move::swapped),
            affiliation: self.affiliation.as_ref().map(Move::swapped),
            reliability: self.reliability.as_ref().map(Move::swapped),
            aliases: self.aliases.as_ref().map(|a| AliasChange {
                added: a.removed.clone(),
                removed: a.added.clone(),
            }),
        }
    }
}

/// A statement as it was recorded (`statement.added`). Sources are named by uuid, with their
/// names at the time for people reading the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddedStatement {
    pub id: i64,
    pub uuid: String,
    /// The claim's uuid.
    pub claim: String,
    pub claim_id: i64,
    pub stance: Stance,
    pub source: String,
    pub source_name: String,
    pub via: Option<String>,
    pub via_name: Option<String>,
    pub citing: Option<String>,
    pub citing_name: Option<String>,
    pub quote: Option<String>,
    pub url: Option<String>,
    pub stated_at: String,
    pub recorded_at: String,
    pub note: Option<String>,
    /// The statement's own grade; absent from payloads written before statements had one.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub reliability: Option<Option<Reliability>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimAdded {
    pub claim: AddedClaim,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimEdited {
    /// The claim's uuid.
    pub claim: String,
    pub id: i64,
    pub changes: ClaimFields,
}

/// A claim marked removed or restored: which one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimMark {
    pub claim: String,
    pub id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceAdded {
    pub source: AddedSource,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceEdited {
    pub source: String,
    pub id: i64,
    pub changes: SourceFields,
}

/// A source marked removed or restored: which one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceMark {
    pub source: String,
    pub id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatementAdded {
    pub statement: AddedStatement,
    /// How the claim's status moved, when the change regraded it at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Move<Status>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Move<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatementRetracted {
    pub statement: String,
    pub id: i64,
    pub claim_id: i64,
    pub retracted_at: String,
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Move<Status>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Move<String>>,
}

/// A statement made to count again, marked removed, or restored: which one, and how its claim
/// moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatementMark {
    pub statement: String,
    pub id: i64,
    pub claim_id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Move<Status>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Move<String>>,
}

/// A source as a statement names it: its uuid, and its name at the time for people reading
/// the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceLink {
    pub uuid: String,
    pub name: String,
}

/// The fields one `statement.edited` changed, in the order they are written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatementFields {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stance: Option<Move<Stance>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Move<SourceLink>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<Move<Option<SourceLink>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citing: Option<Move<Option<SourceLink>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<Move<Option<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Move<Option<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_at: Option<Move<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Move<Option<String>>>,
    /// The statement's own grade (`None`: its source's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliability: Option<Move<Option<Reliability>>>,
}

impl StatementFields {
    pub fn is_empty(&self) -> bool {
        *self == StatementFields::default()
    }

    fn swapped(&self) -> StatementFields {
        StatementFields {
            stance: self.stance.as_ref().map(Move::swapped),
            source: self.source.as_ref().map(Move::swapped),
            via: self.via.as_ref().map(Move::swapped),
            citing: self.citing.as_ref().map(Move::swapped),
            quote: self.quote.as_ref().map(Move::swapped),
            url: self.url.as_ref().map(Move::swapped),
            stated_at: self.stated_at.as_ref().map(Move::swapped),
            note: self.note.as_ref().map(Move::swapped),
            reliability: self.reliability.as_ref().map(Move::swapped),
        }
    }

    /// The uuids of every source the edit names, before and after.
    fn sources(&self) -> Vec<&str> {
        let mut uuids = Vec::new();
        if let Some(m) = &self.source {
            uuids.extend([m.old.uuid.as_str(), m.new.uuid.as_str()]);
        }
        for m in [&self.via, &self.citing].into_iter().flatten() {
            uuids.extend(m.old.iter().chain(m.new.iter()).map(|l| l.uuid.as_str()));
        }
        uuids
    }

    fn sources_mut(&mut self) -> Vec<&mut String> {
        let mut uuids = Vec::new();
        if let Some(m) = &mut self.source {
            uuids.extend([&mut m.old.uuid, &mut m.new.uuid]);
        }
        for m in [&mut self.via, &mut self.citing].into_iter().flatten() {
            uuids.extend(
                m.old
                    .iter_mut()
                    .chain(m.new.iter_mut())
                    .map(|l| &mut l.uuid),
            );
        }
        uuids
    }
}

/// A statement mended in place (`statement.edited`): which one, what changed, and how its
/// claim moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatementEdited {
    pub statement: String,
    pub id: i64,
    pub claim_id: i64,
    pub changes: StatementFields,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Move<Status>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Move<String>>,
}

/// A claim merged into another (`claim.merged`), or taken back out of it (`claim.unmerged`):
/// what moved, so that the reverse puts back exactly what was there. The merged claim keeps
/// its own row, tags and note (it is hidden, and `show` follows it to `into`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimMerge {
    /// The merged claim's uuid.
    pub claim: String,
    pub id: i64,
    /// The uuid of the claim it is merged into.
    pub into: String,
    pub into_id: i64,
    /// The uuids of the statements that moved, from `claim` to `into` (back, unmerged).
    pub statements: Vec<String>,
    /// The tags `into` gained (lost, unmerged): the merged claim's that it lacked.
    pub tags: Vec<String>,
    /// How `into`'s note moved: the merged claim's note joined to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Move<Option<String>>>,
    /// How `into`'s status and summary moved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Move<Status>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Move<String>>,
}

/// How one claim's status and summary moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Regrading {
    pub status: Move<Status>,
    pub summary: Move<String>,
}

/// A statement taken from one claim to another (`statement.moved`), and how both claims moved:
/// `from` the claim it left, `to` the claim it joined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatementMoved {
    pub statement: String,
    pub id: i64,
    /// The claims' uuids.
    pub claim: Move<String>,
    pub claim_id: Move<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Regrading>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Regrading>,
}

impl StatementMoved {
    fn swapped(&self) -> StatementMoved {
        StatementMoved {
            statement: self.statement.clone(),
            id: self.id,
            claim: self.claim.swapped(),
            claim_id: self.claim_id.swapped(),
            from: None,
            to: None,
        }
    }
}

impl ClaimMerge {
    /// The move back: the same things, the note's move swapped, the regrading left for the
    /// store to fill in.
    pub fn swapped(&self) -> ClaimMerge {
        ClaimMerge {
            note: self.note.as_ref().map(Move::swapped),
            status: None,
            summary: None,
            ..self.clone()
        }
    }
}

/// A statement a source merge moved: which one, and on which claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatementRef {
    pub statement: String,
    pub id: i64,
    pub claim_id: i64,
}

/// One source merged into another (`source.merged`), or taken apart again (`source.unmerged`,
/// the same payload): the statements it spoke, carried or was cited on, by role; its own
/// aliases (which it gives up); and the names `into` gained as aliases (its name and aliases,
/// but those `into` answered to already).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceMerge {
    pub source: String,
    pub id: i64,
    pub name: String,
    pub into: String,
    pub into_id: i64,
    pub into_name: String,
    pub aliases: Vec<String>,
    pub added: Vec<String>,
    pub statements: Vec<StatementRef>,
    pub via: Vec<StatementRef>,
    pub citing: Vec<StatementRef>,
}

impl SourceMerge {
    /// Every statement the merge moves, in any role.
    pub fn moved(&self) -> impl Iterator<Item = &StatementRef> {
        self.statements.iter().chain(&self.via).chain(&self.citing)
    }

    pub fn moved_mut(&mut self) -> impl Iterator<Item = &mut StatementRef> {
        self.statements
            .iter_mut()
            .chain(&mut self.via)
            .chain(&mut self.citing)
    }
}

/// A claim the user removed from lists (`claim.dismissed`: `claims remove`), or brought back
/// (`claim.undismissed`: `claims restore`): when it was removed, and why. Not `claim.removed`,
/// which is an undone add.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimDismissal {
    pub claim: String,
    pub id: i64,
    /// When it was removed (for a restore: the removal it ends).
    pub at: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingSet {
    pub key: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// The record an `undo` leaves of the command it reversed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Undo {
    pub command: String,
    pub at: String,
    pub actor: String,
    /// The uuids of the reversed events, newest first.
    pub events: Vec<String>,
    pub kinds: Vec<String>,
}

/// The record a `redo` leaves of the undone command it applied again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Redo {
    /// The command applied again.
    pub command: String,
    /// The undo that had reversed it.
    pub undo: String,
}

/// The record of a command that changed nothing (an `ingest --apply` that found everything
/// logged already): it is the actor's last command, so that an `undo` after it does not reach
/// past it to the command before and take that back by surprise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Empty {
    /// What ran: "ingest --apply".
    pub what: String,
}

/// Every kind of event, by name, as stored.
pub mod kinds {
    pub const CLAIM_ADDED: &str = "claim.added";
    pub const CLAIM_EDITED: &str = "claim.edited";
    pub const CLAIM_REMOVED: &str = "claim.removed";
    pub const CLAIM_RESTORED: &str = "claim.restored";
    pub const SOURCE_ADDED: &str = "source.added";
    pub const SOURCE_EDITED: &str = "source.edited";
    pub const SOURCE_REMOVED: &str = "source.removed";
    pub const SOURCE_RESTORED: &str = "source.restored";
    pub const STATEMENT_ADDED: &str = "statement.added";
    pub const STATEMENT_RETRACTED: &str = "statement.retracted";
    pub const STATEMENT_UNRETRACTED: &str = "statement.unretracted";
    pub const STATEMENT_REMOVED: &str = "statement.removed";
    pub const STATEMENT_RESTORED: &str = "statement.restored";
    pub const SETTING_SET: &str = "config.set";
    pub const UNDO: &str = "undo";
    pub const REDO: &str = "redo";
    pub const EMPTY: &str = "empty";
    pub const STATEMENT_EDITED: &str = "statement.edited";
    pub const STATEMENT_MOVED: &str = "statement.moved";
    pub const SOURCE_MERGED: &str = "source.merged";
    pub const SOURCE_UNMERGED: &str = "source.unmerged";
    pub const CLAIM_MERGED: &str = "claim.merged";
    pub const CLAIM_UNMERGED: &str = "claim.unmerged";
    pub const CLAIM_DISMISSED: &str = "claim.dismissed";
    pub const CLAIM_UNDISMISSED: &str = "claim.undismissed";
}

macro_rules! changes {
    ($($(#[$doc:meta])* $variant:ident($payload:ty) = $kind:path,)*) => {
        /// Every change the tracker makes to its data.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Change {
            $($(#[$doc])* $variant($payload),)*
        }

        /// Every kind of event, as stored.
        pub const KINDS: &[&str] = &[$($kind),*];

        impl Change {
            /// The kind stored beside the payload.
            pub fn kind(&self) -> &'static str {
                match self {
                    $(Change::$variant(_) => $kind,)*
                }
            }

            fn to_value(&self) -> serde_json::Result<Value> {
                match self {
                    $(Change::$variant(payload) => serde_json::to_value(payload),)*
                }
            }

            /// The payload's JSON text, written straight from the struct (its fields are in
            /// the stored order), without building a `Value` first: the writer's hot path.
            fn to_text(&self) -> serde_json::Result<String> {
                match self {
                    $(Change::$variant(payload) => serde_json::to_string(payload),)*
                }
            }

            /// Reads a payload's text straight into its struct, without building a `Value`
            /// first (the hot path of an import and a rebuild); `None` where that fails, for
            /// `from_value` to read it and say why.
            fn from_text(kind: &str, payload: &str) -> Option<Change> {
                match kind {
                    $($kind => serde_json::from_str::<$payload>(payload)
                        .ok()
                        .map(Change::$variant),)*
                    _ => None,
                }
            }

            fn from_value(kind: &str, payload: Value) -> Result<Change> {
                let unreadable = |e: serde_json::Error| {
                    Error::Invalid(format!(
                        "the history holds a '{kind}' event this version cannot read ({e}); \
                         a newer claims may have written it"
                    ))
                };
                match kind {
                    $($kind => serde_json::from_value::<$payload>(payload)
                        .map(Change::$variant)
                        .map_err(unreadable),)*
                    other => Err(Error::Invalid(format!(
                        "the history holds an event of unknown kind '{other}'; a newer claims \
                         wrote it"
                    ))),
                }
            }
        }
    };
}

changes! {
    ClaimAdded(ClaimAdded) = kinds::CLAIM_ADDED,
    ClaimEdited(ClaimEdited) = kinds::CLAIM_EDITED,
    /// Taken out of every read (an undone add, or removed in the file it was imported from).
    ClaimRemoved(ClaimMark) = kinds::CLAIM_REMOVED,
    /// Back in the reads: the undoing of a removal.
    ClaimRestored(ClaimMark) = kinds::CLAIM_RESTORED,
    SourceAdded(SourceAdded) = kinds::SOURCE_ADDED,
    SourceEdited(SourceEdited) = kinds::SOURCE_EDITED,
    SourceRemoved(SourceMark) = kinds::SOURCE_REMOVED,
    SourceRestored(SourceMark) = kinds::SOURCE_RESTORED,
    StatementAdded(StatementAdded) = kinds::STATEMENT_ADDED,
    StatementRetracted(StatementRetracted) = kinds::STATEMENT_RETRACTED,
    /// Counts again: the undoing of a retraction.
    StatementUnretracted(StatementMark) = kinds::STATEMENT_UNRETRACTED,
    StatementRemoved(StatementMark) = kinds::STATEMENT_REMOVED,
    StatementRestored(StatementMark) = kinds::STATEMENT_RESTORED,
    SettingSet(SettingSet) = kinds::SETTING_SET,
    Undo(Undo) = kinds::UNDO,
    Redo(Redo) = kinds::REDO,
    Empty(Empty) = kinds::EMPTY,
    /// A statement mended in place: its stance, sources, words, address, time, note or grade.
    StatementEdited(StatementEdited) = kinds::STATEMENT_EDITED,
    /// A statement taken to another claim.
    StatementMoved(StatementMoved) = kinds::STATEMENT_MOVED,
    /// One source folded into another: its statements and names become the other's.
    SourceMerged(SourceMerge) = kinds::SOURCE_MERGED,
    /// A merge taken back: the statements and names it moved go back.
    SourceUnmerged(SourceMerge) = kinds::SOURCE_UNMERGED,
    /// Every statement, the missing tags and the note of a claim moved into another; the
    /// claim is kept, marked merged.
    ClaimMerged(ClaimMerge) = kinds::CLAIM_MERGED,
    /// The undoing of a merge.
    ClaimUnmerged(ClaimMerge) = kinds::CLAIM_UNMERGED,
    /// Removed by the user: hidden from lists, readable with `show`.
    ClaimDismissed(ClaimDismissal) = kinds::CLAIM_DISMISSED,
    /// Back in the lists.
    ClaimUndismissed(ClaimDismissal) = kinds::CLAIM_UNDISMISSED,
}

impl Change {
    /// The change that takes this one back, as far as the change itself tells: the claim's
    /// regrading it would cause (`status`, `summary`) is left for the store to fill in. An
    /// undo's own record has none (undo is not undone), and neither has making a retracted
    /// statement count again, which does not carry the retraction it reversed.
    pub fn reverse(&self) -> Option<Change> {
        let statement_mark = |statement: &str, id: i64, claim_id: i64| StatementMark {
            statement: statement.to_string(),
            id,
            claim_id,
            status: None,
            summary: None,
        };
        Some(match self {
            Change::ClaimAdded(p) => Change::ClaimRemoved(ClaimMark {
                claim: p.claim.uuid.clone(),
                id: p.claim.id,
            }),
            Change::ClaimEdited(p) => Change::ClaimEdited(ClaimEdited {
                claim: p.claim.clone(),
                id: p.id,
                changes: p.changes.swapped(),
            }),
            Change::ClaimRemoved(p) => Change::ClaimRestored(p.clone()),
            Change::ClaimRestored(p) => Change::ClaimRemoved(p.clone()),
            Change::SourceAdded(p) => Change::SourceRemoved(SourceMark {
                source: p.source.uuid.clone(),
                id: p.source.id,
            }),
            Change::SourceEdited(p) => Change::SourceEdited(SourceEdited {
                source: p.source.clone(),
                id: p.id,
                changes: p.changes.swapped(),
            }),
            Change::SourceRemoved(p) => Change::SourceRestored(p.clone()),
            Change::SourceRestored(p) => Change::SourceRemoved(p.clone()),
            Change::StatementAdded(p) => Change::StatementRemoved(statement_mark(
                &p.statement.uuid,
                p.statement.id,
                p.statement.claim_id,
            )),
            Change::StatementRetracted(p) => {
                Change::StatementUnretracted(statement_mark(&p.statement, p.id, p.claim_id))
            }
            Change::StatementUnretracted(_)
            | Change::Undo(_)
            | Change::Redo(_)
            | Change::Empty(_) => return None,
            Change::StatementRemoved(p) => {
                Change::StatementRestored(statement_mark(&p.statement, p.id, p.claim_id))
            }
            Change::StatementRestored(p) => {
                Change::StatementRemoved(statement_mark(&p.statement, p.id, p.claim_id))
            }
            Change::SettingSet(p) => Change::SettingSet(SettingSet {
                key: p.key.clone(),
                old: p.new.clone(),
                new: p.old.clone(),
            }),
            Change::StatementEdited(p) => Change::StatementEdited(StatementEdited {
                statement: p.statement.clone(),
                id: p.id,
                claim_id: p.claim_id,
                changes: p.changes.swapped(),
                status: None,
                summary: None,
            }),
            Change::StatementMoved(p) => Change::StatementMoved(p.swapped()),
            Change::SourceMerged(p) => Change::SourceUnmerged(p.clone()),
            Change::SourceUnmerged(p) => Change::SourceMerged(p.clone()),
            Change::ClaimMerged(p) => Change::ClaimUnmerged(p.swapped()),
            Change::ClaimUnmerged(p) => Change::ClaimMerged(p.swapped()),
            Change::ClaimDismissed(p) => Change::ClaimUndismissed(p.clone()),
            Change::ClaimUndismissed(p) => Change::ClaimDismissed(p.clone()),
        })
    }

    /// The claim the change is about, by number (the event row's `claim_id`).
    pub fn claim(&self) -> Option<i64> {
        match self {
            Change::ClaimAdded(p) => Some(p.claim.id),
            Change::ClaimEdited(p) => Some(p.id),
            Change::ClaimRemoved(p) | Change::ClaimRestored(p) => Some(p.id),
            Change::StatementAdded(p) => Some(p.statement.claim_id),
            Change::StatementRetracted(p) => Some(p.claim_id),
            Change::StatementUnretracted(p)
            | Change::StatementRemoved(p)
            | Change::StatementRestored(p) => Some(p.claim_id),
            Change::StatementEdited(p) => Some(p.claim_id),
            // The claim it joined; the one it left is marked by the store beside it.
            Change::StatementMoved(p) => Some(p.claim_id.new),
            Change::SourceMerged(_) | Change::SourceUnmerged(_) => None,
            Change::SourceAdded(_)
            | Change::SourceEdited(_)
            | Change::SourceRemoved(_)
            | Change::SourceRestored(_)
            | Change::SettingSet(_)
            | Change::Undo(_)
            | Change::Redo(_)
            | Change::Empty(_) => None,
            Change::ClaimMerged(p) | Change::ClaimUnmerged(p) => Some(p.id),
            Change::ClaimDismissed(p) | Change::ClaimUndismissed(p) => Some(p.id),
        }
    }

    /// Every claim the change is about, by number: the event row's, and for a statement moved
    /// between claims or a claim merged into another, the other claim too (`log CLAIM` lists
    /// the change under both).
    pub fn claims(&self) -> Vec<i64> {
        match self {
            Change::StatementMoved(p) => vec![p.claim_id.old, p.claim_id.new],
            Change::ClaimMerged(p) | Change::ClaimUnmerged(p) => vec![p.id, p.into_id],
            other => other.claim().into_iter().collect(),
        }
    }

    /// Whether this is a record (of an undo, a redo, or a command that changed nothing), not
    /// a change to the data.
    pub fn is_record(&self) -> bool {
        matches!(self, Change::Undo(_) | Change::Redo(_) | Change::Empty(_))
    }

    /// The changes that do this one again once an undo reversed it: what was added and then
    /// removed is restored (the row is there, marked), with a source's aliases given back (a
    /// removal frees them); anything else is applied as it was.
    pub fn redo(&self) -> Vec<Change> {
        match self {
            Change::ClaimAdded(p) => vec![Change::ClaimRestored(ClaimMark {
                claim: p.claim.uuid.clone(),
                id: p.claim.id,
            })],
            Change::SourceAdded(p) => {
                let mut again = vec![Change::SourceRestored(SourceMark {
                    source: p.source.uuid.clone(),
                    id: p.source.id,
                })];
                if !p.source.aliases.is_empty() {
                    again.push(Change::SourceEdited(SourceEdited {
                        source: p.source.uuid.clone(),
                        id: p.source.id,
                        changes: SourceFields {
                            aliases: Some(AliasChange {
                                added: Some(p.source.aliases.clone()),
                                removed: None,
                            }),
                            ..SourceFields::default()
                        },
                    }));
                }
                again
            }
            Change::StatementAdded(p) => vec![Change::StatementRestored(StatementMark {
                statement: p.statement.uuid.clone(),
                id: p.statement.id,
                claim_id: p.statement.claim_id,
                status: None,
                summary: None,
            })],
            other => vec![other.clone()],
        }
    }

    /// Every thing the change names, by uuid (a setting by its key): what it is about, and for
    /// a statement its claim and its sources. A later change that names what an earlier one
    /// made or changed depends on it.
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.subject().map(|(_, key)| key).into_iter().collect();
        if let Change::StatementAdded(p) = self {
            let s = &p.statement;
            names.push(&s.claim);
            names.push(&s.source);
            names.extend(s.via.as_deref());
            names.extend(s.citing.as_deref());
        }
        match self {
            Change::StatementEdited(p) => names.extend(p.changes.sources()),
            Change::StatementMoved(p) => names.extend([p.claim.old.as_str(), p.claim.new.as_str()]),
            Change::SourceMerged(p) | Change::SourceUnmerged(p) => {
                names.push(&p.into);
                names.extend(p.moved().map(|s| s.statement.as_str()));
            }
            Change::ClaimMerged(p) | Change::ClaimUnmerged(p) => {
                names.push(&p.into);
                names.extend(p.statements.iter().map(String::as_str));
            }
            _ => {}
        }
        names
    }

    /// What the change changed, by uuid: its subject; for a source merge every statement it
    /// moved; for a claim merge the claim merged into and the statements that moved. A later
    /// command that names any of them depends on it (undo and redo refuse to take it back from
    /// under that command).
    pub fn changed(&self) -> Vec<&str> {
        match self {
            Change::ClaimMerged(_) | Change::ClaimUnmerged(_) => self.names(),
            Change::SourceMerged(p) | Change::SourceUnmerged(p) => {
                let mut changed = vec![p.source.as_str()];
                changed.extend(p.moved().map(|s| s.statement.as_str()));
                changed
            }
            _ => self.subject().map(|(_, key)| key).into_iter().collect(),
        }
    }

    /// The rule of last activity: every change about a claim marks activity on it at the
    /// change's time, except its removal (a claim's activity is what was said and done about
    /// it, and an undone claim is gone from the reads); a statement moved marks both the claim
    /// it left and the one it joined.
    pub fn marks_activity(&self) -> Vec<i64> {
        match self {
            Change::ClaimRemoved(_) => Vec::new(),
            Change::StatementMoved(p) => vec![p.claim_id.old, p.claim_id.new],
            // The claim merged into is the one that gained (or lost) statements; the merged
            // one is hidden.
            Change::ClaimMerged(p) | Change::ClaimUnmerged(p) => vec![p.into_id],
            other => other.claim().into_iter().collect(),
        }
    }

    /// Sets how the claim's status and summary moved, on the changes that record it.
    pub fn set_regrading(&mut self, status: Move<Status>, summary: Move<String>) {
        let slots = match self {
            Change::StatementAdded(p) => Some((&mut p.status, &mut p.summary)),
            Change::StatementRetracted(p) => Some((&mut p.status, &mut p.summary)),
            Change::StatementUnretracted(p)
            | Change::StatementRemoved(p)
            | Change::StatementRestored(p) => Some((&mut p.status, &mut p.summary)),
            Change::StatementEdited(p) => Some((&mut p.status, &mut p.summary)),
            Change::ClaimMerged(p) | Change::ClaimUnmerged(p) => {
                Some((&mut p.status, &mut p.summary))
            }
            Change::StatementMoved(p) => {
                p.to = Some(Regrading { status, summary });
                return;
            }
            _ => None,
        };
        if let Some((old_status, old_summary)) = slots {
            *old_status = Some(status);
            *old_summary = Some(summary);
        }
    }

    /// What the change is about: "claim", "source", "statement" or "config", with its uuid
    /// (a setting's key); an undo's record is about none.
    pub fn subject(&self) -> Option<(&'static str, &str)> {
        Some(match self {
            Change::ClaimAdded(p) => ("claim", p.claim.uuid.as_str()),
            Change::ClaimEdited(p) => ("claim", p.claim.as_str()),
            Change::ClaimRemoved(p) | Change::ClaimRestored(p) => ("claim", p.claim.as_str()),
            Change::SourceAdded(p) => ("source", p.source.uuid.as_str()),
            Change::SourceEdited(p) => ("source", p.source.as_str()),
            Change::SourceRemoved(p) | Change::SourceRestored(p) => ("source", p.source.as_str()),
            Change::StatementAdded(p) => ("statement", p.statement.uuid.as_str()),
            Change::StatementRetracted(p) => ("statement", p.statement.as_str()),
            Change::StatementUnretracted(p)
            | Change::StatementRemoved(p)
            | Change::StatementRestored(p) => ("statement", p.statement.as_str()),
            Change::SettingSet(p) => ("config", p.key.as_str()),
            Change::StatementEdited(p) => ("statement", p.statement.as_str()),
            Change::StatementMoved(p) => ("statement", p.statement.as_str()),
            Change::SourceMerged(p) | Change::SourceUnmerged(p) => ("source", p.source.as_str()),
            Change::Undo(_) | Change::Redo(_) | Change::Empty(_) => return None,
            Change::ClaimMerged(p) | Change::ClaimUnmerged(p) => ("claim", p.claim.as_str()),
            Change::ClaimDismissed(p) | Change::ClaimUndismissed(p) => ("claim", p.claim.as_str()),
        })
    }

    /// Whether the change brings its subject into being (a setting's first value included).
    pub fn adds(&self) -> bool {
        matches!(
            self,
            Change::ClaimAdded(_)
                | Change::SourceAdded(_)
                | Change::StatementAdded(_)
                | Change::SettingSet(_)
        )
    }

    /// Every uuid of a source the change names, to be read as another (an import that finds a
    /// file's source here under another uuid).
    pub fn source_uuids_mut(&mut self) -> Vec<&mut String> {
        match self {
            Change::SourceAdded(p) => vec![&mut p.source.uuid],
            Change::SourceEdited(p) => vec![&mut p.source],
            Change::SourceRemoved(p) | Change::SourceRestored(p) => vec![&mut p.source],
            Change::StatementAdded(p) => {
                let s = &mut p.statement;
                let mut uuids = vec![&mut s.source];
                uuids.extend(s.via.as_mut());
                uuids.extend(s.citing.as_mut());
                uuids
            }
            Change::StatementEdited(p) => p.changes.sources_mut(),
            Change::SourceMerged(p) | Change::SourceUnmerged(p) => {
                vec![&mut p.source, &mut p.into]
            }
            _ => Vec::new(),
        }
    }
}

/// How a sync applied a colleague's claim merge, or their undo of one, in this file (the merge
/// rule of a desk, `store::claim_merges`): whether it was void here, the merges (and undos) it
/// made void and took back first, those it let stand and applied after, and where the
/// statements they list are then. Written in the stored payload as `"settled"`, after
/// the change's own fields; only this file's copy has it (a file pushes its own events, never
/// what it pulled), so that `rebuild` replays what happened here.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settled {
    /// Nothing of the change was applied here: the claim had been merged by an earlier merge
    /// (or the merge would have closed a loop, or it undoes a merge that was void).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub void: bool,
    /// Merges and undos applied here before that are void once this change is in, taken back
    /// before it, newest first (their claims only: the statements are in `statements`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub taken_back: Vec<SettledMerge>,
    /// Merges and undos that take effect once this change is in, applied after it, oldest first
    /// (their claims only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applied: Vec<SettledMerge>,
    /// Where each statement these list is once all that is done: on the claim its latest move
    /// (a `statement move`, or a merge or undo that takes effect) put it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statements: Vec<StatementOn>,
    /// For a colleague's undo of a claim's removal (or of a statement's retraction): the
    /// earliest other removal (retraction) of it that is not undone, which stands after it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub still: Option<Mark>,
    /// For a colleague's source merge (or undo of one): the source merges and undos taken back
    /// before it, newest first, and those applied after it, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources_taken_back: Vec<SettledSourceMerge>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources_applied: Vec<SettledSourceMerge>,
}

/// One source merged (`merged`) or taken back out of the source it joined, by the merge rule
/// of a sync: the event of the merge (or undo), and its payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettledSourceMerge {
    pub event: String,
    pub merged: bool,
    pub merge: SourceMerge,
}

/// When a claim was removed (a statement retracted), and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mark {
    pub at: String,
    pub note: Option<String>,
}

/// One claim merged (`merged`) or taken back out of the claim it joined, by the merge rule of a
/// sync: the event of the merge (or undo), and its payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettledMerge {
    pub event: String,
    pub merged: bool,
    pub merge: ClaimMerge,
}

/// A statement and the claim it is on (uuids).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatementOn {
    pub statement: String,
    pub claim: String,
}

impl Settled {
    /// Whether the change was applied as it came, and nothing else with it.
    pub fn is_plain(&self) -> bool {
        !self.void
            && self.taken_back.is_empty()
            && self.applied.is_empty()
            && self.statements.is_empty()
            && self.still.is_none()
            && self.sources_taken_back.is_empty()
            && self.sources_applied.is_empty()
    }
}

/// A change as an event row holds it: the change, and for a change an undo made, the uuid of
/// the event it reverses (written last in the payload, as `"undoes"`); for a pulled claim merge
/// (or undo of one) whose merge rule did more or less than apply it, what it did here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub change: Change,
    pub undoes: Option<String>,
    pub settled: Option<Settled>,
}

impl Recorded {
    pub fn new(change: Change) -> Recorded {
        Recorded {
            change,
            undoes: None,
            settled: None,
        }
    }

    /// Reads a stored event: its kind and its payload's JSON text.
    pub fn parse(kind: &str, payload: &str) -> Result<Recorded> {
        // Most payloads carry neither an undo's `undoes` nor a sync's `settled`: those are read
        // straight into their change. A payload that names either (or merely mentions one, in
        // a text) or does not read goes the way of a `Value`, which says what is wrong.
        if !payload.contains("\"undoes\"")
            && !payload.contains("\"settled\"")
            && let Some(change) = Change::from_text(kind, payload)
        {
            return Ok(Recorded {
                change,
                undoes: None,
                settled: None,
            });
        }
        let value: Value = serde_json::from_str(payload).map_err(|e| {
            Error::Invalid(format!(
                "the history holds a '{kind}' event whose payload is not JSON ({e})"
            ))
        })?;
        Recorded::from_value(kind, value)
    }

    /// Reads an event's payload already parsed (a line of an export).
    pub fn from_value(kind: &str, mut value: Value) -> Result<Recorded> {
        let undoes = match value.as_object_mut().and_then(|p| p.shift_remove("undoes")) {
            None => None,
            Some(Value::String(uuid)) => Some(uuid),
            Some(other) => {
                return Err(Error::Invalid(format!(
                    "the history holds a '{kind}' event that undoes {other}, not an event's uuid"
                )));
            }
        };
        let settled = match value
            .as_object_mut()
            .and_then(|p| p.shift_remove("settled"))
        {
            None => None,
            Some(settled) => Some(serde_json::from_value(settled).map_err(|e| {
                Error::Invalid(format!(
                    "the history holds a '{kind}' event whose settled is not one ({e})"
                ))
            })?),
        };
        Ok(Recorded {
            change: Change::from_value(kind, value)?,
            undoes,
            settled,
        })
    }

    pub fn kind(&self) -> &'static str {
        self.change.kind()
    }

    /// The payload as stored.
    pub fn payload(&self) -> Value {
        // Every payload is a struct of strings, numbers, lists and structs: nothing in it can
        // fail to become JSON, so an error here would be a bug in this file.
        let mut value = self
            .change
            .to_value()
            .unwrap_or_else(|e| Value::String(format!("unserialisable change: {e}")));
        if let (Some(undoes), Some(fields)) = (&self.undoes, value.as_object_mut()) {
            fields.insert("undoes".into(), Value::String(undoes.clone()));
        }
        if let (Some(settled), Some(fields)) = (&self.settled, value.as_object_mut()) {
            let settled = serde_json::to_value(settled)
                .unwrap_or_else(|e| Value::String(format!("unserialisable settling: {e}")));
            fields.insert("settled".into(), settled);
        }
        value
    }

    /// The payload's JSON text as stored.
    pub fn payload_text(&self) -> String {
        match (&self.undoes, &self.settled) {
            (None, None) => self
                .change
                .to_text()
                .unwrap_or_else(|_| self.payload().to_string()),
            _ => self.payload().to_string(),
        }
    }
}

impl Serialize for Recorded {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        self.payload().serialize(serializer)
    }
}

#[cfg(test)]
mod tests;

//! What a change did, in a line for people, read from the typed change.

use super::counted;

use crate::model::event::{
    AliasChange, Change, ClaimFields, Move, Recorded, Settled, SourceFields, SourceLink,
    StatementFields,
};
use crate::model::{Event, Status};

/// A value as the line shows it: text quoted, a list in brackets, nothing as a dash.
trait Shown {
    fn shown(&self) -> String;
}

impl Shown for String {
    fn shown(&self) -> String {
        format!("\"{self}\"")
    }
}

impl<T: Shown> Shown for Option<T> {
    fn shown(&self) -> String {
        self.as_ref().map_or_else(|| "–".to_string(), Shown::shown)
    }
}

impl Shown for Vec<String> {
    fn shown(&self) -> String {
        format!("[{}]", self.join(", "))
    }
}

macro_rules! shown_as_word {
    ($($t:ty),*) => {$(
        impl Shown for $t {
            fn shown(&self) -> String {
                format!("\"{}\"", self.as_str())
            }
        }
    )*};
}
shown_as_word!(
    crate::model::SourceKind,
    crate::model::Reliability,
    crate::model::Stance
);

impl Shown for SourceLink {
    fn shown(&self) -> String {
        self.name.shown()
    }
}

fn moved<T: Shown>(field: &str, change: &Option<Move<T>>, out: &mut Vec<String>) {
    if let Some(change) = change {
        out.push(format!(
            "{field} {} → {}",
            change.old.shown(),
            change.new.shown()
        ));
    }
}

/// "text \"old\" → \"new\"; tags [a] → [a, b]"
fn claim_fields(f: &ClaimFields) -> String {
    let mut out = Vec::new();
    moved("text", &f.text, &mut out);
    moved("happened", &f.happened, &mut out);
    moved("tags", &f.tags, &mut out);
    moved("verdict", &f.verdict, &mut out);
    moved("verdict_explanation", &f.verdict_explanation, &mut out);
    moved("verdict_url", &f.verdict_url, &mut out);
    moved("verdict_at", &f.verdict_at, &mut out);
    out.join("; ")
}

fn source_fields(f: &SourceFields) -> String {
    let mut out = Vec::new();
    moved("kind", &f.kind, &mut out);
    moved("name", &f.name, &mut out);
    moved("role", &f.role, &mut out);
    moved("affiliation", &f.affiliation, &mut out);
    moved("reliability", &f.reliability, &mut out);
    if let Some(AliasChange { added, removed }) = &f.aliases {
        if let Some(added) = added {
            out.push(format!("aliases + {}", added.shown()));
        }
        if let Some(removed) = removed {
            out.push(format!("aliases − {}", removed.shown()));
        }
    }
    out.join("; ")
}

fn statement_fields(f: &StatementFields) -> String {
    let mut out = Vec::new();
    moved("stance", &f.stance, &mut out);
    moved("by", &f.source, &mut out);
    moved("via", &f.via, &mut out);
    moved("citing", &f.citing, &mut out);
    moved("quote", &f.quote, &mut out);
    moved("url", &f.url, &mut out);
    moved("at", &f.stated_at, &mut out);
    moved("note", &f.note, &mut out);
    moved("reliability", &f.reliability, &mut out);
    out.join("; ")
}

/// Appends "; status a → b" when the change moved the claim's status.
fn with_status(mut line: String, status: &Option<Move<Status>>) -> String {
    if let Some(status) = status
        && status.old != status.new
    {
        line.push_str(&format!(
            "; status {} → {}",
            status.old.as_str(),
            status.new.as_str()
        ));
    }
    line
}

/// The line for people of a history entry: one line whatever the stored texts hold
/// (`escape::inert`).
pub fn describe(event: &Event) -> String {
    describe_change(&event.payload)
}

/// What a pulled edit's line in `log` adds for a field edited concurrently here:
/// " (concurrent edit of text: ann's value stands)".
pub fn concurrent_outcome(met: &crate::model::ConcurrentOutcome) -> String {
    let other = super::escape::inert(&met.other_actor).into_owned();
    if met.won {
        format!(
            " (concurrent edit of {}: this value stands over {other}'s)",
            met.field
        )
    } else {
        format!(
            " (concurrent edit of {}: {other}'s value stands; this one is kept in the history)",
            met.field
        )
    }
}

/// The line for people of one recorded change.
pub fn describe_change(recorded: &Recorded) -> String {
    let mut line = line(&recorded.change);
    if let Some(settled) = &recorded.settled {
        line.push_str(&settled_merge(settled));
    }
    super::escape::inert(&line).into_owned()
}

/// What a pulled claim merge's line adds when the merge rule of a sync did more or less than
/// apply it here.
fn settled_merge(settled: &Settled) -> String {
    let mut said = String::new();
    if settled.void {
        said.push_str(" (void: an earlier merge stands, or this one would close a loop; kept in the history, applied nowhere)");
    }
    let claims = settled
        .taken_back
        .iter()
        .map(|e| (true, e.merged, "claim", e.merge.id, e.merge.into_id))
        .chain(
            settled
                .applied
                .iter()
                .map(|e| (false, e.merged, "claim", e.merge.id, e.merge.into_id)),
        );
    let sources = settled
        .sources_taken_back
        .iter()
        .map(|e| (true, e.merged, "source", e.merge.id, e.merge.into_id))
        .chain(
            settled
                .sources_applied
                .iter()
                .map(|e| (false, e.merged, "source", e.merge.id, e.merge.into_id)),
        );
    for (took, merged, what, id, into) in claims.chain(sources) {
        let done = match (took, merged) {
            (true, true) => "took back the undo of the merge of",
            (true, false) => "took back the merge of",
            (false, true) => "applied the merge of",
            (false, false) => "applied the undo of the merge of",
        };
        said.push_str(&format!(" ({done} {what} #{id} into #{into})"));
    }
    if let Some(still) = &settled.still {
        said.push_str(&format!(
            " (another removal of it, of {}, still stands)",
            still.at
        ));
    }
    said
}

fn line(change: &Change) -> String {
    match change {
        Change::ClaimAdded(p) => {
            let claim = &p.claim;
            let mut line = format!("claim #{} logged: {}", claim.id, claim.text);
            if !claim.tags.is_empty() {
                line.push_str(&format!(" {}", claim.tags.shown()));
            }
            line
        }
        Change::ClaimEdited(p) => format!("claim #{} edited: {}", p.id, claim_fields(&p.changes)),
        Change::SourceAdded(p) => format!(
            "source #{} added: {} ({})",
            p.source.id,
            p.source.name,
            p.source.kind.as_str()
        ),
        Change::SourceEdited(p) => {
            format!("source #{} edited: {}", p.id, source_fields(&p.changes))
        }
        Change::StatementAdded(p) => {
            let s = &p.statement;
            let mut line = format!(
                "statement #{} on claim #{}: {} {}",
                s.id,
                s.claim_id,
                s.source_name,
                s.stance.as_str()
            );
            if let Some(via) = &s.via_name {
                line.push_str(&format!(" (via {via})"));
            }
            with_status(line, &p.status)
        }
        Change::ClaimRemoved(p) => format!("claim #{} removed (undo)", p.id),
        Change::ClaimRestored(p) => format!("claim #{} restored", p.id),
        Change::SourceRemoved(p) => format!("source #{} removed (undo)", p.id),
        Change::SourceRestored(p) => format!("source #{} restored", p.id),
        Change::StatementRemoved(p) => with_status(
            format!(
                "statement #{} on claim #{} removed (undo)",
                p.id, p.claim_id
            ),
            &p.status,
        ),
        Change::StatementRestored(p) => with_status(
            format!("statement #{} on claim #{} restored", p.id, p.claim_id),
            &p.status,
        ),
        Change::StatementRetracted(p) => {
            let mut line = format!("statement #{} on claim #{} retracted", p.id, p.claim_id);
            if let Some(note) = &p.note {
                line.push_str(&format!(": {note}"));
            }
            with_status(line, &p.status)
        }
        Change::StatementUnretracted(p) => with_status(
            format!(
                "statement #{} on claim #{} counts again (undo)",
                p.id, p.claim_id
            ),
            &p.status,
        ),
        Change::Undo(p) => format!(
            "undid the command of {} by {} ({})",
            p.at.replace('T', " ").trim_end_matches('Z'),
            p.actor,
            counted(p.events.len(), "change", "changes")
        ),
        Change::Empty(p) => format!("{} logged nothing", p.what),
        Change::Redo(p) => format!("redid command {} (undone by {})", p.command, p.undo),
        Change::SettingSet(p) => format!("setting {} {} → {}", p.key, p.old.shown(), p.new.shown()),
        Change::StatementEdited(p) => with_status(
            format!(
                "statement #{} on claim #{} edited: {}",
                p.id,
                p.claim_id,
                statement_fields(&p.changes)
            ),
            &p.status,
        ),
        Change::StatementMoved(p) => {
            let mut line = format!(
                "statement #{} moved from claim #{} to claim #{}",
                p.id, p.claim_id.old, p.claim_id.new
            );
            for (claim, regrading) in [(p.claim_id.old, &p.from), (p.claim_id.new, &p.to)] {
                if let Some(r) = regrading
                    && r.status.old != r.status.new
                {
                    line.push_str(&format!(
                        "; #{claim} {} → {}",
                        r.status.old.as_str(),
                        r.status.new.as_str()
                    ));
                }
            }
            line
        }
        Change::SourceMerged(p) => format!(
            "source #{} {} merged into #{} {} ({} moved)",
            p.id,
            p.name,
            p.into_id,
            p.into_name,
            counted(p.moved().count(), "statement", "statements")
        ),
        Change::SourceUnmerged(p) => format!(
            "source #{} {} taken back out of #{} {} (undo)",
            p.id, p.name, p.into_id, p.into_name
        ),
        Change::ClaimMerged(p) => with_status(
            format!(
                "claim #{} merged into #{} ({})",
                p.id,
                p.into_id,
                counted(p.statements.len(), "statement", "statements")
            ),
            &p.status,
        ),
        Change::ClaimUnmerged(p) => with_status(
            format!(
                "claim #{} taken back out of #{} ({})",
                p.id,
                p.into_id,
                counted(p.statements.len(), "statement", "statements")
            ),
            &p.status,
        ),
        Change::ClaimDismissed(p) => {
            let mut line = format!("claim #{} removed from lists", p.id);
            if let Some(note) = &p.note {
                line.push_str(&format!(": {note}"));
            }
            line
        }
        Change::ClaimUndismissed(p) => format!("claim #{} back in lists", p.id),
    }
}

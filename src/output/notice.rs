//! The notices of a command (`model::Notice`) as lines for stderr.

use super::{escape, grouped, noun};
use crate::model::Notice;

/// A notice as its line on stderr: `note: …` or `warning: …`, user text made inert.
pub fn notice(notice: &Notice) -> String {
    let line = match notice {
        Notice::NewSource { id, name, kind } => format!(
            "note: new source #{id}: {name} ({kind}); 'claims source edit' sets its kind, role and aliases"
        ),
        Notice::NewDesk { id, name } => {
            format!("note: new source #{id}: {name} (desk), for statements recorded without --by")
        }
        Notice::LooksLike {
            what,
            id,
            name,
            twin,
            twin_name,
        } => format!(
            "warning: {what} #{id} {name} looks like source #{twin} {twin_name} but is spelled \
             with different characters; if they are the same, run 'claims undo' and name it as \
             #{twin}"
        ),
        Notice::ReadsLike {
            claim,
            other,
            score,
            text,
        } => format!(
            "warning: claim #{claim} reads like claim #{other} ({:.0}% alike): {text}; 'claims similar {claim}' lists the closest",
            score * 100.0
        ),
        Notice::FarFuture { at } => format!(
            "warning: --at {at} is more than a day from now; the statement is dated so \
             ('claims undo' takes it back if the date is a slip)"
        ),
        Notice::KeptAs { kept } => format!(
            "note: the database it replaced is kept as {kept}; 'claims --db {kept} list' reads it"
        ),
        Notice::SearchCapped { ranked } => {
            let grouped = grouped(*ranked);
            format!(
                "more than {grouped} claims match: the newest {grouped} were ranked; add a word to narrow the search"
            )
        }
        Notice::SearchCut { shown, matched } => format!(
            "note: {} of {} {} shown; --limit N shows more",
            grouped(*shown),
            grouped(*matched),
            noun(matched, "matching claim", "matching claims")
        ),
    };
    escape::inert(&line).into_owned()
}

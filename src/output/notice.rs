//! The notices of a command (`model::Notice`) as lines for stderr.

use super::{counted, escape, grouped, noun};
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
        Notice::FarFuture { at, statements } => format!(
            "warning: --at {at} is more than a day from now; the {} dated so \
             ('claims undo' takes it back if the date is a slip)",
            if *statements == 1 {
                "statement is"
            } else {
                "statements are"
            }
        ),
        Notice::AlreadyLogged { statements, claims } => {
            // One line, however many: the first few claims, then how many more (JSON lists
            // them all).
            let mut named: Vec<String> = claims.iter().take(5).map(|id| format!("#{id}")).collect();
            if claims.len() > 5 {
                named.push(format!("{} more", claims.len() - 5));
            }
            format!(
                "warning: {} of this report {} on {} {} already (ingested before?); not logged \
                 twice",
                counted(*statements, "statement", "statements"),
                if *statements == 1 { "is" } else { "are" },
                noun(&claims.len(), "claim", "claims"),
                named.join(", "),
            )
        }
        Notice::TakenAs {
            flag,
            typed,
            id,
            name,
        } => format!(
            "note: {}'{typed}' taken as \"{name}\" (#{id}), the source whose name starts so; \
             if it is another, name that one in full or as #N",
            flag.map(|f| format!("{f} ")).unwrap_or_default()
        ),
        Notice::MergedInto {
            id,
            into,
            into_name,
        } => {
            format!("note: source #{id} was merged into #{into} {into_name}, which is taken for it")
        }
        Notice::ClaimMergedInto { claim, into } => {
            format!("note: claim #{claim} was merged into #{into}; showing #{into}")
        }
        Notice::Removed { claim } => format!(
            "note: claim #{claim} is removed from lists; 'claims show {claim}' still reads it, \
             'claims restore {claim}' brings it back"
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
        Notice::Unencrypted { host } => format!(
            "warning: the connection to {host} may travel unencrypted; add ?sslmode=verify-full \
             (or require) to the remote's URL"
        ),
        Notice::AutoSyncFailed { reason } => {
            format!("note: the automatic sync did not run ({reason}); 'claims sync' tries again")
        }
    };
    escape::inert(&line).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ClaimId;

    #[test]
    fn statements_found_logged_already_make_one_line_naming_five_claims_at_most() {
        let one = notice(&Notice::AlreadyLogged {
            statements: 1,
            claims: vec![ClaimId(3)],
        });
        assert_eq!(
            one,
            "warning: 1 statement of this report is on claim #3 already (ingested before?); \
             not logged twice"
        );
        let many = notice(&Notice::AlreadyLogged {
            statements: 9,
            claims: (1..=7).map(ClaimId).collect(),
        });
        assert!(
            many.contains("9 statements of this report are on claims #1, #2, #3, #4, #5, 2 more"),
            "{many}"
        );
        let dated = notice(&Notice::FarFuture {
            at: crate::model::Stamp::stored("2030-01-01T00:00:00Z"),
            statements: 4,
        });
        assert!(dated.contains("the statements are dated so"), "{dated}");
    }
}

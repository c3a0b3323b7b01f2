//! The claim and the quote of a statement, cut from its reported content.

use super::grammar::{in_list, lw};
use super::lexicon as rules;
use super::text::Tok;

/// Cleans reported content into a claim: no leading "that", quotes or commas.
pub(super) fn clean_claim(s: &str) -> String {
    let mut c = s.trim().trim_matches(|ch: char| {
        matches!(
            ch,
            ',' | ';' | ':' | '"' | '“' | '”' | ' ' | '.' | '-' | '—'
        )
    });
    for lead in ["on ", "that ", "which ", "and ", "but "] {
        if lead == "on " {
            // "said on Thursday that ..."
            let day = c.strip_prefix(lead).and_then(|r| {
                let w = r.split_whitespace().next()?;
                let w = w.trim_end_matches(',');
                rules::TIME_WORDS
                    .contains(&w.to_lowercase().as_str())
                    .then(|| r[w.len()..].trim_start_matches(',').trim_start())
            });
            if let Some(r) = day {
                c = r;
            }
            continue;
        }
        if let Some(r) = c.strip_prefix(lead) {
            c = r;
        }
    }
    let c = c.trim();
    let mut out: String = c.to_string();
    if let Some(f) = out.chars().next() {
        out = f.to_uppercase().collect::<String>() + &out[f.len_utf8()..];
    }
    out
}

pub(super) fn quote_in(s: &str) -> Option<String> {
    let open = s.find(['"', '“'])?;
    let rest = &s[open + s[open..].chars().next().map_or(1, char::len_utf8)..];
    let close = rest.find(['"', '”'])?;
    let q = rest[..close]
        .trim()
        .trim_end_matches([',', '.'])
        .trim()
        .to_string();
    (!q.is_empty()).then_some(q)
}

/// Whether the words after a stance verb say nothing of their own: "(declined to comment) on
/// the report", "(denied) it", "(could not confirm) the reports immediately", "(did not
/// respond) to a request for comment from Reuters".
pub(super) fn bare(rest: &[Tok]) -> bool {
    // A channel named after the hedge ("... from Reuters", "to the AP") is no content either.
    let channel = rest
        .iter()
        .any(|t| t.word && matches!(lw(t), "from" | "to" | "by"));
    rest.iter()
        .filter(|t| t.word)
        .all(|t| in_list(BARE_WORDS, lw(t)) || (channel && t.is_cap()))
}

/// Words that, after a stance verb, only point back at what is answered.
const BARE_WORDS: &[&str] = &[
    "it",
    "this",
    "that",
    "them",
    "these",
    "those",
    "the",
    "a",
    "an",
    "any",
    "on",
    "about",
    "to",
    "regarding",
    "for",
    "from",
    "by",
    "with",
    "of",
    "report",
    "reports",
    "story",
    "stories",
    "matter",
    "matters",
    "claim",
    "claims",
    "rumour",
    "rumours",
    "rumor",
    "rumors",
    "allegation",
    "allegations",
    "speculation",
    "reporting",
    "article",
    "request",
    "requests",
    "comment",
    "comments",
    "question",
    "questions",
    "inquiry",
    "inquiries",
    "query",
    "queries",
    "immediately",
    "further",
    "publicly",
    "details",
    "detail",
    "specifics",
    "its",
    "his",
    "her",
    "their",
    "our",
    "issue",
    "subject",
    "topic",
    "elaborate",
    "say",
    "discuss",
    "confirm",
    "deny",
    "verify",
    "more",
    "anything",
    "was",
    "were",
    "is",
    "be",
    "when",
    "contacted",
    "reached",
    "asked",
    "by",
    "phone",
    "email",
    "telephone",
    "emailed",
    "called",
    "calls",
    "message",
    "messages",
    "seeking",
    "sent",
    "made",
    "outside",
    "business",
    "hours",
    "weekend",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "on",
    "late",
    "earlier",
    "today",
    "yesterday",
    "news",
    "agency",
    "newspaper",
    "press",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::text::tokenize;

    #[test]
    fn a_bare_answer_has_nothing_of_its_own() {
        for rest in [
            "",
            "on the report",
            "it",
            "to a request for comment from the Harbour Gazette",
            "the reports immediately",
        ] {
            assert!(bare(&tokenize(rest)), "{rest}");
        }
        for rest in [
            "that the ferry would stop",
            "the closure of the Ostrel mill",
        ] {
            assert!(!bare(&tokenize(rest)), "{rest}");
        }
    }

    #[test]
    fn claims_lose_their_lead_words() {
        assert_eq!(
            clean_claim("on Tuesday that the pier was closed."),
            "The pier was closed"
        );
        assert_eq!(
            quote_in("he said \"never again\" twice").as_deref(),
            Some("never again")
        );
    }
}

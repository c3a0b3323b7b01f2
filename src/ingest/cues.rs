//! Finding the reporting cues of the lexicon in a sentence's tokens: each match is a `Cue` with
//! its token span, its stance and the kind of frame it opens; readings that are not attribution
//! ("said to be", "it was reported", "was dismissed from") are dropped here.

use std::sync::OnceLock;

use super::grammar::{in_list, lw};
use super::lexicon::{self as rules, Kind};
use super::text::Tok;
use crate::model::Stance;

/// A cue found in a sentence: token span, stance and how to find its speaker.
#[derive(Debug, Clone)]
pub(super) struct Cue {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) stance: Stance,
    pub(super) kind: Kind,
}

pub(super) fn is_neg(t: &Tok) -> bool {
    t.word && (in_list(rules::NEGATIONS, lw(t)) || t.lower.ends_with("n't"))
}

/// Each cue's parts, each part its alternatives (`a|b`).
pub(super) fn cue_parts() -> &'static [Vec<Vec<&'static str>>] {
    static PARTS: OnceLock<Vec<Vec<Vec<&'static str>>>> = OnceLock::new();
    PARTS.get_or_init(|| {
        rules::CUES
            .iter()
            .map(|c| c.0.split(' ').map(|p| p.split('|').collect()).collect())
            .collect()
    })
}

/// Matches the parts of one pattern of `rules::CUES` at token `i`; returns the end of the match.
pub(super) fn match_parts(toks: &[Tok], i: usize, parts: &[Vec<&str>]) -> Option<usize> {
    let Some((first, rest)) = parts.split_first() else {
        return Some(i);
    };
    if first[..] == ["~"] {
        // Up to three words, or a comma, in between.
        for j in i..=i + 3 {
            if let Some(e) = match_parts(toks, j, rest) {
                return Some(e);
            }
            // The gap never crosses a name: "nor the White House responded" is not a negated
            // "responded" of "nor".
            if j >= toks.len()
                || toks[j].is_cap()
                || !(toks[j].word || toks[j].text == "\"" || toks[j].text == "“")
            {
                return None;
            }
        }
        return None;
    }
    let t = toks.get(i)?;
    if !t.word {
        // Quotation marks never break a pattern: 'there were "no signals"'.
        if matches!(t.text.as_str(), "\"" | "“" | "”" | "‘" | "’" | "'") {
            return match_parts(toks, i + 1, parts);
        }
        return None;
    }
    let ok = match first[..] {
        ["NEG"] => is_neg(t),
        ["DENIAL"] => in_list(rules::DENIALS, lw(t)),
        ref alts => alts.iter().any(|a| *a == t.lower),
    };
    if ok {
        match_parts(toks, i + 1, rest)
    } else {
        None
    }
}

pub(super) fn find_cues(toks: &[Tok]) -> Vec<Cue> {
    let mut cues = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !toks[i].word {
            i += 1;
            continue;
        }
        let mut found = None;
        for (&(_, stance, kind), parts) in rules::CUES.iter().zip(cue_parts()) {
            // A reporting verb inside someone's quoted words is not an attribution. A hedge or
            // a rebuttal there ("we are not commenting", "I'm not aware") still gives the
            // quoted content its stance, as the words of a content do.
            let kind = if toks[i].quoted && kind != Kind::Marker {
                if stance == Stance::Asserts || kind != Kind::Verb {
                    continue;
                }
                Kind::Marker
            } else {
                kind
            };
            if let Some(end) = match_parts(toks, i, parts) {
                let cue = Cue {
                    start: i,
                    end,
                    stance,
                    kind,
                };
                if keep_cue(toks, &cue) {
                    found = Some(cue);
                    break;
                }
            }
        }
        match found {
            Some(c) => {
                i = c.end;
                cues.push(c);
            }
            None => i += 1,
        }
    }
    cues
}

/// Drops the readings that are not attribution: "said to be", "it was reported", "the first
/// reported", "was dismissed from", "a report that" without an outlet.
/// Cue verbs in their bare form, which is also the infinitive.
const BARE_FORMS: &[&str] = &[
    "confirm",
    "deny",
    "reject",
    "dismiss",
    "dispute",
    "rebuff",
    "refute",
    "acknowledge",
    "admit",
    "concede",
    "warn",
    "argue",
    "insist",
    "suggest",
    "react",
    "respond",
    "say",
    "show",
];

/// Denial words that are also the everyday name of what is being talked about.
const TALK_NOUNS: &[&str] = &["rumours", "rumors", "speculation"];

pub(super) fn keep_cue(toks: &[Tok], c: &Cue) -> bool {
    let first = lw(&toks[c.start]);
    let prev = c.start.checked_sub(1).map(|p| lw(&toks[p]));
    let next = toks.get(c.end).map(lw);
    // "to either confirm or deny": the second verb of a hedge, not a denial.
    if c.kind == Kind::Verb && c.stance == Stance::Denies && matches!(prev, Some("or" | "nor")) {
        return false;
    }
    // The bare form after "to" is an infinitive ("in a position to confirm", "asked to
    // deny"), not a statement; the refusals that use it ("declined to confirm") are matched
    // whole before this.
    if c.kind == Kind::Verb
        && c.end == c.start + 1
        && prev == Some("to")
        && BARE_FORMS.contains(&first)
    {
        return false;
    }
    if c.kind == Kind::Verb && c.stance != Stance::Asserts {
        let span = &toks[c.start..c.end];
        // "an instruction not to discuss", "asked not to comment": a request, not a refusal.
        if first == "not" && toks.get(c.start + 1).is_some_and(|t| t.is("to")) {
            return false;
        }
        // "was not authorised to discuss the talks": why a source is anonymous.
        if span.iter().any(|t| {
            matches!(
                lw(t),
                "authorised" | "authorized" | "permitted" | "allowed" | "cleared" | "entitled"
            )
        }) {
            return false;
        }
        // "a source it did not identify": a relative clause on a noun, not a refusal.
        if matches!(lw(&toks[c.end - 1]), "identify" | "name")
            && !toks.get(c.end).is_some_and(|t| t.word)
        {
            return false;
        }
    }
    if c.kind == Kind::Verb && c.stance == Stance::Asserts {
        if next == Some("to") && first != "went" && first != "goes" {
            return false;
        }
        if matches!(
            prev,
            Some("was" | "were" | "been" | "is" | "are" | "be" | "being")
        ) && first != "told"
        {
            return false;
        }
        if matches!(prev, Some("first" | "widely" | "previously" | "it")) {
            return false;
        }
    }
    if c.kind == Kind::Verb && next == Some("by") {
        return false;
    }
    // "calls about the rumours", "talk of speculation": a noun of talk that is the topic, not
    // the speaker calling something rumour ("it was just speculation", "called it rumours").
    if c.stance == Stance::Denies
        && c.end > c.start
        && TALK_NOUNS.contains(&lw(&toks[c.end - 1]))
        && c.end >= 2
        && matches!(
            lw(&toks[c.end - 2]),
            "the" | "these" | "those" | "about" | "of" | "on" | "over" | "amid"
        )
    {
        return false;
    }
    if c.kind == Kind::Verb
        && c.stance == Stance::Denies
        && matches!(
            prev,
            Some("was" | "were" | "been" | "be" | "being" | "is" | "are")
        )
    {
        return false;
    }
    if c.kind == Kind::Report {
        return c.start > 0 && toks[c.start - 1].is_cap();
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::text::{self, tokenize};

    fn cues(s: &str) -> Vec<(String, Stance, Kind)> {
        let toks = text::tokenize_quoted(s, false);
        find_cues(&toks)
            .into_iter()
            .map(|c| {
                let words: Vec<&str> = toks[c.start..c.end]
                    .iter()
                    .map(|t| t.text.as_str())
                    .collect();
                (words.join(" "), c.stance, c.kind)
            })
            .collect()
    }

    #[test]
    fn hedges_and_refusals_come_before_the_plain_verb() {
        assert_eq!(
            cues("The club would not say whether the coach had resigned."),
            [("not say whether".to_string(), Stance::Declines, Kind::Verb)]
        );
        assert_eq!(
            cues("The club could not confirm the report.")[0].1,
            Stance::Ncnd
        );
        assert_eq!(
            cues("The club would not rule out a sale.")[0].1,
            Stance::Ncnd
        );
        assert_eq!(
            cues("The club made no immediate comment.")[0].1,
            Stance::Declines
        );
        assert_eq!(
            cues("The club brushed aside the report.")[0].1,
            Stance::Denies
        );
        assert_eq!(
            cues("The club acknowledged the talks.")[0].1,
            Stance::Confirms
        );
    }

    #[test]
    fn a_cue_inside_a_quote_is_no_attribution_but_keeps_its_stance() {
        let found = cues(
            "\"We have said nothing and we are not commenting,\" the chairman told reporters.",
        );
        assert!(found.iter().all(|c| c.0 != "said"), "{found:?}");
        assert!(
            found
                .iter()
                .any(|c| c.1 == Stance::Declines && c.2 == Kind::Marker),
            "{found:?}"
        );
        assert!(
            found.iter().any(|c| c.0 == "told" && c.2 == Kind::Verb),
            "{found:?}"
        );
    }

    #[test]
    fn requests_and_anonymity_reasons_are_not_refusals() {
        assert!(cues("The clerk got an instruction not to discuss the vote.").is_empty());
        assert!(cues("He spoke because he was not authorised to discuss the vote.").is_empty());
        assert!(
            cues("The paper quoted a clerk it did not identify.")
                .iter()
                .all(|c| c.1 != Stance::Declines)
        );
    }

    #[test]
    fn quotation_marks_never_break_a_pattern() {
        let toks = tokenize("She said there were \"no signals\" of a leak.");
        let found = find_cues(&toks);
        assert!(
            found
                .iter()
                .any(|c| c.kind == Kind::Marker && c.stance == Stance::Ncnd)
        );
    }
}

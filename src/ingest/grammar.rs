//! A light grammar without a model: the subject of a verb read leftwards over inserts and
//! appositives, the speaker phrase after a cue, relative subjects. Closed-class word lists come
//! from the lexicon; nothing is learned or downloaded.

use super::lexicon as rules;
use super::text::Tok;

pub(super) fn lw(t: &Tok) -> &str {
    &t.lower
}

pub(super) fn in_list(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

/// The subject of a verb, read leftwards from `at`: the token range, or None when the verb
/// has none there (sentence start, a comma, a quote).
pub(super) fn subject_left(toks: &[Tok], at: usize) -> Option<(usize, usize)> {
    subject_left_once(toks, at, true)
}

/// `subject_left`; `relative` says whether a relative clause may be looked through (once, so
/// a sentence of many "who"s stays linear).
fn subject_left_once(toks: &[Tok], at: usize, relative: bool) -> Option<(usize, usize)> {
    let mut after_insert = false;
    let mut j = at;
    loop {
        if j == 0 {
            return None;
        }
        let t = &toks[j - 1];
        if t.word && in_list(rules::SKIP_BEFORE_VERB, lw(t)) {
            j -= 1;
            continue;
        }
        // "on Wednesday", "at first", "last week", "so far"
        if t.word && (in_list(rules::TIME_WORDS, lw(t)) || t.is("first") || t.is("far")) && j >= 2 {
            let p = lw(&toks[j - 2]);
            if matches!(p, "on" | "at" | "last" | "this" | "so" | "earlier" | "late") {
                j -= 2;
                continue;
            }
        }
        // A short bracket after the subject, an acronym or a gloss: "The Rail Union (RU) said".
        if t.text == ")"
            && j >= 3
            && let Some(open) = (j.saturating_sub(8)..j - 1)
                .rev()
                .find(|&k| toks[k].text == "(")
            && open > 0
            && toks[open - 1].word
            && !toks[open + 1..j - 1].iter().any(|t| !t.word)
        {
            j = open;
            continue;
        }
        // An appositive or relative clause between subject and verb: "X, which ..., said".
        if (t.text == "," || t.text == ")") && j >= 2 {
            let mut k = j - 1;
            let mut depth = 0;
            let mut found = None;
            while k > 0 {
                k -= 1;
                let tt = &toks[k].text;
                if tt == ")" {
                    depth += 1;
                } else if tt == "(" {
                    depth -= 1;
                } else if tt == "," && depth <= 0 {
                    found = Some(k);
                    break;
                }
            }
            // A relative clause may hold commas of its own: look for its "which"/"who".
            let rel = (j.saturating_sub(40)..j - 1).rev().find(|&c| {
                toks[c].text == ","
                    && toks
                        .get(c + 1)
                        .is_some_and(|t| matches!(lw(t), "which" | "who" | "whose"))
            });
            if let Some(c) = rel
                && !toks[c..j].iter().any(|t| t.text == ";")
            {
                j = c;
                continue;
            }
            // "The board's chairwoman, Odile Fenwick, said": the name in apposition speaks.
            if t.text == ","
                && let Some(c) = found
                && j - 1 > c + 1
                && j - 1 - (c + 1) <= 5
                && toks[c + 1..j - 1].iter().all(|t| t.is_cap())
                && c > 0
                && toks[c - 1].word
            {
                return Some((c + 1, j - 1));
            }
            if let Some(c) = found {
                let lead = lw(&toks[c + 1]);
                if matches!(
                    lead,
                    "which" | "who" | "whose" | "one" | "a" | "an" | "the" | "its" | "his" | "her"
                ) || in_list(rules::TITLES, lead)
                    || lead.ends_with("'s")
                {
                    j = c;
                    continue;
                }
                if in_list(rules::INSERT_LEADS, lead) {
                    // An insert may follow an apposition: "Colonel X, the director of ..., in
                    // a text message to ..., said". Keep the comma before it in view.
                    j = c + 1;
                    after_insert = true;
                    continue;
                }
            }
        }
        // The comma kept in view after an insert closes nothing more: step over it.
        if after_insert && j > 0 && toks[j - 1].text == "," {
            j -= 1;
        }
        break;
    }
    let end = j;
    let mut a = j;
    while a > 0 {
        let t = &toks[a - 1];
        if !t.word {
            break;
        }
        if in_list(rules::PRONOUNS, lw(t)) {
            if a == end {
                a -= 1;
            }
            break;
        }
        // "Ambassador to Japan Mark Hill": a title's complement.
        if matches!(lw(t), "to" | "for")
            && a >= 2
            && in_list(rules::TITLES, lw(&toks[a - 2]))
            && a < end
            && toks[a].is_cap()
        {
            a -= 1;
            continue;
        }
        // "a senior official who spoke on condition of anonymity said"
        if t.is("who")
            && a >= 2
            && a < end
            && relative
            && let Some((x, y)) = subject_left_once(toks, a - 1, false)
            && toks[x..y]
                .iter()
                .any(|t| in_list(rules::ANONYMOUS_HEADS, lw(t)))
        {
            return Some((x, y));
        }
        if in_list(rules::SUBJECT_STOPS, lw(t)) {
            // "X and Y said": keep coordinated names.
            // "prosecutors and defense lawyers said": two kinds of speaker.
            let right_named = a < end
                && (toks[a].is_cap()
                    || matches!(lw(&toks[a]), "a" | "an" | "the")
                    || (a >= 2
                        && in_list(rules::SPEAKER_NOUNS, lw(&toks[a - 2]))
                        && (in_list(rules::SPEAKER_NOUNS, lw(&toks[end - 1]))
                            || in_list(rules::ANONYMOUS_HEADS, lw(&toks[end - 1])))));
            let left_named = a >= 2
                && (toks[a - 2].is_cap()
                    || in_list(rules::SPEAKER_NOUNS, lw(&toks[a - 2]))
                    || in_list(rules::ANONYMOUS_HEADS, lw(&toks[a - 2])));
            if t.is("and") && right_named && left_named {
                a -= 1;
                continue;
            }
            if t.is("and") || t.is("or") {
                // "neither X nor Y", "both X and Y" are handled by the caller.
            }
            break;
        }
        if matches!(
            lw(t),
            "from" | "among" | "about" | "against" | "into" | "over" | "like" | "with"
        ) && !(t.is("with")
            && (a >= 2 && toks[a - 2].is("familiar")
                || toks.get(a).is_some_and(|n| {
                    matches!(lw(n), "knowledge" | "direct" | "close" | "detailed")
                })))
        {
            break;
        }
        a -= 1;
        if end - a >= 14 {
            break;
        }
    }
    // Leading prepositions and conjunctions do not belong to the subject.
    while a < end && matches!(lw(&toks[a]), "of" | "in" | "at" | "for" | "on" | "to") {
        a += 1;
    }
    // "Pilots who guide ships into the port, speaking ..., said": the subject is the noun
    // phrase the relative clause hangs on, not the last noun of the clause.
    if a < end && relative {
        let from = a.saturating_sub(12);
        if let Some(k) = (from..a).rev().find(|&k| toks[k].is("who"))
            && toks[k..a].iter().all(|t| t.word)
            && k > 0
            && toks[k - 1].word
            && let Some(np) = subject_left_once(toks, k, false)
        {
            return Some(np);
        }
    }
    (a < end).then_some((a, end))
}

/// A speaker written after its cue ("according to X", "said X", "citing X").
pub(super) fn speaker_right(toks: &[Tok], from: usize) -> Option<(usize, usize)> {
    let mut e = from;
    while e < toks.len() && toks[e].word && e - from < 10 {
        let w = lw(&toks[e]);
        if e > from && in_list(rules::SPEAKER_STOPS, w) {
            // "people familiar with the matter", "officials in Washington"
            if w == "and" && toks.get(e + 1).is_some_and(Tok::is_cap) && toks[e - 1].is_cap() {
                e += 1;
                continue;
            }
            break;
        }
        e += 1;
    }
    (e > from).then_some((from, e))
}

pub(super) fn words_text(s: &str, toks: &[Tok], a: usize, b: usize) -> String {
    if a >= b {
        return String::new();
    }
    s[toks[a].start..toks[b - 1].end].to_string()
}

/// "the news organisations that reported": the relative pronoun right before the verb.
pub(super) fn np_rel(toks: &[Tok], at: usize) -> Option<(usize, usize)> {
    let mut j = at;
    while j > 0 && toks[j - 1].word && in_list(rules::SKIP_BEFORE_VERB, lw(&toks[j - 1])) {
        j -= 1;
    }
    if j == 0 || !matches!(lw(&toks[j - 1]), "that" | "which" | "who") {
        return None;
    }
    let mut k = j - 1;
    if k > 0 && toks[k - 1].text == "," {
        k -= 1;
    }
    subject_left(toks, k)
}

/// "X and Y were among the news organisations that reported".
pub(super) fn np_rel_is_among(toks: &[Tok], np: (usize, usize)) -> bool {
    let head = lw(&toks[np.1 - 1]);
    in_list(rules::OUTLET_PLURALS, head) && np.0 >= 1 && toks[np.0 - 1].is("among")
        || (np.0 >= 2 && toks[np.0 - 1].is("the") && toks[np.0 - 2].is("among"))
}

pub(super) fn among_subject(toks: &[Tok], np: (usize, usize)) -> (usize, usize) {
    let among = (0..np.0)
        .rev()
        .find(|&k| toks[k].is("among"))
        .unwrap_or(np.0);
    let mut verb = among;
    while verb > 0 && matches!(lw(&toks[verb - 1]), "were" | "are" | "was" | "is") {
        verb -= 1;
    }
    let mut a = verb;
    while a > 0 && toks[a - 1].word {
        a -= 1;
    }
    if a < verb { (a, verb) } else { np }
}

pub(super) fn is_pair_np(toks: &[Tok], np: (usize, usize)) -> bool {
    let head = lw(&toks[np.1 - 1]);
    in_list(rules::PAIR_NOUNS, head)
        && (toks[np.0].is("both") || toks[np.0..np.1].iter().any(|t| t.is("two")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::text::tokenize;

    /// The subject of the first `verb` in `s`, as text.
    fn subject(s: &str, verb: &str) -> Option<String> {
        let toks = tokenize(s);
        let at = toks.iter().position(|t| t.is(verb))?;
        subject_left(&toks, at).map(|(a, b)| words_text(s, &toks, a, b))
    }

    #[test]
    fn the_subject_is_read_over_inserts_and_adverbs() {
        assert_eq!(
            subject(
                "The port authority, citing safety rules, said the pier was closed.",
                "said"
            )
            .as_deref(),
            Some("The port authority")
        );
        assert_eq!(
            subject(
                "Two engineers, speaking on condition of anonymity, said the pumps failed.",
                "said"
            )
            .as_deref(),
            Some("Two engineers")
        );
        assert_eq!(
            subject(
                "The union, for its part, on Monday said talks would resume.",
                "said"
            )
            .as_deref(),
            Some("The union")
        );
        assert_eq!(
            subject("The mill later confirmed the closure.", "confirmed").as_deref(),
            Some("The mill")
        );
    }

    #[test]
    fn a_name_in_apposition_is_the_subject() {
        assert_eq!(
            subject(
                "The town's treasurer, Oona Wexley, said the books were balanced.",
                "said"
            )
            .as_deref(),
            Some("Oona Wexley")
        );
    }

    #[test]
    fn a_who_clause_hangs_on_its_noun() {
        assert_eq!(
            subject(
                "Drivers who use the bridge every day said the tolls had doubled.",
                "said"
            )
            .as_deref(),
            Some("Drivers")
        );
        assert_eq!(
            subject("Guards who work at the gate into the yard, speaking privately, said it was locked.", "said").as_deref(),
            Some("Guards")
        );
    }

    #[test]
    fn the_speaker_after_a_cue_stops_before_a_clause() {
        let s = "The bridge will close, according to a city engineer who inspected it.";
        let toks = tokenize(s);
        let at = toks.iter().position(|t| t.is("to")).unwrap() + 1;
        let (a, b) = speaker_right(&toks, at).unwrap();
        assert_eq!(words_text(s, &toks, a, b), "a city engineer");
    }
}

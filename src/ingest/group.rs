//! Grouping: one speaker's lines fold into one statement the way the annotated reports do.

use std::collections::HashMap;

use super::extract::{Raw, State};
use super::via::Via;
use super::{Proposal, Span};
use crate::model::Stance;

impl State {
    pub(super) fn finish(mut self) -> Vec<Proposal> {
        // Same speaker, same sentence, same stance: one statement.
        let mut merged: Vec<Raw> = Vec::new();
        for r in std::mem::take(&mut self.out) {
            if let Some(m) = merged
                .iter_mut()
                .rev()
                .take_while(|m| m.si == r.si)
                .find(|m| {
                    // "said that ..., but declined to elaborate": a bare refusal beside an
                    // assertion is a statement of its own.
                    let bare_beside =
                        m.stance != r.stance && (m.claim.is_empty() || r.claim.is_empty());
                    // "would not discuss the case, although she did say that ...": a
                    // refusal followed by a claim of its own is two statements. Not the
                    // other way round: in "told reporters she had no information" the
                    // refusal is the content of the assertion.
                    let refusal_beside_claim = matches!(m.stance, Stance::Declines | Stance::Ncnd)
                        && r.stance == Stance::Asserts
                        && !m.claim.is_empty()
                        && !r.claim.is_empty();
                    // "has denied any links and says her administration ...": a denial or
                    // confirmation and, in its own clause, a claim that is not part of it.
                    let answer_beside_claim = matches!(m.stance, Stance::Denies | Stance::Confirms)
                        && r.stance == Stance::Asserts
                        && !m.claim.is_empty()
                        && !r.claim.is_empty()
                        && !m.claim.to_lowercase().contains(&r.claim.to_lowercase())
                        && !r.claim.to_lowercase().contains(&m.claim.to_lowercase());
                    m.speaker == r.speaker
                        && !answer_beside_claim
                        && !bare_beside
                        && !refusal_beside_claim
                        && (m.stance == r.stance
                            || r.stance == Stance::Asserts
                            || m.stance == Stance::Asserts)
                })
            {
                if m.stance == Stance::Asserts {
                    m.stance = r.stance;
                }
                if m.via == Via::Unsaid {
                    m.via = r.via;
                }
                if m.quote.is_none() {
                    m.quote = r.quote;
                }
                add_spans(&mut m.spans, r.spans);
                continue;
            }
            merged.push(r);
        }
        // Across sentences: a confirmation or denial takes in the speaker's next line (its
        // supporting quote) and the line just before it; repeated lines with one stance are
        // one statement, unless the speaker "added" something.
        let mut out: Vec<Raw> = Vec::new();
        // Each speaker's statements in `out`, in order.
        let mut by_speaker: HashMap<usize, Vec<usize>> = HashMap::new();
        for r in merged {
            let same: Vec<usize> = by_speaker.get(&r.speaker).cloned().unwrap_or_default();
            let last_same = same.last().copied();
            let mut target = None;
            if let Some(i) = last_same {
                let prev = &out[i];
                let supporting_line = r.stance == Stance::Asserts
                    && !r.adding
                    && matches!(prev.stance, Stance::Confirms | Stance::Denies)
                    && !prev.absorbed
                    && r.si <= prev.si + 2
                    // Kept apart within its sentence above: a claim of its own.
                    && r.si != prev.si;
                let announced_then_confirmed = prev.stance == Stance::Asserts
                    && matches!(r.stance, Stance::Confirms | Stance::Denies)
                    && r.si <= prev.si + 1
                    && same.len() == 1;
                if supporting_line || announced_then_confirmed {
                    target = Some(i);
                }
            }
            if target.is_none() && !r.adding {
                // One speaker's lines with one stance are one statement when they are about
                // the same thing: the next paragraph of the same thread, or a claim that
                // shares its content words.
                // The latest few with the stance only, so a long report stays linear.
                target = same
                    .iter()
                    .rev()
                    .copied()
                    .filter(|&i| out[i].stance == r.stance)
                    .take(4)
                    .find(|&i| about_same(&out[i], &r));
            }
            match target {
                Some(i) => {
                    let t = &mut out[i];
                    if t.stance == Stance::Asserts && r.stance != Stance::Asserts {
                        t.stance = r.stance;
                        t.claim = r.claim;
                    } else if r.stance == Stance::Asserts && t.stance != Stance::Asserts {
                        t.absorbed = true;
                    }
                    if t.via == Via::Unsaid
                        || (t.via == Via::Generic && matches!(r.via, Via::Named(_)))
                    {
                        t.via = r.via;
                    }
                    if t.quote.is_none() {
                        t.quote = r.quote;
                    }
                    add_spans(&mut t.spans, r.spans);
                }
                None => {
                    by_speaker.entry(r.speaker).or_default().push(out.len());
                    out.push(r);
                }
            }
        }
        // A speaker keeps the channel it was last quoted through.
        let mut last_via: Vec<Option<String>> = vec![None; self.speakers.len()];
        for r in out.iter_mut() {
            match &r.via {
                Via::Named(v) => last_via[r.speaker] = Some(v.clone()),
                Via::Unsaid => {
                    if let Some(v) = &last_via[r.speaker] {
                        r.via = Via::Named(v.clone());
                    }
                }
                Via::Generic => {}
            }
        }
        out.into_iter()
            .map(|r| {
                let sp = &self.speakers[r.speaker];
                Proposal {
                    speaker: sp.name.clone(),
                    via: match r.via {
                        Via::Named(v) => Some(v),
                        _ => None,
                    },
                    anonymous: sp.anonymous,
                    stance: r.stance,
                    quote: r.quote,
                    claim: r.claim,
                    sentence: r.spans.first().map_or(r.sentence, |s| s.text.clone()),
                    sentences: r.spans,
                }
            })
            .collect()
    }
}

/// Adds sentences a statement also draws on, keeping them in report order and each once.
fn add_spans(spans: &mut Vec<Span>, more: Vec<Span>) {
    // Sentences mostly arrive in order, so this is a push; a binary search keeps it cheap
    // when they do not.
    for s in more {
        if let Err(at) = spans.binary_search_by_key(&s.start, |x| x.start) {
            spans.insert(at, s);
        }
    }
}

/// Whether two statements of one speaker are about the same thing: `later` follows within the
/// next paragraph of the statement's last sentence, or their claims share content words.
fn about_same(statement: &Raw, later: &Raw) -> bool {
    let last = statement.spans.last().map_or(0, |s| s.paragraph);
    let first = later.spans.first().map_or(0, |s| s.paragraph);
    if first <= last + 1 {
        return true;
    }
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 4)
            .map(str::to_lowercase)
            .filter(|w| !CLAIM_STOPS.contains(&w.as_str()))
            .collect()
    };
    let (a, b) = (words(&statement.claim), words(&later.claim));
    b.iter().any(|w| a.contains(w))
}

/// Words too common in news copy to say two claims are about the same thing.
const CLAIM_STOPS: &[&str] = &[
    "that",
    "this",
    "with",
    "from",
    "have",
    "been",
    "were",
    "would",
    "could",
    "will",
    "said",
    "there",
    "their",
    "they",
    "about",
    "which",
    "what",
    "when",
    "after",
    "before",
    "into",
    "than",
    "also",
    "more",
    "some",
    "such",
    "only",
    "over",
    "week",
    "year",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "told",
    "says",
];

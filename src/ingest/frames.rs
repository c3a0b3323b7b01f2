//! Attribution frames: for each cue of a sentence, where its speaker and its content are
//! ("S V that C", "C, S V", "C, V S", "according to S", citing, the passive, "quoted ... as").

use super::Span;
use super::claim::{bare, clean_claim, quote_in};
use super::coref::Speaker;
use super::cues::Cue;
use super::cues::find_cues;
use super::extract::{Local, Raw, State};
use super::grammar::*;
use super::lexicon::{self as rules, Kind};
use super::text::{self, Sentence, Tok};
use super::via::{Via, fronted_via};
use crate::model::Stance;

impl State {
    /// Reads one sentence: its cues, the frame of each, which statements stand on their own,
    /// and the statements it adds to `out`.
    pub(super) fn sentence(&mut self, si: usize, sent: &Sentence) {
        let s = sent.text.as_str();
        let toks = text::tokenize_quoted(s, sent.opens_quoted);
        if toks.is_empty() {
            return;
        }
        let mut cues = find_cues(&toks);
        let mut locals = self.frames(s, &toks, &cues);
        if locals.is_empty() && sent.quote_only {
            // A paragraph that is only a quotation continues the speaker of the paragraph
            // before it.
            let previous = self.out.last().filter(|r| {
                r.spans
                    .last()
                    .is_some_and(|sp| sp.paragraph + 1 >= sent.paragraph)
            });
            if let Some(r) = previous {
                cues.push(Cue {
                    start: 0,
                    end: 0,
                    stance: Stance::Asserts,
                    kind: Kind::Verb,
                });
                locals.push(Local {
                    speakers: vec![r.speaker],
                    cue: cues.len() - 1,
                    stance: Stance::Asserts,
                    content: (0, toks.len()),
                    np: None,
                    via: Via::Unsaid,
                    trailing: false,
                    dropped: false,
                    verb: String::new(),
                });
            }
        }
        settle(&self.speakers, &toks, &cues, &mut locals);
        let (keep, according_outlet) = self.carriers(&cues, &locals);
        self.emit(si, sent, &toks, &cues, &locals, &keep, according_outlet);
        self.topic = company_opening(s, &toks);
    }

    /// One statement per cue that finds a speaker: the frame says where the speaker phrase
    /// and the content are.
    fn frames(&mut self, s: &str, toks: &[Tok], cues: &[Cue]) -> Vec<Local> {
        let last_prev = self.last;
        let mut locals: Vec<Local> = Vec::new();
        let mut pending: Vec<Local> = Vec::new();
        for (ci, cue) in cues.iter().enumerate() {
            if cue.kind == Kind::Marker {
                continue;
            }
            let verb = lw(&toks[cue.start]).to_string();
            let mut local = Local {
                speakers: Vec::new(),
                cue: ci,
                stance: cue.stance,
                content: (cue.end, toks.len()),
                np: None,
                via: Via::Unsaid,
                trailing: false,
                dropped: false,
                verb: verb.clone(),
            };
            match cue.kind {
                Kind::According | Kind::By | Kind::DenialFrom => {
                    let Some(np) = speaker_right(toks, cue.end) else {
                        continue;
                    };
                    local.np = Some(np);
                    let before = toks[..cue.start].iter().rposition(|t| t.text == ",");
                    if cue.kind == Kind::According && before.is_none() {
                        // "According to X, ..."
                        let after = toks[np.1..].iter().position(|t| t.text == ",");
                        local.content = (after.map_or(np.1, |p| np.1 + p + 1), toks.len());
                    } else {
                        local.content = (0, before.unwrap_or(cue.start));
                        // "X, which was first reported by Y": a passive is never a frame.
                        local.trailing = cue.kind == Kind::According;
                    }
                }
                Kind::Citing | Kind::AsDid => {
                    let Some(np) = speaker_right(toks, cue.end) else {
                        continue;
                    };
                    local.np = Some(np);
                    local.content = (0, 0);
                }
                Kind::QuotedAs
                    if toks.get(cue.end).is_some_and(|t| t.is("as"))
                        || toks[cue.end - 1].is("by") =>
                {
                    // The passive: "X was quoted as saying", "X were cited by O as saying".
                    let Some(np) = subject_left(toks, cue.start) else {
                        continue;
                    };
                    local.np = Some(np);
                    let Some(as_at) =
                        (cue.end..toks.len().min(cue.end + 20)).find(|&k| toks[k].is("as"))
                    else {
                        continue;
                    };
                    // "quoted by Rodong Sinmun, the newspaper of the party, as": the name
                    // before its apposition.
                    let by_end = (cue.end..as_at)
                        .find(|&k| toks[k].text == ",")
                        .unwrap_or(as_at);
                    if by_end > cue.end {
                        let ids = self.resolve(s, toks, (cue.end, by_end));
                        if let Some(&o) = ids.first() {
                            self.speakers[o].outlet = true;
                            local.via = Via::Named(self.speakers[o].name.clone());
                        }
                    }
                    if let Some(next) = cues
                        .iter()
                        .find(|c| c.start > as_at && c.start <= as_at + 3)
                    {
                        local.stance = next.stance;
                    }
                    local.content = (as_at + 1, toks.len());
                }
                Kind::QuotedAs => {
                    // "The agency quoted X as (also) denying ...": X speaks through the agency.
                    let Some(as_at) =
                        (cue.end..toks.len().min(cue.end + 12)).find(|&k| toks[k].is("as"))
                    else {
                        continue;
                    };
                    let np = (cue.end, as_at);
                    local.np = Some(np);
                    if let Some(outlet_np) = subject_left(toks, cue.start) {
                        let ids = self.resolve(s, toks, outlet_np);
                        if let Some(&o) = ids.first() {
                            self.speakers[o].outlet = true;
                            local.via = Via::Named(self.speakers[o].name.clone());
                        }
                    }
                    // The stance comes from the verb after "as".
                    if let Some(next) = cues
                        .iter()
                        .find(|c| c.start > as_at && c.start <= as_at + 3)
                    {
                        local.stance = next.stance;
                    }
                    local.content = (as_at + 1, toks.len());
                }
                Kind::Report => {
                    let mut k = cue.start;
                    while k > 0 && toks[k - 1].is_cap() {
                        k -= 1;
                    }
                    local.np = Some((k, cue.start));
                    local.content = (cue.end, toks.len());
                }
                Kind::Verb | Kind::Marker => {
                    if let Some(np) = subject_left(toks, cue.start) {
                        local.np = Some(np);
                        // Relative subject: "the news organisations that reported".
                        if np.1 - np.0 == 1 && matches!(lw(&toks[np.0]), "that" | "which" | "who") {
                            local.np = None;
                        }
                    } else if np_rel(toks, cue.start).is_some() {
                        local.np = np_rel(toks, cue.start);
                    }
                    if local.np.is_none() {
                        // Inverted: "..., said X".
                        let left_ok = cue.start == 0
                            || matches!(
                                toks[cue.start - 1].text.as_str(),
                                "," | "\"" | "”" | "'" | "’"
                            );
                        // "..., saying that": a participle after a comma shares the subject
                        // before it, it is not inverted.
                        let participle = verb.ends_with("ing") && !locals.is_empty();
                        if left_ok
                            && !participle
                            && cue.stance == Stance::Asserts
                            && let Some(np) = speaker_right(toks, cue.end)
                            && !matches!(lw(&toks[np.0]), "that" | "it" | "there")
                        {
                            local.np = Some(np);
                            let before = toks[..cue.start].iter().rposition(|t| t.text == ",");
                            local.content = (0, before.unwrap_or(cue.start));
                            local.trailing = true;
                        }
                    } else if let Some(np) = local.np {
                        // "..., X said [on Monday]" with the content before it.
                        let comma_before =
                            np.0 > 0 && matches!(toks[np.0 - 1].text.as_str(), "," | "\"" | "”");
                        let mut k = cue.end;
                        let mut short = 0;
                        while k < toks.len() && toks[k].text != "," && toks[k].text != "." {
                            if toks[k].is("that") {
                                short = 99;
                            }
                            short += 1;
                            k += 1;
                        }
                        // "However, X confirmed the meeting" is not content before a frame.
                        let before_words = toks[..np.0.saturating_sub(1)]
                            .iter()
                            .filter(|t| t.word)
                            .count();
                        // After a quotation the rest of the frame may run longer: '"...,"
                        // prosecutors wrote in court papers made public on Thursday'.
                        let after_quote = np.0 >= 2
                            && toks[np.0 - 2..np.0]
                                .iter()
                                .any(|t| matches!(t.text.as_str(), "\"" | "”"));
                        let limit = if after_quote { 10 } else { 5 };
                        if comma_before && short <= limit && before_words >= 3 {
                            let before = toks[..np.0 - 1].len();
                            local.content = (0, before);
                            local.trailing = true;
                        }
                    }
                }
            }
            let Some(np) = local.np else {
                // No subject: the verb goes with the statement before it in this sentence
                // ("..., adding that", "and insisted that").
                let Some(prev) = locals.last_mut() else {
                    continue;
                };
                if prev.stance == Stance::Asserts && cue.stance != Stance::Asserts {
                    prev.stance = cue.stance;
                    continue;
                }
                // "has denied any links and says her administration ...": a second statement
                // of the same subject, joined by a conjunction rather than a participle.
                let joined = cue.start > 0
                    && matches!(lw(&toks[cue.start - 1]), "and" | "but")
                    && !verb.ends_with("ing");
                if cue.stance == prev.stance || (cue.stance == Stance::Asserts && !joined) {
                    continue;
                }
                // A second verb of the same subject with a stance of its own: "acknowledged
                // the meeting but would not elaborate".
                if prev.content.0 < cue.start && cue.start < prev.content.1 {
                    prev.content.1 = cue.start;
                }
                local.speakers = prev.speakers.clone();
                locals.push(local);
                continue;
            };
            let pronoun = np.1 - np.0 == 1 && in_list(rules::PRONOUNS, lw(&toks[np.0]));
            let ids = if pronoun && (local.trailing || locals.is_empty()) {
                // "..., he said": the speaker of the sentences before, not one named inside.
                self.pronoun(lw(&toks[np.0]), last_prev)
                    .into_iter()
                    .collect()
            } else if cue.kind == Kind::Verb && np_rel_is_among(toks, np) {
                let (x, y) = among_subject(toks, np);
                self.resolve(s, toks, (x, y))
            } else {
                self.resolve(s, toks, np)
            };
            if ids.is_empty() {
                continue;
            }
            let mut ids = ids;
            if let Some((x, y)) = self.pair
                && ids.len() == 1
                && ids[0] == x
                && is_pair_np(toks, np)
            {
                ids.push(y);
            }
            local.speakers = ids;
            if cue.kind == Kind::Citing {
                // The citer's source reaches us through the citer.
                if let Some(prev) = locals.iter().rev().find(|l| !l.speakers.is_empty()) {
                    let via = self.speakers[prev.speakers[0]].name.clone();
                    local.via = Via::Named(via);
                    local.content = prev.content;
                    local.stance = prev.stance;
                } else {
                    // "Citing X, Y reported ...": the citer comes after.
                    pending.push(local);
                    continue;
                }
            }
            // An outlet learned in the document: a name that "reported" something.
            if matches!(local.verb.as_str(), "reported" | "reports" | "reporting")
                && cue.kind == Kind::Verb
            {
                for &sp in &local.speakers {
                    let speaker = &mut self.speakers[sp];
                    if !speaker.anonymous {
                        speaker.outlet = true;
                        speaker.person = false;
                    }
                }
            }
            if cue.kind == Kind::AsDid {
                let Some(prev) = locals.iter().rev().find(|l| !l.speakers.is_empty()) else {
                    continue;
                };
                local.stance = prev.stance;
                local.content = prev.content;
                local.verb = prev.verb.clone();
            }
            if let Some(&first) = local.speakers.first() {
                self.last = Some(first);
            }
            locals.push(local);
        }
        for mut p in pending {
            let citer = locals.iter().find(|l| {
                !l.speakers.is_empty()
                    && cues[l.cue].start > cues[p.cue].start
                    && !matches!(cues[l.cue].kind, Kind::Citing | Kind::AsDid)
            });
            if let Some(c) = citer {
                p.via = Via::Named(self.speakers[c.speakers[0]].name.clone());
                p.content = c.content;
                p.stance = c.stance;
                locals.push(p);
            }
        }
        locals
    }
}

/// Stances from content markers, and statements that sit inside another's content folded into
/// it or carried by it.
/// Conjunctions that open a clause of its own beside a statement.
const CONTRAST: &[&str] = &["although", "though", "but", "while", "whereas", "yet"];

fn settle(speakers: &[Speaker], toks: &[Tok], cues: &[Cue], locals: &mut [Local]) {
    {
        // Content markers give an assertion its stance: "said there was no agreement".
        for l in locals.iter_mut() {
            if l.stance != Stance::Asserts || l.dropped {
                continue;
            }
            let (a, b) = l.content;
            if let Some(m) = cues
                .iter()
                .find(|c| c.kind == Kind::Marker && c.start >= a && c.start < b)
            {
                l.stance = m.stance;
                continue;
            }
            // "said on Thursday that it had not sacked the coach, after reports that it had":
            // a report in circulation answered with its negation is a denial.
            if cues[l.cue].kind != Kind::Verb
                || cues
                    .iter()
                    .any(|c| c.stance != Stance::Asserts && c.start >= a && c.start < b)
            {
                continue;
            }
            let from = (a..b.min(a + 6))
                .find(|&k| toks[k].is("that"))
                .map_or(a, |k| k + 1);
            let negated = toks[from..b]
                .iter()
                .filter(|t| t.word)
                .take(4)
                .any(|t| matches!(lw(t), "not" | "never") || t.lower.ends_with("n't"));
            let answers_report = toks.iter().any(|t| {
                matches!(
                    lw(t),
                    "report" | "reports" | "rumour" | "rumours" | "rumor" | "rumors"
                )
            });
            if negated && answers_report {
                l.stance = Stance::Denies;
            }
        }
        // Statements inside another's reported content.
        let n = locals.len();
        for i in 0..n {
            for j in 0..n {
                if i == j || locals[i].dropped || locals[j].dropped {
                    continue;
                }
                let ci = &cues[locals[i].cue];
                let (ca, cb) = locals[j].content;
                if !(ci.start >= ca && ci.start < cb)
                    || matches!(cues[locals[j].cue].kind, Kind::Citing | Kind::AsDid)
                {
                    continue;
                }
                if locals[i].speakers == locals[j].speakers {
                    if locals[j].stance != Stance::Asserts
                        && locals[i].stance != Stance::Asserts
                        && locals[i].stance != locals[j].stance
                    {
                        // "confirmed the talks, though he said ...no interest": two stances.
                        continue;
                    }
                    // "would not discuss the case, although she did say that ...": a clause
                    // of its own, with its own stance.
                    let ci_start = ci.start;
                    if locals[i].stance != locals[j].stance
                        && (ci_start.saturating_sub(4)..ci_start)
                            .any(|k| CONTRAST.contains(&lw(&toks[k])))
                    {
                        continue;
                    }
                    if locals[j].stance == Stance::Asserts {
                        locals[j].stance = locals[i].stance;
                    }
                    locals[i].dropped = true;
                    continue;
                }
                let outer_outlet = locals[j].speakers.iter().all(|&sp| speakers[sp].outlet);
                if locals[j].trailing && outer_outlet {
                    // "..., the X news agency said": the outlet carries the inner statement.
                    let via = speakers[locals[j].speakers[0]].name.clone();
                    if locals[i].via == Via::Unsaid {
                        locals[i].via = Via::Named(via);
                    }
                    let own = in_list(rules::OWN_REPORTING, &locals[j].verb);
                    if !own {
                        locals[j].dropped = true;
                    }
                } else if locals[j].trailing {
                    // "Tehran rejected the reports, he said": the speaker's own words.
                    if locals[j].stance == Stance::Asserts {
                        locals[j].stance = locals[i].stance;
                    }
                    locals[i].dropped = true;
                }
            }
        }
    }
}

impl State {
    /// Which statements stand (an outlet met only through "according to" is the channel of
    /// the others, not a speaker), and that outlet's name.
    fn carriers(&self, cues: &[Cue], locals: &[Local]) -> (Vec<bool>, Option<String>) {
        // An outlet met only through "according to" is the channel of the others.
        let keep: Vec<bool> = locals
            .iter()
            .map(|l| {
                let carrier = cues[l.cue].kind == Kind::According
                    && l.speakers.iter().all(|&sp| self.speakers[sp].outlet)
                    && locals.iter().any(|o| {
                        !o.dropped
                            && o.cue != l.cue
                            && !o.speakers.iter().all(|&sp| self.speakers[sp].outlet)
                    });
                !l.dropped && !carrier
            })
            .collect();
        let according_outlet: Option<String> = locals
            .iter()
            .zip(&keep)
            .find(|(l, k)| !**k && !l.dropped && cues[l.cue].kind == Kind::According)
            .map(|(l, _)| self.speakers[l.speakers[0]].name.clone());
        (keep, according_outlet)
    }

    /// Adds the standing statements of the sentence to `out`, with channel, claim and quote.
    #[allow(clippy::too_many_arguments)]
    fn emit(
        &mut self,
        si: usize,
        sent: &Sentence,
        toks: &[Tok],
        cues: &[Cue],
        locals: &[Local],
        keep: &[bool],
        according_outlet: Option<String>,
    ) {
        let s = sent.text.as_str();
        let mut previous_via: Option<Via> = None;
        for (li, l) in locals.iter().enumerate() {
            if !keep[li] {
                continue;
            }
            let cue = &cues[l.cue];
            let mut via = l.via.clone();
            if cue.kind == Kind::AsDid
                && via == Via::Unsaid
                && let Some(v) = &previous_via
            {
                // "... did not respond to questions from Reuters, and neither did Y".
                via = v.clone();
            }
            // A quote-only paragraph (no verb of its own) keeps the channel its speaker was
            // last quoted through, whatever its words mention.
            if via == Via::Unsaid && !l.verb.is_empty() {
                let from = l.np.map_or(cue.start, |np| np.0.min(cue.start));
                via = self.find_via(toks, from, l.speakers[0]);
            }
            if via == Via::Unsaid
                && let Some(o) = &according_outlet
            {
                via = Via::Named(o.clone());
            }
            if matches!(via, Via::Unsaid | Via::Generic)
                && let Some((comma, outlet)) = fronted_via(toks)
                && l.np.is_some_and(|np| np.0 > comma)
            {
                via = Via::Named(outlet);
            }
            let (mut a, mut b) = l.content;
            b = b.min(toks.len());
            if !l.trailing {
                if matches!(cue.stance, Stance::Declines | Stance::Ncnd) && cue.kind == Kind::Verb {
                    // "declined to comment", "did not confirm the report": the hedge itself.
                    a = cue.start.min(a);
                    while a > 0
                        && matches!(
                            lw(&toks[a - 1]),
                            "did"
                                | "does"
                                | "do"
                                | "could"
                                | "would"
                                | "can"
                                | "will"
                                | "was"
                                | "is"
                                | "has"
                                | "had"
                        )
                    {
                        a -= 1;
                    }
                } else if matches!(l.verb.as_str(), "told" | "tells" | "telling") {
                    // "told CNN that ...", "told reporters ...": not the recipient.
                    match (a..b.min(a + 7)).find(|&k| toks[k].is("that")) {
                        Some(k) => a = k + 1,
                        None => {
                            while a < b && (toks[a].is_cap() || toks[a].is("the")) {
                                a += 1;
                            }
                            if a < b && matches!(lw(&toks[a]), "reporters" | "journalists") {
                                a += 1;
                            }
                        }
                    }
                }
                // The next clause of the sentence is someone else's: ", while the Kremlin ...".
                if let Some(k) = (a + 1..b).find(|&k| {
                    toks[k].text == ";"
                        || (toks[k].text == ","
                            && toks
                                .get(k + 1)
                                .is_some_and(|t| matches!(lw(t), "while" | "but" | "whereas")))
                }) {
                    b = k;
                }
            }
            let mut content = words_text(s, toks, a, b);
            // "confirmed the meeting to Reuters": the outlet is the via, not part of the claim.
            if let Via::Named(v) = &via {
                let trimmed = content.trim_end_matches(['.', ' ']);
                for tail in [format!(" to the {v}"), format!(" to {v}")] {
                    if let Some(kept) = trimmed.strip_suffix(tail.as_str()) {
                        content = kept.to_string();
                        break;
                    }
                }
            }
            let quote = quote_in(&content).or_else(|| quote_in(s).filter(|_| l.trailing));
            let mut claim = clean_claim(&content);
            if claim.is_empty() {
                claim = clean_claim(s);
            }
            // "declined to comment", "denied it", "could not confirm the report": no content of
            // its own, so no claim; `ingest` links it to the claim it answers.
            if l.stance != Stance::Asserts
                && !l.trailing
                && cue.kind == Kind::Verb
                && bare(&toks[cue.end.min(b)..b])
            {
                claim = String::new();
            }
            if matches!(via, Via::Named(_)) {
                previous_via = Some(via.clone());
            }
            for &sp in &l.speakers {
                // The outlet carrying a statement is not also its speaker.
                if let Via::Named(v) = &via
                    && (v.eq_ignore_ascii_case(&self.speakers[sp].name)
                        || self.find_known(v) == Some(sp))
                    && cue.kind != Kind::Citing
                {
                    via = Via::Unsaid;
                }
                self.said_at[sp] = Some(self.out.len());
                self.out.push(Raw {
                    speaker: sp,
                    via: via.clone(),
                    stance: l.stance,
                    quote: quote.clone(),
                    claim: claim.clone(),
                    sentence: s.to_string(),
                    spans: vec![Span {
                        text: s.to_string(),
                        paragraph: sent.paragraph,
                        start: sent.start,
                        end: sent.end,
                    }],
                    si,
                    adding: in_list(rules::ADDING, &l.verb),
                    absorbed: false,
                });
            }
        }
    }
}

/// The company a sentence opens with, written with its corporate suffix ("Microsoft Corp",
/// "Halden Tools Ltd"): capitalised words up to the suffix.
fn company_opening(s: &str, toks: &[Tok]) -> Option<String> {
    let k = toks.iter().position(|t| !t.is_cap()).unwrap_or(toks.len());
    if k < 2 || !in_list(rules::CORPORATE_SUFFIXES, lw(&toks[k - 1])) {
        return None;
    }
    Some(words_text(s, toks, 0, k))
}

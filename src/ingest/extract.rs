//! The extractor: finds the cues of `rules` in each sentence, the speaker each cue belongs to,
//! the channel and the stance, then folds repeated lines of one speaker together the way the
//! annotated reports do.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::Proposal;
use super::rules::{self, Kind};
use super::text::{self, Tok};
use crate::model::Stance;

/// A cue found in a sentence: token span, stance and how to find its speaker.
#[derive(Debug, Clone)]
struct Cue {
    start: usize,
    end: usize,
    stance: Stance,
    kind: Kind,
}

/// A speaker seen so far in the report.
#[derive(Debug, Clone)]
struct Speaker {
    name: String,
    /// Lowercase words the report has used for it: name, title, descriptors.
    words: Vec<String>,
    anonymous: bool,
    outlet: bool,
    person: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Via {
    /// The report does not say how the words came out.
    Unsaid,
    /// A generic channel ("told reporters", "in a statement"): no outlet.
    Generic,
    Named(String),
}

#[derive(Debug, Clone)]
struct Raw {
    speaker: usize,
    via: Via,
    stance: Stance,
    quote: Option<String>,
    claim: String,
    sentence: String,
    si: usize,
    adding: bool,
    /// Already took in the speaker's next line (a confirmation's supporting quote).
    absorbed: bool,
}

/// One statement of one sentence while the sentence is being read.
#[derive(Debug, Clone)]
struct Local {
    speakers: Vec<usize>,
    cue: usize,
    stance: Stance,
    /// Token range of the reported content.
    content: (usize, usize),
    /// Token range of the speaker phrase, if it was written out.
    np: Option<(usize, usize)>,
    via: Via,
    /// The content comes before the attribution ("..., X said").
    trailing: bool,
    dropped: bool,
    verb: String,
}

/// What has been read so far. The indexes (`by_name`, `by_name_word`, `by_word`, `said_at`)
/// answer "which speaker is this?" without a pass over every speaker and every statement seen
/// so far: a report names a new anonymous speaker in most paragraphs, and those passes made
/// `ingest` quadratic in the length of its input (issue 16).
#[derive(Default)]
struct State {
    speakers: Vec<Speaker>,
    /// ASCII-lowercased name → the first speaker with that name.
    by_name: HashMap<String, usize>,
    /// Lowercased word of a named (not anonymous) speaker's name → those speakers, in order.
    by_name_word: HashMap<String, Vec<usize>>,
    /// Word of a speaker's `words` → those speakers, in order.
    by_word: HashMap<String, Vec<usize>>,
    /// For each speaker, the position in `out` of its last statement.
    said_at: Vec<Option<usize>>,
    out: Vec<Raw>,
    last: Option<usize>,
    pair: Option<(usize, usize)>,
}

pub fn extract(report: &str) -> Vec<Proposal> {
    let text = super::plain_text(report);
    let mut st = State::default();
    for (si, s) in text::sentences(&text).iter().enumerate() {
        st.sentence(si, &s.text);
    }
    st.finish()
}

fn lw(t: &Tok) -> &str {
    &t.lower
}

fn in_list(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

fn is_neg(t: &Tok) -> bool {
    t.word && (in_list(rules::NEGATIONS, lw(t)) || t.lower.ends_with("n't"))
}

/// Each pattern of a word list split into its words once, rather than at every token it is
/// tried at (that splitting was most of `ingest`'s time).
fn split_once(list: &'static [&'static str]) -> Vec<Vec<&'static str>> {
    list.iter().map(|p| p.split(' ').collect()).collect()
}

/// Each cue's parts, each part its alternatives (`a|b`).
fn cue_parts() -> &'static [Vec<Vec<&'static str>>] {
    static PARTS: OnceLock<Vec<Vec<Vec<&'static str>>>> = OnceLock::new();
    PARTS.get_or_init(|| {
        rules::CUES
            .iter()
            .map(|c| c.0.split(' ').map(|p| p.split('|').collect()).collect())
            .collect()
    })
}

fn via_lead_parts() -> &'static [Vec<&'static str>] {
    static PARTS: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    PARTS.get_or_init(|| split_once(rules::VIA_LEADS))
}

fn outlet_suffix_parts() -> &'static [Vec<&'static str>] {
    static PARTS: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    PARTS.get_or_init(|| split_once(rules::OUTLET_SUFFIXES))
}

/// Matches the parts of one pattern of `rules::CUES` at token `i`; returns the end of the match.
fn match_parts(toks: &[Tok], i: usize, parts: &[Vec<&str>]) -> Option<usize> {
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

fn find_cues(toks: &[Tok]) -> Vec<Cue> {
    let mut cues = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let mut found = None;
        for (&(_, stance, kind), parts) in rules::CUES.iter().zip(cue_parts()) {
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
fn keep_cue(toks: &[Tok], c: &Cue) -> bool {
    let first = lw(&toks[c.start]);
    let prev = c.start.checked_sub(1).map(|p| lw(&toks[p]));
    let next = toks.get(c.end).map(lw);
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

/// The subject of a verb, read leftwards from `at`: the token range, or None when the verb
/// has none there (sentence start, a comma, a quote).
fn subject_left(toks: &[Tok], at: usize) -> Option<(usize, usize)> {
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
            }
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
            && let Some((x, y)) = subject_left(toks, a - 1)
            && toks[x..y]
                .iter()
                .any(|t| in_list(rules::ANONYMOUS_HEADS, lw(t)))
        {
            return Some((x, y));
        }
        if in_list(rules::SUBJECT_STOPS, lw(t)) {
            // "X and Y said": keep coordinated names.
            let right_named =
                a < end && (toks[a].is_cap() || matches!(lw(&toks[a]), "a" | "an" | "the"));
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
        ) && !(t.is("with") && a >= 2 && toks[a - 2].is("familiar"))
        {
            break;
        }
        a -= 1;
        if end - a >= 10 {
            break;
        }
    }
    // Leading prepositions and conjunctions do not belong to the subject.
    while a < end && matches!(lw(&toks[a]), "of" | "in" | "at" | "for" | "on" | "to") {
        a += 1;
    }
    (a < end).then_some((a, end))
}

/// A speaker written after its cue ("according to X", "said X", "citing X").
fn speaker_right(toks: &[Tok], from: usize) -> Option<(usize, usize)> {
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

fn words_text(s: &str, toks: &[Tok], a: usize, b: usize) -> String {
    if a >= b {
        return String::new();
    }
    s[toks[a].start..toks[b - 1].end].to_string()
}

/// Cleans reported content into a claim: no leading "that", quotes or commas.
fn clean_claim(s: &str) -> String {
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

fn quote_in(s: &str) -> Option<String> {
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

impl State {
    fn add_speaker(&mut self, sp: Speaker) -> usize {
        let i = self.speakers.len();
        self.by_name
            .entry(sp.name.to_ascii_lowercase())
            .or_insert(i);
        if !sp.anonymous {
            let mut seen: Vec<String> = Vec::new();
            for w in sp.name.split_whitespace().map(str::to_lowercase) {
                if !seen.contains(&w) {
                    self.by_name_word.entry(w.clone()).or_default().push(i);
                    seen.push(w);
                }
            }
        }
        let mut seen: Vec<&String> = Vec::new();
        for w in &sp.words {
            if !seen.contains(&w) {
                self.by_word.entry(w.clone()).or_default().push(i);
                seen.push(w);
            }
        }
        self.speakers.push(sp);
        self.said_at.push(None);
        i
    }

    /// Adds a word the report has used for speaker `i`.
    fn add_word(&mut self, i: usize, word: String) {
        if !self.speakers[i].words.contains(&word) {
            self.by_word.entry(word.clone()).or_default().push(i);
            self.speakers[i].words.push(word);
        }
    }

    /// The speaker with exactly this name (ignoring ASCII case), else the latest named speaker
    /// whose name holds these words and more ("Altun" → "Fahrettin Altun").
    fn find_known(&self, name: &str) -> Option<usize> {
        let words: Vec<String> = name.split_whitespace().map(|w| w.to_lowercase()).collect();
        if words.is_empty() {
            return None;
        }
        if let Some(&i) = self.by_name.get(&name.to_ascii_lowercase()) {
            return Some(i);
        }
        self.by_name_word
            .get(&words[0])?
            .iter()
            .rev()
            .copied()
            .find(|&i| {
                let known: Vec<String> = self.speakers[i]
                    .name
                    .split_whitespace()
                    .map(|w| w.to_lowercase())
                    .collect();
                known.len() > words.len() && known.windows(words.len()).any(|w| w == words)
            })
    }

    /// Resolves "the official", "the company", "the agency" to a speaker already seen.
    fn find_by_head(&self, head: &str) -> Option<usize> {
        // The first in `recent_order` of the speakers the word was used for.
        let recency = |&i: &usize| (self.said_at[i].is_some(), self.said_at[i], i);
        if let Some(users) = self.by_word.get(head) {
            return users.iter().copied().max_by_key(recency);
        }
        if matches!(
            head,
            "company" | "firm" | "group" | "bank" | "club" | "department" | "ministry"
        ) {
            return self.recent_order().find(|&i| {
                let sp = &self.speakers[i];
                !sp.person && !sp.anonymous && !sp.outlet
            });
        }
        if in_list(rules::OUTLET_HEADS, head) {
            return self.recent_order().find(|&i| self.speakers[i].outlet);
        }
        None
    }

    /// The speaker a pronoun stands for: `candidate` if it fits ("he" is not a group of
    /// officials or an outlet), else the most recent speaker that does.
    fn pronoun(&self, word: &str, candidate: Option<usize>) -> Option<usize> {
        let fits = |i: usize| {
            let sp = &self.speakers[i];
            let plural = sp.anonymous && sp.name.ends_with('s');
            match word {
                "he" | "she" | "i" => !sp.outlet && !plural,
                _ => true,
            }
        };
        let c = candidate?;
        if fits(c) {
            return Some(c);
        }
        self.recent_order().find(|&i| fits(i)).or(Some(c))
    }

    /// Speaker indices, most recently speaking first, then those that have not spoken, latest
    /// seen first. Lazy: callers stop at the first that fits.
    fn recent_order(&self) -> impl Iterator<Item = usize> + '_ {
        let spoken = self
            .out
            .iter()
            .enumerate()
            .rev()
            .filter(|&(at, r)| self.said_at[r.speaker] == Some(at))
            .map(|(_, r)| r.speaker);
        let silent = (0..self.speakers.len())
            .rev()
            .filter(|&i| self.said_at[i].is_none());
        spoken.chain(silent)
    }

    /// The speakers a subject phrase names: one, or several for "X and Y", "the two
    /// companies", "neither X nor Y".
    fn resolve(&mut self, s: &str, toks: &[Tok], np: (usize, usize)) -> Vec<usize> {
        let (mut a, mut b) = np;
        // Trailing times: "the White House last week".
        while b > a + 1 && (in_list(rules::TIME_WORDS, lw(&toks[b - 1]))) {
            b -= 1;
            if b > a + 1 && matches!(lw(&toks[b - 1]), "last" | "on" | "this" | "that") {
                b -= 1;
            }
        }
        if is_pair_np(toks, (a, b)) {
            let mut v: Vec<usize> = self.pair_speaker(s, toks).into_iter().collect();
            if let Some((_, y)) = self.pair {
                v.push(y);
            }
            return v;
        }
        if matches!(lw(&toks[a]), "neither" | "both" | "either") && b > a + 1 {
            a += 1;
        }
        // Coordinated subjects.
        for sep in ["nor", "and", "or"] {
            if let Some(k) = (a + 1..b.saturating_sub(1)).find(|&k| toks[k].is(sep)) {
                let left_single_adj = k == a + 1
                    && ["ian", "ish", "ese", "can", "ean", "ic"]
                        .iter()
                        .any(|suf| lw(&toks[a]).ends_with(suf));
                let right_ok = toks[k + 1].is_cap()
                    || matches!(lw(&toks[k + 1]), "a" | "an" | "the" | "some" | "several");
                let left_ok = toks[k - 1].is_cap()
                    || sep == "nor"
                    || in_list(rules::SPEAKER_NOUNS, lw(&toks[k - 1]))
                    || in_list(rules::ANONYMOUS_HEADS, lw(&toks[k - 1]));
                if !left_single_adj && right_ok && left_ok {
                    let mut v = self.resolve(s, toks, (a, k));
                    v.extend(self.resolve(s, toks, (k + 1, b)));
                    return v;
                }
            }
        }
        self.resolve_one(s, toks, (a, b)).into_iter().collect()
    }

    fn resolve_one(&mut self, s: &str, toks: &[Tok], (a0, b): (usize, usize)) -> Option<usize> {
        let mut a = a0;
        if b - a == 1 && in_list(rules::PRONOUNS, lw(&toks[a])) {
            return self.pronoun(lw(&toks[a]), self.last);
        }
        // Articles and quantities.
        let mut indefinite = false;
        let mut definite = false;
        loop {
            if a >= b {
                return None;
            }
            match lw(&toks[a]) {
                "a" | "an" | "some" | "several" | "two" | "three" | "other" | "another" => {
                    indefinite = true;
                    a += 1;
                }
                "the" | "this" | "that" | "its" | "his" | "her" | "their" => {
                    definite = true;
                    a += 1;
                }
                "number" | "group" | "couple" | "handful" | "pair"
                    if toks.get(a + 1).is_some_and(|t| t.is("of")) =>
                {
                    indefinite = true;
                    a += 2;
                }
                "both" => {
                    definite = true;
                    a += 1;
                }
                _ => break,
            }
        }
        let has_cap = toks[a..b].iter().any(Tok::is_cap);
        let head = lw(&toks[b - 1]).to_string();
        if in_list(rules::NOT_SPEAKERS, &head) && !has_cap {
            return None;
        }
        // "the two companies", "both sides".
        if in_list(rules::PAIR_NOUNS, &head)
            && (lw(&toks[a0]) == "both" || toks[a0..b].iter().any(|t| t.is("two")))
        {
            return self.pair_speaker(s, toks);
        }
        // "The Pentagon said ... the official said": an official of the body just quoted,
        // unless the report already has one.
        if definite && !has_cap && b - a == 1 && in_list(rules::ANONYMOUS_HEADS, &head) {
            let body = self.last.filter(|&i| {
                let sp = &self.speakers[i];
                !sp.person && !sp.anonymous && !sp.outlet && !sp.words.contains(&head)
            });
            if let Some(i) = body {
                let name = format!("{} {head}", self.speakers[i].name);
                let known = self.by_name.get(&name.to_ascii_lowercase()).copied();
                return Some(known.unwrap_or_else(|| {
                    self.add_speaker(Speaker {
                        words: name.split_whitespace().map(str::to_lowercase).collect(),
                        name,
                        anonymous: true,
                        outlet: false,
                        person: true,
                    })
                }));
            }
        }
        // A description without a name: "the official", "the company", "the newspaper".
        if definite
            && !has_cap
            && let Some(i) = self.find_by_head(&head)
        {
            return Some(i);
        }
        // Titles before a name.
        let title = (a..b)
            .rev()
            .find(|&k| {
                in_list(rules::TITLES, lw(&toks[k]))
                    && k + 1 < b
                    && toks[k + 1..b].iter().any(Tok::is_cap)
            })
            .or_else(|| {
                // A role in lowercase before a name: "harbour pilot Joana Reis".
                let k = (a..b).rev().find(|&k| toks[k].word && !toks[k].is_cap())?;
                let prep = matches!(
                    lw(&toks[k]),
                    "of" | "for" | "at" | "in" | "to" | "from" | "with" | "and" | "or" | "by"
                );
                (k + 1 < b && !prep && toks[k + 1..b].iter().all(Tok::is_cap)).then_some(k)
            });
        let mut name_from = a;
        let mut descriptors: Vec<String> = Vec::new();
        if let Some(t) = title {
            let mut n = t + 1;
            // "Ambassador to Chile Mark Hill", "Secretary of State Jane Roe".
            if n < b && matches!(lw(&toks[n]), "to" | "of" | "for" | "at") {
                n += 1;
                if n < b && toks[n].is("the") {
                    n += 1;
                    while n + 2 < b && toks[n].is_cap() {
                        n += 1;
                    }
                } else if n + 2 < b {
                    // Only when a name of two words or more is left after it.
                    n += 1;
                } else {
                    n = b;
                }
            }
            if n < b && toks[n..b].iter().all(|t| t.is_cap() || !t.word) {
                descriptors = toks[a..n].iter().map(|t| t.lower.clone()).collect();
                name_from = n;
            }
        }
        let mut name_to = b;
        let mut outlet = false;
        if name_from == a {
            // "the Mehr news agency": the outlet's name before its descriptor.
            for suf in rules::OUTLET_SUFFIXES {
                let n = suf.split(' ').count();
                if b - a > n {
                    let tail: Vec<&str> = toks[b - n..b].iter().map(|t| t.lower.as_str()).collect();
                    if tail.join(" ") == *suf && toks[b - n - 1].is_cap() {
                        descriptors = tail.iter().map(|s| s.to_string()).collect();
                        name_to = b - n;
                        outlet = true;
                        let mut k = name_to;
                        while k > a && toks[k - 1].is_cap() {
                            k -= 1;
                        }
                        name_from = k;
                        descriptors.extend(toks[a..k].iter().map(|t| t.lower.clone()));
                        break;
                    }
                }
            }
        }
        let name = words_text(s, toks, name_from, name_to);
        if name.is_empty() {
            return None;
        }
        let name = name.trim_end_matches(',').to_string();
        let np_words: Vec<String> = toks[a..b].iter().map(|t| t.lower.clone()).collect();
        let anonymous = name_from == a
            && !outlet
            && (indefinite
                || !has_cap
                || np_words.iter().any(|w| w == "unnamed" || w == "anonymous"))
            && np_words
                .iter()
                .take(4)
                .any(|w| in_list(rules::ANONYMOUS_HEADS, w))
            || (name_from == a
                && np_words
                    .last()
                    .is_some_and(|w| in_list(rules::ANONYMOUS_HEADS, w))
                && toks[b - 1].word
                && !toks[b - 1].is_cap());
        if !has_cap && !anonymous && !definite && !in_list(rules::SPEAKER_NOUNS, &head) {
            return None;
        }
        if !anonymous {
            if let Some(i) = self.find_known(&name) {
                for d in descriptors {
                    self.add_word(i, d);
                }
                return Some(i);
            }
        } else if definite && let Some(i) = self.find_by_head(&head) {
            return Some(i);
        }
        let person = title.is_some() && name_from > a
            || (toks[name_from..name_to].iter().all(Tok::is_cap)
                && name_to - name_from >= 2
                && !outlet
                && !rules::is_outlet_name(&name)
                && !toks[name_from..name_to]
                    .iter()
                    .any(|t| in_list(rules::ORG_WORDS, lw(t))));
        let is_outlet = outlet
            || rules::is_outlet_name(&name)
            || descriptors.iter().any(|d| in_list(rules::OUTLET_HEADS, d));
        let mut words: Vec<String> = name.split_whitespace().map(|w| w.to_lowercase()).collect();
        words.extend(descriptors);
        words.extend(np_words);
        let name = if is_outlet {
            rules::canonical_outlet(&name)
        } else {
            name
        };
        Some(self.add_speaker(Speaker {
            name,
            words,
            anonymous,
            outlet: is_outlet,
            person,
        }))
    }

    /// "the two companies": the two parties named most recently, else the first two names in
    /// this sentence.
    fn pair_speaker(&mut self, s: &str, toks: &[Tok]) -> Option<usize> {
        if self.pair.is_none() {
            let mut runs: Vec<(usize, usize)> = Vec::new();
            let mut k = 0;
            while k < toks.len() {
                if toks[k].is_cap() {
                    let st = k;
                    while k < toks.len() && toks[k].is_cap() {
                        k += 1;
                    }
                    let w = lw(&toks[st]);
                    if !in_list(rules::TIME_WORDS, w)
                        && !in_list(rules::MONTHS, w)
                        && !matches!(w, "the" | "both" | "a" | "an")
                    {
                        runs.push((st, k));
                    }
                } else {
                    k += 1;
                }
            }
            if runs.len() >= 2 {
                let x = self.resolve_one(s, toks, runs[0])?;
                let y = self.resolve_one(s, toks, runs[1])?;
                self.pair = Some((x, y));
            }
        }
        // The caller gets the first; the second is added by `pair_second`.
        self.pair.map(|(x, _)| x)
    }

    fn sentence(&mut self, si: usize, s: &str) {
        let toks = text::tokenize(s);
        if toks.is_empty() {
            return;
        }
        let cues = find_cues(&toks);
        let last_prev = self.last;
        let mut locals: Vec<Local> = Vec::new();
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
                    let Some(np) = speaker_right(&toks, cue.end) else {
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
                    let Some(np) = speaker_right(&toks, cue.end) else {
                        continue;
                    };
                    local.np = Some(np);
                    local.content = (0, 0);
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
                    if let Some(outlet_np) = subject_left(&toks, cue.start) {
                        let ids = self.resolve(s, &toks, outlet_np);
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
                    if let Some(np) = subject_left(&toks, cue.start) {
                        local.np = Some(np);
                        // Relative subject: "the news organisations that reported".
                        if np.1 - np.0 == 1 && matches!(lw(&toks[np.0]), "that" | "which" | "who") {
                            local.np = None;
                        }
                    } else if np_rel(&toks, cue.start).is_some() {
                        local.np = np_rel(&toks, cue.start);
                    }
                    if local.np.is_none() {
                        // Inverted: "..., said X".
                        let left_ok = cue.start == 0
                            || matches!(
                                toks[cue.start - 1].text.as_str(),
                                "," | "\"" | "”" | "'" | "’"
                            );
                        if left_ok
                            && cue.stance == Stance::Asserts
                            && let Some(np) = speaker_right(&toks, cue.end)
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
                        if comma_before && short <= 5 && before_words >= 3 {
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
                if let Some(prev) = locals.last_mut()
                    && prev.stance == Stance::Asserts
                    && cue.stance != Stance::Asserts
                {
                    prev.stance = cue.stance;
                }
                continue;
            };
            let pronoun = np.1 - np.0 == 1 && in_list(rules::PRONOUNS, lw(&toks[np.0]));
            let ids = if pronoun && (local.trailing || locals.is_empty()) {
                // "..., he said": the speaker of the sentences before, not one named inside.
                self.pronoun(lw(&toks[np.0]), last_prev)
                    .into_iter()
                    .collect()
            } else if cue.kind == Kind::Verb && np_rel_is_among(&toks, np) {
                let (x, y) = among_subject(&toks, np);
                self.resolve(s, &toks, (x, y))
            } else {
                self.resolve(s, &toks, np)
            };
            if ids.is_empty() {
                continue;
            }
            let mut ids = ids;
            if let Some((x, y)) = self.pair
                && ids.len() == 1
                && ids[0] == x
                && is_pair_np(&toks, np)
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
                    continue;
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
                    if locals[j].stance == Stance::Asserts {
                        locals[j].stance = locals[i].stance;
                    }
                    locals[i].dropped = true;
                    continue;
                }
                let outer_outlet = locals[j]
                    .speakers
                    .iter()
                    .all(|&sp| self.speakers[sp].outlet);
                if locals[j].trailing && outer_outlet {
                    // "..., the X news agency said": the outlet carries the inner statement.
                    let via = self.speakers[locals[j].speakers[0]].name.clone();
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

        for (li, l) in locals.iter().enumerate() {
            if !keep[li] {
                continue;
            }
            let cue = &cues[l.cue];
            let mut via = l.via.clone();
            if via == Via::Unsaid {
                let from = l.np.map_or(cue.start, |np| np.0.min(cue.start));
                via = self.find_via(&toks, from, l.speakers[0]);
            }
            if via == Via::Unsaid
                && let Some(o) = &according_outlet
            {
                via = Via::Named(o.clone());
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
            let mut content = words_text(s, &toks, a, b);
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
            for &sp in &l.speakers {
                // The outlet carrying a statement is not also its speaker.
                if let Via::Named(v) = &via
                    && v.eq_ignore_ascii_case(&self.speakers[sp].name)
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
                    si,
                    adding: in_list(rules::ADDING, &l.verb),
                    absorbed: false,
                });
            }
        }
    }

    /// The outlet or platform named around an attribution ("told the Associated Press", "in
    /// comments to TASS", "a Reuters request for comment", "in a tweet").
    fn find_via(&mut self, toks: &[Tok], from: usize, speaker: usize) -> Via {
        let mut k = from;
        let mut generic = false;
        while k < toks.len() {
            // "a Reuters request for comment"
            if toks[k].is("request") || toks[k].is("requests") {
                let mut a = k;
                while a > 0 && toks[a - 1].is_cap() {
                    a -= 1;
                }
                if a < k {
                    let name: Vec<&str> = toks[a..k].iter().map(|t| t.text.as_str()).collect();
                    let name = name.join(" ");
                    if rules::is_outlet_name(&name) {
                        return Via::Named(rules::canonical_outlet(&name));
                    }
                }
            }
            for (w, p) in rules::POST_PLATFORMS {
                if toks[k].is(w) {
                    return Via::Named(p.to_string());
                }
            }
            for parts in via_lead_parts() {
                if k + parts.len() > toks.len()
                    || !parts.iter().enumerate().all(|(o, p)| toks[k + o].is(p))
                {
                    continue;
                }
                let mut n = k + parts.len();
                if n < toks.len() && matches!(lw(&toks[n]), "the" | "a" | "an") {
                    n += 1;
                }
                let rest: Vec<&str> = toks[n..].iter().take(3).map(|t| t.lower.as_str()).collect();
                let rest = rest.join(" ");
                if rules::GENERIC_AUDIENCES.iter().any(|g| {
                    rest.starts_with(g.trim_start_matches("the ").trim_start_matches("a "))
                }) {
                    generic = true;
                }
                let mut e = n;
                while e < toks.len() && toks[e].is_cap() {
                    e += 1;
                }
                if e > n {
                    let name: Vec<&str> = toks[n..e].iter().map(|t| t.text.as_str()).collect();
                    let name = name.join(" ");
                    let first = toks[n].text.as_str();
                    let known = self.find_known(&name).filter(|&i| self.speakers[i].outlet);
                    if let Some(i) = known
                        && i != speaker
                    {
                        return Via::Named(self.speakers[i].name.clone());
                    }
                    if rules::is_outlet_name(&name) {
                        return Via::Named(rules::canonical_outlet(&name));
                    }
                    if rules::is_outlet_name(first)
                        || rules::is_outlet_name(&format!(
                            "{first} {}",
                            toks.get(n + 1).map_or("", |t| t.text.as_str())
                        ))
                    {
                        return Via::Named(name);
                    }
                    // "told Mehr" after "the Mehr news agency": a name seen as an outlet.
                    for parts in outlet_suffix_parts() {
                        if e + parts.len() <= toks.len()
                            && parts.iter().enumerate().all(|(o, p)| toks[e + o].is(p))
                        {
                            return Via::Named(name);
                        }
                    }
                }
                // "the agency", "the newspaper"
                if n < toks.len()
                    && in_list(rules::OUTLET_HEADS, lw(&toks[n]))
                    && toks[n - 1].is("the")
                    && let Some(i) = self.find_by_head(lw(&toks[n]))
                    && self.speakers[i].outlet
                    && i != speaker
                {
                    return Via::Named(self.speakers[i].name.clone());
                }
            }
            // "in a statement", "in a social media post"
            if toks[k].is("statement") || toks[k].is("post") || toks[k].is("briefing") {
                generic = true;
            }
            k += 1;
        }
        if generic { Via::Generic } else { Via::Unsaid }
    }

    fn finish(mut self) -> Vec<Proposal> {
        // Same speaker, same sentence, same stance: one statement.
        let mut merged: Vec<Raw> = Vec::new();
        for r in std::mem::take(&mut self.out) {
            if let Some(m) = merged
                .iter_mut()
                .rev()
                .take_while(|m| m.si == r.si)
                .find(|m| {
                    m.speaker == r.speaker
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
                    && r.si <= prev.si + 2;
                let announced_then_confirmed = prev.stance == Stance::Asserts
                    && matches!(r.stance, Stance::Confirms | Stance::Denies)
                    && r.si <= prev.si + 1
                    && same.len() == 1;
                if supporting_line || announced_then_confirmed {
                    target = Some(i);
                }
            }
            if target.is_none() && !r.adding {
                target = same.iter().copied().find(|&i| out[i].stance == r.stance);
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
                    sentence: r.sentence,
                    sentences: Vec::new(),
                }
            })
            .collect()
    }
}

/// "the news organisations that reported": the relative pronoun right before the verb.
fn np_rel(toks: &[Tok], at: usize) -> Option<(usize, usize)> {
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
fn np_rel_is_among(toks: &[Tok], np: (usize, usize)) -> bool {
    let head = lw(&toks[np.1 - 1]);
    in_list(rules::OUTLET_PLURALS, head) && np.0 >= 1 && toks[np.0 - 1].is("among")
        || (np.0 >= 2 && toks[np.0 - 1].is("the") && toks[np.0 - 2].is("among"))
}

fn among_subject(toks: &[Tok], np: (usize, usize)) -> (usize, usize) {
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

fn is_pair_np(toks: &[Tok], np: (usize, usize)) -> bool {
    let head = lw(&toks[np.1 - 1]);
    in_list(rules::PAIR_NOUNS, head)
        && (toks[np.0].is("both") || toks[np.0..np.1].iter().any(|t| t.is("two")))
}

//! Mentions and coreference: which speaker a subject phrase names. A name seen before, its
//! surname, a title or descriptor the report used for it ("the official", "the company"), a
//! pronoun, a pair ("the two companies"), coordinated subjects ("X and Y").

use super::extract::State;
use super::grammar::{in_list, is_pair_np, lw, words_text};
use super::lexicon as rules;
use super::text::Tok;

/// A speaker seen so far in the report.
#[derive(Debug, Clone)]
pub(super) struct Speaker {
    pub(super) name: String,
    /// Lowercase words the report has used for it: name, title, descriptors.
    pub(super) words: Vec<String>,
    pub(super) anonymous: bool,
    pub(super) outlet: bool,
    pub(super) person: bool,
}

impl State {
    pub(super) fn add_speaker(&mut self, sp: Speaker) -> usize {
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
    pub(super) fn add_word(&mut self, i: usize, word: String) {
        if !self.speakers[i].words.contains(&word) {
            self.by_word.entry(word.clone()).or_default().push(i);
            self.speakers[i].words.push(word);
        }
    }

    /// The speaker with exactly this name (ignoring ASCII case), else the latest named speaker
    /// whose name holds these words and more ("Altun" → "Fahrettin Altun").
    pub(super) fn find_known(&self, name: &str) -> Option<usize> {
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
    pub(super) fn find_by_head(&self, head: &str) -> Option<usize> {
        // The first in `recent_order` of the speakers the word was used for.
        let recency = |&i: &usize| (self.said_at[i].is_some(), self.said_at[i], i);
        // "A representative of Samsung told ... the spokesman said": one role, several words.
        const SPOKES: &[&str] = &["spokesman", "spokeswoman", "spokesperson", "representative"];
        if SPOKES.contains(&head) {
            return SPOKES
                .iter()
                .filter_map(|w| self.by_word.get(*w))
                .flatten()
                .copied()
                .max_by_key(recency);
        }
        if let Some(users) = self.by_word.get(head) {
            return users.iter().copied().max_by_key(recency);
        }
        if matches!(
            head,
            "company" | "firm" | "group" | "bank" | "club" | "department" | "ministry"
        ) {
            // "the company" is not the public body quoted last ("the environment office").
            let public = |name: &str| {
                name.split_whitespace()
                    .any(|w| PUBLIC_BODIES.contains(&w.to_lowercase().as_str()))
            };
            let business = matches!(head, "company" | "firm" | "bank");
            return self.recent_order().find(|&i| {
                let sp = &self.speakers[i];
                !(sp.person || sp.anonymous || sp.outlet || business && public(&sp.name))
            });
        }
        if in_list(rules::OUTLET_HEADS, head) {
            return self.recent_order().find(|&i| self.speakers[i].outlet);
        }
        None
    }

    /// The speaker a pronoun stands for: `candidate` if it fits ("he" is not a group of
    /// officials or an outlet), else the most recent speaker that does.
    pub(super) fn pronoun(&self, word: &str, candidate: Option<usize>) -> Option<usize> {
        let fits = |i: usize| {
            let sp = &self.speakers[i];
            let plural = sp.anonymous && sp.name.ends_with('s');
            match word {
                "he" | "she" | "i" => !sp.outlet && !plural,
                // "they argued": people or a body, not the outlet that carried them.
                "they" | "we" => !sp.outlet,
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
    pub(super) fn recent_order(&self) -> impl Iterator<Item = usize> + '_ {
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
    pub(super) fn resolve(&mut self, s: &str, toks: &[Tok], np: (usize, usize)) -> Vec<usize> {
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
        // "11 Indian and European officials": a count is not part of a name.
        let counted = toks[a].text.chars().all(|c| c.is_ascii_digit()) && b > a + 1;
        let from = if counted { a + 1 } else { a };
        // Coordinated subjects.
        for sep in ["nor", "and", "or"] {
            if let Some(k) = (a + 1..b.saturating_sub(1)).find(|&k| toks[k].is(sep)) {
                let left_single_adj = k == from + 1
                    && ["ian", "ish", "ese", "can", "ean", "ic"]
                        .iter()
                        .any(|suf| lw(&toks[a]).ends_with(suf));
                // "prosecutors and defense lawyers": two kinds of speaker, each a head noun.
                let right_ok = toks[k + 1].is_cap()
                    || matches!(lw(&toks[k + 1]), "a" | "an" | "the" | "some" | "several")
                    || (in_list(rules::SPEAKER_NOUNS, lw(&toks[k - 1]))
                        && (in_list(rules::SPEAKER_NOUNS, lw(&toks[b - 1]))
                            || in_list(rules::ANONYMOUS_HEADS, lw(&toks[b - 1]))));
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

    pub(super) fn resolve_one(
        &mut self,
        s: &str,
        toks: &[Tok],
        (a0, b): (usize, usize),
    ) -> Option<usize> {
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
                "a" | "an" | "some" | "several" | "two" | "three" | "four" | "five" | "six"
                | "seven" | "eight" | "nine" | "ten" | "other" | "another" | "many" => {
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
        // "A member of the Civilian Guard", "an official at the ministry", "one of the
        // engineers": a person the text does not name, belonging to a named body. The whole
        // phrase is the speaker, and it is anonymous.
        let bare_plural = a == a0 && lw(&toks[a]).ends_with('s');
        if (indefinite || lw(&toks[a0]) == "one" || bare_plural)
            && b > a + 2
            && (in_list(rules::ANONYMOUS_HEADS, lw(&toks[a])) || toks[a].is("one"))
            && matches!(
                lw(&toks[a + 1]),
                "of" | "at"
                    | "for"
                    | "from"
                    | "in"
                    | "with"
                    | "outside"
                    | "inside"
                    | "close"
                    | "within"
                    | "near"
            )
        {
            let name = words_text(s, toks, a, b);
            if let Some(&i) = self.by_name.get(&name.to_ascii_lowercase()) {
                return Some(i);
            }
            return Some(self.add_speaker(Speaker {
                words: toks[a..b].iter().map(|t| t.lower.clone()).collect(),
                name,
                anonymous: true,
                outlet: false,
                person: true,
            }));
        }
        // "the Dallas-based company": a capital inside a hyphenated adjective is not a name.
        // Nor is the capital of a common noun that opens the sentence ("Fishermen said").
        let has_cap = (a..b).any(|k| {
            let t = &toks[k];
            let hyphenated = t.text.contains('-')
                && t.text
                    .rsplit('-')
                    .next()
                    .is_some_and(|last| last.chars().next().is_some_and(char::is_lowercase));
            let opening_noun = k == 0
                && (in_list(rules::ANONYMOUS_HEADS, lw(t)) || in_list(rules::SPEAKER_NOUNS, lw(t)));
            t.is_cap() && !hyphenated && !opening_noun
        });
        // "video of the briefing", "minutes of the meeting": the head comes before "of".
        let head = (a + 1..b)
            .find(|&k| toks[k].is("of"))
            .map(|k| lw(&toks[k - 1]))
            .filter(|h| in_list(rules::SPEAKER_NOUNS, h))
            .unwrap_or_else(|| lw(&toks[b - 1]))
            .to_string();
        // "A police report said", "the autopsy report says": a document of a named kind
        // speaks; a bare "reports" or "the report" is the narration's own.
        let typed_document = matches!(head.as_str(), "report" | "reports")
            && b >= a + 2
            && toks[b - 2].word
            && !matches!(
                lw(&toks[b - 2]),
                "the"
                    | "a"
                    | "an"
                    | "media"
                    | "news"
                    | "earlier"
                    | "such"
                    | "those"
                    | "these"
                    | "recent"
                    | "unconfirmed"
            );
        if in_list(rules::NOT_SPEAKERS, &head) && !has_cap && !typed_document {
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
        // "Microsoft Corp is in talks ... The software company acknowledged ...": a company
        // that opened the sentence before is what "the company" takes up, spoken or not.
        if definite
            && !has_cap
            && matches!(head.as_str(), "company" | "firm")
            && let Some(name) = self.topic.clone()
        {
            if let Some(i) = self.find_known(&name) {
                return Some(i);
            }
            let mut words: Vec<String> =
                name.split_whitespace().map(|w| w.to_lowercase()).collect();
            words.push(head.clone());
            return Some(self.add_speaker(Speaker {
                name,
                words,
                anonymous: false,
                outlet: false,
                person: false,
            }));
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
        } else if let Some(&i) = self.by_name.get(&name.to_ascii_lowercase())
            && self.speakers[i].anonymous
        {
            // "people familiar with the matter" and "four people familiar with the matter":
            // variants of one anonymous group are one source.
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
    pub(super) fn pair_speaker(&mut self, s: &str, toks: &[Tok]) -> Option<usize> {
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
}

/// Words that make a name a public body rather than a business.
const PUBLIC_BODIES: &[&str] = &[
    "office",
    "ministry",
    "council",
    "department",
    "government",
    "agency",
    "police",
    "court",
    "committee",
    "commission",
    "authority",
    "union",
    "parliament",
    "federation",
    "army",
];

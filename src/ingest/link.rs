//! Which claim each proposal answers: decided here, before anything is written, so that the
//! preview shows it and `--apply` only follows it.
//!
//! - The lead's assertion goes to the claim named with `--claim`, when there is one;
//!   assertions in one sentence share their claim ("X reported, citing an unnamed source").
//! - A statement with content of its own goes to the claim that content is about: one this
//!   report already goes to, else one in the database (found through the similarity index by
//!   the caller's `lookup`); else it is a claim of its own, never forced onto the main claim.
//! - A statement without content of its own ("declined to comment", "denied it", "confirmed
//!   the meeting") answers the sentence before it: the previous statement in its paragraph,
//!   else the previous paragraph's first; else the main claim.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::model::{ClaimId, ClaimRef, NEAR_DUPLICATE, Stance, similarity, telling_words};

use super::Proposal;

/// How much a text must share with a claim to be about it: letter-pair similarity, or a share
/// of telling words (by their first letters, so "cancelled" meets "cancellation").
const ABOUT_SAME: f64 = 0.6;
const WORDS_SHARED: f64 = 0.5;
const WORDS_CONTAINED: f64 = 0.75;
/// A backward reference is a short phrase: "the meeting", "these reports of a deal".
const SHORT_REFERENCE: usize = 4;

/// A claim already in the database: its number and text.
pub type Existing = (ClaimId, String);

/// How many of the claims this report goes to a proposal is compared with (the latest ones,
/// oldest first): what a statement answers is a few paragraphs back at most, and a report of
/// thousands of words (some hundreds of claims) stays fast and linear.
const KNOWN_AT_MOST: usize = 48;

/// The claim each proposal goes to, in order. `main` is the claim named with `--claim`;
/// `lookup` gives the existing claims reading most like a text, best first (it may give none;
/// it is asked once per distinct text).
pub fn link<E>(
    proposals: &[Proposal],
    main: Option<&Existing>,
    mut lookup: impl FnMut(&str) -> Result<Vec<Existing>, E>,
) -> Result<Vec<ClaimRef>, E> {
    // The claims this report goes to so far, with the text each is known by (and its stems,
    // worked out once: every later proposal is compared with it).
    let mut known: Vec<Known> = Vec::new();
    if let Some((id, text)) = main {
        known.push(Known::new(ClaimRef::Claim(*id), text));
    }
    let recent = |known: &[Known], about: &dyn Fn(&Known) -> bool| {
        let from = known.len().saturating_sub(KNOWN_AT_MOST);
        known[from..].iter().find(|k| about(k)).map(|k| k.claim)
    };
    let mut looked_up: HashMap<String, Vec<Existing>> = HashMap::new();
    let mut asserted_in: HashMap<&str, ClaimRef> = HashMap::new();
    let mut paragraphs = Paragraphs::default();
    let mut refs: Vec<ClaimRef> = Vec::with_capacity(proposals.len());
    let mut lead_taken = false;
    for (i, p) in proposals.iter().enumerate() {
        // The claim as it will be logged: without a dateline it may start with.
        let claim = super::dateline::strip(&p.claim);
        let paragraph = p.sentences.first().map(|s| s.paragraph);
        let same_sentence = (p.stance == Stance::Asserts)
            .then(|| asserted_in.get(p.sentence.as_str()).copied())
            .flatten();
        let answered = || paragraphs.answered(paragraph, refs.last().copied());
        let found = if let Some(r) = same_sentence {
            r
        } else if let (Some((id, _)), false, Stance::Asserts) = (main, lead_taken, p.stance) {
            ClaimRef::Claim(*id)
        } else {
            // What a report asserts is its own content unless it has none at all: "The ferry
            // sank" is news, not a pointer back.
            let content = match (content(claim), p.stance) {
                (Content::Reference(_) | Content::Report, Stance::Asserts) => Content::Own,
                (content, _) => content,
            };
            match content {
                // The report in circulation: the one just reported in this paragraph, else
                // the story's (the claim named, or the first this report goes to).
                Content::Report => paragraphs
                    .reported(paragraph)
                    .or(main.map(|(id, _)| ClaimRef::Claim(*id)))
                    .or(refs.first().copied())
                    .or_else(answered)
                    .unwrap_or(ClaimRef::New(i)),
                Content::None => answered()
                    .or(main.map(|(id, _)| ClaimRef::Claim(*id)))
                    .unwrap_or(ClaimRef::New(i)),
                Content::Reference(words) => recent(&known, &|k| mentions(&k.stems, &words))
                    .or_else(answered)
                    .or(main.map(|(id, _)| ClaimRef::Claim(*id)))
                    .unwrap_or(ClaimRef::New(i)),
                Content::Own => {
                    let own = Known::new(ClaimRef::New(i), claim);
                    match recent(&known, &|k| own.about_same(k)) {
                        Some(r) => r,
                        None => {
                            // An assertion meets a claim in the database only as a near duplicate:
                            // what a report asserts is news unless it is the same sentence.
                            let meets = |text: &str| match p.stance {
                                Stance::Asserts => similarity(claim, text) >= NEAR_DUPLICATE,
                                _ => about_same(claim, text),
                            };
                            if !looked_up.contains_key(claim) {
                                looked_up.insert(claim.to_string(), lookup(claim)?);
                            }
                            match looked_up[claim].iter().find(|(_, t)| meets(t)) {
                                Some((id, text)) => {
                                    known.push(Known::new(ClaimRef::Claim(*id), text));
                                    ClaimRef::Claim(*id)
                                }
                                None => ClaimRef::New(i),
                            }
                        }
                    }
                }
            }
        };
        if found == ClaimRef::New(i) {
            known.push(Known::new(found, claim));
        }
        if p.stance == Stance::Asserts {
            lead_taken = true;
            asserted_in.entry(p.sentence.as_str()).or_insert(found);
        }
        paragraphs.seen(paragraph, found, p.stance == Stance::Asserts);
        refs.push(found);
    }
    Ok(refs)
}

/// Where the statements of each paragraph went: the first and the latest of each.
#[derive(Default)]
struct Paragraphs {
    first: BTreeMap<usize, ClaimRef>,
    latest: HashMap<usize, ClaimRef>,
    /// The latest statement of each paragraph, when it is an assertion (a report).
    reported: HashMap<usize, ClaimRef>,
}

impl Paragraphs {
    fn seen(&mut self, paragraph: Option<usize>, r: ClaimRef, asserts: bool) {
        if let Some(n) = paragraph {
            self.first.entry(n).or_insert(r);
            self.latest.insert(n, r);
            if asserts {
                self.reported.insert(n, r);
            } else {
                self.reported.remove(&n);
            }
        }
    }

    /// The claim just reported in this paragraph, if its latest statement reports one.
    fn reported(&self, paragraph: Option<usize>) -> Option<ClaimRef> {
        self.reported.get(&paragraph?).copied()
    }

    /// The claim of the sentence a content-less statement answers: the previous statement in
    /// its paragraph, else the first of the nearest paragraph before it with statements (or
    /// the statement before it, when it is not placed in the report).
    fn answered(&self, paragraph: Option<usize>, before: Option<ClaimRef>) -> Option<ClaimRef> {
        let Some(here) = paragraph else {
            return before;
        };
        self.latest
            .get(&here)
            .copied()
            .or_else(|| self.first.range(..here).next_back().map(|(_, r)| *r))
    }
}

/// Whether a claim text says anything of its own ("declined to comment" and "it" do not).
pub fn has_content(claim: &str) -> bool {
    !matches!(content(claim), Content::None | Content::Report)
}

/// What a proposal's claim text holds.
#[derive(Debug, PartialEq, Eq)]
enum Content {
    /// Nothing of its own: "", "it", "declined to comment".
    None,
    /// Only the report it answers: "the report", "the newspaper's story".
    Report,
    /// A short definite phrase pointing back ("the meeting"): these words.
    Reference(Vec<String>),
    Own,
}

fn content(claim: &str) -> Content {
    let words: Vec<String> = claim
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let telling: Vec<String> = words
        .iter()
        .filter(|w| !is_empty_word(w))
        .cloned()
        .collect();
    if telling.is_empty() {
        // "denied the reports", "could not confirm the newspaper's story": the report in
        // circulation; "declined to comment", "it": whatever came just before.
        return if words.iter().any(|w| REPORT_NOUNS.contains(&w.as_str())) {
            Content::Report
        } else {
            Content::None
        };
    }
    // "the meeting"; "did not respond to requests for comment on the residents' account":
    // what follows the words of answering is a short phrase pointing back.
    let first_telling = words.iter().position(|w| !is_empty_word(w)).unwrap_or(0);
    let answering = words[..first_telling]
        .iter()
        .any(|w| ANSWERING.contains(&w.as_str()));
    // "the meeting", not "the mayor had resigned": a phrase without a verb form.
    let verbless = !words
        .iter()
        .any(|w| VERB_FORMS.contains(&w.as_str()) || (w.len() > 4 && w.ends_with("ed")));
    let pointing = verbless
        && words
            .first()
            .is_some_and(|w| POINTING.contains(&w.as_str()));
    if (answering && telling.len() <= 2) || (pointing && words.len() <= SHORT_REFERENCE) {
        return Content::Reference(telling);
    }
    Content::Own
}

/// Whether `text` has at least half the words of a reference (by their stems: "meeting"
/// meets "meetings", not "met").
fn mentions(stems: &HashSet<String>, words: &[String]) -> bool {
    let met = words.iter().filter(|w| stems.contains(&stem(w))).count();
    met > 0 && met * 2 >= words.len()
}

/// A claim this report goes to, with its text and the stems of its telling words.
struct Known {
    claim: ClaimRef,
    text: String,
    stems: HashSet<String>,
}

impl Known {
    fn new(claim: ClaimRef, text: &str) -> Known {
        Known {
            claim,
            text: text.to_string(),
            stems: stems(text),
        }
    }

    /// `about_same`, with the stems of both worked out already.
    fn about_same(&self, other: &Known) -> bool {
        words_about_same(&self.stems, &other.stems)
            || similarity(&self.text, &other.text) >= ABOUT_SAME
    }
}

/// Whether two claim texts are about the same thing: they read alike, or share enough of their
/// telling words.
pub fn about_same(a: &str, b: &str) -> bool {
    similarity(a, b) >= ABOUT_SAME || words_about_same(&stems(a), &stems(b))
}

fn words_about_same(a: &HashSet<String>, b: &HashSet<String>) -> bool {
    let shared = a.intersection(b).count();
    let smaller = a.len().min(b.len());
    let union = a.union(b).count();
    // A short text whose every word is in the other ("he had resigned") is about it.
    let within = shared == smaller && (1..=2).contains(&smaller);
    union > 0
        && (within
            || shared as f64 / union as f64 >= WORDS_SHARED
            || (shared >= 3 && shared as f64 / smaller as f64 >= WORDS_CONTAINED))
}

fn stems(text: &str) -> HashSet<String> {
    telling_words(text).iter().map(|w| stem(w)).collect()
}

/// A word's first five letters, a plural's s set aside.
fn stem(word: &str) -> String {
    let word = word.to_lowercase();
    let word = match word.strip_suffix('s') {
        Some(singular) if singular.chars().count() >= 3 => singular,
        _ => &word,
    };
    word.chars().take(5).collect()
}

/// Words that give a claim no content: pronouns, determiners, auxiliaries, the report nouns, and
/// (see `is_empty_word`) the words of answering itself ("declined to comment", "was in no
/// position to", "the reports").
const EMPTY_WORDS: &[&str] = &[
    "",
    "a",
    "an",
    "the",
    "it",
    "its",
    "it's",
    "this",
    "that",
    "these",
    "those",
    "they",
    "them",
    "he",
    "she",
    "we",
    "i",
    "you",
    "his",
    "her",
    "our",
    "their",
    "so",
    "such",
    "any",
    "anything",
    "all",
    "more",
    "of",
    "to",
    "on",
    "about",
    "in",
    "for",
    "with",
    "by",
    "from",
    "as",
    "at",
    "and",
    "or",
    "reported",
    "matter",
    "issue",
    "question",
    "questions",
    "no",
    "not",
    "immediate",
    "immediately",
    "right",
    "away",
    "yet",
    "time",
    "stage",
    "point",
    "publicly",
    "would",
    "could",
    "can",
    "cannot",
    "will",
    "did",
    "does",
    "do",
    "had",
    "has",
    "have",
    "was",
    "were",
    "is",
    "are",
    "be",
    "been",
    "being",
    "either",
    "neither",
    "nor",
    "whether",
    "newspaper's",
    "paper's",
    "media",
    "press",
];

/// Nouns for a report in circulation.
const REPORT_NOUNS: &[&str] = &[
    "report",
    "reports",
    "reporting",
    "claim",
    "claims",
    "story",
    "stories",
    "account",
    "accounts",
    "allegation",
    "allegations",
    "suggestion",
    "suggestions",
    "rumour",
    "rumours",
    "rumor",
    "rumors",
    "speculation",
    "article",
    "item",
    "news",
];

/// Whether a word gives a claim no content (`EMPTY_WORDS`, `REPORT_NOUNS` and `ANSWERING`).
fn is_empty_word(word: &str) -> bool {
    EMPTY_WORDS.contains(&word) || REPORT_NOUNS.contains(&word) || ANSWERING.contains(&word)
}

/// The words of answering: after them a short phrase points back ("did not respond to
/// requests for comment on the residents' account"); "He had resigned" has none.
const ANSWERING: &[&str] = &[
    "comment",
    "comments",
    "commented",
    "commenting",
    "decline",
    "declined",
    "declines",
    "refuse",
    "refused",
    "refuses",
    "respond",
    "responded",
    "response",
    "request",
    "requests",
    "answer",
    "answered",
    "calls",
    "call",
    "messages",
    "message",
    "emails",
    "email",
    "confirm",
    "confirmed",
    "deny",
    "denied",
    "discuss",
    "discussed",
    "identify",
    "identified",
    "position",
    "able",
    "unable",
    "available",
    "reached",
    "reach",
    "further",
    "details",
    "detail",
    "elaborate",
    "information",
    "aware",
    "say",
    "said",
    "statement",
];

/// Auxiliaries and common verbs: a phrase with one is a clause with content of its own.
const VERB_FORMS: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "can",
    "could", "may", "might", "must", "shall", "should", "did", "does", "do", "met", "made", "took",
    "left", "went", "came", "gave", "sold", "paid", "won", "lost", "fell", "rose", "sank", "shut",
    "quit", "hit", "cut", "ran", "said", "told", "says", "plans", "wants",
];

/// Words that open a phrase pointing back to something already said.
const POINTING: &[&str] = &[
    "the", "this", "that", "these", "those", "such", "its", "their",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Span;

    fn p(speaker: &str, stance: Stance, claim: &str, sentence: &str, paragraph: usize) -> Proposal {
        Proposal {
            speaker: speaker.into(),
            via: None,
            anonymous: false,
            stance,
            quote: None,
            claim: claim.into(),
            sentence: sentence.into(),
            sentences: vec![Span {
                text: sentence.into(),
                paragraph,
                start: 0,
                end: sentence.len(),
            }],
        }
    }

    fn none(_: &str) -> Result<Vec<Existing>, ()> {
        Ok(Vec::new())
    }

    const LEAD: &str = "The Fenwick tram company will raise fares by a third in May";

    #[test]
    fn content_less_answers_land_on_the_claim_they_answer() {
        let story = [
            p("Fenwick Post", Stance::Asserts, LEAD, "s0", 1),
            p("unnamed source", Stance::Asserts, LEAD, "s0", 1),
            p(
                "tram company",
                Stance::Declines,
                "declined to comment",
                "s1",
                2,
            ),
            p("Mayor Ida Mott", Stance::Confirms, "the fare rise", "s2", 3),
            p(
                "Fenwick Post",
                Stance::Asserts,
                "The mayor keeps a pet lynx",
                "s3",
                4,
            ),
            p("mayor's office", Stance::Denies, "it", "s4", 4),
            p("transport union", Stance::Ncnd, "", "s5", 5),
        ];
        let refs = link(&story, None, none).unwrap();
        use ClaimRef::New;
        assert_eq!(
            refs,
            [New(0), New(0), New(0), New(0), New(4), New(4), New(4)],
            "the fare rise means the lead; 'it' the lynx; the lone ncnd the paragraph before"
        );
    }

    #[test]
    fn short_reports_of_their_own_are_claims_of_their_own() {
        let story = [
            p("tram company", Stance::Asserts, LEAD, "s0", 1),
            p(
                "Fenwick Post",
                Stance::Asserts,
                "The zoo had closed",
                "s1",
                2,
            ),
            p("Fenwick Ledger", Stance::Asserts, "The ferry sank", "s2", 3),
            p(
                "ferry company",
                Stance::Denies,
                "the ferry's sinking",
                "s3",
                4,
            ),
        ];
        let refs = link(&story, None, none).unwrap();
        use ClaimRef::New;
        assert_eq!(refs, [New(0), New(1), New(2), New(2)]);
    }

    #[test]
    fn the_report_means_the_one_just_reported_else_the_story() {
        let story = [
            p("Fenwick Post", Stance::Asserts, LEAD, "s0", 1),
            p(
                "Fenwick Post",
                Stance::Asserts,
                "The mayor keeps a pet lynx",
                "s1",
                2,
            ),
            p("mayor's office", Stance::Denies, "the report", "s2", 2),
            p(
                "tram company",
                Stance::Ncnd,
                "the newspaper's story",
                "s3",
                3,
            ),
            p(
                "tram union",
                Stance::Declines,
                "declined to comment",
                "s4",
                4,
            ),
        ];
        let refs = link(&story, None, none).unwrap();
        use ClaimRef::New;
        assert_eq!(
            refs,
            [New(0), New(1), New(1), New(0), New(0)],
            "the lynx report is denied where it is told; the story is what a later paragraph \
             means; the refusal answers the paragraph before"
        );
    }

    #[test]
    fn answers_with_content_go_to_what_they_are_about_or_stand_alone() {
        let story = [
            p("Fenwick Post", Stance::Asserts, LEAD, "s0", 0),
            p(
                "Mayor Ida Mott",
                Stance::Denies,
                "the mayor keeps a pet lynx at the town hall",
                "s1",
                1,
            ),
            p(
                "tram company",
                Stance::Confirms,
                "fares will rise by a third in May",
                "s2",
                2,
            ),
            p(
                "zoo keeper",
                Stance::Confirms,
                "the mayor keeps a lynx as a pet at the town hall",
                "s3",
                3,
            ),
        ];
        let lookup = |text: &str| -> Result<Vec<Existing>, ()> {
            Ok(if text.contains("lynx") {
                vec![(
                    ClaimId(7),
                    "The mayor keeps a pet lynx at the town hall".to_string(),
                )]
            } else {
                Vec::new()
            })
        };
        let refs = link(&story, None, lookup).unwrap();
        assert_eq!(
            refs,
            [
                ClaimRef::New(0),
                ClaimRef::Claim(ClaimId(7)),
                ClaimRef::New(0),
                ClaimRef::Claim(ClaimId(7))
            ]
        );
        // With nothing in the database the denial is a claim of its own, not the lead's.
        let refs = link(&story, None, none).unwrap();
        assert_eq!(refs[1], ClaimRef::New(1));
    }

    #[test]
    fn a_named_claim_takes_the_lead_and_what_is_about_it() {
        let main = (
            ClaimId(3),
            "Tram fares in Fenwick go up by a third".to_string(),
        );
        let story = [
            p("Fenwick Post", Stance::Asserts, LEAD, "s0", 0),
            p(
                "tram company",
                Stance::Declines,
                "declined to comment",
                "s1",
                1,
            ),
            p(
                "data",
                Stance::Asserts,
                "Trams ran late on 40 days last year",
                "s2",
                2,
            ),
        ];
        let refs = link(&story, Some(&main), none).unwrap();
        assert_eq!(
            refs,
            [
                ClaimRef::Claim(ClaimId(3)),
                ClaimRef::Claim(ClaimId(3)),
                ClaimRef::New(2)
            ]
        );
        // A denial of something else is not forced onto the named claim.
        let side = [p(
            "Mayor Ida Mott",
            Stance::Denies,
            "The mayor keeps a pet lynx",
            "s",
            0,
        )];
        assert_eq!(link(&side, Some(&main), none).unwrap(), [ClaimRef::New(0)]);
    }

    #[test]
    fn an_assertion_meets_a_claim_in_the_database_only_as_a_near_duplicate() {
        let story = [p("Fenwick Post", Stance::Asserts, LEAD, "s0", 0)];
        let same =
            |_: &str| -> Result<Vec<Existing>, ()> { Ok(vec![(ClaimId(2), LEAD.to_string())]) };
        assert_eq!(
            link(&story, None, same).unwrap(),
            [ClaimRef::Claim(ClaimId(2))]
        );
        let near = |_: &str| -> Result<Vec<Existing>, ()> {
            Ok(vec![(
                ClaimId(2),
                "Fenwick tram fares are the highest in the region".to_string(),
            )])
        };
        assert_eq!(link(&story, None, near).unwrap(), [ClaimRef::New(0)]);
        let failing = |_: &str| -> Result<Vec<Existing>, &str> { Err("locked") };
        assert_eq!(link(&story, None, failing), Err("locked"));
    }

    #[test]
    fn what_counts_as_content() {
        assert_eq!(content(""), Content::None);
        assert_eq!(content("It"), Content::None);
        assert_eq!(content("the reports"), Content::Report);
        assert_eq!(
            content("It was in no position to confirm or deny the newspaper's report"),
            Content::Report
        );
        assert_eq!(
            content("did not answer requests for comment on the Fenwick Post's story"),
            Content::Reference(vec!["fenwick".into(), "post's".into()])
        );
        assert_eq!(content("Declined to comment"), Content::None);
        assert_eq!(content("the claim"), Content::Report);
        assert_eq!(
            content("The meeting"),
            Content::Reference(vec!["meeting".into()])
        );
        assert_eq!(content("The mayor keeps a lynx"), Content::Own);
        assert_eq!(content("He had resigned"), Content::Own);
        assert_eq!(content("The mayor had resigned"), Content::Own);
        assert_eq!(content("the bridge reopened"), Content::Own);
        assert_eq!(
            content("did not respond to requests for comment on the residents' account"),
            Content::Reference(vec!["residents'".into()])
        );
        assert_eq!(
            content("It could not confirm that the dam at Greyfell had leaked into the river"),
            Content::Own
        );
        assert!(about_same(
            "the board cancelled the dredging contract",
            "The Portvale board has cancelled its dredging contract with Marlowe"
        ));
        assert!(about_same(
            "He had resigned",
            "The tram company's chief, Ivo Brandt, had resigned"
        ));
        assert!(!about_same(
            "The Portvale Harbour Board chairman resigned",
            "The Portvale Harbour Board cancelled its dredging contract"
        ));
    }
}

//! Scores `claims::ingest::extract` on PolNeAR (Political News Attribution Relations, 1,008 US
//! news articles, github.com/networkdynamics/PolNeAR): speaker detection on speech attributions.
//!
//! `cargo run --release --example score_polnear -- DIR [SPLIT...] [--verbose]`
//!
//! DIR holds a local copy of the corpus laid out as `DIR/<split>/text/*.txt` and
//! `DIR/<split>/attributions/*.ann` (the corpus's `data/` folder, or the splits copied out of
//! it). SPLIT defaults to `train dev`. The `test` split is refused: it is kept for a final
//! evaluation and is neither read nor scored here. The corpus carries no licence, so none of
//! it is in this repository; the scorer only reads the path it is given.
//!
//! What is scored. Gold: every attribution whose cue is a speech cue (say, tell, according to,
//! add, write, tweet, report, announce, state, note, confirm, deny, decline, acknowledge,
//! insist, claim... see `SPEECH`) and has a source. Predicted: each proposal of `extract` on
//! each sentence it draws on (`Proposal::sentences`), a (speaker, sentence) pair.
//! - A gold attribution is found (recall) when a predicted pair's sentence holds the gold cue
//!   and the predicted speaker shares a content word with the gold source ("Clinton" and
//!   "Hillary Clinton", "a spokesman" and "Trump campaign spokesman"). A gold source that is a
//!   pronoun ("he said") is found by any pair in that sentence: the corpus does not link
//!   pronouns to names, so the name `extract` resolves it to cannot be checked. Figures are
//!   printed for all sources and for named (non-pronoun) sources alone.
//! - A predicted pair is right (precision) when its sentence holds a gold attribution of any
//!   cue (speech or not) whose source it names in the same way.
//!
//! When a PolNeAR article has several annotators' files, the first in name order is used.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use claims::ingest::{extract, plain_text};
use unicode_normalization::UnicodeNormalization;

/// Stems of speech cues: a cue is speech when one of its words starts with one of these.
const SPEECH: &[&str] = &[
    "say",
    "said",
    "tell",
    "told",
    "according",
    "add",
    "wrote",
    "write",
    "tweet",
    "report",
    "announc",
    "state",
    "note",
    "confirm",
    "deni",
    "deny",
    "declin",
    "acknowledg",
    "insist",
    "claim",
    "explain",
    "declar",
    "argu",
    "comment",
    "respond",
    "repl",
    "admit",
    "reveal",
    "warn",
    "testif",
    "assert",
    "conced",
    "dismiss",
    "reject",
    "quot",
    "remark",
    "stress",
    "recall",
    "disclos",
    "maintain",
    "contend",
    "allege",
    "predict",
    "promis",
    "vow",
    "pledg",
    "repeat",
    "continu",
    "post",
    "emailed",
    "interview",
    "statement",
];

const PRONOUNS: &[&str] = &[
    "he", "she", "they", "i", "we", "it", "you", "him", "her", "them", "his", "their", "its",
    "who", "which", "that",
];

const STOP: &[&str] = &[
    "the", "a", "an", "of", "for", "his", "her", "their", "its", "in", "at", "on", "and", "to",
    "from", "with", "by", "who", "which", "that", "mr.", "mrs.", "ms.", "dr.", "one", "some", "s",
    "'s",
];

struct Gold {
    cue_start: usize,
    source: String,
    speech: bool,
}

#[derive(Default, Clone, Copy)]
struct Tally {
    gold: usize,
    found: usize,
    gold_named: usize,
    found_named: usize,
    predicted: usize,
    right: usize,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.gold += o.gold;
        self.found += o.found;
        self.gold_named += o.gold_named;
        self.found_named += o.found_named;
        self.predicted += o.predicted;
        self.right += o.right;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn content_words(s: &str) -> Vec<String> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '.' || c == '\''))
        .map(|w| {
            w.trim_matches(['.', '\''])
                .trim_end_matches("'s")
                .to_lowercase()
        })
        .filter(|w| !w.is_empty() && !STOP.contains(&w.as_str()))
        .collect()
}

fn is_pronoun(source: &str) -> bool {
    let words: Vec<String> = source
        .split_whitespace()
        .map(|w| w.to_lowercase())
        .collect();
    words.len() == 1 && PRONOUNS.contains(&words[0].as_str())
}

fn names(predicted: &str, gold: &str) -> bool {
    if is_pronoun(gold) {
        return true;
    }
    let g = content_words(gold);
    content_words(predicted).iter().any(|w| g.contains(w))
}

fn is_speech(cue: &str) -> bool {
    cue.split_whitespace().any(|w| {
        let w = w.to_lowercase();
        SPEECH.iter().any(|s| w.starts_with(s))
    })
}

/// The attributions of one `.ann` file (brat standoff): the cue's start and the source text.
fn load_gold(ann: &str) -> Vec<Gold> {
    let mut spans: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
    for line in ann.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() >= 3 && f[0].starts_with('T') {
            let mut kind = f[1].split_whitespace();
            let _label = kind.next();
            let start = kind.next().and_then(|s| s.parse().ok()).unwrap_or(0);
            spans.insert(f[0], (start, f[2]));
        }
    }
    let mut out = Vec::new();
    for line in ann.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 2 || !f[0].starts_with('E') {
            continue;
        }
        let mut cue = None;
        let mut source = None;
        for arg in f[1].split_whitespace() {
            let Some((role, id)) = arg.split_once(':') else {
                continue;
            };
            let role = role.trim_end_matches(|c: char| c.is_ascii_digit());
            match role {
                "Cue" if cue.is_none() => cue = spans.get(id).copied(),
                "Source" if source.is_none() => source = spans.get(id).copied(),
                _ => {}
            }
        }
        if let (Some((cue_start, cue_text)), Some((_, source))) = (cue, source) {
            out.push(Gold {
                cue_start,
                source: source.to_string(),
                speech: is_speech(cue_text),
            });
        }
    }
    out
}

/// The (speaker, char start, char end) pairs `extract` proposes, in the article's own char
/// offsets.
fn predict(text: &str) -> Vec<(String, usize, usize)> {
    let nfc: String = text.nfc().collect();
    let same = plain_text(&nfc) == text;
    let mut out = Vec::new();
    // When HTML-looking text or normalisation moved offsets, each sentence is found again in the
    // article, searching forward.
    let mut from = 0;
    for p in extract(text) {
        for s in &p.sentences {
            if same {
                out.push((p.speaker.clone(), s.start, s.end));
            } else if let Some(i) = text[from.min(text.len())..]
                .find(&s.text)
                .map(|i| i + from)
                .or_else(|| text.find(&s.text))
            {
                from = i;
                let start = text[..i].chars().count();
                out.push((p.speaker.clone(), start, start + s.text.chars().count()));
            }
        }
    }
    out
}

fn score(text: &str, gold: &[Gold], verbose: bool) -> Tally {
    let predicted = predict(text);
    let mut t = Tally {
        predicted: predicted.len(),
        ..Tally::default()
    };
    let holds = |p: &(String, usize, usize), g: &Gold| p.1 <= g.cue_start && g.cue_start < p.2;
    for g in gold.iter().filter(|g| g.speech) {
        let named = !is_pronoun(&g.source);
        t.gold += 1;
        t.gold_named += usize::from(named);
        let hit = predicted
            .iter()
            .any(|p| holds(p, g) && names(&p.0, &g.source));
        if hit {
            t.found += 1;
            t.found_named += usize::from(named);
        } else if verbose {
            println!("    miss: {:?} at {}", g.source, g.cue_start);
        }
    }
    for p in &predicted {
        if gold.iter().any(|g| holds(p, g) && names(&p.0, &g.source)) {
            t.right += 1;
        } else if verbose {
            println!("    false positive: {:?} in chars {}..{}", p.0, p.1, p.2);
        }
    }
    t
}

fn line(name: &str, t: &Tally) -> String {
    let p = ratio(t.right, t.predicted);
    let r = ratio(t.found, t.gold);
    let rn = ratio(t.found_named, t.gold_named);
    format!(
        "{name:<6} P {p:.3}  R {r:.3}  F1 {:.3}  | named sources: R {rn:.3}  F1 {:.3}  \
         (gold {}, named {}, found {}, predicted {}, right {})",
        f1(p, r),
        f1(p, rn),
        t.gold,
        t.gold_named,
        t.found,
        t.predicted,
        t.right
    )
}

fn split(dir: &Path, name: &str, verbose: bool) -> Result<Tally, String> {
    let texts = dir.join(name).join("text");
    let anns = dir.join(name).join("attributions");
    let mut ann_files: Vec<PathBuf> = std::fs::read_dir(&anns)
        .map_err(|e| format!("{}: {e}", anns.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ann"))
        .collect();
    ann_files.sort();
    let mut total = Tally::default();
    let mut seen = std::collections::HashSet::new();
    for ann in ann_files {
        let stem = ann.file_stem().unwrap_or_default().to_string_lossy();
        // "<article>_<annotator>.ann" beside "<article>.txt".
        let Some((article, _)) = stem.rsplit_once('_') else {
            continue;
        };
        if !seen.insert(article.to_string()) {
            continue;
        }
        let txt = texts.join(format!("{article}.txt"));
        let Ok(text) = std::fs::read_to_string(&txt) else {
            continue;
        };
        let ann_text =
            std::fs::read_to_string(&ann).map_err(|e| format!("{}: {e}", ann.display()))?;
        if verbose {
            println!("{article}");
        }
        let t = score(&text, &load_gold(&ann_text), verbose);
        total.add(&t);
    }
    if seen.is_empty() {
        return Err(format!("no annotated articles in {}", anns.display()));
    }
    Ok(total)
}

fn main() {
    let mut dir = None;
    let mut splits = Vec::new();
    let mut verbose = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--verbose" | "-v" => verbose = true,
            _ if dir.is_none() => dir = Some(PathBuf::from(arg)),
            _ => splits.push(arg),
        }
    }
    let Some(dir) = dir else {
        eprintln!(
            "usage: score_polnear DIR [SPLIT...] [--verbose]  (DIR holds <split>/text and <split>/attributions)"
        );
        std::process::exit(2);
    };
    if splits.is_empty() {
        splits = vec!["train".into(), "dev".into()];
    }
    if splits.iter().any(|s| s == "test") {
        eprintln!(
            "score_polnear: the test split is kept for a final evaluation and is not scored here"
        );
        std::process::exit(2);
    }
    for s in &splits {
        match split(&dir, s, verbose) {
            Ok(t) => println!("{}", line(s, &t)),
            Err(e) => {
                eprintln!("score_polnear: {e}");
                std::process::exit(2);
            }
        }
    }
}

//! Scores `claims::ingest::extract` against annotated reports.
//!
//! `cargo run --example score_ingest -- [DIR] [--verbose]` (or `--dump FILE` to print what is
//! found in one report) reads every `NN-slug.txt` in DIR (default: the crate's own
//! `ingest-reports/`, reports the team wrote and annotated) with its `NN-slug.json`, matches
//! predicted to expected statements one to one, and prints precision, recall and F1 for
//! speaker+stance and the share of matched statements whose `via` is right, per file and
//! overall.
//!
//! Matching: greedy, in the order of the expected statements; a prediction matches when the
//! stance is the same and the predicted speaker names the expected speaker or one of its
//! aliases, case-insensitively, as whole words in either direction ("Altun" names "Fahrettin
//! Altun"; "U.S. official who spoke on condition of anonymity" names "U.S. official"). Either
//! direction, because annotators and extractors cut descriptors at different lengths; whole
//! words, so that "Rose" never names "Rosewood". Unmatched predictions are tried in report
//! order, so the first fitting one is taken.

use std::path::{Path, PathBuf};

use claims::ingest::{Proposal, extract};
use serde_json::Value;

struct Expected {
    names: Vec<String>,
    stance: String,
    via: Option<String>,
}

#[derive(Default)]
struct Tally {
    expected: usize,
    predicted: usize,
    matched: usize,
    via_right: usize,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.expected += o.expected;
        self.predicted += o.predicted;
        self.matched += o.matched;
        self.via_right += o.via_right;
    }
    fn line(&self) -> String {
        let p = ratio(self.matched, self.predicted);
        let r = ratio(self.matched, self.expected);
        let f = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        let v = ratio(self.via_right, self.matched);
        format!(
            "P {p:.3}  R {r:.3}  F1 {f:.3}  via {v:.3}  (expected {}, predicted {}, matched {}, via right {})",
            self.expected, self.predicted, self.matched, self.via_right
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('’', "'"))
        .collect()
}

/// Whether `a` contains `b` as a run of whole words.
fn contains_words(a: &[String], b: &[String]) -> bool {
    !b.is_empty() && a.len() >= b.len() && a.windows(b.len()).any(|w| w == b)
}

fn names(predicted: &str, expected: &str) -> bool {
    let (p, e) = (words(predicted), words(expected));
    contains_words(&p, &e) || contains_words(&e, &p)
}

fn load_expected(path: &Path) -> Vec<Expected> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let json: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    json["statements"]
        .as_array()
        .map(|a| a.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|s| {
            let mut names = vec![s["speaker"].as_str().unwrap_or_default().to_string()];
            if let Some(a) = s["aliases"].as_array() {
                names.extend(a.iter().filter_map(|x| x.as_str().map(str::to_string)));
            }
            Expected {
                names,
                stance: s["stance"].as_str().unwrap_or_default().to_string(),
                via: s["via"].as_str().map(str::to_string),
            }
        })
        .collect()
}

fn show(p: &Proposal) -> String {
    format!(
        "{} [{}{}] via {}",
        p.speaker,
        p.stance,
        if p.anonymous { ", anonymous" } else { "" },
        p.via.as_deref().unwrap_or("-")
    )
}

fn score(report: &str, expected: &[Expected], verbose: bool) -> Tally {
    let predicted = extract(report);
    let mut used = vec![false; predicted.len()];
    let mut t = Tally {
        expected: expected.len(),
        predicted: predicted.len(),
        ..Tally::default()
    };
    let mut misses = Vec::new();
    for e in expected {
        let hit = predicted.iter().enumerate().position(|(i, p)| {
            !used[i]
                && p.stance.as_str() == e.stance
                && e.names.iter().any(|n| names(&p.speaker, n))
        });
        match hit {
            Some(i) => {
                used[i] = true;
                t.matched += 1;
                let via_ok = match (&predicted[i].via, &e.via) {
                    (None, None) => true,
                    (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                    _ => false,
                };
                if via_ok {
                    t.via_right += 1;
                } else if verbose {
                    println!(
                        "    via wrong: {} (expected via {})",
                        show(&predicted[i]),
                        e.via.as_deref().unwrap_or("-")
                    );
                }
            }
            None => misses.push(e),
        }
    }
    if verbose {
        for e in misses {
            println!(
                "    miss: {} [{}] via {}",
                e.names[0],
                e.stance,
                e.via.as_deref().unwrap_or("-")
            );
        }
        for (i, p) in predicted.iter().enumerate() {
            if !used[i] {
                println!("    false positive: {}", show(p));
                println!("        in: {}", p.sentence);
            }
        }
    }
    t
}

fn main() {
    let mut dir = None;
    let mut verbose = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--verbose" | "-v" => verbose = true,
            "--dump" => {
                // `--dump FILE`: the proposals for one report, to see what the rules find.
                let file = args.next().expect("--dump needs a file");
                let report =
                    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
                for p in extract(&report) {
                    println!(
                        "{}\n    claim: {}\n    quote: {:?}\n    in: {}",
                        show(&p),
                        p.claim,
                        p.quote,
                        p.sentence
                    );
                }
                return;
            }
            _ => dir = Some(PathBuf::from(arg)),
        }
    }
    let dir = dir.unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("ingest-reports"));
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) => {
            eprintln!(
                "score_ingest: cannot read the report folder {}: {e}",
                dir.display()
            );
            std::process::exit(2);
        }
    };
    let mut reports: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt") && p.with_extension("json").exists())
        .collect();
    if reports.is_empty() {
        eprintln!(
            "score_ingest: no NN-slug.txt with its NN-slug.json in {}",
            dir.display()
        );
        std::process::exit(2);
    }
    reports.sort();
    let mut total = Tally::default();
    for path in &reports {
        let report =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let expected = load_expected(&path.with_extension("json"));
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let t = score(&report, &expected, false);
        println!("{name:<28} {}", t.line());
        if verbose {
            score(&report, &expected, true);
        }
        total.add(&t);
    }
    println!("{:<28} {}", "overall", total.line());
}

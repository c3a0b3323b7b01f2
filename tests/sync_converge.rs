//! Convergence (issue 14): three laptops make commands offline and sync in an order drawn
//! from a seed; once all have synced twice, the three files are identical (a canonical export
//! without local numbers), `rebuild --check` passes on each, and every event is everywhere.
//! The story starts from a few claims every laptop has; the draws: add, the five stances,
//! edit, retract, statement edit and move, claim removal, claim merge, source add, edit and
//! merge, undo. Commands a laptop may refuse (an undo a colleague's change blocks, a merge of a
//! claim merged already) are part of the draw, and so are sources of one name made apart on
//! several laptops (they end as one), and one claim or source merged apart into two (the
//! earlier merge stands everywhere).

mod common;
#[path = "support/desk.rs"]
mod desk;
#[path = "support/pg.rs"]
mod pg;

use desk::Laptop;
use serde_json::Value;

/// A small deterministic generator: the same seed, the same story.
struct Draw(u64);

impl Draw {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// The claims a laptop has, by its own numbers.
fn claims(laptop: &Laptop) -> Vec<i64> {
    laptop
        .json(&["list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

/// Runs one story; returns the concurrent edits its syncs counted, the same-name merges they
/// recorded, and the merges they found void or took back.
fn story(seed: u64) -> (u64, u64, u64) {
    let server = pg::server();
    let url = server.url(&server.database(), None);
    let laptops = [
        Laptop::new("ann", &url),
        Laptop::new("bob", &url),
        Laptop::new("cyd", &url),
    ];
    let mut draw = Draw(seed);
    let mut concurrent = 0;
    let mut merged = 0;
    let mut void = 0;
    let mut sync = |laptop: &Laptop| {
        let synced = laptop.sync();
        concurrent += synced["concurrent_edits"].as_u64().unwrap();
        merged += synced["sources_merged"].as_u64().unwrap();
        void += synced["merges_void"].as_u64().unwrap();
        void += synced["merges_taken_back"].as_u64().unwrap();
    };
    // The desk starts from a few claims every laptop has, so that corrections made apart
    // (merges above all) meet the same claims; and each laptop has logged a claim by the
    // source of one name before it first syncs.
    for n in 0..4 {
        let text = format!("Claim of the desk {n}");
        let by = format!("Desk source {n}");
        laptops[0].ok(&["add", &text, "--by", &by]);
    }
    for laptop in &laptops {
        let text = format!("First claim of {}", laptop.actor);
        laptop.ok(&["add", &text, "--by", "Harbour office"]);
    }
    for laptop in &laptops {
        sync(laptop);
    }
    for step in 0..60 {
        let who = draw.below(3);
        let laptop = &laptops[who];
        let known = claims(laptop);
        let stances = ["assert", "confirm", "deny", "ncnd", "decline"];
        match draw.below(if known.is_empty() { 2 } else { 16 }) {
            0 => sync(laptop),
            1 => {
                let text = format!("Claim {step} by {}", laptop.actor);
                // Every third claim is by a source of one name: each laptop that has not met
                // it yet makes its own, and the syncs make them one.
                let by = if step % 3 == 0 {
                    "Harbour office".to_string()
                } else {
                    format!("Source {step} of {}", laptop.actor)
                };
                laptop.ok(&["add", &text, "--by", &by]);
            }
            2 | 3 => {
                let claim = known[draw.below(known.len())].to_string();
                let stance = stances[draw.below(stances.len())];
                let by = format!("Witness {step} of {}", laptop.actor);
                laptop.ok(&[stance, &claim, "--by", &by, "--anonymous"]);
            }
            4 | 5 => {
                let claim = known[draw.below(known.len())].to_string();
                let text = format!("Claim retold at step {step} by {}", laptop.actor);
                laptop.ok(&["edit", &claim, "--text", &text]);
            }
            6 => {
                // Refused when a colleague's change depends on it: that is a draw too.
                let _ = laptop.run(&["undo"]);
            }
            7..=9 => {
                // A statement's correction: retracted, its quote mended, or moved to another
                // claim (refusals, such as a move to its own claim, are draws too).
                let claim = known[draw.below(known.len())].to_string();
                let shown = laptop.json(&["show", &claim]);
                let statements = shown["statements"].as_array().unwrap();
                if statements.is_empty() {
                    continue;
                }
                let statement = statements[draw.below(statements.len())]["id"].to_string();
                let other = known[draw.below(known.len())].to_string();
                let quote = format!("words of step {step}");
                let _ = laptop.run(&match draw.below(3) {
                    0 => vec!["retract", &statement, "--note", "taken back"],
                    1 => vec!["statement", "edit", &statement, "--quote", &quote],
                    _ => vec!["statement", "move", &statement, &other],
                });
            }
            10 => {
                // A claim taken out of the lists.
                let claim = known[draw.below(known.len())].to_string();
                let _ = laptop.run(&["remove", &claim, "--note", "junk"]);
            }
            11 => {
                let role = format!("role of step {step}");
                let _ = laptop.run(&["source", "edit", "Harbour office", "--role", &role]);
            }
            13 | 14 => {
                // One claim merged into another: the same claim may be merged into two claims
                // on two laptops, or each of two into the other, before they sync (refusals,
                // such as a merge into a claim merged already, are draws too).
                let at = draw.below(known.len());
                let claim = known[at].to_string();
                let other = at + 1 + draw.below(known.len().max(2) - 1);
                let into = known[other % known.len()].to_string();
                let _ = laptop.run(&["merge", &claim, &into]);
            }
            15 => {
                // One source merged into another, by number (refusals are draws too).
                let sources: Vec<i64> = laptop
                    .json(&["sources"])
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s["id"].as_i64().unwrap())
                    .collect();
                let at = draw.below(sources.len());
                let source = format!("#{}", sources[at]);
                let into = sources[(at + 1 + draw.below(sources.len().max(2) - 1)) % sources.len()];
                let into = format!("#{into}");
                let _ = laptop.run(&["source", "merge", &source, &into]);
            }
            _ => {
                let name = format!("Port pilot {step}");
                laptop.ok(&["source", "add", &name, "--kind", "person"]);
            }
        }
    }
    for _ in 0..2 {
        for laptop in &laptops {
            sync(laptop);
        }
    }
    // Every file's search index holds what its rows say, the pulled claims' included (a
    // pull rewrites them together at the end of each batch).
    for words in ["claim", "retold", "words", "harbour"] {
        let found = laptops[0].found(words);
        assert!(
            !found.is_empty() || words != "claim",
            "seed {seed}: nothing found"
        );
        for laptop in &laptops[1..] {
            assert_eq!(
                laptop.found(words),
                found,
                "seed {seed}: {}: {words}",
                laptop.actor
            );
        }
    }
    let canonical = laptops[0].canonical();
    let events = laptops[0].event_uuids();
    for laptop in &laptops {
        let own = laptop.canonical();
        assert!(
            own == canonical,
            "seed {seed}: {} differs; its lines:\n{:#?}\nann's lines:\n{:#?}",
            laptop.actor,
            own.difference(&canonical).collect::<Vec<_>>(),
            canonical.difference(&own).collect::<Vec<_>>()
        );
        assert_eq!(
            laptop.event_uuids(),
            events,
            "seed {seed}: {}'s events",
            laptop.actor
        );
        laptop.rebuild_checks();
        laptop.exports_whole();
        let named: Vec<Value> = laptop
            .json(&["sources"])
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["name"] == "Harbour office")
            .cloned()
            .collect();
        assert!(named.len() <= 1, "seed {seed}: {}: {named:?}", laptop.actor);
    }
    (concurrent, merged, void)
}

#[test]
fn three_laptops_converge_whatever_they_do_and_whenever_they_sync() {
    let (concurrent, merged, settled) = [1, 7, 42, 2026]
        .into_iter()
        .map(story)
        .fold((0, 0, 0), |(c, m, v), (sc, sm, sv)| {
            (c + sc, m + sm, v + sv)
        });
    // The draws do edit one claim on two laptops between syncs, make one source's name on two
    // laptops between syncs, and merge one claim or source apart on two: the three rules were
    // exercised.
    assert!(concurrent > 0, "no concurrent edit was drawn");
    assert!(merged > 0, "no same-name source was drawn");
    assert!(
        settled > 0,
        "no merge met another of the same claim or source"
    );
}

//! In-process benchmarks of the library, without process start or disk: a store in memory.
//! The command-line targets of the issue are measured by `benches/cli.sh`; these show what the
//! library itself costs once a process is running.
//!
//! ```text
//! cargo bench --bench store
//! ```

use std::hint::black_box;
use std::time::Duration;

use claims::cmd::{Attributed, record_statement};
use claims::model::{
    Reliability, SourceKind, Stance, Status, SummaryEntry, derive_status, summarize,
};
use claims::store::{ClaimFilter, NewClaim, NewSource, NewStatement, SourceRef, Store};
use criterion::{Criterion, criterion_group, criterion_main};

const ACTOR: &str = "bench";
/// Claims in the store the listing and adding benchmarks run against.
const CLAIMS: usize = 10_000;

/// xorshift64: deterministic picks without a dependency.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// A store of `CLAIMS` claims with three statements each on average, from 60 named sources
/// (one in ten statements from a new anonymous source), about half of them unverified.
fn seeded_store() -> Store {
    let mut store = Store::open_in_memory().expect("store in memory");
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let named: Vec<SourceRef> = store
        .write(ACTOR, |w| {
            (0..60)
                .map(|i| {
                    let kind = [SourceKind::Person, SourceKind::Organization][i % 2];
                    let outlet = i >= 50;
                    w.add_source(&NewSource {
                        name: if outlet {
                            format!("Outlet {i}")
                        } else {
                            format!("Speaker {i}")
                        },
                        kind: if outlet { SourceKind::Outlet } else { kind },
                        role: None,
                        affiliation: None,
                        aliases: Vec::new(),
                        reliability: Reliability::C,
                    })
                })
                .collect()
        })
        .expect("sources")
        .value;
    let stances = [
        Stance::Asserts,
        Stance::Asserts,
        Stance::Asserts,
        Stance::Confirms,
        Stance::Confirms,
        Stance::Denies,
        Stance::Ncnd,
        Stance::Declines,
    ];
    for batch in 0..CLAIMS / 1_000 {
        store
            .write(ACTOR, |w| {
                for i in 0..1_000 {
                    let claim = w.add_claim(&NewClaim {
                        text: format!("Claim {} of the benchmark", batch * 1_000 + i),
                        tags: vec![["diplomacy", "energy", "security"][i % 3].to_string()],
                        happened: None,
                        note: None,
                    })?;
                    for n in 0..rng.below(6) + usize::from(i % 2 == 0) {
                        let source = if rng.below(10) == 0 {
                            w.anonymous_source("unnamed source")?
                        } else {
                            named[rng.below(50)].clone()
                        };
                        let stance = if n == 0 {
                            Stance::Asserts
                        } else {
                            stances[rng.below(stances.len())]
                        };
                        w.add_statement(&NewStatement {
                            claim,
                            source,
                            stance,
                            via: (rng.below(3) == 0).then(|| named[50 + rng.below(10)].clone()),
                            citing: None,
                            quote: Some("A sentence someone said.".into()),
                            url: None,
                            stated_at: None,
                            note: None,
                            reliability: None,
                        })?;
                    }
                }
                Ok(())
            })
            .expect("claims");
    }
    store
}

fn unverified_50() -> ClaimFilter {
    ClaimFilter {
        statuses: vec![Status::Unverified],
        limit: Some(50),
        ..ClaimFilter::default()
    }
}

fn store_benches(c: &mut Criterion) {
    let mut store = seeded_store();
    let unverified = store.list_claims(&unverified_50()).expect("list");
    assert_eq!(unverified.len(), 50, "the store has unverified claims");

    c.bench_function("list unverified, limit 50, of 10k claims", |b| {
        let filter = unverified_50();
        b.iter(|| black_box(store.list_claims(black_box(&filter)).expect("list")));
    });
    c.bench_function("show one claim of 10k", |b| {
        b.iter(|| {
            black_box(
                store
                    .claim(black_box(claims::model::ClaimId(1_234)))
                    .expect("show"),
            )
        });
    });
    // Resolving a typed name, as every `--by`, `--via` and `--citing` does.
    c.bench_function("find a source by exact name, 10k claims", |b| {
        b.iter(|| black_box(store.find_source(black_box("Speaker 7")).expect("find")));
    });
    // Full-text search, as `claims search WORDS --limit 20`: a word in every claim, and one in
    // one claim only (its number).
    c.bench_function("search a word of every claim, limit 20, 10k claims", |b| {
        b.iter(|| black_box(store.search(black_box("benchmark"), 20).expect("search")));
    });
    c.bench_function("search a word of one claim, limit 20, 10k claims", |b| {
        b.iter(|| black_box(store.search(black_box("1234"), 20).expect("search")));
    });
    // From here on the benchmarks grow the store.
    // `claims confirm ID` (the desk), on claim after claim so that none piles up statements.
    c.bench_function("add a statement by the desk (confirm), 10k claims", |b| {
        let desk = Attributed::default();
        let mut claim = 0i64;
        b.iter(|| {
            claim = claim % CLAIMS as i64 + 1;
            store
                .write(ACTOR, |w| {
                    record_statement(w, claims::model::ClaimId(claim), Stance::Confirms, &desk)
                })
                .expect("confirm")
        });
    });
    // `claims add TEXT` without its near-duplicate check (`Store::similar`, a read after the
    // write).
    c.bench_function("add a claim, 10k claims", |b| {
        let new = NewClaim {
            text: "Benchmark claim".into(),
            tags: vec!["bench".into()],
            happened: None,
            note: None,
        };
        b.iter(|| store.write(ACTOR, |w| w.add_claim(&new)).expect("add"));
    });
    c.bench_function("add a claim with one statement by name, 10k claims", |b| {
        let by = Attributed {
            by: Some("Speaker 7".into()),
            via: Some("Outlet 52".into()),
            ..Attributed::default()
        };
        let new = NewClaim {
            text: "Benchmark claim".into(),
            tags: vec!["bench".into()],
            happened: None,
            note: None,
        };
        b.iter(|| {
            store
                .write(ACTOR, |w| {
                    let claim = w.add_claim(&new)?;
                    record_statement(w, claim, Stance::Asserts, &by)
                })
                .expect("add")
        });
    });
}

fn ten_entries() -> Vec<SummaryEntry> {
    let stances = [
        Stance::Asserts,
        Stance::Asserts,
        Stance::Declines,
        Stance::Ncnd,
        Stance::Confirms,
        Stance::Asserts,
        Stance::Confirms,
        Stance::Denies,
        Stance::Ncnd,
        Stance::Confirms,
    ];
    stances
        .iter()
        .enumerate()
        .map(|(i, &stance)| SummaryEntry {
            stance,
            source: format!("Source {}", i % 7),
            via: (i % 3 == 0).then(|| "Associated Press".to_string()),
            citing: (i % 4 == 1).then(|| "Kommersant".to_string()),
        })
        .collect()
}

fn model_benches(c: &mut Criterion) {
    let entries = ten_entries();
    c.bench_function("summarize 10 entries", |b| {
        b.iter(|| black_box(summarize(black_box(&entries))));
    });
    c.bench_function("derive_status of 10 stances", |b| {
        b.iter(|| black_box(derive_status(black_box(&entries).iter().map(|e| e.stance))));
    });
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = model_benches, store_benches
}
criterion_main!(benches);

//! Builds a benchmark database through the library, so that statuses, summaries and events are
//! the ones the commands would have written.
//!
//! ```text
//! cargo run --release --example gen_bench_db -- PATH [CLAIMS] [STATEMENTS]
//! ```
//!
//! Defaults: 100,000 claims and 300,000 statements. The content is deterministic (a seeded
//! xorshift); uuids and `created_at` / `last_activity` are not, as the library takes them from
//! the clock. Refuses to overwrite an existing file.
//!
//! The mix: a few hundred named sources (persons, organizations, outlets) made up front with
//! their kinds, roles and reliability grades; about one statement in ten from a new anonymous
//! source, a few from the desk itself; about a third of statements carried by an outlet
//! (`via`), a few citing another outlet; stances mixed so that roughly half the claims stay
//! unverified. Named sources are resolved by name once and then reused; one statement in a
//! hundred goes through `cmd::record_statement` with the name typed, as `claims confirm --by`
//! does.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use claims::cmd::{Attributed, record_statement};
use claims::model::{Reliability, SourceKind, Stance, format_timestamp};
use claims::store::{NewClaim, NewSource, NewStatement, SourceRef, Store, Writer};

const DEFAULT_CLAIMS: u64 = 100_000;
const DEFAULT_STATEMENTS: u64 = 300_000;
/// Claims per write transaction.
const BATCH: u64 = 10_000;
const ACTOR: &str = "bench";
/// 2021-01-01T00:00:00Z: statements are spread over the three years after it.
const EPOCH: i64 = 1_609_459_200;
const SPAN_SECONDS: i64 = 3 * 365 * 24 * 3600;

/// xorshift64*: small, seeded, good enough to pick words.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const FIRST_NAMES: &[&str] = &[
    "Amina", "Boris", "Carla", "Dmitri", "Elif", "Farid", "Greta", "Hakan", "Ines", "Jonas",
    "Katya", "Luis", "Mariam", "Nikolai", "Olga", "Pavel", "Quentin", "Rania", "Selim", "Tamar",
];
const LAST_NAMES: &[&str] = &[
    "Arslan", "Becker", "Costa", "Demir", "Esposito", "Fischer", "Guerra", "Horvat",
];
const ROLES: &[&str] = &[
    "spokesperson",
    "minister",
    "ambassador",
    "senator",
    "analyst",
    "press secretary",
    "general",
];
const COUNTRIES: &[&str] = &[
    "Albania", "Brazil", "Chile", "Denmark", "Estonia", "Finland", "Georgia", "Hungary", "India",
    "Japan", "Kenya", "Latvia", "Morocco", "Norway", "Oman", "Peru", "Qatar", "Romania", "Spain",
    "Tunisia", "Ukraine", "Vietnam", "Yemen", "Zambia",
];
const BODIES: &[&str] = &[
    "Ministry of Foreign Affairs",
    "Ministry of Defence",
    "Presidential Office",
];
const OUTLET_WORDS: &[&str] = &[
    "Herald",
    "Courier",
    "Tribune",
    "Gazette",
    "Observer",
    "Dispatch",
    "Ledger",
    "Sentinel",
    "Chronicle",
    "Monitor",
];
const CITIES: &[&str] = &[
    "Ankara", "Baku", "Cairo", "Doha", "Geneva", "Helsinki", "Istanbul", "Vienna", "Warsaw",
    "Oslo", "Riyadh", "Tbilisi",
];
const EVENTS: &[&str] = &[
    "held secret talks",
    "signed a grain agreement",
    "agreed a prisoner exchange",
    "discussed a ceasefire",
    "met to settle a border dispute",
    "exchanged letters on sanctions",
];
const TAGS: &[&str] = &[
    "diplomacy",
    "security",
    "energy",
    "sanctions",
    "elections",
    "economy",
    "health",
    "migration",
];
const ANONYMOUS: &[&str] = &[
    "unnamed source",
    "a senior official who spoke on condition of anonymity",
    "a person familiar with the matter",
    "a diplomatic source",
    "an intelligence official",
];

/// The named sources: persons, organizations and outlets, none of whose names is the start of
/// another's (typed names resolve by word prefix when no name matches exactly).
fn named_sources() -> Vec<NewSource> {
    let grades = [
        Reliability::A,
        Reliability::B,
        Reliability::C,
        Reliability::D,
        Reliability::F,
    ];
    let mut sources = Vec::new();
    let mut n = 0usize;
    for first in FIRST_NAMES {
        for last in LAST_NAMES {
            sources.push(NewSource {
                name: format!("{first} {last}"),
                kind: SourceKind::Person,
                role: Some(ROLES[n % ROLES.len()].to_string()),
                affiliation: Some(COUNTRIES[n % COUNTRIES.len()].to_string()),
                aliases: Vec::new(),
                reliability: grades[n % grades.len()],
            });
            n += 1;
        }
    }
    for country in COUNTRIES {
        for body in BODIES {
            sources.push(NewSource {
                name: format!("{body} of {country}"),
                kind: SourceKind::Organization,
                role: None,
                affiliation: Some(country.to_string()),
                aliases: Vec::new(),
                reliability: grades[n % grades.len()],
            });
            n += 1;
        }
    }
    for (i, country) in COUNTRIES.iter().enumerate() {
        for word in OUTLET_WORDS.iter().skip(i % 3).step_by(3).take(3) {
            sources.push(NewSource {
                name: format!("The {country} {word}"),
                kind: SourceKind::Outlet,
                role: None,
                affiliation: None,
                aliases: Vec::new(),
                reliability: grades[n % grades.len()],
            });
            n += 1;
        }
    }
    sources
}

/// How many statements the next claim gets: spread around the mean still needed, so that the
/// total comes out exact.
fn statements_for(rng: &mut Rng, claims_left: u64, statements_left: u64) -> u64 {
    if claims_left <= 1 {
        return statements_left;
    }
    let mean = statements_left as f64 / claims_left as f64;
    let high = (2.0 * mean).round() as u64;
    rng.below(high + 1).min(statements_left)
}

/// The stance of a statement: a claim usually starts as an assertion; later statements confirm
/// or deny it often enough that about half the claims leave `unverified`.
fn stance(rng: &mut Rng, first: bool) -> Stance {
    let roll = rng.below(100);
    if first {
        return match roll {
            0..80 => Stance::Asserts,
            80..88 => Stance::Confirms,
            88..93 => Stance::Denies,
            93..97 => Stance::Ncnd,
            _ => Stance::Declines,
        };
    }
    match roll {
        0..35 => Stance::Asserts,
        35..57 => Stance::Confirms,
        57..68 => Stance::Denies,
        68..84 => Stance::Ncnd,
        _ => Stance::Declines,
    }
}

struct Generator {
    rng: Rng,
    persons_and_orgs: Vec<String>,
    outlets: Vec<String>,
    /// Named sources, resolved by name the first time each is used.
    resolved: HashMap<String, SourceRef>,
    statements_made: u64,
    /// How many claims the database will have.
    claims: u64,
}

impl Generator {
    fn source(&mut self, w: &mut Writer<'_>, name: &str) -> claims::Result<SourceRef> {
        if let Some(found) = self.resolved.get(name) {
            return Ok(found.clone());
        }
        let found = w.resolve_source(name, SourceKind::Person)?;
        self.resolved.insert(name.to_string(), found.clone());
        Ok(found)
    }

    fn claim(&mut self, w: &mut Writer<'_>, index: u64, statements: u64) -> claims::Result<()> {
        let rng = &mut self.rng;
        let text = format!(
            "{} and {} officials {} in {} (report {})",
            rng.pick(COUNTRIES),
            rng.pick(COUNTRIES),
            rng.pick(EVENTS),
            rng.pick(CITIES),
            index + 1,
        );
        let mut tags = Vec::new();
        for _ in 0..rng.below(3) {
            tags.push(rng.pick(TAGS).to_string());
        }
        // Claims come in time order over the span, as a story develops.
        let base = EPOCH + (index as i64 * SPAN_SECONDS) / self.claims.max(1) as i64;
        let happened = rng.chance(60).then(|| {
            chrono::DateTime::from_timestamp(base, 0)
                .expect("in range")
                .date_naive()
                .to_string()
        });
        let claim = w.add_claim(&NewClaim {
            text,
            tags,
            happened,
            note: None,
        })?;

        let mut at = base;
        for i in 0..statements {
            at += self.rng.below(36 * 3600) as i64;
            let stated_at = format_timestamp(
                chrono::DateTime::from_timestamp(at, 0).expect("timestamp in range"),
            );
            let stance = stance(&mut self.rng, i == 0);
            let roll = self.rng.below(100);
            let via = self
                .rng
                .chance(35)
                .then(|| self.rng.pick(&self.outlets).clone());
            let citing =
                (via.is_none() && self.rng.chance(5)).then(|| self.rng.pick(&self.outlets).clone());
            let quote = self
                .rng
                .chance(40)
                .then(|| format!("We can say this about report {}.", index + 1));
            let url = self
                .rng
                .chance(30)
                .then(|| format!("https://news.example/{}/{}", index + 1, i + 1));
            self.statements_made += 1;

            // One in a hundred: the way `claims confirm 12 --by "Name"` records it.
            if self.statements_made.is_multiple_of(100) && roll >= 12 {
                let attributed = Attributed {
                    by: Some(self.rng.pick(&self.persons_and_orgs).clone()),
                    via,
                    citing,
                    quote,
                    url,
                    stated_at: Some(claims::model::Stamp::stored(stated_at)),
                    ..Attributed::default()
                };
                record_statement(w, claim, stance, &attributed)?;
                continue;
            }
            let source = match roll {
                // A new anonymous source each time: never merged by name.
                0..10 => w.anonymous_source(self.rng.pick::<&str>(ANONYMOUS))?,
                // The desk's own reporting.
                10..12 => w.desk()?,
                _ => {
                    let name = self.rng.pick(&self.persons_and_orgs).clone();
                    self.source(w, &name)?
                }
            };
            let via = via.map(|n| self.source(w, &n)).transpose()?;
            let citing = citing.map(|n| self.source(w, &n)).transpose()?;
            w.add_statement(&NewStatement {
                claim,
                source,
                stance,
                via,
                citing,
                quote,
                url,
                stated_at: Some(claims::model::Stamp::stored(stated_at)),
                note: None,
                reliability: None,
            })?;
        }
        Ok(())
    }
}

fn parse_count(arg: Option<String>, default: u64, what: &str) -> Result<u64, String> {
    match arg {
        None => Ok(default),
        Some(text) => text
            .replace(['_', ','], "")
            .parse()
            .map_err(|_| format!("{what} must be a number, not '{text}'")),
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: gen_bench_db PATH [CLAIMS] [STATEMENTS]";
    let path = PathBuf::from(args.next().ok_or(usage)?);
    let claims = parse_count(args.next(), DEFAULT_CLAIMS, "CLAIMS")?;
    let statements = parse_count(args.next(), DEFAULT_STATEMENTS, "STATEMENTS")?;
    if args.next().is_some() {
        return Err(usage.into());
    }
    if path.exists() {
        return Err(format!(
            "{} already exists; remove it first to make a new one",
            path.display()
        ));
    }

    let started = Instant::now();
    let mut store = Store::open(&path).map_err(|e| e.to_string())?;
    // The page cache an import gets: the indexes the writes touch stay in memory.
    store.for_bulk().map_err(|e| e.to_string())?;
    let sources = named_sources();
    let outlets = sources
        .iter()
        .filter(|s| s.kind == SourceKind::Outlet)
        .map(|s| s.name.clone())
        .collect();
    let persons_and_orgs = sources
        .iter()
        .filter(|s| s.kind != SourceKind::Outlet)
        .map(|s| s.name.clone())
        .collect();
    store
        .write(ACTOR, |w| {
            for source in &sources {
                w.add_source(source)?;
            }
            Ok(())
        })
        .map_err(|e| e.to_string())?;

    let mut generator = Generator {
        rng: Rng(0x9E37_79B9_7F4A_7C15),
        persons_and_orgs,
        outlets,
        resolved: HashMap::new(),
        statements_made: 0,
        claims,
    };
    let (mut claims_done, mut statements_left) = (0u64, statements);
    let mut next_report = 1u64;
    while claims_done < claims {
        let batch = BATCH.min(claims - claims_done);
        store
            .write(ACTOR, |w| {
                for _ in 0..batch {
                    let count =
                        statements_for(&mut generator.rng, claims - claims_done, statements_left);
                    generator.claim(w, claims_done, count)?;
                    claims_done += 1;
                    statements_left -= count;
                }
                Ok(())
            })
            .map_err(|e| e.to_string())?;
        while next_report <= 10 && claims_done * 10 >= claims * next_report {
            eprintln!(
                "{:>3}%: {claims_done} claims, {} statements, {:.1}s",
                next_report * 10,
                statements - statements_left,
                started.elapsed().as_secs_f64()
            );
            next_report += 1;
        }
    }

    let conn = store.connection();
    let mut by_status = conn
        .prepare("SELECT status, count(*) FROM claims GROUP BY status ORDER BY status")
        .map_err(|e| e.to_string())?;
    let counts = by_status
        .query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
        })
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(|e| e.to_string())?;
    let counts: Vec<String> = counts
        .iter()
        .map(|(status, n)| format!("{status} {n}"))
        .collect();
    let count = |sql: &str| -> Result<i64, String> {
        conn.query_row(sql, [], |row| row.get(0))
            .map_err(|e| e.to_string())
    };
    eprintln!(
        "{}: {} claims ({}), {} statements, {} sources, {} events in {:.1}s",
        path.display(),
        count("SELECT count(*) FROM claims")?,
        counts.join(", "),
        count("SELECT count(*) FROM statements")?,
        count("SELECT count(*) FROM sources")?,
        count("SELECT count(*) FROM events")?,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("gen_bench_db: {error}");
            ExitCode::FAILURE
        }
    }
}

//! Writes a newsroom sheet for `claims import` benchmarks: CSV with the header
//! `claim,stance,source,via,citing,quote,url,stated_at,tags`, one row per statement.
//!
//! ```sh
//! cargo run --release --example gen_bench_csv -- bench-data/sheet.csv [ROWS] [--no-quotes] [--scatter]
//! ```
//!
//! ROWS (default 1,000,000) statement rows over ROWS / 3.3 claims (303,030 for the default),
//! 1 to 6 rows each (3.3 on average), every claim text different and no two rows of a claim
//! the same statement, so that `import` makes exactly ROWS statements. Deterministic: a seeded
//! xorshift, no clock, so the same arguments write the same bytes.
//!
//! The rows of one claim are adjacent and in time order, as a sheet kept by hand usually is
//! (`import` grades a claim once after each run of its rows). `--scatter` instead deals the
//! rows of 1,000 claims at a time in random order, so that a claim's rows are spread over
//! about 3,300 rows of the file: the same content, the worst order for that rule.
//! `--no-quotes` leaves the quote column empty (to time what quotes cost).
//!
//! The content, in the project's own words (claims about officials, talks, borders, sanctions):
//!
//! - claim texts from 16 sentence patterns over countries, cities, ministries, people, cargo,
//!   numbers and dates, and 2,880 invented place names ("Belanvik", "Korisgrad") drawn with a
//!   skew, so that a few are in thousands of claims and most in a handful: a long-tailed
//!   vocabulary, as full-text and trigram indexes meet in real use;
//! - a few hundred named sources: 200 persons (a skewed few speak most), 96 organisations
//!   (ministries and offices of 24 countries), 48 outlets; 2% of rows with no source (the desk);
//! - `via` an outlet on 35% of rows, `citing` an outlet on 4% of the others;
//! - stances: the first row of a claim mostly asserts, later rows confirm, deny, ncnd or
//!   decline often enough that about half the claims leave `unverified`;
//! - a quote on 40% of rows, matching the stance, sometimes with commas and "double quotes"
//!   (so some cells need CSV quoting); a url on 45%;
//! - `stated_at` over 2021–2025 in time order, written as sheets write it: 70%
//!   `2023-03-14T09:30:00Z`, 20% `2023-03-14 09:30`, 10% a bare date;
//! - 0 to 3 tags of 20 per claim, repeated on each of its rows; one claim in 50 gets one more
//!   tag on a later row (an edit of the claim on import).

use std::collections::HashSet;
use std::collections::hash_map::DefaultHasher;
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const DEFAULT_ROWS: u64 = 1_000_000;
/// Statement rows per claim, on average.
const ROWS_PER_CLAIM: f64 = 3.3;
/// At most this many rows for one claim.
const MAX_ROWS: u64 = 6;
/// `--scatter`: claims whose rows are dealt together.
const SCATTER_WINDOW: usize = 1_000;
/// 2021-01-01T00:00:00Z to 2025-12-31.
const EPOCH: i64 = 1_609_459_200;
const SPAN_SECONDS: i64 = 5 * 365 * 24 * 3600;

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

    /// Uniform in `low..=high`.
    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.below(high - low + 1)
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// Skewed to the front: index `n * u^2` for uniform u, so that the first of n items is
    /// picked about 1 in √n times, the last about 1 in 2n.
    fn skewed<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let u = self.unit();
        &items[((items.len() as f64 * u * u) as usize).min(items.len() - 1)]
    }

    /// More skewed: index `n * u^3`, the first of n items about 1 in ∛n times, the last
    /// about 1 in 3n: for the long tail of place names.
    fn long_tail<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let u = self.unit();
        &items[((items.len() as f64 * u * u * u) as usize).min(items.len() - 1)]
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const COUNTRIES: &[&str] = &[
    "Albania",
    "Armenia",
    "Azerbaijan",
    "Brazil",
    "Chile",
    "Denmark",
    "Egypt",
    "Estonia",
    "Finland",
    "Georgia",
    "Hungary",
    "India",
    "Japan",
    "Jordan",
    "Kenya",
    "Latvia",
    "Lebanon",
    "Moldova",
    "Morocco",
    "Norway",
    "Oman",
    "Peru",
    "Qatar",
    "Romania",
    "Serbia",
    "Spain",
    "Sudan",
    "Tunisia",
    "Turkey",
    "Ukraine",
    "Vietnam",
    "Yemen",
    "Zambia",
    "Libya",
    "Iraq",
    "Kazakhstan",
    "Mali",
    "Niger",
    "Chad",
    "Somalia",
];
/// The countries whose bodies and outlets are sources.
const SOURCE_COUNTRIES: usize = 24;
const CITIES: &[&str] = &[
    "Ankara",
    "Baku",
    "Cairo",
    "Doha",
    "Geneva",
    "Helsinki",
    "Istanbul",
    "Vienna",
    "Warsaw",
    "Oslo",
    "Riyadh",
    "Tbilisi",
    "Yerevan",
    "Amman",
    "Beirut",
    "Tunis",
    "Rabat",
    "Nairobi",
    "Khartoum",
    "Tripoli",
    "Baghdad",
    "Almaty",
    "Bamako",
    "Niamey",
    "Mogadishu",
    "Chisinau",
    "Belgrade",
    "Bucharest",
    "Budapest",
    "Riga",
    "Tallinn",
    "Kyiv",
    "Odesa",
    "Lima",
    "Santiago",
    "Hanoi",
    "Muscat",
    "Aden",
    "Lusaka",
    "Tokyo",
];
const BODIES: &[&str] = &[
    "Ministry of Foreign Affairs",
    "Ministry of Defence",
    "Ministry of Energy",
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
const FIRST_NAMES: &[&str] = &[
    "Amina", "Boris", "Carla", "Dmitri", "Elif", "Farid", "Greta", "Hakan", "Ines", "Jonas",
    "Katya", "Luis", "Mariam", "Nikolai", "Olga", "Pavel", "Quentin", "Rania", "Selim", "Tamar",
    "Umar", "Vera", "Walid", "Ximena", "Yusuf", "Zeynep", "Anton", "Bianca", "Cem", "Dalia",
];
const LAST_NAMES: &[&str] = &[
    "Arslan",
    "Becker",
    "Costa",
    "Demir",
    "Esposito",
    "Fischer",
    "Guerra",
    "Horvat",
    "Ivanova",
    "Jensen",
    "Kaya",
    "Lindqvist",
    "Moreau",
    "Novak",
    "Okafor",
    "Petrov",
    "Rossi",
    "Sahin",
    "Tanaka",
    "Volkov",
];
const ROLES: &[&str] = &[
    "spokesperson",
    "foreign minister",
    "ambassador",
    "defence minister",
    "chief negotiator",
    "press secretary",
    "army chief",
    "energy minister",
];
/// Invented place names: 24 × 10 × 12 = 2,880 of them.
const SYLLABLES_A: &[&str] = &[
    "Al", "Bel", "Cor", "Dar", "Es", "Fen", "Gor", "Hal", "Ir", "Jas", "Kel", "Lor", "Mar", "Nor",
    "Os", "Pel", "Qar", "Ros", "Sel", "Tor", "Ul", "Vel", "Wes", "Zar",
];
const SYLLABLES_B: &[&str] = &["a", "e", "i", "o", "u", "an", "en", "ar", "or", "is"];
const SYLLABLES_C: &[&str] = &[
    "vik", "dor", "grad", "stan", "mir", "pol", "ton", "burg", "ka", "ya", "sk", "lia",
];
const CARGO: &[&str] = &[
    "grain",
    "fertiliser",
    "medical supplies",
    "ammunition",
    "fuel",
    "humanitarian aid",
    "wheat",
    "spare parts",
    "drones",
    "cement",
];
const COMMODITIES: &[&str] = &[
    "gas",
    "oil",
    "grain",
    "electricity",
    "coal",
    "uranium",
    "water",
    "copper",
];
const DISASTERS: &[&str] = &[
    "flooding",
    "a landslide",
    "an earthquake",
    "wildfires",
    "a chemical spill",
    "a dam failure",
    "shelling",
    "a cholera outbreak",
];
const RUMOURS: &[&str] = &[
    "mass arrests",
    "troop movements",
    "a military coup",
    "secret detention centres",
    "a cyberattack",
    "food shortages",
    "vote buying",
    "an assassination plot",
];
const INFRASTRUCTURE: &[&str] = &[
    "power grid",
    "water supply",
    "airport systems",
    "railway signalling",
    "tax office",
    "election website",
    "port authority",
    "hospital network",
];
const REASONS: &[&str] = &[
    "alleged espionage",
    "a diplomatic row",
    "election interference",
    "the arrest of a journalist",
    "a border incident",
    "remarks by a minister",
];
const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
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
    "borders",
    "trade",
    "conflict",
    "climate",
    "media",
    "justice",
    "cyber",
    "food",
    "shipping",
    "aid",
    "protests",
    "corruption",
];
const DOMAINS: &[&str] = &[
    "news.example",
    "wire.example.org",
    "daily.example.net",
    "agency.example",
    "radio.example.com",
];

/// A name for a made-up place: a long tail of rare words.
fn places() -> Vec<String> {
    let mut places = Vec::with_capacity(SYLLABLES_A.len() * SYLLABLES_B.len() * SYLLABLES_C.len());
    for a in SYLLABLES_A {
        for b in SYLLABLES_B {
            for c in SYLLABLES_C {
                places.push(format!("{a}{b}{c}"));
            }
        }
    }
    // Spread the skew over the alphabet rather than favouring "Al…".
    let mut rng = Rng(0xA076_1D64_78BD_642F);
    for i in (1..places.len()).rev() {
        places.swap(i, rng.below(i as u64 + 1) as usize);
    }
    places
}

struct Sources {
    persons: Vec<(String, usize)>,
    organizations: Vec<String>,
    outlets: Vec<String>,
}

fn sources() -> Sources {
    let mut rng = Rng(0x5851_F42D_4C95_7F2D);
    let mut persons = Vec::new();
    for (i, first) in FIRST_NAMES.iter().enumerate() {
        for (j, last) in LAST_NAMES.iter().enumerate() {
            persons.push((
                format!("{first} {last}"),
                (i * 7 + j * 3) % SOURCE_COUNTRIES,
            ));
        }
    }
    for i in (1..persons.len()).rev() {
        persons.swap(i, rng.below(i as u64 + 1) as usize);
    }
    persons.truncate(200);
    let mut organizations = Vec::new();
    for country in &COUNTRIES[..SOURCE_COUNTRIES] {
        for body in BODIES {
            organizations.push(format!("{body} of {country}"));
        }
    }
    let mut outlets = Vec::new();
    for (i, country) in COUNTRIES[..SOURCE_COUNTRIES].iter().enumerate() {
        outlets.push(format!(
            "The {country} {}",
            OUTLET_WORDS[i % OUTLET_WORDS.len()]
        ));
        outlets.push(format!(
            "The {country} {}",
            OUTLET_WORDS[(i + 5) % OUTLET_WORDS.len()]
        ));
    }
    Sources {
        persons,
        organizations,
        outlets,
    }
}

struct Words {
    places: Vec<String>,
    sources: Sources,
}

impl Words {
    fn when(&self, rng: &mut Rng, at: i64) -> String {
        let (year, month, day) = civil(at);
        match rng.below(10) {
            0..=2 => format!(" on {}", rng.pick(WEEKDAYS)),
            3 => " last week".into(),
            4 => " overnight".into(),
            5..=6 => format!(" on {day} {}", MONTHS[month as usize - 1]),
            7 => format!(" in {} {year}", MONTHS[month as usize - 1]),
            _ => String::new(),
        }
    }

    fn claim(&self, rng: &mut Rng, at: i64) -> String {
        let country = *rng.skewed(COUNTRIES);
        let mut other = *rng.pick(COUNTRIES);
        if other == country {
            other = COUNTRIES
                [(COUNTRIES.iter().position(|c| *c == other).unwrap_or(0) + 1) % COUNTRIES.len()];
        }
        let city = rng.skewed(CITIES);
        let place = rng.long_tail(&self.places).as_str();
        let when = self.when(rng, at);
        let n = rng.between(2, 4_000);
        match rng.below(16) {
            0 => format!("{country} and {other} officials held secret talks in {city}{when}"),
            1 => format!(
                "The {} of {country} ordered the closure of the border crossing near {place}{when}",
                rng.pick(BODIES)
            ),
            2 => {
                let (person, home) = rng.skewed(&self.sources.persons);
                format!(
                    "{person}, the {} of {}, offered to resign after a meeting in {city}{when}",
                    rng.pick(ROLES),
                    COUNTRIES[*home]
                )
            }
            3 => format!(
                "A convoy of {n} trucks carrying {} reached {place}{when}",
                rng.pick(CARGO)
            ),
            4 => format!(
                "{country} suspended {} deliveries to {other} through {place}{when}",
                rng.pick(COMMODITIES)
            ),
            5 => format!(
                "{country} and {other} agreed a prisoner exchange of {n} detainees in {city}{when}"
            ),
            6 => format!(
                "The central bank of {country} raised its main rate to {}.{} percent{when}",
                rng.between(2, 40),
                rng.below(4) * 25
            ),
            7 => format!(
                "{n} people were evacuated from {place} after {}{when}",
                rng.pick(DISASTERS)
            ),
            8 => format!(
                "Protesters in {city} demanded the release of {} journalists held in {place}{when}",
                rng.between(2, 60)
            ),
            9 => format!(
                "{country} signed a {} agreement worth {n} million dollars with {other}{when}",
                rng.pick(COMMODITIES)
            ),
            10 => format!(
                "Fighter jets from {country} entered the airspace of {other} near {place}{when}"
            ),
            11 => format!(
                "The election commission of {country} disqualified {} candidates in {place}{when}",
                rng.between(2, 300)
            ),
            12 => format!(
                "A cargo ship carrying {n} tonnes of {} ran aground off {place}{when}",
                rng.pick(CARGO)
            ),
            13 => format!(
                "Officials in {country} are hiding reports of {} in {place}",
                rng.pick(RUMOURS)
            ),
            14 => format!(
                "Hackers shut down the {} of {city} for {} hours{when}",
                rng.pick(INFRASTRUCTURE),
                rng.between(2, 72)
            ),
            _ => format!(
                "{country} expelled {} diplomats of {other} over {}{when}",
                rng.between(2, 40),
                rng.pick(REASONS)
            ),
        }
    }

    /// What a source said, in words that fit the stance.
    fn quote(&self, rng: &mut Rng, stance: &str) -> String {
        let place = rng.long_tail(&self.places);
        let city = rng.skewed(CITIES);
        let first = match stance {
            "confirms" => match rng.below(4) {
                0 => format!("I can confirm that our teams were in {place} at the time."),
                1 => format!("Yes, the talks in {city} took place, and they were constructive."),
                2 => format!(
                    "We have verified the figures with our partners in {}.",
                    rng.pick(COUNTRIES)
                ),
                _ => "This is correct, and we will publish the details shortly.".into(),
            },
            "denies" => match rng.below(4) {
                0 => "There is no truth in these reports.".into(),
                1 => format!("Nobody from this ministry has been to {place}."),
                2 => "These are fabrications, spread to \"sow confusion\" before the vote.".into(),
                _ => format!("The so-called meeting in {city} never happened."),
            },
            "ncnd" => match rng.below(3) {
                0 => format!("We neither confirm nor deny operations near {place}."),
                1 => "We do not comment on intelligence matters.".into(),
                _ => format!("I will not go into what was or was not discussed in {city}."),
            },
            "declines" => match rng.below(3) {
                0 => "No comment at this stage.".into(),
                1 => "We have nothing to add, for now.".into(),
                _ => "The minister is travelling and cannot respond today.".into(),
            },
            _ => match rng.below(5) {
                0 => format!(
                    "Our sources in {place} saw {} lorries cross overnight.",
                    rng.between(3, 90)
                ),
                1 => format!(
                    "Delegations from {} and {} met twice in {city}.",
                    rng.pick(COUNTRIES),
                    rng.pick(COUNTRIES)
                ),
                2 => format!(
                    "The decision was taken last week, and it is final, according to the {}.",
                    rng.pick(ROLES)
                ),
                3 => format!(
                    "Residents of {place} told us the {} was cut for {} days.",
                    rng.pick(INFRASTRUCTURE),
                    rng.between(2, 20)
                ),
                _ => format!(
                    "This is about {}, not about {}.",
                    rng.pick(COMMODITIES),
                    rng.pick(REASONS)
                ),
            },
        };
        if rng.chance(25) {
            format!(
                "{first} We expect more news from {} soon.",
                rng.pick(CITIES)
            )
        } else {
            first
        }
    }
}

/// The stance of a row: a claim usually starts as an assertion; later rows confirm or deny it
/// often enough that about half the claims leave `unverified`.
fn stance(rng: &mut Rng, first: bool) -> &'static str {
    let roll = rng.below(100);
    if first {
        return match roll {
            0..80 => "asserts",
            80..88 => "confirms",
            88..93 => "denies",
            93..97 => "ncnd",
            _ => "declines",
        };
    }
    match roll {
        0..35 => "asserts",
        35..57 => "confirms",
        57..68 => "denies",
        68..84 => "ncnd",
        _ => "declines",
    }
}

/// Year, month, day of a Unix time (UTC), by the days-from-civil algorithm.
fn civil(at: i64) -> (i64, u32, u32) {
    let days = at.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `stated_at` as a sheet writes it, and as `import` stores it. `after`: the stored form of the
/// claim's previous row; a shorter form that would not come after it is written in full, so
/// that no two rows of a claim are the same statement (`import` would leave the second out).
fn stated_at(rng: &mut Rng, at: i64, after: &str) -> (String, String) {
    let (year, month, day) = civil(at);
    let seconds = at.rem_euclid(86_400);
    let (hour, minute, second) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let date = format!("{year}-{month:02}-{day:02}");
    let full = format!("{date}T{hour:02}:{minute:02}:{second:02}Z");
    let (written, stored) = match rng.below(10) {
        0..=6 => return (full.clone(), full),
        7..=8 => (
            format!("{date} {hour:02}:{minute:02}"),
            format!("{date}T{hour:02}:{minute:02}:00Z"),
        ),
        _ => (date.clone(), format!("{date}T00:00:00Z")),
    };
    if stored.as_str() > after {
        (written, stored)
    } else {
        (full.clone(), full)
    }
}

/// A cell as CSV writes it: quoted when it holds a comma, a quote or a line break.
fn cell(out: &mut String, text: &str) {
    if text.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

fn slug(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

/// One claim's rows, ready to write.
struct Claim {
    rows: Vec<String>,
}

struct Generator {
    rng: Rng,
    words: Words,
    seen: HashSet<u64>,
    quotes: bool,
    /// Counts for the summary.
    quoted: u64,
    with_url: u64,
    with_via: u64,
    with_citing: u64,
    desk: u64,
}

impl Generator {
    fn claim(&mut self, index: u64, claims: u64, rows: u64) -> Claim {
        let base = EPOCH + (index as i64 * SPAN_SECONDS) / claims.max(1) as i64;
        // Every claim text different: rows with the same text are one claim on import.
        let text = loop {
            let text = self.words.claim(&mut self.rng, base);
            let mut hasher = DefaultHasher::new();
            text.hash(&mut hasher);
            if self.seen.insert(hasher.finish()) {
                break text;
            }
        };
        let mut tags: Vec<&str> = Vec::new();
        for _ in 0..self.rng.below(4) {
            let tag = *self.rng.pick(TAGS);
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        let extra_tag = (rows > 1 && self.rng.chance(2)).then(|| *self.rng.pick(TAGS));
        let mut at = base + self.rng.below(6 * 3600) as i64;
        let mut out = Vec::with_capacity(rows as usize);
        let mut last_stored = String::new();
        for i in 0..rows {
            let rng = &mut self.rng;
            at += 1 + rng.below(30 * 3600) as i64;
            let stance = stance(rng, i == 0);
            let source = match rng.below(100) {
                0..2 => None,
                2..30 => Some(rng.skewed(&self.words.sources.organizations).as_str()),
                _ => Some(rng.skewed(&self.words.sources.persons).0.as_str()),
            };
            let via = rng
                .chance(35)
                .then(|| rng.pick(&self.words.sources.outlets).as_str());
            let citing = (via.is_none() && rng.chance(4))
                .then(|| rng.pick(&self.words.sources.outlets).as_str());
            // Made either way, so that --no-quotes changes nothing else.
            let quote = rng
                .chance(40)
                .then(|| self.words.quote(rng, stance))
                .filter(|_| self.quotes);
            let url = rng.chance(45).then(|| {
                let (year, month, day) = civil(at);
                let domain = match via {
                    Some(outlet) => format!("{}.example", slug(outlet).replace('-', "")),
                    None => rng.pick(DOMAINS).to_string(),
                };
                format!(
                    "https://{domain}/{year}/{month:02}/{day:02}/{}-{}",
                    slug(&text),
                    rng.between(1_000, 999_999)
                )
            });
            let (when, stored) = stated_at(rng, at, &last_stored);
            last_stored = stored;
            let mut row_tags = tags.clone();
            if let Some(extra) = extra_tag.filter(|_| i + 1 == rows)
                && !row_tags.contains(&extra)
            {
                row_tags.push(extra);
            }
            self.quoted += u64::from(quote.is_some());
            self.with_url += u64::from(url.is_some());
            self.with_via += u64::from(via.is_some());
            self.with_citing += u64::from(citing.is_some());
            self.desk += u64::from(source.is_none());

            let mut line = String::with_capacity(256);
            cell(&mut line, &text);
            line.push(',');
            line.push_str(stance);
            line.push(',');
            cell(&mut line, source.unwrap_or(""));
            line.push(',');
            cell(&mut line, via.unwrap_or(""));
            line.push(',');
            cell(&mut line, citing.unwrap_or(""));
            line.push(',');
            cell(&mut line, quote.as_deref().unwrap_or(""));
            line.push(',');
            cell(&mut line, url.as_deref().unwrap_or(""));
            line.push(',');
            line.push_str(&when);
            line.push(',');
            cell(&mut line, &row_tags.join(", "));
            line.push('\n');
            out.push(line);
        }
        Claim { rows: out }
    }
}

/// How many rows the next claim gets: 1 to MAX_ROWS around the mean still needed, so that the
/// total comes out exact.
fn rows_for(rng: &mut Rng, claims_left: u64, rows_left: u64) -> u64 {
    if claims_left <= 1 {
        return rows_left.max(1);
    }
    let mean = rows_left as f64 / claims_left as f64;
    let high = ((2.0 * mean - 1.0).round() as u64).clamp(1, MAX_ROWS);
    rng.between(1, high)
        .min(rows_left.saturating_sub(claims_left - 1).max(1))
}

fn parse_count(text: &str) -> Result<u64, String> {
    text.replace(['_', ','], "")
        .parse()
        .map_err(|_| format!("ROWS must be a number, not '{text}'"))
}

fn run() -> Result<(), String> {
    let usage = "usage: gen_bench_csv PATH [ROWS] [--no-quotes] [--scatter]";
    let (mut path, mut rows, mut quotes, mut scatter) = (None, None, true, false);
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--no-quotes" => quotes = false,
            "--scatter" => scatter = true,
            "-h" | "--help" => return Err(usage.into()),
            _ if path.is_none() => path = Some(PathBuf::from(arg)),
            _ if rows.is_none() => rows = Some(parse_count(&arg)?),
            _ => return Err(usage.into()),
        }
    }
    let path = path.ok_or(usage)?;
    let rows = rows.unwrap_or(DEFAULT_ROWS);
    if rows == 0 {
        return Err("ROWS must be at least 1".into());
    }
    let claims = ((rows as f64 / ROWS_PER_CLAIM).round() as u64).max(1);

    let started = Instant::now();
    let file = File::create(&path).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let write_error = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    out.write_all(b"claim,stance,source,via,citing,quote,url,stated_at,tags\n")
        .map_err(write_error)?;

    let mut generator = Generator {
        rng: Rng(0x9E37_79B9_7F4A_7C15),
        words: Words {
            places: places(),
            sources: sources(),
        },
        seen: HashSet::with_capacity(claims as usize),
        quotes,
        quoted: 0,
        with_url: 0,
        with_via: 0,
        with_citing: 0,
        desk: 0,
    };
    // The order the rows are dealt in, for --scatter: its own stream, so that the content is
    // the same with and without.
    let mut dealer = Rng(0xD1B5_4A32_D192_ED03);
    let mut window: Vec<std::vec::IntoIter<String>> = Vec::new();
    let (mut rows_left, mut bytes) = (rows, 0u64);
    for index in 0..claims {
        let count = rows_for(&mut generator.rng, claims - index, rows_left);
        rows_left -= count;
        let claim = generator.claim(index, claims, count);
        if !scatter {
            for line in &claim.rows {
                out.write_all(line.as_bytes()).map_err(write_error)?;
                bytes += line.len() as u64;
            }
            continue;
        }
        window.push(claim.rows.into_iter());
        if window.len() == SCATTER_WINDOW || index + 1 == claims {
            while !window.is_empty() {
                let at = dealer.below(window.len() as u64) as usize;
                match window[at].next() {
                    Some(line) => {
                        out.write_all(line.as_bytes()).map_err(write_error)?;
                        bytes += line.len() as u64;
                    }
                    None => {
                        window.swap_remove(at);
                    }
                }
            }
        }
    }
    out.flush().map_err(write_error)?;

    let sources = &generator.words.sources;
    let percent = |n: u64| 100.0 * n as f64 / rows as f64;
    eprintln!(
        "{}: {rows} rows, {claims} claims, {:.0} MiB in {:.1}s; quotes on {:.0}% of rows, urls \
         {:.0}%, via {:.0}%, citing {:.1}%, no source (desk) {:.1}%; sources to choose from: {} \
         persons, {} organisations, {} outlets{}",
        path.display(),
        bytes as f64 / (1u64 << 20) as f64,
        started.elapsed().as_secs_f64(),
        percent(generator.quoted),
        percent(generator.with_url),
        percent(generator.with_via),
        percent(generator.with_citing),
        percent(generator.desk),
        sources.persons.len(),
        sources.organizations.len(),
        sources.outlets.len(),
        if scatter {
            "; rows of each 1,000 claims scattered"
        } else {
            ""
        },
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("gen_bench_csv: {error}");
            ExitCode::FAILURE
        }
    }
}

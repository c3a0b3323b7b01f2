//! The floor of an import: SQLite alone writing the rows an import ended with.
//!
//! ```text
//! cargo run --release --example gen_bench_floor -- IMPORTED.db FRESH.db
//! ```
//!
//! Makes `FRESH.db` with the schema of this build (through `Store::open`, as `claims import`
//! into a new file does), attaches `IMPORTED.db` (only read), and in one transaction copies its
//! sources (with their aliases), claims, tags, statements, events and settings by `INSERT …
//! SELECT`, then builds the search and trigram indexes from the copied rows with the SQL the
//! import uses, and commits: the same final rows and indexes, with no cell parsed, no name
//! looked up, no payload built and no claim graded. Same page cache as the import
//! (`Store::for_bulk`). Prints the time of each step on stderr. Refuses an existing `FRESH.db`.
//!
//! Uses the SQLite bundled with the library (the trigram index needs 3.43 or later; Debian's
//! `sqlite3` is older), so the floor and `claims` run the same SQLite.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use claims::store::Store;

/// Each step: a label and its SQL, run in order inside one transaction.
const STEPS: &[(&str, &str)] = &[
    (
        "sources",
        "INSERT INTO main.sources SELECT * FROM imported.sources ORDER BY id;
         INSERT INTO main.source_aliases SELECT * FROM imported.source_aliases;",
    ),
    (
        "claims",
        "INSERT INTO main.claims SELECT * FROM imported.claims ORDER BY id;",
    ),
    (
        "tags",
        "INSERT INTO main.claim_tags SELECT * FROM imported.claim_tags;",
    ),
    (
        "statements",
        "INSERT INTO main.statements SELECT * FROM imported.statements ORDER BY id;",
    ),
    (
        "events",
        "INSERT INTO main.events SELECT * FROM imported.events ORDER BY id;
         INSERT OR REPLACE INTO main.config SELECT * FROM imported.config;",
    ),
    (
        "search index",
        // As `store::search::index` writes it for the claims of an import.
        "INSERT INTO main.claim_search (rowid, text, quotes, notes, sources)
         SELECT c.id, c.text,
                coalesce((SELECT group_concat(s.quote, char(10)) FROM main.statements s
                           WHERE s.claim_id = c.id AND s.removed_at IS NULL), ''),
                concat_ws(char(10), c.note, c.verdict_explanation,
                          (SELECT group_concat(s.note, char(10)) FROM main.statements s
                            WHERE s.claim_id = c.id AND s.removed_at IS NULL)),
                coalesce((SELECT group_concat(name, ', ')
                            FROM (SELECT DISTINCT src.name FROM main.statements s
                                    JOIN main.sources src
                                      ON src.id IN (s.source_id, s.via_id, s.citing_id)
                                   WHERE s.claim_id = c.id AND s.removed_at IS NULL)), '')
           FROM main.claims c
          WHERE c.removed_at IS NULL
          ORDER BY c.id;",
    ),
    (
        "trigram index",
        "INSERT INTO main.claim_trigrams (rowid, text)
         SELECT c.id, c.text FROM main.claims c WHERE c.removed_at IS NULL ORDER BY c.id;",
    ),
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [imported, fresh] = &args[..] else {
        eprintln!("usage: gen_bench_floor IMPORTED.db FRESH.db");
        return ExitCode::from(2);
    };
    let fresh = PathBuf::from(fresh);
    if fresh.exists() {
        eprintln!("{} exists; give a new path", fresh.display());
        return ExitCode::from(2);
    }
    match run(imported, &fresh) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(imported: &str, fresh: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let start = Instant::now();
    let store = Store::open(fresh)?;
    store.for_bulk()?;
    let conn = store.connection();
    // Only read: the store opens files without URIs, so `mode=ro` is not available.
    conn.execute("ATTACH DATABASE ?1 AS imported", [imported])?;
    let mut times = vec![("open", start.elapsed().as_secs_f64())];
    conn.execute_batch("BEGIN IMMEDIATE")?;
    for (label, sql) in STEPS {
        let step = Instant::now();
        conn.execute_batch(sql)?;
        times.push((label, step.elapsed().as_secs_f64()));
    }
    let step = Instant::now();
    conn.execute_batch("COMMIT")?;
    times.push(("commit", step.elapsed().as_secs_f64()));
    conn.execute_batch("DETACH DATABASE imported")?;
    let shown: Vec<String> = times
        .iter()
        .map(|(label, s)| format!("{label} {s:.2} s"))
        .collect();
    eprintln!(
        "floor: {} in all: {}",
        format_args!("{:.2} s", start.elapsed().as_secs_f64()),
        shown.join(", ")
    );
    Ok(())
}

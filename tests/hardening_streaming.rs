//! Issue 16, item 5: `log`, `list` and `sources` stream. Rows are written as SQLite reads them,
//! so memory stays flat in the size of the database (the figures are in BENCHMARKS.md, from
//! benches/memory.sh, not here: no timed tests). What this proves through the binary: JSON is
//! still exactly one pretty-printed array, element for element; a table of more than 1,000 rows
//! comes as consecutive tables of at most 1,000 rows, each with its header; and a reader that
//! stops early (`| head`) is not an error.

mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use serde_json::Value;

use common::*;

/// Rows per table of a streamed listing (`output::TABLE_CHUNK`).
const CHUNK: usize = 1_000;
/// Claims in the sheet: enough for two tables of claims and of sources.
const CLAIMS: usize = 1_250;

/// A database of `CLAIMS` claims, each asserted by a source of its own, imported as one sheet.
fn big(env: &Env) {
    let mut sheet = String::from("claim,stance,source,quote\n");
    for i in 0..CLAIMS {
        sheet.push_str(&format!(
            "Buoy {i} drifted off its mooring in the night,asserts,Lighthouse keeper {i},\
             \"I saw buoy {i} go\"\n"
        ));
    }
    let path = env.path().join("buoys.csv");
    std::fs::write(&path, sheet).unwrap();
    env.run_ok(&["import", path.to_str().unwrap()]);
}

/// The number of tables in `text`, and the data rows in all of them (the lines between a
/// header's rule and a bottom border).
fn tables_and_rows(text: &str) -> (usize, usize) {
    let tables = text.lines().filter(|l| l.starts_with('╭')).count();
    let mut rows = 0;
    let mut in_body = false;
    for line in text.lines() {
        if line.starts_with('╞') {
            in_body = true;
        } else if line.starts_with('╰') {
            in_body = false;
        } else if in_body && line.starts_with("│ ") && !line.starts_with("│  ") {
            rows += 1;
        }
    }
    (tables, rows)
}

/// The output of `args --format json`: exactly the pretty-printed array (as serde_json prints
/// a whole vector) and a line break; returns its elements.
#[track_caller]
fn streamed_json(env: &Env, args: &[&str]) -> Vec<Value> {
    let mut full = args.to_vec();
    full.extend(["--format", "json"]);
    let raw = env.run_ok(&full);
    let value: Value = serde_json::from_str(&raw).expect("one JSON document");
    assert_eq!(
        raw,
        serde_json::to_string_pretty(&value).unwrap() + "\n",
        "claims {full:?} is not the array pretty-printed whole"
    );
    value.as_array().expect("an array").clone()
}

#[test]
fn long_listings_come_as_tables_of_at_most_a_thousand_rows_and_json_stays_one_array() {
    let env = Env::new();
    big(&env);
    for (args, key) in [
        (vec!["list"], "id"),
        (vec!["sources"], "id"),
        (vec!["log"], "uuid"),
    ] {
        let json = streamed_json(&env, &args);
        assert!(json.len() > CHUNK, "{args:?}: only {} rows", json.len());
        // Every row once, in order.
        let keys: Vec<&Value> = json.iter().map(|row| &row[key]).collect();
        let mut unique = keys.clone();
        unique.dedup();
        assert_eq!(unique.len(), keys.len(), "{args:?}: a row repeated");

        let table = env.run_ok(&args);
        let (tables, rows) = tables_and_rows(&table);
        assert_eq!(tables, json.len().div_ceil(CHUNK), "{args:?}: tables");
        assert_eq!(rows, json.len(), "{args:?}: rows in all tables");
        let headers = table.lines().filter(|l| l.starts_with('╞')).count();
        assert_eq!(headers, tables, "{args:?}: every table has its header");
    }
    // `list` in order: newest activity first, as one array and across the tables alike.
    let ids: Vec<i64> = streamed_json(&env, &["list"])
        .iter()
        .map(|row| row["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.first(), Some(&(CLAIMS as i64)));
    assert_eq!(ids.last(), Some(&1));
    // A limit still limits, as one table.
    let (tables, rows) = tables_and_rows(&env.run_ok(&["log", "--limit", "1000"]));
    assert_eq!((tables, rows), (1, 1000));
    let (tables, rows) = tables_and_rows(&env.run_ok(&["list", "--limit", "1001"]));
    assert_eq!((tables, rows), (2, 1001));
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    let env = Env::new();
    big(&env);
    for args in [
        vec!["log"],
        vec!["list"],
        vec!["sources"],
        vec!["log", "--format", "json"],
    ] {
        let mut child = env
            .std_cmd()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(!first.is_empty(), "{args:?}");
        // The pipe is closed here, long before the output's end.
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
}

#[test]
fn an_empty_database_still_says_so() {
    let env = Env::new();
    assert_eq!(env.run_ok(&["log"]), "no history yet\n");
    assert_eq!(env.run_ok(&["list"]), "no claims match\n");
    assert_eq!(env.run_ok(&["sources"]), "no sources yet\n");
    for args in [["log"], ["list"], ["sources"]] {
        assert_eq!(env.run_ok(&[args[0], "--format", "json"]), "[]\n");
    }
}

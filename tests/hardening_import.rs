//! Issue 16, item 4: imports cannot lie. A JSON Lines file whose rows say one thing and whose
//! events another is refused at the line of the first difference, with nothing written; a
//! number at the top of SQLite's range cannot scatter the numbers that follow it; a uuid names
//! one thing, once. Every import that lands rebuilds from its history (`rebuild --check`).

mod common;

use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

/// The seed story with a retraction, a verdict, a setting, an edit and an undone command.
fn story(env: &Env) {
    env.seed_story();
    env.run_ok(&["config", "set", "org", "Quayside Checks"]);
    env.run_ok(&[
        "verdict",
        "1",
        "mostly-true",
        "--explanation",
        "two sides agree",
    ]);
    env.run_ok(&["edit", "2", "--tag", "intelligence"]);
    env.run_ok(&["retract", "2", "--note", "the official took it back"]);
    env.run_ok(&["add", "A claim that is soon undone", "--by", "Kremlin"]);
    env.run_ok(&["undo"]);
}

fn export_of(env: &Env) -> String {
    env.run_ok(&["export"])
}

/// The number (from 1) of the first line of `text` that `wanted` picks.
fn line_of(text: &str, wanted: impl Fn(&Value) -> bool) -> usize {
    text.lines()
        .position(|line| wanted(&serde_json::from_str(line).unwrap()))
        .expect("the export has such a line")
        + 1
}

/// `text` with `from` replaced by `to` on line `line` alone (which must hold it).
fn edited(text: &str, line: usize, from: &str, to: &str) -> String {
    let mut out = String::new();
    for (n, content) in text.lines().enumerate() {
        if n + 1 == line {
            assert!(
                content.contains(from),
                "line {line} lacks {from}: {content}"
            );
            out.push_str(&content.replacen(from, to, 1));
        } else {
            out.push_str(content);
        }
        out.push('\n');
    }
    out
}

fn write(env: &Env, name: &str, text: &str) -> PathBuf {
    let path = env.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn on(env: &Env, db: &Path, args: &[&str]) -> std::process::Output {
    env.cmd().env("CLAIMS_DB", db).args(args).output().unwrap()
}

fn ok_on(env: &Env, db: &Path, args: &[&str]) -> String {
    let out = on(env, db, args);
    assert!(out.status.success(), "{}", describe(args, &out));
    String::from_utf8(out.stdout).unwrap()
}

/// Imports `file` into `db`: either it lands and the database rebuilds from its events, or it
/// is refused with one line and leaves `db` as it was. Returns the refusal, if any.
fn import_honestly(env: &Env, db: &Path, file: &Path) -> Option<String> {
    let existed = db.exists();
    let before = existed.then(|| dump_db(db));
    let out = on(env, db, &["import", s(file)]);
    if out.status.success() {
        ok_on(env, db, &["rebuild", "--check"]);
        return None;
    }
    let (code, line) = error_shape(&out).unwrap_or_else(|problem| panic!("{problem}"));
    assert_eq!(code, 1, "{line}");
    match before {
        Some(before) => assert_eq!(dump_db(db), before, "a refused import wrote: {line}"),
        None => assert!(
            !db.exists(),
            "a refused import left a database behind: {line}"
        ),
    }
    Some(line)
}

/// Expects `file` refused at `line` with a message holding `says`.
fn refused_at(env: &Env, db: &Path, file: &Path, line: usize, says: &str) {
    let refusal = import_honestly(env, db, file)
        .unwrap_or_else(|| panic!("{} was imported, line {line} should refuse it", s(file)));
    assert!(
        refusal.starts_with(&format!("error: line {line}: ")) && refusal.contains(says),
        "expected line {line} and {says:?}: {refusal}"
    );
}

#[test]
fn rows_that_contradict_their_events_are_refused_at_their_line() {
    let env = Env::new();
    story(&env);
    let export = export_of(&env);
    let claim = line_of(&export, |v| v["type"] == "claim" && v["id"] == 1);
    let statement = line_of(&export, |v| {
        v["type"] == "statement" && v["stance"] == "confirms" && v["retracted_at"].is_null()
    });
    let source = line_of(&export, |v| v["type"] == "source" && v["name"] == "Kremlin");
    let retracted = line_of(&export, |v| {
        v["type"] == "statement" && !v["retracted_at"].is_null()
    });
    let setting = line_of(&export, |v| v["type"] == "config");
    let undone = line_of(&export, |v| {
        v["type"] == "claim" && !v["removed_at"].is_null()
    });
    let text = |v: &str| format!("\"text\":{}", serde_json::to_string(v).unwrap());
    let tampered = [
        (
            "text",
            edited(
                &export,
                claim,
                &text(TALKS),
                &text("Nobody met anyone in Ankara"),
            ),
            claim,
            "gives its text as \"Nobody met anyone in Ankara\", but the file's events make it",
        ),
        (
            "status",
            edited(
                &export,
                claim,
                "\"status\":\"confirmed\"",
                "\"status\":\"denied\"",
            ),
            claim,
            "gives its status as \"denied\", but the file's statements and events make it \"confirmed\"",
        ),
        (
            "summary",
            edited(
                &export,
                claim,
                "\"summary\":\"confirmed by",
                "\"summary\":\"denied by",
            ),
            claim,
            "gives its summary as",
        ),
        (
            "tags",
            edited(
                &export,
                claim,
                "\"tags\":[\"ankara-talks\"]",
                "\"tags\":[\"ankara\"]",
            ),
            claim,
            "gives its tags as",
        ),
        (
            "verdict",
            edited(
                &export,
                claim,
                "\"verdict\":\"mostly-true\"",
                "\"verdict\":\"true\"",
            ),
            claim,
            "gives its verdict as \"true\"",
        ),
        (
            "stance",
            edited(
                &export,
                statement,
                "\"stance\":\"confirms\"",
                "\"stance\":\"denies\"",
            ),
            statement,
            "gives its stance as \"denies\", but the file's events make it \"confirms\"",
        ),
        (
            "retraction",
            edited(
                &export,
                retracted,
                "\"retracted_at\":\"",
                "\"retracted_at\":null,\"x\":\"",
            ),
            retracted,
            "gives its retracted_at as null",
        ),
        (
            "source name",
            edited(
                &export,
                source,
                "\"name\":\"Kremlin\"",
                "\"name\":\"Kremlin press office\"",
            ),
            source,
            "gives its name as \"Kremlin press office\", but the file's events make it \"Kremlin\"",
        ),
        (
            "reliability",
            edited(
                &export,
                source,
                "\"reliability\":\"F\"",
                "\"reliability\":\"A\"",
            ),
            source,
            "gives its reliability as \"A\"",
        ),
        (
            "setting",
            edited(&export, setting, "Quayside Checks", "Harbour Desk"),
            setting,
            "gives its value as \"Harbour Desk\", but the file's events make it \"Quayside Checks\"",
        ),
        (
            "undone claim shown live",
            edited(
                &export,
                undone,
                "\"removed_at\":\"",
                "\"removed_at\":null,\"x\":\"",
            ),
            undone,
            "gives its removed_at as null",
        ),
    ];
    // Into an empty file, and into a database with claims of its own (and its own Kremlin,
    // which the file's is taken to be).
    let busy = env.path().join("busy.db");
    ok_on(
        &env,
        &busy,
        &["add", "A crane fell into the harbour", "--by", "Kremlin"],
    );
    for (what, text, line, says) in tampered {
        let file = write(&env, &format!("{}.jsonl", what.replace(' ', "-")), &text);
        refused_at(&env, &env.path().join("empty.db"), &file, line, says);
        // The busy database's Kremlin is the file's: its summary and grade are made here,
        // from our Kremlin's name and reliability, so the line's own are not held against
        // its events there.
        if what != "summary" && what != "reliability" {
            refused_at(&env, &busy, &file, line, says);
        }
    }
    // The untouched export lands in both, and rebuilds.
    let file = write(&env, "honest.jsonl", &export);
    assert_eq!(
        import_honestly(&env, &env.path().join("empty.db"), &file),
        None
    );
    assert_eq!(import_honestly(&env, &busy, &file), None);
    assert_eq!(
        ok_on(&env, &env.path().join("empty.db"), &["export"]),
        export
    );
}

/// An edit made on both halves (the line and its events) tells no lie: it lands, and the
/// database rebuilds. So do files without a history, narrowed exports and sheets.
#[test]
fn every_import_that_lands_rebuilds_from_its_history() {
    let env = Env::new();
    story(&env);
    let export = export_of(&env);
    let both = export.replace("Kommersant", "Daily Wire Service");
    let narrowed = env.run_ok(&["export", "--tag", "intelligence"]);
    let no_history: String = export
        .lines()
        .filter(|l| !l.contains("\"type\":\"event\""))
        .map(|l| format!("{l}\n"))
        .collect();
    // A stance changed on its line alone: refused, or (before issue 16) imported with a
    // history that no longer rebuilds the tables.
    let statement = line_of(&export, |v| {
        v["type"] == "statement" && v["stance"] == "ncnd"
    });
    let one_half = edited(
        &export,
        statement,
        "\"stance\":\"ncnd\"",
        "\"stance\":\"denies\"",
    );
    let into = env.path().join("into.db");
    for (name, text, lands) in [
        ("one-half.jsonl", one_half.as_str(), false),
        ("both.jsonl", both.as_str(), true),
        ("narrowed.jsonl", narrowed.as_str(), true),
        ("no-history.jsonl", no_history.as_str(), true),
        ("whole.jsonl", export.as_str(), true),
    ] {
        let file = write(&env, name, text);
        // Into an empty file, and into one that holds what came before.
        let fresh = env.path().join(format!("fresh-{name}.db"));
        for db in [&fresh, &into] {
            let refusal = import_honestly(&env, db, &file);
            assert_eq!(refusal.is_none(), lands, "{name}: {refusal:?}");
        }
    }
    let sheet = write(
        &env,
        "sheet.csv",
        "claim,stance,source\nA tug boat was seen towing the ferry,asserts,Kremlin\n",
    );
    assert_eq!(import_honestly(&env, &into, &sheet), None);
}

const TOP: &str = "9223372036854775807"; // 2^63 - 1, SQLite's largest row number

#[test]
fn a_number_at_the_top_of_the_range_does_not_scatter_the_numbers_after_it() {
    let env = Env::new();
    story(&env);
    let export = export_of(&env);
    // Claim 2, statement 5 and source 3 as numbered at the top of SQLite's range, in their
    // lines and in their events alike (a consistent file, made to harm).
    let mut text = String::new();
    for line in export.lines() {
        let mut v: Value = serde_json::from_str(line).unwrap();
        let top: i64 = TOP.parse().unwrap();
        match v["type"].as_str().unwrap() {
            "claim" if v["id"] == 2 => v["id"] = top.into(),
            "statement" if v["id"] == 5 => v["id"] = top.into(),
            "source" if v["id"] == 3 => v["id"] = top.into(),
            _ => {}
        }
        let p = &mut v["payload"];
        for (pointer, id) in [("/claim/id", 2), ("/statement/id", 5), ("/source/id", 3)] {
            if let Some(slot) = p.pointer_mut(pointer)
                && *slot == id
            {
                *slot = top.into();
            }
        }
        text.push_str(&serde_json::to_string(&v).unwrap());
        text.push('\n');
    }
    assert!(text.matches(TOP).count() >= 6);
    let file = write(&env, "top.jsonl", &text);
    let into = env.path().join("into.db");
    assert_eq!(import_honestly(&env, &into, &file), None);

    // Each took the next number instead, and the numbers after them follow on.
    let claims: Value =
        serde_json::from_str(&ok_on(&env, &into, &["list", "--format", "json"])).unwrap();
    let mut numbers = ids(&claims);
    numbers.sort();
    assert_eq!(numbers, vec![1, 2], "{claims}");
    let added: Value = serde_json::from_str(&ok_on(
        &env,
        &into,
        &[
            "add",
            "The next claim",
            "--by",
            "Port authority",
            "--format",
            "json",
        ],
    ))
    .unwrap();
    assert_eq!(added["id"], 4, "claim 3 is the undone one: {added}");
    assert_eq!(added["statements"][0]["id"], 8, "{added}");
    let sources: Value =
        serde_json::from_str(&ok_on(&env, &into, &["sources", "--format", "json"])).unwrap();
    let mut numbers = ids(&sources);
    numbers.sort();
    assert_eq!(
        numbers,
        (1..=numbers.len() as i64).collect::<Vec<_>>(),
        "{sources}"
    );
    assert!(!ok_on(&env, &into, &["export"]).contains(TOP));
    ok_on(&env, &into, &["rebuild", "--check"]);

    // The documented top is kept; one past it is not.
    for (wanted, kept) in [("999999999999", true), ("1000000000000", false)] {
        let file = write(
            &env,
            &format!("n{wanted}.jsonl"),
            &format!(
                "{{\"type\":\"claim\",\"uuid\":\"0190e4a0-0000-7000-8000-{:012}\",\"id\":{wanted},\
                 \"text\":\"A claim numbered {wanted}\",\"created_at\":\"2024-05-02T00:00:00Z\"}}\n",
                wanted.len()
            ),
        );
        let db = env.path().join(format!("n{wanted}.db"));
        assert_eq!(import_honestly(&env, &db, &file), None);
        let list: Value =
            serde_json::from_str(&ok_on(&env, &db, &["list", "--format", "json"])).unwrap();
        let expected: i64 = if kept { wanted.parse().unwrap() } else { 1 };
        assert_eq!(ids(&list), vec![expected]);
    }

    // A sheet's claim_id column is read and ignored: its numbers cannot move ours either.
    let sheet = write(
        &env,
        "top.csv",
        &format!("claim_id,claim,stance,source\n{TOP},A tug towed the ferry off,asserts,Kremlin\n"),
    );
    let db = env.path().join("sheet.db");
    assert_eq!(import_honestly(&env, &db, &sheet), None);
    let added: Value =
        serde_json::from_str(&ok_on(&env, &db, &["add", "Then this", "--format", "json"])).unwrap();
    assert_eq!(added["id"], 2);
}

#[test]
fn a_uuid_given_twice_in_one_file_is_refused_at_its_second_line() {
    let env = Env::new();
    story(&env);
    let export = export_of(&env);
    let lines: Vec<&str> = export.lines().collect();
    let claim = line_of(&export, |v| v["type"] == "claim");
    let event = line_of(&export, |v| v["type"] == "event");
    let into = env.path().join("into.db");
    // A claim's line again, at the end; an event's line again, at the end.
    for (what, line) in [("claim", claim), ("event", event)] {
        let text = format!("{export}{}\n", lines[line - 1]);
        let file = write(&env, &format!("twice-{what}.jsonl"), &text);
        refused_at(
            &env,
            &into,
            &file,
            lines.len() + 1,
            &format!("is on line {line} already"),
        );
    }
    // A setting twice, with two values.
    let setting = line_of(&export, |v| v["type"] == "config");
    let text = format!(
        "{export}{}\n",
        lines[setting - 1].replace("Quayside Checks", "Another Desk")
    );
    let file = write(&env, "twice-setting.jsonl", &text);
    refused_at(&env, &into, &file, lines.len() + 1, "is on line");
}

#[test]
fn a_uuid_naming_two_kinds_of_thing_is_refused_at_its_line() {
    let env = Env::new();
    story(&env);
    let export = export_of(&env);
    let claim: Value = serde_json::from_str(
        export
            .lines()
            .find(|l| l.contains("\"type\":\"claim\""))
            .unwrap(),
    )
    .unwrap();
    let claim_uuid = claim["uuid"].as_str().unwrap();
    let source_line = line_of(&export, |v| v["type"] == "source" && v["name"] == "Kremlin");
    let source: Value = serde_json::from_str(export.lines().nth(source_line - 1).unwrap()).unwrap();
    let source_uuid = source["uuid"].as_str().unwrap();
    // The Kremlin given the claim's uuid, everywhere (a file consistent with itself).
    let text = export.replace(source_uuid, claim_uuid);
    let file = write(&env, "two-kinds.jsonl", &text);
    let claim_line = line_of(&text, |v| v["type"] == "claim" && v["uuid"] == claim_uuid);
    assert!(claim_line > source_line);
    let into = env.path().join("into.db");
    refused_at(
        &env,
        &into,
        &file,
        claim_line,
        &format!(
            "{claim_uuid} is the uuid of the source on line {source_line}, and cannot name a claim too"
        ),
    );

    // A uuid that names a claim here cannot come as a source.
    let here = env.path().join("here.db");
    let made: Value = serde_json::from_str(&ok_on(
        &env,
        &here,
        &["add", "A buoy broke loose", "--format", "json"],
    ))
    .unwrap();
    let here_uuid = made["uuid"].as_str().unwrap();
    let text = export.replace(source_uuid, here_uuid);
    let file = write(&env, "named-here.jsonl", &text);
    refused_at(
        &env,
        &here,
        &file,
        source_line,
        &format!("{here_uuid} is the uuid of a claim here, and cannot name a source too"),
    );
}

/// Every table, index and trigger of a database, as SQLite keeps its SQL, by name.
fn schema_of(db: &Path) -> Vec<(String, String, String)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT type, name, coalesce(sql, '') FROM sqlite_schema ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// An import into an empty database drops the indexes only the lists read, and makes them
/// again, from the same SQL, once its rows are in: it lands with every index a new database
/// has, and a refused one leaves them where they were.
#[test]
fn an_import_into_an_empty_database_ends_with_every_index_a_new_one_has() {
    let env = Env::new();
    story(&env);
    let export = export_of(&env);
    let jsonl = write(&env, "story.jsonl", &export);
    let sheet = write(
        &env,
        "story.csv",
        &env.run_ok(&["export", "--format", "csv", "--statements"]),
    );
    let new = env.path().join("new.db");
    claims::store::Store::open(&new).unwrap();
    let schema = schema_of(&new);
    for index in ["claims_by_status", "claims_by_text", "statements_by_source"] {
        assert!(
            schema
                .iter()
                .any(|(kind, name, _)| kind == "index" && name == index),
            "a new database has {index}"
        );
    }
    for (name, file) in [("jsonl", &jsonl), ("sheet", &sheet)] {
        let db = env.path().join(format!("{name}.db"));
        assert_eq!(import_honestly(&env, &db, file), None, "{name}");
        assert_eq!(schema_of(&db), schema, "after the {name} import");
    }
    // Refused at its last line, long after the indexes were dropped: the empty database is as
    // it was (`import_honestly` compares it, schema and rows, with what it was).
    for (name, file) in [
        (
            "jsonl",
            write(&env, "bad.jsonl", &format!("{export}not a line\n")),
        ),
        (
            "sheet",
            write(
                &env,
                "bad.csv",
                "claim,stance,source\nA tug was seen,asserts,Kremlin\nA ferry left,leans,Kremlin\n",
            ),
        ),
    ] {
        let db = env.path().join(format!("refused-{name}.db"));
        claims::store::Store::open(&db).unwrap();
        let refusal = import_honestly(&env, &db, &file).expect("the file is refused");
        assert!(refusal.contains("line"), "{name}: {refusal}");
        assert_eq!(schema_of(&db), schema, "after the refused {name} import");
    }
}

/// A statement's source and claim are looked up once for the lines after it that name them
/// again: a later line naming another, unknown, is still refused at its line.
#[test]
fn a_statement_after_others_naming_an_unknown_source_or_claim_is_refused_at_its_line() {
    let env = Env::new();
    story(&env);
    let export = export_of(&env);
    let statements: Vec<(usize, Value)> = export
        .lines()
        .enumerate()
        .map(|(n, l)| (n + 1, serde_json::from_str::<Value>(l).unwrap()))
        .filter(|(_, v)| v["type"] == "statement")
        .collect();
    // The second statement line: the first has had its source and claim looked up already.
    let (first, _) = &statements[0];
    let (line, later) = &statements[1];
    assert!(line > first);
    let unknown = "0190ffff-0000-7000-8000-00000000abcd";
    for (field, what) in [("source", "source"), ("claim", "claim")] {
        let named = later[field].as_str().unwrap();
        let text = edited(
            &export,
            *line,
            &format!("\"{field}\":\"{named}\""),
            &format!("\"{field}\":\"{unknown}\""),
        );
        let file = write(&env, &format!("unknown-{field}.jsonl"), &text);
        let db = env.path().join(format!("unknown-{field}.db"));
        refused_at(
            &env,
            &db,
            &file,
            *line,
            &format!("refers to {what} {unknown}, which is neither"),
        );
    }
}

//! The Ankara talks story logged through the binary, step by step, and the `demo`
//! command that builds the same story on its own.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use serde_json::{Value, json};

const ASSERTED_1: &str = "asserted by unnamed source (via Kommersant)";

#[test]
fn seed_story_step_by_step() {
    let env = Env::new();

    // Kommersant's report, citing an unnamed source.
    let (added, stderr) = env.run_json_full(&[
        "add",
        TALKS,
        "--tag",
        "ankara-talks",
        "--by",
        "unnamed source",
        "--anonymous",
        "--via",
        "Kommersant",
        "--at",
        "2022-11-14",
    ]);
    assert!(
        stderr.contains("new source"),
        "Kommersant is a new source and stderr should say so: {stderr:?}"
    );
    let mut shown = env.show(1);
    shown["similar"] = json!([]);
    assert_eq!(
        added, shown,
        "add prints the claim as show does, and what it reads like"
    );
    assert_eq!(added["id"], 1);
    assert_eq!(added["text"], TALKS);
    assert_eq!(added["tags"], json!(["ankara-talks"]));
    assert_eq!(added["happened"], Value::Null);
    assert_eq!(added["status"], "unverified");
    assert_eq!(added["summary"], ASSERTED_1);
    assert!(is_uuid_v7(added["uuid"].as_str().unwrap()), "{added}");
    assert!(
        is_utc_timestamp(added["created_at"].as_str().unwrap()),
        "{added}"
    );
    assert_eq!(env.list_ids(&["--status", "unverified"]), vec![1]);

    // A Turkish official declined to comment.
    let v = env.run_json(&[
        "decline",
        "1",
        "--by",
        "Turkish official",
        "--anonymous",
        "--at",
        "2022-11-14",
    ]);
    assert_eq!(
        v,
        json!({"claim": 1, "statement": 2, "status": "unverified",
               "summary": format!("{ASSERTED_1}; Turkish official: declined to comment")}),
    );

    // The Kremlin could neither confirm nor deny: ncnd parts come before declines.
    let v = env.run_json(&["ncnd", "1", "--by", "Kremlin", "--at", "2022-11-14"]);
    assert_eq!(v["status"], "unverified");
    assert_eq!(
        v["summary"],
        format!(
            "{ASSERTED_1}; Kremlin: can neither confirm nor deny; Turkish official: declined to comment"
        )
    );
    assert_eq!(env.list_ids(&["--status", "unverified"]), vec![1]);
    assert_eq!(env.list_ids(&["--unverified"]), vec![1]);

    // Fahrettin Altun confirmed it to the Associated Press.
    let v = env.run_json(&[
        "confirm",
        "1",
        "--by",
        "Fahrettin Altun",
        "--via",
        "Associated Press",
        "--at",
        "2022-11-14",
        "--quote",
        ALTUN_QUOTE,
    ]);
    assert_eq!(
        v,
        json!({"claim": 1, "statement": 4, "status": "confirmed", "summary": TALKS_SUMMARY})
    );
    assert_eq!(env.list_ids(&["--status", "unverified"]), Vec::<i64>::new());
    assert_eq!(env.list_ids(&["--status", "confirmed"]), vec![1]);

    // The second claim: logged with no statement, then confirmed and backed by flight data.
    let added = env.run_json(&["add", SPY_CHIEFS, "--tag", "ankara-talks"]);
    assert_eq!(added["id"], 2);
    assert_eq!(added["status"], "unverified");
    assert_eq!(added["summary"], "no statements yet");
    assert_eq!(added["statements"], json!([]));
    assert_eq!(env.list_ids(&["--status", "unverified"]), vec![2]);

    let v = env.run_json(&[
        "confirm",
        "2",
        "--by",
        "White House official",
        "--anonymous",
        "--at",
        "2022-11-14",
        "--quote",
        WHITE_HOUSE_QUOTE,
    ]);
    assert_eq!(v["claim"], 2);
    assert_eq!(v["status"], "confirmed");
    assert_eq!(v["summary"], "confirmed by White House official");
    let v = env.run_json(&[
        "assert",
        "2",
        "--by",
        "flight-tracking data",
        "--kind",
        "data",
        "--at",
        "2022-11-14",
        "--quote",
        FLIGHT_QUOTE,
    ]);
    assert_eq!(v["status"], "confirmed");
    assert_eq!(
        v["summary"], "confirmed by White House official",
        "asserts are left out of the summary once there is a confirmation"
    );

    // At the end both claims are confirmed: nothing is unverified.
    assert_eq!(env.list_ids(&["--status", "unverified"]), Vec::<i64>::new());
    let list = env.run_json(&["list"]);
    assert_eq!(ids(&list), vec![2, 1]);
    for claim in list.as_array().unwrap() {
        assert_eq!(claim["status"], "confirmed", "{claim}");
    }
    assert_eq!(list[1]["summary"], TALKS_SUMMARY);
    assert_eq!(list[1]["statements"], 4);
    assert_eq!(list[0]["statements"], 2);

    // show 1 carries every statement, in time order then by number.
    let show = env.show(1);
    assert_eq!(show["summary"], TALKS_SUMMARY);
    assert_eq!(show["status"], "confirmed");
    assert_eq!(
        statement_fields(
            &show,
            &[
                "id",
                "stance",
                "source",
                "source_kind",
                "anonymous",
                "via",
                "citing",
                "quote",
                "url",
                "stated_at",
                "note"
            ]
        ),
        vec![
            json!({"id": 1, "stance": "asserts", "source": "unnamed source", "source_kind": "anonymous",
                   "anonymous": true, "via": "Kommersant", "citing": null, "quote": null, "url": null,
                   "stated_at": "2022-11-14T00:00:00Z", "note": null}),
            json!({"id": 2, "stance": "declines", "source": "Turkish official", "source_kind": "anonymous",
                   "anonymous": true, "via": null, "citing": null, "quote": null, "url": null,
                   "stated_at": "2022-11-14T00:00:00Z", "note": null}),
            json!({"id": 3, "stance": "ncnd", "source": "Kremlin", "source_kind": "person",
                   "anonymous": false, "via": null, "citing": null, "quote": null, "url": null,
                   "stated_at": "2022-11-14T00:00:00Z", "note": null}),
            json!({"id": 4, "stance": "confirms", "source": "Fahrettin Altun", "source_kind": "person",
                   "anonymous": false, "via": "Associated Press", "citing": null, "quote": ALTUN_QUOTE,
                   "url": null, "stated_at": "2022-11-14T00:00:00Z", "note": null}),
        ]
    );
    for st in show["statements"].as_array().unwrap() {
        assert!(is_uuid_v7(st["uuid"].as_str().unwrap()), "{st}");
        assert!(
            is_utc_timestamp(st["recorded_at"].as_str().unwrap()),
            "{st}"
        );
    }
    assert_eq!(env.run_json(&["show", "#1"]), show, "#1 names claim 1");

    let show2 = env.show(2);
    assert_eq!(
        statement_fields(
            &show2,
            &["stance", "source", "source_kind", "anonymous", "quote"]
        ),
        vec![
            json!({"stance": "confirms", "source": "White House official", "source_kind": "anonymous",
                   "anonymous": true, "quote": WHITE_HOUSE_QUOTE}),
            json!({"stance": "asserts", "source": "flight-tracking data", "source_kind": "data",
                   "anonymous": false, "quote": FLIGHT_QUOTE}),
        ]
    );

    // The table of show 1 names the claim, its summary and its speakers.
    let table = env.run_ok(&["show", "1"]);
    for needle in [
        TALKS,
        TALKS_SUMMARY,
        "Fahrettin Altun",
        "Associated Press",
        "Kremlin",
        "Turkish official",
        "Kommersant",
    ] {
        assert!(table.contains(needle), "show 1 lacks {needle:?}:\n{table}");
    }

    // The sources, with the kinds the rules give them.
    let sources = env.sources_by_name();
    let kinds: Vec<(&str, &str)> = sources
        .iter()
        .map(|(name, s)| (name.as_str(), s["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("Associated Press", "outlet"),
            ("Fahrettin Altun", "person"),
            ("Kommersant", "outlet"),
            ("Kremlin", "person"),
            ("Turkish official", "anonymous"),
            ("White House official", "anonymous"),
            ("flight-tracking data", "data"),
            ("unnamed source", "anonymous"),
        ]
    );
    for speaker in [
        "Fahrettin Altun",
        "Kremlin",
        "Turkish official",
        "White House official",
        "flight-tracking data",
        "unnamed source",
    ] {
        assert_eq!(sources[speaker]["statements"], 1, "{speaker}");
    }
}

/// The claims of the database at `db`, read through the binary.
fn list_of(env: &Env, db: &Path) -> Value {
    env.run_json(&["--db", s(db), "list"])
}

/// Checks that `db` holds the seed story as the demo builds it.
fn assert_demo_database(env: &Env, db: &Path) {
    assert!(db.is_file(), "{} should exist", db.display());
    let list = list_of(env, db);
    assert_eq!(ids(&list), vec![2, 1], "{list}");
    for claim in list.as_array().unwrap() {
        assert_eq!(claim["status"], "confirmed", "{claim}");
    }
    let show = env.run_json(&["--db", s(db), "show", "1"]);
    assert_eq!(show["summary"], TALKS_SUMMARY);
    let stances: Vec<&str> = show["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|st| st["stance"].as_str().unwrap())
        .collect();
    assert_eq!(stances, ["asserts", "declines", "ncnd", "confirms"]);
}

/// The test database (`CLAIMS_DB`) is either absent or holds no claims.
fn assert_no_claims_in_test_db(env: &Env) {
    if env.db().exists() {
        assert_eq!(env.list_ids(&[]), Vec::<i64>::new());
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    std::fs::canonicalize(a).unwrap() == std::fs::canonicalize(b).unwrap()
}

#[test]
fn demo_with_db_prints_list_and_show_as_table() {
    let env = Env::new();
    let db = env.path().join("demo.db");
    let out = env.run_ok(&["demo", "--db", s(&db)]);
    assert!(
        out.lines().any(|l| l.contains(s(&db))),
        "a line should say where the database is:\n{out}"
    );
    for needle in [TALKS_SUMMARY, "Fahrettin Altun", "Kremlin", "confirmed"] {
        assert!(out.contains(needle), "demo lacks {needle:?}:\n{out}");
    }
    assert!(!out.contains('\x1b'), "no escapes in piped output");
    assert_demo_database(&env, &db);
    assert_no_claims_in_test_db(&env);
}

#[test]
fn demo_with_db_as_json() {
    let env = Env::new();
    let db = env.path().join("demo.db");
    let v = env.run_json(&["demo", "--db", s(&db)]);
    let database = v["database"].as_str().expect("database is a string");
    assert!(same_file(Path::new(database), &db), "{database}");
    assert_demo_database(&env, &db);
    assert_eq!(v["list"], list_of(&env, &db), "list is what `list` prints");
    assert_eq!(
        v["show"],
        env.run_json(&["--db", s(&db), "show", "1"]),
        "show is what `show 1` prints"
    );
    assert_eq!(v["show"]["summary"], TALKS_SUMMARY);
    assert_no_claims_in_test_db(&env);
}

#[test]
fn demo_without_db_uses_a_new_file_even_with_claims_db_set() {
    let env = Env::new();
    let v = env.run_json(&["demo"]);
    let database = PathBuf::from(v["database"].as_str().expect("database is a string"));
    assert_demo_database(&env, &database);
    assert!(
        !env.db().exists() || !same_file(&database, &env.db()),
        "the demo must not use CLAIMS_DB"
    );
    assert_no_claims_in_test_db(&env);

    // A second run makes another fresh database.
    let again = env.run_json(&["demo"]);
    let second = PathBuf::from(again["database"].as_str().unwrap());
    assert!(!same_file(&database, &second), "a new file each time");
    assert_demo_database(&env, &second);
}

#[test]
fn demo_without_db_as_table_names_an_existing_database() {
    let env = Env::new();
    let out = env.run_ok(&["demo"]);
    assert!(out.contains(TALKS_SUMMARY), "{out}");
    let mut found: Vec<PathBuf> = out
        .split(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | ',' | '(' | ')'))
        .map(|t| t.trim_end_matches(['.', ':']))
        .filter(|t| t.starts_with('/'))
        .map(PathBuf::from)
        .filter(|p| p.is_file())
        .collect();
    found.sort();
    found.dedup();
    assert_eq!(found.len(), 1, "one existing database path in:\n{out}");
    assert_demo_database(&env, &found[0]);
    assert_no_claims_in_test_db(&env);
}

#[test]
fn demo_refuses_a_database_that_holds_claims() {
    let env = Env::new();
    env.run_ok(&["add", TALKS]);
    let before = env.dump();
    let db = env.db();
    env.expect_err(&["demo", "--db", s(&db)], 1);
    env.expect_err(&["demo", "--db", s(&db), "--format", "json"], 1);
    assert_eq!(env.dump(), before, "the database is unchanged");
}

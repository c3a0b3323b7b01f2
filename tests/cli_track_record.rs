//! `source show NAME`: a source, its statements, and how the claims it spoke on stand now (its
//! track record); and the track record on every item of `sources`.

mod common;

use common::*;
use serde_json::{Value, json};

/// Wire confirms claims 1, 2 and 3 and denies claim 4; Rival denies claim 3, so that 1 and 2
/// are confirmed, 3 contested and 4 denied.
fn wire_story(env: &Env) {
    env.run_ok(&[
        "source",
        "add",
        "Wire",
        "--reliability",
        "B",
        "--alias",
        "The Wire",
    ]);
    for (n, text) in [
        "The envoys met in the morning",
        "The envoys met at the intelligence headquarters",
        "The envoys agreed a follow-up meeting",
        "The envoys signed a written agreement",
    ]
    .iter()
    .enumerate()
    {
        env.run_ok(&["add", text]);
        let claim = (n + 1).to_string();
        let verb = if n == 3 { "deny" } else { "confirm" };
        env.run_ok(&[
            verb,
            &claim,
            "--by",
            "Wire",
            "--at",
            &format!("2022-11-14T1{n}:00"),
        ]);
    }
    env.run_ok(&["deny", "3", "--by", "Rival"]);
}

fn source_show(env: &Env, name: &str) -> Value {
    env.run_json(&["source", "show", name])
}

fn assert_mentions(record: &str, needles: &[&str]) {
    for needle in needles {
        assert!(
            record.contains(needle),
            "the track record {record:?} should mention {needle:?}"
        );
    }
}

#[test]
fn source_show_lists_the_statements_and_how_their_claims_stand() {
    let env = Env::new();
    wire_story(&env);
    let v = source_show(&env, "Wire");

    // The source itself, as `sources` prints it.
    let listed = env.sources_by_name()["Wire"].clone();
    // ("statements" is a count there and the list of statements here.)
    for (key, value) in listed.as_object().unwrap() {
        if key != "statements" {
            assert_eq!(&v[key], value, "{key} of source show Wire");
        }
    }
    assert_eq!(v["name"], "Wire");
    assert_eq!(v["reliability"], "B");
    assert_eq!(v["aliases"], json!(["The Wire"]));

    let mut statements = v["statements"]
        .as_array()
        .unwrap_or_else(|| panic!("source show has statements: {v:#}"))
        .clone();
    statements.sort_by_key(|s| s["id"].as_i64().unwrap());
    let expected = [
        (
            1,
            1,
            "The envoys met in the morning",
            "confirms",
            "confirmed",
        ),
        (
            2,
            2,
            "The envoys met at the intelligence headquarters",
            "confirms",
            "confirmed",
        ),
        (
            3,
            3,
            "The envoys agreed a follow-up meeting",
            "confirms",
            "contested",
        ),
        (
            4,
            4,
            "The envoys signed a written agreement",
            "denies",
            "denied",
        ),
    ];
    assert_eq!(statements.len(), expected.len(), "{v:#}");
    for (s, (id, claim, text, stance, status)) in statements.iter().zip(expected) {
        assert_eq!(s["id"], id, "{s:#}");
        assert_eq!(s["claim"], claim, "{s:#}");
        assert_eq!(s["claim_text"], text, "{s:#}");
        assert_eq!(s["stance"], stance, "{s:#}");
        assert_eq!(s["claim_status"], status, "{s:#}");
        assert_eq!(s["retracted"], false, "{s:#}");
        assert_eq!(
            s["stated_at"],
            format!("2022-11-14T1{}:00:00Z", id - 1),
            "{s:#}"
        );
    }

    let record = v["track_record"]
        .as_str()
        .unwrap_or_else(|| panic!("a track_record string: {v:#}"));
    assert_mentions(
        record,
        &["2", "1", "now confirmed", "now contested", "now denied"],
    );
    assert_eq!(listed["track_record"], record);

    // The table says the same.
    let table = env.run_ok(&["source", "show", "Wire"]);
    for needle in [
        "Wire",
        "The envoys met in the morning",
        "The envoys signed a written agreement",
        "contested",
        "denied",
        "now confirmed",
    ] {
        assert!(table.contains(needle), "{needle:?} in:\n{table}");
    }
    let line = table
        .lines()
        .find(|l| l.contains("track record"))
        .unwrap_or_else(|| panic!("a track record line:\n{table}"));
    let after = &line[line.find("track record").unwrap() + "track record".len()..];
    assert!(
        after.starts_with(char::is_whitespace) && after.trim() == record,
        "the label and the track record are apart: {line:?}"
    );
}

#[test]
fn the_track_record_follows_the_claims_as_they_change() {
    let env = Env::new();
    wire_story(&env);
    // Rival's denial is retracted: claim 3 is confirmed again.
    env.run_ok(&["retract", "5"]);
    let v = source_show(&env, "Wire");
    let record = v["track_record"].as_str().unwrap();
    assert_mentions(record, &["3", "now confirmed", "now denied"]);
    assert!(!record.contains("contested"), "{record}");

    // Someone confirms claim 4, which Wire denied: now contested.
    env.run_ok(&["confirm", "4", "--by", "Rival"]);
    let v = source_show(&env, "Wire");
    let record = v["track_record"].as_str().unwrap();
    assert_mentions(record, &["now contested"]);
    assert!(!record.contains("now denied"), "{record}");
    let statuses: Vec<Value> = v["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["claim_status"].clone())
        .collect();
    assert!(statuses.contains(&json!("contested")), "{v:#}");

    // Wire takes back its denial: the statement is still listed, marked retracted.
    env.run_ok(&["retract", "4"]);
    let v = source_show(&env, "Wire");
    let four = v["statements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == 4)
        .unwrap_or_else(|| panic!("a retracted statement stays listed: {v:#}"));
    assert_eq!(four["retracted"], true);
    assert_eq!(four["claim_status"], "confirmed");

    // An undone statement is gone from the source's statements.
    env.run_ok(&["assert", "1", "--by", "Wire"]);
    assert_eq!(
        source_show(&env, "Wire")["statements"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
    env.undo();
    assert_eq!(
        source_show(&env, "Wire")["statements"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
}

#[test]
fn sources_carry_the_track_record() {
    let env = Env::new();
    wire_story(&env);
    env.run_ok(&["source", "add", "Silent Source"]);
    let sources = env.sources_by_name();
    for (name, source) in &sources {
        assert!(
            source["track_record"].is_string(),
            "track_record of {name}: {source:#}"
        );
    }
    let wire = sources["Wire"]["track_record"].as_str().unwrap();
    assert!(!wire.is_empty());
    assert_eq!(wire, source_show(&env, "Wire")["track_record"]);
    let rival = sources["Rival"]["track_record"].as_str().unwrap();
    assert_mentions(rival, &["1", "now contested"]);
    let silent = source_show(&env, "Silent Source");
    assert_eq!(silent["statements"], json!([]));
    assert_eq!(
        silent["track_record"],
        sources["Silent Source"]["track_record"]
    );
    // The table of sources still prints.
    assert!(env.run_ok(&["sources"]).contains("Silent Source"));
}

#[test]
fn source_show_takes_a_number_an_alias_or_the_start_of_a_word() {
    let env = Env::new();
    wire_story(&env);
    env.run_ok(&[
        "add",
        "A claim from nowhere",
        "--anonymous",
        "--via",
        "Kommersant",
    ]);
    let by_name = source_show(&env, "Wire");
    let id = by_name["id"].as_i64().unwrap();
    for name in [format!("#{id}"), "the wire".to_string(), "WIRE".to_string()] {
        assert_eq!(source_show(&env, &name), by_name, "source show {name}");
    }
    assert_eq!(source_show(&env, "Riv")["name"], "Rival");
    // An anonymous source by its number.
    let anonymous = env
        .run_json(&["sources"])
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "anonymous")
        .cloned()
        .expect("an anonymous source");
    let v = source_show(&env, &format!("#{}", anonymous["id"]));
    assert_eq!(v["kind"], "anonymous");
    assert_eq!(v["statements"].as_array().unwrap().len(), 1);
    assert_eq!(v["statements"][0]["stance"], "asserts");
}

#[test]
fn source_show_errors_change_nothing() {
    let env = Env::new();
    wire_story(&env);
    env.run_ok(&["source", "add", "Sergei Naryshkin"]);
    env.run_ok(&["source", "add", "Sergei Lavrov"]);
    let before = env.dump();
    for (args, code) in [
        (&["source", "show", "Nobody Known"][..], 1),
        (&["source", "show", "Sergei"], 1),
        (&["source", "show", "#99"], 1),
        (&["source", "show", "Nobody Known", "--format", "json"], 1),
        (&["source", "show"], 2),
        (&["source", "show", "Wire", "--frobnicate"], 2),
    ] {
        env.expect_err(args, code);
        assert_eq!(env.dump(), before, "claims {args:?} changed the database");
    }
    let line = env.expect_err(&["source", "show", "Sergei"], 1);
    assert!(
        line.contains("Sergei Naryshkin") && line.contains("Sergei Lavrov"),
        "an ambiguous name lists the candidates: {line}"
    );
}

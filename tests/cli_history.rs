//! The history (`log`): one event per change, old values kept, per-claim logs newest first;
//! `list` order and filters; `edit`; the date formats; where the database lives; global
//! options on either side of the subcommand.

mod common;

use std::collections::BTreeMap;
use std::thread::sleep;
use std::time::Duration;

use common::*;
use serde_json::{Value, json};

/// Runs a command and checks that the history grew by exactly `added` events.
fn step(env: &Env, args: &[&str], added: &[(&str, usize)]) {
    let before = env.event_counts();
    env.run_ok(args);
    let after = env.event_counts();
    let mut expected: BTreeMap<String, usize> = before.clone();
    for (kind, n) in added {
        *expected.entry(kind.to_string()).or_insert(0) += n;
    }
    assert_eq!(after, expected, "events appended by claims {args:?}");
}

#[test]
fn one_event_per_change() {
    let env = Env::new();
    step(
        &env,
        &["source", "add", "Known Person"],
        &[("source.added", 1)],
    );
    step(
        &env,
        &["add", "a claim with a tag", "--tag", "t"],
        &[("claim.added", 1)],
    );
    step(
        &env,
        &[
            "add",
            "a claim with a known speaker",
            "--by",
            "Known Person",
        ],
        &[("claim.added", 1), ("statement.added", 1)],
    );
    step(
        &env,
        &["confirm", "1", "--by", "New Person"],
        &[("source.added", 1), ("statement.added", 1)],
    );
    step(
        &env,
        &["confirm", "1", "--by", "new person"],
        &[("statement.added", 1)],
    );
    // The desk is a source too: made once, on first use.
    step(
        &env,
        &["deny", "1"],
        &[("source.added", 1), ("statement.added", 1)],
    );
    step(&env, &["deny", "2"], &[("statement.added", 1)]);
    step(
        &env,
        &[
            "add",
            "a claim from two new places",
            "--by",
            "Brand New",
            "--via",
            "New Outlet",
            "--citing",
            "Newer Agency",
        ],
        &[
            ("claim.added", 1),
            ("source.added", 3),
            ("statement.added", 1),
        ],
    );
    step(
        &env,
        &["add", "a whispered claim", "--anonymous"],
        &[
            ("claim.added", 1),
            ("source.added", 1),
            ("statement.added", 1),
        ],
    );
    // One edit, however many fields it touches, is one event.
    step(
        &env,
        &[
            "edit",
            "1",
            "--text",
            "a claim with new words",
            "--tag",
            "u",
            "--untag",
            "t",
            "--happened",
            "2022-11-14",
        ],
        &[("claim.edited", 1)],
    );
    step(
        &env,
        &[
            "source",
            "edit",
            "Known Person",
            "--role",
            "spokesperson",
            "--alias",
            "KP",
        ],
        &[("source.edited", 1)],
    );
    step(
        &env,
        &["source", "edit", "Known Person", "--name", "Renamed Person"],
        &[("source.edited", 1)],
    );

    // Reading changes nothing; failing changes nothing.
    let before = env.dump();
    for args in [
        &["list"][..],
        &["show", "1"],
        &["sources"],
        &["log"],
        &["log", "1"],
        &["list", "--format", "json"],
    ] {
        step(&env, args, &[]);
    }
    env.expect_err(
        &["confirm", "1", "--by", "Yet Another", "--at", "2022-02-30"],
        1,
    );
    env.expect_err(&["show", "99"], 1);
    assert_eq!(env.dump(), before);
}

#[test]
fn events_carry_uuid_time_actor_kind_and_payload() {
    let env = Env::new();
    env.run_ok(&["add", "a claim", "--by", "Someone"]);
    env.run_ok(&["--actor", "night-editor", "confirm", "1", "--by", "Someone"]);
    let events = env.events();
    assert_eq!(events.len(), 4, "{events:?}");
    let mut uuids: Vec<&str> = Vec::new();
    for e in &events {
        let uuid = e["uuid"].as_str().unwrap_or_else(|| panic!("{e}"));
        assert!(is_uuid_v7(uuid), "{e}");
        uuids.push(uuid);
        assert!(is_utc_timestamp(e["at"].as_str().unwrap()), "{e}");
        assert!(e["payload"].is_object(), "{e}");
    }
    uuids.sort();
    uuids.dedup();
    assert_eq!(uuids.len(), 4, "event uuids are distinct");
    let actors: Vec<&str> = events
        .iter()
        .map(|e| e["actor"].as_str().unwrap())
        .collect();
    assert_eq!(actors, ["night-editor", ACTOR, ACTOR, ACTOR]);
    let mut kinds: Vec<&str> = events.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds[..2], ["statement.added", "statement.added"]);
    kinds[2..].sort();
    assert_eq!(kinds[2..], ["claim.added", "source.added"]);
    // Newest first.
    let times: Vec<&str> = events.iter().map(|e| e["at"].as_str().unwrap()).collect();
    let mut sorted = times.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(times, sorted);

    // The table shows who made each change.
    let table = env.run_ok(&["log"]);
    for needle in ["night-editor", ACTOR, "Someone"] {
        assert!(table.contains(needle), "{table}");
    }
}

#[test]
fn edit_keeps_old_values_in_the_log() {
    let env = Env::new();
    env.run_ok(&[
        "add",
        "The first wording of the claim",
        "--tag",
        "draft-tag",
        "--happened",
        "2022-11-13",
    ]);
    env.run_json(&[
        "edit",
        "1",
        "--text",
        "The second wording of the claim",
        "--tag",
        "final-tag",
        "--untag",
        "draft-tag",
        "--happened",
        "2022-11-14",
    ]);
    let v = env.show(1);
    assert_eq!(v["text"], "The second wording of the claim");
    assert_eq!(v["tags"], json!(["final-tag"]));
    assert_eq!(v["happened"], "2022-11-14");

    let log = env.run_json(&["log", "1"]);
    let edit = &log[0];
    assert_eq!(edit["kind"], "claim.edited", "{log}");
    let changes = &edit["payload"]["changes"];
    assert_eq!(
        changes["text"]["old"], "The first wording of the claim",
        "{edit}"
    );
    assert_eq!(
        changes["text"]["new"], "The second wording of the claim",
        "{edit}"
    );
    let payload = edit["payload"].to_string();
    for old in ["draft-tag", "2022-11-13"] {
        assert!(
            payload.contains(old),
            "the old value {old} is kept: {payload}"
        );
    }
    for new in ["final-tag", "2022-11-14"] {
        assert!(
            payload.contains(new),
            "the new value {new} is kept: {payload}"
        );
    }

    // A second edit keeps the second wording as its old value.
    env.run_ok(&["edit", "1", "--text", "The third wording of the claim"]);
    let log = env.run_json(&["log", "1"]);
    let texts: Vec<(&Value, &Value)> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "claim.edited")
        .map(|e| {
            (
                &e["payload"]["changes"]["text"]["old"],
                &e["payload"]["changes"]["text"]["new"],
            )
        })
        .collect();
    assert_eq!(
        texts,
        [
            (
                &json!("The second wording of the claim"),
                &json!("The third wording of the claim")
            ),
            (
                &json!("The first wording of the claim"),
                &json!("The second wording of the claim")
            ),
        ]
    );
}

#[test]
fn log_of_a_claim_shows_only_its_events_newest_first() {
    let env = Env::new();
    env.run_ok(&["add", "claim one", "--by", "Alpha"]);
    env.run_ok(&["add", "claim two", "--by", "Bravo", "--stance", "denies"]);
    env.run_ok(&["confirm", "1", "--by", "Charlie"]);
    env.run_ok(&["confirm", "2", "--by", "Alpha"]);
    env.run_ok(&["edit", "2", "--text", "claim two, reworded"]);
    env.run_ok(&["edit", "1", "--tag", "checked"]);
    env.run_ok(&["ncnd", "2", "--by", "Delta"]);

    let claim_kinds = |log: &Value| -> Vec<String> {
        log.as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap().to_string())
            .filter(|k| k.starts_with("claim.") || k.starts_with("statement."))
            .collect()
    };
    let log1 = env.run_json(&["log", "1"]);
    assert_eq!(
        claim_kinds(&log1),
        [
            "claim.edited",
            "statement.added",
            "statement.added",
            "claim.added"
        ],
        "{log1}"
    );
    let log2 = env.run_json(&["log", "#2"]);
    assert_eq!(
        claim_kinds(&log2),
        [
            "statement.added",
            "claim.edited",
            "statement.added",
            "statement.added",
            "claim.added"
        ],
        "{log2}"
    );
    let text1 = log1.to_string();
    assert!(!text1.contains("claim two"), "log 1 shows claim 2: {text1}");
    assert!(!text1.contains("Delta"), "log 1 shows claim 2: {text1}");
    assert!(!log2.to_string().contains("claim one"), "{log2}");

    // The whole log is newest first too, and --limit keeps the newest.
    let all = env.run_json(&["log"]);
    let newest_two: Vec<Value> = all.as_array().unwrap()[..2].to_vec();
    assert_eq!(all[0]["kind"], "statement.added");
    assert_eq!(
        env.run_json(&["log", "--limit", "2"]),
        Value::from(newest_two)
    );
    assert_eq!(
        env.run_json(&["log", "1", "--limit", "1"]),
        json!([log1[0].clone()])
    );
}

#[test]
fn list_puts_the_latest_activity_first() {
    let env = Env::new();
    env.run_ok(&["add", "oldest"]);
    env.run_ok(&["add", "middle"]);
    env.run_ok(&["add", "newest"]);
    assert_eq!(env.list_ids(&[]), vec![3, 2, 1]);
    // Times are kept to the second: wait for the next one before new activity.
    sleep(Duration::from_millis(1100));
    env.run_ok(&["confirm", "1", "--by", "Somebody"]);
    assert_eq!(env.list_ids(&[]), vec![1, 3, 2]);
    assert_eq!(env.list_ids(&["--limit", "2"]), vec![1, 3]);
    assert_eq!(env.list_ids(&["--limit", "1"]), vec![1]);
    let list = env.run_json(&["list"]);
    let activity: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["last_activity"].as_str().unwrap())
        .collect();
    assert!(activity[0] > activity[1], "{activity:?}");
}

#[test]
fn list_json_fields() {
    let env = Env::new();
    env.run_ok(&[
        "add",
        "a listed claim",
        "--tag",
        "b-tag",
        "--tag",
        "a-tag",
        "--by",
        "Alpha",
    ]);
    env.run_ok(&["deny", "1", "--by", "Bravo"]);
    let list = env.run_json(&["list"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    let c = &list[0];
    assert_eq!(c["id"], 1);
    assert!(is_uuid_v7(c["uuid"].as_str().unwrap()), "{c}");
    assert_eq!(c["uuid"], env.show(1)["uuid"]);
    assert_eq!(c["text"], "a listed claim");
    assert_eq!(c["status"], "denied");
    assert_eq!(c["summary"], "denied by Bravo");
    let mut tags: Vec<&str> = c["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    tags.sort();
    assert_eq!(tags, ["a-tag", "b-tag"]);
    assert_eq!(c["statements"], 2);
    let at = c["last_activity"].as_str().unwrap();
    assert!(is_utc_timestamp(at), "{at}");
    assert!(at.starts_with(&today()[..4]), "{at}");
}

#[test]
fn list_filters_by_tag_source_and_date() {
    let env = Env::new();
    env.run_ok(&[
        "add",
        "tagged, by Altun",
        "--tag",
        "ankara",
        "--by",
        "Fahrettin Altun",
    ]);
    env.run_ok(&["add", "untagged, by the Kremlin", "--by", "Kremlin"]);
    env.run_ok(&[
        "add",
        "tagged, nobody yet",
        "--tag",
        "ankara",
        "--tag",
        "spies",
    ]);
    env.run_ok(&["ncnd", "1", "--by", "Kremlin"]);

    // (Sorted: these claims may share a second of activity, so their order is not the point.)
    let sorted = |args: &[&str]| {
        let mut found = env.list_ids(args);
        found.sort();
        found
    };
    assert_eq!(sorted(&["--tag", "ankara"]), vec![1, 3]);
    assert_eq!(sorted(&["--tag", "spies"]), vec![3]);
    assert_eq!(sorted(&["--tag", "nothing-here"]), Vec::<i64>::new());
    assert_eq!(sorted(&["--by", "Kremlin"]), vec![1, 2]);
    assert_eq!(sorted(&["--by", "kremlin"]), vec![1, 2]);
    assert_eq!(sorted(&["--by", "Fahrettin Altun"]), vec![1]);
    assert_eq!(sorted(&["--by", "altun"]), vec![1]);
    assert_eq!(sorted(&["--by", "Kremlin", "--tag", "ankara"]), vec![1]);
    let by_kremlin = env.list_ids(&["--by", "Kremlin"]);
    assert_eq!(
        env.list_ids(&["--by", "Kremlin", "--limit", "1"]),
        by_kremlin[..1]
    );

    // An unknown source is an error, and is not created.
    let before = env.dump();
    env.expect_err(&["list", "--by", "Nobody Known"], 1);
    assert_eq!(env.dump(), before);

    // --since keeps claims whose last activity is at or after the date.
    let list = env.run_json(&["list"]);
    let day = &list[0]["last_activity"].as_str().unwrap()[..10];
    let next_day = (chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap()
        + chrono::Days::new(1))
    .format("%Y-%m-%d")
    .to_string();
    let all: Vec<i64> = ids(&list);
    assert_eq!(env.list_ids(&["--since", "2000-01-01"]), all);
    assert_eq!(env.list_ids(&["--since", day]), all);
    assert_eq!(env.list_ids(&["--since", &next_day]), Vec::<i64>::new());
    assert_eq!(env.list_ids(&["--since", day, "--tag", "spies"]), vec![3]);
    assert_eq!(
        env.list_ids(&["--since", &next_day, "--tag", "spies"]),
        Vec::<i64>::new()
    );
}

#[test]
fn edit_changes_text_tags_and_date() {
    let env = Env::new();
    env.run_ok(&["add", "first words", "--tag", "keep", "--tag", "drop"]);
    env.run_json(&["edit", "1", "--text", "second words"]);
    let v = env.show(1);
    assert_eq!(v["text"], "second words");
    let mut tags: Vec<String> = v["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect();
    tags.sort();
    assert_eq!(tags, ["drop", "keep"], "tags untouched by --text");
    assert_eq!(v["happened"], Value::Null);

    env.run_json(&[
        "edit", "1", "--untag", "drop", "--tag", "new", "--tag", "keep",
    ]);
    let v = env.show(1);
    let mut tags: Vec<String> = v["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect();
    tags.sort();
    assert_eq!(tags, ["keep", "new"], "no duplicate tag, dropped tag gone");
    assert_eq!(v["text"], "second words", "text untouched by --tag");

    env.run_ok(&["edit", "1", "--happened", "2022-11-14"]);
    assert_eq!(env.show(1)["happened"], "2022-11-14");
    assert_eq!(env.list_ids(&["--tag", "drop"]), Vec::<i64>::new());
    assert_eq!(env.list_ids(&["--tag", "new"]), vec![1]);
    assert_eq!(env.show(1)["text"], "second words");
}

#[test]
fn at_accepts_dates_and_times_and_stores_utc() {
    let env = Env::new();
    let cases = [
        ("2022-11-14", "2022-11-14T00:00:00Z"),
        ("2022-11-14T08:30", "2022-11-14T08:30:00Z"),
        ("2022-11-14T08:30:15", "2022-11-14T08:30:15Z"),
        ("2022-11-14 08:30", "2022-11-14T08:30:00Z"),
        ("2022-11-14 08:30:15", "2022-11-14T08:30:15Z"),
        ("2022-11-14T08:30:15Z", "2022-11-14T08:30:15Z"),
        ("2022-11-14T11:30:15+03:00", "2022-11-14T08:30:15Z"),
        ("2022-11-13T22:30:00-10:00", "2022-11-14T08:30:00Z"),
    ];
    for (n, (input, stored)) in cases.iter().enumerate() {
        let v = env.run_json(&["add", &format!("claim {n}"), "--by", "Clock", "--at", input]);
        assert_eq!(v["statements"][0]["stated_at"], *stored, "--at {input}");
    }
    // Statement verbs take the same formats.
    let v = env.run_json(&[
        "confirm",
        "1",
        "--by",
        "Clock",
        "--at",
        "2022-11-14T12:00:00+01:00",
    ]);
    let show = env.show(1);
    let st = show["statements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|st| st["id"] == v["statement"])
        .unwrap();
    assert_eq!(st["stated_at"], "2022-11-14T11:00:00Z");

    // Without --at, the statement is dated now.
    let v = env.run_json(&["add", "said just now", "--by", "Clock"]);
    let at = v["statements"][0]["stated_at"].as_str().unwrap();
    assert!(is_utc_timestamp(at), "{at}");
    assert!(at.as_bytes()[..4] == today().as_bytes()[..4], "{at}");
}

#[test]
fn happened_is_a_plain_date() {
    let env = Env::new();
    let v = env.run_json(&["add", "dated", "--happened", "2022-11-14"]);
    assert_eq!(v["happened"], "2022-11-14");
    let v = env.run_json(&["add", "undated"]);
    assert_eq!(v["happened"], Value::Null);
}

#[test]
fn statements_are_shown_in_time_order_then_by_number() {
    let env = Env::new();
    env.run_ok(&["add", "a claim"]);
    env.run_ok(&["confirm", "1", "--by", "Late", "--at", "2022-11-16"]);
    env.run_ok(&["deny", "1", "--by", "Early", "--at", "2022-11-14"]);
    env.run_ok(&["ncnd", "1", "--by", "Tie Two", "--at", "2022-11-15T09:00"]);
    env.run_ok(&["ncnd", "1", "--by", "Tie One", "--at", "2022-11-15T09:00"]);
    env.run_ok(&[
        "assert",
        "1",
        "--by",
        "Also Early",
        "--at",
        "2022-11-14T06:00",
    ]);
    let order = statement_fields(&env.show(1), &["id", "source"]);
    assert_eq!(
        order,
        vec![
            json!({"id": 2, "source": "Early"}),
            json!({"id": 5, "source": "Also Early"}),
            json!({"id": 3, "source": "Tie Two"}),
            json!({"id": 4, "source": "Tie One"}),
            json!({"id": 1, "source": "Late"}),
        ]
    );
    // The ncnd summary follows the same order.
    assert_eq!(
        env.show(1)["summary"],
        "confirmed by Late; denied by Early; Tie Two: can neither confirm nor deny; Tie One: can neither confirm nor deny"
    );
}

#[test]
fn global_options_go_before_or_after_the_subcommand() {
    let env = Env::new();
    let other = env.path().join("other.db");
    env.run_ok(&["--db", s(&other), "add", "only in the other database"]);
    env.run_ok(&["add", "in the other database too", "--db", s(&other)]);
    env.run_ok(&["add", "in the default database"]);

    let before: Value = parse_one_json(
        &[],
        &env.run_ok(&["--format", "json", "--db", s(&other), "list"]),
    );
    let after: Value = parse_one_json(
        &[],
        &env.run_ok(&["list", "--db", s(&other), "--format", "json"]),
    );
    assert_eq!(before, after);
    assert_eq!(ids(&before), vec![2, 1]);
    assert_eq!(env.list_ids(&[]), vec![1], "--db beats CLAIMS_DB");

    env.run_ok(&[
        "--actor", "alice", "source", "add", "Somebody", "--format", "json",
    ]);
    env.run_ok(&["source", "add", "Somebody Else", "--actor", "bob"]);
    let actors: Vec<String> = env
        .events()
        .iter()
        .take(2)
        .map(|e| e["actor"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(actors, ["bob", "alice"]);
}

#[test]
fn default_database_lives_under_xdg_data_home() {
    let env = Env::new();
    let out = env
        .cmd()
        .env_remove("CLAIMS_DB")
        .args(["add", "kept in the default place"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", describe(&[], &out));
    let default = env.path().join("xdg").join("claims").join("claims.db");
    assert!(default.is_file(), "{} should exist", default.display());
    assert!(!env.db().exists(), "CLAIMS_DB was unset");
    let list = env.run_json(&["--db", s(&default), "list"]);
    assert_eq!(list[0]["text"], "kept in the default place");
}

#[test]
fn concurrent_writers_on_a_new_database_all_succeed() {
    let env = Env::new();
    let children: Vec<_> = (0..6)
        .map(|n| {
            env.std_cmd()
                .args([
                    "add",
                    &format!("claim from writer {n}"),
                    "--by",
                    &format!("Writer {n}"),
                ])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut found = env.list_ids(&[]);
    found.sort();
    assert_eq!(found, vec![1, 2, 3, 4, 5, 6]);
    assert_eq!(
        env.event_counts(),
        counts(&[
            ("claim.added", 6),
            ("source.added", 6),
            ("statement.added", 6)
        ])
    );
}

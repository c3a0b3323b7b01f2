//! Issue 15, item 7: the filters and orders people ask `list` for (`--via`, `--sort`, `--since`
//! as activity, `--stated-since` as time said), `search` saying when it cut its results and
//! keeping two quotes apart, and counts that agree with their nouns.

mod common;

use std::time::Duration;

use common::*;
use serde_json::Value;

/// A small harbour story with known answers; returns a time (RFC 3339, UTC) after every
/// command but the last, so that `--since` it holds claim 1 alone.
///
/// | # | claim             | happened   | statements (said)                                  |
/// |---|-------------------|------------|----------------------------------------------------|
/// | 1 | Ferry left dock 4 | 2024-05-01 | confirm, via Evening Post (05-02); ncnd (04-20), logged last |
/// | 2 | Crane collapsed   | 2024-05-03 | deny via Reuters (05-04), confirm (05-05): contested |
/// | 3 | Strike called     | none       | deny (04-01): denied                               |
/// | 4 | Tanker delayed    | 2024-05-01 | none: unverified, grade 6                          |
/// | 5 | Pilot boat sank   | none       | anonymous assertion via Reuters (05-06)            |
///
/// Every claim is logged in turn, so that activity and creation follow the numbers, except
/// that claim 1 is touched last, a second later.
fn harbour(env: &Env) -> String {
    env.run_ok(&["add", "Ferry left dock 4", "--happened", "2024-05-01"]);
    env.run_ok(&[
        "confirm",
        "1",
        "--by",
        "Harbour master",
        "--via",
        "Evening Post",
        "--at",
        "2024-05-02",
    ]);
    env.run_ok(&["add", "Crane collapsed", "--happened", "2024-05-03"]);
    env.run_ok(&[
        "deny",
        "2",
        "--by",
        "Port authority",
        "--via",
        "Reuters",
        "--at",
        "2024-05-04",
    ]);
    env.run_ok(&["confirm", "2", "--by", "Dock worker", "--at", "2024-05-05"]);
    env.run_ok(&["add", "Strike called"]);
    env.run_ok(&["deny", "3", "--by", "Union", "--at", "2024-04-01"]);
    env.run_ok(&["add", "Tanker delayed", "--happened", "2024-05-01"]);
    env.run_ok(&[
        "add",
        "Pilot boat sank",
        "--by",
        "unnamed",
        "--anonymous",
        "--via",
        "Reuters",
        "--at",
        "2024-05-06",
    ]);
    // Times are kept to the second: wait for the next whole one, so that every activity so far
    // is before it.
    let now = chrono::Utc::now();
    let next =
        now + chrono::Duration::milliseconds(1000 - i64::from(now.timestamp_subsec_millis()));
    std::thread::sleep(Duration::from_millis(
        u64::try_from((next - now).num_milliseconds()).unwrap_or(1000) + 20,
    ));
    let since = next.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    // Logged now, said long ago: activity now, for --since; an old time said, for
    // --stated-since.
    env.run_ok(&["ncnd", "1", "--by", "Kremlin", "--at", "2024-04-20"]);
    since
}

#[test]
fn each_sort_order_gives_its_known_answer_ties_included() {
    let env = Env::new();
    harbour(&env);
    // Activity: claim 1 was touched last; the others in the order they were logged.
    assert_eq!(env.list_ids(&[]), [1, 5, 4, 3, 2]);
    assert_eq!(env.list_ids(&["--sort", "activity"]), [1, 5, 4, 3, 2]);
    // Created: newest first, whatever happened since.
    assert_eq!(env.list_ids(&["--sort", "created"]), [5, 4, 3, 2, 1]);
    // Happened: latest first; 1 and 4 share 2024-05-01 (1 is the more recently active);
    // the undated 5 and 3 come last, by activity.
    assert_eq!(env.list_ids(&["--sort", "happened"]), [2, 1, 4, 5, 3]);
    // Status: contested, denied, confirmed, then the two unverified by activity.
    assert_eq!(env.list_ids(&["--sort", "status"]), [2, 3, 1, 5, 4]);
    // Grade: 3 (claims 1 and 5, by activity), 4 (3 and 2), 6 (4, nothing said).
    assert_eq!(env.list_ids(&["--sort", "grade"]), [1, 5, 3, 2, 4]);
    let grades: Vec<i64> = env
        .run_json(&["list", "--sort", "grade"])
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["credibility"].as_i64().unwrap())
        .collect();
    assert_eq!(grades, [3, 3, 4, 4, 6]);
    // The name is case-blind, like a status.
    assert_eq!(env.list_ids(&["--sort", "Status"]), [2, 3, 1, 5, 4]);
}

#[test]
fn sorting_takes_the_first_of_its_own_order_under_limit_and_other_filters() {
    let env = Env::new();
    harbour(&env);
    assert_eq!(env.list_ids(&["--sort", "status", "--limit", "2"]), [2, 3]);
    assert_eq!(
        env.list_ids(&["--sort", "status", "--limit", "4"]),
        [2, 3, 1, 5]
    );
    assert_eq!(
        env.list_ids(&["--sort", "happened", "--limit", "3"]),
        [2, 1, 4]
    );
    assert_eq!(env.list_ids(&["--sort", "created", "--limit", "1"]), [5]);
    assert_eq!(
        env.list_ids(&["--sort", "grade", "--limit", "3"]),
        [1, 5, 3]
    );
    assert_eq!(
        env.list_ids(&[
            "--sort",
            "status",
            "--status",
            "unverified",
            "--status",
            "contested"
        ]),
        [2, 5, 4]
    );
    assert_eq!(
        env.list_ids(&["--sort", "grade", "--credibility", "4-6"]),
        [3, 2, 4]
    );
}

#[test]
fn status_and_grade_orders_with_as_of_use_the_status_and_grade_of_then() {
    let env = Env::new();
    harbour(&env);
    // On the 4th at noon claim 2 was only denied (the confirmation came on the 5th); claims 4
    // and 5 did not exist yet.
    let then = "2024-05-04T12:00:00Z";
    let listed = env.run_json(&["list", "--sort", "status", "--as-of", then]);
    let got: Vec<(i64, &str)> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_i64().unwrap(), c["status"].as_str().unwrap()))
        .collect();
    assert_eq!(got, [(3, "denied"), (2, "denied"), (1, "confirmed")]);
    assert_eq!(
        env.list_ids(&["--sort", "status", "--as-of", then, "--limit", "1"]),
        [3]
    );
    let graded = env.run_json(&["list", "--sort", "grade", "--as-of", then]);
    let grades: Vec<i64> = graded
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["credibility"].as_i64().unwrap())
        .collect();
    assert_eq!(grades.len(), 3);
    assert!(grades.windows(2).all(|w| w[0] <= w[1]), "{grades:?}");
}

#[test]
fn an_unknown_order_is_a_usage_error() {
    let env = Env::new();
    harbour(&env);
    let line = env.expect_err(&["list", "--sort", "newest"], 2);
    assert!(
        line.contains("newest") && line.contains("activity, created, happened, status, grade"),
        "{line}"
    );
}

#[test]
fn via_keeps_the_claims_with_a_statement_through_that_outlet() {
    let env = Env::new();
    harbour(&env);
    assert_eq!(env.list_ids(&["--via", "Reuters"]), [5, 2]);
    // Named as --by names: case aside, the start of a word, the number.
    assert_eq!(env.list_ids(&["--via", "reuters"]), [5, 2]);
    assert_eq!(env.list_ids(&["--via", "Evening"]), [1]);
    let reuters = env
        .run_json(&["sources"])
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Reuters")
        .map(|s| s["id"].as_i64().unwrap())
        .unwrap();
    assert_eq!(env.list_ids(&["--via", &format!("#{reuters}")]), [5, 2]);
    // A speaker is not an outlet: nothing came through the harbour master.
    assert_eq!(
        env.list_ids(&["--via", "Harbour master"]),
        Vec::<i64>::new()
    );
    // With other filters and orders.
    assert_eq!(
        env.list_ids(&["--via", "Reuters", "--sort", "created"]),
        [5, 2]
    );
    assert_eq!(
        env.list_ids(&["--via", "Reuters", "--status", "contested"]),
        [2]
    );
    // As it stood on the 5th: the assertion via Reuters on the 6th was not yet made.
    assert_eq!(
        env.list_ids(&["--via", "Reuters", "--as-of", "2024-05-05T12:00:00Z"]),
        [2]
    );
}

#[test]
fn via_with_an_unknown_outlet_is_an_error_naming_it_as_by_is() {
    let env = Env::new();
    harbour(&env);
    let before = env.dump();
    let (by_code, by_line) = env.run_err(&["list", "--by", "Daily Planet"]);
    let (via_code, via_line) = env.run_err(&["list", "--via", "Daily Planet"]);
    assert_eq!(via_code, by_code);
    assert_eq!(via_line, by_line);
    assert!(via_line.contains("'Daily Planet'"), "{via_line}");
    // Looking an outlet up creates nothing.
    assert_eq!(env.dump(), before);
}

#[test]
fn since_is_activity_and_stated_since_is_the_time_said() {
    let env = Env::new();
    let since = harbour(&env);
    // Claim 1's last statement was logged after `since`, though said in April.
    assert_eq!(env.list_ids(&["--since", &since]), [1]);
    // Everything was active today; nothing since the far future.
    assert_eq!(env.list_ids(&["--since", "2024-01-01"]), [1, 5, 4, 3, 2]);
    assert_eq!(env.list_ids(&["--since", "2999-01-01"]), Vec::<i64>::new());
    // Said on or after the 5th: claim 2's confirmation (the 5th itself: at or after), claim
    // 5's assertion; not claim 1, whose newest statement was said in April.
    assert_eq!(env.list_ids(&["--stated-since", "2024-05-05"]), [5, 2]);
    assert_eq!(
        env.list_ids(&["--stated-since", "2024-05-05T00:00:01Z"]),
        [5]
    );
    // Claim 4 has no statement at all: never kept.
    assert_eq!(
        env.list_ids(&["--stated-since", "2000-01-01"]),
        [1, 5, 3, 2]
    );
    // Both: active since `since` and said since April (the Kremlin's ncnd on 1).
    assert_eq!(
        env.list_ids(&["--since", &since, "--stated-since", "2024-04-15"]),
        [1]
    );
    // With --as-of, statements said after then do not count.
    assert_eq!(
        env.list_ids(&[
            "--stated-since",
            "2024-05-05",
            "--as-of",
            "2024-05-05T12:00:00Z"
        ]),
        [2]
    );
    let line = env.expect_err(&["list", "--stated-since", "last tuesday week"], 1);
    assert!(line.contains("last tuesday week"), "{line}");
}

#[test]
fn the_help_says_what_since_and_stated_since_mean() {
    let env = Env::new();
    let help = env.run_ok(&["list", "--help"]);
    let flat = help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("--since <WHEN>"), "{help}");
    assert!(
        flat.contains("Only claims with activity at or after"),
        "{help}"
    );
    assert!(flat.contains("--stated-since <WHEN>"), "{help}");
    assert!(flat.contains("with a statement said"), "{help}");
    assert!(flat.contains("--via <OUTLET>"), "{help}");
    assert!(
        flat.contains("activity") && flat.contains("created") && flat.contains("happened"),
        "{help}"
    );
}

#[test]
fn the_json_of_a_sorted_list_is_the_json_of_list() {
    let env = Env::new();
    harbour(&env);
    let plain = env.run_json(&["list"]);
    let sorted = env.run_json(&["list", "--sort", "happened", "--via", "Reuters"]);
    let keys = |v: &Value| {
        v.as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<Vec<String>>()
    };
    let by_id = |list: &Value, id: i64| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .cloned()
            .unwrap()
    };
    for id in [2, 5] {
        assert_eq!(keys(&by_id(&sorted, id)), keys(&by_id(&plain, id)));
        assert_eq!(by_id(&sorted, id), by_id(&plain, id));
    }
    assert!(
        by_id(&plain, 2)["last_activity"]
            .as_str()
            .unwrap()
            .ends_with('Z')
    );
}

/// Three claims whose quotes say "harbour".
fn three_harbour_claims(env: &Env) {
    for (n, quote) in [
        "the harbour was closed",
        "the harbour reopened",
        "a harbour pilot spoke",
    ]
    .iter()
    .enumerate()
    {
        env.run_ok(&[
            "add",
            &format!("Port news number {}", n + 1),
            "--by",
            "Someone",
            "--quote",
            quote,
        ]);
    }
}

#[test]
fn search_says_when_it_cut_its_results_at_limit() {
    let env = Env::new();
    three_harbour_claims(&env);
    let (out, err) = env.run_ok_full(&["search", "harbour", "--limit", "2"]);
    assert_eq!(
        err,
        "note: 2 of 3 matching claims shown; --limit N shows more\n"
    );
    assert_eq!(out.matches("Port news number").count(), 2, "{out}");
    // JSON: the same note on stderr, one document on stdout.
    let (hits, err) = env.run_json_full(&["search", "harbour", "--limit", "1"]);
    assert_eq!(hits.as_array().unwrap().len(), 1);
    assert_eq!(
        err,
        "note: 1 of 3 matching claims shown; --limit N shows more\n"
    );
    // Not cut: no note.
    for args in [
        &["search", "harbour", "--limit", "3"][..],
        &["search", "harbour"][..],
        &["search", "reopened"][..],
        &["search", "nothingmatches"][..],
    ] {
        let (_, err) = env.run_ok_full(args);
        assert_eq!(err, "", "{args:?}");
    }
}

#[test]
fn a_passage_keeps_two_quotes_apart() {
    let env = Env::new();
    env.run_ok(&[
        "add",
        "Dock 4 emptied overnight",
        "--by",
        "A",
        "--quote",
        "the ferry left early",
    ]);
    env.run_ok(&[
        "confirm",
        "1",
        "--by",
        "B",
        "--quote",
        "nobody saw the ferry",
    ]);
    let out = env.run_ok(&["search", "ferry"]);
    assert!(
        out.contains("the [ferry] left early … nobody saw the [ferry]"),
        "{out}"
    );
    let hits = env.run_json(&["search", "ferry"]);
    assert_eq!(
        hits[0]["match"],
        "the [ferry] left early … nobody saw the [ferry]"
    );
    // Two notes are two pieces as well.
    env.run_ok(&["add", "Crane 2 idle", "--note", "crane idle since noon"]);
    env.run_ok(&[
        "assert",
        "2",
        "--by",
        "C",
        "--note",
        "the crane operator left",
    ]);
    let hits = env.run_json(&["search", "crane", "operator"]);
    let passage = hits[0]["match"].as_str().unwrap();
    assert!(passage.contains("since noon … the [crane]"), "{passage}");
}

#[test]
fn counts_agree_with_their_nouns() {
    let env = Env::new();
    let report = env.path().join("report.txt");
    std::fs::write(
        &report,
        "\"The ferry left at dawn,\" the harbour master said on Monday.\n",
    )
    .unwrap();
    let report = report.to_str().unwrap();
    let out = env.run_ok(&["ingest", report]);
    assert!(out.contains("\n1 statement found;"), "{out}");
    let out = env.run_ok(&["ingest", report, "--apply"]);
    assert!(
        out.starts_with("logged 1 statement and 1 new claim "),
        "{out}"
    );

    let other = Env::new();
    other.run_ok(&["source", "add", "Someone"]);
    let out = other.run_ok(&["rebuild", "--check"]);
    assert_eq!(
        out,
        "rebuild matches the stored tables (1 event replayed)\n"
    );
    let out = other.run_ok(&["undo"]);
    assert!(out.contains(" (1 change):"), "{out}");
    let log = other.run_ok(&["log"]);
    assert!(log.contains("(1 change)"), "{log}");
    other.run_ok(&["add", "A claim", "--by", "Someone"]);
    other.run_ok(&["add", "Another claim"]);
    let out = other.run_ok(&["rebuild", "--check"]);
    assert!(out.contains(" events replayed)"), "{out}");

    // Plural stays plural.
    let out = other.run_ok(&["ingest", report]);
    assert!(out.contains("\n1 statement found;"), "{out}");
    let dossier = other.run_ok(&["export", "--format", "markdown"]);
    assert!(dossier.contains("\n2 claims, exported"), "{dossier}");
    let one = Env::new();
    one.run_ok(&["add", "Only claim"]);
    let dossier = one.run_ok(&["export", "--format", "markdown"]);
    assert!(dossier.contains("\n1 claim, exported"), "{dossier}");
}

//! Issue 15, item 4: times are typed and shown in the local zone (`TZ`), named in the table
//! headers; `--utc` shows UTC; JSON stays RFC 3339 in UTC. Every test pins its `TZ`.

mod common;

use chrono::{Datelike, Duration, NaiveDate, Utc};
use common::*;
use serde_json::Value;

const BERLIN: &str = "Europe/Berlin";

/// Runs `claims` with `TZ` set to `zone`; it must succeed. Returns stdout.
fn ok_in(env: &Env, zone: &str, args: &[&str]) -> String {
    let out = env.cmd().env("TZ", zone).args(args).output().unwrap();
    assert!(out.status.success(), "{}", describe(args, &out));
    String::from_utf8(out.stdout).unwrap()
}

/// Runs `claims --format json` with `TZ` set to `zone`; one JSON document.
fn json_in(env: &Env, zone: &str, args: &[&str]) -> Value {
    let mut full = args.to_vec();
    full.extend(["--format", "json"]);
    parse_one_json(&full, &ok_in(env, zone, &full))
}

/// Runs `claims` with `TZ` set to `zone`; it must fail cleanly. Returns the stderr line.
fn err_in(env: &Env, zone: &str, args: &[&str]) -> String {
    let out = env.cmd().env("TZ", zone).args(args).output().unwrap();
    match error_shape(&out) {
        Ok((code, line)) if code != 0 => line,
        other => panic!("{other:?}\n{}", describe(args, &out)),
    }
}

fn stated_at(show: &Value) -> Vec<String> {
    statement_fields(show, &["stated_at"])
        .iter()
        .map(|s| s["stated_at"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_time_typed_in_berlin_is_stored_in_utc_and_shown_in_berlin() {
    let env = Env::new();
    // Winter (CET, +01:00) and summer (CEST, +02:00): the offset of the date typed, not today's.
    ok_in(
        &env,
        BERLIN,
        &[
            "add",
            "Talks were held",
            "--by",
            "Altun",
            "--at",
            "2024-01-10 14:00",
        ],
    );
    ok_in(
        &env,
        BERLIN,
        &["confirm", "1", "--by", "Peskov", "--at", "2024-07-10T14:00"],
    );
    assert_eq!(
        stated_at(&json_in(&env, BERLIN, &["show", "1"])),
        ["2024-01-10T13:00:00Z", "2024-07-10T12:00:00Z"],
        "JSON stays RFC 3339 in UTC"
    );

    let table = ok_in(&env, BERLIN, &["show", "1"]);
    assert!(table.contains("when (Europe/Berlin)"), "{table}");
    assert!(table.contains("2024-01-10 14:00"), "{table}");
    assert!(table.contains("2024-07-10 14:00"), "{table}");

    let utc = ok_in(&env, BERLIN, &["show", "1", "--utc"]);
    assert!(utc.contains("when (UTC)"), "{utc}");
    assert!(utc.contains("2024-01-10 13:00"), "{utc}");
    assert!(utc.contains("2024-07-10 12:00"), "{utc}");
    assert!(!utc.contains("14:00"), "{utc}");

    // `--utc` is global, and the other time columns name their zone too.
    let list = ok_in(&env, BERLIN, &["--utc", "list"]);
    assert!(list.contains("last activity (UTC)"), "{list}");
    let log = ok_in(&env, BERLIN, &["log"]);
    assert!(log.contains("when (Europe/Berlin)"), "{log}");
    // Another zone, the same moments.
    let tokyo = ok_in(&env, "Asia/Tokyo", &["show", "1"]);
    assert!(tokyo.contains("when (Asia/Tokyo)"), "{tokyo}");
    assert!(tokyo.contains("2024-01-10 22:00"), "{tokyo}");
}

#[test]
fn offsets_are_kept_and_may_leave_out_the_seconds() {
    let env = Env::new();
    ok_in(
        &env,
        BERLIN,
        &["add", "A", "--by", "X", "--at", "2023-03-07T23:00+01:00"],
    );
    ok_in(
        &env,
        BERLIN,
        &["assert", "1", "--by", "Y", "--at", "2023-03-07T23:00-05:00"],
    );
    ok_in(
        &env,
        BERLIN,
        &["assert", "1", "--by", "Z", "--at", "2023-03-07T23:00:00Z"],
    );
    assert_eq!(
        stated_at(&json_in(&env, "UTC", &["show", "1"])),
        [
            "2023-03-07T22:00:00Z",
            "2023-03-07T23:00:00Z",
            "2023-03-08T04:00:00Z"
        ]
    );
}

#[test]
fn a_day_typed_alone_is_its_local_midnight_and_reads_as_a_date() {
    let env = Env::new();
    ok_in(
        &env,
        BERLIN,
        &["add", "A", "--by", "X", "--at", "2024-05-02"],
    );
    ok_in(
        &env,
        BERLIN,
        &["add", "B", "--by", "X", "--at", "2024-05-02 23:30"],
    );
    ok_in(
        &env,
        BERLIN,
        &["add", "C", "--by", "X", "--at", "2024-05-03 00:30"],
    );
    assert_eq!(
        stated_at(&json_in(&env, BERLIN, &["show", "1"])),
        ["2024-05-01T22:00:00Z"]
    );
    let table = ok_in(&env, BERLIN, &["show", "1"]);
    assert!(
        table.contains("│ 1 ┆ 2024-05-02 "),
        "a day reads as a day: {table}"
    );
    let utc = ok_in(&env, BERLIN, &["show", "1", "--utc"]);
    assert!(utc.contains("2024-05-01 22:00"), "{utc}");

    // --as-of a day: the end of that local day; --since a day: its start.
    let as_of = |day: &str| -> Vec<i64> {
        let list = json_in(&env, BERLIN, &["list", "--as-of", day]);
        let mut ids = ids(&list);
        ids.sort();
        ids
    };
    assert_eq!(as_of("2024-05-02"), [1, 2]);
    assert_eq!(as_of("2024-05-01"), Vec::<i64>::new());
    assert_eq!(as_of("2024-05-03 00:29"), [1, 2]);
    // In UTC the 2nd ends at 02:00 Berlin time, after claim 3's statement.
    let utc_day = json_in(&env, "UTC", &["list", "--as-of", "2024-05-02"]);
    assert_eq!(ids(&utc_day).len(), 3);
}

#[test]
fn words_and_times_ago_are_dates_too() {
    let env = Env::new();
    let now = Utc::now();
    ok_in(
        &env,
        "UTC",
        &[
            "add",
            "A",
            "--by",
            "X",
            "--at",
            "yesterday",
            "--happened",
            "3d",
        ],
    );
    ok_in(&env, "UTC", &["assert", "1", "--by", "Y", "--at", "2h ago"]);
    ok_in(&env, "UTC", &["assert", "1", "--by", "Z", "--at", "monday"]);
    ok_in(&env, "UTC", &["assert", "1", "--by", "W", "--at", "now"]);
    ok_in(&env, "UTC", &["assert", "1", "--by", "V", "--at", "90m"]);
    let show = json_in(&env, "UTC", &["show", "1"]);
    let mut at = stated_at(&show);
    at.sort();

    let today = now.date_naive();
    let yesterday = format!("{}T00:00:00Z", today - Duration::days(1));
    let back = today.weekday().num_days_from_monday();
    let monday = format!("{}T00:00:00Z", today - Duration::days(back.into()));
    let within = |stored: &str, expected: chrono::DateTime<Utc>| {
        let stored = chrono::DateTime::parse_from_rfc3339(stored).unwrap();
        (stored.with_timezone(&Utc) - expected).num_seconds().abs() <= 120
    };
    assert!(at.contains(&yesterday), "{at:?}");
    assert!(
        at.contains(&monday),
        "the most recent Monday, today included: {at:?}"
    );
    assert!(
        at.iter().any(|t| within(t, now - Duration::hours(2))),
        "{at:?}"
    );
    assert!(
        at.iter().any(|t| within(t, now - Duration::minutes(90))),
        "{at:?}"
    );
    assert!(at.iter().any(|t| within(t, now)), "{at:?}");
    let happened: NaiveDate = show["happened"].as_str().unwrap().parse().unwrap();
    assert_eq!(happened, today - Duration::days(3));

    // --since and --as-of take them too.
    assert_eq!(
        ids(&json_in(&env, "UTC", &["list", "--since", "today"])),
        [1]
    );
    assert_eq!(ids(&json_in(&env, "UTC", &["list", "--since", "1h"])), [1]);
    assert!(ids(&json_in(&env, "UTC", &["list", "--as-of", "8d ago"])).is_empty());
    assert_eq!(
        ids(&json_in(&env, "UTC", &["list", "--as-of", "yesterday"])),
        [1]
    );
    // As of yesterday: what was said by its end. "2h ago" and "90m" are yesterday too when the
    // test runs in the first hours of a day, and Monday is when today is Monday.
    let end_of_yesterday = (today - Duration::days(1))
        .and_hms_opt(23, 59, 59)
        .unwrap()
        .and_utc();
    let said_by_then = at
        .iter()
        .filter(|t| chrono::DateTime::parse_from_rfc3339(t).unwrap() <= end_of_yesterday)
        .count();
    assert!(said_by_then > usize::from(monday <= yesterday));
    let as_of = json_in(&env, "UTC", &["show", "1", "--as-of", "yesterday"]);
    assert_eq!(stated_at(&as_of).len(), said_by_then);
}

#[test]
fn a_word_that_is_no_date_is_refused_and_changes_nothing() {
    let env = Env::new();
    ok_in(&env, BERLIN, &["add", "A", "--by", "X"]);
    let before = env.dump();
    for (args, word) in [
        (
            vec!["assert", "1", "--by", "Y", "--at", "tomorrow"],
            "tomorrow",
        ),
        (
            vec!["assert", "1", "--by", "Y", "--at", "3 fortnights"],
            "3 fortnights",
        ),
        (vec!["edit", "1", "--happened=-3d"], "-3d"),
        (vec!["list", "--since", "someday"], "someday"),
        (vec!["show", "1", "--as-of", "2024-02-30"], "2024-02-30"),
    ] {
        let line = err_in(&env, BERLIN, &args);
        assert!(line.contains(&format!("invalid date '{word}'")), "{line}");
        assert!(
            line.contains("yesterday") && line.contains("2h ago"),
            "{line}"
        );
    }
    assert_eq!(env.dump(), before);
}

#[test]
fn a_local_time_a_clock_change_skips_is_refused() {
    let env = Env::new();
    ok_in(&env, BERLIN, &["add", "A", "--by", "X"]);
    // Berlin's clocks went from 02:00 to 03:00 on 31 March 2024.
    let line = err_in(
        &env,
        BERLIN,
        &["assert", "1", "--by", "Y", "--at", "2024-03-31 02:30"],
    );
    assert!(line.contains("invalid date '2024-03-31 02:30'"), "{line}");
    ok_in(
        &env,
        "UTC",
        &["assert", "1", "--by", "Y", "--at", "2024-03-31 02:30"],
    );
}

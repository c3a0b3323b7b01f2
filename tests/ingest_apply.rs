//! `claims ingest --apply` through the binary: every statement on the claim it answers (a
//! denial of a side claim leaves the main claim alone; a lone "declined to comment" lands on
//! the claim of the paragraph it answers), the dateline's date and "on Monday" as the default
//! date (and --at over both), a report ingested twice logged once, an apply that logs nothing
//! writing no command, and the review re-asking a mistyped answer and moving a statement.
//! The reports are invented for these tests, in the project's own words.

mod common;

use std::path::PathBuf;

use chrono::{Datelike, Days, NaiveDate, Utc, Weekday};
use common::*;
use serde_json::{Value, json};

/// The lead, a lone refusal after it, then a side story its subject denies.
const SIDE_DENIAL: &str = "\
Fenwick tram fares to rise by a third, paper says

FENWICK, March 8 (Wire) - The Fenwick Courier reported on Monday that the city's tram company would raise fares by a third in May.

The tram company declined to comment.

The Courier also reported that the company's chief executive, Ivo Brandt, had resigned. Brandt denied that he had resigned.
";

/// The same story with the refusal after the side story: it answers that instead.
const LATE_REFUSAL: &str = "\
Fenwick tram fares to rise by a third, paper says

FENWICK, March 8 (Wire) - The Fenwick Courier reported on Monday that the city's tram company would raise fares by a third in May.

The Courier also reported that the company's chief executive, Ivo Brandt, had resigned. Brandt denied that he had resigned.

The tram company declined to comment.
";

fn write(env: &Env, name: &str, text: &str) -> PathBuf {
    let path = env.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn stances(show: &Value) -> Vec<String> {
    show["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["stance"].as_str().unwrap().to_string())
        .collect()
}

/// The claim (by number) each statement of `ingest --apply --format json` went to, by stance.
fn claims_by_stance(logged: &Value) -> Vec<(String, i64)> {
    logged["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["stance"].as_str().unwrap().to_string(),
                s["claim"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_denial_of_a_side_claim_leaves_the_main_claim_alone() {
    let env = Env::new();
    let report = write(&env, "side.txt", SIDE_DENIAL);
    let report = s(&report);
    // The preview says where each goes before anything is written.
    let preview = env.run_json(&["ingest", report]);
    let refs: Vec<(String, Value)> = preview["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["stance"].as_str().unwrap().to_string(),
                p["claim_ref"].clone(),
            )
        })
        .collect();
    let lead = refs
        .iter()
        .find(|(stance, _)| stance == "asserts")
        .unwrap()
        .1
        .clone();
    assert_eq!(lead, json!({"new": 0}), "{preview:#}");
    for (stance, goes) in &refs {
        match stance.as_str() {
            "declines" => assert_eq!(goes, &lead, "the refusal answers the lead"),
            "denies" => assert_ne!(goes, &lead, "the denial answers the side story"),
            _ => {}
        }
    }
    // The table says it too: the lead makes a new claim, the refusal joins it.
    let table = env.run_ok(&["ingest", report]);
    assert!(table.contains("goes to"), "{table}");
    let cell = |stance: &str, want: &str| {
        table
            .lines()
            .find(|l| l.contains(stance))
            .is_some_and(|row| row.split('\u{2506}').any(|c| c.trim() == want))
    };
    assert!(
        cell("asserts", "new") && cell("declines", "as 1"),
        "{table}"
    );
    assert_eq!(env.dump(), "<no database file>");

    let logged = env.run_json(&["ingest", report, "--apply"]);
    let went = claims_by_stance(&logged);
    let main = env.show(1);
    assert_eq!(stances(&main), ["asserts", "declines"], "{main:#}");
    assert_eq!(main["status"], "unverified", "a refusal changes nothing");
    let (_, side) = went.iter().find(|(stance, _)| stance == "denies").unwrap();
    assert_ne!(*side, 1);
    let side = env.show(*side);
    assert_eq!(side["status"], "denied", "{side:#}");
    assert!(
        side["text"].as_str().unwrap().contains("resigned"),
        "{side:#}"
    );
}

#[test]
fn a_lone_refusal_lands_on_the_claim_of_the_paragraph_it_answers() {
    let env = Env::new();
    let report = write(&env, "late.txt", LATE_REFUSAL);
    let logged = env.run_json(&["ingest", s(&report), "--apply"]);
    let went = claims_by_stance(&logged);
    let claim_of = |stance: &str| went.iter().find(|(s, _)| s == stance).unwrap().1;
    assert_eq!(claim_of("asserts"), 1);
    assert_ne!(claim_of("denies"), 1);
    assert_eq!(
        claim_of("declines"),
        claim_of("denies"),
        "the refusal follows the side story: {logged:#}"
    );
    assert_eq!(stances(&env.show(1)), ["asserts"]);
}

#[test]
fn a_named_claim_takes_the_lead_but_not_a_denial_of_something_else() {
    let env = Env::new();
    env.run_ok(&["add", "Fenwick trams will cost a third more from May"]);
    let report = write(&env, "side.txt", SIDE_DENIAL);
    let logged = env.run_json(&["ingest", s(&report), "--apply", "--claim", "1"]);
    let went = claims_by_stance(&logged);
    let claim_of = |stance: &str| went.iter().find(|(s, _)| s == stance).unwrap().1;
    assert_eq!(claim_of("asserts"), 1);
    assert_eq!(claim_of("declines"), 1);
    assert_eq!(claim_of("denies"), 2, "{logged:#}");
    assert_eq!(logged["claims"], json!([2]));
    assert_eq!(env.show(1)["status"], "unverified");
}

/// The dateline's date without a year: the latest 8 March not after today (a day's grace).
fn eighth_of_march() -> NaiveDate {
    let limit = Utc::now().date_naive() + Days::new(1);
    let this_year = NaiveDate::from_ymd_opt(limit.year(), 3, 8).unwrap();
    if this_year <= limit {
        this_year
    } else {
        NaiveDate::from_ymd_opt(limit.year() - 1, 3, 8).unwrap()
    }
}

fn day(date: NaiveDate) -> String {
    format!("{}T00:00:00Z", date.format("%Y-%m-%d"))
}

#[test]
fn the_dateline_dates_the_statements_and_on_monday_counts_back_from_it() {
    let env = Env::new();
    let report = write(&env, "side.txt", SIDE_DENIAL);
    let dateline = eighth_of_march();
    let mut monday = dateline;
    while monday.weekday() != Weekday::Mon {
        monday = monday.pred_opt().unwrap();
    }
    let preview = env.run_json(&["ingest", s(&report)]);
    let dated: Vec<(String, Value)> = preview["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["stance"].as_str().unwrap().to_string(),
                p["stated_at"].clone(),
            )
        })
        .collect();
    for (stance, at) in &dated {
        let want = if stance == "asserts" {
            monday
        } else {
            dateline
        };
        assert_eq!(at, &json!(day(want)), "{stance}: {preview:#}");
    }
    env.run_json(&["ingest", s(&report), "--apply"]);
    let main = env.show(1);
    let at: Vec<&str> = main["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["stated_at"].as_str().unwrap())
        .collect();
    assert_eq!(at, [day(monday), day(dateline)], "{main:#}");
    // The claim's text carries no dateline.
    assert!(
        !main["text"].as_str().unwrap().contains("FENWICK"),
        "{main:#}"
    );
}

#[test]
fn a_claim_never_starts_with_the_dateline() {
    let env = Env::new();
    let report = write(
        &env,
        "lead.txt",
        "FENWICK, March 8 (Wire) - Tram fares will rise by a third in May, the tram company \
         said on Friday.\n",
    );
    env.run_json(&["ingest", s(&report), "--apply"]);
    let text = env.show(1)["text"].as_str().unwrap().to_string();
    assert!(text.starts_with("Tram fares will rise"), "{text}");
    // Ingested again, it is found on that claim however the extraction words it.
    let again = env.run_json(&["ingest", s(&report), "--apply"]);
    assert_eq!(again["statements"], json!([]), "{again:#}");
}

#[test]
fn a_dateline_with_its_year_and_at_over_everything() {
    let env = Env::new();
    let report = write(
        &env,
        "dated.txt",
        "ORRICK, Feb 3, 2024 (Wire) - The Orrick Ledger reported on Thursday that the \
         town's only bakery would close.\n\nThe bakery's owner declined to comment.\n",
    );
    let preview = env.run_json(&["ingest", s(&report)]);
    let at: Vec<&Value> = preview["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["stated_at"])
        .collect();
    // 3 February 2024 was a Saturday: "on Thursday" is the 1st.
    assert_eq!(
        at,
        [
            &json!("2024-02-01T00:00:00Z"),
            &json!("2024-02-03T00:00:00Z")
        ]
    );
    env.run_json(&["ingest", s(&report), "--apply", "--at", "2023-12-30 14:00"]);
    let at: Vec<Value> = statement_fields(&env.show(1), &["stated_at"]);
    assert_eq!(
        at,
        [
            json!({"stated_at": "2023-12-30T14:00:00Z"}),
            json!({"stated_at": "2023-12-30T14:00:00Z"})
        ]
    );
    // A report without a dateline is dated when it is logged.
    let plain = write(
        &env,
        "plain.txt",
        "The Orrick Ledger reported that the town's only mill had been sold.\n",
    );
    let preview = env.run_json(&["ingest", s(&plain)]);
    assert!(
        preview["statements"][0]["stated_at"].is_null(),
        "{preview:#}"
    );
    let logged = env.run_json(&["ingest", s(&plain), "--apply"]);
    let claim = logged["statements"][0]["claim"].as_i64().unwrap();
    let at = env.show(claim)["statements"][0]["stated_at"].clone();
    assert!(at.as_str().unwrap().starts_with(&today()), "{at}");
    // A date that is no date is refused before anything is read or written.
    let before = env.dump();
    let line = env.expect_err(&["ingest", s(&plain), "--apply", "--at", "the ides"], 1);
    assert!(line.contains("the ides"), "{line}");
    assert_eq!(env.dump(), before);
}

#[test]
fn a_report_ingested_twice_is_logged_once_with_a_warning() {
    let env = Env::new();
    let report = write(&env, "side.txt", SIDE_DENIAL);
    let report = s(&report);
    let first = env.run_json(&["ingest", report, "--apply"]);
    let logged = first["statements"].as_array().unwrap().len();
    assert!(logged >= 3, "{first:#}");
    assert_eq!(first["already"], json!([]));
    let before = env.dump();
    let events = env.events().len();

    let (again, stderr) = env.run_json_full(&["ingest", report, "--apply"]);
    assert_eq!(again["statements"], json!([]), "{again:#}");
    assert_eq!(again["claims"], json!([]));
    let already: Vec<i64> = again["already"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["statement"].as_i64().unwrap())
        .collect();
    let first_ids: Vec<i64> = first["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["statement"].as_i64().unwrap())
        .collect();
    assert_eq!(
        already, first_ids,
        "each found on the statement logged the first time"
    );
    assert!(
        stderr.contains("warning:") && stderr.contains("not logged twice"),
        "{stderr}"
    );
    // Nothing logged twice: the claims, statements and sources are as they were; the history
    // gains one record that this apply changed nothing (what keeps `undo` from reaching past it).
    let data = |dump: &str| {
        dump.split("\n== ")
            .filter(|t| {
                let table = t.lines().next().unwrap_or_default();
                ["claims", "statements", "sources", "claim_tags"].contains(&table)
            })
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(data(&before).len(), 4, "the four tables are compared");
    assert_eq!(data(&env.dump()), data(&before), "nothing logged twice");
    let history = env.events();
    assert_eq!(history.len(), events + 1);
    assert_eq!(history[0]["kind"], "empty", "the newest: {:#}", history[0]);
    // The preview shows the claims they are on.
    let preview = env.run_json(&["ingest", report]);
    assert_eq!(preview["statements"][0]["claim_ref"], json!({"claim": 1}));
    let (table, _) = env.run_ok_full(&["ingest", report, "--apply"]);
    assert!(table.starts_with("nothing logged;"), "{table}");
    assert!(
        !table.contains("takes it back"),
        "nothing to take back: {table}"
    );

    // The report with a paragraph more: only the new statement is logged.
    let more = write(
        &env,
        "more.txt",
        &format!("{SIDE_DENIAL}\nThe city's transport union said it would strike in June.\n"),
    );
    let third = env.run_json(&["ingest", s(&more), "--apply"]);
    assert_eq!(
        third["statements"].as_array().unwrap().len(),
        1,
        "{third:#}"
    );
    assert_eq!(third["already"].as_array().unwrap().len(), logged);
    env.assert_rebuild_matches();
}

#[test]
fn short_reports_each_make_a_claim_and_the_warning_stays_one_line() {
    let env = Env::new();
    let report = write(
        &env,
        "six.txt",
        "FENWICK, March 8 (Wire) - Tram fares will rise, the tram company said.\n\n\
         The Courier reported that the mayor had resigned.\n\n\
         The Post reported that the zoo had closed.\n\n\
         The Gazette reported that the old bridge had shut.\n\n\
         The Ledger reported that the night ferry sank.\n\n\
         The Herald reported that the paper mill burned.\n",
    );
    let first = env.run_json(&["ingest", s(&report), "--apply"]);
    assert_eq!(first["claims"], json!([1, 2, 3, 4, 5, 6]), "{first:#}");
    let out = env.run(&["ingest", s(&report), "--apply"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(
        warnings[0].contains("6 statements") && warnings[0].contains("#1, #2, #3, #4, #5, 1 more"),
        "{stderr}"
    );
}

#[test]
fn an_apply_that_logs_nothing_keeps_undo_from_reaching_the_command_before_it() {
    let env = Env::new();
    // Nothing to log and no database: none is made.
    let nothing = write(&env, "quiet.txt", "Rain fell on Fenwick all day.\n");
    let (out, _) = env.run_ok_full(&["ingest", s(&nothing), "--apply"]);
    assert_eq!(out, "nothing logged\n");
    assert_eq!(env.dump(), "<no database file>");

    env.run_ok(&["add", "The Fenwick ferry runs late on Sundays"]);
    let report = write(&env, "side.txt", SIDE_DENIAL);
    let first = env.run_json(&["ingest", s(&report), "--apply"]);
    let made = first["claims"].as_array().unwrap().len();
    assert!(made >= 2);
    let live = env.list_ids(&[]);
    // The same report again logs nothing: its one record changes no data.
    let v = env.run_json(&["ingest", s(&report), "--apply"]);
    assert_eq!(v["statements"], json!([]));
    assert_eq!(env.list_ids(&[]), live);
    // The undo right after it takes back nothing: not the first ingest, which is still there.
    let out = env.run_ok(&["undo"]);
    assert!(out.contains("changed nothing"), "{out}");
    assert_eq!(env.list_ids(&[]), live, "the first ingest is not reached");
    // The next undo takes back the apply that logged, whole, and nothing before it.
    env.run_ok(&["undo"]);
    assert_eq!(env.list_ids(&[]), [1], "the claim added first stays");
    env.run_ok(&["undo"]);
    assert!(env.list_ids(&[]).is_empty());
    env.assert_rebuild_matches();
}

/// Runs `ingest FILE --interactive ARGS` with `answers` on standard input.
fn interactive(env: &Env, file: &str, args: &[&str], answers: &str) -> (Value, String) {
    let mut full = vec!["ingest", file, "--interactive", "--format", "json"];
    full.extend_from_slice(args);
    let out = env
        .cmd()
        .args(&full)
        .write_stdin(answers.to_string())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", describe(&full, &out));
    let stdout = String::from_utf8(out.stdout).unwrap();
    (
        parse_one_json(&full, &stdout),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn the_review_asks_again_when_an_answer_is_mistyped() {
    let env = Env::new();
    let report = write(&env, "side.txt", SIDE_DENIAL);
    // Statement 1: a wrong answer, then edit with a mistyped stance, then a right one; quit.
    let (logged, prompts) = interactive(
        &env,
        s(&report),
        &[],
        "yes please\ne\n\ndenise\ndenies\n\n\nq\n",
    );
    assert_eq!(claims_by_stance(&logged), [("denies".to_string(), 1)]);
    assert_eq!(prompts.matches("[1/").count(), 2, "{prompts}");
    assert_eq!(prompts.matches("stance [asserts]").count(), 2, "{prompts}");
    assert_eq!(env.show(1)["status"], "denied");
}

#[test]
fn the_review_moves_a_statement_to_another_claim() {
    let env = Env::new();
    env.run_ok(&["add", "The Fenwick ferry runs late on Sundays"]);
    let report = write(&env, "side.txt", SIDE_DENIAL);
    let proposed = env.run_json(&["ingest", s(&report)])["statements"]
        .as_array()
        .unwrap()
        .len();
    // Statement 1 to claim #1 (after a claim that does not exist and a word that is no
    // answer), statement 2 to a claim of its own; accept the rest.
    let answers = format!("m\n#9\nsomewhere\n#1\nm\nnew\n{}", "\n".repeat(proposed));
    let (logged, prompts) = interactive(&env, s(&report), &[], &answers);
    assert_eq!(prompts.matches("move to:").count(), 4, "{prompts}");
    assert!(
        prompts.contains("goes to: a new claim, from statement 1"),
        "{prompts}"
    );
    let went = claims_by_stance(&logged);
    assert_eq!(went[0], ("asserts".to_string(), 1));
    let refusal = went[1].1;
    assert_ne!(refusal, 1, "{logged:#}");
    assert_eq!(stances(&env.show(1)), ["asserts"]);
    assert_eq!(stances(&env.show(refusal)), ["declines"]);
    // Its own claim is the refusal's sentence: it has no content of its own.
    assert!(
        env.show(refusal)["text"]
            .as_str()
            .unwrap()
            .contains("declined to comment")
    );
}

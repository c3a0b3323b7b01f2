//! `--as-of WHEN` on `show` and `list` (what we knew then: statements said by then, minus
//! retractions made by then), and `rebuild --check` (the tables rebuilt from the events alone
//! match the stored ones; a hand-corrupted table is caught and the difference shown).

mod common;

use common::*;
use serde_json::Value;

/// Claim 1's summary before Fahrettin Altun's confirmation (09:00).
const BEFORE_ALTUN: &str = "asserted by unnamed source (via Kommersant); Kremlin: can neither confirm nor deny; Turkish official: declined to comment";

fn show_as_of(env: &Env, claim: i64, when: &str) -> Value {
    env.run_json(&["show", &claim.to_string(), "--as-of", when])
}

/// The fields that say how a claim stands.
fn standing(v: &Value) -> Value {
    pick(
        v,
        &[
            "status",
            "summary",
            "credibility",
            "credibility_reason",
            "independent_confirmations",
            "origins",
            "circular",
        ],
    )
}

// ---- as-of ----

#[test]
fn as_of_on_the_seed_story() {
    let env = Env::new();
    env.seed_story_timed();

    let v = show_as_of(&env, 1, "2022-11-14T08:59");
    assert_eq!(v["status"], "unverified", "{v:#}");
    assert_eq!(v["summary"], BEFORE_ALTUN);
    assert_eq!(statement_ids(&v), [1, 2, 3]);
    assert_grade(&v, 3, &[]);
    assert_eq!(v["independent_confirmations"], 0);
    assert_eq!(strings(&v["origins"]), ["unnamed source"]);

    // At the confirmation's own time it counts.
    let v = show_as_of(&env, 1, "2022-11-14T09:00");
    assert_eq!(v["status"], "confirmed", "{v:#}");
    assert_eq!(v["summary"], TALKS_SUMMARY);
    assert_eq!(statement_ids(&v), [1, 2, 3, 4]);
    assert_eq!(v["independent_confirmations"], 1);

    // An offset is honoured: 11:59 in Ankara is 08:59 UTC.
    assert_eq!(
        show_as_of(&env, 1, "2022-11-14T11:59:00+03:00")["status"],
        "unverified"
    );
    assert_eq!(
        show_as_of(&env, 1, "2022-11-14T12:00:00+03:00")["status"],
        "confirmed"
    );

    // Earlier still: one assertion, then nothing.
    let v = show_as_of(&env, 1, "2022-11-14T07:30");
    assert_eq!(statement_ids(&v), [1]);
    assert_eq!(v["summary"], "asserted by unnamed source (via Kommersant)");
    let v = show_as_of(&env, 1, "2022-11-14T06:00");
    assert_eq!(statement_ids(&v), Vec::<i64>::new());
    assert_eq!(v["status"], "unverified");
    assert_eq!(v["summary"], "no statements yet");
    assert_grade(&v, 6, &[]);

    // Claim 2: the flight data (08:45) before the White House official (10:00).
    let v = show_as_of(&env, 2, "2022-11-14T09:00");
    assert_eq!(v["status"], "unverified");
    assert_eq!(statement_ids(&v), [6]);
    assert_grade(&v, 3, &[]);
    let v = show_as_of(&env, 2, "2022-11-14T10:00");
    assert_eq!(v["status"], "confirmed");
    assert_eq!(statement_ids(&v), [6, 5]);

    // As of a time after everything, it is what show says now.
    for claim in [1, 2] {
        assert_eq!(
            standing(&show_as_of(&env, claim, "2100-01-01")),
            standing(&env.show(claim)),
            "claim {claim}"
        );
        assert_eq!(
            standing(&show_as_of(&env, claim, "2022-11-15")),
            standing(&env.show(claim)),
            "claim {claim}"
        );
    }

    // The table form works and shows the state then.
    let table = env.run_ok(&["show", "1", "--as-of", "2022-11-14T08:59"]);
    assert!(table.contains("unverified"), "{table}");
    assert!(!table.contains("Fahrettin Altun"), "{table}");
}

#[test]
fn list_as_of_shows_the_claims_known_then_as_they_stood() {
    let env = Env::new();
    env.seed_story_timed();
    // A claim logged now without statements was not known on the 14th.
    env.run_ok(&["add", "A claim logged today"]);

    assert_eq!(env.list_ids(&["--as-of", "2022-11-13"]), Vec::<i64>::new());
    assert_eq!(env.list_ids(&["--as-of", "2022-11-14T07:30"]), [1]);
    let mut ids = env.list_ids(&["--as-of", "2022-11-14T08:50"]);
    ids.sort();
    assert_eq!(ids, [1, 2]);
    let mut ids = env.list_ids(&["--as-of", "2022-11-15"]);
    ids.sort();
    assert_eq!(ids, [1, 2]);
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();
    let mut ids = env.list_ids(&["--as-of", &tomorrow]);
    ids.sort();
    assert_eq!(ids, [1, 2, 3]);

    let list = env.run_json(&["list", "--as-of", "2022-11-14T08:50"]);
    for item in list.as_array().unwrap() {
        assert_eq!(item["status"], "unverified", "{item:#}");
        assert_eq!(item["credibility"], 3, "{item:#}");
    }
    let item = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == 1)
        .unwrap();
    assert_eq!(item["summary"], BEFORE_ALTUN);
    assert_eq!(item["statements"], 3);

    // Filters apply to the state then.
    assert_eq!(
        env.list_ids(&["--as-of", "2022-11-14T08:59", "--status", "confirmed"]),
        Vec::<i64>::new()
    );
    assert_eq!(
        env.list_ids(&["--as-of", "2022-11-14T09:30", "--status", "confirmed"]),
        [1]
    );
    assert_eq!(
        env.list_ids(&["--as-of", "2022-11-14T09:30", "--status", "unverified"]),
        [2]
    );
    let table = env.run_ok(&["list", "--as-of", "2022-11-14T07:30"]);
    assert!(table.contains("Ankara"), "{table}");
}

#[test]
fn as_of_counts_a_statement_retracted_later() {
    let env = Env::new();
    env.seed_story_timed();
    env.run_ok(&["retract", "4"]);
    let now = env.show(1);
    assert_eq!(now["status"], "unverified");
    assert_eq!(now["summary"], BEFORE_ALTUN);

    // The retraction was made now: on the 14th the confirmation still stood.
    let v = show_as_of(&env, 1, "2022-11-14T12:00");
    assert_eq!(v["status"], "confirmed", "{v:#}");
    assert_eq!(v["summary"], TALKS_SUMMARY);
    assert_eq!(v["independent_confirmations"], 1);
    assert_eq!(statement_ids(&v), [1, 2, 3, 4]);
    assert_eq!(v["statements"][3]["retracted"], false, "{v:#}");
    assert_eq!(
        env.list_ids(&["--as-of", "2022-11-14T09:30", "--status", "confirmed"]),
        [1]
    );

    // As of after the retraction, it no longer counts but is still listed.
    let v = show_as_of(&env, 1, "2100-01-01");
    assert_eq!(v["status"], "unverified");
    assert_eq!(statement_ids(&v), [1, 2, 3, 4]);
    assert_eq!(v["statements"][3]["retracted"], true);
    assert_eq!(standing(&v), standing(&now));
}

#[test]
fn bad_as_of_dates_are_refused_and_change_nothing() {
    let env = Env::new();
    env.seed_story_timed();
    let before = env.dump();
    for args in [
        &["show", "1", "--as-of", "soon"][..],
        &["show", "1", "--as-of", "2022-02-30"],
        &["show", "1", "--as-of", "2022-11-14T25:00"],
        &["list", "--as-of", "14/11/2022"],
        &["list", "--as-of", "2022-13-01", "--format", "json"],
        &["show", "99", "--as-of", "2022-11-14"],
    ] {
        env.expect_err(args, 1);
        assert_eq!(env.dump(), before, "claims {args:?}");
    }
    env.expect_err(&["show", "1", "--as-of"], 2);
    env.expect_err(&["list", "--as-of"], 2);
    assert_eq!(env.dump(), before);
}

// ---- rebuild --check ----

#[test]
fn rebuild_check_passes_on_a_new_database_and_on_the_seed_story() {
    let env = Env::new();
    env.run_ok(&["list"]);
    env.assert_rebuild_matches();
    env.seed_story();
    env.assert_rebuild_matches();
    // The demo's database too.
    let demo = env.path().join("demo.db");
    env.run_ok(&["demo", "--db", s(&demo)]);
    let out = env.run(&["--db", s(&demo), "rebuild", "--check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        describe(&["rebuild"], &out)
    );
    // Table output is not JSON but the JSON form also succeeds.
    let out = env.run(&["rebuild", "--check", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        describe(&["rebuild"], &out)
    );
}

#[test]
fn rebuild_check_passes_after_edits_retractions_and_undos() {
    let env = Env::new();
    env.seed_story_timed();
    env.run_ok(&[
        "edit",
        "1",
        "--text",
        "Talks in Ankara, reworded",
        "--tag",
        "turkey",
    ]);
    env.run_ok(&[
        "edit",
        "2",
        "--untag",
        "ankara-talks",
        "--happened",
        "2022-11-14",
    ]);
    env.run_ok(&[
        "source",
        "edit",
        "Fahrettin Altun",
        "--name",
        "F. Altun",
        "--alias",
        "Comms Chief",
        "--reliability",
        "B",
    ]);
    env.run_ok(&["assert", "1", "--by", "Reuters", "--citing", "Kommersant"]);
    env.run_ok(&["assert", "1", "--by", "Interfax", "--citing", "Kommersant"]);
    env.run_ok(&["deny", "2", "--by", "Embassy", "--reliability", "A"]);
    env.run_ok(&["retract", "4"]);
    env.run_ok(&["retract", "9"]);
    env.run_ok(&["add", "A claim soon undone", "--by", "Passer-by"]);
    env.undo();
    env.run_ok(&["source", "add", "Spare Source", "--alias", "Spare"]);
    env.run_ok(&["source", "edit", "Spare", "--role", "analyst"]);
    env.undo();
    env.run_ok(&["retract", "1"]);
    env.undo();
    env.run_ok(&["confirm", "2", "--by", "Spare", "--at", "2022-11-15"]);
    env.run_ok(&[
        "add",
        "A claim that stays",
        "--tag",
        "kept",
        "--happened",
        "2022-11-16",
    ]);
    env.assert_rebuild_matches();
    // The evidence is what the events say, too.
    assert_eq!(env.show(1)["circular"], true);
}

/// Checks that `rebuild --check` fails: exit 1, the differences on stdout (each of
/// `needles` named there), one line on stderr, and the database untouched by the check.
fn assert_rebuild_differs(env: &Env, needles: &[&str]) {
    let before = env.dump();
    let (code, stdout, stderr) = env.rebuild_check();
    assert_eq!(
        code, 1,
        "rebuild --check should fail\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}"
    );
    let line = stderr.strip_suffix('\n').unwrap_or(&stderr);
    assert!(
        !line.trim().is_empty() && !line.contains('\n'),
        "one line on stderr, got {stderr:?}"
    );
    for needle in needles {
        assert!(
            stdout.contains(needle),
            "the differences should name {needle:?}:\n{stdout}"
        );
    }
    assert_eq!(env.dump(), before, "rebuild --check changed the database");
}

#[test]
fn rebuild_check_finds_a_hand_edited_claim_status() {
    let env = Env::new();
    env.seed_story();
    env.sql("UPDATE claims SET status = 'denied' WHERE id = 1");
    assert_rebuild_differs(&env, &["claims", "denied", "confirmed"]);
    // The check repairs nothing: it fails again.
    assert_rebuild_differs(&env, &["claims", "denied", "confirmed"]);
}

#[test]
fn rebuild_check_finds_a_hand_edited_statement() {
    let env = Env::new();
    env.seed_story();
    env.sql("UPDATE statements SET stance = 'denies' WHERE id = 2");
    assert_rebuild_differs(&env, &["statements", "denies", "declines"]);
}

#[test]
fn rebuild_check_finds_a_renamed_source_and_a_lost_tag() {
    let env = Env::new();
    env.seed_story();
    env.sql("UPDATE sources SET name = 'Kremlin Press Office' WHERE name = 'Kremlin'");
    assert_rebuild_differs(&env, &["sources", "Kremlin Press Office"]);

    let env = Env::new();
    env.seed_story();
    env.run_ok(&["edit", "2", "--tag", "spy-chiefs"]);
    env.sql("DELETE FROM claim_tags WHERE claim_id = 2 AND tag = 'spy-chiefs'");
    assert_rebuild_differs(&env, &["spy-chiefs"]);

    let env = Env::new();
    env.seed_story();
    env.run_ok(&["retract", "4"]);
    env.sql("UPDATE statements SET retracted_at = NULL WHERE id = 4");
    assert_rebuild_differs(&env, &["statements"]);
}

#[test]
fn the_history_cannot_be_edited_by_hand() {
    let env = Env::new();
    env.seed_story();
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    assert!(
        conn.execute("UPDATE events SET actor = 'someone else'", [])
            .is_err()
    );
    assert!(conn.execute("DELETE FROM events", []).is_err());
    drop(conn);
    env.assert_rebuild_matches();
}

#[test]
fn as_of_resolves_citations_with_what_had_been_said_by_then() {
    let env = Env::new();
    env.run_ok(&["add", "The envoys discussed a hotline"]);
    // Alpha cites Beta at 10:00; Beta only speaks at 12:00, citing Gamma.
    env.run_ok(&[
        "assert",
        "1",
        "--by",
        "Alpha",
        "--citing",
        "Beta",
        "--at",
        "2022-11-14T10:00",
    ]);
    env.run_ok(&[
        "assert",
        "1",
        "--by",
        "Beta",
        "--citing",
        "Gamma",
        "--at",
        "2022-11-14T12:00",
    ]);
    let now = env.show(1);
    assert_eq!(statement_origins(&now), ["Gamma", "Gamma"]);
    assert_eq!(now["circular"], true);
    let then = show_as_of(&env, 1, "2022-11-14T11:00");
    assert_eq!(statement_origins(&then), ["Beta"]);
    assert_eq!(strings(&then["origins"]), ["Beta"]);
    assert_eq!(then["circular"], false);
}

#[test]
fn circular_reporting_and_grades_as_of() {
    let env = Env::new();
    env.run_ok(&[
        "add",
        TALKS,
        "--by",
        "unnamed source",
        "--anonymous",
        "--via",
        "Kommersant",
        "--at",
        "2022-11-14T07:00",
    ]);
    env.run_ok(&[
        "assert",
        "1",
        "--by",
        "Reuters",
        "--citing",
        "Kommersant",
        "--at",
        "2022-11-14T08:00",
    ]);
    assert_eq!(env.list_ids(&["--circular"]), [1]);
    assert_eq!(
        env.list_ids(&["--circular", "--as-of", "2022-11-14T07:30"]),
        Vec::<i64>::new()
    );
    assert_eq!(
        env.list_ids(&["--circular", "--as-of", "2022-11-14T08:00"]),
        [1]
    );
    assert_eq!(show_as_of(&env, 1, "2022-11-14T07:30")["circular"], false);

    // Credibility filters apply to the grade then.
    env.run_ok(&["source", "add", "Fahrettin Altun", "--reliability", "B"]);
    env.run_ok(&["confirm", "1", "--by", "Altun", "--at", "2022-11-14 09:00"]);
    assert_eq!(env.list_ids(&["--credibility", "2"]), [1]);
    assert_eq!(
        env.list_ids(&["--credibility", "2", "--as-of", "2022-11-14 08:59"]),
        Vec::<i64>::new()
    );
    assert_eq!(
        env.list_ids(&["--credibility", "3", "--as-of", "2022-11-14 08:59"]),
        [1]
    );
    assert_eq!(
        env.list_ids(&["--credibility", "2", "--as-of", "2022-11-14 09:00"]),
        [1]
    );
    let then = show_as_of(&env, 1, "2022-11-14T09:00:00Z");
    assert_grade(&then, 2, &["Fahrettin Altun"]);
}

#[test]
fn as_of_shows_no_retraction_that_had_not_happened_yet() {
    let env = Env::new();
    env.seed_story_timed();
    env.run_ok(&["retract", "3"]);
    let then = show_as_of(&env, 1, "2022-11-14T09:00");
    let kremlin = &then["statements"][2];
    assert_eq!(kremlin["source"], "Kremlin");
    assert_eq!(kremlin["retracted"], false, "{kremlin:#}");
    assert!(kremlin["retracted_at"].is_null(), "{kremlin:#}");
    assert_eq!(then["summary"], TALKS_SUMMARY);
    let now = env.show(1);
    assert_eq!(now["statements"][2]["retracted"], true);
    assert_eq!(
        now["summary"],
        "confirmed by Fahrettin Altun (via Associated Press); Turkish official: declined to comment"
    );
}

/// A database written by the first schema (the upgrade test's fixture), at `env.db()`.
fn oldest_database(env: &Env) {
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch(include_str!("fixtures/schema-0001.sql"))
        .unwrap();
}

#[test]
fn a_database_from_the_first_schema_is_graded_rebuilt_and_undone() {
    let env = Env::new();
    oldest_database(&env);
    // Claim 1: one confirmation, from Fahrettin Altun (B). Claim 2: an anonymous (F)
    // confirmation and flight data. Claim 3: denied by the Kremlin, rated C afterwards.
    let one = env.show(1);
    assert_eq!(one["credibility"], 2, "{one:#}");
    assert_eq!(
        one["credibility_reason"],
        "2 probably true: one independent confirmation, from Fahrettin Altun (B)"
    );
    assert_eq!(one["statements"][3]["reliability"], "B");
    assert_eq!(one["statements"][3]["retracted"], false);
    assert_grade(&env.show(2), 3, &[]);
    assert_grade(&env.show(3), 5, &["Kremlin"]);
    let mut all = env.list_ids(&["--credibility", "1-6"]);
    all.sort();
    assert_eq!(all, [1, 2, 3]);
    env.assert_rebuild_matches();

    // The last command of the old binary can be undone, by the actor who made it (undo is
    // yours): the Kremlin is F again.
    env.run_ok(&["--actor", "fixture", "undo"]);
    assert_eq!(env.sources_by_name()["Kremlin"]["reliability"], "F");
    assert_eq!(
        env.sources_by_name()["Kremlin"]["aliases"],
        serde_json::json!([])
    );
    assert_grade(&env.show(3), 4, &[]);
    // And the one before: claim 3's old text and tags.
    env.run_ok(&["--actor", "fixture", "undo"]);
    let three = env.show(3);
    assert_eq!(
        three["text"],
        "Talks produced an agreement on a prisoner exchange"
    );
    assert_eq!(three["tags"], serde_json::json!(["ankara", "swap"]));
    env.run_ok(&["retract", "4"]);
    assert_grade(&env.show(1), 3, &[]);
    env.assert_rebuild_matches();
}

#[test]
fn as_of_leaves_out_undone_statements_and_claims() {
    let env = Env::new();
    env.run_ok(&["add", "A claim", "--by", "Alpha", "--at", "2022-11-13"]);
    env.run_ok(&["confirm", "1", "--by", "Bravo", "--at", "2022-11-14"]);
    env.undo();
    let then = show_as_of(&env, 1, "2022-11-15");
    assert_eq!(statement_ids(&then), [1]);
    assert_eq!(then["status"], "unverified");
    env.run_ok(&[
        "add",
        "Another claim",
        "--by",
        "Charlie",
        "--at",
        "2022-11-13",
    ]);
    env.undo();
    assert_eq!(env.list_ids(&["--as-of", "2022-11-15"]), [1]);
    env.expect_err(&["show", "2", "--as-of", "2022-11-15"], 1);
}

#[test]
fn rebuild_check_names_a_lost_row_by_the_number_its_history_gave_it() {
    let env = Env::new();
    env.seed_story();
    env.sql("DELETE FROM statements WHERE id = 4");
    let (code, stdout, _) = env.rebuild_check();
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("#4"), "the lost statement is #4:\n{stdout}");
    assert!(!stdout.contains("#-"), "no made-up numbers:\n{stdout}");
}

#[test]
fn rebuild_check_reads_a_claims_origins_as_a_set() {
    let env = Env::new();
    env.seed_story();
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let (claim, origins): (i64, String) = conn
        .query_row(
            "SELECT id, origins FROM claims WHERE json_array_length(origins) > 1 LIMIT 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .expect("the story has a claim with two origins or more");
    let mut reversed: Vec<serde_json::Value> = serde_json::from_str(&origins).unwrap();
    reversed.reverse();
    conn.execute(
        "UPDATE claims SET origins = ?2 WHERE id = ?1",
        rusqlite::params![claim, serde_json::to_string(&reversed).unwrap()],
    )
    .unwrap();
    drop(conn);
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let reordered: String = conn
        .query_row("SELECT origins FROM claims WHERE id = ?1", [claim], |row| {
            row.get(0)
        })
        .unwrap();
    assert_ne!(reordered, origins, "the test reordered nothing");
    env.assert_rebuild_matches();
    // A different set of origins is still a difference.
    env.sql(&format!(
        "UPDATE claims SET origins = json_remove(origins, '$[0]') WHERE id = {claim}"
    ));
    assert_rebuild_differs(&env, &["origins"]);
}

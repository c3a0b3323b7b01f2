//! Mending the record of claims (issue 12, items 3 and 4): `merge CLAIM INTO`, `remove CLAIM
//! [--note WHY]` and `restore CLAIM`, through the binary. Each with its table and JSON, undo
//! and redo, `--as-of` before and after it, `rebuild --check`, the JSON Lines round trip, the
//! exports people read, bad input, and one actor's undo refused when another's merge or
//! removal was made on top of it. And `list`'s statement count, which leaves retracted
//! statements out.

mod common;

use common::{Env, SPY_CHIEFS, TALKS, ids};
use serde_json::Value;

/// Claim `n`'s JSON as `show` prints it, without the time of its last activity (which an
/// undo marks, as every change does).
fn shown_without_activity(env: &Env, claim: i64) -> Value {
    let mut v = env.show(claim);
    v.as_object_mut().unwrap().remove("last_activity");
    v
}

fn statement_ids(v: &Value) -> Vec<i64> {
    let mut found: Vec<i64> = v["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect();
    found.sort();
    found
}

/// The claims `search WORDS` finds, best first.
fn search_ids(env: &Env, words: &str) -> Vec<i64> {
    env.run_json(&["search", words])
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["claim"].as_i64().unwrap())
        .collect()
}

#[test]
fn merge_moves_statements_tags_and_note_and_the_number_still_answers() {
    let env = Env::new();
    env.seed_story_timed();
    env.run_ok(&["edit", "2", "--tag", "spy-chiefs"]);
    env.run_ok(&[
        "add",
        "The SVR chief flew in on a state jet",
        "--tag",
        "flights",
        "--note",
        "from a pool report",
        "--by",
        "Pool reporter",
    ]);
    let before_one = env.show(1);
    let (merged, stderr) = env.run_json_full(&["merge", "2", "1"]);
    assert!(
        stderr.contains("claim #2 was merged into #1"),
        "the merge says what it did: {stderr}"
    );
    // The answer is claim 1 as `show 2` prints it now: reached through 2.
    assert_eq!(merged["id"], 1);
    assert_eq!(merged["merged_from"], 2);
    assert_eq!(statement_ids(&merged), [1, 2, 3, 4, 5, 6]);
    assert_eq!(
        merged["tags"],
        serde_json::json!(["ankara-talks", "spy-chiefs"])
    );
    // Claim 2's two statements count on claim 1 now: its evidence grew.
    assert_ne!(merged["summary"], before_one["summary"]);
    assert!(
        merged["summary"]
            .as_str()
            .unwrap()
            .contains("White House official"),
        "{merged}"
    );
    // Claim 1 shown by its own number has no "merged_from".
    let one = env.show(1);
    assert!(one.get("merged_from").is_none(), "{one}");
    assert_eq!(one["statements"], merged["statements"]);
    // `show 2`: claim 1, with the one line that says so on stderr.
    let (two, stderr) = env.run_json_full(&["show", "2"]);
    assert_eq!(two["id"], 1);
    assert_eq!(two["merged_from"], 2);
    assert_eq!(
        stderr.trim(),
        "note: claim #2 was merged into #1; showing #1"
    );
    let (table, stderr) = env.run_ok_full(&["show", "#2"]);
    assert!(table.starts_with(&format!("#1 {TALKS}")), "{table}");
    assert!(stderr.contains("merged into #1"), "{stderr}");
    // Hidden from list, search and similar.
    assert_eq!(env.list_ids(&[]), [3, 1]);
    assert_eq!(env.list_ids(&["--include-removed"]), [3, 1]);
    assert!(!search_ids(&env, "Naryshkin").contains(&2));
    assert_eq!(search_ids(&env, "Naryshkin"), Vec::<i64>::new());
    let similar = env.run_json(&["similar", "1"]);
    assert!(!ids(&similar["similar"]).contains(&2), "{similar}");
    // The notes join: claim 3's note moves to claim 1 (which had none), then a fourth claim's
    // joins after it.
    env.run_ok(&["merge", "3", "1"]);
    assert_eq!(env.show(1)["note"], "from a pool report");
    assert_eq!(
        env.show(1)["tags"],
        serde_json::json!(["ankara-talks", "flights", "spy-chiefs"])
    );
    env.run_ok(&["add", "A fourth telling", "--note", "second wire"]);
    env.run_ok(&["merge", "4", "1"]);
    assert_eq!(env.show(1)["note"], "from a pool report; second wire");
    assert_eq!(env.list_ids(&[]), [1]);
    // The history has one typed change per merge, naming what moved.
    let events = env.events();
    let merges: Vec<&Value> = events
        .iter()
        .filter(|e| e["kind"] == "claim.merged")
        .collect();
    assert_eq!(merges.len(), 3);
    let first = merges.last().unwrap();
    assert_eq!(first["payload"]["statements"].as_array().unwrap().len(), 2);
    assert_eq!(first["payload"]["tags"], serde_json::json!(["spy-chiefs"]));
    env.assert_rebuild_matches();
    // The table of a merge is claim 1's, as `show` prints it.
    let env = Env::new();
    env.seed_story();
    let (table, stderr) = env.run_ok_full(&["merge", "2", "1"]);
    assert!(table.starts_with(&format!("#1 {TALKS}")), "{table}");
    assert!(table.contains("White House official"), "{table}");
    assert!(stderr.contains("merged into #1"), "{stderr}");
}

#[test]
fn undo_unmerges_exactly_and_redo_merges_again() {
    let env = Env::new();
    env.seed_story_timed();
    env.run_ok(&["add", "A third claim", "--note", "ours", "--tag", "x"]);
    env.run_ok(&["confirm", "3", "--by", "Harbour master"]);
    let (one, three) = (
        shown_without_activity(&env, 1),
        shown_without_activity(&env, 3),
    );
    env.run_ok(&["merge", "3", "1"]);
    let merged = shown_without_activity(&env, 1);
    env.assert_rebuild_matches();
    let undone = env.undo();
    assert_eq!(
        undone["undone"]["kinds"],
        serde_json::json!(["claim.merged"])
    );
    // Exactly what was there: statements, tags, note, status and summary of both.
    assert_eq!(shown_without_activity(&env, 1), one);
    assert_eq!(shown_without_activity(&env, 3), three);
    assert_eq!(env.list_ids(&["--sort", "created"]), [3, 2, 1]);
    env.assert_rebuild_matches();
    env.run_ok(&["redo"]);
    assert_eq!(shown_without_activity(&env, 1), merged);
    assert_eq!(env.show(3)["merged_from"], 3);
    assert_eq!(env.list_ids(&["--sort", "created"]), [2, 1]);
    env.assert_rebuild_matches();
    // The log says what each did.
    let log = env.run_ok(&["log", "--limit", "6"]);
    assert!(log.contains("claim #3 merged into #1"), "{log}");
    assert!(log.contains("claim #3 taken back out of #1"), "{log}");
}

#[test]
fn merge_refuses_what_cannot_be_merged_on_one_line_changing_nothing() {
    let env = Env::new();
    env.seed_story();
    env.run_ok(&["add", "A third claim"]);
    env.run_ok(&["add", "A fourth claim"]);
    env.run_ok(&["merge", "2", "1"]);
    env.run_ok(&["remove", "4", "--note", "junk"]);
    let cases: &[(&[&str], &str)] = &[
        (&["merge", "1", "1"], "cannot merge claim #1 into itself"),
        (&["merge", "2", "3"], "claim #2 was merged into #1; use #1"),
        (&["merge", "3", "2"], "claim #2 was merged into #1; use #1"),
        (
            &["merge", "4", "1"],
            "claim #4 is removed; 'claims restore 4'",
        ),
        (&["merge", "3", "4"], "claim #4 is removed"),
        (&["merge", "99", "1"], "no claim #99"),
        (&["merge", "three", "1"], "'three' is not a claim number"),
        (&["merge", "1"], "INTO"),
        // A statement verb on a merged claim is refused, naming the claim to use.
        (
            &["confirm", "2", "--by", "Someone"],
            "claim #2 was merged into #1; use #1",
        ),
        (&["edit", "2", "--text", "new words"], "merged into #1"),
        (&["verdict", "2", "false"], "merged into #1"),
        (&["remove", "2"], "merged into #1"),
        (&["restore", "2"], "merged into #1"),
        (&["confirm", "4", "--by", "Someone"], "claim #4 is removed"),
        (&["remove", "4"], "claim #4 was already removed"),
        (&["restore", "3"], "claim #3 is not removed"),
        (&["remove", "99"], "no claim #99"),
        (&["restore", "#0"], "no claim #0"),
    ];
    for (args, says) in cases {
        let line = env.refused(args);
        assert!(line.contains(says), "{args:?}: {line}");
    }
    env.assert_rebuild_matches();
}

#[test]
fn remove_hides_a_claim_from_lists_and_show_still_reads_it() {
    let env = Env::new();
    env.seed_story();
    let (removed, stderr) =
        env.run_json_full(&["remove", "2", "--note", "a duplicate of a wire rewrite"]);
    assert!(stderr.contains("'claims restore 2'"), "{stderr}");
    assert_eq!(removed["id"], 2);
    let removal = &removed["removed"];
    assert_eq!(removal["note"], "a duplicate of a wire rewrite");
    assert_eq!(removal["actor"], common::ACTOR);
    assert!(common::is_utc_timestamp(removal["at"].as_str().unwrap()));
    assert!(common::is_uuid_v7(removal["command"].as_str().unwrap()));
    // Its statements are still there, and still count on it.
    assert_eq!(removed["statements"].as_array().unwrap().len(), 2);
    assert_eq!(removed["status"], "confirmed");
    // Out of the lists; `--include-removed` shows it, marked.
    assert_eq!(env.list_ids(&[]), [1]);
    let all = env.run_json(&["list", "--include-removed"]);
    assert_eq!(ids(&all), [2, 1]);
    assert_eq!(all[0]["removed"], true);
    assert!(all[1].get("removed").is_none(), "{all}");
    let table = env.run_ok(&["list", "--include-removed"]);
    assert!(table.contains("(removed) The CIA"), "{table}");
    assert!(!env.run_ok(&["list"]).contains("The CIA"));
    // Out of search and similar.
    assert_eq!(search_ids(&env, "Naryshkin"), Vec::<i64>::new());
    assert!(!ids(&env.run_json(&["similar", "1"])["similar"]).contains(&2));
    // `show` reads it, and says who removed it, when and why.
    let shown = env.show(2);
    assert_eq!(shown["removed"], removed["removed"]);
    let table = env.run_ok(&["show", "2"]);
    assert!(table.starts_with(&format!("#2 {SPY_CHIEFS}")), "{table}");
    let line = table
        .lines()
        .find(|l| l.trim_start().starts_with("removed"))
        .unwrap_or_else(|| panic!("no removed line: {table}"));
    assert!(line.contains(&format!("by {}", common::ACTOR)), "{line}");
    assert!(line.contains("a duplicate of a wire rewrite"), "{line}");
    // In the history.
    let log = env.run_ok(&["log", "--limit", "1"]);
    assert!(
        log.contains("claim #2 removed from lists: a duplicate"),
        "{log}"
    );
    env.assert_rebuild_matches();
    // Restored: back in the lists, `removed` gone.
    let restored = env.run_json(&["restore", "2"]);
    assert!(restored.get("removed").is_none(), "{restored}");
    assert_eq!(env.list_ids(&[]), [2, 1]);
    assert_eq!(search_ids(&env, "Naryshkin"), [2]);
    env.assert_rebuild_matches();
}

#[test]
fn undo_and_redo_of_remove_and_restore() {
    let env = Env::new();
    env.seed_story();
    let before = shown_without_activity(&env, 2);
    env.run_ok(&["remove", "2", "--note", "junk"]);
    let removed = shown_without_activity(&env, 2);
    env.undo();
    assert_eq!(shown_without_activity(&env, 2), before);
    assert_eq!(env.list_ids(&["--sort", "created"]), [2, 1]);
    env.assert_rebuild_matches();
    env.run_ok(&["redo"]);
    assert_eq!(shown_without_activity(&env, 2)["removed"]["note"], "junk");
    assert_eq!(env.list_ids(&[]), [1]);
    env.assert_rebuild_matches();
    env.run_ok(&["restore", "2"]);
    assert_eq!(env.list_ids(&["--sort", "created"]), [2, 1]);
    env.assert_rebuild_matches();
    // Undoing the restore puts the removal back as it was: when, why, by whom.
    env.undo();
    let again = shown_without_activity(&env, 2);
    assert_eq!(again["removed"]["note"], removed["removed"]["note"]);
    assert_eq!(again["removed"]["at"], removed["removed"]["at"]);
    assert_eq!(env.list_ids(&[]), [1]);
    env.assert_rebuild_matches();
    env.run_ok(&["redo"]);
    assert_eq!(env.list_ids(&["--sort", "created"]), [2, 1]);
    env.assert_rebuild_matches();
}

#[test]
fn a_correction_holds_at_every_as_of() {
    let env = Env::new();
    env.seed_story_timed();
    env.run_ok(&["add", "A third claim", "--at", "2022-11-14T06:00"]);
    // Before the corrections (made now, years after the statements), and after them.
    let (before, after) = ("2022-11-14T09:30", "2099-01-01");
    assert_eq!(
        env.list_ids(&["--as-of", before, "--sort", "created"]),
        [3, 2, 1]
    );
    env.run_ok(&["merge", "2", "1"]);
    env.run_ok(&["remove", "3"]);
    for as_of in [before, after] {
        assert_eq!(env.list_ids(&["--as-of", as_of]), [1], "as of {as_of}");
        let ids_then = env.list_ids(&["--as-of", as_of, "--include-removed"]);
        assert_eq!(ids_then.len(), 2, "as of {as_of}: {ids_then:?}");
        assert!(ids_then.contains(&3), "as of {as_of}");
        // `show 2` shows claim 1 as it stood then, with claim 2's statements said by then.
        let (shown, stderr) = env.run_json_full(&["show", "2", "--as-of", as_of]);
        assert_eq!(shown["id"], 1, "as of {as_of}");
        assert_eq!(shown["merged_from"], 2);
        assert!(stderr.contains("merged into #1"), "{stderr}");
        let removed = env.run_json(&["show", "3", "--as-of", as_of]);
        assert!(removed["removed"].is_object(), "as of {as_of}: {removed}");
    }
    // Statements 5 (10:00) was not said by 09:30; 6 (08:45), moved from claim 2, was.
    let then = env.run_json(&["show", "2", "--as-of", before]);
    assert_eq!(statement_ids(&then), [1, 2, 3, 4, 6]);
    let now = env.run_json(&["show", "2", "--as-of", after]);
    assert_eq!(statement_ids(&now), [1, 2, 3, 4, 5, 6]);
    env.assert_rebuild_matches();
}

#[test]
fn json_lines_round_trip_is_byte_identical_with_merged_and_removed_claims() {
    let env = Env::new();
    env.seed_story();
    env.run_ok(&["add", "A third claim", "--note", "ours"]);
    env.run_ok(&["add", "A fourth claim", "--tag", "junk"]);
    env.run_ok(&["merge", "1", "3"]);
    env.run_ok(&["remove", "4", "--note", "junk"]);
    let first = env.tmp().join("first.jsonl");
    env.run_ok(&["export", "--output", first.to_str().unwrap()]);
    let text = std::fs::read_to_string(&first).unwrap();
    let claim_line = |id: i64| -> Value {
        text.lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .find(|l| l["type"] == "claim" && l["id"] == id)
            .unwrap()
    };
    assert_eq!(claim_line(1)["merged_into"], claim_line(3)["uuid"]);
    assert_eq!(claim_line(4)["dismiss_note"], "junk");
    assert!(claim_line(4)["dismissed_at"].is_string());
    // Claims neither merged nor removed keep the line they always had.
    assert!(claim_line(2).get("merged_into").is_none());
    assert!(claim_line(2).get("dismissed_at").is_none());

    let other = Env::new();
    other.run_ok(&["import", first.to_str().unwrap()]);
    let second = other.tmp().join("second.jsonl");
    other.run_ok(&["export", "--output", second.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&second).unwrap(), text);
    other.assert_rebuild_matches();
    assert_eq!(other.list_ids(&[]), [3, 2]);
    assert_eq!(other.run_json(&["show", "1"])["id"], 3);
    assert_eq!(other.show(4)["removed"]["note"], "junk");
    // The merge imported with its history is undone there as here.
    let log = other.run_ok(&["log", "--limit", "100"]);
    assert!(log.contains("claim #1 merged into #3"), "{log}");

    // A file without its history (a script's) brings the same claims, merged and removed.
    let bare = env.tmp().join("bare.jsonl");
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.contains(r#""type":"event""#))
        .collect();
    std::fs::write(&bare, kept.join("\n") + "\n").unwrap();
    let third = Env::new();
    third.run_ok(&["import", bare.to_str().unwrap()]);
    assert_eq!(third.list_ids(&["--sort", "created"]), [3, 2]);
    assert_eq!(third.run_json(&["show", "1"])["id"], 3);
    assert_eq!(third.show(4)["removed"]["note"], "junk");
    third.assert_rebuild_matches();
}

#[test]
fn exports_people_read_leave_removed_and_merged_claims_out_unless_asked() {
    let env = Env::new();
    env.seed_story();
    env.run_ok(&["add", "A claim merged away"]);
    env.run_ok(&["merge", "3", "1"]);
    env.run_ok(&["remove", "2", "--note", "junk"]);
    for format in ["csv", "markdown"] {
        let plain = env.run_ok(&["export", "--format", format]);
        assert!(plain.contains(TALKS), "{format}: {plain}");
        assert!(!plain.contains(SPY_CHIEFS), "{format}: {plain}");
        assert!(!plain.contains("A claim merged away"), "{format}: {plain}");
        let all = env.run_ok(&["export", "--format", format, "--include-removed"]);
        assert!(all.contains(TALKS), "{format}: {all}");
        assert!(all.contains(SPY_CHIEFS), "{format}: {all}");
        // A merged claim's statements are its new claim's: it is never a claim of its own in
        // what people read; the claims sheet lists it, saying which claim it joined.
        if format == "csv" {
            let row = all.lines().find(|l| l.contains("A claim merged away"));
            assert!(row.is_some_and(|r| r.ends_with(",1")), "{format}: {all}");
        } else {
            assert!(!all.contains("A claim merged away"), "{format}: {all}");
        }
    }
    let markdown = env.run_ok(&["export", "--format", "markdown", "--include-removed"]);
    assert!(markdown.contains("Removed from lists: "), "{markdown}");
    assert!(markdown.contains(": junk  \n"), "{markdown}");
    let page = env.run_ok(&["export", "--format", "html"]);
    assert!(!page.contains("SVR") && !page.contains("<dt>Removed</dt>"));
    let page = env.run_ok(&["export", "--format", "html", "--include-removed"]);
    assert!(
        page.contains("SVR") && page.contains("<dt>Removed</dt>"),
        "{page}"
    );
    let csv = env.run_ok(&["export", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 2, "{csv}");
    let csv = env.run_ok(&["export", "--format", "csv", "--include-removed"]);
    assert_eq!(
        csv.lines().count(),
        4,
        "the removed and the merged claim too: {csv}"
    );
    // JSON Lines always holds every claim.
    let lines = env.run_ok(&["export"]);
    assert!(lines.contains(SPY_CHIEFS) && lines.contains("A claim merged away"));
}

#[test]
fn another_actors_merge_or_removal_blocks_undoing_what_it_was_made_on() {
    let env = Env::new();
    env.as_actor("alice", &["add", "The ferry ran aground"]);
    env.as_actor("alice", &["add", "A ferry grounded off the pier"]);
    env.as_actor("bob", &["merge", "2", "1"]);
    let before = env.dump();
    let mut all = vec!["--actor", "alice", "undo"];
    let (code, line) = env.run_err(&all);
    assert_eq!(code, 1);
    assert!(
        line.contains("claim.merged") && line.contains("by bob"),
        "alice's undo names bob's merge: {line}"
    );
    assert_eq!(env.dump(), before, "a refused undo changed the database");
    // Bob's merge undone, alice's add is hers to undo again.
    env.as_actor("bob", &["undo"]);
    env.as_actor("alice", &["undo"]);
    assert_eq!(env.list_ids(&[]), [1]);
    env.assert_rebuild_matches();

    // A removal by bob blocks alice's undo of the claim she added.
    env.as_actor("alice", &["add", "The pier reopened"]);
    env.as_actor("bob", &["remove", "3"]);
    let before = env.dump();
    let (_, line) = env.run_err(&all);
    assert!(
        line.contains("claim.dismissed") && line.contains("by bob"),
        "{line}"
    );
    assert_eq!(env.dump(), before);

    // A statement alice adds to the claim bob merged into blocks bob's unmerge: it would
    // change a claim made on top of.
    env.as_actor("bob", &["undo"]);
    env.as_actor("bob", &["merge", "3", "1"]);
    env.as_actor("alice", &["confirm", "1", "--by", "Harbour master"]);
    all[1] = "bob";
    let before = env.dump();
    let (_, line) = env.run_err(&all);
    assert!(
        line.contains("statement.added") && line.contains("by alice"),
        "{line}"
    );
    assert_eq!(env.dump(), before);
    env.assert_rebuild_matches();
}

#[test]
fn list_counts_statements_without_the_retracted_ones() {
    let env = Env::new();
    env.seed_story_timed();
    let count = |args: &[&str]| -> i64 {
        let mut full = vec!["list"];
        full.extend_from_slice(args);
        let v = env.run_json(&full);
        v.as_array().unwrap().iter().find(|c| c["id"] == 1).unwrap()["statements"]
            .as_i64()
            .unwrap()
    };
    assert_eq!(count(&[]), 4);
    env.run_ok(&["retract", "4", "--note", "misquoted"]);
    assert_eq!(count(&[]), 3);
    // The table says the same.
    let table = env.run_ok(&["list"]);
    let row = table
        .lines()
        .find(|l| l.contains("Officials from"))
        .unwrap();
    let cells: Vec<&str> = row.split('┆').map(str::trim).collect();
    assert_eq!(cells[4], "3", "{row}");
    // As of a time before the retraction (made now), it still counted; show keeps it, marked.
    assert_eq!(count(&["--as-of", "2022-11-14T12:00"]), 4);
    assert_eq!(count(&["--as-of", "2099-01-01"]), 3);
    assert_eq!(env.show(1)["statements"].as_array().unwrap().len(), 4);
}

#[test]
fn a_narrowed_export_carries_a_merged_claim_with_the_claim_it_joined() {
    let env = Env::new();
    env.seed_story();
    env.run_ok(&["add", "A third claim"]);
    env.run_ok(&["merge", "2", "1"]);
    let claims_in = |args: &[&str]| -> Vec<i64> {
        let mut full = vec!["export"];
        full.extend_from_slice(args);
        env.run_ok(&full)
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .filter(|l| l["type"] == "claim")
            .map(|l| l["id"].as_i64().unwrap())
            .collect()
    };
    // Claim 2 is unverified itself (its statements are claim 1's now), and goes with claim 1,
    // which is confirmed.
    assert_eq!(claims_in(&["--status", "confirmed"]), [1, 2]);
    assert_eq!(claims_in(&["--status", "unverified"]), [3]);
    let file = env.tmp().join("confirmed.jsonl");
    env.run_ok(&[
        "export",
        "--status",
        "confirmed",
        "--output",
        file.to_str().unwrap(),
    ]);
    let other = Env::new();
    other.run_ok(&["import", file.to_str().unwrap()]);
    assert_eq!(other.list_ids(&[]), [1]);
    assert_eq!(other.run_json(&["show", "2"])["id"], 1);
    assert_eq!(statement_ids(&other.show(1)), statement_ids(&env.show(1)));
    other.assert_rebuild_matches();
}

#[test]
fn restore_takes_a_number_as_a_claim_and_never_as_a_backup() {
    let env = Env::new();
    env.seed_story();
    // A backup named like a number beside the command: `restore 2` is still claim 2.
    let backup = env.path().join("2");
    env.run_ok(&["backup", backup.to_str().unwrap()]);
    env.run_ok(&["remove", "2"]);
    let restored = env.run_json(&["restore", "2"]);
    assert_eq!(restored["id"], 2);
    assert!(restored.get("removed").is_none(), "{restored}");
    assert_eq!(env.list_ids(&["--sort", "created"]), [2, 1]);
    let line = env.refused(&["restore", "#7"]);
    assert!(line.contains("no claim #7"), "{line}");
    // Given with its folder, the file is the backup to put in place.
    env.run_ok(&["remove", "1"]);
    env.run_ok(&["restore", "./2"]);
    assert_eq!(env.list_ids(&["--sort", "created"]), [2, 1]);
    assert!(env.show(1).get("removed").is_none());
}

#[test]
fn a_removed_claim_is_no_part_of_a_sources_track_record() {
    let env = Env::new();
    env.seed_story();
    let record = |env: &Env| {
        env.run_json(&["source", "show", "Fahrettin Altun"])["track_record"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let before = record(&env);
    assert!(before.contains("confirmed 1 claim"), "{before}");
    env.run_ok(&["remove", "1", "--note", "a duplicate"]);
    let after = record(&env);
    assert!(!after.contains("confirmed 1 claim"), "{after}");
    env.run_ok(&["restore", "1"]);
    assert_eq!(record(&env), before);
}

#[test]
fn the_claim_merged_into_lists_the_merge_in_its_log() {
    let env = Env::new();
    env.seed_story();
    env.run_ok(&["add", "A claim merged away"]);
    env.run_ok(&["merge", "3", "1"]);
    for claim in ["1", "3"] {
        let log = env.run_json(&["log", claim]);
        let kinds: Vec<&str> = log
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds.first(),
            Some(&"claim.merged"),
            "log {claim}: {kinds:?}"
        );
    }
    // The limit counts what is shown.
    let one = env.run_json(&["log", "1", "--limit", "1"]);
    assert_eq!(one.as_array().unwrap().len(), 1);
    assert_eq!(one[0]["kind"], "claim.merged");
    // Claim 2's history has nothing of it.
    let two = env.run_json(&["log", "2"]);
    assert!(
        two.as_array()
            .unwrap()
            .iter()
            .all(|e| e["kind"] != "claim.merged")
    );
}

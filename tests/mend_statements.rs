//! Mending the record (issue 12, items 1, 2, 5 and 8), through the binary: `statement show`,
//! `statement edit`, `statement move`, `source merge`; each with undo and redo, `--as-of`
//! before and after, `rebuild --check`, the JSON Lines round trip, bad input that changes
//! nothing, and the rule that a later command by another actor blocks an undo. And a name
//! taken by the start of a word is shown resolved and said on stderr.

mod common;

use common::{ALTUN_QUOTE, Env};
use serde_json::Value;

/// A statement of `show CLAIM --format json` by number.
fn statement(show: &Value, id: i64) -> Option<Value> {
    show["statements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .cloned()
}

/// The newest event of a kind.
fn newest(env: &Env, kind: &str) -> Value {
    env.events()
        .into_iter()
        .find(|e| e["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} event"))
}

/// What `show` says of a claim that undo and redo must put back: everything but the time of
/// last activity, which the undo itself is.
fn as_shown(env: &Env, claim: i64) -> Value {
    let mut show = env.show(claim);
    show.as_object_mut().unwrap().remove("last_activity");
    show
}

/// Export → import → export is byte-identical, history included, and the copy rebuilds.
fn assert_round_trip(env: &Env) {
    let first = env.tmp().join("first.jsonl");
    env.run_ok(&["export", "--output", first.to_str().unwrap()]);
    let other = Env::new();
    other.run_ok(&["import", first.to_str().unwrap()]);
    let second = other.tmp().join("second.jsonl");
    other.run_ok(&["export", "--output", second.to_str().unwrap()]);
    let (a, b) = (
        std::fs::read_to_string(&first).unwrap(),
        std::fs::read_to_string(&second).unwrap(),
    );
    assert!(a.contains("\"kind\":\"statement") || a.contains("source.merged"));
    assert_eq!(
        a, b,
        "the JSON Lines export changed on its way through import"
    );
    other.assert_rebuild_matches();
}

#[test]
fn statement_show_prints_one_statement_whole() {
    let env = Env::new();
    env.seed_story_timed();
    env.run_ok(&[
        "statement",
        "edit",
        "4",
        "--url",
        "https://apnews.example/ankara",
        "--note",
        "from the wire",
    ]);
    let v = env.run_json(&["statement", "show", "4"]);
    // The statement as `show` gives it, field for field, and its claim in brief.
    let show = env.show(1);
    assert_eq!(v["statement"], statement(&show, 4).unwrap());
    assert_eq!(v["statement"]["url"], "https://apnews.example/ankara");
    assert_eq!(v["statement"]["note"], "from the wire");
    assert_eq!(v["statement"]["via"], "Associated Press");
    assert_eq!(v["claim"]["id"], 1);
    assert_eq!(v["claim"]["uuid"], show["uuid"]);
    assert_eq!(v["claim"]["text"], show["text"]);
    assert_eq!(v["claim"]["status"], show["status"]);
    assert_eq!(
        v.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["statement", "claim"]
    );
    // For people: every field, the URL and note included.
    let table = env.run_ok(&["statement", "show", "#4"]);
    for shown in [
        "statement #4 on claim #1",
        "confirms",
        "Fahrettin Altun",
        "Associated Press",
        "https://apnews.example/ankara",
        "from the wire",
        "2022-11-14 09:00",
        ALTUN_QUOTE,
    ] {
        assert!(table.contains(shown), "{shown}: {table}");
    }
    // A retraction and its note are part of it.
    env.run_ok(&["retract", "3", "--note", "misheard"]);
    let table = env.run_ok(&["statement", "show", "3"]);
    assert!(
        table.contains("retracted") && table.contains("misheard"),
        "{table}"
    );
    // Bad numbers, and an undone statement, are one line each.
    for bad in [["statement", "show", "99"], ["statement", "show", "four"]] {
        env.refused(&bad);
    }
    env.run_ok(&["confirm", "2", "--by", "Kremlin"]);
    env.run_ok(&["undo"]);
    let line = env.refused(&["statement", "show", "7"]);
    assert!(line.contains("no statement #7"), "{line}");
}

#[test]
fn statement_edit_mends_in_place_regrades_and_undoes() {
    let env = Env::new();
    env.seed_story_timed();
    let before = as_shown(&env, 1);
    assert_eq!(before["status"], "confirmed");
    // The Kremlin denied it rather than declining to confirm: the claim is contested now.
    let out = env.run_json(&["statement", "edit", "3", "--stance", "denies"]);
    let event = newest(&env, "statement.edited");
    let show = env.show(1);
    assert_eq!(out, show, "edit answers with the claim as show prints it");
    assert_eq!(statement(&show, 3).unwrap()["stance"], "denies");
    assert_ne!(show["status"], before["status"]);
    // The table is show's table.
    env.run_ok(&["statement", "edit", "3", "--note", "per the transcript"]);
    assert_eq!(
        env.run_ok(&["statement", "edit", "3", "--note", "per the record"]),
        env.run_ok(&["show", "1"])
    );
    env.run_ok(&["undo"]);
    env.run_ok(&["undo"]);
    // The event: only what changed, old and new, and how the claim moved.
    let payload = &event["payload"];
    assert_eq!(payload["id"], 3);
    assert_eq!(payload["claim_id"], 1);
    assert_eq!(
        payload["changes"],
        serde_json::json!({"stance": {"old": "ncnd", "new": "denies"}})
    );
    assert_eq!(payload["status"]["old"], "confirmed");
    assert_eq!(payload["status"]["new"], show["status"]);
    env.assert_rebuild_matches();
    // Undo puts it back as it was; redo mends it again.
    env.undo();
    assert_eq!(as_shown(&env, 1), before);
    env.assert_rebuild_matches();
    env.run_ok(&["redo"]);
    assert_eq!(statement(&env.show(1), 3).unwrap()["stance"], "denies");
    env.assert_rebuild_matches();
    assert_round_trip(&env);
}

#[test]
fn statement_edit_sets_and_clears_each_field() {
    let env = Env::new();
    env.seed_story_timed();
    // Sources resolve as the verbs resolve them; a new name makes a source, with its note.
    let (_, stderr) = env.run_ok_full(&[
        "statement",
        "edit",
        "4",
        "--by",
        "Ibrahim Kalin",
        "--citing",
        "Kremlin",
        "--via",
        "",
        "--quote",
        "",
        "--url",
        "https://example.org/a",
        "--reliability",
        "B",
        "--at",
        "2022-11-14T09:30",
    ]);
    assert!(
        stderr.contains("new source") && stderr.contains("Ibrahim Kalin"),
        "{stderr}"
    );
    let s = statement(&env.show(1), 4).unwrap();
    assert_eq!(s["source"], "Ibrahim Kalin");
    assert_eq!(s["citing"], "Kremlin");
    assert_eq!(s["via"], Value::Null);
    assert_eq!(s["quote"], Value::Null);
    assert_eq!(s["url"], "https://example.org/a");
    assert_eq!(s["reliability"], "B");
    assert_eq!(s["stated_at"], "2022-11-14T09:30:00Z");
    let changes = &newest(&env, "statement.edited")["payload"]["changes"];
    assert_eq!(changes["source"]["old"]["name"], "Fahrettin Altun");
    assert_eq!(changes["source"]["new"]["name"], "Ibrahim Kalin");
    assert_eq!(changes["via"]["new"], Value::Null);
    assert_eq!(changes["quote"]["old"], ALTUN_QUOTE);
    // An empty grade is the source's again.
    env.run_ok(&["statement", "edit", "4", "--reliability", ""]);
    assert_eq!(statement(&env.show(1), 4).unwrap()["reliability"], "F");
    env.assert_rebuild_matches();
    // Undo of the edit that made a source takes the source back too.
    env.run_ok(&["undo"]);
    env.run_ok(&["undo"]);
    assert!(!env.sources_by_name().contains_key("Ibrahim Kalin"));
    assert_eq!(
        statement(&env.show(1), 4).unwrap()["quote"],
        ALTUN_QUOTE,
        "the quote is back"
    );
    env.assert_rebuild_matches();
}

#[test]
fn statement_edit_refuses_bad_input_and_changes_nothing() {
    let env = Env::new();
    env.seed_story_timed();
    for (args, says) in [
        (vec!["--by", ""], "--by"),
        (vec!["--at", ""], "--at"),
        (vec!["--stance", ""], "--stance"),
        (vec!["--stance", "maybe"], "stance"),
        (vec!["--reliability", "Z"], "reliability"),
        (vec!["--at", "the other day"], "date"),
        (vec![], "nothing to change"),
        (vec!["--stance", "ncnd"], "nothing to change"),
        (vec!["--via", "Associated Press"], "nothing to change"),
    ] {
        let mut full = vec!["statement", "edit", "4"];
        if says == "nothing to change" && args.contains(&"ncnd") {
            full[2] = "3";
        }
        full.extend(args.iter().copied());
        let line = env.refused(&full);
        assert!(line.contains(says), "{full:?}: {line}");
    }
    let line = env.refused(&["statement", "edit", "99", "--stance", "denies"]);
    assert!(line.contains("no statement #99"), "{line}");
    // A missing statement makes no source for its --by.
    env.refused(&["statement", "edit", "99", "--by", "Somebody New"]);
}

#[test]
fn an_edit_reads_the_same_at_every_as_of_but_at_moves_when_it_counts() {
    let env = Env::new();
    env.seed_story_timed();
    // Before the correction, as of 08:45: the Kremlin's ncnd counts.
    let early = ["show", "1", "--as-of", "2022-11-14T08:45"];
    assert_eq!(
        statement(&env.run_json(&early), 3).unwrap()["stance"],
        "ncnd"
    );
    // A correction mends the record: the stance reads as corrected at every as-of, also one
    // before the edit was made.
    env.run_ok(&["statement", "edit", "3", "--stance", "denies"]);
    let then = env.run_json(&early);
    assert_eq!(statement(&then, 3).unwrap()["stance"], "denies");
    assert_eq!(statement(&then, 4), None, "Altun spoke at 09:00");
    // --at moves when it counts: Altun's confirmation said at 11:00 is not there at 10:00.
    let ten = ["show", "1", "--as-of", "2022-11-14T10:00"];
    assert!(statement(&env.run_json(&ten), 4).is_some());
    env.run_ok(&["statement", "edit", "4", "--at", "2022-11-14T11:00"]);
    let at_ten = env.run_json(&ten);
    assert_eq!(statement(&at_ten, 4), None);
    assert_ne!(at_ten["status"], "confirmed");
    let noon = env.run_json(&["show", "1", "--as-of", "2022-11-14T12:00"]);
    assert!(statement(&noon, 4).is_some());
    // Undone, it counts from 09:00 again.
    env.run_ok(&["undo"]);
    assert!(statement(&env.run_json(&ten), 4).is_some());
    env.assert_rebuild_matches();
}

#[test]
fn statement_move_takes_a_statement_to_another_claim() {
    let env = Env::new();
    env.seed_story_timed();
    let (one, two) = (as_shown(&env, 1), as_shown(&env, 2));
    // The White House official spoke of the talks, not of the spy chiefs.
    let out = env.run_json(&["statement", "move", "5", "1"]);
    let show = env.show(1);
    assert_eq!(
        out, show,
        "move answers with the new claim as show prints it"
    );
    assert!(statement(&show, 5).is_some());
    let left = env.show(2);
    assert!(statement(&left, 5).is_none());
    assert_ne!(
        left["status"], two["status"],
        "the claim it left is regraded"
    );
    // The table is show's.
    env.run_ok(&["undo"]);
    assert_eq!(
        env.run_ok(&["statement", "move", "5", "1"]),
        env.run_ok(&["show", "1"])
    );
    let event = newest(&env, "statement.moved");
    let p = &event["payload"];
    assert_eq!(p["id"], 5);
    assert_eq!(p["claim_id"], serde_json::json!({"old": 2, "new": 1}));
    assert_eq!(p["claim"]["old"], two["uuid"]);
    assert_eq!(p["claim"]["new"], one["uuid"]);
    assert_eq!(p["from"]["status"]["old"], two["status"]);
    assert_eq!(p["from"]["summary"]["old"], two["summary"]);
    assert_eq!(p["to"]["summary"]["old"], one["summary"]);
    // In the history of the claim it joined, and of the claim it left.
    for claim in ["1", "2"] {
        let log = env.run_json(&["log", claim]);
        let found = log
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["uuid"] == event["uuid"]);
        assert!(found, "log {claim}");
    }
    env.assert_rebuild_matches();
    // The record is mended: as of a time before the move, the statement is on claim 1.
    let as_of = env.run_json(&["show", "1", "--as-of", "2022-11-14T10:30"]);
    assert!(statement(&as_of, 5).is_some());
    let as_of = env.run_json(&["show", "2", "--as-of", "2022-11-14T10:30"]);
    assert!(statement(&as_of, 5).is_none());
    // Undo takes it back and regrades both; redo moves it again.
    env.undo();
    assert_eq!(as_shown(&env, 1), one);
    assert_eq!(as_shown(&env, 2), two);
    env.assert_rebuild_matches();
    env.run_ok(&["redo"]);
    assert!(statement(&env.show(1), 5).is_some());
    env.assert_rebuild_matches();
    assert_round_trip(&env);
}

#[test]
fn statement_move_refuses_bad_input_and_changes_nothing() {
    let env = Env::new();
    env.seed_story_timed();
    env.run_ok(&["add", "A claim logged by mistake"]);
    env.run_ok(&["undo"]);
    for (args, says) in [
        (["statement", "move", "6", "2"], "on claim #2 already"),
        (["statement", "move", "6", "3"], "no claim #3"),
        (["statement", "move", "6", "99"], "no claim #99"),
        (["statement", "move", "99", "1"], "no statement #99"),
        (["statement", "move", "6", "one"], "not a claim number"),
    ] {
        let line = env.refused(&args);
        assert!(line.contains(says), "{args:?}: {line}");
    }
}

#[test]
fn source_merge_folds_one_source_into_another_and_undoes_exactly() {
    let env = Env::new();
    env.seed_story_timed();
    env.run_ok(&["source", "add", "F. Altun", "--alias", "Altun's office"]);
    env.run_ok(&[
        "confirm",
        "2",
        "--by",
        "F. Altun",
        "--at",
        "2022-11-14T11:00",
    ]);
    env.run_ok(&["assert", "1", "--by", "Kremlin", "--citing", "F. Altun"]);
    let sources = env.sources_by_name();
    let (small, altun) = (
        sources["F. Altun"]["id"].as_i64().unwrap(),
        sources["Fahrettin Altun"]["id"].as_i64().unwrap(),
    );
    let before = (as_shown(&env, 1), as_shown(&env, 2));
    assert!(before.1["summary"].as_str().unwrap().contains("F. Altun"));
    let out = env.run_json(&["source", "merge", "F. Altun", "Fahrettin Altun"]);
    // It answers with the source it went into, which has the names and statements now.
    assert_eq!(out["id"], altun);
    assert_eq!(
        common::strings(&out["aliases"]),
        ["Altun's office", "F. Altun"]
    );
    assert_eq!(out["statements"].as_array().unwrap().len(), 2);
    let two = env.show(2);
    assert!(
        !two["summary"].as_str().unwrap().contains("F. Altun"),
        "{two}"
    );
    // The record is mended: as of the day it was said, before the merge, it reads merged.
    let then = env.run_json(&["show", "2", "--as-of", "2022-11-14T12:00"]);
    assert_eq!(statement(&then, 7).unwrap()["source"], "Fahrettin Altun");
    assert_eq!(then["summary"], two["summary"]);
    let earlier = env.run_json(&["show", "2", "--as-of", "2022-11-14T10:30"]);
    assert!(statement(&earlier, 7).is_none(), "said at 11:00");
    assert_eq!(statement(&two, 7).unwrap()["source"], "Fahrettin Altun");
    assert_eq!(
        statement(&env.show(1), 8).unwrap()["citing"],
        "Fahrettin Altun"
    );
    // The merged source leaves `sources`; its number says where it went and shows that one.
    assert!(!env.sources_by_name().contains_key("F. Altun"));
    let number = format!("#{small}");
    let (shown, stderr) = env.run_json_full(&["source", "show", &number]);
    assert_eq!(shown["id"], altun);
    assert!(
        stderr.contains(&format!("merged into #{altun}")),
        "{stderr}"
    );
    // Its names are the other's now.
    let (_, stderr) = env.run_ok_full(&["ncnd", "2", "--by", "Altun's office"]);
    assert!(!stderr.contains("new source"), "{stderr}");
    assert_eq!(
        statement(&env.show(2), 9).unwrap()["source"],
        "Fahrettin Altun"
    );
    env.run_ok(&["undo"]);
    // A statement by its number goes to the source it was merged into, and says so.
    let (_, stderr) = env.run_ok_full(&["decline", "1", "--by", &number]);
    assert!(
        stderr.contains(&format!("merged into #{altun}")),
        "{stderr}"
    );
    env.run_ok(&["undo"]);
    // The event lists what it moved.
    let p = &newest(&env, "source.merged")["payload"];
    assert_eq!(p["id"], small);
    assert_eq!(p["into_id"], altun);
    assert_eq!(common::strings(&p["aliases"]), ["Altun's office"]);
    assert_eq!(common::strings(&p["added"]), ["F. Altun", "Altun's office"]);
    assert_eq!(p["statements"][0]["id"], 7);
    assert_eq!(p["citing"][0]["id"], 8);
    env.assert_rebuild_matches();
    // A merged source is merged into nothing else.
    let line = env.refused(&["source", "merge", &number, "Kremlin"]);
    assert!(line.contains("merged into"), "{line}");
    assert_round_trip(&env);
    // Undo unmerges exactly: names, aliases and statements back.
    env.undo();
    assert_eq!((as_shown(&env, 1), as_shown(&env, 2)), before);
    let sources = env.sources_by_name();
    assert_eq!(
        common::strings(&sources["F. Altun"]["aliases"]),
        ["Altun's office"]
    );
    assert!(common::strings(&sources["Fahrettin Altun"]["aliases"]).is_empty());
    env.assert_rebuild_matches();
    env.run_ok(&["redo"]);
    assert!(!env.sources_by_name().contains_key("F. Altun"));
    env.assert_rebuild_matches();
}

#[test]
fn anonymous_sources_merge_by_number_only_and_desks_not_at_all() {
    let env = Env::new();
    env.seed_story_timed();
    let sources = env.sources_by_name();
    let id = |name: &str| sources[name]["id"].as_i64().unwrap();
    let turkish = format!("#{}", id("Turkish official"));
    let white_house = format!("#{}", id("White House official"));
    // By its description: refused, saying to use the number.
    let line = env.refused(&["source", "merge", "Turkish official", "Kremlin"]);
    assert!(line.contains(&turkish) && line.contains("number"), "{line}");
    // A named source into an anonymous one: refused, saying which way round works.
    let line = env.refused(&["source", "merge", "Kremlin", &turkish]);
    assert!(line.contains("anonymous"), "{line}");
    // Into itself, into a desk, from nowhere.
    let line = env.refused(&["source", "merge", "Kremlin", "Kremlin"]);
    assert!(line.contains("one source already"), "{line}");
    env.run_ok(&["confirm", "2"]);
    let line = env.refused(&["source", "merge", "Kremlin", common::ACTOR]);
    assert!(line.contains("desk"), "{line}");
    env.refused(&["source", "merge", "Nobody At All", "Kremlin"]);
    env.refused(&["source", "merge", "#99", "Kremlin"]);
    // By number, an anonymous source merges into a named one, or another anonymous one; its
    // description becomes no one's name.
    env.run_json(&["source", "merge", &turkish, "Kremlin"]);
    assert!(common::strings(&env.sources_by_name()["Kremlin"]["aliases"]).is_empty());
    assert_eq!(statement(&env.show(1), 2).unwrap()["source"], "Kremlin");
    env.run_json(&["source", "merge", &white_house, "#1"]);
    env.assert_rebuild_matches();
    env.run_ok(&["undo"]);
    env.run_ok(&["undo"]);
    assert_eq!(
        statement(&env.show(1), 2).unwrap()["source"],
        "Turkish official"
    );
    env.assert_rebuild_matches();
}

#[test]
fn a_later_mend_by_another_blocks_the_undo_of_what_it_mended() {
    // Bob edits alice's statement: alice's undo of it is refused, naming bob's command.
    for mend in [
        vec!["statement", "edit", "1", "--stance", "denies"],
        vec!["statement", "move", "1", "2"],
        vec!["source", "merge", "Harbour master", "Port authority"],
    ] {
        let env = Env::new();
        env.as_actor("alice", &["add", "The ferry ran aground"]);
        env.as_actor("alice", &["add", "The pier closed"]);
        env.as_actor("alice", &["source", "add", "Port authority"]);
        env.as_actor("alice", &["assert", "1", "--by", "Harbour master"]);
        env.as_actor("bob", &mend);
        let bobs = env.events()[0]["command"].as_str().unwrap().to_string();
        let before = env.dump();
        let out = env.run(&["--actor", "alice", "undo"]);
        assert_eq!(out.status.code(), Some(1), "{mend:?}");
        assert!(out.stdout.is_empty());
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains("by bob") && stderr.contains(&bobs),
            "{mend:?}: {stderr}"
        );
        assert_eq!(
            env.dump(),
            before,
            "{mend:?}: the refused undo changed the database"
        );
        // Bob's undo goes first; then alice's can.
        env.as_actor("bob", &["undo"]);
        env.as_actor("alice", &["undo"]);
        env.assert_rebuild_matches();
    }
}

#[test]
fn a_name_taken_by_part_of_a_word_is_shown_resolved_and_said_once() {
    let env = Env::new();
    env.run_ok(&[
        "add",
        "The tanker carried arms",
        "--by",
        "Germany's federal prosecutor's office",
        "--kind",
        "organization",
    ]);
    let (out, stderr) =
        env.run_ok_full(&["confirm", "1", "--by", "Germany", "--citing", "germany"]);
    let said = "'Germany' taken as \"Germany's federal prosecutor's office\" (#1)";
    assert!(stderr.contains(said), "{stderr}");
    assert_eq!(stderr.matches("taken as").count(), 1, "once: {stderr}");
    assert!(
        out.contains("Germany's federal prosecutor's office"),
        "{out}"
    );
    // A whole word, the whole name, an alias or a number: nothing to say.
    env.run_ok(&[
        "source",
        "add",
        "Fahrettin Altun",
        "--alias",
        "the director",
    ]);
    for by in [
        "Altun",
        "fahrettin altun",
        "The Director",
        "#2",
        "Fahrettin",
    ] {
        let (_, stderr) = env.run_ok_full(&["ncnd", "1", "--by", by]);
        assert!(!stderr.contains("taken as"), "{by}: {stderr}");
    }
    let (_, stderr) = env.run_ok_full(&["ncnd", "1", "--by", "Fahr"]);
    assert!(
        stderr.contains("--by 'Fahr' taken as \"Fahrettin Altun\" (#2)"),
        "{stderr}"
    );
    // statement edit resolves the same way, with the same note.
    let (_, stderr) = env.run_ok_full(&["statement", "edit", "1", "--via", "Germ"]);
    assert!(stderr.contains("--via 'Germ' taken as"), "{stderr}");
    // And every other place a name is typed: the reads, source edit, source merge.
    let (_, stderr) = env.run_ok_full(&["list", "--by", "Germ"]);
    assert!(stderr.contains("--by 'Germ' taken as"), "{stderr}");
    let (shown, stderr) = env.run_json_full(&["source", "show", "Fahr"]);
    assert_eq!(shown["name"], "Fahrettin Altun");
    assert!(
        stderr.contains("'Fahr' taken as \"Fahrettin Altun\""),
        "{stderr}"
    );
    let (_, stderr) = env.run_ok_full(&["source", "edit", "Fahr", "--role", "director"]);
    assert!(stderr.contains("'Fahr' taken as"), "{stderr}");
    let (_, stderr) = env.run_ok_full(&["source", "merge", "Germ", "Fahrettin Altun"]);
    assert!(stderr.contains("'Germ' taken as"), "{stderr}");
}

#[test]
fn ingest_apply_shows_the_source_it_logged_under() {
    let env = Env::new();
    env.run_ok(&[
        "source",
        "add",
        "Harbour masters' union",
        "--kind",
        "organization",
    ]);
    let report = env.tmp().join("report.txt");
    std::fs::write(
        &report,
        "PORTVALE, May 3 (Wire) - The harbour master said the night ferry ran aground.\n",
    )
    .unwrap();
    let (v, stderr) = env.run_json_full(&["ingest", report.to_str().unwrap(), "--apply"]);
    assert_eq!(
        v["statements"][0]["speaker"], "Harbour masters' union",
        "{v}"
    );
    assert!(
        stderr.contains("taken as \"Harbour masters' union\""),
        "{stderr}"
    );
    env.run_ok(&["undo"]);
    let (table, _) = env.run_ok_full(&["ingest", report.to_str().unwrap(), "--apply"]);
    assert!(table.contains("Harbour masters' union"), "{table}");
}

#[test]
fn a_move_marks_activity_on_both_claims_and_an_import_keeps_it() {
    let env = Env::new();
    env.seed_story_timed();
    // Times are stored to the second: a second apart, each step's mark is told from the last.
    let tick = || std::thread::sleep(std::time::Duration::from_millis(1100));
    tick();
    env.run_ok(&["statement", "move", "5", "1"]);
    let moved_at = newest(&env, "statement.moved")["at"].clone();
    assert_eq!(env.show(2)["last_activity"], moved_at, "the claim it left");
    assert_eq!(
        env.show(1)["last_activity"],
        moved_at,
        "the claim it joined"
    );
    tick();
    env.run_ok(&["statement", "edit", "4", "--note", "later"]);
    assert_eq!(env.show(2)["last_activity"], moved_at);
    env.assert_rebuild_matches();
    // The import reads the activity off the history as the writer marked it.
    assert_round_trip(&env);
}

#[test]
fn a_redone_move_never_lands_on_a_claim_taken_back_since() {
    let env = Env::new();
    env.as_actor(
        "alice",
        &["add", "The ferry ran aground", "--by", "Harbour master"],
    );
    env.as_actor("bob", &["add", "The pier closed"]);
    env.as_actor("alice", &["statement", "move", "1", "2"]);
    env.as_actor("alice", &["undo"]);
    // Bob takes his claim back: alice's move, undone, does not hold it.
    env.as_actor("bob", &["undo"]);
    let before = env.dump();
    let out = env.run(&["--actor", "alice", "redo"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("no claim #2"), "{stderr}");
    assert_eq!(env.dump(), before);
    assert!(statement(&env.show(1), 1).is_some());
    env.assert_rebuild_matches();
}

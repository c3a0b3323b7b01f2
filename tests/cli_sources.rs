//! Sources: how --by, --via and --citing find (or make) a source, anonymous sources, the desk,
//! `source add` / `source edit`, and the `sources` listing.

mod common;

use common::*;
use serde_json::{Value, json};

/// A database with one claim and the sources given (by `source add NAME`).
fn with_sources(names: &[&str]) -> Env {
    let env = Env::new();
    env.run_ok(&["add", "a claim to speak about"]);
    for name in names {
        env.run_ok(&["source", "add", name]);
    }
    env
}

/// Records `verb 1 --by WHO` and returns (name of the speaker recorded, stderr).
fn speaker_of(env: &Env, verb: &str, who: &str) -> (String, String) {
    let (v, stderr) = env.run_json_full(&[verb, "1", "--by", who]);
    let show = env.show(1);
    let last = show["statements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|st| st["id"] == v["statement"])
        .unwrap_or_else(|| panic!("statement {} not in show 1", v["statement"]))
        .clone();
    (last["source"].as_str().unwrap().to_string(), stderr)
}

fn source_count(env: &Env) -> usize {
    env.run_json(&["sources"]).as_array().unwrap().len()
}

#[test]
fn exact_name_matches_whatever_the_case() {
    let env = with_sources(&["Fahrettin Altun"]);
    for spelling in ["Fahrettin Altun", "FAHRETTIN ALTUN", "fahrettin altun"] {
        let (who, stderr) = speaker_of(&env, "confirm", spelling);
        assert_eq!(who, "Fahrettin Altun", "{spelling}");
        assert!(!stderr.contains("new source"), "{spelling}: {stderr}");
    }
    assert_eq!(source_count(&env), 1);
    assert_eq!(env.sources_by_name()["Fahrettin Altun"]["statements"], 3);
}

#[test]
fn alias_matches_whatever_the_case() {
    let env = with_sources(&[]);
    env.run_ok(&[
        "source",
        "add",
        "Fahrettin Altun",
        "--alias",
        "Communications Director",
    ]);
    let (who, stderr) = speaker_of(&env, "confirm", "communications director");
    assert_eq!(who, "Fahrettin Altun");
    assert!(!stderr.contains("new source"), "{stderr}");
    assert_eq!(source_count(&env), 1);
}

#[test]
fn start_of_a_word_matches_a_unique_source() {
    let env = with_sources(&["Fahrettin Altun"]);
    env.run_ok(&["source", "add", "Associated Press", "--kind", "outlet"]);
    for spelling in ["altun", "Altun", "Fahr", "ALT"] {
        let (who, stderr) = speaker_of(&env, "confirm", spelling);
        assert_eq!(who, "Fahrettin Altun", "{spelling}");
        assert!(!stderr.contains("new source"), "{spelling}: {stderr}");
    }
    assert_eq!(source_count(&env), 2);

    // --via resolves the same way.
    let v = env.run_json(&["confirm", "1", "--by", "altun", "--via", "press"]);
    let show = env.show(1);
    let last = show["statements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|st| st["id"] == v["statement"])
        .unwrap()
        .clone();
    assert_eq!(last["via"], "Associated Press");
    assert_eq!(source_count(&env), 2);

    // The middle of a word is no match: a new source is made.
    let (who, stderr) = speaker_of(&env, "assert", "ltun");
    assert_eq!(who, "ltun");
    assert!(stderr.contains("new source"), "{stderr}");
    assert_eq!(source_count(&env), 3);
}

#[test]
fn ambiguous_start_of_word_is_refused_listing_the_candidates() {
    let env = with_sources(&["Sergei Naryshkin", "Sergei Lavrov"]);
    let before = env.dump();
    for args in [
        vec!["deny", "1", "--by", "Sergei"],
        vec!["deny", "1", "--by", "sergei"],
        vec!["assert", "1", "--by", "Nobody New", "--via", "Sergei"],
        vec!["assert", "1", "--by", "Nobody New", "--citing", "serg"],
        vec!["add", "another claim", "--by", "Sergei"],
        vec!["deny", "1", "--by", "Sergei", "--format", "json"],
    ] {
        let line = env.expect_err(&args, 1);
        assert!(
            line.contains("Sergei Naryshkin") && line.contains("Sergei Lavrov"),
            "{args:?}: the error should name both candidates: {line}"
        );
        assert_eq!(env.dump(), before, "{args:?} changed the database");
    }

    // An exact name wins over the start of a word.
    env.run_ok(&["source", "add", "Sergei"]);
    let (who, _) = speaker_of(&env, "deny", "sergei");
    assert_eq!(who, "Sergei");
    // And a longer start of a word is unique again.
    let (who, _) = speaker_of(&env, "deny", "lav");
    assert_eq!(who, "Sergei Lavrov");
}

#[test]
fn unknown_names_make_new_sources_and_say_so() {
    let env = with_sources(&[]);
    let (v, stderr) = env.run_json_full(&["assert", "1", "--by", "Jake Sullivan"]);
    assert!(stderr.contains("new source"), "{stderr}");
    assert_eq!(v["summary"], "asserted by Jake Sullivan");

    let (_, stderr) = env.run_json_full(&[
        "assert",
        "1",
        "--by",
        "Reuters",
        "--kind",
        "outlet",
        "--citing",
        "Kommersant",
    ]);
    assert!(stderr.contains("new source"), "{stderr}");
    let (_, stderr) = env.run_json_full(&["ncnd", "1", "--by", "Kremlin", "--via", "TASS"]);
    assert!(stderr.contains("new source"), "{stderr}");
    let (_, stderr) = env.run_json_full(&[
        "assert",
        "1",
        "--by",
        "Rosaviatsia",
        "--kind",
        "organization",
    ]);
    assert!(stderr.contains("new source"), "{stderr}");

    // Table output: the notice is on stderr, not mixed into stdout.
    let (stdout, stderr) =
        env.run_ok_full(&["assert", "1", "--by", "Flightradar24", "--kind", "data"]);
    assert!(stderr.contains("new source"), "{stderr}");
    assert!(!stdout.contains("new source"), "{stdout}");

    // A known source is not announced.
    let (_, stderr) = env.run_json_full(&["assert", "1", "--by", "Jake Sullivan"]);
    assert!(!stderr.contains("new source"), "{stderr}");

    let kinds: Vec<(String, Value)> = env
        .sources_by_name()
        .into_iter()
        .map(|(name, s)| (name, s["kind"].clone()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("Flightradar24".to_string(), json!("data")),
            ("Jake Sullivan".to_string(), json!("person")),
            ("Kommersant".to_string(), json!("outlet")),
            ("Kremlin".to_string(), json!("person")),
            ("Reuters".to_string(), json!("outlet")),
            ("Rosaviatsia".to_string(), json!("organization")),
            ("TASS".to_string(), json!("outlet")),
        ]
    );

    let show = env.show(1);
    assert_eq!(
        statement_fields(&show, &["source", "via", "citing"])[1..3],
        [
            json!({"source": "Reuters", "via": null, "citing": "Kommersant"}),
            json!({"source": "Kremlin", "via": "TASS", "citing": null}),
        ]
    );
}

#[test]
fn anonymous_sources_are_never_merged_nor_matched_by_name() {
    let env = with_sources(&[]);
    env.run_ok(&["assert", "1", "--by", "unnamed source", "--anonymous"]);
    env.run_ok(&["assert", "1", "--by", "unnamed source", "--anonymous"]);
    env.run_ok(&["decline", "1", "--anonymous"]);
    let sources = env.run_json(&["sources"]);
    let anonymous: Vec<&Value> = sources
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["name"] == "unnamed source")
        .collect();
    assert_eq!(anonymous.len(), 3, "three anonymous speakers: {sources}");
    for s in &anonymous {
        assert_eq!(s["kind"], "anonymous");
        assert_eq!(s["statements"], 1);
    }
    let ids: Vec<&Value> = anonymous.iter().map(|s| &s["id"]).collect();
    assert!(ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2]);

    // Neither the start of a word nor the whole name finds an anonymous source.
    let (who, stderr) = speaker_of(&env, "assert", "unnamed");
    assert_eq!(who, "unnamed");
    assert!(stderr.contains("new source"), "{stderr}");
    let (who, stderr) = speaker_of(&env, "assert", "unnamed source");
    assert_eq!(who, "unnamed source");
    assert!(stderr.contains("new source"), "{stderr}");

    let sources = env.run_json(&["sources"]);
    let named: Vec<&Value> = sources
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["name"] == "unnamed source" && s["kind"] == "person")
        .collect();
    assert_eq!(named.len(), 1, "{sources}");
    assert_eq!(sources.as_array().unwrap().len(), 5);

    // The show output marks which statements are anonymous.
    let flags: Vec<Value> = statement_fields(&env.show(1), &["anonymous"])
        .into_iter()
        .map(|o| o["anonymous"].clone())
        .collect();
    assert_eq!(flags, [true, true, true, false, false].map(Value::from));
}

#[test]
fn the_desk_is_one_source_named_after_the_actor() {
    let env = with_sources(&[]);
    env.run_ok(&["confirm", "1"]);
    env.run_ok(&["add", "another claim"]);
    env.run_ok(&["deny", "2"]);
    let sources = env.sources_by_name();
    assert_eq!(sources.len(), 1, "{sources:?}");
    assert_eq!(sources[ACTOR]["kind"], "desk");
    assert_eq!(sources[ACTOR]["statements"], 2);
}

#[test]
fn source_add_prints_the_source() {
    let env = Env::new();
    let v = env.run_json(&["source", "add", "Fahrettin Altun"]);
    assert_eq!(v["id"], 1);
    assert_eq!(v["name"], "Fahrettin Altun");
    assert_eq!(v["kind"], "person", "kind defaults to person");
    assert_eq!(v["reliability"], "F", "reliability defaults to F");
    assert_eq!(v["aliases"], json!([]));
    assert_eq!(v["statements"], 0);
    assert!(is_uuid_v7(v["uuid"].as_str().unwrap()), "{v}");

    let v = env.run_json(&[
        "source",
        "add",
        "Kremlin",
        "--kind",
        "organization",
        "--role",
        "presidential administration",
        "--affiliation",
        "Russia",
        "--alias",
        "Kremlin press service",
        "--alias",
        "Peskov's office",
        "--reliability",
        "C",
    ]);
    assert_eq!(v["id"], 2);
    assert_eq!(v["name"], "Kremlin");
    assert_eq!(v["kind"], "organization");
    assert_eq!(v["role"], "presidential administration");
    assert_eq!(v["affiliation"], "Russia");
    assert_eq!(
        v["aliases"],
        json!(["Kremlin press service", "Peskov's office"])
    );
    assert_eq!(v["reliability"], "C");

    let listed = env.sources_by_name();
    assert_eq!(listed.len(), 2);
    assert_eq!(
        listed["Kremlin"], v,
        "sources lists the same object source add printed"
    );
}

#[test]
fn source_add_refuses_names_already_taken() {
    let env = Env::new();
    env.run_ok(&[
        "source",
        "add",
        "Kremlin",
        "--alias",
        "Kremlin press service",
    ]);
    env.run_ok(&["source", "add", "Dmitry Peskov"]);
    let before = env.dump();
    for args in [
        vec!["source", "add", "Kremlin"],
        vec!["source", "add", "kremlin"],
        vec!["source", "add", "Kremlin press service"],
        vec!["source", "add", "Spokesman", "--alias", "Dmitry Peskov"],
        vec!["source", "add", "Spokesman", "--alias", "KREMLIN"],
        vec!["source", "edit", "Dmitry Peskov", "--alias", "Kremlin"],
    ] {
        env.expect_err(&args, 1);
        assert_eq!(env.dump(), before, "{args:?} changed the database");
    }
}

#[test]
fn source_edit_changes_fields_and_adds_aliases() {
    let env = with_sources(&["Fahrettin Altun"]);
    let v = env.run_json(&[
        "source",
        "edit",
        "Fahrettin Altun",
        "--kind",
        "organization",
        "--role",
        "communications director",
        "--affiliation",
        "Turkish presidency",
        "--alias",
        "Ankara comms chief",
        "--reliability",
        "B",
    ]);
    assert_eq!(v["name"], "Fahrettin Altun");
    assert_eq!(v["kind"], "organization");
    assert_eq!(v["role"], "communications director");
    assert_eq!(v["affiliation"], "Turkish presidency");
    assert_eq!(v["aliases"], json!(["Ankara comms chief"]));
    assert_eq!(v["reliability"], "B");
    assert_eq!(env.sources_by_name()["Fahrettin Altun"], v);

    // The new alias resolves.
    let (who, _) = speaker_of(&env, "confirm", "ankara comms chief");
    assert_eq!(who, "Fahrettin Altun");

    // Editing one field leaves the others alone.
    let v = env.run_json(&["source", "edit", "Fahrettin Altun", "--reliability", "A"]);
    assert_eq!(v["reliability"], "A");
    assert_eq!(v["role"], "communications director");
    assert_eq!(v["aliases"], json!(["Ankara comms chief"]));

    // An unknown source is an error and creates nothing.
    let before = env.dump();
    env.expect_err(&["source", "edit", "Nobody Known", "--role", "x"], 1);
    assert_eq!(env.dump(), before);
}

#[test]
fn renaming_a_source_updates_summaries() {
    let env = Env::new();
    env.run_ok(&["add", "first claim", "--by", "Kremlin", "--stance", "ncnd"]);
    env.run_ok(&[
        "add",
        "second claim",
        "--by",
        "Altun",
        "--via",
        "AP",
        "--stance",
        "confirms",
    ]);
    env.run_ok(&["ncnd", "2", "--by", "Kremlin"]);

    let v = env.run_json(&["source", "edit", "Kremlin", "--name", "The Kremlin"]);
    assert_eq!(v["name"], "The Kremlin");
    assert_eq!(
        env.show(1)["summary"],
        "The Kremlin: can neither confirm nor deny"
    );
    assert_eq!(
        env.show(2)["summary"],
        "confirmed by Altun (via AP); The Kremlin: can neither confirm nor deny"
    );
    let list = env.run_json(&["list"]);
    assert_eq!(
        list[1]["summary"],
        "The Kremlin: can neither confirm nor deny"
    );

    // Statements name the source by its new name; the old name no longer resolves to it.
    assert_eq!(env.show(1)["statements"][0]["source"], "The Kremlin");
    env.run_ok(&["source", "edit", "Altun", "--name", "Fahrettin Altun"]);
    env.run_ok(&["source", "edit", "AP", "--name", "Associated Press"]);
    assert_eq!(
        env.show(2)["summary"],
        "confirmed by Fahrettin Altun (via Associated Press); The Kremlin: can neither confirm nor deny"
    );
    assert_eq!(env.show(2)["statements"][0]["via"], "Associated Press");
}

#[test]
fn sources_count_their_statements() {
    let env = Env::new();
    env.run_ok(&["add", "one", "--by", "Alpha"]);
    env.run_ok(&["add", "two", "--by", "Alpha", "--stance", "confirms"]);
    env.run_ok(&["deny", "1", "--by", "Bravo"]);
    env.run_ok(&["ncnd", "2", "--by", "alpha"]);
    env.run_ok(&["source", "add", "Charlie"]);
    let sources = env.run_json(&["sources"]);
    let mut counts: Vec<(String, i64)> = sources
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_string(),
                s["statements"].as_i64().unwrap(),
            )
        })
        .collect();
    counts.sort();
    assert_eq!(
        counts,
        vec![
            ("Alpha".to_string(), 3),
            ("Bravo".to_string(), 1),
            ("Charlie".to_string(), 0),
        ]
    );
    for s in sources.as_array().unwrap() {
        for field in [
            "id",
            "uuid",
            "name",
            "kind",
            "role",
            "affiliation",
            "aliases",
            "reliability",
            "statements",
        ] {
            assert!(s.get(field).is_some(), "sources lacks {field}: {s}");
        }
    }
    let table = env.run_ok(&["sources"]);
    for name in ["Alpha", "Bravo", "Charlie"] {
        assert!(table.contains(name), "{table}");
    }
}

#[test]
fn a_named_source_wins_over_a_desk_of_the_same_name() {
    let env = with_sources(&["Kremlin"]);
    // An actor who happens to share the name gets a desk of its own...
    let v = env.run_json(&["--actor", "Kremlin", "confirm", "1"]);
    assert_eq!(v["claim"], 1);
    let desks: Vec<Value> = env
        .run_json(&["sources"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["kind"] == "desk")
        .cloned()
        .collect();
    assert_eq!(desks.len(), 1, "{desks:?}");
    // ...and the name still means the named source, not the desk.
    let (speaker, _) = speaker_of(&env, "deny", "kremlin");
    assert_eq!(speaker, "Kremlin");
    let show = env.show(1);
    let last = show["statements"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["source_kind"], "person", "{last}");
}

#[test]
fn names_are_stored_with_their_spacing_tidied() {
    let env = with_sources(&[]);
    let (speaker, _) = speaker_of(&env, "assert", "  Fahrettin   Altun ");
    assert_eq!(speaker, "Fahrettin Altun");
    let v = env.run_json(&["source", "add", "Wire   Service", "--alias", " The  Wire "]);
    assert_eq!(v["name"], "Wire Service");
    assert_eq!(v["aliases"], json!(["The Wire"]));
}

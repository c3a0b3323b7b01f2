//! `retract` (a statement stops counting but stays visible) and `undo` (the last command's
//! changes reversed by compensating events, for every kind of change, several in a row, and
//! "nothing to undo"), with `log` marking what was undone.

mod common;

use common::*;
use serde_json::{Value, json};

// ---- retract ----

#[test]
fn a_retracted_statement_stops_counting_but_stays_visible() {
    let env = Env::new();
    env.run_ok(&["source", "add", "Aide", "--reliability", "B"]);
    env.run_ok(&[
        "add",
        "The talks were held at short notice",
        "--by",
        "Reporter",
    ]);
    env.run_ok(&["confirm", "1", "--by", "Aide"]);
    let v = env.show(1);
    assert_eq!(v["status"], "confirmed");
    assert_grade(&v, 2, &["Aide"]);

    let counts_before = env.event_counts();
    let before = now_utc();
    let v = env.run_json(&["retract", "#2", "--note", "the aide walked it back"]);
    let after = now_utc();
    assert_eq!(v["claim"], 1, "{v:#}");
    assert_eq!(v["statement"], 2, "{v:#}");
    assert_eq!(v["status"], "unverified", "{v:#}");
    assert_eq!(v["summary"], "asserted by Reporter", "{v:#}");
    assert_grade(&v, 3, &[]);

    // One event, of its own kind.
    let mut expected = counts_before.clone();
    *expected
        .entry("statement.retracted".to_string())
        .or_insert(0) += 1;
    assert_eq!(env.event_counts(), expected);

    let show = env.show(1);
    assert_eq!(show["status"], "unverified");
    assert_eq!(show["summary"], "asserted by Reporter");
    assert_grade(&show, 3, &[]);
    assert_eq!(show["independent_confirmations"], 0);
    assert_eq!(strings(&show["origins"]), ["Reporter"]);
    assert_eq!(
        statement_fields(&show, &["id", "stance", "source", "retracted"]),
        [
            json!({"id": 1, "stance": "asserts", "source": "Reporter", "retracted": false}),
            json!({"id": 2, "stance": "confirms", "source": "Aide", "retracted": true}),
        ]
    );
    assert!(show["statements"][0]["retracted_at"].is_null());
    let at = show["statements"][1]["retracted_at"]
        .as_str()
        .unwrap_or_else(|| panic!("retracted_at of a retracted statement: {show:#}"));
    assert!(is_utc_timestamp(at), "{at}");
    assert!(
        before.as_str() <= at && at <= after.as_str(),
        "retracted at {at}, between {before} and {after}"
    );

    // The stored status follows: list filters see it.
    assert_eq!(env.list_ids(&["--status", "unverified"]), [1]);
    assert_eq!(env.list_ids(&["--status", "confirmed"]), Vec::<i64>::new());
    assert_eq!(env.list_ids(&["--credibility", "3"]), [1]);
    let list = env.run_json(&["list"]);
    assert_eq!(list[0]["status"], "unverified");
    assert_eq!(list[0]["credibility"], 3);

    // The table still shows the statement, marked.
    let table = env.run_ok(&["show", "1"]);
    assert!(table.contains("Aide"), "{table}");
    assert!(table.contains("retracted"), "{table}");
}

#[test]
fn retracting_a_denial_regrades_the_claim() {
    let env = Env::new();
    env.run_ok(&["source", "add", "Ministry", "--reliability", "A"]);
    env.run_ok(&[
        "add",
        "The meeting was requested by Washington",
        "--by",
        "One",
        "--stance",
        "confirms",
    ]);
    env.run_ok(&["confirm", "1", "--by", "Two"]);
    env.run_ok(&["deny", "1", "--by", "Ministry"]);
    let v = env.show(1);
    assert_eq!(v["status"], "contested");
    assert_grade(&v, 4, &[]);
    let v = env.run_json(&["retract", "3"]);
    assert_eq!(v["status"], "confirmed");
    assert_eq!(v["summary"], "confirmed by One, Two");
    assert_grade(&v, 1, &[]);
    let show = env.show(1);
    assert_grade(&show, 1, &[]);
    assert_eq!(show["independent_confirmations"], 2);
    // A retracted denial is nobody's origin any more.
    assert_eq!(strings(&show["origins"]), ["One", "Two"]);

    // Retracting a confirmation leaves one: probably or possibly true, by reliability.
    let v = env.run_json(&["retract", "2"]);
    assert_eq!(v["status"], "confirmed");
    assert_grade(&v, 3, &[]);
    let v = env.run_json(&["retract", "1"]);
    assert_eq!(v["status"], "unverified");
    assert_eq!(v["summary"], "no statements yet");
    assert_grade(&v, 6, &[]);
    assert_eq!(env.show(1)["statements"].as_array().unwrap().len(), 3);
}

#[test]
fn retracting_the_echoes_ends_circular_reporting() {
    let env = Env::new();
    env.run_ok(&[
        "add",
        TALKS,
        "--by",
        "unnamed source",
        "--anonymous",
        "--via",
        "Kommersant",
    ]);
    env.run_ok(&["assert", "1", "--by", "Reuters", "--citing", "Kommersant"]);
    env.run_ok(&["assert", "1", "--by", "Interfax", "--citing", "Kommersant"]);
    assert_eq!(env.show(1)["circular"], true);
    assert_eq!(env.list_ids(&["--circular"]), [1]);
    env.run_ok(&["retract", "2"]);
    assert_eq!(env.show(1)["circular"], true);
    env.run_ok(&["retract", "3"]);
    let show = env.show(1);
    assert_eq!(show["circular"], false);
    assert_eq!(strings(&show["origins"]), ["unnamed source"]);
    assert_eq!(env.list_ids(&["--circular"]), Vec::<i64>::new());
}

#[test]
fn bad_retractions_are_refused_and_change_nothing() {
    let env = Env::new();
    env.run_ok(&["add", "A claim", "--by", "One"]);
    env.run_ok(&["confirm", "1", "--by", "Two"]);
    env.run_ok(&["retract", "1"]);
    // A statement that an undo took away cannot be retracted either.
    env.run_ok(&["deny", "1", "--by", "Three"]);
    env.undo();

    let before = env.dump();
    let cases: [(&[&str], &[i32]); 12] = [
        (&["retract", "1"], &[1]),
        (&["retract", "#1"], &[1]),
        (&["retract", "1", "--format", "json"], &[1]),
        (&["retract", "3"], &[1]),
        (&["retract", "99"], &[1]),
        (&["retract", "#99"], &[1]),
        (&["retract", "0"], &[1]),
        (&["retract", "abc"], &[1, 2]),
        (&["retract", "-1"], &[1, 2]),
        (&["retract"], &[2]),
        (&["retract", "2", "--frobnicate"], &[2]),
        (&["retract", "2", "--note"], &[2]),
    ];
    let mut problems = Vec::new();
    for (args, codes) in cases {
        let out = env.run(args);
        match error_shape(&out) {
            Ok((code, _)) if codes.contains(&code) => {}
            Ok((code, line)) => problems.push(format!(
                "claims {args:?}: exit {code}, expected {codes:?} ({line})"
            )),
            Err(problem) => problems.push(format!("{problem}\n{}", describe(args, &out))),
        }
        if env.dump() != before {
            problems.push(format!("claims {args:?} changed the database"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    // Statement 2 is still there to retract.
    env.run_ok(&["retract", "2"]);
}

// ---- undo ----

/// What a claim's state is, leaving out times that an undo may legitimately move.
fn fingerprint(show: &Value) -> Value {
    let mut picked = pick(
        show,
        &[
            "id",
            "text",
            "tags",
            "happened",
            "status",
            "summary",
            "credibility",
            "credibility_reason",
            "independent_confirmations",
            "origins",
            "circular",
        ],
    );
    let o = picked.as_object_mut().expect("pick makes an object");
    o.insert(
        "statements".to_string(),
        json!(statement_fields(
            show,
            &[
                "id",
                "stance",
                "source",
                "via",
                "citing",
                "retracted",
                "retracted_at",
                "reliability",
                "origin",
            ],
        )),
    );
    picked
}

fn source_names(env: &Env) -> Vec<String> {
    let mut names: Vec<String> = env
        .run_json(&["sources"])
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names
}

#[test]
fn nothing_to_undo_on_a_new_database() {
    let env = Env::new();
    env.assert_nothing_to_undo();
    assert!(!env.db().exists(), "a refused undo makes no database");
    env.run_ok(&["list"]);
    env.assert_nothing_to_undo();
    // Reading commands and failed commands leave nothing to undo either.
    env.expect_err(&["show", "1"], 1);
    env.run_ok(&["sources"]);
    env.assert_nothing_to_undo();
}

#[test]
fn undo_usage_errors_change_nothing() {
    let env = Env::new();
    env.run_ok(&["add", "A claim"]);
    let before = env.dump();
    // `undo COMMAND` takes an id of a command: a claim number names none (exit 1, as a value
    // that names nothing); an unknown flag is a usage error.
    env.expect_err(&["undo", "1"], 1);
    env.expect_err(&["undo", "--frobnicate"], 2);
    env.expect_err(&["undo", "--list", "someid"], 2);
    assert_eq!(env.dump(), before);
    // The table form says what it did.
    let out = env.run_ok(&["undo"]);
    assert!(!out.trim().is_empty());
    assert_eq!(env.list_ids(&[]), Vec::<i64>::new());
}

#[test]
fn undo_add_removes_the_claim_and_never_reuses_its_number() {
    let env = Env::new();
    env.run_ok(&["add", "The first claim"]);
    env.run_ok(&["add", "The second claim", "--tag", "second"]);
    let uuids_before = env.event_uuids();

    let v = env.undo();
    assert!(
        v["undone"]["command"].as_str().is_some_and(is_uuid_v7),
        "the undone command's uuid: {v}"
    );
    assert_eq!(env.list_ids(&[]), [1]);
    assert_eq!(env.list_ids(&["--tag", "second"]), Vec::<i64>::new());
    // The undone claim is gone for every command, and writing to it changes nothing.
    let dump = env.dump();
    for args in [
        &["show", "2"][..],
        &["show", "#2", "--format", "json"],
        &["edit", "2", "--text", "other words"],
        &["edit", "2", "--tag", "more"],
        &["confirm", "2", "--by", "Somebody"],
        &["deny", "2"],
        &["assert", "2", "--by", "Somebody", "--via", "Some Outlet"],
    ] {
        env.expect_err(args, 1);
        assert_eq!(env.dump(), dump, "claims {args:?} changed the database");
    }
    assert!(
        !source_names(&env).contains(&"Somebody".to_string()),
        "a refused statement made no source"
    );

    // Nothing is deleted from the history: it only grows.
    let uuids_after = env.event_uuids();
    assert!(uuids_after.len() > uuids_before.len());
    for uuid in &uuids_before {
        assert!(uuids_after.contains(uuid), "event {uuid} vanished");
    }

    // The next claim gets a new number.
    let v = env.run_json(&["add", "The third claim"]);
    assert_eq!(v["id"], 3);
    assert_eq!(env.list_ids(&[]), [3, 1]);
}

#[test]
fn undo_add_with_by_removes_the_claim_its_statement_and_the_sources_it_made() {
    let env = Env::new();
    env.run_ok(&["source", "add", "Known Voice"]);
    env.run_ok(&[
        "add",
        "The envoys flew home the same evening",
        "--tag",
        "fresh",
        "--by",
        "Fresh Voice",
        "--via",
        "Fresh Outlet",
        "--citing",
        "Fresh Agency",
    ]);
    assert_eq!(
        source_names(&env),
        ["Fresh Agency", "Fresh Outlet", "Fresh Voice", "Known Voice"]
    );
    env.undo();
    assert_eq!(source_names(&env), ["Known Voice"]);
    assert_eq!(env.list_ids(&[]), Vec::<i64>::new());
    env.expect_err(&["show", "1"], 1);
    // Its names are free again.
    env.run_ok(&["source", "add", "Fresh Voice"]);
    env.run_ok(&["source", "add", "Fresh Outlet", "--kind", "outlet"]);

    // A source that was there before stays; so does one added by an earlier command.
    env.run_ok(&["add", "The envoys met twice", "--by", "Known Voice"]);
    assert_eq!(env.sources_by_name()["Known Voice"]["statements"], 1);
    env.undo();
    let sources = env.sources_by_name();
    assert_eq!(sources["Known Voice"]["statements"], 0);
    assert!(sources.contains_key("Fresh Voice"));
    assert_eq!(env.list_ids(&[]), Vec::<i64>::new());

    // An anonymous source made by add goes too.
    env.run_ok(&["add", "The envoys met thrice", "--anonymous"]);
    env.undo();
    assert_eq!(
        source_names(&env),
        ["Fresh Outlet", "Fresh Voice", "Known Voice"]
    );
    assert_eq!(env.list_ids(&[]), Vec::<i64>::new());
}

#[test]
fn undo_a_statement_recomputes_the_claim() {
    let env = Env::new();
    env.run_ok(&["add", "The talks covered Ukraine", "--by", "Reporter"]);
    let unconfirmed = fingerprint(&env.show(1));
    let v = env.run_json(&["confirm", "1", "--by", "New Confirmer", "--via", "New Wire"]);
    assert_eq!(v["status"], "confirmed");
    env.undo();
    let show = env.show(1);
    assert_eq!(statement_ids(&show), [1]);
    assert_eq!(show["status"], "unverified");
    assert_eq!(show["summary"], "asserted by Reporter");
    assert_grade(&show, 3, &[]);
    assert_eq!(fingerprint(&show), unconfirmed);
    assert_eq!(source_names(&env), ["Reporter"]);
    assert_eq!(env.list_ids(&["--status", "confirmed"]), Vec::<i64>::new());
    assert_eq!(env.list_ids(&["--status", "unverified"]), [1]);

    // By a source that stays; and a denial.
    env.run_ok(&["deny", "1", "--by", "Reporter", "--reliability", "A"]);
    assert_eq!(env.show(1)["credibility"], 5);
    env.undo();
    assert_eq!(fingerprint(&env.show(1)), unconfirmed);
    assert_eq!(env.sources_by_name()["Reporter"]["statements"], 1);
    assert_eq!(env.list_ids(&["--credibility", "5"]), Vec::<i64>::new());
}

#[test]
fn undo_edit_brings_back_the_old_text_tags_and_date() {
    let env = Env::new();
    env.run_ok(&[
        "add",
        "The old wording",
        "--tag",
        "alpha",
        "--tag",
        "beta",
        "--happened",
        "2022-11-13",
    ]);
    let original = env.show(1);
    env.run_ok(&[
        "edit",
        "1",
        "--text",
        "The new wording",
        "--tag",
        "gamma",
        "--untag",
        "alpha",
        "--happened",
        "2022-11-14",
    ]);
    assert_eq!(env.show(1)["text"], "The new wording");
    env.undo();
    let show = env.show(1);
    for field in ["text", "tags", "happened", "status", "summary", "note"] {
        assert_eq!(show[field], original[field], "{field}");
    }
    assert_eq!(env.list_ids(&["--tag", "alpha"]), [1]);
    assert_eq!(env.list_ids(&["--tag", "gamma"]), Vec::<i64>::new());
}

#[test]
fn undo_source_add_frees_the_name_and_aliases() {
    let env = Env::new();
    env.run_ok(&[
        "source",
        "add",
        "Columnist",
        "--alias",
        "Penman",
        "--reliability",
        "B",
        "--role",
        "writer",
    ]);
    env.undo();
    assert!(source_names(&env).is_empty());
    env.expect_err(&["list", "--by", "Penman"], 1);
    env.expect_err(&["list", "--by", "Columnist"], 1);
    // Both the name and the alias can be used again.
    let v = env.run_json(&["source", "add", "Columnist"]);
    assert_eq!(v["reliability"], "F");
    assert_eq!(v["aliases"], json!([]));
    env.run_ok(&["source", "add", "Someone Else", "--alias", "Penman"]);
}

#[test]
fn undo_source_edit_brings_back_the_old_values() {
    let env = Env::new();
    env.run_ok(&["source", "add", "Fahrettin Altun", "--role", "aide"]);
    env.run_ok(&[
        "add",
        TALKS,
        "--by",
        "Fahrettin Altun",
        "--stance",
        "confirms",
    ]);
    let original_source = env.sources_by_name()["Fahrettin Altun"].clone();
    let original_claim = fingerprint(&env.show(1));
    assert_grade(&env.show(1), 3, &[]);

    env.run_ok(&[
        "source",
        "edit",
        "Altun",
        "--name",
        "F. Altun",
        "--role",
        "communications director",
        "--affiliation",
        "Presidency",
        "--reliability",
        "B",
        "--alias",
        "Comms Chief",
    ]);
    let show = env.show(1);
    assert_eq!(show["summary"], "confirmed by F. Altun");
    assert_grade(&show, 2, &["F. Altun"]);

    env.undo();
    let sources = env.sources_by_name();
    assert!(!sources.contains_key("F. Altun"), "{sources:?}");
    assert_eq!(sources["Fahrettin Altun"], original_source);
    assert_eq!(fingerprint(&env.show(1)), original_claim);
    assert_eq!(env.show(1)["summary"], "confirmed by Fahrettin Altun");
    env.expect_err(&["list", "--by", "Comms Chief"], 1);
    assert_eq!(env.list_ids(&["--credibility", "2"]), Vec::<i64>::new());
}

#[test]
fn undo_retract_makes_the_statement_count_again() {
    let env = Env::new();
    env.run_ok(&["add", "A claim", "--by", "One", "--stance", "confirms"]);
    env.run_ok(&["confirm", "1", "--by", "Two"]);
    let confirmed = fingerprint(&env.show(1));
    assert_grade(&env.show(1), 1, &[]);
    env.run_ok(&["retract", "2"]);
    assert_grade(&env.show(1), 3, &[]);
    env.undo();
    let show = env.show(1);
    assert_eq!(show["statements"][1]["retracted"], false);
    assert!(show["statements"][1]["retracted_at"].is_null());
    assert_eq!(show["independent_confirmations"], 2);
    assert_grade(&show, 1, &[]);
    assert_eq!(fingerprint(&show), confirmed);
    assert_eq!(env.list_ids(&["--credibility", "1"]), [1]);
    // It can be retracted again.
    let v = env.run_json(&["retract", "2"]);
    assert_grade(&v, 3, &[]);
}

#[test]
fn several_undos_step_back_one_command_at_a_time() {
    let env = Env::new();
    env.run_ok(&["add", "A claim in its first words", "--tag", "steps"]);
    let a = fingerprint(&env.show(1));
    env.run_ok(&["confirm", "1", "--by", "Confirmer", "--at", "2022-11-14"]);
    let b = fingerprint(&env.show(1));
    env.run_ok(&["edit", "1", "--text", "A claim in other words"]);
    let c = fingerprint(&env.show(1));
    env.run_ok(&["retract", "1"]);
    // Failures are not commands to undo.
    env.expect_err(&["confirm", "9", "--by", "Nobody"], 1);
    env.expect_err(&["retract", "1"], 1);
    let events = env.events().len();

    env.undo();
    assert_eq!(fingerprint(&env.show(1)), c);
    env.undo();
    assert_eq!(fingerprint(&env.show(1)), b);
    env.undo();
    assert_eq!(fingerprint(&env.show(1)), a);
    assert_eq!(source_names(&env), Vec::<String>::new());
    env.undo();
    assert_eq!(env.list_ids(&[]), Vec::<i64>::new());
    env.expect_err(&["show", "1"], 1);
    assert!(env.events().len() >= events + 4, "the history only grows");
    env.assert_nothing_to_undo();
}

#[test]
fn undo_skips_undo_commands_and_what_is_already_undone() {
    let env = Env::new();
    env.run_ok(&["add", "Claim A"]);
    env.run_ok(&["add", "Claim B"]);
    env.undo();
    assert_eq!(env.list_ids(&[]), [1]);
    let v = env.run_json(&["add", "Claim C"]);
    assert_eq!(v["id"], 3, "claim numbers are never reused");
    env.undo();
    assert_eq!(env.list_ids(&[]), [1]);
    // Not a redo of B, nor of C: A goes.
    env.undo();
    assert_eq!(env.list_ids(&[]), Vec::<i64>::new());
    env.assert_nothing_to_undo();
    env.assert_nothing_to_undo();
}

#[test]
fn log_marks_undone_changes() {
    let env = Env::new();
    env.run_ok(&["add", "A claim that is kept"]);
    env.run_ok(&["confirm", "1", "--by", "Passing Voice"]);
    let before: Vec<String> = env.event_uuids();
    env.undo();

    let events = env.events();
    let mut undone = 0;
    for e in &events {
        let flag = e["undone"]
            .as_bool()
            .unwrap_or_else(|| panic!("every event says whether it was undone: {e:#}"));
        let uuid = e["uuid"].as_str().unwrap().to_string();
        let kind = e["kind"].as_str().unwrap();
        let of_confirm = (kind == "statement.added"
            && e["payload"]["statement"]["source_name"] == "Passing Voice")
            || (kind == "source.added" && e["payload"]["source"]["name"] == "Passing Voice");
        if !before.contains(&uuid) {
            assert!(!flag, "the undo's own events are not undone: {e:#}");
        } else if of_confirm {
            assert!(flag, "the confirm's events are undone: {e:#}");
            undone += 1;
        } else {
            assert!(!flag, "{e:#}");
        }
    }
    assert_eq!(undone, 2);
    // The claim's own log too.
    let log1 = env.run_json(&["log", "1"]);
    assert!(log1.as_array().unwrap().iter().any(|e| e["undone"] == true));

    let table = env.run_ok(&["log"]);
    assert!(
        table
            .lines()
            .any(|l| l.contains("Passing Voice") && l.contains("undone")),
        "the undone statement's line says so:\n{table}"
    );
    for line in table.lines().filter(|l| l.contains("A claim that is kept")) {
        assert!(!line.contains("undone"), "{line}");
    }
}

#[test]
fn an_undone_source_is_gone_for_every_command() {
    let env = Env::new();
    env.run_ok(&["add", "A claim"]);
    let id = env.run_json(&["source", "add", "Vanishing Voice"])["id"]
        .as_i64()
        .unwrap();
    env.undo();
    let before = env.dump();
    let number = format!("#{id}");
    for args in [
        &["source", "show", "Vanishing Voice"][..],
        &["source", "show", &number],
        &["source", "edit", "Vanishing Voice", "--role", "x"],
        &["source", "edit", &number, "--role", "x"],
        &["list", "--by", &number],
        &["confirm", "1", "--by", &number],
    ] {
        env.expect_err(args, 1);
        assert_eq!(env.dump(), before, "claims {args:?} changed the database");
    }
    // By name, a statement makes a new source.
    env.run_ok(&["confirm", "1", "--by", "Vanishing Voice"]);
    let v = env.run_json(&["source", "show", "Vanishing Voice"]);
    assert_ne!(v["id"], id);
    assert_eq!(v["statements"].as_array().unwrap().len(), 1);
}

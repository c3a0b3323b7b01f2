//! Corroboration and grading (docs/rules.md): the origin of each statement through `--citing`,
//! independent confirmations, circular reporting, source and statement reliability, and the
//! information credibility 1–6 with the rule that fired, one test per row of the table; the
//! new JSON fields of `show` and `list`, the tables, and `list --credibility` / `--circular`.

mod common;

use common::*;
use serde_json::Value;

/// Adds a named source with a reliability letter.
fn source(env: &Env, name: &str, reliability: &str) {
    env.run_ok(&["source", "add", name, "--reliability", reliability]);
}

/// Adds a claim with no statement and returns its number as a string.
fn claim(env: &Env, text: &str) -> String {
    env.run_json(&["add", text])["id"]
        .as_i64()
        .expect("add prints the claim's id")
        .to_string()
}

/// Runs a statement verb and returns the claim as `show` prints it afterwards.
fn said(env: &Env, args: &[&str]) -> Value {
    let v = env.run_json(args);
    env.show(
        v["claim"]
            .as_i64()
            .expect("a statement verb prints the claim's number"),
    )
}

/// The evidence fields every claim carries, checked for type.
fn assert_evidence_fields(v: &Value) {
    assert!(
        v["credibility"]
            .as_i64()
            .is_some_and(|n| (1..=6).contains(&n)),
        "credibility 1–6 in {v:#}"
    );
    assert!(v["credibility_reason"].is_string(), "{v:#}");
    assert!(v["independent_confirmations"].is_i64(), "{v:#}");
    assert!(v["origins"].is_array(), "{v:#}");
    assert!(v["circular"].is_boolean(), "{v:#}");
}

// ---- Grade 1: confirmed by other sources ----

#[test]
fn grade_1_two_independent_confirmations_and_no_denies() {
    let env = Env::new();
    let c = claim(&env, "The talks lasted most of the afternoon");
    // Reliability plays no part in grade 1: both confirming sources are F.
    env.run_ok(&[
        "confirm",
        &c,
        "--by",
        "Wire One",
        "--at",
        "2022-11-14T10:00",
    ]);
    let v = said(
        &env,
        &[
            "confirm",
            &c,
            "--by",
            "Wire Two",
            "--at",
            "2022-11-14T11:00",
        ],
    );
    assert_grade(&v, 1, &[]);

    let show = env.show(1);
    assert_evidence_fields(&show);
    assert_grade(&show, 1, &[]);
    assert_eq!(show["independent_confirmations"], 2);
    assert_eq!(strings(&show["origins"]), ["Wire One", "Wire Two"]);
    assert_eq!(show["circular"], false);
    assert_eq!(statement_origins(&show), ["Wire One", "Wire Two"]);

    // Asserts and ncnd do not get in the way.
    env.run_ok(&["assert", &c, "--by", "Tabloid"]);
    env.run_ok(&["ncnd", &c, "--by", "Ministry"]);
    assert_grade(&env.show(1), 1, &[]);

    // A denial, even an unreliable one, makes it contested: doubtful, not grade 1.
    env.run_ok(&["deny", &c, "--by", "Blogger"]);
    let show = env.show(1);
    assert_eq!(show["status"], "contested");
    assert_grade(&show, 4, &[]);
}

#[test]
fn grade_1_needs_two_different_origins() {
    let env = Env::new();
    for name in ["Insider", "Outlet North", "Outlet South"] {
        source(&env, name, "A");
    }
    let c = claim(
        &env,
        "The delegations met at the intelligence service's offices",
    );
    // Two outlets confirm, both relying on the same insider: one independent confirmation.
    env.run_ok(&[
        "confirm",
        &c,
        "--by",
        "Outlet North",
        "--citing",
        "Insider",
        "--at",
        "2022-11-14T10:00",
    ]);
    let v = env.run_json(&[
        "confirm",
        &c,
        "--by",
        "Outlet South",
        "--citing",
        "Insider",
        "--at",
        "2022-11-14T11:00",
    ]);
    assert_eq!(v["status"], "confirmed");
    let show = env.show(1);
    assert_eq!(show["independent_confirmations"], 1, "{show:#}");
    assert_eq!(strings(&show["origins"]), ["Insider"]);
    assert_eq!(statement_origins(&show), ["Insider", "Insider"]);
    // Two confirms with one origin: not circular reporting (that is about asserts).
    assert_eq!(show["circular"], false);
    // Every source involved is A: one independent confirmation from an A–C source.
    assert_grade(&show, 2, &[]);
    assert_ne!(show["credibility"], 1);

    // A third outlet confirming on its own account is a second origin: grade 1.
    env.run_ok(&[
        "confirm",
        &c,
        "--by",
        "Outlet East",
        "--at",
        "2022-11-14T12:00",
    ]);
    let show = env.show(1);
    assert_eq!(show["independent_confirmations"], 2, "{show:#}");
    assert_eq!(strings(&show["origins"]), ["Insider", "Outlet East"]);
    assert_grade(&show, 1, &[]);

    // One outlet citing another that confirmed: still one origin.
    let c = claim(&env, "The meeting had been planned for weeks");
    env.run_ok(&[
        "confirm",
        &c,
        "--by",
        "Outlet North",
        "--at",
        "2022-11-14T10:00",
    ]);
    env.run_ok(&[
        "confirm",
        &c,
        "--by",
        "Outlet South",
        "--citing",
        "Outlet North",
        "--at",
        "2022-11-14T11:00",
    ]);
    let show = env.show(2);
    assert_eq!(show["independent_confirmations"], 1, "{show:#}");
    assert_eq!(strings(&show["origins"]), ["Outlet North"]);
    assert_grade(&show, 2, &["Outlet North"]);
}

// ---- Grade 5: improbable ----

#[test]
fn grade_5_denials_from_a_reliable_source_and_no_confirms() {
    let env = Env::new();
    for (n, letter) in ["A", "B", "C"].iter().enumerate() {
        let name = format!("Ministry {letter}");
        source(&env, &name, letter);
        let c = claim(&env, &format!("A claim the ministry rejects, number {n}"));
        env.run_ok(&["assert", &c, "--by", "Tabloid"]);
        let v = said(&env, &["deny", &c, "--by", &name]);
        assert_eq!(v["status"], "denied");
        assert_grade(&v, 5, &[]);
        let show = env.show(n as i64 + 1);
        assert_grade(&show, 5, &[&name]);
        assert_eq!(show["independent_confirmations"], 0);
    }
    // A reliable denial among unreliable ones is enough.
    let c = claim(&env, "A claim denied from two sides");
    env.run_ok(&["deny", &c, "--by", "Gossip"]);
    env.run_ok(&["deny", &c, "--by", "Ministry B"]);
    assert_grade(&env.show(4), 5, &["Ministry B"]);
}

// ---- Grade 4: doubtful ----

#[test]
fn grade_4_contested() {
    let env = Env::new();
    source(&env, "Ministry", "A");
    source(&env, "Agency", "A");
    let c = claim(&env, "The two sides agreed to meet again");
    env.run_ok(&["confirm", &c, "--by", "Agency"]);
    let v = said(&env, &["deny", &c, "--by", "Ministry"]);
    assert_eq!(v["status"], "contested");
    assert_grade(&v, 4, &[]);
    assert_grade(&env.show(1), 4, &[]);

    // Two independent confirms do not outweigh a denial: still contested, still 4.
    env.run_ok(&["confirm", &c, "--by", "Second Agency"]);
    let show = env.show(1);
    assert_eq!(show["independent_confirmations"], 2);
    assert_eq!(show["status"], "contested");
    assert_grade(&show, 4, &[]);
}

#[test]
fn grade_4_only_denials_from_unreliable_sources() {
    let env = Env::new();
    for (n, letter) in ["D", "E", "F"].iter().enumerate() {
        let name = format!("Channel {letter}");
        source(&env, &name, letter);
        let c = claim(&env, &format!("A claim a channel rejects, number {n}"));
        let v = said(&env, &["deny", &c, "--by", &name]);
        assert_eq!(v["status"], "denied");
        assert_grade(&v, 4, &[]);
        assert_grade(&env.show(n as i64 + 1), 4, &[&name]);
    }
    // Several unreliable denials are still doubtful, not improbable.
    env.run_ok(&["deny", "1", "--by", "Channel E"]);
    assert_grade(&env.show(1), 4, &[]);
}

// ---- Grades 2 and 3: one confirmation, reliable or not ----

#[test]
fn grade_2_or_3_for_one_confirmation_by_its_reliability() {
    let env = Env::new();
    for (n, letter) in ["A", "B", "C", "D", "E", "F"].iter().enumerate() {
        let name = format!("Aide {letter}");
        source(&env, &name, letter);
        let c = claim(&env, &format!("A claim one aide confirms, number {n}"));
        env.run_ok(&["assert", &c, "--by", "Newspaper"]);
        let v = said(&env, &["confirm", &c, "--by", &name]);
        let grade = if n < 3 { 2 } else { 3 };
        assert_grade(&v, grade, &[]);
        let show = env.show(n as i64 + 1);
        assert_grade(&show, grade, &[&name]);
        assert_eq!(show["independent_confirmations"], 1);
        assert_eq!(strings(&show["origins"]), ["Newspaper", name.as_str()]);
        // The same source confirming twice is still one independent confirmation.
        env.run_ok(&["confirm", &c, "--by", &name]);
        let show = env.show(n as i64 + 1);
        assert_eq!(show["independent_confirmations"], 1);
        assert_grade(&show, grade, &[]);
    }
}

#[test]
fn grade_2_reason_on_the_seed_story() {
    let env = Env::new();
    env.seed_story();
    // Reliability F by default: one confirmation from an unjudged source is only possible.
    let show = env.show(1);
    assert_grade(&show, 3, &[]);
    assert_eq!(show["independent_confirmations"], 1);
    assert_eq!(
        strings(&show["origins"]),
        ["unnamed source", "Fahrettin Altun"]
    );
    assert_eq!(show["circular"], false);

    // Rating the aide B regrades the claim that he confirmed, in show and in list.
    env.run_ok(&["source", "edit", "Altun", "--reliability", "B"]);
    let show = env.show(1);
    assert_eq!(show["credibility"], 2);
    assert_eq!(
        show["credibility_reason"],
        "2 probably true: one independent confirmation, from Fahrettin Altun (B)"
    );
    let altun = &show["statements"][3];
    assert_eq!(altun["source"], "Fahrettin Altun");
    assert_eq!(altun["reliability"], "B");
    assert_eq!(altun["origin"], "Fahrettin Altun");
    assert_eq!(env.list_ids(&["--credibility", "2"]), [1]);
    let list = env.run_json(&["list"]);
    let item = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == 1)
        .expect("claim 1 is listed");
    assert_eq!(item["credibility"], 2);
    assert_eq!(item["credibility_reason"], show["credibility_reason"]);
}

// ---- Grade 3: possibly true ----

#[test]
fn grade_3_assertions_from_one_origin_or_more() {
    let env = Env::new();
    let c = claim(&env, "The talks were arranged by the host country");
    let v = said(&env, &["assert", &c, "--by", "Daily Paper"]);
    assert_eq!(v["status"], "unverified");
    assert_grade(&v, 3, &[]);
    let show = env.show(1);
    assert_grade(&show, 3, &[]);
    assert_eq!(show["independent_confirmations"], 0);
    assert_eq!(strings(&show["origins"]), ["Daily Paper"]);

    env.run_ok(&["ncnd", &c, "--by", "Kremlin"]);
    env.run_ok(&["decline", &c, "--by", "Embassy"]);
    env.run_ok(&["assert", &c, "--by", "Evening Paper"]);
    let show = env.show(1);
    assert_grade(&show, 3, &[]);
    // ncnd and declines are nobody's origin.
    assert_eq!(strings(&show["origins"]), ["Daily Paper", "Evening Paper"]);
    assert_eq!(show["circular"], false);

    // One confirmation from a reliable source whose statement is rated D: possibly true.
    source(&env, "Usually Right", "B");
    let c = claim(&env, "A second claim");
    env.run_ok(&["confirm", &c, "--by", "Usually Right", "--reliability", "D"]);
    assert_grade(&env.show(2), 3, &[]);
}

// ---- Grade 6: truth cannot be judged ----

#[test]
fn grade_6_nothing_but_ncnd_and_declines_or_no_statements() {
    let env = Env::new();
    let v = env.run_json(&["add", "A claim nobody has spoken on"]);
    assert_grade(&env.show(1), 6, &[]);
    // add prints the claim as show does.
    assert_eq!(v["credibility"], 6);

    let v = said(&env, &["ncnd", "1", "--by", "Kremlin"]);
    assert_grade(&v, 6, &[]);
    let v = said(
        &env,
        &["decline", "1", "--by", "Presidency", "--reliability", "A"],
    );
    assert_grade(&v, 6, &[]);
    let show = env.show(1);
    assert_grade(&show, 6, &[]);
    assert_eq!(show["independent_confirmations"], 0);
    assert_eq!(show["origins"], serde_json::json!([]));
    assert_eq!(show["circular"], false);
    assert_evidence_fields(&show);
}

// ---- Reliability: the source's, or the statement's own ----

#[test]
fn statement_reliability_overrides_the_source() {
    let env = Env::new();
    source(&env, "Columnist", "F");
    source(&env, "Agency", "A");

    // An F source's confirmation rated B on the statement: probably true.
    let c = claim(&env, "First claim");
    let v = said(
        &env,
        &["confirm", &c, "--by", "Columnist", "--reliability", "B"],
    );
    assert_grade(&v, 2, &["Columnist"]);
    // An A source's confirmation rated E: only possibly true.
    let c = claim(&env, "Second claim");
    let v = said(
        &env,
        &["confirm", &c, "--by", "Agency", "--reliability", "E"],
    );
    assert_grade(&v, 3, &[]);
    // A denial by an F source rated A: improbable; by an A source rated D: doubtful.
    let c = claim(&env, "Third claim");
    let v = said(
        &env,
        &["deny", &c, "--by", "Columnist", "--reliability", "A"],
    );
    assert_grade(&v, 5, &["Columnist"]);
    let c = claim(&env, "Fourth claim");
    let v = said(&env, &["deny", &c, "--by", "Agency", "--reliability", "D"]);
    assert_grade(&v, 4, &[]);
    // add takes it too.
    let v = env.run_json(&[
        "add",
        "Fifth claim",
        "--by",
        "Columnist",
        "--stance",
        "confirms",
        "--reliability",
        "C",
    ]);
    assert_eq!(v["id"], 5);
    assert_grade(&env.show(5), 2, &[]);
    // And the other verbs accept it.
    for verb in ["assert", "ncnd", "decline"] {
        env.run_ok(&[verb, "5", "--by", "Agency", "--reliability", "E"]);
    }

    // Each statement shows its effective letter; the source keeps its own.
    let show = env.show(1);
    assert_eq!(show["statements"][0]["reliability"], "B");
    env.run_ok(&["assert", "1", "--by", "Columnist"]);
    let show = env.show(1);
    let letters: Vec<&Value> = show["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["reliability"])
        .collect();
    assert_eq!(letters, ["B", "F"]);
    let show = env.show(5);
    let letters: Vec<&Value> = show["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["reliability"])
        .collect();
    assert_eq!(letters, ["C", "E", "E", "E"]);
    let sources = env.sources_by_name();
    assert_eq!(sources["Columnist"]["reliability"], "F");
    assert_eq!(sources["Agency"]["reliability"], "A");

    // A statement without its own letter follows its source's when that changes; one with
    // its own letter keeps it.
    env.run_ok(&["source", "edit", "Columnist", "--reliability", "D"]);
    let show = env.show(1);
    assert_eq!(show["statements"][0]["reliability"], "B");
    assert_eq!(show["statements"][1]["reliability"], "D");
    assert_grade(&show, 2, &[]);
}

#[test]
fn a_bad_reliability_letter_is_a_usage_error_and_changes_nothing() {
    let env = Env::new();
    env.run_ok(&["add", "A claim", "--by", "Somebody"]);
    let before = env.dump();
    for args in [
        &["confirm", "1", "--by", "Somebody", "--reliability", "G"][..],
        &["deny", "1", "--by", "Newcomer", "--reliability", "Z"],
        &["assert", "1", "--reliability", "7"],
        &[
            "add",
            "Another claim",
            "--by",
            "Newcomer",
            "--reliability",
            "AB",
        ],
        &["confirm", "1", "--by", "Somebody", "--reliability"],
    ] {
        env.expect_err(args, 2);
        assert_eq!(env.dump(), before, "claims {args:?} changed the database");
    }
}

#[test]
fn changing_a_sources_reliability_regrades_every_claim_it_spoke_on() {
    let env = Env::new();
    for n in 1..=3 {
        env.run_ok(&["add", &format!("Claim number {n}")]);
        env.run_ok(&["confirm", &n.to_string(), "--by", "Spokesperson"]);
    }
    env.run_ok(&["deny", "3", "--by", "Spokesperson"]);
    assert_eq!(env.list_ids(&["--credibility", "2"]), Vec::<i64>::new());
    env.run_ok(&["source", "edit", "Spokesperson", "--reliability", "A"]);
    let mut twos = env.list_ids(&["--credibility", "2"]);
    twos.sort();
    assert_eq!(twos, [1, 2]);
    for n in 1..=2 {
        assert_grade(&env.show(n), 2, &["Spokesperson"]);
    }
    // Claim 3 is contested whoever speaks.
    assert_grade(&env.show(3), 4, &[]);
    env.run_ok(&["source", "edit", "Spokesperson", "--reliability", "E"]);
    assert_eq!(env.list_ids(&["--credibility", "2"]), Vec::<i64>::new());
    assert_grade(&env.show(1), 3, &[]);
}

// ---- Origins ----

#[test]
fn a_citation_resolves_to_the_cited_sources_statements_on_the_same_claim() {
    let env = Env::new();
    // Claim 1: a reporter on its own account; an agency citing an insider who has not spoken
    // on this claim.
    let one = claim(&env, "The meeting was held at an embassy");
    let two = claim(&env, "The meeting was held at a hotel");
    env.run_ok(&["assert", &one, "--by", "Reporter"]);
    // On claim 2 the insider relies on somebody else: that must not leak into claim 1.
    env.run_ok(&["assert", &two, "--by", "Insider", "--citing", "Deep Source"]);
    env.run_ok(&["assert", &one, "--by", "Agency", "--citing", "Insider"]);
    let show = env.show(1);
    assert_eq!(statement_origins(&show), ["Reporter", "Insider"]);
    assert_eq!(strings(&show["origins"]), ["Reporter", "Insider"]);
    let show = env.show(2);
    assert_eq!(statement_origins(&show), ["Deep Source"]);

    // Claim 3: a chain. Alpha cites Beta, who cites Gamma, who speaks for himself.
    let three = claim(&env, "The envoys exchanged a list of prisoners");
    env.run_ok(&[
        "assert",
        &three,
        "--by",
        "Alpha",
        "--citing",
        "Beta",
        "--at",
        "2022-11-14T12:00",
    ]);
    env.run_ok(&[
        "assert",
        &three,
        "--by",
        "Beta",
        "--citing",
        "Gamma",
        "--at",
        "2022-11-14T11:00",
    ]);
    env.run_ok(&[
        "confirm",
        &three,
        "--by",
        "Gamma",
        "--at",
        "2022-11-14T10:00",
    ]);
    let show = env.show(3);
    assert_eq!(statement_origins(&show), ["Gamma", "Gamma", "Gamma"]);
    assert_eq!(strings(&show["origins"]), ["Gamma"]);
    assert_eq!(show["independent_confirmations"], 1);
    // Two asserts with one origin.
    assert_eq!(show["circular"], true);

    // Claim 4: the earliest statement of the cited source decides.
    let four = claim(&env, "The host country offered to mediate");
    env.run_ok(&[
        "assert",
        &four,
        "--by",
        "Beta",
        "--citing",
        "Gamma",
        "--at",
        "2022-11-14T11:00",
    ]);
    env.run_ok(&["assert", &four, "--by", "Beta", "--at", "2022-11-14T09:00"]);
    env.run_ok(&[
        "deny",
        &four,
        "--by",
        "Alpha",
        "--citing",
        "Beta",
        "--at",
        "2022-11-14T12:00",
    ]);
    let show = env.show(4);
    // In time order: Beta (09:00, own), Beta citing Gamma (11:00), Alpha citing Beta (12:00).
    assert_eq!(statement_origins(&show), ["Beta", "Gamma", "Beta"]);
    assert_eq!(strings(&show["origins"]), ["Beta", "Gamma"]);

    // Claim 5: a source citing itself, with nothing else of its own, is its own origin.
    let five = claim(&env, "The talks ended without a statement");
    env.run_ok(&["assert", &five, "--by", "Zed", "--citing", "Zed"]);
    assert_eq!(statement_origins(&env.show(5)), ["Zed"]);
}

#[test]
fn a_citation_through_the_outlet_that_carried_a_statement() {
    let env = Env::new();
    env.run_ok(&[
        "add",
        "The talks were about nuclear risks",
        "--by",
        "unnamed source",
        "--anonymous",
        "--via",
        "Kommersant",
        "--at",
        "2022-11-14T07:00",
    ]);
    env.run_ok(&[
        "confirm",
        "1",
        "--by",
        "Reuters",
        "--kind",
        "outlet",
        "--citing",
        "Kommersant",
        "--at",
        "2022-11-14T08:00",
    ]);
    let show = env.show(1);
    assert_eq!(
        statement_origins(&show),
        ["unnamed source", "unnamed source"]
    );
    assert_eq!(strings(&show["origins"]), ["unnamed source"]);
    assert_eq!(show["independent_confirmations"], 1);
    // Only one assert: nothing circular.
    assert_eq!(show["circular"], false);
}

#[test]
fn a_citation_loop_is_one_origin() {
    let env = Env::new();
    let c = claim(&env, "The spy chiefs discussed a prisoner swap");
    env.run_ok(&[
        "assert",
        &c,
        "--by",
        "Alpha",
        "--citing",
        "Beta",
        "--at",
        "2022-11-14T10:00",
    ]);
    env.run_ok(&[
        "assert",
        &c,
        "--by",
        "Beta",
        "--citing",
        "Alpha",
        "--at",
        "2022-11-14T11:00",
    ]);
    // Two sources relying on each other are one origin, the earlier: circular reporting.
    let show = env.show(1);
    assert_eq!(statement_origins(&show), ["Alpha", "Alpha"], "{show:#}");
    assert_eq!(strings(&show["origins"]), ["Alpha"]);
    assert_eq!(show["circular"], true);
    assert_grade(&show, 3, &["Alpha"]);

    // And as confirmations they are one independent confirmation, not two.
    let c = claim(&env, "A second claim the two pass between them");
    for (by, cites) in [("Alpha", "Beta"), ("Beta", "Alpha")] {
        env.run_ok(&["confirm", &c, "--by", by, "--citing", cites]);
    }
    let show = env.show(2);
    assert_eq!(show["independent_confirmations"], 1, "{show:#}");
    assert_ne!(show["credibility"], 1);
}

#[test]
fn origins_are_listed_once_each_in_time_order() {
    let env = Env::new();
    let c = claim(&env, "The talks took place on a Monday");
    // Logged out of time order.
    env.run_ok(&["confirm", &c, "--by", "Romeo", "--at", "2022-11-14T12:00"]);
    env.run_ok(&["assert", &c, "--by", "Papa", "--at", "2022-11-14T09:00"]);
    env.run_ok(&["ncnd", &c, "--by", "Sierra", "--at", "2022-11-14T08:00"]);
    env.run_ok(&["deny", &c, "--by", "Quebec", "--at", "2022-11-14T10:00"]);
    env.run_ok(&["assert", &c, "--by", "Papa", "--at", "2022-11-14T13:00"]);
    env.run_ok(&[
        "confirm",
        &c,
        "--by",
        "Tango",
        "--citing",
        "Papa",
        "--at",
        "2022-11-14T14:00",
    ]);
    let show = env.show(1);
    assert_eq!(strings(&show["origins"]), ["Papa", "Quebec", "Romeo"]);
    assert_eq!(
        statement_origins(&show),
        ["Sierra", "Papa", "Quebec", "Romeo", "Papa", "Papa"]
    );
    assert_eq!(show["independent_confirmations"], 2);
    assert_grade(&show, 4, &[]);
}

// ---- Circular reporting ----

/// Kommersant's unnamed source asserts; three other outlets assert citing Kommersant.
fn circular_story(env: &Env) {
    env.run_ok(&[
        "add",
        TALKS,
        "--tag",
        "ankara-talks",
        "--by",
        "unnamed source",
        "--anonymous",
        "--via",
        "Kommersant",
        "--at",
        "2022-11-14T07:00",
    ]);
    for (n, outlet) in ["Reuters", "Interfax", "Daily Sabah"].iter().enumerate() {
        env.run_ok(&[
            "assert",
            "1",
            "--by",
            outlet,
            "--kind",
            "outlet",
            "--citing",
            "Kommersant",
            "--at",
            &format!("2022-11-14T{:02}:00", n + 8),
        ]);
    }
}

#[test]
fn circular_reporting_four_reports_one_origin() {
    let env = Env::new();
    circular_story(&env);
    // Two claims that are not circular: two independent asserts; one assert.
    env.run_ok(&["add", "The meeting lasted two hours", "--by", "Paper One"]);
    env.run_ok(&["assert", "2", "--by", "Paper Two"]);
    env.run_ok(&[
        "add",
        "The meeting was the first in years",
        "--by",
        "Paper One",
    ]);

    let show = env.show(1);
    assert_eq!(show["circular"], true, "{show:#}");
    assert_eq!(strings(&show["origins"]), ["unnamed source"]);
    assert_eq!(show["independent_confirmations"], 0);
    assert_eq!(statement_origins(&show), ["unnamed source"; 4]);
    assert_eq!(show["status"], "unverified");
    // Four reports are never corroboration: asserts from one origin, possibly true.
    assert_grade(&show, 3, &[]);

    for n in [2, 3] {
        let show = env.show(n);
        assert_eq!(show["circular"], false, "claim {n}: {show:#}");
        assert_grade(&show, 3, &[]);
    }
    assert_eq!(strings(&env.show(2)["origins"]), ["Paper One", "Paper Two"]);

    // The table warns.
    let table = env.run_ok(&["show", "1"]);
    assert!(
        table.to_lowercase().contains("circular reporting"),
        "show 1 should warn of circular reporting:\n{table}"
    );
    let table = env.run_ok(&["show", "2"]);
    assert!(
        !table.to_lowercase().contains("circular reporting"),
        "no warning on claim 2:\n{table}"
    );

    // list --circular finds it, and only it; list items carry the flag.
    assert_eq!(env.list_ids(&["--circular"]), [1]);
    let list = env.run_json(&["list"]);
    for item in list.as_array().unwrap() {
        assert_evidence_fields(item);
        assert_eq!(item["circular"], item["id"] == 1, "{item:#}");
    }
    assert!(env.run_ok(&["list", "--circular"]).contains("Ankara"));

    // A confirmation on its own account adds an origin but the asserts stay circular.
    env.run_ok(&[
        "confirm",
        "1",
        "--by",
        "Fahrettin Altun",
        "--at",
        "2022-11-14T12:00",
    ]);
    let show = env.show(1);
    assert_eq!(show["circular"], true);
    assert_eq!(show["independent_confirmations"], 1);
    assert_eq!(
        strings(&show["origins"]),
        ["unnamed source", "Fahrettin Altun"]
    );
}

// ---- JSON and tables ----

#[test]
fn show_json_carries_the_evidence_of_the_claim_and_of_each_statement() {
    let env = Env::new();
    env.seed_story_timed();
    let show = env.show(1);
    assert_evidence_fields(&show);
    let statements = show["statements"].as_array().unwrap();
    assert_eq!(statements.len(), 4);
    for s in statements {
        assert_eq!(s["retracted"], false, "{s:#}");
        assert!(s["retracted_at"].is_null(), "{s:#}");
        assert_eq!(s["reliability"], "F", "{s:#}");
    }
    assert_eq!(
        statement_origins(&show),
        [
            "unnamed source",
            "Turkish official",
            "Kremlin",
            "Fahrettin Altun"
        ]
    );
    // add and edit print the claim as show does.
    let v = env.run_json(&["edit", "1", "--tag", "extra"]);
    assert_eq!(v["credibility"], show["credibility"]);
    assert_eq!(v["origins"], show["origins"]);
}

#[test]
fn list_items_carry_the_same_evidence_as_show() {
    let env = Env::new();
    env.seed_story();
    circular_story_as_claim_3(&env);
    let list = env.run_json(&["list"]);
    let items = list.as_array().unwrap();
    assert_eq!(items.len(), 3);
    for item in items {
        let show = env.show(item["id"].as_i64().unwrap());
        for field in [
            "credibility",
            "credibility_reason",
            "independent_confirmations",
            "origins",
            "circular",
        ] {
            assert_eq!(item[field], show[field], "{field} of claim {}", item["id"]);
        }
    }
}

fn circular_story_as_claim_3(env: &Env) {
    env.run_ok(&[
        "add",
        "The talks had been kept secret until that morning",
        "--by",
        "unnamed source",
        "--anonymous",
        "--via",
        "Kommersant",
    ]);
    env.run_ok(&["assert", "3", "--by", "Reuters", "--citing", "Kommersant"]);
}

#[test]
fn show_table_prints_the_grade_its_reason_and_the_origins() {
    let env = Env::new();
    env.seed_story_timed();
    env.run_ok(&["source", "edit", "Fahrettin Altun", "--reliability", "B"]);
    let show = env.show(1);
    let reason = show["credibility_reason"].as_str().unwrap().to_string();
    assert!(reason.starts_with("2 probably true"), "{reason}");
    let table = env.run_ok(&["show", "1"]);
    assert!(
        table.contains(&reason),
        "show's table should print the reason {reason:?}:\n{table}"
    );
    // The reason says "one independent confirmation"; another line gives the count and the
    // origins.
    assert!(
        table.lines().any(|l| l.contains("independent")
            && l.contains('1')
            && l.contains("unnamed source")
            && l.contains("Fahrettin Altun")),
        "the independent confirmations should be shown with their origins:\n{table}"
    );
    assert!(!table.to_lowercase().contains("circular reporting"));
}

#[test]
fn list_table_has_a_credibility_column() {
    let env = Env::new();
    env.seed_story();
    let table = env.run_ok(&["list"]);
    let header = table
        .lines()
        .find(|l| l.contains("status"))
        .unwrap_or_else(|| panic!("no header line:\n{table}"));
    let header = header.to_lowercase();
    assert!(
        header.contains("cred") || header.contains("grade"),
        "list's header should have a credibility column: {header:?}"
    );
}

// ---- list --credibility ----

/// Six claims, graded 1 to 6 in order.
fn one_claim_per_grade(env: &Env) {
    source(env, "Bee", "B");
    env.run_ok(&["add", "graded one", "--by", "One", "--stance", "confirms"]);
    env.run_ok(&["confirm", "1", "--by", "Two"]);
    env.run_ok(&["add", "graded two", "--by", "Bee", "--stance", "confirms"]);
    env.run_ok(&["add", "graded three", "--by", "Tabloid"]);
    env.run_ok(&["add", "graded four", "--by", "One", "--stance", "confirms"]);
    env.run_ok(&["deny", "4", "--by", "Two"]);
    env.run_ok(&["add", "graded five", "--by", "Bee", "--stance", "denies"]);
    env.run_ok(&["add", "graded six", "--by", "Kremlin", "--stance", "ncnd"]);
    for n in 1..=6 {
        assert_eq!(env.show(n)["credibility"], n, "claim {n}");
    }
}

fn sorted(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort();
    ids
}

#[test]
fn list_filters_by_a_credibility_range() {
    let env = Env::new();
    one_claim_per_grade(&env);
    let cases: [(&str, &[i64]); 8] = [
        ("1-2", &[1, 2]),
        ("3", &[3]),
        ("4-6", &[4, 5, 6]),
        ("1-6", &[1, 2, 3, 4, 5, 6]),
        ("1", &[1]),
        ("6", &[6]),
        ("5-5", &[5]),
        ("2-4", &[2, 3, 4]),
    ];
    for (range, expected) in cases {
        assert_eq!(
            sorted(env.list_ids(&["--credibility", range])),
            expected,
            "list --credibility {range}"
        );
    }
    // With other filters.
    assert_eq!(
        sorted(env.list_ids(&["--credibility", "4-6", "--status", "denied"])),
        [5]
    );
    assert_eq!(env.list_ids(&["--credibility", "1-3", "--by", "Bee"]), [2]);
    // The table works too.
    let table = env.run_ok(&["list", "--credibility", "3"]);
    assert!(table.contains("graded three"), "{table}");
    assert!(!table.contains("graded four"), "{table}");
}

#[test]
fn bad_credibility_ranges_are_refused_and_change_nothing() {
    let env = Env::new();
    one_claim_per_grade(&env);
    let before = env.dump();
    for range in [
        "7", "0-2", "x", "0", "1-7", "-1", "", "1-", "one-two", "1-2-3",
    ] {
        let (code, line) = env.run_err(&["list", "--credibility", range]);
        assert!(
            code == 1 || code == 2,
            "list --credibility {range:?}: exit {code} ({line})"
        );
        let (code, _) = env.run_err(&["list", "--credibility", range, "--format", "json"]);
        assert!(code == 1 || code == 2, "{range:?} as json: exit {code}");
        assert_eq!(env.dump(), before, "list --credibility {range:?}");
    }
    env.expect_err(&["list", "--credibility"], 2);
    env.expect_err(&["list", "--circular", "yes"], 2);
    assert_eq!(env.dump(), before);
}

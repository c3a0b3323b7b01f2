//! A claim or a statement named by its uuid, or a start of it of 8 hex digits or more, in
//! every command that takes one (the way colleagues on one desk point each other at the same
//! claim, whose number differs from file to file). No server needed: one file.

mod common;

use common::Env;

/// The seed story, and the uuid of claim 1 and of its first statement.
fn seeded() -> (Env, String, String) {
    let env = Env::new();
    env.seed_story();
    let shown = env.show(1);
    let claim = shown["uuid"].as_str().unwrap().to_string();
    let statement = shown["statements"][0]["uuid"].as_str().unwrap().to_string();
    (env, claim, statement)
}

#[test]
fn reads_take_a_uuid_or_its_start_as_they_take_the_number() {
    let (env, claim, statement) = seeded();
    // The whole uuid, without its dashes, and a start of 13 digits (with its dash): one claim.
    for named in [
        claim.clone(),
        claim.replace('-', ""),
        claim[..18].to_string(),
    ] {
        assert_eq!(env.run_json(&["show", &named]), env.show(1), "{named}");
        assert_eq!(
            env.run_json(&["similar", &named]),
            env.run_json(&["similar", "1"]),
            "{named}"
        );
        assert_eq!(
            env.run_json(&["log", &named]),
            env.run_json(&["log", "1"]),
            "{named}"
        );
    }
    assert_eq!(
        env.run_json(&["statement", "show", &statement]),
        env.run_json(&["statement", "show", "1"])
    );
    // The table names the uuid, so that it can be read off and passed on.
    assert!(env.run_ok(&["show", "1"]).contains(&claim));
    assert!(env.run_ok(&["statement", "show", "1"]).contains(&statement));
}

#[test]
fn writes_take_a_uuid_and_change_the_claim_it_names() {
    let (env, claim, statement) = seeded();
    env.run_ok(&["edit", &claim, "--tag", "by-uuid"]);
    env.run_ok(&["verdict", &claim, "true"]);
    env.run_ok(&["confirm", &claim, "--by", "Pool reporter"]);
    env.run_ok(&["retract", &statement, "--note", "named by uuid"]);
    let shown = env.show(1);
    assert!(shown["tags"].to_string().contains("by-uuid"), "{shown}");
    assert_eq!(shown["verdict"]["rating"], "true");
    assert!(
        shown["statements"][0]["retracted_at"].is_string(),
        "{shown}"
    );

    let second = env.show(2)["uuid"].as_str().unwrap().to_string();
    env.run_ok(&["merge", &second, &claim]);
    assert_eq!(env.run_json(&["show", &second])["id"], 1);
    env.run_ok(&["undo"]);
    env.run_ok(&["remove", &second, "--note", "junk"]);
    assert!(env.show(2)["removed"].is_object());

    // ingest --claim: the report's statements answer the claim the uuid names.
    std::fs::write(
        env.path().join("report.txt"),
        "ANKARA (Wire) - The Kremlin declined to comment on the talks, a spokesman said.\n",
    )
    .unwrap();
    let preview = env.run_json(&["ingest", "report.txt", "--claim", &claim]);
    let by_number = env.run_json(&["ingest", "report.txt", "--claim", "1"]);
    assert_eq!(preview, by_number);
}

#[test]
fn a_start_too_short_unknown_or_shared_is_one_line() {
    let (env, claim, _) = seeded();
    // Seven digits are not a uuid's start, and not a number either.
    let line = env.refused(&["show", &claim[..7]]);
    assert!(line.contains("not a claim number"), "{line}");
    let line = env.refused(&["confirm", "ffffffff-ffff", "--by", "Nobody"]);
    assert!(line.contains("no claim has a uuid starting"), "{line}");
    // The seed's claims were logged within a second: their first 8 digits are one time.
    let shared = &claim[..8];
    if env.show(2)["uuid"].as_str().unwrap().starts_with(shared) {
        let line = env.refused(&["show", shared]);
        assert!(line.contains("several claims"), "{line}");
    }
    let line = env.refused(&["statement", "show", "ffffffff-0000"]);
    assert!(line.contains("statement"), "{line}");
}

//! Stances and the status and summary derived from them: every verb and alias, every
//! status transition, the JSON of the statement verbs, and `add --stance`.

mod common;

use common::*;
use serde_json::{Value, json};

/// Each verb (and alias), the stance it records, the status it leaves on a fresh claim, and
/// the summary a single statement by "Speaker" gives.
const VERBS: &[(&str, &str, &str, &str)] = &[
    ("assert", "asserts", "unverified", "asserted by Speaker"),
    ("confirm", "confirms", "confirmed", "confirmed by Speaker"),
    ("deny", "denies", "denied", "denied by Speaker"),
    (
        "ncnd",
        "ncnd",
        "unverified",
        "Speaker: can neither confirm nor deny",
    ),
    (
        "neither",
        "ncnd",
        "unverified",
        "Speaker: can neither confirm nor deny",
    ),
    (
        "decline",
        "declines",
        "unverified",
        "Speaker: declined to comment",
    ),
    (
        "no-comment",
        "declines",
        "unverified",
        "Speaker: declined to comment",
    ),
];

#[test]
fn every_verb_and_alias_records_its_stance() {
    let env = Env::new();
    env.run_ok(&["source", "add", "Speaker"]);
    for (n, (verb, stance, status, summary)) in VERBS.iter().enumerate() {
        let claim = (n + 1) as i64;
        env.run_ok(&["add", &format!("claim for {verb}")]);
        let v = env.run_json(&[verb, &claim.to_string(), "--by", "Speaker"]);
        assert_eq!(v["claim"], claim, "{verb}: {v}");
        assert_eq!(v["status"], *status, "{verb}: {v}");
        assert_eq!(v["summary"], *summary, "{verb}: {v}");

        let show = env.show(claim);
        assert_eq!(show["status"], *status, "{verb}");
        assert_eq!(show["summary"], *summary, "{verb}");
        assert_eq!(
            statement_fields(&show, &["id", "stance", "source"]),
            vec![json!({"id": v["statement"], "stance": stance, "source": "Speaker"})],
            "{verb}"
        );
    }
}

#[test]
fn statement_verbs_print_claim_statement_status_and_summary() {
    let env = Env::new();
    env.run_ok(&["add", "first claim"]);
    env.run_ok(&["add", "second claim"]);
    let v = env.run_json(&["deny", "2", "--by", "Doubter"]);
    assert_eq!(
        v,
        json!({"claim": 2, "statement": 1, "status": "denied", "summary": "denied by Doubter"})
    );
    let v = env.run_json(&["confirm", "#1", "--by", "Believer", "--via", "Wire"]);
    assert_eq!(
        v,
        json!({"claim": 1, "statement": 2, "status": "confirmed",
               "summary": "confirmed by Believer (via Wire)"})
    );
    // The table form is not JSON but says the same thing.
    let out = env.run_ok(&["assert", "1", "--by", "Reporter"]);
    assert!(serde_json::from_str::<serde_json::Value>(&out).is_err());
    assert!(out.contains("confirmed"), "{out}");
}

#[test]
fn unverified_to_confirmed_to_contested() {
    let env = Env::new();
    let v = env.run_json(&["add", "a claim that will be fought over"]);
    assert_eq!(v["status"], "unverified");
    assert_eq!(v["summary"], "no statements yet");

    // Only asserts, ncnd and declines: still unverified.
    let steps = [
        ("assert", "Alpha", "asserted by Alpha"),
        (
            "ncnd",
            "Bravo",
            "asserted by Alpha; Bravo: can neither confirm nor deny",
        ),
        (
            "decline",
            "Charlie",
            "asserted by Alpha; Bravo: can neither confirm nor deny; Charlie: declined to comment",
        ),
    ];
    for (verb, who, summary) in steps {
        let v = env.run_json(&[verb, "1", "--by", who]);
        assert_eq!(v["status"], "unverified", "after {verb}");
        assert_eq!(v["summary"], summary, "after {verb}");
        assert_eq!(env.list_ids(&["--status", "unverified"]), vec![1]);
    }

    let v = env.run_json(&["confirm", "1", "--by", "Delta"]);
    assert_eq!(v["status"], "confirmed");
    assert_eq!(
        v["summary"],
        "confirmed by Delta; Bravo: can neither confirm nor deny; Charlie: declined to comment"
    );
    assert_eq!(env.list_ids(&["--status", "confirmed"]), vec![1]);
    assert_eq!(env.list_ids(&["--status", "unverified"]), Vec::<i64>::new());

    let v = env.run_json(&["deny", "1", "--by", "Echo"]);
    assert_eq!(v["status"], "contested");
    assert_eq!(
        v["summary"],
        "confirmed by Delta; denied by Echo; Bravo: can neither confirm nor deny; Charlie: declined to comment"
    );
    assert_eq!(env.list_ids(&["--status", "contested"]), vec![1]);
    assert_eq!(env.list_ids(&["--status", "confirmed"]), Vec::<i64>::new());
    assert_eq!(env.show(1)["status"], "contested");
}

#[test]
fn denied_then_contested() {
    let env = Env::new();
    env.run_ok(&["add", "a claim nobody backs"]);
    let v = env.run_json(&["deny", "1", "--by", "Spokesperson"]);
    assert_eq!(v["status"], "denied");
    assert_eq!(v["summary"], "denied by Spokesperson");
    // An assertion does not make a denied claim anything else, nor enter the summary.
    let v = env.run_json(&["assert", "1", "--by", "Tabloid"]);
    assert_eq!(v["status"], "denied");
    assert_eq!(v["summary"], "denied by Spokesperson");
    assert_eq!(env.list_ids(&["--status", "denied"]), vec![1]);
    let v = env.run_json(&["confirm", "1", "--by", "Minister"]);
    assert_eq!(v["status"], "contested");
    assert_eq!(
        v["summary"],
        "confirmed by Minister; denied by Spokesperson"
    );
}

#[test]
fn same_stance_sources_are_joined_in_time_order_each_once() {
    let env = Env::new();
    env.run_ok(&["add", "a claim many repeat"]);
    env.run_ok(&["assert", "1", "--by", "Later Paper", "--at", "2022-11-16"]);
    env.run_ok(&["assert", "1", "--by", "Early Paper", "--at", "2022-11-14"]);
    env.run_ok(&["assert", "1", "--by", "Later Paper", "--at", "2022-11-17"]);
    let v = env.run_json(&["assert", "1", "--by", "Middle Paper", "--at", "2022-11-15"]);
    assert_eq!(v["status"], "unverified");
    assert_eq!(
        v["summary"],
        "asserted by Early Paper, Middle Paper, Later Paper"
    );

    env.run_ok(&["ncnd", "1", "--by", "Kremlin", "--via", "TASS"]);
    env.run_ok(&["ncnd", "1", "--by", "Pentagon"]);
    let v = env.run_json(&["decline", "1", "--by", "Embassy"]);
    assert_eq!(
        v["summary"],
        "asserted by Early Paper, Middle Paper, Later Paper; Kremlin (via TASS): can neither confirm nor deny; Pentagon: can neither confirm nor deny; Embassy: declined to comment"
    );

    env.run_ok(&["confirm", "1", "--by", "Agency B", "--at", "2022-11-20"]);
    let v = env.run_json(&[
        "confirm",
        "1",
        "--by",
        "Agency A",
        "--via",
        "Wire",
        "--at",
        "2022-11-19",
    ]);
    assert_eq!(v["status"], "confirmed");
    assert_eq!(
        v["summary"],
        "confirmed by Agency A (via Wire), Agency B; Kremlin (via TASS): can neither confirm nor deny; Pentagon: can neither confirm nor deny; Embassy: declined to comment"
    );
}

#[test]
fn add_with_by_records_an_assertion_unless_stance_says_otherwise() {
    let env = Env::new();
    let v = env.run_json(&["add", "asserted at birth", "--by", "Herald"]);
    assert_eq!(v["status"], "unverified");
    assert_eq!(v["summary"], "asserted by Herald");
    assert_eq!(
        statement_fields(&v, &["stance", "source"]),
        vec![json!({"stance": "asserts", "source": "Herald"})]
    );

    let v = env.run_json(&[
        "add",
        "confirmed at birth",
        "--by",
        "Herald",
        "--stance",
        "confirms",
    ]);
    assert_eq!(v["status"], "confirmed");
    assert_eq!(v["summary"], "confirmed by Herald");
    assert_eq!(
        statement_fields(&v, &["stance", "source"]),
        vec![json!({"stance": "confirms", "source": "Herald"})]
    );
    assert_eq!(without_similar(v), env.show(2));

    // --stance alone: the desk speaks.
    let v = env.run_json(&["add", "denied at birth", "--stance", "denies"]);
    assert_eq!(v["status"], "denied");
    assert_eq!(v["summary"], format!("denied by {ACTOR}"));
    assert_eq!(
        statement_fields(&v, &["stance", "source", "source_kind"]),
        vec![json!({"stance": "denies", "source": ACTOR, "source_kind": "desk"})]
    );

    // --anonymous alone: an unnamed source asserts.
    let v = env.run_json(&["add", "whispered at birth", "--anonymous"]);
    assert_eq!(v["summary"], "asserted by unnamed source");
    assert_eq!(
        statement_fields(&v, &["stance", "source", "source_kind", "anonymous"]),
        vec![json!({"stance": "asserts", "source": "unnamed source",
                    "source_kind": "anonymous", "anonymous": true})]
    );

    // Neither: no statement at all.
    let v = env.run_json(&["add", "merely noted"]);
    assert_eq!(v["statements"], json!([]));
    assert_eq!(v["summary"], "no statements yet");
}

#[test]
fn add_accepts_every_stance() {
    let env = Env::new();
    let stances = [
        ("asserts", "unverified"),
        ("confirms", "confirmed"),
        ("denies", "denied"),
        ("ncnd", "unverified"),
        ("declines", "unverified"),
    ];
    for (stance, status) in stances {
        let v = env.run_json(&[
            "add",
            &format!("born {stance}"),
            "--by",
            "X",
            "--stance",
            stance,
        ]);
        assert_eq!(v["status"], status, "{stance}");
        assert_eq!(v["statements"][0]["stance"], stance);
    }
}

#[test]
fn without_by_the_desk_speaks_in_the_actors_name() {
    let env = Env::new();
    env.run_ok(&["add", "checked by our own reporting"]);
    let v = env.run_json(&["confirm", "1"]);
    assert_eq!(v["status"], "confirmed");
    assert_eq!(v["summary"], format!("confirmed by {ACTOR}"));
    assert_eq!(
        statement_fields(&env.show(1), &["source", "source_kind", "anonymous"]),
        vec![json!({"source": ACTOR, "source_kind": "desk", "anonymous": false})]
    );

    // --actor overrides CLAIMS_ACTOR, and the desk is then named after that actor.
    let v = env.run_json(&["--actor", "editor", "deny", "1"]);
    assert_eq!(v["status"], "contested");
    assert_eq!(
        v["summary"],
        format!("confirmed by {ACTOR}; denied by editor")
    );
    let show = env.show(1);
    assert_eq!(show["statements"][1]["source"], "editor");
    assert_eq!(show["statements"][1]["source_kind"], "desk");
}

#[test]
fn list_filters_by_several_statuses() {
    let env = Env::new();
    env.run_ok(&["add", "one", "--by", "A", "--stance", "confirms"]);
    env.run_ok(&["add", "two", "--by", "A", "--stance", "denies"]);
    env.run_ok(&["add", "three", "--by", "A"]);
    env.run_ok(&["add", "four", "--by", "A", "--stance", "confirms"]);
    env.run_ok(&["deny", "4", "--by", "B"]);
    assert_eq!(env.list_ids(&["--status", "confirmed"]), vec![1]);
    assert_eq!(env.list_ids(&["--status", "denied"]), vec![2]);
    assert_eq!(env.list_ids(&["--status", "unverified"]), vec![3]);
    assert_eq!(env.list_ids(&["--unverified"]), vec![3]);
    assert_eq!(env.list_ids(&["--status", "contested"]), vec![4]);
    assert_eq!(
        env.list_ids(&["--status", "confirmed", "--status", "denied"]),
        vec![2, 1]
    );
    let list = env.run_json(&["list"]);
    let statuses: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["contested", "unverified", "denied", "confirmed"]);
}

#[test]
fn statement_details_are_kept() {
    let env = Env::new();
    let v = env.run_json(&[
        "add",
        "a claim with a note",
        "--note",
        "raised at the morning meeting",
    ]);
    assert_eq!(v["note"], "raised at the morning meeting");
    let v = env.run_json(&[
        "assert",
        "1",
        "--by",
        "Reuters",
        "--kind",
        "outlet",
        "--citing",
        "Kommersant",
        "--via",
        "Wire Feed",
        "--quote",
        "the talks took place, a Moscow daily said",
        "--url",
        "https://example.org/wire/1234",
        "--note",
        "picked up from the wire",
        "--at",
        "2022-11-14T09:15",
    ]);
    let show = env.show(1);
    assert_eq!(
        statement_fields(
            &show,
            &[
                "id",
                "stance",
                "source",
                "source_kind",
                "via",
                "citing",
                "quote",
                "url",
                "note",
                "stated_at"
            ]
        ),
        vec![json!({
            "id": v["statement"], "stance": "asserts", "source": "Reuters", "source_kind": "outlet",
            "via": "Wire Feed", "citing": "Kommersant",
            "quote": "the talks took place, a Moscow daily said",
            "url": "https://example.org/wire/1234", "note": "picked up from the wire",
            "stated_at": "2022-11-14T09:15:00Z"
        })]
    );
    assert_eq!(show["note"], "raised at the morning meeting");
}

/// The summary grammar of the issue puts only the channel in parentheses: `A (via X)`.
#[test]
fn summary_shows_the_channel_and_whom_the_speaker_cites() {
    // Naming whom a speaker relies on tells the reader a confirmation is not independent.
    let env = Env::new();
    env.run_ok(&["add", "a claim relayed by a wire"]);
    let v = env.run_json(&[
        "assert",
        "1",
        "--by",
        "Reuters",
        "--via",
        "Wire Feed",
        "--citing",
        "Kommersant",
    ]);
    assert_eq!(
        v["summary"],
        "asserted by Reuters (via Wire Feed, citing Kommersant)"
    );
    let v = env.run_json(&["confirm", "1", "--by", "Agency", "--citing", "Kommersant"]);
    assert_eq!(v["summary"], "confirmed by Agency (citing Kommersant)");
}

/// `add` prints the claim as `show` does, plus the claims it reads like.
fn without_similar(mut added: Value) -> Value {
    let similar = added.as_object_mut().and_then(|o| o.remove("similar"));
    assert!(
        similar.is_some_and(|s| s.is_array()),
        "add lists similar claims"
    );
    added
}

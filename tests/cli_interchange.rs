//! Issue 4 end to end, through the binary: export and import (JSON Lines round trips, CSV
//! sheets, all or nothing), ClaimReview and the dossier, verdicts and settings, full-text
//! search, and near-duplicates.

mod common;

use std::fmt::Write as _;

use claims::store::{NewClaim, NewStatement, Store};
use common::*;
use serde_json::{Value, json};

/// The seed story, with a verdict, a setting, an edit, a retraction and an undone command:
/// every kind of event there is.
fn eventful_story(env: &Env) {
    env.seed_story();
    env.run_ok(&["config", "set", "org", "Harbour Fact Desk"]);
    env.run_ok(&[
        "verdict",
        "1",
        "true",
        "--explanation",
        "three parties say so on the record",
        "--url",
        "https://example.org/checks/1",
    ]);
    env.run_ok(&["edit", "2", "--tag", "spies"]);
    env.run_ok(&["retract", "5", "--note", "the official walked it back"]);
    env.run_ok(&["add", "A third claim, soon undone", "--by", "Kremlin"]);
    env.run_ok(&["undo"]);
    env.run_ok(&[
        "source",
        "edit",
        "Kremlin",
        "--reliability",
        "C",
        "--alias",
        "the Kremlin",
    ]);
}

/// A few hundred claims and statements written through the library, with varied stances,
/// quotes, outlets and citations.
fn generated(path: &std::path::Path, claims: i64) {
    let mut store = Store::open(path).unwrap();
    store
        .write("generator", |w| {
            let outlets: Vec<_> = (0..5)
                .map(|i| {
                    w.resolve_source(&format!("Outlet {i}"), claims::model::SourceKind::Outlet)
                })
                .collect::<Result<_, _>>()?;
            for n in 0..claims {
                let claim = w.add_claim(&NewClaim {
                    text: format!("Generated claim number {n} about shipment {}", n * 7 % 13),
                    tags: vec![format!("batch-{}", n % 3)],
                    happened: None,
                    note: (n % 4 == 0).then(|| format!("note {n}")),
                })?;
                for k in 0..(n % 4) {
                    let speaker = w.resolve_source(
                        &format!("Speaker {}", (n + k) % 17),
                        claims::model::SourceKind::Person,
                    )?;
                    let stance = [
                        claims::model::Stance::Asserts,
                        claims::model::Stance::Confirms,
                        claims::model::Stance::Denies,
                        claims::model::Stance::Ncnd,
                    ][((n + k) % 4) as usize];
                    w.add_statement(&NewStatement {
                        claim,
                        source: speaker,
                        stance,
                        via: (k % 2 == 0).then(|| outlets[(n % 5) as usize].clone()),
                        citing: (k == 2).then(|| outlets[((n + 1) % 5) as usize].clone()),
                        quote: Some(format!("words {n}-{k} \"quoted\" 'here', ünïcode ✓")),
                        url: Some(format!("https://example.org/{n}/{k}")),
                        stated_at: Some(claims::model::Stamp::stored(format!(
                            "2024-0{}-1{}T08:00:00Z",
                            1 + k,
                            n % 10
                        ))),
                        note: None,
                        reliability: None,
                    })?;
                }
            }
            Ok(())
        })
        .unwrap();
}

fn export(env: &Env, args: &[&str]) -> String {
    let mut full = vec!["export"];
    full.extend_from_slice(args);
    env.run_ok(&full)
}

/// Runs `claims import` on text written to a file in the test's directory.
fn import_text(env: &Env, name: &str, text: &str) -> std::process::Output {
    let path = env.path().join(name);
    std::fs::write(&path, text).unwrap();
    env.run(&["import", s(&path)])
}

fn import_ok(env: &Env, name: &str, text: &str) -> String {
    let out = import_text(env, name, text);
    assert!(
        out.status.success(),
        "{}",
        describe(&["import", name], &out)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Another database beside the test's, for the other side of an import.
fn other(env: &Env) -> std::path::PathBuf {
    env.path().join("other.db")
}

fn run_on(env: &Env, db: &std::path::Path, args: &[&str]) -> std::process::Output {
    env.cmd().env("CLAIMS_DB", db).args(args).output().unwrap()
}

fn stdout_of(out: std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn jsonl_round_trips_byte_for_byte_and_a_second_import_changes_nothing() {
    let env = Env::new();
    eventful_story(&env);
    let first = export(&env, &[]);
    for line in first.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        assert!(
            ["source", "claim", "statement", "config", "event"]
                .contains(&v["type"].as_str().unwrap()),
            "{line}"
        );
    }
    assert!(first.contains(r#""type":"event""#) && first.contains(r#""kind":"undo""#));

    let path = env.path().join("story.jsonl");
    std::fs::write(&path, &first).unwrap();
    let into = other(&env);
    let report = stdout_of(run_on(&env, &into, &["import", s(&path)]));
    assert!(report.starts_with("imported 3 claims"), "{report}");
    let second = stdout_of(run_on(&env, &into, &["export"]));
    assert_eq!(
        second, first,
        "export → import → export is the same document"
    );

    let before = dump_db(&into);
    let report = stdout_of(run_on(&env, &into, &["import", s(&path)]));
    assert!(report.contains("already here"), "{report}");
    assert_eq!(dump_db(&into), before, "a second import changes nothing");
    stdout_of(run_on(&env, &into, &["rebuild", "--check"]));

    // The copy is a working database: its history undoes, and reads as the original.
    let shown = stdout_of(run_on(&env, &into, &["show", "1", "--format", "json"]));
    assert_eq!(serde_json::from_str::<Value>(&shown).unwrap(), env.show(1));
    stdout_of(run_on(&env, &into, &["undo"]));
    stdout_of(run_on(&env, &into, &["rebuild", "--check"]));
}

#[test]
fn generated_data_round_trips_too() {
    let env = Env::new();
    generated(&env.db(), 240);
    let first = export(&env, &[]);
    assert!(first.lines().count() > 600);
    let path = env.path().join("generated.jsonl");
    std::fs::write(&path, &first).unwrap();
    let into = other(&env);
    stdout_of(run_on(&env, &into, &["import", s(&path)]));
    assert_eq!(stdout_of(run_on(&env, &into, &["export"])), first);
    // And through standard input.
    let third = env.path().join("third.db");
    let out = env
        .cmd()
        .env("CLAIMS_DB", &third)
        .args(["import", "-", "--format", "jsonl"])
        .write_stdin(first.clone())
        .output()
        .unwrap();
    stdout_of(out);
    assert_eq!(stdout_of(run_on(&env, &third, &["export"])), first);
}

#[test]
fn a_history_merges_into_a_database_with_its_own() {
    let env = Env::new();
    eventful_story(&env);
    let path = env.path().join("story.jsonl");
    std::fs::write(&path, export(&env, &[])).unwrap();

    // Another desk has its own claims, and its own Kremlin.
    let into = other(&env);
    stdout_of(run_on(
        &env,
        &into,
        &["add", "A harbour crane collapsed", "--by", "Port authority"],
    ));
    stdout_of(run_on(&env, &into, &["deny", "1", "--by", "Kremlin"]));
    let report = stdout_of(run_on(&env, &into, &["import", s(&path)]));
    assert!(report.contains("1 source known here by name"), "{report}");
    stdout_of(run_on(&env, &into, &["rebuild", "--check"]));

    // The imported claims took the next numbers; the Kremlin is one source with both stances.
    let list: Value = serde_json::from_str(&stdout_of(run_on(
        &env,
        &into,
        &["list", "--format", "json"],
    )))
    .unwrap();
    let texts: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert!(texts.contains(&TALKS) && texts.contains(&"A harbour crane collapsed"));
    let record: Value = serde_json::from_str(&stdout_of(run_on(
        &env,
        &into,
        &["source", "show", "Kremlin", "--format", "json"],
    )))
    .unwrap();
    assert_eq!(
        record["statements"].as_array().unwrap().len(),
        2,
        "{record}"
    );
    // The copied history speaks of this database's numbers: the talks were claim 1 where they
    // came from, and are claim 2 here.
    let talks = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["text"] == TALKS)
        .unwrap()["id"]
        .clone();
    assert_eq!(talks, 2);
    let log: Value = serde_json::from_str(&stdout_of(run_on(
        &env,
        &into,
        &["log", "--limit", "1000", "--format", "json"],
    )))
    .unwrap();
    let added = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "claim.added" && e["payload"]["claim"]["text"] == TALKS)
        .unwrap();
    assert_eq!(added["payload"]["claim"]["id"], talks, "{added}");
    let table = stdout_of(run_on(&env, &into, &["log", "2"]));
    assert!(table.contains("claim #2 logged: Officials"), "{table}");
}

#[test]
fn a_narrowed_export_carries_what_its_claims_need() {
    let env = Env::new();
    env.seed_story();
    env.run_ok(&[
        "add",
        "An unrelated claim",
        "--tag",
        "other",
        "--by",
        "Kremlin",
    ]);
    let narrowed = export(&env, &["--tag", "other"]);
    assert_eq!(narrowed.matches(r#""type":"claim""#).count(), 1);
    assert_eq!(
        narrowed.matches(r#""type":"source""#).count(),
        1,
        "{narrowed}"
    );
    let into = other(&env);
    let path = env.path().join("narrow.jsonl");
    std::fs::write(&path, &narrowed).unwrap();
    stdout_of(run_on(&env, &into, &["import", s(&path)]));
    stdout_of(run_on(&env, &into, &["rebuild", "--check"]));
    let confirmed = export(&env, &["--status", "confirmed"]);
    assert_eq!(confirmed.matches(r#""type":"claim""#).count(), 2);
}

/// The sheet of the README's example, in the README's columns.
const SHEET: &str = "\
claim,stance,source,via,citing,quote,url,stated_at,tags
A ferry ran aground off the north pier,asserts,Coast radio,,,,https://example.org/a,2024-05-02,\"harbour, ferries\"
A ferry ran aground off the north pier,confirms,Harbour master,Evening Post,,\"Yes, she is stuck on the bank\",,2024-05-02T10:30,
A ferry ran aground off the north pier,ncnd,Ferry company,,,,,2024-05-02T11:00,
The pier will close for a week,asserts,Evening Post,,Harbour master,,,2024-05-03,harbour
The pier will close for a week,denies,Harbour master,,,\"No decision yet\",,2024-05-03T09:00,
";

#[test]
fn a_sheet_imports_one_claim_per_text_and_undoes_as_one_command() {
    let env = Env::new();
    let report = import_ok(&env, "sheet.csv", SHEET);
    assert_eq!(
        report, "imported 2 claims, 5 statements, 4 sources\n",
        "Coast radio, Harbour master, Evening Post, Ferry company"
    );
    let list = env.run_json(&["list"]);
    assert_eq!(list.as_array().unwrap().len(), 2);
    let ferry = env.show(1);
    assert_eq!(ferry["status"], "confirmed");
    assert_eq!(ferry["tags"], json!(["ferries", "harbour"]));
    assert_eq!(
        statement_fields(&ferry, &["stance", "source", "via", "quote", "stated_at"]),
        vec![
            json!({"stance": "asserts", "source": "Coast radio", "via": null, "quote": null, "stated_at": "2024-05-02T00:00:00Z"}),
            json!({"stance": "confirms", "source": "Harbour master", "via": "Evening Post", "quote": "Yes, she is stuck on the bank", "stated_at": "2024-05-02T10:30:00Z"}),
            json!({"stance": "ncnd", "source": "Ferry company", "via": null, "quote": null, "stated_at": "2024-05-02T11:00:00Z"}),
        ]
    );
    let pier = env.show(2);
    assert_eq!(pier["status"], "denied");
    assert_eq!(pier["statements"][0]["citing"], "Harbour master");
    env.assert_rebuild_matches();

    // The same sheet again: every row is already here.
    let dump = env.dump();
    let report = import_ok(&env, "sheet.csv", SHEET);
    assert!(
        report.ends_with("5 already here, left as they were\n"),
        "{report}"
    );
    assert_eq!(env.dump(), dump);

    // One undo takes the whole import back.
    env.undo();
    assert_eq!(env.run_json(&["list"]), json!([]));
    env.assert_rebuild_matches();
}

#[test]
fn a_statements_export_reads_back_as_a_sheet() {
    let env = Env::new();
    import_ok(&env, "sheet.csv", SHEET);
    let sheet = export(&env, &["--format", "csv", "--statements"]);
    assert!(sheet.starts_with(
        "claim_id,claim,stance,source,via,citing,quote,url,stated_at,tags,note,retracted_at,\
             retraction_note,anonymous,source_kind,reliability,source_reliability,claim_removed,\
             claim_removal_note\n"
    ));
    let dump = env.dump();
    let report = import_ok(&env, "again.csv", &sheet);
    assert!(
        report.ends_with("5 already here, left as they were\n"),
        "{report}"
    );
    assert_eq!(env.dump(), dump);

    let claims = export(&env, &["--format", "csv"]);
    let mut lines = claims.lines();
    assert_eq!(
        lines.next(),
        Some(
            "id,uuid,claim,status,summary,tags,happened,first_reported,last_activity,sources,\
             removed,removal_note,merged_into"
        )
    );
    let first = lines.next().unwrap();
    assert!(first.starts_with("1,"), "{first}");
    assert!(
        first.contains(",confirmed,")
            && first.contains("2024-05-02T00:00:00Z")
            && first.ends_with(",Coast radio; Harbour master; Ferry company,,,"),
        "{first}"
    );
}

/// A sheet of `rows` good rows over about a third as many claims.
fn large_sheet(rows: usize) -> String {
    let mut sheet = String::from("claim,stance,source,quote,stated_at\n");
    for n in 0..rows {
        let stance = ["asserts", "confirms", "ncnd"][n % 3];
        writeln!(
            sheet,
            "Cargo claim {} from the manifest,{stance},Source {},\"said, {n}\",2024-01-01T00:{:02}",
            n / 3,
            n % 11,
            n % 60
        )
        .unwrap();
    }
    sheet
}

#[test]
fn a_bad_row_deep_in_a_large_sheet_names_its_line_and_writes_nothing() {
    let env = Env::new();
    env.seed_story();
    let dump = env.dump();
    let good = large_sheet(6000);
    let cases = [
        (
            "confrims,Source 1,\"q\",2024-01-01",
            "line 4322: unknown stance 'confrims'; did you mean 'confirms'?",
        ),
        (
            "asserts,X,\"q\",2022-02-30",
            "line 4322: stated_at: invalid date '2022-02-30'",
        ),
        (
            "asserts,only,two",
            "line 4322: the row has 4 cells where the header has 5",
        ),
    ];
    for (bad, expected) in cases {
        let mut lines: Vec<String> = good.lines().map(str::to_string).collect();
        // Line 4322 of the file is row 4321 after the header.
        lines[4321] = format!("Cargo claim 9999 from the manifest,{bad}");
        let path = env.path().join("large.csv");
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        let line = env.expect_err(&["import", s(&path)], 1);
        assert!(line.starts_with(&format!("error: {expected}")), "{line}");
        assert!(line.ends_with("nothing was imported"), "{line}");
        assert_eq!(env.dump(), dump, "{bad}: the database is as it was");
    }
    // Into a database that did not exist: none is left behind.
    let path = env.path().join("large.csv");
    let fresh = env.path().join("fresh.db");
    let out = env
        .cmd()
        .env("CLAIMS_DB", &fresh)
        .args(["import", s(&path)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!fresh.exists(), "a failed import leaves no database behind");
    // And the good sheet goes in whole.
    std::fs::write(&path, &good).unwrap();
    let report = env.run_ok(&["import", s(&path)]);
    assert!(
        report.starts_with("imported 2000 claims, 6000 statements"),
        "{report}"
    );
}

#[test]
fn bad_files_are_refused_with_the_line_and_nothing_written() {
    let env = Env::new();
    env.seed_story();
    let dump = env.dump();
    let story = export(&env, &[]);
    let truncated = &story[..story.len() - 40];
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "wrong-header.csv",
            "claim,stance,speaker\nx,asserts,y\n".into(),
            "line 1: unknown column 'speaker'",
        ),
        (
            "no-stance.csv",
            "claim,source\nx,y\n".into(),
            "line 1: the header has no 'stance' column",
        ),
        (
            "empty-claim.csv",
            "claim,stance\n  ,asserts\n".into(),
            "line 2: the claim must not be empty",
        ),
        ("truncated.jsonl", truncated.to_string(), "line "),
        (
            "not-json.jsonl",
            "{\"type\":\"claim\"\n".into(),
            "line 1: not a line of a claims export",
        ),
        (
            "unknown.jsonl",
            "{\"type\":\"planet\",\"uuid\":\"x\"}\n".into(),
            "line 1: not a line of a claims export (unknown variant `planet`",
        ),
        (
            "orphan.jsonl",
            format!(
                "{}\n",
                json!({"type": "statement", "uuid": "0190aaaa-0000-7000-8000-000000000001", "claim": "0190aaaa-0000-7000-8000-000000000002", "source": "x", "stance": "confirms", "stated_at": "2024-01-01", "recorded_at": "2024-01-01"})
            ),
            "line 1: the statement refers to claim 0190aaaa-0000-7000-8000-000000000002, which is neither",
        ),
        ("notes.txt", "hello".into(), "cannot tell the format of"),
    ];
    for (name, text, expected) in &cases {
        let out = import_text(&env, name, text);
        let (code, line) = error_shape(&out).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(code, 1, "{name}");
        assert!(
            line.starts_with(&format!("error: {expected}")),
            "{name}: {line}"
        );
        assert_eq!(env.dump(), dump, "{name}");
    }
    // A history that lacks how one of its claims came to be.
    let without: String = story
        .lines()
        .filter(|l| !l.contains(r#""kind":"claim.added""#) || !l.contains(SPY_CHIEFS))
        .map(|l| format!("{l}\n"))
        .collect();
    let path = env.path().join("partial.jsonl");
    std::fs::write(&path, without).unwrap();
    let fresh = other(&env);
    let out = run_on(&env, &fresh, &["import", s(&path)]);
    let (_, line) = error_shape(&out).unwrap();
    assert!(line.contains("not the event that added claim"), "{line}");
    // Invalid UTF-8 in a sheet.
    let path = env.path().join("latin1.csv");
    std::fs::write(&path, b"claim,stance\nSa\xefd so,asserts\n").unwrap();
    let line = env.expect_err(&["import", s(&path)], 1);
    assert!(line.starts_with("error: line 2: not UTF-8 text"), "{line}");
    assert_eq!(env.dump(), dump);
}

#[test]
fn a_script_written_file_without_history_gets_events_of_its_own() {
    let env = Env::new();
    let lines = [
        json!({"type": "source", "uuid": "0190bbbb-0000-7000-8000-000000000001", "name": "Weather office", "kind": "organization", "created_at": "2024-02-01"}),
        json!({"type": "claim", "uuid": "0190bbbb-0000-7000-8000-000000000002", "text": "Storm winds reached 120 km/h at the cape", "tags": ["Storm"], "created_at": "2024-02-01T06:00:00Z"}),
        json!({"type": "statement", "uuid": "0190bbbb-0000-7000-8000-000000000003", "claim": "0190bbbb-0000-7000-8000-000000000002", "source": "0190bbbb-0000-7000-8000-000000000001", "stance": "confirms", "quote": "gusts of 120 were measured", "stated_at": "2024-02-01T07:00:00Z", "recorded_at": "2024-02-01T07:05:00Z"}),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let report = import_ok(&env, "script.jsonl", &text);
    assert_eq!(report, "imported 1 claim, 1 statement, 1 source\n");
    let claim = env.show(1);
    assert_eq!(claim["status"], "confirmed");
    assert_eq!(claim["tags"], json!(["storm"]));
    assert_eq!(
        event_counts_of(&env),
        counts(&[
            ("source.added", 1),
            ("claim.added", 1),
            ("statement.added", 1)
        ])
    );
    env.assert_rebuild_matches();
    // Recorded as this command: one undo takes it back.
    env.undo();
    assert_eq!(env.run_json(&["list"]), json!([]));
}

/// The claim numbers of search hits, best first.
fn found(hits: &Value) -> Vec<i64> {
    hits.as_array()
        .expect("search prints an array")
        .iter()
        .map(|hit| hit["claim"].as_i64().expect("a claim number"))
        .collect()
}

fn event_counts_of(env: &Env) -> std::collections::BTreeMap<String, usize> {
    count_kinds(&env.events())
}

#[test]
fn claimreview_has_every_field_for_claims_with_a_verdict() {
    let env = Env::new();
    env.seed_story();
    env.run_ok(&[
        "verdict",
        "2",
        "mostly-true",
        "--url",
        "https://example.org/checks/2",
        "--explanation",
        "the meeting happened; who attended is not on record",
    ]);
    let line = env.expect_err(&["export", "--format", "claimreview"], 1);
    assert!(line.contains("config set org"), "{line}");

    let doc: Value = serde_json::from_str(&export(
        &env,
        &["--format", "claimreview", "--org", "Harbour Fact Desk"],
    ))
    .unwrap();
    assert_eq!(doc["@context"], "https://schema.org");
    let graph = doc["@graph"].as_array().unwrap();
    assert_eq!(graph.len(), 1, "only claim 2 has a verdict");
    let review = &graph[0];
    assert_eq!(review["@type"], "ClaimReview");
    assert_eq!(review["claimReviewed"], SPY_CHIEFS);
    assert_eq!(
        review["author"],
        json!({"@type": "Organization", "name": "Harbour Fact Desk"})
    );
    assert_eq!(review["datePublished"], today());
    assert_eq!(review["url"], "https://example.org/checks/2");
    assert_eq!(
        review["reviewRating"],
        json!({"@type": "Rating", "ratingValue": 4, "bestRating": 5, "worstRating": 1, "alternateName": "Mostly true"})
    );
    let item = &review["itemReviewed"];
    assert_eq!(item["@type"], "Claim");
    assert_eq!(item["author"]["name"], "White House official");
    assert_eq!(item["datePublished"], "2022-11-14");
    assert!(
        item["appearance"].is_array() && item.get("firstAppearance").is_some(),
        "{item}"
    );

    // The organisation from the settings; the appearances from the statements' links.
    env.run_ok(&["config", "set", "org", "Desk of Record"]);
    env.run_ok(&[
        "verdict",
        "1",
        "false",
        "--url",
        "https://example.org/checks/1",
    ]);
    env.run_ok(&[
        "confirm",
        "1",
        "--by",
        "Evening Post",
        "--url",
        "https://example.org/post/7",
        "--at",
        "2022-11-15",
    ]);
    let doc: Value = serde_json::from_str(&export(&env, &["--format", "claimreview"])).unwrap();
    let first = &doc["@graph"][0];
    assert_eq!(first["author"]["name"], "Desk of Record");
    assert_eq!(
        first["itemReviewed"]["appearance"],
        json!([{"@type": "CreativeWork", "url": "https://example.org/post/7"}])
    );
    assert_eq!(
        first["itemReviewed"]["firstAppearance"]["url"],
        "https://example.org/post/7"
    );
    assert_eq!(
        env.show(1)["status"],
        "confirmed",
        "a verdict never changes the status"
    );
}

#[test]
fn the_dossier_reads_in_time_order_with_quotes_and_links() {
    let env = Env::new();
    env.seed_story();
    env.run_ok(&[
        "confirm",
        "1",
        "--by",
        "Evening Post",
        "--url",
        "https://example.org/post/7",
        "--at",
        "2022-11-15",
    ]);
    let md = export(&env, &["--format", "markdown"]);
    assert!(
        md.starts_with("# Claims dossier\n\n2 claims, exported "),
        "{md}"
    );
    let talks = md.find("## #1 Officials from Washington").unwrap();
    let spies = md.find("## #2 The CIA's Bill Burns").unwrap();
    assert!(talks < spies);
    let first = &md[talks..spies];
    assert!(
        first.contains("**CONFIRMED**: confirmed by Fahrettin Altun (via Associated Press)"),
        "{first}"
    );
    let order: Vec<usize> = [
        "unnamed source",
        "Turkish official",
        "Kremlin",
        "Fahrettin Altun",
        "Evening Post",
    ]
    .iter()
    .map(|name| {
        first
            .find(&format!("**{name}**"))
            .unwrap_or_else(|| panic!("{name} in {first}"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{first}");
    assert!(first.contains(&format!(": “{ALTUN_QUOTE}”")));
    assert!(first.contains("([link](<https://example.org/post/7>))"));
    // Written to a file, whole.
    let path = env.path().join("dossier.md");
    env.run_ok(&["export", "-o", s(&path)]);
    let written = std::fs::read_to_string(&path).unwrap();
    let cut = |t: &str| t.lines().skip(3).collect::<Vec<_>>().join("\n");
    assert_eq!(
        cut(&written),
        cut(&md),
        "the same dossier, whatever the minute it was made"
    );
}

#[test]
fn a_verdict_is_kept_with_its_history_and_never_moves_the_status() {
    let env = Env::new();
    env.seed_story();
    let v = env.run_json(&[
        "verdict",
        "1",
        "misleading",
        "--explanation",
        "the talks were not secret",
    ]);
    assert_eq!(v["claim"], 1);
    assert_eq!(v["status"], "confirmed");
    assert_eq!(v["verdict"]["rating"], "misleading");
    assert_eq!(v["verdict"]["explanation"], "the talks were not secret");
    env.run_ok(&["verdict", "1", "false"]);
    let show = env.show(1);
    assert_eq!(show["verdict"]["rating"], "false");
    assert_eq!(show["verdict"]["explanation"], Value::Null);
    assert_eq!(show["status"], "confirmed");
    let log = env.run_ok(&["log", "1"]);
    assert!(log.contains("verdict \"misleading\" → \"false\""), "{log}");
    env.undo();
    assert_eq!(env.show(1)["verdict"]["rating"], "misleading");
    let line = env.expect_err(&["verdict", "1", "dubious"], 2);
    assert!(
        line.contains(
            "unknown rating 'dubious'; use one of: false, mostly-false, misleading, half-true, mostly-true, true"
        ),
        "{line}"
    );
    let line = env.expect_err(
        &[
            "verdict",
            "1",
            "misleading",
            "--explanation",
            "the talks were not secret",
        ],
        1,
    );
    assert!(line.starts_with("error: nothing to change"), "{line}");
    env.assert_rebuild_matches();
}

#[test]
fn settings_are_kept_in_the_database_with_their_history() {
    let env = Env::new();
    let line = env.expect_err(&["config", "get", "org"], 1);
    assert!(line.contains("'claims config set org VALUE'"), "{line}");
    assert_eq!(
        env.run_ok(&["config", "set", "org", "  Harbour   Desk "]),
        "Harbour Desk\n"
    );
    assert_eq!(
        env.run_json(&["config", "get", "org"]),
        json!({"key": "org", "value": "Harbour Desk"})
    );
    env.run_ok(&["config", "set", "org", "Quay Desk"]);
    env.undo();
    assert_eq!(env.run_ok(&["config", "get", "org"]), "Harbour Desk\n");
    env.assert_rebuild_matches();
    let line = env.expect_err(&["config", "set", "colour", "red"], 2);
    assert!(line.contains("invalid value 'colour'"), "{line}");
}

#[test]
fn search_finds_a_claim_by_a_word_only_in_one_of_its_quotes() {
    let env = Env::new();
    env.seed_story();
    // "touched" is only in the flight data's quote on claim 2.
    let hits = env.run_json(&["search", "touched"]);
    assert_eq!(hits.as_array().unwrap().len(), 1, "{hits}");
    let hit = &hits[0];
    assert_eq!(
        hit.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["claim", "text", "status", "score", "match"]
    );
    assert_eq!(hit["claim"], 2);
    assert_eq!(hit["text"], SPY_CHIEFS);
    assert_eq!(hit["status"], "confirmed");
    assert!(hit["score"].as_f64().unwrap() > 0.0);
    assert!(
        hit["match"].as_str().unwrap().contains("[touched]"),
        "{hit}"
    );
    // Source names, prefixes, several words; the table marks the words.
    assert_eq!(found(&env.run_json(&["search", "kremlin"])), [1]);
    assert_eq!(found(&env.run_json(&["search", "ankar*"])).len(), 2);
    assert_eq!(found(&env.run_json(&["search", "Burns", "Naryshkin"])), [2]);
    assert_eq!(env.run_json(&["search", "submarine"]), json!([]));
    let table = env.run_ok(&["search", "touched"]);
    assert!(table.contains("[touched]"), "{table}");
    // FTS5 syntax is taken literally, never as an error.
    let literal = env.run_ok(&["--format", "json", "search", "--", "\"OR", "NEAR(", "-x"]);
    assert_eq!(literal, "[]\n");
    let line = env.expect_err(&["search", "?!"], 1);
    assert!(line.contains("give a word to search for"), "{line}");
}

#[test]
fn the_search_index_moves_with_every_change() {
    let env = Env::new();
    env.seed_story();
    env.run_ok(&[
        "edit",
        "1",
        "--text",
        "Delegations from two capitals met in a Turkish city",
    ]);
    assert_eq!(env.run_json(&["search", "Washington"]), json!([]));
    assert_eq!(found(&env.run_json(&["search", "delegations"])), [1]);
    env.run_ok(&[
        "confirm",
        "1",
        "--by",
        "Harbour radio",
        "--quote",
        "a dockside rumour of talks",
    ]);
    assert_eq!(found(&env.run_json(&["search", "dockside"])), [1]);
    assert_eq!(
        found(&env.run_json(&["search", "harbour"])),
        [1],
        "source names are searched"
    );
    env.undo();
    assert_eq!(env.run_json(&["search", "dockside"]), json!([]));
    env.run_ok(&[
        "source",
        "edit",
        "Kremlin",
        "--name",
        "Kremlin press office",
    ]);
    assert_eq!(found(&env.run_json(&["search", "press", "office"])), [1]);
    env.run_ok(&["add", "Short-lived claim about a lighthouse"]);
    env.undo();
    assert_eq!(env.run_json(&["search", "lighthouse"]), json!([]));
}

#[test]
fn a_reworded_claim_is_flagged_and_an_unrelated_one_is_not() {
    let env = Env::new();
    env.seed_story();
    let (added, stderr) = env.run_json_full(&[
        "add",
        "Officials of Washington and Moscow sat down to talk in Ankara on 14 November 2022",
    ]);
    assert_eq!(added["id"], 3);
    assert_eq!(added["similar"].as_array().unwrap().len(), 1, "{added}");
    assert_eq!(added["similar"][0]["id"], 1);
    assert_eq!(added["similar"][0]["text"], TALKS);
    assert!(added["similar"][0]["score"].as_f64().unwrap() >= 0.7);
    assert!(
        stderr.contains("warning: claim #3 reads like claim #1"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1);

    let (added, stderr) =
        env.run_json_full(&["add", "A container ship lost power near the breakwater"]);
    assert_eq!(added["similar"], json!([]));
    assert!(stderr.is_empty(), "{stderr}");

    let similar = env.run_json(&["similar", "3"]);
    assert_eq!(similar["claim"], 3);
    assert_eq!(similar["similar"][0]["id"], 1);
    let line = env.expect_err(&["similar", "99"], 1);
    assert!(line.contains("no claim #99"), "{line}");
}

/// Near-duplicates among many claims worded alike: past 64 claims a word no longer makes a
/// claim a candidate by itself, and candidates come from rare words or from the claims that
/// share the common ones.
#[test]
fn near_duplicates_are_found_among_many_claims_worded_alike() {
    let env = Env::new();
    let mut sheet = String::from("claim,stance,source\n");
    for day in 1..=90 {
        writeln!(
            sheet,
            "\"Dock workers in Port Halvard walked out over unpaid wages, day {day} of the strike\",asserts,Halvard Gazette"
        )
        .unwrap();
    }
    writeln!(
        sheet,
        "\"Dock workers in Port Halvard walked out over unpaid wages, backed by the Tessaly union\",asserts,Halvard Gazette"
    )
    .unwrap();
    import_ok(&env, "strike.csv", &sheet);

    // Every word is common here: the candidates are the claims with all of them.
    let added = env.run_json(&[
        "add",
        "Unpaid wages: dock workers in Port Halvard walked out, day 12 of the strike",
    ]);
    let similar = added["similar"].as_array().unwrap();
    assert_eq!(similar.len(), 3, "{added}");
    assert!(
        similar.iter().all(|s| s["id"].as_i64().unwrap() <= 90),
        "{added}"
    );

    // Two rare words: the one claim that has them comes first.
    let added = env.run_json(&[
        "add",
        "Backed by the Tessaly union, dock workers in Port Halvard walked out over unpaid wages",
    ]);
    assert_eq!(added["similar"][0]["id"], 91, "{added}");

    // And a claim that shares only common words with them all is not flagged.
    let added = env.run_json(&["add", "The strike in Port Halvard ended on day 30"]);
    assert_eq!(added["similar"], json!([]), "{added}");
}

#[test]
fn export_and_import_formats_are_checked_before_anything_is_written() {
    let env = Env::new();
    env.seed_story();
    let dump = env.dump();
    for (args, expected) in [
        (
            vec!["export", "--format", "table"],
            "export writes --format jsonl, csv, markdown, claimreview or html",
        ),
        (
            vec!["export", "--statements"],
            "--statements is for --format csv",
        ),
        (
            vec!["list", "--format", "csv"],
            "--format csv is for export and import",
        ),
        (vec!["import", "missing.csv"], "cannot read missing.csv"),
        (
            vec!["import", "-"],
            "cannot tell the format of standard input",
        ),
        (
            vec!["import", "x.csv", "--format", "markdown"],
            "import reads --format jsonl or csv",
        ),
    ] {
        let line = env.expect_err(&args, 1);
        assert!(line.contains(expected), "{args:?}: {line}");
        assert_eq!(env.dump(), dump);
    }
    // A failed export to a file leaves no file, and no partial one.
    let dir = env.path().join("no-such-dir").join("out.jsonl");
    env.expect_err(&["export", "-o", s(&dir)], 1);
    assert!(!dir.exists());
}

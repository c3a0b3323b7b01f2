//! `claims ingest` through the binary: the JSON shape, --apply (then visible in show, and one
//! undo away), --interactive driven through a pipe, HTML input, and refusals that write nothing.
//! The report is tests/fixtures/ingest-harbour.txt, written for these tests.

mod common;

use std::path::PathBuf;

use common::*;
use serde_json::Value;

fn report() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ingest-harbour.txt")
}

fn found(env: &Env, file: &str) -> Vec<Value> {
    let v = env.run_json(&["ingest", file]);
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["statements"], "{v:#}");
    v["statements"].as_array().unwrap().clone()
}

fn find<'a>(statements: &'a [Value], speaker: &str) -> &'a Value {
    statements
        .iter()
        .find(|s| {
            s["speaker"]
                .as_str()
                .is_some_and(|name| name.to_lowercase().contains(&speaker.to_lowercase()))
        })
        .unwrap_or_else(|| panic!("no statement by {speaker} in {statements:#?}"))
}

#[test]
fn json_is_exactly_the_documented_shape() {
    let env = Env::new();
    let statements = found(&env, report().to_str().unwrap());
    assert!(statements.len() >= 4, "{statements:#?}");
    for s in &statements {
        let keys: Vec<&String> = s.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "speaker",
                "via",
                "anonymous",
                "stance",
                "quote",
                "claim",
                "sentence",
                "sentences",
                "claim_ref",
                "stated_at"
            ]
        );
        // Where it goes: a new claim named by the statement that makes it, or a claim by number.
        let goes: Vec<&String> = s["claim_ref"].as_object().unwrap().keys().collect();
        assert!(goes == ["new"] || goes == ["claim"], "{s:#}");
        // The fixture has no dateline: logged with the time of logging.
        assert!(s["stated_at"].is_null(), "{s:#}");
        let first = &s["sentences"][0];
        assert_eq!(first["text"], s["sentence"], "{s:#}");
        for span in s["sentences"].as_array().unwrap() {
            let keys: Vec<&String> = span.as_object().unwrap().keys().collect();
            assert_eq!(keys, ["text", "paragraph", "start", "end"]);
            assert!(span["start"].as_u64() < span["end"].as_u64());
        }
        assert!(s["anonymous"].is_boolean() && s["via"].is_string() || s["via"].is_null());
    }
    let source = find(&statements, "unnamed source");
    assert_eq!(source["stance"], "asserts");
    assert_eq!(source["anonymous"], true);
    assert_eq!(source["via"], "Harbour Gazette");
    assert_eq!(find(&statements, "port authority")["stance"], "declines");
    let minister = find(&statements, "Carla Vella");
    assert_eq!(minister["stance"], "confirms");
    assert_eq!(minister["via"], "Reuters");
    assert_eq!(find(&statements, "tracking data")["stance"], "asserts");
    // Looking writes nothing, not even a database file.
    assert_eq!(env.dump(), "<no database file>");
}

#[test]
fn apply_logs_the_statements_in_one_undoable_command() {
    let env = Env::new();
    let file = report();
    let file = file.to_str().unwrap();
    let proposed = found(&env, file).len();
    let v = env.run_json(&["ingest", file, "--apply", "--tag", "valletta"]);
    assert_eq!(v["statements"].as_array().unwrap().len(), proposed, "{v:#}");
    let main = env.show(1);
    assert_eq!(main["tags"], serde_json::json!(["valletta"]));
    assert_eq!(main["status"], "confirmed", "{main:#}");
    let speakers: Vec<&str> = main["statements"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["source"].as_str())
        .collect();
    assert!(
        speakers.iter().any(|s| s.contains("Carla Vella")),
        "{speakers:?}"
    );
    // All of it is one command.
    env.run_ok(&["undo"]);
    assert!(env.list_ids(&[]).is_empty());
    env.assert_rebuild_matches();
}

#[test]
fn html_reads_as_its_text() {
    let env = Env::new();
    let text = std::fs::read_to_string(report()).unwrap();
    let html: String = text
        .split("\n\n")
        .map(|p| format!("<p>{}</p>\n", p.trim().replace('"', "&quot;")))
        .collect();
    let path = env.path().join("report.html");
    std::fs::write(
        &path,
        format!("<html><body><h1>Harbour news</h1>{html}</body></html>"),
    )
    .unwrap();
    let from_html = found(&env, path.to_str().unwrap());
    let from_text = found(&env, report().to_str().unwrap());
    let stances = |s: &[Value]| -> Vec<(String, String)> {
        s.iter()
            .map(|s| (s["speaker"].to_string(), s["stance"].to_string()))
            .collect()
    };
    assert_eq!(stances(&from_html), stances(&from_text));
}

#[test]
fn interactive_reads_answers_from_a_pipe() {
    let env = Env::new();
    let file = report();
    let proposed = found(&env, file.to_str().unwrap()).len();
    // Accept the first, skip the second, accept the rest by pressing return.
    let out = env
        .cmd()
        .args([
            "ingest",
            file.to_str().unwrap(),
            "--interactive",
            "--format",
            "json",
        ])
        .write_stdin("a\ns\n\n\n\n\n\n\n\n\n")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["statements"].as_array().unwrap().len(), proposed - 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("accept, edit, move, skip or quit?"));
}

#[test]
fn refusals_write_nothing() {
    let env = Env::new();
    env.run_ok(&["add", "Something unrelated happened"]);
    let before = env.dump();
    let file = report();
    let file = file.to_str().unwrap();
    let bad = env.path().join("latin1.txt");
    std::fs::write(&bad, b"Le ministre a d\xe9clin\xe9 de commenter.").unwrap();
    for (args, code) in [
        (vec!["ingest", "no-such-report.txt"], 1),
        (vec!["ingest", bad.to_str().unwrap()], 1),
        (vec!["ingest", "-", "--interactive"], 1),
        (vec!["ingest", file, "--apply", "--claim", "99"], 1),
        (vec!["ingest", file, "--apply", "--claim", "zero"], 1),
        (vec!["ingest"], 2),
    ] {
        env.expect_err(&args, code);
        assert_eq!(env.dump(), before, "{args:?} changed the database");
    }
}

//! Snapshots of the seed story's `show 1` and `list`, as JSON and as tables. What changes
//! from run to run (uuids, the times of recording) is replaced by placeholders first.

mod common;

use common::*;
use serde_json::Value;

/// Keys whose values differ between runs.
const VOLATILE: &[(&str, &str)] = &[
    ("uuid", "[uuid]"),
    ("created_at", "[now]"),
    ("recorded_at", "[now]"),
    ("last_activity", "[now]"),
    ("at", "[now]"),
    ("score", "[score]"),
];

/// Replaces the values of the volatile keys, at any depth, by placeholders.
fn redact(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match VOLATILE.iter().find(|(k, _)| k == key) {
                    Some((_, placeholder)) if !value.is_null() => {
                        *value = Value::from(*placeholder)
                    }
                    _ => redact(value),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

/// Settings that hide today's times and dates, and uuids, in table output. The tables print
/// `YYYY-MM-DD HH:MM`: the placeholders keep that width so the columns stay aligned.
fn volatile_filters() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    let today = today();
    settings.add_filter(
        &format!(r"{today}[T ]\d{{2}}:\d{{2}}(:\d{{2}})?(\.\d+)?(Z|[+-]\d{{2}}:?\d{{2}}| UTC)?"),
        "[now           ]",
    );
    settings.add_filter(&today, "[today   ]");
    settings.add_filter(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "[uuid]",
    );
    settings
}

fn seeded() -> Env {
    let env = Env::new();
    env.seed_story();
    env
}

#[test]
fn show_1_json() {
    let env = seeded();
    let mut v = env.show(1);
    redact(&mut v);
    volatile_filters().bind(|| insta::assert_json_snapshot!("show_1_json", v));
}

#[test]
fn list_json() {
    let env = seeded();
    let mut v = env.run_json(&["list"]);
    redact(&mut v);
    volatile_filters().bind(|| insta::assert_json_snapshot!("list_json", v));
}

#[test]
fn show_1_table() {
    let env = seeded();
    let out = env.run_ok(&["show", "1"]);
    volatile_filters().bind(|| insta::assert_snapshot!("show_1_table", out));
}

#[test]
fn list_table() {
    let env = seeded();
    let out = env.run_ok(&["list"]);
    volatile_filters().bind(|| insta::assert_snapshot!("list_table", out));
}

/// The JSON of issue 4's commands: search hits, similar claims, a verdict, and `add` with the
/// claims it reads like.
#[test]
fn interchange_json() {
    let env = seeded();
    env.run_ok(&["config", "set", "org", "Harbour Fact Desk"]);
    let mut v = serde_json::json!({
        "search": env.run_json(&["search", "ankara"]),
        "verdict": env.run_json(&["verdict", "2", "half-true", "--url", "https://example.org/c/2"]),
        "add": env.run_json(&["add", "The CIA's Bill Burns and the SVR's Naryshkin met in Ankara"]),
        "similar": env.run_json(&["similar", "2"]),
        "config": env.run_json(&["config", "get", "org"]),
    });
    redact(&mut v);
    volatile_filters().bind(|| insta::assert_json_snapshot!("interchange_json", v));
}

#[test]
fn search_table() {
    let env = seeded();
    let out = env.run_ok(&["search", "kremlin"]);
    volatile_filters().bind(|| insta::assert_snapshot!("search_table", out));
}

/// `remote set`, `show` and `unset` as JSON: the URL in use (never a password) and where it
/// comes from. No server is needed: setting a remote does not connect.
#[test]
fn remote_json() {
    let env = seeded();
    let set = env.run_json(&[
        "remote",
        "set",
        "postgresql://ann@db.desk.example/claims?sslmode=verify-full",
    ]);
    let shown = env.run_json(&["remote", "show"]);
    assert_eq!(set, shown);
    let unset = env.run_json(&["remote", "unset"]);
    insta::assert_json_snapshot!(
        "remote_json",
        serde_json::json!({"set": set, "unset": unset})
    );
}

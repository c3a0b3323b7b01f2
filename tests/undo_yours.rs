//! Undo is yours: it reverses the current actor's commands only, refuses when a later command
//! (anyone's) was made on top of what it would take back, lists what it can take back, takes
//! back a named command, and `redo` applies an undone command again. Through the binary, with
//! two or three actors on one database file.

mod common;

use common::Env;
use serde_json::Value;

fn as_actor_err(env: &Env, actor: &str, args: &[&str]) -> String {
    let mut all = vec!["--actor", actor];
    all.extend_from_slice(args);
    let before = env.dump();
    let out = env.run(&all);
    assert_eq!(out.status.code(), Some(1), "{all:?} should fail");
    assert!(out.stdout.is_empty(), "nothing on stdout: {:?}", out.stdout);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert_eq!(env.dump(), before, "{all:?} changed the database");
    stderr
}

fn live_claims(env: &Env) -> Vec<i64> {
    env.list_ids(&[])
}

#[test]
fn undo_never_reverses_another_actors_command() {
    let env = Env::new();
    env.as_actor(
        "alice",
        &["add", "The ferry ran aground off the north pier"],
    );
    let error = as_actor_err(&env, "bob", &["undo"]);
    assert!(error.contains("nothing to undo by bob"), "{error}");
    assert_eq!(live_claims(&env), [1]);
    // Bob's own command is his to undo, and alice's stays.
    env.as_actor("bob", &["add", "The harbour closed at noon"]);
    env.as_actor("alice", &["add", "The pier reopened at six"]);
    env.as_actor("bob", &["undo"]);
    let mut live = live_claims(&env);
    live.sort();
    assert_eq!(live, [1, 3]);
    env.assert_rebuild_matches();
}

#[test]
fn undo_refuses_when_a_later_command_was_made_on_top_of_it() {
    let env = Env::new();
    env.as_actor(
        "alice",
        &["add", "The ferry ran aground off the north pier"],
    );
    env.as_actor("bob", &["confirm", "1", "--by", "Harbour master"]);
    let bobs = env.run_json(&["log", "--limit", "1"])[0]["command"]
        .as_str()
        .unwrap()
        .to_string();
    let error = as_actor_err(&env, "alice", &["undo"]);
    assert!(error.contains("a later command depends on it"), "{error}");
    assert!(error.contains("by bob") && error.contains(&bobs), "{error}");
    // Once bob takes his back, alice's can go.
    env.as_actor("bob", &["undo"]);
    env.as_actor("alice", &["undo"]);
    assert!(live_claims(&env).is_empty());
    env.assert_rebuild_matches();
}

#[test]
fn undo_list_shows_the_actors_commands_and_undo_command_takes_one_back() {
    let env = Env::new();
    env.as_actor("alice", &["add", "First of alice"]);
    env.as_actor("bob", &["add", "Only of bob"]);
    env.as_actor("alice", &["add", "Second of alice"]);
    let listed = {
        let out = env.as_actor("alice", &["undo", "--list", "--format", "json"]);
        serde_json::from_str::<Value>(&out).unwrap()
    };
    let commands = listed["commands"].as_array().unwrap();
    assert_eq!(commands.len(), 2, "{listed:#}");
    assert!(commands.iter().all(|c| c["actor"] == "alice"));
    assert!(
        commands[0]["first"]
            .as_str()
            .unwrap()
            .contains("Second of alice")
    );
    assert!(
        commands[1]["first"]
            .as_str()
            .unwrap()
            .contains("First of alice")
    );
    let table = env.as_actor("alice", &["undo", "--list"]);
    assert!(
        table.contains("First of alice") && !table.contains("Only of bob"),
        "{table}"
    );
    // The older one, by a prefix of its id; the newer one stays.
    let older = commands[1]["command"].as_str().unwrap();
    env.as_actor("alice", &["undo", &older[..18]]);
    let mut live = live_claims(&env);
    live.sort();
    assert_eq!(live, [2, 3]);
    // Bob cannot name alice's command, and a too-short id is refused.
    let newer = commands[0]["command"].as_str().unwrap();
    let error = as_actor_err(&env, "bob", &["undo", newer]);
    assert!(error.contains("no command of bob's"), "{error}");
    as_actor_err(&env, "alice", &["undo", "01"]);
    env.assert_rebuild_matches();
}

#[test]
fn redo_applies_the_last_undone_command_again_once() {
    let env = Env::new();
    env.as_actor(
        "alice",
        &["add", "The ferry ran aground", "--by", "Harbour master"],
    );
    env.as_actor(
        "alice",
        &["edit", "1", "--text", "The night ferry ran aground"],
    );
    env.as_actor("alice", &["undo"]);
    assert_eq!(env.show(1)["text"], "The ferry ran aground");
    let out = env.as_actor("alice", &["redo"]);
    assert!(out.contains("redid command"), "{out}");
    assert_eq!(env.show(1)["text"], "The night ferry ran aground");
    as_actor_err(&env, "alice", &["redo"]);
    // An undone add comes back whole, statement and status with it.
    env.as_actor("alice", &["undo"]);
    env.as_actor("alice", &["undo"]);
    assert!(live_claims(&env).is_empty());
    env.as_actor("alice", &["redo"]);
    assert_eq!(live_claims(&env), [1]);
    assert_eq!(env.show(1)["statements"].as_array().unwrap().len(), 1);
    // A source comes back with its aliases (its removal had freed them).
    env.as_actor(
        "alice",
        &[
            "source",
            "add",
            "Quay Watch",
            "--kind",
            "outlet",
            "--alias",
            "QW",
        ],
    );
    env.as_actor("alice", &["undo"]);
    env.as_actor("alice", &["redo"]);
    let sources = env.sources_by_name();
    assert_eq!(sources["Quay Watch"]["aliases"], serde_json::json!(["QW"]));
    // Another actor has nothing to redo.
    as_actor_err(&env, "bob", &["redo"]);
    env.assert_rebuild_matches();
}

#[test]
fn redo_refuses_when_a_later_command_changed_the_same_thing() {
    let env = Env::new();
    env.as_actor("alice", &["add", "The ferry ran aground"]);
    env.as_actor("alice", &["edit", "1", "--text", "Alice's wording"]);
    env.as_actor("alice", &["undo"]);
    env.as_actor("bob", &["edit", "1", "--text", "Bob's wording"]);
    let error = as_actor_err(&env, "alice", &["redo"]);
    assert!(
        error.contains("cannot redo") && error.contains("by bob"),
        "{error}"
    );
    assert_eq!(env.show(1)["text"], "Bob's wording");
}

#[test]
fn two_actors_undoing_at_once_never_reverse_each_other() {
    let env = Env::new();
    for i in 0..6 {
        env.as_actor("alice", &["add", &format!("Alice's claim number {i}")]);
        env.as_actor("bob", &["add", &format!("Bob's claim number {i}")]);
    }
    let undo_all = |actor: &'static str| {
        let mut cmd = env.std_cmd();
        cmd.args(["--actor", actor, "undo"]);
        move || {
            for _ in 0..6 {
                let out = cmd.output().unwrap();
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        }
    };
    let (alice, bob) = (undo_all("alice"), undo_all("bob"));
    std::thread::scope(|scope| {
        scope.spawn(alice);
        scope.spawn(bob);
    });
    assert!(live_claims(&env).is_empty());
    // Every undo record names a command of its own actor.
    let log = env.run_json(&["log"]);
    let log = log.as_array().unwrap();
    let actor_of = |command: &str| {
        log.iter()
            .find(|e| e["command"] == command && e["kind"] != "undo")
            .map(|e| e["actor"].as_str().unwrap().to_string())
    };
    let undos: Vec<&Value> = log.iter().filter(|e| e["kind"] == "undo").collect();
    assert_eq!(undos.len(), 12);
    for undo in undos {
        let reversed = undo["payload"]["command"].as_str().unwrap();
        assert_eq!(
            actor_of(reversed).as_deref(),
            undo["actor"].as_str(),
            "{undo:#}"
        );
    }
    env.assert_rebuild_matches();
}

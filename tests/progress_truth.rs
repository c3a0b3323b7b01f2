//! Issue 15, item 9: progress that tells the truth. Bars are drawn only on a terminal, so this
//! runs `import` inside a pseudo-terminal made by `script` (util-linux), and reads what it drew:
//! bytes with their unit, no "0s left", no bar of another piece of work drawn over it (a new
//! database's migrations), and no bar left on the screen above the answer. Skipped, saying
//! so, where `script` is missing.

mod common;
#[path = "support/pg.rs"]
mod pg;

use std::fmt::Write as _;
use std::process::Command;

use common::*;

fn script_available() -> bool {
    Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success())
}

/// A sheet of `rows` statement rows, a few MiB, so that the import draws many frames.
fn sheet(env: &Env, rows: usize) -> std::path::PathBuf {
    let mut text = String::from("claim,stance,source,via,citing,quote,url,stated_at,tags\n");
    for i in 0..rows {
        let k = i / 3;
        let _ = writeln!(
            text,
            "Barge {k} slipped its moorings at lock {} and drifted downstream,{},Lock keeper {},\
             Towpath Radio,,the barge was gone by dawn ({i}),,2023-01-{:02},canal",
            k % 8,
            ["asserts", "confirms", "denies"][i % 3],
            i % 5,
            1 + k % 28
        );
    }
    let path = env.path().join("sheet.csv");
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs `claims ARGS` in a pseudo-terminal 100 columns wide; returns what the terminal got.
fn on_a_terminal(env: &Env, args: &[&str]) -> String {
    let binary = assert_cmd::cargo::cargo_bin("claims");
    let mut line = format!(
        "stty cols 100 rows 30; exec {}",
        shlex::try_quote(binary.to_str().unwrap()).unwrap()
    );
    for arg in args {
        line.push(' ');
        line.push_str(&shlex::try_quote(arg).unwrap());
    }
    let typescript = env.path().join("typescript");
    // The test's environment (database, actor, NO_COLOR…), as the harness sets it.
    let harness = env.std_cmd();
    let mut script = Command::new("script");
    script
        .args(["-q", "-f", "-e", "-c", &line])
        .arg(&typescript)
        .current_dir(env.path())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null());
    for (key, value) in harness.get_envs() {
        match value {
            Some(value) => script.env(key, value),
            None => script.env_remove(key),
        };
    }
    let status = script.status().expect("run script");
    assert!(status.success(), "claims {args:?} failed on a terminal");
    String::from_utf8_lossy(&std::fs::read(&typescript).unwrap()).into_owned()
}

#[test]
fn the_import_bar_counts_bytes_says_no_0s_left_and_leaves_nothing_behind() {
    if !script_available() {
        eprintln!("skipped: no `script` (util-linux) to make a terminal");
        return;
    }
    let env = Env::new();
    let sheet = sheet(&env, 30_000);
    // A new database: opening it runs the migrations, whose bars must not be drawn over.
    let drawn = on_a_terminal(&env, &["import", sheet.to_str().unwrap()]);
    // Enough of what was drawn to see what went wrong, not every frame.
    let shown = {
        let chars: Vec<char> = drawn.chars().collect();
        let start = chars.len().saturating_sub(1500);
        let head: String = chars.iter().take(600).collect();
        let tail: String = chars[start..].iter().collect();
        format!("{head}\n[…]\n{tail}")
    };
    assert!(drawn.contains("importing"), "a bar was drawn:\n{shown}");
    assert!(
        drawn.contains(" MiB") && drawn.contains("B/"),
        "bytes with their unit:\n{shown}"
    );
    assert!(!drawn.contains("0s left"), "no 0s left:\n{shown}");
    assert!(
        !drawn.contains(" 0/0"),
        "no empty bar of a migration:\n{shown}"
    );
    assert!(!drawn.contains("grading claims"), "{shown}");
    // The answer follows the last frame only once that frame has been cleared
    // (carriage return, erase line), so no stale bar line stays above it.
    let answer = drawn
        .find("imported 10000 claims")
        .unwrap_or_else(|| panic!("the answer:\n{shown}"));
    assert!(
        drawn[..answer].ends_with("\r\x1b[2K"),
        "the bar is cleared before the answer: {:?}",
        &drawn[answer.saturating_sub(200)..answer]
    );
    // What was imported is all there.
    assert_eq!(
        env.run_json(&["list", "--limit", "100000"])
            .as_array()
            .unwrap()
            .len(),
        10_000
    );
}

#[test]
fn a_long_sync_draws_a_bar_for_its_push_and_one_for_its_pull_and_clears_them() {
    if !script_available() {
        eprintln!("skipped: no `script` (util-linux) to make a terminal");
        return;
    }
    let server = pg::server();
    let url = server.url(&server.database(), None);
    // 3,000 rows: 1,000 claims and 3,000 statements, more than one batch of events to push.
    let ann = Env::new();
    let sheet = sheet(&ann, 3_000);
    ann.run_ok(&["import", sheet.to_str().unwrap()]);
    ann.run_ok(&["remote", "set", &url]);
    let drawn = on_a_terminal(&ann, &["sync"]);
    one_bar_then(&drawn, "pushing changes", "pulling changes", "pushed ");
    let bob = Env::new();
    bob.run_ok(&["remote", "set", &url]);
    let drawn = on_a_terminal(&bob, &["sync"]);
    one_bar_then(
        &drawn,
        "pulling changes",
        "pushing changes",
        "pushed 0, pulled ",
    );
}

/// What a terminal got shows the bar `bar`, not `not_drawn` (nothing to do there), and the
/// answer starting `answer` only after the last frame was cleared (carriage return, erase line).
fn one_bar_then(drawn: &str, bar: &str, not_drawn: &str, answer: &str) {
    let shown = || {
        drawn
            .chars()
            .rev()
            .take(800)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<String>()
    };
    assert!(drawn.contains(bar), "{bar}: {}", shown());
    assert!(!drawn.contains(not_drawn), "no {not_drawn}: {}", shown());
    let at = drawn
        .find(answer)
        .unwrap_or_else(|| panic!("the answer:\n{}", shown()));
    assert!(
        drawn[..at].ends_with("\r\x1b[2K"),
        "the bar is cleared before the answer: {:?}",
        &drawn[at.saturating_sub(200)..at]
    );
}

//! Issue 15 ("A tool that reads well"), items 5 and 6, through the binary: shell completions
//! and the man page, the examples that end every `--help`, usage errors that name the
//! subcommand's help, and no empty `[env: …=]` in the help.
//!
//! Tests that need a program the machine may lack (`zsh`, `man`) say so on stderr and pass.

mod common;

use std::io::Write as _;
use std::path::Path;
use std::process::{Command as StdCommand, Stdio};

use common::*;

/// Whether `program` can be run here.
fn have(program: &str) -> bool {
    StdCommand::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// Runs `program ARGS` with `input` on stdin; returns (success, stdout, stderr).
fn pipe_through(program: &str, args: &[&str], input: &str) -> (bool, String, String) {
    let mut child = StdCommand::new(program)
        .args(args)
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env("MANWIDTH", "100")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Checks a script with `SHELL -n` (parse, run nothing).
fn parses_in(shell: &str, script: &str, dir: &Path) {
    let file = dir.join(format!("claims.{shell}"));
    std::fs::write(&file, script).unwrap();
    let out = StdCommand::new(shell)
        .arg("-n")
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "{shell} -n rejects the completion script:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The subcommands `claims … --help` lists under "Commands:", without `help`.
fn listed_subcommands(env: &Env, path: &[&str]) -> Vec<String> {
    let mut args = path.to_vec();
    args.push("--help");
    let help = env.run_ok(&args);
    let commands = help
        .split("Commands:\n")
        .nth(1)
        .unwrap_or_else(|| panic!("claims {args:?} lists no commands:\n{help}"));
    commands
        .lines()
        .take_while(|line| !line.trim().is_empty())
        // A description running over two lines is indented further than a name.
        .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
        .map(|line| line.split_whitespace().next().unwrap().to_string())
        .filter(|name| name != "help")
        .collect()
}

/// Every command path: `["add"]`, …, `["source", "add"]`, …
fn every_command(env: &Env) -> Vec<Vec<String>> {
    let mut all = Vec::new();
    for name in listed_subcommands(env, &[]) {
        all.push(vec![name.clone()]);
        let help = env.run_ok(&[&name, "--help"]);
        if help.contains("Commands:\n") {
            for sub in listed_subcommands(env, &[&name]) {
                all.push(vec![name.clone(), sub]);
            }
        }
    }
    all
}

const SUBCOMMANDS: [&str; 8] = [
    "add", "confirm", "ncnd", "list", "show", "source", "edit", "export",
];

#[test]
fn bash_completions_parse_and_know_the_subcommands() {
    let env = Env::new();
    let script = env.run_ok(&["completions", "bash"]);
    parses_in("bash", &script, env.path());
    for sub in SUBCOMMANDS {
        assert!(
            script.contains(sub),
            "the bash script does not complete {sub}"
        );
    }
    assert!(!env.db().exists(), "completions create no database");
}

#[test]
fn zsh_completions_parse_where_zsh_is_installed() {
    let env = Env::new();
    let script = env.run_ok(&["completions", "zsh"]);
    assert!(script.starts_with("#compdef claims"), "{script}");
    for sub in SUBCOMMANDS {
        assert!(
            script.contains(sub),
            "the zsh script does not complete {sub}"
        );
    }
    if !have("zsh") {
        eprintln!("zsh is not installed: the zsh script is not parsed (apt-get install zsh)");
        return;
    }
    parses_in("zsh", &script, env.path());
}

#[test]
fn fish_elvish_and_powershell_completions_name_the_subcommands() {
    let env = Env::new();
    for shell in ["fish", "elvish", "powershell"] {
        let script = env.run_ok(&["completions", shell]);
        assert!(script.len() > 1000, "{shell}: {script}");
        for sub in SUBCOMMANDS {
            assert!(
                script.contains(sub),
                "the {shell} script does not complete {sub}"
            );
        }
        // Options of subcommands too, not only their names.
        assert!(script.contains("reliability"), "{shell}");
    }
}

#[test]
fn completions_for_an_unknown_shell_are_a_usage_error() {
    let env = Env::new();
    let line = env.expect_err(&["completions", "tcsh"], 2);
    assert!(line.contains("tcsh") && line.contains("bash"), "{line}");
}

#[test]
fn the_man_page_holds_every_command_and_renders() {
    let env = Env::new();
    let page = env.run_ok(&["man"]);
    assert!(
        page.contains(".TH CLAIMS 1"),
        "{}",
        &page[..page.len().min(500)]
    );
    for path in every_command(&env) {
        let name = format!("claims {}", path.join(" "));
        assert!(
            page.contains(&format!(".SS \"{name}\"")),
            "the man page has no part for {name}"
        );
    }
    assert!(!env.db().exists(), "man creates no database");
    assert!(!env.path().join("xdg").exists(), "man creates no folder");
    if !have("man") {
        eprintln!("man is not installed: the page is not rendered");
        return;
    }
    let (ok, text, errors) = pipe_through("man", &["--warnings", "-l", "-"], &page);
    assert!(ok, "man -l - fails: {errors}");
    assert!(errors.trim().is_empty(), "roff warnings:\n{errors}");
    for expected in [
        "claims source add",
        "Examples:",
        "claims confirm 1 --by \"Harbour master\"",
        "--reliability",
    ] {
        assert!(
            text.contains(expected),
            "the rendered page lacks {expected:?}"
        );
    }
}

#[test]
fn every_subcommands_help_ends_with_examples() {
    let env = Env::new();
    let commands = every_command(&env);
    // Every command of the README's table, and the groups' own.
    assert!(commands.len() >= 28, "{commands:?}");
    for path in commands {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let help = env.run_ok(&args);
        let examples = help
            .split("\nExamples:\n")
            .nth(1)
            .unwrap_or_else(|| panic!("claims {args:?} has no Examples section:\n{help}"));
        let shown = examples
            .lines()
            .filter(|line| line.trim_start().starts_with("claims "))
            .count();
        assert!(
            (2..=3).contains(&shown),
            "claims {args:?} shows {shown} examples:\n{examples}"
        );
        let ours = format!("claims {}", path[0]);
        assert!(
            examples.contains(&ours),
            "claims {args:?}: no example uses {ours}:\n{examples}"
        );
        // -h shows them too.
        args.pop();
        args.push("-h");
        assert!(env.run_ok(&args).contains("\nExamples:\n"), "{args:?}");
    }
}

#[test]
fn usage_errors_point_to_the_subcommands_help() {
    let env = Env::new();
    let cases: [(&[&str], &str); 9] = [
        (&["add"], "claims add --help"),
        (&["add", "a ferry", "--tag"], "claims add --help"),
        (&["list", "--status", "maybe"], "claims list --help"),
        (
            &["--db", "x.db", "list", "--frobnicate"],
            "claims list --help",
        ),
        (
            &["source", "add", "Reyes", "--reliability", "G"],
            "claims source add --help",
        ),
        (&["neither"], "claims ncnd --help"),
        (&["config", "get", "colour"], "claims config get --help"),
        (&["completions", "tcsh"], "claims completions --help"),
        (&["frobnicate"], "claims --help"),
    ];
    for (args, help) in cases {
        let line = env.expect_err(args, 2);
        assert!(
            line.ends_with(&format!("; see '{help}'")),
            "claims {args:?}: {line:?} should end pointing to '{help}'"
        );
        // And that help exists.
        let words: Vec<&str> = help.split(' ').skip(1).collect();
        env.run_ok(&words);
    }
    assert!(!env.db().exists());
}

#[test]
fn help_never_shows_an_empty_environment_value() {
    let env = Env::new();
    for actor in ["", "tester"] {
        for args in [&["--help"][..], &["add", "--help"], &["list", "-h"]] {
            let out = env
                .cmd()
                .env("CLAIMS_ACTOR", actor)
                .args(args)
                .output()
                .unwrap();
            let help = String::from_utf8(out.stdout).unwrap();
            let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(!help.contains("=]"), "claims {args:?}: {help}");
            assert!(
                !help.contains("CLAIMS_ACTOR="),
                "claims {args:?} shows the actor's value: {help}"
            );
            // The variable itself is still named, so people learn it exists.
            assert!(
                help.contains("[env: CLAIMS_ACTOR]"),
                "claims {args:?}: {help}"
            );
        }
    }
}

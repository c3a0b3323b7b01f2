//! Issue 15 ("A tool that reads well"), items 5 and 6, through the binary: the examples that
//! end every `--help`, usage errors that name the subcommand's help, and no empty `[env: …=]`
//! in the help.

mod common;

use common::*;

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
    let cases: [(&[&str], &str); 8] = [
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

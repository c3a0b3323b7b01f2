//! Issue 15, items 5 and 6, through the binary: shell completions and the man page, the
//! examples that end every `--help`, usage errors that name the subcommand's help, no empty
//! `[env: …=]` in the help; `claims info` (which database, why, what it holds), and a typed
//! database path in a folder that does not exist said so rather than read as empty.
//!
//! Tests that need a program the machine may lack (`zsh`, `man`) say so on stderr and pass.

mod common;

use std::io::Write as _;
use std::path::Path;
use std::process::{Command as StdCommand, Stdio};

use common::*;
use serde_json::Value;

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
    "add", "confirm", "ncnd", "list", "show", "source", "info", "export",
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

/// `info --format json` with `CLAIMS_DB` removed and `args` given.
fn info_json(env: &Env, args: &[&str], claims_db: Option<&Path>) -> Value {
    let mut cmd = env.cmd();
    cmd.env_remove("CLAIMS_DB");
    if let Some(path) = claims_db {
        cmd.env("CLAIMS_DB", path);
    }
    let out = cmd
        .args(args)
        .args(["info", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", describe(args, &out));
    parse_one_json(args, &String::from_utf8(out.stdout).unwrap())
}

#[test]
fn info_on_a_database_not_made_yet_says_so_and_makes_none() {
    let env = Env::new();
    let table = env.run_ok(&["info"]);
    let path = env.db().display().to_string();
    assert!(
        table.contains(&format!(
            "no database yet at {path}; it is created by the first command that writes"
        )),
        "{table}"
    );
    assert!(table.contains("CLAIMS_DB"), "{table}");
    let json = env.run_json(&["info"]);
    assert_eq!(json["database"], path.as_str());
    assert_eq!(json["exists"], false);
    assert_eq!(json["folder_exists"], true);
    assert_eq!(json["chosen_by"], "CLAIMS_DB");
    for field in ["schema_version", "size_bytes", "claims", "events"] {
        assert!(json[field].is_null(), "{field}: {json}");
    }
    assert!(json["current_schema_version"].as_i64().unwrap() >= 4);
    assert!(!env.db().exists(), "info created the database");
    let left: Vec<_> = std::fs::read_dir(env.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(left, ["tmp"], "info left files behind");
}

#[test]
fn info_counts_what_the_database_holds() {
    let env = Env::new();
    env.seed_story();
    let before = env.dump();
    let json = env.run_json(&["info"]);
    assert_eq!(json["exists"], true);
    assert_eq!(json["schema_version"], json["current_schema_version"]);
    let list = env.run_json(&["list"]);
    let list = list.as_array().unwrap();
    assert_eq!(json["claims"], list.len());
    let statements: u64 = list.iter().map(|c| c["statements"].as_u64().unwrap()).sum();
    assert_eq!(json["statements"], statements);
    assert_eq!(
        json["sources"],
        env.run_json(&["sources"]).as_array().unwrap().len()
    );
    assert_eq!(json["events"], env.events().len());
    let size = std::fs::metadata(env.db()).unwrap().len();
    assert_eq!(json["size_bytes"], size);
    assert_eq!(env.dump(), before, "info changed the database");

    // An undone claim is not counted; its events are.
    env.run_ok(&["add", "A ferry ran aground off the north pier"]);
    env.run_ok(&["undo"]);
    let after = env.run_json(&["info"]);
    assert_eq!(after["claims"], json["claims"]);
    assert_eq!(after["events"].as_u64().unwrap(), env.events().len() as u64);
    assert!(after["events"].as_u64() > json["events"].as_u64());

    let table = env.run_ok(&["info"]);
    for line in [
        format!("database    {}", env.db().display()),
        format!("claims      {}", list.len()),
        format!("statements  {statements}"),
    ] {
        assert!(table.contains(&line), "{line:?} not in:\n{table}");
    }
    assert!(table.contains("KiB"), "{table}");
}

#[test]
fn info_json_snapshot() {
    let env = Env::new();
    env.seed_story();
    let mut json = env.run_json(&["info"]);
    json["database"] = Value::from("[db]");
    json["size_bytes"] = Value::from("[size]");
    // The schema version moves with every migration; that it is the current one is what holds.
    assert_eq!(json["schema_version"], json["current_schema_version"]);
    json["schema_version"] = Value::from("[current]");
    json["current_schema_version"] = Value::from("[current]");
    insta::assert_json_snapshot!("info_json", json);
}

#[test]
fn info_says_which_setting_chose_the_database() {
    let env = Env::new();
    env.seed_story();
    let other = env.path().join("other.db");

    let by_flag = info_json(&env, &["--db", "other.db"], Some(&env.db()));
    assert_eq!(by_flag["chosen_by"], "--db");
    // A relative --db is shown whole.
    assert_eq!(by_flag["database"], other.display().to_string().as_str());
    assert_eq!(by_flag["exists"], false);

    let by_env = info_json(&env, &[], Some(&env.db()));
    assert_eq!(by_env["chosen_by"], "CLAIMS_DB");
    assert_eq!(by_env["claims"], 2);

    let by_default = info_json(&env, &[], None);
    assert_eq!(by_default["chosen_by"], "default");
    let default = env.path().join("xdg").join("claims").join("claims.db");
    assert_eq!(
        by_default["database"],
        default.display().to_string().as_str()
    );
    assert_eq!(by_default["folder_exists"], false);

    let mut cmd = env.cmd();
    let out = cmd.env_remove("CLAIMS_DB").arg("info").output().unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("the default path"), "{table}");
    assert!(
        table.contains("nor its folder; both are created by the first command that writes"),
        "{table}"
    );
    assert!(!other.exists() && !env.path().join("xdg").exists());
}

#[test]
fn info_reports_an_old_database_as_it_is_and_does_not_upgrade_it() {
    let env = Env::new();
    let old = env.path().join("old.db");
    rusqlite::Connection::open(&old)
        .unwrap()
        .execute_batch(include_str!("fixtures/schema-0001.sql"))
        .unwrap();
    let json = env.run_json(&["--db", "old.db", "info"]);
    assert_eq!(json["schema_version"], 1);
    // The fixture's rows: 3 claims, 7 statements, 8 sources, 20 events.
    assert_eq!(
        [
            &json["claims"],
            &json["statements"],
            &json["sources"],
            &json["events"]
        ],
        [3, 7, 8, 20]
    );
    let table = env.run_ok(&["--db", "old.db", "info"]);
    assert!(
        table.contains("the next command that opens it upgrades it"),
        "{table}"
    );
    let version: i64 = rusqlite::Connection::open(&old)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1, "info upgraded the database");
}

#[test]
fn info_refuses_what_is_not_a_claims_database() {
    let env = Env::new();
    let notes = env.path().join("notes.txt");
    std::fs::write(&notes, "the ferry is afloat\n").unwrap();
    let line = env.expect_err(&["--db", "notes.txt", "info"], 1);
    assert!(line.contains("not a claims database"), "{line}");
    assert_eq!(
        std::fs::read_to_string(&notes).unwrap(),
        "the ferry is afloat\n"
    );
    let line = env.expect_err(&["--db", "tmp", "info"], 1);
    assert!(line.contains("directory"), "{line}");
}

#[test]
fn a_typed_database_in_a_missing_folder_is_said_to_be_missing() {
    let env = Env::new();
    env.seed_story();
    let typo = env.path().join("stroies").join("claims.db");
    let typo_arg = typo.display().to_string();
    let folder = env.path().join("stroies").display().to_string();
    for command in [
        &["list"][..],
        &["show", "1"],
        &["log"],
        &["sources"],
        &["search", "ankara"],
        &["export"],
        &["confirm", "1", "--by", "Harbour master"],
    ] {
        let mut args = vec!["--db", typo_arg.as_str()];
        args.extend_from_slice(command);
        let line = env.expect_err(&args, 1);
        assert_eq!(
            line,
            format!(
                "error: no database at {typo_arg}: the folder {folder} does not exist; check the path given to --db"
            ),
            "claims {args:?}"
        );
    }
    // The same path from CLAIMS_DB says where it came from.
    let out = env
        .cmd()
        .env("CLAIMS_DB", &typo)
        .arg("list")
        .output()
        .unwrap();
    let (code, line) = error_shape(&out).unwrap();
    assert_eq!(code, 1);
    assert!(line.ends_with("check the path in CLAIMS_DB"), "{line}");
    assert!(!env.path().join("stroies").exists());

    // A missing file in a folder that exists is still an empty database, as before.
    assert!(env.list_ids(&["--db", "new.db"]).is_empty());
    assert!(!env.path().join("new.db").exists());
    // So is the default path before its folder is made.
    let out = env
        .cmd()
        .env_remove("CLAIMS_DB")
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", describe(&["list"], &out));
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), "[]");
    // And a command that writes makes the folder, as it always did.
    env.run_ok(&[
        "--db",
        &typo_arg,
        "add",
        "A ferry ran aground off the north pier",
    ]);
    assert_eq!(env.list_ids(&["--db", &typo_arg]), [1]);
}

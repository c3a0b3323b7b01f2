//! Issue 15, item 3: an answer longer than the screen goes through a pager (`$CLAIMS_PAGER`,
//! else `$PAGER`, else `less -FRX`) when stdout is a terminal; `--no-pager` and `CLAIMS_PAGER=`
//! turn it off; a pager closed early is not an error. Stdout is made a terminal by running
//! `claims` under `script` (util-linux), whose pseudo-terminal is given 80 columns and 20 rows
//! with `stty`; the pager is a shell line that writes what it gets to a file.

mod common;

use std::path::PathBuf;
use std::process::Output;
use std::time::Duration;

use common::*;

const ROWS: usize = 20;

/// Environment variables for one run: a value, or `None` to unset it.
type Vars<'a> = &'a [(&'a str, Option<&'a str>)];

/// An environment with `claims` claims logged in one import.
fn with_claims(claims: usize) -> Env {
    let env = Env::new();
    let mut sheet = String::from("claim,stance,source\n");
    for n in 1..=claims {
        sheet.push_str(&format!(
            "Claim number {n} about the harbour,asserts,Source {}\n",
            n % 7
        ));
    }
    let path = env.path().join("sheet.csv");
    std::fs::write(&path, sheet).unwrap();
    env.run_ok(&["import", s(&path)]);
    env
}

/// Where the fake pager writes what it was given.
fn paged_file(env: &Env) -> PathBuf {
    env.path().join("paged.txt")
}

/// A pager that writes what it gets to [`paged_file`].
fn fake_pager(env: &Env) -> String {
    format!("cat > {}", shlex::try_quote(s(&paged_file(env))).unwrap())
}

/// Runs `shell` (in which `claims` is the binary) in a pseudo-terminal of 80×20, with the
/// harness's environment and `vars` on top (`None`: unset). Returns what happened; the
/// terminal's text (stdout and stderr together) is the output's stdout.
fn in_terminal(env: &Env, vars: Vars, shell: &str) -> Output {
    let claims = assert_cmd::cargo::cargo_bin("claims");
    let claims = shlex::try_quote(claims.to_str().unwrap())
        .unwrap()
        .into_owned();
    let line = format!(
        "stty rows {ROWS} cols 80; {}",
        shell.replace("claims", &claims)
    );
    let base = env.std_cmd();
    let mut cmd = std::process::Command::new("script");
    cmd.args(["-q", "-e", "-c", &line, "/dev/null"]);
    cmd.current_dir(env.path());
    for (key, value) in base.get_envs() {
        match value {
            Some(value) => cmd.env(key, value),
            None => cmd.env_remove(key),
        };
    }
    for var in ["CLAIMS_PAGER", "PAGER", "LINES", "LESS"] {
        cmd.env_remove(var);
    }
    for (key, value) in vars {
        match value {
            Some(value) => cmd.env(key, value),
            None => cmd.env_remove(key),
        };
    }
    let mut cmd = assert_cmd::Command::from_std(cmd);
    cmd.timeout(Duration::from_secs(60));
    cmd.output().unwrap()
}

fn terminal_text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n")
}

/// What `claims ARGS` prints into a pipe at 80 columns.
fn piped(env: &Env, args: &[&str]) -> String {
    let out = env.cmd().env("COLUMNS", "80").args(args).output().unwrap();
    assert!(out.status.success(), "{}", describe(args, &out));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_long_answer_goes_through_the_pager_whole_and_a_short_one_does_not() {
    let env = with_claims(900);
    let pager = fake_pager(&env);

    // 900 claims: far more than 20 rows, and more than is held back before streaming.
    let out = in_terminal(&env, &[("CLAIMS_PAGER", Some(&pager))], "claims list");
    assert!(out.status.success(), "{}", terminal_text(&out));
    let paged = std::fs::read_to_string(paged_file(&env)).expect("the pager ran");
    let whole = piped(&env, &["list"]);
    assert!(whole.len() > 64 * 1024, "the listing streams");
    assert_eq!(
        paged, whole,
        "the pager got the whole listing, as a pipe would"
    );
    assert!(
        !terminal_text(&out).contains("Claim number"),
        "nothing went past the pager: {}",
        terminal_text(&out)
    );

    // One claim fits the screen: straight to the terminal, no pager.
    std::fs::remove_file(paged_file(&env)).unwrap();
    let out = in_terminal(&env, &[("CLAIMS_PAGER", Some(&pager))], "claims show 1");
    assert!(out.status.success());
    assert!(
        terminal_text(&out).contains("Claim number 1 about"),
        "{out:?}"
    );
    assert!(!paged_file(&env).exists(), "a short answer is not paged");

    // JSON too is paged when long (it is an answer like any other).
    let out = in_terminal(
        &env,
        &[("CLAIMS_PAGER", Some(&pager))],
        "claims list --limit 30 --format json",
    );
    assert!(out.status.success());
    let paged = std::fs::read_to_string(paged_file(&env)).expect("the pager ran");
    assert_eq!(
        paged,
        piped(&env, &["list", "--limit", "30", "--format", "json"])
    );
}

#[test]
fn the_screen_height_decides() {
    let env = with_claims(3);
    let pager = fake_pager(&env);
    // Three claims, a table of 7 lines: under 20 rows, but over LINES=5.
    let table = piped(&env, &["list"]);
    assert!(
        table.lines().count() < ROWS && table.lines().count() > 5,
        "{table}"
    );
    in_terminal(&env, &[("CLAIMS_PAGER", Some(&pager))], "claims list");
    assert!(!paged_file(&env).exists());
    // (Set on the command itself: the shell sets LINES to the terminal's after `stty`.)
    in_terminal(
        &env,
        &[("CLAIMS_PAGER", Some(&pager))],
        "LINES=5 claims list",
    );
    assert_eq!(std::fs::read_to_string(paged_file(&env)).unwrap(), table);
}

#[test]
fn no_pager_into_a_pipe_with_no_pager_or_an_empty_claims_pager() {
    let env = with_claims(60);
    let pager = fake_pager(&env);
    let whole = piped(&env, &["list"]);
    let cases: [(Vars, &str); 4] = [
        (&[("CLAIMS_PAGER", Some(&pager))], "claims list | cat"),
        (&[("CLAIMS_PAGER", Some(&pager))], "claims list --no-pager"),
        (&[("CLAIMS_PAGER", Some(&pager))], "claims --no-pager list"),
        (
            &[("CLAIMS_PAGER", Some("")), ("PAGER", Some(&pager))],
            "claims list",
        ),
    ];
    for (vars, shell) in cases {
        let out = in_terminal(&env, vars, shell);
        assert!(out.status.success(), "{shell}: {}", terminal_text(&out));
        assert!(!paged_file(&env).exists(), "{shell}: the pager ran");
        // Into a pipe, the table is not fitted to the terminal either.
        let expected = if shell.contains('|') {
            env.run_ok(&["list"])
        } else {
            whole.clone()
        };
        assert_eq!(terminal_text(&out), expected, "{shell}");
    }
}

#[test]
fn pager_falls_back_from_claims_pager_to_pager() {
    let env = with_claims(60);
    let pager = fake_pager(&env);
    let whole = piped(&env, &["list"]);
    // PAGER when CLAIMS_PAGER is not set.
    in_terminal(&env, &[("PAGER", Some(&pager))], "claims list");
    assert_eq!(std::fs::read_to_string(paged_file(&env)).unwrap(), whole);
    // CLAIMS_PAGER before PAGER.
    std::fs::remove_file(paged_file(&env)).unwrap();
    let other = env.path().join("other.txt");
    let other_pager = format!("cat > {}", shlex::try_quote(s(&other)).unwrap());
    in_terminal(
        &env,
        &[
            ("CLAIMS_PAGER", Some(&other_pager)),
            ("PAGER", Some(&pager)),
        ],
        "claims list",
    );
    assert_eq!(std::fs::read_to_string(&other).unwrap(), whole);
    assert!(!paged_file(&env).exists());
}

#[test]
fn a_pager_closed_early_is_not_an_error() {
    let env = with_claims(900);
    // A pager that reads a line and quits, as q in less does; and one that reads nothing.
    for pager in ["head -n 1 >/dev/null", "exit 0", "false"] {
        for listing in ["claims list", "claims log", "claims list --format json"] {
            let out = in_terminal(&env, &[("CLAIMS_PAGER", Some(pager))], listing);
            let text = terminal_text(&out);
            assert!(out.status.success(), "{pager} | {listing}: {text}");
            assert!(
                !text.contains("error") && !text.to_lowercase().contains("broken pipe"),
                "{pager} | {listing}: {text}"
            );
        }
    }
}

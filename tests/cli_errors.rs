//! Bad input: every failure is one line on stderr, nothing on stdout, the right exit code
//! (2 for usage, 1 for the rest) and an unchanged database. Also files that are not ours to
//! touch (a newer schema, a file that is not SQLite), a closed stdout, and colour.

mod common;

use std::process::Stdio;

use common::*;

/// A small database: two claims, and sources that make "Sergei" ambiguous.
fn small_db() -> Env {
    let env = Env::new();
    env.run_ok(&[
        "add",
        TALKS,
        "--tag",
        "ankara-talks",
        "--by",
        "Fahrettin Altun",
        "--stance",
        "confirms",
        "--at",
        "2022-11-14",
    ]);
    env.run_ok(&["add", SPY_CHIEFS]);
    env.run_ok(&["source", "add", "Sergei Naryshkin"]);
    env.run_ok(&["source", "add", "Sergei Lavrov"]);
    env
}

/// Runs each case and collects every way it falls short, so one run reports them all.
fn check_cases(env: &Env, cases: &[(Vec<String>, i32)]) {
    let before = env.dump();
    let mut problems = Vec::new();
    for (args, code) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = env.run(&args);
        match error_shape(&out) {
            Ok((got, line)) if got != *code => problems.push(format!(
                "claims {args:?}: exit {got}, expected {code} (stderr: {line})"
            )),
            Ok(_) => {}
            Err(problem) => problems.push(format!("{problem}\n{}", describe(&args, &out))),
        }
        if env.dump() != before {
            problems.push(format!("claims {args:?} changed the database"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {} cases failed:\n\n{}",
        problems.len(),
        cases.len(),
        problems.join("\n\n")
    );
}

fn case(args: &[&str], code: i32) -> (Vec<String>, i32) {
    (args.iter().map(|a| a.to_string()).collect(), code)
}

#[test]
fn usage_errors_exit_2() {
    let env = small_db();
    let cases = [
        case(&["frobnicate"], 2),
        case(&["list", "--frobnicate"], 2),
        case(&["--frobnicate", "list"], 2),
        case(&["show"], 2),
        case(&["add"], 2),
        case(&["confirm"], 2),
        case(&["edit"], 2),
        case(&["source", "add"], 2),
        case(&["add", "x", "--tag"], 2),
        case(&["add", "x", "--stance", "believes"], 2),
        case(&["add", "x", "--by", "A", "--kind", "robot"], 2),
        case(&["assert", "1", "--by", "A", "--kind", "robot"], 2),
        case(&["list", "--status", "maybe"], 2),
        case(&["list", "--limit", "many"], 2),
        case(&["source", "add", "X", "--reliability", "G"], 2),
        case(&["source", "add", "X", "--kind", "robot"], 2),
        case(
            &["source", "edit", "Sergei Lavrov", "--reliability", "Z"],
            2,
        ),
        case(&["assert", "1", "--anonymous", "--kind", "person"], 2),
        case(&["add", "x", "--anonymous", "--kind", "person"], 2),
        case(&["edit", "1"], 2),
        case(&["--format", "yaml", "list"], 2),
        case(&["show", "1", "--format", "xml"], 2),
        case(&["list", "--format", "json", "--frobnicate"], 2),
    ];
    check_cases(&env, &cases);
}

#[test]
fn other_errors_exit_1() {
    let env = small_db();
    let dir = env.path().join("a-directory");
    std::fs::create_dir(&dir).unwrap();
    let cases = [
        // Unknown or malformed claim numbers.
        case(&["show", "99"], 1),
        case(&["show", "#99"], 1),
        case(&["show", "0"], 1),
        case(&["show", "-1"], 1),
        case(&["show", "9223372036854775808"], 1),
        case(&["show", "abc"], 1),
        case(&["show", "99", "--format", "json"], 1),
        case(&["confirm", "99", "--by", "Somebody New"], 1),
        case(&["confirm", "abc"], 1),
        case(&["deny", "0"], 1),
        case(&["edit", "99", "--text", "new words"], 1),
        case(&["edit", "-1", "--text", "new words"], 1),
        case(&["log", "99"], 1),
        // Ambiguous sources.
        case(&["deny", "1", "--by", "Sergei"], 1),
        case(&["add", "new claim", "--by", "Sergei"], 1),
        case(&["list", "--by", "Sergei"], 1),
        // Unknown source for a filter: an error, and no source is made.
        case(&["list", "--by", "Nobody Known"], 1),
        // Bad dates, including after a new source would have been made.
        case(
            &["confirm", "1", "--by", "Somebody New", "--at", "2022-13-45"],
            1,
        ),
        case(
            &["confirm", "1", "--by", "Somebody New", "--at", "2022-02-30"],
            1,
        ),
        case(&["confirm", "1", "--at", "2022-11-14T25:00"], 1),
        case(&["confirm", "1", "--at", "14/11/2022"], 1),
        case(&["confirm", "1", "--at", "soon"], 1),
        case(&["add", "new claim", "--happened", "2022-02-30"], 1),
        case(&["add", "new claim", "--happened", "2022-13-45"], 1),
        case(
            &[
                "add",
                "new claim",
                "--by",
                "Somebody New",
                "--at",
                "2022-02-30",
            ],
            1,
        ),
        case(&["edit", "1", "--happened", "2022-02-30"], 1),
        case(&["list", "--since", "2022-13-01"], 1),
        // Names already taken.
        case(&["source", "add", "Sergei Lavrov"], 1),
        case(&["source", "edit", "Nobody Known", "--role", "x"], 1),
        // A demo into a database that holds claims.
        case(&["demo", "--db", s(&env.db())], 1),
        // A --db that is a directory.
        case(&["--db", s(&dir), "list"], 1),
        case(&["list", "--db", s(&dir)], 1),
        case(&["--db", s(&dir), "add", "new claim"], 1),
    ];
    check_cases(&env, &cases);
    assert!(
        std::fs::read_dir(&dir).unwrap().next().is_none(),
        "nothing is written inside the directory given as --db"
    );
}

/// Runs `args` against `path` (via --db, then via CLAIMS_DB) and checks the refusal.
fn assert_refused_untouched(env: &Env, path: &std::path::Path, args: &[&str]) {
    let bytes = std::fs::read(path).unwrap();
    let mut with_db = vec!["--db", s(path)];
    with_db.extend_from_slice(args);
    env.expect_err(&with_db, 1);
    assert_eq!(std::fs::read(path).unwrap(), bytes, "{args:?} via --db");

    let out = env
        .cmd()
        .env("CLAIMS_DB", path)
        .args(args)
        .output()
        .unwrap();
    match error_shape(&out) {
        Ok((code, _)) => assert_eq!(code, 1, "{}", describe(args, &out)),
        Err(problem) => panic!("{problem}\n{}", describe(args, &out)),
    }
    assert_eq!(
        std::fs::read(path).unwrap(),
        bytes,
        "{args:?} via CLAIMS_DB"
    );
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_alone() {
    let env = Env::new();
    let path = env.path().join("notes.db");
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i * 7 + 3) as u8).collect();
    std::fs::write(&path, &garbage).unwrap();
    for args in [
        vec!["list"],
        vec!["add", "a claim"],
        vec!["sources"],
        vec!["list", "--format", "json"],
    ] {
        assert_refused_untouched(&env, &path, &args);
    }
    assert_eq!(std::fs::read(&path).unwrap(), garbage);
}

#[test]
fn a_newer_schema_is_refused_and_left_alone() {
    let env = Env::new();
    let path = env.path().join("future.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE from_the_future (x INTEGER); INSERT INTO from_the_future VALUES (1);
             PRAGMA user_version = 999;",
        )
        .unwrap();
    }
    for args in [
        vec!["list"],
        vec!["add", "a claim"],
        vec!["source", "add", "Somebody"],
        vec!["show", "1", "--format", "json"],
    ] {
        assert_refused_untouched(&env, &path, &args);
    }
    assert_eq!(user_version(&path), 999);
    assert!(
        !env.path().join("future.db-wal").exists()
            || std::fs::metadata(env.path().join("future.db-wal"))
                .unwrap()
                .len()
                == 0,
        "nothing written to a WAL either"
    );
}

#[test]
fn a_closed_stdout_is_not_an_error() {
    let env = Env::new();
    env.seed_story();
    for n in 0..20 {
        env.run_ok(&[
            "add",
            &format!("filler claim number {n}"),
            "--tag",
            "filler",
        ]);
    }
    for args in [
        vec!["list"],
        vec!["list", "--format", "json"],
        vec!["show", "1"],
        vec!["log"],
        vec!["sources", "--format", "json"],
    ] {
        let mut child = env
            .std_cmd()
            .args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close our end before the child writes anything.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "claims {args:?} with a closed stdout: {}\nstderr: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "claims {args:?} with a closed stdout wrote to stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn piped_output_has_no_colour_escapes() {
    let env = Env::new();
    env.seed_story();
    let commands: [&[&str]; 7] = [
        &["list"],
        &["show", "1"],
        &["sources"],
        &["log"],
        &["confirm", "2", "--by", "Someone Else"],
        &["--help"],
        &["list", "--help"],
    ];
    for with_no_color in [true, false] {
        for args in commands {
            let mut cmd = env.cmd();
            if !with_no_color {
                cmd.env_remove("NO_COLOR");
            }
            let out = cmd.args(args).output().unwrap();
            assert!(out.status.success(), "{}", describe(args, &out));
            for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
                let text = String::from_utf8_lossy(bytes);
                assert!(
                    !text.contains("\x1b["),
                    "claims {args:?} (NO_COLOR set: {with_no_color}) wrote an escape to {stream}:\n{text}"
                );
            }
        }
        // Errors too.
        for args in [&["show", "99"][..], &["frobnicate"][..]] {
            let mut cmd = env.cmd();
            if !with_no_color {
                cmd.env_remove("NO_COLOR");
            }
            let out = cmd.args(args).output().unwrap();
            assert!(
                !String::from_utf8_lossy(&out.stderr).contains("\x1b["),
                "{}",
                describe(args, &out)
            );
        }
    }
}

#[test]
fn help_and_version_succeed_on_stdout() {
    let env = Env::new();
    for args in [&["--help"][..], &["--version"][..], &["add", "--help"][..]] {
        let (stdout, _) = env.run_ok_full(args);
        assert!(!stdout.trim().is_empty(), "{args:?}");
    }
    assert!(
        env.run_ok(&["--version"])
            .contains(env!("CARGO_PKG_VERSION"))
    );
    assert!(!env.db().exists(), "help and version create no database");
}

#[test]
fn usage_error_lines_say_what_is_wrong() {
    let env = small_db();
    let cases: [(&[&str], &str); 7] = [
        (&["show"], "CLAIM"),
        (&["add"], "TEXT"),
        (&["edit", "1"], "--text"),
        (&["frobnicate"], "frobnicate"),
        (&["list", "--frobnicate"], "--frobnicate"),
        (&["list", "--status", "maybe"], "maybe"),
        (&["source", "add", "X", "--reliability", "G"], "G"),
    ];
    for (args, needle) in cases {
        let line = env.expect_err(args, 2);
        assert!(
            line.contains(needle),
            "claims {args:?}: {line:?} should mention {needle:?}"
        );
    }
}

#[test]
fn no_subcommand_is_a_usage_error() {
    let env = Env::new();
    for args in [&[][..], &["source"][..]] {
        let out = env.run(args);
        assert_eq!(out.status.code(), Some(2), "{}", describe(args, &out));
        assert!(out.stdout.is_empty(), "{}", describe(args, &out));
        assert!(!out.stderr.is_empty(), "{}", describe(args, &out));
    }
    assert!(!env.db().exists());
}

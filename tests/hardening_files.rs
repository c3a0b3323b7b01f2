//! Issue 16, "foreign files stay untouched" and "the edges of the machine": a SQLite file that is
//! not a claims database is refused before a byte of it changes, whatever its user_version;
//! `--db` is a path, never a SQLite URI; triggers claims did not make are refused by name;
//! `backup` and `restore` make the safe way the easy way; a file-size limit gives one line
//! instead of a silent death; a database that could not be made leaves nothing behind; and an
//! `add` undone the instant it commits still reports what it logged.

mod common;

use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use md5::{Digest, Md5};
use rusqlite::{Connection, OpenFlags};
use serde_json::Value;

use common::*;

/// The md5 of a file's bytes (its mtime plays no part).
fn md5_of(path: &Path) -> String {
    format!("{:x}", Md5::digest(std::fs::read(path).unwrap()))
}

/// The journal mode a file's header records: bytes 18 and 19 are 2 in WAL mode, 1 otherwise.
fn journal_mode_on_disk(path: &Path) -> &'static str {
    let bytes = std::fs::read(path).unwrap();
    match (bytes[18], bytes[19]) {
        (2, 2) => "wal",
        (1, 1) => "rollback",
        _ => "unknown",
    }
}

/// A SQLite file made by another program with `sql`, in WAL mode or not.
fn foreign_file(env: &Env, name: &str, sql: &str, wal: bool) -> PathBuf {
    let path = env.path().join(name);
    let conn = Connection::open(&path).unwrap();
    if wal {
        let mode: String = conn
            .query_row("PRAGMA journal_mode = wal", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
    conn.execute_batch(sql).unwrap();
    drop(conn);
    assert!(side_files(&path).is_empty(), "{name}: closed whole");
    path
}

/// Runs the binary with a file-size limit (RLIMIT_FSIZE, as `ulimit -f` sets it) of `bytes`.
fn run_limited(env: &Env, bytes: u64, args: &[&str]) -> Output {
    let mut cmd = env.std_cmd();
    cmd.args(args);
    // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: bytes as libc::rlim_t,
                rlim_max: libc::RLIM_INFINITY,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd.output().unwrap()
}

fn assert_one_line_failure(args: &[&str], out: &Output, wanted: &str) {
    match error_shape(out) {
        Ok((code, line)) => {
            assert_eq!(code, 1, "{}", describe(args, out));
            assert!(line.contains(wanted), "{line:?} should say {wanted:?}");
        }
        Err(problem) => panic!("{problem}\n{}", describe(args, out)),
    }
}

#[test]
fn a_foreign_sqlite_file_is_refused_before_anything_is_written_whatever_its_user_version() {
    let env = Env::new();
    let sheet = env.path().join("sheet.csv");
    std::fs::write(
        &sheet,
        "claim,stance,source\nThe lighthouse keeper left,asserts,Keeper\n",
    )
    .unwrap();
    let mut files = Vec::new();
    for version in 1..=4 {
        files.push(foreign_file(
            &env,
            &format!("recipes-v{version}.db"),
            &format!(
                "CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT);
                 INSERT INTO recipes (title) VALUES ('plum cake'), ('fish soup');
                 PRAGMA user_version = {version};"
            ),
            false,
        ));
    }
    files.push(foreign_file(
        &env,
        "claims-of-another-shape.db",
        "CREATE TABLE claims (id INTEGER PRIMARY KEY, insurer TEXT, amount REAL);
         INSERT INTO claims (insurer, amount) VALUES ('Harbour Mutual', 120.5);
         PRAGMA user_version = 1;",
        false,
    ));
    files.push(foreign_file(
        &env,
        "in-wal-mode.db",
        "CREATE TABLE readings (at TEXT, value REAL);
         INSERT INTO readings VALUES ('2024-05-02', 3.5);
         PRAGMA user_version = 3;",
        true,
    ));
    files.push(foreign_file(
        &env,
        "another-application.db",
        "CREATE TABLE things (x); PRAGMA application_id = 1179014219; PRAGMA user_version = 5;",
        false,
    ));
    for path in &files {
        let md5 = md5_of(path);
        let mode = journal_mode_on_disk(path);
        let backup = env.path().join("copy.db");
        for command in [
            vec!["list"],
            vec!["add", "The ferry left an hour late"],
            vec!["show", "1"],
            vec!["source", "add", "Harbour Desk"],
            vec!["import", s(&sheet)],
            vec!["export"],
            vec!["backup", s(&backup)],
        ] {
            let mut args = vec!["--db", s(path)];
            args.extend(&command);
            let line = env.expect_err(&args, 1);
            assert!(
                line.contains("is not a claims database"),
                "{args:?}: {line}"
            );
            assert_eq!(md5_of(path), md5, "{args:?} changed the bytes of the file");
            assert_eq!(journal_mode_on_disk(path), mode, "{args:?}");
            assert_eq!(side_files(path), Vec::<PathBuf>::new(), "{args:?}");
            assert!(!backup.exists(), "{args:?} wrote a backup");
        }
    }
}

/// A foreign file in WAL mode whose log still holds committed frames (another program had it
/// open when it was copied): neither `info` nor any other command may fold that log into it.
#[test]
fn a_foreign_files_live_wal_is_never_folded_into_it() {
    let env = Env::new();
    let live = env.path().join("live.db");
    let conn = Connection::open(&live).unwrap();
    conn.pragma_update(None, "journal_mode", "wal").unwrap();
    conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    conn.execute_batch(
        "CREATE TABLE tides (at TEXT, height REAL); INSERT INTO tides VALUES ('06:10', 4.2);
         PRAGMA user_version = 3;",
    )
    .unwrap();
    // Copied while the writer is still open: the copy's -wal holds the frames.
    let copy = env.path().join("tides.db");
    std::fs::copy(&live, &copy).unwrap();
    std::fs::copy(with_wal(&live), with_wal(&copy)).unwrap();
    drop(conn);
    assert!(std::fs::metadata(with_wal(&copy)).unwrap().len() > 0);
    let (db_before, wal_before) = (md5_of(&copy), md5_of(&with_wal(&copy)));
    for args in [&["info"][..], &["list"], &["add", "A tide gauge failed"]] {
        let mut full = vec!["--db", copy.to_str().unwrap()];
        full.extend_from_slice(args);
        let out = env.cmd().args(&full).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?} was not refused");
        assert!(out.stdout.is_empty(), "{args:?} printed on stdout");
        assert_eq!(md5_of(&copy), db_before, "{args:?} changed the file");
        assert_eq!(
            md5_of(&with_wal(&copy)),
            wal_before,
            "{args:?} changed its -wal"
        );
    }
}

fn with_wal(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

#[test]
fn db_is_always_a_file_path_never_a_sqlite_uri() {
    let env = Env::new();
    let name = "file:notes?mode=memory";
    let added = env.run_json(&["--db", name, "add", "The pier lights were out all night"]);
    assert_eq!(added["id"], 1);
    assert!(
        env.path().join(name).is_file(),
        "the claim went to a file named {name:?}"
    );
    let listed = env.run_json(&["--db", name, "list"]);
    assert_eq!(ids(&listed), [1], "the claim is still there: {listed}");
    let id: i32 =
        Connection::open_with_flags(env.path().join(name), OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap()
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
    assert_eq!(
        id.to_be_bytes(),
        *b"CLMS",
        "a new database is marked as claims'"
    );
}

#[test]
fn a_claims_file_holding_a_trigger_claims_did_not_make_is_refused_with_its_name() {
    let env = Env::new();
    env.run_ok(&["add", "The tide gauge stopped at noon"]);
    env.sql(
        "CREATE TABLE tap (text TEXT);
         CREATE TRIGGER copy_out AFTER INSERT ON claims BEGIN INSERT INTO tap VALUES (new.text); END;
         CREATE TRIGGER zz_second BEFORE DELETE ON sources BEGIN SELECT 1; END;
         CREATE VIEW my_view AS SELECT id, text FROM claims;
         CREATE INDEX my_index ON claims (happened);",
    );
    let before = env.dump();
    for args in [vec!["add", "The harbour crane was moved"], vec!["list"]] {
        let line = env.expect_err(&args, 1);
        assert!(
            line.contains("triggers that claims did not make")
                && line.contains("copy_out, zz_second"),
            "{line}"
        );
    }
    assert_eq!(env.dump(), before, "nothing ran, nothing changed");
    // The user's own tables, views and indexes are allowed.
    env.sql("DROP TRIGGER copy_out; DROP TRIGGER zz_second;");
    env.run_ok(&["add", "The harbour crane was moved"]);
    let copied: i64 = Connection::open(env.db())
        .unwrap()
        .query_row("SELECT count(*) FROM tap", [], |r| r.get(0))
        .unwrap();
    assert_eq!(copied, 0);
}

/// What a database holds, as `list` gives it, for comparing copies.
fn listed(env: &Env, db: &Path) -> Value {
    env.run_json(&["--db", s(db), "list", "--limit", "100000"])
}

#[test]
fn a_backup_made_while_another_process_writes_is_a_consistent_copy() {
    let env = Env::new();
    env.seed_story();
    let before = env.list_ids(&[]).len();
    let writes = 25;
    // Another process logging claims one after another, all through the backups below.
    let writer = std::thread::spawn({
        let commands: Vec<std::process::Command> = (1..=writes)
            .map(|n| {
                let mut add = env.std_cmd();
                add.args([
                    "add",
                    &format!("Crane {n} was found moved overnight"),
                    "--by",
                    &format!("Crane operator {n}"),
                ]);
                add
            })
            .collect();
        move || {
            commands
                .into_iter()
                .all(|mut add| add.output().is_ok_and(|out| out.status.success()))
        }
    });
    let mut copies = Vec::new();
    for n in 0..4 {
        let copy = env.path().join(format!("copy-{n}.db"));
        let made = env.run_json(&["backup", s(&copy)]);
        assert_eq!(made["backup"], s(&copy));
        assert!(made["bytes"].as_u64().unwrap() > 4096, "{made}");
        copies.push((copy, made["claims"].as_i64().unwrap()));
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        writer.join().unwrap(),
        "every write of the writer succeeded"
    );
    for (copy, claims) in copies {
        assert!(side_files(&copy).is_empty(), "a backup is one file");
        let held = listed(&env, &copy);
        assert_eq!(held.as_array().unwrap().len() as i64, claims);
        assert!((before as i64..=(before + writes) as i64).contains(&claims));
        let (code, stdout, stderr) = outcome(
            &env.cmd()
                .args(["--db", s(&copy), "rebuild", "--check"])
                .output()
                .unwrap(),
        );
        assert_eq!(code, 0, "{}: {stdout}{stderr}", copy.display());
        let conn = Connection::open_with_flags(&copy, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
    }
    assert_eq!(env.list_ids(&[]).len(), before + writes);
}

#[test]
fn restore_sets_a_stale_wal_aside_with_the_database_it_replaces() {
    let env = Env::new();
    env.run_ok(&["add", "The lock gates were repaired on Monday"]);
    env.run_ok(&[
        "add",
        "The night ferry resumes on Tuesday",
        "--by",
        "Harbour master",
    ]);
    let backup = env.path().join("monday.db");
    env.run_ok(&["backup", s(&backup)]);
    let in_backup = listed(&env, &backup);
    env.run_ok(&[
        "add",
        "Logged after the backup, and kept aside by the restore",
    ]);

    // A -wal left beside the database that is not its own: the log of another claims file,
    // caught while its writer still had it open.
    let donor = Env::new();
    donor.run_ok(&["add", "A claim of another database"]);
    let stale = {
        let conn = Connection::open(donor.db()).unwrap();
        conn.execute_batch(
            "PRAGMA wal_autocheckpoint = 0;
             UPDATE claims SET text = 'stale text from another file', summary = 'stale';",
        )
        .unwrap();
        let mut wal = donor.db().into_os_string();
        wal.push("-wal");
        let bytes = std::fs::read(&wal).unwrap();
        assert!(!bytes.is_empty());
        bytes
    };
    let wal = PathBuf::from(format!("{}-wal", s(&env.db())));
    std::fs::write(&wal, &stale).unwrap();

    let (restored, stderr) = env.run_json_full(&["restore", s(&backup)]);
    assert_eq!(restored["database"], s(&env.db()));
    assert_eq!(restored["restored_from"], s(&backup));
    assert_eq!(restored["claims"], 2);
    let kept = PathBuf::from(restored["kept_as"].as_str().unwrap());
    assert!(
        stderr.contains(s(&kept)) && stderr.lines().count() == 1,
        "say where the replaced database is kept: {stderr:?}"
    );
    assert!(
        kept.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("claims.db.before-restore-")
    );
    assert_eq!(
        std::fs::read(format!("{}-wal", s(&kept))).unwrap(),
        stale,
        "the -wal went aside with the database it was beside"
    );

    assert_eq!(listed(&env, &env.db()), in_backup, "exactly the backup");
    env.assert_rebuild_matches();
    assert!(
        !env.dump().contains("stale text"),
        "nothing of the stale log"
    );
    // The backup itself is never changed by a restore.
    assert_eq!(listed(&env, &backup), in_backup);

    // Restoring again keeps the second replaced database under another name.
    let (again, _) = env.run_json_full(&["restore", s(&backup)]);
    assert_ne!(again["kept_as"], restored["kept_as"]);
    let kept_again = PathBuf::from(again["kept_as"].as_str().unwrap());
    assert!(
        side_files(&kept_again).is_empty(),
        "an empty log is not kept beside the replaced database"
    );
    assert_eq!(listed(&env, &kept_again), in_backup);
}

#[test]
fn add_and_import_under_a_file_size_limit_fail_with_one_line_and_write_nothing() {
    let env = Env::new();
    env.seed_story();
    let before = env.dump();
    let long = "The quay wall gave way in several places along the old fish market. ".repeat(400);
    let args = ["add", long.as_str()];
    let out = run_limited(&env, 40 * 1024, &args);
    assert_one_line_failure(&args, &out, "file too large");
    assert_eq!(env.dump(), before);

    let sheet = env.path().join("sheet.csv");
    let mut rows = String::from("claim,stance,source\n");
    for n in 0..300 {
        rows.push_str(&format!(
            "Buoy {n} drifted off its mooring in the night,asserts,Buoy keeper {n}\n"
        ));
    }
    std::fs::write(&sheet, rows).unwrap();
    let args = ["import", s(&sheet)];
    let out = run_limited(&env, 40 * 1024, &args);
    assert_one_line_failure(&args, &out, "file too large");
    assert_eq!(env.dump(), before);
    // Without the limit, both work.
    env.run_ok(&["import", s(&sheet)]);
}

#[test]
fn a_database_that_could_not_be_made_leaves_no_file_or_folder_behind() {
    let env = Env::new();
    // The first write of a new database runs into a file-size limit.
    let args = [
        "--db",
        "new/deeper/claims.db",
        "add",
        "The breakwater light is out",
    ];
    let out = run_limited(&env, 16 * 1024, &args);
    assert_one_line_failure(&args, &out, "file too large");
    assert!(!env.path().join("new").exists(), "no folder left behind");

    // A command that fails after making its new database leaves none either.
    let line = env.expect_err(
        &[
            "--db",
            "fresh/sub/claims.db",
            "add",
            "The breakwater light is out",
            "--by",
            "#99",
        ],
        1,
    );
    assert!(line.contains("#99"), "{line}");
    assert!(!env.path().join("fresh").exists(), "no folder left behind");
    // An import fails at its third line, after the database was made and the first row read.
    let sheet = env.path().join("bad.csv");
    std::fs::write(
        &sheet,
        "claim,stance\nThe pier lamp is out,asserts\n,asserts\n",
    )
    .unwrap();
    let sheet = sheet.to_str().unwrap();
    let line = env.expect_err(&["--db", "here.db", "import", sheet], 1);
    assert!(line.contains("line 3"), "{line}");
    assert!(!env.path().join("here.db").exists(), "no file left behind");
    assert!(side_files(&env.path().join("here.db")).is_empty());
}

/// The capacity of a pipe (F_GETPIPE_SZ), so that it can be filled exactly.
fn pipe_capacity(pipe: &impl AsRawFd) -> usize {
    // SAFETY: F_GETPIPE_SZ only reads the pipe's size.
    let size = unsafe { libc::fcntl(pipe.as_raw_fd(), libc::F_GETPIPE_SZ) };
    assert!(size > 0, "F_GETPIPE_SZ");
    size as usize
}

/// `add` tells of the new source on stderr after it commits. With stderr a full pipe it stops
/// right there, committed: the test then undoes the claim from another process, and lets it go
/// on. It must exit 0 and print the claim it logged, not look it up again and find it gone.
#[test]
fn an_add_undone_the_instant_after_it_commits_still_reports_what_it_committed() {
    let env = Env::new();
    env.run_ok(&["add", "The pilot boat was seen at the outer mark"]);
    let text = "The dredger ran aground at the harbour mouth";
    let (mut reader, mut writer) = std::io::pipe().unwrap();
    writer
        .write_all(&vec![b'.'; pipe_capacity(&writer)])
        .unwrap();
    let mut add = env.std_cmd();
    add.args(["add", text, "--by", "Night Watchman", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(writer.try_clone().unwrap());
    let child = add.spawn().unwrap();
    drop(add);
    drop(writer);

    // Wait until the claim is committed (the add is then stuck telling of its new source).
    let started = Instant::now();
    loop {
        let committed = Connection::open_with_flags(env.db(), OpenFlags::SQLITE_OPEN_READ_ONLY)
            .and_then(|conn| {
                conn.query_row(
                    "SELECT count(*) FROM claims WHERE text = ?1 AND removed_at IS NULL",
                    [text],
                    |r| r.get::<_, i64>(0),
                )
            })
            .unwrap_or(0);
        if committed == 1 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the add never committed"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let undone = env.undo();
    assert!(
        undone["undone"]["kinds"]
            .to_string()
            .contains("claim.added"),
        "the undo took back the add: {undone}"
    );
    let drain = std::thread::spawn(move || {
        let mut stderr = Vec::new();
        reader.read_to_end(&mut stderr).unwrap();
        stderr
    });
    let out = child.wait_with_output().unwrap();
    let stderr = drain.join().unwrap();
    let stderr = String::from_utf8_lossy(&stderr);
    let stderr = stderr.trim_start_matches('.');
    assert!(
        out.status.success(),
        "add must exit 0: {}\nstderr: {stderr}",
        out.status
    );
    let reported: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(reported["text"], text);
    assert_eq!(reported["statements"][0]["source"], "Night Watchman");
    assert!(stderr.contains("Night Watchman"), "{stderr}");
    // What it reported is what it committed: the claim.added event it wrote.
    let events = env.events();
    let added = events
        .iter()
        .find(|e| e["kind"] == "claim.added" && e["payload"]["claim"]["text"] == text)
        .expect("the add's event");
    let committed = &added["payload"]["claim"];
    for field in ["id", "uuid", "text", "created_at"] {
        assert_eq!(reported[field], committed[field], "{field}");
    }
    // And it is undone now.
    env.expect_err(&["show", &reported["id"].to_string()], 1);
}

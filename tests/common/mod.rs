//! Harness for the end-to-end tests: each test gets its own temporary directory with the
//! database inside it, and helpers that run the real `claims` binary and check the shape of
//! what it prints (exactly one JSON document; or one error line and nothing on stdout).
//!
//! Every test file includes this module but uses only part of it.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use assert_cmd::Command;
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OpenFlags};
use serde_json::Value;
use tempfile::TempDir;

/// The actor every command runs as (through `CLAIMS_ACTOR`), hence the desk's name.
pub const ACTOR: &str = "tester";

// The Ankara talks story, in the project's own words.
pub const TALKS: &str =
    "Officials from Washington and Moscow sat down for talks in Ankara on 14 November 2022";
pub const SPY_CHIEFS: &str =
    "The CIA's Bill Burns and the SVR's Sergei Naryshkin met face to face in Ankara";
pub const ALTUN_QUOTE: &str =
    "Türkiye was host today to talks between the Russian and American spy chiefs";
pub const WHITE_HOUSE_QUOTE: &str =
    "Burns travelled to Ankara today to see the head of Russian intelligence";
pub const FLIGHT_QUOTE: &str =
    "a Russian state jet coming from Moscow touched down in Ankara near 08:30 GMT";
/// Claim 1's summary once the whole seed story is logged (spelled out by the issue).
pub const TALKS_SUMMARY: &str = "confirmed by Fahrettin Altun (via Associated Press); Kremlin: can neither confirm nor deny; Turkish official: declined to comment";

/// One test's world: a temporary directory holding the database, the XDG data home and TMPDIR.
pub struct Env {
    dir: TempDir,
}

impl Default for Env {
    fn default() -> Self {
        Self::new()
    }
}

impl Env {
    pub fn new() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("claims-e2e-")
            .tempdir()
            .expect("create a temporary directory");
        std::fs::create_dir_all(dir.path().join("tmp")).expect("create TMPDIR");
        Env { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The database `CLAIMS_DB` points at.
    pub fn db(&self) -> PathBuf {
        self.path().join("claims.db")
    }

    /// The `TMPDIR` of every command, so `demo` without `--db` leaves nothing behind.
    pub fn tmp(&self) -> PathBuf {
        self.path().join("tmp")
    }

    /// A plain std command for the binary with the test environment (for spawning by hand).
    pub fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("claims"));
        cmd.current_dir(self.path())
            .env("CLAIMS_DB", self.db())
            .env("CLAIMS_ACTOR", ACTOR)
            .env("NO_COLOR", "1")
            .env("XDG_DATA_HOME", self.path().join("xdg"))
            .env("TMPDIR", self.tmp())
            // Times typed without an offset are local, and shown in local time: pinned, so
            // that a test reads the same anywhere. A test that sets TZ overrides it.
            .env("TZ", "UTC")
            .env_remove("COLUMNS")
            .env_remove("CLICOLOR_FORCE")
            // A remote of the machine running the tests is none of theirs.
            .env_remove("CLAIMS_REMOTE");
        cmd
    }

    /// The binary with `CLAIMS_DB`, `CLAIMS_ACTOR=tester`, `NO_COLOR=1`, no `COLUMNS`, and
    /// `XDG_DATA_HOME` inside the temporary directory.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::from_std(self.std_cmd());
        cmd.timeout(Duration::from_secs(60));
        cmd
    }

    /// Runs the binary and returns whatever happened.
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd()
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("cannot run claims {args:?}: {e}"))
    }

    /// Runs a command that must succeed; returns stdout.
    pub fn run_ok(&self, args: &[&str]) -> String {
        self.run_ok_full(args).0
    }

    /// Runs a command that must succeed; returns (stdout, stderr).
    pub fn run_ok_full(&self, args: &[&str]) -> (String, String) {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "expected success\n{}",
            describe(args, &out)
        );
        (
            String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        )
    }

    /// Runs a command with `--format json` appended; it must succeed and print exactly one
    /// JSON document on stdout.
    pub fn run_json(&self, args: &[&str]) -> Value {
        self.run_json_full(args).0
    }

    /// Like [`Env::run_json`], also returning stderr.
    pub fn run_json_full(&self, args: &[&str]) -> (Value, String) {
        let mut full = args.to_vec();
        full.extend(["--format", "json"]);
        let (stdout, stderr) = self.run_ok_full(&full);
        (parse_one_json(&full, &stdout), stderr)
    }

    /// Runs a command that must fail cleanly: non-zero exit, nothing on stdout, exactly one
    /// non-empty line on stderr. Returns (exit code, the stderr line).
    pub fn run_err(&self, args: &[&str]) -> (i32, String) {
        let out = self.run(args);
        match error_shape(&out) {
            Ok(found) => found,
            Err(problem) => panic!("{problem}\n{}", describe(args, &out)),
        }
    }

    /// Like [`Env::run_err`], also checking the exit code.
    pub fn expect_err(&self, args: &[&str], code: i32) -> String {
        let (got, line) = self.run_err(args);
        assert_eq!(got, code, "exit code of claims {args:?} (stderr: {line})");
        line
    }

    /// Runs a command as another actor (`--actor NAME`); it must succeed. Returns stdout.
    pub fn as_actor(&self, actor: &str, args: &[&str]) -> String {
        let mut all = vec!["--actor", actor];
        all.extend_from_slice(args);
        self.run_ok(&all)
    }

    /// Runs a command that must be refused cleanly (one line on stderr, non-zero exit, nothing
    /// on stdout) and leave the database exactly as it was (its dump compared). Returns the
    /// line.
    pub fn refused(&self, args: &[&str]) -> String {
        let before = self.dump();
        let (code, line) = self.run_err(args);
        assert_ne!(code, 0, "{args:?}");
        assert_eq!(self.dump(), before, "{args:?} changed the database");
        line
    }

    /// The deterministic dump of the test database (see [`dump_db`]).
    pub fn dump(&self) -> String {
        dump_db(&self.db())
    }

    /// Every event of the history, newest first.
    pub fn events(&self) -> Vec<Value> {
        let v = self.run_json(&["log", "--limit", "100000"]);
        v.as_array().expect("log prints an array").clone()
    }

    /// How many events of each kind the history holds.
    pub fn event_counts(&self) -> BTreeMap<String, usize> {
        count_kinds(&self.events())
    }

    /// `show N --format json`.
    pub fn show(&self, claim: i64) -> Value {
        self.run_json(&["show", &claim.to_string()])
    }

    /// The claim numbers `list ARGS --format json` prints, in order.
    pub fn list_ids(&self, args: &[&str]) -> Vec<i64> {
        let mut full = vec!["list"];
        full.extend_from_slice(args);
        ids(&self.run_json(&full))
    }

    /// `sources --format json`, keyed by name (names of anonymous sources may repeat, so
    /// this is only for tests without such repeats).
    pub fn sources_by_name(&self) -> BTreeMap<String, Value> {
        let v = self.run_json(&["sources"]);
        let mut map = BTreeMap::new();
        for s in v.as_array().expect("sources prints an array") {
            let name = s["name"].as_str().expect("a source has a name").to_string();
            assert!(
                map.insert(name.clone(), s.clone()).is_none(),
                "two sources named {name:?}"
            );
        }
        map
    }

    /// Logs the whole Ankara talks story (claims 1 and 2, seven commands), all on
    /// 2022-11-14.
    pub fn seed_story(&self) {
        self.seed_story_at(["2022-11-14"; 6]);
    }

    /// The seed story with each statement said at the time given, in the order of
    /// `seed_story_timed`'s list.
    pub fn seed_story_at(&self, at: [&str; 6]) {
        self.run_ok(&[
            "add",
            TALKS,
            "--tag",
            "ankara-talks",
            "--by",
            "unnamed source",
            "--anonymous",
            "--via",
            "Kommersant",
            "--at",
            at[0],
        ]);
        self.run_ok(&[
            "decline",
            "1",
            "--by",
            "Turkish official",
            "--anonymous",
            "--at",
            at[1],
        ]);
        self.run_ok(&["ncnd", "1", "--by", "Kremlin", "--at", at[2]]);
        self.run_ok(&[
            "confirm",
            "1",
            "--by",
            "Fahrettin Altun",
            "--via",
            "Associated Press",
            "--at",
            at[3],
            "--quote",
            ALTUN_QUOTE,
        ]);
        self.run_ok(&["add", SPY_CHIEFS, "--tag", "ankara-talks"]);
        self.run_ok(&[
            "confirm",
            "2",
            "--by",
            "White House official",
            "--anonymous",
            "--at",
            at[4],
            "--quote",
            WHITE_HOUSE_QUOTE,
        ]);
        self.run_ok(&[
            "assert",
            "2",
            "--by",
            "flight-tracking data",
            "--kind",
            "data",
            "--at",
            at[5],
            "--quote",
            FLIGHT_QUOTE,
        ]);
    }
}

/// A readable account of one run, for assertion messages.
pub fn describe(args: &[&str], out: &Output) -> String {
    format!(
        "command: claims {args:?}\nstatus: {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Parses stdout as exactly one JSON document (trailing whitespace allowed, nothing else).
pub fn parse_one_json(args: &[&str], stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| {
        panic!("claims {args:?} must print exactly one JSON document ({e}); stdout was:\n{stdout}")
    })
}

/// Checks the shape of a failed run: non-zero exit (not a signal), empty stdout, exactly one
/// non-empty stderr line. Returns (exit code, the line) or what is wrong.
pub fn error_shape(out: &Output) -> Result<(i32, String), String> {
    let Some(code) = out.status.code() else {
        return Err(format!("killed by a signal ({})", out.status));
    };
    if code == 0 {
        return Err("expected failure, got exit 0".into());
    }
    if !out.stdout.is_empty() {
        return Err("expected nothing on stdout".into());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr.strip_suffix('\n').unwrap_or(&stderr);
    if line.trim().is_empty() || line.contains('\n') {
        return Err(format!(
            "stderr must be exactly one non-empty line, got {} line(s)",
            stderr.lines().count()
        ));
    }
    Ok((code, line.to_string()))
}

/// A deterministic dump of a database, opened read-only: the user_version, the schema, then
/// for each table (by name) every row (by rowid) with each column as `{:?}` of its value.
/// A missing file dumps as a fixed marker.
pub fn dump_db(path: &Path) -> String {
    if !path.exists() {
        return "<no database file>".to_string();
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .unwrap_or_else(|e| panic!("open {} read-only: {e}", path.display()));
    let mut out = String::new();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("read user_version");
    writeln!(out, "user_version = {version}").unwrap();

    let mut stmt = conn
        .prepare("SELECT type, name, coalesce(sql, '') FROM sqlite_master ORDER BY name, type")
        .expect("read the schema");
    let entries: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("read the schema")
        .collect::<Result<_, _>>()
        .expect("read the schema");
    for (kind, name, sql) in &entries {
        writeln!(out, "{kind} {name}: {sql}").unwrap();
    }

    for (_, name, _) in entries.iter().filter(|(kind, _, _)| kind == "table") {
        let quoted = format!("\"{}\"", name.replace('"', "\"\""));
        writeln!(out, "== {name}").unwrap();
        let mut rows = match conn.prepare(&format!("SELECT * FROM {quoted} ORDER BY rowid")) {
            Ok(s) => s,
            Err(_) => {
                // A WITHOUT ROWID table: order by every column instead.
                let n = conn
                    .prepare(&format!("SELECT * FROM {quoted}"))
                    .expect("read a table")
                    .column_count();
                let order: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
                conn.prepare(&format!(
                    "SELECT * FROM {quoted} ORDER BY {}",
                    order.join(", ")
                ))
                .expect("read a table")
            }
        };
        let columns = rows.column_count();
        let mut cursor = rows.query([]).expect("read a table");
        while let Some(row) = cursor.next().expect("read a row") {
            let cells: Vec<String> = (0..columns)
                .map(|i| format!("{:?}", row.get::<_, SqlValue>(i).expect("read a cell")))
                .collect();
            writeln!(out, "{}", cells.join(" | ")).unwrap();
        }
    }
    out
}

/// `PRAGMA user_version` of a database file.
pub fn user_version(path: &Path) -> i64 {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open read-only");
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("read user_version")
}

/// The `id`s of a JSON array of objects, in order.
pub fn ids(v: &Value) -> Vec<i64> {
    v.as_array()
        .unwrap_or_else(|| panic!("expected a JSON array, got {v}"))
        .iter()
        .map(|o| {
            o["id"]
                .as_i64()
                .unwrap_or_else(|| panic!("no numeric id in {o}"))
        })
        .collect()
}

/// How many events of each kind a list of events holds.
pub fn count_kinds(events: &[Value]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for e in events {
        let kind = e["kind"]
            .as_str()
            .unwrap_or_else(|| panic!("event without kind: {e}"));
        *counts.entry(kind.to_string()).or_insert(0) += 1;
    }
    counts
}

/// Builds a kind → count map from pairs, for comparing with [`count_kinds`].
pub fn counts(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
    pairs
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| (k.to_string(), *n))
        .collect()
}

/// `YYYY-MM-DDTHH:MM:SSZ`, the one time format of the JSON output.
pub fn is_utc_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 20
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        })
        && chrono::NaiveDateTime::parse_from_str(&s[..19], "%Y-%m-%dT%H:%M:%S").is_ok()
}

/// A lowercase hyphenated UUID of version 7.
pub fn is_uuid_v7(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_digit() || (b'a'..=b'f').contains(c),
        })
        && b[14] == b'7'
}

/// Today's date in UTC, `YYYY-MM-DD`.
pub fn today() -> String {
    chrono::Utc::now().format("%Y-%m-%d").to_string()
}

/// The statements of a `show` JSON, each cut down to the fields given.
pub fn statement_fields(show: &Value, fields: &[&str]) -> Vec<Value> {
    show["statements"]
        .as_array()
        .unwrap_or_else(|| panic!("show has no statements array: {show}"))
        .iter()
        .map(|s| {
            let mut o = serde_json::Map::new();
            for f in fields {
                let value = s.get(*f).cloned();
                o.insert(f.to_string(), value.unwrap_or_else(|| "<missing>".into()));
            }
            Value::Object(o)
        })
        .collect()
}

/// Path as &str (the temporary directories are UTF-8).
pub fn s(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

// ---- The evidence engine (issue 3): grading, retraction, undo, as-of, rebuild ----

/// The words of each credibility grade, 1 to 6 (docs/rules.md, "Reliability and credibility").
pub const GRADE_WORDS: [&str; 6] = [
    "confirmed by other sources",
    "probably true",
    "possibly true",
    "doubtful",
    "improbable",
    "truth cannot be judged",
];

/// Checks a claim's (or a statement verb's, or a retraction's) credibility: the grade, a
/// reason that starts with "N words", and that the reason names each of `names`.
pub fn assert_grade(v: &Value, grade: i64, names: &[&str]) {
    assert_eq!(v["credibility"], grade, "credibility of {v:#}");
    let reason = v["credibility_reason"]
        .as_str()
        .unwrap_or_else(|| panic!("no credibility_reason string in {v:#}"));
    let start = format!("{grade} {}", GRADE_WORDS[(grade - 1) as usize]);
    assert!(
        reason.starts_with(&start),
        "credibility_reason {reason:?} should start with {start:?}"
    );
    for name in names {
        assert!(
            reason.contains(name),
            "credibility_reason {reason:?} should name {name:?}"
        );
    }
}

/// The strings of a JSON array (e.g. a claim's "origins").
pub fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("expected a JSON array, got {v}"))
        .iter()
        .map(|s| {
            s.as_str()
                .unwrap_or_else(|| panic!("expected a string, got {s}"))
                .to_string()
        })
        .collect()
}

/// The "origin" of each statement of a `show` JSON, in order.
pub fn statement_origins(show: &Value) -> Vec<String> {
    show["statements"]
        .as_array()
        .unwrap_or_else(|| panic!("show has no statements array: {show}"))
        .iter()
        .map(|s| {
            s["origin"]
                .as_str()
                .unwrap_or_else(|| panic!("statement without an origin name: {s}"))
                .to_string()
        })
        .collect()
}

/// The statement numbers of a `show` JSON, in order.
pub fn statement_ids(show: &Value) -> Vec<i64> {
    show["statements"]
        .as_array()
        .unwrap_or_else(|| panic!("show has no statements array: {show}"))
        .iter()
        .map(|s| s["id"].as_i64().unwrap_or_else(|| panic!("{s}")))
        .collect()
}

/// The current time in UTC, as the JSON prints times (to the second).
pub fn now_utc() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The outcome of a command that may legitimately print on stdout and fail
/// (`rebuild --check`): (exit code, stdout, stderr).
pub fn outcome(out: &Output) -> (i32, String, String) {
    (
        out.status.code().expect("not killed by a signal"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

impl Env {
    /// The Ankara talks story with a distinct time for each statement (all on
    /// 2022-11-14, UTC): #1 the unnamed source via Kommersant asserts at 07:00, #2 the Turkish
    /// official declines at 08:00, #3 the Kremlin ncnd at 08:30, #4 Fahrettin Altun confirms
    /// via the Associated Press at 09:00; claim 2: #5 the White House official confirms at
    /// 10:00, #6 the flight-tracking data asserts at 08:45.
    pub fn seed_story_timed(&self) {
        self.seed_story_at([
            "2022-11-14T07:00",
            "2022-11-14T08:00",
            "2022-11-14T08:30",
            "2022-11-14T09:00",
            "2022-11-14T10:00",
            "2022-11-14T08:45",
        ]);
    }

    /// Runs SQL on the test database behind the binary's back (to corrupt a table by hand).
    pub fn sql(&self, sql: &str) {
        let conn = Connection::open(self.db()).expect("open the database read-write");
        conn.execute_batch(sql)
            .unwrap_or_else(|e| panic!("run {sql:?}: {e}"));
    }

    /// `claims rebuild --check`: (exit code, stdout, stderr).
    pub fn rebuild_check(&self) -> (i32, String, String) {
        outcome(&self.run(&["rebuild", "--check"]))
    }

    /// Asserts that `rebuild --check` passes: exit 0, says so on stdout, changes nothing.
    pub fn assert_rebuild_matches(&self) {
        let before = self.dump();
        let (code, stdout, stderr) = self.rebuild_check();
        assert_eq!(
            code, 0,
            "rebuild --check should pass\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}"
        );
        assert!(
            stdout.to_lowercase().contains("match"),
            "rebuild --check should say the rebuild matches: {stdout:?}"
        );
        assert_eq!(self.dump(), before, "rebuild --check changed the database");
    }

    /// The uuids of every event, newest first.
    pub fn event_uuids(&self) -> Vec<String> {
        self.events()
            .iter()
            .map(|e| e["uuid"].as_str().expect("an event has a uuid").to_string())
            .collect()
    }

    /// `claims undo --format json`; checks the `undone` object and returns it.
    pub fn undo(&self) -> Value {
        let v = self.run_json(&["undo"]);
        let undone = &v["undone"];
        assert!(
            undone.is_object(),
            "undo prints {{\"undone\": {{...}}}}: {v}"
        );
        assert!(
            undone["events"].as_i64().is_some_and(|n| n >= 1),
            "undo reverses at least one event: {v}"
        );
        v
    }

    /// Asserts that `claims undo` finds nothing to undo: exit 1, nothing on stdout, one line
    /// on stderr, the database unchanged.
    pub fn assert_nothing_to_undo(&self) {
        let before = self.dump();
        let line = self.expect_err(&["undo"], 1);
        assert!(
            line.to_lowercase().contains("undo"),
            "the error should say there is nothing to undo: {line:?}"
        );
        assert_eq!(self.dump(), before, "a refused undo changed the database");
    }
}

/// The named fields of a JSON object, as a new object: to compare only what matters.
pub fn pick(v: &Value, fields: &[&str]) -> Value {
    let picked: serde_json::Map<String, Value> = fields
        .iter()
        .map(|f| (f.to_string(), v[*f].clone()))
        .collect();
    Value::Object(picked)
}

/// The -wal, -shm and -journal files that exist beside `path`.
pub fn side_files(path: &Path) -> Vec<PathBuf> {
    ["-wal", "-shm", "-journal"]
        .iter()
        .map(|suffix| {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            PathBuf::from(name)
        })
        .filter(|p| p.exists())
        .collect()
}

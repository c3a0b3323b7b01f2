//! Laptops of one desk for the sync tests: each a claims file of its own (a `common::Env`) with
//! an actor of its own, all syncing with one database of the private PostgreSQL.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::process::Output;

use serde_json::Value;

use crate::common::{Env, describe, error_shape, parse_one_json};

pub struct Laptop {
    pub env: Env,
    pub actor: String,
    pub remote: String,
}

impl Laptop {
    pub fn new(actor: &str, remote: &str) -> Laptop {
        let laptop = Laptop {
            env: Env::new(),
            actor: actor.to_string(),
            remote: remote.to_string(),
        };
        laptop.ok(&["remote", "set", remote]);
        laptop
    }

    pub fn cmd(&self) -> std::process::Command {
        let mut cmd = self.env.std_cmd();
        cmd.env("CLAIMS_ACTOR", &self.actor)
            .env_remove("CLAIMS_REMOTE")
            .env_remove("PGPASSWORD")
            .env("PGPASSFILE", self.env.path().join("no-pgpass"));
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd()
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("cannot run claims {args:?}: {e}"))
    }

    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "expected success\n{}",
            describe(args, &out)
        );
        String::from_utf8(out.stdout).expect("UTF-8")
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let mut full = args.to_vec();
        full.extend(["--format", "json"]);
        let out = self.ok(&full);
        parse_one_json(&full, &out)
    }

    /// A command that must fail with one line on stderr and nothing on stdout.
    pub fn err(&self, args: &[&str]) -> String {
        let out = self.run(args);
        match error_shape(&out) {
            Ok((code, line)) => {
                assert_ne!(code, 0);
                line
            }
            Err(problem) => panic!("{problem}\n{}", describe(args, &out)),
        }
    }

    /// `claims sync --format json`.
    pub fn sync(&self) -> Value {
        self.json(&["sync"])
    }

    /// What the file holds, without its local numbers: entities by uuid with their values,
    /// and the set of events by uuid with who made them when.
    pub fn canonical(&self) -> BTreeSet<String> {
        let out = self.ok(&["export", "--include-removed"]);
        out.lines()
            .map(|line| {
                let mut v: Value = serde_json::from_str(line).expect("a JSON line");
                let o = v.as_object_mut().expect("an object");
                o.remove("id");
                // When a claim last moved is the time of the last change applied here, in this
                // file's order: the same changes, but not the same order on every laptop.
                o.remove("last_activity");
                if o.get("type").and_then(Value::as_str) == Some("event") {
                    // A payload holds this file's numbers and its regrading: compared by the
                    // tables above. The claim an event is filed under (whose `log` lists it)
                    // is the one its statement was on here when it came: after a colleague's
                    // move or merge, not the same on every laptop.
                    o.remove("payload");
                    o.remove("claim");
                }
                v.to_string()
            })
            .collect()
    }

    /// What `search WORDS` finds here: the texts of the claims (numbers, and the order of
    /// names in a passage, which follows them, left out: they are the file's own).
    pub fn found(&self, words: &str) -> BTreeSet<String> {
        self.json(&["search", words, "--limit", "100000"])
            .as_array()
            .expect("search gives an array")
            .iter()
            .map(|hit| hit["text"].as_str().expect("a claim's text").to_string())
            .collect()
    }

    /// `rebuild --check` passes.
    pub fn rebuild_checks(&self) {
        self.ok(&["rebuild", "--check"]);
    }

    /// The file's export imports whole into a new file: the import accepts it (every row as
    /// its history makes it, a colleague's merge as the sync settled it here), and the new
    /// file exports the same bytes.
    pub fn exports_whole(&self) {
        let export = self.env.path().join("whole.jsonl");
        let copy = self.env.path().join("whole.db");
        let _ = std::fs::remove_file(&copy);
        self.ok(&["export", "-o", export.to_str().unwrap()]);
        let on_copy = |args: &[&str]| {
            let out = self
                .cmd()
                .env("CLAIMS_DB", &copy)
                .args(args)
                .output()
                .expect("run claims");
            assert!(
                out.status.success(),
                "{}: claims {args:?} on the copy: {}",
                self.actor,
                String::from_utf8_lossy(&out.stderr)
            );
            out.stdout
        };
        on_copy(&["import", export.to_str().unwrap()]);
        on_copy(&["rebuild", "--check"]);
        let again = on_copy(&["export"]);
        assert!(
            again == std::fs::read(&export).unwrap(),
            "{}: the copy's export differs from the file's",
            self.actor
        );
    }

    /// Every event of the file's history, by uuid (read from the file itself).
    pub fn event_uuids(&self) -> BTreeSet<String> {
        let conn = rusqlite::Connection::open_with_flags(
            self.env.db(),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .expect("open the file");
        let mut stmt = conn.prepare("SELECT uuid FROM events").unwrap();
        stmt.query_map([], |row| row.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }
}

/// Ann and Bob each log a claim by the outlet Reuters, each spelling it their way, before
/// either syncs: one name made on two laptops.
pub fn one_outlet_on_two(ann: &Laptop, bob: &Laptop) {
    one_outlet_on_two_with(ann, bob, &[]);
}

/// The same, with Ann running `between` (when not empty) before Bob logs his.
pub fn one_outlet_on_two_with(ann: &Laptop, bob: &Laptop, between: &[&str]) {
    ann.ok(&[
        "add",
        "Rates will rise",
        "--by",
        "Reuters",
        "--kind",
        "outlet",
    ]);
    if !between.is_empty() {
        ann.ok(between);
    }
    bob.ok(&[
        "add",
        "Rates will hold",
        "--by",
        "reuters",
        "--kind",
        "outlet",
    ]);
}

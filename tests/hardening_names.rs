//! Issue 16, names that look alike and dates that look wrong, through the binary: a name typed
//! with a combining accent is the same source as its precomposed twin everywhere a source is
//! named; a new source that merely looks like an existing one is made with a warning naming it;
//! an `--at` far in the future is kept with a warning; and `ingest` refuses a report too large
//! to be one, before reading it whole.

mod common;

use common::*;
use serde_json::Value;

/// "José Ruiz" with a precomposed é (U+00E9), and with an e and a combining acute (U+0301).
const COMPOSED: &str = "Jos\u{e9} Ruiz";
const DECOMPOSED: &str = "Jose\u{301} Ruiz";
/// "Kremlin" with a Cyrillic capital Ka (U+041A) for its K.
const CYRILLIC_KREMLIN: &str = "\u{41a}remlin";

const FERRY: &str = "The evening ferry left the harbour an hour early";

fn source_names(env: &Env) -> Vec<String> {
    env.run_json(&["sources"])
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect()
}

fn lines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| !l.is_empty()).collect()
}

#[test]
fn a_decomposed_name_finds_its_precomposed_source_in_every_option() {
    let env = Env::new();
    env.run_ok(&["add", FERRY, "--by", DECOMPOSED]);
    env.run_ok(&["source", "add", "Harbour master"]);
    let commands: [&[&str]; 3] = [
        &["confirm", "1", "--by", COMPOSED],
        &["assert", "1", "--by", "Harbour master", "--via", COMPOSED],
        &["deny", "1", "--by", "Harbour master", "--citing", COMPOSED],
    ];
    for args in commands {
        let (_, stderr) = env.run_ok_full(args);
        assert!(
            !stderr.contains("new source"),
            "claims {args:?} made a new source: {stderr}"
        );
    }
    env.run_ok(&["source", "edit", COMPOSED, "--role", "harbour master"]);
    let record = env.run_json(&["source", "show", COMPOSED]);
    assert_eq!(record["role"], "harbour master");
    // One source, its name kept exactly as first typed.
    assert_eq!(source_names(&env), [DECOMPOSED, "Harbour master"]);
    env.assert_rebuild_matches();
}

#[test]
fn a_precomposed_name_finds_its_decomposed_source_and_the_name_is_stored_as_typed() {
    let env = Env::new();
    env.run_ok(&["source", "add", COMPOSED, "--alias", "Pe\u{301}pe"]);
    env.run_ok(&["add", FERRY, "--by", DECOMPOSED]);
    env.run_ok(&["confirm", "1", "--by", "P\u{e9}pe"]);
    assert_eq!(source_names(&env), [COMPOSED]);
    let show = env.show(1);
    let speakers: Vec<&str> = show["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["source"].as_str().unwrap())
        .collect();
    assert_eq!(speakers, [COMPOSED, COMPOSED]);
}

#[test]
fn a_sheet_names_a_source_in_either_form() {
    let env = Env::new();
    env.run_ok(&["source", "add", COMPOSED]);
    let sheet = env.path().join("sheet.csv");
    std::fs::write(
        &sheet,
        format!("claim,stance,source\n{FERRY},asserts,{DECOMPOSED}\n"),
    )
    .unwrap();
    let (_, stderr) = env.run_ok_full(&["import", sheet.to_str().unwrap()]);
    assert!(!stderr.contains("warning"), "{stderr}");
    assert_eq!(source_names(&env), [COMPOSED]);
}

#[test]
fn ingest_matches_a_decomposed_speaker_to_the_source_on_record() {
    let env = Env::new();
    env.run_ok(&["source", "add", COMPOSED]);
    let report = env.path().join("report.txt");
    std::fs::write(
        &report,
        format!("{DECOMPOSED}, the harbour master, confirmed that {FERRY}.\n"),
    )
    .unwrap();
    let proposed = env.run_json(&["ingest", report.to_str().unwrap()]);
    assert_eq!(
        proposed["statements"][0]["speaker"], COMPOSED,
        "{proposed:#}"
    );
    env.run_json(&["ingest", report.to_str().unwrap(), "--apply"]);
    assert_eq!(source_names(&env), [COMPOSED]);
}

#[test]
fn a_source_that_looks_like_another_is_made_with_a_warning_naming_it() {
    let env = Env::new();
    env.run_ok(&["source", "add", "Kremlin", "--kind", "organization"]);
    let (stdout, stderr) = env.run_ok_full(&["add", FERRY, "--by", CYRILLIC_KREMLIN]);
    assert!(stdout.contains(CYRILLIC_KREMLIN), "{stdout}");
    let warnings: Vec<&str> = lines(&stderr)
        .into_iter()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(
        warnings[0].contains(&format!("new source #2 {CYRILLIC_KREMLIN}"))
            && warnings[0].contains("source #1 Kremlin"),
        "{stderr}"
    );
    // The note that the source was made comes first, then the warning.
    let all = lines(&stderr);
    assert!(all[0].starts_with("note: new source #2"), "{stderr}");
    // Made all the same: two sources.
    assert_eq!(source_names(&env), ["Kremlin", CYRILLIC_KREMLIN]);
    env.assert_rebuild_matches();
}

#[test]
fn the_warning_leaves_json_output_one_document() {
    let env = Env::new();
    env.run_ok(&["source", "add", "Reuters", "--kind", "outlet"]);
    env.run_ok(&["add", FERRY]);
    // A Cyrillic small dze (U+0455) for the s.
    let (v, stderr): (Value, String) = env.run_json_full(&[
        "confirm",
        "1",
        "--by",
        "Harbour master",
        "--via",
        "Reuter\u{455}",
    ]);
    assert_eq!(v["statement"], 1, "{v:#}");
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("warning: new source #")
                && l.contains("looks like source #1 Reuters")),
        "{stderr}"
    );
    // A Cyrillic capital ie (U+0415) for the E.
    let (v, stderr) = env.run_json_full(&["source", "add", "R\u{415}UTERS"]);
    assert_eq!(v["name"], "R\u{415}UTERS");
    assert!(stderr.contains("looks like source #1 Reuters"), "{stderr}");
}

#[test]
fn a_rename_to_a_look_alike_warns_and_a_plain_new_source_does_not() {
    let env = Env::new();
    env.run_ok(&["source", "add", "Kremlin", "--kind", "organization"]);
    let (_, stderr) = env.run_ok_full(&["source", "add", "Kremlin press office"]);
    assert!(!stderr.contains("warning"), "{stderr}");
    let (_, stderr) = env.run_ok_full(&["add", FERRY, "--by", "Harbour master"]);
    assert!(!stderr.contains("warning"), "{stderr}");
    let (_, stderr) = env.run_ok_full(&[
        "source",
        "edit",
        "Harbour master",
        "--name",
        CYRILLIC_KREMLIN,
    ]);
    assert!(
        stderr.contains(&format!("renamed source #3 {CYRILLIC_KREMLIN}"))
            && stderr.contains("source #1 Kremlin"),
        "{stderr}"
    );
    // Anonymous sources are never matched by name, so never said to look like one.
    let (_, stderr) = env.run_ok_full(&["confirm", "1", "--anonymous", "--by", CYRILLIC_KREMLIN]);
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn an_upgraded_database_finds_names_stored_in_either_form() {
    let env = Env::new();
    env.run_ok(&["add", FERRY, "--by", DECOMPOSED]);
    // Undo migration 0006 by hand, as an older claims left the file: the key as typed,
    // lowercased, and no skeletons (and the indexes of 0007 and the columns of 0008 and 0009,
    // which run again after it).
    let before_0006 = 5;
    assert!(user_version(&env.db()) > before_0006);
    env.sql(&format!(
        "DROP INDEX IF EXISTS claims_by_created;
         DROP INDEX IF EXISTS claims_by_happened;
         DROP INDEX IF EXISTS claims_by_merged_into;
         ALTER TABLE claims DROP COLUMN merged_into;
         ALTER TABLE claims DROP COLUMN dismissed_at;
         ALTER TABLE claims DROP COLUMN dismiss_note;
         DROP INDEX sources_by_skeleton;
         ALTER TABLE sources DROP COLUMN name_skeleton;
         ALTER TABLE sources DROP COLUMN merged_into;
         UPDATE sources SET name_key = '{}' WHERE id = 1;
         PRAGMA user_version = {before_0006};",
        DECOMPOSED.to_lowercase()
    ));
    let (_, stderr) = env.run_ok_full(&["confirm", "1", "--by", COMPOSED]);
    assert!(!stderr.contains("new source"), "{stderr}");
    let (_, stderr) = env.run_ok_full(&["deny", "1", "--by", "Jose\u{301} Ruiz\u{2019}s aide"]);
    assert!(stderr.contains("new source"), "{stderr}");
    // A Cyrillic small ie (U+0435) with a combining acute, for the é.
    let (_, stderr) = env.run_ok_full(&["source", "add", "Jos\u{435}\u{301} Ruiz"]);
    assert!(stderr.contains("looks like source #1"), "{stderr}");
    env.assert_rebuild_matches();
}

#[test]
fn an_at_more_than_a_day_ahead_is_kept_with_a_warning() {
    let env = Env::new();
    let (stdout, stderr) =
        env.run_ok_full(&["add", FERRY, "--by", "Harbour master", "--at", "2099-05-02"]);
    assert!(stdout.contains("logged claim #1"), "{stdout}");
    let warnings: Vec<&str> = lines(&stderr)
        .into_iter()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(warnings[0].contains("2099-05-02T00:00:00Z"), "{stderr}");
    assert_eq!(
        env.show(1)["statements"][0]["stated_at"],
        "2099-05-02T00:00:00Z"
    );
    // JSON output stays one document; the warning stays on stderr.
    let (v, stderr) = env.run_json_full(&[
        "confirm",
        "1",
        "--by",
        "Harbour master",
        "--at",
        "2099-05-03T10:00",
    ]);
    assert_eq!(v["statement"], 2);
    assert_eq!(lines(&stderr).len(), 1, "{stderr}");
    assert!(
        stderr.starts_with("warning: --at 2099-05-03T10:00:00Z"),
        "{stderr}"
    );
    // Today, and the past, are not warned about.
    let (_, stderr) = env.run_ok_full(&["deny", "1", "--by", "Harbour master", "--at", &today()]);
    assert!(!stderr.contains("warning"), "{stderr}");
    let (_, stderr) =
        env.run_ok_full(&["deny", "1", "--by", "Harbour master", "--at", "2001-01-01"]);
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn a_refused_command_with_a_future_at_says_only_its_error() {
    let env = Env::new();
    env.run_ok(&["add", FERRY]);
    let line = env.expect_err(
        &[
            "confirm",
            "9",
            "--by",
            "Harbour master",
            "--at",
            "2099-01-01",
        ],
        1,
    );
    assert!(line.contains("9"), "{line}");
}

#[test]
fn ingest_refuses_a_report_over_eight_mib_from_a_file_or_stdin() {
    let env = Env::new();
    let big = env.path().join("big.txt");
    let sentence = "The harbour master said the ferry left early.\n";
    let text = sentence.repeat(8 * 1024 * 1024 / sentence.len() + 1);
    std::fs::write(&big, &text).unwrap();
    let line = env.expect_err(&["ingest", big.to_str().unwrap()], 1);
    assert!(line.contains("larger than 8 MiB"), "{line}");
    let out = env
        .cmd()
        .args(["ingest", "-", "--apply"])
        .write_stdin(text.as_bytes())
        .output()
        .unwrap();
    let (code, line) = error_shape(&out).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(code, 1);
    assert!(line.contains("larger than 8 MiB"), "{line}");
    assert_eq!(env.dump(), "<no database file>");
}

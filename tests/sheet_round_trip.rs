//! A sheet loses nothing a sheet can hold: `export --format csv --statements` writes each
//! statement's note, retraction, its speaker's kind and anonymity, and both grades, and
//! `import` reads them back, so that a sheet moved from one file to another keeps every
//! claim's status, summary and grade. Older sheets without those columns still import.

mod common;

use common::{Env, SPY_CHIEFS, TALKS};
use serde_json::Value;

fn s(path: &std::path::Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

fn import_sheet(env: &Env, name: &str, text: &str) -> String {
    let path = env.path().join(name);
    std::fs::write(&path, text).unwrap();
    env.run_ok(&["import", s(&path)])
}

/// The seed story, then: a graded source, a statement with a grade and a note of its own, a
/// second statement by the same unnamed source, a statement of the desk, and a retraction.
fn mended_story() -> Env {
    let env = Env::new();
    env.seed_story();
    env.run_ok(&["source", "edit", "Fahrettin Altun", "--reliability", "B"]);
    env.run_ok(&[
        "confirm",
        "2",
        "--by",
        "Pier Gazette",
        "--reliability",
        "A",
        "--note",
        "called back at noon",
        "--at",
        "2022-11-15",
    ]);
    let unnamed = env.show(1)["statements"][0]["source"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(unnamed, "unnamed source");
    let number = unnamed_number(&env, "unnamed source");
    env.run_ok(&[
        "assert",
        "2",
        "--by",
        &format!("#{number}"),
        "--at",
        "2022-11-15",
    ]);
    env.run_ok(&["confirm", "1", "--at", "2022-11-16"]);
    let altun = statement_by(&env, 1, "Fahrettin Altun");
    env.run_ok(&[
        "retract",
        &altun.to_string(),
        "--note",
        "misquoted, see the correction",
    ]);
    env
}

fn unnamed_number(env: &Env, description: &str) -> i64 {
    let sources = env.run_json(&["sources"]);
    let found: Vec<i64> = sources
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["name"] == description && s["kind"] == "anonymous")
        .map(|s| s["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one unnamed source described as {description:?}"
    );
    found[0]
}

fn statement_by(env: &Env, claim: i64, source: &str) -> i64 {
    env.show(claim)["statements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == source)
        .and_then(|s| s["id"].as_i64())
        .unwrap_or_else(|| panic!("a statement by {source} on #{claim}"))
}

/// What a claim is, whatever its number: its derived fields and every statement as a sheet
/// can carry it.
fn claim_as_a_sheet_holds_it(claim: &Value) -> Value {
    let statements: Vec<Value> = claim["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            serde_json::json!({
                "stance": s["stance"],
                "source": s["source"],
                "source_kind": s["source_kind"],
                "anonymous": s["anonymous"],
                "via": s["via"],
                "citing": s["citing"],
                "quote": s["quote"],
                "url": s["url"],
                "stated_at": s["stated_at"],
                "note": s["note"],
                "retracted": s["retracted"],
                "retracted_at": s["retracted_at"],
                "retraction_note": s["retraction_note"],
                "reliability": s["reliability"],
                "origin": s["origin"],
            })
        })
        .collect();
    serde_json::json!({
        "text": claim["text"],
        "status": claim["status"],
        "summary": claim["summary"],
        "credibility": claim["credibility"],
        "credibility_reason": claim["credibility_reason"],
        "independent_confirmations": claim["independent_confirmations"],
        "origins": claim["origins"],
        "tags": claim["tags"],
        "statements": statements,
    })
}

fn claims_by_text(env: &Env) -> Vec<Value> {
    let mut claims: Vec<Value> = [TALKS, SPY_CHIEFS]
        .iter()
        .map(|text| {
            let id = env
                .run_json(&["list"])
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["text"] == *text)
                .and_then(|c| c["id"].as_i64())
                .unwrap_or_else(|| panic!("a claim {text:?}"));
            claim_as_a_sheet_holds_it(&env.show(id))
        })
        .collect();
    claims.sort_by_key(|c| c["text"].as_str().unwrap().to_string());
    claims
}

/// The sheet without its first column (`claim_id`, a local number).
fn without_numbers(sheet: &str) -> Vec<String> {
    sheet
        .lines()
        .map(|line| line.split_once(',').unwrap().1.to_string())
        .collect()
}

#[test]
fn a_sheet_keeps_status_grade_anonymity_and_retractions() {
    let env = mended_story();
    let sheet = env.run_ok(&["export", "--format", "csv", "--statements"]);
    let header = sheet.lines().next().unwrap();
    assert_eq!(
        header,
        "claim_id,claim,stance,source,via,citing,quote,url,stated_at,tags,note,retracted_at,\
         retraction_note,anonymous,source_kind,reliability,source_reliability,claim_removed,\
         claim_removal_note"
    );
    assert!(
        sheet.contains(",misquoted, see the correction,")
            || sheet.contains(",\"misquoted, see the correction\","),
        "the retraction's note is in the sheet:\n{sheet}"
    );

    let copy = Env::new();
    let report = import_sheet(&copy, "sheet.csv", &sheet);
    assert!(
        report.starts_with("imported 2 claims, 9 statements"),
        "{report}"
    );
    assert_eq!(claims_by_text(&copy), claims_by_text(&env));

    // The unnamed source that spoke twice is one source in the copy too, and anonymous.
    assert_eq!(
        statement_source_kinds(&copy, "unnamed source"),
        vec!["anonymous", "anonymous"]
    );
    unnamed_number(&copy, "unnamed source");
    // The desk stays a desk, the graded source keeps its grade.
    let sources = copy.run_json(&["sources"]);
    let by_name = |name: &str| {
        sources
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("a source {name}"))
    };
    assert_eq!(by_name(common::ACTOR)["kind"], "desk");
    assert_eq!(by_name("Fahrettin Altun")["reliability"], "B");
    assert_eq!(by_name("flight-tracking data")["kind"], "data");

    // The copy writes the same sheet, and its history rebuilds it.
    let again = copy.run_ok(&["export", "--format", "csv", "--statements"]);
    assert_eq!(without_numbers(&again), without_numbers(&sheet));
    copy.assert_rebuild_matches();

    // The retraction is an event of the copy, at the sheet's time: undoing the import takes
    // everything back.
    let kinds = copy.event_counts();
    assert_eq!(kinds.get("statement.retracted"), Some(&1), "{kinds:?}");
    copy.run_ok(&["undo"]);
    assert_eq!(copy.run_json(&["list"]), serde_json::json!([]));
}

fn statement_source_kinds(env: &Env, source: &str) -> Vec<String> {
    let mut kinds = Vec::new();
    for claim in [1, 2] {
        for s in env.show(claim)["statements"].as_array().unwrap() {
            if s["source"] == source {
                kinds.push(s["source_kind"].as_str().unwrap().to_string());
            }
        }
    }
    kinds
}

#[test]
fn an_unnamed_source_of_a_sheet_is_never_one_already_here() {
    let env = Env::new();
    env.run_ok(&[
        "add",
        "The north pier was closed",
        "--by",
        "a port official",
        "--anonymous",
    ]);
    import_sheet(
        &env,
        "sheet.csv",
        "claim,stance,source,anonymous\n\
         The ferry left late,asserts,a port official,yes\n\
         The ferry left late,confirms,a port official,yes\n",
    );
    let sources = env.run_json(&["sources"]);
    let unnamed: Vec<&Value> = sources
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["name"] == "a port official")
        .collect();
    assert_eq!(unnamed.len(), 2, "{sources}");
    assert!(unnamed.iter().all(|s| s["kind"] == "anonymous"));
    env.assert_rebuild_matches();
}

#[test]
fn an_older_sheet_without_the_new_columns_still_imports() {
    let env = Env::new();
    let report = import_sheet(
        &env,
        "old.csv",
        "claim_id,claim,stance,source,via,citing,quote,url,stated_at,tags\n\
         1,The ferry left late,confirms,Harbour master,Coast radio,,,,2024-05-02T00:00:00Z,ports\n\
         1,The ferry left late,denies,Ferry company,,,,,2024-05-03T00:00:00Z,ports\n",
    );
    assert!(
        report.starts_with("imported 1 claim, 2 statements"),
        "{report}"
    );
    let claim = env.show(1);
    assert_eq!(claim["status"], "contested");
    for s in claim["statements"].as_array().unwrap() {
        assert_eq!(s["retracted"], false);
        assert_eq!(s["source_kind"], "person");
        assert_eq!(s["anonymous"], false);
    }
    env.assert_rebuild_matches();
}

#[test]
fn a_retraction_in_a_sheet_stops_the_statement_counting() {
    let env = Env::new();
    import_sheet(
        &env,
        "sheet.csv",
        "claim,stance,source,stated_at,retracted_at,retraction_note\n\
         The ferry left late,confirms,Harbour master,2024-05-02,2024-05-04,wrong ferry\n\
         The ferry left late,denies,Ferry company,2024-05-03,,\n",
    );
    let claim = env.show(1);
    assert_eq!(claim["status"], "denied", "{claim}");
    let retracted = &claim["statements"][0];
    assert_eq!(retracted["retracted_at"], "2024-05-04T00:00:00Z");
    assert_eq!(retracted["retraction_note"], "wrong ferry");
    // As of before the retraction, it counted.
    let then = env.run_json(&["show", "1", "--as-of", "2024-05-03"]);
    assert_eq!(then["status"], "contested", "{then}");
    env.assert_rebuild_matches();
}

#[test]
fn a_bad_new_cell_is_refused_with_its_line_and_nothing_written() {
    let env = Env::new();
    env.seed_story();
    let dump = env.dump();
    for (sheet, expected) in [
        (
            "claim,stance,source,retraction_note\nThe ferry left late,asserts,Ann,why\n",
            "retraction_note without a retracted_at",
        ),
        (
            "claim,stance,source,anonymous\nThe ferry left late,asserts,Ann,maybe\n",
            "write yes or no",
        ),
        (
            "claim,stance,source,source_kind\nThe ferry left late,asserts,Ann,alien\n",
            "source_kind",
        ),
        (
            "claim,stance,source,reliability\nThe ferry left late,asserts,Ann,Z\n",
            "reliability",
        ),
        (
            "claim,stance,source,source_reliability\nThe ferry left late,asserts,Ann,G\n",
            "source_reliability",
        ),
        (
            "claim,stance,source,anonymous,source_kind\nThe ferry left late,asserts,Ann,yes,person\n",
            "an unnamed source's kind is anonymous",
        ),
        (
            "claim,stance,anonymous\nThe ferry left late,asserts,yes\n",
            "needs its description",
        ),
        (
            "claim,stance,source,stated_at,retracted_at\n\
             The ferry left late,asserts,Ann,2024-05-03,2024-05-02\n",
            "retracted_at is before stated_at",
        ),
    ] {
        let path = env.path().join("bad.csv");
        std::fs::write(&path, sheet).unwrap();
        let (_, line) = env.run_err(&["import", s(&path)]);
        assert!(line.contains(expected), "{sheet:?}: {line}");
        assert!(line.contains("line 2"), "{sheet:?}: {line}");
        assert_eq!(env.dump(), dump, "{sheet:?} changed the database");
    }
}

#[test]
fn a_removed_claim_travels_in_a_sheet_and_a_merged_one_is_followed() {
    let env = mended_story();
    env.run_ok(&["add", "A third claim, logged twice", "--by", "Pier Gazette"]);
    env.run_ok(&["remove", "3", "--note", "a duplicate of a wire rewrite"]);
    let plain = env.run_ok(&["export", "--format", "csv", "--statements"]);
    assert!(!plain.contains("A third claim"), "{plain}");
    let sheet = env.run_ok(&[
        "export",
        "--format",
        "csv",
        "--statements",
        "--include-removed",
    ]);
    assert!(
        sheet
            .lines()
            .next()
            .unwrap()
            .ends_with(",claim_removed,claim_removal_note")
    );
    let row = sheet.lines().find(|l| l.contains("A third claim")).unwrap();
    assert!(row.ends_with(",a duplicate of a wire rewrite"), "{row}");

    // Into a fresh file: the claim comes in removed, at the same time, with the same note.
    let copy = Env::new();
    import_sheet(&copy, "sheet.csv", &sheet);
    let third = copy.run_json(&["list", "--include-removed"]);
    let third = third
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["text"] == "A third claim, logged twice")
        .cloned()
        .unwrap();
    assert_eq!(third["removed"], true);
    let id = third["id"].as_i64().unwrap();
    let (original, copied) = (env.show(3), copy.show(id));
    assert_eq!(copied["removed"]["at"], original["removed"]["at"]);
    assert_eq!(copied["removed"]["note"], "a duplicate of a wire rewrite");
    let again = copy.run_ok(&[
        "export",
        "--format",
        "csv",
        "--statements",
        "--include-removed",
    ]);
    assert_eq!(without_numbers(&again), without_numbers(&sheet));
    copy.assert_rebuild_matches();

    // Back into the file it came from: nothing new, the removed claim included.
    let dump = env.dump();
    let report = import_sheet(&env, "again.csv", &sheet);
    assert!(report.contains("already here"), "{report}");
    assert_eq!(env.dump(), dump);

    // A row for the removed claim that does not say so is refused, naming the way back.
    let path = env.path().join("stray.csv");
    std::fs::write(
        &path,
        "claim,stance,source\n\"A third claim, logged twice\",denies,Harbour desk\n",
    )
    .unwrap();
    let (_, line) = env.run_err(&["import", s(&path)]);
    assert!(
        line.contains("line 2") && line.contains("is removed from lists here (#3)"),
        "{line}"
    );
    assert!(line.contains("'claims restore 3'"), "{line}");
    assert_eq!(env.dump(), dump);

    // A row whose claim was merged into another lands on the one it joined.
    env.run_ok(&["merge", "2", "1"]);
    std::fs::write(
        &path,
        format!("claim,stance,source\n{SPY_CHIEFS},denies,Harbour desk\n"),
    )
    .unwrap();
    env.run_ok(&["import", s(&path)]);
    let one = env.show(1);
    assert!(
        one["statements"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["source"] == "Harbour desk"),
        "{one}"
    );
    env.assert_rebuild_matches();
}

#[test]
fn the_claims_sheet_says_which_claims_are_removed_or_merged() {
    let env = mended_story();
    env.run_ok(&["add", "A third claim, logged twice"]);
    env.run_ok(&["remove", "3", "--note", "junk"]);
    env.run_ok(&["merge", "2", "1"]);
    let plain = env.run_ok(&["export", "--format", "csv"]);
    assert!(
        plain
            .lines()
            .next()
            .unwrap()
            .ends_with(",sources,removed,removal_note,merged_into"),
        "{plain}"
    );
    assert_eq!(plain.lines().count(), 2, "only claim 1: {plain}");
    let all = env.run_ok(&["export", "--format", "csv", "--include-removed"]);
    let rows: Vec<&str> = all.lines().skip(1).collect();
    assert_eq!(rows.len(), 3, "{all}");
    assert!(
        rows[0].starts_with("1,") && rows[0].ends_with(",,,"),
        "{}",
        rows[0]
    );
    assert!(
        rows[1].starts_with("2,") && rows[1].ends_with(",,,1"),
        "{}",
        rows[1]
    );
    assert!(
        rows[2].starts_with("3,") && rows[2].ends_with(",junk,"),
        "{}",
        rows[2]
    );
    // The formats people read leave the merged claim out even so.
    let dossier = env.run_ok(&["export", "--format", "markdown", "--include-removed"]);
    assert!(!dossier.contains(SPY_CHIEFS), "{dossier}");
}

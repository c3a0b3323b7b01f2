//! The annotated report set in `ingest-reports/`, which `examples/score_ingest.rs` reads by
//! default: every report has its annotation and every annotation its report, there are enough
//! of them, each annotation has the fields and values its README describes, and what it names
//! (speakers, aliases, outlets) is written in its report.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

const STANCES: [&str; 5] = ["asserts", "confirms", "denies", "ncnd", "declines"];
const FIELDS: [&str; 6] = ["speaker", "aliases", "anonymous", "via", "stance", "gist"];

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("ingest-reports")
}

/// The `NN-slug` stems of the files in the set with extension `ext`.
fn stems(ext: &str) -> BTreeSet<String> {
    std::fs::read_dir(dir())
        .unwrap_or_else(|e| panic!("{}: {e}", dir().display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect()
}

fn read(stem: &str, ext: &str) -> String {
    let path = dir().join(format!("{stem}.{ext}"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Whether `stem` is two digits, a dash and a lowercase slug ("07-velm-theatre-sale").
fn well_named(stem: &str) -> bool {
    let b = stem.as_bytes();
    b.len() > 3
        && b[0].is_ascii_digit()
        && b[1].is_ascii_digit()
        && b[2] == b'-'
        && stem[3..].split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

#[test]
fn every_report_has_its_annotation_and_there_are_at_least_15() {
    let (txt, json) = (stems("txt"), stems("json"));
    let lonely_reports: Vec<_> = txt.difference(&json).collect();
    let lonely_annotations: Vec<_> = json.difference(&txt).collect();
    assert!(
        lonely_reports.is_empty(),
        "reports without a .json: {lonely_reports:?}"
    );
    assert!(
        lonely_annotations.is_empty(),
        "annotations without a .txt: {lonely_annotations:?}"
    );
    assert!(txt.len() >= 15, "only {} annotated reports", txt.len());
    for stem in &txt {
        assert!(well_named(stem), "{stem}: not named NN-slug");
    }
    let numbers: BTreeSet<&str> = txt.iter().map(|s| &s[..2]).collect();
    assert_eq!(numbers.len(), txt.len(), "two reports share a number");
    // Nothing else lies in the folder but its README.
    for entry in std::fs::read_dir(dir()).unwrap() {
        let path = entry.unwrap().path();
        let ok = path.file_name().is_some_and(|n| n == "README.md")
            || path.extension().is_some_and(|x| x == "txt" || x == "json");
        assert!(ok, "unexpected file {}", path.display());
    }
}

#[test]
fn every_report_is_wire_copy_of_150_to_400_words_with_a_dateline() {
    for stem in stems("txt") {
        let text = read(&stem, "txt");
        let paragraphs: Vec<&str> = text
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        assert!(paragraphs.len() >= 4, "{stem}: too few paragraphs");
        let headline = paragraphs[0];
        assert!(
            !headline.contains('\n'),
            "{stem}: headline runs over one line"
        );
        // The dateline opens the first paragraph after the headline and the optional byline.
        let first = if paragraphs[1].starts_with("By ") {
            paragraphs[2]
        } else {
            paragraphs[1]
        };
        let head = first.split(" - ").next().unwrap();
        assert!(
            head != first && head.ends_with("(Wire)") && head.contains(", "),
            "{stem}: no dateline such as \"PORTVALE, March 3 (Wire) - \" in {first:?}"
        );
        let city = head.split(',').next().unwrap();
        assert!(
            city.chars().all(|c| !c.is_lowercase()),
            "{stem}: dateline place {city:?} is not in capitals"
        );
        let words = text.split_whitespace().count();
        assert!(
            (150..=400).contains(&words),
            "{stem}: {words} words, not 150-400"
        );
    }
}

#[test]
fn every_annotation_has_the_fields_and_values_of_the_format() {
    for stem in stems("json") {
        let text = read(&stem, "json");
        let json: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{stem}.json: {e}"));
        let top = json
            .as_object()
            .unwrap_or_else(|| panic!("{stem}.json: not an object"));
        let keys: Vec<&String> = top.keys().collect();
        assert_eq!(keys, ["statements"], "{stem}.json: top-level keys");
        let statements = json["statements"]
            .as_array()
            .unwrap_or_else(|| panic!("{stem}.json: statements is not a list"));
        assert!(!statements.is_empty(), "{stem}.json: no statements");
        for (i, s) in statements.iter().enumerate() {
            let at = format!("{stem}.json statement {i}");
            let obj = s
                .as_object()
                .unwrap_or_else(|| panic!("{at}: not an object"));
            let keys: BTreeSet<&str> = obj.keys().map(String::as_str).collect();
            assert_eq!(keys, BTreeSet::from(FIELDS), "{at}: fields");
            let nonempty = |v: &Value| v.as_str().is_some_and(|x| !x.trim().is_empty());
            assert!(
                nonempty(&s["speaker"]),
                "{at}: speaker must be a non-empty string"
            );
            assert!(
                nonempty(&s["gist"]),
                "{at}: gist must be a non-empty string"
            );
            let aliases = s["aliases"]
                .as_array()
                .unwrap_or_else(|| panic!("{at}: aliases is not a list"));
            assert!(
                aliases.iter().all(nonempty),
                "{at}: aliases must be non-empty strings"
            );
            assert!(
                s["anonymous"].is_boolean(),
                "{at}: anonymous must be true or false"
            );
            assert!(
                s["via"].is_null() || nonempty(&s["via"]),
                "{at}: via must be null or a non-empty string"
            );
            let stance = s["stance"].as_str().unwrap_or_default();
            assert!(
                STANCES.contains(&stance),
                "{at}: stance {stance:?} is not one of {STANCES:?}"
            );
        }
    }
}

#[test]
fn what_an_annotation_names_is_written_in_its_report() {
    for stem in stems("json") {
        let report = read(&stem, "txt");
        let lower = report.to_lowercase();
        let json: Value = serde_json::from_str(&read(&stem, "json")).unwrap();
        for s in json["statements"].as_array().unwrap() {
            let mut names = vec![s["speaker"].as_str().unwrap()];
            names.extend(
                s["aliases"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a.as_str().unwrap()),
            );
            for name in names {
                assert!(
                    lower.contains(&name.to_lowercase()),
                    "{stem}: {name:?} does not occur in the report"
                );
            }
            if let Some(via) = s["via"].as_str() {
                assert!(
                    report.contains(via),
                    "{stem}: via {via:?} does not occur in the report"
                );
            }
        }
    }
}

//! Issue 15, item 2: tables that fit the terminal. `list` and `show` of the seed story at 60,
//! 80 and 120 columns (`COLUMNS`), as snapshots, and the rules behind them checked on their
//! own: no line wider than the width, `list`'s summary one line cut with "…", no word split,
//! empty columns left out, a retraction's note kept out of the stance column, and output into a
//! pipe (no `COLUMNS`) left whole.

mod common;

use std::collections::BTreeSet;

use common::*;

const WIDTHS: [usize; 3] = [60, 80, 120];

/// Hides today's times (the claims' last activity) at the width they are printed in, and
/// uuids, at theirs.
fn volatile_filters() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(
        &format!(r"{}[T ]\d{{2}}:\d{{2}}", today()),
        "[now           ]",
    );
    settings.add_filter(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "[uuid                              ]",
    );
    settings
}

fn seeded() -> Env {
    let env = Env::new();
    env.seed_story();
    env
}

/// `claims ARGS` with `COLUMNS=width`.
fn at_width(env: &Env, width: usize, args: &[&str]) -> String {
    let out = env
        .cmd()
        .env("COLUMNS", width.to_string())
        .args(args)
        .output()
        .expect("run claims");
    assert!(out.status.success(), "claims {args:?} failed: {out:?}");
    String::from_utf8(out.stdout).expect("stdout is UTF-8")
}

fn assert_fits(out: &str, width: usize) {
    for line in out.lines() {
        assert!(
            line.chars().count() <= width,
            "a line wider than {width} columns:\n{line}\nin\n{out}"
        );
    }
}

/// Every word the story's texts hold (claims, summaries, grades, quotes, names), as typed.
fn vocabulary(env: &Env) -> BTreeSet<String> {
    let mut texts = Vec::new();
    for claim in [1, 2] {
        let v = env.show(claim);
        for key in ["text", "summary", "credibility_reason"] {
            texts.push(v[key].as_str().unwrap().to_string());
        }
        for s in v["statements"].as_array().unwrap() {
            for key in ["source", "via", "quote", "citing"] {
                if let Some(text) = s[key].as_str() {
                    texts.push(text.to_string());
                }
            }
        }
    }
    texts
        .iter()
        .flat_map(|t| t.split_whitespace().map(str::to_string))
        .collect()
}

/// The words of the output's cells and lines, the table's borders taken away.
fn words_shown(out: &str) -> Vec<String> {
    out.lines()
        .flat_map(|line| {
            line.split(|c: char| c.is_whitespace() || "│┆╭╮╰╯─┬┴┼╞╡═╪├┤".contains(c))
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// No word of the story is shown split: each word shown is a whole word of the story (or a
/// piece of the output's own making), except where it is cut with "…".
fn assert_no_split_words(env: &Env, out: &str) {
    let known = vocabulary(env);
    // Words of the story with their trailing punctuation, or of the output's own making.
    let whole = |w: &str| {
        known.contains(w)
            || known.iter().any(|k| {
                k.trim_matches(|c: char| !c.is_alphanumeric())
                    == w.trim_matches(|c: char| !c.is_alphanumeric())
            })
    };
    for word in words_shown(out) {
        if word.ends_with('…') || !word.chars().any(char::is_alphabetic) {
            continue;
        }
        // The output's own words: headers, labels, stances.
        let own = [
            "status",
            "grade",
            "claim",
            "statements",
            "last",
            "activity",
            "summary",
            "when",
            // the zone named in a time column's header (the harness pins TZ=UTC)
            "UTC",
            "stance",
            "source",
            "via",
            "citing",
            "quote",
            "retracted",
            "confirmed",
            "asserts",
            "declines",
            "ncnd",
            "confirms",
            "evidence",
            "tags",
            "ankara-talks",
            "independent",
            "confirmation",
            "origins",
            "anonymous",
            "uuid",
        ];
        let bare = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        assert!(
            whole(&word)
                || own.contains(&bare)
                || bare.parse::<u64>().is_ok()
                || bare.len() == 1
                || uuid::Uuid::parse_str(bare).is_ok(),
            "{word:?} is not a whole word of the story: split?\n{out}"
        );
    }
}

#[test]
fn list_at_three_widths() {
    let env = seeded();
    for width in WIDTHS {
        let out = at_width(&env, width, &["list"]);
        volatile_filters().bind(|| insta::assert_snapshot!(format!("list_{width}_columns"), out));
    }
}

#[test]
fn show_at_three_widths() {
    let env = seeded();
    for width in WIDTHS {
        let out = at_width(&env, width, &["show", "1"]);
        volatile_filters().bind(|| insta::assert_snapshot!(format!("show_1_{width}_columns"), out));
    }
}

#[test]
fn no_line_is_wider_than_the_width_and_no_word_is_split() {
    let env = seeded();
    for width in WIDTHS {
        for args in [&["list"][..], &["show", "1"], &["show", "2"]] {
            let out = at_width(&env, width, args);
            assert_fits(&out, width);
            assert_no_split_words(&env, &out);
        }
    }
}

#[test]
fn the_summary_in_list_is_one_line_cut_with_an_ellipsis() {
    let env = seeded();
    for width in WIDTHS {
        let out = at_width(&env, width, &["list"]);
        // Two claims: a top border, the header, its rule, one line each, the bottom border.
        assert_eq!(
            out.lines().count(),
            6,
            "one line per claim at {width}:\n{out}"
        );
        let row = out
            .lines()
            .find(|line| line.starts_with("│ 1 "))
            .expect("claim 1's row");
        let summary = row.trim_end_matches('│').rsplit('┆').next().unwrap().trim();
        assert!(
            summary.ends_with('…') && TALKS_SUMMARY.starts_with(summary.trim_end_matches('…')),
            "claim 1's summary is cut with … at {width}: {summary:?}\n{out}"
        );
        // The claim's text has more room than its summary.
        let claim = row.split('┆').nth(3).unwrap();
        assert!(
            claim.chars().count() > summary.chars().count(),
            "the claim has the most room at {width}:\n{out}"
        );
    }
}

#[test]
fn show_wraps_its_header_lines_under_their_labels() {
    let env = seeded();
    let out = at_width(&env, 60, &["show", "1"]);
    let summary: Vec<&str> = out
        .lines()
        .skip_while(|line| !line.starts_with("  summary  "))
        .take_while(|line| line.starts_with("  summary  ") || line.starts_with("           "))
        .collect();
    assert!(summary.len() > 1, "the summary wraps at 60:\n{out}");
    let rejoined = summary
        .iter()
        .map(|line| line[11..].trim())
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(rejoined, TALKS_SUMMARY, "{out}");
}

#[test]
fn empty_columns_are_left_out() {
    let env = seeded();
    for width in WIDTHS {
        let out = at_width(&env, width, &["show", "1"]);
        let header = out.lines().find(|l| l.contains("stance")).unwrap_or("");
        assert!(!header.contains("citing"), "nobody cites anyone:\n{out}");
        assert!(
            !header.contains("retracted"),
            "nothing is retracted:\n{out}"
        );
    }
    // Piped too: the columns left out are the empty ones, not a matter of width.
    let piped = env.run_ok(&["show", "1"]);
    assert!(!piped.contains("citing"), "{piped}");
    assert!(piped.contains("quote"), "{piped}");
    env.run_ok(&["add", "A claim with one word of support", "--by", "Someone"]);
    let bare = env.run_ok(&["show", "3"]);
    for column in ["via", "citing", "quote"] {
        assert!(
            !bare.lines().any(|l| l.contains(&format!(" {column} "))),
            "{column} is empty:\n{bare}"
        );
    }
    // A column comes back as soon as one statement fills it.
    env.run_ok(&["confirm", "3", "--by", "Other", "--citing", "Someone"]);
    let citing = env.run_ok(&["show", "3"]);
    assert!(citing.contains("citing"), "{citing}");
}

#[test]
fn a_retraction_note_does_not_widen_the_stance_column() {
    let env = seeded();
    let before = at_width(&env, 120, &["show", "1"]);
    let note = "the aide later said he had been misquoted by the agency";
    env.run_ok(&["retract", "4", "--note", note]);
    let after = at_width(&env, 120, &["show", "1"]);
    let stance_width = |out: &str| {
        out.lines()
            .find(|l| l.contains("stance"))
            .and_then(|l| l.split('┆').nth(2))
            .map(|cell| cell.chars().count())
    };
    assert_eq!(stance_width(&before), stance_width(&after), "{after}");
    assert!(after.contains("retracted"), "{after}");
    // The whole note is there, in words, wrapped in its own column.
    let words = words_shown(&after);
    for word in note.split_whitespace() {
        assert!(words.iter().any(|w| w == word), "{word} in\n{after}");
    }
    assert_fits(&after, 120);
    // Piped, the same: the stance column holds stances only.
    let piped = env.run_ok(&["show", "1"]);
    let stance_cells: Vec<&str> = piped.lines().filter_map(|l| l.split('┆').nth(2)).collect();
    assert!(
        stance_cells
            .iter()
            .all(|c| !c.contains("retracted") || c.trim() == "stance"),
        "{piped}"
    );
}

#[test]
fn output_into_a_pipe_is_not_cut() {
    let env = seeded();
    let out = env.run_ok(&["list"]);
    assert!(out.contains(TALKS), "{out}");
    assert!(out.contains(TALKS_SUMMARY), "{out}");
    assert!(!out.contains('…'), "{out}");
    let show = env.run_ok(&["show", "1"]);
    assert!(
        show.contains(&format!("  summary  {TALKS_SUMMARY}\n")),
        "{show}"
    );
    assert!(show.contains(ALTUN_QUOTE), "{show}");
}

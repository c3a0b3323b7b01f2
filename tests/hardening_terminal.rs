//! Issue 16, item 1: terminal output is inert. Stored text (a claim, a quote, a note, a tag, a
//! URL, a retraction note, a source's name, the actor) may hold what a terminal obeys rather
//! than shows: an escape starting a window-title or hyperlink sequence, a bell, a backspace, a
//! carriage return, a C1 control, or a right-to-left override that reverses what follows. Every
//! piece of human output (tables, confirmations, notes and warnings on stderr, prompts, error
//! lines) shows them written out (`\e`, `\a`, `\b`, `\r`, `<U+202E>`, `<U+009B>`) and never
//! sends them; `--format json` still gives every text back byte for byte, and what is stored is
//! what was typed.

mod common;

use std::path::Path;

use serde_json::Value;

use common::*;

/// A title-setting sequence (OSC 0), ended by a bell.
const TITLE: &str = "\u{1b}]0;pwned\u{7}";
/// A hyperlink (OSC 8) over innocent words, ended by the string terminator.
const LINK: &str = "\u{1b}]8;;https://attacker.example/\u{1b}\\harbour schedule\u{1b}]8;;\u{1b}\\";

/// The claim: a title sequence, a hyperlink, a carriage return that would draw over the line,
/// a C1 control sequence introducer, a backspace, a bell.
fn claim_text() -> String {
    format!("Ferry lanes close at dawn {TITLE}see {LINK}\rFAKE LINE \u{9b}31m red\u{8}X end\u{7}")
}

/// A source name whose second half a right-to-left override would print reversed. (Names may
/// not hold control characters: `claims` refuses them, so names carry the bidirectional ones.)
const SOURCE: &str = "Pier Office \u{202e}lanigiro";
const OUTLET: &str = "Quay Radio \u{2067}FM\u{2069}\u{200f}";
const QUOTE: &str = "first line\r\u{1b}[2Kwiped \u{202e}desrever\nsecond paragraph \u{9b}0m";
const NOTE: &str = "note with \u{1b}]0;note-title\u{7} and \u{2066}isolate\u{2069}";
const URL: &str = "https://example.org/\u{1b}]8;;x\u{7}";
const ACTOR_NAME: &str = "night desk \u{1b}]0;actor\u{7}\u{202e}";

/// What a terminal would obey, or let reorder the text: C0 (but the line break), DEL, C1, and
/// the bidirectional marks, embeddings, overrides and isolates.
fn obeyed(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// The first character of `text` that a terminal would obey, if any.
fn first_obeyed(text: &str) -> Option<(usize, char)> {
    text.char_indices().find(|(_, c)| obeyed(*c))
}

/// Runs a command that must succeed and checks that neither stdout nor stderr holds anything a
/// terminal would obey; returns (stdout, stderr).
#[track_caller]
fn inert_run(env: &Env, args: &[&str]) -> (String, String) {
    let out = env.run(args);
    assert!(
        out.status.success(),
        "expected success\n{}",
        describe(args, &out)
    );
    check_inert(args, &out.stdout, &out.stderr)
}

#[track_caller]
fn check_inert(args: &[&str], stdout: &[u8], stderr: &[u8]) -> (String, String) {
    let stdout = String::from_utf8(stdout.to_vec()).expect("stdout is UTF-8");
    let stderr = String::from_utf8(stderr.to_vec()).expect("stderr is UTF-8");
    for (name, text) in [("stdout", &stdout), ("stderr", &stderr)] {
        if let Some((at, c)) = first_obeyed(text) {
            let from = text[..at]
                .char_indices()
                .rev()
                .nth(40)
                .map_or(0, |(i, _)| i);
            panic!(
                "claims {args:?}: {name} holds {c:?} at byte {at}: …{:?}…\n{name}:\n{text}",
                &text[from..(at + 60).min(text.len())]
            );
        }
    }
    (stdout, stderr)
}

/// The claim's text as a terminal must show it, on one line.
fn claim_shown() -> String {
    "Ferry lanes close at dawn \\e]0;pwned\\asee \\e]8;;https://attacker.example/\\e\\harbour \
     schedule\\e]8;;\\e\\\\rFAKE LINE <U+009B>31m red\\bX end\\a"
        .to_string()
}

const SOURCE_SHOWN: &str = "Pier Office <U+202E>lanigiro";
const OUTLET_SHOWN: &str = "Quay Radio <U+2067>FM<U+2069><U+200F>";

/// A world with the claim logged as `ACTOR_NAME`, its statement by `SOURCE` via `OUTLET`;
/// returns the claim's and the statement's numbers.
fn logged(env: &Env) -> (i64, i64) {
    let text = claim_text();
    let added = env.run_json(&[
        "add",
        &text,
        "--actor",
        ACTOR_NAME,
        "--by",
        SOURCE,
        "--via",
        OUTLET,
        "--quote",
        QUOTE,
        "--note",
        NOTE,
        "--url",
        URL,
        "--tag",
        "harbour\u{1b}]0;tag\u{7}",
    ]);
    let claim = added["id"].as_i64().unwrap();
    let statement = added["statements"][0]["id"].as_i64().unwrap();
    (claim, statement)
}

#[test]
fn add_shows_the_claim_source_and_notes_inert_on_both_streams() {
    let env = Env::new();
    let text = claim_text();
    let args = [
        "add", &text, "--actor", ACTOR_NAME, "--by", SOURCE, "--via", OUTLET, "--quote", QUOTE,
    ];
    let (stdout, stderr) = inert_run(&env, &args);
    assert!(stdout.contains(&claim_shown()), "{stdout}");
    assert!(stdout.contains(SOURCE_SHOWN), "{stdout}");
    assert!(stdout.contains(OUTLET_SHOWN), "{stdout}");
    // The two new sources are announced on stderr, by name.
    assert!(
        stderr.contains(&format!("note: new source #1: {SOURCE_SHOWN} (person)")),
        "{stderr}"
    );
    assert!(stderr.contains(OUTLET_SHOWN), "{stderr}");
    assert_eq!(stderr.lines().count(), 2, "{stderr}");

    // A claim without --by is the actor's desk's: its note names the actor.
    let (stdout, stderr) = inert_run(
        &env,
        &[
            "add",
            "The harbour closes at noon",
            "--actor",
            "night \u{202e}desk",
            "--stance",
            "confirms",
        ],
    );
    assert!(stderr.contains("night <U+202E>desk (desk)"), "{stderr}");
    assert!(stdout.contains("night <U+202E>desk confirms"), "{stdout}");
}

#[test]
fn a_near_duplicate_warning_quotes_the_other_claim_inert() {
    let env = Env::new();
    let (claim, _) = logged(&env);
    let again = format!("{} again", claim_text());
    let (_, stderr) = inert_run(&env, &["add", &again]);
    assert!(
        stderr.starts_with(&format!("warning: claim #2 reads like claim #{claim}")),
        "{stderr}"
    );
    assert!(stderr.contains(&claim_shown()), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn show_keeps_a_quotes_paragraphs_but_nothing_that_moves_the_cursor() {
    let env = Env::new();
    let (claim, _) = logged(&env);
    let (stdout, _) = inert_run(&env, &["show", &claim.to_string()]);
    let first = stdout.lines().next().unwrap();
    assert_eq!(first, format!("#{claim} {}", claim_shown()));
    assert!(stdout.contains(SOURCE_SHOWN), "{stdout}");
    assert!(stdout.contains(OUTLET_SHOWN), "{stdout}");
    assert!(
        stdout.contains("  note     note with \\e]0;note-title\\a and <U+2066>isolate<U+2069>\n"),
        "{stdout}"
    );
    assert!(stdout.contains("harbour\\e]0;tag\\a"), "{stdout}");
    // The quote's line break is kept in its cell; its carriage return is not.
    assert!(
        stdout.contains("first line\\r\\e[2Kwiped <U+202E>desrever"),
        "{stdout}"
    );
    assert!(stdout.contains("second paragraph <U+009B>0m"), "{stdout}");

    // A verdict's explanation and URL too.
    let (stdout, _) = inert_run(
        &env,
        &[
            "verdict",
            &claim.to_string(),
            "false",
            "--explanation",
            "we checked \u{1b}]0;why\u{7}",
            "--url",
            URL,
        ],
    );
    assert!(
        stdout.contains("asserted by Pier Office <U+202E>lanigiro"),
        "{stdout}"
    );
    let (stdout, _) = inert_run(&env, &["show", &claim.to_string()]);
    assert!(
        stdout.contains("https://example.org/\\e]8;;x\\a): we checked \\e]0;why\\a"),
        "{stdout}"
    );
}

#[test]
fn list_log_sources_and_source_show_are_inert() {
    let env = Env::new();
    let (claim, _) = logged(&env);
    let (stdout, _) = inert_run(&env, &["list"]);
    assert!(stdout.contains(&claim_shown()), "{stdout}");
    assert!(stdout.contains(SOURCE_SHOWN), "{stdout}");

    let (stdout, _) = inert_run(&env, &["log"]);
    assert!(stdout.contains(&claim_shown()), "{stdout}");
    assert!(
        stdout.contains("night desk \\e]0;actor\\a<U+202E>"),
        "{stdout}"
    );
    assert!(stdout.contains(SOURCE_SHOWN), "{stdout}");

    let (stdout, _) = inert_run(&env, &["sources"]);
    assert!(stdout.contains(SOURCE_SHOWN), "{stdout}");
    assert!(stdout.contains(OUTLET_SHOWN), "{stdout}");

    let (stdout, _) = inert_run(&env, &["source", "show", "#1"]);
    assert!(
        stdout.starts_with(&format!("#1 {SOURCE_SHOWN} (person)\n")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "#{claim} Ferry lanes close at dawn \\e]0;pwned\\a"
        )),
        "{stdout}"
    );

    // An alias, a role and an affiliation are shown by `source show` and `sources`.
    let (stdout, _) = inert_run(
        &env,
        &[
            "source",
            "edit",
            "#1",
            "--alias",
            "Pier \u{2066}Hidden\u{2069}",
            "--role",
            "harbour \u{1b}[8mclerk",
            "--affiliation",
            "Port \u{202e}ytirohtua",
        ],
    );
    assert!(stdout.contains("Pier <U+2066>Hidden<U+2069>"), "{stdout}");
    let (stdout, _) = inert_run(&env, &["source", "show", "#1"]);
    assert!(stdout.contains("harbour \\e[8mclerk"), "{stdout}");
    assert!(stdout.contains("Port <U+202E>ytirohtua"), "{stdout}");
}

#[test]
fn similar_and_search_are_inert_and_search_still_marks_its_words() {
    let env = Env::new();
    let (claim, _) = logged(&env);
    inert_run(&env, &["add", &format!("{} tonight", claim_text())]);
    let (stdout, _) = inert_run(&env, &["similar", &claim.to_string()]);
    assert!(stdout.starts_with(&format!("claims that read like #{claim} {}", claim_shown())));
    assert!(stdout.contains("\\e]0;pwned\\a"), "{stdout}");

    let (stdout, _) = inert_run(&env, &["search", "pwned"]);
    assert!(stdout.contains("[pwned]"), "{stdout}");
    assert!(stdout.contains("\\e]0;"), "{stdout}");

    // In colour the matching words are marked with the colour's own escapes, and those are
    // the only escapes on stdout: every escape of the text is written out.
    let out = env
        .cmd()
        .args(["search", "pwned"])
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("\u{1b}[1m\u{1b}[33mpwned\u{1b}[0m"),
        "{stdout:?}"
    );
    let without_colour = strip_colour(&stdout);
    assert_eq!(first_obeyed(&without_colour), None, "{stdout:?}");
    assert!(without_colour.contains("\\e]0;"), "{without_colour}");
}

/// `text` with its SGR colour sequences (ESC [ digits and semicolons m) taken out.
fn strip_colour(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\u{1b}[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let len = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(after.len());
        if after[len..].starts_with('m') {
            rest = &after[len + 1..];
        } else {
            out.push('\u{1b}');
            rest = &rest[at + 1..];
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn statements_edits_retractions_and_undo_confirm_inert() {
    let env = Env::new();
    let (claim, _) = logged(&env);
    let number = claim.to_string();
    let (stdout, stderr) = inert_run(
        &env,
        &[
            "confirm",
            &number,
            "--by",
            "Tug \u{202e}niatpac",
            "--via",
            OUTLET,
            "--quote",
            QUOTE,
        ],
    );
    assert!(
        stdout.contains(&format!(
            "Tug <U+202E>niatpac confirms (via {OUTLET_SHOWN})"
        )),
        "{stdout}"
    );
    assert!(stderr.contains("Tug <U+202E>niatpac (person)"), "{stderr}");

    let edited = format!("Edited: {}", claim_text());
    let (stdout, _) = inert_run(&env, &["edit", &number, "--text", &edited]);
    assert!(
        stdout.starts_with(&format!("#{claim} Edited: {}", claim_shown())),
        "{stdout}"
    );

    let (stdout, _) = inert_run(
        &env,
        &[
            "retract",
            "2",
            "--note",
            "wrong tug\r\u{1b}[1Acaptain \u{202e}eslaf",
        ],
    );
    assert!(
        stdout.contains("wrong tug\\r\\e[1Acaptain <U+202E>eslaf"),
        "{stdout}"
    );
    let (stdout, _) = inert_run(&env, &["show", &number]);
    assert!(
        stdout.contains("wrong tug\\r\\e[1Acaptain <U+202E>eslaf"),
        "{stdout}"
    );
    let (stdout, _) = inert_run(&env, &["log", &number]);
    assert!(stdout.contains("retracted: wrong tug\\r\\e[1A"), "{stdout}");
    assert!(stdout.contains("Edited: Ferry lanes"), "{stdout}");

    // Undone as the actor: its name, and the reversed changes, are shown inert.
    inert_run(&env, &["undo"]);
    inert_run(&env, &["undo"]);
    let (stdout, _) = inert_run(&env, &["undo"]);
    assert!(stdout.contains("by tester"), "{stdout}");
    inert_run(
        &env,
        &["add", "A second claim about tugs", "--actor", ACTOR_NAME],
    );
    let (stdout, _) = inert_run(&env, &["undo", "--actor", ACTOR_NAME]);
    assert!(
        stdout.contains("by night desk \\e]0;actor\\a<U+202E>"),
        "{stdout}"
    );
}

#[test]
fn config_a_rebuild_difference_and_the_demo_path_are_inert() {
    let env = Env::new();
    let (claim, _) = logged(&env);
    let org = "Harbour Desk \u{202e}ksed";
    inert_run(&env, &["config", "set", "org", org]);
    let (stdout, _) = inert_run(&env, &["config", "get", "org"]);
    assert_eq!(stdout, "Harbour Desk <U+202E>ksed\n");

    // Text changed behind claims' back is shown in the differences, inert.
    env.sql(&format!(
        "UPDATE claims SET summary = 'tampered \u{1b}]0;x\u{7}' WHERE id = {claim}"
    ));
    let args = ["rebuild", "--check"];
    let out = env.run(&args);
    assert_eq!(out.status.code(), Some(1));
    let (stdout, stderr) = check_inert(&args, &out.stdout, &out.stderr);
    // (The differences quote values as Rust strings, escapes and all.)
    assert!(stdout.contains("tampered \\u{1b}]0;x\\u{7}"), "{stdout}");
    assert!(stderr.starts_with("error: "), "{stderr}");

    let odd = env.path().join("demo \u{1b}]0;db\u{7}.db");
    let (stdout, _) = inert_run(&env, &["demo", "--db", odd.to_str().unwrap()]);
    assert!(stdout.contains("demo \\e]0;db\\a.db"), "{stdout}");
}

/// A report for `ingest`, in the project's own words, its speaker and claim laced with escapes.
fn report(dir: &Path) -> String {
    let path = dir.join("report.txt");
    std::fs::write(
        &path,
        "Harbour master Ana Costa said the night \u{202e}ferry \u{9b}31m would resume \
         sailing \u{1b}]0;pwned\u{7} on Monday.\n",
    )
    .unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn ingest_previews_prompts_and_results_are_inert() {
    let env = Env::new();
    let file = report(env.path());
    // (The claim is cut at the semicolon.)
    let shown = "night <U+202E>ferry <U+009B>31m would resume sailing \\e]0";
    let (stdout, _) = inert_run(&env, &["ingest", &file]);
    assert!(stdout.contains(shown), "{stdout}");

    let args = ["ingest", &file, "--interactive"];
    let out = env
        .cmd()
        .args(args)
        .write_stdin("e\n\n\n\n\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", describe(&args, &out));
    let (_, stderr) = check_inert(&args, &out.stdout, &out.stderr);
    assert!(stderr.contains("claim: "), "{stderr}");
    assert!(
        stderr.contains(&format!("claim [The {shown}]: ")),
        "{stderr}"
    );
    // What was logged is exactly what the report said.
    let text = env.show(1)["text"].as_str().unwrap().to_string();
    assert!(
        text.contains("night \u{202e}ferry \u{9b}31m would resume sailing \u{1b}]0"),
        "{text:?}"
    );
}

#[test]
fn an_error_line_shows_what_was_typed_inert() {
    let env = Env::new();
    logged(&env);
    for args in [
        ["source", "show", "Nobody \u{1b}]0;err\u{7}\u{202e}"],
        ["show", "\u{1b}]8;;x\u{7}1", ""],
    ] {
        let args: Vec<&str> = args.into_iter().filter(|a| !a.is_empty()).collect();
        let out = env.run(&args);
        assert_eq!(out.status.code(), Some(1));
        assert!(out.stdout.is_empty());
        let (_, stderr) = check_inert(&args, &out.stdout, &out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("\\e]"), "{stderr}");
    }
    let stderr = env.expect_err(&["source", "show", "Nobody \u{1b}]0;err\u{7}\u{202e}"], 1);
    assert!(stderr.contains("'Nobody \\e]0;err\\a<U+202E>'"), "{stderr}");
}

#[test]
fn json_output_and_the_stored_texts_are_exactly_what_was_typed() {
    let env = Env::new();
    let (claim, statement) = logged(&env);
    let show = env.show(claim);
    assert_eq!(show["text"], claim_text());
    assert_eq!(show["note"], NOTE);
    assert_eq!(show["tags"][0], "harbour\u{1b}]0;tag\u{7}");
    let s = &show["statements"][0];
    assert_eq!(s["id"], statement);
    assert_eq!(s["source"], SOURCE);
    assert_eq!(s["via"], OUTLET);
    assert_eq!(s["quote"], QUOTE);
    assert_eq!(s["url"], URL);

    let list = env.run_json(&["list"]);
    assert_eq!(list[0]["text"], claim_text());
    assert!(list[0]["summary"].as_str().unwrap().contains(SOURCE));
    let sources = env.run_json(&["sources"]);
    let names: Vec<&str> = sources
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&SOURCE) && names.contains(&OUTLET),
        "{names:?}"
    );
    let log = env.run_json(&["log"]);
    let added = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "claim.added")
        .unwrap();
    assert_eq!(added["actor"], ACTOR_NAME);
    assert_eq!(added["payload"]["claim"]["text"], claim_text());

    // The JSON carries the characters themselves: escaped as JSON demands (`\u001b`), the rest
    // (U+202E, U+009B) as they are.
    let raw = env.run_ok(&["show", &claim.to_string(), "--format", "json"]);
    assert!(raw.contains("\\u001b]0;pwned\\u0007"), "{raw}");
    assert!(raw.contains('\u{202e}') && raw.contains('\u{9b}'), "{raw}");
    let parsed: Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(parsed, show);

    // And the database holds what was typed, read behind the binary's back.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let (text, quote, name): (String, String, String) = conn
        .query_row(
            "SELECT c.text, s.quote, src.name FROM claims c JOIN statements s ON s.claim_id = c.id
               JOIN sources src ON src.id = s.source_id WHERE c.id = ?1",
            [claim],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (text.as_str(), quote.as_str(), name.as_str()),
        (claim_text().as_str(), QUOTE, SOURCE)
    );
}

#[test]
fn an_imported_sheet_is_shown_inert() {
    let env = Env::new();
    let sheet = env.path().join("sheet.csv");
    std::fs::write(
        &sheet,
        "claim,stance,source,via,quote\n\
         \"The lock gates jammed \u{1b}]0;pwned\u{7}\",asserts,Lock Keeper \u{202e}nhoJ,Canal \u{2067}News\u{2069},\"he said \u{1b}[2J\r so\"\n",
    )
    .unwrap();
    let (stdout, _) = inert_run(&env, &["import", sheet.to_str().unwrap()]);
    assert!(stdout.starts_with("imported 1 claim"), "{stdout}");
    let (stdout, _) = inert_run(&env, &["show", "1"]);
    assert!(stdout.contains("Lock Keeper <U+202E>nhoJ"), "{stdout}");
    assert!(stdout.contains("Canal <U+2067>News<U+2069>"), "{stdout}");
    assert!(stdout.contains("he said \\e[2J\\r so"), "{stdout}");
    assert_eq!(
        env.show(1)["text"],
        "The lock gates jammed \u{1b}]0;pwned\u{7}"
    );
}

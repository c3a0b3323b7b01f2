//! Issue 16, item 2: exports are safe where they land. A CSV cell cannot run as a formula in a
//! spreadsheet, and `import` takes back exactly what `export` added; a Markdown dossier, read
//! by a real CommonMark parser, holds no HTML, no link but http(s) and mailto, and no block
//! that a claim's own line breaks started; ClaimReview cannot end the script block a page
//! embeds it in. Item 6: the `.partial-PID` file of a killed `export -o` is removed by the
//! next export to the same place.

mod common;

use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag};
use serde_json::Value;

use common::*;

/// Texts a spreadsheet would run as formulas (OWASP's examples, in our own words), and texts
/// that already start with the apostrophe the neutralising adds.
const FORMULAS: [&str; 6] = [
    "=HYPERLINK(\"http://x\",\"y\")",
    "+cmd",
    "-2+3",
    "@SUM(A1)",
    "'=already",
    "'''@x",
];

/// What makes a spreadsheet read a cell as a formula.
fn formula_start(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A sheet's cells, row by row (header included).
fn cells(sheet: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(sheet.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// A claims export line by line, as JSON values.
fn jsonl(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A database whose claims, sources, tags, quotes and URLs start like formulas. A quote or a
/// URL can start with a TAB or a CR only through an import (the command line trims them), so
/// those come in a JSON Lines file.
fn formula_db() -> Env {
    let env = Env::new();
    for (n, text) in FORMULAS.iter().enumerate() {
        // A sheet's tags cell is split at commas, so the tags are the formulas without one.
        let tag = format!(
            "--tag={}",
            FORMULAS[1 + n % (FORMULAS.len() - 1)].to_lowercase()
        );
        let by = format!("--by={}", FORMULAS[(n + 2) % FORMULAS.len()]);
        let via = format!("--via={} wire", FORMULAS[(n + 3) % FORMULAS.len()]);
        let citing = format!("--citing={} desk", FORMULAS[(n + 4) % FORMULAS.len()]);
        let quote = format!("--quote={}", FORMULAS[(n + 5) % FORMULAS.len()]);
        let url = format!("--url={}", FORMULAS[(n + 1) % FORMULAS.len()]);
        // After `--`, a text that starts with `-` is the claim, not an option.
        env.run_ok(&[
            "add",
            &tag,
            &by,
            &via,
            &citing,
            &quote,
            &url,
            "--at",
            "2024-03-01T09:00:00Z",
            "--",
            text,
        ]);
    }
    let imported = env.path().join("tabs.jsonl");
    let lines = [
        serde_json::json!({"type": "source", "uuid": "01900000-0000-7000-8000-000000000001",
            "name": "Harbour office", "kind": "organization",
            "created_at": "2024-03-02T08:00:00Z"}),
        serde_json::json!({"type": "claim", "uuid": "01900000-0000-7000-8000-000000000002",
            "text": "The east quay reopened at dawn", "tags": ["quay"],
            "created_at": "2024-03-02T08:00:00Z"}),
        serde_json::json!({"type": "statement", "uuid": "01900000-0000-7000-8000-000000000003",
            "claim": "01900000-0000-7000-8000-000000000002",
            "source": "01900000-0000-7000-8000-000000000001", "stance": "confirms",
            "quote": "\tx", "url": "\rx", "stated_at": "2024-03-02T09:00:00Z",
            "recorded_at": "2024-03-02T09:00:00Z"}),
        serde_json::json!({"type": "statement", "uuid": "01900000-0000-7000-8000-000000000004",
            "claim": "01900000-0000-7000-8000-000000000002",
            "source": "01900000-0000-7000-8000-000000000001", "stance": "asserts",
            "quote": "\rx", "url": "\tx", "stated_at": "2024-03-02T10:00:00Z",
            "recorded_at": "2024-03-02T10:00:00Z"}),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&imported, text).unwrap();
    env.run_ok(&["import", s(&imported)]);
    env
}

/// The texts of a database as a JSON Lines export holds them: claim texts and tags, source
/// names, and each statement's quote and URL with the names of its sources, in order.
fn texts(env: &Env) -> Vec<String> {
    let lines = jsonl(&env.run_ok(&["export"]));
    let name = |uuid: &Value| -> String {
        lines
            .iter()
            .find(|l| l["type"] == "source" && l["uuid"] == *uuid)
            .map_or(String::new(), |l| l["name"].as_str().unwrap().to_string())
    };
    let mut out = Vec::new();
    for line in &lines {
        match line["type"].as_str().unwrap() {
            "claim" => {
                out.push(format!("claim {}", line["text"]));
                out.push(format!("tags {}", line["tags"]));
            }
            "statement" => out.push(format!(
                "statement {} by {:?} via {:?} citing {:?}: {} {}",
                line["stance"],
                name(&line["source"]),
                name(&line["via"]),
                name(&line["citing"]),
                line["quote"],
                line["url"]
            )),
            _ => {}
        }
    }
    out
}

#[test]
fn csv_cells_that_start_like_formulas_are_neutralised_in_both_sheets() {
    let env = formula_db();
    for args in [
        &["export", "--format", "csv"][..],
        &["export", "--format", "csv", "--statements"],
    ] {
        let sheet = env.run_ok(args);
        for row in cells(&sheet) {
            for cell in &row {
                assert!(
                    !formula_start(cell),
                    "claims {args:?} wrote a formula cell {cell:?} in {row:?}"
                );
            }
        }
        for text in FORMULAS {
            let neutralised = format!("'{text}");
            assert!(
                cells(&sheet).iter().flatten().any(|c| *c == neutralised),
                "claims {args:?}: no cell {neutralised:?} in\n{sheet}"
            );
        }
    }
    // The quotes and URLs that start with a TAB or a CR, in the statements sheet.
    let sheet = cells(&env.run_ok(&["export", "--format", "csv", "--statements"]));
    let quay: Vec<&Vec<String>> = sheet
        .iter()
        .filter(|row| row[1] == "The east quay reopened at dawn")
        .collect();
    assert_eq!(quay.len(), 2, "{sheet:?}");
    assert_eq!((quay[0][6].as_str(), quay[0][7].as_str()), ("'\tx", "'\rx"));
    assert_eq!((quay[1][6].as_str(), quay[1][7].as_str()), ("'\rx", "'\tx"));
}

#[test]
fn the_statements_sheet_imports_back_byte_for_byte() {
    let env = formula_db();
    let sheet = env.run_ok(&["export", "--format", "csv", "--statements"]);
    let file = env.path().join("sheet.csv");
    std::fs::write(&file, &sheet).unwrap();

    let copy = Env::new();
    copy.run_ok(&["import", s(&file)]);
    // The sheet carries no source kinds or history: the texts are what must come back.
    assert_eq!(texts(&copy), texts(&env));
    let again = copy.run_ok(&["export", "--format", "csv", "--statements"]);
    assert_eq!(again, sheet, "the sheet exported again differs");
    // And the texts themselves are the raw ones, not the neutralised.
    let copied = texts(&copy).join("\n");
    assert!(
        copied.contains(r#"claim "=HYPERLINK(\"http://x\",\"y\")""#),
        "{copied}"
    );
    assert!(copied.contains(r#"claim "'''@x""#), "{copied}");
    assert!(copied.contains(r#""\tx" "\rx""#), "{copied}");
}

/// Texts that, written raw into Markdown, make HTML, a `javascript:` link, or a block of
/// their own after a line break.
fn markdown_db() -> Env {
    let env = Env::new();
    env.run_ok(&[
        "add",
        "The ferry sailed\r# A heading from a claim",
        "--note",
        "first line\n```\nfenced",
        "--tag",
        "<b>bold</b>",
        "--by",
        "<img src=x onerror=alert(1)>",
        "--via",
        "Quay Post",
        "--quote",
        "said so\r\n> a quote from a quote",
        "--url",
        "javascript:alert(1)",
        "--at",
        "2024-03-01",
    ]);
    env.run_ok(&[
        "confirm",
        "1",
        "--by",
        "Harbour office",
        "--quote",
        "yes\n- an item from a quote\u{2028}# and a heading",
        "--url",
        "https://example.org/a?b=<img/src=x/onerror=alert(1)>",
        "--at",
        "2024-03-02",
    ]);
    env.run_ok(&[
        "deny",
        "1",
        "--by",
        "Pier desk",
        "--url",
        "<img src=x onerror=alert(1)>",
        "--note",
        "a note\r1. numbered",
        "--at",
        "2024-03-03",
    ]);
    env.run_ok(&[
        "retract",
        "3",
        "--note",
        "wrong pier\n<script>alert(1)</script>",
    ]);
    env.run_ok(&[
        "add",
        "Cranes moved\n- overnight",
        "--by",
        "Dock watch",
        "--url",
        "mailto:desk@example.org",
    ]);
    env.run_ok(&[
        "verdict",
        "1",
        "misleading",
        "--explanation",
        "<img src=x onerror=alert(1)>\n# verdict heading",
        "--url",
        "javascript:alert(2)",
    ]);
    env.run_ok(&[
        "verdict",
        "2",
        "true",
        "--explanation",
        "it did\r\n```",
        "--url",
        "data:text/html,<script>alert(3)</script>",
    ]);
    env
}

#[test]
fn the_markdown_dossier_holds_no_html_no_script_link_and_no_block_from_user_text() {
    let env = markdown_db();
    let dossier = env.run_ok(&["export", "--format", "markdown"]);
    let mut problems = Vec::new();
    let mut headings = Vec::new();
    let mut heading: Option<String> = None;
    let mut items = 0;
    let (mut depth, mut struck_in_item, mut struck_elsewhere) = (0, 0, 0);
    let mut links = Vec::new();
    for event in Parser::new_ext(&dossier, Options::all()) {
        match &event {
            Event::Start(Tag::Item) => depth += 1,
            Event::End(pulldown_cmark::TagEnd::Item) => depth -= 1,
            Event::Start(Tag::Strikethrough) if depth > 0 => struck_in_item += 1,
            Event::Start(Tag::Strikethrough) => struck_elsewhere += 1,
            _ => {}
        }
        match &event {
            Event::Html(html) | Event::InlineHtml(html) => {
                problems.push(format!("raw HTML {html:?}"))
            }
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(text);
                }
            }
            Event::End(pulldown_cmark::TagEnd::Heading(_)) => {
                headings.push(heading.take().unwrap_or_default())
            }
            Event::Start(Tag::Item) => items += 1,
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::Start(Tag::Image { dest_url, .. }) => {
                problems.push(format!("an image {dest_url:?}"))
            }
            Event::Start(
                tag @ (Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::HtmlBlock
                | Tag::Table(_)
                | Tag::FootnoteDefinition(_)),
            ) => problems.push(format!("a block {tag:?}")),
            _ => {}
        }
    }
    // The dossier's own headings only: its title and one per claim.
    assert_eq!(headings.len(), 3, "headings {headings:?}\n{dossier}");
    assert_eq!(headings[0], "Claims dossier");
    assert!(
        headings[1].starts_with("#1 The ferry sailed"),
        "{headings:?}"
    );
    assert!(
        headings[1].contains("# A heading from a claim"),
        "{headings:?}"
    );
    assert!(headings[2].starts_with("#2 Cranes moved"), "{headings:?}");
    // One list item per statement, and nothing else; the retracted one is struck out and
    // still an item of the list.
    assert_eq!(items, 4, "list items\n{dossier}");
    assert_eq!((struck_in_item, struck_elsewhere), (1, 0), "{dossier}");
    for link in &links {
        let lower = link.to_lowercase();
        if !(lower.starts_with("http://")
            || lower.starts_with("https://")
            || lower.starts_with("mailto:"))
        {
            problems.push(format!("a link to {link:?}"));
        }
    }
    assert_eq!(
        links,
        [
            "https://example.org/a?b=<img/src=x/onerror=alert(1)>",
            "mailto:desk@example.org"
        ],
        "{dossier}"
    );
    assert!(problems.is_empty(), "{}\n\n{dossier}", problems.join("\n"));
    // The refused URLs are still there, as text.
    assert!(dossier.contains("(link: javascript:alert(1))"), "{dossier}");
}

#[test]
fn claimreview_cannot_end_its_script_block_and_publishes_only_web_urls() {
    let env = Env::new();
    let script = "</script><script>alert(1)</script> and <!-- a comment";
    env.run_ok(&[
        "add",
        script,
        "--by",
        "</script> desk",
        "--url",
        "javascript:alert(1)",
        "--at",
        "2024-03-01",
    ]);
    env.run_ok(&[
        "confirm",
        "1",
        "--by",
        "Harbour office",
        "--url",
        "https://example.org/</script>",
    ]);
    env.run_ok(&[
        "verdict",
        "1",
        "false",
        "--explanation",
        "<!-- hidden --></script><script>alert(2)</script>",
        "--url",
        "javascript:alert(3)",
    ]);
    let page = env.run_ok(&[
        "export",
        "--format",
        "claimreview",
        "--org",
        "Quay </script> Desk",
    ]);
    assert!(!page.contains("</"), "{page}");
    assert!(!page.contains("<!--"), "{page}");
    assert!(!page.to_lowercase().contains("javascript:"), "{page}");
    let doc: Value = serde_json::from_str(&page).unwrap();
    let node = &doc["@graph"][0];
    assert_eq!(node["claimReviewed"], script);
    assert_eq!(
        node["reviewBody"],
        "<!-- hidden --></script><script>alert(2)</script>"
    );
    assert_eq!(node["author"]["name"], "Quay </script> Desk");
    assert_eq!(node["itemReviewed"]["author"]["name"], "</script> desk");
    assert_eq!(node["url"], Value::Null);
    assert_eq!(
        node["itemReviewed"]["appearance"],
        serde_json::json!([{"@type": "CreativeWork", "url": "https://example.org/</script>"}])
    );
}

/// A process id that is surely gone: a child that has exited and been reaped.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

fn partial(target: &Path, pid: u32) -> std::path::PathBuf {
    let mut name = target.file_name().unwrap().to_os_string();
    name.push(format!(".partial-{pid}"));
    target.with_file_name(name)
}

#[test]
fn a_killed_exports_partial_file_is_removed_by_the_next_export_there() {
    let env = Env::new();
    env.run_ok(&[
        "add",
        "The night ferry was cancelled",
        "--by",
        "Harbour office",
    ]);
    let target = env.path().join("out.jsonl");
    let dead = partial(&target, dead_pid());
    // This test's own process is alive: an export running now, whose file stays.
    let live = partial(&target, std::process::id());
    // Not an export's: a name that only starts the same way, and another file's partial.
    let other = env.path().join("out.jsonl.partial-notes");
    let elsewhere = partial(&env.path().join("other.jsonl"), dead_pid());
    for file in [&dead, &live, &other, &elsewhere] {
        std::fs::write(file, b"half an export").unwrap();
    }
    env.run_ok(&["export", "-o", s(&target)]);
    assert!(target.exists());
    assert!(
        !dead.exists(),
        "the dead export's partial file is still there"
    );
    assert!(live.exists(), "a live export's partial file was removed");
    assert!(other.exists() && elsewhere.exists());
}

/// Item 5: a cell or a text over 1 MiB is refused with the line it starts on, before the rest
/// is read, and nothing is loaded. (tests/hostile.rs checks the shape of each refusal.)
#[test]
fn a_text_over_the_limit_is_refused_with_its_line() {
    const MIB: usize = 1 << 20;
    let env = Env::new();
    env.run_ok(&["add", "The night ferry was cancelled"]);
    let before = env.dump();
    let long = "w".repeat(MIB);
    let refused = |name: &str, bytes: String| -> String {
        let path = env.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        env.expect_err(&["import", s(&path)], 1)
    };
    let cell = "a cell longer than 1 MiB; shorten it (keep a long text elsewhere and give its \
                address in the url column); nothing was imported";
    // A quoted cell with a line break, starting on line 3: 1 MiB and 8 bytes.
    let line = refused(
        "quoted.csv",
        format!("claim,stance\nThe pier closed,asserts\n\"{long}\nand on\",denies\n"),
    );
    assert_eq!(line, format!("error: line 3: {cell}"));
    // A 24 MiB cell after blank lines: the reader stops at the row's bound.
    let line = refused(
        "far.csv",
        format!(
            "claim,stance\n\n\nok,asserts\n\"{}\",asserts\n",
            long.repeat(24)
        ),
    );
    assert_eq!(line, format!("error: line 5: {cell}"));
    let line = refused(
        "long-line.jsonl",
        format!(
            "{{\"type\":\"config\",\"key\":\"a\",\"value\":\"b\"}}\n\n\
             {{\"type\":\"config\",\"key\":\"org\",\"value\":\"{}\"}}\n",
            long.repeat(17)
        ),
    );
    assert_eq!(
        line,
        "error: line 3: a line longer than 16 MiB, where no text may be longer than 1 MiB; \
         shorten the long text; nothing was imported"
    );
    let line = refused(
        "long-text.jsonl",
        format!("{{\"type\":\"config\",\"key\":\"org\",\"value\":\"{long}w\"}}\n"),
    );
    assert_eq!(
        line,
        "error: line 1: a text longer than 1 MiB (1048577 bytes); shorten it (keep a long text \
         elsewhere and give its address as a url); nothing was imported"
    );
    assert_eq!(env.dump(), before);
    // At the limit exactly, a text is loaded.
    let path = env.path().join("at-limit.csv");
    std::fs::write(&path, format!("claim,stance\n{long},asserts\n")).unwrap();
    env.run_ok(&["import", s(&path)]);
    assert_eq!(env.show(2)["text"].as_str().map(str::len), Some(MIB));
}

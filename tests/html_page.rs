//! The story page (`export --format html`, issue 15, item 8), checked in a real browser:
//! headless Chromium (Debian's `chromium` package) loads the page of the seed story and of a
//! 1,000-claim story, its DOM dump shows every claim and statement and none of the elements
//! hostile text tried to inject, the page reports its own load time, and a screenshot is taken.
//! These tests fail, rather than skip, where Chromium is missing: `.ci/run` installs it.
//!
//! The tests of this file run one at a time (`one_at_a_time`), so that the load time measured
//! is the page's alone; Chromium runs in a fresh profile each time, and is killed with its
//! helpers if it has not finished in a minute.

mod common;

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde_json::Value;

use common::*;

static SERIAL: Mutex<()> = Mutex::new(());

/// Held for a whole test: no import or other browser competes with the one measured.
fn one_at_a_time() -> MutexGuard<'static, ()> {
    SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// How long Chromium may take before it is killed, so a hang cannot hang CI.
const CHROMIUM_TIMEOUT: Duration = Duration::from_secs(60);

/// Hostile texts: each must come out as text.
const SCRIPT_CLAIM: &str = "<script>alert(1)</script> was said in Ankara";
const IMG_ATTACK: &str = "\"><img src=x onerror=alert(1)>";
const JS_URL: &str = "javascript:alert(1)";

/// Links the story page may hold: the statements' and the verdict's own.
const ALTUN_URL: &str = "https://apnews.com/article/ankara-talks-burns-naryshkin?ref=a&b=1";
const VERDICT_URL: &str = "https://factcheck.example.org/ankara-talks";

/// Where Chromium is: `/usr/bin/chromium`, else `chromium` on PATH. Missing, the test fails
/// and says how to install it.
fn chromium() -> PathBuf {
    let debian = PathBuf::from("/usr/bin/chromium");
    if debian.is_file() {
        return debian;
    }
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join("chromium"))
        .find(|path| path.is_file())
        .unwrap_or_else(|| {
            panic!(
                "the story page tests need headless Chromium, and neither /usr/bin/chromium nor \
                 chromium on PATH exists: run `apt-get install -y chromium` (as root; .ci/run \
                 does it when missing)"
            )
        })
}

struct Browsed {
    stdout: String,
    stderr: String,
    wall: Duration,
}

/// Runs headless Chromium on a page with `extra` arguments, in a fresh profile, and returns
/// what it printed. Killed with its whole process group after `CHROMIUM_TIMEOUT`.
fn browse(page: &Path, extra: &[String]) -> Browsed {
    let chromium = chromium();
    let profile = tempfile::Builder::new()
        .prefix("claims-chromium-")
        .tempdir()
        .expect("create a Chromium profile directory");
    let started = Instant::now();
    let mut child = Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", s(profile.path())))
        .args(extra)
        .arg(format!("file://{}", s(page)))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", chromium.display()));
    let group = rustix::process::Pid::from_child(&child);
    let kill_group = || {
        let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
    };
    // Read both pipes while it runs: a large DOM would fill a pipe and stall it.
    let pipe = |mut from: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = from.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = pipe(Box::new(child.stdout.take().expect("piped stdout")));
    let stderr = pipe(Box::new(child.stderr.take().expect("piped stderr")));
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for Chromium") {
            break status;
        }
        if started.elapsed() > CHROMIUM_TIMEOUT {
            kill_group();
            let _ = child.wait();
            panic!(
                "Chromium did not finish {} within {CHROMIUM_TIMEOUT:?}; killed",
                page.display()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let wall = started.elapsed();
    // A helper left behind would hold the pipes open.
    kill_group();
    let browsed = Browsed {
        stdout: stdout.join().expect("read Chromium's stdout"),
        stderr: stderr.join().expect("read Chromium's stderr"),
        wall,
    };
    assert!(
        status.success(),
        "Chromium failed on {} ({status}):\n{}",
        page.display(),
        browsed.stderr
    );
    browsed
}

/// The DOM Chromium built from a page, serialized after its load event.
fn dump_dom(page: &Path) -> Browsed {
    let browsed = browse(page, &["--dump-dom".to_string()]);
    assert!(
        browsed.stdout.contains("</html>"),
        "no DOM dumped for {}:\n{}",
        page.display(),
        browsed.stderr
    );
    browsed
}

/// Text as the DOM serializer writes a text node: `&`, `<`, `>` and no-break spaces escaped,
/// quotes as they are.
fn as_dumped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\u{a0}', "&nbsp;")
}

/// The page's own load time, from `<html data-loaded-ms="N">`.
fn loaded_ms(dom: &str) -> u64 {
    let marker = "data-loaded-ms=\"";
    let start = dom
        .find(marker)
        .unwrap_or_else(|| panic!("the page did not note its load time:\n{dom:.2000}"))
        + marker.len();
    let digits: String = dom[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().expect("a whole number of milliseconds")
}

/// The seed story, and beside it the texts a hostile sheet or reporter could bring: a claim
/// holding a script, a source and a quote that try to close an attribute and inject an image,
/// `javascript:` URLs on a statement and a verdict, a retraction note with markup. Returns the
/// number of the hostile claim.
fn hostile_story(env: &Env) -> i64 {
    env.seed_story();
    env.run_ok(&[
        "confirm",
        "1",
        "--by",
        "White House official",
        "--anonymous",
        "--via",
        "O'Brien & <Sons> Wire",
        "--at",
        "2022-11-14T18:00",
        "--quote",
        "Yes, they met; \"it's routine\" & <expected>",
        "--url",
        ALTUN_URL,
    ]);
    let hostile = env.run_json(&[
        "add",
        SCRIPT_CLAIM,
        "--tag",
        "ankara-talks",
        "--by",
        IMG_ATTACK,
        "--quote",
        IMG_ATTACK,
        "--url",
        JS_URL,
        "--at",
        "2022-11-15",
    ]);
    let claim = hostile["id"].as_i64().expect("the hostile claim's number");
    let denial = env.run_json(&[
        "deny",
        &claim.to_string(),
        "--by",
        "Kremlin",
        "--at",
        "2022-11-16",
        "--quote",
        "Nonsense <b>",
    ]);
    let statement = denial["statement"].as_i64().expect("the denial's number");
    env.run_ok(&[
        "retract",
        &statement.to_string(),
        "--note",
        "<b>wrong</b> source, see <a href=javascript:alert(2)>",
    ]);
    env.run_ok(&[
        "verdict",
        &claim.to_string(),
        "false",
        "--explanation",
        "It's '<i>false</i>'",
        "--url",
        "JavaScript:alert(3)",
    ]);
    env.run_ok(&[
        "verdict",
        "1",
        "true",
        "--explanation",
        "Both sides confirmed the meeting",
        "--url",
        VERDICT_URL,
    ]);
    claim
}

/// Every claim `list` knows, as `show` prints it.
fn all_claims(env: &Env) -> Vec<Value> {
    env.list_ids(&[])
        .into_iter()
        .map(|id| env.show(id))
        .collect()
}

fn export_page(env: &Env, name: &str, args: &[&str]) -> PathBuf {
    let mut full = vec!["export", "-o", name];
    full.extend_from_slice(args);
    env.run_ok(&full);
    env.path().join(name)
}

#[test]
fn the_seed_story_page_shows_every_claim_and_statement_and_no_injected_element() {
    let _serial = one_at_a_time();
    let env = Env::new();
    let hostile = hostile_story(&env);
    let page = export_page(&env, "story.html", &[]);
    let browsed = dump_dom(&page);
    let dom = &browsed.stdout;

    let claims = all_claims(&env);
    assert_eq!(claims.len(), 3);
    for claim in &claims {
        let text = claim["text"].as_str().expect("a claim has a text");
        assert!(
            dom.contains(&format!("<span class=\"text\">{}</span>", as_dumped(text))),
            "claim {} is not on the page: {text:?}",
            claim["id"]
        );
        let summary = claim["summary"].as_str().expect("a claim has a summary");
        assert!(
            dom.contains(&format!("<p class=\"summary\">{}</p>", as_dumped(summary))),
            "the summary of claim {} is not on the page: {summary:?}",
            claim["id"]
        );
        for statement in claim["statements"].as_array().expect("statements") {
            let source = statement["source"].as_str().expect("a source");
            assert!(
                dom.contains(&format!(
                    "<strong class=\"source\">{}</strong>",
                    as_dumped(source)
                )),
                "source {source:?} is not on the page"
            );
            if let Some(quote) = statement["quote"].as_str() {
                assert!(
                    dom.contains(&format!("<blockquote>{}</blockquote>", as_dumped(quote))),
                    "quote {quote:?} is not on the page"
                );
            }
        }
    }
    assert_eq!(dom.matches("<article class=\"claim\"").count(), 3);

    // The hostile texts are text: no element, handler or link came of them.
    let lower = dom.to_lowercase();
    assert!(dom.contains(&as_dumped(SCRIPT_CLAIM)));
    assert_eq!(
        lower.matches("<script").count(),
        1,
        "only the page's script"
    );
    assert!(!lower.contains("<img"), "an injected image:\n{dom}");
    assert_eq!(
        lower.matches("onerror").count(),
        lower.matches("&lt;img src=x onerror=alert(1)&gt;").count(),
        "onerror outside text"
    );
    assert!(!lower.contains("href=\"javascript:"), "a javascript: link");
    assert!(!lower.contains("<i>false"), "markup from a verdict");
    assert!(!lower.contains("<b>wrong"), "markup from a retraction note");
    assert!(dom.contains(&format!("<span class=\"url\">{JS_URL}</span>")));
    assert!(dom.contains("<span class=\"url\">JavaScript:alert(3)</span>"));
    assert!(dom.contains(&format!(
        "<span class=\"text\">{}</span>",
        as_dumped(SCRIPT_CLAIM)
    )));

    // The rest of what a claim shows: badges, grade reason, verdict, a web link, the
    // anonymous mark, the outlet, the retraction struck out with its note.
    assert!(dom.contains("<article class=\"claim\" id=\"claim-1\" data-status=\"confirmed\">"));
    assert!(dom.contains("<span class=\"badge status confirmed\">confirmed</span>"));
    assert!(dom.contains("<span class=\"anonymous\">anonymous</span>"));
    assert!(dom.contains(&format!(
        "via <b>{}</b>",
        as_dumped("O'Brien & <Sons> Wire")
    )));
    assert!(dom.contains(&format!("href=\"{}\"", ALTUN_URL.replace('&', "&amp;"))));
    assert!(dom.contains(&format!("href=\"{VERDICT_URL}\"")));
    assert!(dom.contains("<li class=\"statement denies retracted\">"));
    assert!(dom.contains("<del>"));
    assert!(dom.contains(&as_dumped(
        "<b>wrong</b> source, see <a href=javascript:alert(2)>"
    )));
    assert!(dom.contains(&format!(
        "id=\"claim-{hostile}\" data-status=\"unverified\""
    )));

    // How long it took is a benchmark's business (benches/page.sh reads this line), not a
    // test's: the page only has to say it.
    let ms = loaded_ms(dom);
    println!(
        "page-load seed {ms} ms in the page; Chromium ran {:?}",
        browsed.wall
    );
}

/// A 1,000-claim sheet: each claim asserted by one of 37 sources through one of 11 outlets,
/// then confirmed, denied, both, or left alone, so that every status is there.
fn thousand_claim_sheet() -> String {
    let mut sheet = String::from("claim,stance,source,via,quote,url,stated_at,tags\n");
    for i in 0..1000 {
        let claim = format!(
            "Ferry {i} left Port Halvard at dawn with {} passengers",
            40 + i
        );
        let day = 1 + i % 28;
        let row = |stance: &str, source: &str, via: &str, quote: &str, hour: u32| {
            format!(
                "\"{claim}\",{stance},{source},{via},\"{quote}\",https://example.org/ferry/{i},\
                 2024-03-{day:02}T{hour:02}:{:02},harbour\n",
                i % 60
            )
        };
        sheet.push_str(&row(
            "asserts",
            &format!("Dock worker {}", i % 37),
            &format!("Harbour Radio {}", i % 11),
            "I saw her go, full up",
            6,
        ));
        if i % 4 == 0 || i % 4 == 2 {
            sheet.push_str(&row("confirms", "Harbour master", "", "Yes, she sailed", 9));
        }
        if i % 4 == 1 || i % 4 == 2 {
            sheet.push_str(&row(
                "denies",
                "Ferry company",
                "",
                "No sailing that day",
                11,
            ));
        }
    }
    sheet
}

#[test]
fn a_thousand_claim_page_shows_every_claim_and_notes_its_load_time() {
    let _serial = one_at_a_time();
    let env = Env::new();
    std::fs::write(env.path().join("sheet.csv"), thousand_claim_sheet()).expect("write sheet");
    env.run_ok(&["import", "sheet.csv"]);
    let page = export_page(&env, "story.html", &["--tag", "harbour"]);
    let size = std::fs::metadata(&page).expect("the page").len();

    let browsed = dump_dom(&page);
    let dom = &browsed.stdout;
    assert_eq!(dom.matches("<article class=\"claim\"").count(), 1000);
    for status in ["confirmed", "denied", "contested", "unverified"] {
        assert_eq!(
            dom.matches(&format!("data-status=\"{status}\">")).count(),
            250,
            "{status}"
        );
    }
    assert!(dom.contains("<h1>harbour</h1>"));
    assert!(dom.contains("Ferry 999 left Port Halvard at dawn with 1039 passengers"));

    let ms = loaded_ms(dom);
    println!(
        "page-load thousand {ms} ms in the page ({size} bytes); Chromium ran {:?}",
        browsed.wall
    );
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(
        png.len() > 24 && png.starts_with(b"\x89PNG\r\n\x1a\n") && &png[12..16] == b"IHDR",
        "not a PNG"
    );
    let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().expect("4 bytes"));
    (be(16), be(20))
}

/// The screenshot of the seed story's page. Set `CLAIMS_KEEP_SCREENSHOT=DIR` to keep it there
/// and look at it.
#[test]
fn a_screenshot_of_the_seed_story_page_is_sane() {
    let _serial = one_at_a_time();
    let env = Env::new();
    hostile_story(&env);
    let page = export_page(&env, "story.html", &["--tag", "ankara-talks"]);
    let shot = env.path().join("story.png");
    browse(
        &page,
        &[
            format!("--screenshot={}", s(&shot)),
            "--window-size=1200,2000".to_string(),
        ],
    );
    let png = std::fs::read(&shot).expect("Chromium wrote the screenshot");
    assert_eq!(png_size(&png), (1200, 2000));
    assert!(png.len() > 10_000, "a {} byte screenshot", png.len());
    if let Some(dir) = std::env::var_os("CLAIMS_KEEP_SCREENSHOT") {
        let kept = PathBuf::from(dir).join("story.png");
        std::fs::copy(&shot, &kept).expect("keep the screenshot");
        println!("screenshot kept at {}", kept.display());
    }
}

/// The page loads nothing from the network: no style sheet, script, image, frame or font by
/// address, and every web address in it is a statement's or the verdict's own link.
#[test]
fn the_page_loads_nothing_from_the_network() {
    let _serial = one_at_a_time();
    let env = Env::new();
    hostile_story(&env);
    let page = std::fs::read_to_string(export_page(&env, "story.html", &[])).expect("the page");
    let lower = page.to_lowercase();
    for loader in [
        "<link",
        "<img",
        "<iframe",
        "<frame",
        "<object",
        "<embed",
        "<audio",
        "<video",
        "<source",
        "<base",
        "url(",
        "@import",
        "srcset",
        "<script src",
        "http-equiv=\"refresh\"",
    ] {
        assert!(!lower.contains(loader), "the page holds {loader:?}");
    }
    // `src=` only inside escaped text (the hostile quote and source name).
    assert_eq!(
        lower.matches("src=").count(),
        lower.matches("&lt;img src=x").count()
    );
    let allowed = [ALTUN_URL.replace('&', "&amp;"), VERDICT_URL.to_string()];
    for scheme in ["http://", "https://"] {
        for (at, _) in lower.match_indices(scheme) {
            assert!(
                allowed
                    .iter()
                    .any(|url| page[at..].starts_with(url.as_str())),
                "a web address that is not a statement's link: {:.80}",
                &page[at..]
            );
            assert!(
                page[..at].ends_with("href=\"") || page[..at].ends_with("noreferrer\">"),
                "a web address outside a link: {:.80}",
                &page[at..]
            );
        }
    }
    assert!(page.contains("default-src 'none'"), "the page's CSP");
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
}

#[test]
fn html_is_chosen_by_extension_titled_by_the_tag_and_escaped_there_too() {
    let _serial = one_at_a_time();
    let env = Env::new();
    env.seed_story();
    env.run_ok(&[
        "add",
        "A claim with a hostile tag",
        "--tag",
        "<i>Talks</i> & 'co'",
    ]);

    let page = std::fs::read_to_string(export_page(&env, "story.htm", &[])).expect("the page");
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<h1>claims</h1>"));
    assert!(page.contains("3 claims, made "));

    let stdout = env.run_ok(&["export", "--format", "html", "--tag", "Ankara-Talks"]);
    assert!(stdout.contains("<title>ankara-talks · story page</title>"));
    assert_eq!(stdout.matches("<article class=\"claim\"").count(), 2);

    let stdout = env.run_ok(&["export", "--format", "html", "--tag", "<i>talks</i> & 'co'"]);
    assert!(
        stdout.contains("<h1>&lt;i&gt;talks&lt;/i&gt; &amp; &#39;co&#39;</h1>"),
        "{stdout:.3000}"
    );
    assert!(stdout.contains("&lt;i&gt;talks&lt;/i&gt; &amp; &#39;co&#39; · story page"));

    let stdout = env.run_ok(&["export", "--format", "html", "--status", "denied"]);
    assert!(stdout.contains("<p class=\"none\">No claims match.</p>"));
    assert!(stdout.contains("0 claims, made "));

    let (_, line) = env.run_err(&["export", "--format", "html", "--statements"]);
    assert!(line.contains("--statements is for --format csv"), "{line}");
}

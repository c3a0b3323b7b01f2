//! The one place that makes user text safe where it lands. Stored text is kept exactly as it was
//! typed or imported; only what is written out is changed, and each destination has its own rule:
//! a terminal must not obey control characters hidden in a claim, a spreadsheet must not run a
//! cell as a formula, a page or a Markdown dossier must not run a script or follow a
//! `javascript:` link. JSON for programs stays exact.

// ---------------------------------------------------------------------------------------------
// Terminal: human output (tables, notes, warnings, prompts).
// ---------------------------------------------------------------------------------------------

/// User text made inert for a terminal: every character that a terminal obeys rather than
/// shows, or that reorders what is shown around it, is written out visibly instead. Printable
/// text of every script, emoji with their joiners, and combining marks pass unchanged; so does
/// a backslash typed by the user (so `\e` on screen may be either; `--format json` tells them
/// apart, as it gives every text exactly as stored).
///
/// - The C0 controls, DEL and the C1 controls: `\0`, `\a` (bell), `\b` (backspace), `\t`,
///   `\n`, `\v`, `\f`, `\r` and `\e` (escape, which starts every colour, title and hyperlink
///   sequence) by their C names; every other one as `<U+0085>`, its code point.
/// - The bidirectional marks, embeddings, overrides and isolates, which reverse or reorder the
///   text after them (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), and the Unicode
///   line and paragraph separators (U+2028, U+2029), as `<U+202E>`.
///
/// A line break is escaped like the rest, so that what this returns is always one line: a
/// header ("#3 …"), a field of `show`, a note or warning on stderr, a prompt or an error can
/// never be split, nor a line faked under it. Inside a table cell a line break is harmless (the
/// table draws its borders on every line, so the text stays in its column) and a quote or a
/// note of several paragraphs reads better broken: tables apply this to each line of a cell and
/// keep the line breaks between them ([`inert_lines`]). A carriage return, a backspace or an
/// escape is never kept, anywhere: they move the cursor over what was drawn.
pub fn inert(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(obeyed) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\0' => shown.push_str("\\0"),
            '\x07' => shown.push_str("\\a"),
            '\x08' => shown.push_str("\\b"),
            '\t' => shown.push_str("\\t"),
            '\n' => shown.push_str("\\n"),
            '\x0b' => shown.push_str("\\v"),
            '\x0c' => shown.push_str("\\f"),
            '\r' => shown.push_str("\\r"),
            '\x1b' => shown.push_str("\\e"),
            c if obeyed(c) => shown.push_str(&format!("<U+{:04X}>", u32::from(c))),
            c => shown.push(c),
        }
    }
    std::borrow::Cow::Owned(shown)
}

/// [`inert`] for the cells of a table: each line made inert, the line breaks between them kept.
pub fn inert_lines(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('\n') {
        return inert(text);
    }
    std::borrow::Cow::Owned(text.split('\n').map(inert).collect::<Vec<_>>().join("\n"))
}

/// Whether a terminal would act on `c` (or let it reorder the text) instead of showing it.
fn obeyed(c: char) -> bool {
    c.is_control() // C0, DEL and C1
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

#[cfg(test)]
mod terminal_tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_as_it_is() {
        for text in ["Türkiye", "قال مسؤول", "👨‍👩‍👧 Zoe\u{308}", "C:\\path\\e", ""]
        {
            assert!(matches!(inert(text), std::borrow::Cow::Borrowed(t) if t == text));
        }
    }

    #[test]
    fn controls_and_bidi_are_shown_not_obeyed() {
        assert_eq!(inert("a\x1b]0;pwned\x07b"), "a\\e]0;pwned\\ab");
        assert_eq!(inert("1\r2\x083\t4\n5\0"), "1\\r2\\b3\\t4\\n5\\0");
        assert_eq!(inert("x\u{9b}31m\u{7f}"), "x<U+009B>31m<U+007F>");
        assert_eq!(
            inert("\u{202e}cba\u{202c} \u{2067}\u{200f}\u{61c}\u{2028}"),
            "<U+202E>cba<U+202C> <U+2067><U+200F><U+061C><U+2028>"
        );
        assert!(!inert("\u{85}\u{1}\u{1f}").chars().any(obeyed));
    }

    #[test]
    fn cells_keep_their_line_breaks_and_nothing_else() {
        assert_eq!(inert_lines("one\r\ntwo\x1b[2J"), "one\\r\ntwo\\e[2J");
        assert_eq!(inert_lines("one line"), "one line");
    }
}

// ---------------------------------------------------------------------------------------------
// Files meant for other programs: sheets (CSV), Markdown dossiers, JSON embedded in pages.
// ---------------------------------------------------------------------------------------------

/// What makes a spreadsheet read a cell as a formula (OWASP's list for CSV injection): `=`,
/// `+`, `-`, `@`, a TAB or a CR first.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a cell needs the apostrophe: it starts with a formula character, or with
/// apostrophes and then one. The second half makes the rule undoable: a text that itself
/// starts `'=` gets a second apostrophe, so `csv_cell_read` knows to take exactly one away.
fn formula_like(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

/// A cell of a CSV export, as OWASP recommends: a leading `'` makes a spreadsheet show
/// `=HYPERLINK(…)`, `+cmd` or `@SUM(…)` as text rather than run it. Every cell goes through
/// it; numbers, uuids, statuses, stances and dates never start with those characters, so
/// they come out as they are.
pub fn csv_cell(text: &str) -> std::borrow::Cow<'_, str> {
    if formula_like(text) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// The inverse of `csv_cell`, for `import`: exactly one `'` comes off a cell that `csv_cell`
/// would have given one, so export → import keeps every text byte for byte. (In a sheet typed
/// by hand, `'=x` is how a spreadsheet writes the text `=x` anyway.)
pub fn csv_cell_read(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest,
        _ => cell,
    }
}

/// Line breaks as CommonMark reads them (LF, CR, CRLF), and those other programs do (vertical
/// tab, form feed, NEL, the Unicode line and paragraph separators).
fn line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// User text inside a line of Markdown, shown literally: every character Markdown or HTML
/// gives a meaning to is backslash-escaped (so `<img onerror=…>` is text, not HTML, and `*`,
/// `[`, `&lt;` stay as typed), and each line break (CRLF counts as one) becomes a space, so
/// that no text can start a heading, a list item, a quote, a fence or an HTML block of its
/// own: it always continues the line the dossier put it on.
pub fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut after_cr = false;
    for c in text.chars() {
        if c == '\n' && after_cr {
            after_cr = false;
            continue;
        }
        after_cr = c == '\r';
        if line_break(c) {
            out.push(' ');
            continue;
        }
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!' | '~' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether `url` starts with one of `schemes` (ASCII case ignored) and holds nothing a link
/// cannot carry (spaces, line breaks, control characters).
fn has_scheme(url: &str, schemes: &[&str]) -> bool {
    let scheme_ok = schemes.iter().any(|scheme| {
        url.get(..scheme.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
    });
    scheme_ok && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// A URL a page may link to: `http` or `https` only (a `javascript:` or `data:` URL is left
/// out of what is published).
pub fn web_url(url: &str) -> Option<&str> {
    has_scheme(url, &["http://", "https://"]).then_some(url)
}

/// A URL in a Markdown dossier: a link `[label](<url>)` for `http`, `https` and `mailto`, with
/// the characters that could end the destination or be read as an entity escaped; any other
/// URL (`javascript:alert(1)`) as plain escaped text, which no renderer follows.
pub fn markdown_link(label: &str, url: &str) -> String {
    if !has_scheme(url, &["http://", "https://", "mailto:"]) {
        return format!("{label}: {}", markdown_text(url));
    }
    let mut destination = String::with_capacity(url.len());
    for c in url.chars() {
        if matches!(c, '\\' | '<' | '>' | '&') {
            destination.push('\\');
        }
        destination.push(c);
    }
    format!("[{label}](<{destination}>)")
}

/// User text in an HTML page, as an element's content or a quoted attribute's value: `&`, `<`,
/// `>`, `"` and `'` become character references, so that no text can open a tag, end an
/// attribute or start an entity of its own. Every piece of user text on the story page goes
/// through here, attribute values too; text without those characters is returned as it is.
pub fn html(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out.into()
}

/// JSON meant to be embedded in a page, inside `<script type="application/ld+json">`: `</` is
/// written `<\/` and `<!--` as `\u003c!--`, so no text can end the script block or change how
/// the browser reads it. Both are JSON escapes: the document still parses to the same strings.
/// (`<` never appears in JSON outside a string, so the replacement only touches strings.)
pub fn json_for_page(json: &str) -> String {
    json.replace("<!--", "\\u003c!--").replace("</", "<\\/")
}

#[cfg(test)]
mod files_tests {
    use super::*;

    #[test]
    fn csv_cells_that_look_like_formulas_get_one_apostrophe() {
        for (text, cell) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+cmd", "'+cmd"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=already", "''=already"),
            ("'''@x", "''''@x"),
            ("plain", "plain"),
            ("'quoted'", "'quoted'"),
            ("2022-11-14T08:30:00Z", "2022-11-14T08:30:00Z"),
            ("", ""),
            ("'", "'"),
        ] {
            assert_eq!(csv_cell(text), cell, "{text:?}");
            assert_eq!(csv_cell_read(&csv_cell(text)), text, "{text:?}");
        }
    }

    #[test]
    fn markdown_text_cannot_start_a_block() {
        assert_eq!(
            markdown_text("a\r\n# b\r- c\n> d\u{2028}```"),
            "a \\# b - c \\> d \\`\\`\\`"
        );
        assert_eq!(markdown_text("<img src=x>"), "\\<img src=x\\>");
    }

    #[test]
    fn only_web_and_mail_urls_become_links() {
        assert_eq!(
            markdown_link("link", "https://a.example/?q=1&r=<2>"),
            "[link](<https://a.example/?q=1\\&r=\\<2\\>>)"
        );
        assert_eq!(
            markdown_link("link", "mailto:desk@example.org"),
            "[link](<mailto:desk@example.org>)"
        );
        assert_eq!(
            markdown_link("link", "javascript:alert(1)"),
            "link: javascript:alert(1)"
        );
        assert_eq!(web_url("HTTPS://a.example"), Some("HTTPS://a.example"));
        assert_eq!(web_url("http://a.example/x y"), None);
        assert_eq!(web_url("mailto:desk@example.org"), None);
    }

    #[test]
    fn html_text_cannot_open_a_tag_or_end_an_attribute() {
        assert_eq!(
            html("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            html("\"><img src=x onerror=alert(1)>"),
            "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(html("O'Brien & Sons"), "O&#39;Brien &amp; Sons");
        assert_eq!(html("&lt;"), "&amp;lt;");
        assert!(matches!(
            html("Türkiye, plain"),
            std::borrow::Cow::Borrowed("Türkiye, plain")
        ));
    }

    #[test]
    fn json_for_a_page_cannot_end_its_script_block() {
        let json = serde_json::json!({"t": "</script><!-- x"}).to_string();
        let safe = json_for_page(&json);
        assert_eq!(safe, r#"{"t":"<\/script>\u003c!-- x"}"#);
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["t"], "</script><!-- x");
    }
}

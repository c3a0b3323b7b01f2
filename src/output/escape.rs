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

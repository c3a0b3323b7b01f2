//! Turning a report into sentences and tokens: HTML stripped, paragraphs kept, sentences split
//! where wire copy ends them (not after "U.S.", "Jan." or "Mr.", not inside a quotation).

use super::lexicon as rules;

/// Plain text from a report that may be HTML (see `super::plain_text`).
pub fn plain_text(report: &str) -> String {
    if !report.contains('<') && !report.contains('&') {
        return report.to_string();
    }
    let mut out = String::with_capacity(report.len());
    let mut rest = report;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            let Some(close) = rest.find('>') else {
                out.push_str(rest);
                break;
            };
            let tag = rest[1..close].trim().to_ascii_lowercase();
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            rest = &rest[close + 1..];
            if (name == "script" || name == "style") && !tag.starts_with('/') {
                let end = format!("</{name}");
                match find_ignoring_ascii_case(rest, &end) {
                    Some(i) => {
                        rest = &rest[i..];
                        if let Some(gt) = rest.find('>') {
                            rest = &rest[gt + 1..];
                        }
                    }
                    None => rest = "",
                }
                continue;
            }
            match name.as_str() {
                "br" => out.push('\n'),
                "p" | "div" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "tr"
                | "blockquote" | "article" | "section" | "title" => out.push_str("\n\n"),
                _ => {}
            }
        } else if c == '&' {
            let end = rest[1..]
                .char_indices()
                .take(10)
                .find(|&(_, ch)| ch == ';' || ch.is_whitespace() || ch == '&')
                .filter(|&(_, ch)| ch == ';');
            match end.and_then(|(i, _)| entity(&rest[1..1 + i]).map(|s| (i, s))) {
                Some((i, s)) => {
                    out.push_str(&s);
                    rest = &rest[i + 2..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    // Collapse the whitespace HTML does not mean: spaces within lines, runs of blank lines.
    let mut text = String::with_capacity(out.len());
    let mut blank = 0;
    for line in out.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !text.is_empty() {
            text.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        text.push_str(&line);
    }
    text
}

/// Where `needle` (ASCII) first occurs in `haystack`, ignoring ASCII case. Searching in place:
/// a lowercased copy of the rest of the page at every `<script>` made many scripts quadratic.
fn find_ignoring_ascii_case(haystack: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (haystack.as_bytes(), needle.as_bytes());
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn entity(name: &str) -> Option<String> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).map(|c| if c == '\u{a0}' { ' ' } else { c }.to_string());
    }
    let s = match name {
        "amp" => "&",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => " ",
        "lt" => "<",
        "gt" => ">",
        "rsquo" => "’",
        "lsquo" => "‘",
        "ldquo" => "“",
        "rdquo" => "”",
        "mdash" => "—",
        "ndash" => "–",
        "hellip" => "…",
        "laquo" => "«",
        "raquo" => "»",
        "eacute" => "é",
        "uuml" => "ü",
        "ouml" => "ö",
        "auml" => "ä",
        "ccedil" => "ç",
        _ => return None,
    };
    Some(s.to_string())
}

/// One sentence of the report and where it stands in the plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub text: String,
    /// The paragraph: non-empty lines of the plain text counted from 0, headline included.
    pub paragraph: usize,
    /// Char (Unicode scalar) offsets in the plain text, `start` inclusive, `end` exclusive.
    pub start: usize,
    pub end: usize,
    /// The paragraph is one quotation and nothing else: it continues the previous speaker.
    pub quote_only: bool,
    /// The sentence begins inside a quotation opened by an earlier sentence of its paragraph.
    pub opens_quoted: bool,
}

/// Whether a quotation is still open after `s`, given whether one was open before it. Curly
/// marks open and close; a straight double mark toggles.
pub fn quote_open_after(s: &str, mut open: bool) -> bool {
    for c in s.chars() {
        match c {
            '“' => open = true,
            '”' => open = false,
            '"' => open = !open,
            _ => {}
        }
    }
    open
}

/// Turns byte offsets into char offsets moving forward only, so that a whole report costs one
/// pass over its text.
struct CharCursor<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl CharCursor<'_> {
    fn at(&mut self, byte: usize) -> usize {
        debug_assert!(byte >= self.byte);
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

/// The report's sentences in order. A first paragraph without final punctuation is the
/// headline and is left out; a dateline ("ANKARA, Nov 14 (Wire) - ") is cut off its paragraph;
/// bylines ("By Jane Roe", "Reporting by ...; Editing by ...") are left out.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut cursor = CharCursor {
        text,
        byte: 0,
        chars: 0,
    };
    let mut out = Vec::new();
    let mut paragraph = 0;
    let mut line_start = 0;
    let total = text.lines().filter(|l| !l.trim().is_empty()).count();
    for raw_line in text.split('\n') {
        let here = line_start;
        line_start += raw_line.len() + 1;
        let para = raw_line.trim();
        if para.is_empty() {
            continue;
        }
        let i = paragraph;
        paragraph += 1;
        let ends = para.trim_end_matches(['"', '”', '’', '\'', ')']);
        if i == 0 && total > 1 && !ends.ends_with(['.', '!', '?', ':']) {
            continue;
        }
        if is_byline(para) {
            continue;
        }
        let lead = raw_line.len() - raw_line.trim_start().len();
        let body = strip_dateline(para);
        let body_at = here + lead + (para.len() - body.len());
        let quote_only = is_quote_only(body);
        let mut open = false;
        for (a, b) in split_paragraph(body) {
            let start = cursor.at(body_at + a);
            let end = cursor.at(body_at + b);
            let text = &body[a..b];
            out.push(Sentence {
                text: text.to_string(),
                paragraph: i,
                start,
                end,
                quote_only,
                opens_quoted: open,
            });
            open = quote_open_after(text, open);
        }
    }
    out
}

/// "By Jane Roe", "By Jane Roe and Tom Hale", "Reporting by Jane Roe; Editing by Tom Hale".
fn is_byline(para: &str) -> bool {
    let p = para.trim_matches(['(', ')', ' ']);
    let lower = p.to_lowercase();
    if [
        "reporting by",
        "editing by",
        "writing by",
        "additional reporting by",
    ]
    .iter()
    .any(|l| lower.starts_with(l))
    {
        return true;
    }
    let Some(rest) = p.strip_prefix("By ").or_else(|| p.strip_prefix("BY ")) else {
        return false;
    };
    let words: Vec<&str> = rest.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 8
        && !rest.ends_with(['.', '!', '?'])
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || matches!(*w, "and" | "in" | "&" | "|" | "-" | "—")
        })
}

/// A paragraph that opens with a quotation mark and closes with one, with no attribution
/// outside the quotes.
fn is_quote_only(para: &str) -> bool {
    let p = para.trim();
    let Some(first) = p.chars().next() else {
        return false;
    };
    if !matches!(first, '"' | '“') {
        return false;
    }
    let inner = &p[first.len_utf8()..];
    // The closing mark is the last quotation mark of the paragraph, and nothing but final
    // punctuation follows it.
    let Some(close) = inner.rfind(['"', '”']) else {
        return false;
    };
    let after = inner[close..].chars().skip(1).collect::<String>();
    if !after.trim().trim_matches(['.', ',']).is_empty() {
        return false;
    }
    // No quotation mark in between closes and reopens around narration ("..." he said. "...").
    let body = &inner[..close];
    body.chars()
        .filter(|&c| c == '"' || c == '”' || c == '“')
        .count()
        == 0
}

fn strip_dateline(para: &str) -> &str {
    for dash in [" - ", " — ", " – ", " -- "] {
        let Some(i) = para.find(dash) else { continue };
        if i > 60 {
            continue;
        }
        let prefix = &para[..i];
        // The place is in capitals ("EAGLE"); a state or country abbreviation may follow it
        // ("Colo.", "Calif."), then the date and the outlet.
        let city_in_capitals = prefix
            .split(|c: char| c.is_whitespace() || c == ',')
            .find(|w| !w.is_empty())
            .is_some_and(|w| {
                w.chars().any(char::is_alphabetic)
                    && w.chars()
                        .filter(|c| c.is_alphabetic())
                        .all(char::is_uppercase)
            });
        let ok = prefix
            .split(|c: char| c.is_whitespace() || c == ',')
            .all(|w| {
                let abbreviation = city_in_capitals
                    && w.ends_with('.')
                    && w.chars().count() <= 7
                    && w.chars().next().is_some_and(char::is_uppercase);
                // "(Wire)", "(Reuters)": the credit in brackets.
                let credit = w.starts_with('(') && w.ends_with(')') && w.len() > 2;
                let w = w.trim_matches(|c: char| c == '(' || c == ')' || c == '.');
                abbreviation
                    || credit
                    || w.is_empty()
                    || w.chars().all(|c| c.is_ascii_digit())
                    || (w.chars().any(char::is_alphabetic)
                        && w.chars()
                            .filter(|c| c.is_alphabetic())
                            .all(char::is_uppercase))
                    || rules::MONTHS.contains(&w.to_lowercase().as_str())
                    || rules::is_outlet_name(w)
            });
        if ok && prefix.chars().any(char::is_alphabetic) {
            return &para[i + dash.len()..];
        }
    }
    para
}

/// The sentences of a paragraph as byte ranges of it, without surrounding whitespace.
fn split_paragraph(para: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = para.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_quote = false;
    let mut k = 0;
    while k < chars.len() {
        let (_, c) = chars[k];
        match c {
            '“' => in_quote = true,
            '”' => in_quote = false,
            '"' => in_quote = !in_quote,
            _ => {}
        }
        if matches!(c, '.' | '!' | '?') {
            // Closing quotes and brackets belong to the sentence they end.
            let mut e = k + 1;
            while e < chars.len() && matches!(chars[e].1, '"' | '”' | '’' | ')' | '\'') {
                if matches!(chars[e].1, '"' | '”') {
                    in_quote = false;
                }
                e += 1;
            }
            let next_is_space = e < chars.len() && chars[e].1.is_whitespace();
            let mut n = e;
            while n < chars.len() && chars[n].1.is_whitespace() {
                n += 1;
            }
            let next_starts = n < chars.len()
                && (chars[n].1.is_uppercase()
                    || chars[n].1.is_ascii_digit()
                    || matches!(chars[n].1, '"' | '“' | '‘' | '\''));
            let closed_quote = e > k + 1;
            if next_is_space
                && next_starts
                && (!in_quote || closed_quote)
                && !(c == '.' && is_abbreviation(para, chars[k].0))
            {
                let end = if e < chars.len() {
                    chars[e].0
                } else {
                    para.len()
                };
                push_trimmed(&mut out, para, start, end);
                start = end;
                in_quote = false;
            }
            k = e;
            continue;
        }
        k += 1;
    }
    push_trimmed(&mut out, para, start, para.len());
    out
}

/// Adds `para[start..end]` without its surrounding whitespace, unless nothing is left.
fn push_trimmed(out: &mut Vec<(usize, usize)>, para: &str, start: usize, end: usize) {
    let s = &para[start..end];
    let a = start + (s.len() - s.trim_start().len());
    let b = end - (s.len() - s.trim_end().len());
    if a < b {
        out.push((a, b));
    }
}

/// Whether the period at byte `dot` ends an abbreviation rather than a sentence.
fn is_abbreviation(para: &str, dot: usize) -> bool {
    let before = &para[..dot];
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .map(|i| i + before[i..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    // Initials and dotted abbreviations: "J.", "U.S", "a.m".
    if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return true;
    }
    if word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2) {
        return true;
    }
    rules::ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// A word or a punctuation mark of a sentence, with its byte span.
#[derive(Debug, Clone)]
pub struct Tok {
    pub text: String,
    pub lower: String,
    pub start: usize,
    pub end: usize,
    pub word: bool,
    /// The token stands inside quotation marks (the marks themselves are not quoted).
    pub quoted: bool,
}

impl Tok {
    pub fn is_cap(&self) -> bool {
        self.word && self.text.chars().next().is_some_and(char::is_uppercase)
    }
    pub fn is(&self, w: &str) -> bool {
        self.lower == w
    }
}

/// Words keep their inner periods, apostrophes and hyphens ("U.S.", "Iran's", "flight-tracking").
#[cfg(test)]
pub fn tokenize(s: &str) -> Vec<Tok> {
    tokenize_quoted(s, false)
}

/// `tokenize`, each token knowing whether it stands inside a quotation; `open` says whether the
/// sentence begins inside one.
pub fn tokenize_quoted(s: &str, open: bool) -> Vec<Tok> {
    let mut toks = tokenize_plain(s);
    let mut open = open;
    for t in &mut toks {
        if t.word {
            t.quoted = open;
        } else {
            open = quote_open_after(&t.text, open);
        }
    }
    toks
}

fn tokenize_plain(s: &str) -> Vec<Tok> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut toks = Vec::new();
    let mut k = 0;
    let is_word = |c: char| c.is_alphanumeric();
    while k < chars.len() {
        let (i, c) = chars[k];
        if c.is_whitespace() {
            k += 1;
            continue;
        }
        if is_word(c) || (c == '$' && k + 1 < chars.len() && chars[k + 1].1.is_ascii_digit()) {
            let mut e = k + 1;
            while e < chars.len() {
                let ch = chars[e].1;
                let joins = matches!(ch, '\'' | '’' | '-' | '.' | '&' | ',' | '/' | '%')
                    && e + 1 < chars.len()
                    && is_word(chars[e + 1].1)
                    && (ch != ',' || chars[e - 1].1.is_ascii_digit());
                if is_word(ch) || joins || ch == '%' {
                    e += 1;
                } else {
                    break;
                }
            }
            // A trailing period stays with "U.S." and "a.m." kinds of words.
            if e < chars.len() && chars[e].1 == '.' {
                let text: String = chars[k..e].iter().map(|&(_, c)| c).collect();
                let dotted = text.contains('.') && text.split('.').all(|p| p.chars().count() <= 2);
                if dotted || rules::ABBREVIATIONS.contains(&text.to_lowercase().as_str()) {
                    e += 1;
                }
            }
            let end = if e < chars.len() { chars[e].0 } else { s.len() };
            let text = s[i..end].to_string();
            toks.push(Tok {
                lower: text.to_lowercase().replace('’', "'"),
                text,
                start: i,
                end,
                word: true,
                quoted: false,
            });
            k = e;
        } else {
            let end = i + c.len_utf8();
            toks.push(Tok {
                text: c.to_string(),
                lower: c.to_string(),
                start: i,
                end,
                word: false,
                quoted: false,
            });
            k += 1;
        }
    }
    toks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str, s: &Sentence) -> String {
        text.chars().skip(s.start).take(s.end - s.start).collect()
    }

    #[test]
    fn sentences_know_their_paragraph_and_char_offsets() {
        let text = "Mayor denies ferry plan\n\nBy Jana Ostrova\n\nKELDRIN, May 4 (Wire) - Mayor Zoë Brandt said the ferry stays. She spoke briefly.\n\nThe council declined to comment.";
        let s = sentences(text);
        let got: Vec<(&str, usize)> = s.iter().map(|s| (s.text.as_str(), s.paragraph)).collect();
        assert_eq!(
            got,
            [
                ("Mayor Zoë Brandt said the ferry stays.", 2),
                ("She spoke briefly.", 2),
                ("The council declined to comment.", 3),
            ]
        );
        for x in &s {
            assert_eq!(chars(text, x), x.text, "{x:?}");
        }
    }

    #[test]
    fn datelines_with_a_state_and_a_credit_are_cut_off() {
        for line in [
            "ASHFORD, Colo., Aug 22 - The board said it would meet.",
            "ASHFORD, March 3 (Wire) - The board said it would meet.",
            "ASHFORD — The board said it would meet.",
        ] {
            let s = sentences(&format!("Headline\n\n{line}"));
            assert_eq!(s[0].text, "The board said it would meet.", "{line}");
        }
        // A sentence that merely has a dash in it keeps its words.
        let s = sentences("Headline\n\nThe board - all nine members - said it would meet.");
        assert!(s[0].text.starts_with("The board - all"), "{:?}", s[0]);
    }

    #[test]
    fn bylines_are_not_sentences() {
        let s = sentences(
            "Headline\n\nBy Ana Pell and Rui Mato\n\nThe port said so.\n\n(Reporting by Ana Pell; Editing by Rui Mato)",
        );
        let texts: Vec<&str> = s.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["The port said so."]);
    }

    #[test]
    fn quotes_are_tracked_and_quote_only_paragraphs_found() {
        let text = "Headline\n\nThe chief said: \"We are ready. Nobody will stop us.\" He left.\n\n\"We never asked for this.\"";
        let s = sentences(text);
        let texts: Vec<&str> = s.iter().map(|s| s.text.as_str()).collect();
        // A quotation is not split into sentences; the narration after it is.
        assert_eq!(
            texts,
            [
                "The chief said: \"We are ready. Nobody will stop us.\"",
                "He left.",
                "\"We never asked for this.\""
            ]
        );
        assert!(!s[0].quote_only && !s[1].quote_only);
        assert!(s[2].quote_only, "{:?}", s[2]);
        let toks = tokenize_quoted(&s[0].text, s[0].opens_quoted);
        assert!(toks.iter().find(|t| t.is("nobody")).unwrap().quoted);
        assert!(!toks.iter().find(|t| t.is("chief")).unwrap().quoted);
        // A sentence that starts inside a quotation opened before it.
        let toks = tokenize_quoted("Nobody will stop us,\" he said.", true);
        assert!(toks.iter().find(|t| t.is("nobody")).unwrap().quoted);
        assert!(!toks.iter().find(|t| t.is("he")).unwrap().quoted);
        // Curly quotes open and close; a quote-only paragraph may be curly too.
        assert!(!is_quote_only("“It is over,” he said."));
        assert!(is_quote_only("“It is over.”"));
    }
}

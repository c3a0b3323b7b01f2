//! The claim and the quote of a statement, cut from its reported content.

use super::lexicon as rules;

/// Cleans reported content into a claim: no leading "that", quotes or commas.
pub(super) fn clean_claim(s: &str) -> String {
    let mut c = s.trim().trim_matches(|ch: char| {
        matches!(
            ch,
            ',' | ';' | ':' | '"' | '“' | '”' | ' ' | '.' | '-' | '—'
        )
    });
    for lead in ["on ", "that ", "which ", "and ", "but "] {
        if lead == "on " {
            // "said on Thursday that ..."
            let day = c.strip_prefix(lead).and_then(|r| {
                let w = r.split_whitespace().next()?;
                let w = w.trim_end_matches(',');
                rules::TIME_WORDS
                    .contains(&w.to_lowercase().as_str())
                    .then(|| r[w.len()..].trim_start_matches(',').trim_start())
            });
            if let Some(r) = day {
                c = r;
            }
            continue;
        }
        if let Some(r) = c.strip_prefix(lead) {
            c = r;
        }
    }
    let c = c.trim();
    let mut out: String = c.to_string();
    if let Some(f) = out.chars().next() {
        out = f.to_uppercase().collect::<String>() + &out[f.len_utf8()..];
    }
    out
}

pub(super) fn quote_in(s: &str) -> Option<String> {
    let open = s.find(['"', '“'])?;
    let rest = &s[open + s[open..].chars().next().map_or(1, char::len_utf8)..];
    let close = rest.find(['"', '”'])?;
    let q = rest[..close]
        .trim()
        .trim_end_matches([',', '.'])
        .trim()
        .to_string();
    (!q.is_empty()).then_some(q)
}

//! What search and near-duplicate detection mean for people: how typed words become an FTS5
//! query, and how alike two claims read.

use serde::Serialize;

use super::{ClaimId, Status};

/// One claim found by `search`.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    pub claim: ClaimId,
    pub text: String,
    pub status: Status,
    /// bm25 relevance, higher is better.
    pub score: f64,
    /// The best matching passage, matching words between `store::MARK_START` and `MARK_END`.
    #[serde(skip)]
    pub marked: String,
}

/// A claim that reads like another.
#[derive(Debug, Clone, Serialize)]
pub struct Similar {
    pub id: ClaimId,
    pub text: String,
    /// 0 (nothing alike) to 1 (the same words).
    pub score: f64,
}

/// What a passage shows between pieces of two different quotes or notes.
pub const PIECES_APART: &str = " … ";

/// A passage cut from a search document, where each quote and each note is a line of its own,
/// as one line: the pieces of different lines are kept apart by [`PIECES_APART`], so that two
/// quotes never read as one sentence.
pub fn one_line_passage(snippet: &str) -> String {
    snippet
        .split('\n')
        .map(str::trim)
        .filter(|piece| !piece.is_empty())
        .collect::<Vec<_>>()
        .join(PIECES_APART)
}

/// How alike two claims must read for `add` to warn.
pub const NEAR_DUPLICATE: f64 = 0.7;

/// The words a user typed as an FTS5 query: every word must match (a phrase each, so that
/// punctuation and FTS5 operators are taken literally), and `word*` matches words starting so.
/// `None` when there is no word.
pub fn search_query(typed: &str) -> Option<String> {
    let terms: Vec<String> = typed
        .split_whitespace()
        .filter_map(|word| {
            let (word, prefix) = match word.strip_suffix('*') {
                Some(stem) => (stem, true),
                None => (word, false),
            };
            word.chars().any(char::is_alphanumeric).then(|| {
                format!(
                    "\"{}\"{}",
                    word.replace('"', "\"\""),
                    if prefix { "*" } else { "" }
                )
            })
        })
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// Words too common to say two claims are alike.
const COMMON: &[&str] = &[
    "the", "and", "for", "was", "were", "with", "from", "that", "this", "has", "have", "had",
    "not", "but", "are", "its", "his", "her", "their", "they", "who", "which", "will", "would",
    "been", "into", "over", "after", "about", "than", "said", "says",
];

/// The distinct words of a text as compared: lowercased runs of letters and digits.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// The words of `text` that can tell a near-duplicate: three letters or more (as trigrams
/// need) and not among the commonest; distinct, longest first, twelve at most.
pub fn telling_words(text: &str) -> Vec<String> {
    let mut telling: Vec<String> = words(text)
        .filter(|w| w.chars().count() >= 3 && !COMMON.contains(&w.as_str()))
        .collect();
    telling.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    telling.dedup();
    telling.truncate(12);
    telling
}

/// One word as an FTS5 phrase, so that it is matched literally.
pub fn phrase(word: &str) -> String {
    format!("\"{}\"", word.replace('"', "\"\""))
}

/// How alike two claims read, 0 to 1: the Sørensen–Dice coefficient of their letter pairs,
/// once case and punctuation are set aside, so that reordered and lightly reworded sentences
/// score high.
pub fn similarity(a: &str, b: &str) -> f64 {
    let plain = |t: &str| words(t).collect::<Vec<_>>().join(" ");
    let score = strsim::sorensen_dice(&plain(a), &plain(b));
    (score * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_words_are_taken_literally() {
        assert_eq!(search_query("Ankara talk*").unwrap(), r#""Ankara" "talk"*"#);
        assert_eq!(
            search_query(r#"say "no" OR -x"#).unwrap(),
            r#""say" """no""" "OR" "-x""#
        );
        assert_eq!(search_query("  ?! * "), None);
    }

    #[test]
    fn pieces_of_two_quotes_are_kept_apart() {
        assert_eq!(
            one_line_passage("…end of one quote\nStart of the next…"),
            "…end of one quote … Start of the next…"
        );
        assert_eq!(one_line_passage("one line\n\n"), "one line");
    }

    #[test]
    fn telling_words_are_long_distinct_and_uncommon() {
        assert_eq!(
            telling_words("The talks in Ankara, and the talks"),
            ["ankara", "talks"]
        );
        assert!(telling_words("it is on the").is_empty());
        assert_eq!(phrase("a\"b"), r#""a""b""#);
    }

    #[test]
    fn reworded_claims_read_alike_and_unrelated_ones_do_not() {
        let a = "Officials from two capitals held secret talks in Ankara on Monday";
        let b = "On Monday, officials of two capitals held secret talks in Ankara";
        let c = "A cargo ship ran aground off the coast of Izmir";
        assert!(similarity(a, b) >= NEAR_DUPLICATE, "{}", similarity(a, b));
        assert!(similarity(a, c) < 0.5, "{}", similarity(a, c));
        assert_eq!(similarity(a, a), 1.0);
    }
}

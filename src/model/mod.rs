//! The domain rules of DOMAIN.md in plain Rust: stances, the derived status and summary, source
//! kinds and names, and the dates users type. No SQL and no formatting of tables live here.

mod evidence;
mod record;
mod search;
mod source;
mod stance;
mod status;
mod time;
mod verdict;

pub use evidence::{
    Assessment, Credibility, Evidence, Origin, SourceName, assess, origins, origins_among,
};
pub use record::{
    ClaimDetail, ClaimRow, Event, SourceDetail, SourceRecord, SourceStatement, StatementAdded,
    StatementDetail, Verdict,
};
pub use search::{NEAR_DUPLICATE, SearchHit, Similar, search_query, similarity, similarity_query};
pub use source::{Reliability, SourceKind, matches_word_prefix, name_key};
pub use stance::Stance;
pub use status::{Status, SummaryEntry, derive_status, summarize, track_record};
pub use time::{Timestamp, format_timestamp, parse_as_of, parse_date, parse_when};
pub use verdict::Rating;

/// A claim number as a user types it: `3` or `#3`.
pub fn parse_claim_number(text: &str) -> crate::Result<i64> {
    let digits = text.trim().strip_prefix('#').unwrap_or(text.trim());
    match digits.parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        Ok(n) => Err(crate::Error::ClaimNotFound(n)),
        Err(_) => Err(crate::Error::InvalidClaimNumber(text.to_string())),
    }
}

/// Tags are compared as people read them: trimmed and lowercased.
pub fn normalize_tag(tag: &str) -> crate::Result<String> {
    let tag = tag.trim().to_lowercase();
    if tag.is_empty() {
        return Err(crate::Error::Empty("a tag"));
    }
    Ok(tag)
}

/// Free text that must say something (a claim's text, a source's name). SQLite reads text
/// only up to a NUL, so text that starts with one says nothing there: a sheet or an export
/// (where a NUL can hide) is told so rather than failing on the database's CHECK.
pub fn required_text(text: &str, what: &'static str) -> crate::Result<String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(crate::Error::Empty(what));
    }
    if text.starts_with('\0') {
        return Err(crate::Error::Invalid(format!(
            "{what} must not start with a NUL character"
        )));
    }
    Ok(text.to_string())
}

/// A name as stored: trimmed, with runs of whitespace made one space. A name must be findable:
/// no control characters (SQLite would cut it at a NUL), and nothing that reads as a source
/// number (`#7`).
pub fn clean_name(name: &str, what: &'static str) -> crate::Result<String> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(crate::Error::Empty(what));
    }
    if name.chars().any(char::is_control) {
        return Err(crate::Error::Invalid(format!(
            "{what} must not contain control characters"
        )));
    }
    if let Some(number) = name.strip_prefix('#')
        && number.trim().parse::<i64>().is_ok()
    {
        return Err(crate::Error::Invalid(format!(
            "'{name}' reads as a source number, so it cannot be {what}"
        )));
    }
    Ok(name)
}

/// Optional free text: blank means absent.
pub fn optional_text(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claim_numbers() {
        assert_eq!(parse_claim_number("3").unwrap(), 3);
        assert_eq!(parse_claim_number("#12").unwrap(), 12);
        assert!(matches!(
            parse_claim_number("0"),
            Err(crate::Error::ClaimNotFound(0))
        ));
        assert!(matches!(
            parse_claim_number("-1"),
            Err(crate::Error::ClaimNotFound(-1))
        ));
        assert!(matches!(
            parse_claim_number("9223372036854775808"),
            Err(crate::Error::InvalidClaimNumber(_))
        ));
        assert!(parse_claim_number("abc").is_err());
    }

    #[test]
    fn tags_are_trimmed_and_lowercased() {
        assert_eq!(normalize_tag("  Ankara-Talks ").unwrap(), "ankara-talks");
        assert!(normalize_tag("   ").is_err());
    }
}

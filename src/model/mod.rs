//! The domain rules of docs/rules.md in plain Rust: stances, the derived status and summary, source
//! kinds and names, and the dates users type. No SQL and no formatting of tables live here.

mod database;
pub mod event;
mod evidence;
mod ids;
mod ingest;
mod notice;
mod order;
mod record;
mod report;
mod search;
mod source;
mod stance;
mod status;
mod sync;
mod time;
mod verdict;

pub use database::{ChosenBy, DatabaseContents, DatabaseInUse};
pub use evidence::{
    Assessment, Credibility, Evidence, Origin, SourceName, assess, origins, origins_among,
};
pub use ids::{ClaimId, SourceId, StatementId};
pub use ingest::{ClaimRef, Ingested, IngestedStatement, Previewed};
pub use notice::Notice;
pub use order::{ClaimOrder, STATUS_ORDER, status_rank};
pub use record::{
    BackupMade, ClaimDetail, ClaimRow, Event, Removal, Restored, SourceDetail, SourceRecord,
    SourceStatement, StatementAdded, StatementDetail, Verdict,
};
pub use report::{
    Difference, Imported, MARK_END, MARK_START, RebuildCheck, Redone, Searched, Undoable, Undone,
};
pub use search::{
    NEAR_DUPLICATE, PIECES_APART, SearchHit, Similar, one_line_passage, phrase, search_query,
    similarity, telling_words,
};
pub use source::{
    Reliability, SourceKind, WrittenAs, matches_whole_words, matches_word_prefix, name_key,
    name_skeleton, new_source_kind,
};
pub use stance::Stance;
pub use status::{
    Status, SummaryEntry, counts_as_of, derive_status, retracted_by, said_by, summarize,
    track_record,
};
pub use sync::{
    ConcurrentEdit, ConcurrentOutcome, IncomingEvent, ItemRef, MergeKey, OutgoingEvent,
    PulledBatch, Synced, drop_field, edited_fields, edited_number, merges_standing,
    parse_auto_sync, parse_claim_ref, uuid_prefix,
};
pub use time::{
    Shown, Stamp, Timestamp, Typed, format_timestamp, is_far_future, parse_as_of, parse_date,
    parse_when,
};
pub use verdict::Rating;

/// A claim number as a user types it: `3` or `#3`.
pub fn parse_claim_number(text: &str) -> crate::Result<ClaimId> {
    let digits = text.trim().strip_prefix('#').unwrap_or(text.trim());
    match digits.parse::<i64>() {
        Ok(n) if n > 0 => Ok(ClaimId(n)),
        Ok(n) => Err(crate::Error::ClaimNotFound(ClaimId(n))),
        Err(_) => Err(crate::Error::InvalidClaimNumber(text.to_string())),
    }
}

/// Tags are compared as people read them: trimmed and lowercased.
pub fn normalize_tag(tag: &str) -> crate::Result<String> {
    let tag = tag.trim().to_lowercase();
    if blank(&tag) {
        return Err(crate::Error::Empty("a tag"));
    }
    Ok(tag)
}

/// Free text that must say something (a claim's text, a source's name): trimmed, and holding
/// at least one character that shows. Invisible format characters (zero-width spaces and
/// joiners, direction marks, the soft hyphen) are kept where they sit among words, as
/// Arabic, Hebrew and emoji need them, but cannot be the whole text. SQLite reads text only up
/// to a NUL, so text that starts with one says nothing there: a sheet or an export (where a
/// NUL can hide) is told so rather than failing on the database's CHECK.
pub fn required_text(text: &str, what: &'static str) -> crate::Result<String> {
    let text = text.trim();
    if blank(text) {
        return Err(crate::Error::Empty(what));
    }
    if text.starts_with('\0') {
        return Err(crate::Error::Invalid(format!(
            "{what} must not start with a NUL character"
        )));
    }
    Ok(text.to_string())
}

/// Whether a text shows nothing: only whitespace and invisible format characters.
pub fn blank(text: &str) -> bool {
    !text.chars().any(|c| !c.is_whitespace() && !invisible(c))
}

/// Characters that take no room when shown (Unicode's common format characters).
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}')
}

/// A name as stored: trimmed, with runs of whitespace made one space. A name must be findable:
/// no control characters (SQLite would cut it at a NUL), and nothing that reads as a source
/// number (`#7`).
pub fn clean_name(name: &str, what: &'static str) -> crate::Result<String> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if blank(&name) {
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

/// The most one text may hold, in bytes of UTF-8: a claim, a quote, a note, a name, a URL, one
/// cell of a sheet, one argument on the command line. A text past it is refused with where it
/// is, before it is loaded: one 200 MB cell of a sheet must not take gigabytes to read. A
/// megabyte is far more than any claim or quote needs (a long article is 50 KB).
pub const MAX_TEXT_BYTES: usize = 1 << 20;

/// The limit as people read it.
pub const MAX_TEXT_WORDS: &str = "1 MiB";

/// Refuses a text longer than `MAX_TEXT_BYTES`, naming it.
pub fn within_limit(bytes: usize, what: &str) -> crate::Result<()> {
    if bytes > MAX_TEXT_BYTES {
        return Err(crate::Error::Invalid(format!(
            "{what} is longer than {MAX_TEXT_WORDS} ({bytes} bytes); keep the long text elsewhere \
             and give its address with --url"
        )));
    }
    Ok(())
}

/// Optional free text: blank means absent.
pub fn optional_text(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !blank(t))
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
            Err(crate::Error::ClaimNotFound(ClaimId(0)))
        ));
        assert!(matches!(
            parse_claim_number("-1"),
            Err(crate::Error::ClaimNotFound(ClaimId(-1)))
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
        assert!(normalize_tag("\u{200B}").is_err());
    }

    #[test]
    fn a_text_over_the_limit_is_refused() {
        assert!(within_limit(MAX_TEXT_BYTES, "the quote").is_ok());
        let refused = within_limit(MAX_TEXT_BYTES + 1, "the quote").unwrap_err();
        assert_eq!(
            refused.to_string(),
            "the quote is longer than 1 MiB (1048577 bytes); keep the long text elsewhere and \
             give its address with --url"
        );
    }

    #[test]
    fn text_made_only_of_invisible_characters_is_empty() {
        for blank in [
            "\u{200B}\u{200D}",
            " \u{FEFF} \u{2060} ",
            "\u{200F}\u{00AD}",
        ] {
            assert!(required_text(blank, "a claim").is_err(), "{blank:?}");
            assert!(clean_name(blank, "a name").is_err(), "{blank:?}");
        }
        // Among words they stay where they are: a right-to-left mark ends this Hebrew text.
        let hebrew = "\u{05E9}\u{05DC}\u{05D5}\u{05DD}\u{200F}";
        assert_eq!(required_text(hebrew, "a claim").unwrap(), hebrew);
        assert_eq!(clean_name("Zo\u{00AD}ë", "a name").unwrap(), "Zo\u{00AD}ë");
    }
}

//! Finding the attributed statements in a news report: who said what, through whom, with which
//! stance. Rules and word lists only (rules.rs), no network and no model weights: it works
//! offline on a laptop. `claims ingest` proposes what this finds; the user accepts it.

pub mod dateline;
mod extract;
pub mod link;
mod rules;
mod text;

use serde::Serialize;

use crate::model::{SourceKind, Stance};

/// One attributed statement found in a report. The JSON of `claims ingest --format json` is
/// exactly these fields, in this order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Proposal {
    /// A named person or body, an outlet, data or a document, or an anonymous descriptor
    /// ("unnamed source", "a U.S. official").
    pub speaker: String,
    /// The outlet or platform it came through ("Associated Press"), if the report says.
    pub via: Option<String>,
    /// Whether the report gives no name for the speaker.
    pub anonymous: bool,
    pub stance: Stance,
    /// The quoted words, if there are any.
    pub quote: Option<String>,
    /// The claim it is about, in one sentence.
    pub claim: String,
    /// The report's sentence it came from: the first of `sentences`.
    pub sentence: String,
    /// Every sentence of the report the statement draws on, in order, with where it stands.
    pub sentences: Vec<Span>,
}

/// A sentence of the report and where it stands: its paragraph (counting from 0, the
/// headline included) and its character offsets in the plain text (`start` inclusive, `end`
/// exclusive, counted in Unicode scalar values, after HTML is stripped).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    pub text: String,
    pub paragraph: usize,
    pub start: usize,
    pub end: usize,
}

/// The largest report `ingest` reads: 8 MiB. A long wire story is some tens of kilobytes and a
/// whole newspaper's day of text a few megabytes; anything larger is not one report (a dump, a
/// log, a mistaken file), and is refused before it is read whole.
pub const MAX_REPORT_BYTES: u64 = 8 * 1024 * 1024;

/// Plain text from a report that may be HTML: tags stripped, entities decoded.
pub fn plain_text(report: &str) -> String {
    text::plain_text(report)
}

/// Every attributed statement in the report, in order of appearance. The report is read in
/// Unicode normalisation form C: a name typed with combining accents ("Jose\u{301}") is one
/// word, as its precomposed twin is, so what is proposed is in that form too.
pub fn extract(report: &str) -> Vec<Proposal> {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    let report = if is_nfc_quick(report.chars()) == IsNormalized::Yes {
        std::borrow::Cow::Borrowed(report)
    } else {
        std::borrow::Cow::Owned(report.nfc().collect::<String>())
    };
    let mut proposals = extract::extract(&report);
    locate(&plain_text(&report), &mut proposals);
    proposals
}

/// Fills each proposal's `sentences` with its sentence and where it stands in `text`, found by
/// searching forward from the previous proposal's sentence.
fn locate(text: &str, proposals: &mut [Proposal]) {
    let mut from = 0;
    for p in proposals.iter_mut() {
        let found = text[from..]
            .find(p.sentence.as_str())
            .map(|i| from + i)
            .or_else(|| text.find(p.sentence.as_str()));
        let Some(at) = found else {
            p.sentences = Vec::new();
            continue;
        };
        from = at;
        // The paragraph is the non-empty line the sentence starts on, counted from 0.
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let paragraph = text[..line_start]
            .lines()
            .filter(|l| !l.trim().is_empty())
            .count();
        let start = text[..at].chars().count();
        let end = start + p.sentence.chars().count();
        p.sentences = vec![Span {
            text: p.sentence.clone(),
            paragraph,
            start,
            end,
        }];
    }
}

/// The kind to give a speaker new to the database (`model::new_source_kind`): whether it also
/// carries others' words in this report decides between outlet and the rest.
pub fn speaker_kind(speaker: &str, proposals: &[Proposal]) -> SourceKind {
    let key = crate::model::name_key(speaker);
    let carries_others = proposals.iter().any(|p| {
        p.via
            .as_deref()
            .is_some_and(|via| crate::model::name_key(via) == key)
    });
    crate::model::new_source_kind(
        speaker,
        crate::model::WrittenAs::Reported { carries_others },
    )
}

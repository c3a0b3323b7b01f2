//! Finding the attributed statements in a news report: who said what, through whom, with which
//! stance. Rules and word lists only (rules.rs), no network and no model weights: it works
//! offline on a laptop. `claims ingest` proposes what this finds; the user accepts it.

mod claim;
mod coref;
mod cues;
mod extract;
mod frames;
mod grammar;
mod group;
mod lexicon;
mod text;
mod via;

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
    /// The content the statement is about, in one sentence, with datelines and bylines left
    /// out. Empty ("") when the sentence gives no content of its own: a bare "declined to
    /// comment", "denied it", "could not confirm the report" (never for `asserts`). Such a
    /// statement answers a claim made elsewhere, and `ingest` links it to that claim.
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
    extract::extract(&report)
}

/// The kind to give a speaker new to the database: a speaker that also carries others' words is an outlet;
/// data and documents say so in their names; anyone else is a person until edited.
pub fn speaker_kind(speaker: &str, proposals: &[Proposal]) -> SourceKind {
    let key = crate::model::name_key(speaker);
    let carries = proposals.iter().any(|p| {
        p.via
            .as_deref()
            .is_some_and(|via| crate::model::name_key(via) == key)
    });
    if carries {
        SourceKind::Outlet
    } else if key.ends_with(" data") || key == "data" {
        SourceKind::Data
    } else {
        SourceKind::Person
    }
}

//! Finding the attributed statements in a news report: who said what, through whom, with which
//! stance. Rules and word lists only, no network and no model weights: it works offline on a
//! laptop. `claims ingest` proposes what this finds; the user accepts it.
//!
//! One module per job, in the order a report goes through them:
//! - `text`: HTML stripped, paragraphs, datelines and bylines left out, sentences with their
//!   paragraph and char offsets, tokens that know whether they stand inside a quotation;
//! - `lexicon`: the word lists (reporting cues keyed by stance, titles, outlets, inserts...);
//! - `cues`: the lexicon's cues found in a sentence, and the readings that are not attribution;
//! - `grammar`: subjects read leftwards over inserts and appositions, speakers after a cue;
//! - `frames`: for each cue, where its speaker and its content are, and which statements stand;
//! - `coref`: which speaker a phrase names (names, surnames, titles, "the company", pronouns,
//!   pairs, anonymous groups);
//! - `via`: the outlet or platform a statement came through;
//! - `claim`: the claim and quote of a statement, empty for a bare refusal;
//! - `group`: one speaker's lines folded into statements, by stance and by what they are about;
//! - `extract`: the pipeline and its state.

mod claim;
mod coref;
mod cues;
pub mod dateline;
mod extract;
mod frames;
mod grammar;
mod group;
mod lexicon;
pub mod link;
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

//! The extractor's pipeline and state: sentences from the text layer, frames read in each,
//! speakers resolved by coreference, channels found, then statements grouped.

use std::collections::HashMap;

use super::coref::Speaker;
use super::text;
use super::via::Via;
use super::{Proposal, Span};
use crate::model::Stance;

#[derive(Debug, Clone)]
pub(super) struct Raw {
    pub(super) speaker: usize,
    pub(super) via: Via,
    pub(super) stance: Stance,
    pub(super) quote: Option<String>,
    pub(super) claim: String,
    pub(super) sentence: String,
    /// Every sentence the statement draws on, in order; the first is `sentence`.
    pub(super) spans: Vec<Span>,
    pub(super) si: usize,
    pub(super) adding: bool,
    /// Already took in the speaker's next line (a confirmation's supporting quote).
    pub(super) absorbed: bool,
}

/// One statement of one sentence while the sentence is being read.
#[derive(Debug, Clone)]
pub(super) struct Local {
    pub(super) speakers: Vec<usize>,
    pub(super) cue: usize,
    pub(super) stance: Stance,
    /// Token range of the reported content.
    pub(super) content: (usize, usize),
    /// Token range of the speaker phrase, if it was written out.
    pub(super) np: Option<(usize, usize)>,
    pub(super) via: Via,
    /// The content comes before the attribution ("..., X said").
    pub(super) trailing: bool,
    pub(super) dropped: bool,
    pub(super) verb: String,
}

/// What has been read so far. The indexes (`by_name`, `by_name_word`, `by_word`, `said_at`)
/// answer "which speaker is this?" without a pass over every speaker and every statement seen
/// so far: a report names a new anonymous speaker in most paragraphs, and those passes made
/// `ingest` quadratic in the length of its input (issue 16).
#[derive(Default)]
pub(super) struct State {
    pub(super) speakers: Vec<Speaker>,
    /// ASCII-lowercased name → the first speaker with that name.
    pub(super) by_name: HashMap<String, usize>,
    /// Lowercased word of a named (not anonymous) speaker's name → those speakers, in order.
    pub(super) by_name_word: HashMap<String, Vec<usize>>,
    /// Word of a speaker's `words` → those speakers, in order.
    pub(super) by_word: HashMap<String, Vec<usize>>,
    /// For each speaker, the position in `out` of its last statement.
    pub(super) said_at: Vec<Option<usize>>,
    pub(super) out: Vec<Raw>,
    pub(super) last: Option<usize>,
    pub(super) pair: Option<(usize, usize)>,
    /// The company a sentence opened with ("Microsoft Corp is in talks ..."), kept for the
    /// sentence after it only: the antecedent of a following "the company".
    pub(super) topic: Option<String>,
}

pub fn extract(report: &str) -> Vec<Proposal> {
    let text = super::plain_text(report);
    let mut st = State::default();
    for (si, s) in text::sentences(&text).iter().enumerate() {
        st.sentence(si, s);
    }
    st.finish()
}

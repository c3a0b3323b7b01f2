//! What `ingest` proposes and what `ingest --apply` logged, as the output shows them.

use serde::Serialize;

use super::{ClaimId, Stamp, Stance, StatementId};
use crate::ingest::Proposal;

/// The claim a proposed statement goes to on `--apply`. In JSON, `{"new": 2}` is a new claim
/// made from the claim text of statement 2 (counting from 0 in the preview's `statements`; the
/// statement that makes it and every statement answering it carry the same number), and
/// `{"claim": 12}` is claim #12, already in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimRef {
    New(usize),
    Claim(ClaimId),
}

/// One proposal of the preview: the proposal's own fields, then where it goes and when it is
/// dated.
#[derive(Debug, Clone, Serialize)]
pub struct Previewed<'a> {
    #[serde(flatten)]
    pub proposal: &'a Proposal,
    pub claim_ref: ClaimRef,
    /// The date the statement is logged with (RFC 3339, UTC): `--at`, else the dateline's
    /// date or a weekday the sentence names counted from it; null for the time of logging.
    pub stated_at: Option<Stamp>,
}

/// What `ingest --apply` logged.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Ingested {
    /// The claims it made, by number.
    pub claims: Vec<ClaimId>,
    pub statements: Vec<IngestedStatement>,
    /// Statements found that were on their claim already (the report, or this part of it, was
    /// ingested before): not logged again. `statement` is the one already there.
    pub already: Vec<IngestedStatement>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IngestedStatement {
    pub claim: ClaimId,
    pub statement: StatementId,
    pub speaker: String,
    pub stance: Stance,
}

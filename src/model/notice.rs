//! What a command tells the user on stderr besides its answer: what a write did that was not
//! asked for (a source made), and what may be a slip. Filled by `store` and `cmd`, rendered
//! by `output::notice` as one line each.

use super::{ClaimId, SourceId, SourceKind, Stamp};

#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// A named source made for a name that matched none.
    NewSource {
        id: SourceId,
        name: String,
        kind: SourceKind,
    },
    /// The actor's desk, made for its first statement recorded without `--by`.
    NewDesk { id: SourceId, name: String },
    /// A new or renamed source whose name looks like another's without being it.
    LooksLike {
        /// "new source" or "renamed source".
        what: &'static str,
        id: SourceId,
        name: String,
        twin: SourceId,
        twin_name: String,
    },
    /// A new claim reads like one already logged.
    ReadsLike {
        claim: ClaimId,
        other: ClaimId,
        score: f64,
        text: String,
    },
    /// Statements dated more than a day ahead (`statements` of them, all at `at`).
    FarFuture { at: Stamp, statements: usize },
    /// Statements of a report found on their claims already (ingested before), not logged
    /// twice: how many, and on which claims, in order.
    AlreadyLogged {
        statements: usize,
        claims: Vec<ClaimId>,
    },
    /// `restore` kept the database it replaced under this name.
    KeptAs { kept: String },
    /// `search` ranked only the newest matches.
    SearchCapped { ranked: usize },
    /// `search` showed fewer claims than matched.
    SearchCut { shown: usize, matched: usize },
    /// A typed name taken, by the start of a word, for a source whose name does not have it
    /// as whole words ("Germany" for "Germany's federal prosecutor's office"): `flag` is the
    /// option it was typed for (`None`: a speaker found in a report).
    TakenAs {
        flag: Option<&'static str>,
        typed: String,
        id: SourceId,
        name: String,
    },
    /// A source's number answered for the source it was merged into.
    MergedInto {
        id: SourceId,
        into: SourceId,
        into_name: String,
    },
    /// The claim asked for was merged into another, which is shown instead.
    ClaimMergedInto { claim: ClaimId, into: ClaimId },
    /// A claim was removed from lists (`claims remove`).
    Removed { claim: ClaimId },
    /// The remote is another machine and the connection to it is not encrypted.
    Unencrypted { host: String },
    /// The automatic sync after a command did not run, for this reason.
    AutoSyncFailed { reason: String },
}

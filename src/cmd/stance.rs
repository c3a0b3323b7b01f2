//! `assert`, `confirm`, `deny`, `ncnd`, `decline`: one source's stance on one claim. The same
//! recording serves `add --by` and the demo.

use crate::cli::{Attribution, StatementArgs};
use crate::model::{
    Reliability, SourceKind, Stamp, Stance, StatementAdded, Typed, WrittenAs, is_far_future,
    new_source_kind, optional_text, parse_claim_ref,
};
use crate::store::{NewStatement, Writer};
use crate::{Context, Result};

/// An attribution whose text and dates have been checked, ready to record.
#[derive(Debug, Clone, Default)]
pub struct Attributed {
    pub by: Option<String>,
    pub via: Option<String>,
    pub citing: Option<String>,
    pub anonymous: bool,
    pub kind: Option<SourceKind>,
    pub quote: Option<String>,
    pub url: Option<String>,
    pub stated_at: Option<Stamp>,
    /// `--at` more than a day ahead: recorded as given, with a warning once written.
    pub far_future: bool,
    pub note: Option<String>,
    pub reliability: Option<Reliability>,
    /// Found in a report (`ingest --apply`), not typed as options: said so in notices.
    pub from_report: bool,
}

impl Attributed {
    pub fn check(attribution: &Attribution, note: Option<&str>) -> Result<Attributed> {
        if let Some(kind @ (SourceKind::Anonymous | SourceKind::Desk)) = attribution.kind {
            return Err(crate::Error::Invalid(format!(
                "--kind {kind} is not for --by: use --anonymous for an unnamed source, or leave \
                 out --by for the desk"
            )));
        }
        let named = |text: &Option<String>, what| -> Result<Option<String>> {
            text.as_deref()
                .map(|t| crate::model::required_text(t, what))
                .transpose()
        };
        let typed = Typed::local();
        let stated_at = attribution
            .at
            .as_deref()
            .map(|at| typed.when(at))
            .transpose()?;
        Ok(Attributed {
            by: named(&attribution.by, "--by")?,
            via: named(&attribution.via, "--via")?,
            citing: named(&attribution.citing, "--citing")?,
            anonymous: attribution.anonymous,
            kind: attribution.kind,
            quote: optional_text(attribution.quote.as_deref()),
            url: optional_text(attribution.url.as_deref()),
            stated_at: stated_at.map(Stamp::at),
            far_future: stated_at.is_some_and(|at| is_far_future(at, typed.now)),
            note: optional_text(note),
            reliability: attribution.reliability,
            from_report: false,
        })
    }

    /// Warns, on stderr and once the statement is written, of an `--at` far in the future.
    pub fn warn_if_far_future(&self) {
        if let (true, Some(at)) = (self.far_future, &self.stated_at) {
            super::notify(&[crate::model::Notice::FarFuture {
                at: at.clone(),
                statements: 1,
            }]);
        }
    }

    /// Whether any statement option was given at all.
    pub fn is_given(&self) -> bool {
        self.by.is_some()
            || self.via.is_some()
            || self.citing.is_some()
            || self.anonymous
            || self.quote.is_some()
            || self.url.is_some()
            || self.stated_at.is_some()
            || self.reliability.is_some()
    }
}

/// Records one statement inside a write: resolves (or makes) its sources, then adds it.
pub fn record_statement(
    writer: &mut Writer<'_>,
    claim: crate::model::ClaimId,
    stance: Stance,
    attributed: &Attributed,
) -> Result<StatementAdded> {
    writer.claim_uuid(claim)?;
    let flag = |flag: &'static str| (!attributed.from_report).then_some(flag);
    let source = match (&attributed.by, attributed.anonymous) {
        (by, true) => writer.anonymous_source(by.as_deref().unwrap_or("unnamed source"))?,
        (Some(by), false) => writer.resolve_source_for(
            flag("--by"),
            by,
            new_source_kind(by, WrittenAs::Speaker(attributed.kind)),
        )?,
        (None, false) => writer.desk()?,
    };
    let via = attributed
        .via
        .as_deref()
        .map(|via| {
            writer.resolve_source_for(flag("--via"), via, new_source_kind(via, WrittenAs::Carrier))
        })
        .transpose()?;
    let citing = attributed
        .citing
        .as_deref()
        .map(|citing| {
            writer.resolve_source_for(
                flag("--citing"),
                citing,
                new_source_kind(citing, WrittenAs::Carrier),
            )
        })
        .transpose()?;
    writer.add_statement(&NewStatement {
        claim,
        source,
        stance,
        via,
        citing,
        quote: attributed.quote.clone(),
        url: attributed.url.clone(),
        stated_at: attributed.stated_at.clone(),
        note: attributed.note.clone(),
        reliability: attributed.reliability,
    })
}

pub fn run(ctx: &Context, stance: Stance, args: &StatementArgs) -> Result<()> {
    let claim = parse_claim_ref(&args.claim)?;
    let attributed = Attributed::check(&args.attribution, args.note.as_deref())?;
    let mut store = ctx.open_existing()?;
    let claim = store.resolve_claim(&claim)?;
    // The claim is read inside the transaction, as `add` does: what is reported is what this
    // command committed, even if another process undoes it the instant after.
    let written = store.write(&ctx.actor, |writer| {
        let added = record_statement(writer, claim, stance, &attributed)?;
        Ok((added, writer.claim(claim)?))
    })?;
    super::notify(&written.notices);
    attributed.warn_if_far_future();
    let (added, detail) = &written.value;
    ctx.output.emit(&ctx.output.statement_added(added, detail)?)
}

//! `add`: log a claim, and with --by (or any statement option) its first statement.

use crate::cli::AddArgs;
use crate::model::{NEAR_DUPLICATE, Stance, Typed, normalize_tag, optional_text, required_text};
use crate::store::NewClaim;
use crate::{Context, Result};

use super::stance::{Attributed, record_statement};

pub fn run(ctx: &Context, args: &AddArgs) -> Result<()> {
    let new = NewClaim {
        text: required_text(&args.text, "the claim's text")?,
        tags: args
            .tag
            .iter()
            .map(|t| normalize_tag(t))
            .collect::<Result<_>>()?,
        happened: args
            .happened
            .as_deref()
            .map(|d| Typed::local().date(d))
            .transpose()?
            .map(|d| d.to_string()),
        note: optional_text(args.note.as_deref()),
    };
    let attributed = Attributed::check(&args.attribution, None)?;
    let first_statement = (attributed.is_given() || args.stance.is_some())
        .then(|| args.stance.unwrap_or(Stance::Asserts));

    let mut store = ctx.open()?;
    let written = store.write(&ctx.actor, |writer| {
        let claim = writer.add_claim(&new)?;
        if let Some(stance) = first_statement {
            record_statement(writer, claim, stance, &attributed)?;
        }
        // Read inside the transaction: after the commit, another process may already have
        // undone the claim, and the user must still be told what was logged.
        writer.claim(claim)
    })?;
    super::notify(&written.notices);
    attributed.warn_if_far_future();
    let claim = written.value;
    // Logged all the same: a near-duplicate may be a different claim worded alike.
    let similar = store.similar(&claim.text, Some(claim.id), NEAR_DUPLICATE, 3)?;
    super::notify_similar(claim.id, &similar);
    ctx.output.emit(&ctx.output.claim_added(&claim, &similar)?)
}

//! `log`: the history of changes, newest first, for the whole database or one claim.

use crate::cli::LogArgs;
use crate::model::parse_claim_number;
use crate::{Context, Result};

pub fn run(ctx: &Context, args: &LogArgs) -> Result<()> {
    let claim = args.claim.as_deref().map(parse_claim_number).transpose()?;
    let store = ctx.open_existing()?;
    if let Some(claim) = claim {
        // An unknown claim is an error, not an empty history.
        store.claim(claim)?;
    }
    let events = store.events(claim, args.limit)?;
    ctx.output.emit(&ctx.output.events(&events)?)
}

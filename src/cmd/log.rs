//! `log`: the history of changes, newest first, for the whole database or one claim.

use crate::cli::LogArgs;
use crate::model::parse_claim_ref;
use crate::{Context, Result};

pub fn run(ctx: &Context, args: &LogArgs) -> Result<()> {
    let claim = args.claim.as_deref().map(parse_claim_ref).transpose()?;
    let store = ctx.open_existing()?;
    let claim = claim.map(|c| store.resolve_claim(&c)).transpose()?;
    if let Some(claim) = claim {
        // An unknown claim is an error, not an empty history.
        store.claim(claim)?;
    }
    // Written as it is read: the whole history of a large database never sits in memory.
    ctx.output
        .stream_events(&mut |each| store.each_event(claim, args.limit, each))
}

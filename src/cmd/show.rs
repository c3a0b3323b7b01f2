//! `show`: a claim, its status and summary, and every statement on it in time order.

use crate::cli::ShowArgs;
use crate::model::{Stamp, Typed, parse_claim_ref};
use crate::{Context, Result};

pub fn run(ctx: &Context, args: &ShowArgs) -> Result<()> {
    let claim = parse_claim_ref(&args.claim)?;
    let as_of = args
        .as_of
        .as_deref()
        .map(|as_of| Typed::local().as_of(as_of))
        .transpose()?
        .map(Stamp::at);
    let store = ctx.open_existing()?;
    let claim = store.resolve_claim(&claim)?;
    let detail = store.claim_as_of(claim, as_of.as_ref())?;
    if let Some(merged) = detail.merged_from {
        super::notify(&[crate::model::Notice::ClaimMergedInto {
            claim: merged,
            into: detail.id,
        }]);
    }
    ctx.output.emit(&ctx.output.claim(&detail)?)
}

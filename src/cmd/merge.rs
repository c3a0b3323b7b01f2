//! `merge CLAIM INTO`: one story logged twice becomes one. The merged claim keeps its number
//! (`show` follows it to the claim it joined); the merge is one change in the history, undone
//! exactly by `undo`.

use crate::cli::MergeArgs;
use crate::model::{Notice, parse_claim_ref};
use crate::{Context, Result};

pub fn run(ctx: &Context, args: &MergeArgs) -> Result<()> {
    let claim = parse_claim_ref(&args.claim)?;
    let into = parse_claim_ref(&args.into)?;
    let mut store = ctx.open_existing()?;
    let (claim, into) = (store.resolve_claim(&claim)?, store.resolve_claim(&into)?);
    let written = store.write(&ctx.actor, |writer| {
        writer.merge_claims(claim, into)?;
        let mut detail = writer.claim(into)?;
        detail.merged_from = Some(claim);
        Ok(detail)
    })?;
    super::notify(&[Notice::ClaimMergedInto { claim, into }]);
    ctx.output.emit(&ctx.output.claim(&written.value)?)
}

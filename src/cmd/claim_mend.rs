//! `merge`, `remove` and `restore CLAIM`: mending the record of claims. A merged claim keeps
//! its number (`show` follows it to the claim it joined); a removed claim leaves the lists and
//! stays readable with `show`. Each is one change in the history, undone exactly by `undo`.

use crate::cli::{MergeArgs, RemoveArgs};
use crate::model::{ClaimId, Notice, optional_text, parse_claim_ref};
use crate::{Context, Result};

pub fn merge(ctx: &Context, args: &MergeArgs) -> Result<()> {
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

pub fn remove(ctx: &Context, args: &RemoveArgs) -> Result<()> {
    let claim = parse_claim_ref(&args.claim)?;
    let note = optional_text(args.note.as_deref());
    let mut store = ctx.open_existing()?;
    let claim = store.resolve_claim(&claim)?;
    let written = store.write(&ctx.actor, |writer| {
        writer.dismiss_claim(claim, note.clone())?;
        writer.claim(claim)
    })?;
    super::notify(&[Notice::Removed { claim }]);
    ctx.output.emit(&ctx.output.claim(&written.value)?)
}

/// `restore 7`: a removed claim back in the lists.
pub fn restore(ctx: &Context, claim: ClaimId) -> Result<()> {
    let mut store = ctx.open_existing()?;
    let written = store.write(&ctx.actor, |writer| {
        writer.undismiss_claim(claim)?;
        writer.claim(claim)
    })?;
    ctx.output.emit(&ctx.output.claim(&written.value)?)
}

//! `remove CLAIM`: a claim out of the lists, searches and the exports people read; it stays
//! readable with `show` and in the history, and `restore CLAIM` brings it back.

use crate::cli::RemoveArgs;
use crate::model::{Notice, optional_text, parse_claim_ref};
use crate::{Context, Result};

pub fn run(ctx: &Context, args: &RemoveArgs) -> Result<()> {
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

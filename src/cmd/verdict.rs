//! `verdict`: the desk's published rating of a claim, kept with its history; the derived status
//! is left as it is.

use crate::cli::VerdictArgs;
use crate::model::{optional_text, parse_claim_ref};
use crate::store::NewVerdict;
use crate::{Context, Result};

pub fn run(ctx: &Context, args: &VerdictArgs) -> Result<()> {
    let claim = parse_claim_ref(&args.claim)?;
    let verdict = NewVerdict {
        rating: args.rating,
        explanation: optional_text(args.explanation.as_deref()),
        url: optional_text(args.url.as_deref()),
    };
    let mut store = ctx.open_existing()?;
    let claim = store.resolve_claim(&claim)?;
    // Read inside the transaction: what is reported is what this command committed.
    let written = store.write(&ctx.actor, |writer| {
        writer.set_verdict(claim, &verdict)?;
        writer.claim(claim)
    })?;
    ctx.output.emit(&ctx.output.verdict(&written.value)?)
}

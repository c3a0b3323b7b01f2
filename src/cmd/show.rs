//! `show`: a claim, its status and summary, and every statement on it in time order.

use crate::cli::ShowArgs;
use crate::model::parse_claim_number;
use crate::{Context, Result};

pub fn run(ctx: &Context, args: &ShowArgs) -> Result<()> {
    let claim = parse_claim_number(&args.claim)?;
    let store = ctx.open()?;
    let detail = store.claim(claim)?;
    ctx.output.emit(&ctx.output.claim(&detail)?)
}

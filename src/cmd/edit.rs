//! `edit`: change a claim's text, tags or date; the event keeps the old values.

use crate::cli::EditArgs;
use crate::model::{Typed, normalize_tag, parse_claim_ref, required_text};
use crate::store::ClaimChanges;
use crate::{Context, Result};

pub fn run(ctx: &Context, args: &EditArgs) -> Result<()> {
    let claim = parse_claim_ref(&args.claim)?;
    let tags = |tags: &[String]| -> Result<Vec<String>> {
        tags.iter().map(|t| normalize_tag(t)).collect()
    };
    let changes = ClaimChanges {
        text: args
            .text
            .as_deref()
            .map(|t| required_text(t, "the claim's text"))
            .transpose()?,
        add_tags: tags(&args.tag)?,
        remove_tags: tags(&args.untag)?,
        happened: args
            .happened
            .as_deref()
            .map(|d| Typed::local().date(d))
            .transpose()?
            .map(|d| d.to_string()),
    };
    let mut store = ctx.open_existing()?;
    let claim = store.resolve_claim(&claim)?;
    // Read inside the transaction: what is reported is what this command committed.
    let written = store.write(&ctx.actor, |writer| {
        writer.edit_claim(claim, &changes)?;
        writer.claim(claim)
    })?;
    ctx.output.emit(&ctx.output.claim(&written.value)?)
}

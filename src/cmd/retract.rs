//! `retract`: a statement stops counting but stays visible, with when and why.

use crate::cli::RetractArgs;
use crate::model::optional_text;
use crate::{Context, Result};

pub fn run(ctx: &Context, args: &RetractArgs) -> Result<()> {
    // Statement numbers are typed like claim numbers: `5` or `#5`.
    let statement = super::statement::statement_ref(&args.statement)?;
    let note = optional_text(args.note.as_deref());
    let mut store = ctx.open_existing()?;
    let statement = store.resolve_statement(&statement)?;
    // Read inside the transaction: what is reported is what this command committed.
    let written = store.write(&ctx.actor, |writer| {
        let retracted = writer.retract_statement(statement, note.clone())?;
        let detail = writer.claim(retracted.claim)?;
        Ok((retracted, detail))
    })?;
    let (retracted, detail) = &written.value;
    ctx.output.emit(&ctx.output.retracted(retracted, detail)?)
}

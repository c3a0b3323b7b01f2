//! `retract`: a statement stops counting but stays visible, with when and why.

use crate::cli::RetractArgs;
use crate::model::{StatementId, optional_text, parse_claim_number};
use crate::{Context, Error, Result};

pub fn run(ctx: &Context, args: &RetractArgs) -> Result<()> {
    // Statement numbers are typed like claim numbers: `5` or `#5`.
    let statement = parse_claim_number(&args.statement).map_err(|e| match e {
        Error::ClaimNotFound(n) => Error::StatementNotFound(StatementId(n.0)),
        Error::InvalidClaimNumber(text) => Error::Invalid(format!(
            "'{text}' is not a statement number; 'claims show CLAIM' shows them"
        )),
        other => other,
    })?;
    let note = optional_text(args.note.as_deref());
    let mut store = ctx.open_existing()?;
    // Read inside the transaction: what is reported is what this command committed.
    let written = store.write(&ctx.actor, |writer| {
        let retracted = writer.retract_statement(StatementId(statement.0), note.clone())?;
        let detail = writer.claim(retracted.claim)?;
        Ok((retracted, detail))
    })?;
    let (retracted, detail) = &written.value;
    ctx.output.emit(&ctx.output.retracted(retracted, detail)?)
}

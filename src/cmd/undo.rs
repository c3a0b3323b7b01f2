//! `undo`: reverse the last command's changes, by appending compensating events.

use crate::{Context, Result};

pub fn run(ctx: &Context) -> Result<()> {
    // Nothing to undo in a database that does not exist: don't create it to say so.
    let mut store = ctx.open_existing()?;
    let written = store.write(&ctx.actor, |writer| writer.undo_last())?;
    ctx.output.emit(&ctx.output.undone(&written.value)?)
}

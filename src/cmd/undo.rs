//! `undo` and `redo`: take back your own commands by compensating events, and apply them again.

use crate::cli::UndoArgs;
use crate::store::UndoTarget;
use crate::{Context, Result};

/// How many commands `undo --list` shows unless told.
const LISTED: usize = 20;

pub fn run(ctx: &Context, args: &UndoArgs) -> Result<()> {
    // Nothing to undo in a database that does not exist: don't create it to say so.
    let mut store = ctx.open_existing()?;
    if args.list {
        let limit = args.limit.unwrap_or(LISTED);
        let listed = store.write(&ctx.actor, |writer| writer.undoable(limit))?;
        return ctx.output.emit(&ctx.output.undoable(&listed.value)?);
    }
    let target = match &args.command {
        Some(command) => UndoTarget::Command(command),
        None => UndoTarget::Last,
    };
    let written = store.write(&ctx.actor, |writer| writer.undo(target))?;
    ctx.output.emit(&ctx.output.undone(&written.value)?)
}

pub fn redo(ctx: &Context) -> Result<()> {
    let mut store = ctx.open_existing()?;
    let written = store.write(&ctx.actor, |writer| writer.redo())?;
    ctx.output.emit(&ctx.output.redone(&written.value)?)
}

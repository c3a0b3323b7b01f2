//! `rebuild --check`: rebuild every table from the events in memory and compare.

use crate::cli::RebuildArgs;
use crate::{Context, Error, Result};

pub fn run(ctx: &Context, _args: &RebuildArgs) -> Result<()> {
    let store = ctx.open_existing()?;
    let check = store.rebuild_check()?;
    ctx.output.emit(&ctx.output.rebuild(&check)?)?;
    if check.differences.is_empty() {
        Ok(())
    } else {
        Err(Error::RebuildDiffers {
            count: check.differences.len(),
        })
    }
}

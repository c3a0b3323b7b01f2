//! `backup`: a consistent copy of the database in use, made with SQLite's online backup API
//! while other commands go on writing, into a new file (never over an existing one).

use crate::cli::BackupArgs;
use crate::store::Store;
use crate::{Context, Error, Result};

pub fn run(ctx: &Context, args: &BackupArgs) -> Result<()> {
    let path = ctx.db_path()?;
    if !path.exists() {
        return Err(Error::Invalid(format!(
            "there is no database at {} yet: nothing to back up",
            path.display()
        )));
    }
    let store = Store::open(&path)?;
    let made = store.backup(&path, &args.file)?;
    ctx.output.emit(&ctx.output.backup_made(&made)?)
}

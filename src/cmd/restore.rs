//! `restore`: a backup in place of the database in use. The backup is checked on a copy first;
//! the database it replaces is kept beside it under another name, with its -wal and -shm, so
//! that nothing logged is lost, and no stale -wal is left for SQLite to replay into the backup.

use crate::cli::RestoreArgs;
use crate::{Context, Result};

pub fn run(ctx: &Context, args: &RestoreArgs) -> Result<()> {
    let path = ctx.db_path()?;
    let restored = crate::store::restore(&path, &args.file)?;
    if let Some(kept) = &restored.kept_as {
        super::notify(&[crate::model::Notice::KeptAs { kept: kept.clone() }]);
    }
    ctx.output.emit(&ctx.output.restored(&restored)?)
}

//! `restore`: with a claim's number, a removed claim back in the lists; with a file, a backup in
//! place of the database in use. The backup is checked on a copy first; the database it
//! replaces is kept beside it under another name, with its -wal and -shm, so that nothing logged
//! is lost, and no stale -wal is left for SQLite to replay into the backup.

use crate::cli::RestoreArgs;
use crate::model::ClaimId;
use crate::{Context, Result};

pub fn run(ctx: &Context, args: &RestoreArgs) -> Result<()> {
    // A claim's number (7, #7) is a claim to bring back into the lists; a backup whose name is
    // a number is given with its folder (./7), so that a slip never replaces the database.
    if let Some(claim) = args.file.to_str().and_then(claim_number) {
        return restore_claim(ctx, claim);
    }
    let path = ctx.db_path()?;
    let restored = crate::store::restore(&path, &args.file)?;
    if let Some(kept) = &restored.kept_as {
        super::notify(&[crate::model::Notice::KeptAs { kept: kept.clone() }]);
    }
    ctx.output.emit(&ctx.output.restored(&restored)?)
}

/// `restore 7`: a removed claim back in the lists.
fn restore_claim(ctx: &Context, claim: ClaimId) -> Result<()> {
    let mut store = ctx.open_existing()?;
    let written = store.write(&ctx.actor, |writer| {
        writer.undismiss_claim(claim)?;
        writer.claim(claim)
    })?;
    ctx.output.emit(&ctx.output.claim(&written.value)?)
}

/// "7" or "#7": a claim's number, as `restore` takes it.
fn claim_number(text: &str) -> Option<crate::model::ClaimId> {
    let digits = text.strip_prefix('#').unwrap_or(text);
    (!digits.is_empty() && digits.len() <= 18 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok().map(crate::model::ClaimId))
        .flatten()
}

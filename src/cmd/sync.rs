//! `sync`: push this file's events the remote lacks, pull the ones this file lacks, apply them
//! through the one apply path, and say what came of it.

use std::sync::atomic::Ordering;

use indicatif::ProgressBar;

use crate::cli::{Command, ConfigCommand, ConfigKey, SourceCommand, StatementCommand};
use crate::model::{Notice, parse_auto_sync};
use crate::sync::{self, Progress, Stage};
use crate::{Context, Error, Result};

/// The bar of a long push or pull, on stderr (drawn only on a terminal).
struct Bar(Option<ProgressBar>);

impl Progress for Bar {
    fn start(&mut self, stage: Stage, total: u64) {
        if let Some(done) = self.0.take() {
            done.finish_and_clear();
        }
        let message = match stage {
            Stage::Push => "pushing changes",
            Stage::Pull => "pulling changes",
        };
        self.0 = Some(crate::progress::progress(total, message));
    }

    fn advance(&mut self, by: u64) {
        if let Some(bar) = &self.0 {
            bar.inc(by);
        }
    }
}

pub fn run(ctx: &Context) -> Result<()> {
    let mut store = ctx.open()?;
    let url = sync::remote_of(&store)?;
    let mut bar = Bar(None);
    let run = sync::Run {
        actor: &ctx.actor,
        connect_timeout: None,
    };
    let synced = sync::sync(&mut store, &url, &run, &mut bar, &mut |notice| {
        super::notify(std::slice::from_ref(notice))
    });
    if let Some(bar) = bar.0 {
        bar.finish_and_clear();
    }
    ctx.output.emit(&ctx.output.synced(&synced?)?)
}

/// The automatic sync (`sync.auto`), run after a command succeeded: when the command may have
/// written, this file has `sync.auto` set and a remote, and its last sync is older than
/// `sync.auto`, it syncs, connecting within 2 s. Nothing it does reaches stdout or the
/// command's exit code: an unreachable remote or any other failure is one note on stderr.
pub fn auto(ctx: &Context, command: &Command) {
    // Asked of the file by the write itself, in its transaction (`Store::note_auto_sync`):
    // a command that wrote nothing, or to a file that does not sync after writes, opens
    // nothing more.
    if !may_write(command) || !ctx.auto_sync.load(Ordering::Relaxed) {
        return;
    }
    if let Err(error) = auto_sync(ctx) {
        super::notify(&[Notice::AutoSyncFailed {
            reason: error.to_string(),
        }]);
    }
}

/// How long the automatic sync waits to connect.
const AUTO_CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

fn auto_sync(ctx: &Context) -> Result<()> {
    let path = ctx.db_path()?;
    if !path.exists() {
        return Ok(());
    }
    let mut store = crate::store::Store::open(&path)?;
    let Some(auto) = store.sync_state("auto")? else {
        return Ok(());
    };
    let Some((every, _)) = parse_auto_sync(&auto)? else {
        return Ok(());
    };
    let url = match sync::remote_of(&store) {
        Ok(url) => url,
        Err(Error::NoRemote) => return Ok(()),
        Err(error) => return Err(error),
    };
    let last = store
        .sync_state("synced_at")?
        .and_then(|at| chrono::DateTime::parse_from_rfc3339(&at).ok());
    if let Some(last) = last {
        let age = chrono::Utc::now().signed_duration_since(last);
        if age.to_std().is_ok_and(|age| age < every) {
            return Ok(());
        }
    }
    let run = sync::Run {
        actor: &ctx.actor,
        connect_timeout: Some(AUTO_CONNECT_TIMEOUT),
    };
    sync::sync(&mut store, &url, &run, &mut (), &mut |notice| {
        super::notify(std::slice::from_ref(notice))
    })?;
    Ok(())
}

/// Whether a command may change the data: every command but those that only read, and those
/// that are about the file rather than its record (sync itself, remote, sync.auto, backup,
/// restore).
fn may_write(command: &Command) -> bool {
    !matches!(
        command,
        Command::List(_)
            | Command::Show(_)
            | Command::Sources
            | Command::Log(_)
            | Command::Rebuild(_)
            | Command::Remote(_)
            | Command::Sync
            | Command::Search(_)
            | Command::Similar(_)
            | Command::Export(_)
            | Command::Info
            | Command::Completions(_)
            | Command::Man
            | Command::Demo
            | Command::Backup(_)
            | Command::Restore(_)
            | Command::Config(ConfigCommand::Get { .. })
            | Command::Config(ConfigCommand::Set {
                key: ConfigKey::SyncAuto,
                ..
            })
            | Command::Source(SourceCommand::Show(_))
            | Command::Statement(StatementCommand::Show(_))
    )
}

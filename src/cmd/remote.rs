//! `remote set|show|unset`: the desk's PostgreSQL this file syncs with, kept in the file's
//! sync bookkeeping without any password (CLAIMS_REMOTE overrides it).

use crate::cli::RemoteCommand;
use crate::sync::remote;
use crate::{Context, Result};

pub fn run(ctx: &Context, command: &RemoteCommand) -> Result<()> {
    match command {
        RemoteCommand::Set { url } => {
            let url = url.trim();
            remote::check(url)?;
            let mut store = ctx.open()?;
            store.set_sync_state("remote", Some(url))?;
            ctx.output.emit(&ctx.output.remote(Some(url), false)?)
        }
        RemoteCommand::Show => {
            let from_env = std::env::var("CLAIMS_REMOTE")
                .ok()
                .filter(|url| !url.trim().is_empty());
            let (url, env) = match from_env {
                Some(url) => (Some(remote::masked(url.trim())), true),
                None => (ctx.open_existing()?.sync_state("remote")?, false),
            };
            ctx.output.emit(&ctx.output.remote(url.as_deref(), env)?)
        }
        RemoteCommand::Unset => {
            let mut store = ctx.open_existing()?;
            if store.sync_state("remote")?.is_some() {
                store.set_sync_state("remote", None)?;
            }
            ctx.output.emit(&ctx.output.remote(None, false)?)
        }
    }
}

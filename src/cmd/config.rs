//! `config get|set`: settings kept in the database, so every terminal on it agrees.

use crate::cli::{ConfigCommand, ConfigKey};
use crate::model::{clean_name, parse_auto_sync};
use crate::{Context, Error, Result};

pub fn run(ctx: &Context, command: &ConfigCommand) -> Result<()> {
    match command {
        ConfigCommand::Get {
            key: ConfigKey::SyncAuto,
        } => {
            let store = ctx.open_existing()?;
            let value = store
                .sync_state("auto")?
                .unwrap_or_else(|| "off".to_string());
            ctx.output.emit(&ctx.output.setting("sync.auto", &value)?)
        }
        // This file's own, like its remote: kept in its sync bookkeeping, not in the history
        // (a colleague's laptop syncs as its owner says).
        ConfigCommand::Set {
            key: ConfigKey::SyncAuto,
            value,
        } => {
            let auto = parse_auto_sync(value)?;
            let mut store = ctx.open()?;
            let shown = match &auto {
                Some((_, typed)) => typed.as_str(),
                None => "off",
            };
            store.set_sync_state("auto", auto.as_ref().map(|(_, typed)| typed.as_str()))?;
            ctx.output.emit(&ctx.output.setting("sync.auto", shown)?)
        }
        ConfigCommand::Get { key } => {
            let store = ctx.open_existing()?;
            let value = store.config(key.as_str())?.ok_or_else(|| {
                Error::Invalid(format!(
                    "{key} is not set; 'claims config set {key} VALUE' sets it",
                    key = key.as_str()
                ))
            })?;
            ctx.output.emit(&ctx.output.setting(key.as_str(), &value)?)
        }
        ConfigCommand::Set { key, value } => {
            let value = clean_name(value, "a setting's value")?;
            let mut store = ctx.open()?;
            store.write(&ctx.actor, |writer| writer.set_config(key.as_str(), &value))?;
            ctx.output.emit(&ctx.output.setting(key.as_str(), &value)?)
        }
    }
}

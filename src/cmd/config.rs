//! `config get|set`: settings kept in the database, so every terminal on it agrees.

use crate::cli::ConfigCommand;
use crate::model::clean_name;
use crate::{Context, Error, Result};

pub fn run(ctx: &Context, command: &ConfigCommand) -> Result<()> {
    match command {
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

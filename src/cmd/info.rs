//! `info`: which database is in use and why, and what it holds. It never creates the database
//! (nor its folder), and never upgrades an older one: it only looks.

use crate::model::DatabaseInUse;
use crate::store::{self, SCHEMA_VERSION};
use crate::{Context, Result};

pub fn run(ctx: &Context) -> Result<()> {
    let (path, chosen_by) = ctx.db_location()?;
    let path = std::path::absolute(&path).unwrap_or(path);
    let folder_exists = path.parent().is_none_or(|folder| folder.is_dir());
    let contents = store::inspect(&path)?;
    let database = DatabaseInUse {
        path,
        chosen_by,
        folder_exists,
        contents,
        current_schema_version: SCHEMA_VERSION,
    };
    ctx.output.emit(&ctx.output.database_in_use(&database)?)
}

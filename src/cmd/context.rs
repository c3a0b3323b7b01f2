//! What every command needs besides its own arguments, and the run of one command line.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use crate::cli::{Cli, Command, FormatArg};
use crate::model::ChosenBy;
use crate::output::{Format, Output};
use crate::store::{self, Store};
use crate::{Error, Result};

/// What every command needs besides its own arguments.
pub struct Context {
    /// `--db`, as given; `None` means CLAIMS_DB or the default path.
    pub db: Option<PathBuf>,
    pub actor: String,
    pub output: Output,
    /// `--format` as typed, for `export` and `import`, whose formats are their files'.
    pub format: Option<FormatArg>,
    /// The database file this command created, if it did: removed again if the command fails
    /// with nothing logged in it, so that a failure leaves no empty file or folder behind.
    created: std::cell::RefCell<Option<store::Created>>,
    /// Set when a write of this command committed to a file that syncs after every write: only
    /// then does the command open the file again to sync (`cmd::sync::auto`).
    pub(super) auto_sync: Arc<AtomicBool>,
}

impl Context {
    pub fn new(db: Option<PathBuf>, actor: Option<String>, format: Format) -> Context {
        Context {
            format: None,
            created: Default::default(),
            auto_sync: Default::default(),
            db,
            actor: actor
                .filter(|a| !a.trim().is_empty())
                .or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
                .or_else(|| std::env::var("USERNAME").ok().filter(|u| !u.is_empty()))
                .unwrap_or_else(|| "desk".to_string()),
            output: Output::for_stdout(format),
        }
    }

    /// The database path: `--db`, else CLAIMS_DB, else `$XDG_DATA_HOME/claims/claims.db`.
    pub fn db_path(&self) -> Result<PathBuf> {
        Ok(self.db_location()?.0)
    }

    /// The database path, and which of the three chose it.
    pub fn db_location(&self) -> Result<(PathBuf, ChosenBy)> {
        if let Some(path) = &self.db {
            return Ok((path.clone(), ChosenBy::Flag));
        }
        if let Some(path) = std::env::var_os("CLAIMS_DB").filter(|p| !p.is_empty()) {
            return Ok((PathBuf::from(path), ChosenBy::Env));
        }
        let dirs = directories::BaseDirs::new().ok_or(Error::NoDataDir)?;
        Ok((
            dirs.data_dir().join("claims").join("claims.db"),
            ChosenBy::Default,
        ))
    }

    /// Opens the database to change it, creating it if needed.
    pub fn open(&self) -> Result<Store> {
        let mut store = Store::open(&self.db_path()?)?;
        store.note_auto_sync(self.auto_sync.clone());
        if let Some(created) = store.created() {
            *self.created.borrow_mut() = Some(created.clone());
        }
        Ok(store)
    }

    /// Opens the database for a command that can only succeed on data already there (reading,
    /// or changing a claim, statement or source by its number or name). A database that does
    /// not exist opens as an empty one in memory and is not created: such a command never leaves
    /// a file behind, whether it succeeds or fails.
    ///
    /// A typed path (`--db`, CLAIMS_DB) whose folder does not exist is an error rather than an
    /// empty database: it is most likely a typo, and "no claims match" would hide it.
    pub fn open_existing(&self) -> Result<Store> {
        let (path, chosen_by) = self.db_location()?;
        if path.exists() {
            let mut store = Store::open(&path)?;
            store.note_auto_sync(self.auto_sync.clone());
            return Ok(store);
        }
        if chosen_by.typed()
            && let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty())
            && !folder.exists()
        {
            return Err(Error::NoDatabaseFolder {
                folder: folder.into(),
                path,
                from_env: chosen_by == ChosenBy::Env,
            });
        }
        Store::open_in_memory()
    }
}

pub fn run(cli: Cli) -> Result<()> {
    let interchange = matches!(cli.command, Command::Export(_) | Command::Import(_));
    let output = match cli.format {
        _ if interchange => Format::Table,
        None | Some(FormatArg::Table) => Format::Table,
        Some(FormatArg::Json) => Format::Json,
        Some(other) => {
            return Err(Error::Invalid(format!(
                "--format {} is for export and import; other commands print table or json",
                other.name()
            )));
        }
    };
    let mut ctx = Context::new(cli.db, cli.actor, output);
    ctx.output = ctx.output.in_utc(cli.utc).paged(!cli.no_pager);
    ctx.format = cli.format;
    let result = super::run_command(&ctx, &cli.command);
    if result.is_ok() {
        super::sync::auto(&ctx, &cli.command);
    }
    if result.is_err()
        && let Some(created) = ctx.created.take()
    {
        created.discard();
    }
    result
}

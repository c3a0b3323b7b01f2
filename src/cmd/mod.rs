//! One file per subcommand: parse and check the arguments, call the store, hand plain structs
//! to `output`. Arguments are checked before the database is opened, so bad input writes
//! nothing.

mod add;
mod backup;
mod completions;
mod config;
mod context;
mod demo;
mod edit;
mod export;
mod import;
mod info;
mod ingest;
mod list;
mod log;
mod man;
mod merge;
mod rebuild;
mod remote;
mod remove;
mod restore;
mod retract;
mod search;
mod show;
mod sources;
mod stance;
mod statement;
mod sync;
mod undo;
mod verdict;

use std::io::Write;

use crate::Result;
use crate::cli::Command;
use crate::model::Notice;

pub use context::{Context, run};
pub use ingest::{Ingested, IngestedStatement, review};
pub use stance::{Attributed, record_statement};

/// Runs one parsed command in its context.
pub fn run_command(ctx: &Context, command: &Command) -> Result<()> {
    arguments_within_limit(std::env::args_os())?;
    if let Some((stance, args)) = command.stance() {
        return stance::run(ctx, stance, args);
    }
    match command {
        Command::Add(args) => add::run(ctx, args),
        Command::List(args) => list::run(ctx, args),
        Command::Show(args) => show::run(ctx, args),
        Command::Edit(args) => edit::run(ctx, args),
        Command::Sources => sources::list(ctx),
        Command::Source(command) => sources::run(ctx, command),
        Command::Log(args) => log::run(ctx, args),
        Command::Retract(args) => retract::run(ctx, args),
        Command::Undo(args) => undo::run(ctx, args),
        Command::Redo => undo::redo(ctx),
        Command::Rebuild(args) => rebuild::run(ctx, args),
        Command::Ingest(args) => ingest::run(ctx, args),
        Command::Demo => demo::run(ctx),
        Command::Info => info::run(ctx),
        Command::Completions(args) => completions::run(ctx, args),
        Command::Man => man::run(ctx),
        Command::Verdict(args) => verdict::run(ctx, args),
        Command::Config(command) => config::run(ctx, command),
        Command::Search(args) => search::search(ctx, args),
        Command::Similar(args) => search::similar(ctx, args),
        Command::Export(args) => export::run(ctx, args),
        Command::Import(args) => import::run(ctx, args),
        Command::Backup(args) => backup::run(ctx, args),
        Command::Restore(args) => restore::run(ctx, args),
        Command::Statement(command) => statement::run(ctx, command),
        Command::Merge(args) => merge::run(ctx, args),
        Command::Remove(args) => remove::run(ctx, args),
        Command::Remote(command) => remote::run(ctx, command),
        Command::Sync => sync::run(ctx),
        Command::Assert(_)
        | Command::Confirm(_)
        | Command::Deny(_)
        | Command::Ncnd(_)
        | Command::Decline(_) => unreachable!("statement verbs are handled above"),
    }
}

/// Every text typed on the command line (a claim, a quote, a note, a name) is an argument: one
/// over the limit of any one text is refused before anything is opened. (Linux itself refuses
/// an argument over 128 KiB, so this guards the systems that allow longer ones.)
fn arguments_within_limit(arguments: impl Iterator<Item = std::ffi::OsString>) -> Result<()> {
    for argument in arguments {
        crate::model::within_limit(argument.len(), "an argument")?;
    }
    Ok(())
}

/// Tells the user, on stderr, what a command did besides what they asked (a new source...),
/// and warns of what may be a slip (a new source that looks like another). Each notice is a
/// whole line (`output::notice`). Called after the transaction committed.
fn notify(notices: &[Notice]) {
    let mut stderr = std::io::stderr().lock();
    for notice in notices {
        let _ = writeln!(stderr, "{}", crate::output::notice(notice));
    }
}

/// Warns, on stderr, that a new claim reads like claims already logged.
fn notify_similar(claim: crate::model::ClaimId, similar: &[crate::model::Similar]) {
    let notices: Vec<Notice> = similar
        .iter()
        .map(|other| Notice::ReadsLike {
            claim,
            other: other.id,
            score: other.score,
            text: other.text.clone(),
        })
        .collect();
    notify(&notices);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::MAX_TEXT_BYTES;

    #[test]
    fn an_argument_over_the_limit_is_refused() {
        let argument = |len: usize| std::ffi::OsString::from("q".repeat(len));
        assert!(arguments_within_limit([argument(MAX_TEXT_BYTES)].into_iter()).is_ok());
        let refused =
            arguments_within_limit([argument(3), argument(MAX_TEXT_BYTES + 1)].into_iter());
        assert!(
            refused
                .unwrap_err()
                .to_string()
                .starts_with("an argument is longer than 1 MiB")
        );
    }
}

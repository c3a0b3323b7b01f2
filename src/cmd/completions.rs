//! `completions SHELL`: the shell's completion script, made by clap_complete from the same clap
//! types as the parser, so it never drifts from the options. No database is opened.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::{Context, Result};

pub fn run(ctx: &Context, args: &CompletionsArgs) -> Result<()> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "claims", &mut script);
    ctx.output.emit(&String::from_utf8_lossy(&script))
}

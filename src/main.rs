//! Parses the command line, runs it, and alone decides what reaches stderr and the exit code:
//! 0 on success (a closed stdout pipe included), 2 for usage errors, 1 for every other error.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use claims::output::escape::inert;

fn main() -> ExitCode {
    let cli = match claims::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage_error(error),
    };
    match claims::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.is_broken_pipe() => ExitCode::SUCCESS,
        Err(error) => {
            // One line, whatever the user typed into it: control characters (a line break, a
            // terminal escape) and bidirectional overrides are shown written out, by the rule
            // all human output follows.
            let _ = writeln!(std::io::stderr(), "error: {}", inert(&error.to_string()));
            ExitCode::from(1)
        }
    }
}

/// Help and version go out as clap writes them; a usage error is joined into one line, so
/// that every error is one line on stderr.
fn usage_error(error: clap::Error) -> ExitCode {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = error.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = error.print();
            ExitCode::from(2)
        }
        _ => {
            // clap's message may run over several lines before its usage block: join them.
            let text = error.render().to_string();
            let message: Vec<&str> = text
                .lines()
                .map(str::trim)
                .take_while(|line| !line.starts_with("Usage:") && !line.starts_with("For more"))
                .filter(|line| !line.is_empty())
                .collect();
            let _ = writeln!(
                std::io::stderr(),
                "{}; see 'claims --help'",
                inert(&message.join(" "))
            );
            ExitCode::from(2)
        }
    }
}

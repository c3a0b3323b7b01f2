//! Parses the command line, runs it, and alone decides what reaches stderr and the exit code:
//! 0 on success (a closed stdout pipe included), 2 for usage errors (one line, ending with the
//! help to read), 1 for every other error.

use std::io::Write;
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};

use claims::output::escape::inert;

fn main() -> ExitCode {
    ignore_file_size_signal();
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

/// A write past the file-size limit (`ulimit -f`) raises SIGXFSZ, whose default kills the
/// process with no word said. Ignored, the write fails with EFBIG instead, the transaction rolls
/// back, and the user gets the usual one-line error.
fn ignore_file_size_signal() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to SIG_IGN, before any thread is started.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
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
                "{}; see '{}'",
                inert(&message.join(" ")),
                help_for(std::env::args_os())
            );
            ExitCode::from(2)
        }
    }
}

/// The help a usage error points to: that of the deepest subcommand named on the command line
/// (`claims source add --help`), else the program's. clap's error does not always say which
/// subcommand it was parsing (a bad value does not), so the words are walked again: options
/// are stepped over with their values, and the first other word names a subcommand or ends
/// the walk.
fn help_for(args: impl IntoIterator<Item = std::ffi::OsString>) -> String {
    let mut root = claims::cli::Cli::command();
    root.build();
    let mut path = vec!["claims"];
    let mut current = &root;
    let mut words = args.into_iter().skip(1);
    while let Some(word) = words.next() {
        let Some(word) = word.to_str() else { break };
        if word == "--" {
            break;
        }
        if let Some(long) = word.strip_prefix("--") {
            if !long.contains('=') && takes_value(current, |arg| arg.get_long() == Some(long)) {
                words.next();
            }
            continue;
        }
        if let Some(shorts) = word.strip_prefix('-').filter(|s| !s.is_empty()) {
            let mut chars = shorts.chars();
            if let (Some(short), None) = (chars.next(), chars.next())
                && takes_value(current, |arg| arg.get_short() == Some(short))
            {
                words.next();
            }
            continue;
        }
        match current.find_subcommand(word) {
            Some(sub) if sub.get_name() != "help" => {
                path.push(sub.get_name());
                current = sub;
            }
            _ => break,
        }
    }
    format!("{} --help", path.join(" "))
}

/// Whether the option of `command` that `is_it` picks out takes a value after it.
fn takes_value(command: &clap::Command, is_it: impl Fn(&clap::Arg) -> bool) -> bool {
    command
        .get_arguments()
        .any(|arg| is_it(arg) && arg.get_action().takes_values())
}

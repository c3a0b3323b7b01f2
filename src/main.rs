//! Parses the command line, runs it, and alone decides what reaches stderr and the exit code:
//! 0 on success (a closed stdout pipe included), 2 for usage errors, 1 for every other error.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

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
            let _ = writeln!(std::io::stderr(), "error: {}", one_line(&error.to_string()));
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

/// An error is one line, whatever the user typed into it: control characters (a line break,
/// a terminal escape) are shown escaped, never sent to the terminal.
fn one_line(message: &str) -> String {
    message
        .chars()
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect()
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
                message.join(" ")
            );
            ExitCode::from(2)
        }
    }
}

//! Where stdout goes, as git does it: an answer longer than the screen goes through a pager
//! (`$CLAIMS_PAGER`, else `$PAGER`, else `less -FRX`) when stdout is a terminal; a shorter one,
//! or one into a pipe or a file, goes straight out. The answer is held until it is known to be
//! longer than the screen, then the pager starts and is fed as the rest comes, so a streamed
//! listing flows into it. A pager closed early (q in less) makes the next write fail with a
//! closed pipe, which `main` takes for success.

use std::io::{IsTerminal, StdoutLock, Write};
use std::process::{Child, ChildStdin, Command, Stdio};

/// The pager to use, once stdout is known to be a terminal and paging is not turned off.
#[derive(Debug, Clone)]
pub struct Pager {
    /// A shell command line, run by `sh -c` (so "less -R" and the like work).
    command: String,
    /// The screen's height: an answer of more lines than this is paged.
    rows: usize,
}

/// More bytes than this held is more than any screen holds, whatever the line count.
const SCREENFUL_AT_MOST: usize = 64 * 1024;

impl Pager {
    /// The pager for this process: none when `enabled` is false (`--no-pager`), stdout is not
    /// a terminal, or the pager named is empty (`CLAIMS_PAGER=`, `PAGER=`) or `cat`.
    pub fn for_stdout(enabled: bool) -> Option<Pager> {
        if !enabled || !std::io::stdout().is_terminal() {
            return None;
        }
        let named = |var: &str| std::env::var(var).ok();
        let command = named("CLAIMS_PAGER")
            .or_else(|| named("PAGER"))
            .unwrap_or_else(|| "less -FRX".to_string());
        let command = command.trim();
        if command.is_empty() || command == "cat" {
            return None;
        }
        Some(Pager {
            command: command.to_string(),
            rows: screen_rows(),
        })
    }
}

/// `LINES` when set (as `COLUMNS` is for the width), else the terminal's height, else 24.
fn screen_rows() -> usize {
    let lines = std::env::var("LINES")
        .ok()
        .and_then(|l| l.trim().parse::<usize>().ok())
        .filter(|l| *l > 0);
    lines.or_else(terminal_rows).unwrap_or(24)
}

#[cfg(unix)]
fn terminal_rows() -> Option<usize> {
    let mut size = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ writes one `winsize` into the struct it is given.
    let done = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut size) };
    (done == 0 && size.ws_row > 0).then_some(usize::from(size.ws_row))
}

#[cfg(not(unix))]
fn terminal_rows() -> Option<usize> {
    None
}

/// Stdout, or the pager once the answer outgrows the screen. `finish` ends it: what is still
/// held goes to stdout, and a pager is waited for. Dropped without `finish` (after an error),
/// what is held is dropped with it, and a pager is still waited for, so that the terminal is
/// the user's again before the error is printed.
pub struct Screen {
    pager: Option<Pager>,
    held: Vec<u8>,
    lines: usize,
    paging: Option<(Child, Option<ChildStdin>)>,
    stdout: StdoutLock<'static>,
}

impl Screen {
    pub fn new(pager: Option<Pager>) -> Screen {
        Screen {
            pager,
            held: Vec::new(),
            lines: 0,
            paging: None,
            stdout: std::io::stdout().lock(),
        }
    }

    /// Writes out what is held and waits for the pager, if one was started.
    pub fn finish(mut self) -> std::io::Result<()> {
        if self.paging.is_none() {
            self.stdout.write_all(&self.held)?;
            self.held.clear();
            return self.stdout.flush();
        }
        self.close()
    }

    /// Closes the pager's input and waits for it to end.
    fn close(&mut self) -> std::io::Result<()> {
        if let Some((mut child, input)) = self.paging.take() {
            let flushed = match input {
                Some(mut input) => input.flush(),
                None => Ok(()),
            };
            child.wait()?;
            flushed?;
        }
        Ok(())
    }

    /// Starts the pager and hands it what is held; a pager that cannot be started leaves the
    /// answer to stdout.
    fn start(&mut self, pager: &Pager) -> std::io::Result<()> {
        let mut command = Command::new("sh");
        command.arg("-c").arg(&pager.command).stdin(Stdio::piped());
        // As git does: less keeps colour and quits on a short answer, unless told otherwise.
        if std::env::var_os("LESS").is_none() {
            command.env("LESS", "FRX");
        }
        match command.spawn() {
            Ok(mut child) => {
                let input = child.stdin.take();
                self.paging = Some((child, input));
                let held = std::mem::take(&mut self.held);
                self.write_paged(&held)
            }
            Err(_) => {
                self.pager = None;
                self.stdout.write_all(&self.held)?;
                self.held.clear();
                Ok(())
            }
        }
    }

    fn write_paged(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match &mut self.paging {
            Some((_, Some(input))) => input.write_all(bytes),
            _ => Ok(()),
        }
    }
}

impl Write for Screen {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.paging.is_some() {
            self.write_paged(bytes)?;
            return Ok(bytes.len());
        }
        let Some(pager) = self.pager.clone() else {
            return self.stdout.write(bytes);
        };
        self.held.extend_from_slice(bytes);
        self.lines += bytes.iter().filter(|b| **b == b'\n').count();
        if self.lines > pager.rows || self.held.len() > SCREENFUL_AT_MOST {
            self.start(&pager)?;
        }
        Ok(bytes.len())
    }

    /// Flushes what has gone out; what is held stays held until the screen is full or the
    /// answer ends.
    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.paging {
            Some((_, Some(input))) => input.flush(),
            Some(_) => Ok(()),
            None if self.held.is_empty() => self.stdout.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        let _ = self.close();
    }
}

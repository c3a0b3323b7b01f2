//! Progress on stderr for work that can take over a second, drawn by indicatif only when stderr
//! is a terminal: pipes, scripts and tests see nothing. Used wherever the long work happens
//! (the store's migration and rebuild, a command's long query), so it belongs to no layer.
//!
//! A bar says only what is true: what it counts (rows by the message's noun, or bytes with
//! their unit), the time spent, and a time left only once the rate is known and while work
//! remains, never "0s left". Every bar and spinner is cleared when it ends, by `finish_and_clear`
//! or by being dropped after an error, so no stale line stays above the answer.

use std::fmt::Write as _;
use std::time::Duration;

use indicatif::{HumanDuration, ProgressBar, ProgressFinish, ProgressState, ProgressStyle};

/// A bar counting rows, its message naming them ("grading claims 1,234/100,000").
const ROWS: &str = "{msg} {wide_bar} {human_pos}/{human_len} · {elapsed}{left}";
/// A bar counting the bytes of a file read ("importing 12.5 MiB/40.1 MiB").
const BYTES: &str = "{msg} {wide_bar} {binary_bytes}/{binary_total_bytes} · {elapsed}{left}";
/// What is known when the total is not: how far, and for how long.
const BYTES_UNKNOWN: &str = "{spinner} {msg}: {binary_bytes} read · {elapsed}";
/// Work that cannot be counted: a spinner and the time spent.
const SPINNER: &str = "{spinner} {msg} · {elapsed}";

/// The rate needs this long to mean something; before it, no time left is shown.
const SETTLING: Duration = Duration::from_secs(2);

/// A progress bar on stderr counting `total` rows, for work that can take seconds (a
/// migration over a large database, a rebuild). indicatif draws it only when stderr is a
/// terminal, so pipes and tests see nothing.
/// With nothing to count (a migration of a new, empty database) it is never drawn, so that it
/// cannot flash "0/0" over a bar already on the screen.
pub fn progress(total: u64, message: &'static str) -> ProgressBar {
    if total == 0 {
        return ProgressBar::hidden();
    }
    styled(ProgressBar::new(total), ROWS, message)
}

/// A progress bar on stderr counting the bytes of a file of `total` bytes as it is read; with
/// no total (standard input), a spinner with the bytes read so far.
pub fn bytes(total: Option<u64>, message: &'static str) -> ProgressBar {
    match total {
        Some(total) => styled(ProgressBar::new(total), BYTES, message),
        None => {
            let bar = styled(ProgressBar::no_length(), BYTES_UNKNOWN, message);
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        }
    }
}

/// A spinner on stderr for one long query whose progress cannot be counted (on a terminal only).
pub fn spinner(message: &'static str) -> ProgressBar {
    let spinner = styled(ProgressBar::new_spinner(), SPINNER, message);
    spinner.enable_steady_tick(Duration::from_millis(120));
    spinner
}

/// Turns a bar whose count is done into a spinner for the work that follows it and cannot be
/// counted (an import's checks and grading after its last line), so that a full bar does not
/// sit there while work goes on.
pub fn then_spin(bar: &ProgressBar, message: &'static str) {
    if let Ok(style) = ProgressStyle::with_template(SPINNER) {
        bar.set_style(style);
    }
    bar.set_message(message);
    bar.enable_steady_tick(Duration::from_millis(120));
}

fn styled(bar: ProgressBar, template: &str, message: &'static str) -> ProgressBar {
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.with_key(
            "left",
            |state: &ProgressState, out: &mut dyn std::fmt::Write| {
                let _ = out.write_str(&time_left(
                    state.pos(),
                    state.len(),
                    state.elapsed(),
                    state.eta(),
                ));
            },
        ));
    }
    bar.set_message(message);
    // Dropped after an error, the bar is cleared too: the error line is not written under it.
    bar.with_finish(ProgressFinish::AndClear)
}

/// ", about 12s left", or nothing: before the rate has settled, once the count is done, or
/// when less than a second would be shown (indicatif says "0s" while work remains).
fn time_left(pos: u64, len: Option<u64>, elapsed: Duration, eta: Duration) -> String {
    let remaining = len.is_some_and(|len| pos < len);
    if !remaining || pos == 0 || elapsed < SETTLING || eta < Duration::from_secs(1) {
        return String::new();
    }
    let mut text = String::new();
    let _ = write!(text, ", about {} left", HumanDuration(eta));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_parses() {
        for template in [ROWS, BYTES, BYTES_UNKNOWN, SPINNER] {
            assert!(ProgressStyle::with_template(template).is_ok(), "{template}");
        }
    }

    #[test]
    fn bytes_are_shown_with_their_unit_and_rows_as_counts() {
        assert!(BYTES.contains("{binary_bytes}/{binary_total_bytes}"));
        assert!(BYTES_UNKNOWN.contains("{binary_bytes} read"));
        assert!(ROWS.contains("{human_pos}/{human_len}"));
        // No template shows indicatif's own ETA, which reads "0s" before the rate is known.
        for template in [ROWS, BYTES, BYTES_UNKNOWN, SPINNER] {
            assert!(!template.contains("{eta"), "{template}");
        }
    }

    #[test]
    fn no_time_left_until_it_means_something() {
        let s = Duration::from_secs;
        // Not started, or the rate not yet settled.
        assert_eq!(time_left(0, Some(100), s(5), s(0)), "");
        assert_eq!(time_left(10, Some(100), s(1), s(9)), "");
        // Work remains but indicatif would say 0s: nothing rather than a lie.
        assert_eq!(
            time_left(99, Some(100), s(30), Duration::from_millis(300)),
            ""
        );
        // Done counting (work may still follow): nothing.
        assert_eq!(time_left(100, Some(100), s(30), s(0)), "");
        // Unknown total: nothing.
        assert_eq!(time_left(10, None, s(30), s(3)), "");
        // Settled, with work left.
        assert_eq!(
            time_left(50, Some(100), s(10), s(10)),
            ", about 10 seconds left"
        );
    }
}

//! Progress on stderr for work that can take over a second, drawn by indicatif only when stderr
//! is a terminal: pipes, scripts and tests see nothing. Used wherever the long work happens
//! (the store's migration and rebuild, a command's long query), so it belongs to no layer.

/// A progress bar on stderr for work that can take seconds (a migration over a large database,
/// a rebuild). indicatif draws it only when stderr is a terminal, so pipes and tests see nothing.
pub fn progress(total: u64, message: &'static str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(total);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len} ({eta} left)")
    {
        bar.set_style(style);
    }
    bar.set_message(message);
    bar
}

/// A spinner on stderr for one long query whose progress cannot be counted (on a terminal only).
pub fn spinner(message: &'static str) -> indicatif::ProgressBar {
    let spinner = indicatif::ProgressBar::new_spinner();
    spinner.set_message(message);
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    spinner
}

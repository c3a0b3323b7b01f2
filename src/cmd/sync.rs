//! `sync`: push this file's events the remote lacks, pull the ones this file lacks, apply them
//! through the one apply path, and say what came of it.

use std::io::Write;

use indicatif::ProgressBar;

use crate::output::escape::inert;
use crate::sync::{self, Progress};
use crate::{Context, Result};

/// The bar of a long pull, on stderr (drawn only on a terminal).
struct Bar(Option<ProgressBar>);

impl Progress for Bar {
    fn start(&mut self, total: u64) {
        self.0 = Some(crate::progress::progress(total, "pulling changes"));
    }

    fn advance(&mut self, by: u64) {
        if let Some(bar) = &self.0 {
            bar.inc(by);
        }
    }
}

pub fn run(ctx: &Context) -> Result<()> {
    let mut store = ctx.open()?;
    let url = sync::remote_of(&store)?;
    let mut bar = Bar(None);
    let synced = sync::sync(&mut store, &url, &mut bar, &mut |warning| {
        let _ = writeln!(std::io::stderr(), "warning: {}", inert(warning));
    });
    if let Some(bar) = bar.0 {
        bar.finish_and_clear();
    }
    ctx.output.emit(&ctx.output.synced(&synced?)?)
}

//! `export`: the claims out, as JSON Lines (lossless), CSV, a Markdown dossier, ClaimReview or
//! a story page (HTML), to stdout or a file. A file is written beside its name and renamed into place when whole,
//! so a failed export never leaves half a file; one killed midway leaves its `.partial-PID`,
//! which the next export to the same place removes.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::cli::{ExportArgs, FormatArg};
use crate::model::{clean_name, format_timestamp, normalize_tag};
use crate::output::export as render;
use crate::output::page;
use crate::store::{ExportFilter, Store};
use crate::{Context, Error, Result};

/// The format asked for, else the one the output file's extension names, else JSON Lines.
fn format_of(asked: Option<FormatArg>, output: Option<&Path>) -> Result<FormatArg> {
    let by_extension = || {
        let extension = output?.extension()?.to_str()?.to_lowercase();
        Some(match extension.as_str() {
            "csv" => FormatArg::Csv,
            "md" | "markdown" => FormatArg::Markdown,
            "jsonld" => FormatArg::Claimreview,
            "html" | "htm" => FormatArg::Html,
            _ => FormatArg::Jsonl,
        })
    };
    match asked {
        Some(FormatArg::Table | FormatArg::Json) => Err(Error::Invalid(format!(
            "export writes --format jsonl, csv, markdown, claimreview or html, not {}",
            asked.map_or("", FormatArg::name)
        ))),
        Some(format) => Ok(format),
        None => Ok(by_extension().unwrap_or(FormatArg::Jsonl)),
    }
}

pub fn run(ctx: &Context, args: &ExportArgs) -> Result<()> {
    let format = format_of(ctx.format, args.output.as_deref())?;
    if args.statements && format != FormatArg::Csv {
        return Err(Error::Invalid(
            "--statements is for --format csv (one row per statement)".into(),
        ));
    }
    let filter = ExportFilter {
        tag: args.tag.as_deref().map(normalize_tag).transpose()?,
        statuses: args.status.clone(),
        include_removed: args.include_removed,
        include_merged: format == FormatArg::Csv,
    };
    let store = ctx.open_existing()?;
    let org = match format {
        FormatArg::Claimreview => Some(match &args.org {
            Some(org) => clean_name(org, "--org")?,
            None => store.config("org")?.ok_or_else(|| {
                Error::Invalid(
                    "ClaimReview names the organisation publishing the verdicts: give --org NAME \
                     or set it once with 'claims config set org NAME'"
                        .into(),
                )
            })?,
        }),
        _ => None,
    };
    let export = |out: &mut dyn Write| -> Result<()> {
        write(
            &store,
            &filter,
            format,
            args.statements,
            org.as_deref(),
            out,
        )?;
        out.flush()?;
        Ok(())
    };
    match &args.output {
        None => {
            let stdout = std::io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            export(&mut out)?;
        }
        Some(path) => {
            remove_stale_partials(path);
            let partial = partial_path(path);
            let result = std::fs::File::create(&partial)
                .map_err(|e| cannot_write(path, &e))
                .and_then(|file| {
                    let mut out = BufWriter::new(file);
                    export(&mut out)?;
                    out.get_ref().sync_all()?;
                    Ok(())
                })
                .and_then(|()| std::fs::rename(&partial, path).map_err(|e| cannot_write(path, &e)));
            if result.is_err() {
                let _ = std::fs::remove_file(&partial);
            }
            result?;
        }
    }
    Ok(())
}

fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".partial-{}", std::process::id()));
    path.with_file_name(name)
}

/// Removes the `NAME.partial-PID` files beside `path` whose process is gone: what an export
/// killed midway (SIGKILL, a power cut) left behind. A running export's file is its own, and
/// stays; so does anything that is not a plain file or not named exactly so. A PID reused by
/// another program since keeps its stale file until that program ends: the safe side.
fn remove_stale_partials(path: &Path) {
    let Some(name) = path.file_name() else {
        return;
    };
    let mut prefix = name.as_encoded_bytes().to_vec();
    prefix.extend_from_slice(b".partial-");
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .as_encoded_bytes()
            .strip_prefix(prefix.as_slice())
            .and_then(|digits| std::str::from_utf8(digits).ok())
            .and_then(|digits| {
                digits
                    .parse::<u32>()
                    .ok()
                    .filter(|pid| pid.to_string() == digits)
            })
        else {
            continue;
        };
        if pid != std::process::id()
            && entry.file_type().is_ok_and(|t| t.is_file())
            && process_gone(pid)
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether no process has this id (a signal 0 says "no such process").
#[cfg(unix)]
fn process_gone(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    rustix::process::test_kill_process(pid) == Err(rustix::io::Errno::SRCH)
}

#[cfg(not(unix))]
fn process_gone(_pid: u32) -> bool {
    false
}

fn cannot_write(path: &Path, error: &std::io::Error) -> Error {
    Error::Invalid(format!("cannot write {}: {error}", path.display()))
}

fn write(
    store: &Store,
    filter: &ExportFilter,
    format: FormatArg,
    statements: bool,
    org: Option<&str>,
    out: &mut dyn Write,
) -> Result<()> {
    // The count (the progress bar, the dossier's heading, the page's filter) and the rows come
    // from one snapshot, so they agree even while another process writes.
    store.snapshot(|| write_snapshot(store, filter, format, statements, org, out))
}

fn write_snapshot(
    store: &Store,
    filter: &ExportFilter,
    format: FormatArg,
    statements: bool,
    org: Option<&str>,
    out: &mut dyn Write,
) -> Result<()> {
    let progress = crate::progress::progress(store.export_count(filter)?, "exporting claims");
    match format {
        FormatArg::Csv => {
            let mut csv = csv::Writer::from_writer(out);
            render::csv_header(&mut csv, statements)?;
            store.export_claims(filter, &mut |claim| {
                progress.inc(1);
                render::csv_rows(&mut csv, &claim, statements)
            })?;
            csv.flush()?;
        }
        FormatArg::Markdown => {
            let now = format_timestamp(chrono::Utc::now());
            render::markdown_start(out, progress.length().unwrap_or(0), &now)?;
            store.export_claims(filter, &mut |claim| {
                progress.inc(1);
                render::markdown_claim(out, &claim)
            })?;
        }
        FormatArg::Html => {
            let counts = store.export_status_counts(filter)?;
            // The nonce that lets the page's own style sheet and script run: fresh per page,
            // so no stored text can carry it.
            let nonce = uuid::Uuid::now_v7().simple().to_string();
            let made_at = format_timestamp(chrono::Utc::now());
            page::start(
                out,
                &page::PageHead {
                    title: filter.tag.as_deref().unwrap_or("claims"),
                    made_at: &made_at,
                    counts: &counts,
                    nonce: &nonce,
                },
            )?;
            let mut any = false;
            store.export_claims(filter, &mut |claim| {
                progress.inc(1);
                any = true;
                page::claim(out, &claim)
            })?;
            page::end(out, any, &nonce)?;
        }
        FormatArg::Claimreview => {
            let org = org.unwrap_or_default();
            render::claimreview_start(out)?;
            let mut any = false;
            store.export_claims(filter, &mut |claim| {
                progress.inc(1);
                if let Some(node) = render::claimreview(&claim, org) {
                    render::claimreview_node(out, &node, !any)?;
                    any = true;
                }
                Ok(())
            })?;
            render::claimreview_end(out, any)?;
        }
        _ => {
            store.export_lines(filter, &mut |line| {
                if matches!(line, crate::interchange::Line::Claim(_)) {
                    progress.inc(1);
                }
                render::jsonl(out, &line)
            })?;
        }
    }
    progress.finish_and_clear();
    Ok(())
}

//! `import`: a JSON Lines export or a CSV sheet in, in one transaction: one bad line and
//! nothing is written. The file is read as a stream, with a progress bar by bytes read (in
//! KiB and MiB), then a spinner while the import grades and checks what it read.

use std::cell::Cell;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::rc::Rc;

use crate::cli::{FormatArg, ImportArgs};
use crate::interchange::{JsonlReader, SheetReader};
use crate::{Context, Error, Result};

/// Counts the bytes read, for the progress bar.
struct Counted<R> {
    inner: R,
    read: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

/// An iterator that calls `at_end` once, when its rows run out.
struct AtEnd<I, F: FnMut()> {
    rows: I,
    at_end: Option<F>,
}

impl<I, F: FnMut()> AtEnd<I, F> {
    fn new(rows: I, at_end: F) -> Self {
        AtEnd {
            rows,
            at_end: Some(at_end),
        }
    }
}

impl<I: Iterator, F: FnMut()> Iterator for AtEnd<I, F> {
    type Item = I::Item;

    fn next(&mut self) -> Option<I::Item> {
        let next = self.rows.next();
        if next.is_none()
            && let Some(mut at_end) = self.at_end.take()
        {
            at_end();
        }
        next
    }
}

fn format_of(asked: Option<FormatArg>, path: &Path) -> Result<FormatArg> {
    match asked {
        Some(format @ (FormatArg::Jsonl | FormatArg::Csv)) => return Ok(format),
        Some(other) => {
            return Err(Error::Invalid(format!(
                "import reads --format jsonl or csv, not {}",
                other.name()
            )));
        }
        None => {}
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase);
    match extension.as_deref() {
        Some("jsonl" | "ndjson") => Ok(FormatArg::Jsonl),
        Some("csv") => Ok(FormatArg::Csv),
        _ => Err(Error::Invalid(format!(
            "cannot tell the format of {} from its name: give --format jsonl or csv",
            if path == Path::new("-") {
                "standard input".to_string()
            } else {
                path.display().to_string()
            }
        ))),
    }
}

pub fn run(ctx: &Context, args: &ImportArgs) -> Result<()> {
    let format = format_of(ctx.format, &args.file)?;
    let read = Rc::new(Cell::new(0u64));
    let (input, size): (Box<dyn Read>, Option<u64>) = if args.file == Path::new("-") {
        (Box::new(std::io::stdin().lock()), None)
    } else {
        let file = File::open(&args.file)
            .map_err(|e| Error::Invalid(format!("cannot read {}: {e}", args.file.display())))?;
        let size = file
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.len());
        if size.is_none() && file.metadata().is_ok_and(|m| m.is_dir()) {
            return Err(Error::Invalid(format!(
                "cannot read {}: it is a directory",
                args.file.display()
            )));
        }
        (Box::new(file), size)
    };
    let input = BufReader::with_capacity(
        1 << 16,
        Counted {
            inner: input,
            read: Rc::clone(&read),
        },
    );

    // A sheet's header is checked before the database is touched.
    let mut reader = match format {
        FormatArg::Csv => Reader::Sheet(Box::new(SheetReader::new(input).map_err(Error::from)?)),
        _ => Reader::Lines(JsonlReader::new(input)),
    };
    let path = ctx.db_path()?;
    let existed = path.exists();
    let mut store = ctx.open()?;
    store.for_bulk()?;
    // Made once the database is open: opening may migrate it, with bars of its own, and two
    // bars drawn at once leave a stale line behind.
    let progress = crate::progress::bytes(size, "importing");
    let tick = {
        let progress = progress.clone();
        let read = Rc::clone(&read);
        move || progress.set_position(read.get())
    };
    // Once the file is read, the import still grades the claims it touched and (for JSON Lines)
    // holds every row against its history: a spinner says so, rather than a full bar.
    let read_all = || crate::progress::then_spin(&progress, "importing: grading and checking");
    let result = store.write(&ctx.actor, |writer| match &mut reader {
        Reader::Sheet(sheet) => {
            writer.import_sheet(AtEnd::new(sheet.inspect(|_| tick()), read_all))
        }
        Reader::Lines(lines) => {
            writer.import_lines(AtEnd::new(lines.inspect(|_| tick()), read_all))
        }
    });
    progress.finish_and_clear();
    let written = match result {
        Ok(written) => written,
        Err(error) => {
            // All or nothing: a database this import created goes with it.
            drop(store);
            if !existed {
                for suffix in ["", "-wal", "-shm"] {
                    let mut name = path.as_os_str().to_os_string();
                    name.push(suffix);
                    let _ = std::fs::remove_file(name);
                }
            }
            return Err(error);
        }
    };
    super::notify(&written.notices);
    ctx.output.emit(&ctx.output.imported(&written.value))
}

enum Reader<R: BufRead> {
    Sheet(Box<SheetReader<R>>),
    Lines(JsonlReader<R>),
}

//! Drives the sheet reader (what `claims import sheet.csv` parses with) over any bytes until
//! it is exhausted. Beyond not panicking, it checks what the reader promises: it comes to an
//! end; every error says something and names a line of the input; rows come after the header,
//! in line order; a row holds only trimmed, checked values; and the input read a few bytes at
//! a time gives what it gives read at once.
#![no_main]

use claims::interchange::SheetRow;
use claims::model::{format_timestamp, parse_when};
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/readers.rs"]
mod readers;
use readers::{Trickle, read_sheet as read};

/// Lines of the input as an editor numbers them: `\r\n`, `\n` and `\r` each end one.
fn line_count(bytes: &[u8]) -> u64 {
    let mut lines = 1;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            i += 1;
        }
        if bytes[i] == b'\r' || bytes[i] == b'\n' {
            lines += 1;
        }
        i += 1;
    }
    lines
}

fn check_row(row: &SheetRow) {
    assert!(
        !row.claim.is_empty() && row.claim.trim() == row.claim,
        "{row:?}"
    );
    assert!(!row.claim.starts_with('\0'), "{row:?}");
    for cell in [&row.source, &row.via, &row.citing, &row.quote, &row.url]
        .into_iter()
        .flatten()
    {
        assert!(!cell.is_empty() && cell.trim() == cell, "{row:?}");
    }
    for tag in &row.tags {
        assert!(
            !tag.is_empty() && *tag == tag.trim().to_lowercase(),
            "{row:?}"
        );
    }
    if let Some(at) = &row.stated_at {
        let again = parse_when(at).map(format_timestamp).ok();
        assert_eq!(
            again.as_ref(),
            Some(at),
            "a stored time reads back as itself"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let last = line_count(data);
    let whole = read(data, data.len());
    match &whole {
        Err(e) => assert!(
            e.line >= 1 && e.line <= last && !e.message.trim().is_empty(),
            "{e:?} (the input has {last} lines)"
        ),
        Ok(items) => {
            let mut previous = 1;
            for item in items {
                let line = match item {
                    Ok(row) => {
                        check_row(row);
                        row.line
                    }
                    Err(e) => {
                        assert!(!e.message.trim().is_empty(), "{e:?}");
                        e.line
                    }
                };
                assert!(
                    line > previous && line <= last,
                    "line {line} after line {previous}, of {last}"
                );
                previous = line;
            }
        }
    }
    let chunk = 1 + data.len() % 7;
    let trickled = read(Trickle { bytes: data, chunk }, data.len());
    assert_eq!(trickled, whole, "read {chunk} bytes at a time");
});

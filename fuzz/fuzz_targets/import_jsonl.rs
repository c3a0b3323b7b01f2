//! Drives the JSON Lines reader (what `claims import export.jsonl` parses with) over any bytes
//! until it is exhausted. Beyond not panicking, it checks what the reader promises: it comes to
//! an end; every error says something; line numbers rise and name lines of the input; every
//! line that reads, written back by the export's own writer, reads back the same (floats in an
//! event's payload aside: serde_json parses them to the nearest hair, not exactly); and the
//! input read a few bytes at a time gives what it gives read at once.
#![no_main]

use std::io::BufReader;

use claims::interchange::Line;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

#[path = "../../tests/support/readers.rs"]
mod readers;
use readers::{Trickle, read_jsonl as read};

fn has_float(value: &Value) -> bool {
    match value {
        Value::Number(n) => n.is_f64(),
        Value::Array(items) => items.iter().any(has_float),
        Value::Object(fields) => fields.values().any(has_float),
        _ => false,
    }
}

/// A line that reads is written back as the export writes it, and reads back the same.
fn round_trip(line: &Line) {
    let mut out = Vec::new();
    claims::output::export::jsonl(&mut out, line).expect("a line that reads can be written");
    let again = read(&out[..], out.len());
    assert_eq!(again.len(), 1, "{}", String::from_utf8_lossy(&out));
    let (number, back) = again[0]
        .as_ref()
        .unwrap_or_else(|e| panic!("{e:?}: {}", String::from_utf8_lossy(&out)));
    assert_eq!(*number, 1);
    if !matches!(line, Line::Event(e) if has_float(&e.payload)) {
        assert_eq!(back, line);
    }
}

fuzz_target!(|data: &[u8]| {
    // Lines end at `\n` only, in JSON Lines.
    let last = 1 + data.iter().filter(|b| **b == b'\n').count() as u64;
    let whole = read(data, data.len());
    let mut previous = 0;
    for item in &whole {
        let line = match item {
            Ok((line, content)) => {
                round_trip(content);
                *line
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
    let chunk = 1 + data.len() % 7;
    let trickled = read(
        BufReader::with_capacity(chunk, Trickle { bytes: data, chunk }),
        data.len(),
    );
    assert_eq!(trickled, whole, "read {chunk} bytes at a time");
});

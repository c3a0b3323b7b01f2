//! Reading an import file to its end, as the property tests (`tests/proptest_import.rs`) and
//! the fuzz targets (`fuzz/fuzz_targets/`) both do: one copy, included by path in each; each
//! uses part of it.
#![allow(dead_code)]

use std::io::{BufRead, Read};

use claims::interchange::{JsonlReader, Line, LineError, SheetReader, SheetRow};

/// A reader that hands its bytes out `chunk` at a time, as a pipe may.
pub struct Trickle<'a> {
    pub bytes: &'a [u8],
    pub chunk: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.chunk.min(buf.len()).min(self.bytes.len());
        buf[..n].copy_from_slice(&self.bytes[..n]);
        self.bytes = &self.bytes[n..];
        Ok(n)
    }
}

pub type SheetItems = Result<Vec<Result<SheetRow, LineError>>, LineError>;

/// Everything a sheet reader yields; a reader that yields more items than the input has bytes
/// never ends.
pub fn read_sheet(input: impl Read, len: usize) -> SheetItems {
    let mut items = Vec::new();
    for item in SheetReader::new(input)? {
        items.push(item);
        assert!(
            items.len() <= len + 1,
            "the sheet reader does not come to an end"
        );
    }
    Ok(items)
}

pub type JsonItems = Vec<Result<(u64, Line), LineError>>;

/// Everything a JSON Lines reader yields, with the same guard.
pub fn read_jsonl(input: impl BufRead, len: usize) -> JsonItems {
    let mut items = Vec::new();
    for item in JsonlReader::new(input) {
        items.push(item);
        assert!(
            items.len() <= len + 1,
            "the JSON Lines reader does not come to an end"
        );
    }
    items
}

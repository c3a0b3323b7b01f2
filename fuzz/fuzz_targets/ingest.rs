//! Drives `ingest`'s reader (what `claims ingest report.txt` runs: HTML stripped, sentences
//! split, attributions found) over any text. Beyond not panicking, it checks what `--apply`
//! relies on: every proposal names a speaker, an assertion always has a claim (only a bare
//! refusal or hedge may have none: it is linked to the claim it answers), every sentence span
//! is non-empty and the first is `sentence`, and the proposals serialise to the JSON `ingest`
//! prints.
//!
//! Time is bounded by libFuzzer: run with `-timeout=10` (README, "Fuzzing"), and a report
//! that takes longer is saved as a timeout artifact. `ingest` is meant to be linear in its
//! input, so `-max_len=65536` and above is worth a run too.
#![no_main]

use claims::ingest::{extract, plain_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // `claims ingest` refuses a report that is not UTF-8; the rest of any input is still text
    // worth reading, so invalid sequences become U+FFFD rather than being thrown away.
    let report = String::from_utf8_lossy(data);
    // The stripper alone, as the scorer and `ingest` both use it first.
    let _ = plain_text(&report);
    let proposals = extract(&report);
    for p in &proposals {
        assert!(!p.speaker.trim().is_empty(), "a proposal without a speaker: {p:?}");
        // Only a bare refusal or hedge ("declined to comment") has no claim of its own.
        assert!(
            !p.claim.trim().is_empty() || p.stance != claims::model::Stance::Asserts,
            "an assertion without a claim: {p:?}"
        );
        for s in &p.sentences {
            assert!(s.start < s.end, "an empty sentence span: {p:?}");
        }
        assert_eq!(p.sentences.first().map(|s| &s.text), Some(&p.sentence), "{p:?}");
        assert!(!p.sentence.trim().is_empty(), "a proposal without a sentence: {p:?}");
    }
    let json = serde_json::to_string(&proposals).expect("proposals serialise");
    assert!(json.starts_with('['), "{json}");
});

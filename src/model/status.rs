//! The derived status of a claim and its one-line summary for people, both computed from the
//! statements that are not retracted (docs/rules.md, "Status").

use std::fmt;
use std::str::FromStr;

use super::{Stamp, Stance};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Unverified,
    Confirmed,
    Denied,
    Contested,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Unverified,
        Status::Confirmed,
        Status::Denied,
        Status::Contested,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Unverified => "unverified",
            Status::Confirmed => "confirmed",
            Status::Denied => "denied",
            Status::Contested => "contested",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_lowercase();
        Status::ALL
            .into_iter()
            .find(|status| status.as_str() == wanted)
            .ok_or_else(|| {
                format!(
                    "unknown status '{s}'; use one of: unverified, confirmed, denied, contested"
                )
            })
    }
}

/// The status rule of docs/rules.md; only `confirms` and `denies` move a claim out of unverified.
pub fn derive_status(stances: impl IntoIterator<Item = Stance>) -> Status {
    let (mut confirmed, mut denied) = (false, false);
    for stance in stances {
        match stance {
            Stance::Confirms => confirmed = true,
            Stance::Denies => denied = true,
            Stance::Asserts | Stance::Ncnd | Stance::Declines => {}
        }
    }
    match (confirmed, denied) {
        (true, true) => Status::Contested,
        (true, false) => Status::Confirmed,
        (false, true) => Status::Denied,
        (false, false) => Status::Unverified,
    }
}

/// One statement as the summary needs it: who, how, through whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryEntry {
    pub stance: Stance,
    pub source: String,
    pub via: Option<String>,
    pub citing: Option<String>,
}

impl SummaryEntry {
    /// "Fahrettin Altun (via Associated Press)", "Reuters (citing Kommersant)".
    fn label(&self) -> String {
        let mut channel = Vec::new();
        if let Some(via) = &self.via {
            channel.push(format!("via {via}"));
        }
        if let Some(citing) = &self.citing {
            channel.push(format!("citing {citing}"));
        }
        if channel.is_empty() {
            self.source.clone()
        } else {
            format!("{} ({})", self.source, channel.join(", "))
        }
    }
}

/// The one-line summary, from statements in time order: who confirmed and denied, then (only
/// while nobody has) who asserted, then each source that could neither confirm nor deny and each
/// that declined. A source named twice for the same stance is named once.
pub fn summarize(entries: &[SummaryEntry]) -> String {
    if entries.is_empty() {
        return "no statements yet".to_string();
    }
    let labels = |stance: Stance| {
        let mut seen: Vec<String> = Vec::new();
        for entry in entries.iter().filter(|e| e.stance == stance) {
            let label = entry.label();
            if !seen.contains(&label) {
                seen.push(label);
            }
        }
        seen
    };
    let mut parts = Vec::new();
    let (confirms, denies) = (labels(Stance::Confirms), labels(Stance::Denies));
    let verified = !confirms.is_empty() || !denies.is_empty();
    for (stance, who) in [(Stance::Confirms, confirms), (Stance::Denies, denies)] {
        if !who.is_empty() {
            parts.push(format!("{} by {}", stance.phrase(), who.join(", ")));
        }
    }
    if !verified {
        let asserts = labels(Stance::Asserts);
        if !asserts.is_empty() {
            parts.push(format!("asserted by {}", asserts.join(", ")));
        }
    }
    for stance in [Stance::Ncnd, Stance::Declines] {
        for who in labels(stance) {
            parts.push(format!("{who}: {}", stance.phrase()));
        }
    }
    parts.join("; ")
}

/// A source's track record, from how many claims it took each stance on and how those claims
/// stand now: "confirmed 5 claims now confirmed, 1 now contested; denied 2 claims now denied".
pub fn track_record(counts: &[(Stance, Status, i64)]) -> String {
    let verb = |stance| match stance {
        Stance::Confirms => "confirmed",
        Stance::Denies => "denied",
        Stance::Asserts => "asserted",
        Stance::Ncnd => "could neither confirm nor deny",
        Stance::Declines => "declined to comment on",
    };
    let order = [
        Stance::Confirms,
        Stance::Denies,
        Stance::Asserts,
        Stance::Ncnd,
        Stance::Declines,
    ];
    let statuses = [
        Status::Confirmed,
        Status::Contested,
        Status::Denied,
        Status::Unverified,
    ];
    let mut parts = Vec::new();
    for stance in order {
        let mut items = Vec::new();
        for status in statuses {
            let n: i64 = counts
                .iter()
                .filter(|(s, st, _)| *s == stance && *st == status)
                .map(|(_, _, n)| n)
                .sum();
            if n > 0 {
                items.push((n, status));
            }
        }
        if let Some(((first, status), rest)) = items.split_first() {
            let noun = if *first == 1 { "claim" } else { "claims" };
            let mut part = format!("{} {first} {noun} now {status}", verb(stance));
            for (n, status) in rest {
                part.push_str(&format!(", {n} now {status}"));
            }
            parts.push(part);
        }
    }
    if parts.is_empty() {
        return "no statements".to_string();
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn track_records_read_as_sentences() {
        let counts = [
            (Stance::Confirms, Status::Confirmed, 5),
            (Stance::Denies, Status::Denied, 2),
            (Stance::Confirms, Status::Contested, 1),
        ];
        assert_eq!(
            track_record(&counts),
            "confirmed 5 claims now confirmed, 1 now contested; denied 2 claims now denied"
        );
        assert_eq!(
            track_record(&[(Stance::Declines, Status::Unverified, 1)]),
            "declined to comment on 1 claim now unverified"
        );
        assert_eq!(track_record(&[]), "no statements");
    }

    fn entry(stance: Stance, source: &str, via: Option<&str>) -> SummaryEntry {
        SummaryEntry {
            stance,
            source: source.to_string(),
            via: via.map(str::to_string),
            citing: None,
        }
    }

    /// Every combination of zero, one or two statements of each stance (3^5 = 243 cases),
    /// checked against the table of docs/rules.md written out as its four rows.
    #[test]
    fn status_over_every_combination_of_stances() {
        for mut code in 0..3usize.pow(5) {
            let mut stances = Vec::new();
            let mut counts = [0; 5];
            for (i, stance) in Stance::ALL.into_iter().enumerate() {
                counts[i] = code % 3;
                code /= 3;
                stances.extend(std::iter::repeat_n(stance, counts[i]));
            }
            let (confirms, denies) = (counts[1], counts[2]);
            let expected = if confirms >= 1 && denies >= 1 {
                Status::Contested
            } else if confirms >= 1 {
                Status::Confirmed
            } else if denies >= 1 {
                Status::Denied
            } else {
                Status::Unverified
            };
            assert_eq!(derive_status(stances.clone()), expected, "{stances:?}");
            // Order never matters.
            stances.reverse();
            assert_eq!(derive_status(stances.clone()), expected, "{stances:?}");
        }
    }

    #[test]
    fn status_rows() {
        assert_eq!(derive_status([]), Status::Unverified);
        assert_eq!(
            derive_status([Stance::Asserts, Stance::Ncnd, Stance::Declines]),
            Status::Unverified
        );
        assert_eq!(derive_status([Stance::Confirms]), Status::Confirmed);
        assert_eq!(derive_status([Stance::Denies]), Status::Denied);
        assert_eq!(
            derive_status([Stance::Denies, Stance::Confirms]),
            Status::Contested
        );
    }

    #[test]
    fn summary_of_the_seed_story_reads_as_domain_md_says() {
        let entries = [
            entry(Stance::Asserts, "unnamed source", Some("Kommersant")),
            entry(Stance::Declines, "Turkish official", None),
            entry(Stance::Ncnd, "Kremlin", None),
            entry(
                Stance::Confirms,
                "Fahrettin Altun",
                Some("Associated Press"),
            ),
        ];
        assert_eq!(
            summarize(&entries),
            "confirmed by Fahrettin Altun (via Associated Press); \
             Kremlin: can neither confirm nor deny; Turkish official: declined to comment"
        );
    }

    #[test]
    fn assertions_are_named_only_while_nobody_confirmed_or_denied() {
        let asserted = [
            entry(Stance::Asserts, "unnamed source", Some("Kommersant")),
            entry(Stance::Asserts, "unnamed source", Some("Kommersant")),
            entry(Stance::Asserts, "Reuters", None),
        ];
        assert_eq!(
            summarize(&asserted),
            "asserted by unnamed source (via Kommersant), Reuters"
        );
        let mut denied = asserted.to_vec();
        denied.push(entry(Stance::Denies, "Ministry", None));
        denied.push(entry(Stance::Confirms, "Agency", None));
        assert_eq!(
            summarize(&denied),
            "confirmed by Agency; denied by Ministry"
        );
    }

    #[test]
    fn citing_and_empty() {
        let mut cited = entry(Stance::Confirms, "Reuters", None);
        cited.citing = Some("Kommersant".into());
        assert_eq!(
            summarize(&[cited]),
            "confirmed by Reuters (citing Kommersant)"
        );
        assert_eq!(summarize(&[]), "no statements yet");
    }

    #[test]
    fn statuses_parse() {
        for status in Status::ALL {
            assert_eq!(status.as_str().parse::<Status>().unwrap(), status);
        }
        assert!("true".parse::<Status>().is_err());
    }
}

/// The as-of rule (docs/rules.md): as of a time (`None`: now), a statement is on the record
/// when it was said by then.
pub fn said_by(stated_at: &Stamp, as_of: Option<&Stamp>) -> bool {
    as_of.is_none_or(|as_of| stated_at <= as_of)
}

/// The other half of the as-of rule: a statement retracted at `retracted_at` is retracted as of
/// a time (`None`: now) when the retraction came by then. (Stored timestamps compare as text.)
pub fn retracted_by(retracted_at: Option<&Stamp>, as_of: Option<&Stamp>) -> bool {
    retracted_at.is_some_and(|at| as_of.is_none_or(|as_of| at <= as_of))
}

/// Whether a statement counts towards its claim's status as of a time: said by then and not
/// retracted by then.
pub fn counts_as_of(
    stated_at: &Stamp,
    retracted_at: Option<&Stamp>,
    as_of: Option<&Stamp>,
) -> bool {
    said_by(stated_at, as_of) && !retracted_by(retracted_at, as_of)
}

#[cfg(test)]
mod as_of_tests {
    use super::*;

    #[test]
    fn a_statement_counts_once_said_and_until_retracted() {
        let at = Stamp::stored;
        let (said, retracted) = (
            &at("2026-05-02T10:00:00Z"),
            Some(&at("2026-05-04T10:00:00Z")),
        );
        assert!(!counts_as_of(
            said,
            retracted,
            Some(&at("2026-05-01T23:59:59Z"))
        ));
        assert!(counts_as_of(
            said,
            retracted,
            Some(&at("2026-05-02T10:00:00Z"))
        ));
        assert!(counts_as_of(
            said,
            retracted,
            Some(&at("2026-05-03T00:00:00Z"))
        ));
        assert!(!counts_as_of(
            said,
            retracted,
            Some(&at("2026-05-04T10:00:00Z"))
        ));
        assert!(!counts_as_of(said, retracted, None));
        assert!(counts_as_of(said, None, None));
        assert!(retracted_by(retracted, None) && !retracted_by(None, None));
    }
}

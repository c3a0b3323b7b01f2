//! Sources: their kinds, the Admiralty reliability grade, and how a typed name is compared
//! with the names and aliases on record.

use std::fmt;
use std::str::FromStr;

use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Person,
    Organization,
    Outlet,
    Anonymous,
    Document,
    Data,
    Desk,
}

impl SourceKind {
    pub const ALL: [SourceKind; 7] = [
        SourceKind::Person,
        SourceKind::Organization,
        SourceKind::Outlet,
        SourceKind::Anonymous,
        SourceKind::Document,
        SourceKind::Data,
        SourceKind::Desk,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Person => "person",
            SourceKind::Organization => "organization",
            SourceKind::Outlet => "outlet",
            SourceKind::Anonymous => "anonymous",
            SourceKind::Document => "document",
            SourceKind::Data => "data",
            SourceKind::Desk => "desk",
        }
    }

    /// Whether a source of this kind is found by its name (docs/rules.md): a named source by
    /// its name and aliases, and is merged with a source of the same name. An anonymous source
    /// answers only to its number and is never merged by name; a desk is the actor's own, made
    /// and found by the actor's name alone. Neither kind is given or taken by an edit.
    pub fn answers_to_names(self) -> bool {
        !matches!(self, SourceKind::Anonymous | SourceKind::Desk)
    }
}

/// How a name no source answers to was written where it made a new source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WrittenAs {
    /// As who spoke (`--by`, a sheet's source column), with the kind given, if any.
    Speaker(Option<SourceKind>),
    /// As the channel that carried someone's words (`--via`, `--citing`, a sheet's via and
    /// citing columns).
    Carrier,
    /// As a speaker a report names (`ingest`), which also carries others' words when it does.
    Reported { carries_others: bool },
}

/// The kind a new source gets: the one given; an outlet for a channel, or for a reported
/// speaker that carries others' words; data for a reported speaker whose name says so
/// ("flight-tracking data"); a person otherwise, until edited.
pub fn new_source_kind(name: &str, written: WrittenAs) -> SourceKind {
    match written {
        WrittenAs::Speaker(kind) => kind.unwrap_or(SourceKind::Person),
        WrittenAs::Carrier
        | WrittenAs::Reported {
            carries_others: true,
        } => SourceKind::Outlet,
        WrittenAs::Reported {
            carries_others: false,
        } => {
            let key = name_key(name);
            if key == "data" || key.ends_with(" data") {
                SourceKind::Data
            } else {
                SourceKind::Person
            }
        }
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SourceKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_lowercase();
        let wanted = match wanted.as_str() {
            "organisation" | "org" => "organization",
            other => other,
        };
        SourceKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == wanted)
            .ok_or_else(|| {
                format!(
                    "unknown source kind '{s}'; use one of: person, organization, outlet, \
                     anonymous, document, data, desk"
                )
            })
    }
}

/// Source reliability on the Admiralty code: A completely reliable … F cannot be judged.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub enum Reliability {
    A,
    B,
    C,
    D,
    E,
    #[default]
    F,
}

impl Reliability {
    pub fn as_str(self) -> &'static str {
        match self {
            Reliability::A => "A",
            Reliability::B => "B",
            Reliability::C => "C",
            Reliability::D => "D",
            Reliability::E => "E",
            Reliability::F => "F",
        }
    }
}

impl fmt::Display for Reliability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Reliability {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.trim().to_uppercase().as_str() {
            "A" => Reliability::A,
            "B" => Reliability::B,
            "C" => Reliability::C,
            "D" => Reliability::D,
            "E" => Reliability::E,
            "F" => Reliability::F,
            _ => {
                return Err(format!(
                    "unknown reliability '{s}'; use a letter from A (completely reliable) \
                     to F (cannot be judged)"
                ));
            }
        })
    }
}

/// The form in which names and aliases are compared: trimmed, inner whitespace collapsed,
/// lowercased (Unicode-aware, unlike SQLite's NOCASE), in Unicode normalisation form C, so that
/// "Jose\u{301}" (an e and a combining accent, as some keyboards and copied pages give it) and
/// "José" are one name. Names themselves are stored as they were typed.
pub fn name_key(name: &str) -> String {
    // NFC again after lowercasing: a lowercase letter may compose where its capital did not.
    collapsed(name)
        .nfc()
        .collect::<String>()
        .to_lowercase()
        .nfc()
        .collect()
}

/// What a name looks like, for telling a new source that merely looks like an existing one
/// ("Kremlin" spelled with a Cyrillic К): Unicode's confusable skeleton (UTS #39) of the name
/// with its spacing tidied, lowercased so that case differences do not hide a likeness. Two
/// names with one skeleton are confusable; the skeleton is never shown.
pub fn name_skeleton(name: &str) -> String {
    unicode_security::confusable_detection::skeleton(&collapsed(name))
        .collect::<String>()
        .to_lowercase()
}

fn collapsed(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `query` matches the start of a word of `name`: "altun" and "fahr" match
/// "Fahrettin Altun", "ltun" does not. Both sides are compared by `name_key`.
pub fn matches_word_prefix(name: &str, query: &str) -> bool {
    word_prefix_ends(name, query).next().is_some()
}

/// Whether `query` is the whole of a run of words of `name`: "altun" and "fahrettin altun" are
/// of "Fahrettin Altun", "fahr" is not, nor is "germany" of "Germany's prosecutor" (a word
/// ends at a space or at punctuation other than an apostrophe). A match by word prefix that is
/// not this is said on stderr.
pub fn matches_whole_words(name: &str, query: &str) -> bool {
    word_prefix_ends(name, query)
        .any(|next| next.is_none_or(|n| !n.is_alphanumeric() && !matches!(n, '\'' | '\u{2019}')))
}

/// For each place where a word of `name` starts with `query` (both by `name_key`), the
/// character that follows the match, if any.
fn word_prefix_ends(name: &str, query: &str) -> impl Iterator<Item = Option<char>> {
    let (name, query) = (name_key(name), name_key(query));
    let mut ends = Vec::new();
    if !query.is_empty() {
        let mut previous: Option<char> = None;
        for (at, c) in name.char_indices() {
            let word_start = previous.is_none_or(|p| !p.is_alphanumeric()) && c.is_alphanumeric();
            if word_start && name[at..].starts_with(&query) {
                ends.push(name[at + query.len()..].chars().next());
            }
            previous = Some(c);
        }
    }
    ends.into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_are_told_from_parts_of_words() {
        assert!(matches_whole_words("Fahrettin Altun", "altun"));
        assert!(matches_whole_words("Fahrettin Altun", "Fahrettin Altun"));
        assert!(!matches_whole_words("Fahrettin Altun", "fahr"));
        assert!(!matches_whole_words(
            "Germany's federal prosecutor's office",
            "Germany"
        ));
        assert!(!matches_whole_words(
            "Germany’s federal prosecutor",
            "Germany"
        ));
        assert!(matches_whole_words(
            "Germany's federal prosecutor's office",
            "federal"
        ));
        assert!(matches_whole_words("Ministry of Defence (UK)", "defence"));
    }

    #[test]
    fn keys_ignore_case_and_spacing() {
        assert_eq!(name_key("  Fahrettin   ALTUN "), "fahrettin altun");
        assert_eq!(name_key("TÜRKIYE"), name_key("türkiye"));
    }

    #[test]
    fn keys_are_normalised() {
        assert_eq!(name_key("Jose\u{301} Ruiz"), name_key("José Ruiz"));
        assert_eq!(name_key("JOSE\u{301}"), "josé");
        assert_ne!(name_key("Kremlin"), name_key("\u{41a}remlin"));
    }

    #[test]
    fn skeletons_tell_look_alikes() {
        // A Cyrillic capital Ka, and an uppercase Latin name against a lowercase one.
        assert_eq!(name_skeleton("\u{41a}remlin"), name_skeleton("Kremlin"));
        assert_eq!(name_skeleton("\u{41a}remlin"), name_skeleton("kremlin"));
        assert_eq!(
            name_skeleton("  Jose\u{301}   Ruiz"),
            name_skeleton("José Ruiz")
        );
        assert_eq!(name_skeleton("Reuter\u{455}"), name_skeleton("Reuters"));
        assert_ne!(name_skeleton("Kremlin"), name_skeleton("Kremlyn"));
    }

    #[test]
    fn word_prefixes() {
        assert!(matches_word_prefix("Fahrettin Altun", "Altun"));
        assert!(matches_word_prefix("Fahrettin Altun", "fahr"));
        assert!(matches_word_prefix("Fahrettin Altun", "fahrettin al"));
        assert!(matches_word_prefix("Jean-Luc Picard", "luc"));
        assert!(!matches_word_prefix("Fahrettin Altun", "ltun"));
        assert!(!matches_word_prefix("Fahrettin Altun", ""));
        assert!(!matches_word_prefix("Kremlin", "Kremlin spokesman"));
    }

    #[test]
    fn kinds_and_grades_parse() {
        for kind in SourceKind::ALL {
            assert_eq!(kind.as_str().parse::<SourceKind>().unwrap(), kind);
        }
        assert_eq!(
            "organisation".parse::<SourceKind>().unwrap(),
            SourceKind::Organization
        );
        assert!("robot".parse::<SourceKind>().is_err());
        assert_eq!("b".parse::<Reliability>().unwrap(), Reliability::B);
        assert!("G".parse::<Reliability>().is_err());
        assert_eq!(Reliability::default(), Reliability::F);
    }
}

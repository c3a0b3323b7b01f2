//! The five stances a source can take on a claim, with the verbs and aliases users type.

use std::fmt;
use std::str::FromStr;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    Asserts,
    Confirms,
    Denies,
    Ncnd,
    Declines,
}

impl Stance {
    pub const ALL: [Stance; 5] = [
        Stance::Asserts,
        Stance::Confirms,
        Stance::Denies,
        Stance::Ncnd,
        Stance::Declines,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Asserts => "asserts",
            Stance::Confirms => "confirms",
            Stance::Denies => "denies",
            Stance::Ncnd => "ncnd",
            Stance::Declines => "declines",
        }
    }

    /// The stance in a sentence, for people: "Kremlin: can neither confirm nor deny".
    pub fn phrase(self) -> &'static str {
        match self {
            Stance::Asserts => "asserted",
            Stance::Confirms => "confirmed",
            Stance::Denies => "denied",
            Stance::Ncnd => "can neither confirm nor deny",
            Stance::Declines => "declined to comment",
        }
    }
}

impl fmt::Display for Stance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Stance {
    type Err = String;

    /// Accepts the stance names of docs/rules.md and the command verbs that record them.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.trim().to_lowercase().as_str() {
            "asserts" | "assert" => Stance::Asserts,
            "confirms" | "confirm" => Stance::Confirms,
            "denies" | "deny" => Stance::Denies,
            "ncnd" | "neither" => Stance::Ncnd,
            "declines" | "decline" | "no-comment" => Stance::Declines,
            _ => return Err(format!("unknown stance '{s}'{}", did_you_mean(s))),
        })
    }
}

/// "; did you mean 'confirms'?" for a near miss, else the list of stances.
fn did_you_mean(typed: &str) -> String {
    let typed = typed.trim().to_lowercase();
    let names = [
        "asserts",
        "confirms",
        "denies",
        "ncnd",
        "declines",
        "assert",
        "confirm",
        "deny",
        "neither",
        "decline",
        "no-comment",
    ];
    let closest = names
        .iter()
        .map(|name| (strsim::damerau_levenshtein(&typed, name), *name))
        .min();
    match closest {
        Some((distance, name)) if distance <= 2 && !typed.is_empty() => {
            let stance: Stance = name.parse().expect("a listed name");
            format!("; did you mean '{stance}'?")
        }
        _ => "; use one of: asserts, confirms, denies, ncnd, declines".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_verbs_and_aliases_parse() {
        for stance in Stance::ALL {
            assert_eq!(stance.as_str().parse::<Stance>().unwrap(), stance);
        }
        assert_eq!("neither".parse::<Stance>().unwrap(), Stance::Ncnd);
        assert_eq!("no-comment".parse::<Stance>().unwrap(), Stance::Declines);
        assert_eq!("Confirm".parse::<Stance>().unwrap(), Stance::Confirms);
        assert!("maybe".parse::<Stance>().is_err());
    }

    #[test]
    fn near_misses_get_a_suggestion() {
        let error = "confrims".parse::<Stance>().unwrap_err();
        assert_eq!(error, "unknown stance 'confrims'; did you mean 'confirms'?");
        let error = "denys".parse::<Stance>().unwrap_err();
        assert!(error.ends_with("did you mean 'denies'?"), "{error}");
        let error = "perhaps".parse::<Stance>().unwrap_err();
        assert!(error.ends_with("use one of: asserts, confirms, denies, ncnd, declines"));
    }
}

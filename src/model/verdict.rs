//! The desk's published rating of a claim (docs/rules.md, "Reliability and credibility"), on the scale ClaimReview
//! publishes: a number from 1 (false) to 5 (true) with the rating's name beside it. A verdict
//! never changes the derived status.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rating {
    False,
    MostlyFalse,
    Misleading,
    HalfTrue,
    MostlyTrue,
    True,
}

impl Rating {
    pub const ALL: [Rating; 6] = [
        Rating::False,
        Rating::MostlyFalse,
        Rating::Misleading,
        Rating::HalfTrue,
        Rating::MostlyTrue,
        Rating::True,
    ];
    /// ClaimReview's `worstRating` and `bestRating`.
    pub const WORST: u8 = 1;
    pub const BEST: u8 = 5;

    pub fn as_str(self) -> &'static str {
        match self {
            Rating::False => "false",
            Rating::MostlyFalse => "mostly-false",
            Rating::Misleading => "misleading",
            Rating::HalfTrue => "half-true",
            Rating::MostlyTrue => "mostly-true",
            Rating::True => "true",
        }
    }

    /// ClaimReview's `ratingValue`: misleading sits with mostly false.
    pub fn value(self) -> u8 {
        match self {
            Rating::False => 1,
            Rating::MostlyFalse | Rating::Misleading => 2,
            Rating::HalfTrue => 3,
            Rating::MostlyTrue => 4,
            Rating::True => 5,
        }
    }

    /// ClaimReview's `alternateName`, for people: "Mostly false".
    pub fn label(self) -> String {
        let words = self.as_str().replace('-', " ");
        let mut chars = words.chars();
        chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Rating {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_lowercase().replace([' ', '_'], "-");
        Rating::ALL
            .into_iter()
            .find(|r| r.as_str() == wanted)
            .ok_or_else(|| {
                format!(
                    "unknown rating '{s}'; use one of: {}",
                    Rating::ALL.map(Rating::as_str).join(", ")
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_parse_and_sit_on_the_claimreview_scale() {
        for rating in Rating::ALL {
            assert_eq!(rating.as_str().parse::<Rating>().unwrap(), rating);
            assert!((Rating::WORST..=Rating::BEST).contains(&rating.value()));
        }
        assert_eq!(
            "Mostly False".parse::<Rating>().unwrap(),
            Rating::MostlyFalse
        );
        assert_eq!(Rating::MostlyFalse.label(), "Mostly false");
        assert!("dubious".parse::<Rating>().is_err());
    }
}

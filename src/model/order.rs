//! The orders `list --sort` offers, and the order of statuses within one: the claims that most
//! need an editor's eye first (contested, then denied, confirmed, unverified).

use std::fmt;
use std::str::FromStr;

use super::Status;

/// How `list` orders claims. Every order breaks its ties by the most recent activity, then the
/// highest number (`created` by the highest number alone).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ClaimOrder {
    /// Most recent activity first (a statement, an edit, a retraction, a verdict).
    #[default]
    Activity,
    /// Most recently logged first.
    Created,
    /// Latest date of the claimed event first; claims without a date last.
    Happened,
    /// Contested, denied, confirmed, unverified.
    Status,
    /// Best credibility grade first (1, then 2, … 6).
    Grade,
}

impl ClaimOrder {
    pub const ALL: [ClaimOrder; 5] = [
        ClaimOrder::Activity,
        ClaimOrder::Created,
        ClaimOrder::Happened,
        ClaimOrder::Status,
        ClaimOrder::Grade,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ClaimOrder::Activity => "activity",
            ClaimOrder::Created => "created",
            ClaimOrder::Happened => "happened",
            ClaimOrder::Status => "status",
            ClaimOrder::Grade => "grade",
        }
    }
}

impl fmt::Display for ClaimOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ClaimOrder {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_lowercase();
        ClaimOrder::ALL
            .into_iter()
            .find(|order| order.as_str() == wanted)
            .ok_or_else(|| {
                format!(
                    "unknown order '{s}'; use one of: activity, created, happened, status, grade"
                )
            })
    }
}

/// The statuses in the order `list --sort status` shows them: disagreement first, then the
/// settled ones, then what nobody has spoken to yet.
pub const STATUS_ORDER: [Status; 4] = [
    Status::Contested,
    Status::Denied,
    Status::Confirmed,
    Status::Unverified,
];

/// Where a status comes in [`STATUS_ORDER`].
pub fn status_rank(status: Status) -> usize {
    STATUS_ORDER
        .iter()
        .position(|s| *s == status)
        .unwrap_or(STATUS_ORDER.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_order_parses_by_its_name() {
        for order in ClaimOrder::ALL {
            assert_eq!(order.as_str().parse::<ClaimOrder>(), Ok(order));
        }
        assert_eq!(" Grade ".parse::<ClaimOrder>(), Ok(ClaimOrder::Grade));
        assert!("newest".parse::<ClaimOrder>().is_err());
    }

    #[test]
    fn every_status_has_a_rank() {
        let mut ranks: Vec<usize> = Status::ALL.into_iter().map(status_rank).collect();
        ranks.sort();
        assert_eq!(ranks, [0, 1, 2, 3]);
    }
}

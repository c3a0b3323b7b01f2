//! The numbers of claims, statements and sources as types of their own: a claim number cannot be
//! passed where a statement's is wanted. They are local to a database file (uuids say which
//! thing it is everywhere), shown and stored as plain integers.

use std::fmt;

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize,
            serde::Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl From<i64> for $name {
            fn from(n: i64) -> $name {
                $name(n)
            }
        }

        /// Compared with a plain number, as it is typed and shown.
        impl PartialEq<i64> for $name {
            fn eq(&self, other: &i64) -> bool {
                self.0 == *other
            }
        }

        impl PartialOrd<i64> for $name {
            fn partial_cmp(&self, other: &i64) -> Option<std::cmp::Ordering> {
                self.0.partial_cmp(other)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }
    };
}

id!(
    /// A claim's number (`#3`).
    ClaimId
);
id!(
    /// A statement's number, as `show` lists it.
    StatementId
);
id!(
    /// A source's number (`#N`, the only name of an anonymous source).
    SourceId
);

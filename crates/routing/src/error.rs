//! Errors of table updates and loads.

use crate::{AssignmentId, Number, Timestamp};

/// Why an update or a load was refused. Nothing of a refused update or
/// load is applied: the table in force stays.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RoutingError {
    /// Two exclusive rentals of one number share an instant.
    #[error("exclusive rentals {first} and {second} of {number} overlap in time")]
    OverlappingExclusive {
        /// The number.
        number: Number,
        /// The earlier rental.
        first: AssignmentId,
        /// The later rental.
        second: AssignmentId,
    },
    /// Two service-scoped rentals of one number share an instant and a
    /// sender, so a message could belong to both.
    #[error(
        "service-scoped rentals {first} and {second} of {number} overlap in time and share a sender"
    )]
    OverlappingServices {
        /// The number.
        number: Number,
        /// The earlier rental.
        first: AssignmentId,
        /// The later rental.
        second: AssignmentId,
    },
    /// An assignment listed under another number.
    #[error("assignment {id} is for {actual}, but was given for {number}")]
    WrongNumber {
        /// The number it was given for.
        number: Number,
        /// Its id.
        id: AssignmentId,
        /// Its own number.
        actual: Number,
    },
    /// `ends_at` is not after `starts_at`.
    #[error("assignment {id} of {number} ends ({ends_at}) before it starts ({starts_at})")]
    EmptyWindow {
        /// The number.
        number: Number,
        /// Its id.
        id: AssignmentId,
        /// Its start.
        starts_at: Timestamp,
        /// Its end.
        ends_at: Timestamp,
    },
}

impl RoutingError {
    /// A fixed label for metrics.
    pub const fn as_label(&self) -> &'static str {
        match self {
            RoutingError::OverlappingExclusive { .. } => "overlapping_exclusive",
            RoutingError::OverlappingServices { .. } => "overlapping_services",
            RoutingError::WrongNumber { .. } => "wrong_number",
            RoutingError::EmptyWindow { .. } => "empty_window",
        }
    }
}

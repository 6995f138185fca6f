//! Instants, in milliseconds since the Unix epoch (UTC).

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// An instant, in milliseconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Timestamp(pub i64);

/// Why a string is not an RFC 3339 timestamp.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an RFC 3339 timestamp (e.g. 2026-01-31T12:00:00Z)")]
pub struct InvalidTimestamp(pub String);

impl Timestamp {
    /// The latest instant: what an open-ended rental ends at.
    pub const MAX: Timestamp = Timestamp(i64::MAX);

    /// Now, from the system clock.
    pub fn now() -> Timestamp {
        let ms = match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
            Err(e) => -i64::try_from(e.duration().as_millis()).unwrap_or(i64::MAX),
        };
        Timestamp(ms)
    }

    /// Parses an RFC 3339 timestamp with any offset.
    ///
    /// # Errors
    /// [`InvalidTimestamp`].
    pub fn parse_rfc3339(s: &str) -> Result<Timestamp, InvalidTimestamp> {
        let t = OffsetDateTime::parse(s, &Rfc3339).map_err(|_| InvalidTimestamp(s.to_owned()))?;
        let ms = t.unix_timestamp_nanos() / 1_000_000;
        i64::try_from(ms)
            .map(Timestamp)
            .map_err(|_| InvalidTimestamp(s.to_owned()))
    }

    /// RFC 3339 in UTC, with milliseconds when there are any.
    pub fn to_rfc3339(self) -> String {
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(self.0) * 1_000_000)
            .ok()
            .and_then(|t| t.format(&Rfc3339).ok())
            .unwrap_or_else(|| format!("@{}ms", self.0))
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == Timestamp::MAX {
            f.write_str("∞")
        } else {
            f.write_str(&self.to_rfc3339())
        }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trip_and_offsets() {
        let t = Timestamp::parse_rfc3339("2026-01-31T12:00:00Z").expect("valid");
        assert_eq!(t.0, 1_769_860_800_000);
        assert_eq!(t.to_rfc3339(), "2026-01-31T12:00:00Z");
        assert_eq!(Timestamp::parse_rfc3339("2026-01-31T13:00:00+01:00"), Ok(t));
        assert!(Timestamp::parse_rfc3339("2026-01-31").is_err());
        assert!(Timestamp::now() > t || Timestamp::now() < t);
    }
}

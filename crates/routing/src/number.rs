//! E.164 numbers as `u64` keys.

use std::fmt;
use std::str::FromStr;

/// An E.164 number: country code and subscriber number, at most 15 digits,
/// kept as the integer those digits spell (`+14035551234` is
/// `14035551234`). E.164 numbers never start with 0, so the integer is
/// unambiguous and never 0.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Number(u64);

/// Why a string is not an E.164 number.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an E.164 number (+ then 2 to 15 digits, not starting with 0)")]
pub struct InvalidNumber(pub String);

impl Number {
    /// The largest value 15 digits can hold.
    const MAX: u64 = 999_999_999_999_999;

    /// The number whose digits spell `value`; `None` for 0 or more than 15
    /// digits.
    pub const fn new(value: u64) -> Option<Number> {
        if value == 0 || value > Self::MAX {
            None
        } else {
            Some(Number(value))
        }
    }

    /// The digits as an integer.
    pub const fn get(self) -> u64 {
        self.0
    }

    /// Parses `+` and 2–15 digits (the `+` may be left out).
    ///
    /// # Errors
    /// [`InvalidNumber`] for anything else.
    pub fn parse(s: &str) -> Result<Number, InvalidNumber> {
        let digits = s.strip_prefix('+').unwrap_or(s);
        let invalid = || InvalidNumber(s.to_owned());
        if !(2..=15).contains(&digits.len())
            || !digits.bytes().all(|b| b.is_ascii_digit())
            || digits.starts_with('0')
        {
            return Err(invalid());
        }
        digits.parse().map(Number).map_err(|_| invalid())
    }

    /// Number of digits.
    pub const fn digit_count(self) -> u32 {
        self.0.ilog10() + 1
    }
}

impl FromStr for Number {
    type Err = InvalidNumber;

    fn from_str(s: &str) -> Result<Number, InvalidNumber> {
        Number::parse(s)
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "+{}", self.0)
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "+{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_e164() {
        assert_eq!(
            Number::parse("+14035551234").map(Number::get),
            Ok(14_035_551_234)
        );
        assert_eq!(
            Number::parse("447700900123").map(Number::get),
            Ok(447_700_900_123)
        );
        assert_eq!(
            Number::parse("+14035551234")
                .map(|n| n.to_string())
                .as_deref(),
            Ok("+14035551234")
        );
        for bad in ["", "+", "+0123", "+1", "+1234567890123456", "+1-403", "abc"] {
            assert!(Number::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Number::parse("+999999999999999").map(Number::digit_count),
            Ok(15)
        );
    }
}

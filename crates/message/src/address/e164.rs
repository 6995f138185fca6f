//! The `E164` number type.

use std::fmt;
use std::str::FromStr;

use compact_str::CompactString;

use super::AddressError;
use super::codes::split_country_code;

/// Most digits an E.164 number has (country code included).
pub const MAX_DIGITS: usize = 15;
/// Fewest digits inlet accepts as an E.164 number: the shortest numbers in
/// service (Niue, Tokelau: a 3-digit code and 4 digits) have 7.
pub const MIN_DIGITS: usize = 7;

/// A valid international number: 7 to 15 digits that start with an
/// assigned ITU-T country code. Displays and serializes as `+` and the
/// digits (`+447700900123`), the form the record's `to` and the Kafka key
/// use.
///
/// Stored as an integer (E.164 numbers cannot start with `0`, so the
/// digits and the integer are one-to-one): `Copy`, cheap to hash and
/// compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct E164(u64);

impl E164 {
    /// Validates ASCII digits (no `+`, no separators).
    pub fn from_digits(digits: &[u8]) -> Result<E164, AddressError> {
        if digits.is_empty() {
            return Err(AddressError::Empty);
        }
        if !digits.iter().all(u8::is_ascii_digit) {
            return Err(AddressError::InvalidCharacter);
        }
        if digits.len() > MAX_DIGITS {
            return Err(AddressError::TooLong {
                digits: digits.len(),
            });
        }
        if split_country_code(digits).is_none() {
            return Err(AddressError::UnknownCountryCode);
        }
        if digits.len() < MIN_DIGITS {
            return Err(AddressError::TooShort {
                digits: digits.len(),
            });
        }
        Ok(E164(to_u64(digits)))
    }

    /// The number from its country code and national significant number
    /// (ASCII digits), validated as by [`E164::from_digits`].
    pub(super) fn from_parts(cc: u16, nsn: &[u8]) -> Result<E164, AddressError> {
        let mut buf = [0u8; MAX_DIGITS + 1];
        let mut len = 0;
        let mut started = false;
        for div in [100u16, 10, 1] {
            let d = (cc / div % 10) as u8;
            if d != 0 || started || div == 1 {
                started = true;
                buf[len] = b'0' + d;
                len += 1;
            }
        }
        let total = len + nsn.len();
        if total > MAX_DIGITS {
            return Err(AddressError::TooLong { digits: total });
        }
        buf[len..total].copy_from_slice(nsn);
        E164::from_digits(&buf[..total])
    }

    /// The number as an integer (`447700900123` for `+447700900123`).
    pub const fn as_u64(self) -> u64 {
        self.0
    }

    /// The number back from [`E164::as_u64`], validated.
    pub fn from_u64(value: u64) -> Result<E164, AddressError> {
        E164::from_digits(itoa::Buffer::new().format(value).as_bytes())
    }

    /// How many digits the number has (country code included).
    pub fn len(self) -> usize {
        let mut n = self.0;
        let mut len = 1;
        while n >= 10 {
            n /= 10;
            len += 1;
        }
        len
    }

    /// Always `false`: a valid number has at least [`MIN_DIGITS`] digits.
    pub const fn is_empty(self) -> bool {
        false
    }

    /// The ITU-T country code (`44` for `+447700900123`).
    pub fn country_code(self) -> u16 {
        let mut buf = itoa::Buffer::new();
        split_country_code(buf.format(self.0).as_bytes()).map_or(0, |(cc, _)| cc)
    }

    /// The canonical form (`+` and the digits), as `to_string` gives it,
    /// without an allocation or the formatting machinery: every message's
    /// record holds its recipient this way.
    pub fn to_canonical(self) -> CompactString {
        let mut buf = itoa::Buffer::new();
        let digits = buf.format(self.0);
        // At most 16 characters: held inline, no allocation.
        let mut s = CompactString::default();
        s.push('+');
        s.push_str(digits);
        s
    }

    /// The national significant number: the digits after the country code
    /// (`7700900123` for `+447700900123`).
    pub fn national_number(self) -> u64 {
        let mut buf = itoa::Buffer::new();
        let digits = buf.format(self.0).as_bytes();
        let cc_len = split_country_code(digits).map_or(0, |(_, l)| l);
        to_u64(&digits[cc_len..])
    }
}

/// Decimal value of ASCII digits (at most 19 of them).
fn to_u64(digits: &[u8]) -> u64 {
    digits
        .iter()
        .fold(0u64, |n, &d| n * 10 + u64::from(d - b'0'))
}

impl fmt::Display for E164 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("+")?;
        f.write_str(itoa::Buffer::new().format(self.0))
    }
}

/// Parses the canonical form only: `+` followed by the digits.
impl FromStr for E164 {
    type Err = AddressError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.as_bytes() {
            [] => Err(AddressError::Empty),
            [b'+', digits @ ..] => E164::from_digits(digits),
            _ => Err(AddressError::InvalidCharacter),
        }
    }
}

impl serde::Serialize for E164 {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for E164 {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = E164;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an E.164 number such as \"+447700900123\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<E164, E> {
                v.parse()
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Str(v), &self))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

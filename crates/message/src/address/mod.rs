//! Address normalization: what a carrier puts in `source_addr` /
//! `destination_addr` (TON, NPI, octets) plus the account's default country
//! becomes an [`E164`] number, a short code or an alphanumeric sender.
//!
//! # Destinations
//!
//! [`normalize_destination`] must produce an [`E164`]: the record's `to`
//! and the routing key. Anything else is an [`AddressError`], answered with
//! `ESME_RINVDSTADR` ([`AddressError::command_status`]).
//!
//! # Senders
//!
//! [`normalize_sender`] never fails: real OTP traffic carries malformed
//! senders, and a sender is never a reason to refuse a message. What cannot
//! be read is kept as [`SenderKind::Unknown`] with its raw value.
//!
//! # Rules
//!
//! Separators that sloppy carriers put in numbers (spaces, `-`, `.`, `/`,
//! parentheses) are dropped; a `+` may lead. Then, by TON:
//!
//! - `+…`, `00…` or the default country's own international prefix
//!   (`011` NANP, `0011` AU, `010` JP, `810` RU/KZ): international, whatever
//!   the TON says.
//! - TON 1 (international): international; a number that starts with no
//!   country code but reads as national (`07700900123`) is national.
//! - TON 2 (national) and 4 (subscriber): the default country's trunk
//!   prefix is stripped (`07700900123` GB → `+447700900123`, `0612345678`
//!   FR → `+33612345678`, `14035551234` US → `+14035551234`), or the number
//!   is already a national significant number (`4035551234` US); failing
//!   that, an international number labelled national (`447700900123`).
//! - TON 0 (unknown) and the rest: national with a trunk prefix; 11–15
//!   digits starting with a country code (`447700900123`); a whole national
//!   significant number of 7+ digits (`4035551234` US, `91234567` SG); 9–10
//!   digits that are an international number of a usual length.
//! - TON 3 (network specific) and 6 (abbreviated) with up to 8 digits, and
//!   3–8 digit numbers that read as nothing else: short codes (`32665`,
//!   `22000`).
//! - TON 5 (alphanumeric), and letters under any TON: the text, trimmed
//!   (invalid UTF-8 is read as Latin-1); empty, without a letter or digit,
//!   or with control characters → unknown. A TON 5 sender stays text even
//!   when it is digits (what the carrier said); a TON 5 *destination* with
//!   digits is read as TON unknown.
//!
//! A trunk prefix left after the country code (`+44 (0)7700 900123`,
//! `+7 8 916 …`, Mexico's old mobile `+52 1 …`) is dropped when the number
//! is too long with it. Every number is checked against the ITU-T country
//! codes ([`COUNTRY_CODES`], 215 codes in service) and the 15-digit E.164
//! limit; numbers of 8 digits or fewer must also have a usual length for
//! their country (else they are short codes). Per-country lengths
//! ([`Country`], 227 ISO codes) only choose between readings; they never
//! reject a number given in international form. The NPI is not used:
//! carriers set it too carelessly to outweigh the digits.
//!
//! Everything works on a stack buffer; the only allocation is the
//! [`Sender`]'s `value`.

mod codes;
mod country;
mod e164;
mod parse;

use std::fmt;

use compact_str::CompactString;
use inlet_pdu::CommandStatus;
use serde::{Deserialize, Serialize};

pub use codes::{COUNTRY_CODES, is_country_code};
pub use country::{Country, UnknownCountry};
pub use e164::{E164, MAX_DIGITS, MIN_DIGITS};

use parse::{Outcome, Scan};

/// SMPP type-of-number values (`*_addr_ton`).
pub mod ton {
    /// Unknown.
    pub const UNKNOWN: u8 = 0;
    /// International.
    pub const INTERNATIONAL: u8 = 1;
    /// National.
    pub const NATIONAL: u8 = 2;
    /// Network specific.
    pub const NETWORK_SPECIFIC: u8 = 3;
    /// Subscriber number.
    pub const SUBSCRIBER: u8 = 4;
    /// Alphanumeric.
    pub const ALPHANUMERIC: u8 = 5;
    /// Abbreviated.
    pub const ABBREVIATED: u8 = 6;
}

/// Why a destination address is not a valid E.164 number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum AddressError {
    /// No digits at all.
    #[error("address is empty")]
    Empty,
    /// Letters, symbols or non-ASCII octets where digits belong.
    #[error("address contains characters that are not digits")]
    InvalidCharacter,
    /// More digits than E.164's 15.
    #[error("address has {digits} digits, more than the 15 of E.164")]
    TooLong {
        /// Digits counted.
        digits: usize,
    },
    /// Too few digits to be a number.
    #[error("address has {digits} digits, too few for an E.164 number")]
    TooShort {
        /// Digits counted.
        digits: usize,
    },
    /// The digits start with no ITU-T country code in service.
    #[error("address starts with no assigned ITU-T country code")]
    UnknownCountryCode,
    /// A national number, and the account has no default country.
    #[error("national number and no default country to read it in")]
    NoDefaultCountry,
    /// A short code, which is no routable E.164 number.
    #[error("address is a short code, not an E.164 number")]
    ShortCode,
    /// Neither an international number nor a national number of the
    /// default country.
    #[error("address reads neither as international nor as a national number")]
    Unresolved,
}

impl AddressError {
    /// The SMPP status a refused destination gets: `ESME_RINVDSTADR`.
    pub const fn command_status(&self) -> CommandStatus {
        CommandStatus::ESME_RINVDSTADR
    }

    /// A label for metrics and logs.
    pub const fn as_label(&self) -> &'static str {
        match self {
            AddressError::Empty => "empty",
            AddressError::InvalidCharacter => "invalid_character",
            AddressError::TooLong { .. } => "too_long",
            AddressError::TooShort { .. } => "too_short",
            AddressError::UnknownCountryCode => "unknown_country_code",
            AddressError::NoDefaultCountry => "no_default_country",
            AddressError::ShortCode => "short_code",
            AddressError::Unresolved => "unresolved",
        }
    }
}

/// What kind of sender a record's `from` holds (`from_kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SenderKind {
    /// An international number, `+` and digits.
    E164,
    /// A short code, its digits.
    ShortCode,
    /// Alphanumeric text (`WhatsApp`, `BANK-ALERT`).
    Alphanumeric,
    /// Could not be read; the raw value.
    Unknown,
}

impl SenderKind {
    /// The `from_kind` value: `e164`, `short_code`, `alphanumeric` or
    /// `unknown`.
    pub const fn as_str(self) -> &'static str {
        match self {
            SenderKind::E164 => "e164",
            SenderKind::ShortCode => "short_code",
            SenderKind::Alphanumeric => "alphanumeric",
            SenderKind::Unknown => "unknown",
        }
    }
}

impl fmt::Display for SenderKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A normalized sender: the record's `from_kind` and `from`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Sender {
    /// What `value` is.
    pub kind: SenderKind,
    /// `+` E.164 digits, the short code's digits, the trimmed alphanumeric
    /// text, or (unknown) the raw octets read as UTF-8, or as Latin-1 when
    /// they are not UTF-8. Held inline (no allocation) up to 24 octets,
    /// which every number and alphanumeric sender fits.
    pub value: CompactString,
}

impl Sender {
    /// The number, when the sender is one.
    pub fn e164(&self) -> Option<E164> {
        match self.kind {
            SenderKind::E164 => self.value.parse().ok(),
            _ => None,
        }
    }

    fn number(number: E164) -> Sender {
        Sender {
            kind: SenderKind::E164,
            value: number.to_canonical(),
        }
    }

    fn unknown(raw: &[u8]) -> Sender {
        Sender {
            kind: SenderKind::Unknown,
            value: CompactString::from(decode_lossy(raw)),
        }
    }
}

/// Octets as text: UTF-8 when they are valid UTF-8 (borrowed), else
/// Latin-1 (every octet one character). Never fails.
fn decode_lossy(raw: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(raw) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => std::borrow::Cow::Owned(raw.iter().map(|&b| char::from(b)).collect()),
    }
}

/// The sender as alphanumeric text when it is text (trimmed, printable,
/// with at least one letter or digit), else unknown.
fn alphanumeric(raw: &[u8]) -> Sender {
    let text = decode_lossy(parse::trim_bytes(raw));
    let trimmed = text.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    // Senders are nearly always ASCII: one pass over the octets then.
    let (printable, alphanumeric) = if trimmed.is_ascii() {
        let b = trimmed.as_bytes();
        (
            !b.iter().any(u8::is_ascii_control),
            b.iter().any(u8::is_ascii_alphanumeric),
        )
    } else {
        (
            !trimmed.chars().any(char::is_control),
            trimmed.chars().any(char::is_alphanumeric),
        )
    };
    if printable && alphanumeric {
        Sender {
            kind: SenderKind::Alphanumeric,
            value: CompactString::from(trimmed),
        }
    } else {
        Sender::unknown(raw)
    }
}

/// Normalizes a sender (`source_addr`): never fails, never panics.
///
/// `ton` and `npi` are the octets received; `raw` the address octets (no
/// NUL); `country` the account's default country ([`Country::UNSPECIFIED`]
/// when it has none). See the [module docs](self) for the rules.
pub fn normalize_sender(ton: u8, npi: u8, raw: &[u8], country: &Country) -> Sender {
    let _ = npi;
    if ton == ton::ALPHANUMERIC {
        return alphanumeric(raw);
    }
    match parse::scan(raw) {
        Scan::Number(digits) => match parse::resolve(ton, &digits, country) {
            Outcome::Number(number) => Sender::number(number),
            Outcome::Short => Sender {
                kind: SenderKind::ShortCode,
                value: CompactString::from(digits.as_str()),
            },
            Outcome::Fail(_) => Sender::unknown(raw),
        },
        Scan::Text => alphanumeric(raw),
        Scan::Empty | Scan::TooLong(_) => Sender::unknown(raw),
    }
}

/// Normalizes a destination (`destination_addr`) to the E.164 number the
/// message is for, or says why it is none (answer with
/// [`AddressError::command_status`]).
///
/// Same reading as [`normalize_sender`]; whatever is not a valid E.164
/// number (short code, letters, unknown country code, too long, empty) is
/// an error. An alphanumeric TON with digits is read as TON unknown.
pub fn normalize_destination(
    ton: u8,
    npi: u8,
    raw: &[u8],
    country: &Country,
) -> Result<E164, AddressError> {
    let _ = npi;
    match parse::scan(raw) {
        Scan::Number(digits) => match parse::resolve(ton, &digits, country) {
            Outcome::Number(number) => Ok(number),
            Outcome::Short => Err(AddressError::ShortCode),
            Outcome::Fail(e) => Err(e),
        },
        Scan::Empty => Err(AddressError::Empty),
        Scan::TooLong(digits) => Err(AddressError::TooLong { digits }),
        Scan::Text => Err(AddressError::InvalidCharacter),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gb() -> Country {
        Country::from_iso("GB").expect("GB")
    }

    #[test]
    fn decode_lossy_reads_latin1_when_not_utf8() {
        assert_eq!(decode_lossy(b"caf\xc3\xa9"), "café");
        assert_eq!(decode_lossy(b"caf\xe9"), "café");
        assert_eq!(decode_lossy(b""), "");
    }

    #[test]
    fn alphanumeric_trims_in_place() {
        let s = alphanumeric(b" \x00 Bank\xa0");
        assert_eq!(s.kind, SenderKind::Alphanumeric);
        assert_eq!(s.value, "Bank");
        assert_eq!(alphanumeric(b"\xa0\xa0").kind, SenderKind::Unknown);
        assert_eq!(alphanumeric(b"--").kind, SenderKind::Unknown);
        assert_eq!(alphanumeric(b"A\x07B").kind, SenderKind::Unknown);
    }

    #[test]
    fn labels_are_distinct_and_status_is_invdstadr() {
        let all = [
            AddressError::Empty,
            AddressError::InvalidCharacter,
            AddressError::TooLong { digits: 16 },
            AddressError::TooShort { digits: 2 },
            AddressError::UnknownCountryCode,
            AddressError::NoDefaultCountry,
            AddressError::ShortCode,
            AddressError::Unresolved,
        ];
        let mut labels: Vec<_> = all.iter().map(AddressError::as_label).collect();
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(labels.len(), all.len());
        for e in all {
            assert_eq!(e.command_status(), CommandStatus::ESME_RINVDSTADR);
        }
    }

    #[test]
    fn short_code_value_is_the_digits() {
        let s = normalize_sender(ton::UNKNOWN, 0, b" 32-665 ", &gb());
        assert_eq!((s.kind, s.value.as_str()), (SenderKind::ShortCode, "32665"));
    }

    #[test]
    fn senders_are_held_inline() {
        let s = normalize_sender(ton::INTERNATIONAL, 1, b"447700900123", &gb());
        assert_eq!(s.value, "+447700900123");
        assert!(!s.value.is_heap_allocated());
        // The longest alphanumeric sender SMPP carries (11 characters,
        // padding trimmed) and the longest number.
        let s = normalize_sender(ton::ALPHANUMERIC, 0, b" PayPal-Bank ", &gb());
        assert_eq!(
            (s.kind, s.value.as_str()),
            (SenderKind::Alphanumeric, "PayPal-Bank")
        );
        assert!(!s.value.is_heap_allocated());
        let s = normalize_sender(ton::INTERNATIONAL, 1, b"123456789012345", &gb());
        assert!(!s.value.is_heap_allocated(), "{}", s.value);
    }
}

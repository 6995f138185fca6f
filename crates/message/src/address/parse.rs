//! Scanning address octets and reading them as numbers.
//!
//! Everything here works on a stack buffer of digits; nothing allocates.

use super::codes::split_country_code;
use super::country::Country;
use super::e164::{E164, MAX_DIGITS};
use super::{AddressError, ton};

/// Most digits kept from one address: 15 E.164 digits behind the longest
/// international prefix, with room for sloppy extras. More is "too long".
const BUF: usize = 32;

/// Longest short code (abbreviated numbers, carrier short codes).
pub(super) const SHORT_MAX: usize = 8;
/// Shortest short code when the TON does not say "abbreviated".
const SHORT_MIN: usize = 3;

/// The digits of an address whose octets look like a phone number.
pub(super) struct Digits {
    buf: [u8; BUF],
    len: usize,
    /// Whether a `+` came before the first digit.
    pub(super) plus: bool,
}

impl Digits {
    pub(super) fn as_slice(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    /// The digits as text (ASCII), for short-code values.
    pub(super) fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(self.as_slice()).unwrap_or_default()
    }
}

/// What the octets of an address look like.
pub(super) enum Scan {
    /// Digits, with an optional leading `+` and separators (spaces,
    /// dashes, dots, slashes, parentheses) removed.
    Number(Digits),
    /// Nothing but whitespace and NULs.
    Empty,
    /// Number-shaped, with more than the buffer holds (this many digits).
    TooLong(usize),
    /// Something other than a number: letters, symbols, non-ASCII bytes.
    Text,
}

/// Trims ASCII whitespace and NULs from both ends.
pub(super) fn trim_bytes(raw: &[u8]) -> &[u8] {
    let junk = |b: &u8| b.is_ascii_whitespace() || *b == 0;
    let start = raw.iter().position(|b| !junk(b)).unwrap_or(raw.len());
    let end = raw.iter().rposition(|b| !junk(b)).map_or(start, |i| i + 1);
    &raw[start..end]
}

/// Classifies address octets; collects the digits of number-shaped ones.
pub(super) fn scan(raw: &[u8]) -> Scan {
    let s = trim_bytes(raw);
    if s.is_empty() {
        return Scan::Empty;
    }
    let mut digits = Digits {
        buf: [0; BUF],
        len: 0,
        plus: false,
    };
    let mut count = 0usize;
    for &b in s {
        match b {
            b'0'..=b'9' => {
                if count < BUF {
                    digits.buf[count] = b;
                }
                count += 1;
            }
            b'+' if count == 0 && !digits.plus => digits.plus = true,
            b' ' | b'\t' | b'-' | b'.' | b'/' | b'(' | b')' => {}
            _ => return Scan::Text,
        }
    }
    if count == 0 {
        return Scan::Text;
    }
    if count > BUF {
        return Scan::TooLong(count);
    }
    digits.len = count;
    Scan::Number(digits)
}

/// How a number-shaped address reads.
pub(super) enum Outcome {
    /// An international number.
    Number(E164),
    /// A short code (its digits are the value).
    Short,
    /// Neither; why.
    Fail(AddressError),
}

/// An international reading: the number, and whether its national part
/// has a usual length for its country (unknown countries: yes).
struct Intl {
    number: E164,
    fits: bool,
}

/// Reads `d` (no `+`, no international prefix) as an international number.
///
/// A trunk prefix kept after the country code (`+44 (0)7700 900123`,
/// `+7 8 916 …`, Mexico's pre-2019 mobile `+52 1 …`) is dropped when the
/// national part is too long with it, or starts with a `0` the country's
/// numbers never start with, and has a usual length without it.
fn international(d: &[u8]) -> Result<Intl, AddressError> {
    if d.is_empty() {
        return Err(AddressError::Empty);
    }
    let Some((cc, cc_len)) = split_country_code(d) else {
        return Err(if d.len() > MAX_DIGITS {
            AddressError::TooLong { digits: d.len() }
        } else {
            AddressError::UnknownCountryCode
        });
    };
    let mut nsn = &d[cc_len..];
    let country = Country::for_calling_code(cc);
    if let Some(country) = country {
        nsn = strip_trunk_after_country_code(&country, nsn);
    }
    let number = E164::from_parts(cc, nsn)?;
    Ok(Intl {
        number,
        fits: country.is_none_or(|c| c.fits(nsn.len())),
    })
}

fn strip_trunk_after_country_code<'a>(country: &Country, nsn: &'a [u8]) -> &'a [u8] {
    if nsn.len() <= *country.national_number_lengths().end() && country.nsn_plausible(nsn) {
        return nsn;
    }
    let mexican_one: &[&str] = if country.calling_code() == 52 {
        &["1"]
    } else {
        &[]
    };
    for t in country.trunk_prefixes().iter().chain(mexican_one) {
        if let Some(rest) = nsn.strip_prefix(t.as_bytes())
            && country.fits(rest.len())
            && country.nsn_plausible(rest)
        {
            return rest;
        }
    }
    nsn
}

/// An explicitly international number (`+`, `00`, the country's own
/// international prefix, or TON international): a number, else (`short_ok`:
/// a `+` or the TON, not a dialled `00`) a short code when it is short
/// (`+32665`), else the reason.
///
/// Numbers of 8 digits or fewer must have a usual length for their country
/// (`+1234567` is no NANP number); longer ones need only a valid code.
fn explicit_international(d: &[u8], short_ok: bool) -> Outcome {
    let short = short_ok && (SHORT_MIN..=SHORT_MAX).contains(&d.len());
    match international(d) {
        Ok(i) if d.len() > SHORT_MAX || i.fits => Outcome::Number(i.number),
        Ok(_) if short => Outcome::Short,
        Ok(_) => Outcome::Fail(AddressError::TooShort { digits: d.len() }),
        Err(_) if short => Outcome::Short,
        Err(e) => Outcome::Fail(e),
    }
}

/// Strips an international call prefix: the country's own first (`011`,
/// `0011`, `010`, `810`), then the universal `00`.
fn strip_idd<'a>(d: &'a [u8], country: &Country) -> Option<&'a [u8]> {
    if let Some(p) = country.international_prefix()
        && let Some(rest) = d.strip_prefix(p.as_bytes())
    {
        return Some(rest);
    }
    d.strip_prefix(b"00")
}

/// A national number that starts with one of the country's trunk prefixes
/// and has a usual length without it.
fn national_with_trunk(d: &[u8], country: &Country) -> Option<E164> {
    country.trunk_prefixes().iter().find_map(|t| {
        let rest = d.strip_prefix(t.as_bytes())?;
        if country.fits(rest.len()) && country.nsn_plausible(rest) {
            E164::from_parts(country.calling_code(), rest).ok()
        } else {
            None
        }
    })
}

/// A national significant number as is (no trunk prefix).
fn national_bare(d: &[u8], country: &Country) -> Option<E164> {
    if country.fits(d.len()) && country.nsn_plausible(d) {
        E164::from_parts(country.calling_code(), d).ok()
    } else {
        None
    }
}

fn national(d: &[u8], country: &Country) -> Option<E164> {
    national_with_trunk(d, country).or_else(|| national_bare(d, country))
}

/// The failure for digits no reading accepted.
fn failure(d: &[u8], country: &Country, national_first: bool) -> AddressError {
    let len = d.len();
    if len > MAX_DIGITS {
        return AddressError::TooLong { digits: len };
    }
    if len < SHORT_MIN {
        return AddressError::TooShort { digits: len };
    }
    let leading_zero = d[0] == b'0';
    if !country.is_specified() && (national_first || leading_zero) {
        return AddressError::NoDefaultCountry;
    }
    match international(d) {
        Err(e @ AddressError::UnknownCountryCode) if len > SHORT_MAX && !leading_zero => e,
        _ if !country.is_specified() => AddressError::NoDefaultCountry,
        _ => AddressError::Unresolved,
    }
}

/// Reads the digits of an address under its TON and the default country.
pub(super) fn resolve(ton_value: u8, digits: &Digits, country: &Country) -> Outcome {
    let d = digits.as_slice();
    if d.is_empty() {
        return Outcome::Fail(AddressError::Empty);
    }
    // Abbreviated and network-specific numbers are short codes when short.
    if matches!(ton_value, ton::NETWORK_SPECIFIC | ton::ABBREVIATED)
        && d.len() <= SHORT_MAX
        && !digits.plus
    {
        return Outcome::Short;
    }
    if digits.plus {
        // `+00 44 …` happens.
        return match d.strip_prefix(b"00") {
            Some(rest) => explicit_international(rest, false),
            None => explicit_international(d, true),
        };
    }
    if let Some(rest) = strip_idd(d, country) {
        return explicit_international(rest, false);
    }
    match ton_value {
        ton::INTERNATIONAL => match explicit_international(d, true) {
            Outcome::Number(n) => Outcome::Number(n),
            // A national number labelled international (`07700 900123`).
            other => match national(d, country) {
                Some(n) => Outcome::Number(n),
                None => other,
            },
        },
        ton::NATIONAL | ton::SUBSCRIBER => {
            if let Some(n) = national(d, country) {
                return Outcome::Number(n);
            }
            // An international number labelled national (`447700900123`).
            if d.len() > SHORT_MAX
                && let Ok(i) = international(d)
                && i.fits
            {
                return Outcome::Number(i.number);
            }
            if (SHORT_MIN..=SHORT_MAX).contains(&d.len()) {
                return Outcome::Short;
            }
            Outcome::Fail(failure(d, country, true))
        }
        _ => unknown_ton(d, country),
    }
}

/// TON unknown (and anything else): decide by shape.
fn unknown_ton(d: &[u8], country: &Country) -> Outcome {
    let len = d.len();
    // National with the trunk prefix: `07700 900123` (GB), `8 916 …` (RU).
    if let Some(n) = national_with_trunk(d, country) {
        return Outcome::Number(n);
    }
    // International without `+`: `447700900123`.
    if (11..=MAX_DIGITS).contains(&len)
        && let Ok(i) = international(d)
    {
        return Outcome::Number(i.number);
    }
    // A whole national significant number: `4035551234` (US), `91234567` (SG).
    if len >= 7
        && let Some(n) = national_bare(d, country)
    {
        return Outcome::Number(n);
    }
    // A short international number of a usual length: `6591234567`.
    if len > SHORT_MAX
        && let Ok(i) = international(d)
        && i.fits
    {
        return Outcome::Number(i.number);
    }
    if (SHORT_MIN..=SHORT_MAX).contains(&len) {
        return Outcome::Short;
    }
    Outcome::Fail(failure(d, country, false))
}

//! Countries: the numbering-plan facts national numbers need.

use std::fmt;
use std::ops::RangeInclusive;
use std::str::FromStr;

/// A country's numbering plan, as far as turning a national number into an
/// international one needs it: the ISO 3166 alpha-2 code, the E.164 calling
/// code, the national (trunk) prefixes to strip, the international call
/// prefix when it is not `00`, and the usual lengths of a national
/// significant number (the digits after the calling code).
///
/// The lengths cover mobile and geographic numbers; they are heuristics for
/// reading national and unlabelled numbers, never a reason to reject a
/// number that arrives in international form.
///
/// An account's default country is one of these ([`Country::from_iso`]);
/// [`Country::UNSPECIFIED`] is the absence of one (national numbers then
/// cannot be resolved).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Country {
    iso: &'static str,
    calling_code: u16,
    trunk_prefixes: &'static [&'static str],
    intl_prefix: Option<&'static str>,
    nsn_min: u8,
    nsn_max: u8,
    main: bool,
}

impl Country {
    /// No default country: national numbers cannot be resolved. ISO code
    /// `ZZ` (the user-assigned code for "unknown"), calling code 0.
    pub const UNSPECIFIED: Country = Country {
        iso: "ZZ",
        calling_code: 0,
        trunk_prefixes: &[],
        intl_prefix: None,
        nsn_min: 1,
        nsn_max: 0,
        main: false,
    };

    /// The country with this ISO 3166 alpha-2 code (ASCII, any case), when
    /// it is in the table.
    pub fn from_iso(code: &str) -> Option<Country> {
        let code = code.as_bytes();
        if code.len() != 2 {
            return None;
        }
        let key = [code[0].to_ascii_uppercase(), code[1].to_ascii_uppercase()];
        COUNTRIES
            .binary_search_by(|c| c.iso.as_bytes().cmp(&key[..]))
            .ok()
            .map(|i| COUNTRIES[i])
    }

    /// The main country of a calling code (`1` → US, `7` → RU, `44` → GB,
    /// `61` → AU …), when the table has one. Countries that share a calling
    /// code share its plan, so any of them reads numbers the same way.
    pub fn for_calling_code(calling_code: u16) -> Option<Country> {
        let slot = *BY_CALLING_CODE.get(usize::from(calling_code))?;
        (slot != 0).then(|| COUNTRIES[usize::from(slot - 1)])
    }

    /// Every country in the table, sorted by ISO code.
    pub fn all() -> &'static [Country] {
        &COUNTRIES
    }

    /// ISO 3166 alpha-2 code, upper case (`ZZ` for [`Country::UNSPECIFIED`]).
    pub const fn iso(&self) -> &'static str {
        self.iso
    }

    /// E.164 calling code (`44` for GB; `0` for [`Country::UNSPECIFIED`]).
    pub const fn calling_code(&self) -> u16 {
        self.calling_code
    }

    /// The national (trunk) prefix dialled before a national significant
    /// number: `0` in most of Europe, `1` in the NANP, `8` in RU and KZ,
    /// `06` in HU; `None` where numbers are dialled without one (ES, IT,
    /// PT, PL, DK, NO, SG …).
    pub const fn trunk_prefix(&self) -> Option<&'static str> {
        match self.trunk_prefixes {
            [first, ..] => Some(first),
            [] => None,
        }
    }

    /// Every national prefix stripped when reading a national number (the
    /// canonical one first; legacy ones after it, e.g. BY `80`, `8`, `0`).
    pub const fn trunk_prefixes(&self) -> &'static [&'static str] {
        self.trunk_prefixes
    }

    /// The international call prefix recognised besides the universal `00`
    /// (`011` in the NANP, `0011` in AU, `010` in JP, `810` in RU and KZ).
    pub const fn international_prefix(&self) -> Option<&'static str> {
        self.intl_prefix
    }

    /// Usual lengths of a national significant number (after the calling
    /// code, without trunk prefix). Empty for [`Country::UNSPECIFIED`].
    pub fn national_number_lengths(&self) -> RangeInclusive<usize> {
        usize::from(self.nsn_min)..=usize::from(self.nsn_max)
    }

    /// Whether this is a real country (not [`Country::UNSPECIFIED`]).
    pub const fn is_specified(&self) -> bool {
        self.calling_code != 0
    }

    /// Whether a national significant number of `len` digits is usual here.
    #[inline]
    pub(super) const fn fits(&self, len: usize) -> bool {
        len >= self.nsn_min as usize && len <= self.nsn_max as usize
    }

    /// Whether `nsn` can be a national significant number here: never
    /// starting with `0` where `0` opens a trunk prefix, nor with `0`/`1`
    /// in the NANP (area codes are `[2-9]XX`).
    #[inline]
    pub(super) fn nsn_plausible(&self, nsn: &[u8]) -> bool {
        match nsn.first() {
            None => false,
            Some(b'0' | b'1') if self.calling_code == 1 => false,
            Some(b'0') => !self.trunk_prefixes.iter().any(|t| t.starts_with('0')),
            Some(_) => true,
        }
    }
}

impl Default for Country {
    fn default() -> Self {
        Country::UNSPECIFIED
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.iso)
    }
}

/// An ISO 3166 alpha-2 code that is not in the country table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not an ISO 3166 alpha-2 country code known to inlet")]
pub struct UnknownCountry;

impl FromStr for Country {
    type Err = UnknownCountry;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Country::from_iso(s.trim()).ok_or(UnknownCountry)
    }
}

impl serde::Serialize for Country {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.iso)
    }
}

impl<'de> serde::Deserialize<'de> for Country {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Country;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ISO 3166 alpha-2 country code such as \"GB\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Country, E> {
                v.parse()
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Str(v), &self))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

// ---------------------------------------------------------------- table

/// Calling code → 1 + index of its main country in [`COUNTRIES`] (0: none).
static BY_CALLING_CODE: [u8; 1000] = {
    assert!(COUNTRIES.len() < 255, "indices must fit a u8");
    let mut index = [0u8; 1000];
    let mut i = 0;
    while i < COUNTRIES.len() {
        let c = &COUNTRIES[i];
        if c.main {
            index[c.calling_code as usize] = (i + 1) as u8;
        }
        i += 1;
    }
    index
};

const NO: &[&str] = &[];
const T0: &[&str] = &["0"];
const T1: &[&str] = &["1"];
const T8: &[&str] = &["8"];

const fn c(
    iso: &'static str,
    cc: u16,
    trunks: &'static [&'static str],
    min: u8,
    max: u8,
) -> Country {
    Country {
        iso,
        calling_code: cc,
        trunk_prefixes: trunks,
        intl_prefix: None,
        nsn_min: min,
        nsn_max: max,
        main: true,
    }
}

/// A country that shares its calling code with a main one.
const fn shared(main: Country, iso: &'static str) -> Country {
    Country {
        iso,
        main: false,
        ..main
    }
}

const fn with_intl(country: Country, prefix: &'static str) -> Country {
    Country {
        intl_prefix: Some(prefix),
        ..country
    }
}

const US: Country = with_intl(c("US", 1, T1, 10, 10), "011");
const RU: Country = with_intl(c("RU", 7, T8, 10, 10), "810");
const IT: Country = c("IT", 39, NO, 6, 11);
const GB: Country = c("GB", 44, T0, 9, 10);
const NO_: Country = c("NO", 47, NO, 8, 8);
const AU: Country = with_intl(c("AU", 61, T0, 9, 9), "0011");
const MA: Country = c("MA", 212, T0, 9, 9);
const RE: Country = c("RE", 262, T0, 9, 9);
const FI: Country = c("FI", 358, T0, 5, 12);
const GP: Country = c("GP", 590, T0, 9, 9);
const CW: Country = c("CW", 599, NO, 7, 8);

/// The country table, sorted by ISO code (a test checks it).
static COUNTRIES: [Country; 227] = [
    c("AD", 376, NO, 6, 9),
    c("AE", 971, T0, 8, 9),
    c("AF", 93, T0, 9, 9),
    shared(US, "AG"),
    shared(US, "AI"),
    c("AL", 355, T0, 8, 9),
    c("AM", 374, T0, 8, 8),
    c("AO", 244, NO, 9, 9),
    c("AR", 54, T0, 10, 11),
    shared(US, "AS"),
    c("AT", 43, T0, 4, 13),
    AU,
    c("AW", 297, NO, 7, 7),
    shared(FI, "AX"),
    c("AZ", 994, T0, 9, 9),
    c("BA", 387, T0, 8, 9),
    shared(US, "BB"),
    c("BD", 880, T0, 8, 10),
    c("BE", 32, T0, 8, 9),
    c("BF", 226, NO, 8, 8),
    c("BG", 359, T0, 7, 9),
    c("BH", 973, NO, 8, 8),
    c("BI", 257, NO, 8, 8),
    c("BJ", 229, NO, 8, 10),
    shared(GP, "BL"),
    shared(US, "BM"),
    c("BN", 673, NO, 7, 7),
    c("BO", 591, T0, 8, 8),
    shared(CW, "BQ"),
    c("BR", 55, T0, 10, 11),
    shared(US, "BS"),
    c("BT", 975, NO, 7, 8),
    c("BW", 267, NO, 7, 8),
    c("BY", 375, &["80", "8", "0"], 9, 9),
    c("BZ", 501, NO, 7, 7),
    shared(US, "CA"),
    shared(AU, "CC"),
    c("CD", 243, T0, 9, 9),
    c("CF", 236, NO, 8, 8),
    c("CG", 242, NO, 9, 9),
    c("CH", 41, T0, 9, 9),
    c("CI", 225, NO, 8, 10),
    c("CK", 682, NO, 5, 5),
    c("CL", 56, NO, 9, 9),
    c("CM", 237, NO, 8, 9),
    c("CN", 86, T0, 9, 11),
    c("CO", 57, T0, 10, 10),
    c("CR", 506, NO, 8, 8),
    c("CU", 53, T0, 6, 8),
    c("CV", 238, NO, 7, 7),
    CW,
    shared(AU, "CX"),
    c("CY", 357, NO, 8, 8),
    c("CZ", 420, NO, 9, 9),
    c("DE", 49, T0, 6, 13),
    c("DJ", 253, NO, 8, 8),
    c("DK", 45, NO, 8, 8),
    shared(US, "DM"),
    shared(US, "DO"),
    c("DZ", 213, T0, 8, 9),
    c("EC", 593, T0, 8, 9),
    c("EE", 372, NO, 7, 8),
    c("EG", 20, T0, 8, 10),
    shared(MA, "EH"),
    c("ER", 291, T0, 7, 7),
    c("ES", 34, NO, 9, 9),
    c("ET", 251, T0, 9, 9),
    FI,
    c("FJ", 679, NO, 7, 7),
    c("FK", 500, NO, 5, 5),
    c("FM", 691, NO, 7, 7),
    c("FO", 298, NO, 6, 6),
    c("FR", 33, T0, 9, 9),
    c("GA", 241, NO, 7, 9),
    GB,
    shared(US, "GD"),
    c("GE", 995, T0, 9, 9),
    c("GF", 594, T0, 9, 9),
    shared(GB, "GG"),
    c("GH", 233, T0, 9, 9),
    c("GI", 350, NO, 8, 8),
    c("GL", 299, NO, 6, 6),
    c("GM", 220, NO, 7, 7),
    c("GN", 224, NO, 8, 9),
    GP,
    c("GQ", 240, NO, 9, 9),
    c("GR", 30, NO, 10, 10),
    c("GT", 502, NO, 8, 8),
    shared(US, "GU"),
    c("GW", 245, NO, 7, 9),
    c("GY", 592, NO, 7, 7),
    c("HK", 852, NO, 8, 9),
    c("HN", 504, NO, 8, 8),
    c("HR", 385, T0, 8, 9),
    c("HT", 509, NO, 8, 8),
    c("HU", 36, &["06"], 8, 9),
    c("ID", 62, T0, 8, 12),
    c("IE", 353, T0, 7, 9),
    c("IL", 972, T0, 8, 9),
    shared(GB, "IM"),
    c("IN", 91, T0, 10, 10),
    c("IQ", 964, T0, 8, 10),
    c("IR", 98, T0, 10, 10),
    c("IS", 354, NO, 7, 9),
    IT,
    shared(GB, "JE"),
    shared(US, "JM"),
    c("JO", 962, T0, 8, 9),
    with_intl(c("JP", 81, T0, 9, 10), "010"),
    c("KE", 254, T0, 9, 9),
    c("KG", 996, T0, 9, 9),
    c("KH", 855, T0, 8, 9),
    c("KM", 269, NO, 7, 7),
    shared(US, "KN"),
    c("KR", 82, T0, 8, 10),
    c("KW", 965, NO, 8, 8),
    shared(US, "KY"),
    shared(RU, "KZ"),
    c("LA", 856, T0, 8, 10),
    c("LB", 961, T0, 7, 8),
    shared(US, "LC"),
    c("LI", 423, NO, 7, 9),
    c("LK", 94, T0, 9, 9),
    c("LR", 231, T0, 7, 9),
    c("LS", 266, NO, 8, 8),
    c("LT", 370, &["8", "0"], 8, 8),
    c("LU", 352, NO, 4, 11),
    c("LV", 371, NO, 8, 8),
    c("LY", 218, T0, 9, 9),
    MA,
    c("MC", 377, T0, 8, 9),
    c("MD", 373, T0, 8, 8),
    c("ME", 382, T0, 8, 8),
    shared(GP, "MF"),
    c("MG", 261, T0, 9, 9),
    c("MK", 389, T0, 8, 8),
    c("ML", 223, NO, 8, 8),
    c("MM", 95, T0, 7, 10),
    c("MN", 976, T0, 8, 10),
    c("MO", 853, NO, 8, 8),
    shared(US, "MP"),
    c("MQ", 596, T0, 9, 9),
    c("MR", 222, NO, 8, 8),
    shared(US, "MS"),
    c("MT", 356, NO, 8, 8),
    c("MU", 230, NO, 7, 8),
    c("MV", 960, NO, 7, 7),
    c("MW", 265, T0, 7, 9),
    c("MX", 52, &["01", "044", "045"], 10, 10),
    c("MY", 60, T0, 8, 10),
    c("MZ", 258, NO, 8, 9),
    c("NA", 264, T0, 8, 9),
    c("NC", 687, NO, 6, 6),
    c("NE", 227, NO, 8, 8),
    c("NG", 234, T0, 8, 10),
    c("NI", 505, NO, 8, 8),
    c("NL", 31, T0, 9, 9),
    NO_,
    c("NP", 977, T0, 8, 10),
    c("NZ", 64, T0, 8, 10),
    c("OM", 968, NO, 8, 8),
    c("PA", 507, NO, 7, 8),
    c("PE", 51, T0, 8, 9),
    c("PF", 689, NO, 8, 8),
    c("PG", 675, NO, 7, 8),
    c("PH", 63, T0, 8, 10),
    c("PK", 92, T0, 9, 10),
    c("PL", 48, NO, 9, 9),
    c("PM", 508, T0, 6, 6),
    shared(US, "PR"),
    c("PS", 970, T0, 8, 9),
    c("PT", 351, NO, 9, 9),
    c("PY", 595, T0, 7, 9),
    c("QA", 974, NO, 8, 8),
    RE,
    c("RO", 40, T0, 9, 9),
    c("RS", 381, T0, 8, 10),
    RU,
    c("RW", 250, T0, 9, 9),
    c("SA", 966, T0, 9, 9),
    c("SB", 677, NO, 5, 7),
    c("SC", 248, NO, 7, 7),
    c("SD", 249, T0, 9, 9),
    c("SE", 46, T0, 7, 9),
    c("SG", 65, NO, 8, 8),
    c("SI", 386, T0, 8, 8),
    shared(NO_, "SJ"),
    c("SK", 421, T0, 9, 9),
    c("SL", 232, T0, 8, 8),
    c("SM", 378, NO, 6, 10),
    c("SN", 221, NO, 9, 9),
    c("SO", 252, T0, 7, 9),
    c("SR", 597, NO, 6, 7),
    c("SS", 211, T0, 9, 9),
    c("SV", 503, NO, 8, 8),
    shared(US, "SX"),
    c("SY", 963, T0, 8, 9),
    c("SZ", 268, NO, 8, 8),
    shared(US, "TC"),
    c("TD", 235, NO, 8, 8),
    c("TG", 228, NO, 8, 8),
    c("TH", 66, T0, 8, 9),
    c("TJ", 992, NO, 9, 9),
    c("TL", 670, NO, 7, 8),
    c("TM", 993, T8, 8, 8),
    c("TN", 216, NO, 8, 8),
    c("TR", 90, T0, 10, 10),
    shared(US, "TT"),
    c("TW", 886, T0, 8, 9),
    c("TZ", 255, T0, 9, 9),
    c("UA", 380, T0, 9, 9),
    c("UG", 256, T0, 9, 9),
    US,
    c("UY", 598, T0, 8, 8),
    c("UZ", 998, T8, 9, 9),
    shared(IT, "VA"),
    shared(US, "VC"),
    c("VE", 58, T0, 10, 10),
    shared(US, "VG"),
    shared(US, "VI"),
    c("VN", 84, T0, 9, 10),
    c("XK", 383, T0, 8, 9),
    c("YE", 967, T0, 7, 9),
    shared(RE, "YT"),
    c("ZA", 27, T0, 9, 9),
    c("ZM", 260, T0, 9, 9),
    c("ZW", 263, T0, 9, 9),
];

#[cfg(test)]
mod tests {
    use super::super::codes::is_country_code;
    use super::*;

    #[test]
    fn sorted_unique_and_sized() {
        assert_eq!(COUNTRIES.len(), 227);
        assert!(COUNTRIES.windows(2).all(|w| w[0].iso < w[1].iso));
        assert!(
            COUNTRIES
                .iter()
                .all(|c| c.iso.len() == 2 && c.iso.bytes().all(|b| b.is_ascii_uppercase()))
        );
    }

    #[test]
    fn calling_codes_are_assigned_and_lengths_sane() {
        for c in &COUNTRIES {
            assert!(is_country_code(c.calling_code), "{}", c.iso);
            assert!(c.nsn_min >= 4 && c.nsn_min <= c.nsn_max, "{}", c.iso);
            let cc_len = c.calling_code.to_string().len();
            assert!(cc_len + usize::from(c.nsn_max) <= 15, "{}", c.iso);
            for t in c.trunk_prefixes {
                assert!(!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()));
            }
            if let Some(p) = c.intl_prefix {
                assert!(p.bytes().all(|b| b.is_ascii_digit()) && p != "00");
            }
        }
    }

    #[test]
    fn one_main_country_per_calling_code_and_shared_plans_agree() {
        for c in &COUNTRIES {
            let main = Country::for_calling_code(c.calling_code).expect("main country");
            assert_eq!(main.calling_code, c.calling_code);
            assert_eq!(
                (
                    main.trunk_prefixes,
                    main.intl_prefix,
                    main.nsn_min,
                    main.nsn_max
                ),
                (c.trunk_prefixes, c.intl_prefix, c.nsn_min, c.nsn_max),
                "{} differs from {}",
                c.iso,
                main.iso
            );
            let mains = COUNTRIES
                .iter()
                .filter(|m| m.main && m.calling_code == c.calling_code)
                .count();
            assert_eq!(mains, 1, "{}", c.iso);
        }
        let main = |cc| Country::for_calling_code(cc).map(|c| c.iso);
        assert_eq!(main(1), Some("US"));
        assert_eq!(main(7), Some("RU"));
        assert_eq!(main(44), Some("GB"));
        assert_eq!(main(61), Some("AU"));
        assert_eq!(main(39), Some("IT"));
        assert_eq!(main(683), None);
        assert_eq!(main(0), None);
        assert_eq!(main(999), None);
        assert_eq!(main(u16::MAX), None);
    }

    #[test]
    fn nanp_members() {
        let nanp: Vec<_> = COUNTRIES
            .iter()
            .filter(|c| c.calling_code == 1)
            .map(|c| c.iso)
            .collect();
        assert_eq!(
            nanp,
            [
                "AG", "AI", "AS", "BB", "BM", "BS", "CA", "DM", "DO", "GD", "GU", "JM", "KN", "KY",
                "LC", "MP", "MS", "PR", "SX", "TC", "TT", "US", "VC", "VG", "VI"
            ]
        );
    }

    #[test]
    fn trunk_zero_means_no_leading_zero() {
        let gb = Country::from_iso("GB").expect("GB");
        assert!(!gb.nsn_plausible(b"07700900123"));
        assert!(gb.nsn_plausible(b"7700900123"));
        let it = Country::from_iso("IT").expect("IT");
        assert!(it.nsn_plausible(b"0612345678"));
        let us = Country::from_iso("US").expect("US");
        assert!(!us.nsn_plausible(b"1403555123"));
        assert!(!us.nsn_plausible(b"0403555123"));
        assert!(!Country::UNSPECIFIED.fits(0));
        assert!(!Country::UNSPECIFIED.fits(10));
    }
}

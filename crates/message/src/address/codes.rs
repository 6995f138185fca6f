//! ITU-T E.164 country codes in service (the list of ITU-T Operational
//! Bulletin "List of ITU-T Recommendation E.164 assigned country codes").

/// Every E.164 country code in service, ascending: 2 one-digit, 44
/// two-digit and 169 three-digit codes (geographic areas, and the global
/// services 800, 808, 870, 878, 881, 882, 883, 888 and 979).
///
/// Left out on purpose: spare codes, codes that were withdrawn (671 and 684
/// joined the NANP as +1; 388 was the discontinued ETNS; 991 was a trial)
/// and 379, reserved for the Vatican, whose numbers are in the Italian plan
/// (+39 06 698). The set is prefix-free: no code is the start of another,
/// which is what lets a number be split without a separator.
pub static COUNTRY_CODES: [u16; 215] = [
    1, 7, //
    20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, //
    51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, //
    81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98, //
    211, 212, 213, 216, 218, //
    220, 221, 222, 223, 224, 225, 226, 227, 228, 229, //
    230, 231, 232, 233, 234, 235, 236, 237, 238, 239, //
    240, 241, 242, 243, 244, 245, 246, 247, 248, 249, //
    250, 251, 252, 253, 254, 255, 256, 257, 258, //
    260, 261, 262, 263, 264, 265, 266, 267, 268, 269, //
    290, 291, 297, 298, 299, //
    350, 351, 352, 353, 354, 355, 356, 357, 358, 359, //
    370, 371, 372, 373, 374, 375, 376, 377, 378, //
    380, 381, 382, 383, 385, 386, 387, 389, //
    420, 421, 423, //
    500, 501, 502, 503, 504, 505, 506, 507, 508, 509, //
    590, 591, 592, 593, 594, 595, 596, 597, 598, 599, //
    670, 672, 673, 674, 675, 676, 677, 678, 679, //
    680, 681, 682, 683, 685, 686, 687, 688, 689, //
    690, 691, 692, //
    800, 808, 850, 852, 853, 855, 856, 870, 878, //
    880, 881, 882, 883, 886, 888, //
    960, 961, 962, 963, 964, 965, 966, 967, 968, //
    970, 971, 972, 973, 974, 975, 976, 977, 979, //
    992, 993, 994, 995, 996, 998,
];

/// One bit per value 0..1024: set when the value is an assigned code.
static ASSIGNED: [u64; 16] = {
    let mut bits = [0u64; 16];
    let mut i = 0;
    while i < COUNTRY_CODES.len() {
        let cc = COUNTRY_CODES[i] as usize;
        bits[cc / 64] |= 1 << (cc % 64);
        i += 1;
    }
    bits
};

/// Whether `cc` is an E.164 country code in service ([`COUNTRY_CODES`]).
#[inline]
pub fn is_country_code(cc: u16) -> bool {
    let cc = usize::from(cc);
    cc < 1024 && ASSIGNED[cc / 64] & (1 << (cc % 64)) != 0
}

/// Splits the country code off the front of `digits` (ASCII digits, no
/// `+`): `Some((code, length of the code))`, or `None` when no assigned
/// code starts it. Unambiguous because the code set is prefix-free.
#[inline]
pub(super) fn split_country_code(digits: &[u8]) -> Option<(u16, usize)> {
    let mut cc: u16 = 0;
    for (i, &b) in digits.iter().take(3).enumerate() {
        if !b.is_ascii_digit() {
            return None;
        }
        cc = cc * 10 + u16::from(b - b'0');
        if cc == 0 {
            return None;
        }
        if is_country_code(cc) {
            return Some((cc, i + 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_unique_and_sized() {
        assert!(COUNTRY_CODES.windows(2).all(|w| w[0] < w[1]));
        let by_len = |lo: u16, hi: u16| {
            COUNTRY_CODES
                .iter()
                .filter(|&&c| (lo..=hi).contains(&c))
                .count()
        };
        assert_eq!(by_len(1, 9), 2);
        assert_eq!(by_len(10, 99), 44);
        assert_eq!(by_len(100, 999), 169);
    }

    #[test]
    fn bitmap_matches_the_list() {
        for cc in 0..2000u16 {
            assert_eq!(is_country_code(cc), COUNTRY_CODES.contains(&cc), "{cc}");
        }
    }

    #[test]
    fn prefix_free() {
        for &a in &COUNTRY_CODES {
            for &b in &COUNTRY_CODES {
                if a == b {
                    continue;
                }
                let (a, b) = (a.to_string(), b.to_string());
                assert!(!b.starts_with(&a), "{a} is a prefix of {b}");
            }
        }
    }

    #[test]
    fn splits() {
        assert_eq!(split_country_code(b"447700900123"), Some((44, 2)));
        assert_eq!(split_country_code(b"14035551234"), Some((1, 1)));
        assert_eq!(split_country_code(b"79161234567"), Some((7, 1)));
        assert_eq!(split_country_code(b"380501234567"), Some((380, 3)));
        assert_eq!(split_country_code(b"8801712345678"), Some((880, 3)));
        assert_eq!(split_country_code(b"0447700900123"), None);
        assert_eq!(split_country_code(b"2101234567"), None);
        assert_eq!(split_country_code(b"999"), None);
        assert_eq!(split_country_code(b"38"), None);
        assert_eq!(split_country_code(b""), None);
    }
}

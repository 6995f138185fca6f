//! Address normalization, black-box: real-world shapes of senders and
//! destinations from many countries, the tables, and properties.

use inlet_message::address::{
    AddressError, COUNTRY_CODES, Country, E164, MAX_DIGITS, Sender, SenderKind, is_country_code,
    normalize_destination, normalize_sender, ton,
};
use inlet_pdu::CommandStatus;
use proptest::prelude::*;

fn country(iso: &str) -> Country {
    if iso.is_empty() {
        return Country::UNSPECIFIED;
    }
    Country::from_iso(iso).unwrap_or_else(|| panic!("no country {iso}"))
}

fn dest(ton: u8, raw: &str, iso: &str) -> Result<String, AddressError> {
    normalize_destination(ton, 1, raw.as_bytes(), &country(iso)).map(|e| e.to_string())
}

fn sender(ton: u8, raw: &[u8], iso: &str) -> (SenderKind, String) {
    let s = normalize_sender(ton, 1, raw, &country(iso));
    (s.kind, s.value.into())
}

#[track_caller]
fn assert_dest(ton: u8, raw: &str, iso: &str, want: &str) {
    assert_eq!(
        dest(ton, raw, iso).as_deref(),
        Ok(want),
        "ton {ton} {raw:?} in {iso}"
    );
    // A number a sender would be, too (under TON 5 a sender is text).
    let s = normalize_sender(ton, 1, raw.as_bytes(), &country(iso));
    let kind = if ton == ton::ALPHANUMERIC {
        SenderKind::Alphanumeric
    } else {
        SenderKind::E164
    };
    let value = if ton == ton::ALPHANUMERIC { raw } else { want };
    assert_eq!((s.kind, s.value.as_str()), (kind, value), "sender {raw:?}");
}

#[track_caller]
fn assert_dest_err(ton: u8, raw: &str, iso: &str, want: AddressError) {
    assert_eq!(dest(ton, raw, iso), Err(want), "ton {ton} {raw:?} in {iso}");
}

#[track_caller]
fn assert_sender(ton: u8, raw: &[u8], iso: &str, kind: SenderKind, value: &str) {
    assert_eq!(
        sender(ton, raw, iso),
        (kind, value.to_owned()),
        "ton {ton} {:?} in {iso}",
        String::from_utf8_lossy(raw)
    );
}

// ------------------------------------------------------------ tables

#[test]
fn country_code_table() {
    assert_eq!(COUNTRY_CODES.len(), 215);
    assert!(COUNTRY_CODES.windows(2).all(|w| w[0] < w[1]));
    for cc in [
        1, 7, 20, 27, 30, 31, 33, 34, 36, 39, 44, 49, 52, 55, 61, 62, 66, 81, 82, 84, 86, 90, 91,
        98, 211, 212, 218, 220, 234, 249, 254, 258, 260, 269, 290, 297, 299, 350, 359, 370, 375,
        380, 383, 385, 389, 420, 423, 500, 509, 590, 599, 670, 672, 692, 800, 808, 850, 852, 856,
        870, 878, 880, 881, 882, 883, 886, 888, 960, 968, 970, 977, 979, 992, 998,
    ] {
        assert!(is_country_code(cc), "{cc} is assigned");
    }
    for cc in [
        0, 2, 3, 10, 21, 28, 35, 37, 38, 42, 50, 59, 67, 80, 83, 85, 87, 89, 96, 99, 210, 214, 259,
        280, 292, 379, 384, 388, 422, 671, 684, 693, 801, 851, 884, 887, 969, 978, 990, 991, 997,
        999, 1000,
    ] {
        assert!(!is_country_code(cc), "{cc} is not assigned");
    }
    // Prefix-free: no code starts another.
    for &a in &COUNTRY_CODES {
        for &b in &COUNTRY_CODES {
            if a != b {
                assert!(!b.to_string().starts_with(&a.to_string()), "{a} / {b}");
            }
        }
    }
}

#[test]
fn country_table() {
    let all = Country::all();
    assert_eq!(all.len(), 227);
    assert!(all.windows(2).all(|w| w[0].iso() < w[1].iso()));
    for iso in [
        // Required by the issue.
        "US", "CA", "PR", "JM", "DO", "TT", "BS", "BB", "AT", "BE", "BG", "HR", "CY", "CZ", "DK",
        "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT",
        "RO", "SK", "SI", "ES", "SE", "GB", "RU", "UA", "KZ", "TR", "IN", "PK", "BD", "ID", "PH",
        "VN", "TH", "MY", "SG", "CN", "HK", "TW", "JP", "KR", "AU", "NZ", "BR", "MX", "AR", "CO",
        "CL", "PE", "NG", "KE", "ZA", "EG", "MA", "SA", "AE", "IL", "IR",
    ] {
        let c = country(iso);
        assert_eq!(c.iso(), iso);
        assert!(is_country_code(c.calling_code()), "{iso}");
    }
    // The whole NANP is +1.
    let nanp = all.iter().filter(|c| c.calling_code() == 1).count();
    assert_eq!(nanp, 25);
}

#[test]
fn countries() {
    let gb = country("GB");
    assert_eq!(
        (gb.iso(), gb.calling_code(), gb.trunk_prefix()),
        ("GB", 44, Some("0"))
    );
    assert_eq!(gb.national_number_lengths(), 9..=10);
    assert_eq!(Country::from_iso("gb"), Some(gb));
    assert_eq!(Country::from_iso("Gb"), Some(gb));
    assert_eq!(Country::from_iso("GBR"), None);
    assert_eq!(Country::from_iso("XX"), None);
    assert_eq!(Country::from_iso(""), None);
    assert_eq!(Country::from_iso("é"), None);
    assert_eq!("fr".parse::<Country>().map(|c| c.calling_code()), Ok(33));
    assert!("QQ".parse::<Country>().is_err());

    let trunk = |iso| country(iso).trunk_prefix();
    assert_eq!(trunk("FR"), Some("0"));
    assert_eq!(trunk("DE"), Some("0"));
    assert_eq!(trunk("US"), Some("1"));
    assert_eq!(trunk("CA"), Some("1"));
    assert_eq!(trunk("RU"), Some("8"));
    assert_eq!(trunk("KZ"), Some("8"));
    assert_eq!(trunk("HU"), Some("06"));
    assert_eq!(trunk("ES"), None);
    assert_eq!(trunk("IT"), None);
    assert_eq!(trunk("PT"), None);
    assert_eq!(trunk("PL"), None);
    assert_eq!(trunk("SG"), None);
    assert_eq!(country("US").international_prefix(), Some("011"));
    assert_eq!(country("GB").international_prefix(), None);
    assert_eq!(country("KZ").calling_code(), 7);
    assert_eq!(country("VA").calling_code(), 39);

    assert!(!Country::UNSPECIFIED.is_specified());
    assert_eq!(Country::default(), Country::UNSPECIFIED);
    assert_eq!(Country::for_calling_code(44).map(|c| c.iso()), Some("GB"));
    assert_eq!(Country::for_calling_code(1).map(|c| c.iso()), Some("US"));
    assert_eq!(gb.to_string(), "GB");
}

#[test]
fn country_serde() {
    let c: Country = serde_json::from_str("\"de\"").expect("de");
    assert_eq!(c.iso(), "DE");
    assert_eq!(serde_json::to_string(&c).expect("json"), "\"DE\"");
    assert!(serde_json::from_str::<Country>("\"ZZZ\"").is_err());
    assert!(serde_json::from_str::<Country>("44").is_err());
}

// ------------------------------------------------------------ E164

#[test]
fn e164_type() {
    let e: E164 = "+447700900123".parse().expect("valid");
    assert_eq!(e.to_string(), "+447700900123");
    assert_eq!(e.as_u64(), 447_700_900_123);
    assert_eq!(e.country_code(), 44);
    assert_eq!(e.national_number(), 7_700_900_123);
    assert_eq!(e.len(), 12);
    assert!(!e.is_empty());
    assert_eq!(E164::from_u64(447_700_900_123), Ok(e));
    assert_eq!(E164::from_digits(b"447700900123"), Ok(e));

    let us: E164 = "+14035551234".parse().expect("valid");
    assert_eq!(
        (us.country_code(), us.national_number()),
        (1, 4_035_551_234)
    );
    let ua: E164 = "+380501234567".parse().expect("valid");
    assert_eq!(
        (ua.country_code(), ua.national_number()),
        (380, 501_234_567)
    );

    // Longest and shortest.
    let max: E164 = "+882123456789012".parse().expect("15 digits");
    assert_eq!(max.len(), MAX_DIGITS);
    assert!("+6831234".parse::<E164>().is_ok());

    assert_eq!("".parse::<E164>(), Err(AddressError::Empty));
    assert_eq!("+".parse::<E164>(), Err(AddressError::Empty));
    assert_eq!(
        "447700900123".parse::<E164>(),
        Err(AddressError::InvalidCharacter)
    );
    assert_eq!(
        "+44 7700 900123".parse::<E164>(),
        Err(AddressError::InvalidCharacter)
    );
    assert_eq!(
        "+4477009001234567".parse::<E164>(),
        Err(AddressError::TooLong { digits: 16 })
    );
    assert_eq!(
        "+999123456".parse::<E164>(),
        Err(AddressError::UnknownCountryCode)
    );
    assert_eq!(
        "+0447700900123".parse::<E164>(),
        Err(AddressError::UnknownCountryCode)
    );
    assert_eq!(
        "+44123".parse::<E164>(),
        Err(AddressError::TooShort { digits: 5 })
    );
    assert!(E164::from_u64(0).is_err());
    assert!(E164::from_u64(u64::MAX).is_err());
}

#[test]
fn e164_serde() {
    let e: E164 = "+33612345678".parse().expect("valid");
    assert_eq!(serde_json::to_string(&e).expect("json"), "\"+33612345678\"");
    let back: E164 = serde_json::from_str("\"+33612345678\"").expect("parse");
    assert_eq!(back, e);
    assert!(serde_json::from_str::<E164>("\"33612345678\"").is_err());
    assert!(serde_json::from_str::<E164>("33612345678").is_err());
}

// ------------------------------------------------------------ international

#[test]
fn international_forms() {
    for raw in [
        "447700900123",
        "+447700900123",
        "00447700900123",
        "+44 7700 900123",
        "+44 (0)7700 900123",
        "+44(0)7700900123",
        "0044 (0) 7700-900-123",
        "+0044 7700 900123",
        "(+44) 7700.900.123",
        " +447700900123\0",
    ] {
        for iso in ["GB", "US", "FR", "RU", "IT", ""] {
            assert_dest(ton::INTERNATIONAL, raw, iso, "+447700900123");
            assert_dest(ton::UNKNOWN, raw, iso, "+447700900123");
        }
    }
}

#[test]
fn international_many_countries() {
    // (international digits, expected) under TON 1, with a default country
    // that has nothing to do with them.
    for (raw, want) in [
        ("14035551234", "+14035551234"),
        ("12125551234", "+12125551234"),
        ("18765551234", "+18765551234"),
        ("79161234567", "+79161234567"),
        ("77011234567", "+77011234567"),
        ("33612345678", "+33612345678"),
        ("4915123456789", "+4915123456789"),
        ("49301234567", "+49301234567"),
        ("34612345678", "+34612345678"),
        ("393123456789", "+393123456789"),
        ("390612345678", "+390612345678"),
        ("351912345678", "+351912345678"),
        ("31612345678", "+31612345678"),
        ("32470123456", "+32470123456"),
        ("41791234567", "+41791234567"),
        ("436641234567", "+436641234567"),
        ("46701234567", "+46701234567"),
        ("4791234567", "+4791234567"),
        ("4520123456", "+4520123456"),
        ("358401234567", "+358401234567"),
        ("48512345678", "+48512345678"),
        ("420601123456", "+420601123456"),
        ("36201234567", "+36201234567"),
        ("40712345678", "+40712345678"),
        ("359881234567", "+359881234567"),
        ("306912345678", "+306912345678"),
        ("353851234567", "+353851234567"),
        ("37060012345", "+37060012345"),
        ("37120012345", "+37120012345"),
        ("3725123456", "+3725123456"),
        ("380501234567", "+380501234567"),
        ("375291234567", "+375291234567"),
        ("905321234567", "+905321234567"),
        ("919876543210", "+919876543210"),
        ("923001234567", "+923001234567"),
        ("8801712345678", "+8801712345678"),
        ("6281234567890", "+6281234567890"),
        ("639171234567", "+639171234567"),
        ("84912345678", "+84912345678"),
        ("66812345678", "+66812345678"),
        ("60123456789", "+60123456789"),
        ("6591234567", "+6591234567"),
        ("8613812345678", "+8613812345678"),
        ("85291234567", "+85291234567"),
        ("886912345678", "+886912345678"),
        ("819012345678", "+819012345678"),
        ("821012345678", "+821012345678"),
        ("61412345678", "+61412345678"),
        ("64211234567", "+64211234567"),
        ("5511912345678", "+5511912345678"),
        ("525512345678", "+525512345678"),
        ("5491112345678", "+5491112345678"),
        ("573001234567", "+573001234567"),
        ("56912345678", "+56912345678"),
        ("51912345678", "+51912345678"),
        ("2348012345678", "+2348012345678"),
        ("254712345678", "+254712345678"),
        ("27821234567", "+27821234567"),
        ("201001234567", "+201001234567"),
        ("212612345678", "+212612345678"),
        ("966501234567", "+966501234567"),
        ("971501234567", "+971501234567"),
        ("972501234567", "+972501234567"),
        ("989121234567", "+989121234567"),
        ("998901234567", "+998901234567"),
        ("995555123456", "+995555123456"),
        ("9607712345", "+9607712345"),
        ("8821234567890", "+8821234567890"),
        ("6831234", "+6831234"),
        ("29012345", "+29012345"),
    ] {
        assert_dest(ton::INTERNATIONAL, raw, "GB", want);
        assert_dest(ton::INTERNATIONAL, &format!("+{raw}"), "US", want);
        assert_dest(ton::UNKNOWN, &format!("00{raw}"), "FR", want);
    }
}

#[test]
fn trunk_prefix_left_after_the_country_code() {
    assert_dest(
        ton::INTERNATIONAL,
        "+33 (0)6 12 34 56 78",
        "GB",
        "+33612345678",
    );
    assert_dest(
        ton::INTERNATIONAL,
        "+49 (0)151 23456789",
        "GB",
        "+4915123456789",
    );
    assert_dest(
        ton::INTERNATIONAL,
        "+7 8 916 123-45-67",
        "GB",
        "+79161234567",
    );
    assert_dest(
        ton::INTERNATIONAL,
        "+375 80 29 123 45 67",
        "GB",
        "+375291234567",
    );
    assert_dest(
        ton::INTERNATIONAL,
        "+36 06 20 123 4567",
        "GB",
        "+36201234567",
    );
    assert_dest(
        ton::INTERNATIONAL,
        "+1 1 403 555 1234",
        "GB",
        "+14035551234",
    );
    // Mexico's pre-2019 mobile "1".
    assert_dest(
        ton::INTERNATIONAL,
        "+52 1 55 1234 5678",
        "US",
        "+525512345678",
    );
    // Italian numbers keep their 0.
    assert_dest(
        ton::INTERNATIONAL,
        "+39 06 1234 5678",
        "GB",
        "+390612345678",
    );
    // Too long even without the 0: left alone, and too long.
    assert_dest_err(
        ton::INTERNATIONAL,
        "+44 0 7700 900123 4567",
        "GB",
        AddressError::TooLong { digits: 17 },
    );
}

#[test]
fn own_international_prefixes() {
    assert_dest(ton::UNKNOWN, "011 44 7700 900123", "US", "+447700900123");
    assert_dest(ton::NATIONAL, "011447700900123", "CA", "+447700900123");
    assert_dest(ton::UNKNOWN, "0011 44 7700 900123", "AU", "+447700900123");
    assert_dest(ton::UNKNOWN, "010 44 7700 900123", "JP", "+447700900123");
    assert_dest(ton::UNKNOWN, "8 10 44 7700 900123", "RU", "+447700900123");
    assert_dest(ton::UNKNOWN, "00 44 7700 900123", "RU", "+447700900123");
}

// ------------------------------------------------------------ national

#[test]
fn national_numbers() {
    for (iso, raw, want) in [
        ("GB", "07700900123", "+447700900123"),
        ("GB", "07700 900 123", "+447700900123"),
        ("GB", "020 7946 0018", "+442079460018"),
        ("GB", "7700900123", "+447700900123"),
        ("FR", "0612345678", "+33612345678"),
        ("FR", "06 12 34 56 78", "+33612345678"),
        ("FR", "612345678", "+33612345678"),
        ("US", "4035551234", "+14035551234"),
        ("US", "14035551234", "+14035551234"),
        ("US", "1 (403) 555-1234", "+14035551234"),
        ("US", "(403) 555-1234", "+14035551234"),
        ("US", "403.555.1234", "+14035551234"),
        ("CA", "6135550123", "+16135550123"),
        ("JM", "8765551234", "+18765551234"),
        ("DE", "015123456789", "+4915123456789"),
        ("DE", "030 1234567", "+49301234567"),
        ("AT", "0664 1234567", "+436641234567"),
        ("CH", "079 123 45 67", "+41791234567"),
        ("NL", "06-12345678", "+31612345678"),
        ("BE", "0470 12 34 56", "+32470123456"),
        ("IT", "312 345 6789", "+393123456789"),
        ("IT", "06 1234 5678", "+390612345678"),
        ("ES", "612 345 678", "+34612345678"),
        ("PT", "912345678", "+351912345678"),
        ("PL", "512 345 678", "+48512345678"),
        ("SE", "070-123 45 67", "+46701234567"),
        ("NO", "912 34 567", "+4791234567"),
        ("DK", "20 12 34 56", "+4520123456"),
        ("FI", "040 1234567", "+358401234567"),
        ("IE", "085 123 4567", "+353851234567"),
        ("GR", "691 234 5678", "+306912345678"),
        ("HU", "06 20 123 4567", "+36201234567"),
        ("RO", "0712 345 678", "+40712345678"),
        ("CZ", "601 123 456", "+420601123456"),
        ("RU", "89161234567", "+79161234567"),
        ("RU", "8 (916) 123-45-67", "+79161234567"),
        ("RU", "9161234567", "+79161234567"),
        ("RU", "84951234567", "+74951234567"),
        ("RU", "88001234567", "+78001234567"),
        ("KZ", "87011234567", "+77011234567"),
        ("UA", "050 123 4567", "+380501234567"),
        ("BY", "8 029 123 45 67", "+375291234567"),
        ("BY", "029 123 45 67", "+375291234567"),
        ("LT", "8 600 12345", "+37060012345"),
        ("UZ", "8 90 123 4567", "+998901234567"),
        ("UZ", "88 123 4567", "+998881234567"),
        ("TR", "0532 123 45 67", "+905321234567"),
        ("IN", "09876543210", "+919876543210"),
        ("IN", "98765 43210", "+919876543210"),
        ("PK", "0300 1234567", "+923001234567"),
        ("BD", "01712-345678", "+8801712345678"),
        ("ID", "0812-3456-7890", "+6281234567890"),
        ("PH", "0917 123 4567", "+639171234567"),
        ("VN", "091 234 5678", "+84912345678"),
        ("TH", "081 234 5678", "+66812345678"),
        ("MY", "012-345 6789", "+60123456789"),
        ("SG", "9123 4567", "+6591234567"),
        ("HK", "9123 4567", "+85291234567"),
        ("CN", "138 1234 5678", "+8613812345678"),
        ("CN", "0138 1234 5678", "+8613812345678"),
        ("TW", "0912 345 678", "+886912345678"),
        ("JP", "090-1234-5678", "+819012345678"),
        ("KR", "010-1234-5678", "+821012345678"),
        ("AU", "0412 345 678", "+61412345678"),
        ("NZ", "021 123 4567", "+64211234567"),
        ("BR", "(11) 91234-5678", "+5511912345678"),
        ("BR", "011 91234 5678", "+5511912345678"),
        ("MX", "55 1234 5678", "+525512345678"),
        ("MX", "044 55 1234 5678", "+525512345678"),
        ("MX", "01 55 1234 5678", "+525512345678"),
        ("AR", "011 1234-5678", "+541112345678"),
        ("CO", "300 123 4567", "+573001234567"),
        ("CL", "9 1234 5678", "+56912345678"),
        ("PE", "912 345 678", "+51912345678"),
        ("NG", "0801 234 5678", "+2348012345678"),
        ("KE", "0712 345678", "+254712345678"),
        ("ZA", "082 123 4567", "+27821234567"),
        ("EG", "0100 123 4567", "+201001234567"),
        ("MA", "0612-345678", "+212612345678"),
        ("SA", "050 123 4567", "+966501234567"),
        ("AE", "050 123 4567", "+971501234567"),
        ("IL", "050-123-4567", "+972501234567"),
        ("IR", "0912 123 4567", "+989121234567"),
    ] {
        assert_dest(ton::NATIONAL, raw, iso, want);
    }
}

#[test]
fn mislabelled_tons() {
    // International labelled national.
    assert_dest(ton::NATIONAL, "447700900123", "GB", "+447700900123");
    assert_dest(ton::NATIONAL, "33612345678", "GB", "+33612345678");
    assert_dest(ton::NATIONAL, "+447700900123", "FR", "+447700900123");
    assert_dest(ton::NATIONAL, "0033612345678", "GB", "+33612345678");
    // National labelled international.
    assert_dest(ton::INTERNATIONAL, "07700900123", "GB", "+447700900123");
    assert_dest(ton::INTERNATIONAL, "89161234567", "RU", "+79161234567");
    // Subscriber numbers read as national.
    assert_dest(ton::SUBSCRIBER, "07700900123", "GB", "+447700900123");
    // Digits under the alphanumeric TON: a destination is read by shape.
    assert_dest(ton::ALPHANUMERIC, "447700900123", "GB", "+447700900123");
    // Reserved TON values read as unknown.
    assert_dest(7, "447700900123", "GB", "+447700900123");
    assert_dest(0xFF, "07700900123", "GB", "+447700900123");
    // Abbreviated/network specific with a full number.
    assert_dest(ton::ABBREVIATED, "447700900123", "GB", "+447700900123");
    assert_dest(
        ton::NETWORK_SPECIFIC,
        "+447700900123",
        "GB",
        "+447700900123",
    );
}

// ------------------------------------------------------------ unknown TON

#[test]
fn unknown_ton() {
    for (iso, raw, want) in [
        ("GB", "07700900123", "+447700900123"),
        ("GB", "447700900123", "+447700900123"),
        ("GB", "7700900123", "+447700900123"),
        ("GB", "33612345678", "+33612345678"),
        ("FR", "0612345678", "+33612345678"),
        ("FR", "447700900123", "+447700900123"),
        ("US", "14035551234", "+14035551234"),
        ("US", "4035551234", "+14035551234"),
        ("US", "447700900123", "+447700900123"),
        ("DE", "4915123456789", "+4915123456789"),
        ("DE", "015123456789", "+4915123456789"),
        ("RU", "89161234567", "+79161234567"),
        ("RU", "79161234567", "+79161234567"),
        // Trunk 8 wins over Vietnam's 84 for a Russian account.
        ("RU", "84951234567", "+74951234567"),
        // … but not when the rest is no Russian number.
        ("RU", "8613812345678", "+8613812345678"),
        ("KZ", "77011234567", "+77011234567"),
        ("IT", "3123456789", "+393123456789"),
        ("IT", "393123456789", "+393123456789"),
        ("IT", "0612345678", "+390612345678"),
        ("ES", "612345678", "+34612345678"),
        ("SG", "91234567", "+6591234567"),
        ("FR", "6591234567", "+6591234567"),
        ("", "447700900123", "+447700900123"),
        ("", "+14035551234", "+14035551234"),
        ("", "0033612345678", "+33612345678"),
    ] {
        assert_dest(ton::UNKNOWN, raw, iso, want);
    }
}

// ------------------------------------------------------------ short codes

#[test]
fn short_codes() {
    for (ton, raw, iso, want) in [
        (ton::UNKNOWN, "32665", "US", "32665"),
        (ton::UNKNOWN, "22000", "GB", "22000"),
        (ton::UNKNOWN, "900", "RU", "900"),
        (ton::UNKNOWN, "7726", "GB", "7726"),
        (ton::UNKNOWN, "12345678", "US", "12345678"),
        (ton::NETWORK_SPECIFIC, "32665", "US", "32665"),
        (ton::ABBREVIATED, "22000", "DE", "22000"),
        (ton::ABBREVIATED, "12", "DE", "12"),
        (ton::ABBREVIATED, "1", "FR", "1"),
        (ton::NETWORK_SPECIFIC, "91234567", "SG", "91234567"),
        (ton::INTERNATIONAL, "32665", "GB", "32665"),
        (ton::INTERNATIONAL, "+32665", "GB", "32665"),
        (ton::UNKNOWN, "+22000", "GB", "22000"),
        (ton::NATIONAL, "85075", "GB", "85075"),
        (ton::NATIONAL, "0900", "FR", "0900"),
        (ton::UNKNOWN, "3 2 6 6 5", "US", "32665"),
        (ton::UNKNOWN, "32665", "", "32665"),
        // +1 and six digits is no NANP number.
        (ton::INTERNATIONAL, "+1234567", "GB", "1234567"),
    ] {
        assert_sender(ton, raw.as_bytes(), iso, SenderKind::ShortCode, want);
        assert_dest_err(ton, raw, iso, AddressError::ShortCode);
    }
}

// ------------------------------------------------------------ senders

#[test]
fn alphanumeric_senders() {
    let alnum = SenderKind::Alphanumeric;
    for (ton, raw, want) in [
        (ton::ALPHANUMERIC, &b"WhatsApp"[..], "WhatsApp"),
        (ton::ALPHANUMERIC, b"  G-Verify ", "G-Verify"),
        (ton::ALPHANUMERIC, b"BANK-ALERT", "BANK-ALERT"),
        (ton::ALPHANUMERIC, b"Telegram\0\0", "Telegram"),
        (ton::ALPHANUMERIC, b"\tInfo SMS\r\n", "Info SMS"),
        (ton::ALPHANUMERIC, b"Caf\xe9", "Caf\u{e9}"),
        (ton::ALPHANUMERIC, b"\xa0Caf\xe9\xa0", "Caf\u{e9}"),
        (ton::ALPHANUMERIC, "Сбербанк".as_bytes(), "Сбербанк"),
        (ton::ALPHANUMERIC, "微信".as_bytes(), "微信"),
        (ton::ALPHANUMERIC, b"32665", "32665"),
        (ton::ALPHANUMERIC, b"AMAZON.COM", "AMAZON.COM"),
        // Letters under a numeric TON: still the text.
        (ton::INTERNATIONAL, b"WhatsApp", "WhatsApp"),
        (ton::UNKNOWN, b"Google", "Google"),
        (ton::NATIONAL, b"VK.com", "VK.com"),
        (ton::UNKNOWN, b"+44 7700 ext 1", "+44 7700 ext 1"),
        (ton::NETWORK_SPECIFIC, b"Uber", "Uber"),
    ] {
        assert_sender(ton, raw, "GB", alnum, want);
    }
}

#[test]
fn numeric_senders() {
    let e = SenderKind::E164;
    assert_sender(
        ton::INTERNATIONAL,
        b"+1 (403) 555-1234",
        "GB",
        e,
        "+14035551234",
    );
    assert_sender(ton::UNKNOWN, b"+1 (403) 555-1234", "", e, "+14035551234");
    assert_sender(
        ton::INTERNATIONAL,
        b"447700900123",
        "US",
        e,
        "+447700900123",
    );
    assert_sender(ton::NATIONAL, b"07700900123", "GB", e, "+447700900123");
    assert_sender(ton::UNKNOWN, b"89161234567", "RU", e, "+79161234567");
}

#[test]
fn unknown_senders_keep_the_raw_value() {
    let unknown = SenderKind::Unknown;
    for (ton, raw, iso, want) in [
        (ton::ALPHANUMERIC, &b""[..], "GB", ""),
        (ton::UNKNOWN, b"", "GB", ""),
        (ton::ALPHANUMERIC, b"   ", "GB", "   "),
        (ton::UNKNOWN, b" \0", "GB", " \0"),
        (ton::ALPHANUMERIC, b"\x01\x02", "GB", "\u{1}\u{2}"),
        (
            ton::UNKNOWN,
            b"\xff\xfe\x00\x80",
            "GB",
            "\u{ff}\u{fe}\u{0}\u{80}",
        ),
        (ton::UNKNOWN, b"***", "GB", "***"),
        (ton::UNKNOWN, b"+", "GB", "+"),
        (ton::INTERNATIONAL, b"+999123456789", "GB", "+999123456789"),
        (ton::UNKNOWN, b"999123456789", "GB", "999123456789"),
        (
            ton::INTERNATIONAL,
            b"+4477009001234567",
            "GB",
            "+4477009001234567",
        ),
        (
            ton::UNKNOWN,
            b"1234567890123456789012345678901234567890",
            "GB",
            "1234567890123456789012345678901234567890",
        ),
        (ton::UNKNOWN, b"12", "GB", "12"),
        // A national number and no country to read it in.
        (ton::NATIONAL, b"07700900123", "", "07700900123"),
        (ton::UNKNOWN, b"07700900123", "", "07700900123"),
        // A national number that fits no plan of the country.
        (ton::NATIONAL, b"0770090012345", "GB", "0770090012345"),
    ] {
        assert_sender(ton, raw, iso, unknown, want);
    }
}

#[test]
fn sender_serde() {
    let s = normalize_sender(ton::ALPHANUMERIC, 0, b"WhatsApp", &country("GB"));
    let json = serde_json::to_value(&s).expect("json");
    assert_eq!(
        json,
        serde_json::json!({ "kind": "alphanumeric", "value": "WhatsApp" })
    );
    for (kind, text) in [
        (SenderKind::E164, "e164"),
        (SenderKind::ShortCode, "short_code"),
        (SenderKind::Alphanumeric, "alphanumeric"),
        (SenderKind::Unknown, "unknown"),
    ] {
        assert_eq!(kind.as_str(), text);
        assert_eq!(kind.to_string(), text);
        assert_eq!(
            serde_json::to_string(&kind).expect("json"),
            format!("\"{text}\"")
        );
        let back: SenderKind = serde_json::from_str(&format!("\"{text}\"")).expect("parse");
        assert_eq!(back, kind);
    }
    let number = normalize_sender(ton::INTERNATIONAL, 1, b"447700900123", &country("GB"));
    assert_eq!(number.e164().map(E164::as_u64), Some(447_700_900_123));
    assert_eq!(s.e164(), None);
}

// ------------------------------------------------------------ destination errors

#[test]
fn destination_errors() {
    use AddressError::*;
    for (ton, raw, iso, want) in [
        (ton::UNKNOWN, "", "GB", Empty),
        (ton::INTERNATIONAL, "   ", "GB", Empty),
        (ton::INTERNATIONAL, "\0", "GB", Empty),
        (
            ton::INTERNATIONAL,
            "+4477009001234567",
            "GB",
            TooLong { digits: 16 },
        ),
        (
            ton::INTERNATIONAL,
            "4477009001234567",
            "GB",
            TooLong { digits: 16 },
        ),
        (
            ton::UNKNOWN,
            "447700900123456789",
            "GB",
            TooLong { digits: 18 },
        ),
        (
            ton::UNKNOWN,
            "1234567890123456789012345678901234567890",
            "GB",
            TooLong { digits: 40 },
        ),
        (
            ton::INTERNATIONAL,
            "+999123456789",
            "GB",
            UnknownCountryCode,
        ),
        (ton::INTERNATIONAL, "999123456789", "GB", UnknownCountryCode),
        (ton::UNKNOWN, "999123456789", "GB", UnknownCountryCode),
        (ton::UNKNOWN, "00999123456789", "GB", UnknownCountryCode),
        (ton::UNKNOWN, "+3791234567", "GB", UnknownCountryCode),
        (ton::UNKNOWN, "abc", "GB", InvalidCharacter),
        (ton::ALPHANUMERIC, "WhatsApp", "GB", InvalidCharacter),
        (ton::UNKNOWN, "44770090012a", "GB", InvalidCharacter),
        (ton::UNKNOWN, "+", "GB", InvalidCharacter),
        (ton::UNKNOWN, "447700+900123", "GB", InvalidCharacter),
        (ton::UNKNOWN, "\u{ff}\u{fe}", "GB", InvalidCharacter),
        (ton::UNKNOWN, "12", "GB", TooShort { digits: 2 }),
        (ton::NATIONAL, "07700900123", "", NoDefaultCountry),
        (ton::UNKNOWN, "07700900123", "", NoDefaultCountry),
        (ton::NATIONAL, "0770090012345", "GB", Unresolved),
    ] {
        assert_dest_err(ton, raw, iso, want);
    }
    assert_eq!(
        AddressError::UnknownCountryCode.command_status(),
        CommandStatus::ESME_RINVDSTADR
    );
    assert_eq!(AddressError::TooLong { digits: 16 }.as_label(), "too_long");
    assert_eq!(
        AddressError::TooLong { digits: 16 }.to_string(),
        "address has 16 digits, more than the 15 of E.164"
    );
}

// ------------------------------------------------------------ properties

fn any_country() -> impl Strategy<Value = Country> {
    prop_oneof![
        Just(Country::UNSPECIFIED),
        (0..Country::all().len()).prop_map(|i| Country::all()[i]),
    ]
}

fn number_like() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            8 => b'0'..=b'9',
            1 => prop::sample::select(&b"+ -().\0/"[..]),
        ],
        0..24,
    )
}

fn check_sender(s: &Sender, raw: &[u8]) {
    match s.kind {
        SenderKind::E164 => {
            let e: E164 = s.value.parse().expect("an E164 sender parses");
            assert_eq!(e.to_string(), s.value);
        }
        SenderKind::ShortCode => {
            assert!((1..=8).contains(&s.value.len()), "{s:?}");
            assert!(s.value.bytes().all(|b| b.is_ascii_digit()), "{s:?}");
        }
        SenderKind::Alphanumeric => {
            assert!(!s.value.is_empty());
            assert_eq!(s.value.trim(), s.value);
            assert!(!s.value.chars().any(char::is_control));
        }
        SenderKind::Unknown => {
            let lossy: String = match std::str::from_utf8(raw) {
                Ok(t) => t.to_owned(),
                Err(_) => raw.iter().map(|&b| char::from(b)).collect(),
            };
            assert_eq!(s.value, lossy);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_input_never_panics(
        ton in any::<u8>(),
        npi in any::<u8>(),
        raw in prop::collection::vec(any::<u8>(), 0..40),
        country in any_country(),
    ) {
        let s = normalize_sender(ton, npi, &raw, &country);
        check_sender(&s, &raw);
        if let Ok(e) = normalize_destination(ton, npi, &raw, &country) {
            prop_assert_eq!(e.to_string().parse::<E164>(), Ok(e));
            prop_assert_eq!(e.to_canonical(), format!("+{}", e.as_u64()));
            prop_assert_eq!(e.to_canonical(), e.to_string());
        }
    }

    #[test]
    fn number_shaped_input(
        ton in 0u8..8,
        raw in number_like(),
        country in any_country(),
    ) {
        let s = normalize_sender(ton, 1, &raw, &country);
        check_sender(&s, &raw);
        match normalize_destination(ton, 1, &raw, &country) {
            Ok(e) => {
                // The sender reading agrees (under TON 5 a sender is text),
                // and normalizing is idempotent.
                if ton != ton::ALPHANUMERIC {
                    prop_assert_eq!(s.kind, SenderKind::E164);
                    prop_assert_eq!(&s.value, &e.to_string());
                }
                let text = e.to_string();
                for t in [ton::INTERNATIONAL, ton::UNKNOWN, ton::NATIONAL] {
                    prop_assert_eq!(
                        normalize_destination(t, 1, text.as_bytes(), &country),
                        Ok(e)
                    );
                }
            }
            Err(err) => {
                if ton != ton::ALPHANUMERIC {
                    prop_assert_ne!(s.kind, SenderKind::E164);
                }
                prop_assert_eq!(err.command_status(), CommandStatus::ESME_RINVDSTADR);
            }
        }
    }

    #[test]
    fn valid_e164_round_trips(
        (cc, nsn) in prop::sample::select(&COUNTRY_CODES[..]).prop_flat_map(|cc| {
            let cc_len = cc.to_string().len();
            (Just(cc), prop::collection::vec(b'0'..=b'9', 7 - cc_len..=15 - cc_len))
        }),
    ) {
        let mut digits = cc.to_string().into_bytes();
        digits.extend_from_slice(&nsn);
        prop_assert!((7..=15).contains(&digits.len()));
        let e = E164::from_digits(&digits).expect("valid");
        let text = e.to_string();
        prop_assert_eq!(&text[1..], std::str::from_utf8(&digits).expect("ascii"));
        prop_assert_eq!(text.parse::<E164>(), Ok(e));
        prop_assert_eq!(E164::from_u64(e.as_u64()), Ok(e));
        prop_assert_eq!(e.country_code(), cc);
        prop_assert_eq!(e.len(), digits.len());
        let json = serde_json::to_string(&e).expect("json");
        prop_assert_eq!(serde_json::from_str::<E164>(&json).expect("back"), e);
    }
}

//! Text decoding: `data_coding` classification, every alphabet, UDH
//! handling, multipart joining.

use inlet_message::gsm::{self, NationalLanguage, fill_bits_for_udh, pack_septets};
use inlet_message::text::{
    Alphabet, Dcs0Alphabet, Encoding, MessageClass, SegmentContent, TextPolicy, classify, decode,
    decode_joined, join_raw,
};
use inlet_message::udh::UdhError;
use proptest::prelude::*;

const UNPACKED: TextPolicy = TextPolicy {
    dcs0: Dcs0Alphabet::Gsm7,
    gsm_packed: false,
};
const PACKED: TextPolicy = TextPolicy {
    dcs0: Dcs0Alphabet::Gsm7,
    gsm_packed: true,
};
const LATIN1: TextPolicy = TextPolicy {
    dcs0: Dcs0Alphabet::Latin1,
    gsm_packed: false,
};
const ASCII: TextPolicy = TextPolicy {
    dcs0: Dcs0Alphabet::Ascii,
    gsm_packed: false,
};
const POLICIES: [TextPolicy; 4] = [UNPACKED, PACKED, LATIN1, ASCII];

fn ucs2(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_be_bytes).collect()
}

fn gsm7(
    text: &str,
    locking: Option<NationalLanguage>,
    single: Option<NationalLanguage>,
) -> Vec<u8> {
    gsm::encode(text, locking, single).expect("text is GSM 7-bit")
}

/// Packs septets after `fill_bits`, writing `<CR>` into 7 spare bits as
/// 23.038 §6.1.2.3.1 asks of a sender.
fn pack(septets: &[u8], fill_bits: u8) -> Vec<u8> {
    let mut octets = pack_septets(septets, fill_bits);
    let bits = usize::from(fill_bits) + septets.len() * 7;
    if bits % 8 == 1
        && let Some(last) = octets.last_mut()
    {
        *last |= 0x0D << 1;
    }
    octets
}

fn text_of(
    data_coding: u8,
    esm_class: u8,
    user_data: &[u8],
    policy: &TextPolicy,
) -> (String, bool) {
    let decoded = decode(data_coding, esm_class, user_data, policy).expect("decodes");
    (decoded.text.expect("has text"), decoded.lossy)
}

// ---- encoding names ----

#[test]
fn encoding_names() {
    let names = [
        "gsm7",
        "gsm7_packed",
        "ucs2",
        "latin1",
        "ascii",
        "cyrillic",
        "hebrew",
        "jis",
        "kanji_ext",
        "ksc5601",
        "binary",
    ];
    for (encoding, name) in Encoding::ALL.into_iter().zip(names) {
        assert_eq!(encoding.as_str(), name);
        assert_eq!(encoding.to_string(), name);
        assert_eq!(
            serde_json::to_string(&encoding).expect("serializes"),
            format!("\"{name}\"")
        );
        assert_eq!(
            serde_json::from_str::<Encoding>(&format!("\"{name}\"")).expect("deserializes"),
            encoding
        );
    }
}

#[test]
fn policy_serde() {
    let policy: TextPolicy =
        serde_json::from_str(r#"{"dcs0":"latin1","gsm_packed":true}"#).expect("deserializes");
    assert_eq!(
        policy,
        TextPolicy {
            dcs0: Dcs0Alphabet::Latin1,
            gsm_packed: true
        }
    );
    let default: TextPolicy = serde_json::from_str("{}").expect("deserializes");
    assert_eq!(default, TextPolicy::DEFAULT);
    assert_eq!(TextPolicy::default(), TextPolicy::DEFAULT);
}

// ---- classification ----

/// The expected classification, written independently of the crate: SMPP
/// values first, then the 23.038 coding groups by their bit patterns.
fn expected(dcs: u8, policy: &TextPolicy) -> (Encoding, Option<u8>, bool) {
    let gsm = if policy.gsm_packed {
        Encoding::Gsm7Packed
    } else {
        Encoding::Gsm7
    };
    let default = match policy.dcs0 {
        Dcs0Alphabet::Gsm7 => gsm,
        Dcs0Alphabet::Latin1 => Encoding::Latin1,
        Dcs0Alphabet::Ascii => Encoding::Ascii,
    };
    let smpp = [
        (default, false),
        (Encoding::Ascii, false),
        (Encoding::Binary, false),
        (Encoding::Latin1, false),
        (Encoding::Binary, false),
        (Encoding::Jis, false),
        (Encoding::Cyrillic, false),
        (Encoding::Hebrew, false),
        (Encoding::Ucs2, false),
        (Encoding::Binary, false),
        (Encoding::Jis, false),
        (Encoding::Ucs2, true),
        (default, true),
        (Encoding::KanjiExt, false),
        (Encoding::Ksc5601, false),
        (default, true),
    ];
    if dcs < 0x10 {
        let (encoding, reserved) = smpp[usize::from(dcs)];
        return (encoding, None, reserved);
    }
    let class = dcs & 0x03;
    match dcs >> 4 {
        // 00xx / 01xx: general data coding.
        0x0..=0x7 => {
            let class = (dcs & 0x10 != 0).then_some(class);
            if dcs & 0x20 != 0 {
                return (Encoding::Binary, class, false);
            }
            match (dcs >> 2) & 0x03 {
                0b00 => (gsm, class, false),
                0b01 => (Encoding::Binary, class, false),
                0b10 => (Encoding::Ucs2, class, false),
                _ => (default, class, true),
            }
        }
        0x8..=0xB => (default, None, true),
        0xC | 0xD => (gsm, None, false),
        0xE => (Encoding::Ucs2, None, false),
        _ => {
            let encoding = if dcs & 0x04 == 0 {
                gsm
            } else {
                Encoding::Binary
            };
            (encoding, Some(class), false)
        }
    }
}

#[test]
fn classify_all_256_values() {
    for policy in POLICIES {
        for dcs in 0..=u8::MAX {
            let alphabet = classify(dcs, &policy);
            let (encoding, class, reserved) = expected(dcs, &policy);
            assert_eq!(alphabet.encoding, encoding, "dcs {dcs:#04x} {policy:?}");
            assert_eq!(
                alphabet.class.map(MessageClass::as_u8),
                class,
                "dcs {dcs:#04x}"
            );
            assert_eq!(alphabet.reserved, reserved, "dcs {dcs:#04x}");
            // And every value decodes something without panicking.
            let decoded = decode(dcs, 0, b"Hi \xE9\x80", &policy).expect("no header");
            assert_eq!(decoded.encoding, encoding);
            assert_eq!(decoded.text.is_none(), encoding == Encoding::Binary);
        }
    }
}

#[test]
fn classify_representative_values() {
    let p = UNPACKED;
    let cases: [(u8, Encoding, Option<MessageClass>); 33] = [
        (0x00, Encoding::Gsm7, None),
        (0x01, Encoding::Ascii, None),
        (0x02, Encoding::Binary, None),
        (0x03, Encoding::Latin1, None),
        (0x04, Encoding::Binary, None),
        (0x05, Encoding::Jis, None),
        (0x06, Encoding::Cyrillic, None),
        (0x07, Encoding::Hebrew, None),
        (0x08, Encoding::Ucs2, None),
        (0x09, Encoding::Binary, None),
        (0x0A, Encoding::Jis, None),
        (0x0B, Encoding::Ucs2, None),
        (0x0C, Encoding::Gsm7, None),
        (0x0D, Encoding::KanjiExt, None),
        (0x0E, Encoding::Ksc5601, None),
        (0x0F, Encoding::Gsm7, None),
        (0x10, Encoding::Gsm7, Some(MessageClass::Class0)),
        (0x11, Encoding::Gsm7, Some(MessageClass::Class1)),
        (0x15, Encoding::Binary, Some(MessageClass::Class1)),
        (0x18, Encoding::Ucs2, Some(MessageClass::Class0)),
        (0x1A, Encoding::Ucs2, Some(MessageClass::Class2)),
        (0x20, Encoding::Binary, None),
        (0x28, Encoding::Binary, None),
        (0x40, Encoding::Gsm7, None),
        (0x44, Encoding::Binary, None),
        (0x48, Encoding::Ucs2, None),
        (0x59, Encoding::Ucs2, Some(MessageClass::Class1)),
        (0xC0, Encoding::Gsm7, None),
        (0xD8, Encoding::Gsm7, None),
        (0xE0, Encoding::Ucs2, None),
        (0xF0, Encoding::Gsm7, Some(MessageClass::Class0)),
        (0xF5, Encoding::Binary, Some(MessageClass::Class1)),
        (0xFF, Encoding::Binary, Some(MessageClass::Class3)),
    ];
    for (dcs, encoding, class) in cases {
        let alphabet = classify(dcs, &p);
        assert_eq!(
            (alphabet.encoding, alphabet.class),
            (encoding, class),
            "{dcs:#04x}"
        );
    }
    assert_eq!(
        classify(0x90, &LATIN1),
        Alphabet {
            encoding: Encoding::Latin1,
            class: None,
            reserved: true
        }
    );
    assert_eq!(classify(0xF2, &PACKED).encoding, Encoding::Gsm7Packed);
    // Only 0x00 follows the account's dcs0 choice; 23.038 GSM values stay GSM.
    assert_eq!(classify(0x00, &LATIN1).encoding, Encoding::Latin1);
    assert_eq!(classify(0x10, &LATIN1).encoding, Encoding::Gsm7);
    assert_eq!(classify(0xF0, &ASCII).encoding, Encoding::Gsm7);
}

// ---- data_coding 0 under each account policy ----

#[test]
fn dcs0_per_policy() {
    let septets = gsm7("Hi @ £5 {x}", None, None);
    assert_eq!(
        text_of(0, 0, &septets, &UNPACKED),
        ("Hi @ £5 {x}".into(), false)
    );
    let decoded = decode(0, 0, &septets, &UNPACKED).expect("decodes");
    assert_eq!(decoded.encoding, Encoding::Gsm7);
    assert_eq!(decoded.raw, &septets[..]);
    assert_eq!(decoded.language_shift, None);

    let packed = pack(&septets, 0);
    let decoded = decode(0, 0, &packed, &PACKED).expect("decodes");
    assert_eq!(decoded.text.as_deref(), Some("Hi @ £5 {x}"));
    assert_eq!(decoded.encoding, Encoding::Gsm7Packed);
    assert!(!decoded.lossy);

    let latin1 = b"caf\xE9 \x80";
    let decoded = decode(0, 0, latin1, &LATIN1).expect("decodes");
    assert_eq!(decoded.text.as_deref(), Some("café €"));
    assert_eq!(decoded.encoding, Encoding::Latin1);
    assert!(!decoded.lossy);

    let decoded = decode(0, 0, b"code 1234", &ASCII).expect("decodes");
    assert_eq!(decoded.text.as_deref(), Some("code 1234"));
    assert_eq!(decoded.encoding, Encoding::Ascii);
    let (text, lossy) = text_of(0, 0, b"caf\xE9", &ASCII);
    assert_eq!(text, "caf\u{FFFD}");
    assert!(lossy);
}

#[test]
fn gsm_packed_cr_padding() {
    // Seven septets leave 7 spare bits: the sender writes <CR> there.
    let septets = gsm7("1234567", None, None);
    let octets = pack(&septets, 0);
    assert_eq!(octets.len(), 7);
    assert_eq!(text_of(0, 0, &octets, &PACKED), ("1234567".into(), false));
    // A sender that leaves them zero gets a trailing '@' (indistinguishable).
    let zero = pack_septets(&septets, 0);
    assert_eq!(text_of(0, 0, &zero, &PACKED).0, "1234567@");
}

// ---- national language shift tables ----

#[test]
fn turkish_locking_and_single_shift() {
    let text = "ğüşİ {€} Ğ";
    let t = Some(NationalLanguage::Turkish);
    let septets = gsm7(text, t, t);
    let mut user_data = vec![0x06, 0x25, 0x01, 0x01, 0x24, 0x01, 0x01];
    user_data.extend_from_slice(&septets);
    let decoded = decode(0, 0x40, &user_data, &UNPACKED).expect("decodes");
    assert_eq!(decoded.text.as_deref(), Some(text));
    assert!(!decoded.lossy);
    assert_eq!(decoded.language_shift, Some("turkish"));
    assert_eq!(decoded.raw, &septets[..]);
    assert_eq!(
        decoded.udh.and_then(|u| u.locking_shift()),
        Some(NationalLanguage::Turkish)
    );

    // The same septets without the header read as something else.
    let plain = decode(0, 0, &septets, &UNPACKED).expect("decodes");
    assert_ne!(plain.text.as_deref(), Some(text));
    assert_eq!(plain.language_shift, None);
}

#[test]
fn turkish_single_shift_only() {
    let text = "ğüşİ";
    let septets = gsm7(text, None, Some(NationalLanguage::Turkish));
    // ğ, ş and İ through the single shift table, ü from the default one.
    assert_eq!(septets.iter().filter(|&&s| s == 0x1B).count(), 3);
    let mut user_data = vec![0x03, 0x24, 0x01, 0x01];
    user_data.extend_from_slice(&septets);
    let decoded = decode(0x00, 0x40, &user_data, &UNPACKED).expect("decodes");
    assert_eq!(decoded.text.as_deref(), Some(text));
    assert!(!decoded.lossy);
    assert_eq!(decoded.language_shift, Some("turkish"));
}

#[test]
fn turkish_packed_with_concat_and_locking_shift() {
    let text = "Şifreniz: 4821. Güvenliğiniz için paylaşmayın.";
    let t = Some(NationalLanguage::Turkish);
    let septets = gsm7(text, t, t);
    let header = [0x08, 0x00, 0x03, 0xA5, 0x02, 0x01, 0x25, 0x01, 0x01];
    let fill = fill_bits_for_udh(header.len());
    assert_eq!(fill, 5);
    let mut user_data = header.to_vec();
    user_data.extend(pack(&septets, fill));
    let decoded = decode(0xF1, 0x40, &user_data, &PACKED).expect("decodes");
    assert_eq!(decoded.text.as_deref(), Some(text));
    assert!(!decoded.lossy);
    assert_eq!(decoded.encoding, Encoding::Gsm7Packed);
    assert_eq!(decoded.language_shift, Some("turkish"));
}

#[test]
fn unknown_language_is_lossy() {
    let mut user_data = vec![0x03, 0x25, 0x01, 0x63];
    user_data.extend(gsm7("abc", None, None));
    let decoded = decode(0, 0x40, &user_data, &UNPACKED).expect("decodes");
    assert_eq!(decoded.text.as_deref(), Some("abc"));
    assert!(decoded.lossy);
    assert_eq!(decoded.language_shift, None);
}

#[test]
fn language_ies_ignored_for_ucs2() {
    let mut user_data = vec![0x03, 0x25, 0x01, 0x01];
    user_data.extend(ucs2("ş"));
    let decoded = decode(8, 0x40, &user_data, &UNPACKED).expect("decodes");
    assert_eq!(decoded.text.as_deref(), Some("ş"));
    assert_eq!(decoded.language_shift, None);
    assert!(!decoded.lossy);
}

// ---- UCS-2 ----

#[test]
fn ucs2_with_emoji() {
    let text = "Код 123 🔐";
    let bytes = ucs2(text);
    let decoded = decode(8, 0, &bytes, &UNPACKED).expect("decodes");
    assert_eq!(decoded.text.as_deref(), Some(text));
    assert!(!decoded.lossy);
    assert_eq!(decoded.encoding, Encoding::Ucs2);
    let text_owned = decoded.text.expect("text");
    assert_eq!(text_owned.capacity(), text_owned.len());
}

#[test]
fn ucs2_surrogate_pair_split_across_segments() {
    let text = "Код 123 🔐";
    let bytes = ucs2(text);
    // "Код 123 " is 8 units: the pair starts at octet 16; cut between its
    // high and low surrogates (octet 18), and inside a unit (octet 17, 19).
    for cut in [17, 18, 19] {
        let (first, second) = bytes.split_at(cut);
        let mut one = vec![0x05, 0x00, 0x03, 0x42, 0x02, 0x01];
        one.extend_from_slice(first);
        let mut two = vec![0x05, 0x00, 0x03, 0x42, 0x02, 0x02];
        two.extend_from_slice(second);
        let segments = [
            SegmentContent::split(0x40, &one).expect("header"),
            SegmentContent::split(0x40, &two).expect("header"),
        ];
        assert_eq!(segments[0].udh_len(), 6);
        let joined = decode_joined(8, &segments, &UNPACKED);
        assert_eq!(joined.text.as_deref(), Some(text), "cut {cut}");
        assert!(!joined.lossy);
        assert_eq!(joined.encoding, Encoding::Ucs2);
        assert_eq!(join_raw(&segments), bytes);

        // Segment by segment the pair is broken.
        let alone = decode(8, 0x40, &one, &UNPACKED).expect("decodes");
        assert!(alone.lossy);
        assert!(alone.text.expect("text").ends_with('\u{FFFD}'));
    }
}

#[test]
fn ucs2_unpaired_surrogates() {
    // Lone high surrogate followed by 'A'.
    assert_eq!(
        text_of(8, 0, &[0xD8, 0x3D, 0x00, 0x41], &UNPACKED),
        ("\u{FFFD}A".into(), true)
    );
    // Lone low surrogate.
    assert_eq!(
        text_of(8, 0, &[0x00, 0x41, 0xDD, 0x10], &UNPACKED),
        ("A\u{FFFD}".into(), true)
    );
    // High surrogate at the very end.
    assert_eq!(
        text_of(8, 0, &[0x00, 0x41, 0xD8, 0x3D], &UNPACKED),
        ("A\u{FFFD}".into(), true)
    );
}

#[test]
fn ucs2_odd_length() {
    assert_eq!(
        text_of(8, 0, &[0x04, 0x1A, 0x04], &UNPACKED),
        ("К\u{FFFD}".into(), true)
    );
    assert_eq!(text_of(8, 0, &[0x04], &UNPACKED), ("\u{FFFD}".into(), true));
    assert_eq!(text_of(8, 0, &[], &UNPACKED), (String::new(), false));
}

// ---- GSM 7-bit multipart ----

/// A real 3-part concatenated GSM 7-bit message: 153 septets per segment
/// after a 6-octet header (1 fill bit), with a '€' escape sequence cut
/// between segments 1 and 2.
fn three_part_gsm() -> (String, Vec<Vec<u8>>) {
    let head: String = "The quick brown fox jumps over the lazy dog. "
        .chars()
        .cycle()
        .take(152)
        .collect();
    let middle = "€ ÄÖÜ äöü ß ΔΦΓΛΩΠΨΣΘΞ {[~]} \\ | ^ Ñ ¿¡ è é ù ì ò Ç Ø ø Å å @£$¥ ";
    let tail: String = "0123456789 ".chars().cycle().take(190).collect();
    let text = format!("{head}{middle}{tail}");
    let septets = gsm7(&text, None, None);
    assert_eq!(septets[152], 0x1B, "the escape ends segment 1");
    assert!(septets.len() > 306 && septets.len() <= 459);
    let header = |seq: u8| vec![0x05, 0x00, 0x03, 0xA5, 0x03, seq];
    let fill = fill_bits_for_udh(6);
    let segments = septets
        .chunks(153)
        .zip(1..)
        .map(|(chunk, seq)| {
            let mut user_data = header(seq);
            user_data.extend(pack(chunk, fill));
            assert!(user_data.len() <= 140);
            user_data
        })
        .collect::<Vec<_>>();
    assert_eq!(segments.len(), 3);
    (text, segments)
}

#[test]
fn gsm_packed_three_part_message() {
    let (text, payloads) = three_part_gsm();
    let segments: Vec<SegmentContent<'_>> = payloads
        .iter()
        .map(|p| SegmentContent::split(0x40, p).expect("header"))
        .collect();
    let joined = decode_joined(0, &segments, &PACKED);
    assert_eq!(joined.text.as_deref(), Some(text.as_str()));
    assert!(!joined.lossy);
    assert_eq!(joined.encoding, Encoding::Gsm7Packed);
    assert_eq!(joined.language_shift, None);

    // Each segment alone: the first ends in a cut escape (dropped, lossy).
    let first = decode(0, 0x40, &payloads[0], &PACKED).expect("decodes");
    assert!(first.lossy);
    let first_text = first.text.expect("text");
    assert_eq!(first_text.chars().count(), 152);
    assert!(text.starts_with(&first_text));
    let seq = first.udh.and_then(|u| u.concat()).map(|c| (c.total, c.seq));
    assert_eq!(seq, Some((3, 1)));
    let third = decode(0, 0x40, &payloads[2], &PACKED).expect("decodes");
    assert!(!third.lossy);
    assert!(text.ends_with(third.text.as_deref().expect("text")));
}

#[test]
fn gsm_unpacked_escape_split_across_segments() {
    let septets = gsm7("Price: 5€ now", None, None);
    let cut = septets.iter().position(|&s| s == 0x1B).expect("escape") + 1;
    let (a, b) = septets.split_at(cut);
    let segments = [SegmentContent::plain(a), SegmentContent::plain(b)];
    let joined = decode_joined(0, &segments, &UNPACKED);
    assert_eq!(joined.text.as_deref(), Some("Price: 5€ now"));
    assert!(!joined.lossy);
}

#[test]
fn gsm_joined_with_language_tables() {
    let t = Some(NationalLanguage::Turkish);
    let text = "Doğrulama kodunuz: 4821 ş";
    let septets = gsm7(text, t, t);
    let (a, b) = septets.split_at(10);
    let build = |seq: u8, body: &[u8]| {
        let mut v = vec![0x08, 0x00, 0x03, 0x01, 0x02, seq, 0x25, 0x01, 0x01];
        v.extend(pack(body, fill_bits_for_udh(9)));
        v
    };
    let one = build(1, a);
    let two = build(2, b);
    let segments = [
        SegmentContent::split(0x40, &one).expect("header"),
        SegmentContent::split(0x40, &two).expect("header"),
    ];
    let joined = decode_joined(0, &segments, &PACKED);
    // The single shift table is the default extension here (no 0x24 IE),
    // and the text uses none of it.
    assert_eq!(joined.text.as_deref(), Some(text));
    assert!(!joined.lossy);
    assert_eq!(joined.language_shift, Some("turkish"));
}

#[test]
fn gsm_joined_with_changing_tables() {
    // Segment 1 in Turkish locking, segment 2 in the default table.
    let one_text = "ğş";
    let two_text = "ab";
    let mut one = vec![0x03, 0x25, 0x01, 0x01];
    one.extend(gsm7(one_text, Some(NationalLanguage::Turkish), None));
    let two = gsm7(two_text, None, None);
    let segments = [
        SegmentContent::split(0x40, &one).expect("header"),
        SegmentContent::plain(&two),
    ];
    let joined = decode_joined(0, &segments, &UNPACKED);
    assert_eq!(joined.text.as_deref(), Some("ğşab"));
    assert!(!joined.lossy);
    assert_eq!(joined.language_shift, Some("turkish"));
}

// ---- 8-bit charsets ----

#[test]
fn latin1() {
    let decoded = decode(3, 0, b"Caf\xE9 cr\xE8me \xA3", &UNPACKED).expect("decodes");
    assert_eq!(decoded.text.as_deref(), Some("Café crème £"));
    assert_eq!(decoded.encoding, Encoding::Latin1);
    assert!(!decoded.lossy);
    // Every octet decodes to something, never lossy.
    let all: Vec<u8> = (0..=u8::MAX).collect();
    let decoded = decode(3, 0, &all, &UNPACKED).expect("decodes");
    assert!(!decoded.lossy);
    assert_eq!(decoded.text.expect("text").chars().count(), 256);
}

#[test]
fn ascii() {
    assert_eq!(
        text_of(1, 0, b"OTP 123456", &UNPACKED),
        ("OTP 123456".into(), false)
    );
    assert_eq!(
        text_of(1, 0, b"OTP \xFF1", &UNPACKED),
        ("OTP \u{FFFD}1".into(), true)
    );
}

#[test]
fn cyrillic_iso_8859_5() {
    // "Привет, код 4821" in ISO-8859-5.
    let bytes = [
        0xBF, 0xE0, 0xD8, 0xD2, 0xD5, 0xE2, b',', b' ', 0xDA, 0xDE, 0xD4, b' ', b'4', b'8', b'2',
        b'1',
    ];
    let decoded = decode(6, 0, &bytes, &UNPACKED).expect("decodes");
    assert_eq!(decoded.text.as_deref(), Some("Привет, код 4821"));
    assert_eq!(decoded.encoding, Encoding::Cyrillic);
    assert!(!decoded.lossy);
}

#[test]
fn hebrew_iso_8859_8() {
    // "שלום 123" in ISO-8859-8.
    let bytes = [0xF9, 0xEC, 0xE5, 0xED, b' ', b'1', b'2', b'3'];
    let decoded = decode(7, 0, &bytes, &UNPACKED).expect("decodes");
    assert_eq!(decoded.text.as_deref(), Some("שלום 123"));
    assert_eq!(decoded.encoding, Encoding::Hebrew);
    assert!(!decoded.lossy);
    // 0xBF is unassigned in ISO-8859-8.
    let decoded = decode(7, 0, &[0xF9, 0xBF], &UNPACKED).expect("decodes");
    assert_eq!(decoded.text.as_deref(), Some("ש\u{FFFD}"));
    assert!(decoded.lossy);
}

#[test]
fn korean_euc_kr() {
    // EUC-KR: "한국" = C7 D1 B1 B9, "안녕" = BE C8 B3 E7.
    let bytes = [0xC7, 0xD1, 0xB1, 0xB9, b' ', 0xBE, 0xC8, 0xB3, 0xE7];
    let decoded = decode(14, 0, &bytes, &UNPACKED).expect("decodes");
    assert_eq!(decoded.text.as_deref(), Some("한국 안녕"));
    assert_eq!(decoded.encoding, Encoding::Ksc5601);
    assert!(!decoded.lossy);
    // A lead octet with no trail.
    let decoded = decode(14, 0, &[0xC7], &UNPACKED).expect("decodes");
    assert!(decoded.lossy);
}

#[test]
fn japanese_shift_jis_and_iso_2022_jp() {
    // "日本 123" in Shift_JIS, under dcs 5 (JIS) and dcs 10.
    let sjis = [0x93, 0xFA, 0x96, 0x7B, b' ', b'1', b'2', b'3'];
    for dcs in [5, 10] {
        let decoded = decode(dcs, 0, &sjis, &UNPACKED).expect("decodes");
        assert_eq!(decoded.text.as_deref(), Some("日本 123"), "dcs {dcs}");
        assert_eq!(decoded.encoding, Encoding::Jis);
        assert!(!decoded.lossy);
    }
    // The same text in ISO-2022-JP.
    let iso = [
        0x1B, b'$', b'B', 0x46, 0x7C, 0x4B, 0x5C, 0x1B, b'(', b'B', b' ', b'1', b'2', b'3',
    ];
    for dcs in [5, 10] {
        let decoded = decode(dcs, 0, &iso, &UNPACKED).expect("decodes");
        assert_eq!(decoded.text.as_deref(), Some("日本 123"), "dcs {dcs}");
        assert!(!decoded.lossy);
    }
    // A Shift_JIS character cut across two segments decodes whole.
    let segments = [
        SegmentContent::plain(&sjis[..3]),
        SegmentContent::plain(&sjis[3..]),
    ];
    let joined = decode_joined(5, &segments, &UNPACKED);
    assert_eq!(joined.text.as_deref(), Some("日本 123"));
    assert!(!joined.lossy);
    // An ISO-2022-JP escape sequence cut across segments too.
    let segments = [
        SegmentContent::plain(&iso[..2]),
        SegmentContent::plain(&iso[2..6]),
        SegmentContent::plain(&iso[6..]),
    ];
    let joined = decode_joined(10, &segments, &UNPACKED);
    assert_eq!(joined.text.as_deref(), Some("日本 123"));
    assert!(!joined.lossy);
}

#[test]
fn extended_kanji_euc_jp() {
    // "日本" (JIS X 0208) and 丂 (JIS X 0212 0x3021, EUC-JP 8F B0 A1).
    let bytes = [0xC6, 0xFC, 0xCB, 0xDC, 0x8F, 0xB0, 0xA1];
    let decoded = decode(13, 0, &bytes, &UNPACKED).expect("decodes");
    assert_eq!(decoded.text.as_deref(), Some("日本丂"));
    assert_eq!(decoded.encoding, Encoding::KanjiExt);
    assert!(!decoded.lossy);
    // Not EUC-JP: lossy, raw kept.
    let decoded = decode(13, 0, &[0x8F, 0x20], &UNPACKED).expect("decodes");
    assert!(decoded.lossy);
    assert_eq!(decoded.raw, [0x8F, 0x20]);
}

// ---- binary ----

#[test]
fn binary_has_no_text() {
    let payload = [0x00, 0xFF, 0x1B, 0x80, 0x41];
    for dcs in [0x02, 0x04, 0x09, 0x24, 0x44, 0xF4, 0xF7] {
        let decoded = decode(dcs, 0, &payload, &UNPACKED).expect("decodes");
        assert_eq!(decoded.text, None, "dcs {dcs:#04x}");
        assert!(!decoded.lossy);
        assert_eq!(decoded.encoding, Encoding::Binary);
        assert_eq!(decoded.raw, payload);
    }
    // With ports in the header: raw is what follows the header.
    let mut user_data = vec![0x06, 0x05, 0x04, 0x0B, 0x84, 0x23, 0xF0];
    user_data.extend_from_slice(&payload);
    let decoded = decode(4, 0x40, &user_data, &UNPACKED).expect("decodes");
    assert_eq!(decoded.text, None);
    assert_eq!(decoded.raw, payload);
    assert_eq!(
        decoded.udh.and_then(|u| u.ports()).map(|p| p.destination),
        Some(2948)
    );
    let joined = decode_joined(4, &[SegmentContent::plain(&payload)], &UNPACKED);
    assert_eq!(joined.text, None);
    assert!(!joined.lossy);
}

// ---- errors ----

#[test]
fn malformed_header_is_an_error() {
    assert_eq!(
        decode(0, 0x40, &[0x05, 0x00, 0x03], &UNPACKED),
        Err(UdhError::HeaderOverrun {
            udhl: 5,
            available: 2
        })
    );
    assert_eq!(decode(8, 0x40, &[], &UNPACKED), Err(UdhError::Empty));
    // Without UDHI the same octets are text.
    assert!(decode(0, 0x00, &[0x05, 0x00, 0x03], &UNPACKED).is_ok());
    assert!(SegmentContent::split(0x40, &[0x09]).is_err());
}

#[test]
fn empty_joined() {
    for dcs in [0, 1, 3, 5, 6, 8, 13, 14] {
        let joined = decode_joined(dcs, &[], &PACKED);
        assert_eq!(joined.text.as_deref(), Some(""));
        assert!(!joined.lossy);
    }
}

// ---- properties ----

const GSM_CHARS: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà\u{0C}^{}\\[~]|€";

fn gsm_text() -> impl Strategy<Value = String> {
    let chars: Vec<char> = GSM_CHARS.chars().collect();
    proptest::collection::vec(proptest::sample::select(chars), 0..200)
        .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #[test]
    fn ucs2_round_trip(text in any::<String>()) {
        let bytes = ucs2(&text);
        let decoded = decode(8, 0, &bytes, &UNPACKED).expect("no header");
        prop_assert_eq!(decoded.text.as_deref(), Some(text.as_str()));
        prop_assert!(!decoded.lossy);
    }

    #[test]
    fn ucs2_joined_round_trip(
        text in any::<String>(),
        a in any::<prop::sample::Index>(),
        b in any::<prop::sample::Index>(),
        three in any::<bool>(),
    ) {
        let bytes = ucs2(&text);
        let len = bytes.len() + 1;
        let (x, y) = (a.index(len), b.index(len));
        let (lo, hi) = (x.min(y), x.max(y));
        let segments: Vec<SegmentContent<'_>> = if three {
            vec![
                SegmentContent::plain(&bytes[..lo]),
                SegmentContent::plain(&bytes[lo..hi]),
                SegmentContent::plain(&bytes[hi..]),
            ]
        } else {
            vec![
                SegmentContent::plain(&bytes[..lo]),
                SegmentContent::plain(&bytes[lo..]),
            ]
        };
        let joined = decode_joined(8, &segments, &UNPACKED);
        prop_assert_eq!(joined.text.as_deref(), Some(text.as_str()));
        prop_assert!(!joined.lossy);
    }

    #[test]
    fn gsm_round_trip(text in gsm_text(), cut in any::<prop::sample::Index>()) {
        // '\r' at the very end of a packed text cannot be told from padding.
        prop_assume!(!text.ends_with('\r'));
        let septets = gsm7(&text, None, None);
        let (unpacked, lossy) = text_of(0, 0, &septets, &UNPACKED);
        prop_assert_eq!(&unpacked, &text);
        prop_assert!(!lossy);
        let (packed, lossy) = text_of(0, 0, &pack(&septets, 0), &PACKED);
        prop_assert_eq!(&packed, &text);
        prop_assert!(!lossy);

        // Two packed segments with concatenation headers, cut anywhere.
        let at = cut.index(septets.len() + 1);
        let (a, b) = septets.split_at(at);
        prop_assume!(!a.ends_with(&[0x0D]));
        let seg = |seq: u8, body: &[u8]| {
            let mut v = vec![0x05, 0x00, 0x03, 0x07, 0x02, seq];
            v.extend(pack(body, fill_bits_for_udh(6)));
            v
        };
        let (one, two) = (seg(1, a), seg(2, b));
        let segments = [
            SegmentContent::split(0x40, &one).expect("header"),
            SegmentContent::split(0x40, &two).expect("header"),
        ];
        let joined = decode_joined(0, &segments, &PACKED);
        prop_assert_eq!(joined.text.as_deref(), Some(text.as_str()));
        prop_assert!(!joined.lossy);
    }

    #[test]
    fn never_panics(
        data_coding in any::<u8>(),
        esm_class in any::<u8>(),
        bytes in proptest::collection::vec(any::<u8>(), 0..400),
        policy in proptest::sample::select(POLICIES.to_vec()),
        cut in any::<prop::sample::Index>(),
    ) {
        if let Ok(decoded) = decode(data_coding, esm_class, &bytes, &policy) {
            prop_assert_eq!(decoded.text.is_none(), decoded.encoding == Encoding::Binary);
            prop_assert!(!(decoded.encoding == Encoding::Binary && decoded.lossy));
            prop_assert!(bytes.ends_with(decoded.raw));
        }
        let (a, b) = bytes.split_at(cut.index(bytes.len() + 1));
        if let (Ok(x), Ok(y)) = (
            SegmentContent::split(esm_class, a),
            SegmentContent::split(esm_class, b),
        ) {
            let joined = decode_joined(data_coding, &[x, y], &policy);
            prop_assert_eq!(joined.text.is_none(), joined.encoding == Encoding::Binary);
        }
    }
}

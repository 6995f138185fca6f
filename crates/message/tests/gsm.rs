//! GSM 7-bit codec: table positions, packing vectors, decoding rules and
//! round trips through every table.

use inlet_message::gsm::{
    self, Decoded, NationalLanguage, decode, decode_packed, decode_septets, encode,
    fill_bits_for_udh, pack_septets, septet_count_packed, tables, unpack_all_septets,
    unpack_septets,
};
use proptest::prelude::*;

use NationalLanguage::*;

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

/// `None` (the default tables) and then every national language.
fn language_choices() -> Vec<Option<NationalLanguage>> {
    std::iter::once(None)
        .chain(NationalLanguage::ALL.into_iter().map(Some))
        .collect()
}

/// Every character a (locking, single) pair can encode.
fn repertoire(locking: Option<NationalLanguage>, single: Option<NationalLanguage>) -> Vec<char> {
    let mut chars: Vec<char> = gsm::locking_table(locking)
        .iter()
        .chain(gsm::single_shift_table(single).iter())
        .copied()
        .filter(|&c| c != tables::NO_CHAR)
        .collect();
    chars.sort_unstable();
    chars.dedup();
    chars
}

/// Naive bit-by-bit packer, independent of `pack_septets`: `fill` zero bits,
/// then each septet least significant bit first, zero padded to an octet.
fn pack_oracle(septets: &[u8], fill: u8) -> Vec<u8> {
    let mut bits = vec![false; usize::from(fill)];
    for &s in septets {
        bits.extend((0..7).map(|i| s >> i & 1 == 1));
    }
    bits.chunks(8)
        .map(|chunk| {
            chunk
                .iter()
                .enumerate()
                .fold(0u8, |acc, (i, &b)| acc | (u8::from(b) << i))
        })
        .collect()
}

/// Spare bits after `septets` septets and `fill` fill bits, up to the next
/// octet boundary.
fn spare_bits(septets: usize, fill: u8) -> usize {
    let bits = usize::from(fill) + 7 * septets;
    bits.div_ceil(8) * 8 - bits
}

/// True when a text ending in `<CR>` ends on an octet boundary, so a sender
/// must add a second `<CR>` (§6.1.2.3.1).
fn needs_second_cr(septets: &[u8], fill: u8) -> bool {
    spare_bits(septets.len(), fill) == 0 && septets.last() == Some(&0x0D)
}

/// A sender's §6.1.2.3.1 `<CR>` padding before packing.
fn with_cr_padding(septets: &[u8], fill: u8) -> Vec<u8> {
    let mut padded = septets.to_vec();
    if spare_bits(septets.len(), fill) == 7 || needs_second_cr(septets, fill) {
        padded.push(0x0D);
    }
    padded
}

fn decoded(text: &str) -> Decoded {
    Decoded {
        text: text.to_owned(),
        lossy: false,
    }
}

// ---------------------------------------------------------------- packing

#[test]
fn pack_hellohello() {
    let septets = encode("hellohello", None, None).expect("gsm");
    assert_eq!(pack_septets(&septets, 0), hex("E8329BFD4697D9EC37"));
    let octets = hex("E8329BFD4697D9EC37");
    assert_eq!(unpack_septets(&octets, 0, 10).collect::<Vec<_>>(), septets);
    assert_eq!(
        decode_packed(&octets, 0, 10, None, None),
        decoded("hellohello")
    );
    // 9 octets hold 10 septets and 2 spare bits: nothing to trim.
    assert_eq!(septet_count_packed(9, 0), 10);
    assert_eq!(
        decode_septets(unpack_all_septets(&octets, 0), None, None),
        decoded("hellohello")
    );
}

#[test]
fn pack_how_are_you() {
    let octets = hex("C8F71D14969741F977FD07");
    assert_eq!(
        pack_septets(&encode("How are you?", None, None).expect("gsm"), 0),
        octets
    );
    assert_eq!(
        decode_septets(unpack_all_septets(&octets, 0), None, None),
        decoded("How are you?")
    );
}

#[test]
fn pack_eight_septets_in_seven_octets() {
    let octets = hex("31D98C56B3DD70");
    assert_eq!(pack_septets(b"12345678", 0), octets);
    assert_eq!(septet_count_packed(7, 0), 8);
    assert_eq!(
        unpack_septets(&octets, 0, 8).collect::<Vec<_>>(),
        b"12345678"
    );
    assert_eq!(unpack_septets(&octets, 0, 100).len(), 8);
    assert_eq!(
        decode_septets(unpack_all_septets(&octets, 0), None, None),
        decoded("12345678")
    );
}

#[test]
fn seven_septets_need_cr_padding() {
    // Without padding, the 7 spare bits read as a trailing '@'.
    let unpadded = pack_septets(b"1234567", 0);
    assert_eq!(unpadded, hex("31D98C56B3DD00"));
    assert_eq!(
        decode_septets(unpack_all_septets(&unpadded, 0), None, None).text,
        "1234567@"
    );
    // With the <CR> padding of §6.1.2.3.1, the pad is dropped.
    let padded = pack_septets(&with_cr_padding(b"1234567", 0), 0);
    assert_eq!(padded, hex("31D98C56B3DD1A"));
    assert_eq!(
        decode_septets(unpack_all_septets(&padded, 0), None, None),
        decoded("1234567")
    );
    // A final <CR> that does not end on a boundary is kept; only the pad goes.
    let padded = with_cr_padding(b"123456\r", 0);
    assert_eq!(padded, b"123456\r\r");
    let octets = pack_septets(&padded, 0);
    assert_eq!(
        decode_septets(unpack_all_septets(&octets, 0), None, None),
        decoded("123456\r")
    );
    // A wanted final <CR> on an octet boundary is doubled by the sender; the
    // receiver shows both, as the specification says.
    let wanted = with_cr_padding(b"1234567\r", 0);
    assert_eq!(wanted, b"1234567\r\r");
    let octets = pack_septets(&wanted, 0);
    assert_eq!(
        decode_septets(unpack_all_septets(&octets, 0), None, None).text,
        "1234567\r\r"
    );
}

#[test]
fn concatenation_udh_gives_one_fill_bit() {
    // 05 00 03 CC 02 01: UDHL + 8-bit reference concatenation IE = 6 octets.
    let udh = hex("050003CC0201");
    let fill = fill_bits_for_udh(udh.len());
    assert_eq!(fill, 1);
    let user_data = hex("050003CC0201D06536FB8D2EB3D96F");
    let text = &user_data[udh.len()..];
    let septets = encode("hellohello", None, None).expect("gsm");
    assert_eq!(pack_septets(&septets, fill), text);
    assert_eq!(
        decode_packed(text, fill, septets.len(), None, None),
        decoded("hellohello")
    );
    assert_eq!(
        decode_septets(unpack_all_septets(text, fill), None, None),
        decoded("hellohello")
    );
    // The whole user data: 48 header bits, 1 zero fill bit, the septets.
    assert_eq!([udh, pack_oracle(&septets, fill)].concat(), user_data);
}

#[test]
fn sixteen_bit_reference_udh_needs_no_fill() {
    // 06 08 04 12 34 02 01: 7 octets = 56 bits = 8 septets exactly.
    assert_eq!(fill_bits_for_udh(7), 0);
    // A national language single shift IE (24 01 01) plus UDHL: 4 octets.
    assert_eq!(fill_bits_for_udh(4), 3);
    let septets = encode("Şeker", None, Some(Turkish)).expect("gsm");
    let octets = pack_septets(&septets, 3);
    assert_eq!(octets, pack_oracle(&septets, 3));
    assert_eq!(
        decode_packed(&octets, 3, septets.len(), None, Some(Turkish)),
        decoded("Şeker")
    );
}

// ----------------------------------------------------- table positions

/// Decodes one septet in the given locking table.
fn locking_char(language: Option<NationalLanguage>, septet: u8) -> String {
    decode(&[septet], language, None).text
}

/// Decodes `0x1B septet` in the given single shift table.
fn single_char(language: Option<NationalLanguage>, septet: u8) -> String {
    decode(&[0x1B, septet], None, language).text
}

fn check(
    lookup: fn(Option<NationalLanguage>, u8) -> String,
    language: Option<NationalLanguage>,
    expected: &[(u8, char)],
) {
    for &(septet, c) in expected {
        assert_eq!(
            lookup(language, septet),
            c.to_string(),
            "{language:?} 0x{septet:02X}"
        );
    }
}

#[test]
fn default_alphabet_positions() {
    check(
        locking_char,
        None,
        &[
            (0x00, '@'),
            (0x01, '£'),
            (0x02, '$'),
            (0x03, '¥'),
            (0x04, 'è'),
            (0x09, 'Ç'),
            (0x0A, '\n'),
            (0x0B, 'Ø'),
            (0x0D, '\r'),
            (0x10, 'Δ'),
            (0x11, '_'),
            (0x1A, 'Ξ'),
            (0x1C, 'Æ'),
            (0x1E, 'ß'),
            (0x1F, 'É'),
            (0x24, '¤'),
            (0x40, '¡'),
            (0x5B, 'Ä'),
            (0x5F, '§'),
            (0x60, '¿'),
            (0x7B, 'ä'),
            (0x7F, 'à'),
        ],
    );
    check(
        single_char,
        None,
        &[
            (0x0A, '\u{0C}'),
            (0x14, '^'),
            (0x28, '{'),
            (0x29, '}'),
            (0x2F, '\\'),
            (0x3C, '['),
            (0x3D, '~'),
            (0x3E, ']'),
            (0x40, '|'),
            (0x65, '€'),
        ],
    );
}

#[test]
fn turkish_positions() {
    check(
        locking_char,
        Some(Turkish),
        &[
            (0x04, '€'),
            (0x07, 'ı'),
            (0x0B, 'Ğ'),
            (0x0C, 'ğ'),
            (0x1C, 'Ş'),
            (0x1D, 'ş'),
            (0x40, 'İ'),
            (0x60, 'ç'),
            (0x41, 'A'),
        ],
    );
    check(
        single_char,
        Some(Turkish),
        &[
            (0x47, 'Ğ'),
            (0x49, 'İ'),
            (0x53, 'Ş'),
            (0x63, 'ç'),
            (0x65, '€'),
            (0x67, 'ğ'),
            (0x69, 'ı'),
            (0x73, 'ş'),
            (0x40, '|'),
        ],
    );
}

#[test]
fn spanish_positions() {
    // No Spanish locking table: the default alphabet is used.
    check(locking_char, Some(Spanish), &[(0x04, 'è'), (0x0B, 'Ø')]);
    check(
        single_char,
        Some(Spanish),
        &[
            (0x09, 'ç'),
            (0x41, 'Á'),
            (0x49, 'Í'),
            (0x4F, 'Ó'),
            (0x55, 'Ú'),
            (0x61, 'á'),
            (0x65, '€'),
            (0x69, 'í'),
            (0x6F, 'ó'),
            (0x75, 'ú'),
        ],
    );
}

#[test]
fn portuguese_positions() {
    check(
        locking_char,
        Some(Portuguese),
        &[
            (0x04, 'ê'),
            (0x06, 'ú'),
            (0x07, 'í'),
            (0x08, 'ó'),
            (0x09, 'ç'),
            (0x0B, 'Ô'),
            (0x0C, 'ô'),
            (0x0E, 'Á'),
            (0x0F, 'á'),
            (0x12, 'ª'),
            (0x13, 'Ç'),
            (0x14, 'À'),
            (0x15, '∞'),
            (0x16, '^'),
            (0x17, '\\'),
            (0x18, '€'),
            (0x19, 'Ó'),
            (0x1A, '|'),
            (0x1C, 'Â'),
            (0x1D, 'â'),
            (0x1E, 'Ê'),
            (0x24, 'º'),
            (0x40, 'Í'),
            (0x5B, 'Ã'),
            (0x5C, 'Õ'),
            (0x5D, 'Ú'),
            (0x60, '~'),
            (0x7B, 'ã'),
            (0x7C, 'õ'),
            (0x7D, '`'),
        ],
    );
    check(
        single_char,
        Some(Portuguese),
        &[
            (0x05, 'ê'),
            (0x09, 'ç'),
            (0x0B, 'Ô'),
            (0x0C, 'ô'),
            (0x0E, 'Á'),
            (0x0F, 'á'),
            (0x12, 'Φ'),
            (0x13, 'Γ'),
            (0x15, 'Ω'),
            (0x16, 'Π'),
            (0x17, 'Ψ'),
            (0x18, 'Σ'),
            (0x19, 'Θ'),
            (0x1F, 'Ê'),
            (0x41, 'À'),
            (0x49, 'Í'),
            (0x4F, 'Ó'),
            (0x55, 'Ú'),
            (0x5B, 'Ã'),
            (0x5C, 'Õ'),
            (0x61, 'Â'),
            (0x69, 'í'),
            (0x6F, 'ó'),
            (0x75, 'ú'),
            (0x7B, 'ã'),
            (0x7C, 'õ'),
            (0x7F, 'â'),
        ],
    );
}

/// The Indic locking tables follow one ISCII-like layout: 0x03 is the
/// letter A, 0x15 the consonant KA, 0x0A LF, 0x0D CR, 0x20 space, 0x28 ')',
/// 0x29 '(', 0x2C ',', 0x2E '.', 0x30..=0x39 digits, 0x3F '?', 0x61.. 'a'..
#[test]
fn indic_locking_positions() {
    let letters = [
        (Bengali, '\u{0985}', '\u{0995}'),
        (Gujarati, '\u{0A85}', '\u{0A95}'),
        (Hindi, '\u{0905}', '\u{0915}'),
        (Kannada, '\u{0C85}', '\u{0C95}'),
        (Malayalam, '\u{0D05}', '\u{0D15}'),
        (Oriya, '\u{0B05}', '\u{0B15}'),
        (Punjabi, '\u{0A05}', '\u{0A15}'),
        (Tamil, '\u{0B85}', '\u{0B95}'),
        (Telugu, '\u{0C05}', '\u{0C15}'),
    ];
    for (language, a, ka) in letters {
        check(
            locking_char,
            Some(language),
            &[
                (0x03, a),
                (0x15, ka),
                (0x0A, '\n'),
                (0x0D, '\r'),
                (0x20, ' '),
                (0x21, '!'),
                (0x28, ')'),
                (0x29, '('),
                (0x2C, ','),
                (0x2E, '.'),
                (0x30, '0'),
                (0x39, '9'),
                (0x3A, ':'),
                (0x3B, ';'),
                (0x3F, '?'),
                (0x61, 'a'),
                (0x7A, 'z'),
            ],
        );
    }
    check(
        locking_char,
        Some(Hindi),
        &[
            (0x00, '\u{0901}'),
            (0x01, '\u{0902}'),
            (0x02, '\u{0903}'),
            (0x22, '\u{091F}'),
            (0x2F, '\u{0928}'),
            (0x3C, '\u{0929}'),
            (0x3D, '\u{092A}'),
            (0x4D, '\u{0939}'),
            (0x4E, '\u{093C}'),
            (0x4F, '\u{093D}'),
            (0x50, '\u{093E}'),
            (0x5F, '\u{094D}'),
            (0x60, '\u{0950}'),
            (0x7B, '\u{0972}'),
            (0x7F, '\u{097F}'),
        ],
    );
    check(
        locking_char,
        Some(Bengali),
        &[
            (0x00, '\u{0981}'),
            (0x22, '\u{099F}'),
            (0x60, '\u{09CE}'),
            (0x7B, '\u{09D7}'),
            (0x7F, '\u{09F1}'),
        ],
    );
    // The corrected typo: DDA, not a second PA.
    check(
        locking_char,
        Some(Kannada),
        &[(0x24, '\u{0CA1}'), (0x3D, '\u{0CAA}'), (0x60, '\u{0CD5}')],
    );
    check(
        locking_char,
        Some(Malayalam),
        &[(0x01, '\u{0D02}'), (0x7F, '\u{0D79}')],
    );
    check(
        locking_char,
        Some(Oriya),
        &[(0x00, '\u{0B01}'), (0x60, '\u{0B56}'), (0x7F, '\u{0B63}')],
    );
    check(
        locking_char,
        Some(Punjabi),
        &[(0x00, '\u{0A01}'), (0x60, '\u{0A51}'), (0x7F, '\u{0A74}')],
    );
    check(
        locking_char,
        Some(Tamil),
        &[(0x01, '\u{0B82}'), (0x60, '\u{0BD0}'), (0x7F, '\u{0BF9}')],
    );
    check(
        locking_char,
        Some(Telugu),
        &[(0x00, '\u{0C01}'), (0x60, '\u{0C55}'), (0x7F, '\u{0C63}')],
    );
}

#[test]
fn urdu_locking_positions() {
    check(
        locking_char,
        Some(Urdu),
        &[
            (0x00, '\u{0627}'),
            (0x01, '\u{0622}'),
            (0x02, '\u{0628}'),
            (0x07, '\u{062A}'),
            (0x0A, '\n'),
            (0x0D, '\r'),
            (0x20, ' '),
            (0x28, ')'),
            (0x29, '('),
            (0x30, '0'),
            (0x3F, '?'),
            (0x4D, '\u{0644}'),
            (0x4E, '\u{0645}'),
            (0x4F, '\u{0646}'),
            (0x61, 'a'),
            (0x7F, '\u{0670}'),
        ],
    );
}

/// The Indic and Urdu single shift tables share their punctuation and
/// Latin capitals; digits differ per script.
#[test]
fn indic_and_urdu_single_shift_positions() {
    let digit_zero = [
        (Bengali, 0x19, '\u{09E6}'),
        (Gujarati, 0x1C, '\u{0AE6}'),
        (Hindi, 0x1C, '\u{0966}'),
        (Kannada, 0x1C, '\u{0CE6}'),
        (Malayalam, 0x1C, '\u{0D66}'),
        (Oriya, 0x1C, '\u{0B66}'),
        (Punjabi, 0x1C, '\u{0A66}'),
        (Tamil, 0x1C, '\u{0BE6}'),
        (Telugu, 0x1C, '\u{0C66}'),
        (Urdu, 0x1C, '\u{06F0}'),
    ];
    for (language, zero_at, zero) in digit_zero {
        check(
            single_char,
            Some(language),
            &[
                (0x00, '@'),
                (0x01, '£'),
                (0x02, '$'),
                (0x03, '¥'),
                (0x04, '¿'),
                (0x05, '"'),
                (0x06, '¤'),
                (0x07, '%'),
                (0x08, '&'),
                (0x09, '\''),
                (0x0A, '\u{0C}'),
                (0x0B, '*'),
                (0x0C, '+'),
                (0x0E, '-'),
                (0x0F, '/'),
                (0x10, '<'),
                (0x11, '='),
                (0x12, '>'),
                (0x13, '¡'),
                (0x14, '^'),
                (0x15, '¡'),
                (0x16, '_'),
                (0x17, '#'),
                (0x18, '*'),
                (zero_at, zero),
                (0x28, '{'),
                (0x29, '}'),
                (0x2F, '\\'),
                (0x3C, '['),
                (0x3D, '~'),
                (0x3E, ']'),
                (0x40, '|'),
                (0x41, 'A'),
                (0x5A, 'Z'),
                (0x65, '€'),
            ],
        );
    }
    // Danda and double danda in the Devanagari-derived tables.
    for language in [Gujarati, Hindi, Kannada, Malayalam, Oriya, Punjabi, Tamil] {
        check(
            single_char,
            Some(language),
            &[(0x19, '\u{0964}'), (0x1A, '\u{0965}')],
        );
    }
    check(
        single_char,
        Some(Hindi),
        &[
            (0x25, '\u{096F}'),
            (0x26, '\u{0951}'),
            (0x39, '\u{0970}'),
            (0x3A, '\u{0971}'),
        ],
    );
    check(
        single_char,
        Some(Tamil),
        &[(0x24, '\u{0BEE}'), (0x25, '\u{0BEF}')],
    );
    check(
        single_char,
        Some(Telugu),
        &[(0x22, '\u{0C6C}'), (0x23, '\u{0C6D}')],
    );
    check(
        single_char,
        Some(Urdu),
        &[
            (0x19, '\u{0600}'),
            (0x1A, '\u{0601}'),
            (0x26, '\u{060C}'),
            (0x3B, '\u{06CD}'),
            (0x3F, '\u{06D4}'),
        ],
    );
}

// ------------------------------------------------------ decoding rules

#[test]
fn national_tables_combine() {
    // Turkish locking with the Turkish single shift, Hindi locking with the
    // default extension.
    let septets = [0x0B, 0x1B, 0x47, 0x1B, 0x65];
    assert_eq!(
        decode(&septets, Some(Turkish), Some(Turkish)),
        decoded("ĞĞ€")
    );
    assert_eq!(
        decode(&[0x15, 0x1B, 0x28], Some(Hindi), None),
        decoded("\u{0915}{")
    );
}

#[test]
fn blank_locking_position_is_replaced() {
    // Bengali locking 0x0C is blank in 23.038.
    let out = decode(&[0x15, 0x0C], Some(Bengali), None);
    assert_eq!(out.text, "\u{0995}\u{FFFD}");
    assert!(out.lossy);
}

#[test]
fn escape_to_blank_single_position() {
    // Default extension 0x41 is blank: the locking table's 'A'.
    let out = decode(&[0x1B, 0x41], None, None);
    assert_eq!(out.text, "A");
    assert!(out.lossy);
    // Turkish single shift 0x48 is blank: Turkish locking 0x48 'H'.
    let out = decode(&[0x1B, 0x48], Some(Turkish), Some(Turkish));
    assert_eq!(out.text, "H");
    assert!(out.lossy);
    // Blank in both: U+FFFD.
    let out = decode(&[0x1B, 0x5B], Some(Bengali), Some(Bengali));
    assert_eq!(out.text, "\u{FFFD}");
    assert!(out.lossy);
    // CR2 (0x0D) is reserved: the locking table's CR.
    let out = decode(&[0x1B, 0x0D], None, None);
    assert_eq!(out.text, "\r");
    assert!(out.lossy);
}

#[test]
fn reserved_double_escape() {
    let out = decode(&[0x48, 0x1B, 0x1B, 0x69], None, None);
    assert_eq!(out.text, "H i");
    assert!(out.lossy);
}

#[test]
fn trailing_escape() {
    let out = decode(&[0x48, 0x69, 0x1B], None, None);
    assert_eq!(out.text, "Hi");
    assert!(out.lossy);
    let out = decode(&[0x1B], Some(Urdu), Some(Urdu));
    assert_eq!(out.text, "");
    assert!(out.lossy);
}

#[test]
fn octets_that_are_not_septets() {
    let out = decode(&[0xC8, 0x69, 0x1B, 0x80, 0x21], None, None);
    assert_eq!(out.text, "\u{FFFD}i\u{FFFD}!");
    assert!(out.lossy);
}

#[test]
fn every_single_octet_decodes() {
    for language in language_choices() {
        for byte in 0..=u8::MAX {
            let out = decode(&[byte], language, language);
            assert_eq!(out.text.chars().count(), usize::from(byte != 0x1B));
            assert_eq!(out.lossy, out.text.contains('\u{FFFD}') || byte == 0x1B);
            let out = decode(&[0x1B, byte], language, language);
            assert_eq!(out.text.chars().count(), 1);
        }
    }
}

// ---------------------------------------------------------- round trips

/// Every defined character of every table, under every (locking, single)
/// pair, through encode → decode, unpacked and packed.
#[test]
fn every_character_round_trips() {
    let mut checked = 0usize;
    for locking in language_choices() {
        for single in language_choices() {
            let chars = repertoire(locking, single);
            for &c in &chars {
                let text = c.to_string();
                let septets = encode(&text, locking, single).expect("in repertoire");
                assert_eq!(
                    decode(&septets, locking, single),
                    decoded(&text),
                    "{c:?} {locking:?} {single:?}"
                );
                checked += 1;
            }
            // And all of them as one text, packed with each fill.
            let text: String = chars.iter().collect();
            let septets = encode(&text, locking, single).expect("in repertoire");
            for fill in 0..7 {
                let octets = pack_septets(&septets, fill);
                assert_eq!(
                    decode_packed(&octets, fill, septets.len(), locking, single),
                    decoded(&text)
                );
            }
        }
    }
    assert!(checked > 14 * 14 * 100);
}

#[test]
fn table_positions_decode_to_table_entries() {
    for locking in language_choices() {
        let table = gsm::locking_table(locking);
        for (septet, &c) in (0u8..).zip(table.iter()) {
            if c != tables::NO_CHAR {
                assert_eq!(locking_char(locking, septet), c.to_string());
            }
        }
    }
    for single in language_choices() {
        let table = gsm::single_shift_table(single);
        for (septet, &c) in (0u8..).zip(table.iter()) {
            if c != tables::NO_CHAR {
                let out = decode(&[0x1B, septet], None, single);
                assert_eq!(out, decoded(&c.to_string()));
            }
        }
    }
}

#[test]
fn unrepresentable_characters() {
    assert_eq!(encode("日本", None, None), None);
    assert_eq!(encode("ş", None, None), None);
    assert_eq!(encode("\u{0915}", None, None), None);
    assert_eq!(encode("\u{FFFF}", Some(Bengali), Some(Bengali)), None);
    assert_eq!(encode("", None, None), Some(Vec::new()));
}

// ------------------------------------------------------------ proptests

fn language_index() -> impl Strategy<Value = Option<NationalLanguage>> {
    (0u8..14).prop_map(NationalLanguage::from_id)
}

/// A (locking, single) pair and a text over its repertoire.
fn text_in_tables()
-> impl Strategy<Value = (Option<NationalLanguage>, Option<NationalLanguage>, String)> {
    (language_index(), language_index()).prop_flat_map(|(locking, single)| {
        let chars = repertoire(locking, single);
        (
            Just(locking),
            Just(single),
            prop::collection::vec(prop::sample::select(chars), 0..200)
                .prop_map(|chars| chars.into_iter().collect::<String>()),
        )
    })
}

proptest! {
    #[test]
    fn round_trip_packed((locking, single, text) in text_in_tables(), fill in 0u8..7) {
        let septets = encode(&text, locking, single).expect("in repertoire");
        prop_assert!(septets.iter().all(|&s| s < 0x80));
        prop_assert_eq!(decode(&septets, locking, single), decoded(&text));
        let octets = pack_septets(&septets, fill);
        prop_assert_eq!(&octets, &pack_oracle(&septets, fill));
        let unpacked: Vec<u8> = unpack_septets(&octets, fill, septets.len()).collect();
        prop_assert_eq!(&unpacked, &septets);
        prop_assert_eq!(
            decode(&unpacked, locking, single),
            decoded(&text)
        );
        prop_assert_eq!(
            decode_packed(&octets, fill, septets.len(), locking, single),
            decoded(&text)
        );
    }

    #[test]
    fn round_trip_length_from_octets((locking, single, text) in text_in_tables(), fill in 0u8..7) {
        let septets = encode(&text, locking, single).expect("in repertoire");
        let padded = with_cr_padding(&septets, fill);
        let octets = pack_septets(&padded, fill);
        let out = decode_septets(unpack_all_septets(&octets, fill), locking, single);
        prop_assert!(!out.lossy);
        if needs_second_cr(&septets, fill) {
            // The doubled final <CR>: shown twice.
            prop_assert_eq!(out.text, format!("{text}\r"));
        } else {
            prop_assert_eq!(out.text, text);
        }
    }

    #[test]
    fn pack_matches_oracle(septets in prop::collection::vec(0u8..0x80, 0..300), fill in 0u8..8) {
        let octets = pack_septets(&septets, fill);
        prop_assert_eq!(&octets, &pack_oracle(&septets, fill));
        // Spare bits at the end: 0..=7; seven of them read as one more septet.
        let spare = octets.len() * 8 - usize::from(fill) - 7 * septets.len();
        prop_assert!(spare < 8);
        prop_assert_eq!(
            septet_count_packed(octets.len(), fill),
            septets.len() + usize::from(spare == 7)
        );
        let back: Vec<u8> = unpack_septets(&octets, fill, septets.len()).collect();
        prop_assert_eq!(back, septets);
    }

    /// `decode` takes a shortcut for texts of septets that are ASCII's
    /// characters in the default alphabet: it must agree with the tables.
    #[test]
    fn decode_agrees_with_decode_septets(
        septets in prop::collection::vec(prop_oneof![8 => 0x20u8..0x7B, 1 => any::<u8>()], 0..200),
        locking in language_index(),
        single in language_index(),
    ) {
        prop_assert_eq!(
            decode(&septets, locking, single),
            decode_septets(septets.iter().copied(), locking, single)
        );
    }

    #[test]
    fn arbitrary_bytes_never_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..400),
        locking in language_index(),
        single in language_index(),
        fill in any::<u8>(),
        count in 0usize..600,
    ) {
        let out = decode(&bytes, locking, single);
        prop_assert!(out.text.chars().count() <= bytes.len());
        if bytes.iter().any(|&b| b >= 0x80) {
            prop_assert!(out.lossy);
        }
        let unpacked: Vec<u8> = unpack_septets(&bytes, fill, count).collect();
        prop_assert_eq!(unpacked.len(), count.min(septet_count_packed(bytes.len(), fill)));
        prop_assert!(unpacked.iter().all(|&s| s < 0x80));
        let packed = decode_packed(&bytes, fill, count, locking, single);
        prop_assert_eq!(packed, decode(&unpacked, locking, single));
        let all = decode_septets(unpack_all_septets(&bytes, fill), locking, single);
        prop_assert!(all.text.chars().count() <= septet_count_packed(bytes.len(), fill));
    }
}

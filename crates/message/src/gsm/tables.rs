//! The character tables of 3GPP TS 23.038: the GSM 7-bit default alphabet,
//! its extension table, and the national language locking shift (Annex A.3)
//! and single shift (Annex A.2) tables.
//!
//! Every table maps a septet (0x00..=0x7F) to a character; [`NO_CHAR`]
//! marks a position the table leaves empty (reserved, or 0x1B, which is the
//! escape to the single shift table in every locking table).
//!
//! # Provenance
//!
//! The data was transcribed from two independent public transcriptions of
//! 23.038 and compared cell by cell: Android's `GsmAlphabet.java`
//! (`sLanguageTables` / `sLanguageShiftTables`, from V9.1.1 with its
//! documented typo corrections) and CyberChef's GSM-7 tables (from V16.0.0).
//! They agree everywhere except six cells, resolved as noted on the tables
//! concerned (Kannada locking 0x24, Tamil locking 0x11, Telugu locking 0x11,
//! Portuguese single shift 0x05; Oriya single shift 0x20 and Telugu single
//! shift 0x1C were plain typos in the CyberChef copy). The Turkish, Spanish
//! and Portuguese tables also agree with oFono's.
//!
//! Confidence: the default, Turkish, Spanish and Portuguese tables agree in
//! three sources. The Indic and Urdu tables rest on two sources that agree
//! but both derive from the printed specification, whose Annex A has had
//! typos before (see the notes on Kannada, Tamil and Telugu); the cells
//! least certain are Kannada locking 0x24 and Tamil and Telugu locking
//! 0x11.
//!
//! Conventions shared by all tables:
//! - locking tables: 0x0A is LF, 0x0D is CR, 0x1B is the escape, 0x20 is
//!   the space; blank positions of the Indic tables are [`NO_CHAR`];
//! - single shift tables: 0x0A is form feed (page break), 0x0D (CR2) and
//!   0x1B (escape to a further extension table) are reserved, so
//!   [`NO_CHAR`]; the Indic single shift tables really do repeat `*`
//!   (0x0B, 0x18) and `¡` (0x13, 0x15), as printed in the specification.

/// One GSM 7-bit character table, indexed by septet value.
pub type Table = [char; 128];

/// The value of a table position that holds no character.
pub const NO_CHAR: char = '\u{FFFF}';

/// Short alias that keeps the table rows readable.
const NO: char = NO_CHAR;

/// GSM 7-bit default alphabet (locking table 0), 3GPP TS 23.038 §6.2.1.
#[rustfmt::skip]
pub static DEFAULT: Table = [
    // 0x00..=0x0F
    '@', '£', '$', '¥', 'è', 'é', 'ù', 'ì', 'ò', 'Ç', '\n', 'Ø', 'ø', '\r', 'Å', 'å',
    // 0x10..=0x1F
    'Δ', '_', 'Φ', 'Γ', 'Λ', 'Ω', 'Π', 'Ψ', 'Σ', 'Θ', 'Ξ', NO, 'Æ', 'æ', 'ß', 'É',
    // 0x20..=0x2F
    ' ', '!', '"', '#', '¤', '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/',
    // 0x30..=0x3F
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
    // 0x40..=0x4F
    '¡', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
    // 0x50..=0x5F
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 'Ä', 'Ö', 'Ñ', 'Ü', '§',
    // 0x60..=0x6F
    '¿', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    // 0x70..=0x7F
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'ä', 'ö', 'ñ', 'ü', 'à',
];

/// GSM 7-bit default alphabet extension table (the default single shift table), 3GPP TS 23.038 §6.2.1.1.
#[rustfmt::skip]
pub static DEFAULT_EXTENSION: Table = [
    // 0x00..=0x0F
    NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, '\u{0C}', NO, NO, NO, NO, NO,
    // 0x10..=0x1F
    NO, NO, NO, NO, '^', NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO,
    // 0x20..=0x2F
    NO, NO, NO, NO, NO, NO, NO, NO, '{', '}', NO, NO, NO, NO, NO, '\\',
    // 0x30..=0x3F
    NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, '[', '~', ']', NO,
    // 0x40..=0x4F
    '|', NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO,
    // 0x50..=0x5F
    NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO,
    // 0x60..=0x6F
    NO, NO, NO, NO, NO, '€', NO, NO, NO, NO, NO, NO, NO, NO, NO, NO,
    // 0x70..=0x7F
    NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO,
];

/// Turkish national language locking shift table, 3GPP TS 23.038 A.3.1.
#[rustfmt::skip]
pub static TURKISH_LOCKING: Table = [
    // 0x00..=0x0F
    '@', '£', '$', '¥', '€', 'é', 'ù', 'ı', 'ò', 'Ç', '\n', 'Ğ', 'ğ', '\r', 'Å', 'å',
    // 0x10..=0x1F
    'Δ', '_', 'Φ', 'Γ', 'Λ', 'Ω', 'Π', 'Ψ', 'Σ', 'Θ', 'Ξ', NO, 'Ş', 'ş', 'ß', 'É',
    // 0x20..=0x2F
    ' ', '!', '"', '#', '¤', '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/',
    // 0x30..=0x3F
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
    // 0x40..=0x4F
    'İ', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
    // 0x50..=0x5F
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 'Ä', 'Ö', 'Ñ', 'Ü', '§',
    // 0x60..=0x6F
    'ç', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    // 0x70..=0x7F
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'ä', 'ö', 'ñ', 'ü', 'à',
];

/// Turkish national language single shift table, 3GPP TS 23.038 A.2.1.
#[rustfmt::skip]
pub static TURKISH_SINGLE: Table = [
    // 0x00..=0x0F
    NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, '\u{0C}', NO, NO, NO, NO, NO,
    // 0x10..=0x1F
    NO, NO, NO, NO, '^', NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO,
    // 0x20..=0x2F
    NO, NO, NO, NO, NO, NO, NO, NO, '{', '}', NO, NO, NO, NO, NO, '\\',
    // 0x30..=0x3F
    NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, '[', '~', ']', NO,
    // 0x40..=0x4F
    '|', NO, NO, NO, NO, NO, NO, 'Ğ', NO, 'İ', NO, NO, NO, NO, NO, NO,
    // 0x50..=0x5F
    NO, NO, NO, 'Ş', NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO,
    // 0x60..=0x6F
    NO, NO, NO, 'ç', NO, '€', NO, 'ğ', NO, 'ı', NO, NO, NO, NO, NO, NO,
    // 0x70..=0x7F
    NO, NO, NO, 'ş', NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO,
];

/// Spanish national language single shift table, 3GPP TS 23.038 A.2.2.
#[rustfmt::skip]
pub static SPANISH_SINGLE: Table = [
    // 0x00..=0x0F
    NO, NO, NO, NO, NO, NO, NO, NO, NO, 'ç', '\u{0C}', NO, NO, NO, NO, NO,
    // 0x10..=0x1F
    NO, NO, NO, NO, '^', NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO,
    // 0x20..=0x2F
    NO, NO, NO, NO, NO, NO, NO, NO, '{', '}', NO, NO, NO, NO, NO, '\\',
    // 0x30..=0x3F
    NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, '[', '~', ']', NO,
    // 0x40..=0x4F
    '|', 'Á', NO, NO, NO, NO, NO, NO, NO, 'Í', NO, NO, NO, NO, NO, 'Ó',
    // 0x50..=0x5F
    NO, NO, NO, NO, NO, 'Ú', NO, NO, NO, NO, NO, NO, NO, NO, NO, NO,
    // 0x60..=0x6F
    NO, 'á', NO, NO, NO, '€', NO, NO, NO, 'í', NO, NO, NO, NO, NO, 'ó',
    // 0x70..=0x7F
    NO, NO, NO, NO, NO, 'ú', NO, NO, NO, NO, NO, NO, NO, NO, NO, NO,
];

/// Portuguese national language locking shift table, 3GPP TS 23.038 A.3.3.
#[rustfmt::skip]
pub static PORTUGUESE_LOCKING: Table = [
    // 0x00..=0x0F
    '@', '£', '$', '¥', 'ê', 'é', 'ú', 'í', 'ó', 'ç', '\n', 'Ô', 'ô', '\r', 'Á', 'á',
    // 0x10..=0x1F
    'Δ', '_', 'ª', 'Ç', 'À', '∞', '^', '\\', '€', 'Ó', '|', NO, 'Â', 'â', 'Ê', 'É',
    // 0x20..=0x2F
    ' ', '!', '"', '#', 'º', '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/',
    // 0x30..=0x3F
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
    // 0x40..=0x4F
    'Í', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
    // 0x50..=0x5F
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 'Ã', 'Õ', 'Ú', 'Ü', '§',
    // 0x60..=0x6F
    '~', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    // 0x70..=0x7F
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'ã', 'õ', '`', 'ü', 'à',
];

/// Portuguese national language single shift table, 3GPP TS 23.038 A.2.3.
///
/// 0x05 is 'ê' (U+00EA), as in Android and oFono.
#[rustfmt::skip]
pub static PORTUGUESE_SINGLE: Table = [
    // 0x00..=0x0F
    NO, NO, NO, NO, NO, 'ê', NO, NO, NO, 'ç', '\u{0C}', 'Ô', 'ô', NO, 'Á', 'á',
    // 0x10..=0x1F
    NO, NO, 'Φ', 'Γ', '^', 'Ω', 'Π', 'Ψ', 'Σ', 'Θ', NO, NO, NO, NO, NO, 'Ê',
    // 0x20..=0x2F
    NO, NO, NO, NO, NO, NO, NO, NO, '{', '}', NO, NO, NO, NO, NO, '\\',
    // 0x30..=0x3F
    NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, '[', '~', ']', NO,
    // 0x40..=0x4F
    '|', 'À', NO, NO, NO, NO, NO, NO, NO, 'Í', NO, NO, NO, NO, NO, 'Ó',
    // 0x50..=0x5F
    NO, NO, NO, NO, NO, 'Ú', NO, NO, NO, NO, NO, 'Ã', 'Õ', NO, NO, NO,
    // 0x60..=0x6F
    NO, 'Â', NO, NO, NO, '€', NO, NO, NO, 'í', NO, NO, NO, NO, NO, 'ó',
    // 0x70..=0x7F
    NO, NO, NO, NO, NO, 'ú', NO, NO, NO, NO, NO, 'ã', 'õ', NO, NO, 'â',
];

/// Bengali national language locking shift table, 3GPP TS 23.038 A.3.4.
#[rustfmt::skip]
pub static BENGALI_LOCKING: Table = [
    // 0x00..=0x0F
    '\u{0981}', '\u{0982}', '\u{0983}', '\u{0985}', '\u{0986}', '\u{0987}', '\u{0988}', '\u{0989}',
    '\u{098A}', '\u{098B}', '\n', '\u{098C}', NO, '\r', NO, '\u{098F}',
    // 0x10..=0x1F
    '\u{0990}', NO, NO, '\u{0993}', '\u{0994}', '\u{0995}', '\u{0996}', '\u{0997}',
    '\u{0998}', '\u{0999}', '\u{099A}', NO, '\u{099B}', '\u{099C}', '\u{099D}', '\u{099E}',
    // 0x20..=0x2F
    ' ', '!', '\u{099F}', '\u{09A0}', '\u{09A1}', '\u{09A2}', '\u{09A3}', '\u{09A4}',
    ')', '(', '\u{09A5}', '\u{09A6}', ',', '\u{09A7}', '.', '\u{09A8}',
    // 0x30..=0x3F
    '0', '1', '2', '3', '4', '5', '6', '7',
    '8', '9', ':', ';', NO, '\u{09AA}', '\u{09AB}', '?',
    // 0x40..=0x4F
    '\u{09AC}', '\u{09AD}', '\u{09AE}', '\u{09AF}', '\u{09B0}', NO, '\u{09B2}', NO,
    NO, NO, '\u{09B6}', '\u{09B7}', '\u{09B8}', '\u{09B9}', '\u{09BC}', '\u{09BD}',
    // 0x50..=0x5F
    '\u{09BE}', '\u{09BF}', '\u{09C0}', '\u{09C1}', '\u{09C2}', '\u{09C3}', '\u{09C4}', NO,
    NO, '\u{09C7}', '\u{09C8}', NO, NO, '\u{09CB}', '\u{09CC}', '\u{09CD}',
    // 0x60..=0x6F
    '\u{09CE}', 'a', 'b', 'c', 'd', 'e', 'f', 'g',
    'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    // 0x70..=0x7F
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w',
    'x', 'y', 'z', '\u{09D7}', '\u{09DC}', '\u{09DD}', '\u{09F0}', '\u{09F1}',
];

/// Bengali national language single shift table, 3GPP TS 23.038 A.2.4.
#[rustfmt::skip]
pub static BENGALI_SINGLE: Table = [
    // 0x00..=0x0F
    '@', '£', '$', '¥', '¿', '"', '¤', '%',
    '&', '\'', '\u{0C}', '*', '+', NO, '-', '/',
    // 0x10..=0x1F
    '<', '=', '>', '¡', '^', '¡', '_', '#',
    '*', '\u{09E6}', '\u{09E7}', NO, '\u{09E8}', '\u{09E9}', '\u{09EA}', '\u{09EB}',
    // 0x20..=0x2F
    '\u{09EC}', '\u{09ED}', '\u{09EE}', '\u{09EF}', '\u{09DF}', '\u{09E0}', '\u{09E1}', '\u{09E2}',
    '{', '}', '\u{09E3}', '\u{09F2}', '\u{09F3}', '\u{09F4}', '\u{09F5}', '\\',
    // 0x30..=0x3F
    '\u{09F6}', '\u{09F7}', '\u{09F8}', '\u{09F9}', '\u{09FA}', NO, NO, NO,
    NO, NO, NO, NO, '[', '~', ']', NO,
    // 0x40..=0x4F
    '|', 'A', 'B', 'C', 'D', 'E', 'F', 'G',
    'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
    // 0x50..=0x5F
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W',
    'X', 'Y', 'Z', NO, NO, NO, NO, NO,
    // 0x60..=0x6F
    NO, NO, NO, NO, NO, '€', NO, NO,
    NO, NO, NO, NO, NO, NO, NO, NO,
    // 0x70..=0x7F
    NO, NO, NO, NO, NO, NO, NO, NO,
    NO, NO, NO, NO, NO, NO, NO, NO,
];

/// Gujarati national language locking shift table, 3GPP TS 23.038 A.3.5.
#[rustfmt::skip]
pub static GUJARATI_LOCKING: Table = [
    // 0x00..=0x0F
    '\u{0A81}', '\u{0A82}', '\u{0A83}', '\u{0A85}', '\u{0A86}', '\u{0A87}', '\u{0A88}', '\u{0A89}',
    '\u{0A8A}', '\u{0A8B}', '\n', '\u{0A8C}', '\u{0A8D}', '\r', NO, '\u{0A8F}',
    // 0x10..=0x1F
    '\u{0A90}', '\u{0A91}', NO, '\u{0A93}', '\u{0A94}', '\u{0A95}', '\u{0A96}', '\u{0A97}',
    '\u{0A98}', '\u{0A99}', '\u{0A9A}', NO, '\u{0A9B}', '\u{0A9C}', '\u{0A9D}', '\u{0A9E}',
    // 0x20..=0x2F
    ' ', '!', '\u{0A9F}', '\u{0AA0}', '\u{0AA1}', '\u{0AA2}', '\u{0AA3}', '\u{0AA4}',
    ')', '(', '\u{0AA5}', '\u{0AA6}', ',', '\u{0AA7}', '.', '\u{0AA8}',
    // 0x30..=0x3F
    '0', '1', '2', '3', '4', '5', '6', '7',
    '8', '9', ':', ';', NO, '\u{0AAA}', '\u{0AAB}', '?',
    // 0x40..=0x4F
    '\u{0AAC}', '\u{0AAD}', '\u{0AAE}', '\u{0AAF}', '\u{0AB0}', NO, '\u{0AB2}', '\u{0AB3}',
    NO, '\u{0AB5}', '\u{0AB6}', '\u{0AB7}', '\u{0AB8}', '\u{0AB9}', '\u{0ABC}', '\u{0ABD}',
    // 0x50..=0x5F
    '\u{0ABE}', '\u{0ABF}', '\u{0AC0}', '\u{0AC1}', '\u{0AC2}', '\u{0AC3}', '\u{0AC4}', '\u{0AC5}',
    NO, '\u{0AC7}', '\u{0AC8}', '\u{0AC9}', NO, '\u{0ACB}', '\u{0ACC}', '\u{0ACD}',
    // 0x60..=0x6F
    '\u{0AD0}', 'a', 'b', 'c', 'd', 'e', 'f', 'g',
    'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    // 0x70..=0x7F
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w',
    'x', 'y', 'z', '\u{0AE0}', '\u{0AE1}', '\u{0AE2}', '\u{0AE3}', '\u{0AF1}',
];

/// Gujarati national language single shift table, 3GPP TS 23.038 A.2.5.
#[rustfmt::skip]
pub static GUJARATI_SINGLE: Table = [
    // 0x00..=0x0F
    '@', '£', '$', '¥', '¿', '"', '¤', '%',
    '&', '\'', '\u{0C}', '*', '+', NO, '-', '/',
    // 0x10..=0x1F
    '<', '=', '>', '¡', '^', '¡', '_', '#',
    '*', '\u{0964}', '\u{0965}', NO, '\u{0AE6}', '\u{0AE7}', '\u{0AE8}', '\u{0AE9}',
    // 0x20..=0x2F
    '\u{0AEA}', '\u{0AEB}', '\u{0AEC}', '\u{0AED}', '\u{0AEE}', '\u{0AEF}', NO, NO,
    '{', '}', NO, NO, NO, NO, NO, '\\',
    // 0x30..=0x3F
    NO, NO, NO, NO, NO, NO, NO, NO,
    NO, NO, NO, NO, '[', '~', ']', NO,
    // 0x40..=0x4F
    '|', 'A', 'B', 'C', 'D', 'E', 'F', 'G',
    'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
    // 0x50..=0x5F
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W',
    'X', 'Y', 'Z', NO, NO, NO, NO, NO,
    // 0x60..=0x6F
    NO, NO, NO, NO, NO, '€', NO, NO,
    NO, NO, NO, NO, NO, NO, NO, NO,
    // 0x70..=0x7F
    NO, NO, NO, NO, NO, NO, NO, NO,
    NO, NO, NO, NO, NO, NO, NO, NO,
];

/// Hindi national language locking shift table, 3GPP TS 23.038 A.3.6.
#[rustfmt::skip]
pub static HINDI_LOCKING: Table = [
    // 0x00..=0x0F
    '\u{0901}', '\u{0902}', '\u{0903}', '\u{0905}', '\u{0906}', '\u{0907}', '\u{0908}', '\u{0909}',
    '\u{090A}', '\u{090B}', '\n', '\u{090C}', '\u{090D}', '\r', '\u{090E}', '\u{090F}',
    // 0x10..=0x1F
    '\u{0910}', '\u{0911}', '\u{0912}', '\u{0913}', '\u{0914}', '\u{0915}', '\u{0916}', '\u{0917}',
    '\u{0918}', '\u{0919}', '\u{091A}', NO, '\u{091B}', '\u{091C}', '\u{091D}', '\u{091E}',
    // 0x20..=0x2F
    ' ', '!', '\u{091F}', '\u{0920}', '\u{0921}', '\u{0922}', '\u{0923}', '\u{0924}',
    ')', '(', '\u{0925}', '\u{0926}', ',', '\u{0927}', '.', '\u{0928}',
    // 0x30..=0x3F
    '0', '1', '2', '3', '4', '5', '6', '7',
    '8', '9', ':', ';', '\u{0929}', '\u{092A}', '\u{092B}', '?',
    // 0x40..=0x4F
    '\u{092C}', '\u{092D}', '\u{092E}', '\u{092F}', '\u{0930}', '\u{0931}', '\u{0932}', '\u{0933}',
    '\u{0934}', '\u{0935}', '\u{0936}', '\u{0937}', '\u{0938}', '\u{0939}', '\u{093C}', '\u{093D}',
    // 0x50..=0x5F
    '\u{093E}', '\u{093F}', '\u{0940}', '\u{0941}', '\u{0942}', '\u{0943}', '\u{0944}', '\u{0945}',
    '\u{0946}', '\u{0947}', '\u{0948}', '\u{0949}', '\u{094A}', '\u{094B}', '\u{094C}', '\u{094D}',
    // 0x60..=0x6F
    '\u{0950}', 'a', 'b', 'c', 'd', 'e', 'f', 'g',
    'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    // 0x70..=0x7F
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w',
    'x', 'y', 'z', '\u{0972}', '\u{097B}', '\u{097C}', '\u{097E}', '\u{097F}',
];

/// Hindi national language single shift table, 3GPP TS 23.038 A.2.6.
#[rustfmt::skip]
pub static HINDI_SINGLE: Table = [
    // 0x00..=0x0F
    '@', '£', '$', '¥', '¿', '"', '¤', '%',
    '&', '\'', '\u{0C}', '*', '+', NO, '-', '/',
    // 0x10..=0x1F
    '<', '=', '>', '¡', '^', '¡', '_', '#',
    '*', '\u{0964}', '\u{0965}', NO, '\u{0966}', '\u{0967}', '\u{0968}', '\u{0969}',
    // 0x20..=0x2F
    '\u{096A}', '\u{096B}', '\u{096C}', '\u{096D}', '\u{096E}', '\u{096F}', '\u{0951}', '\u{0952}',
    '{', '}', '\u{0953}', '\u{0954}', '\u{0958}', '\u{0959}', '\u{095A}', '\\',
    // 0x30..=0x3F
    '\u{095B}', '\u{095C}', '\u{095D}', '\u{095E}', '\u{095F}', '\u{0960}', '\u{0961}', '\u{0962}',
    '\u{0963}', '\u{0970}', '\u{0971}', NO, '[', '~', ']', NO,
    // 0x40..=0x4F
    '|', 'A', 'B', 'C', 'D', 'E', 'F', 'G',
    'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
    // 0x50..=0x5F
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W',
    'X', 'Y', 'Z', NO, NO, NO, NO, NO,
    // 0x60..=0x6F
    NO, NO, NO, NO, NO, '€', NO, NO,
    NO, NO, NO, NO, NO, NO, NO, NO,
    // 0x70..=0x7F
    NO, NO, NO, NO, NO, NO, NO, NO,
    NO, NO, NO, NO, NO, NO, NO, NO,
];

/// Kannada national language locking shift table, 3GPP TS 23.038 A.3.7.
///
/// 0x24 is U+0CA1 (DDA): the printed table repeats U+0CAA (also at 0x3D),
/// a known typo; Android corrects it the same way.
#[rustfmt::skip]
pub static KANNADA_LOCKING: Table = [
    // 0x00..=0x0F
    NO, '\u{0C82}', '\u{0C83}', '\u{0C85}', '\u{0C86}', '\u{0C87}', '\u{0C88}', '\u{0C89}',
    '\u{0C8A}', '\u{0C8B}', '\n', '\u{0C8C}', NO, '\r', '\u{0C8E}', '\u{0C8F}',
    // 0x10..=0x1F
    '\u{0C90}', NO, '\u{0C92}', '\u{0C93}', '\u{0C94}', '\u{0C95}', '\u{0C96}', '\u{0C97}',
    '\u{0C98}', '\u{0C99}', '\u{0C9A}', NO, '\u{0C9B}', '\u{0C9C}', '\u{0C9D}', '\u{0C9E}',
    // 0x20..=0x2F
    ' ', '!', '\u{0C9F}', '\u{0CA0}', '\u{0CA1}', '\u{0CA2}', '\u{0CA3}', '\u{0CA4}',
    ')', '(', '\u{0CA5}', '\u{0CA6}', ',', '\u{0CA7}', '.', '\u{0CA8}',
    // 0x30..=0x3F
    '0', '1', '2', '3', '4', '5', '6', '7',
    '8', '9', ':', ';', NO, '\u{0CAA}', '\u{0CAB}', '?',
    // 0x40..=0x4F
    '\u{0CAC}', '\u{0CAD}', '\u{0CAE}', '\u{0CAF}', '\u{0CB0}', '\u{0CB1}', '\u{0CB2}', '\u{0CB3}',
    NO, '\u{0CB5}', '\u{0CB6}', '\u{0CB7}', '\u{0CB8}', '\u{0CB9}', '\u{0CBC}', '\u{0CBD}',
    // 0x50..=0x5F
    '\u{0CBE}', '\u{0CBF}', '\u{0CC0}', '\u{0CC1}', '\u{0CC2}', '\u{0CC3}', '\u{0CC4}', NO,
    '\u{0CC6}', '\u{0CC7}', '\u{0CC8}', NO, '\u{0CCA}', '\u{0CCB}', '\u{0CCC}', '\u{0CCD}',
    // 0x60..=0x6F
    '\u{0CD5}', 'a', 'b', 'c', 'd', 'e', 'f', 'g',
    'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    // 0x70..=0x7F
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w',
    'x', 'y', 'z', '\u{0CD6}', '\u{0CE0}', '\u{0CE1}', '\u{0CE2}', '\u{0CE3}',
];

/// Kannada national language single shift table, 3GPP TS 23.038 A.2.7.
#[rustfmt::skip]
pub static KANNADA_SINGLE: Table = [
    // 0x00..=0x0F
    '@', '£', '$', '¥', '¿', '"', '¤', '%',
    '&', '\'', '\u{0C}', '*', '+', NO, '-', '/',
    // 0x10..=0x1F
    '<', '=', '>', '¡', '^', '¡', '_', '#',
    '*', '\u{0964}', '\u{0965}', NO, '\u{0CE6}', '\u{0CE7}', '\u{0CE8}', '\u{0CE9}',
    // 0x20..=0x2F
    '\u{0CEA}', '\u{0CEB}', '\u{0CEC}', '\u{0CED}', '\u{0CEE}', '\u{0CEF}', '\u{0CDE}', '\u{0CF1}',
    '{', '}', '\u{0CF2}', NO, NO, NO, NO, '\\',
    // 0x30..=0x3F
    NO, NO, NO, NO, NO, NO, NO, NO,
    NO, NO, NO, NO, '[', '~', ']', NO,
    // 0x40..=0x4F
    '|', 'A', 'B', 'C', 'D', 'E', 'F', 'G',
    'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
    // 0x50..=0x5F
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W',
    'X', 'Y', 'Z', NO, NO, NO, NO, NO,
    // 0x60..=0x6F
    NO, NO, NO, NO, NO, '€', NO, NO,
    NO, NO, NO, NO, NO, NO, NO, NO,
    // 0x70..=0x7F
    NO, NO, NO, NO, NO, NO, NO, NO,
    NO, NO, NO, NO, NO, NO, NO, NO,
];

/// Malayalam national language locking shift table, 3GPP TS 23.038 A.3.8.
#[rustfmt::skip]
pub static MALAYALAM_LOCKING: Table = [
    // 0x00..=0x0F
    NO, '\u{0D02}', '\u{0D03}', '\u{0D05}', '\u{0D06}', '\u{0D07}', '\u{0D08}', '\u{0D09}',
    '\u{0D0A}', '\u{0D0B}', '\n', '\u{0D0C}', NO, '\r', '\u{0D0E}', '\u{0D0F}',
    // 0x10..=0x1F
    '\u{0D10}', NO, '\u{0D12}', '\u{0D13}', '\u{0D14}', '\u{0D15}', '\u{0D16}', '\u{0D17}',
    '\u{0D18}', '\u{0D19}', '\u{0D1A}', NO, '\u{0D1B}', '\u{0D1C}', '\u{0D1D}', '\u{0D1E}',
    // 0x20..=0x2F
    ' ', '!', '\u{0D1F}', '\u{0D20}', '\u{0D21}', '\u{0D22}', '\u{0D23}', '\u{0D24}',
    ')', '(', '\u{0D25}', '\u{0D26}', ',', '\u{0D27}', '.', '\u{0D28}',
    // 0x30..=0x3F
    '0', '1', '2', '3', '4', '5', '6', '7',
    '8', '9', ':', ';', NO, '\u{0D2A}', '\u{0D2B}', '?',
    // 0x40..=0x4F
    '\u{0D2C}', '\u{0D2D}', '\u{0D2E}', '\u{0D2F}', '\u{0D30}', '\u{0D31}', '\u{0D32}', '\u{0D33}',
    '\u{0D34}', '\u{0D35}', '\u{0D36}', '\u{0D37}', '\u{0D38}', '\u{0D39}', NO, '\u{0D3D}',
    // 0x50..=0x5F
    '\u{0D3E}', '\u{0D3F}', '\u{0D40}', '\u{0D41}', '\u{0D42}', '\u{0D43}', '\u{0D44}', NO,
    '\u{0D46}', '\u{0D47}', '\u{0D48}', NO, '\u{0D4A}', '\u{0D4B}', '\u{0D4C}', '\u{0D4D}',
    // 0x60..=0x6F
    '\u{0D57}', 'a', 'b', 'c', 'd', 'e', 'f', 'g',
    'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    // 0x70..=0x7F
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w',
    'x', 'y', 'z', '\u{0D60}', '\u{0D61}', '\u{0D62}', '\u{0D63}', '\u{0D79}',
];

/// Malayalam national language single shift table, 3GPP TS 23.038 A.2.8.
#[rustfmt::skip]
pub static MALAYALAM_SINGLE: Table = [
    // 0x00..=0x0F
    '@', '£', '$', '¥', '¿', '"', '¤', '%',
    '&', '\'', '\u{0C}', '*', '+', NO, '-', '/',
    // 0x10..=0x1F
    '<', '=', '>', '¡', '^', '¡', '_', '#',
    '*', '\u{0964}', '\u{0965}', NO, '\u{0D66}', '\u{0D67}', '\u{0D68}', '\u{0D69}',
    // 0x20..=0x2F
    '\u{0D6A}', '\u{0D6B}', '\u{0D6C}', '\u{0D6D}', '\u{0D6E}', '\u{0D6F}', '\u{0D70}', '\u{0D71}',
    '{', '}', '\u{0D72}', '\u{0D73}', '\u{0D74}', '\u{0D75}', '\u{0D7A}', '\\',
    // 0x30..=0x3F
    '\u{0D7B}', '\u{0D7C}', '\u{0D7D}', '\u{0D7E}', '\u{0D7F}', NO, NO, NO,
    NO, NO, NO, NO, '[', '~', ']', NO,
    // 0x40..=0x4F
    '|', 'A', 'B', 'C', 'D', 'E', 'F', 'G',
    'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
    // 0x50..=0x5F
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W',
    'X', 'Y', 'Z', NO, NO, NO, NO, NO,
    // 0x60..=0x6F
    NO, NO, NO, NO, NO, '€', NO, NO,
    NO, NO, NO, NO, NO, NO, NO, NO,
    // 0x70..=0x7F
    NO, NO, NO, NO, NO, NO, NO, NO,
    NO, NO, NO, NO, NO, NO, NO, NO,
];

/// Oriya national language locking shift table, 3GPP TS 23.038 A.3.9.
#[rustfmt::skip]
pub static ORIYA_LOCKING: Table = [
    // 0x00..=0x0F
    '\u{0B01}', '\u{0B02}', '\u{0B03}', '\u{0B05}', '\u{0B06}', '\u{0B07}', '\u{0B08}', '\u{0B09}',
    '\u{0B0A}', '\u{0B0B}', '\n', '\u{0B0C}', NO, '\r', NO, '\u{0B0F}',
    // 0x10..=0x1F
    '\u{0B10}', NO, NO, '\u{0B13}', '\u{0B14}', '\u{0B15}', '\u{0B16}', '\u{0B17}',
    '\u{0B18}', '\u{0B19}', '\u{0B1A}', NO, '\u{0B1B}', '\u{0B1C}', '\u{0B1D}', '\u{0B1E}',
    // 0x20..=0x2F
    ' ', '!', '\u{0B1F}', '\u{0B20}', '\u{0B21}', '\u{0B22}', '\u{0B23}', '\u{0B24}',
    ')', '(', '\u{0B25}', '\u{0B26}', ',', '\u{0B27}', '.', '\u{0B28}',
    // 0x30..=0x3F
    '0', '1', '2', '3', '4', '5', '6', '7',
    '8', '9', ':', ';', NO, '\u{0B2A}', '\u{0B2B}', '?',
    // 0x40..=0x4F
    '\u{0B2C}', '\u{0B2D}', '\u{0B2E}', '\u{0B2F}', '\u{0B30}', NO, '\u{0B32}', '\u{0B33}',
    NO, '\u{0B35}', '\u{0B36}', '\u{0B37}', '\u{0B38}', '\u{0B39}', '\u{0B3C}', '\u{0B3D}',
    // 0x50..=0x5F
    '\u{0B3E}', '\u{0B3F}', '\u{0B40}', '\u{0B41}', '\u{0B42}', '\u{0B43}', '\u{0B44}', NO,
    NO, '\u{0B47}', '\u{0B48}', NO, NO, '\u{0B4B}', '\u{0B4C}', '\u{0B4D}',
    // 0x60..=0x6F
    '\u{0B56}', 'a', 'b', 'c', 'd', 'e', 'f', 'g',
    'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    // 0x70..=0x7F
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w',
    'x', 'y', 'z', '\u{0B57}', '\u{0B60}', '\u{0B61}', '\u{0B62}', '\u{0B63}',
];

/// Oriya national language single shift table, 3GPP TS 23.038 A.2.9.
#[rustfmt::skip]
pub static ORIYA_SINGLE: Table = [
    // 0x00..=0x0F
    '@', '£', '$', '¥', '¿', '"', '¤', '%',
    '&', '\'', '\u{0C}', '*', '+', NO, '-', '/',
    // 0x10..=0x1F
    '<', '=', '>', '¡', '^', '¡', '_', '#',
    '*', '\u{0964}', '\u{0965}', NO, '\u{0B66}', '\u{0B67}', '\u{0B68}', '\u{0B69}',
    // 0x20..=0x2F
    '\u{0B6A}', '\u{0B6B}', '\u{0B6C}', '\u{0B6D}', '\u{0B6E}', '\u{0B6F}', '\u{0B5C}', '\u{0B5D}',
    '{', '}', '\u{0B5F}', '\u{0B70}', '\u{0B71}', NO, NO, '\\',
    // 0x30..=0x3F
    NO, NO, NO, NO, NO, NO, NO, NO,
    NO, NO, NO, NO, '[', '~', ']', NO,
    // 0x40..=0x4F
    '|', 'A', 'B', 'C', 'D', 'E', 'F', 'G',
    'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
    // 0x50..=0x5F
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W',
    'X', 'Y', 'Z', NO, NO, NO, NO, NO,
    // 0x60..=0x6F
    NO, NO, NO, NO, NO, '€', NO, NO,
    NO, NO, NO, NO, NO, NO, NO, NO,
    // 0x70..=0x7F
    NO, NO, NO, NO, NO, NO, NO, NO,
    NO, NO, NO, NO, NO, NO, NO, NO,
];

/// Punjabi national language locking shift table, 3GPP TS 23.038 A.3.10.
#[rustfmt::skip]
pub static PUNJABI_LOCKING: Table = [
    // 0x00..=0x0F
    '\u{0A01}', '\u{0A02}', '\u{0A03}', '\u{0A05}', '\u{0A06}', '\u{0A07}', '\u{0A08}', '\u{0A09}',
    '\u{0A0A}', NO, '\n', NO, NO, '\r', NO, '\u{0A0F}',
    // 0x10..=0x1F
    '\u{0A10}', NO, NO, '\u{0A13}', '\u{0A14}', '\u{0A15}', '\u{0A16}', '\u{0A17}',
    '\u{0A18}', '\u{0A19}', '\u{0A1A}', NO, '\u{0A1B}', '\u{0A1C}', '\u{0A1D}', '\u{0A1E}',
    // 0x20..=0x2F
    ' ', '!', '\u{0A1F}', '\u{0A20}', '\u{0A21}', '\u{0A22}', '\u{0A23}', '\u{0A24}',
    ')', '(', '\u{0A25}', '\u{0A26}', ',', '\u{0A27}', '.', '\u{0A28}',
    // 0x30..=0x3F
    '0', '1', '2', '3', '4', '5', '6', '7',
    '8', '9', ':', ';', NO, '\u{0A2A}', '\u{0A2B}', '?',
    // 0x40..=0x4F
    '\u{0A2C}', '\u{0A2D}', '\u{0A2E}', '\u{0A2F}', '\u{0A30}', NO, '\u{0A32}', '\u{0A33}',
    NO, '\u{0A35}', '\u{0A36}', NO, '\u{0A38}', '\u{0A39}', '\u{0A3C}', NO,
    // 0x50..=0x5F
    '\u{0A3E}', '\u{0A3F}', '\u{0A40}', '\u{0A41}', '\u{0A42}', NO, NO, NO,
    NO, '\u{0A47}', '\u{0A48}', NO, NO, '\u{0A4B}', '\u{0A4C}', '\u{0A4D}',
    // 0x60..=0x6F
    '\u{0A51}', 'a', 'b', 'c', 'd', 'e', 'f', 'g',
    'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    // 0x70..=0x7F
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w',
    'x', 'y', 'z', '\u{0A70}', '\u{0A71}', '\u{0A72}', '\u{0A73}', '\u{0A74}',
];

/// Punjabi national language single shift table, 3GPP TS 23.038 A.2.10.
#[rustfmt::skip]
pub static PUNJABI_SINGLE: Table = [
    // 0x00..=0x0F
    '@', '£', '$', '¥', '¿', '"', '¤', '%',
    '&', '\'', '\u{0C}', '*', '+', NO, '-', '/',
    // 0x10..=0x1F
    '<', '=', '>', '¡', '^', '¡', '_', '#',
    '*', '\u{0964}', '\u{0965}', NO, '\u{0A66}', '\u{0A67}', '\u{0A68}', '\u{0A69}',
    // 0x20..=0x2F
    '\u{0A6A}', '\u{0A6B}', '\u{0A6C}', '\u{0A6D}', '\u{0A6E}', '\u{0A6F}', '\u{0A59}', '\u{0A5A}',
    '{', '}', '\u{0A5B}', '\u{0A5C}', '\u{0A5E}', '\u{0A75}', NO, '\\',
    // 0x30..=0x3F
    NO, NO, NO, NO, NO, NO, NO, NO,
    NO, NO, NO, NO, '[', '~', ']', NO,
    // 0x40..=0x4F
    '|', 'A', 'B', 'C', 'D', 'E', 'F', 'G',
    'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
    // 0x50..=0x5F
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W',
    'X', 'Y', 'Z', NO, NO, NO, NO, NO,
    // 0x60..=0x6F
    NO, NO, NO, NO, NO, '€', NO, NO,
    NO, NO, NO, NO, NO, NO, NO, NO,
    // 0x70..=0x7F
    NO, NO, NO, NO, NO, NO, NO, NO,
    NO, NO, NO, NO, NO, NO, NO, NO,
];

/// Tamil national language locking shift table, 3GPP TS 23.038 A.3.11.
///
/// 0x11 is left undefined: some transcriptions put U+0B91 there, which is
/// not an assigned Unicode character (Android leaves it blank too).
#[rustfmt::skip]
pub static TAMIL_LOCKING: Table = [
    // 0x00..=0x0F
    NO, '\u{0B82}', '\u{0B83}', '\u{0B85}', '\u{0B86}', '\u{0B87}', '\u{0B88}', '\u{0B89}',
    '\u{0B8A}', NO, '\n', NO, NO, '\r', '\u{0B8E}', '\u{0B8F}',
    // 0x10..=0x1F
    '\u{0B90}', NO, '\u{0B92}', '\u{0B93}', '\u{0B94}', '\u{0B95}', NO, NO,
    NO, '\u{0B99}', '\u{0B9A}', NO, NO, '\u{0B9C}', NO, '\u{0B9E}',
    // 0x20..=0x2F
    ' ', '!', '\u{0B9F}', NO, NO, NO, '\u{0BA3}', '\u{0BA4}',
    ')', '(', NO, NO, ',', NO, '.', '\u{0BA8}',
    // 0x30..=0x3F
    '0', '1', '2', '3', '4', '5', '6', '7',
    '8', '9', ':', ';', '\u{0BA9}', '\u{0BAA}', NO, '?',
    // 0x40..=0x4F
    NO, NO, '\u{0BAE}', '\u{0BAF}', '\u{0BB0}', '\u{0BB1}', '\u{0BB2}', '\u{0BB3}',
    '\u{0BB4}', '\u{0BB5}', '\u{0BB6}', '\u{0BB7}', '\u{0BB8}', '\u{0BB9}', NO, NO,
    // 0x50..=0x5F
    '\u{0BBE}', '\u{0BBF}', '\u{0BC0}', '\u{0BC1}', '\u{0BC2}', NO, NO, NO,
    '\u{0BC6}', '\u{0BC7}', '\u{0BC8}', NO, '\u{0BCA}', '\u{0BCB}', '\u{0BCC}', '\u{0BCD}',
    // 0x60..=0x6F
    '\u{0BD0}', 'a', 'b', 'c', 'd', 'e', 'f', 'g',
    'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    // 0x70..=0x7F
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w',
    'x', 'y', 'z', '\u{0BD7}', '\u{0BF0}', '\u{0BF1}', '\u{0BF2}', '\u{0BF9}',
];

/// Tamil national language single shift table, 3GPP TS 23.038 A.2.11.
///
/// 0x24 is U+0BEE (digit eight): V9.1.1 printed U+0BEF twice (typo, corrected
/// in later versions and in Android).
#[rustfmt::skip]
pub static TAMIL_SINGLE: Table = [
    // 0x00..=0x0F
    '@', '£', '$', '¥', '¿', '"', '¤', '%',
    '&', '\'', '\u{0C}', '*', '+', NO, '-', '/',
    // 0x10..=0x1F
    '<', '=', '>', '¡', '^', '¡', '_', '#',
    '*', '\u{0964}', '\u{0965}', NO, '\u{0BE6}', '\u{0BE7}', '\u{0BE8}', '\u{0BE9}',
    // 0x20..=0x2F
    '\u{0BEA}', '\u{0BEB}', '\u{0BEC}', '\u{0BED}', '\u{0BEE}', '\u{0BEF}', '\u{0BF3}', '\u{0BF4}',
    '{', '}', '\u{0BF5}', '\u{0BF6}', '\u{0BF7}', '\u{0BF8}', '\u{0BFA}', '\\',
    // 0x30..=0x3F
    NO, NO, NO, NO, NO, NO, NO, NO,
    NO, NO, NO, NO, '[', '~', ']', NO,
    // 0x40..=0x4F
    '|', 'A', 'B', 'C', 'D', 'E', 'F', 'G',
    'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
    // 0x50..=0x5F
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W',
    'X', 'Y', 'Z', NO, NO, NO, NO, NO,
    // 0x60..=0x6F
    NO, NO, NO, NO, NO, '€', NO, NO,
    NO, NO, NO, NO, NO, NO, NO, NO,
    // 0x70..=0x7F
    NO, NO, NO, NO, NO, NO, NO, NO,
    NO, NO, NO, NO, NO, NO, NO, NO,
];

/// Telugu national language locking shift table, 3GPP TS 23.038 A.3.12.
///
/// 0x11 is left undefined: some transcriptions put U+0C11 there, which is
/// not an assigned Unicode character (Android leaves it blank too).
#[rustfmt::skip]
pub static TELUGU_LOCKING: Table = [
    // 0x00..=0x0F
    '\u{0C01}', '\u{0C02}', '\u{0C03}', '\u{0C05}', '\u{0C06}', '\u{0C07}', '\u{0C08}', '\u{0C09}',
    '\u{0C0A}', '\u{0C0B}', '\n', '\u{0C0C}', NO, '\r', '\u{0C0E}', '\u{0C0F}',
    // 0x10..=0x1F
    '\u{0C10}', NO, '\u{0C12}', '\u{0C13}', '\u{0C14}', '\u{0C15}', '\u{0C16}', '\u{0C17}',
    '\u{0C18}', '\u{0C19}', '\u{0C1A}', NO, '\u{0C1B}', '\u{0C1C}', '\u{0C1D}', '\u{0C1E}',
    // 0x20..=0x2F
    ' ', '!', '\u{0C1F}', '\u{0C20}', '\u{0C21}', '\u{0C22}', '\u{0C23}', '\u{0C24}',
    ')', '(', '\u{0C25}', '\u{0C26}', ',', '\u{0C27}', '.', '\u{0C28}',
    // 0x30..=0x3F
    '0', '1', '2', '3', '4', '5', '6', '7',
    '8', '9', ':', ';', NO, '\u{0C2A}', '\u{0C2B}', '?',
    // 0x40..=0x4F
    '\u{0C2C}', '\u{0C2D}', '\u{0C2E}', '\u{0C2F}', '\u{0C30}', '\u{0C31}', '\u{0C32}', '\u{0C33}',
    NO, '\u{0C35}', '\u{0C36}', '\u{0C37}', '\u{0C38}', '\u{0C39}', NO, '\u{0C3D}',
    // 0x50..=0x5F
    '\u{0C3E}', '\u{0C3F}', '\u{0C40}', '\u{0C41}', '\u{0C42}', '\u{0C43}', '\u{0C44}', NO,
    '\u{0C46}', '\u{0C47}', '\u{0C48}', NO, '\u{0C4A}', '\u{0C4B}', '\u{0C4C}', '\u{0C4D}',
    // 0x60..=0x6F
    '\u{0C55}', 'a', 'b', 'c', 'd', 'e', 'f', 'g',
    'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    // 0x70..=0x7F
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w',
    'x', 'y', 'z', '\u{0C56}', '\u{0C60}', '\u{0C61}', '\u{0C62}', '\u{0C63}',
];

/// Telugu national language single shift table, 3GPP TS 23.038 A.2.12.
///
/// 0x22 and 0x23 are U+0C6C and U+0C6D: V9.1.1 printed U+06CC and U+06CD
/// (typo, corrected in Android).
#[rustfmt::skip]
pub static TELUGU_SINGLE: Table = [
    // 0x00..=0x0F
    '@', '£', '$', '¥', '¿', '"', '¤', '%',
    '&', '\'', '\u{0C}', '*', '+', NO, '-', '/',
    // 0x10..=0x1F
    '<', '=', '>', '¡', '^', '¡', '_', '#',
    '*', NO, NO, NO, '\u{0C66}', '\u{0C67}', '\u{0C68}', '\u{0C69}',
    // 0x20..=0x2F
    '\u{0C6A}', '\u{0C6B}', '\u{0C6C}', '\u{0C6D}', '\u{0C6E}', '\u{0C6F}', '\u{0C58}', '\u{0C59}',
    '{', '}', '\u{0C78}', '\u{0C79}', '\u{0C7A}', '\u{0C7B}', '\u{0C7C}', '\\',
    // 0x30..=0x3F
    '\u{0C7D}', '\u{0C7E}', '\u{0C7F}', NO, NO, NO, NO, NO,
    NO, NO, NO, NO, '[', '~', ']', NO,
    // 0x40..=0x4F
    '|', 'A', 'B', 'C', 'D', 'E', 'F', 'G',
    'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
    // 0x50..=0x5F
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W',
    'X', 'Y', 'Z', NO, NO, NO, NO, NO,
    // 0x60..=0x6F
    NO, NO, NO, NO, NO, '€', NO, NO,
    NO, NO, NO, NO, NO, NO, NO, NO,
    // 0x70..=0x7F
    NO, NO, NO, NO, NO, NO, NO, NO,
    NO, NO, NO, NO, NO, NO, NO, NO,
];

/// Urdu national language locking shift table, 3GPP TS 23.038 A.3.13.
#[rustfmt::skip]
pub static URDU_LOCKING: Table = [
    // 0x00..=0x0F
    '\u{0627}', '\u{0622}', '\u{0628}', '\u{067B}', '\u{0680}', '\u{067E}', '\u{06A6}', '\u{062A}',
    '\u{06C2}', '\u{067F}', '\n', '\u{0679}', '\u{067D}', '\r', '\u{067A}', '\u{067C}',
    // 0x10..=0x1F
    '\u{062B}', '\u{062C}', '\u{0681}', '\u{0684}', '\u{0683}', '\u{0685}', '\u{0686}', '\u{0687}',
    '\u{062D}', '\u{062E}', '\u{062F}', NO, '\u{068C}', '\u{0688}', '\u{0689}', '\u{068A}',
    // 0x20..=0x2F
    ' ', '!', '\u{068F}', '\u{068D}', '\u{0630}', '\u{0631}', '\u{0691}', '\u{0693}',
    ')', '(', '\u{0699}', '\u{0632}', ',', '\u{0696}', '.', '\u{0698}',
    // 0x30..=0x3F
    '0', '1', '2', '3', '4', '5', '6', '7',
    '8', '9', ':', ';', '\u{069A}', '\u{0633}', '\u{0634}', '?',
    // 0x40..=0x4F
    '\u{0635}', '\u{0636}', '\u{0637}', '\u{0638}', '\u{0639}', '\u{0641}', '\u{0642}', '\u{06A9}',
    '\u{06AA}', '\u{06AB}', '\u{06AF}', '\u{06B3}', '\u{06B1}', '\u{0644}', '\u{0645}', '\u{0646}',
    // 0x50..=0x5F
    '\u{06BA}', '\u{06BB}', '\u{06BC}', '\u{0648}', '\u{06C4}', '\u{06D5}', '\u{06C1}', '\u{06BE}',
    '\u{0621}', '\u{06CC}', '\u{06D0}', '\u{06D2}', '\u{064D}', '\u{0650}', '\u{064F}', '\u{0657}',
    // 0x60..=0x6F
    '\u{0654}', 'a', 'b', 'c', 'd', 'e', 'f', 'g',
    'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    // 0x70..=0x7F
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w',
    'x', 'y', 'z', '\u{0655}', '\u{0651}', '\u{0653}', '\u{0656}', '\u{0670}',
];

/// Urdu national language single shift table, 3GPP TS 23.038 A.2.13.
#[rustfmt::skip]
pub static URDU_SINGLE: Table = [
    // 0x00..=0x0F
    '@', '£', '$', '¥', '¿', '"', '¤', '%',
    '&', '\'', '\u{0C}', '*', '+', NO, '-', '/',
    // 0x10..=0x1F
    '<', '=', '>', '¡', '^', '¡', '_', '#',
    '*', '\u{0600}', '\u{0601}', NO, '\u{06F0}', '\u{06F1}', '\u{06F2}', '\u{06F3}',
    // 0x20..=0x2F
    '\u{06F4}', '\u{06F5}', '\u{06F6}', '\u{06F7}', '\u{06F8}', '\u{06F9}', '\u{060C}', '\u{060D}',
    '{', '}', '\u{060E}', '\u{060F}', '\u{0610}', '\u{0611}', '\u{0612}', '\\',
    // 0x30..=0x3F
    '\u{0613}', '\u{0614}', '\u{061B}', '\u{061F}', '\u{0640}', '\u{0652}', '\u{0658}', '\u{066B}',
    '\u{066C}', '\u{0672}', '\u{0673}', '\u{06CD}', '[', '~', ']', '\u{06D4}',
    // 0x40..=0x4F
    '|', 'A', 'B', 'C', 'D', 'E', 'F', 'G',
    'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
    // 0x50..=0x5F
    'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W',
    'X', 'Y', 'Z', NO, NO, NO, NO, NO,
    // 0x60..=0x6F
    NO, NO, NO, NO, NO, '€', NO, NO,
    NO, NO, NO, NO, NO, NO, NO, NO,
    // 0x70..=0x7F
    NO, NO, NO, NO, NO, NO, NO, NO,
    NO, NO, NO, NO, NO, NO, NO, NO,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gsm::{NationalLanguage, locking_table, single_shift_table};

    fn locking_tables() -> Vec<(&'static str, &'static Table)> {
        let mut all = vec![("default", &DEFAULT)];
        for language in NationalLanguage::ALL {
            if let Some(table) = language.locking_table() {
                all.push((language.name(), table));
            }
        }
        all
    }

    fn single_tables() -> Vec<(&'static str, &'static Table)> {
        let mut all = vec![("default", &DEFAULT_EXTENSION)];
        for language in NationalLanguage::ALL {
            all.push((language.name(), language.single_shift_table()));
        }
        all
    }

    #[test]
    fn table_counts() {
        assert_eq!(locking_tables().len(), 13);
        assert_eq!(single_tables().len(), 14);
    }

    #[test]
    fn locking_table_conventions() {
        for (name, table) in locking_tables() {
            assert_eq!(table[0x0A], '\n', "{name}");
            assert_eq!(table[0x0D], '\r', "{name}");
            assert_eq!(table[0x1B], NO_CHAR, "{name}");
            assert_eq!(table[0x20], ' ', "{name}");
            for (i, &c) in table.iter().enumerate() {
                if i != 0x20 {
                    assert_ne!(c, ' ', "{name} 0x{i:02X}");
                }
                assert!(
                    !c.is_control() || c == '\n' || c == '\r',
                    "{name} 0x{i:02X}"
                );
            }
            // Digits and lowercase Latin letters sit at their ASCII places
            // in every locking table.
            for c in ('0'..='9').chain('a'..='z') {
                assert_eq!(table[c as usize], c, "{name}");
            }
            // No character twice.
            let mut seen: Vec<char> = table.iter().copied().filter(|&c| c != NO_CHAR).collect();
            let defined = seen.len();
            seen.sort_unstable();
            seen.dedup();
            assert_eq!(seen.len(), defined, "{name} repeats a character");
        }
    }

    #[test]
    fn single_table_conventions() {
        for (name, table) in single_tables() {
            assert_eq!(table[0x0A], '\u{0C}', "{name}");
            assert_eq!(table[0x0D], NO_CHAR, "{name}");
            assert_eq!(table[0x1B], NO_CHAR, "{name}");
            assert_eq!(table[0x14], '^', "{name}");
            assert_eq!(table[0x28], '{', "{name}");
            assert_eq!(table[0x29], '}', "{name}");
            assert_eq!(table[0x2F], '\\', "{name}");
            assert_eq!(table[0x3C], '[', "{name}");
            assert_eq!(table[0x3D], '~', "{name}");
            assert_eq!(table[0x3E], ']', "{name}");
            assert_eq!(table[0x40], '|', "{name}");
            assert_eq!(table[0x65], '€', "{name}");
            for (i, &c) in table.iter().enumerate() {
                assert_ne!(c, ' ', "{name} 0x{i:02X}");
                assert!(!c.is_control() || i == 0x0A, "{name} 0x{i:02X}");
            }
        }
    }

    /// Catches a code point copied from a neighbouring script's table: every
    /// character of an Indic or Urdu table is ASCII, one of a few shared
    /// symbols, or in the language's own Unicode block.
    #[test]
    fn script_blocks() {
        use NationalLanguage::*;
        let blocks = [
            (Bengali, 0x0980..=0x09FF),
            (Gujarati, 0x0A80..=0x0AFF),
            (Hindi, 0x0900..=0x097F),
            (Kannada, 0x0C80..=0x0CFF),
            (Malayalam, 0x0D00..=0x0D7F),
            (Oriya, 0x0B00..=0x0B7F),
            (Punjabi, 0x0A00..=0x0A7F),
            (Tamil, 0x0B80..=0x0BFF),
            (Telugu, 0x0C00..=0x0C7F),
            (Urdu, 0x0600..=0x06FF),
        ];
        let shared = [
            '£', '¥', '¿', '¤', '¡', '€', '\u{0C}', '\u{0964}', '\u{0965}',
        ];
        for (language, block) in blocks {
            let tables = [
                language.locking_table().expect("indic tables lock"),
                language.single_shift_table(),
            ];
            for table in tables {
                for (i, &c) in table.iter().enumerate() {
                    let ok = c == NO_CHAR
                        || c.is_ascii()
                        || shared.contains(&c)
                        || block.contains(&u32::from(c));
                    assert!(ok, "{language} 0x{i:02X}: U+{:04X}", u32::from(c));
                }
            }
        }
    }

    #[test]
    fn defaults() {
        assert!(std::ptr::eq(locking_table(None), &DEFAULT));
        assert!(std::ptr::eq(single_shift_table(None), &DEFAULT_EXTENSION));
    }
}

//! `data_coding` → alphabet.

use serde::{Deserialize, Serialize};

use super::Encoding;

/// What an account's carrier means by `data_coding` 0 ("SMSC default
/// alphabet"), which SMPP leaves to the SMSC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Dcs0Alphabet {
    /// GSM 03.38 7-bit (packed or not per [`TextPolicy::gsm_packed`]).
    #[default]
    #[serde(rename = "gsm7")]
    Gsm7,
    /// ISO-8859-1 (read as windows-1252, see [`Encoding::Latin1`]).
    #[serde(rename = "latin1")]
    Latin1,
    /// IA5 / ASCII.
    #[serde(rename = "ascii")]
    Ascii,
}

/// An account's text settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TextPolicy {
    /// The alphabet of `data_coding` 0 and of the values 23.038 says to
    /// read like it (reserved ones).
    pub dcs0: Dcs0Alphabet,
    /// Whether the carrier packs GSM 7-bit text (8 septets in 7 octets, as
    /// on the air interface) rather than sending one septet per octet (the
    /// usual case on SMPP). Applies to every GSM 7-bit `data_coding`.
    pub gsm_packed: bool,
}

impl TextPolicy {
    /// GSM 7-bit, unpacked: the most common carrier convention.
    pub const DEFAULT: TextPolicy = TextPolicy {
        dcs0: Dcs0Alphabet::Gsm7,
        gsm_packed: false,
    };

    /// [`Encoding::Gsm7`] or [`Encoding::Gsm7Packed`] per
    /// [`TextPolicy::gsm_packed`].
    pub const fn gsm(&self) -> Encoding {
        if self.gsm_packed {
            Encoding::Gsm7Packed
        } else {
            Encoding::Gsm7
        }
    }

    /// The encoding of `data_coding` 0 under this policy.
    pub const fn dcs0(&self) -> Encoding {
        match self.dcs0 {
            Dcs0Alphabet::Gsm7 => self.gsm(),
            Dcs0Alphabet::Latin1 => Encoding::Latin1,
            Dcs0Alphabet::Ascii => Encoding::Ascii,
        }
    }
}

/// The message class of 3GPP TS 23.038 coding groups 00xx, 01xx and 1111.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MessageClass {
    /// Class 0: "flash", displayed at once, not stored.
    Class0,
    /// Class 1: default meaning, ME-specific.
    Class1,
    /// Class 2: (U)SIM specific.
    Class2,
    /// Class 3: TE specific.
    Class3,
}

impl MessageClass {
    /// The class of the two low bits of a `data_coding`.
    pub const fn from_bits(bits: u8) -> MessageClass {
        match bits & 0x03 {
            0 => MessageClass::Class0,
            1 => MessageClass::Class1,
            2 => MessageClass::Class2,
            _ => MessageClass::Class3,
        }
    }

    /// 0 to 3.
    pub const fn as_u8(self) -> u8 {
        self as u8
    }
}

/// What a `data_coding` value says about the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Alphabet {
    /// How the octets are decoded.
    pub encoding: Encoding,
    /// The message class, for the values that carry one.
    pub class: Option<MessageClass>,
    /// True when the value is reserved by both SMPP and 23.038 (or by SMPP
    /// and read by 23.038's bits), so the encoding is inlet's best reading
    /// rather than a definition; see [`classify`].
    pub reserved: bool,
}

impl Alphabet {
    /// The alphabet of an encoding decided earlier (a segment record's).
    #[must_use]
    pub const fn plain(encoding: Encoding) -> Alphabet {
        Alphabet {
            encoding,
            class: None,
            reserved: false,
        }
    }

    const fn guessed(encoding: Encoding) -> Alphabet {
        Alphabet {
            encoding,
            class: None,
            reserved: true,
        }
    }
}

/// Classifies a `data_coding` value. Total over the 256 values, `const`,
/// no allocation.
///
/// | value | meaning | encoding |
/// | --- | --- | --- |
/// | 0x00 | SMSC default alphabet | the account's [`TextPolicy::dcs0`] |
/// | 0x01 | IA5 / ASCII | `ascii` |
/// | 0x02, 0x04 | octet unspecified | `binary` |
/// | 0x03 | Latin-1 | `latin1` |
/// | 0x05 | JIS X 0208-1990 | `jis` (see below) |
/// | 0x06 | Cyrillic ISO-8859-5 | `cyrillic` |
/// | 0x07 | Latin/Hebrew ISO-8859-8 | `hebrew` |
/// | 0x08 | UCS-2 | `ucs2` (UTF-16BE, surrogate pairs accepted) |
/// | 0x09 | pictogram | `binary` (see below) |
/// | 0x0A | ISO-2022-JP (music codes) | `jis` |
/// | 0x0B | SMPP reserved; 23.038 bits: UCS-2 | `ucs2`, reserved |
/// | 0x0C, 0x0F | SMPP reserved; 23.038 bits: reserved alphabet | as 0x00, reserved |
/// | 0x0D | extended Kanji JIS X 0212-1990 | `kanji_ext` (EUC-JP) |
/// | 0x0E | KS C 5601 | `ksc5601` (EUC-KR) |
/// | 0x10–0x3F, 0x40–0x7F | 23.038 general data coding (0x40–0x7F: marked for automatic deletion) | see below |
/// | 0x80–0xBF | 23.038 reserved coding groups | as 0x00, reserved |
/// | 0xC0–0xCF, 0xD0–0xDF | message waiting, discard / store | GSM 7-bit |
/// | 0xE0–0xEF | message waiting, store, UCS-2 | `ucs2` |
/// | 0xF0–0xFF | data coding / message class | bit 2: 0 GSM 7-bit, 1 `binary`; class bits 1–0 |
///
/// General data coding (`00xx xxxx` and `01xx xxxx`, past the SMPP values
/// 0x00–0x0F): bit 5 set means compressed (23.042), which inlet does not
/// decompress: `binary`. Bit 4 set means bits 1–0 are the message class.
/// Bits 3–2 are the alphabet: 00 GSM 7-bit, 01 8-bit data (`binary`), 10
/// UCS-2, 11 reserved (as 0x00, reserved).
///
/// Decisions where the specifications leave room:
/// - **GSM 7-bit** values of 23.038 (0x10–0x13, 0x40, 0xC0–0xDF, 0xF0–0xF3…)
///   are GSM 7-bit, packed or not per [`TextPolicy::gsm_packed`]; only 0x00
///   follows the account's [`Dcs0Alphabet`].
/// - **Reserved values** are read like 0x00 (the account's default), as
///   23.038 asks ("any reserved codings shall be assumed to be the GSM 7
///   bit default alphabet (the same as codepoint 00000000)"), and flagged
///   [`Alphabet::reserved`]. Text that does not decode cleanly that way is
///   lossy and keeps its raw octets.
/// - **0x05 JIS and 0x0A ISO-2022-JP**: SMPP names JIS X 0208, but carriers
///   send either ISO-2022-JP (7-bit, with escape sequences) or Shift_JIS
///   octets under both values. The decoder looks: octets containing ESC
///   (0x1B) are ISO-2022-JP, others Shift_JIS (which reads ASCII as
///   ASCII). Both are `jis`.
/// - **0x0D extended Kanji (JIS X 0212)**: encoding_rs has no bare JIS X
///   0212 decoder; its EUC-JP decoder reads JIS X 0212 in EUC-JP's 3-octet
///   form (0x8F prefix) along with JIS X 0208, so 0x0D is EUC-JP; octets
///   that are not valid EUC-JP make the text lossy.
/// - **0x0E KS C 5601** is EUC-KR (encoding_rs's, a superset: windows-949).
/// - **0x09 pictogram** has no standard character mapping (each Japanese
///   operator had its own): `binary`, octets kept.
/// - **0x03 Latin-1** is read as windows-1252, as the WHATWG encoding
///   standard reads the label ISO-8859-1: 0x80–0x9F are `€`, `‚`, `…`
///   rather than C1 controls no SMS means. Never lossy.
pub const fn classify(data_coding: u8, policy: &TextPolicy) -> Alphabet {
    match data_coding {
        0x00 => Alphabet::plain(policy.dcs0()),
        0x01 => Alphabet::plain(Encoding::Ascii),
        0x02 | 0x04 | 0x09 => Alphabet::plain(Encoding::Binary),
        0x03 => Alphabet::plain(Encoding::Latin1),
        0x05 | 0x0A => Alphabet::plain(Encoding::Jis),
        0x06 => Alphabet::plain(Encoding::Cyrillic),
        0x07 => Alphabet::plain(Encoding::Hebrew),
        0x08 => Alphabet::plain(Encoding::Ucs2),
        0x0B => Alphabet::guessed(Encoding::Ucs2),
        0x0C | 0x0F => Alphabet::guessed(policy.dcs0()),
        0x0D => Alphabet::plain(Encoding::KanjiExt),
        0x0E => Alphabet::plain(Encoding::Ksc5601),
        0x10..=0x7F => general(data_coding, policy),
        0x80..=0xBF => Alphabet::guessed(policy.dcs0()),
        0xC0..=0xDF => Alphabet::plain(policy.gsm()),
        0xE0..=0xEF => Alphabet::plain(Encoding::Ucs2),
        0xF0..=0xFF => Alphabet {
            encoding: if data_coding & 0x04 == 0 {
                policy.gsm()
            } else {
                Encoding::Binary
            },
            class: Some(MessageClass::from_bits(data_coding)),
            reserved: false,
        },
    }
}

/// 23.038 general data coding groups `00xx xxxx` and `01xx xxxx`.
const fn general(data_coding: u8, policy: &TextPolicy) -> Alphabet {
    let class = if data_coding & 0x10 != 0 {
        Some(MessageClass::from_bits(data_coding))
    } else {
        None
    };
    let (encoding, reserved) = if data_coding & 0x20 != 0 {
        (Encoding::Binary, false)
    } else {
        match (data_coding >> 2) & 0x03 {
            0 => (policy.gsm(), false),
            1 => (Encoding::Binary, false),
            2 => (Encoding::Ucs2, false),
            _ => (policy.dcs0(), true),
        }
    };
    Alphabet {
        encoding,
        class,
        reserved,
    }
}

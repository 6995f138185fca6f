//! Text decoding: `data_coding` classification and decoding of the user
//! data to UTF-8, for every SMPP alphabet.
//!
//! # Single-part messages
//!
//! [`decode`] takes `data_coding`, `esm_class` and the user data
//! (`short_message` or `message_payload`): it splits off the user data
//! header when UDHI is set ([`crate::udh`]), [`classify`]s `data_coding`
//! under the account's [`TextPolicy`] and decodes the octets after the
//! header. [`decode_split`] does the same for user data already split.
//!
//! # Multipart messages
//!
//! A multipart message is decoded once, from all its segments: a UCS-2
//! surrogate pair, a GSM escape sequence or a multi-octet Shift_JIS / EUC
//! character may be cut across two segments, and decoding segment by
//! segment would turn it into U+FFFD. [`decode_joined`] takes the segments
//! in sequence order as [`SegmentContent`]s (each segment's header and the
//! octets after it, from [`SegmentContent::split`]) and decodes them as one
//! text:
//!
//! - GSM 7-bit packed: each segment is unpacked on its own (its text starts
//!   at the septet boundary after its own header, so its own fill bits, and
//!   its own `<CR>` padding is dropped), then the septets are decoded as
//!   one sequence;
//! - GSM 7-bit unpacked, UCS-2, ASCII: the octets are read as one sequence
//!   (an odd-length UCS-2 segment shifts the rest, as it would on the
//!   sender's side);
//! - the encoding_rs charsets: one streaming decoder over the segments.
//!
//! No joined buffer is built: the decoders iterate over the segments.
//!
//! # National language tables
//!
//! For GSM 7-bit, the UDH IEs 0x25 (locking shift) and 0x24 (single shift)
//! select the [`NationalLanguage`](crate::gsm::NationalLanguage) tables;
//! [`Decoded::language_shift`] names the language used (the locking one
//! when both are present). A language identifier 23.038 does not define
//! decodes with the default tables and makes the text lossy: the sender
//! meant characters those tables may not have. Consecutive segments with
//! the same tables are decoded together; when the tables change between
//! segments (which no sane sender does), each run is decoded with its own
//! and an escape cut at the boundary is lost (lossy). The language IEs are
//! ignored for the other encodings.
//!
//! # Lossy text
//!
//! `lossy` is true whenever the text is not an exact decoding of the
//! octets: a byte that is not in the alphabet (U+FFFD in its place), an
//! unpaired UTF-16 surrogate (U+FFFD), an odd UCS-2 octet count (U+FFFD
//! for the last octet), ASCII octets ≥ 0x80 (U+FFFD), a GSM sequence the
//! tables do not define (see [`crate::gsm::decode`]), an encoding_rs
//! malformed sequence, an unknown language table. **A caller that gets
//! `lossy` must keep the raw octets** ([`Decoded::raw`], the record's
//! `raw_base64`), as it must for binary messages, whose text is `None` and
//! which are never lossy.
//!
//! Decoding never panics, whatever the octets, and allocates one `String`
//! for the text (none for binary).

mod classify;
mod decode;

pub use classify::{Alphabet, Dcs0Alphabet, MessageClass, TextPolicy, classify};
pub use decode::{
    Decoded, JoinedText, SegmentContent, decode, decode_joined, decode_joined_with, decode_split,
    join_raw,
};

use std::fmt;

use serde::{Deserialize, Serialize};

/// How the text was encoded: the record's `encoding` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Encoding {
    /// GSM 03.38 7-bit, one septet per octet: `"gsm7"`.
    #[serde(rename = "gsm7")]
    Gsm7,
    /// GSM 03.38 7-bit, packed: `"gsm7_packed"`.
    #[serde(rename = "gsm7_packed")]
    Gsm7Packed,
    /// UCS-2, read as UTF-16BE: `"ucs2"`.
    #[serde(rename = "ucs2")]
    Ucs2,
    /// ISO-8859-1 (read as windows-1252): `"latin1"`.
    #[serde(rename = "latin1")]
    Latin1,
    /// IA5 / ASCII: `"ascii"`.
    #[serde(rename = "ascii")]
    Ascii,
    /// ISO-8859-5: `"cyrillic"`.
    #[serde(rename = "cyrillic")]
    Cyrillic,
    /// ISO-8859-8: `"hebrew"`.
    #[serde(rename = "hebrew")]
    Hebrew,
    /// JIS: ISO-2022-JP or Shift_JIS, told apart by the octets: `"jis"`.
    #[serde(rename = "jis")]
    Jis,
    /// Extended Kanji JIS X 0212, read as EUC-JP: `"kanji_ext"`.
    #[serde(rename = "kanji_ext")]
    KanjiExt,
    /// KS C 5601, read as EUC-KR: `"ksc5601"`.
    #[serde(rename = "ksc5601")]
    Ksc5601,
    /// Binary data, no text: `"binary"`.
    #[serde(rename = "binary")]
    Binary,
}

impl Encoding {
    /// Every encoding.
    pub const ALL: [Encoding; 11] = [
        Encoding::Gsm7,
        Encoding::Gsm7Packed,
        Encoding::Ucs2,
        Encoding::Latin1,
        Encoding::Ascii,
        Encoding::Cyrillic,
        Encoding::Hebrew,
        Encoding::Jis,
        Encoding::KanjiExt,
        Encoding::Ksc5601,
        Encoding::Binary,
    ];

    /// The record's name of the encoding (as serialized).
    pub const fn as_str(self) -> &'static str {
        match self {
            Encoding::Gsm7 => "gsm7",
            Encoding::Gsm7Packed => "gsm7_packed",
            Encoding::Ucs2 => "ucs2",
            Encoding::Latin1 => "latin1",
            Encoding::Ascii => "ascii",
            Encoding::Cyrillic => "cyrillic",
            Encoding::Hebrew => "hebrew",
            Encoding::Jis => "jis",
            Encoding::KanjiExt => "kanji_ext",
            Encoding::Ksc5601 => "ksc5601",
            Encoding::Binary => "binary",
        }
    }

    /// Whether the encoding is GSM 7-bit, packed or not.
    pub const fn is_gsm(self) -> bool {
        matches!(self, Encoding::Gsm7 | Encoding::Gsm7Packed)
    }

    /// Whether the content is binary (no text).
    pub const fn is_binary(self) -> bool {
        matches!(self, Encoding::Binary)
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

//! Octets → text, for one message or for the joined segments of one.

use encoding_rs::{CoderResult, Decoder, Encoding as Charset};

use super::{Alphabet, Encoding, TextPolicy, classify};
use crate::gsm::{self, NationalLanguage, decode_septets, fill_bits_for_udh, unpack_all_septets};
use crate::udh::{self, Udh, UdhError};

/// A message's text, decoded from its user data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The text; `None` for binary content.
    pub text: Option<String>,
    /// True when `text` is not an exact decoding of `raw` (see the module
    /// documentation); the caller must then keep `raw`. Never true for
    /// binary content.
    pub lossy: bool,
    /// How `raw` was decoded.
    pub encoding: Encoding,
    /// The name of the national language table used
    /// ([`NationalLanguage::name`]; the locking shift's when both shifts
    /// are present), for GSM 7-bit text with a language IE.
    pub language_shift: Option<&'static str>,
    /// The user data header, when `esm_class` had UDHI.
    pub udh: Option<Udh<'a>>,
    /// The content octets: the user data after the header (all of it when
    /// there is none). What `raw_base64` carries.
    pub raw: &'a [u8],
}

/// The text of a multipart message, decoded from its joined segments by
/// [`decode_joined`]. The content octets are the segments'; [`join_raw`]
/// joins them for `raw_base64`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinedText {
    /// The text; `None` for binary content.
    pub text: Option<String>,
    /// As [`Decoded::lossy`].
    pub lossy: bool,
    /// How the segments were decoded.
    pub encoding: Encoding,
    /// As [`Decoded::language_shift`]: the first language table used.
    pub language_shift: Option<&'static str>,
}

/// One segment of a multipart message, for [`decode_joined`]: its header
/// (which gives the fill bits of packed GSM text and the language tables)
/// and the octets after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SegmentContent<'a> {
    /// The segment's user data header, if it had one.
    pub udh: Option<Udh<'a>>,
    /// The octets after the header.
    pub content: &'a [u8],
}

impl<'a> SegmentContent<'a> {
    /// Splits a segment's user data by its `esm_class` (see
    /// [`udh::split`]).
    ///
    /// # Errors
    /// A malformed header, when UDHI is set.
    pub fn split(esm_class: u8, user_data: &'a [u8]) -> Result<Self, UdhError> {
        let (udh, content, _) = udh::split(esm_class, user_data)?;
        Ok(SegmentContent { udh, content })
    }

    /// Octets with no header.
    pub const fn plain(content: &'a [u8]) -> Self {
        SegmentContent { udh: None, content }
    }

    /// The size of the header in octets, UDHL included (0 without one).
    pub const fn udh_len(&self) -> usize {
        match &self.udh {
            Some(udh) => udh.encoded_len(),
            None => 0,
        }
    }

    /// Fill bits before the first septet of packed GSM text.
    const fn fill_bits(&self) -> u8 {
        fill_bits_for_udh(self.udh_len())
    }
}

/// Decodes a single-part message: splits off the user data header when
/// `esm_class` has UDHI, classifies `data_coding` under `policy` and
/// decodes the rest (see the module documentation).
///
/// # Errors
/// A malformed user data header ([`UdhError`]); the text itself never
/// fails to decode (bad octets make it lossy).
pub fn decode<'a>(
    data_coding: u8,
    esm_class: u8,
    user_data: &'a [u8],
    policy: &TextPolicy,
) -> Result<Decoded<'a>, UdhError> {
    let (udh, content, _) = udh::split(esm_class, user_data)?;
    Ok(decode_split(classify(data_coding, policy), udh, content))
}

/// [`decode`] of user data already split: `content` is what follows
/// `udh` (the whole user data when `None`).
pub fn decode_split<'a>(
    alphabet: Alphabet,
    udh: Option<Udh<'a>>,
    content: &'a [u8],
) -> Decoded<'a> {
    let segment = SegmentContent { udh, content };
    let out = decode_segments(alphabet.encoding, std::slice::from_ref(&segment));
    Decoded {
        text: out.text,
        lossy: out.lossy,
        encoding: alphabet.encoding,
        language_shift: out.language_shift,
        udh,
        raw: content,
    }
}

/// Decodes a multipart message from its segments, in sequence order, as
/// one text (see the module documentation). `data_coding` is the
/// message's (the first segment's: segments of one message share it).
/// Never fails: the headers were checked by [`SegmentContent::split`].
pub fn decode_joined(
    data_coding: u8,
    segments: &[SegmentContent<'_>],
    policy: &TextPolicy,
) -> JoinedText {
    decode_joined_with(classify(data_coding, policy), segments)
}

/// [`decode_joined`] with the alphabet already classified.
pub fn decode_joined_with(alphabet: Alphabet, segments: &[SegmentContent<'_>]) -> JoinedText {
    let out = decode_segments(alphabet.encoding, segments);
    JoinedText {
        text: out.text,
        lossy: out.lossy,
        encoding: alphabet.encoding,
        language_shift: out.language_shift,
    }
}

/// The segments' content octets joined, in order: a multipart record's
/// `raw_base64`.
pub fn join_raw(segments: &[SegmentContent<'_>]) -> Vec<u8> {
    let mut raw = Vec::with_capacity(segments.iter().map(|s| s.content.len()).sum());
    for segment in segments {
        raw.extend_from_slice(segment.content);
    }
    raw
}

/// What the decoders produce.
struct Out {
    text: Option<String>,
    lossy: bool,
    language_shift: Option<&'static str>,
}

impl Out {
    const fn text(text: String, lossy: bool) -> Out {
        Out {
            text: Some(text),
            lossy,
            language_shift: None,
        }
    }
}

fn decode_segments(encoding: Encoding, segments: &[SegmentContent<'_>]) -> Out {
    match encoding {
        Encoding::Gsm7 => gsm(segments, false),
        Encoding::Gsm7Packed => gsm(segments, true),
        Encoding::Ucs2 => ucs2(segments),
        Encoding::Ascii => ascii(segments),
        Encoding::Latin1 => charset(encoding_rs::WINDOWS_1252, segments),
        Encoding::Cyrillic => charset(encoding_rs::ISO_8859_5, segments),
        Encoding::Hebrew => charset(encoding_rs::ISO_8859_8, segments),
        Encoding::Jis => {
            let escaped = segments.iter().any(|s| s.content.contains(&0x1B));
            let charset_used = if escaped {
                encoding_rs::ISO_2022_JP
            } else {
                encoding_rs::SHIFT_JIS
            };
            charset(charset_used, segments)
        }
        Encoding::KanjiExt => charset(encoding_rs::EUC_JP, segments),
        Encoding::Ksc5601 => charset(encoding_rs::EUC_KR, segments),
        Encoding::Binary => Out {
            text: None,
            lossy: false,
            language_shift: None,
        },
    }
}

/// The GSM tables a segment's header selects.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Tables {
    locking: Option<NationalLanguage>,
    single: Option<NationalLanguage>,
    /// A language IE named a language 23.038 does not define.
    unknown: bool,
}

impl Tables {
    fn of(segment: &SegmentContent<'_>) -> Tables {
        match &segment.udh {
            Some(udh) => Tables {
                locking: udh.locking_shift(),
                single: udh.single_shift(),
                unknown: udh.has_unknown_language(),
            },
            None => Tables {
                locking: None,
                single: None,
                unknown: false,
            },
        }
    }

    fn name(self) -> Option<&'static str> {
        self.locking.or(self.single).map(NationalLanguage::name)
    }
}

/// GSM 7-bit: runs of consecutive segments with the same tables, each
/// decoded as one septet sequence.
fn gsm(segments: &[SegmentContent<'_>], packed: bool) -> Out {
    let mut text: Option<String> = None;
    let mut lossy = false;
    let mut language_shift = None;
    let mut rest = segments;
    while let Some(first) = rest.first() {
        let tables = Tables::of(first);
        let run_len = rest
            .iter()
            .take_while(|segment| Tables::of(segment) == tables)
            .count();
        let (run, tail) = rest.split_at(run_len);
        let decoded = gsm_run(run, packed, tables);
        lossy |= decoded.lossy || tables.unknown;
        language_shift = language_shift.or(tables.name());
        match &mut text {
            None => text = Some(decoded.text),
            // Only when the tables change between segments; an escape cut
            // at the boundary was dropped (and made the run lossy).
            Some(text) => text.push_str(&decoded.text),
        }
        rest = tail;
    }
    Out {
        text: Some(text.unwrap_or_default()),
        lossy,
        language_shift,
    }
}

fn gsm_run(run: &[SegmentContent<'_>], packed: bool, tables: Tables) -> gsm::Decoded {
    let Tables {
        locking, single, ..
    } = tables;
    match (run, packed) {
        ([one], false) => gsm::decode(one.content, locking, single),
        ([one], true) => decode_septets(
            unpack_all_septets(one.content, one.fill_bits()),
            locking,
            single,
        ),
        (_, false) => decode_septets(
            run.iter().flat_map(|s| s.content.iter().copied()),
            locking,
            single,
        ),
        (_, true) => decode_septets(
            run.iter()
                .flat_map(|s| unpack_all_septets(s.content, s.fill_bits())),
            locking,
            single,
        ),
    }
}

fn content_len(segments: &[SegmentContent<'_>]) -> usize {
    segments.iter().map(|s| s.content.len()).sum()
}

/// UCS-2, read as UTF-16BE (surrogate pairs decode to one character).
fn ucs2(segments: &[SegmentContent<'_>]) -> Out {
    let odd = content_len(segments) % 2 == 1;
    let (text, lossy) = match segments {
        [one] => utf16be(one.content.iter().copied(), odd),
        _ => utf16be(segments.iter().flat_map(|s| s.content.iter().copied()), odd),
    };
    Out::text(text, lossy)
}

/// Big-endian 16-bit units from octets; a last odd octet is not yielded.
#[derive(Clone)]
struct Units<I>(I);

impl<I: Iterator<Item = u8>> Iterator for Units<I> {
    type Item = u16;

    #[inline]
    fn next(&mut self) -> Option<u16> {
        let high = self.0.next()?;
        let low = self.0.next()?;
        Some(u16::from_be_bytes([high, low]))
    }
}

/// UTF-16BE to a `String` sized exactly (a counting pass, then a writing
/// pass). Unpaired surrogates and a last odd octet (`odd`) become U+FFFD.
fn utf16be<I>(octets: I, odd: bool) -> (String, bool)
where
    I: Iterator<Item = u8> + Clone,
{
    let mut len = 0;
    let mut lossy = odd;
    for unit in char::decode_utf16(Units(octets.clone())) {
        len += match unit {
            Ok(c) => c.len_utf8(),
            Err(_) => {
                lossy = true;
                char::REPLACEMENT_CHARACTER.len_utf8()
            }
        };
    }
    if odd {
        len += char::REPLACEMENT_CHARACTER.len_utf8();
    }
    let mut text = String::with_capacity(len);
    text.extend(
        char::decode_utf16(Units(octets)).map(|unit| unit.unwrap_or(char::REPLACEMENT_CHARACTER)),
    );
    if odd {
        text.push(char::REPLACEMENT_CHARACTER);
    }
    (text, lossy)
}

/// IA5 / ASCII: octets ≥ 0x80 become U+FFFD.
fn ascii(segments: &[SegmentContent<'_>]) -> Out {
    let high = segments
        .iter()
        .map(|s| s.content.iter().filter(|&&b| b >= 0x80).count())
        .sum::<usize>();
    let len = content_len(segments) + high * (char::REPLACEMENT_CHARACTER.len_utf8() - 1);
    let mut text = String::with_capacity(len);
    for segment in segments {
        text.extend(segment.content.iter().map(|&b| {
            if b < 0x80 {
                char::from(b)
            } else {
                char::REPLACEMENT_CHARACTER
            }
        }));
    }
    Out::text(text, high > 0)
}

/// The encoding_rs charsets: one call for one segment, a streaming decoder
/// over several (so a character cut between segments decodes whole).
fn charset(charset: &'static Charset, segments: &[SegmentContent<'_>]) -> Out {
    if let [one] = segments {
        let (text, had_errors) = charset.decode_without_bom_handling(one.content);
        return Out::text(text.into_owned(), had_errors);
    }
    let mut decoder = charset.new_decoder_without_bom_handling();
    let total = content_len(segments);
    let mut text = String::with_capacity(decoder.max_utf8_buffer_length(total).unwrap_or(total));
    let mut lossy = false;
    let last = segments.len().saturating_sub(1);
    for (index, segment) in segments.iter().enumerate() {
        lossy |= feed(&mut decoder, segment.content, index == last, &mut text);
    }
    if segments.is_empty() {
        lossy |= feed(&mut decoder, &[], true, &mut text);
    }
    Out::text(text, lossy)
}

/// Decodes `src` into `text`, growing it when the decoder asks for room.
/// Returns whether a malformed sequence was replaced.
fn feed(decoder: &mut Decoder, mut src: &[u8], last: bool, text: &mut String) -> bool {
    let mut replaced = false;
    loop {
        let (result, read, had_errors) = decoder.decode_to_string(src, text, last);
        replaced |= had_errors;
        src = src.get(read..).unwrap_or_default();
        match result {
            CoderResult::InputEmpty => return replaced,
            CoderResult::OutputFull => {
                let room = decoder
                    .max_utf8_buffer_length(src.len())
                    .unwrap_or(src.len());
                text.reserve(room.max(16));
            }
        }
    }
}

//! Septets to text.

use super::language::{NationalLanguage, locking_table, single_shift_table};
use super::pack::unpack_septets;
use super::tables::{DEFAULT, NO_CHAR, Table};

/// The escape septet: the next septet is read from the single shift table.
pub(super) const ESCAPE: u8 = 0x1B;

/// Text decoded from septets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// True when the septets could not be decoded exactly (see
    /// [`decode`] for the cases).
    pub lossy: bool,
}

/// Decodes unpacked septets (one septet per byte, as SMPP carries
/// unpacked GSM 7-bit) with the locking table of `locking` and the single
/// shift table of `single` (the default alphabet and its extension table
/// when `None`; the default alphabet also for Spanish, which has no locking
/// table).
///
/// Rules, all of which set `lossy` except the first two:
/// - a septet is looked up in the locking table; `0x1B` followed by a
///   septet is looked up in the single shift table;
/// - `0x1B` then `0x0A` is a form feed (U+000C);
/// - a byte ≥ 0x80 is not a septet: U+FFFD (it also cancels a pending
///   escape);
/// - a position the locking table leaves empty (a blank of the Indic
///   tables): U+FFFD;
/// - an escape to a position the single shift table leaves empty: the
///   locking table's character for that septet, as 23.038 §6.2.1.1 asks of
///   a receiver (U+FFFD if that is empty too). Lossy, because the sender
///   meant a character this table version does not define;
/// - `0x1B 0x1B`: reserved for a further extension table; 23.038 says to
///   display a space, so a space, and the septet after it is read
///   normally (as Android does);
/// - a lone `0x1B` at the end is dropped (a truncated escape sequence, e.g.
///   one split across segments by a sender that should not have).
///
/// Never panics. Sizes the output exactly before writing it: one counting
/// pass and one writing pass over the septets, no reallocation.
pub fn decode(
    septets: &[u8],
    locking: Option<NationalLanguage>,
    single: Option<NationalLanguage>,
) -> Decoded {
    // Most texts (OTP codes, notices in Latin letters) are made only of
    // septets the default alphabet gives ASCII's character for: then the
    // text is the septets themselves, copied at once instead of looked up
    // and pushed one character at a time (half the decoding time of a
    // short message).
    if std::ptr::eq(locking_table(locking), &DEFAULT)
        && septets.iter().all(|&s| same_as_ascii(s))
        && let Ok(text) = String::from_utf8(septets.to_vec())
    {
        return Decoded { text, lossy: false };
    }
    decode_septets(septets.iter().copied(), locking, single)
}

/// Bit `n` is set when septet `n` is, in the default alphabet, the ASCII
/// character of that code (letters, digits, space, most punctuation; not
/// `@`, `$`, `_`, the escape, the controls other than LF and CR...).
const SAME_AS_ASCII: u128 = {
    let mut mask = 0u128;
    let mut n = 0;
    while n < 128 {
        if DEFAULT[n] as u32 == n as u32 {
            mask |= 1 << n;
        }
        n += 1;
    }
    mask
};

/// Whether septet `s` decodes, in the default alphabet, to the ASCII
/// character of the same code.
#[inline]
fn same_as_ascii(s: u8) -> bool {
    s < 0x80 && (SAME_AS_ASCII >> s) & 1 == 1
}

/// [`decode`] of the first `septets` septets packed in `octets` after
/// `fill_bits` fill bits (fewer if `octets` is short), without collecting
/// the septets first.
pub fn decode_packed(
    octets: &[u8],
    fill_bits: u8,
    septets: usize,
    locking: Option<NationalLanguage>,
    single: Option<NationalLanguage>,
) -> Decoded {
    decode_septets(unpack_septets(octets, fill_bits, septets), locking, single)
}

/// [`decode`] over any re-iterable source of septets (for example
/// [`unpack_all_septets`](super::unpack_all_septets)).
pub fn decode_septets<I>(
    septets: I,
    locking: Option<NationalLanguage>,
    single: Option<NationalLanguage>,
) -> Decoded
where
    I: Iterator<Item = u8> + Clone,
{
    let main = locking_table(locking);
    let shift = single_shift_table(single);
    let mut len = 0;
    walk(septets.clone(), main, shift, |c| len += c.len_utf8());
    let mut text = String::with_capacity(len);
    let lossy = walk(septets, main, shift, |c| text.push(c));
    Decoded { text, lossy }
}

/// Runs the decoding state machine, handing each character to `emit`;
/// returns whether the decoding was lossy.
#[inline(always)]
fn walk<I, F>(septets: I, main: &Table, shift: &Table, mut emit: F) -> bool
where
    I: Iterator<Item = u8>,
    F: FnMut(char),
{
    let mut lossy = false;
    let mut escaped = false;
    for septet in septets {
        let index = usize::from(septet);
        let (Some(&in_main), Some(&in_shift)) = (main.get(index), shift.get(index)) else {
            emit(char::REPLACEMENT_CHARACTER);
            lossy = true;
            escaped = false;
            continue;
        };
        if escaped {
            escaped = false;
            if septet == ESCAPE {
                emit(' ');
                lossy = true;
            } else if in_shift != NO_CHAR {
                emit(in_shift);
            } else {
                lossy = true;
                emit(if in_main != NO_CHAR {
                    in_main
                } else {
                    char::REPLACEMENT_CHARACTER
                });
            }
        } else if septet == ESCAPE {
            escaped = true;
        } else if in_main != NO_CHAR {
            emit(in_main);
        } else {
            emit(char::REPLACEMENT_CHARACTER);
            lossy = true;
        }
    }
    lossy || escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ascii_shortcut_decodes_as_the_tables_do() {
        // Every septet (and bytes that are not septets), alone and in a
        // text of shortcut septets: the shortcut and the tables agree.
        for b in 0..=255u8 {
            let text = [b'C', b'o', b'd', b'e', b' ', b, b'1', b'2'];
            for septets in [&[b][..], &text[..]] {
                let slow = decode_septets(septets.iter().copied(), None, None);
                assert_eq!(decode(septets, None, None), slow, "septet {b:#04x}");
            }
            assert_eq!(
                same_as_ascii(b),
                b < 0x80 && DEFAULT[usize::from(b)] == char::from(b),
                "{b:#04x}"
            );
        }
        assert!(same_as_ascii(b'A') && same_as_ascii(b'0') && same_as_ascii(b' '));
        assert!(!same_as_ascii(0x00), "@ is 0x00");
        assert!(!same_as_ascii(0x1B), "the escape");
        assert!(!same_as_ascii(0x24), "0x24 is the currency sign");
    }

    fn d(septets: &[u8]) -> Decoded {
        decode(septets, None, None)
    }

    #[test]
    fn default_alphabet() {
        assert_eq!(d(b"Hello").text, "Hello");
        assert_eq!(d(&[0x00, 0x01, 0x02, 0x11, 0x7F]).text, "@£$_à");
        assert!(!d(&[0x00]).lossy);
        assert_eq!(d(&[]), Decoded::default());
    }

    #[test]
    fn extension() {
        let text = d(&[0x1B, 0x65, 0x1B, 0x14, 0x1B, 0x0A, 0x1B, 0x40]);
        assert_eq!(text.text, "€^\u{0C}|");
        assert!(!text.lossy);
    }

    #[test]
    fn escape_to_undefined_uses_main_table() {
        let out = d(&[0x1B, 0x41]);
        assert_eq!(out.text, "A");
        assert!(out.lossy);
    }

    #[test]
    fn double_escape_is_space() {
        let out = d(&[0x1B, 0x1B, 0x41]);
        assert_eq!(out.text, " A");
        assert!(out.lossy);
    }

    #[test]
    fn trailing_escape_dropped() {
        let out = d(&[0x41, 0x1B]);
        assert_eq!(out.text, "A");
        assert!(out.lossy);
    }

    #[test]
    fn high_bytes_are_replaced() {
        let out = d(&[0x41, 0x80, 0xFF, 0x1B, 0xC1, 0x42]);
        assert_eq!(out.text, "A\u{FFFD}\u{FFFD}\u{FFFD}B");
        assert!(out.lossy);
    }

    #[test]
    fn exact_capacity() {
        let out = decode(
            &[0x03, 0x15, 0x20, 0x1B, 0x65],
            Some(NationalLanguage::Hindi),
            None,
        );
        assert_eq!(out.text, "\u{0905}\u{0915} €");
        assert_eq!(out.text.capacity(), out.text.len());
    }
}

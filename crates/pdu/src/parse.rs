//! nom parsers for the SMPP field types (SMPP 3.4 §3.1): integers,
//! C-octet strings bounded by their field's maximum, and length-prefixed
//! octet strings. All are *complete* parsers over one frame: running out of
//! input is an error that names the field, never a request for more.

use nom::IResult;
use nom::number::complete::be_u32;

use crate::{DecodeError, Field};

/// Result of the body parsers.
pub(crate) type PResult<'a, T> = IResult<&'a [u8], T, DecodeError>;

/// Shorthand for a parser failure carrying `e`.
pub(crate) fn fail<T>(e: DecodeError) -> Result<T, nom::Err<DecodeError>> {
    Err(nom::Err::Error(e))
}

/// One octet.
///
/// Written on the slice rather than as `nom::number::complete::be_u8`:
/// nom's goes through its generic `Input::take_from`, which LLVM left out of
/// line, and that call alone cost 13% of a submit_sm decode (perf, on the
/// `decode` bench). The same holds for [`short_message`]'s `take`.
#[inline(always)]
pub(crate) fn u8_(i: &[u8], field: Field) -> PResult<'_, u8> {
    match i.split_first() {
        Some((b, rest)) => Ok((rest, *b)),
        None => fail(DecodeError::Truncated { field }),
    }
}

/// A big-endian 4-octet integer.
#[inline(always)]
pub(crate) fn u32_(i: &[u8], field: Field) -> PResult<'_, u32> {
    be_u32::<_, ()>(i).or_else(|_| fail(DecodeError::Truncated { field }))
}

/// A C-octet string of at most `max` octets including its NUL; returns the
/// octets before the NUL.
#[inline(always)]
pub(crate) fn c_octet_string(i: &[u8], field: Field, max: usize) -> PResult<'_, &[u8]> {
    match find_nul(i, max) {
        Some(n) => Ok((&i[n + 1..], &i[..n])),
        None if i.len() >= max => fail(DecodeError::CStringTooLong { field, max }),
        None => fail(DecodeError::CStringUnterminated { field }),
    }
}

/// Index of the first NUL among the first `max` octets of `i`.
///
/// Eight octets at a time (the "has a zero byte" word trick: in
/// `(w - 0x01..01) & !w & 0x80..80` the lowest set bit marks the first zero
/// octet exactly). Hand-written because the strings are short (most under
/// 22 octets): a byte loop was 40% of a submit_sm decode, and `memchr`'s
/// call and dispatch 25% (perf on the `decode` bench); this is inlined.
#[inline(always)]
fn find_nul(i: &[u8], max: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let limit = i.len().min(max);
    let mut pos = 0;
    while pos < limit {
        // A word may reach past `limit` (never past `i`): a NUL found there
        // is past the maximum, which the check below rejects.
        let Some(word) = i[pos..].first_chunk::<8>() else {
            return i[pos..limit].iter().position(|&b| b == 0).map(|n| pos + n);
        };
        let w = u64::from_le_bytes(*word);
        let zeros = w.wrapping_sub(ONES) & !w & HIGHS;
        if zeros != 0 {
            let n = pos + (zeros.trailing_zeros() / 8) as usize;
            return (n < limit).then_some(n);
        }
        pos += 8;
    }
    None
}

/// `sm_length` followed by that many octets of `short_message`.
#[inline(always)]
pub(crate) fn short_message(i: &[u8]) -> PResult<'_, &[u8]> {
    let (i, sm_length) = u8_(i, Field::SmLength)?;
    match i.split_at_checked(usize::from(sm_length)) {
        Some((sm, rest)) => Ok((rest, sm)),
        None => fail(DecodeError::ShortMessageTooLong {
            sm_length,
            available: i.len(),
        }),
    }
}

/// An address triplet: TON, NPI and a C-octet string address.
#[inline(always)]
pub(crate) fn address(i: &[u8], fields: [Field; 3], max: usize) -> PResult<'_, crate::Address<'_>> {
    let (i, ton) = u8_(i, fields[0])?;
    let (i, npi) = u8_(i, fields[1])?;
    let (i, addr) = c_octet_string(i, fields[2], max)?;
    Ok((i, crate::Address { ton, npi, addr }))
}

/// Source address fields.
pub(crate) const SOURCE: [Field; 3] = [
    Field::SourceAddrTon,
    Field::SourceAddrNpi,
    Field::SourceAddr,
];
/// Destination address fields.
pub(crate) const DEST: [Field; 3] = [
    Field::DestAddrTon,
    Field::DestAddrNpi,
    Field::DestinationAddr,
];
/// ESME address fields (`alert_notification`).
pub(crate) const ESME: [Field; 3] = [Field::EsmeAddrTon, Field::EsmeAddrNpi, Field::EsmeAddr];

/// The rest of the body as a TLV area.
#[inline(always)]
pub(crate) fn tlvs(i: &[u8]) -> PResult<'_, crate::Tlvs<'_>> {
    match crate::Tlvs::parse(i) {
        Ok(tlvs) => Ok((&i[i.len()..], tlvs)),
        Err(e) => fail(e),
    }
}

/// The error inside a complete parser's `nom::Err`.
pub(crate) fn unwrap_err(e: nom::Err<DecodeError>) -> DecodeError {
    match e {
        nom::Err::Error(e) | nom::Err::Failure(e) => e,
        // Complete parsers never ask for more input.
        nom::Err::Incomplete(_) => DecodeError::Truncated {
            field: Field::ShortMessage,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_octet_string_bounds() {
        let p = |i| c_octet_string(i, Field::ServiceType, 6);
        assert_eq!(p(b"CMT\0rest"), Ok((&b"rest"[..], &b"CMT"[..])));
        assert_eq!(p(b"\0"), Ok((&b""[..], &b""[..])));
        // 5 characters + NUL is the maximum.
        assert_eq!(p(b"ABCDE\0"), Ok((&b""[..], &b"ABCDE"[..])));
        assert_eq!(
            p(b"ABCDEF\0"),
            fail(DecodeError::CStringTooLong {
                field: Field::ServiceType,
                max: 6
            })
        );
        assert_eq!(
            p(b"ABC"),
            fail(DecodeError::CStringUnterminated {
                field: Field::ServiceType
            })
        );
    }

    #[test]
    fn find_nul_matches_a_byte_scan() {
        let mut data = [0x41u8; 40];
        for nul in 0..40 {
            data.fill(0x41);
            data[nul] = 0;
            // Octets that trip naive word tricks (0x80, 0x01) around the NUL.
            if nul > 0 {
                data[nul - 1] = 0x80;
            }
            if nul + 1 < 40 {
                data[nul + 1] = 0x01;
            }
            for len in 0..=40 {
                for max in [1, 6, 8, 9, 16, 17, 21, 41, 65] {
                    let i = &data[..len];
                    let expected = i[..len.min(max)].iter().position(|&b| b == 0);
                    assert_eq!(find_nul(i, max), expected, "nul {nul} len {len} max {max}");
                }
            }
        }
    }

    #[test]
    fn short_message_length_checked() {
        assert_eq!(
            short_message(&[2, b'h', b'i', 9]),
            Ok((&[9u8][..], &b"hi"[..]))
        );
        assert_eq!(
            short_message(&[3, b'h', b'i']),
            fail(DecodeError::ShortMessageTooLong {
                sm_length: 3,
                available: 2
            })
        );
        assert_eq!(
            short_message(&[]),
            fail(DecodeError::Truncated {
                field: Field::SmLength
            })
        );
    }
}

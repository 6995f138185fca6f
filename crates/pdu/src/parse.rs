//! nom parsers for the SMPP field types (SMPP 3.4 §3.1): integers,
//! C-octet strings bounded by their field's maximum, and length-prefixed
//! octet strings. All are *complete* parsers over one frame: running out of
//! input is an error that names the field, never a request for more.

use nom::IResult;
use nom::bytes::complete::take;
use nom::number::complete::{be_u8, be_u32};

use crate::{DecodeError, Field};

/// Result of the body parsers.
pub(crate) type PResult<'a, T> = IResult<&'a [u8], T, DecodeError>;

/// Shorthand for a parser failure carrying `e`.
pub(crate) fn fail<T>(e: DecodeError) -> Result<T, nom::Err<DecodeError>> {
    Err(nom::Err::Error(e))
}

/// One octet.
#[inline]
pub(crate) fn u8_(field: Field) -> impl Fn(&[u8]) -> PResult<'_, u8> {
    move |i| be_u8::<_, ()>(i).or_else(|_| fail(DecodeError::Truncated { field }))
}

/// A big-endian 4-octet integer.
#[inline]
pub(crate) fn u32_(field: Field) -> impl Fn(&[u8]) -> PResult<'_, u32> {
    move |i| be_u32::<_, ()>(i).or_else(|_| fail(DecodeError::Truncated { field }))
}

/// A C-octet string of at most `max` octets including its NUL; returns the
/// octets before the NUL.
#[inline]
pub(crate) fn c_octet_string(field: Field, max: usize) -> impl Fn(&[u8]) -> PResult<'_, &[u8]> {
    move |i| {
        let window = &i[..i.len().min(max)];
        match window.iter().position(|&b| b == 0) {
            Some(n) => Ok((&i[n + 1..], &i[..n])),
            None if i.len() >= max => fail(DecodeError::CStringTooLong { field, max }),
            None => fail(DecodeError::CStringUnterminated { field }),
        }
    }
}

/// `sm_length` followed by that many octets of `short_message`.
#[inline]
pub(crate) fn short_message(i: &[u8]) -> PResult<'_, &[u8]> {
    let (i, sm_length) = u8_(Field::SmLength)(i)?;
    take::<_, _, ()>(sm_length)(i).or_else(|_| {
        fail(DecodeError::ShortMessageTooLong {
            sm_length,
            available: i.len(),
        })
    })
}

/// An address triplet: TON, NPI and a C-octet string address.
#[inline]
pub(crate) fn address(
    fields: [Field; 3],
    max: usize,
) -> impl Fn(&[u8]) -> PResult<'_, crate::Address<'_>> {
    move |i| {
        let (i, ton) = u8_(fields[0])(i)?;
        let (i, npi) = u8_(fields[1])(i)?;
        let (i, addr) = c_octet_string(fields[2], max)(i)?;
        Ok((i, crate::Address { ton, npi, addr }))
    }
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
#[inline]
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
        let p = c_octet_string(Field::ServiceType, 6);
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

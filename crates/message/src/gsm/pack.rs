//! Packing of septets into octets (3GPP TS 23.038 §6.1.2.1.1): septet `n`
//! occupies the 7 bits that start at bit `7 * n` of the user data, counted
//! from the least significant bit of the first octet.
//!
//! After a user data header of `udh_len` octets the text starts at the next
//! septet boundary, so the first `fill_bits` bits (the low bits of the first
//! octet after the header) are padding; see [`fill_bits_for_udh`].

use std::iter::FusedIterator;

/// The septet value of `<CR>`, used as padding by §6.1.2.3.1.
const CR: u8 = 0x0D;

/// The number of fill bits between a user data header of `udh_len` octets
/// (the UDHL octet included) and the first septet of the text:
/// `(7 - (udh_len * 8) % 7) % 7`. A 6-octet concatenation header gives 1,
/// a 7-octet one gives 0.
pub const fn fill_bits_for_udh(udh_len: usize) -> u8 {
    // 8 ≡ 1 (mod 7), so (udh_len * 8) % 7 == udh_len % 7, without overflow.
    ((7 - udh_len % 7) % 7) as u8
}

/// How many whole septets `octets_len` octets hold after `fill_bits` fill
/// bits: `(octets_len * 8 - fill_bits) / 7`, saturating at zero.
pub const fn septet_count_packed(octets_len: usize, fill_bits: u8) -> usize {
    octets_len
        .saturating_mul(8)
        .saturating_sub(fill_bits as usize)
        / 7
}

/// The first `septets` septets packed in `octets` after `fill_bits` fill
/// bits. Yields fewer when `octets` is too short (only whole septets, never
/// a panic). Every item is below 0x80.
pub fn unpack_septets(octets: &[u8], fill_bits: u8, septets: usize) -> Septets<'_> {
    Septets {
        octets,
        bit: usize::from(fill_bits),
        remaining: septets.min(septet_count_packed(octets.len(), fill_bits)),
    }
}

/// Every whole septet packed in `octets` after `fill_bits` fill bits, for
/// transports that give the length in octets only (SMPP `sm_length`), minus
/// the `<CR>` padding of 23.038 §6.1.2.3.1.
///
/// When the septets end exactly on the last octet's last bit and the last
/// septet is `<CR>`, that `<CR>` is dropped: either it is the padding a
/// sender puts in 7 spare bits so they do not read as `@`, or it is the
/// second of the two `<CR>`s a sender must write when the text really ends
/// in `<CR>` on an octet boundary. Seven zero spare bits from a sender that
/// ignores the rule still read as a trailing `@`: it cannot be told apart
/// from a real one.
pub fn unpack_all_septets(octets: &[u8], fill_bits: u8) -> Septets<'_> {
    let count = septet_count_packed(octets.len(), fill_bits);
    let mut septets = unpack_septets(octets, fill_bits, count);
    let exact = octets
        .len()
        .saturating_mul(8)
        .saturating_sub(usize::from(fill_bits))
        % 7
        == 0;
    if exact && count > 0 && septets.clone().nth(count - 1) == Some(CR) {
        septets.remaining -= 1;
    }
    septets
}

/// Iterator over packed septets, from [`unpack_septets`] or
/// [`unpack_all_septets`]. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Septets<'a> {
    octets: &'a [u8],
    /// Bit offset of the next septet.
    bit: usize,
    /// Septets left to yield; never more than `octets` holds from `bit`.
    remaining: usize,
}

impl Iterator for Septets<'_> {
    type Item = u8;

    #[inline]
    fn next(&mut self) -> Option<u8> {
        if self.remaining == 0 {
            return None;
        }
        let index = self.bit / 8;
        let low = u16::from(*self.octets.get(index)?);
        // Absent only when the septet lies entirely in `low`.
        let high = u16::from(self.octets.get(index + 1).copied().unwrap_or(0));
        let septet = (((high << 8) | low) >> (self.bit % 8)) as u8 & 0x7F;
        self.bit += 7;
        self.remaining -= 1;
        Some(septet)
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }

    fn nth(&mut self, n: usize) -> Option<u8> {
        let skip = n.min(self.remaining);
        self.bit += skip * 7;
        self.remaining -= skip;
        self.next()
    }
}

impl ExactSizeIterator for Septets<'_> {}

impl FusedIterator for Septets<'_> {}

/// Packs `septets` (each masked to 7 bits) after `fill_bits` zero fill
/// bits, into `ceil((fill_bits + 7 * septets.len()) / 8)` octets; spare bits
/// at the end are zero. The inverse of [`unpack_septets`]; used to build
/// test vectors and by senders (add `<CR>` padding first where
/// §6.1.2.3.1 asks for it).
pub fn pack_septets(septets: &[u8], fill_bits: u8) -> Vec<u8> {
    let bits = usize::from(fill_bits) + septets.len() * 7;
    let mut octets = vec![0u8; bits.div_ceil(8)];
    let mut bit = usize::from(fill_bits);
    for &septet in septets {
        let shifted = u16::from(septet & 0x7F) << (bit % 8);
        let index = bit / 8;
        if let Some(octet) = octets.get_mut(index) {
            *octet |= shifted as u8;
        }
        if let Some(octet) = octets.get_mut(index + 1) {
            *octet |= (shifted >> 8) as u8;
        }
        bit += 7;
    }
    octets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_bits() {
        assert_eq!(fill_bits_for_udh(0), 0);
        assert_eq!(fill_bits_for_udh(6), 1);
        assert_eq!(fill_bits_for_udh(7), 0);
        assert_eq!(fill_bits_for_udh(5), 2);
        assert_eq!(fill_bits_for_udh(1), 6);
        for udh_len in 0..200usize {
            let fill = usize::from(fill_bits_for_udh(udh_len));
            assert_eq!((udh_len * 8 + fill) % 7, 0);
            assert!(fill < 7);
        }
        assert!(fill_bits_for_udh(usize::MAX) < 7);
    }

    #[test]
    fn counts() {
        assert_eq!(septet_count_packed(0, 0), 0);
        assert_eq!(septet_count_packed(7, 0), 8);
        assert_eq!(septet_count_packed(8, 0), 9);
        assert_eq!(septet_count_packed(1, 1), 1);
        assert_eq!(septet_count_packed(0, 6), 0);
        assert_eq!(septet_count_packed(usize::MAX, 0), usize::MAX / 7);
    }

    #[test]
    fn nth_matches_next() {
        let octets = pack_septets(&[1, 2, 3, 4, 5, 6, 7, 8, 9], 3);
        for n in 0..12 {
            let mut a = unpack_septets(&octets, 3, 9);
            let mut b = a.clone();
            assert_eq!(a.nth(n), b.by_ref().nth(n));
            assert_eq!(a.collect::<Vec<_>>(), b.collect::<Vec<_>>());
        }
    }

    #[test]
    fn short_input_yields_what_exists() {
        assert_eq!(unpack_septets(&[], 0, 10).count(), 0);
        assert_eq!(unpack_septets(&[0xFF], 0, 10).collect::<Vec<_>>(), [0x7F]);
        assert_eq!(unpack_septets(&[0xFF], 2, 10).count(), 0);
        assert_eq!(unpack_septets(&[0xFF, 0xFF], 255, 10).count(), 0);
    }
}

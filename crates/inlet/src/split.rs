//! Splitting a text's octets into the parts of a concatenated message,
//! shared by `inlet send` and `inlet loadgen`.

/// `octets` cut into parts of at most `per_part` octets, never separating
/// a GSM escape from its character (`unit` 1: unpacked septets) nor the
/// halves of a UTF-16 code unit or surrogate pair (`unit` 2: UCS-2).
pub(crate) fn chunks(octets: &[u8], per_part: usize, unit: usize) -> Vec<&[u8]> {
    let mut parts = Vec::new();
    let mut rest = octets;
    while !rest.is_empty() {
        let mut take = per_part.min(rest.len()).max(unit);
        if unit == 1 && take > 1 && take < rest.len() && rest[take - 1] == 0x1B {
            take -= 1;
        }
        if unit == 2 && take > 2 && take < rest.len() && (0xD8..=0xDB).contains(&rest[take - 2]) {
            take -= 2;
        }
        let take = take.min(rest.len());
        parts.push(&rest[..take]);
        rest = &rest[take..];
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::chunks;

    #[test]
    fn escapes_and_surrogate_pairs_stay_whole() {
        // "€" is 0x1B 0x65 in GSM: a cut after the escape moves it along.
        let septets = [b'a', 0x1B, 0x65, b'b'];
        assert_eq!(chunks(&septets, 2, 1), vec![&b"a"[..], &[0x1B, 0x65], b"b"]);
        // An emoji is a surrogate pair: 4 octets in UTF-16BE.
        let ucs2: Vec<u8> = "a😀".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(chunks(&ucs2, 4, 2), vec![&ucs2[..2], &ucs2[2..]]);
        assert!(chunks(&[], 10, 1).is_empty());
    }
}

//! Text to septets: the inverse of [`decode`](super::decode), for tests,
//! fixtures and inlet's own client tools. Not on the inbound path: it
//! searches the tables linearly.

use super::decode::ESCAPE;
use super::language::{NationalLanguage, locking_table, single_shift_table};
use super::tables::{NO_CHAR, Table};

/// Encodes `text` as unpacked septets with the locking table of `locking`
/// and the single shift table of `single` (defaults as in
/// [`decode`](super::decode)): each character is taken from the locking
/// table when it is there, else written as `0x1B` and its position in the
/// single shift table. `None` when a character is in neither.
///
/// Where a table holds a character twice (the Indic single shift tables
/// repeat `*` and `¡`), the lower position is used.
pub fn encode(
    text: &str,
    locking: Option<NationalLanguage>,
    single: Option<NationalLanguage>,
) -> Option<Vec<u8>> {
    let main = locking_table(locking);
    let shift = single_shift_table(single);
    let mut septets = Vec::with_capacity(text.len());
    for c in text.chars() {
        if let Some(septet) = position(main, c) {
            septets.push(septet);
        } else {
            septets.push(ESCAPE);
            septets.push(position(shift, c)?);
        }
    }
    Some(septets)
}

/// The septet of `c` in `table`, if the table holds it.
fn position(table: &Table, c: char) -> Option<u8> {
    if c == NO_CHAR {
        return None;
    }
    table
        .iter()
        .position(|&entry| entry == c)
        .and_then(|index| u8::try_from(index).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_and_extension() {
        assert_eq!(
            encode("@A€", None, None),
            Some(vec![0x00, 0x41, 0x1B, 0x65])
        );
        assert_eq!(encode("\u{FFFF}", None, None), None);
        assert_eq!(encode("ş", None, None), None);
        assert_eq!(
            encode("ş", Some(NationalLanguage::Turkish), None),
            Some(vec![0x1D])
        );
        assert_eq!(
            encode("ş", None, Some(NationalLanguage::Turkish)),
            Some(vec![0x1B, 0x73])
        );
    }
}

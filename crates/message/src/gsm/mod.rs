//! GSM 03.38 / 3GPP TS 23.038 7-bit text: the default alphabet, its
//! extension table and the national language shift tables, septet packing,
//! and decoding to UTF-8.
//!
//! # Decoding a message
//!
//! SMPP carries GSM 7-bit either unpacked (one septet per octet, the usual
//! case for `data_coding` 0 on SMPP) or packed (as on the air interface).
//! A user data header, when present, selects national language tables with
//! its information elements 0x24 (single shift) and 0x25 (locking shift),
//! whose value is a [`NationalLanguage`] identifier.
//!
//! - unpacked: [`decode`] the bytes after the header;
//! - packed: the header occupies `udh_len` octets and the text starts at
//!   the next septet boundary, so skip [`fill_bits_for_udh`] bits:
//!   [`decode_septets`] over [`unpack_all_septets`] (length known in octets
//!   only, as in SMPP) or [`decode_packed`] (septet count known).
//!
//! [`Decoded::lossy`] tells when the text is not an exact decoding; the
//! rules are listed on [`decode`]. Nothing here panics, whatever the input.
//!
//! # Tables
//!
//! [`tables`] holds the 128-entry tables as `static` arrays indexed by
//! septet; see its documentation for where they come from.

mod decode;
mod encode;
mod language;
mod pack;
pub mod tables;

pub use decode::{Decoded, decode, decode_packed, decode_septets};
pub use encode::encode;
pub use language::{NationalLanguage, locking_table, single_shift_table};
pub use pack::{
    Septets, fill_bits_for_udh, pack_septets, septet_count_packed, unpack_all_septets,
    unpack_septets,
};

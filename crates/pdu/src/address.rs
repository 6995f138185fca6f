//! The (TON, NPI, address) triplet that recurs in PDU bodies.

use std::fmt;

/// An SME address: `*_addr_ton`, `*_addr_npi` and the address itself, as
/// its octets (no NUL). TON and NPI are kept as the octets received:
/// carriers use values the specification does not list, and the message
/// layer decides what they mean.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct Address<'a> {
    /// Type of number (1 international, 2 national, 3 network specific,
    /// 4 subscriber, 5 alphanumeric, 6 abbreviated).
    pub ton: u8,
    /// Numbering plan indicator (1 ISDN E.164, ...).
    pub npi: u8,
    /// The address, without its NUL.
    pub addr: &'a [u8],
}

impl<'a> Address<'a> {
    /// An address from its parts.
    pub const fn new(ton: u8, npi: u8, addr: &'a [u8]) -> Self {
        Address { ton, npi, addr }
    }
}

impl fmt::Debug for Address<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{}:{:?}",
            self.ton,
            self.npi,
            String::from_utf8_lossy(self.addr)
        )
    }
}

//! User data headers (3GPP TS 23.040 §9.2.3.24).
//!
//! When `esm_class` has the UDHI bit ([`UDHI`], 0x40) the user data
//! (`short_message` or `message_payload`) starts with a header: one octet
//! UDHL (the length of what follows), then information elements (IEs), each
//! an identifier octet (IEI), a length octet and that many data octets.
//!
//! [`Udh::parse`] checks the whole header once and keeps it borrowed; the
//! IEs inlet reads are decoded on the way and the others stay available,
//! raw, through [`Udh::ies`] and [`Udh::unknown_ies`]:
//!
//! | IEI | length | meaning | accessor |
//! | --- | --- | --- | --- |
//! | 0x00 | 3 | concatenation, 8-bit reference | [`Udh::concat`] |
//! | 0x08 | 4 | concatenation, 16-bit reference | [`Udh::concat`] |
//! | 0x04 | 2 | application ports, 8-bit | [`Udh::ports`] |
//! | 0x05 | 4 | application ports, 16-bit | [`Udh::ports`] |
//! | 0x24 | 1 | national language single shift | [`Udh::single_shift`] |
//! | 0x25 | 1 | national language locking shift | [`Udh::locking_shift`] |
//!
//! As 23.040 asks of a receiver, when an IE is repeated, or two mutually
//! exclusive IEs are present (8-bit and 16-bit concatenation, 8-bit and
//! 16-bit ports), the last one wins. The values inside a concatenation IE
//! (a total of zero, a sequence number past the total) are not checked
//! here: that is [`crate::multipart`]'s business.
//!
//! # Errors
//!
//! A header that does not fit is a [`UdhError`]: UDHI set on empty user
//! data, a UDHL past the end of the user data, an IE whose header or data
//! runs past the UDHL, or a known IE with a length other than its fixed
//! one. Each maps to the SMPP status the session answers with
//! ([`UdhError::command_status`]):
//!
//! - `ESME_RINVESMCLASS` when UDHI is set but there is no user data at all:
//!   the `esm_class` announces a header that is not there;
//! - `ESME_RINVMSGLEN` for every length inconsistency (UDHL, IE lengths):
//!   the user data is not as long as its own header says.
//!
//! Both are permanent: a carrier retrying the same octets gets the same
//! answer. Unknown IEs and unknown language identifiers are never errors.

use std::fmt;
use std::iter::FusedIterator;

use inlet_pdu::CommandStatus;

use crate::gsm::NationalLanguage;
use crate::multipart::RefKind;

/// The `esm_class` bit that says the user data starts with a header.
pub const UDHI: u8 = 0x40;

/// IEI: concatenated short messages, 8-bit reference number.
pub const IEI_CONCAT_8: u8 = 0x00;
/// IEI: application port addressing scheme, 8-bit address.
pub const IEI_PORTS_8: u8 = 0x04;
/// IEI: application port addressing scheme, 16-bit address.
pub const IEI_PORTS_16: u8 = 0x05;
/// IEI: concatenated short messages, 16-bit reference number.
pub const IEI_CONCAT_16: u8 = 0x08;
/// IEI: national language single shift.
pub const IEI_SINGLE_SHIFT: u8 = 0x24;
/// IEI: national language locking shift.
pub const IEI_LOCKING_SHIFT: u8 = 0x25;

/// Whether `esm_class` says the user data starts with a header.
pub const fn has_udh(esm_class: u8) -> bool {
    esm_class & UDHI != 0
}

/// Why a user data header was refused. `Copy`, so it travels cheaply into
/// responses and metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum UdhError {
    /// `esm_class` has UDHI but the user data is empty (no UDHL octet).
    #[error("esm_class announces a user data header but the user data is empty")]
    Empty,
    /// The UDHL says the header is longer than the user data after it.
    #[error("user data header length {udhl} exceeds the {available} octets after it")]
    HeaderOverrun {
        /// The UDHL octet.
        udhl: u8,
        /// Octets after the UDHL octet.
        available: usize,
    },
    /// An information element's identifier, length or data runs past the
    /// end of the header.
    #[error("information element {iei:#04x} at header offset {offset} runs past the header")]
    IeOverrun {
        /// The element's identifier.
        iei: u8,
        /// Offset of the identifier octet, counted from the first octet
        /// after the UDHL.
        offset: u8,
    },
    /// A known information element with a length other than its fixed one.
    #[error("information element {iei:#04x} has length {length}, expected {expected}")]
    IeLength {
        /// The element's identifier.
        iei: u8,
        /// Its length octet.
        length: u8,
        /// The length 23.040 defines for it.
        expected: u8,
    },
}

impl UdhError {
    /// The SMPP status to answer with: `ESME_RINVESMCLASS` for
    /// [`UdhError::Empty`], `ESME_RINVMSGLEN` for the others (see the module
    /// documentation).
    pub const fn command_status(self) -> CommandStatus {
        match self {
            UdhError::Empty => CommandStatus::ESME_RINVESMCLASS,
            UdhError::HeaderOverrun { .. }
            | UdhError::IeOverrun { .. }
            | UdhError::IeLength { .. } => CommandStatus::ESME_RINVMSGLEN,
        }
    }

    /// A short, fixed label for metrics and logs.
    pub const fn as_label(self) -> &'static str {
        match self {
            UdhError::Empty => "udh_empty",
            UdhError::HeaderOverrun { .. } => "udh_header_overrun",
            UdhError::IeOverrun { .. } => "udh_ie_overrun",
            UdhError::IeLength { .. } => "udh_ie_length",
        }
    }
}

/// A concatenation IE (0x00 or 0x08), as sent: its values are not checked
/// (see [`crate::multipart::Segment::from_concat`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Concat {
    /// [`RefKind::Udh8`] for IE 0x00, [`RefKind::Udh16`] for IE 0x08.
    pub kind: RefKind,
    /// The reference number (at most 255 for [`RefKind::Udh8`]).
    pub reference: u16,
    /// The number of segments of the message.
    pub total: u8,
    /// This segment's sequence number, from 1.
    pub seq: u8,
}

/// An application port addressing IE (0x04 or 0x05).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ports {
    /// The destination port.
    pub destination: u16,
    /// The originator port.
    pub source: u16,
    /// True for the 16-bit IE (0x05), false for the 8-bit one (0x04).
    pub wide: bool,
}

/// One information element, borrowed from the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct InformationElement<'a> {
    /// The identifier (IEI).
    pub id: u8,
    /// The data octets (the length octet is `data.len()`).
    pub data: &'a [u8],
}

impl InformationElement<'_> {
    /// Whether [`Udh`] decodes this IE itself (see the module table).
    pub const fn is_known(&self) -> bool {
        is_known(self.id)
    }
}

const fn is_known(id: u8) -> bool {
    matches!(
        id,
        IEI_CONCAT_8
            | IEI_CONCAT_16
            | IEI_PORTS_8
            | IEI_PORTS_16
            | IEI_SINGLE_SHIFT
            | IEI_LOCKING_SHIFT
    )
}

/// A checked user data header, borrowed from the user data.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Udh<'a> {
    /// The whole header, UDHL octet included.
    raw: &'a [u8],
    concat: Option<Concat>,
    ports: Option<Ports>,
    single_shift: Option<u8>,
    locking_shift: Option<u8>,
}

impl<'a> Udh<'a> {
    /// Parses the header at the start of `user_data` (the caller has seen
    /// UDHI) and returns it with the octets that follow it (the text).
    ///
    /// # Errors
    /// See [`UdhError`].
    pub fn parse(user_data: &'a [u8]) -> Result<(Udh<'a>, &'a [u8]), UdhError> {
        let Some((&udhl, after)) = user_data.split_first() else {
            return Err(UdhError::Empty);
        };
        let Some((ies, text)) = after.split_at_checked(usize::from(udhl)) else {
            return Err(UdhError::HeaderOverrun {
                udhl,
                available: after.len(),
            });
        };
        let mut udh = Udh {
            raw: user_data.get(..=usize::from(udhl)).unwrap_or(user_data),
            concat: None,
            ports: None,
            single_shift: None,
            locking_shift: None,
        };
        let mut rest = ies;
        while let Some((&id, tail)) = rest.split_first() {
            // `ies` is at most 255 octets long, so the offset fits.
            let offset = (ies.len() - rest.len()) as u8;
            let overrun = UdhError::IeOverrun { iei: id, offset };
            let Some((&length, tail)) = tail.split_first() else {
                return Err(overrun);
            };
            let Some((data, tail)) = tail.split_at_checked(usize::from(length)) else {
                return Err(overrun);
            };
            udh.read_ie(id, data)?;
            rest = tail;
        }
        Ok((udh, text))
    }

    /// Decodes a known IE into the header's fields; the last one wins.
    fn read_ie(&mut self, id: u8, data: &[u8]) -> Result<(), UdhError> {
        let wrong = |expected: u8| UdhError::IeLength {
            iei: id,
            length: data.len() as u8,
            expected,
        };
        match id {
            IEI_CONCAT_8 => {
                let [reference, total, seq] = *data else {
                    return Err(wrong(3));
                };
                self.concat = Some(Concat {
                    kind: RefKind::Udh8,
                    reference: u16::from(reference),
                    total,
                    seq,
                });
            }
            IEI_CONCAT_16 => {
                let [r0, r1, total, seq] = *data else {
                    return Err(wrong(4));
                };
                self.concat = Some(Concat {
                    kind: RefKind::Udh16,
                    reference: u16::from_be_bytes([r0, r1]),
                    total,
                    seq,
                });
            }
            IEI_PORTS_8 => {
                let [destination, source] = *data else {
                    return Err(wrong(2));
                };
                self.ports = Some(Ports {
                    destination: u16::from(destination),
                    source: u16::from(source),
                    wide: false,
                });
            }
            IEI_PORTS_16 => {
                let [d0, d1, s0, s1] = *data else {
                    return Err(wrong(4));
                };
                self.ports = Some(Ports {
                    destination: u16::from_be_bytes([d0, d1]),
                    source: u16::from_be_bytes([s0, s1]),
                    wide: true,
                });
            }
            IEI_SINGLE_SHIFT => {
                let [language] = *data else {
                    return Err(wrong(1));
                };
                self.single_shift = Some(language);
            }
            IEI_LOCKING_SHIFT => {
                let [language] = *data else {
                    return Err(wrong(1));
                };
                self.locking_shift = Some(language);
            }
            _ => {}
        }
        Ok(())
    }

    /// The header's size in octets, UDHL included: where the text starts
    /// in the user data (and, for packed GSM 7-bit, what
    /// [`fill_bits_for_udh`](crate::gsm::fill_bits_for_udh) takes).
    pub const fn encoded_len(&self) -> usize {
        self.raw.len()
    }

    /// The whole header as sent, UDHL included.
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.raw
    }

    /// Every information element, in header order, known ones included.
    pub fn ies(&self) -> Ies<'a> {
        Ies {
            rest: self.raw.get(1..).unwrap_or_default(),
        }
    }

    /// The information elements this module does not decode, in header
    /// order, raw.
    pub fn unknown_ies(&self) -> impl Iterator<Item = InformationElement<'a>> + 'a {
        self.ies().filter(|ie| !ie.is_known())
    }

    /// The (last) concatenation IE, 8- or 16-bit.
    pub const fn concat(&self) -> Option<Concat> {
        self.concat
    }

    /// The (last) application port addressing IE, 8- or 16-bit.
    pub const fn ports(&self) -> Option<Ports> {
        self.ports
    }

    /// The national language of the single shift IE (0x24), when the
    /// identifier is one 23.038 defines.
    pub const fn single_shift(&self) -> Option<NationalLanguage> {
        match self.single_shift {
            Some(id) => NationalLanguage::from_id(id),
            None => None,
        }
    }

    /// The national language of the locking shift IE (0x25), when the
    /// identifier is one 23.038 defines.
    pub const fn locking_shift(&self) -> Option<NationalLanguage> {
        match self.locking_shift {
            Some(id) => NationalLanguage::from_id(id),
            None => None,
        }
    }

    /// The raw identifier of the single shift IE, known or not.
    pub const fn single_shift_id(&self) -> Option<u8> {
        self.single_shift
    }

    /// The raw identifier of the locking shift IE, known or not.
    pub const fn locking_shift_id(&self) -> Option<u8> {
        self.locking_shift
    }

    /// Whether a language shift IE names a language 23.038 does not define
    /// (text decoded with the default tables cannot be trusted to be exact).
    pub const fn has_unknown_language(&self) -> bool {
        let single =
            matches!(self.single_shift, Some(id) if NationalLanguage::from_id(id).is_none());
        let locking =
            matches!(self.locking_shift, Some(id) if NationalLanguage::from_id(id).is_none());
        single || locking
    }
}

impl fmt::Debug for Udh<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Udh")
            .field("len", &self.raw.len())
            .field("ies", &self.ies().collect::<Vec<_>>())
            .finish()
    }
}

/// Iterator over the information elements of a checked [`Udh`].
#[derive(Debug, Clone)]
pub struct Ies<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Ies<'a> {
    type Item = InformationElement<'a>;

    fn next(&mut self) -> Option<InformationElement<'a>> {
        // The header was checked by `Udh::parse`; the fallbacks only keep
        // this total.
        let (&id, tail) = self.rest.split_first()?;
        let Some((&length, tail)) = tail.split_first() else {
            self.rest = &[];
            return None;
        };
        let Some((data, tail)) = tail.split_at_checked(usize::from(length)) else {
            self.rest = &[];
            return None;
        };
        self.rest = tail;
        Some(InformationElement { id, data })
    }
}

impl FusedIterator for Ies<'_> {}

/// Splits user data by `esm_class`: with UDHI, the parsed header, the text
/// octets after it and the header's size in octets (UDHL included);
/// without, `(None, user_data, 0)`.
///
/// # Errors
/// See [`UdhError`]; only when UDHI is set.
pub fn split(esm_class: u8, user_data: &[u8]) -> Result<(Option<Udh<'_>>, &[u8], usize), UdhError> {
    if !has_udh(esm_class) {
        return Ok((None, user_data, 0));
    }
    let (udh, text) = Udh::parse(user_data)?;
    let len = udh.encoded_len();
    Ok((Some(udh), text, len))
}

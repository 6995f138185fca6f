//! cancel_sm (SMPP 3.4 §4.9.1).

use super::max;
use crate::parse::{DEST, PResult, SOURCE, address, c_octet_string};
use crate::write::Writer;
use crate::{Address, Field};

/// Body of cancel_sm.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CancelSm<'a> {
    /// `service_type` (max 6 with NUL).
    pub service_type: &'a [u8],
    /// `message_id` (max 65 with NUL).
    pub message_id: &'a [u8],
    /// Source address (max 21 with NUL).
    pub source: Address<'a>,
    /// Destination address (max 21 with NUL).
    pub dest: Address<'a>,
}

impl<'a> CancelSm<'a> {
    #[inline]
    pub(crate) fn parse(i: &'a [u8]) -> PResult<'a, Self> {
        let (i, service_type) = c_octet_string(i, Field::ServiceType, max::SERVICE_TYPE)?;
        let (i, message_id) = c_octet_string(i, Field::MessageId, max::MESSAGE_ID)?;
        let (i, source) = address(i, SOURCE, max::ADDR_21)?;
        let (i, dest) = address(i, DEST, max::ADDR_21)?;
        let body = CancelSm {
            service_type,
            message_id,
            source,
            dest,
        };
        Ok((i, body))
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) {
        w.c_octet_string(Field::ServiceType, max::SERVICE_TYPE, self.service_type);
        w.c_octet_string(Field::MessageId, max::MESSAGE_ID, self.message_id);
        w.address(SOURCE, max::ADDR_21, &self.source);
        w.address(DEST, max::ADDR_21, &self.dest);
    }
}

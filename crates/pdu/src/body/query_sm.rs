//! query_sm and query_sm_resp (SMPP 3.4 §4.8).

use super::max;
use crate::parse::{PResult, SOURCE, address, c_octet_string, u8_};
use crate::write::Writer;
use crate::{Address, Field};

/// Body of query_sm.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QuerySm<'a> {
    /// `message_id` (max 65 with NUL).
    pub message_id: &'a [u8],
    /// Source address of the original message (max 21 with NUL).
    pub source: Address<'a>,
}

impl<'a> QuerySm<'a> {
    #[inline]
    pub(crate) fn parse(i: &'a [u8]) -> PResult<'a, Self> {
        let (i, message_id) = c_octet_string(i, Field::MessageId, max::MESSAGE_ID)?;
        let (i, source) = address(i, SOURCE, max::ADDR_21)?;
        Ok((i, QuerySm { message_id, source }))
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) {
        w.c_octet_string(Field::MessageId, max::MESSAGE_ID, self.message_id);
        w.address(SOURCE, max::ADDR_21, &self.source);
    }
}

/// Body of query_sm_resp. Omitted by the SMSC when `command_status` is not
/// `ESME_ROK`; it then decodes as the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QuerySmResp<'a> {
    /// `message_id` (max 65 with NUL).
    pub message_id: &'a [u8],
    /// `final_date` (empty, or 16 characters).
    pub final_date: &'a [u8],
    /// `message_state`.
    pub message_state: u8,
    /// `error_code`.
    pub error_code: u8,
}

impl<'a> QuerySmResp<'a> {
    #[inline]
    pub(crate) fn parse(i: &'a [u8]) -> PResult<'a, Self> {
        let (i, message_id) = c_octet_string(i, Field::MessageId, max::MESSAGE_ID)?;
        let (i, final_date) = c_octet_string(i, Field::FinalDate, max::TIME)?;
        let (i, message_state) = u8_(i, Field::MessageState)?;
        let (i, error_code) = u8_(i, Field::ErrorCode)?;
        let body = QuerySmResp {
            message_id,
            final_date,
            message_state,
            error_code,
        };
        Ok((i, body))
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) {
        w.c_octet_string(Field::MessageId, max::MESSAGE_ID, self.message_id);
        w.c_octet_string(Field::FinalDate, max::TIME, self.final_date);
        w.u8(self.message_state);
        w.u8(self.error_code);
    }
}

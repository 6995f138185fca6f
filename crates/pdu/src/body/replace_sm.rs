//! replace_sm (SMPP 3.4 §4.10.1; SMPP 5.0 adds TLVs).

use super::max;
use crate::parse::{PResult, SOURCE, address, c_octet_string, short_message, tlvs, u8_};
use crate::write::Writer;
use crate::{Address, Field, Tlvs};

/// Body of replace_sm.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReplaceSm<'a> {
    /// `message_id` (max 65 with NUL).
    pub message_id: &'a [u8],
    /// Source address (max 21 with NUL).
    pub source: Address<'a>,
    /// `schedule_delivery_time`.
    pub schedule_delivery_time: &'a [u8],
    /// `validity_period`.
    pub validity_period: &'a [u8],
    /// `registered_delivery`.
    pub registered_delivery: u8,
    /// `sm_default_msg_id`.
    pub sm_default_msg_id: u8,
    /// `short_message`.
    pub short_message: &'a [u8],
    /// TLVs (SMPP 5.0: `message_payload`).
    pub tlvs: Tlvs<'a>,
}

impl<'a> ReplaceSm<'a> {
    #[inline]
    pub(crate) fn parse(i: &'a [u8]) -> PResult<'a, Self> {
        let (i, message_id) = c_octet_string(i, Field::MessageId, max::MESSAGE_ID)?;
        let (i, source) = address(i, SOURCE, max::ADDR_21)?;
        let (i, schedule_delivery_time) =
            c_octet_string(i, Field::ScheduleDeliveryTime, max::TIME)?;
        let (i, validity_period) = c_octet_string(i, Field::ValidityPeriod, max::TIME)?;
        let (i, registered_delivery) = u8_(i, Field::RegisteredDelivery)?;
        let (i, sm_default_msg_id) = u8_(i, Field::SmDefaultMsgId)?;
        let (i, short_message) = short_message(i)?;
        let (i, tlvs) = tlvs(i)?;
        let body = ReplaceSm {
            message_id,
            source,
            schedule_delivery_time,
            validity_period,
            registered_delivery,
            sm_default_msg_id,
            short_message,
            tlvs,
        };
        Ok((i, body))
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) {
        w.c_octet_string(Field::MessageId, max::MESSAGE_ID, self.message_id);
        w.address(SOURCE, max::ADDR_21, &self.source);
        w.c_octet_string(
            Field::ScheduleDeliveryTime,
            max::TIME,
            self.schedule_delivery_time,
        );
        w.c_octet_string(Field::ValidityPeriod, max::TIME, self.validity_period);
        w.u8(self.registered_delivery);
        w.u8(self.sm_default_msg_id);
        w.short_message(self.short_message);
        w.tlvs(&self.tlvs);
    }
}

//! The SMPP 5.0 broadcast family (§4.4): broadcast_sm, query_broadcast_sm
//! and its response, cancel_broadcast_sm. broadcast_sm_resp is
//! [`crate::BroadcastSmResp`]; cancel_broadcast_sm_resp has no body. The
//! broadcast parameters are mandatory TLVs; they stay in the TLV area.

use super::max;
use crate::parse::{PResult, SOURCE, address, c_octet_string, tlvs, u8_};
use crate::write::Writer;
use crate::{Address, Field, Tlvs};

/// Body of broadcast_sm.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BroadcastSm<'a> {
    /// `service_type` (max 6 with NUL).
    pub service_type: &'a [u8],
    /// Source address (max 21 with NUL).
    pub source: Address<'a>,
    /// `message_id` (max 65 with NUL).
    pub message_id: &'a [u8],
    /// `priority_flag`.
    pub priority_flag: u8,
    /// `schedule_delivery_time`.
    pub schedule_delivery_time: &'a [u8],
    /// `validity_period`.
    pub validity_period: &'a [u8],
    /// `replace_if_present_flag`.
    pub replace_if_present_flag: u8,
    /// `data_coding`.
    pub data_coding: u8,
    /// `sm_default_msg_id`.
    pub sm_default_msg_id: u8,
    /// TLVs (the broadcast area, content type, repetitions, frequency...).
    pub tlvs: Tlvs<'a>,
}

impl<'a> BroadcastSm<'a> {
    #[inline]
    pub(crate) fn parse(i: &'a [u8]) -> PResult<'a, Self> {
        let (i, service_type) = c_octet_string(i, Field::ServiceType, max::SERVICE_TYPE)?;
        let (i, source) = address(i, SOURCE, max::ADDR_21)?;
        let (i, message_id) = c_octet_string(i, Field::MessageId, max::MESSAGE_ID)?;
        let (i, priority_flag) = u8_(i, Field::PriorityFlag)?;
        let (i, schedule_delivery_time) =
            c_octet_string(i, Field::ScheduleDeliveryTime, max::TIME)?;
        let (i, validity_period) = c_octet_string(i, Field::ValidityPeriod, max::TIME)?;
        let (i, replace_if_present_flag) = u8_(i, Field::ReplaceIfPresentFlag)?;
        let (i, data_coding) = u8_(i, Field::DataCoding)?;
        let (i, sm_default_msg_id) = u8_(i, Field::SmDefaultMsgId)?;
        let (i, tlvs) = tlvs(i)?;
        let body = BroadcastSm {
            service_type,
            source,
            message_id,
            priority_flag,
            schedule_delivery_time,
            validity_period,
            replace_if_present_flag,
            data_coding,
            sm_default_msg_id,
            tlvs,
        };
        Ok((i, body))
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) {
        w.c_octet_string(Field::ServiceType, max::SERVICE_TYPE, self.service_type);
        w.address(SOURCE, max::ADDR_21, &self.source);
        w.c_octet_string(Field::MessageId, max::MESSAGE_ID, self.message_id);
        w.u8(self.priority_flag);
        w.c_octet_string(
            Field::ScheduleDeliveryTime,
            max::TIME,
            self.schedule_delivery_time,
        );
        w.c_octet_string(Field::ValidityPeriod, max::TIME, self.validity_period);
        w.u8(self.replace_if_present_flag);
        w.u8(self.data_coding);
        w.u8(self.sm_default_msg_id);
        w.tlvs(&self.tlvs);
    }
}

/// Body of query_broadcast_sm.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QueryBroadcastSm<'a> {
    /// `message_id` (max 65 with NUL).
    pub message_id: &'a [u8],
    /// Source address (max 21 with NUL).
    pub source: Address<'a>,
    /// TLVs (`user_message_reference`).
    pub tlvs: Tlvs<'a>,
}

impl<'a> QueryBroadcastSm<'a> {
    #[inline]
    pub(crate) fn parse(i: &'a [u8]) -> PResult<'a, Self> {
        let (i, message_id) = c_octet_string(i, Field::MessageId, max::MESSAGE_ID)?;
        let (i, source) = address(i, SOURCE, max::ADDR_21)?;
        let (i, tlvs) = tlvs(i)?;
        let body = QueryBroadcastSm {
            message_id,
            source,
            tlvs,
        };
        Ok((i, body))
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) {
        w.c_octet_string(Field::MessageId, max::MESSAGE_ID, self.message_id);
        w.address(SOURCE, max::ADDR_21, &self.source);
        w.tlvs(&self.tlvs);
    }
}

/// Body of query_broadcast_sm_resp. Omitted by the SMSC when
/// `command_status` is not `ESME_ROK`; it then decodes as the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QueryBroadcastSmResp<'a> {
    /// `message_id` (max 65 with NUL).
    pub message_id: &'a [u8],
    /// TLVs (`message_state`, `broadcast_area_identifier`, ...).
    pub tlvs: Tlvs<'a>,
}

impl<'a> QueryBroadcastSmResp<'a> {
    #[inline]
    pub(crate) fn parse(i: &'a [u8]) -> PResult<'a, Self> {
        let (i, message_id) = c_octet_string(i, Field::MessageId, max::MESSAGE_ID)?;
        let (i, tlvs) = tlvs(i)?;
        Ok((i, QueryBroadcastSmResp { message_id, tlvs }))
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) {
        w.c_octet_string(Field::MessageId, max::MESSAGE_ID, self.message_id);
        w.tlvs(&self.tlvs);
    }
}

/// Body of cancel_broadcast_sm.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CancelBroadcastSm<'a> {
    /// `service_type` (max 6 with NUL).
    pub service_type: &'a [u8],
    /// `message_id` (max 65 with NUL).
    pub message_id: &'a [u8],
    /// Source address (max 21 with NUL).
    pub source: Address<'a>,
    /// TLVs.
    pub tlvs: Tlvs<'a>,
}

impl<'a> CancelBroadcastSm<'a> {
    #[inline]
    pub(crate) fn parse(i: &'a [u8]) -> PResult<'a, Self> {
        let (i, service_type) = c_octet_string(i, Field::ServiceType, max::SERVICE_TYPE)?;
        let (i, message_id) = c_octet_string(i, Field::MessageId, max::MESSAGE_ID)?;
        let (i, source) = address(i, SOURCE, max::ADDR_21)?;
        let (i, tlvs) = tlvs(i)?;
        let body = CancelBroadcastSm {
            service_type,
            message_id,
            source,
            tlvs,
        };
        Ok((i, body))
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) {
        w.c_octet_string(Field::ServiceType, max::SERVICE_TYPE, self.service_type);
        w.c_octet_string(Field::MessageId, max::MESSAGE_ID, self.message_id);
        w.address(SOURCE, max::ADDR_21, &self.source);
        w.tlvs(&self.tlvs);
    }
}

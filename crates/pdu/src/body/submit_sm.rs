//! submit_sm (SMPP 3.4 §4.4.1), deliver_sm (§4.6.1, the same layout), and
//! the responses that carry only a `message_id` and TLVs: submit_sm_resp,
//! deliver_sm_resp, data_sm_resp and broadcast_sm_resp.

use super::max;
use crate::parse::{DEST, PResult, SOURCE, address, c_octet_string, short_message, tlvs, u8_};
use crate::write::Writer;
use crate::{Address, Field, Tlvs};

/// Body of submit_sm, and of deliver_sm ([`DeliverSm`]), which has the same
/// fields.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SubmitSm<'a> {
    /// `service_type` (max 6 with NUL).
    pub service_type: &'a [u8],
    /// `source_addr_ton`, `source_addr_npi`, `source_addr` (max 21 with NUL).
    pub source: Address<'a>,
    /// `dest_addr_ton`, `dest_addr_npi`, `destination_addr` (max 21 with NUL).
    pub dest: Address<'a>,
    /// `esm_class`: messaging mode, type (0x04 delivery receipt) and GSM
    /// features (0x40 UDHI, 0x80 reply path).
    pub esm_class: u8,
    /// `protocol_id`.
    pub protocol_id: u8,
    /// `priority_flag`.
    pub priority_flag: u8,
    /// `schedule_delivery_time` (empty, or 16 characters).
    pub schedule_delivery_time: &'a [u8],
    /// `validity_period` (empty, or 16 characters).
    pub validity_period: &'a [u8],
    /// `registered_delivery`.
    pub registered_delivery: u8,
    /// `replace_if_present_flag`.
    pub replace_if_present_flag: u8,
    /// `data_coding`.
    pub data_coding: u8,
    /// `sm_default_msg_id`.
    pub sm_default_msg_id: u8,
    /// `short_message` (its `sm_length` is this slice's length).
    pub short_message: &'a [u8],
    /// TLVs.
    pub tlvs: Tlvs<'a>,
}

/// Body of deliver_sm: the layout of submit_sm (SMPP 3.4 §4.6.1).
pub type DeliverSm<'a> = SubmitSm<'a>;

impl<'a> SubmitSm<'a> {
    /// Always inlined into [`crate::Pdu::decode`], so the body is built
    /// where it is returned: as a call, copying the result out stalled on
    /// store forwarding (a quarter of a submit_sm decode, perf annotate).
    #[inline(always)]
    pub(crate) fn parse(i: &'a [u8]) -> PResult<'a, Self> {
        let (i, service_type) = c_octet_string(i, Field::ServiceType, max::SERVICE_TYPE)?;
        let (i, source) = address(i, SOURCE, max::ADDR_21)?;
        let (i, dest) = address(i, DEST, max::ADDR_21)?;
        let (i, esm_class) = u8_(i, Field::EsmClass)?;
        let (i, protocol_id) = u8_(i, Field::ProtocolId)?;
        let (i, priority_flag) = u8_(i, Field::PriorityFlag)?;
        let (i, schedule_delivery_time) =
            c_octet_string(i, Field::ScheduleDeliveryTime, max::TIME)?;
        let (i, validity_period) = c_octet_string(i, Field::ValidityPeriod, max::TIME)?;
        let (i, registered_delivery) = u8_(i, Field::RegisteredDelivery)?;
        let (i, replace_if_present_flag) = u8_(i, Field::ReplaceIfPresentFlag)?;
        let (i, data_coding) = u8_(i, Field::DataCoding)?;
        let (i, sm_default_msg_id) = u8_(i, Field::SmDefaultMsgId)?;
        let (i, short_message) = short_message(i)?;
        let (i, tlvs) = tlvs(i)?;
        let body = SubmitSm {
            service_type,
            source,
            dest,
            esm_class,
            protocol_id,
            priority_flag,
            schedule_delivery_time,
            validity_period,
            registered_delivery,
            replace_if_present_flag,
            data_coding,
            sm_default_msg_id,
            short_message,
            tlvs,
        };
        Ok((i, body))
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) {
        w.c_octet_string(Field::ServiceType, max::SERVICE_TYPE, self.service_type);
        w.address(SOURCE, max::ADDR_21, &self.source);
        w.address(DEST, max::ADDR_21, &self.dest);
        w.u8(self.esm_class);
        w.u8(self.protocol_id);
        w.u8(self.priority_flag);
        w.c_octet_string(
            Field::ScheduleDeliveryTime,
            max::TIME,
            self.schedule_delivery_time,
        );
        w.c_octet_string(Field::ValidityPeriod, max::TIME, self.validity_period);
        w.u8(self.registered_delivery);
        w.u8(self.replace_if_present_flag);
        w.u8(self.data_coding);
        w.u8(self.sm_default_msg_id);
        w.short_message(self.short_message);
        w.tlvs(&self.tlvs);
    }
}

/// Body of submit_sm_resp: the SMSC's `message_id`, and TLVs (SMPP 5.0).
/// deliver_sm_resp, data_sm_resp and broadcast_sm_resp share it.
///
/// An SMSC may omit the whole body when `command_status` is not
/// `ESME_ROK` (SMPP 3.4 §4.4.2); it then decodes as the default (empty).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SubmitSmResp<'a> {
    /// `message_id` (max 65 with NUL; empty in deliver_sm_resp).
    pub message_id: &'a [u8],
    /// TLVs.
    pub tlvs: Tlvs<'a>,
}

/// Body of deliver_sm_resp.
pub type DeliverSmResp<'a> = SubmitSmResp<'a>;
/// Body of data_sm_resp.
pub type DataSmResp<'a> = SubmitSmResp<'a>;
/// Body of broadcast_sm_resp (SMPP 5.0).
pub type BroadcastSmResp<'a> = SubmitSmResp<'a>;

impl<'a> SubmitSmResp<'a> {
    #[inline]
    pub(crate) fn parse(i: &'a [u8]) -> PResult<'a, Self> {
        let (i, message_id) = c_octet_string(i, Field::MessageId, max::MESSAGE_ID)?;
        let (i, tlvs) = tlvs(i)?;
        Ok((i, SubmitSmResp { message_id, tlvs }))
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) {
        w.c_octet_string(Field::MessageId, max::MESSAGE_ID, self.message_id);
        w.tlvs(&self.tlvs);
    }
}

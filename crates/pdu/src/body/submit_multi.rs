//! submit_multi and submit_multi_resp (SMPP 3.4 §4.5).

use bytes::BytesMut;

use super::max;
use crate::error::EncodeError;
use crate::list::{ListIter, WireItem, WireList};
use crate::parse::{
    DEST, PResult, SOURCE, address, c_octet_string, fail, short_message, tlvs, u8_, u32_,
};
use crate::write::Writer;
use crate::{Address, DecodeError, Field, Tlvs};

/// One destination of a submit_multi: `dest_flag` 1 (an SME address) or 2
/// (a distribution list name).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DestAddress<'a> {
    /// `dest_flag` 1: TON, NPI and address (max 21 with NUL).
    SmeAddress(Address<'a>),
    /// `dest_flag` 2: `dl_name` (max 21 with NUL).
    DistributionList(&'a [u8]),
}

impl<'a> WireItem<'a> for DestAddress<'a> {
    fn parse(i: &'a [u8]) -> Result<(&'a [u8], Self), DecodeError> {
        let parse = |i: &'a [u8]| -> PResult<'a, Self> {
            let (i, dest_flag) = u8_(i, Field::DestFlag)?;
            match dest_flag {
                1 => {
                    let (i, a) = address(i, DEST, max::ADDR_21)?;
                    Ok((i, DestAddress::SmeAddress(a)))
                }
                2 => {
                    let (i, name) = c_octet_string(i, Field::DlName, max::DL_NAME)?;
                    Ok((i, DestAddress::DistributionList(name)))
                }
                value => fail(DecodeError::InvalidValue {
                    field: Field::DestFlag,
                    value,
                }),
            }
        };
        parse(i).map_err(crate::parse::unwrap_err)
    }

    fn encode(&self, dst: &mut BytesMut) -> Result<(), EncodeError> {
        let mut w = Writer::new(dst);
        match self {
            DestAddress::SmeAddress(a) => {
                w.u8(1);
                w.address(DEST, max::ADDR_21, a);
            }
            DestAddress::DistributionList(name) => {
                w.u8(2);
                w.c_octet_string(Field::DlName, max::DL_NAME, name);
            }
        }
        w.finish()
    }
}

/// The destinations of a submit_multi.
pub type DestAddresses<'a> = WireList<'a, DestAddress<'a>>;
/// Iterator over [`DestAddresses`].
pub type DestAddressIter<'a> = ListIter<'a, DestAddress<'a>>;

/// Body of submit_multi.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SubmitMulti<'a> {
    /// `service_type` (max 6 with NUL).
    pub service_type: &'a [u8],
    /// Source address (max 21 with NUL).
    pub source: Address<'a>,
    /// `number_of_dests` and the `dest_address` list.
    pub dest_addresses: DestAddresses<'a>,
    /// `esm_class`.
    pub esm_class: u8,
    /// `protocol_id`.
    pub protocol_id: u8,
    /// `priority_flag`.
    pub priority_flag: u8,
    /// `schedule_delivery_time`.
    pub schedule_delivery_time: &'a [u8],
    /// `validity_period`.
    pub validity_period: &'a [u8],
    /// `registered_delivery`.
    pub registered_delivery: u8,
    /// `replace_if_present_flag`.
    pub replace_if_present_flag: u8,
    /// `data_coding`.
    pub data_coding: u8,
    /// `sm_default_msg_id`.
    pub sm_default_msg_id: u8,
    /// `short_message`.
    pub short_message: &'a [u8],
    /// TLVs.
    pub tlvs: Tlvs<'a>,
}

impl<'a> SubmitMulti<'a> {
    #[inline]
    pub(crate) fn parse(i: &'a [u8]) -> PResult<'a, Self> {
        let (i, service_type) = c_octet_string(i, Field::ServiceType, max::SERVICE_TYPE)?;
        let (i, source) = address(i, SOURCE, max::ADDR_21)?;
        let (i, dest_addresses) = DestAddresses::parse(Field::NumberOfDests, i)?;
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
        let body = SubmitMulti {
            service_type,
            source,
            dest_addresses,
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
        self.dest_addresses.write(Field::NumberOfDests, w);
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

/// A destination the SMSC could not take, in submit_multi_resp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnsuccessSme<'a> {
    /// The destination (max 21 with NUL).
    pub dest: Address<'a>,
    /// `error_status_code`: the `command_status` for that destination.
    pub error_status_code: u32,
}

impl<'a> WireItem<'a> for UnsuccessSme<'a> {
    fn parse(i: &'a [u8]) -> Result<(&'a [u8], Self), DecodeError> {
        let parse = |i: &'a [u8]| -> PResult<'a, Self> {
            let (i, dest) = address(i, DEST, max::ADDR_21)?;
            let (i, error_status_code) = u32_(i, Field::ErrorStatusCode)?;
            Ok((
                i,
                UnsuccessSme {
                    dest,
                    error_status_code,
                },
            ))
        };
        parse(i).map_err(crate::parse::unwrap_err)
    }

    fn encode(&self, dst: &mut BytesMut) -> Result<(), EncodeError> {
        let mut w = Writer::new(dst);
        w.address(DEST, max::ADDR_21, &self.dest);
        w.u32(self.error_status_code);
        w.finish()
    }
}

/// The unsuccessful destinations of a submit_multi_resp.
pub type UnsuccessSmes<'a> = WireList<'a, UnsuccessSme<'a>>;
/// Iterator over [`UnsuccessSmes`].
pub type UnsuccessSmeIter<'a> = ListIter<'a, UnsuccessSme<'a>>;

/// Body of submit_multi_resp. Omitted by the SMSC when `command_status` is
/// not `ESME_ROK`; it then decodes as the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SubmitMultiResp<'a> {
    /// `message_id` (max 65 with NUL).
    pub message_id: &'a [u8],
    /// `no_unsuccess` and the `unsuccess_sme` list.
    pub unsuccess_smes: UnsuccessSmes<'a>,
    /// TLVs (SMPP 5.0).
    pub tlvs: Tlvs<'a>,
}

impl<'a> SubmitMultiResp<'a> {
    #[inline]
    pub(crate) fn parse(i: &'a [u8]) -> PResult<'a, Self> {
        let (i, message_id) = c_octet_string(i, Field::MessageId, max::MESSAGE_ID)?;
        let (i, unsuccess_smes) = UnsuccessSmes::parse(Field::NoUnsuccess, i)?;
        let (i, tlvs) = tlvs(i)?;
        let body = SubmitMultiResp {
            message_id,
            unsuccess_smes,
            tlvs,
        };
        Ok((i, body))
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) {
        w.c_octet_string(Field::MessageId, max::MESSAGE_ID, self.message_id);
        self.unsuccess_smes.write(Field::NoUnsuccess, w);
        w.tlvs(&self.tlvs);
    }
}

//! data_sm (SMPP 3.4 §4.7.1): a message whose text travels in the
//! `message_payload` TLV.

use super::max;
use crate::parse::{DEST, PResult, SOURCE, address, c_octet_string, tlvs, u8_};
use crate::write::Writer;
use crate::{Address, Field, Tlvs};

/// Body of data_sm.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DataSm<'a> {
    /// `service_type` (max 6 with NUL).
    pub service_type: &'a [u8],
    /// Source address (max 65 with NUL).
    pub source: Address<'a>,
    /// Destination address (max 65 with NUL).
    pub dest: Address<'a>,
    /// `esm_class`.
    pub esm_class: u8,
    /// `registered_delivery`.
    pub registered_delivery: u8,
    /// `data_coding`.
    pub data_coding: u8,
    /// TLVs (`message_payload` carries the text).
    pub tlvs: Tlvs<'a>,
}

impl<'a> DataSm<'a> {
    #[inline]
    pub(crate) fn parse(i: &'a [u8]) -> PResult<'a, Self> {
        let (i, service_type) = c_octet_string(i, Field::ServiceType, max::SERVICE_TYPE)?;
        let (i, source) = address(i, SOURCE, max::ADDR_65)?;
        let (i, dest) = address(i, DEST, max::ADDR_65)?;
        let (i, esm_class) = u8_(i, Field::EsmClass)?;
        let (i, registered_delivery) = u8_(i, Field::RegisteredDelivery)?;
        let (i, data_coding) = u8_(i, Field::DataCoding)?;
        let (i, tlvs) = tlvs(i)?;
        let body = DataSm {
            service_type,
            source,
            dest,
            esm_class,
            registered_delivery,
            data_coding,
            tlvs,
        };
        Ok((i, body))
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) {
        w.c_octet_string(Field::ServiceType, max::SERVICE_TYPE, self.service_type);
        w.address(SOURCE, max::ADDR_65, &self.source);
        w.address(DEST, max::ADDR_65, &self.dest);
        w.u8(self.esm_class);
        w.u8(self.registered_delivery);
        w.u8(self.data_coding);
        w.tlvs(&self.tlvs);
    }
}

//! bind_transmitter / bind_receiver / bind_transceiver (SMPP 3.4 §4.1),
//! their responses, and outbind (§4.1.7).

use super::max;
use crate::parse::{PResult, c_octet_string, tlvs, u8_};
use crate::write::Writer;
use crate::{Field, Tlvs};

/// Body of the three bind requests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Bind<'a> {
    /// `system_id` (max 16 with NUL).
    pub system_id: &'a [u8],
    /// `password` (max 9 with NUL).
    pub password: &'a [u8],
    /// `system_type` (max 13 with NUL).
    pub system_type: &'a [u8],
    /// `interface_version`: 0x33 for 3.3, 0x34 for 3.4, 0x50 for 5.0.
    pub interface_version: u8,
    /// `addr_ton`.
    pub addr_ton: u8,
    /// `addr_npi`.
    pub addr_npi: u8,
    /// `address_range` (max 41 with NUL).
    pub address_range: &'a [u8],
}

impl<'a> Bind<'a> {
    #[inline]
    pub(crate) fn parse(i: &'a [u8]) -> PResult<'a, Self> {
        let (i, system_id) = c_octet_string(i, Field::SystemId, max::SYSTEM_ID)?;
        let (i, password) = c_octet_string(i, Field::Password, max::PASSWORD)?;
        let (i, system_type) = c_octet_string(i, Field::SystemType, max::SYSTEM_TYPE)?;
        let (i, interface_version) = u8_(i, Field::InterfaceVersion)?;
        let (i, addr_ton) = u8_(i, Field::AddrTon)?;
        let (i, addr_npi) = u8_(i, Field::AddrNpi)?;
        let (i, address_range) = c_octet_string(i, Field::AddressRange, max::ADDRESS_RANGE)?;
        let bind = Bind {
            system_id,
            password,
            system_type,
            interface_version,
            addr_ton,
            addr_npi,
            address_range,
        };
        Ok((i, bind))
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) {
        w.c_octet_string(Field::SystemId, max::SYSTEM_ID, self.system_id);
        w.c_octet_string(Field::Password, max::PASSWORD, self.password);
        w.c_octet_string(Field::SystemType, max::SYSTEM_TYPE, self.system_type);
        w.u8(self.interface_version);
        w.u8(self.addr_ton);
        w.u8(self.addr_npi);
        w.c_octet_string(Field::AddressRange, max::ADDRESS_RANGE, self.address_range);
    }
}

/// Body of the three bind responses: the SMSC's `system_id` and, from
/// SMPP 3.4, the `sc_interface_version` TLV.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BindResp<'a> {
    /// `system_id` (max 16 with NUL).
    pub system_id: &'a [u8],
    /// TLVs (`sc_interface_version`).
    pub tlvs: Tlvs<'a>,
}

impl<'a> BindResp<'a> {
    #[inline]
    pub(crate) fn parse(i: &'a [u8]) -> PResult<'a, Self> {
        let (i, system_id) = c_octet_string(i, Field::SystemId, max::SYSTEM_ID)?;
        let (i, tlvs) = tlvs(i)?;
        Ok((i, BindResp { system_id, tlvs }))
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) {
        w.c_octet_string(Field::SystemId, max::SYSTEM_ID, self.system_id);
        w.tlvs(&self.tlvs);
    }
}

/// Body of outbind: the SMSC asks the ESME to bind back.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outbind<'a> {
    /// `system_id` (max 16 with NUL).
    pub system_id: &'a [u8],
    /// `password` (max 9 with NUL).
    pub password: &'a [u8],
}

impl<'a> Outbind<'a> {
    #[inline]
    pub(crate) fn parse(i: &'a [u8]) -> PResult<'a, Self> {
        let (i, system_id) = c_octet_string(i, Field::SystemId, max::SYSTEM_ID)?;
        let (i, password) = c_octet_string(i, Field::Password, max::PASSWORD)?;
        Ok((
            i,
            Outbind {
                system_id,
                password,
            },
        ))
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) {
        w.c_octet_string(Field::SystemId, max::SYSTEM_ID, self.system_id);
        w.c_octet_string(Field::Password, max::PASSWORD, self.password);
    }
}

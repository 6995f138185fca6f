//! alert_notification (SMPP 3.4 §4.12.1): a mobile became available. It has
//! no response.

use super::max;
use crate::parse::{ESME, PResult, SOURCE, address, tlvs};
use crate::write::Writer;
use crate::{Address, Tlvs};

/// Body of alert_notification.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AlertNotification<'a> {
    /// The mobile's address (max 65 with NUL).
    pub source: Address<'a>,
    /// The ESME's address (max 65 with NUL).
    pub esme: Address<'a>,
    /// TLVs (`ms_availability_status`).
    pub tlvs: Tlvs<'a>,
}

impl<'a> AlertNotification<'a> {
    #[inline]
    pub(crate) fn parse(i: &'a [u8]) -> PResult<'a, Self> {
        let (i, source) = address(i, SOURCE, max::ADDR_65)?;
        let (i, esme) = address(i, ESME, max::ADDR_65)?;
        let (i, tlvs) = tlvs(i)?;
        Ok((i, AlertNotification { source, esme, tlvs }))
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) {
        w.address(SOURCE, max::ADDR_65, &self.source);
        w.address(ESME, max::ADDR_65, &self.esme);
        w.tlvs(&self.tlvs);
    }
}

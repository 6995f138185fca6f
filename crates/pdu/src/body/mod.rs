//! PDU bodies, one file per PDU family, named and laid out as in the
//! specification. Each body knows how to parse itself from the octets after
//! the header and how to write itself back.

mod alert_notification;
mod bind;
mod broadcast_sm;
mod cancel_sm;
mod data_sm;
mod query_sm;
mod replace_sm;
mod submit_multi;
mod submit_sm;

pub use alert_notification::AlertNotification;
pub use bind::{Bind, BindResp, Outbind};
pub use broadcast_sm::{BroadcastSm, CancelBroadcastSm, QueryBroadcastSm, QueryBroadcastSmResp};
pub use cancel_sm::CancelSm;
pub use data_sm::DataSm;
pub use query_sm::{QuerySm, QuerySmResp};
pub use replace_sm::ReplaceSm;
pub use submit_multi::{
    DestAddress, DestAddressIter, DestAddresses, SubmitMulti, SubmitMultiResp, UnsuccessSme,
    UnsuccessSmeIter, UnsuccessSmes,
};
pub use submit_sm::{
    BroadcastSmResp, DataSmResp, DeliverSm, DeliverSmResp, SubmitSm, SubmitSmResp,
};

/// Maximum lengths of C-octet string fields, NUL included (SMPP 3.4 §4 and
/// SMPP 5.0 §4 field tables).
pub(crate) mod max {
    pub(crate) const SYSTEM_ID: usize = 16;
    pub(crate) const PASSWORD: usize = 9;
    pub(crate) const SYSTEM_TYPE: usize = 13;
    pub(crate) const ADDRESS_RANGE: usize = 41;
    pub(crate) const SERVICE_TYPE: usize = 6;
    /// `source_addr` / `destination_addr` of submit_sm, deliver_sm,
    /// submit_multi, query_sm, cancel_sm, replace_sm and broadcast PDUs.
    pub(crate) const ADDR_21: usize = 21;
    /// Addresses of data_sm and alert_notification.
    pub(crate) const ADDR_65: usize = 65;
    /// schedule_delivery_time, validity_period, final_date: empty or 16
    /// characters. inlet checks the maximum only (see `crate` docs).
    pub(crate) const TIME: usize = 17;
    pub(crate) const MESSAGE_ID: usize = 65;
    pub(crate) const DL_NAME: usize = 21;
}

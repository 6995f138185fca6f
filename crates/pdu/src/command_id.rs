//! `command_id` values of SMPP 3.4 (§5.1.2.1) and SMPP 5.0 (§4.7.5).

use std::fmt;

/// The `command_id` of a PDU header.
///
/// A newtype rather than an enum: a frame may carry any value, and the
/// decoder must be able to name an unknown one in its error
/// ([`crate::DecodeError::UnknownCommandId`]) and in metrics.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CommandId(pub u32);

macro_rules! command_ids {
    ($($(#[$doc:meta])* $name:ident = $value:expr, $spec:literal;)*) => {
        impl CommandId {
            $($(#[$doc])* pub const $name: CommandId = CommandId($value);)*

            /// Every command id the SMPP 3.4 and 5.0 specifications define.
            pub const ALL: &'static [CommandId] = &[$(CommandId::$name),*];

            /// The specification's name (`"submit_sm"`), or `None` for an
            /// id no version of SMPP defines.
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($value => Some($spec),)*
                    _ => None,
                }
            }
        }
    };
}

command_ids! {
    /// `generic_nack`
    GENERIC_NACK = 0x8000_0000, "generic_nack";
    /// `bind_receiver`
    BIND_RECEIVER = 0x0000_0001, "bind_receiver";
    /// `bind_receiver_resp`
    BIND_RECEIVER_RESP = 0x8000_0001, "bind_receiver_resp";
    /// `bind_transmitter`
    BIND_TRANSMITTER = 0x0000_0002, "bind_transmitter";
    /// `bind_transmitter_resp`
    BIND_TRANSMITTER_RESP = 0x8000_0002, "bind_transmitter_resp";
    /// `query_sm`
    QUERY_SM = 0x0000_0003, "query_sm";
    /// `query_sm_resp`
    QUERY_SM_RESP = 0x8000_0003, "query_sm_resp";
    /// `submit_sm`
    SUBMIT_SM = 0x0000_0004, "submit_sm";
    /// `submit_sm_resp`
    SUBMIT_SM_RESP = 0x8000_0004, "submit_sm_resp";
    /// `deliver_sm`
    DELIVER_SM = 0x0000_0005, "deliver_sm";
    /// `deliver_sm_resp`
    DELIVER_SM_RESP = 0x8000_0005, "deliver_sm_resp";
    /// `unbind`
    UNBIND = 0x0000_0006, "unbind";
    /// `unbind_resp`
    UNBIND_RESP = 0x8000_0006, "unbind_resp";
    /// `replace_sm`
    REPLACE_SM = 0x0000_0007, "replace_sm";
    /// `replace_sm_resp`
    REPLACE_SM_RESP = 0x8000_0007, "replace_sm_resp";
    /// `cancel_sm`
    CANCEL_SM = 0x0000_0008, "cancel_sm";
    /// `cancel_sm_resp`
    CANCEL_SM_RESP = 0x8000_0008, "cancel_sm_resp";
    /// `bind_transceiver` (not in SMPP 3.3)
    BIND_TRANSCEIVER = 0x0000_0009, "bind_transceiver";
    /// `bind_transceiver_resp`
    BIND_TRANSCEIVER_RESP = 0x8000_0009, "bind_transceiver_resp";
    /// `outbind`
    OUTBIND = 0x0000_000B, "outbind";
    /// `enquire_link`
    ENQUIRE_LINK = 0x0000_0015, "enquire_link";
    /// `enquire_link_resp`
    ENQUIRE_LINK_RESP = 0x8000_0015, "enquire_link_resp";
    /// `submit_multi`
    SUBMIT_MULTI = 0x0000_0021, "submit_multi";
    /// `submit_multi_resp`
    SUBMIT_MULTI_RESP = 0x8000_0021, "submit_multi_resp";
    /// `alert_notification` (no response exists)
    ALERT_NOTIFICATION = 0x0000_0102, "alert_notification";
    /// `data_sm`
    DATA_SM = 0x0000_0103, "data_sm";
    /// `data_sm_resp`
    DATA_SM_RESP = 0x8000_0103, "data_sm_resp";
    /// `broadcast_sm` (SMPP 5.0)
    BROADCAST_SM = 0x0000_0111, "broadcast_sm";
    /// `broadcast_sm_resp` (SMPP 5.0)
    BROADCAST_SM_RESP = 0x8000_0111, "broadcast_sm_resp";
    /// `query_broadcast_sm` (SMPP 5.0)
    QUERY_BROADCAST_SM = 0x0000_0112, "query_broadcast_sm";
    /// `query_broadcast_sm_resp` (SMPP 5.0)
    QUERY_BROADCAST_SM_RESP = 0x8000_0112, "query_broadcast_sm_resp";
    /// `cancel_broadcast_sm` (SMPP 5.0)
    CANCEL_BROADCAST_SM = 0x0000_0113, "cancel_broadcast_sm";
    /// `cancel_broadcast_sm_resp` (SMPP 5.0)
    CANCEL_BROADCAST_SM_RESP = 0x8000_0113, "cancel_broadcast_sm_resp";
}

impl CommandId {
    /// Bit 31 marks a response.
    const RESPONSE_BIT: u32 = 0x8000_0000;

    /// Whether this id names a response (`*_resp` or `generic_nack`).
    pub const fn is_response(self) -> bool {
        self.0 & Self::RESPONSE_BIT != 0
    }

    /// The id of the response to this request (`submit_sm` → `submit_sm_resp`).
    /// For an unknown request this is still the id with bit 31 set, which is
    /// what a peer expects to see in a `generic_nack`-less answer.
    pub const fn response(self) -> CommandId {
        CommandId(self.0 | Self::RESPONSE_BIT)
    }

    /// Whether a request with this id is answered by a response PDU.
    /// `alert_notification` and `outbind` have none, nor do responses.
    pub const fn expects_response(self) -> bool {
        !self.is_response() && self.0 != Self::ALERT_NOTIFICATION.0 && self.0 != Self::OUTBIND.0
    }

    /// A label for metrics: the spec name, or `"unknown"`.
    pub const fn as_label(self) -> &'static str {
        match self.name() {
            Some(name) => name,
            None => "unknown",
        }
    }
}

impl fmt::Debug for CommandId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{name}"),
            None => write!(f, "CommandId({:#010x})", self.0),
        }
    }
}

impl fmt::Display for CommandId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_request_has_its_response_defined() {
        for id in CommandId::ALL {
            if id.expects_response() {
                assert!(id.response().name().is_some(), "{id} has no response id");
            }
        }
    }

    #[test]
    fn names_and_flags() {
        assert_eq!(CommandId::SUBMIT_SM.name(), Some("submit_sm"));
        assert_eq!(CommandId::SUBMIT_SM.response(), CommandId::SUBMIT_SM_RESP);
        assert!(CommandId::GENERIC_NACK.is_response());
        assert!(!CommandId::OUTBIND.expects_response());
        assert_eq!(CommandId(0x1234).name(), None);
        assert_eq!(format!("{}", CommandId(0x1234)), "CommandId(0x00001234)");
        assert_eq!(CommandId::ALL.len(), 33);
    }
}

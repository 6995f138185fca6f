//! `command_status` values of SMPP 3.4 (§5.1.3) and SMPP 5.0 (§4.7.6).
//!
//! Where SMPP 5.0 renamed a 3.4 status (0xC0–0xC4: "optional parameter"
//! became "TLV"), the 5.0 name is the canonical one and the 3.4 name is kept
//! as an alias constant.

use std::fmt;

/// The `command_status` of a PDU header.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct CommandStatus(pub u32);

macro_rules! statuses {
    ($($name:ident = $value:expr, $what:literal;)*) => {
        impl CommandStatus {
            $(#[doc = concat!("`", stringify!($name), "` (", stringify!($value), "): ", $what)]
            pub const $name: CommandStatus = CommandStatus($value);)*

            /// Every status SMPP 3.4 and 5.0 define, by their canonical names.
            pub const ALL: &'static [CommandStatus] = &[$(CommandStatus::$name),*];

            /// The specification's name (`"ESME_RTHROTTLED"`), or `None` for a
            /// reserved or vendor-specific value.
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($value => Some(stringify!($name)),)*
                    _ => None,
                }
            }

            /// The specification's description of the status.
            pub const fn description(self) -> Option<&'static str> {
                match self.0 {
                    $($value => Some($what),)*
                    _ => None,
                }
            }
        }
    };
}

statuses! {
    ESME_ROK = 0x0000_0000, "No Error";
    ESME_RINVMSGLEN = 0x0000_0001, "Message Length is invalid";
    ESME_RINVCMDLEN = 0x0000_0002, "Command Length is invalid";
    ESME_RINVCMDID = 0x0000_0003, "Invalid Command ID";
    ESME_RINVBNDSTS = 0x0000_0004, "Incorrect BIND Status for given command";
    ESME_RALYBND = 0x0000_0005, "ESME Already in Bound State";
    ESME_RINVPRTFLG = 0x0000_0006, "Invalid Priority Flag";
    ESME_RINVREGDLVFLG = 0x0000_0007, "Invalid Registered Delivery Flag";
    ESME_RSYSERR = 0x0000_0008, "System Error";
    ESME_RINVSRCADR = 0x0000_000A, "Invalid Source Address";
    ESME_RINVDSTADR = 0x0000_000B, "Invalid Dest Addr";
    ESME_RINVMSGID = 0x0000_000C, "Message ID is invalid";
    ESME_RBINDFAIL = 0x0000_000D, "Bind Failed";
    ESME_RINVPASWD = 0x0000_000E, "Invalid Password";
    ESME_RINVSYSID = 0x0000_000F, "Invalid System ID";
    ESME_RCANCELFAIL = 0x0000_0011, "Cancel SM Failed";
    ESME_RREPLACEFAIL = 0x0000_0013, "Replace SM Failed";
    ESME_RMSGQFUL = 0x0000_0014, "Message Queue Full";
    ESME_RINVSERTYP = 0x0000_0015, "Invalid Service Type";
    ESME_RINVNUMDESTS = 0x0000_0033, "Invalid number of destinations";
    ESME_RINVDLNAME = 0x0000_0034, "Invalid Distribution List name";
    ESME_RINVDESTFLAG = 0x0000_0040, "Destination flag is invalid (submit_multi)";
    ESME_RINVSUBREP = 0x0000_0042, "Invalid 'submit with replace' request";
    ESME_RINVESMCLASS = 0x0000_0043, "Invalid esm_class field data";
    ESME_RCNTSUBDL = 0x0000_0044, "Cannot Submit to Distribution List";
    ESME_RSUBMITFAIL = 0x0000_0045, "submit_sm or submit_multi failed";
    ESME_RINVSRCTON = 0x0000_0048, "Invalid Source address TON";
    ESME_RINVSRCNPI = 0x0000_0049, "Invalid Source address NPI";
    ESME_RINVDSTTON = 0x0000_0050, "Invalid Destination address TON";
    ESME_RINVDSTNPI = 0x0000_0051, "Invalid Destination address NPI";
    ESME_RINVSYSTYP = 0x0000_0053, "Invalid system_type field";
    ESME_RINVREPFLAG = 0x0000_0054, "Invalid replace_if_present flag";
    ESME_RINVNUMMSGS = 0x0000_0055, "Invalid number of messages";
    ESME_RTHROTTLED = 0x0000_0058, "Throttling error (ESME has exceeded allowed message limits)";
    ESME_RINVSCHED = 0x0000_0061, "Invalid Scheduled Delivery Time";
    ESME_RINVEXPIRY = 0x0000_0062, "Invalid message validity period (Expiry time)";
    ESME_RINVDFTMSGID = 0x0000_0063, "Predefined Message Invalid or Not Found";
    ESME_RX_T_APPN = 0x0000_0064, "ESME Receiver Temporary App Error Code";
    ESME_RX_P_APPN = 0x0000_0065, "ESME Receiver Permanent App Error Code";
    ESME_RX_R_APPN = 0x0000_0066, "ESME Receiver Reject Message Error Code";
    ESME_RQUERYFAIL = 0x0000_0067, "query_sm request failed";
    ESME_RINVTLVSTREAM = 0x0000_00C0, "Error in the optional part of the PDU Body";
    ESME_RTLVNOTALLWD = 0x0000_00C1, "TLV not allowed";
    ESME_RINVTLVLEN = 0x0000_00C2, "Invalid Parameter Length";
    ESME_RMISSINGTLV = 0x0000_00C3, "Expected TLV missing";
    ESME_RINVTLVVAL = 0x0000_00C4, "Invalid TLV Value";
    ESME_RDELIVERYFAILURE = 0x0000_00FE, "Transaction Delivery Failure";
    ESME_RUNKNOWNERR = 0x0000_00FF, "Unknown Error";
    ESME_RSERTYPUNAUTH = 0x0000_0100, "ESME Not authorised to use specified service_type";
    ESME_RPROHIBITED = 0x0000_0101, "ESME Prohibited from using specified operation";
    ESME_RSERTYPUNAVAIL = 0x0000_0102, "Specified service_type is unavailable";
    ESME_RSERTYPDENIED = 0x0000_0103, "Specified service_type is denied";
    ESME_RINVDCS = 0x0000_0104, "Invalid Data Coding Scheme";
    ESME_RINVSRCADDRSUBUNIT = 0x0000_0105, "Source Address Sub unit is Invalid";
    ESME_RINVDSTADDRSUBUNIT = 0x0000_0106, "Destination Address Sub unit is Invalid";
    ESME_RINVBCASTFREQINT = 0x0000_0107, "Broadcast Frequency Interval is invalid";
    ESME_RINVBCASTALIAS_NAME = 0x0000_0108, "Broadcast Alias Name is invalid";
    ESME_RINVBCASTAREAFMT = 0x0000_0109, "Broadcast Area Format is invalid";
    ESME_RINVNUMBCAST_AREAS = 0x0000_010A, "Number of Broadcast Areas is invalid";
    ESME_RINVBCASTCNTTYPE = 0x0000_010B, "Broadcast Content Type is invalid";
    ESME_RINVBCASTMSGCLASS = 0x0000_010C, "Broadcast Message Class is invalid";
    ESME_RBCASTFAIL = 0x0000_010D, "broadcast_sm operation failed";
    ESME_RBCASTQUERYFAIL = 0x0000_010E, "query_broadcast_sm operation failed";
    ESME_RBCASTCANCELFAIL = 0x0000_010F, "cancel_broadcast_sm operation failed";
    ESME_RINVBCAST_REP = 0x0000_0110, "Number of Repeated Broadcasts is invalid";
    ESME_RINVBCASTSRVGRP = 0x0000_0111, "Broadcast Service Group is invalid";
    ESME_RINVBCASTCHANIND = 0x0000_0112, "Broadcast Channel Indicator is invalid";
}

#[allow(missing_docs)]
impl CommandStatus {
    /// SMPP 3.4 name of [`CommandStatus::ESME_RINVTLVSTREAM`].
    pub const ESME_RINVOPTPARSTREAM: CommandStatus = CommandStatus::ESME_RINVTLVSTREAM;
    /// SMPP 3.4 name of [`CommandStatus::ESME_RTLVNOTALLWD`].
    pub const ESME_ROPTPARNOTALLWD: CommandStatus = CommandStatus::ESME_RTLVNOTALLWD;
    /// SMPP 3.4 name of [`CommandStatus::ESME_RINVTLVLEN`].
    pub const ESME_RINVPARLEN: CommandStatus = CommandStatus::ESME_RINVTLVLEN;
    /// SMPP 3.4 name of [`CommandStatus::ESME_RMISSINGTLV`].
    pub const ESME_RMISSINGOPTPARAM: CommandStatus = CommandStatus::ESME_RMISSINGTLV;
    /// SMPP 3.4 name of [`CommandStatus::ESME_RINVTLVVAL`].
    pub const ESME_RINVOPTPARAMVAL: CommandStatus = CommandStatus::ESME_RINVTLVVAL;
}

impl CommandStatus {
    /// Whether this is `ESME_ROK`.
    pub const fn is_ok(self) -> bool {
        self.0 == 0
    }

    /// A label for metrics: the spec name, or `"other"` for values the
    /// specifications reserve (vendors use them; they must not explode a
    /// label set).
    pub const fn as_label(self) -> &'static str {
        match self.name() {
            Some(name) => name,
            None => "other",
        }
    }
}

impl fmt::Debug for CommandStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{name}"),
            None => write!(f, "CommandStatus({:#010x})", self.0),
        }
    }
}

impl fmt::Display for CommandStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_values() {
        assert_eq!(CommandStatus::ESME_RTHROTTLED.0, 0x58);
        assert_eq!(CommandStatus::ESME_RINVOPTPARAMVAL.0, 0xC4);
        assert_eq!(
            CommandStatus::ESME_RINVPARLEN.name(),
            Some("ESME_RINVTLVLEN")
        );
        assert_eq!(CommandStatus(0x0400).name(), None);
        assert_eq!(CommandStatus(0x0400).as_label(), "other");
        assert_eq!(CommandStatus::ESME_RX_T_APPN.as_label(), "ESME_RX_T_APPN");
    }

    #[test]
    fn values_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for s in CommandStatus::ALL {
            assert!(seen.insert(s.0), "{s} defined twice");
        }
        assert_eq!(CommandStatus::ALL.len(), 67);
    }
}

//! Names of the mandatory fields of SMPP PDU bodies, for errors.

use std::fmt;

use crate::CommandStatus;

/// A mandatory body field, named as in the specification.
///
/// Decode and encode errors say which field was wrong, and a malformed field
/// maps to the `command_status` the specification reserves for it
/// ([`Field::status`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)] // the variant names are the spec's field names
pub enum Field {
    SystemId,
    Password,
    SystemType,
    InterfaceVersion,
    AddrTon,
    AddrNpi,
    AddressRange,
    ServiceType,
    SourceAddrTon,
    SourceAddrNpi,
    SourceAddr,
    DestAddrTon,
    DestAddrNpi,
    DestinationAddr,
    EsmeAddrTon,
    EsmeAddrNpi,
    EsmeAddr,
    EsmClass,
    ProtocolId,
    PriorityFlag,
    ScheduleDeliveryTime,
    ValidityPeriod,
    RegisteredDelivery,
    ReplaceIfPresentFlag,
    DataCoding,
    SmDefaultMsgId,
    SmLength,
    ShortMessage,
    MessageId,
    FinalDate,
    MessageState,
    ErrorCode,
    NumberOfDests,
    DestFlag,
    DlName,
    NoUnsuccess,
    ErrorStatusCode,
}

impl Field {
    /// The field's name in the specification (`"destination_addr"`).
    pub const fn name(self) -> &'static str {
        match self {
            Field::SystemId => "system_id",
            Field::Password => "password",
            Field::SystemType => "system_type",
            Field::InterfaceVersion => "interface_version",
            Field::AddrTon => "addr_ton",
            Field::AddrNpi => "addr_npi",
            Field::AddressRange => "address_range",
            Field::ServiceType => "service_type",
            Field::SourceAddrTon => "source_addr_ton",
            Field::SourceAddrNpi => "source_addr_npi",
            Field::SourceAddr => "source_addr",
            Field::DestAddrTon => "dest_addr_ton",
            Field::DestAddrNpi => "dest_addr_npi",
            Field::DestinationAddr => "destination_addr",
            Field::EsmeAddrTon => "esme_addr_ton",
            Field::EsmeAddrNpi => "esme_addr_npi",
            Field::EsmeAddr => "esme_addr",
            Field::EsmClass => "esm_class",
            Field::ProtocolId => "protocol_id",
            Field::PriorityFlag => "priority_flag",
            Field::ScheduleDeliveryTime => "schedule_delivery_time",
            Field::ValidityPeriod => "validity_period",
            Field::RegisteredDelivery => "registered_delivery",
            Field::ReplaceIfPresentFlag => "replace_if_present_flag",
            Field::DataCoding => "data_coding",
            Field::SmDefaultMsgId => "sm_default_msg_id",
            Field::SmLength => "sm_length",
            Field::ShortMessage => "short_message",
            Field::MessageId => "message_id",
            Field::FinalDate => "final_date",
            Field::MessageState => "message_state",
            Field::ErrorCode => "error_code",
            Field::NumberOfDests => "number_of_dests",
            Field::DestFlag => "dest_flag",
            Field::DlName => "dl_name",
            Field::NoUnsuccess => "no_unsuccess",
            Field::ErrorStatusCode => "error_status_code",
        }
    }

    /// The status a server answers when this field's value is invalid
    /// (an unterminated or overlong C-octet string, a value out of range).
    ///
    /// Fields the specification gives no status of their own map to the
    /// nearest one: `address_range` to `ESME_RBINDFAIL` (only binds carry
    /// it), `final_date` and the `short_message` octets to
    /// `ESME_RINVMSGLEN`.
    pub const fn status(self) -> CommandStatus {
        match self {
            Field::SystemId => CommandStatus::ESME_RINVSYSID,
            Field::Password => CommandStatus::ESME_RINVPASWD,
            Field::SystemType => CommandStatus::ESME_RINVSYSTYP,
            Field::AddressRange | Field::InterfaceVersion | Field::AddrTon | Field::AddrNpi => {
                CommandStatus::ESME_RBINDFAIL
            }
            Field::ServiceType => CommandStatus::ESME_RINVSERTYP,
            Field::SourceAddrTon => CommandStatus::ESME_RINVSRCTON,
            Field::SourceAddrNpi => CommandStatus::ESME_RINVSRCNPI,
            Field::SourceAddr => CommandStatus::ESME_RINVSRCADR,
            Field::DestAddrTon | Field::EsmeAddrTon => CommandStatus::ESME_RINVDSTTON,
            Field::DestAddrNpi | Field::EsmeAddrNpi => CommandStatus::ESME_RINVDSTNPI,
            Field::DestinationAddr | Field::EsmeAddr => CommandStatus::ESME_RINVDSTADR,
            Field::EsmClass => CommandStatus::ESME_RINVESMCLASS,
            Field::PriorityFlag => CommandStatus::ESME_RINVPRTFLG,
            Field::ScheduleDeliveryTime => CommandStatus::ESME_RINVSCHED,
            Field::ValidityPeriod => CommandStatus::ESME_RINVEXPIRY,
            Field::RegisteredDelivery => CommandStatus::ESME_RINVREGDLVFLG,
            Field::ReplaceIfPresentFlag => CommandStatus::ESME_RINVREPFLAG,
            Field::DataCoding => CommandStatus::ESME_RINVDCS,
            Field::SmDefaultMsgId => CommandStatus::ESME_RINVDFTMSGID,
            Field::MessageId => CommandStatus::ESME_RINVMSGID,
            Field::NumberOfDests => CommandStatus::ESME_RINVNUMDESTS,
            Field::DestFlag => CommandStatus::ESME_RINVDESTFLAG,
            Field::DlName => CommandStatus::ESME_RINVDLNAME,
            Field::ProtocolId
            | Field::SmLength
            | Field::ShortMessage
            | Field::FinalDate
            | Field::MessageState
            | Field::ErrorCode
            | Field::NoUnsuccess
            | Field::ErrorStatusCode => CommandStatus::ESME_RINVMSGLEN,
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

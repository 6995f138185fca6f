//! Differential comparison of one SMPP frame between inlet-pdu and the
//! independent implementation rusmpp 0.4.0 (owned) / rusmppz 0.4.0
//! (borrowed).
//!
//! [`compare`] decodes a frame with the three decoders, turns every accepted
//! PDU into a common [`View`] (spec field names and octets, in wire order)
//! and, when inlet and rusmpp do not agree, explains the difference with a
//! [`Category`] found by a predicate on the frame and the decoded values, or
//! returns [`Outcome::Unexplained`] with a hex dump. The classes are
//! documented, with the clause of the specification that decides them, at
//! the top of `tests/differential.rs`.
//!
//! Self-contained: it depends on inlet_pdu, rusmpp, rusmppz and bytes only.

use std::fmt::{self, Write as _};

use bytes::BytesMut;
use inlet_pdu::{Address, Body, CommandId, DecodeError, DestAddress, Pdu, TlvTag, Tlvs};
use rusmpp::decode::DecodeErrorKind;
use rusmpp::encode::{Encode, Length};

/// The capacity `N` given to `rusmppz::Command<N>`: the maximum number of
/// TLVs, submit_multi destinations and unsuccess_sme entries it can hold.
pub const CAPACITY: usize = 16;

/// One decoded value, named as in the specification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// A header or mandatory body field: its octets as on the wire, C-octet
    /// strings without their NUL, integers big-endian.
    Field(&'static str, Vec<u8>),
    /// A TLV: its tag and the raw octets of its value.
    Tlv(u16, Vec<u8>),
}

impl Item {
    /// Octets the item takes on the wire.
    fn wire_len(&self) -> usize {
        match self {
            Item::Field(name, value) => value.len() + usize::from(is_c_octet_string(name)),
            Item::Tlv(_, value) => 4 + value.len(),
        }
    }
}

/// A decoded PDU: header then body, in wire order; submit_multi lists item
/// by item.
pub type View = Vec<Item>;

/// The C-octet string fields (their NUL is not in the [`Item`]).
const C_OCTET_STRINGS: &[&str] = &[
    "system_id",
    "password",
    "system_type",
    "address_range",
    "service_type",
    "source_addr",
    "destination_addr",
    "esme_addr",
    "message_id",
    "schedule_delivery_time",
    "validity_period",
    "final_date",
    "dl_name",
];

/// The time fields: empty, or exactly 16 characters (SMPP 3.4 §7.1.1).
pub const TIME_FIELDS: &[&str] = &["schedule_delivery_time", "validity_period", "final_date"];

/// Whether the field of this name is a C-octet string.
pub fn is_c_octet_string(name: &str) -> bool {
    C_OCTET_STRINGS.contains(&name)
}

/// A known, documented class of disagreement between inlet and rusmpp. The
/// numbering follows `tests/differential.rs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// D1: a time field of 1–15 characters.
    TimeFormat,
    /// D2: a non-ASCII octet in a mandatory C-octet string.
    NonAscii,
    /// D3: octets after the last field of a PDU that takes no TLVs, or a
    /// body on a header-only PDU.
    TrailingOctets,
    /// D4: a PDU that has a body sent header-only (and not a response with
    /// a non-zero command_status, which may omit it).
    EmptyBody,
    /// D5: more than one TLV in a PDU rusmpp gives a single TLV slot.
    SingleTlvSlot,
    /// D6: a TLV whose length field disagrees with the size rusmpp's type
    /// reads (a fixed size, or up to the NUL of a C-octet string value).
    TlvLengthIgnored,
    /// D7: a TLV value rusmpp validates and inlet keeps raw.
    TlvValueChecked,
    /// D8: more elements than rusmppz's capacity [`CAPACITY`].
    Capacity,
    /// D9: a data_sm address of 21–64 characters.
    DataSmAddress,
    /// D10: a command_id no version of SMPP defines.
    UnknownCommandId,
    /// D11: octets after `command_length` in the buffer.
    BeyondCommandLength,
    /// D12: a zero-length TLV whose value inlet reads with a fixed size.
    EmptyTlvValue,
    /// D13: a TLV value rusmpp decodes into a type that drops its reserved
    /// bits, so it re-encodes differently.
    LossyTlvValue,
}

impl Category {
    /// Every class, in numbering order.
    pub const ALL: &'static [Category] = &[
        Category::TimeFormat,
        Category::NonAscii,
        Category::TrailingOctets,
        Category::EmptyBody,
        Category::SingleTlvSlot,
        Category::TlvLengthIgnored,
        Category::TlvValueChecked,
        Category::Capacity,
        Category::DataSmAddress,
        Category::UnknownCommandId,
        Category::BeyondCommandLength,
        Category::EmptyTlvValue,
        Category::LossyTlvValue,
    ];

    /// The class's number in `tests/differential.rs` ("D1"...).
    pub fn id(self) -> &'static str {
        match self {
            Category::TimeFormat => "D1",
            Category::NonAscii => "D2",
            Category::TrailingOctets => "D3",
            Category::EmptyBody => "D4",
            Category::SingleTlvSlot => "D5",
            Category::TlvLengthIgnored => "D6",
            Category::TlvValueChecked => "D7",
            Category::Capacity => "D8",
            Category::DataSmAddress => "D9",
            Category::UnknownCommandId => "D10",
            Category::BeyondCommandLength => "D11",
            Category::EmptyTlvValue => "D12",
            Category::LossyTlvValue => "D13",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:?}", self.id(), self)
    }
}

/// The result of comparing the decoders on one frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// All three decoders accept the frame and read the same values.
    BothAccept,
    /// All three decoders reject the frame.
    BothReject,
    /// The decoders disagree in a known, documented way.
    Disagree(Category),
    /// Anything else: the frame in hex and what each decoder made of it.
    Unexplained(String),
}

/// Decodes `frame` (one whole frame, `command_length` first, possibly
/// corrupted) with inlet, rusmpp and rusmppz and compares the results field
/// by field. When a frame holds several differences, the class is that of
/// the first in wire order.
pub fn compare(frame: &[u8]) -> Outcome {
    let inlet = Pdu::decode(frame);
    let owned = decode_rusmpp(frame);
    let borrowed = decode_rusmppz(frame);
    let primary = match (&inlet, &owned) {
        (Err(_), Rus::Reject(_)) => Outcome::BothReject,
        (Ok(pdu), Rus::Accept(acc)) if acc.unread == 0 && inlet_view(pdu, frame) == acc.view => {
            Outcome::BothAccept
        }
        _ => match classify(frame, &inlet, &owned) {
            Ok(category) => Outcome::Disagree(category),
            Err(why) => Outcome::Unexplained(report(frame, &why, &inlet, &owned, &borrowed)),
        },
    };
    // rusmppz shares rusmpp's decoding code: it must read what rusmpp reads,
    // except beyond its capacity (D8, reported when inlet and rusmpp agree
    // otherwise). When both reject, their error kinds may differ: a time
    // field that runs to the end of the frame is NotNullTerminated in rusmpp
    // and UnexpectedEof in rusmppz.
    let consistent = match (&owned, &borrowed) {
        (Rus::Accept(a), Rus::Accept(b)) => a == b,
        (Rus::Reject(_), Rus::Reject(_)) => true,
        _ => false,
    };
    if consistent {
        return primary;
    }
    match (&owned, &borrowed) {
        (Rus::Accept(a), Rus::Reject(RusReject::Decode(k)))
            if k.starts_with("TooManyElements") && a.elements > CAPACITY =>
        {
            match primary {
                Outcome::BothAccept => Outcome::Disagree(Category::Capacity),
                other => other,
            }
        }
        _ => Outcome::Unexplained(report(
            frame,
            "rusmpp and rusmppz disagree",
            &inlet,
            &owned,
            &borrowed,
        )),
    }
}

/// The frame in hex and what each decoder made of it, for messages.
pub fn describe(frame: &[u8]) -> String {
    let inlet = Pdu::decode(frame);
    report(
        frame,
        &format!("{:?}", compare(frame)),
        &inlet,
        &decode_rusmpp(frame),
        &decode_rusmppz(frame),
    )
}

/// inlet's reading of an accepted frame with the offset of each item, for
/// tests that mutate fields: `None` when inlet rejects the frame.
pub fn layout(frame: &[u8]) -> Option<Vec<(usize, Item)>> {
    let pdu = Pdu::decode(frame).ok()?;
    Some(with_offsets(&inlet_view(&pdu, frame)))
}

/// Whether rusmpp decodes this PDU's TLVs into a single optional slot
/// (bind_*_resp, alert_notification, replace_sm, query_broadcast_sm).
pub fn has_single_tlv_slot(command_id: u32) -> bool {
    [
        CommandId::BIND_TRANSMITTER_RESP,
        CommandId::BIND_RECEIVER_RESP,
        CommandId::BIND_TRANSCEIVER_RESP,
        CommandId::ALERT_NOTIFICATION,
        CommandId::REPLACE_SM,
        CommandId::QUERY_BROADCAST_SM,
    ]
    .contains(&CommandId(command_id))
}

/// The frame with `command_length` set to its length.
pub fn fix_length(mut frame: Vec<u8>) -> Vec<u8> {
    if frame.len() >= 4 {
        let len = u32::try_from(frame.len()).expect("test frames are small");
        frame[..4].copy_from_slice(&len.to_be_bytes());
    }
    frame
}

fn with_offsets(view: &View) -> Vec<(usize, Item)> {
    let mut offset = 4;
    view.iter()
        .map(|item| {
            let at = offset;
            offset += item.wire_len();
            (at, item.clone())
        })
        .collect()
}

// ---------------------------------------------------------------- inlet

fn field(name: &'static str, value: &[u8]) -> Item {
    Item::Field(name, value.to_vec())
}

fn octet(name: &'static str, value: u8) -> Item {
    Item::Field(name, vec![value])
}

fn address(v: &mut View, names: [&'static str; 3], a: &Address<'_>) {
    v.push(octet(names[0], a.ton));
    v.push(octet(names[1], a.npi));
    v.push(field(names[2], a.addr));
}

const SOURCE: [&str; 3] = ["source_addr_ton", "source_addr_npi", "source_addr"];
const DEST: [&str; 3] = ["dest_addr_ton", "dest_addr_npi", "destination_addr"];
const ESME: [&str; 3] = ["esme_addr_ton", "esme_addr_npi", "esme_addr"];

fn tlvs(v: &mut View, tlvs: &Tlvs<'_>) {
    v.extend(tlvs.iter().map(|t| Item::Tlv(t.tag.0, t.value.to_vec())));
}

/// inlet's [`View`] of a decoded frame. A frame of header only reads as the
/// header, whatever body inlet substitutes for an omitted one.
fn inlet_view(pdu: &Pdu<'_>, frame: &[u8]) -> View {
    let mut v = vec![
        field("command_id", &pdu.command_id().0.to_be_bytes()),
        field("command_status", &pdu.command_status.0.to_be_bytes()),
        field("sequence_number", &pdu.sequence_number.to_be_bytes()),
    ];
    if frame.len() <= 16 {
        return v;
    }
    match &pdu.body {
        Body::BindTransmitter(b) | Body::BindReceiver(b) | Body::BindTransceiver(b) => {
            v.push(field("system_id", b.system_id));
            v.push(field("password", b.password));
            v.push(field("system_type", b.system_type));
            v.push(octet("interface_version", b.interface_version));
            v.push(octet("addr_ton", b.addr_ton));
            v.push(octet("addr_npi", b.addr_npi));
            v.push(field("address_range", b.address_range));
        }
        Body::BindTransmitterResp(b) | Body::BindReceiverResp(b) | Body::BindTransceiverResp(b) => {
            v.push(field("system_id", b.system_id));
            tlvs(&mut v, &b.tlvs);
        }
        Body::Outbind(b) => {
            v.push(field("system_id", b.system_id));
            v.push(field("password", b.password));
        }
        Body::SubmitSm(b) | Body::DeliverSm(b) => {
            v.push(field("service_type", b.service_type));
            address(&mut v, SOURCE, &b.source);
            address(&mut v, DEST, &b.dest);
            v.push(octet("esm_class", b.esm_class));
            v.push(octet("protocol_id", b.protocol_id));
            v.push(octet("priority_flag", b.priority_flag));
            v.push(field("schedule_delivery_time", b.schedule_delivery_time));
            v.push(field("validity_period", b.validity_period));
            v.push(octet("registered_delivery", b.registered_delivery));
            v.push(octet("replace_if_present_flag", b.replace_if_present_flag));
            v.push(octet("data_coding", b.data_coding));
            v.push(octet("sm_default_msg_id", b.sm_default_msg_id));
            short_message(&mut v, b.short_message);
            tlvs(&mut v, &b.tlvs);
        }
        Body::SubmitSmResp(b)
        | Body::DeliverSmResp(b)
        | Body::DataSmResp(b)
        | Body::BroadcastSmResp(b) => {
            v.push(field("message_id", b.message_id));
            tlvs(&mut v, &b.tlvs);
        }
        Body::DataSm(b) => {
            v.push(field("service_type", b.service_type));
            address(&mut v, SOURCE, &b.source);
            address(&mut v, DEST, &b.dest);
            v.push(octet("esm_class", b.esm_class));
            v.push(octet("registered_delivery", b.registered_delivery));
            v.push(octet("data_coding", b.data_coding));
            tlvs(&mut v, &b.tlvs);
        }
        Body::SubmitMulti(b) => {
            v.push(field("service_type", b.service_type));
            address(&mut v, SOURCE, &b.source);
            let count = u8::try_from(b.dest_addresses.len()).expect("a u8 count");
            v.push(octet("number_of_dests", count));
            for dest in b.dest_addresses.iter() {
                match dest {
                    DestAddress::SmeAddress(a) => {
                        v.push(octet("dest_flag", 1));
                        address(&mut v, DEST, &a);
                    }
                    DestAddress::DistributionList(name) => {
                        v.push(octet("dest_flag", 2));
                        v.push(field("dl_name", name));
                    }
                }
            }
            v.push(octet("esm_class", b.esm_class));
            v.push(octet("protocol_id", b.protocol_id));
            v.push(octet("priority_flag", b.priority_flag));
            v.push(field("schedule_delivery_time", b.schedule_delivery_time));
            v.push(field("validity_period", b.validity_period));
            v.push(octet("registered_delivery", b.registered_delivery));
            v.push(octet("replace_if_present_flag", b.replace_if_present_flag));
            v.push(octet("data_coding", b.data_coding));
            v.push(octet("sm_default_msg_id", b.sm_default_msg_id));
            short_message(&mut v, b.short_message);
            tlvs(&mut v, &b.tlvs);
        }
        Body::SubmitMultiResp(b) => {
            v.push(field("message_id", b.message_id));
            let count = u8::try_from(b.unsuccess_smes.len()).expect("a u8 count");
            v.push(octet("no_unsuccess", count));
            for sme in b.unsuccess_smes.iter() {
                address(&mut v, DEST, &sme.dest);
                v.push(field(
                    "error_status_code",
                    &sme.error_status_code.to_be_bytes(),
                ));
            }
            tlvs(&mut v, &b.tlvs);
        }
        Body::QuerySm(b) => {
            v.push(field("message_id", b.message_id));
            address(&mut v, SOURCE, &b.source);
        }
        Body::QuerySmResp(b) => {
            v.push(field("message_id", b.message_id));
            v.push(field("final_date", b.final_date));
            v.push(octet("message_state", b.message_state));
            v.push(octet("error_code", b.error_code));
        }
        Body::CancelSm(b) => {
            v.push(field("service_type", b.service_type));
            v.push(field("message_id", b.message_id));
            address(&mut v, SOURCE, &b.source);
            address(&mut v, DEST, &b.dest);
        }
        Body::ReplaceSm(b) => {
            v.push(field("message_id", b.message_id));
            address(&mut v, SOURCE, &b.source);
            v.push(field("schedule_delivery_time", b.schedule_delivery_time));
            v.push(field("validity_period", b.validity_period));
            v.push(octet("registered_delivery", b.registered_delivery));
            v.push(octet("sm_default_msg_id", b.sm_default_msg_id));
            short_message(&mut v, b.short_message);
            tlvs(&mut v, &b.tlvs);
        }
        Body::AlertNotification(b) => {
            address(&mut v, SOURCE, &b.source);
            address(&mut v, ESME, &b.esme);
            tlvs(&mut v, &b.tlvs);
        }
        Body::BroadcastSm(b) => {
            v.push(field("service_type", b.service_type));
            address(&mut v, SOURCE, &b.source);
            v.push(field("message_id", b.message_id));
            v.push(octet("priority_flag", b.priority_flag));
            v.push(field("schedule_delivery_time", b.schedule_delivery_time));
            v.push(field("validity_period", b.validity_period));
            v.push(octet("replace_if_present_flag", b.replace_if_present_flag));
            v.push(octet("data_coding", b.data_coding));
            v.push(octet("sm_default_msg_id", b.sm_default_msg_id));
            tlvs(&mut v, &b.tlvs);
        }
        Body::QueryBroadcastSm(b) => {
            v.push(field("message_id", b.message_id));
            address(&mut v, SOURCE, &b.source);
            tlvs(&mut v, &b.tlvs);
        }
        Body::QueryBroadcastSmResp(b) => {
            v.push(field("message_id", b.message_id));
            tlvs(&mut v, &b.tlvs);
        }
        Body::CancelBroadcastSm(b) => {
            v.push(field("service_type", b.service_type));
            v.push(field("message_id", b.message_id));
            address(&mut v, SOURCE, &b.source);
            tlvs(&mut v, &b.tlvs);
        }
        Body::GenericNack
        | Body::Unbind
        | Body::UnbindResp
        | Body::EnquireLink
        | Body::EnquireLinkResp
        | Body::CancelSmResp
        | Body::ReplaceSmResp
        | Body::CancelBroadcastSmResp => {}
    }
    v
}

fn short_message(v: &mut View, sm: &[u8]) {
    v.push(octet(
        "sm_length",
        u8::try_from(sm.len()).expect("sm_length"),
    ));
    v.push(field("short_message", sm));
}

// ---------------------------------------------------------------- rusmpp

/// What rusmpp (or rusmppz) made of a frame.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Rus {
    Accept(Accepted),
    Reject(RusReject),
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Accepted {
    view: View,
    /// Octets of the body (within `command_length`) rusmpp did not read.
    unread: usize,
    /// `pdu() == None`: an empty body, a body on a body-less PDU.
    no_pdu: bool,
    /// The largest list (TLVs, destinations, unsuccess_smes).
    elements: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum RusReject {
    /// Fewer than 4 octets: no command_length.
    NoLength,
    /// `command_length` below 4.
    BadLength,
    /// `command_length` exceeds the frame: rusmpp's codecs would wait for
    /// more octets.
    Incomplete,
    /// rusmpp read past `command_length` (a C-octet string ran over it).
    ReadPastLength,
    /// A decode error (its kind, formatted).
    Decode(String),
}

fn c_string(name: &'static str, value: &[u8]) -> Item {
    Item::Field(name, value.strip_suffix(&[0]).unwrap_or(value).to_vec())
}

fn tlv_item<T: Into<u16>, V: Encode + Length>(tag: T, value: Option<&V>) -> Item {
    let raw = value.map_or_else(Vec::new, |v| {
        let mut raw = vec![0; v.length()];
        v.encode(&mut raw);
        raw
    });
    Item::Tlv(tag.into(), raw)
}

fn rus_address(v: &mut View, names: [&'static str; 3], ton: u8, npi: u8, addr: &[u8]) {
    v.push(octet(names[0], ton));
    v.push(octet(names[1], npi));
    v.push(c_string(names[2], addr));
}

/// rusmpp's or rusmppz's view of a decoded command: the two crates share
/// field names and getters (both re-export rusmpp-core), so one macro reads
/// both. Returns the view, whether `pdu()` was `None`, and the largest list.
macro_rules! rusmpp_view {
    ($krate:ident, $cmd:expr) => {{
        use $krate::Pdu as P;
        let cmd = $cmd;
        let mut v: View = vec![
            field("command_id", &u32::from(cmd.id()).to_be_bytes()),
            field("command_status", &u32::from(cmd.status()).to_be_bytes()),
            field("sequence_number", &cmd.sequence_number().to_be_bytes()),
        ];
        let mut elements = 0usize;
        macro_rules! tlv_list {
            ($list:expr) => {{
                let list = $list;
                elements = elements.max(list.len());
                for t in list {
                    v.push(tlv_item(t.tag(), t.value()));
                }
            }};
        }
        macro_rules! tlv_slot {
            ($slot:expr) => {{
                if let Some(t) = $slot {
                    v.push(tlv_item(t.tag(), t.value()));
                }
            }};
        }
        macro_rules! bind {
            ($b:expr) => {{
                let b = $b;
                v.push(c_string("system_id", &b.system_id));
                v.push(c_string("password", &b.password));
                v.push(c_string("system_type", &b.system_type));
                v.push(octet("interface_version", u8::from(b.interface_version)));
                v.push(octet("addr_ton", u8::from(b.addr_ton)));
                v.push(octet("addr_npi", u8::from(b.addr_npi)));
                v.push(c_string("address_range", &b.address_range));
            }};
        }
        macro_rules! sm {
            ($b:expr) => {{
                let b = $b;
                v.push(c_string("service_type", b.service_type.value()));
                rus_address(
                    &mut v,
                    SOURCE,
                    u8::from(b.source_addr_ton),
                    u8::from(b.source_addr_npi),
                    &b.source_addr,
                );
                rus_address(
                    &mut v,
                    DEST,
                    u8::from(b.dest_addr_ton),
                    u8::from(b.dest_addr_npi),
                    &b.destination_addr,
                );
                v.push(octet("esm_class", u8::from(b.esm_class)));
                v.push(octet("protocol_id", b.protocol_id));
                v.push(octet("priority_flag", u8::from(b.priority_flag)));
                v.push(c_string(
                    "schedule_delivery_time",
                    &b.schedule_delivery_time,
                ));
                v.push(c_string("validity_period", &b.validity_period));
                v.push(octet(
                    "registered_delivery",
                    u8::from(b.registered_delivery),
                ));
                v.push(octet(
                    "replace_if_present_flag",
                    u8::from(b.replace_if_present_flag),
                ));
                v.push(octet("data_coding", u8::from(b.data_coding)));
                v.push(octet("sm_default_msg_id", b.sm_default_msg_id));
                v.push(octet("sm_length", b.sm_length()));
                v.push(field("short_message", b.short_message()));
                tlv_list!(b.tlvs());
            }};
        }
        let no_pdu = cmd.pdu().is_none();
        match cmd.pdu() {
            None => {}
            Some(P::BindTransmitter(b)) => bind!(b),
            Some(P::BindReceiver(b)) => bind!(b),
            Some(P::BindTransceiver(b)) => bind!(b),
            Some(P::BindTransmitterResp(b)) => {
                v.push(c_string("system_id", &b.system_id));
                tlv_slot!(b.sc_interface_version_tlv());
            }
            Some(P::BindReceiverResp(b)) => {
                v.push(c_string("system_id", &b.system_id));
                tlv_slot!(b.sc_interface_version_tlv());
            }
            Some(P::BindTransceiverResp(b)) => {
                v.push(c_string("system_id", &b.system_id));
                tlv_slot!(b.sc_interface_version_tlv());
            }
            Some(P::Outbind(b)) => {
                v.push(c_string("system_id", &b.system_id));
                v.push(c_string("password", &b.password));
            }
            Some(P::SubmitSm(b)) => sm!(b),
            Some(P::DeliverSm(b)) => sm!(b),
            Some(P::SubmitSmResp(b)) => {
                v.push(c_string("message_id", b.message_id()));
                tlv_list!(b.tlvs());
            }
            Some(P::DeliverSmResp(b)) => {
                v.push(c_string("message_id", b.message_id()));
                tlv_list!(b.tlvs());
            }
            Some(P::DataSmResp(b)) => {
                v.push(c_string("message_id", b.message_id()));
                tlv_list!(b.tlvs());
            }
            Some(P::BroadcastSmResp(b)) => {
                v.push(c_string("message_id", &b.message_id));
                tlv_list!(b.tlvs());
            }
            Some(P::DataSm(b)) => {
                v.push(c_string("service_type", b.service_type.value()));
                rus_address(
                    &mut v,
                    SOURCE,
                    u8::from(b.source_addr_ton),
                    u8::from(b.source_addr_npi),
                    &b.source_addr,
                );
                rus_address(
                    &mut v,
                    DEST,
                    u8::from(b.dest_addr_ton),
                    u8::from(b.dest_addr_npi),
                    &b.destination_addr,
                );
                v.push(octet("esm_class", u8::from(b.esm_class)));
                v.push(octet(
                    "registered_delivery",
                    u8::from(b.registered_delivery),
                ));
                v.push(octet("data_coding", u8::from(b.data_coding)));
                tlv_list!(b.tlvs());
            }
            Some(P::SubmitMulti(b)) => {
                v.push(c_string("service_type", b.service_type.value()));
                rus_address(
                    &mut v,
                    SOURCE,
                    u8::from(b.source_addr_ton),
                    u8::from(b.source_addr_npi),
                    &b.source_addr,
                );
                v.push(octet("number_of_dests", b.number_of_dests()));
                elements = elements.max(b.dest_address().len());
                for dest in b.dest_address() {
                    match dest {
                        $krate::values::DestAddress::SmeAddress(a) => {
                            v.push(octet("dest_flag", 1));
                            rus_address(
                                &mut v,
                                DEST,
                                u8::from(a.dest_addr_ton),
                                u8::from(a.dest_addr_npi),
                                &a.destination_addr,
                            );
                        }
                        $krate::values::DestAddress::DistributionListName(d) => {
                            v.push(octet("dest_flag", 2));
                            v.push(c_string("dl_name", &d.dl_name));
                        }
                    }
                }
                v.push(octet("esm_class", u8::from(b.esm_class)));
                v.push(octet("protocol_id", b.protocol_id));
                v.push(octet("priority_flag", u8::from(b.priority_flag)));
                v.push(c_string(
                    "schedule_delivery_time",
                    &b.schedule_delivery_time,
                ));
                v.push(c_string("validity_period", &b.validity_period));
                v.push(octet(
                    "registered_delivery",
                    u8::from(b.registered_delivery),
                ));
                v.push(octet(
                    "replace_if_present_flag",
                    u8::from(b.replace_if_present_flag),
                ));
                v.push(octet("data_coding", u8::from(b.data_coding)));
                v.push(octet("sm_default_msg_id", b.sm_default_msg_id));
                v.push(octet("sm_length", b.sm_length()));
                v.push(field("short_message", b.short_message()));
                tlv_list!(b.tlvs());
            }
            Some(P::SubmitMultiResp(b)) => {
                v.push(c_string("message_id", &b.message_id));
                v.push(octet("no_unsuccess", b.no_unsuccess()));
                elements = elements.max(b.unsuccess_sme().len());
                for sme in b.unsuccess_sme() {
                    rus_address(
                        &mut v,
                        DEST,
                        u8::from(sme.dest_addr_ton),
                        u8::from(sme.dest_addr_npi),
                        &sme.destination_addr,
                    );
                    let status = u32::from(sme.error_status_code);
                    v.push(field("error_status_code", &status.to_be_bytes()));
                }
                tlv_list!(b.tlvs());
            }
            Some(P::QuerySm(b)) => {
                v.push(c_string("message_id", &b.message_id));
                rus_address(
                    &mut v,
                    SOURCE,
                    u8::from(b.source_addr_ton),
                    u8::from(b.source_addr_npi),
                    &b.source_addr,
                );
            }
            Some(P::QuerySmResp(b)) => {
                v.push(c_string("message_id", &b.message_id));
                v.push(c_string("final_date", &b.final_date));
                v.push(octet("message_state", u8::from(b.message_state)));
                v.push(octet("error_code", b.error_code));
            }
            Some(P::CancelSm(b)) => {
                v.push(c_string("service_type", b.service_type.value()));
                v.push(c_string("message_id", &b.message_id));
                rus_address(
                    &mut v,
                    SOURCE,
                    u8::from(b.source_addr_ton),
                    u8::from(b.source_addr_npi),
                    &b.source_addr,
                );
                rus_address(
                    &mut v,
                    DEST,
                    u8::from(b.dest_addr_ton),
                    u8::from(b.dest_addr_npi),
                    &b.destination_addr,
                );
            }
            Some(P::ReplaceSm(b)) => {
                v.push(c_string("message_id", &b.message_id));
                rus_address(
                    &mut v,
                    SOURCE,
                    u8::from(b.source_addr_ton),
                    u8::from(b.source_addr_npi),
                    &b.source_addr,
                );
                v.push(c_string(
                    "schedule_delivery_time",
                    &b.schedule_delivery_time,
                ));
                v.push(c_string("validity_period", &b.validity_period));
                v.push(octet(
                    "registered_delivery",
                    u8::from(b.registered_delivery),
                ));
                v.push(octet("sm_default_msg_id", b.sm_default_msg_id));
                v.push(octet("sm_length", b.sm_length()));
                v.push(field("short_message", b.short_message()));
                tlv_slot!(b.message_payload_tlv());
            }
            Some(P::AlertNotification(b)) => {
                rus_address(
                    &mut v,
                    SOURCE,
                    u8::from(b.source_addr_ton),
                    u8::from(b.source_addr_npi),
                    &b.source_addr,
                );
                rus_address(
                    &mut v,
                    ESME,
                    u8::from(b.esme_addr_ton),
                    u8::from(b.esme_addr_npi),
                    &b.esme_addr,
                );
                tlv_slot!(b.ms_availability_status_tlv());
            }
            Some(P::BroadcastSm(b)) => {
                v.push(c_string("service_type", b.service_type.value()));
                rus_address(
                    &mut v,
                    SOURCE,
                    u8::from(b.source_addr_ton),
                    u8::from(b.source_addr_npi),
                    &b.source_addr,
                );
                v.push(c_string("message_id", &b.message_id));
                v.push(octet("priority_flag", u8::from(b.priority_flag)));
                v.push(c_string(
                    "schedule_delivery_time",
                    &b.schedule_delivery_time,
                ));
                v.push(c_string("validity_period", &b.validity_period));
                v.push(octet(
                    "replace_if_present_flag",
                    u8::from(b.replace_if_present_flag),
                ));
                v.push(octet("data_coding", u8::from(b.data_coding)));
                v.push(octet("sm_default_msg_id", b.sm_default_msg_id));
                tlv_list!(b.tlvs());
            }
            Some(P::QueryBroadcastSm(b)) => {
                v.push(c_string("message_id", &b.message_id));
                rus_address(
                    &mut v,
                    SOURCE,
                    u8::from(b.source_addr_ton),
                    u8::from(b.source_addr_npi),
                    &b.source_addr,
                );
                tlv_slot!(b.user_message_reference_tlv());
            }
            Some(P::QueryBroadcastSmResp(b)) => {
                v.push(c_string("message_id", &b.message_id));
                tlv_list!(b.tlvs());
            }
            Some(P::CancelBroadcastSm(b)) => {
                v.push(c_string("service_type", b.service_type.value()));
                v.push(c_string("message_id", &b.message_id));
                rus_address(
                    &mut v,
                    SOURCE,
                    u8::from(b.source_addr_ton),
                    u8::from(b.source_addr_npi),
                    &b.source_addr,
                );
                tlv_list!(b.tlvs());
            }
            Some(P::Other { body, .. }) => v.push(field("body", body)),
            Some(
                P::Unbind
                | P::UnbindResp
                | P::EnquireLink
                | P::EnquireLinkResp
                | P::GenericNack
                | P::CancelSmResp
                | P::ReplaceSmResp
                | P::CancelBroadcastSmResp,
            ) => {}
        }
        (v, no_pdu, elements)
    }};
}

/// `command_length - 4` and the octets after `command_length`, or why
/// rusmpp cannot be called.
fn rusmpp_input(frame: &[u8]) -> Result<(usize, &[u8]), RusReject> {
    let Some((length, rest)) = frame.split_first_chunk::<4>() else {
        return Err(RusReject::NoLength);
    };
    let length = usize::try_from(u32::from_be_bytes(*length)).expect("32-bit length");
    let length = length.checked_sub(4).ok_or(RusReject::BadLength)?;
    Ok((length, rest))
}

/// The caller-side checks rusmpp leaves to its user.
fn rusmpp_verdict(
    length: usize,
    available: usize,
    consumed: usize,
    (view, no_pdu, elements): (View, bool, usize),
) -> Rus {
    if length > available {
        Rus::Reject(RusReject::Incomplete)
    } else if consumed > length {
        Rus::Reject(RusReject::ReadPastLength)
    } else {
        Rus::Accept(Accepted {
            view,
            unread: length - consumed,
            no_pdu,
            elements,
        })
    }
}

/// rusmpp (owned): `Command::decode` on exactly the octets after
/// `command_length`, with `command_length - 4`, as its tokio codec calls it.
fn decode_rusmpp(frame: &[u8]) -> Rus {
    use rusmpp::decode::DecodeWithLength;
    let (length, rest) = match rusmpp_input(frame) {
        Ok(input) => input,
        Err(e) => return Rus::Reject(e),
    };
    let mut buf = BytesMut::from(rest);
    match rusmpp::Command::decode(&mut buf, length) {
        Ok((cmd, consumed)) => {
            rusmpp_verdict(length, rest.len(), consumed, rusmpp_view!(rusmpp, &cmd))
        }
        Err(e) => Rus::Reject(RusReject::Decode(format!("{:?}", e.kind()))),
    }
}

/// rusmppz (borrowed), with capacity [`CAPACITY`].
fn decode_rusmppz(frame: &[u8]) -> Rus {
    use rusmppz::decode::DecodeWithLength;
    let (length, rest) = match rusmpp_input(frame) {
        Ok(input) => input,
        Err(e) => return Rus::Reject(e),
    };
    match rusmppz::Command::<CAPACITY>::decode(rest, length) {
        Ok((cmd, consumed)) => {
            rusmpp_verdict(length, rest.len(), consumed, rusmpp_view!(rusmppz, &cmd))
        }
        Err(e) => Rus::Reject(RusReject::Decode(format!("{:?}", e.kind()))),
    }
}

/// How rusmpp reads one TLV at the start of `rest` (the rest of the TLV
/// area, as in the stream): the octets it takes and its value re-encoded,
/// or its error.
fn rusmpp_tlv(rest: &[u8]) -> Result<(usize, Vec<u8>), DecodeErrorKind> {
    use rusmpp::decode::Decode;
    let mut buf = BytesMut::from(rest);
    match rusmpp::tlvs::Tlv::decode(&mut buf) {
        Ok((tlv, n)) => match tlv_item(tlv.tag(), tlv.value()) {
            Item::Tlv(_, raw) => Ok((n, raw)),
            Item::Field(..) => unreachable!("tlv_item makes TLVs"),
        },
        Err(e) => Err(e.kind()),
    }
}

// ---------------------------------------------------------------- classify

fn command_id(frame: &[u8]) -> u32 {
    frame
        .get(4..8)
        .map_or(0, |b| u32::from_be_bytes(b.try_into().expect("4 octets")))
}

/// Offset of the TLV area: after the header and every mandatory field of
/// `view`, which must be complete up to there.
fn tlv_area_offset(view: &View) -> usize {
    4 + view
        .iter()
        .filter(|item| matches!(item, Item::Field(..)))
        .map(Item::wire_len)
        .sum::<usize>()
}

/// Whether PDUs with this command_id carry TLVs (the same PDUs in both
/// libraries).
fn takes_tlvs(command_id: u32) -> bool {
    [
        CommandId::BIND_TRANSMITTER_RESP,
        CommandId::BIND_RECEIVER_RESP,
        CommandId::BIND_TRANSCEIVER_RESP,
        CommandId::SUBMIT_SM,
        CommandId::SUBMIT_SM_RESP,
        CommandId::DELIVER_SM,
        CommandId::DELIVER_SM_RESP,
        CommandId::DATA_SM,
        CommandId::DATA_SM_RESP,
        CommandId::SUBMIT_MULTI,
        CommandId::SUBMIT_MULTI_RESP,
        CommandId::REPLACE_SM,
        CommandId::ALERT_NOTIFICATION,
        CommandId::BROADCAST_SM,
        CommandId::BROADCAST_SM_RESP,
        CommandId::QUERY_BROADCAST_SM,
        CommandId::QUERY_BROADCAST_SM_RESP,
        CommandId::CANCEL_BROADCAST_SM,
    ]
    .contains(&CommandId(command_id))
}

/// Walks the TLV area at `offset` by its length fields, as inlet does, and
/// returns the first TLV that rusmpp reads differently from inlet: its
/// offset, class and a description. `None` when both read every TLV alike
/// (up to a TLV both reject). With `first_only`, only the first TLV is
/// looked at (rusmpp's single-slot PDUs). With `values`, a TLV rusmpp
/// reads at the right length but whose value does not re-encode to the
/// same octets counts too; without, it is passed over (it cannot explain
/// an error).
fn first_tlv_difference(
    frame: &[u8],
    offset: usize,
    first_only: bool,
    values: bool,
) -> Option<(usize, Category, String)> {
    let mut at = offset;
    while let Some(rest) = frame.get(at..).filter(|r| !r.is_empty()) {
        let [t0, t1, l0, l1, value @ ..] = rest else {
            return None; // a partial TLV header: both reject
        };
        let tag = u16::from_be_bytes([*t0, *t1]);
        let length = u16::from_be_bytes([*l0, *l1]);
        let declared = 4 + usize::from(length);
        let fits = usize::from(length) <= value.len();
        let inlet_ok = fits && TlvTag(tag).accepts_length(length);
        let rusmpp = rusmpp_tlv(rest);
        let what = format!(
            "TLV {tag:#06x} at offset {at} with length {length} ({} octets follow the header): \
             inlet {}, rusmpp {rusmpp:?}",
            value.len(),
            if inlet_ok { "accepts" } else { "rejects" },
        );
        match rusmpp.map(|(n, raw)| (n, raw == value[..usize::from(length).min(value.len())])) {
            Ok((n, same)) if inlet_ok && n == declared => {
                if values && !same {
                    return Some((at, Category::LossyTlvValue, what));
                }
            }
            Err(_) if !inlet_ok => return None,
            Ok((4, _)) if !inlet_ok && fits && length == 0 => {
                return Some((at, Category::EmptyTlvValue, what));
            }
            Ok(_) | Err(DecodeErrorKind::UnexpectedEof) => {
                return Some((at, Category::TlvLengthIgnored, what));
            }
            Err(_) => return Some((at, Category::TlvValueChecked, what)),
        }
        if first_only {
            return None;
        }
        at += declared;
    }
    None
}

/// [`first_tlv_difference`], confirmed: the decoders must agree on the
/// frame cut just before that TLV, so that nothing earlier explains the
/// difference.
fn tlv_cause(
    frame: &[u8],
    offset: usize,
    id: u32,
    values: bool,
) -> Result<Option<(usize, Category, String)>, String> {
    let Some(found) = first_tlv_difference(frame, offset, has_single_tlv_slot(id), values) else {
        return Ok(None);
    };
    let before = fix_length(frame[..found.0].to_vec());
    match compare(&before) {
        // Capacity (D8) is only reported where inlet and rusmpp agree: the
        // prefix then holds more TLVs than rusmppz, nothing else.
        Outcome::BothAccept | Outcome::Disagree(Category::LossyTlvValue | Category::Capacity) => {
            Ok(Some(found))
        }
        other => Err(format!(
            "{} ({}), but the frame cut before that TLV gives {other:?}",
            found.1, found.2
        )),
    }
}

/// Explains why inlet and rusmpp disagree on `frame`, or says why it cannot.
fn classify(
    frame: &[u8],
    inlet: &Result<Pdu<'_>, DecodeError>,
    owned: &Rus,
) -> Result<Category, String> {
    let id = command_id(frame);
    match (inlet, owned) {
        (Err(e), Rus::Accept(acc)) => rusmpp_only_accepts(frame, id, *e, acc),
        (Ok(pdu), Rus::Reject(reject)) => {
            inlet_only_accepts(frame, id, &inlet_view(pdu, frame), reject)
        }
        (Ok(pdu), Rus::Accept(acc)) => {
            let view = inlet_view(pdu, frame);
            if takes_tlvs(id) {
                let area = tlv_area_offset(&view);
                if let Some((_, category, _)) = tlv_cause(frame, area, id, true)? {
                    return Ok(category);
                }
            }
            if acc.unread > 0 && has_single_tlv_slot(id) {
                // rusmpp read the mandatory fields and the first TLV only.
                let first_tlv = view.iter().position(|i| matches!(i, Item::Tlv(..)));
                if let Some(first) = first_tlv
                    && view[..=first] == acc.view[..]
                    && view.len() > first + 1
                {
                    return Ok(Category::SingleTlvSlot);
                }
            }
            Err("both accept with different values".into())
        }
        (Err(_), Rus::Reject(_)) => Err("both reject (not a disagreement)".into()),
    }
}

/// inlet rejects, rusmpp accepts.
fn rusmpp_only_accepts(
    frame: &[u8],
    id: u32,
    e: DecodeError,
    acc: &Accepted,
) -> Result<Category, String> {
    match e {
        DecodeError::LengthMismatch { command_length, .. } => {
            let cl = usize::try_from(command_length).expect("32-bit length");
            if cl >= 16 && cl < frame.len() {
                // rusmpp decoded the first command_length octets; inlet
                // rejects a buffer that is not exactly one frame. Both must
                // agree on that frame.
                match compare(&frame[..cl]) {
                    Outcome::Unexplained(why) => {
                        Err(format!("the frame cut at command_length: {why}"))
                    }
                    Outcome::BothReject => {
                        Err("rusmpp accepts only with the octets beyond command_length".into())
                    }
                    _ => Ok(Category::BeyondCommandLength),
                }
            } else {
                Err("rusmpp accepts a frame shorter than command_length".into())
            }
        }
        DecodeError::UnknownCommandId { .. } => Ok(Category::UnknownCommandId),
        DecodeError::TrailingOctets { extra } => {
            if acc.unread != extra {
                return Err(format!(
                    "inlet finds {extra} trailing octets, rusmpp leaves {} unread",
                    acc.unread
                ));
            }
            // Without them inlet must read what rusmpp read.
            let cut = fix_length(frame[..frame.len() - extra].to_vec());
            match Pdu::decode(&cut) {
                Ok(pdu) if inlet_view(&pdu, &cut) == acc.view => Ok(Category::TrailingOctets),
                Ok(_) => Err("without the trailing octets inlet reads other values".into()),
                Err(e) => Err(format!(
                    "without the trailing octets inlet still fails: {e:?}"
                )),
            }
        }
        _ if frame.len() == 16 && acc.no_pdu && acc.unread == 0 => Ok(Category::EmptyBody),
        DecodeError::TlvStream { .. }
        | DecodeError::TlvTruncated { .. }
        | DecodeError::TlvLength { .. } => {
            let area = tlv_area_offset(&acc.view);
            if let Some((_, category, _)) = tlv_cause(frame, area, id, false)? {
                return Ok(category);
            }
            if acc.unread > 0 && has_single_tlv_slot(id) {
                // rusmpp read one TLV and ignored the rest, where inlet
                // found the error; up to the first TLV both must agree.
                let cut = fix_length(frame[..frame.len() - acc.unread].to_vec());
                return match compare(&cut) {
                    Outcome::BothAccept
                    | Outcome::Disagree(Category::LossyTlvValue | Category::Capacity) => {
                        Ok(Category::SingleTlvSlot)
                    }
                    other => Err(format!("cut after rusmpp's single TLV: {other:?}")),
                };
            }
            Err("no TLV explains the difference".into())
        }
        _ => Err("inlet rejects a mandatory field rusmpp accepts".into()),
    }
}

/// inlet accepts, rusmpp rejects: the first field (in wire order) that
/// rusmpp's rules refuse and inlet's allow must account for rusmpp's error.
fn inlet_only_accepts(
    frame: &[u8],
    id: u32,
    view: &View,
    reject: &RusReject,
) -> Result<Category, String> {
    let RusReject::Decode(kind) = reject else {
        return Err(format!("rusmpp rejects before decoding ({reject:?})"));
    };
    let mut candidate: Option<(usize, Category, String)> = None;
    for (at, item) in with_offsets(view) {
        let Item::Field(name, value) = &item else {
            continue;
        };
        let found = if id == CommandId::DATA_SM.0
            && (*name == "source_addr" || *name == "destination_addr")
            && value.len() > 20
        {
            Some(Category::DataSmAddress)
        } else if TIME_FIELDS.contains(name) && !value.is_empty() && value.len() != 16 {
            Some(Category::TimeFormat)
        } else if is_c_octet_string(name) && !value.is_ascii() {
            Some(Category::NonAscii)
        } else {
            None
        };
        if let Some(category) = found {
            candidate = Some((at, category, format!("{name} at offset {at}")));
            break;
        }
    }
    // The TLV area follows every mandatory field.
    if candidate.is_none() && takes_tlvs(id) {
        candidate = tlv_cause(frame, tlv_area_offset(view), id, false)?;
    }
    let Some((_, category, what)) = candidate else {
        return Err("no field explains rusmpp's error".into());
    };
    let expected = match category {
        Category::TimeFormat => kind.contains("TooFewBytes"),
        Category::NonAscii => kind.contains("NotAscii"),
        Category::DataSmAddress => kind.contains("NotNullTerminated"),
        Category::TlvValueChecked => what.contains(kind.as_str()),
        // A misread length shifts the rest of the area: any error may follow.
        _ => true,
    };
    if expected {
        Ok(category)
    } else {
        Err(format!(
            "{category} ({what}) does not account for rusmpp's {kind}"
        ))
    }
}

fn report(
    frame: &[u8],
    why: &str,
    inlet: &Result<Pdu<'_>, DecodeError>,
    owned: &Rus,
    borrowed: &Rus,
) -> String {
    let mut s = format!("{why}\n  frame ({} octets): ", frame.len());
    for b in frame {
        let _ = write!(s, "{b:02x}");
    }
    let _ = write!(s, "\n  inlet:   ");
    match inlet {
        Ok(pdu) => {
            let _ = write!(s, "Ok {:?}", inlet_view(pdu, frame));
        }
        Err(e) => {
            let _ = write!(s, "Err {e:?}");
        }
    }
    let _ = write!(s, "\n  rusmpp:  {owned:?}\n  rusmppz: {borrowed:?}");
    s
}

//! Spec vectors: one hand-written frame for every PDU `Body` has (the 33
//! command ids of SMPP 3.4 §4 and SMPP 5.0 §4), plus the error responses
//! whose body the specification allows to omit and a second generic_nack.
//!
//! Every vector was laid out by hand from the specification's field tables,
//! one field per line with its name and value in a comment; none comes from
//! inlet's own encoder. Each test checks both directions:
//! - [`Pdu::decode`] of the vector equals a `Pdu` built field by field (and
//!   the typed TLV accessors read the values written in the listing);
//! - [`Pdu::encode`] of that `Pdu` gives the vector back octet for octet,
//!   `command_length` included.
//!
//! Listings are hex octets; whitespace and `//` comments are ignored.

use std::collections::BTreeSet;

use bytes::BytesMut;
use inlet_pdu::{
    Address, AlertNotification, Bind, BindResp, Body, BroadcastSm, BroadcastSmResp,
    CancelBroadcastSm, CancelSm, CommandId, CommandStatus, DataSm, DataSmResp, DeliverSm,
    DeliverSmResp, DestAddress, DestAddresses, Header, NetworkErrorCode, Outbind, Pdu,
    QueryBroadcastSm, QueryBroadcastSmResp, QuerySm, QuerySmResp, ReplaceSm, SubmitMulti,
    SubmitMultiResp, SubmitSm, SubmitSmResp, TlvBuf, TlvTag, Tlvs, UnsuccessSme, UnsuccessSmes,
};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// The octets of a hex listing: `//` comments and whitespace are dropped.
fn octets(listing: &str) -> Vec<u8> {
    let digits: String = listing
        .lines()
        .map(|line| line.split_once("//").map_or(line, |(code, _)| code))
        .flat_map(str::chars)
        .filter(|c| !c.is_whitespace())
        .collect();
    hex::decode(digits).expect("the listing is whole hex octets")
}

/// Decodes `listing` and compares with `expected`, runs `checks` on the
/// decoded PDU, then encodes `expected` and compares with the listing.
fn check(listing: &str, expected: &Pdu<'_>, checks: impl FnOnce(&Pdu<'_>)) {
    let frame = check_decode(listing, expected, checks);
    let mut buf = BytesMut::new();
    expected.encode(&mut buf).expect("the expected PDU encodes");
    assert_eq!(
        hex::encode(&buf),
        hex::encode(&frame),
        "encoding of the expected {} differs from the spec vector",
        expected.command_id()
    );
}

/// The decode half of [`check`]; returns the frame.
fn check_decode(listing: &str, expected: &Pdu<'_>, checks: impl FnOnce(&Pdu<'_>)) -> Vec<u8> {
    let frame = octets(listing);
    let header = Header::decode(&frame).expect("the vector has a header");
    assert_eq!(
        usize::try_from(header.command_length).expect("fits usize"),
        frame.len(),
        "command_length written in the vector"
    );
    assert_eq!(header.command_id, expected.command_id(), "command_id");
    let decoded = Pdu::decode(&frame).expect("the spec vector decodes");
    assert_eq!(&decoded, expected, "decoded {}", expected.command_id());
    checks(&decoded);
    frame
}

/// No extra checks.
fn nothing(_: &Pdu<'_>) {}

/// The TLV area of a body that has one.
fn tlvs<'a>(pdu: &Pdu<'a>) -> Tlvs<'a> {
    match pdu.body {
        Body::BindTransmitterResp(b) | Body::BindReceiverResp(b) | Body::BindTransceiverResp(b) => {
            b.tlvs
        }
        Body::SubmitSm(b) | Body::DeliverSm(b) => b.tlvs,
        Body::SubmitSmResp(b)
        | Body::DeliverSmResp(b)
        | Body::DataSmResp(b)
        | Body::BroadcastSmResp(b) => b.tlvs,
        Body::DataSm(b) => b.tlvs,
        Body::SubmitMulti(b) => b.tlvs,
        Body::SubmitMultiResp(b) => b.tlvs,
        Body::ReplaceSm(b) => b.tlvs,
        Body::AlertNotification(b) => b.tlvs,
        Body::BroadcastSm(b) => b.tlvs,
        Body::QueryBroadcastSm(b) => b.tlvs,
        Body::QueryBroadcastSmResp(b) => b.tlvs,
        Body::CancelBroadcastSm(b) => b.tlvs,
        other => panic!("{} has no TLV area", other.command_id()),
    }
}

/// The tags of a TLV area, in wire order.
fn tags(tlvs: Tlvs<'_>) -> Vec<TlvTag> {
    tlvs.iter().map(|tlv| tlv.tag).collect()
}

/// A PDU with the given status.
const fn pdu(command_status: CommandStatus, sequence_number: u32, body: Body<'_>) -> Pdu<'_> {
    Pdu {
        command_status,
        sequence_number,
        body,
    }
}

/// The vendor-specific tag used below (SMPP 3.4 §5.3.2: 0x1400–0x3FFF are
/// reserved for SMSC vendor-specific TLVs).
const VENDOR_TAG: TlvTag = TlvTag(0x1400);

// ---------------------------------------------------------------------------
// Session management: bind, outbind, unbind, enquire_link, generic_nack
// ---------------------------------------------------------------------------

/// bind_transmitter, SMPP 3.4 §4.1.1.
const BIND_TRANSMITTER: &str = r"
    00 00 00 29                 // command_length = 41
    00 00 00 02                 // command_id = bind_transmitter
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 01                 // sequence_number = 1
    63 61 72 72 69 65 72 31 00  // system_id = 'carrier1'
    73 33 63 72 33 74 00        // password = 's3cr3t'
    53 4d 50 50 00              // system_type = 'SMPP'
    34                          // interface_version = 0x34 (SMPP 3.4)
    01                          // addr_ton = international
    01                          // addr_npi = ISDN (E.164)
    00                          // address_range = '' (NULL)
";

#[test]
fn bind_transmitter() {
    let expected = Pdu::new(
        1,
        Body::BindTransmitter(Bind {
            system_id: b"carrier1",
            password: b"s3cr3t",
            system_type: b"SMPP",
            interface_version: 0x34,
            addr_ton: 1,
            addr_npi: 1,
            address_range: b"",
        }),
    );
    check(BIND_TRANSMITTER, &expected, nothing);
}

/// bind_transmitter_resp, SMPP 3.4 §4.1.2, with the sc_interface_version
/// TLV (§5.3.2.25).
const BIND_TRANSMITTER_RESP: &str = r"
    00 00 00 1c                 // command_length = 28
    80 00 00 02                 // command_id = bind_transmitter_resp
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 01                 // sequence_number = 1
    53 4d 53 43 30 31 00        // system_id = 'SMSC01'
    02 10 00 01 34              // TLV sc_interface_version (0x0210), len 1, 0x34
";

#[test]
fn bind_transmitter_resp() {
    let mut tlv = TlvBuf::new();
    tlv.push_u8(TlvTag::SC_INTERFACE_VERSION, 0x34);
    let expected = Pdu::new(
        1,
        Body::BindTransmitterResp(BindResp {
            system_id: b"SMSC01",
            tlvs: tlv.as_tlvs(),
        }),
    );
    check(BIND_TRANSMITTER_RESP, &expected, |pdu| {
        assert_eq!(tlvs(pdu).sc_interface_version(), Some(0x34));
    });
}

/// bind_receiver, SMPP 3.4 §4.1.3.
const BIND_RECEIVER: &str = r"
    00 00 00 28                 // command_length = 40
    00 00 00 01                 // command_id = bind_receiver
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 02                 // sequence_number = 2
    63 61 72 72 69 65 72 31 00  // system_id = 'carrier1'
    73 33 63 72 33 74 00        // password = 's3cr3t'
    00                          // system_type = '' (NULL)
    34                          // interface_version = 0x34
    01                          // addr_ton = international
    01                          // addr_npi = ISDN (E.164)
    5e 34 34 00                 // address_range = '^44' (UK numbers)
";

#[test]
fn bind_receiver() {
    let expected = Pdu::new(
        2,
        Body::BindReceiver(Bind {
            system_id: b"carrier1",
            password: b"s3cr3t",
            system_type: b"",
            interface_version: 0x34,
            addr_ton: 1,
            addr_npi: 1,
            address_range: b"^44",
        }),
    );
    check(BIND_RECEIVER, &expected, nothing);
}

/// bind_receiver_resp, SMPP 3.4 §4.1.4, without the optional
/// sc_interface_version (an SMSC that supports SMPP 3.3 only omits it).
const BIND_RECEIVER_RESP: &str = r"
    00 00 00 17                 // command_length = 23
    80 00 00 01                 // command_id = bind_receiver_resp
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 02                 // sequence_number = 2
    53 4d 53 43 30 31 00        // system_id = 'SMSC01'
";

#[test]
fn bind_receiver_resp() {
    let expected = Pdu::new(
        2,
        Body::BindReceiverResp(BindResp {
            system_id: b"SMSC01",
            tlvs: Tlvs::EMPTY,
        }),
    );
    check(BIND_RECEIVER_RESP, &expected, |pdu| {
        assert_eq!(tlvs(pdu).sc_interface_version(), None);
        assert!(tlvs(pdu).is_empty());
    });
}

/// bind_transceiver, SMPP 3.4 §4.1.5, as an SMPP 5.0 ESME sends it
/// (interface_version 0x50).
const BIND_TRANSCEIVER: &str = r"
    00 00 00 28                 // command_length = 40
    00 00 00 09                 // command_id = bind_transceiver
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 03                 // sequence_number = 3
    63 61 72 72 69 65 72 31 00  // system_id = 'carrier1'
    73 33 63 72 33 74 00        // password = 's3cr3t'
    56 4d 41 00                 // system_type = 'VMA'
    50                          // interface_version = 0x50 (SMPP 5.0)
    00                          // addr_ton = unknown
    00                          // addr_npi = unknown
    00                          // address_range = '' (NULL)
";

#[test]
fn bind_transceiver() {
    let expected = Pdu::new(
        3,
        Body::BindTransceiver(Bind {
            system_id: b"carrier1",
            password: b"s3cr3t",
            system_type: b"VMA",
            interface_version: 0x50,
            addr_ton: 0,
            addr_npi: 0,
            address_range: b"",
        }),
    );
    check(BIND_TRANSCEIVER, &expected, nothing);
}

/// bind_transceiver_resp, SMPP 3.4 §4.1.6, from an SMPP 5.0 SMSC.
const BIND_TRANSCEIVER_RESP: &str = r"
    00 00 00 1c                 // command_length = 28
    80 00 00 09                 // command_id = bind_transceiver_resp
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 03                 // sequence_number = 3
    53 4d 53 43 30 31 00        // system_id = 'SMSC01'
    02 10 00 01 50              // TLV sc_interface_version (0x0210), len 1, 0x50
";

#[test]
fn bind_transceiver_resp() {
    let mut tlv = TlvBuf::new();
    tlv.push_u8(TlvTag::SC_INTERFACE_VERSION, 0x50);
    let expected = Pdu::new(
        3,
        Body::BindTransceiverResp(BindResp {
            system_id: b"SMSC01",
            tlvs: tlv.as_tlvs(),
        }),
    );
    check(BIND_TRANSCEIVER_RESP, &expected, |pdu| {
        assert_eq!(tlvs(pdu).sc_interface_version(), Some(0x50));
    });
}

/// outbind, SMPP 3.4 §4.1.7.1.
const OUTBIND: &str = r"
    00 00 00 1e                 // command_length = 30
    00 00 00 0b                 // command_id = outbind
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 04                 // sequence_number = 4
    53 4d 53 43 30 31 00        // system_id = 'SMSC01'
    73 33 63 72 33 74 00        // password = 's3cr3t'
";

#[test]
fn outbind() {
    let expected = Pdu::new(
        4,
        Body::Outbind(Outbind {
            system_id: b"SMSC01",
            password: b"s3cr3t",
        }),
    );
    check(OUTBIND, &expected, nothing);
}

/// unbind, SMPP 3.4 §4.2.1: header only.
const UNBIND: &str = r"
    00 00 00 10                 // command_length = 16
    00 00 00 06                 // command_id = unbind
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 05                 // sequence_number = 5
";

#[test]
fn unbind() {
    check(UNBIND, &Pdu::new(5, Body::Unbind), nothing);
}

/// unbind_resp, SMPP 3.4 §4.2.2: header only.
const UNBIND_RESP: &str = r"
    00 00 00 10                 // command_length = 16
    80 00 00 06                 // command_id = unbind_resp
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 05                 // sequence_number = 5
";

#[test]
fn unbind_resp() {
    check(UNBIND_RESP, &Pdu::new(5, Body::UnbindResp), nothing);
}

/// generic_nack, SMPP 3.4 §4.3.1: header only; here answering a PDU whose
/// command_length was wrong.
const GENERIC_NACK: &str = r"
    00 00 00 10                 // command_length = 16
    80 00 00 00                 // command_id = generic_nack
    00 00 00 02                 // command_status = ESME_RINVCMDLEN
    00 00 00 06                 // sequence_number = 6
";

#[test]
fn generic_nack() {
    let expected = pdu(CommandStatus::ESME_RINVCMDLEN, 6, Body::GenericNack);
    check(GENERIC_NACK, &expected, nothing);
}

/// enquire_link, SMPP 3.4 §4.11.1: header only.
const ENQUIRE_LINK: &str = r"
    00 00 00 10                 // command_length = 16
    00 00 00 15                 // command_id = enquire_link
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 07                 // sequence_number = 7
";

#[test]
fn enquire_link() {
    check(ENQUIRE_LINK, &Pdu::new(7, Body::EnquireLink), nothing);
}

/// enquire_link_resp, SMPP 3.4 §4.11.2: header only.
const ENQUIRE_LINK_RESP: &str = r"
    00 00 00 10                 // command_length = 16
    80 00 00 15                 // command_id = enquire_link_resp
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 07                 // sequence_number = 7
";

#[test]
fn enquire_link_resp() {
    check(
        ENQUIRE_LINK_RESP,
        &Pdu::new(7, Body::EnquireLinkResp),
        nothing,
    );
}

// ---------------------------------------------------------------------------
// Message submission and delivery
// ---------------------------------------------------------------------------

/// submit_sm, SMPP 3.4 §4.4.1: the first segment of a two-part message
/// (SAR TLVs, §5.3.2.22–24) with a vendor-specific TLV.
const SUBMIT_SM: &str = r"
    00 00 00 78                 // command_length = 120
    00 00 00 04                 // command_id = submit_sm
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 08                 // sequence_number = 8
    43 4d 54 00                 // service_type = 'CMT'
    05                          // source_addr_ton = alphanumeric
    00                          // source_addr_npi = unknown
    49 6e 6c 65 74 00           // source_addr = 'Inlet'
    01                          // dest_addr_ton = international
    01                          // dest_addr_npi = ISDN (E.164)
    34 34 37 37 30 30 39 30     // destination_addr = '447700900123'
    30 31 32 33 00
    00                          // esm_class = default mode, default type
    00                          // protocol_id
    01                          // priority_flag = 1
    32 36 30 31 30 31 31 32     // schedule_delivery_time = '260101120000000+'
    30 30 30 30 30 30 30 2b 00  //   (absolute: 2026-01-01 12:00:00.0 UTC)
    30 30 30 30 30 31 30 30     // validity_period = '000001000000000R'
    30 30 30 30 30 30 30 52 00  //   (relative: 1 day)
    01                          // registered_delivery = receipt on final outcome
    00                          // replace_if_present_flag = don't replace
    00                          // data_coding = SMSC default alphabet
    00                          // sm_default_msg_id
    0b                          // sm_length = 11
    48 65 6c 6c 6f 20 77 6f     // short_message = 'Hello world'
    72 6c 64
    02 0c 00 02 12 34           // TLV sar_msg_ref_num (0x020C), len 2, 0x1234
    02 0e 00 01 02              // TLV sar_total_segments (0x020E), len 1, 2
    02 0f 00 01 01              // TLV sar_segment_seqnum (0x020F), len 1, 1
    14 00 00 04 00 00 00 2a     // TLV vendor 0x1400, len 4, 0x0000002A
";

#[test]
fn submit_sm() {
    let mut tlv = TlvBuf::new();
    tlv.push_u16(TlvTag::SAR_MSG_REF_NUM, 0x1234)
        .push_u8(TlvTag::SAR_TOTAL_SEGMENTS, 2)
        .push_u8(TlvTag::SAR_SEGMENT_SEQNUM, 1);
    tlv.push(VENDOR_TAG, &[0, 0, 0, 0x2a]).expect("fits");
    let expected = Pdu::new(
        8,
        Body::SubmitSm(SubmitSm {
            service_type: b"CMT",
            source: Address::new(5, 0, b"Inlet"),
            dest: Address::new(1, 1, b"447700900123"),
            esm_class: 0,
            protocol_id: 0,
            priority_flag: 1,
            schedule_delivery_time: b"260101120000000+",
            validity_period: b"000001000000000R",
            registered_delivery: 1,
            replace_if_present_flag: 0,
            data_coding: 0,
            sm_default_msg_id: 0,
            short_message: b"Hello world",
            tlvs: tlv.as_tlvs(),
        }),
    );
    check(SUBMIT_SM, &expected, |pdu| {
        let tlvs = tlvs(pdu);
        assert_eq!(tlvs.sar_msg_ref_num(), Some(0x1234));
        assert_eq!(tlvs.sar_total_segments(), Some(2));
        assert_eq!(tlvs.sar_segment_seqnum(), Some(1));
        assert_eq!(tlvs.get(VENDOR_TAG), Some(&[0, 0, 0, 0x2a][..]));
        assert_eq!(VENDOR_TAG.name(), None);
        assert_eq!(tlvs.message_payload(), None);
        assert_eq!(
            tags(tlvs),
            [
                TlvTag::SAR_MSG_REF_NUM,
                TlvTag::SAR_TOTAL_SEGMENTS,
                TlvTag::SAR_SEGMENT_SEQNUM,
                VENDOR_TAG
            ]
        );
    });
}

/// submit_sm_resp, SMPP 3.4 §4.4.2.
const SUBMIT_SM_RESP: &str = r"
    00 00 00 19                 // command_length = 25
    80 00 00 04                 // command_id = submit_sm_resp
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 08                 // sequence_number = 8
    39 66 31 63 32 61 33 62 00  // message_id = '9f1c2a3b'
";

#[test]
fn submit_sm_resp() {
    let expected = Pdu::new(
        8,
        Body::SubmitSmResp(SubmitSmResp {
            message_id: b"9f1c2a3b",
            tlvs: Tlvs::EMPTY,
        }),
    );
    check(SUBMIT_SM_RESP, &expected, nothing);
}

/// deliver_sm, SMPP 3.4 §4.6.1: a delivery receipt (esm_class 0x04,
/// Appendix B text) with receipted_message_id (§5.3.2.12) and message_state
/// (§5.3.2.35).
const DELIVER_SM: &str = r"
    00 00 00 b3                 // command_length = 179
    00 00 00 05                 // command_id = deliver_sm
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 09                 // sequence_number = 9
    00                          // service_type = '' (NULL)
    01                          // source_addr_ton = international
    01                          // source_addr_npi = ISDN (E.164)
    34 34 37 37 30 30 39 30     // source_addr = '447700900123'
    30 31 32 33 00
    05                          // dest_addr_ton = alphanumeric
    00                          // dest_addr_npi = unknown
    49 6e 6c 65 74 00           // destination_addr = 'Inlet'
    04                          // esm_class = SMSC delivery receipt
    00                          // protocol_id
    00                          // priority_flag
    00                          // schedule_delivery_time = NULL (must be, §4.6.1)
    00                          // validity_period = NULL (must be, §4.6.1)
    00                          // registered_delivery
    00                          // replace_if_present_flag = NULL
    00                          // data_coding = SMSC default alphabet
    00                          // sm_default_msg_id = NULL
    6f                          // sm_length = 111
    69 64 3a 39 66 31 63 32 61 33 62 20 73 75 62 3a // 'id:9f1c2a3b sub:'
    30 30 31 20 64 6c 76 72 64 3a 30 30 31 20 73 75 // '001 dlvrd:001 su'
    62 6d 69 74 20 64 61 74 65 3a 32 36 30 31 30 31 // 'bmit date:260101'
    31 32 30 30 20 64 6f 6e 65 20 64 61 74 65 3a 32 // '1200 done date:2'
    36 30 31 30 31 31 32 30 31 20 73 74 61 74 3a 44 // '601011201 stat:D'
    45 4c 49 56 52 44 20 65 72 72 3a 30 30 30 20 74 // 'ELIVRD err:000 t'
    65 78 74 3a 48 65 6c 6c 6f 20 77 6f 72 6c 64    // 'ext:Hello world'
    00 1e 00 09                 // TLV receipted_message_id (0x001E), len 9
    39 66 31 63 32 61 33 62 00  //   '9f1c2a3b' + NUL
    04 27 00 01 02              // TLV message_state (0x0427), len 1, DELIVERED
";

const RECEIPT_TEXT: &[u8] = b"id:9f1c2a3b sub:001 dlvrd:001 submit date:2601011200 \
done date:2601011201 stat:DELIVRD err:000 text:Hello world";

#[test]
fn deliver_sm() {
    let mut tlv = TlvBuf::new();
    tlv.push(TlvTag::RECEIPTED_MESSAGE_ID, b"9f1c2a3b\0")
        .expect("fits")
        .push_u8(TlvTag::MESSAGE_STATE, 2);
    let expected = Pdu::new(
        9,
        Body::DeliverSm(DeliverSm {
            service_type: b"",
            source: Address::new(1, 1, b"447700900123"),
            dest: Address::new(5, 0, b"Inlet"),
            esm_class: 0x04,
            protocol_id: 0,
            priority_flag: 0,
            schedule_delivery_time: b"",
            validity_period: b"",
            registered_delivery: 0,
            replace_if_present_flag: 0,
            data_coding: 0,
            sm_default_msg_id: 0,
            short_message: RECEIPT_TEXT,
            tlvs: tlv.as_tlvs(),
        }),
    );
    check(DELIVER_SM, &expected, |pdu| {
        let tlvs = tlvs(pdu);
        assert_eq!(tlvs.receipted_message_id(), Some(&b"9f1c2a3b"[..]));
        assert_eq!(
            tlvs.get(TlvTag::RECEIPTED_MESSAGE_ID),
            Some(&b"9f1c2a3b\0"[..])
        );
        assert_eq!(tlvs.message_state(), Some(2));
        assert_eq!(tlvs.network_error_code(), None);
    });
}

/// deliver_sm_resp, SMPP 3.4 §4.6.2: message_id is unused and NULL.
const DELIVER_SM_RESP: &str = r"
    00 00 00 11                 // command_length = 17
    80 00 00 05                 // command_id = deliver_sm_resp
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 09                 // sequence_number = 9
    00                          // message_id = NULL (unused)
";

#[test]
fn deliver_sm_resp() {
    let expected = Pdu::new(
        9,
        Body::DeliverSmResp(DeliverSmResp {
            message_id: b"",
            tlvs: Tlvs::EMPTY,
        }),
    );
    check(DELIVER_SM_RESP, &expected, nothing);
}

/// data_sm, SMPP 3.4 §4.7.1: the text travels in message_payload
/// (§5.3.2.32).
const DATA_SM: &str = r"
    00 00 00 4c                 // command_length = 76
    00 00 01 03                 // command_id = data_sm
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 0a                 // sequence_number = 10
    43 4d 54 00                 // service_type = 'CMT'
    01                          // source_addr_ton = international
    01                          // source_addr_npi = ISDN (E.164)
    34 34 37 37 30 30 39 30     // source_addr = '447700900123'
    30 31 32 33 00
    01                          // dest_addr_ton = international
    01                          // dest_addr_npi = ISDN (E.164)
    34 34 37 37 30 30 39 30     // destination_addr = '447700900999'
    30 39 39 39 00
    00                          // esm_class = default
    00                          // registered_delivery = no receipt
    00                          // data_coding = SMSC default alphabet
    04 24 00 13                 // TLV message_payload (0x0424), len 19
    59 6f 75 72 20 63 6f 64     //   'Your code is 482913'
    65 20 69 73 20 34 38 32
    39 31 33
";

#[test]
fn data_sm() {
    let mut tlv = TlvBuf::new();
    tlv.push(TlvTag::MESSAGE_PAYLOAD, b"Your code is 482913")
        .expect("fits");
    let expected = Pdu::new(
        10,
        Body::DataSm(DataSm {
            service_type: b"CMT",
            source: Address::new(1, 1, b"447700900123"),
            dest: Address::new(1, 1, b"447700900999"),
            esm_class: 0,
            registered_delivery: 0,
            data_coding: 0,
            tlvs: tlv.as_tlvs(),
        }),
    );
    check(DATA_SM, &expected, |pdu| {
        let tlvs = tlvs(pdu);
        assert_eq!(tlvs.message_payload(), Some(&b"Your code is 482913"[..]));
        assert_eq!(tags(tlvs), [TlvTag::MESSAGE_PAYLOAD]);
    });
}

/// data_sm_resp, SMPP 3.4 §4.7.2: a delivery failure, with the body kept
/// and the failure TLVs delivery_failure_reason (§5.3.2.33) and
/// network_error_code (§5.3.2.31).
const DATA_SM_RESP: &str = r"
    00 00 00 1d                 // command_length = 29
    80 00 01 03                 // command_id = data_sm_resp
    00 00 00 fe                 // command_status = ESME_RDELIVERYFAILURE
    00 00 00 0a                 // sequence_number = 10
    00                          // message_id = '' (NULL)
    04 25 00 01 03              // TLV delivery_failure_reason (0x0425), len 1, temporary network error
    04 23 00 03 03 00 22        // TLV network_error_code (0x0423), len 3, GSM, error 0x0022
";

#[test]
fn data_sm_resp() {
    let mut tlv = TlvBuf::new();
    tlv.push_u8(TlvTag::DELIVERY_FAILURE_REASON, 3);
    tlv.push(TlvTag::NETWORK_ERROR_CODE, &[3, 0x00, 0x22])
        .expect("fits");
    let expected = pdu(
        CommandStatus::ESME_RDELIVERYFAILURE,
        10,
        Body::DataSmResp(DataSmResp {
            message_id: b"",
            tlvs: tlv.as_tlvs(),
        }),
    );
    check(DATA_SM_RESP, &expected, |pdu| {
        let tlvs = tlvs(pdu);
        assert_eq!(tlvs.get(TlvTag::DELIVERY_FAILURE_REASON), Some(&[3u8][..]));
        assert_eq!(
            tlvs.network_error_code(),
            Some(NetworkErrorCode {
                network_type: 3,
                error_code: 0x0022,
            })
        );
    });
}

/// submit_multi, SMPP 3.4 §4.5.1: two SME addresses (dest_flag 1) and a
/// distribution list (dest_flag 2), §4.5.1.1.
const SUBMIT_MULTI: &str = r"
    00 00 00 70                 // command_length = 112
    00 00 00 21                 // command_id = submit_multi
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 0b                 // sequence_number = 11
    43 4d 54 00                 // service_type = 'CMT'
    05                          // source_addr_ton = alphanumeric
    00                          // source_addr_npi = unknown
    49 6e 6c 65 74 00           // source_addr = 'Inlet'
    03                          // number_of_dests = 3
    01                          // dest_address[0].dest_flag = SME address
    01                          //   dest_addr_ton = international
    01                          //   dest_addr_npi = ISDN (E.164)
    34 34 37 37 30 30 39 30     //   destination_addr = '447700900123'
    30 31 32 33 00
    01                          // dest_address[1].dest_flag = SME address
    01                          //   dest_addr_ton = international
    01                          //   dest_addr_npi = ISDN (E.164)
    34 34 37 37 30 30 39 30     //   destination_addr = '447700900456'
    30 34 35 36 00
    02                          // dest_address[2].dest_flag = distribution list
    73 74 61 66 66 00           //   dl_name = 'staff'
    00                          // esm_class = default
    00                          // protocol_id
    00                          // priority_flag
    00                          // schedule_delivery_time = NULL (immediate)
    32 36 30 31 30 32 31 32     // validity_period = '260102120000000+'
    30 30 30 30 30 30 30 2b 00
    01                          // registered_delivery = receipt on final outcome
    00                          // replace_if_present_flag
    00                          // data_coding = SMSC default alphabet
    00                          // sm_default_msg_id
    0c                          // sm_length = 12
    4d 65 65 74 69 6e 67 20     // short_message = 'Meeting 10am'
    31 30 61 6d
    02 04 00 02 00 01           // TLV user_message_reference (0x0204), len 2, 1
";

#[test]
fn submit_multi() {
    let dests = [
        DestAddress::SmeAddress(Address::new(1, 1, b"447700900123")),
        DestAddress::SmeAddress(Address::new(1, 1, b"447700900456")),
        DestAddress::DistributionList(b"staff"),
    ];
    let mut tlv = TlvBuf::new();
    tlv.push_u16(TlvTag::USER_MESSAGE_REFERENCE, 1);
    let expected = Pdu::new(
        11,
        Body::SubmitMulti(SubmitMulti {
            service_type: b"CMT",
            source: Address::new(5, 0, b"Inlet"),
            dest_addresses: DestAddresses::from_slice(&dests),
            esm_class: 0,
            protocol_id: 0,
            priority_flag: 0,
            schedule_delivery_time: b"",
            validity_period: b"260102120000000+",
            registered_delivery: 1,
            replace_if_present_flag: 0,
            data_coding: 0,
            sm_default_msg_id: 0,
            short_message: b"Meeting 10am",
            tlvs: tlv.as_tlvs(),
        }),
    );
    check(SUBMIT_MULTI, &expected, |pdu| {
        let Body::SubmitMulti(body) = pdu.body else {
            panic!("not a submit_multi: {pdu:?}");
        };
        assert_eq!(body.dest_addresses.len(), 3);
        assert_eq!(body.dest_addresses.iter().collect::<Vec<_>>(), dests);
        assert_eq!(body.tlvs.user_message_reference(), Some(1));
    });
}

/// submit_multi_resp, SMPP 3.4 §4.5.2: one destination refused
/// (unsuccess_sme, §4.5.2.1).
const SUBMIT_MULTI_RESP: &str = r"
    00 00 00 2b                 // command_length = 43
    80 00 00 21                 // command_id = submit_multi_resp
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 0b                 // sequence_number = 11
    6d 6d 30 30 34 32 00        // message_id = 'mm0042'
    01                          // no_unsuccess = 1
    01                          // unsuccess_sme[0].dest_addr_ton = international
    01                          //   dest_addr_npi = ISDN (E.164)
    34 34 37 37 30 30 39 30     //   destination_addr = '447700900456'
    30 34 35 36 00
    00 00 00 0b                 //   error_status_code = ESME_RINVDSTADR
";

#[test]
fn submit_multi_resp() {
    let refused = [UnsuccessSme {
        dest: Address::new(1, 1, b"447700900456"),
        error_status_code: CommandStatus::ESME_RINVDSTADR.0,
    }];
    let expected = Pdu::new(
        11,
        Body::SubmitMultiResp(SubmitMultiResp {
            message_id: b"mm0042",
            unsuccess_smes: UnsuccessSmes::from_slice(&refused),
            tlvs: Tlvs::EMPTY,
        }),
    );
    check(SUBMIT_MULTI_RESP, &expected, |pdu| {
        let Body::SubmitMultiResp(body) = pdu.body else {
            panic!("not a submit_multi_resp: {pdu:?}");
        };
        assert_eq!(body.unsuccess_smes.iter().collect::<Vec<_>>(), refused);
    });
}

// ---------------------------------------------------------------------------
// Message management: query, cancel, replace
// ---------------------------------------------------------------------------

/// query_sm, SMPP 3.4 §4.8.1.
const QUERY_SM: &str = r"
    00 00 00 21                 // command_length = 33
    00 00 00 03                 // command_id = query_sm
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 0c                 // sequence_number = 12
    39 66 31 63 32 61 33 62 00  // message_id = '9f1c2a3b'
    05                          // source_addr_ton = alphanumeric
    00                          // source_addr_npi = unknown
    49 6e 6c 65 74 00           // source_addr = 'Inlet'
";

#[test]
fn query_sm() {
    let expected = Pdu::new(
        12,
        Body::QuerySm(QuerySm {
            message_id: b"9f1c2a3b",
            source: Address::new(5, 0, b"Inlet"),
        }),
    );
    check(QUERY_SM, &expected, nothing);
}

/// query_sm_resp, SMPP 3.4 §4.8.2.
const QUERY_SM_RESP: &str = r"
    00 00 00 2c                 // command_length = 44
    80 00 00 03                 // command_id = query_sm_resp
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 0c                 // sequence_number = 12
    39 66 31 63 32 61 33 62 00  // message_id = '9f1c2a3b'
    32 36 30 31 30 31 31 32     // final_date = '260101120100000+'
    30 31 30 30 30 30 30 2b 00
    02                          // message_state = DELIVERED
    00                          // error_code = 0
";

#[test]
fn query_sm_resp() {
    let expected = Pdu::new(
        12,
        Body::QuerySmResp(QuerySmResp {
            message_id: b"9f1c2a3b",
            final_date: b"260101120100000+",
            message_state: 2,
            error_code: 0,
        }),
    );
    check(QUERY_SM_RESP, &expected, nothing);
}

/// cancel_sm, SMPP 3.4 §4.9.1.
const CANCEL_SM: &str = r"
    00 00 00 31                 // command_length = 49
    00 00 00 08                 // command_id = cancel_sm
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 0d                 // sequence_number = 13
    00                          // service_type = '' (NULL)
    39 66 31 63 32 61 33 62 00  // message_id = '9f1c2a3b'
    05                          // source_addr_ton = alphanumeric
    00                          // source_addr_npi = unknown
    49 6e 6c 65 74 00           // source_addr = 'Inlet'
    01                          // dest_addr_ton = international
    01                          // dest_addr_npi = ISDN (E.164)
    34 34 37 37 30 30 39 30     // destination_addr = '447700900123'
    30 31 32 33 00
";

#[test]
fn cancel_sm() {
    let expected = Pdu::new(
        13,
        Body::CancelSm(CancelSm {
            service_type: b"",
            message_id: b"9f1c2a3b",
            source: Address::new(5, 0, b"Inlet"),
            dest: Address::new(1, 1, b"447700900123"),
        }),
    );
    check(CANCEL_SM, &expected, nothing);
}

/// cancel_sm_resp, SMPP 3.4 §4.9.2: header only.
const CANCEL_SM_RESP: &str = r"
    00 00 00 10                 // command_length = 16
    80 00 00 08                 // command_id = cancel_sm_resp
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 0d                 // sequence_number = 13
";

#[test]
fn cancel_sm_resp() {
    check(CANCEL_SM_RESP, &Pdu::new(13, Body::CancelSmResp), nothing);
}

/// replace_sm, SMPP 3.4 §4.10.1.
const REPLACE_SM: &str = r"
    00 00 00 41                 // command_length = 65
    00 00 00 07                 // command_id = replace_sm
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 0e                 // sequence_number = 14
    39 66 31 63 32 61 33 62 00  // message_id = '9f1c2a3b'
    05                          // source_addr_ton = alphanumeric
    00                          // source_addr_npi = unknown
    49 6e 6c 65 74 00           // source_addr = 'Inlet'
    00                          // schedule_delivery_time = NULL (keep)
    30 30 30 30 30 32 30 30     // validity_period = '000002000000000R'
    30 30 30 30 30 30 30 52 00  //   (relative: 2 days)
    01                          // registered_delivery = receipt on final outcome
    00                          // sm_default_msg_id
    0b                          // sm_length = 11
    48 65 6c 6c 6f 20 61 67     // short_message = 'Hello again'
    61 69 6e
";

#[test]
fn replace_sm() {
    let expected = Pdu::new(
        14,
        Body::ReplaceSm(ReplaceSm {
            message_id: b"9f1c2a3b",
            source: Address::new(5, 0, b"Inlet"),
            schedule_delivery_time: b"",
            validity_period: b"000002000000000R",
            registered_delivery: 1,
            sm_default_msg_id: 0,
            short_message: b"Hello again",
            tlvs: Tlvs::EMPTY,
        }),
    );
    check(REPLACE_SM, &expected, nothing);
}

/// replace_sm_resp, SMPP 3.4 §4.10.2: header only.
const REPLACE_SM_RESP: &str = r"
    00 00 00 10                 // command_length = 16
    80 00 00 07                 // command_id = replace_sm_resp
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 0e                 // sequence_number = 14
";

#[test]
fn replace_sm_resp() {
    check(REPLACE_SM_RESP, &Pdu::new(14, Body::ReplaceSmResp), nothing);
}

/// alert_notification, SMPP 3.4 §4.12.1, with ms_availability_status
/// (§5.3.2.30).
const ALERT_NOTIFICATION: &str = r"
    00 00 00 33                 // command_length = 51
    00 00 01 02                 // command_id = alert_notification
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 0f                 // sequence_number = 15
    01                          // source_addr_ton = international
    01                          // source_addr_npi = ISDN (E.164)
    34 34 37 37 30 30 39 30     // source_addr = '447700900123'
    30 31 32 33 00
    01                          // esme_addr_ton = international
    01                          // esme_addr_npi = ISDN (E.164)
    34 34 37 37 30 30 39 30     // esme_addr = '447700900999'
    30 39 39 39 00
    04 22 00 01 00              // TLV ms_availability_status (0x0422), len 1, available
";

#[test]
fn alert_notification() {
    let mut tlv = TlvBuf::new();
    tlv.push_u8(TlvTag::MS_AVAILABILITY_STATUS, 0);
    let expected = Pdu::new(
        15,
        Body::AlertNotification(AlertNotification {
            source: Address::new(1, 1, b"447700900123"),
            esme: Address::new(1, 1, b"447700900999"),
            tlvs: tlv.as_tlvs(),
        }),
    );
    check(ALERT_NOTIFICATION, &expected, |pdu| {
        assert_eq!(
            tlvs(pdu).get(TlvTag::MS_AVAILABILITY_STATUS),
            Some(&[0u8][..])
        );
    });
}

// ---------------------------------------------------------------------------
// SMPP 5.0 broadcast operations
// ---------------------------------------------------------------------------

/// broadcast_sm, SMPP 5.0 §4 (broadcast_sm syntax table), with its
/// mandatory TLVs broadcast_area_identifier, broadcast_content_type,
/// broadcast_rep_num and broadcast_frequency_interval (SMPP 5.0 §4.8.4) and
/// the text in message_payload.
const BROADCAST_SM: &str = r"
    00 00 00 6c                 // command_length = 108
    00 00 01 11                 // command_id = broadcast_sm
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 10                 // sequence_number = 16
    43 4d 54 00                 // service_type = 'CMT'
    05                          // source_addr_ton = alphanumeric
    00                          // source_addr_npi = unknown
    49 6e 6c 65 74 00           // source_addr = 'Inlet'
    00                          // message_id = NULL (not replacing)
    00                          // priority_flag
    00                          // schedule_delivery_time = NULL (immediate)
    32 36 30 31 30 31 31 38     // validity_period = '260101180000000+'
    30 30 30 30 30 30 30 2b 00
    00                          // replace_if_present_flag
    00                          // data_coding = SMSC default alphabet
    00                          // sm_default_msg_id
    06 06 00 07                 // TLV broadcast_area_identifier (0x0606), len 7
    00 4c 6f 6e 64 6f 6e        //   format alias/name, 'London'
    06 01 00 03 01 00 01        // TLV broadcast_content_type (0x0601), len 3, GSM, emergency broadcasts
    06 04 00 02 00 05           // TLV broadcast_rep_num (0x0604), len 2, 5
    06 05 00 03 09 00 0a        // TLV broadcast_frequency_interval (0x0605), len 3, minutes, 10
    04 24 00 16                 // TLV message_payload (0x0424), len 22
    53 65 76 65 72 65 20 77     //   'Severe weather warning'
    65 61 74 68 65 72 20 77
    61 72 6e 69 6e 67
";

#[test]
fn broadcast_sm() {
    let mut tlv = TlvBuf::new();
    tlv.push(TlvTag::BROADCAST_AREA_IDENTIFIER, b"\0London")
        .expect("fits")
        .push(TlvTag::BROADCAST_CONTENT_TYPE, &[0x01, 0x00, 0x01])
        .expect("fits")
        .push_u16(TlvTag::BROADCAST_REP_NUM, 5)
        .push(TlvTag::BROADCAST_FREQUENCY_INTERVAL, &[0x09, 0x00, 0x0a])
        .expect("fits")
        .push(TlvTag::MESSAGE_PAYLOAD, b"Severe weather warning")
        .expect("fits");
    let expected = Pdu::new(
        16,
        Body::BroadcastSm(BroadcastSm {
            service_type: b"CMT",
            source: Address::new(5, 0, b"Inlet"),
            message_id: b"",
            priority_flag: 0,
            schedule_delivery_time: b"",
            validity_period: b"260101180000000+",
            replace_if_present_flag: 0,
            data_coding: 0,
            sm_default_msg_id: 0,
            tlvs: tlv.as_tlvs(),
        }),
    );
    check(BROADCAST_SM, &expected, |pdu| {
        let tlvs = tlvs(pdu);
        assert_eq!(
            tlvs.get(TlvTag::BROADCAST_AREA_IDENTIFIER),
            Some(&b"\0London"[..])
        );
        assert_eq!(tlvs.get(TlvTag::BROADCAST_REP_NUM), Some(&[0x00, 0x05][..]));
        assert_eq!(tlvs.message_payload(), Some(&b"Severe weather warning"[..]));
        assert_eq!(
            tags(tlvs),
            [
                TlvTag::BROADCAST_AREA_IDENTIFIER,
                TlvTag::BROADCAST_CONTENT_TYPE,
                TlvTag::BROADCAST_REP_NUM,
                TlvTag::BROADCAST_FREQUENCY_INTERVAL,
                TlvTag::MESSAGE_PAYLOAD
            ]
        );
    });
}

/// broadcast_sm_resp, SMPP 5.0 §4 (broadcast_sm_resp syntax table).
const BROADCAST_SM_RESP: &str = r"
    00 00 00 17                 // command_length = 23
    80 00 01 11                 // command_id = broadcast_sm_resp
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 10                 // sequence_number = 16
    62 63 30 30 30 31 00        // message_id = 'bc0001'
";

#[test]
fn broadcast_sm_resp() {
    let expected = Pdu::new(
        16,
        Body::BroadcastSmResp(BroadcastSmResp {
            message_id: b"bc0001",
            tlvs: Tlvs::EMPTY,
        }),
    );
    check(BROADCAST_SM_RESP, &expected, nothing);
}

/// query_broadcast_sm, SMPP 5.0 §4 (query_broadcast_sm syntax table), with
/// user_message_reference.
const QUERY_BROADCAST_SM: &str = r"
    00 00 00 25                 // command_length = 37
    00 00 01 12                 // command_id = query_broadcast_sm
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 11                 // sequence_number = 17
    62 63 30 30 30 31 00        // message_id = 'bc0001'
    05                          // source_addr_ton = alphanumeric
    00                          // source_addr_npi = unknown
    49 6e 6c 65 74 00           // source_addr = 'Inlet'
    02 04 00 02 00 42           // TLV user_message_reference (0x0204), len 2, 0x0042
";

#[test]
fn query_broadcast_sm() {
    let mut tlv = TlvBuf::new();
    tlv.push_u16(TlvTag::USER_MESSAGE_REFERENCE, 0x42);
    let expected = Pdu::new(
        17,
        Body::QueryBroadcastSm(QueryBroadcastSm {
            message_id: b"bc0001",
            source: Address::new(5, 0, b"Inlet"),
            tlvs: tlv.as_tlvs(),
        }),
    );
    check(QUERY_BROADCAST_SM, &expected, |pdu| {
        assert_eq!(tlvs(pdu).user_message_reference(), Some(0x42));
    });
}

/// query_broadcast_sm_resp, SMPP 5.0 §4 (query_broadcast_sm_resp syntax
/// table), with its mandatory TLVs
/// message_state, broadcast_area_identifier and broadcast_area_success.
const QUERY_BROADCAST_SM_RESP: &str = r"
    00 00 00 2c                 // command_length = 44
    80 00 01 12                 // command_id = query_broadcast_sm_resp
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 11                 // sequence_number = 17
    62 63 30 30 30 31 00        // message_id = 'bc0001'
    04 27 00 01 01              // TLV message_state (0x0427), len 1, ENROUTE
    06 06 00 07                 // TLV broadcast_area_identifier (0x0606), len 7
    00 4c 6f 6e 64 6f 6e        //   format alias/name, 'London'
    06 08 00 01 64              // TLV broadcast_area_success (0x0608), len 1, 100%
";

#[test]
fn query_broadcast_sm_resp() {
    let mut tlv = TlvBuf::new();
    tlv.push_u8(TlvTag::MESSAGE_STATE, 1)
        .push(TlvTag::BROADCAST_AREA_IDENTIFIER, b"\0London")
        .expect("fits")
        .push_u8(TlvTag::BROADCAST_AREA_SUCCESS, 100);
    let expected = Pdu::new(
        17,
        Body::QueryBroadcastSmResp(QueryBroadcastSmResp {
            message_id: b"bc0001",
            tlvs: tlv.as_tlvs(),
        }),
    );
    check(QUERY_BROADCAST_SM_RESP, &expected, |pdu| {
        let tlvs = tlvs(pdu);
        assert_eq!(tlvs.message_state(), Some(1));
        assert_eq!(tlvs.get(TlvTag::BROADCAST_AREA_SUCCESS), Some(&[100u8][..]));
    });
}

/// cancel_broadcast_sm, SMPP 5.0 §4 (cancel_broadcast_sm syntax table).
const CANCEL_BROADCAST_SM: &str = r"
    00 00 00 29                 // command_length = 41
    00 00 01 13                 // command_id = cancel_broadcast_sm
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 12                 // sequence_number = 18
    43 4d 54 00                 // service_type = 'CMT'
    62 63 30 30 30 31 00        // message_id = 'bc0001'
    05                          // source_addr_ton = alphanumeric
    00                          // source_addr_npi = unknown
    49 6e 6c 65 74 00           // source_addr = 'Inlet'
    02 04 00 02 00 42           // TLV user_message_reference (0x0204), len 2, 0x0042
";

#[test]
fn cancel_broadcast_sm() {
    let mut tlv = TlvBuf::new();
    tlv.push_u16(TlvTag::USER_MESSAGE_REFERENCE, 0x42);
    let expected = Pdu::new(
        18,
        Body::CancelBroadcastSm(CancelBroadcastSm {
            service_type: b"CMT",
            message_id: b"bc0001",
            source: Address::new(5, 0, b"Inlet"),
            tlvs: tlv.as_tlvs(),
        }),
    );
    check(CANCEL_BROADCAST_SM, &expected, |pdu| {
        assert_eq!(tlvs(pdu).user_message_reference(), Some(0x42));
    });
}

/// cancel_broadcast_sm_resp, SMPP 5.0 §4: header only.
const CANCEL_BROADCAST_SM_RESP: &str = r"
    00 00 00 10                 // command_length = 16
    80 00 01 13                 // command_id = cancel_broadcast_sm_resp
    00 00 00 00                 // command_status = ESME_ROK
    00 00 00 12                 // sequence_number = 18
";

#[test]
fn cancel_broadcast_sm_resp() {
    check(
        CANCEL_BROADCAST_SM_RESP,
        &Pdu::new(18, Body::CancelBroadcastSmResp),
        nothing,
    );
}

// ---------------------------------------------------------------------------
// Error responses
// ---------------------------------------------------------------------------

/// bind_transmitter_resp with a non-zero command_status and the body
/// omitted, as SMPP 3.4 §4.1.2 allows ("The body portion of the SMPP
/// bind_transmitter_resp PDU is not returned if the command_status field
/// contains a non-zero value").
const BIND_TRANSMITTER_RESP_NO_BODY: &str = r"
    00 00 00 10                 // command_length = 16
    80 00 00 02                 // command_id = bind_transmitter_resp
    00 00 00 0e                 // command_status = ESME_RINVPASWD
    00 00 00 13                 // sequence_number = 19
";

#[test]
fn bind_transmitter_resp_error_without_body() {
    let expected = pdu(
        CommandStatus::ESME_RINVPASWD,
        19,
        Body::BindTransmitterResp(BindResp::default()),
    );
    // Decode only: inlet encodes the default body as an empty system_id
    // (one NUL), which the spec also allows, so the octets differ.
    check_decode(BIND_TRANSMITTER_RESP_NO_BODY, &expected, |pdu| {
        assert_eq!(tlvs(pdu).sc_interface_version(), None);
    });
}

/// submit_sm_resp with a non-zero command_status and the body omitted
/// (SMPP 3.4 §4.4.2: "The submit_sm_resp PDU Body is not returned if the
/// command_status field contains a non-zero value").
const SUBMIT_SM_RESP_NO_BODY: &str = r"
    00 00 00 10                 // command_length = 16
    80 00 00 04                 // command_id = submit_sm_resp
    00 00 00 58                 // command_status = ESME_RTHROTTLED
    00 00 00 14                 // sequence_number = 20
";

#[test]
fn submit_sm_resp_error_without_body() {
    let expected = pdu(
        CommandStatus::ESME_RTHROTTLED,
        20,
        Body::SubmitSmResp(SubmitSmResp::default()),
    );
    check_decode(SUBMIT_SM_RESP_NO_BODY, &expected, nothing);
}

/// generic_nack answering an unknown command_id, SMPP 3.4 §4.3.1: a
/// header-only PDU whose sequence_number echoes the offending request.
const GENERIC_NACK_INVCMDID: &str = r"
    00 00 00 10                 // command_length = 16
    80 00 00 00                 // command_id = generic_nack
    00 00 00 03                 // command_status = ESME_RINVCMDID
    00 00 00 15                 // sequence_number = 21
";

#[test]
fn generic_nack_invalid_command_id() {
    let expected = pdu(CommandStatus::ESME_RINVCMDID, 21, Body::GenericNack);
    check(GENERIC_NACK_INVCMDID, &expected, nothing);
}

// ---------------------------------------------------------------------------
// Coverage
// ---------------------------------------------------------------------------

/// Every vector in this file.
const ALL_VECTORS: &[&str] = &[
    BIND_TRANSMITTER,
    BIND_TRANSMITTER_RESP,
    BIND_RECEIVER,
    BIND_RECEIVER_RESP,
    BIND_TRANSCEIVER,
    BIND_TRANSCEIVER_RESP,
    OUTBIND,
    UNBIND,
    UNBIND_RESP,
    GENERIC_NACK,
    ENQUIRE_LINK,
    ENQUIRE_LINK_RESP,
    SUBMIT_SM,
    SUBMIT_SM_RESP,
    DELIVER_SM,
    DELIVER_SM_RESP,
    DATA_SM,
    DATA_SM_RESP,
    SUBMIT_MULTI,
    SUBMIT_MULTI_RESP,
    QUERY_SM,
    QUERY_SM_RESP,
    CANCEL_SM,
    CANCEL_SM_RESP,
    REPLACE_SM,
    REPLACE_SM_RESP,
    ALERT_NOTIFICATION,
    BROADCAST_SM,
    BROADCAST_SM_RESP,
    QUERY_BROADCAST_SM,
    QUERY_BROADCAST_SM_RESP,
    CANCEL_BROADCAST_SM,
    CANCEL_BROADCAST_SM_RESP,
    BIND_TRANSMITTER_RESP_NO_BODY,
    SUBMIT_SM_RESP_NO_BODY,
    GENERIC_NACK_INVCMDID,
];

/// The vectors cover every command id SMPP 3.4 and 5.0 define, and so every
/// variant of `Body`.
#[test]
fn vectors_cover_every_command_id() {
    let covered: BTreeSet<CommandId> = ALL_VECTORS
        .iter()
        .map(|listing| {
            let frame = octets(listing);
            Pdu::decode(&frame).expect("decodes").command_id()
        })
        .collect();
    let all: BTreeSet<CommandId> = CommandId::ALL.iter().copied().collect();
    assert_eq!(covered, all);
    // 17 requests, 15 responses to them (alert_notification and outbind
    // have none) and generic_nack.
    assert_eq!(covered.len(), 33);
}

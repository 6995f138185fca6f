//! Malformed PDUs: each is refused with the error that names what is wrong
//! and the `command_status` a server answers with.

use bytes::BytesMut;
use inlet_pdu::{
    Address, Body, CommandId, CommandStatus, DecodeError, EncodeError, Field, Pdu, SubmitSm, TlvTag,
};

fn frame(id: CommandId, body: &[u8]) -> Vec<u8> {
    let len = u32::try_from(16 + body.len()).expect("small");
    let mut f = Vec::new();
    f.extend_from_slice(&len.to_be_bytes());
    f.extend_from_slice(&id.0.to_be_bytes());
    f.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 42]);
    f.extend_from_slice(body);
    f
}

/// submit_sm body up to and including `short_message`, then `tlvs`.
fn submit_sm_body(
    service_type: &[u8],
    source: &[u8],
    dest: &[u8],
    sm: &[u8],
    tlvs: &[u8],
) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend_from_slice(service_type);
    b.extend_from_slice(&[5, 0]);
    b.extend_from_slice(source);
    b.extend_from_slice(&[1, 1]);
    b.extend_from_slice(dest);
    b.extend_from_slice(&[0, 0, 0]); // esm_class, protocol_id, priority_flag
    b.extend_from_slice(&[0, 0]); // schedule_delivery_time, validity_period (empty)
    b.extend_from_slice(&[1, 0, 0, 0]); // registered_delivery, replace, data_coding, sm_default_msg_id
    b.push(u8::try_from(sm.len()).expect("short"));
    b.extend_from_slice(sm);
    b.extend_from_slice(tlvs);
    b
}

fn status_of(frame: &[u8]) -> (DecodeError, CommandStatus) {
    let e = Pdu::decode(frame).expect_err("malformed");
    (e, e.command_status())
}

#[test]
fn a_valid_base_decodes() {
    let f = frame(
        CommandId::SUBMIT_SM,
        &submit_sm_body(b"\0", b"MyShop\0", b"447700900123\0", b"hi", &[]),
    );
    let pdu = Pdu::decode(&f).expect("valid");
    let Body::SubmitSm(sm) = pdu.body else {
        panic!("submit_sm")
    };
    assert_eq!(sm.dest.addr, b"447700900123");
    assert_eq!(sm.short_message, b"hi");
}

#[test]
fn truncated_body_is_invalid_message_length() {
    let body = submit_sm_body(b"\0", b"MyShop\0", b"447700900123\0", b"hi", &[]);
    // Cut inside the fixed fields after destination_addr.
    let cut = 1 + 2 + 7 + 2 + 13 + 1;
    let (e, status) = status_of(&frame(CommandId::SUBMIT_SM, &body[..cut]));
    assert_eq!(
        e,
        DecodeError::Truncated {
            field: Field::ProtocolId
        }
    );
    assert_eq!(status, CommandStatus::ESME_RINVMSGLEN);
}

#[test]
fn sm_length_beyond_the_body_is_invalid_message_length() {
    let mut body = submit_sm_body(b"\0", b"MyShop\0", b"447700900123\0", b"hi", &[]);
    let at = body.len() - 3;
    body[at] = 200;
    let (e, status) = status_of(&frame(CommandId::SUBMIT_SM, &body));
    assert_eq!(
        e,
        DecodeError::ShortMessageTooLong {
            sm_length: 200,
            available: 2
        }
    );
    assert_eq!(status, CommandStatus::ESME_RINVMSGLEN);
}

#[test]
fn c_octet_strings_map_to_their_fields_status() {
    let cases: [(Vec<u8>, DecodeError, CommandStatus); 4] = [
        (
            submit_sm_body(b"CMTXYZ\0", b"MyShop\0", b"1\0", b"", &[]),
            DecodeError::CStringTooLong {
                field: Field::ServiceType,
                max: 6,
            },
            CommandStatus::ESME_RINVSERTYP,
        ),
        (
            submit_sm_body(b"\0", &[b'7'; 21], b"1\0", b"", &[]),
            DecodeError::CStringTooLong {
                field: Field::SourceAddr,
                max: 21,
            },
            CommandStatus::ESME_RINVSRCADR,
        ),
        (
            submit_sm_body(b"\0", b"MyShop\0", &[b'4'; 22], b"", &[]),
            DecodeError::CStringTooLong {
                field: Field::DestinationAddr,
                max: 21,
            },
            CommandStatus::ESME_RINVDSTADR,
        ),
        (
            // The body ends inside destination_addr.
            b"\0\x05\0MyShop\0\x01\x01447700".to_vec(),
            DecodeError::CStringUnterminated {
                field: Field::DestinationAddr,
            },
            CommandStatus::ESME_RINVDSTADR,
        ),
    ];
    for (body, error, status) in cases {
        assert_eq!(
            status_of(&frame(CommandId::SUBMIT_SM, &body)),
            (error, status)
        );
    }
}

#[test]
fn bind_fields_map_to_bind_statuses() {
    let too_long_system_id = [&[b'a'; 16][..], b"\0pw\0\0\x34\0\0\0"].concat();
    assert_eq!(
        status_of(&frame(CommandId::BIND_TRANSCEIVER, &too_long_system_id)).1,
        CommandStatus::ESME_RINVSYSID
    );
    let too_long_password = b"carrier1\0password1\0\0\x34\0\0\0".to_vec();
    assert_eq!(
        status_of(&frame(CommandId::BIND_TRANSMITTER, &too_long_password)).1,
        CommandStatus::ESME_RINVPASWD
    );
}

#[test]
fn tlv_errors() {
    let base = |tlvs: &[u8]| {
        frame(
            CommandId::SUBMIT_SM,
            &submit_sm_body(b"\0", b"A\0", b"1\0", b"", tlvs),
        )
    };
    assert_eq!(
        status_of(&base(&[0x04, 0x24, 0x00, 0x10, 1, 2, 3])),
        (
            DecodeError::TlvTruncated {
                tag: TlvTag::MESSAGE_PAYLOAD,
                length: 16,
                available: 3
            },
            CommandStatus::ESME_RINVTLVLEN
        )
    );
    assert_eq!(
        status_of(&base(&[0x02, 0x0C, 0x00, 0x01, 7])),
        (
            DecodeError::TlvLength {
                tag: TlvTag::SAR_MSG_REF_NUM,
                length: 1
            },
            CommandStatus::ESME_RINVTLVLEN
        )
    );
    assert_eq!(
        status_of(&base(&[0x02, 0x0C])),
        (
            DecodeError::TlvStream { available: 2 },
            CommandStatus::ESME_RINVTLVSTREAM
        )
    );
}

#[test]
fn header_level_errors_need_a_generic_nack() {
    let unknown = frame(CommandId(0x0000_0077), &[]);
    let (e, status) = status_of(&unknown);
    assert_eq!(e, DecodeError::UnknownCommandId { command_id: 0x77 });
    assert_eq!(status, CommandStatus::ESME_RINVCMDID);
    assert!(e.needs_generic_nack());

    let mut short = frame(CommandId::ENQUIRE_LINK, &[]);
    short[3] = 20;
    assert_eq!(
        status_of(&short),
        (
            DecodeError::LengthMismatch {
                command_length: 20,
                frame_len: 16
            },
            CommandStatus::ESME_RINVCMDLEN
        )
    );
    assert_eq!(
        status_of(&short[..10]),
        (
            DecodeError::FrameTooShort { len: 10 },
            CommandStatus::ESME_RINVCMDLEN
        )
    );
}

#[test]
fn a_body_where_none_belongs_is_a_length_error() {
    let (e, status) = status_of(&frame(CommandId::ENQUIRE_LINK, &[0, 0]));
    assert_eq!(e, DecodeError::TrailingOctets { extra: 2 });
    assert_eq!(status, CommandStatus::ESME_RINVCMDLEN);
    assert!(!e.needs_generic_nack());
}

#[test]
fn invalid_dest_flag() {
    let body = b"\0\x01\x01A\0\x01\x03".to_vec();
    let (e, status) = status_of(&frame(CommandId::SUBMIT_MULTI, &body));
    assert_eq!(
        e,
        DecodeError::InvalidValue {
            field: Field::DestFlag,
            value: 3
        }
    );
    assert_eq!(status, CommandStatus::ESME_RINVDESTFLAG);
}

#[test]
fn every_error_has_a_label() {
    let errors = [
        DecodeError::FrameTooShort { len: 0 },
        DecodeError::UnknownCommandId { command_id: 0 },
        DecodeError::Truncated {
            field: Field::EsmClass,
        },
        DecodeError::TrailingOctets { extra: 1 },
    ];
    for e in errors {
        assert!(!e.as_label().is_empty());
        assert!(!e.to_string().is_empty());
    }
}

#[test]
fn encoding_refuses_what_would_not_decode() {
    let mut buf = BytesMut::new();
    let long = SubmitSm {
        dest: Address::new(1, 1, &[b'4'; 21]),
        ..SubmitSm::default()
    };
    assert_eq!(
        Pdu::new(1, Body::SubmitSm(long)).encode(&mut buf),
        Err(EncodeError::CStringTooLong {
            field: Field::DestinationAddr,
            len: 21,
            max: 21
        })
    );
    assert!(buf.is_empty(), "nothing is left behind");
    let nul = SubmitSm {
        service_type: b"C\0T",
        ..SubmitSm::default()
    };
    assert_eq!(
        Pdu::new(1, Body::SubmitSm(nul)).encode(&mut buf),
        Err(EncodeError::NulInCString {
            field: Field::ServiceType
        })
    );
    let big = [0u8; 256];
    let sm = SubmitSm {
        short_message: &big,
        ..SubmitSm::default()
    };
    assert_eq!(
        Pdu::new(1, Body::SubmitSm(sm)).encode(&mut buf),
        Err(EncodeError::TooLong {
            field: Field::ShortMessage,
            len: 256
        })
    );
}

#[test]
fn error_responses_with_an_empty_body_are_sent_header_only() {
    let mut pdu = Pdu::new(9, Body::SubmitSmResp(Default::default()));
    pdu.command_status = CommandStatus::ESME_RTHROTTLED;
    let bytes = pdu.to_bytes().expect("encodes");
    assert_eq!(bytes.len(), 16);
    assert_eq!(Pdu::decode(&bytes).expect("decodes"), pdu);
    // With ESME_ROK the (empty) message_id is sent.
    pdu.command_status = CommandStatus::ESME_ROK;
    assert_eq!(pdu.to_bytes().expect("encodes").len(), 17);
}

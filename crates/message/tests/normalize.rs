//! Real-world-shaped messages from many countries through `normalize`: a
//! PDU as carriers send it in, the normalized message out.

use inlet_message::address::{Country, SenderKind};
use inlet_message::gsm;
use inlet_message::multipart::{Detection, RefKind};
use inlet_message::normalize::{NormalizeError, Policy, normalize};
use inlet_message::text::{Dcs0Alphabet, Encoding, TextPolicy};
use inlet_pdu::{Address, Body, CommandStatus, DataSm, Pdu, SubmitSm, TlvBuf, TlvTag, Tlvs};

fn policy(country: &str) -> Policy {
    Policy {
        country: Country::from_iso(country).expect("country"),
        text: TextPolicy::DEFAULT,
    }
}

fn sm<'a>(
    from: Address<'a>,
    to: Address<'a>,
    dcs: u8,
    esm: u8,
    text: &'a [u8],
    tlvs: Tlvs<'a>,
) -> Pdu<'a> {
    Pdu::new(
        1,
        Body::DeliverSm(SubmitSm {
            source: from,
            dest: to,
            esm_class: esm,
            data_coding: dcs,
            short_message: text,
            tlvs,
            ..SubmitSm::default()
        }),
    )
}

fn ucs2(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_be_bytes).collect()
}

#[test]
fn whatsapp_otp_to_a_uk_number_in_gsm7() {
    let text = gsm::encode(
        "<#> Your WhatsApp code: 482-913\nYou can also tap on this link",
        None,
        None,
    )
    .expect("gsm");
    let pdu = sm(
        Address::new(5, 0, b"WhatsApp"),
        Address::new(1, 1, b"447700900123"),
        0,
        0,
        &text,
        Tlvs::EMPTY,
    );
    let m = normalize(&pdu, &policy("GB")).expect("valid");
    assert_eq!(m.to.to_string(), "+447700900123");
    assert_eq!(m.from.kind, SenderKind::Alphanumeric);
    assert_eq!(m.from.value, "WhatsApp");
    assert_eq!(m.text.encoding, Encoding::Gsm7);
    assert!(!m.text.lossy);
    assert_eq!(m.otp().map(|o| o.code).as_deref(), Some("482913"));
    assert_eq!(m.multipart, Detection::Single);
    assert!(!m.is_receipt());
}

#[test]
fn national_destinations_use_the_account_country() {
    let cases = [
        ("GB", 2u8, &b"07700900123"[..], "+447700900123"),
        ("FR", 2, b"0612345678", "+33612345678"),
        ("US", 2, b"4035551234", "+14035551234"),
        ("US", 0, b"14035551234", "+14035551234"),
        ("DE", 0, b"+4915112345678", "+4915112345678"),
        ("IN", 1, b"919876543210", "+919876543210"),
    ];
    for (country, ton, digits, expected) in cases {
        let text = b"hi";
        let pdu = sm(
            Address::new(1, 1, b"14155550100"),
            Address::new(ton, 1, digits),
            0,
            0,
            text,
            Tlvs::EMPTY,
        );
        let m = normalize(&pdu, &policy(country)).expect("valid");
        assert_eq!(m.to.to_string(), expected, "{country} {digits:?}");
    }
}

#[test]
fn a_bad_destination_is_refused_and_a_bad_sender_kept() {
    let pdu = sm(
        Address::new(1, 1, b"12345"),
        Address::new(1, 1, b"not-a-number"),
        0,
        0,
        b"x",
        Tlvs::EMPTY,
    );
    let err = normalize(&pdu, &policy("US")).expect_err("invalid destination");
    assert!(matches!(err, NormalizeError::Destination(_)));
    assert_eq!(err.command_status(), CommandStatus::ESME_RINVDSTADR);

    let pdu = sm(
        Address::new(1, 1, &[0xFF, 0x00, 0x41]),
        Address::new(1, 1, b"14035551234"),
        0,
        0,
        b"x",
        Tlvs::EMPTY,
    );
    let m = normalize(&pdu, &policy("US")).expect("a bad sender is kept");
    assert_eq!(m.from.kind, SenderKind::Unknown);
}

#[test]
fn russian_ucs2_with_emoji_in_message_payload() {
    let body = ucs2("Ваш код подтверждения: 5521. Никому его не сообщайте 🔐");
    let mut tlvs = TlvBuf::new();
    tlvs.push(TlvTag::MESSAGE_PAYLOAD, &body).expect("fits");
    let pdu = sm(
        Address::new(5, 0, b"Sberbank"),
        Address::new(1, 1, b"79161234567"),
        8,
        0,
        b"",
        tlvs.as_tlvs(),
    );
    let m = normalize(&pdu, &policy("RU")).expect("valid");
    assert_eq!(m.text.encoding, Encoding::Ucs2);
    assert!(m.text.text.as_deref().is_some_and(|t| t.ends_with('🔐')));
    assert_eq!(m.otp().map(|o| o.code).as_deref(), Some("5521"));
    assert_eq!(m.tlv_tags(), vec![0x0424]);
}

#[test]
fn data_sm_carries_its_text_in_message_payload() {
    let mut tlvs = TlvBuf::new();
    tlvs.push(TlvTag::MESSAGE_PAYLOAD, b"Your Telegram code 77231")
        .expect("fits");
    let pdu = Pdu::new(
        2,
        Body::DataSm(DataSm {
            source: Address::new(5, 0, b"Telegram"),
            dest: Address::new(1, 1, b"447700900123"),
            data_coding: 1,
            tlvs: tlvs.as_tlvs(),
            ..DataSm::default()
        }),
    );
    let m = normalize(&pdu, &policy("GB")).expect("valid");
    assert_eq!(m.text.encoding, Encoding::Ascii);
    assert_eq!(m.protocol_id, None);
    assert_eq!(m.otp().map(|o| o.code).as_deref(), Some("77231"));
}

#[test]
fn a_udh_segment_is_detected_and_not_mined_for_codes() {
    let mut user_data = vec![0x05, 0x00, 0x03, 0xA5, 0x03, 0x01];
    user_data.extend(ucs2("Код: 123456 "));
    let pdu = sm(
        Address::new(5, 0, b"Yandex"),
        Address::new(1, 1, b"79161234567"),
        8,
        0x40,
        &user_data,
        Tlvs::EMPTY,
    );
    let m = normalize(&pdu, &policy("RU")).expect("valid");
    let Detection::Segment(seg) = m.multipart else {
        panic!("segment expected")
    };
    assert_eq!(
        (seg.kind, seg.reference, seg.total, seg.seq),
        (RefKind::Udh8, 0xA5, 3, 1)
    );
    assert_eq!(
        m.otp(),
        None,
        "a segment's code waits for the whole message"
    );
    // A UDH that overruns the message is an error with a status.
    let broken = [0x07, 0x00, 0x03, 0xA5];
    let pdu = sm(
        Address::new(5, 0, b"Y"),
        Address::new(1, 1, b"79161234567"),
        8,
        0x40,
        &broken,
        Tlvs::EMPTY,
    );
    let err = normalize(&pdu, &policy("RU")).expect_err("overrun");
    assert_eq!(err.command_status(), CommandStatus::ESME_RINVMSGLEN);
}

#[test]
fn sar_segments_and_receipts() {
    let mut tlvs = TlvBuf::new();
    tlvs.push_u16(TlvTag::SAR_MSG_REF_NUM, 0x1234)
        .push_u8(TlvTag::SAR_TOTAL_SEGMENTS, 2)
        .push_u8(TlvTag::SAR_SEGMENT_SEQNUM, 2);
    let pdu = sm(
        Address::new(1, 1, b"8613800138000"),
        Address::new(1, 1, b"8613912345678"),
        8,
        0,
        &[0x4F, 0x60],
        tlvs.as_tlvs(),
    );
    let m = normalize(&pdu, &policy("CN")).expect("valid");
    assert!(matches!(m.multipart, Detection::Segment(s) if s.kind == RefKind::Sar && s.seq == 2));
    let receipt = sm(
        Address::new(1, 1, b"447700900123"),
        Address::new(1, 1, b"447700900999"),
        0,
        0x04,
        b"id:1 stat:DELIVRD",
        Tlvs::EMPTY,
    );
    assert!(
        normalize(&receipt, &policy("GB"))
            .expect("valid")
            .is_receipt()
    );
}

#[test]
fn dcs0_follows_the_account() {
    let bytes = [0xE9u8, 0x74, 0xE9]; // "été" in Latin-1
    let pdu = sm(
        Address::new(1, 1, b"33612345678"),
        Address::new(1, 1, b"33612345679"),
        0,
        0,
        &bytes,
        Tlvs::EMPTY,
    );
    let mut p = policy("FR");
    p.text = TextPolicy {
        dcs0: Dcs0Alphabet::Latin1,
        gsm_packed: false,
    };
    let m = normalize(&pdu, &p).expect("valid");
    assert_eq!(m.text.text.as_deref(), Some("été"));
    assert_eq!(m.text.encoding, Encoding::Latin1);
    // The same bytes under the GSM 7-bit default are not septets: lossy.
    let m = normalize(&pdu, &policy("FR")).expect("valid");
    assert!(m.text.lossy);
}

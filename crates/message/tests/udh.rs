//! User data headers and multipart descriptors: `udh` and `multipart`.

use inlet_message::gsm::NationalLanguage;
use inlet_message::multipart::{
    ContentField, Detection, GroupKey, Ignored, RefKind, Segment, detect,
};
use inlet_message::udh::{self, Concat, InformationElement, Ports, UDHI, Udh, UdhError};
use inlet_pdu::{CommandStatus, TlvBuf, TlvTag, Tlvs};
use proptest::prelude::*;

fn parse(bytes: &[u8]) -> (Udh<'_>, &[u8]) {
    Udh::parse(bytes).expect("valid header")
}

#[test]
fn concat_8bit() {
    let data = [0x05, 0x00, 0x03, 0xA5, 0x03, 0x01, b'h', b'i'];
    let (udh, text) = parse(&data);
    assert_eq!(text, b"hi");
    assert_eq!(udh.encoded_len(), 6);
    assert_eq!(udh.as_bytes(), &data[..6]);
    assert_eq!(
        udh.concat(),
        Some(Concat {
            kind: RefKind::Udh8,
            reference: 0xA5,
            total: 3,
            seq: 1
        })
    );
    assert_eq!(udh.ports(), None);
    assert_eq!(udh.single_shift(), None);
    assert_eq!(udh.locking_shift(), None);
    assert_eq!(udh.unknown_ies().count(), 0);
    assert_eq!(
        udh.ies().collect::<Vec<_>>(),
        [InformationElement {
            id: 0x00,
            data: &[0xA5, 0x03, 0x01]
        }]
    );
}

#[test]
fn concat_16bit() {
    let data = [0x06, 0x08, 0x04, 0x12, 0x34, 0x03, 0x02, 0x00, 0x41];
    let (udh, text) = parse(&data);
    assert_eq!(text, [0x00, 0x41]);
    assert_eq!(udh.encoded_len(), 7);
    assert_eq!(
        udh.concat(),
        Some(Concat {
            kind: RefKind::Udh16,
            reference: 0x1234,
            total: 3,
            seq: 2
        })
    );
}

#[test]
fn ports() {
    let (udh, _) = parse(&[0x04, 0x04, 0x02, 0xF5, 0x10]);
    assert_eq!(
        udh.ports(),
        Some(Ports {
            destination: 0xF5,
            source: 0x10,
            wide: false
        })
    );
    // WAP push: 16-bit ports 2948 ← 9200, with a concatenation IE.
    let data = [
        0x0B, 0x05, 0x04, 0x0B, 0x84, 0x23, 0xF0, 0x00, 0x03, 0x7F, 0x02, 0x01, 0xDE, 0xAD,
    ];
    let (udh, text) = parse(&data);
    assert_eq!(text, [0xDE, 0xAD]);
    assert_eq!(
        udh.ports(),
        Some(Ports {
            destination: 2948,
            source: 9200,
            wide: true
        })
    );
    assert_eq!(
        udh.concat().map(|c| (c.reference, c.total, c.seq)),
        Some((0x7F, 2, 1))
    );
    assert_eq!(udh.ies().count(), 2);
}

#[test]
fn language_shifts() {
    let (udh, text) = parse(&[0x06, 0x25, 0x01, 0x01, 0x24, 0x01, 0x02, 0x41]);
    assert_eq!(text, b"A");
    assert_eq!(udh.locking_shift(), Some(NationalLanguage::Turkish));
    assert_eq!(udh.single_shift(), Some(NationalLanguage::Spanish));
    assert!(!udh.has_unknown_language());

    // An identifier 23.038 does not define is kept raw, not an error.
    let (udh, _) = parse(&[0x03, 0x25, 0x01, 0x0E]);
    assert_eq!(udh.locking_shift(), None);
    assert_eq!(udh.locking_shift_id(), Some(0x0E));
    assert_eq!(udh.single_shift_id(), None);
    assert!(udh.has_unknown_language());
}

#[test]
fn unknown_ies_are_kept_in_order() {
    let data = [
        0x0C, 0x70, 0x00, 0x00, 0x03, 0x01, 0x02, 0x01, 0x0A, 0x03, 0x00, 0x05, 0x10, b'x',
    ];
    let (udh, text) = parse(&data);
    assert_eq!(text, b"x");
    let unknown: Vec<_> = udh.unknown_ies().collect();
    assert_eq!(
        unknown,
        [
            InformationElement {
                id: 0x70,
                data: &[]
            },
            InformationElement {
                id: 0x0A,
                data: &[0x00, 0x05, 0x10]
            }
        ]
    );
    assert!(!unknown[0].is_known());
    assert_eq!(
        udh.ies().map(|ie| ie.id).collect::<Vec<_>>(),
        [0x70, 0x00, 0x0A]
    );
    assert_eq!(udh.concat().map(|c| c.reference), Some(1));
}

#[test]
fn last_occurrence_wins() {
    // 8-bit then 16-bit concatenation: mutually exclusive, the last is used.
    let (udh, _) = parse(&[
        0x0B, 0x00, 0x03, 0x01, 0x02, 0x01, 0x08, 0x04, 0xBE, 0xEF, 0x04, 0x03,
    ]);
    assert_eq!(
        udh.concat(),
        Some(Concat {
            kind: RefKind::Udh16,
            reference: 0xBEEF,
            total: 4,
            seq: 3
        })
    );
    let (udh, _) = parse(&[0x06, 0x24, 0x01, 0x01, 0x24, 0x01, 0x03]);
    assert_eq!(udh.single_shift(), Some(NationalLanguage::Portuguese));
}

#[test]
fn empty_header_and_header_only() {
    let (udh, text) = parse(&[0x00, b'o', b'k']);
    assert_eq!(udh.encoded_len(), 1);
    assert_eq!(udh.ies().count(), 0);
    assert_eq!(text, b"ok");
    let (udh, text) = parse(&[0x05, 0x00, 0x03, 0x01, 0x02, 0x02]);
    assert_eq!(udh.encoded_len(), 6);
    assert!(text.is_empty());
}

#[test]
fn split_follows_esm_class() {
    let data = [0x05, 0x00, 0x03, 0xA5, 0x03, 0x01, b'h', b'i'];
    let (udh, text, len) = udh::split(0x00, &data).expect("no header");
    assert!(udh.is_none());
    assert_eq!(text, data);
    assert_eq!(len, 0);
    let (udh, text, len) = udh::split(UDHI | 0x03, &data).expect("valid header");
    assert_eq!(udh.and_then(|u| u.concat()).map(|c| c.seq), Some(1));
    assert_eq!(text, b"hi");
    assert_eq!(len, 6);
    assert!(udh::has_udh(0x40));
    assert!(udh::has_udh(0xC3));
    assert!(!udh::has_udh(0x83));
    // Without UDHI, even empty user data is fine.
    assert!(udh::split(0x00, &[]).is_ok());
}

#[test]
fn errors() {
    let cases: [(&[u8], UdhError); 8] = [
        (&[], UdhError::Empty),
        (
            &[0x05, 0x00, 0x03, 0xA5],
            UdhError::HeaderOverrun {
                udhl: 5,
                available: 3,
            },
        ),
        (
            &[0xFF],
            UdhError::HeaderOverrun {
                udhl: 255,
                available: 0,
            },
        ),
        // IE data past the UDHL (though not past the user data).
        (
            &[0x03, 0x00, 0x03, 0xA5, 0x03, 0x01],
            UdhError::IeOverrun {
                iei: 0x00,
                offset: 0,
            },
        ),
        // IE with no length octet inside the header.
        (
            &[0x04, 0x24, 0x01, 0x01, 0x08, 0x00],
            UdhError::IeOverrun {
                iei: 0x08,
                offset: 3,
            },
        ),
        (
            &[0x04, 0x00, 0x02, 0xA5, 0x03],
            UdhError::IeLength {
                iei: 0x00,
                length: 2,
                expected: 3,
            },
        ),
        (
            &[0x05, 0x08, 0x03, 0x12, 0x34, 0x03],
            UdhError::IeLength {
                iei: 0x08,
                length: 3,
                expected: 4,
            },
        ),
        (
            &[0x04, 0x25, 0x02, 0x01, 0x01],
            UdhError::IeLength {
                iei: 0x25,
                length: 2,
                expected: 1,
            },
        ),
    ];
    for (bytes, expected) in cases {
        assert_eq!(Udh::parse(bytes).err(), Some(expected), "{bytes:02X?}");
        assert_eq!(udh::split(UDHI, bytes).err(), Some(expected));
    }
    for (iei, bad_len) in [(0x04, 3), (0x05, 2), (0x24, 0)] {
        let mut bytes = vec![2 + bad_len, iei, bad_len];
        bytes.extend(std::iter::repeat_n(1, usize::from(bad_len)));
        assert!(
            matches!(Udh::parse(&bytes), Err(UdhError::IeLength { iei: i, .. }) if i == iei),
            "{bytes:02X?}"
        );
    }
}

#[test]
fn error_statuses_and_labels() {
    fn copy<T: Copy + std::error::Error>(_: T) {}
    copy(UdhError::Empty);
    assert_eq!(
        UdhError::Empty.command_status(),
        CommandStatus::ESME_RINVESMCLASS
    );
    assert_eq!(UdhError::Empty.as_label(), "udh_empty");
    let overrun = UdhError::HeaderOverrun {
        udhl: 5,
        available: 3,
    };
    assert_eq!(overrun.command_status(), CommandStatus::ESME_RINVMSGLEN);
    assert_eq!(overrun.as_label(), "udh_header_overrun");
    let ie = UdhError::IeOverrun { iei: 0, offset: 0 };
    assert_eq!(ie.command_status(), CommandStatus::ESME_RINVMSGLEN);
    assert_eq!(ie.as_label(), "udh_ie_overrun");
    let length = UdhError::IeLength {
        iei: 0,
        length: 2,
        expected: 3,
    };
    assert_eq!(length.command_status(), CommandStatus::ESME_RINVMSGLEN);
    assert_eq!(length.as_label(), "udh_ie_length");
    assert_eq!(
        length.to_string(),
        "information element 0x00 has length 2, expected 3"
    );
}

// ---- multipart ----

fn sar(reference: u16, total: u8, seq: u8) -> TlvBuf {
    let mut buf = TlvBuf::new();
    buf.push_u16(TlvTag::SAR_MSG_REF_NUM, reference)
        .push_u8(TlvTag::SAR_TOTAL_SEGMENTS, total)
        .push_u8(TlvTag::SAR_SEGMENT_SEQNUM, seq);
    buf
}

fn tlvs(buf: &TlvBuf) -> Tlvs<'_> {
    Tlvs::parse(buf.as_tlvs().as_bytes()).expect("valid TLVs")
}

#[test]
fn segment_from_udh() {
    let (udh, _) = parse(&[0x05, 0x00, 0x03, 0xA5, 0x03, 0x01]);
    let detection = detect(Some(&udh), &Tlvs::EMPTY, ContentField::ShortMessage);
    let expected = Segment {
        kind: RefKind::Udh8,
        reference: 0xA5,
        total: 3,
        seq: 1,
    };
    assert_eq!(detection, Detection::Segment(expected));
    assert_eq!(detection.segment(), Some(expected));

    let (udh, _) = parse(&[0x06, 0x08, 0x04, 0x12, 0x34, 0x03, 0x02]);
    assert_eq!(
        detect(Some(&udh), &Tlvs::EMPTY, ContentField::ShortMessage).segment(),
        Some(Segment {
            kind: RefKind::Udh16,
            reference: 0x1234,
            total: 3,
            seq: 2
        })
    );
}

#[test]
fn segment_from_sar() {
    let buf = sar(0xBEEF, 4, 4);
    let detection = detect(None, &tlvs(&buf), ContentField::ShortMessage);
    assert_eq!(
        detection,
        Detection::Segment(Segment {
            kind: RefKind::Sar,
            reference: 0xBEEF,
            total: 4,
            seq: 4
        })
    );
    // A header without a concatenation IE does not hide SAR.
    let (udh, _) = parse(&[0x03, 0x24, 0x01, 0x01]);
    assert_eq!(
        detect(Some(&udh), &tlvs(&buf), ContentField::ShortMessage)
            .segment()
            .map(|s| s.kind),
        Some(RefKind::Sar)
    );
}

#[test]
fn udh_wins_over_sar() {
    let (udh, _) = parse(&[0x05, 0x00, 0x03, 0x07, 0x02, 0x02]);
    let buf = sar(0x0100, 5, 1);
    assert_eq!(
        detect(Some(&udh), &tlvs(&buf), ContentField::ShortMessage).segment(),
        Some(Segment {
            kind: RefKind::Udh8,
            reference: 7,
            total: 2,
            seq: 2
        })
    );
    // An unusable concatenation IE falls back to SAR.
    let (bad, _) = parse(&[0x05, 0x00, 0x03, 0x07, 0x00, 0x01]);
    assert_eq!(
        detect(Some(&bad), &tlvs(&buf), ContentField::ShortMessage)
            .segment()
            .map(|s| (s.kind, s.reference)),
        Some((RefKind::Sar, 0x0100))
    );
}

#[test]
fn ignored_values() {
    let cases = [
        (0, 1, Ignored::TotalZero),
        (0, 0, Ignored::TotalZero),
        (1, 1, Ignored::SinglePart),
        (3, 0, Ignored::SeqZero),
        (3, 4, Ignored::SeqPastTotal),
        (1, 2, Ignored::SeqPastTotal),
    ];
    for (total, seq, reason) in cases {
        let data = [0x05, 0x00, 0x03, 0x2A, total, seq];
        let (udh, _) = parse(&data);
        assert_eq!(
            detect(Some(&udh), &Tlvs::EMPTY, ContentField::ShortMessage),
            Detection::Ignored(RefKind::Udh8, reason),
            "udh total {total} seq {seq}"
        );
        let buf = sar(42, total, seq);
        assert_eq!(
            detect(None, &tlvs(&buf), ContentField::ShortMessage),
            Detection::Ignored(RefKind::Sar, reason),
            "sar total {total} seq {seq}"
        );
        assert_eq!(Segment::new(RefKind::Udh16, 9, total, seq), Err(reason));
    }
    assert_eq!(Ignored::SeqPastTotal.as_label(), "seq_past_total");
    assert!(Segment::new(RefKind::Sar, 0, 255, 255).is_ok());
    assert!(Segment::new(RefKind::Sar, 0, 2, 1).is_ok());
}

#[test]
fn incomplete_sar() {
    let mut buf = TlvBuf::new();
    buf.push_u16(TlvTag::SAR_MSG_REF_NUM, 1)
        .push_u8(TlvTag::SAR_TOTAL_SEGMENTS, 2);
    assert_eq!(
        detect(None, &tlvs(&buf), ContentField::ShortMessage),
        Detection::Ignored(RefKind::Sar, Ignored::IncompleteSar)
    );
    assert_eq!(Segment::from_sar(&tlvs(&buf)), Err(Ignored::IncompleteSar));
    assert_eq!(Segment::from_sar(&Tlvs::EMPTY), Ok(None));
}

#[test]
fn single_part_and_message_payload() {
    assert_eq!(
        detect(None, &Tlvs::EMPTY, ContentField::ShortMessage),
        Detection::Single
    );
    assert_eq!(
        detect(None, &Tlvs::EMPTY, ContentField::MessagePayload),
        Detection::Single
    );
    let (udh, _) = parse(&[0x05, 0x00, 0x03, 0xA5, 0x03, 0x01]);
    assert_eq!(
        detect(Some(&udh), &Tlvs::EMPTY, ContentField::MessagePayload),
        Detection::Ignored(RefKind::Udh8, Ignored::MessagePayload)
    );
    let buf = sar(1, 2, 1);
    let detection = detect(None, &tlvs(&buf), ContentField::MessagePayload);
    assert_eq!(
        detection,
        Detection::Ignored(RefKind::Sar, Ignored::MessagePayload)
    );
    assert_eq!(detection.segment(), None);
}

#[test]
fn ref_kind_names() {
    for (kind, name) in [
        (RefKind::Udh8, "udh8"),
        (RefKind::Udh16, "udh16"),
        (RefKind::Sar, "sar"),
    ] {
        assert_eq!(kind.as_str(), name);
        assert_eq!(kind.to_string(), name);
        assert_eq!(RefKind::from_name(name), Some(kind));
        assert_eq!(
            serde_json::to_string(&kind).expect("serializes"),
            format!("\"{name}\"")
        );
        assert_eq!(
            serde_json::from_str::<RefKind>(&format!("\"{name}\"")).expect("deserializes"),
            kind
        );
    }
    assert_eq!(RefKind::from_name("UDH8"), None);
    let segment = Segment {
        kind: RefKind::Udh16,
        reference: 513,
        total: 3,
        seq: 2,
    };
    assert_eq!(
        serde_json::to_string(&segment).expect("serializes"),
        r#"{"kind":"udh16","reference":513,"total":3,"seq":2}"#
    );
}

#[test]
fn group_key_string_form() {
    let segment = Segment {
        kind: RefKind::Udh8,
        reference: 123,
        total: 3,
        seq: 2,
    };
    let key = GroupKey::new("acct", "+447700900123", "+14035551234", &segment);
    assert_eq!(
        key.to_string(),
        "acct|+447700900123|+14035551234|udh8|123|3"
    );
    assert_eq!(key.to_string().parse::<GroupKey>(), Ok(key.clone()));

    // Every segment of the message has the same key.
    let other = Segment { seq: 3, ..segment };
    assert_eq!(
        GroupKey::new("acct", "+447700900123", "+14035551234", &other),
        key
    );

    let sar = Segment {
        kind: RefKind::Sar,
        reference: 65535,
        total: 255,
        seq: 1,
    };
    let odd = GroupKey::new("a|b", "Bank\\Alerts", "+1", &sar);
    assert_eq!(odd.to_string(), r"a\|b|Bank\\Alerts|+1|sar|65535|255");
    assert_eq!(odd.to_string().parse::<GroupKey>(), Ok(odd));

    // Field boundaries cannot be confused.
    let left = GroupKey::new("a|b", "c", "+1", &segment);
    let right = GroupKey::new("a", "b|c", "+1", &segment);
    assert_ne!(left.to_string(), right.to_string());
}

#[test]
fn group_key_rejects_malformed() {
    for bad in [
        "",
        "a|b|c|udh8|1",
        "a|b|c|udh8|1|2|3",
        "a|b|c|UDH8|1|2",
        "a|b|c|udh8|x|2",
        "a|b|c|udh8|1|256",
        "a|b|c|udh8|65536|2",
        "a|b|c|udh8|01|2",
        "a|b|c|udh8|+1|2",
        r"a\x|b|c|udh8|1|2",
        r"a|b|c\|udh8|1|2",
        r"a|b|c|udh8|1|2\",
        r"a|b|c|ud\|h8|1|2",
    ] {
        assert!(bad.parse::<GroupKey>().is_err(), "{bad:?}");
    }
}

proptest! {
    #[test]
    fn parse_never_panics_and_is_consistent(data in proptest::collection::vec(any::<u8>(), 0..300)) {
        if let Ok((udh, text)) = Udh::parse(&data) {
            prop_assert_eq!(udh.encoded_len() + text.len(), data.len());
            prop_assert_eq!(udh.as_bytes(), &data[..udh.encoded_len()]);
            // The IEs cover the header exactly.
            let covered: usize = udh.ies().map(|ie| 2 + ie.data.len()).sum();
            prop_assert_eq!(covered + 1, udh.encoded_len());
        }
    }

    #[test]
    fn group_key_round_trips(
        account in ".{0,12}",
        from in "[a-z|\\\\+0-9]{0,12}",
        to in ".{0,12}",
        kind in prop_oneof![Just(RefKind::Udh8), Just(RefKind::Udh16), Just(RefKind::Sar)],
        reference in any::<u16>(),
        total in 2u8..,
    ) {
        let segment = Segment { kind, reference, total, seq: 1 };
        let key = GroupKey::new(&account, &from, &to, &segment);
        let text = key.to_string();
        prop_assert_eq!(text.parse::<GroupKey>(), Ok(key));
    }
}

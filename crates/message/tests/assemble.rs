//! `assemble` over arbitrary segment records (what a buggy producer could
//! leave on the segments topic): never panics, always gives a record whose
//! parts add up, and is deterministic under reordering.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use inlet_message::assemble::assemble;
use inlet_message::multipart::{GroupKey, RefKind};
use inlet_message::record::{BindKind, Carrier, Command, FromKind, SegmentRecord, Smpp};
use inlet_message::text::Encoding;
use proptest::prelude::*;

const ENCODINGS: [Encoding; 11] = Encoding::ALL;

/// What the segments of one generated group share.
struct Shape {
    kind: RefKind,
    total: u8,
    encoding: Encoding,
    shifts: (Option<u8>, Option<u8>),
}

/// One generated segment: seq, UDH length, content, garbage base64.
type Part = (u8, u16, Vec<u8>, bool);

fn record(shape: &Shape, part: &Part) -> SegmentRecord {
    let (seq, udh_length, content, garbage_base64) = part;
    let (seq, udh_length, garbage_base64) = (*seq, *udh_length, *garbage_base64);
    let Shape {
        kind,
        total,
        encoding,
        shifts,
    } = *shape;
    SegmentRecord {
        group: GroupKey {
            account: "a".into(),
            from: "Bank".into(),
            to: "+14035551234".into(),
            kind,
            reference: 7,
            total,
        },
        seq,
        id: format!("id{seq}").into(),
        received_at: format!("2026-11-22T00:00:{:02}.000Z", seq % 60).into(),
        from_kind: FromKind::Alphanumeric,
        content_base64: if garbage_base64 {
            "not base64!".into()
        } else {
            BASE64.encode(content)
        },
        udh_length,
        encoding,
        language_locking_shift: shifts.0,
        language_single_shift: shifts.1,
        assignment: None,
        reason: Some("unknown_number".into()),
        carrier: Carrier {
            system_id: "a".into(),
            bind: BindKind::Transceiver,
            session: "s".into(),
        },
        smpp: Smpp {
            command: Command::SubmitSm,
            esm_class: 0x40,
            data_coding: 0,
            protocol_id: None,
            source_addr_ton: 5,
            source_addr_npi: 0,
            dest_addr_ton: 1,
            dest_addr_npi: 1,
            tlv_tags: Vec::new(),
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn any_segments_assemble_without_panicking(
        kind in prop_oneof![Just(RefKind::Udh8), Just(RefKind::Udh16), Just(RefKind::Sar)],
        total in any::<u8>(),
        parts in prop::collection::vec(
            (any::<u8>(), 0u16..300, prop::collection::vec(any::<u8>(), 0..160), prop::bool::weighted(0.05)),
            1..8,
        ),
        encoding in 0usize..ENCODINGS.len(),
        shifts in (prop::option::of(any::<u8>()), prop::option::of(any::<u8>())),
        late in any::<bool>(),
    ) {
        let shape = Shape { kind, total, encoding: ENCODINGS[encoding], shifts };
        let segments: Vec<SegmentRecord> = parts.iter().map(|p| record(&shape, p)).collect();
        let m = assemble(&segments, late).expect("a record");
        let mut seqs: Vec<u8> = parts.iter().map(|p| p.0).collect();
        seqs.sort_unstable();
        seqs.dedup();
        prop_assert_eq!(m.part_ids.len(), seqs.len());
        prop_assert_eq!(m.parts, total);
        prop_assert_eq!(m.complete, m.missing_parts.is_empty() && !late);
        prop_assert!(m.missing_parts.iter().all(|s| !seqs.contains(s)));
        let mut reversed = segments.clone();
        reversed.reverse();
        // Reordering keeps the record, except which duplicate of a seq
        // counts first; without duplicates it is identical.
        if seqs.len() == parts.len() {
            prop_assert_eq!(assemble(&reversed, late), Some(m));
        }
    }
}

#[test]
fn no_segments_no_record() {
    assert_eq!(assemble(&[], false), None);
}

//! Decode throughput of inlet-pdu against rusmpp (owned) and rusmppz
//! (borrowed), side by side in one criterion group, on the corpus of issue
//! #2 (built with rusmpp's encoder; the exact bytes below).
//!
//! Run: `cargo bench -p inlet-pdu --bench decode`
//!
//! Each iteration decodes one PDU from its frame and touches every field,
//! TLVs included, through `black_box`, so lazy decoding is not measured as
//! free. `header_only/baseline` reads the four header words of the
//! submit_sm: the floor any decoder pays.

use std::hint::black_box;

use bytes::BytesMut;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use inlet_pdu::{Body, Pdu, SubmitSm};

const SUBMIT_SM: &str = "00000078000000040000000000000101434d540005004d7953686f70000101343437373030393030313233000000000030303030303130303030303030303052000100000019596f757220636f6465206973203438323931332e20427965210204000212340381000f010101343437373030393030303030";
const DELIVER_SM: &str = "000000a90000000500000000000002020001013434373730303930303132330005004d7953686f70000400000000000000006469643a3766336139633231207375623a30303120646c7672643a303031207375626d697420646174653a3236303130313132303020646f6e6520646174653a3236303130313132303120737461743a44454c49565244206572723a30303020746578743a001e00093766336139633231000427000102";
const ENQUIRE_LINK: &str = "00000010000000150000000000000303";
const SUBMIT_SM_PAYLOAD: &str = "000000d70000000400000000000004040005004d7953686f700001013434373730303930303132330000000000000100080000042400a0041f04400438043204350442002100200412043004480020043a043e04340020043f043e04340442043204350440043604340435043d0438044f003a0020003400380032003900310033002e0020041d0438043a043e043c0443002004350433043e0020043d043500200441043e043e043104490430043904420435002e00200421043f0430044104380431043e002100210021002100210021002100210021";

/// rusmppz's inline capacity for TLVs (and submit_multi lists).
const N: usize = 8;

fn frame(hex: &str) -> Vec<u8> {
    hex::decode(hex).expect("valid hex")
}

// ---- inlet ----

fn touch_sm(sm: &SubmitSm<'_>) {
    black_box(sm.service_type);
    black_box((sm.source.ton, sm.source.npi, sm.source.addr));
    black_box((sm.dest.ton, sm.dest.npi, sm.dest.addr));
    black_box((sm.esm_class, sm.protocol_id, sm.priority_flag));
    black_box((sm.schedule_delivery_time, sm.validity_period));
    black_box((sm.registered_delivery, sm.replace_if_present_flag));
    black_box((sm.data_coding, sm.sm_default_msg_id, sm.short_message));
    for tlv in sm.tlvs.iter() {
        black_box((tlv.tag, tlv.value));
    }
}

fn inlet(frame: &[u8]) {
    // Borrowed in place: moving the `Pdu` out of the `Result` would add a
    // 152-octet memcpy that is the harness's, not the decoder's.
    let result = Pdu::decode(black_box(frame));
    let Ok(pdu) = &result else {
        panic!("the corpus decodes");
    };
    black_box((pdu.command_id(), pdu.command_status, pdu.sequence_number));
    match &pdu.body {
        Body::SubmitSm(sm) | Body::DeliverSm(sm) => touch_sm(sm),
        body => {
            black_box(body);
        }
    }
}

// ---- rusmpp (owned) and rusmppz (borrowed): same field names ----

macro_rules! touch_rusmpp_sm {
    ($sm:expr) => {{
        let sm = $sm;
        black_box(&sm.service_type);
        black_box((&sm.source_addr_ton, &sm.source_addr_npi, &sm.source_addr));
        black_box((&sm.dest_addr_ton, &sm.dest_addr_npi, &sm.destination_addr));
        black_box((&sm.esm_class, &sm.protocol_id, &sm.priority_flag));
        black_box((&sm.schedule_delivery_time, &sm.validity_period));
        black_box((&sm.registered_delivery, &sm.replace_if_present_flag));
        black_box((&sm.data_coding, &sm.sm_default_msg_id, sm.short_message()));
        for tlv in sm.tlvs() {
            black_box((tlv.tag(), tlv.value_length(), tlv.value()));
        }
    }};
}

fn rusmpp_owned(mut buf: BytesMut) {
    use rusmpp::decode::DecodeWithLength;
    let len = buf.len();
    // Borrowed in place, as for inlet.
    let result = rusmpp::Command::decode(black_box(&mut buf), len);
    let Ok((cmd, _)) = &result else {
        panic!("the corpus decodes");
    };
    black_box((cmd.id(), cmd.status, cmd.sequence_number));
    match cmd.pdu() {
        Some(rusmpp::Pdu::SubmitSm(sm)) => touch_rusmpp_sm!(sm),
        Some(rusmpp::Pdu::DeliverSm(sm)) => touch_rusmpp_sm!(sm),
        other => {
            black_box(other);
        }
    }
}

fn rusmpp_borrowed(frame: &[u8]) {
    use rusmppz::decode::DecodeWithLength;
    let body = &black_box(frame)[4..];
    let result = rusmppz::Command::<N>::decode(body, body.len());
    let Ok((cmd, _)) = &result else {
        panic!("the corpus decodes");
    };
    black_box((cmd.id(), cmd.status(), cmd.sequence_number()));
    match cmd.pdu() {
        Some(rusmppz::Pdu::SubmitSm(sm)) => touch_rusmpp_sm!(sm),
        Some(rusmppz::Pdu::DeliverSm(sm)) => touch_rusmpp_sm!(sm),
        other => {
            black_box(other);
        }
    }
}

fn header_only(frame: &[u8]) {
    let f = black_box(frame);
    let word = |i: usize| u32::from_be_bytes([f[i], f[i + 1], f[i + 2], f[i + 3]]);
    black_box((word(0), word(4), word(8), word(12)));
}

fn decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode");
    let cases = [
        ("submit_sm", frame(SUBMIT_SM), true),
        ("deliver_sm", frame(DELIVER_SM), true),
        ("enquire_link", frame(ENQUIRE_LINK), false),
        ("submit_sm_payload", frame(SUBMIT_SM_PAYLOAD), true),
    ];
    for (name, bytes, with_borrowed) in &cases {
        // Every decoder must accept the corpus before it is timed.
        Pdu::decode(bytes).expect("inlet decodes the corpus");
        group.bench_function(format!("{name}/inlet"), |b| b.iter(|| inlet(bytes)));
        group.bench_function(format!("{name}/rusmpp_owned"), |b| {
            b.iter_batched(
                || BytesMut::from(&bytes[4..]),
                rusmpp_owned,
                BatchSize::SmallInput,
            )
        });
        if *with_borrowed {
            group.bench_function(format!("{name}/rusmpp_borrowed"), |b| {
                b.iter(|| rusmpp_borrowed(bytes))
            });
        }
    }
    let submit_sm = frame(SUBMIT_SM);
    group.bench_function("header_only/baseline", |b| {
        b.iter(|| header_only(&submit_sm))
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);

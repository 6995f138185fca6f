//! Decoding a PDU performs zero heap allocations: a counting global
//! allocator, in this test binary only, watches `Pdu::decode` and every
//! field access of the benchmark's submit_sm (with TLVs), deliver_sm
//! receipt and message_payload submit_sm.

#![allow(unsafe_code)] // a GlobalAlloc impl is unsafe by definition

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;

use inlet_pdu::{Body, Pdu};

struct Counting;

thread_local! {
    // Allocations made by this thread only: the test harness's own threads
    // (output capture, timers) allocate at any time, which a process-wide
    // count would blame on the decoder. A const-initialised `Cell` of a
    // type without a destructor needs no allocation to exist.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count() {
    // `try_with`: during thread teardown the slot may be gone; those
    // allocations are not the decoder's.
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}

// Safety: forwards every call to `System` unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        // Safety: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // Safety: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        // Safety: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const SUBMIT_SM: &str = "00000078000000040000000000000101434d540005004d7953686f70000101343437373030393030313233000000000030303030303130303030303030303052000100000019596f757220636f6465206973203438323931332e20427965210204000212340381000f010101343437373030393030303030";
const DELIVER_SM: &str = "000000a90000000500000000000002020001013434373730303930303132330005004d7953686f70000400000000000000006469643a3766336139633231207375623a30303120646c7672643a303031207375626d697420646174653a3236303130313132303020646f6e6520646174653a3236303130313132303120737461743a44454c49565244206572723a30303020746578743a001e00093766336139633231000427000102";
const SUBMIT_SM_PAYLOAD: &str = "000000d70000000400000000000004040005004d7953686f700001013434373730303930303132330000000000000100080000042400a0041f04400438043204350442002100200412043004480020043a043e04340020043f043e04340442043204350440043604340435043d0438044f003a0020003400380032003900310033002e0020041d0438043a043e043c0443002004350433043e0020043d043500200441043e043e043104490430043904420435002e00200421043f0430044104380431043e002100210021002100210021002100210021";

/// Decodes and touches every field and TLV; returns a checksum so nothing
/// is optimised away.
fn decode_and_touch(frame: &[u8]) -> usize {
    let pdu = Pdu::decode(black_box(frame)).expect("valid");
    let (Body::SubmitSm(sm) | Body::DeliverSm(sm)) = pdu.body else {
        panic!("not a short message");
    };
    let mut sum = sm.service_type.len()
        + sm.source.addr.len()
        + sm.dest.addr.len()
        + usize::from(sm.esm_class)
        + usize::from(sm.data_coding)
        + sm.short_message.len()
        + sm.schedule_delivery_time.len()
        + sm.validity_period.len();
    for tlv in sm.tlvs.iter() {
        sum += usize::from(tlv.tag.0) + tlv.value.len();
    }
    sum += sm.tlvs.message_payload().map_or(0, <[u8]>::len);
    sum += usize::from(sm.tlvs.user_message_reference().unwrap_or(0));
    sum += sm.tlvs.receipted_message_id().map_or(0, <[u8]>::len);
    sum += usize::from(sm.tlvs.message_state().unwrap_or(0));
    sum
}

#[test]
fn decoding_allocates_nothing() {
    let frames: Vec<Vec<u8>> = [SUBMIT_SM, DELIVER_SM, SUBMIT_SM_PAYLOAD]
        .iter()
        .map(|h| hex::decode(h).expect("hex"))
        .collect();
    // Warm up anything lazily initialised outside the decoder.
    let mut sum = 0;
    for frame in &frames {
        sum += decode_and_touch(frame);
    }
    let before = allocations();
    for _ in 0..100 {
        for frame in &frames {
            sum += decode_and_touch(frame);
        }
    }
    let after = allocations();
    black_box(sum);
    assert_eq!(
        after - before,
        0,
        "decoding allocated {} times",
        after - before
    );
}

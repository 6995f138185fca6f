//! Fuzz target `decode`: `Pdu::decode` on arbitrary bytes.
//!
//! Checks that
//! - `Pdu::decode` never panics, on the input as it is and on a copy whose
//!   first four octets (`command_length`) are set to the input's length, so
//!   that the fuzzer gets past the length check into the body parsers;
//! - whatever decodes re-encodes: `to_bytes` succeeds, its output carries
//!   its own length in `command_length`, and it decodes to an equal `Pdu`.
//!
//! Run (from the repository root):
//!   scripts/fuzz 60 decode
//! or by hand:
//!   RUSTC_BOOTSTRAP=1 cargo fuzz run decode --release -- -max_total_time=60
//! Reproduce a crash:
//!   RUSTC_BOOTSTRAP=1 cargo fuzz run decode --release fuzz/artifacts/decode/crash-...

#![no_main]

use inlet_pdu::Pdu;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    check(data);
    if data.len() >= 4 {
        let mut fixed = data.to_vec();
        let len = u32::try_from(data.len()).expect("fuzz inputs are small");
        fixed[..4].copy_from_slice(&len.to_be_bytes());
        check(&fixed);
    }
});

/// Decodes `frame`; if it decodes, re-encodes it and decodes that again.
fn check(frame: &[u8]) {
    let Ok(pdu) = Pdu::decode(frame) else {
        return;
    };
    let bytes = match pdu.to_bytes() {
        Ok(bytes) => bytes,
        Err(e) => {
            panic!("a decoded PDU does not re-encode: {e:?}\n  frame: {frame:02x?}\n  pdu: {pdu:?}")
        }
    };
    assert_eq!(
        bytes
            .get(..4)
            .map(|b| u32::from_be_bytes(b.try_into().expect("4 octets"))),
        u32::try_from(bytes.len()).ok(),
        "re-encoded command_length is not the encoding's length\n  frame: {frame:02x?}\n  pdu: {pdu:?}",
    );
    match Pdu::decode(&bytes) {
        Ok(again) => assert_eq!(
            again,
            pdu,
            "re-encoding changes the PDU\n  frame:      {frame:02x?}\n  re-encoded: {:02x?}",
            &bytes[..],
        ),
        Err(e) => panic!(
            "a re-encoded PDU does not decode: {e:?}\n  frame:      {frame:02x?}\n  re-encoded: {:02x?}\n  pdu: {pdu:?}",
            &bytes[..],
        ),
    }
}

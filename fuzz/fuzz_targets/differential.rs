//! Fuzz target `differential`: inlet-pdu against rusmpp 0.4.0 / rusmppz
//! 0.4.0, through `compare` of `crates/pdu/tests/support/differential.rs`
//! (the same code as the differential tests).
//!
//! Checks that `compare` never returns `Outcome::Unexplained` (a
//! disagreement outside the documented classes D1–D13 of
//! `crates/pdu/tests/differential.rs`), and never panics, on
//! - the input with `command_length` set to its length (corrupt frames);
//! - a valid PDU built from the input by `inlet_pdu::arbitrary::with_arbitrary_pdu`
//!   and encoded with `to_bytes`.
//!
//! Run (from the repository root):
//!   scripts/fuzz 60 differential
//! or by hand:
//!   RUSTC_BOOTSTRAP=1 cargo fuzz run differential --release -- -max_total_time=60
//! Reproduce a crash:
//!   RUSTC_BOOTSTRAP=1 cargo fuzz run differential --release fuzz/artifacts/differential/crash-...

#![no_main]

use arbitrary::Unstructured;
use inlet_pdu::arbitrary::with_arbitrary_pdu;
use libfuzzer_sys::fuzz_target;

#[allow(dead_code, unreachable_pub)]
#[path = "../../crates/pdu/tests/support/differential.rs"]
mod differential;

use differential::{Outcome, compare, fix_length};

fuzz_target!(|data: &[u8]| {
    // Corrupt frames: the input as one frame of its own length.
    if data.len() >= 4 {
        check("input, command_length fixed up", &fix_length(data.to_vec()));
    }
    // Valid PDUs: built from the same bytes.
    let mut u = Unstructured::new(data);
    if let Ok(Ok(frame)) = with_arbitrary_pdu(&mut u, |pdu| pdu.to_bytes()) {
        check("with_arbitrary_pdu", &frame);
    }
});

fn check(what: &str, frame: &[u8]) {
    if let Outcome::Unexplained(report) = compare(frame) {
        panic!("unexplained disagreement with rusmpp ({what}):\n{report}");
    }
}

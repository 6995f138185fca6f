//! Fuzz target `normalize`: message normalization on arbitrary input.
//!
//! The input chooses `data_coding`, `esm_class`, TON/NPI, the account's
//! country and text policy, the addresses, the content bytes (as
//! `short_message` or `message_payload`) and SAR TLVs. Checks that
//! `normalize` never panics, that a lossy text always comes with its raw
//! bytes, that binary content has no text, and that OTP extraction and the
//! joined-segment decoder never panic on what it produced.
//!
//! Run (from the repository root):
//!   scripts/fuzz 60 normalize
//! or by hand:
//!   RUSTC_BOOTSTRAP=1 cargo fuzz run normalize --release -- -max_total_time=60

#![no_main]

use arbitrary::Unstructured;
use inlet_message::address::Country;
use inlet_message::normalize::{Policy, normalize};
use inlet_message::text::{Dcs0Alphabet, Encoding, SegmentContent, TextPolicy, decode_joined};
use inlet_pdu::{Address, Body, DataSm, Pdu, SubmitSm, TlvBuf, TlvTag};
use libfuzzer_sys::fuzz_target;

const COUNTRIES: [&str; 8] = ["US", "GB", "FR", "DE", "IN", "RU", "BR", "CN"];

fn run(u: &mut Unstructured<'_>) -> arbitrary::Result<()> {
    let dcs: u8 = u.arbitrary()?;
    let esm: u8 = u.arbitrary()?;
    let country = Country::from_iso(u.choose(&COUNTRIES)?).expect("known country");
    let policy = Policy {
        country,
        text: TextPolicy {
            dcs0: *u.choose(&[Dcs0Alphabet::Gsm7, Dcs0Alphabet::Latin1, Dcs0Alphabet::Ascii])?,
            gsm_packed: u.arbitrary()?,
        },
    };
    let n = u.int_in_range(0..=20)?;
    let from: &[u8] = u.bytes(n.min(u.len()))?;
    let n = u.int_in_range(0..=20)?;
    let to: &[u8] = u.bytes(n.min(u.len()))?;
    let source = Address::new(u.arbitrary()?, u.arbitrary()?, from);
    let dest = Address::new(u.arbitrary()?, u.arbitrary()?, to);
    let mut tlvs = TlvBuf::new();
    if u.arbitrary()? {
        tlvs.push_u16(TlvTag::SAR_MSG_REF_NUM, u.arbitrary()?)
            .push_u8(TlvTag::SAR_TOTAL_SEGMENTS, u.arbitrary()?)
            .push_u8(TlvTag::SAR_SEGMENT_SEQNUM, u.arbitrary()?);
    }
    let max = u.len().min(400);
    let n = u.int_in_range(0..=max)?;
    let content = u.bytes(n.min(u.len()))?;
    let (short_message, payload) = match u.int_in_range(0..=2)? {
        0 => (content, None),
        1 => (&[][..], Some(content)),
        _ => (&content[..content.len() / 2], Some(&content[content.len() / 2..])),
    };
    if let Some(p) = payload {
        let _ = tlvs.push(TlvTag::MESSAGE_PAYLOAD, p);
    }
    let body = if u.arbitrary()? {
        Body::DeliverSm(SubmitSm {
            source,
            dest,
            esm_class: esm,
            data_coding: dcs,
            short_message,
            tlvs: tlvs.as_tlvs(),
            ..SubmitSm::default()
        })
    } else {
        Body::DataSm(DataSm {
            source,
            dest,
            esm_class: esm,
            data_coding: dcs,
            tlvs: tlvs.as_tlvs(),
            ..DataSm::default()
        })
    };
    let pdu = Pdu::new(1, body);
    if let Ok(m) = normalize(&pdu, &policy) {
        if m.text.encoding == Encoding::Binary {
            assert!(m.text.text.is_none(), "binary content has no text");
        } else {
            assert!(m.text.text.is_some(), "text content has a text");
        }
        let _ = m.otp();
        let _ = m.is_receipt();
        let _ = m.from.value.len();
        // The same content as two segments of a joined message.
        let half = m.text.raw.len() / 2;
        let parts = [
            SegmentContent { udh: m.text.udh, content: &m.text.raw[..half] },
            SegmentContent { udh: m.text.udh, content: &m.text.raw[half..] },
        ];
        let _ = decode_joined(dcs, &parts, &policy.text);
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});

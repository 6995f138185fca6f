//! Property tests: every valid PDU (built by `inlet_pdu::arbitrary` from
//! random bytes) encodes, decodes back to the same value, and re-encodes to
//! the same octets.

use arbitrary::Unstructured;
use bytes::BytesMut;
use inlet_pdu::arbitrary::with_arbitrary_pdu;
use inlet_pdu::{CommandId, Header, Pdu};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn encode_decode_encode(seed in proptest::collection::vec(any::<u8>(), 0..1024)) {
        let mut u = Unstructured::new(&seed);
        let checked = with_arbitrary_pdu(&mut u, |pdu| {
            let mut buf = BytesMut::new();
            pdu.encode(&mut buf).expect("arbitrary PDUs fit the limits");
            let header = Header::decode(&buf).expect("header");
            assert_eq!(header.command_length as usize, buf.len());
            assert_eq!(header.command_id, pdu.command_id());
            let decoded = Pdu::decode(&buf).expect("own encoding decodes");
            assert_eq!(&decoded, pdu);
            let mut again = BytesMut::new();
            decoded.encode(&mut again).expect("re-encodes");
            assert_eq!(again, buf);
        });
        prop_assume!(checked.is_ok());
    }

    /// Whatever the bytes, decoding returns, and what decodes re-encodes to
    /// bytes that decode equal (the property the `decode` fuzz target checks
    /// at scale).
    #[test]
    fn arbitrary_bytes_never_panic(mut frame in proptest::collection::vec(any::<u8>(), 0..512), id in 0usize..33) {
        if frame.len() >= 16 {
            let len = (frame.len() as u32).to_be_bytes();
            frame[..4].copy_from_slice(&len);
            frame[4..8].copy_from_slice(&CommandId::ALL[id].0.to_be_bytes());
        }
        if let Ok(pdu) = Pdu::decode(&frame) {
            let bytes = pdu.to_bytes().expect("a decoded PDU re-encodes");
            prop_assert_eq!(Pdu::decode(&bytes).expect("re-encoding decodes"), pdu);
        }
    }
}

/// The corpus generator reaches every command id, so the properties above
/// cover all PDUs.
#[test]
fn generator_covers_every_command() {
    let frames = inlet_pdu::arbitrary::corpus(2);
    assert_eq!(frames.len(), 2 * CommandId::ALL.len());
    for (frame, id) in frames.chunks(2).zip(CommandId::ALL) {
        for f in frame {
            assert_eq!(Pdu::decode(f).expect("valid").command_id(), *id);
        }
    }
}

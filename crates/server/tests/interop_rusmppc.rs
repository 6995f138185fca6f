//! Interop with an independent SMPP client: `rusmppc`, the client of the
//! rusmpp project, connects to inlet over real TCP on 127.0.0.1, binds as
//! transceiver and submits a GSM 7-bit message, a UCS-2 message with an
//! emoji and a UDH-concatenated multipart message, then unbinds. What the
//! in-memory publisher of `inlet-message` received is checked against what
//! the client sent.

use std::str::FromStr;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use futures::StreamExt;
use inlet_message::multipart::RefKind;
use inlet_message::text::Encoding;
use inlet_server::ServerConfig;
use rusmpp::extra::concatenation::SubmitSmMultipartExt;
use rusmpp::extra::encoding::EncodedSubmitSmExt;
use rusmpp::pdus::{BindTransceiver, SubmitSm};
use rusmpp::types::{COctetString, OctetString};
use rusmpp::values::{
    DataCoding, EsmClass, InterfaceVersion, Npi, PriorityFlag, RegisteredDelivery,
    ReplaceIfPresentFlag, ServiceType, Ton,
};
use rusmppc::error::Error as ClientError;
use rusmppc::{ConnectionBuilder, Event};

/// The number the routing table rents out, as the client sends it.
const ROUTED: &str = "447700900123";

/// The UDH concatenation reference the client uses for the multipart message.
const REFERENCE: u8 = 0x2A;

mod common;

use common::Harness;

async fn start() -> Harness {
    common::start(ServerConfig::default(), 8).await
}

fn cstr<const MIN: usize, const MAX: usize>(s: &str) -> COctetString<MIN, MAX> {
    COctetString::from_str(s).expect("a valid C-octet string")
}

/// A submit_sm from the alphanumeric sender "WhatsApp" to the routed
/// number, every one-octet field set from a `u8` (`EsmClass::default()`
/// encodes as 0x08 in rusmpp 0.4.0). `short_message` and `data_coding`
/// are set by the caller or by rusmpp's encoders.
fn base_submit() -> SubmitSm {
    SubmitSm::builder()
        .service_type(ServiceType::default())
        .source_addr_ton(Ton::from(5u8))
        .source_addr_npi(Npi::from(0u8))
        .source_addr(cstr("WhatsApp"))
        .dest_addr_ton(Ton::from(1u8))
        .dest_addr_npi(Npi::from(1u8))
        .destination_addr(cstr(ROUTED))
        .esm_class(EsmClass::from(0x00u8))
        .protocol_id(0)
        .priority_flag(PriorityFlag::from(0u8))
        .registered_delivery(RegisteredDelivery::from(0u8))
        .replace_if_present_flag(ReplaceIfPresentFlag::from(0u8))
        .data_coding(DataCoding::from(0u8))
        .sm_default_msg_id(0)
        .build()
}

/// Submits through the client; the server must answer ESME_ROK (rusmppc
/// returns an error for any other status) with a message_id.
async fn submit(client: &rusmppc::Client, sm: SubmitSm) -> String {
    let resp = client
        .submit_sm(sm)
        .await
        .expect("submit_sm_resp with ESME_ROK");
    let id = resp.message_id().as_str().to_owned();
    assert!(!id.is_empty(), "submit_sm_resp carries a message_id");
    id
}

const GSM_TEXT: &str = "Your WhatsApp code is 482-913. Don't share it! Extension: \u{20AC} [ ] { } ~ \\ ^ | and @ \u{00A3} \u{00F1} \u{00C4}";

const UCS2_TEXT: &str = "\u{0412}\u{0430}\u{0448} \u{043A}\u{043E}\u{0434} 482913 \u{1F44D} ok";

const LONG_TEXT: &str = "This is a long message sent by rusmppc in concatenated segments: \
each segment carries a UDH with reference, total and sequence number, \
and inlet must publish every one of them as a segment of the same group. \
Here is the end of it.";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rusmppc_binds_submits_and_unbinds() {
    let h = start().await;

    let (client, events) = ConnectionBuilder::new()
        .response_timeout(Duration::from_secs(5))
        .connect(format!("smpp://127.0.0.1:{}", h.addr.port()))
        .await
        .expect("rusmppc connects");
    let events = tokio::spawn(events.collect::<Vec<Event>>());

    // bind_transceiver, SMPP 5.0 (rusmppc refuses to bind with anything else
    // unless its interface version check is turned off).
    let bind = BindTransceiver::builder()
        .system_id(cstr("carrier"))
        .password(cstr("secret"))
        .system_type(COctetString::empty())
        .interface_version(InterfaceVersion::from(0x50u8))
        .addr_ton(Ton::from(0u8))
        .addr_npi(Npi::from(0u8))
        .address_range(COctetString::empty())
        .build();
    let bound = client
        .bind_transceiver(bind)
        .await
        .expect("bind_transceiver_resp with ESME_ROK");
    assert_eq!(bound.system_id.as_str(), "inlet");
    assert_eq!(bound.sc_interface_version().map(u8::from), Some(0x50));
    client.enquire_link().await.expect("enquire_link_resp");

    // (1) GSM 7-bit, unpacked, data_coding 0, encoded by rusmpp's encoder
    // (extension table characters take an escape each).
    let sm = base_submit()
        .encode(GSM_TEXT)
        .gsm7bit_unpacked()
        .build()
        .expect("GSM 7-bit encodes");
    assert_eq!(u8::from(sm.data_coding), 0x00);
    assert_eq!(u8::from(sm.esm_class), 0x00);
    let gsm_id = submit(&client, sm).await;

    // (2) UCS-2 with an emoji outside the BMP: UTF-16BE, surrogate pair
    // included (rusmpp's UCS-2 encoder refuses non-BMP characters).
    let ucs2: Vec<u8> = UCS2_TEXT
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect();
    let sm = base_submit()
        .with_data_coding(DataCoding::from(0x08u8))
        .with_short_message(OctetString::from_vec(ucs2).expect("fits in short_message"));
    let ucs2_id = submit(&client, sm).await;

    // (3) Multipart: rusmpp's concatenator, GSM 7-bit unpacked, 8-bit
    // reference UDH (05 00 03 ref total seq), esm_class with UDHI only.
    let parts = base_submit()
        .multipart(LONG_TEXT)
        .reference_u8(REFERENCE)
        .gsm7bit_unpacked()
        .build()
        .expect("multipart builds");
    assert!((2..=3).contains(&parts.len()), "{} segments", parts.len());
    let total = parts.len() as u8;
    let mut sent_contents = Vec::new();
    let mut part_ids = Vec::new();
    for (i, sm) in parts.into_iter().enumerate() {
        assert_eq!(u8::from(sm.esm_class), 0x40, "UDHI only");
        assert_eq!(u8::from(sm.data_coding), 0x00);
        let udh = &sm.short_message()[..6];
        assert_eq!(udh, [0x05, 0x00, 0x03, REFERENCE, total, i as u8 + 1]);
        sent_contents.push(sm.short_message()[6..].to_vec());
        part_ids.push(submit(&client, sm).await);
    }

    // Unbind: unbind_resp, then the server closes the connection.
    client.unbind().await.expect("unbind_resp with ESME_ROK");
    match client.close().await {
        Ok(()) | Err(ClientError::ConnectionClosed) => {}
        Err(e) => panic!("close: {e}"),
    }
    tokio::time::timeout(Duration::from_secs(5), client.closed())
        .await
        .expect("connection closed after unbind");
    let events = tokio::time::timeout(Duration::from_secs(5), events)
        .await
        .expect("event stream ends")
        .expect("events task");
    for event in &events {
        match event {
            // The server closes the TCP connection after unbind_resp.
            Event::Error(ClientError::ConnectionClosedByPeer) => {}
            other => panic!("unexpected event: {other:?}"),
        }
    }

    // Every message_id is distinct.
    let mut ids = vec![gsm_id.clone(), ucs2_id.clone()];
    ids.extend(part_ids.iter().cloned());
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");

    // What was published: the two single-part messages...
    let messages = h.publisher.messages();
    assert_eq!(messages.len(), 2, "{messages:?}");
    let gsm = messages
        .iter()
        .find(|m| m.id == gsm_id)
        .expect("the GSM message is published under its message_id");
    assert_eq!(gsm.text.as_deref(), Some(GSM_TEXT));
    assert!(!gsm.lossy);
    assert_eq!(gsm.encoding, Encoding::Gsm7);
    assert_eq!((gsm.smpp.data_coding, gsm.smpp.esm_class), (0x00, 0x00));
    assert_eq!(gsm.parts, 1);
    assert_eq!(gsm.part_ids.as_slice(), [gsm_id.as_str()]);

    let ucs2 = messages
        .iter()
        .find(|m| m.id == ucs2_id)
        .expect("the UCS-2 message is published under its message_id");
    assert_eq!(ucs2.text.as_deref(), Some(UCS2_TEXT), "emoji intact");
    assert!(!ucs2.lossy);
    assert_eq!(ucs2.encoding, Encoding::Ucs2);
    assert_eq!(ucs2.smpp.data_coding, 0x08);

    for m in &messages {
        assert_eq!(m.to, "+447700900123");
        assert_eq!(m.from, "WhatsApp");
        assert_eq!(&*m.carrier.system_id, "carrier");
        assert_eq!(m.assignment.as_ref().map(|a| &*a.account), Some("customer"));
        assert!(m.reason.is_none());
    }

    // ...and the multipart message as segments of one group, not as messages.
    let mut segments = h.publisher.segments();
    assert_eq!(segments.len(), usize::from(total), "{segments:?}");
    segments.sort_by_key(|s| s.seq);
    let group = segments[0].group.clone();
    assert_eq!(group.kind, RefKind::Udh8);
    assert_eq!(group.reference, u16::from(REFERENCE));
    assert_eq!(group.total, total);
    assert_eq!(group.account, "carrier");
    assert_eq!(group.from, "WhatsApp");
    assert_eq!(group.to, "+447700900123");
    let mut septets = Vec::new();
    for (i, s) in segments.iter().enumerate() {
        assert_eq!(s.group, group, "same group");
        assert_eq!(s.group.key(), group.key());
        assert_eq!(usize::from(s.seq), i + 1);
        assert_eq!(s.id, part_ids[i]);
        assert_eq!(s.udh_length, 6);
        assert_eq!(s.encoding, Encoding::Gsm7);
        assert_eq!((s.smpp.data_coding, s.smpp.esm_class), (0x00, 0x40));
        assert_eq!(s.assignment.as_ref().map(|a| &*a.account), Some("customer"));
        let content = BASE64.decode(&s.content_base64).expect("content is base64");
        assert_eq!(content, sent_contents[i], "segment {} content", i + 1);
        septets.extend_from_slice(&content);
    }
    let joined = inlet_message::gsm::decode(&septets, None, None);
    assert!(!joined.lossy);
    assert_eq!(joined.text, LONG_TEXT);
}

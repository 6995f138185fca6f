//! The independent SMPP client `rusmppc` (rusmpp's) through the whole
//! path: it binds to the `inlet` binary, submits GSM 7-bit (extension
//! characters), UCS-2 with an emoji and a concatenated multipart message;
//! the records in Kafka carry the texts and the message_ids it received.

mod common;

use std::str::FromStr;
use std::time::Duration;

use common::{Inlet, broker, config, records, temp_dir};
use futures::StreamExt;
use rusmpp::extra::concatenation::SubmitSmMultipartExt;
use rusmpp::extra::encoding::EncodedSubmitSmExt;
use rusmpp::pdus::{BindTransceiver, SubmitSm};
use rusmpp::types::{COctetString, OctetString};
use rusmpp::values::{
    DataCoding, EsmClass, InterfaceVersion, Npi, PriorityFlag, RegisteredDelivery,
    ReplaceIfPresentFlag, ServiceType, Ton,
};
use rusmppc::ConnectionBuilder;

fn cstr<const MIN: usize, const MAX: usize>(s: &str) -> COctetString<MIN, MAX> {
    COctetString::from_str(s).expect("a valid C-octet string")
}

/// A submit_sm from "WhatsApp" to the shared number; one-octet fields from
/// `u8` (rusmpp 0.4.0's `EsmClass::default()` encodes as 0x08).
fn base_submit() -> SubmitSm {
    SubmitSm::builder()
        .service_type(ServiceType::default())
        .source_addr_ton(Ton::from(5u8))
        .source_addr_npi(Npi::from(0u8))
        .source_addr(cstr("WhatsApp"))
        .dest_addr_ton(Ton::from(1u8))
        .dest_addr_npi(Npi::from(1u8))
        .destination_addr(cstr("447700900123"))
        .esm_class(EsmClass::from(0x00u8))
        .protocol_id(0)
        .priority_flag(PriorityFlag::from(0u8))
        .registered_delivery(RegisteredDelivery::from(0u8))
        .replace_if_present_flag(ReplaceIfPresentFlag::from(0u8))
        .data_coding(DataCoding::from(0u8))
        .sm_default_msg_id(0)
        .build()
}

async fn submit(client: &rusmppc::Client, sm: SubmitSm) -> String {
    let resp = client.submit_sm(sm).await.expect("ESME_ROK");
    resp.message_id().as_str().to_owned()
}

const GSM_TEXT: &str = "Your WhatsApp code is 482-913. Extension: € [ ] { } ~ \\ ^ |";
const UCS2_TEXT: &str = "Ваш код 482913 👍";
const LONG_TEXT: &str = "This long WhatsApp message is sent by rusmppc in concatenated segments, \
each with a UDH; inlet acknowledges each once durable and the reassembler emits \
one record with the whole text. Your code is 482913.";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rusmppc_messages_become_records() {
    let broker = broker();
    let bootstrap = broker.bootstrap_servers();
    let dir = temp_dir("rusmppc");
    let inlet = Inlet::start(&config(&dir, &bootstrap, ""));
    let (client, events) = ConnectionBuilder::new()
        .response_timeout(Duration::from_secs(10))
        .connect(format!("smpp://{}", inlet.smpp))
        .await
        .expect("rusmppc connects");
    let events = tokio::spawn(events.collect::<Vec<_>>());
    let bind = BindTransceiver::builder()
        .system_id(cstr("carrier"))
        .password(cstr("secret"))
        .system_type(COctetString::empty())
        .interface_version(InterfaceVersion::from(0x50u8))
        .addr_ton(Ton::from(0u8))
        .addr_npi(Npi::from(0u8))
        .address_range(COctetString::empty())
        .build();
    client.bind_transceiver(bind).await.expect("bound");

    let sm = base_submit()
        .encode(GSM_TEXT)
        .gsm7bit_unpacked()
        .build()
        .expect("GSM 7-bit encodes");
    let gsm_id = submit(&client, sm).await;
    let ucs2: Vec<u8> = UCS2_TEXT
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect();
    let sm = base_submit()
        .with_data_coding(DataCoding::from(0x08u8))
        .with_short_message(OctetString::from_vec(ucs2).expect("fits"));
    let ucs2_id = submit(&client, sm).await;
    let parts = base_submit()
        .multipart(LONG_TEXT)
        .reference_u8(0x2A)
        .gsm7bit_unpacked()
        .build()
        .expect("multipart");
    assert!(parts.len() >= 2);
    let mut part_ids = Vec::new();
    for sm in parts {
        part_ids.push(submit(&client, sm).await);
    }
    client.unbind().await.expect("unbind_resp");
    let _ = client.close().await;
    let _ = tokio::time::timeout(Duration::from_secs(5), events).await;

    let records = records(&bootstrap, Some(3), Duration::from_secs(30));
    assert_eq!(records.len(), 3, "{records:#?}");
    let by_id = |id: &str| {
        records
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("no record {id}: {records:#?}"))
    };
    assert_eq!(by_id(&gsm_id)["text"], GSM_TEXT);
    assert_eq!(by_id(&ucs2_id)["text"], UCS2_TEXT);
    let long = by_id(&part_ids[0]);
    assert_eq!(long["text"], LONG_TEXT);
    assert_eq!(long["complete"], true);
    assert_eq!(long["part_ids"], serde_json::json!(part_ids));
    assert_eq!(long["otp"]["code"], "482913");
}

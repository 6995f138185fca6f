//! Shared by the integration tests: realistic records, a publisher on an
//! embedded broker, and a consumer that reads topics back from the
//! beginning.

#![allow(dead_code, unreachable_pub, missing_docs)]

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use inlet_kafka::{EmbeddedBroker, KafkaConfig, KafkaPublisher};
use inlet_message::publish::{Publication, Publisher as _};
use inlet_message::record::{
    Assignment, BindKind, Carrier, Command, Encoding, FromKind, InboundMessage, OtpCode, Smpp,
};
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::{Headers, Message};
use rdkafka::{ClientConfig, Offset, TopicPartitionList};

/// The topics of an embedded broker for tests, with partition counts.
pub const TOPICS: &[(&str, u32)] = &[
    ("sms.inbound", 4),
    ("sms.inbound.unrouted", 2),
    ("sms.inbound.segments", 2),
    ("sms.assignments", 1),
];

/// A realistic inbound message, different for every `i`: one in ten is
/// unrouted; senders are E.164 numbers, short codes and alphanumeric
/// names; texts are OTP messages in GSM 7-bit and UCS-2 (Cyrillic, emoji).
pub fn message(i: usize) -> InboundMessage {
    let routed = !i.is_multiple_of(10);
    let number = format!("+1403555{:04}", i % 500);
    let (from, from_kind, source_ton) = match i % 3 {
        0 => (format!("+4477009{:05}", i % 100_000), FromKind::E164, 1),
        1 => ("32665".to_owned(), FromKind::ShortCode, 3),
        _ => ("WhatsApp".to_owned(), FromKind::Alphanumeric, 5),
    };
    let code = format!("{:06}", (i * 7919) % 1_000_000);
    let (text, encoding, data_coding) = if i.is_multiple_of(7) {
        (
            format!("Ваш код подтверждения: {code}. Никому не сообщайте его 🔒"),
            Encoding::Ucs2,
            8,
        )
    } else {
        (
            format!(
                "Your WhatsApp code: {}-{}. Don't share this code with others. \
                 You can also tap on this link to verify your phone: v.whatsapp.com/{code}",
                &code[..3],
                &code[3..]
            ),
            Encoding::Gsm7,
            0,
        )
    };
    let id = format!("{:016x}", 0x1_0000_0000_u64 + i as u64);
    InboundMessage {
        id: id.as_str().into(),
        fingerprint: format!(
            "{:032x}",
            (i as u128).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c834)
        )
        .parse()
        .expect("fingerprint"),
        received_at: format!(
            "2025-03-01T{:02}:{:02}:{:02}.{:03}Z",
            (i / 3_600_000) % 24,
            (i / 60_000) % 60,
            (i / 1000) % 60,
            i % 1000
        )
        .into(),
        to: number.into(),
        from: from.into(),
        from_kind,
        text: Some(text),
        lossy: false,
        raw_base64: None,
        encoding,
        language_shift: None,
        parts: 1,
        part_ids: vec![id.into()].into(),
        complete: true,
        missing_parts: vec![],
        late: false,
        otp: Some(OtpCode { code: code.into() }),
        assignment: routed.then(|| Assignment {
            id: format!("asg-{}", 100_000 + i % 500).into(),
            account: format!("cust-{}", i % 37).into(),
            service: if i.is_multiple_of(2) {
                vec!["whatsapp".to_owned()]
            } else {
                vec![]
            },
            labels: BTreeMap::from([("plan".to_owned(), "activation".to_owned())]),
        }),
        carrier: Carrier {
            system_id: "acme-mo".into(),
            bind: BindKind::Transceiver,
            session: format!("n1-{}", i % 8).into(),
        },
        smpp: Smpp {
            command: Command::SubmitSm,
            esm_class: 0,
            data_coding,
            protocol_id: Some(0),
            source_addr_ton: source_ton,
            source_addr_npi: 1,
            dest_addr_ton: 1,
            dest_addr_npi: 1,
            tlv_tags: if i.is_multiple_of(5) {
                vec![0x1403]
            } else {
                vec![]
            },
        },
        reason: (!routed).then(|| "no_assignment".to_owned()),
    }
}

/// A configuration for tests: a short delivery timeout and quick
/// reconnection (passed through to librdkafka).
pub fn config(message_timeout_ms: u64) -> KafkaConfig {
    let mut config = KafkaConfig::new("embedded");
    config.message_timeout_ms = message_timeout_ms;
    config
        .properties
        .insert("reconnect.backoff.max.ms".to_owned(), "500".to_owned());
    config
}

/// An embedded broker with [`TOPICS`] and a publisher on it.
pub fn setup(brokers: u32, config: &KafkaConfig) -> (EmbeddedBroker, KafkaPublisher) {
    let broker = EmbeddedBroker::start(brokers, TOPICS).expect("embedded broker");
    let publisher =
        KafkaPublisher::with_bootstrap(config, &broker.bootstrap_servers()).expect("publisher");
    (broker, publisher)
}

/// One record read back.
#[derive(Debug, Clone)]
pub struct Consumed {
    pub topic: String,
    pub partition: i32,
    pub offset: i64,
    pub key: Option<Vec<u8>>,
    pub headers: Vec<(String, Vec<u8>)>,
    pub value: Vec<u8>,
}

/// Reads every partition of `topics` from the beginning (assigned
/// explicitly, no consumer group) until `want` records are read or
/// `timeout` passes. Blocking: call from `spawn_blocking`.
pub fn consume(
    bootstrap: &str,
    topics: &[(&str, u32)],
    want: usize,
    timeout: Duration,
) -> Vec<Consumed> {
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", bootstrap)
        .set("group.id", "inlet-kafka-tests")
        .set("enable.auto.commit", "false")
        .set("enable.partition.eof", "false")
        .create()
        .expect("consumer");
    let mut assignment = TopicPartitionList::new();
    for (topic, partitions) in topics {
        for partition in 0..*partitions {
            assignment
                .add_partition_offset(topic, partition as i32, Offset::Beginning)
                .expect("offset");
        }
    }
    consumer.assign(&assignment).expect("assign");
    let deadline = Instant::now() + timeout;
    let mut out = Vec::with_capacity(want);
    while out.len() < want && Instant::now() < deadline {
        let Some(result) = consumer.poll(Duration::from_millis(100)) else {
            continue;
        };
        let message = result.expect("consume");
        let headers = headers_of(&message);
        out.push(Consumed {
            topic: message.topic().to_owned(),
            partition: message.partition(),
            offset: message.offset(),
            key: message.key().map(<[u8]>::to_vec),
            headers,
            value: message.payload().unwrap_or_default().to_vec(),
        });
    }
    out
}

/// A consumed record's headers, as (key, value) pairs.
pub fn headers_of(message: &impl Message) -> Vec<(String, Vec<u8>)> {
    message
        .headers()
        .map(|h| {
            h.iter()
                .map(|h| (h.key.to_owned(), h.value.unwrap_or_default().to_vec()))
                .collect()
        })
        .unwrap_or_default()
}

/// Produces records (key, value; `None` for none) to `topic` in order,
/// each with `timeout` to be queued, waiting for every acknowledgement.
pub async fn produce(
    producer: &rdkafka::producer::FutureProducer,
    topic: &str,
    timeout: Duration,
    records: &[(Option<&str>, Option<&str>)],
) {
    let futures: Vec<_> = records
        .iter()
        .map(|(key, value)| {
            let mut record = rdkafka::producer::FutureRecord::<str, str>::to(topic);
            if let Some(key) = key {
                record = record.key(key);
            }
            if let Some(value) = value {
                record = record.payload(value);
            }
            producer.send(record, timeout)
        })
        .collect();
    for (i, future) in futures.into_iter().enumerate() {
        future
            .await
            .unwrap_or_else(|(e, _)| panic!("record {i}: {e}"));
    }
}

/// Publishes until a record is delivered (or `within` passes), pausing
/// `pause` after each retriable failure; returns how long it took.
pub async fn until_delivered(
    publisher: &KafkaPublisher,
    within: Duration,
    pause: Duration,
) -> Duration {
    let start = Instant::now();
    let mut i = 900_000;
    loop {
        i += 1;
        match publisher.publish(Publication::Message(message(i))).await {
            Ok(_) => return start.elapsed(),
            Err(e) => {
                assert!(e.is_retriable(), "{e}");
                assert!(
                    start.elapsed() < within,
                    "not delivered within {within:?}: {e}"
                );
                tokio::time::sleep(pause).await;
            }
        }
    }
}

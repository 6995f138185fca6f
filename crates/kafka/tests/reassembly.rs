//! Multipart reassembly over a real Kafka protocol (the mock cluster on
//! 127.0.0.1): segments published as sessions publish them, in any order,
//! duplicated, split between two reassemblers of one group, a reassembler
//! killed in the middle; every group comes out, none lost.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use inlet_kafka::reassembly::{Limits, Options, Reassembler, ReassemblyMetrics};
use inlet_kafka::{EmbeddedBroker, KafkaConfig, KafkaPublisher};
use inlet_message::multipart::{GroupKey, RefKind};
use inlet_message::publish::{Publication, Publisher};
use inlet_message::record::{
    Assignment, BindKind, Carrier, Command, FromKind, SegmentRecord, Smpp,
};
use inlet_message::text::Encoding;

const PARTITIONS: u32 = 3;

fn setup() -> (EmbeddedBroker, KafkaConfig, Arc<KafkaPublisher>) {
    let config = KafkaConfig::new("embedded");
    let topics: Vec<(&str, u32)> = config
        .topics
        .all()
        .iter()
        .map(|t| (*t, PARTITIONS))
        .collect();
    let broker = EmbeddedBroker::start(1, &topics).expect("broker");
    let mut config = KafkaConfig::new(broker.bootstrap_servers());
    config.message_timeout_ms = 5_000;
    let publisher =
        KafkaPublisher::with_bootstrap(&config, &broker.bootstrap_servers()).expect("publisher");
    (broker, config, Arc::new(publisher))
}

/// The segments of `text` in UCS-2 as a session publishes them: `parts`
/// parts of about equal size (so a surrogate pair may be split), UDH
/// 8-bit reference `reference`, from a sender per message.
fn segments(message: usize, text: &str, parts: usize) -> Vec<SegmentRecord> {
    let ucs2: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let per = ucs2.len().div_ceil(parts);
    let chunks: Vec<&[u8]> = ucs2.chunks(per).collect();
    let group = GroupKey {
        account: "carrier".into(),
        from: format!("Sender{message}"),
        to: "+14035551234".into(),
        kind: RefKind::Udh8,
        reference: (message % 256) as u16,
        total: chunks.len() as u8,
    };
    chunks
        .iter()
        .enumerate()
        .map(|(i, chunk)| SegmentRecord {
            group: group.clone(),
            seq: i as u8 + 1,
            id: format!("m{message:05}p{}", i + 1).into(),
            received_at: format!("2026-11-22T00:00:{:02}.{:03}Z", i % 60, message % 1000).into(),
            from_kind: FromKind::Alphanumeric,
            content_base64: BASE64.encode(chunk),
            udh_length: 6,
            encoding: Encoding::Ucs2,
            language_locking_shift: None,
            language_single_shift: None,
            assignment: Some(Assignment {
                id: "1001".into(),
                account: "customer".into(),
                service: Vec::new(),
                labels: Default::default(),
            }),
            reason: None,
            carrier: Carrier {
                system_id: "carrier".into(),
                bind: BindKind::Transceiver,
                session: format!("s{}", i % 2).into(),
            },
            smpp: Smpp {
                command: Command::SubmitSm,
                esm_class: 0x40,
                data_coding: 8,
                protocol_id: None,
                source_addr_ton: 5,
                source_addr_npi: 0,
                dest_addr_ton: 1,
                dest_addr_npi: 1,
                tlv_tags: Vec::new(),
            },
        })
        .collect()
}

fn text(message: usize) -> String {
    format!(
        "Код {message} 😀 для входа: {:06}",
        message * 7919 % 1_000_000
    )
}

async fn publish(publisher: &KafkaPublisher, segments: Vec<SegmentRecord>) {
    let futures: Vec<_> = segments
        .into_iter()
        .map(|s| publisher.publish(Publication::Segment(s)))
        .collect();
    for result in futures::future::join_all(futures).await {
        result.expect("segment durable");
    }
}

fn options(group: &str, timeout: Duration) -> (Options, ReassemblyMetrics) {
    let metrics = ReassemblyMetrics::unregistered();
    (
        Options {
            limits: Limits {
                timeout,
                ..Limits::default()
            },
            group: group.to_owned(),
            metrics: metrics.clone(),
        },
        metrics,
    )
}

/// Records on the main topic, by id, read until `want` distinct ids (and
/// a moment more, to see copies) or `limit`.
fn emitted(
    bootstrap: &str,
    want: usize,
    limit: Duration,
) -> HashMap<String, Vec<serde_json::Value>> {
    use rdkafka::consumer::{BaseConsumer, Consumer};
    use rdkafka::message::Message;
    use rdkafka::{ClientConfig, Offset, TopicPartitionList};
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", bootstrap)
        .set("group.id", "reassembly-tests")
        .set("enable.auto.commit", "false")
        .create()
        .expect("consumer");
    let mut assignment = TopicPartitionList::new();
    for p in 0..PARTITIONS {
        assignment
            .add_partition_offset("sms.inbound", p as i32, Offset::Beginning)
            .expect("offset");
    }
    consumer.assign(&assignment).expect("assign");
    let deadline = Instant::now() + limit;
    let mut by_id: HashMap<String, Vec<serde_json::Value>> = HashMap::new();
    let mut settle: Option<Instant> = None;
    while Instant::now() < deadline && settle.is_none_or(|t| Instant::now() < t) {
        let Some(result) = consumer.poll(Duration::from_millis(100)) else {
            continue;
        };
        let message = result.expect("consume");
        let v: serde_json::Value =
            serde_json::from_slice(message.payload().expect("payload")).expect("JSON");
        let id = v["id"].as_str().expect("id").to_owned();
        by_id.entry(id).or_default().push(v);
        if by_id.len() >= want && settle.is_none() {
            settle = Some(Instant::now() + Duration::from_millis(500));
        }
    }
    by_id
}

async fn bounded<F: std::future::Future<Output = ()>>(test: F) {
    tokio::time::timeout(Duration::from_secs(240), test)
        .await
        .expect("test finished in time");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shuffled_duplicated_segments_make_one_record_each() {
    bounded(async {
        let (broker, config, publisher) = setup();
        let bootstrap = broker.bootstrap_servers();
        let (opts, metrics) = options("reasm-shuffled", Duration::from_secs(60));
        let _r = Reassembler::start(&config, &bootstrap, publisher.clone(), opts).expect("start");
        let mut all = Vec::new();
        for m in 0..60 {
            let parts = 2 + m % 9; // 2 to 10 parts
            let mut s = segments(m, &text(m), parts);
            match m % 3 {
                0 => {}
                1 => s.reverse(),
                _ => s.rotate_left(parts / 2),
            }
            // A carrier retry of one segment.
            s.push(s[0].clone());
            all.extend(s);
        }
        publish(&publisher, all).await;
        let by_id = emitted(&bootstrap, 60, Duration::from_secs(30));
        assert_eq!(by_id.len(), 60, "{:?}", by_id.keys().collect::<Vec<_>>());
        for m in 0..60 {
            let records = &by_id[&format!("m{m:05}p1")];
            assert_eq!(records.len(), 1, "exactly one record for {m}");
            let r = &records[0];
            assert_eq!(r["text"], text(m).as_str());
            assert_eq!(r["complete"], true);
            let parts = r["part_ids"].as_array().map_or(0, Vec::len);
            assert_eq!(r["parts"].as_u64(), Some(parts as u64));
            assert!(parts >= 2, "{r}");
        }
        assert_eq!(metrics.emitted.with_label_values(&["complete"]).get(), 60);
        assert!(metrics.segments.with_label_values(&["duplicate"]).get() >= 60);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_segment_times_out_incomplete_and_a_late_one_follows() {
    bounded(async {
        let (broker, config, publisher) = setup();
        let bootstrap = broker.bootstrap_servers();
        let (opts, metrics) = options("reasm-timeout", Duration::from_secs(2));
        let _r = Reassembler::start(&config, &bootstrap, publisher.clone(), opts).expect("start");
        let mut s = segments(1, &text(1), 3);
        let second = s.remove(1);
        publish(&publisher, s).await;
        let by_id = emitted(&bootstrap, 1, Duration::from_secs(20));
        let r = &by_id["m00001p1"][0];
        assert_eq!(r["complete"], false);
        assert_eq!(r["missing_parts"], serde_json::json!([2]));
        // The missing one arrives late: its own record, late.
        publish(&publisher, vec![second]).await;
        let by_id = emitted(&bootstrap, 2, Duration::from_secs(20));
        let late = &by_id["m00001p2"][0];
        assert_eq!(late["late"], true);
        assert_eq!(late["complete"], false);
        assert_eq!(metrics.emitted.with_label_values(&["timeout"]).get(), 1);
        assert_eq!(metrics.emitted.with_label_values(&["late"]).get(), 1);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_reassemblers_and_one_killed_midway_lose_nothing() {
    bounded(async {
        let (broker, config, publisher) = setup();
        let bootstrap = broker.bootstrap_servers();
        let group = "reasm-two";
        let (opts_a, _) = options(group, Duration::from_secs(60));
        let (opts_b, _) = options(group, Duration::from_secs(60));
        let mut a = Reassembler::start(&config, &bootstrap, publisher.clone(), opts_a).expect("a");
        let _b = Reassembler::start(&config, &bootstrap, publisher.clone(), opts_b).expect("b");
        // First halves of 100 messages, then a killed, then second halves.
        let (mut firsts, mut seconds) = (Vec::new(), Vec::new());
        for m in 0..100 {
            let mut s = segments(m, &text(m), 4);
            seconds.extend(s.split_off(2));
            firsts.extend(s);
        }
        publish(&publisher, firsts).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        a.stop(); // dropped without committing past its pending groups
        drop(a);
        publish(&publisher, seconds).await;
        let started = Instant::now();
        let by_id = emitted(&bootstrap, 100, Duration::from_secs(150));
        eprintln!(
            "100 groups across a stopped reassembler in {:?}",
            started.elapsed()
        );
        assert_eq!(by_id.len(), 100);
        for m in 0..100 {
            let records = &by_id[&format!("m{m:05}p1")];
            // A copy after the rebalance is allowed; it is the same record.
            assert!(records.iter().all(|r| r == &records[0]));
            assert_eq!(records[0]["text"], text(m).as_str());
            assert_eq!(records[0]["complete"], true);
        }
    })
    .await;
}

//! The publisher against the embedded broker: the real Kafka protocol over
//! 127.0.0.1 sockets, with faults injected in the mock cluster.

mod common;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use futures::stream::{FuturesUnordered, StreamExt};
use inlet_kafka::{KafkaConfig, KafkaPublisher};
use inlet_message::publish::{Delivered, Publication, PublishError, Publisher, Topic};
use inlet_message::record::InboundMessage;
use rdkafka::types::{RDKafkaApiKey, RDKafkaRespErr};

/// Every test runs within this.
const TEST_LIMIT: Duration = Duration::from_secs(30);

async fn bounded<F: Future<Output = ()>>(test: F) {
    tokio::time::timeout(TEST_LIMIT, test)
        .await
        .expect("test took longer than its limit");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_records_round_trip() {
    bounded(async {
        const N: usize = 10_000;
        const WINDOW: usize = 500;
        let (broker, publisher) = common::setup(3, &common::config(10_000));
        let start = Instant::now();
        let mut delivered: HashMap<String, Delivered> = HashMap::with_capacity(N);
        let mut pending = FuturesUnordered::new();
        let mut next = 0;
        while delivered.len() < N {
            while next < N && pending.len() < WINDOW {
                let message = common::message(next);
                let id = message.id.clone();
                let future = publisher.publish(Publication::Message(message));
                pending.push(async move { (id, future.await) });
                next += 1;
            }
            let (id, result) = pending.next().await.expect("pending");
            let d = result.unwrap_or_else(|e| panic!("{id}: {e}"));
            assert!(d.offset >= 0);
            delivered.insert(id.to_string(), d);
        }
        let published = start.elapsed();

        let bootstrap = broker.bootstrap_servers();
        let start = Instant::now();
        let consumed = tokio::task::spawn_blocking(move || {
            common::consume(
                &bootstrap,
                &[("sms.inbound", 4), ("sms.inbound.unrouted", 2)],
                N,
                Duration::from_secs(20),
            )
        })
        .await
        .expect("consumer thread");
        let read = start.elapsed();
        eprintln!("published {N} in {published:?}, read back in {read:?}");
        assert_eq!(consumed.len(), N);

        let mut seen = HashMap::with_capacity(N);
        for record in &consumed {
            let message: InboundMessage =
                serde_json::from_slice(&record.value).expect("JSON value");
            let i = usize::from_str_radix(&message.id, 16).expect("hex id") - 0x1_0000_0000;
            let expected = common::message(i);
            assert_eq!(message, expected, "record {i} intact");
            assert_eq!(record.key.as_deref(), Some(expected.to.as_bytes()));
            assert_eq!(record.topic, expected.topic());
            assert_eq!(
                record.headers,
                vec![
                    ("inlet-schema".to_owned(), b"inbound.v1".to_vec()),
                    ("content-type".to_owned(), b"application/json".to_vec()),
                ]
            );
            let d = delivered[message.id.as_str()];
            let topic = if expected.is_routed() {
                Topic::Inbound
            } else {
                Topic::Unrouted
            };
            assert_eq!(
                (d.topic, d.partition, d.offset),
                (topic, record.partition, record.offset),
                "the acknowledged position is where the record is"
            );
            assert!(seen.insert(message.id, ()).is_none(), "no duplicates");
        }
        assert_eq!(seen.len(), N);
        assert_eq!(publisher.rebuilds(), 0);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn brokers_down_under_load_then_up() {
    bounded(async {
        let timeout = Duration::from_millis(2_000);
        let (broker, publisher) = common::setup(3, &common::config(2_000));
        common::until_delivered(
            &publisher,
            Duration::from_secs(5),
            Duration::from_millis(50),
        )
        .await;
        assert!(publisher.ready(), "ready once a record is acknowledged");

        // Load: 50 records every 10 ms, each timed from publish to result.
        let load = async {
            let mut results = Vec::new();
            let mut pending = FuturesUnordered::new();
            let start = Instant::now();
            let mut i = 0;
            while start.elapsed() < Duration::from_millis(2_500) {
                for _ in 0..50 {
                    let future = publisher.publish(Publication::Message(common::message(i)));
                    i += 1;
                    let sent = Instant::now();
                    pending.push(async move { (future.await, sent.elapsed()) });
                }
                let tick = tokio::time::sleep(Duration::from_millis(10));
                tokio::pin!(tick);
                loop {
                    tokio::select! {
                        () = &mut tick => break,
                        Some(result) = pending.next() => results.push(result),
                    }
                }
            }
            while let Some(result) = pending.next().await {
                results.push(result);
            }
            results
        };
        let faults = async {
            tokio::time::sleep(Duration::from_millis(300)).await;
            broker.all_down().expect("down");
        };
        let (results, ()) = tokio::join!(load, faults);

        let ok = results.iter().filter(|(r, _)| r.is_ok()).count();
        let temporary = results
            .iter()
            .filter(|(r, _)| matches!(r, Err(PublishError::Temporary(_))))
            .count();
        let slowest = results.iter().map(|(_, t)| *t).max().expect("results");
        eprintln!(
            "{} published under load: {ok} ok, {temporary} temporary, slowest {slowest:?}",
            results.len()
        );
        for (result, _) in &results {
            assert!(
                matches!(result, Ok(_) | Err(PublishError::Temporary(_))),
                "{result:?}"
            );
        }
        assert!(ok > 0, "records before the brokers went down are delivered");
        assert!(temporary > 0, "records while they are down fail");
        // Every failure within message.timeout.ms, plus librdkafka's
        // once-a-second scan for expired records, plus scheduling slack.
        assert!(
            slowest < timeout + Duration::from_millis(1_500),
            "{slowest:?}"
        );
        // Memory stays bounded: nothing is left queued once reported.
        // (`in_flight` is librdkafka's queue length, which also counts the
        // events it queued meanwhile — errors of the brokers going down —
        // until its polling thread serves them, every 100 ms.)
        let deadline = Instant::now() + Duration::from_secs(2);
        while publisher.in_flight() > 0 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert_eq!(publisher.in_flight(), 0);
        assert!(!publisher.ready(), "unready while the brokers are down");

        // Up again: publishing resumes through the same publisher.
        broker.all_up().expect("up");
        let resumed = common::until_delivered(
            &publisher,
            Duration::from_secs(10),
            Duration::from_millis(50),
        )
        .await;
        eprintln!("publishing resumed {resumed:?} after the brokers came back");
        for i in 0..100 {
            publisher
                .publish(Publication::Message(common::message(i)))
                .await
                .expect("delivered after recovery");
        }
        assert!(publisher.ready(), "ready again after recovery");
        let published = publisher
            .metrics()
            .published
            .with_label_values(&["sms.inbound"])
            .get();
        assert!(published >= 100, "{published}");
        assert_eq!(publisher.rebuilds(), 0);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn full_queue_is_backpressure() {
    bounded(async {
        let mut config = common::config(2_000);
        config.queue_max_messages = 10;
        let (broker, publisher) = common::setup(1, &config);
        common::until_delivered(
            &publisher,
            Duration::from_secs(5),
            Duration::from_millis(50),
        )
        .await;
        broker.all_down().expect("down");

        let mut queued = Vec::new();
        let mut backpressure = 0;
        for i in 0..50 {
            // Backpressure is reported at once (an outcome known at once),
            // not by a future that waits.
            match publisher
                .publish(Publication::Message(common::message(i)))
                .ready()
            {
                Ok(Err(PublishError::Backpressure)) => backpressure += 1,
                Err(pending) => queued.push(pending),
                Ok(other) => panic!("record {i}: {other:?}"),
            }
        }
        assert_eq!(queued.len(), 10, "the queue holds queue_max_messages");
        assert_eq!(backpressure, 40);

        let start = Instant::now();
        for result in futures::future::join_all(queued).await {
            assert!(
                matches!(result, Err(PublishError::Temporary(_))),
                "{result:?}"
            );
        }
        assert!(start.elapsed() < Duration::from_secs(3));

        broker.all_up().expect("up");
        common::until_delivered(
            &publisher,
            Duration::from_secs(10),
            Duration::from_millis(50),
        )
        .await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fatal_error_rebuilds_the_producer() {
    bounded(async {
        let (broker, publisher) = common::setup(1, &common::config(5_000));
        common::until_delivered(
            &publisher,
            Duration::from_secs(5),
            Duration::from_millis(50),
        )
        .await;
        assert_eq!(publisher.generation(), 0);

        // The broker answers the next produce request with a sequence
        // error for the head-of-line batch: librdkafka's idempotent
        // producer cannot reason about its state any more and raises a
        // fatal error.
        broker
            .request_errors(
                RDKafkaApiKey::Produce,
                &[RDKafkaRespErr::RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER],
            )
            .expect("inject");
        let result = publisher
            .publish(Publication::Message(common::message(1)))
            .await;
        assert!(
            matches!(result, Err(PublishError::Temporary(_))),
            "{result:?}"
        );

        let start = Instant::now();
        while publisher.rebuilds() == 0 {
            assert!(start.elapsed() < Duration::from_secs(5), "no rebuild");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert_eq!(publisher.generation(), 1);
        assert!(!publisher.is_fatal());
        assert_eq!(publisher.fatal_error(), None);
        let delivered = publisher
            .publish(Publication::Message(common::message(2)))
            .await
            .expect("the rebuilt producer delivers");
        assert_eq!(delivered.topic, Topic::Inbound);
        assert_eq!(publisher.rebuilds(), 1);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_record_is_rejected() {
    bounded(async {
        let (_broker, publisher) = common::setup(1, &common::config(2_000));
        let mut message = common::message(1);
        message.text = Some("x".repeat(2 * 1024 * 1024));
        let result = publisher.publish(Publication::Message(message)).await;
        assert!(
            matches!(result, Err(PublishError::Rejected(_))),
            "{result:?}"
        );
        // The publisher is fine afterwards.
        common::until_delivered(
            &publisher,
            Duration::from_secs(5),
            Duration::from_millis(50),
        )
        .await;
    })
    .await;
}

#[test]
fn sasl_ssl_configuration_is_accepted() {
    let mut config = KafkaConfig::new("kafka-1.example.invalid:9093");
    for (key, value) in [
        ("security.protocol", "SASL_SSL"),
        ("sasl.mechanisms", "SCRAM-SHA-512"),
        ("sasl.username", "inlet"),
        ("sasl.password", "secret"),
        ("ssl.endpoint.identification.algorithm", "https"),
    ] {
        config.properties.insert(key.to_owned(), value.to_owned());
    }
    config.compression = inlet_kafka::Compression::Zstd;
    // librdkafka checks the properties (TLS and zstd must be compiled in)
    // when the producer is created; nothing connects yet.
    let publisher = KafkaPublisher::new(&config).expect("SASL_SSL producer");
    assert_eq!(publisher.generation(), 0);

    config
        .properties
        .insert("no.such.property".to_owned(), "1".to_owned());
    let err = KafkaPublisher::new(&config).expect_err("unknown property");
    assert!(err.to_string().contains("no.such.property"), "{err}");

    let mut config = KafkaConfig::new("k:9092");
    config.properties.insert("acks".to_owned(), "1".to_owned());
    let err = KafkaPublisher::new(&config).expect_err("acks");
    assert!(err.to_string().contains("`acks`"), "{err}");
    assert!(KafkaPublisher::new(&KafkaConfig::new("embedded")).is_err());
}

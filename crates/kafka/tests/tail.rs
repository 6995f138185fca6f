//! `inlet tail`'s logic against the embedded broker: records published by
//! the publisher, read back from both topics.

mod common;

use std::time::{Duration, Instant};

use inlet_kafka::tail::TOPIC_WAIT;
use inlet_kafka::{EmbeddedBroker, KafkaConfig, TailError, TailOptions, tail};
use inlet_message::publish::{Publication, Publisher};
use inlet_message::record::InboundMessage;

/// Every test runs within this.
const TEST_LIMIT: Duration = Duration::from_secs(40);

async fn bounded<F: Future<Output = ()>>(test: F) {
    tokio::time::timeout(TEST_LIMIT, test)
        .await
        .expect("test took longer than its limit");
}

/// Runs `tail` on a blocking thread; returns its result and output.
async fn run_tail(
    config: &KafkaConfig,
    bootstrap: &str,
    options: TailOptions,
) -> (Result<u64, TailError>, String) {
    let config = config.clone();
    let bootstrap = bootstrap.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut out = Vec::new();
        let result = tail(&config, &bootstrap, &options, &mut out);
        (result, String::from_utf8(out).expect("UTF-8 output"))
    })
    .await
    .expect("tail thread")
}

/// Messages 0..n of `common::message` (0 is unrouted, one in ten is).
async fn publish(publisher: &impl Publisher, n: usize) -> Vec<InboundMessage> {
    let mut sent = Vec::with_capacity(n);
    for i in 0..n {
        let message = common::message(i);
        publisher
            .publish(Publication::Message(message.clone()))
            .await
            .unwrap_or_else(|e| panic!("publish {i}: {e}"));
        sent.push(message);
    }
    sent
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prints_both_topics_as_json_and_pretty() {
    bounded(async {
        const N: usize = 12;
        let config = common::config(5_000);
        let (broker, publisher) = common::setup(1, &config);
        let sent = publish(&publisher, N).await;
        let unrouted = sent.iter().filter(|m| !m.is_routed()).count();
        assert!((2..N).contains(&unrouted), "both topics used");
        let bootstrap = broker.bootstrap_servers();

        let options = TailOptions {
            from_beginning: true,
            max: Some(N as u64),
            timeout: Some(Duration::from_secs(10)),
            json: true,
        };
        let (result, out) = run_tail(&config, &bootstrap, options.clone()).await;
        assert_eq!(result.expect("tail"), N as u64);
        let mut read: Vec<InboundMessage> = out
            .lines()
            .map(|line| serde_json::from_str(line).expect("each line is a record"))
            .collect();
        assert_eq!(read.len(), N, "{out}");
        read.sort_by(|a, b| a.id.cmp(&b.id));
        assert_eq!(read, sent, "the records as published");

        let (result, out) = run_tail(
            &config,
            &bootstrap,
            TailOptions {
                json: false,
                ..options
            },
        )
        .await;
        assert_eq!(result.expect("tail"), N as u64);
        for message in &sent {
            let text = message.text.as_deref().expect("text");
            assert!(out.contains(text), "{text} not in\n{out}");
            match &message.assignment {
                Some(a) => assert!(out.contains(&*a.account), "{out}"),
                None => assert!(out.contains("account   unrouted (no_assignment)"), "{out}"),
            }
        }
        assert_eq!(out.matches("── sms.inbound [").count(), N - unrouted);
        assert_eq!(out.matches("── sms.inbound.unrouted [").count(), unrouted);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn max_stops_early() {
    bounded(async {
        let config = common::config(5_000);
        let (broker, publisher) = common::setup(1, &config);
        publish(&publisher, 10).await;
        let start = Instant::now();
        let (result, out) = run_tail(
            &config,
            &broker.bootstrap_servers(),
            TailOptions {
                from_beginning: true,
                max: Some(3),
                timeout: Some(Duration::from_secs(10)),
                json: true,
            },
        )
        .await;
        assert_eq!(result.expect("tail"), 3);
        assert_eq!(out.lines().count(), 3, "{out}");
        assert!(start.elapsed() < Duration::from_secs(8), "stopped at max");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timeout_ends_an_empty_tail() {
    bounded(async {
        let config = common::config(5_000);
        let broker = EmbeddedBroker::start(1, common::TOPICS).expect("broker");
        let start = Instant::now();
        let (result, out) = run_tail(
            &config,
            &broker.bootstrap_servers(),
            TailOptions {
                from_beginning: true,
                max: None,
                timeout: Some(Duration::from_millis(1_500)),
                json: false,
            },
        )
        .await;
        let took = start.elapsed();
        assert_eq!(result.expect("tail"), 0);
        assert_eq!(out, "");
        assert!(took >= Duration::from_millis(1_500), "{took:?}");
        assert!(took < Duration::from_secs(5), "{took:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_from_beginning_only_new_records() {
    bounded(async {
        let config = common::config(5_000);
        let (broker, publisher) = common::setup(1, &config);
        // Older records: not printed.
        publish(&publisher, 10).await;
        let bootstrap = broker.bootstrap_servers();
        let handle = {
            let config = config.clone();
            tokio::spawn(async move {
                run_tail(
                    &config,
                    &bootstrap,
                    TailOptions {
                        from_beginning: false,
                        max: Some(1),
                        timeout: Some(Duration::from_secs(20)),
                        json: true,
                    },
                )
                .await
            })
        };
        // Publish new records until the tail has printed one (it may
        // start reading after the first few).
        let mut i = 1_000;
        while !handle.is_finished() {
            i += 1;
            publisher
                .publish(Publication::Message(common::message(i)))
                .await
                .expect("publish");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let (result, out) = handle.await.expect("tail task");
        assert_eq!(result.expect("tail"), 1);
        let read: InboundMessage = serde_json::from_str(out.trim_end()).expect("one record");
        let n: usize = usize::from_str_radix(&read.id, 16).expect("hex id") - 0x1_0000_0000;
        assert!(n > 1_000, "a new record, not #{n}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_topic_is_an_error() {
    bounded(async {
        let config = common::config(5_000);
        let broker = EmbeddedBroker::start(1, &[("sms.inbound", 1)]).expect("broker");
        let start = Instant::now();
        let (result, out) = run_tail(
            &config,
            &broker.bootstrap_servers(),
            TailOptions {
                timeout: Some(Duration::from_secs(2)),
                ..TailOptions::default()
            },
        )
        .await;
        match result {
            Err(TailError::UnknownTopic { topic, .. }) => {
                assert_eq!(topic, "sms.inbound.unrouted");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(out, "");
        assert!(start.elapsed() < TOPIC_WAIT, "bounded by the timeout");
    })
    .await;
}

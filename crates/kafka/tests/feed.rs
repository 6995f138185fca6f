//! The assignments feed and the topic check against the embedded broker.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use inlet_kafka::topics::admin_client;
use inlet_kafka::{
    AssignmentsFeed, EmbeddedBroker, FeedOptions, KafkaConfig, TopicError, TopicSettings,
    ensure_topics,
};
use inlet_routing::{AssignmentId, Lookup, Number, RoutingTable, Timestamp};
use rdkafka::ClientConfig;
use rdkafka::producer::FutureProducer;

const TOPIC: &str = "sms.assignments";
/// Every test runs within this.
const TEST_LIMIT: Duration = Duration::from_secs(20);

async fn bounded<F: Future<Output = ()>>(test: F) {
    tokio::time::timeout(TEST_LIMIT, test)
        .await
        .expect("test took longer than its limit");
}

fn number(i: usize) -> String {
    format!("+1403555{i:04}")
}

fn num(s: &str) -> Number {
    Number::parse(s).expect("number")
}

fn value(id: u64, account: &str) -> String {
    format!(r#"[{{"id": {id}, "account": "{account}", "starts_at": "2026-01-01T00:00:00Z"}}]"#)
}

fn producer(broker: &EmbeddedBroker) -> FutureProducer {
    ClientConfig::new()
        .set("bootstrap.servers", broker.bootstrap_servers())
        .set("enable.idempotence", "true")
        .set("linger.ms", "5")
        .create()
        .expect("producer")
}

fn config(broker: &EmbeddedBroker) -> KafkaConfig {
    KafkaConfig::new(broker.bootstrap_servers())
}

fn options() -> FeedOptions {
    FeedOptions {
        partition_check_interval: Duration::from_secs(1),
        max_batch: 500,
        request_timeout: Duration::from_secs(5),
        metrics: None,
    }
}

fn ids(table: &RoutingTable, n: &str) -> Vec<AssignmentId> {
    table.get(num(n)).into_iter().map(|a| a.id).collect()
}

async fn wait_caught_up(feed: &AssignmentsFeed) {
    tokio::time::timeout(Duration::from_secs(10), feed.wait_caught_up())
        .await
        .expect("caught up within 10 s")
        .then_some(())
        .expect("feed running");
}

/// Waits until `check` holds (live updates).
async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(
            start.elapsed() < Duration::from_secs(8),
            "not within 8 s: {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

const BULK: usize = 600;
const A: &str = "+447700900001";
const B: &str = "+447700900002";
const C: &str = "+447700900003";
const D: &str = "+447700900004";
const E: &str = "+447700900005";
const LAST: &str = "+447700900099";

/// Produces records to the assignments topic in order (idempotent
/// producer: order kept per partition), waiting for every acknowledgement.
async fn produce(producer: &FutureProducer, records: &[(Option<&str>, Option<&str>)]) {
    common::produce(producer, TOPIC, Duration::from_secs(5), records).await;
}

/// The records before start: a bulk of numbers, then an update, a
/// tombstone, an empty value, three bad records, and a last one.
async fn produce_history(producer: &FutureProducer) {
    let bulk: Vec<(String, String)> = (0..BULK)
        .map(|i| (number(i), value(i as u64, &format!("cust-{}", i % 37))))
        .collect();
    let records: Vec<(Option<&str>, Option<&str>)> = bulk
        .iter()
        .map(|(k, v)| (Some(k.as_str()), Some(v.as_str())))
        .collect();
    produce(producer, &records).await;
    let (a1, a2, b1, c1, d1) = (
        value(1, "acme"),
        value(2, "globex"),
        value(3, "acme"),
        value(4, "acme"),
        value(5, "initech"),
    );
    let conflict = r#"[{"id": 6, "account": "a", "starts_at": "2026-01-01T00:00:00Z"},
                       {"id": 7, "account": "b", "starts_at": "2026-02-01T00:00:00Z"}]"#;
    let last = value(99, "last");
    produce(
        producer,
        &[
            (Some(A), Some(&a1)),
            (Some(A), Some(&a2)),              // update: A now belongs to globex
            (Some(B), Some(&b1)),              //
            (Some(B), None),                   // tombstone: B has none
            (Some(C), Some(&c1)),              //
            (Some(C), Some("")),               // empty value: C has none
            (Some(D), Some(&d1)),              //
            (Some(D), Some(conflict)),         // bad: overlapping exclusive rentals; D keeps id 5
            (Some(E), Some("{not json")),      // bad: JSON
            (Some("14035550001x"), Some(&d1)), // bad: key
            (None, Some(&d1)),                 // bad: no key
            (Some(LAST), Some(&last)),
        ],
    )
    .await;
}

fn check_history(table: &RoutingTable) {
    assert_eq!(table.len(), BULK + 3, "bulk + A, D, LAST");
    for i in [0, 1, 123, BULK - 1] {
        assert_eq!(ids(table, &number(i)), vec![AssignmentId::Num(i as u64)]);
    }
    assert_eq!(ids(table, A), vec![AssignmentId::Num(2)]);
    match table.lookup(num(A), Timestamp::now(), "WhatsApp") {
        Lookup::Routed(route) => assert_eq!(route.account(), "globex"),
        Lookup::Unrouted(reason) => panic!("{reason}"),
    }
    assert!(ids(table, B).is_empty());
    assert!(matches!(
        table.lookup(num(B), Timestamp::now(), "WhatsApp"),
        Lookup::Unrouted(_)
    ));
    assert!(ids(table, C).is_empty());
    assert_eq!(ids(table, D), vec![AssignmentId::Num(5)]);
    assert!(ids(table, E).is_empty());
    assert_eq!(ids(table, LAST), vec![AssignmentId::Num(99)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn catches_up_then_applies_live_and_skips_bad_records() {
    bounded(async {
        let broker = EmbeddedBroker::start(1, &[(TOPIC, 3)]).expect("broker");
        let producer = producer(&broker);
        produce_history(&producer).await;

        let table = Arc::new(RoutingTable::new());
        let feed = AssignmentsFeed::start_with(
            &config(&broker),
            &broker.bootstrap_servers(),
            Arc::clone(&table),
            options(),
        )
        .expect("feed");
        assert!(!feed.caught_up(), "caught up before reading anything");
        wait_caught_up(&feed).await;
        // Everything produced before start is in the table the moment the
        // feed reports caught up, the last record included.
        check_history(&table);
        // Conflict, bad JSON, bad key, no key.
        assert_eq!(feed.bad_records(), 4);
        assert_eq!(feed.applied_records(), (BULK + 8) as u64);

        // Live.
        let (e1, f1) = (value(50, "umbrella"), value(51, "umbrella"));
        produce(
            &producer,
            &[
                (Some(A), None),
                (Some(E), Some(&e1)),
                (Some(&number(7)), Some(&f1)),
                (Some(B), Some("[not json]")),
            ],
        )
        .await;
        eventually("live updates applied", || {
            ids(&table, E) == vec![AssignmentId::Num(50)]
                && ids(&table, A).is_empty()
                && ids(&table, &number(7)) == vec![AssignmentId::Num(51)]
                && feed.bad_records() == 5
        })
        .await;
        assert!(feed.caught_up());
        assert_eq!(table.len(), BULK + 3);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_feeds_converge() {
    bounded(async {
        let broker = EmbeddedBroker::start(1, &[(TOPIC, 4)]).expect("broker");
        let producer = producer(&broker);
        produce_history(&producer).await;
        let config = config(&broker);
        let tables = [Arc::new(RoutingTable::new()), Arc::new(RoutingTable::new())];
        let feeds: Vec<AssignmentsFeed> = tables
            .iter()
            .map(|t| {
                AssignmentsFeed::start_with(
                    &config,
                    &broker.bootstrap_servers(),
                    Arc::clone(t),
                    options(),
                )
                .expect("feed")
            })
            .collect();
        for feed in &feeds {
            wait_caught_up(feed).await;
        }
        for table in &tables {
            check_history(table);
        }
        // Live changes to every number, interleaved.
        let updates: Vec<(String, Option<String>)> = (0..BULK)
            .step_by(3)
            .map(|i| {
                let v = (i % 2 == 0).then(|| value(10_000 + i as u64, "moved"));
                (number(i), v)
            })
            .collect();
        let records: Vec<(Option<&str>, Option<&str>)> = updates
            .iter()
            .map(|(k, v)| (Some(k.as_str()), v.as_deref()))
            .collect();
        produce(&producer, &records).await;
        let expected = BULK + 3 - BULK.div_ceil(3) / 2;
        eventually("both feeds applied the live updates", || {
            tables.iter().all(|t| {
                t.len() == expected && ids(t, &number(BULK - 1 - (BULK - 1) % 3)).len() <= 1
            }) && feeds
                .iter()
                .all(|f| f.applied_records() >= (BULK + 8 + updates.len()) as u64)
        })
        .await;
        for i in 0..BULK {
            let n = number(i);
            assert_eq!(tables[0].get(num(&n)), tables[1].get(num(&n)), "{n}");
        }
        for n in [A, B, C, D, E, LAST] {
            assert_eq!(tables[0].get(num(n)), tables[1].get(num(n)), "{n}");
        }
        assert_eq!(ids(&tables[0], &number(0)), vec![AssignmentId::Num(10_000)]);
        assert!(ids(&tables[1], &number(3)).is_empty());
        assert_eq!(feeds[0].bad_records(), feeds[1].bad_records());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waits_for_a_missing_topic_then_catches_up() {
    bounded(async {
        let broker = EmbeddedBroker::start(1, &[]).expect("broker");
        let table = Arc::new(RoutingTable::new());
        let feed = AssignmentsFeed::start_with(
            &config(&broker),
            &broker.bootstrap_servers(),
            Arc::clone(&table),
            options(),
        )
        .expect("feed");
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert!(
            !feed.caught_up(),
            "caught up on a topic that does not exist"
        );
        broker.create_topic(TOPIC, 2).expect("topic");
        let producer = producer(&broker);
        let v = value(1, "acme");
        produce(&producer, &[(Some(A), Some(&v))]).await;
        wait_caught_up(&feed).await;
        eventually("record applied", || {
            ids(&table, A) == vec![AssignmentId::Num(1)]
        })
        .await;
        feed.stop();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_topic_is_caught_up_at_once() {
    bounded(async {
        let broker = EmbeddedBroker::start(1, &[(TOPIC, 3)]).expect("broker");
        let table = Arc::new(RoutingTable::new());
        let feed = AssignmentsFeed::start_with(
            &config(&broker),
            &broker.bootstrap_servers(),
            Arc::clone(&table),
            options(),
        )
        .expect("feed");
        wait_caught_up(&feed).await;
        assert!(table.is_empty());
        drop(feed);
    })
    .await;
}

#[test]
fn topic_check_finds_the_embedded_brokers_topics() {
    let config = KafkaConfig::new("embedded");
    let broker = EmbeddedBroker::start(1, &config.topics.all().map(|t| (t, 2))).expect("broker");
    let admin = admin_client(&config, &broker.bootstrap_servers()).expect("admin");
    let report = ensure_topics(&admin, &config, &TopicSettings::default()).expect("check");
    assert_eq!(report.brokers, 1);
    assert_eq!(report.existing.len(), 4, "{report:?}");
    assert!(report.created.is_empty());
}

#[test]
fn topic_check_reports_missing_topics_on_the_mock_cluster() {
    let broker = EmbeddedBroker::start(1, &[("sms.inbound", 2)]).expect("broker");
    let config = KafkaConfig::new(broker.bootstrap_servers());
    let admin = admin_client(&config, &broker.bootstrap_servers()).expect("admin");
    let settings = TopicSettings {
        create: false,
        timeout_ms: 5_000,
        ..TopicSettings::default()
    };
    match ensure_topics(&admin, &config, &settings) {
        Err(TopicError::Missing { topics, .. }) => assert_eq!(
            topics,
            [
                "sms.inbound.unrouted",
                "sms.inbound.segments",
                "sms.assignments"
            ]
        ),
        other => panic!("{other:?}"),
    }
    // Creation allowed: the mock cluster has no CreateTopics.
    let settings = TopicSettings {
        timeout_ms: 2_000,
        ..TopicSettings::default()
    };
    let result = ensure_topics(&admin, &config, &settings);
    eprintln!("mock cluster, creation allowed: {result:?}");
    match result {
        Err(TopicError::CreateUnsupported { topics, .. }) => assert_eq!(topics.len(), 3),
        Ok(report) => {
            // A librdkafka whose mock cluster creates topics.
            assert_eq!(report.replication_factor, 1);
            assert_eq!(report.min_insync_replicas, 1);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn topic_check_names_the_brokers_when_unreachable() {
    // A port nothing listens on.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr").to_string();
    drop(listener);
    let config = KafkaConfig::new(addr.clone());
    let admin = admin_client(&config, &addr).expect("admin");
    let settings = TopicSettings {
        timeout_ms: 1_500,
        ..TopicSettings::default()
    };
    let start = Instant::now();
    let err = ensure_topics(&admin, &config, &settings).expect_err("unreachable");
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    assert!(matches!(err, TopicError::Unreachable { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains(&addr) && text.contains("unreachable"),
        "{text}"
    );
}

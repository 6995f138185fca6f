//! The real-broker tier: inlet's Kafka side against a real, separate
//! broker process (tansu, Apache-Kafka-compatible, sqlite storage).
//!
//! Run with `scripts/test-real-broker`, which starts tansu
//! (`scripts/broker start`), sets `INLET_REAL_BROKER` to its bootstrap
//! address and runs this file one test at a time. Without
//! `INLET_REAL_BROKER` every test prints that it is skipped and passes, so
//! a plain `cargo test` stays self-contained.
//!
//! Every test uses topic names of its own (a prefix unique to the run), so
//! reruns against a broker that lives on do not collide. The restart test
//! starts a private broker through `scripts/broker` (state directory of its
//! own; `INLET_BROKER_SCRIPT` names the script, `INLET_TANSU_BIN` the
//! binary) so that stopping it disturbs nobody else;
//! `INLET_RESTART_ROUND=0|1` runs only its SIGTERM or its SIGKILL round.
//!
//! Known tansu 0.6.0 defect, met by that test: when an idempotent producer
//! stays connected across a restart, the restarted broker's sqlite storage
//! task panics on its first produce (`more or less than one row`,
//! `tansu-storage` `lite.rs`) and every produce fails from then on
//! (UNKNOWN_SERVER_ERROR) until tansu restarts. No client can resume that,
//! so the test checks the log for that panic, says so on stderr, and goes
//! on with a new publisher and a restarted broker; any other failure to
//! resume fails the test.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use futures::stream::{FuturesUnordered, StreamExt};
use inlet_kafka::topics::admin_client;
use inlet_kafka::{
    AssignmentsFeed, FeedOptions, KafkaConfig, KafkaPublisher, TopicError, TopicNames,
    TopicSettings, ensure_topics,
};
use inlet_message::publish::{Delivered, Publication, PublishError, Publisher, Topic};
use inlet_message::record::InboundMessage;
use inlet_routing::{AssignmentId, Number, RoutingTable};
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::Message;
use rdkafka::producer::FutureProducer;
use rdkafka::{ClientConfig, Offset, TopicPartitionList};

/// The environment variable with the real broker's bootstrap address.
const ENV: &str = "INLET_REAL_BROKER";

/// Partitions of the message topics the tests create.
const PARTITIONS: u32 = 3;

/// The real broker's address, or `None` after saying (on the real stderr,
/// which the test harness does not capture) that the test is skipped.
fn real_broker(test: &str) -> Option<String> {
    match std::env::var(ENV) {
        Ok(addr) if !addr.trim().is_empty() => Some(addr.trim().to_owned()),
        _ => {
            let _ = writeln!(
                std::io::stderr(),
                "{test}: skipped: {ENV} is not set (run scripts/test-real-broker)"
            );
            None
        }
    }
}

async fn bounded<F: Future<Output = ()>>(limit: Duration, test: F) {
    tokio::time::timeout(limit, test)
        .await
        .unwrap_or_else(|_| panic!("test took longer than its limit of {limit:?}"));
}

/// Topic names nobody used before: `inlet-test-<test>-<pid>-<time>.*`.
fn unique_topics(test: &str) -> TopicNames {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let prefix = format!("inlet-test-{test}-{}-{nanos:x}", std::process::id());
    TopicNames {
        inbound: format!("{prefix}.inbound"),
        unrouted: format!("{prefix}.inbound.unrouted"),
        segments: format!("{prefix}.inbound.segments"),
        assignments: format!("{prefix}.assignments"),
    }
}

/// A configuration for `addr` with unique topics, a delivery timeout and
/// quick reconnection.
fn config(addr: &str, test: &str, message_timeout_ms: u64) -> KafkaConfig {
    let mut config = KafkaConfig::new(addr);
    config.topics = unique_topics(test);
    config.message_timeout_ms = message_timeout_ms;
    config
        .properties
        .insert("reconnect.backoff.max.ms".to_owned(), "500".to_owned());
    config
}

fn settings() -> TopicSettings {
    TopicSettings {
        partitions: PARTITIONS,
        assignments_partitions: 2,
        timeout_ms: 10_000,
        ..TopicSettings::default()
    }
}

/// Creates the configuration's topics with inlet's own check (blocking).
fn create_topics(addr: &str, config: &KafkaConfig) -> inlet_kafka::TopicReport {
    let admin = admin_client(config, addr).expect("admin client");
    let report = ensure_topics(&admin, config, &settings()).expect("topics created");
    // The broker may take a moment before every partition has a leader.
    wait_for_leaders(addr, &config.topics.all());
    report
}

/// Waits until the metadata shows every topic with its partitions, each
/// with a leader.
fn wait_for_leaders(addr: &str, topics: &[&str]) {
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", addr)
        .create()
        .expect("metadata client");
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let ready = topics.iter().all(|topic| {
            consumer
                .fetch_metadata(Some(topic), Duration::from_secs(5))
                .ok()
                .and_then(|m| {
                    m.topics().iter().find(|t| t.name() == *topic).map(|t| {
                        t.error().is_none()
                            && !t.partitions().is_empty()
                            && t.partitions().iter().all(|p| p.leader() >= 0)
                    })
                })
                .unwrap_or(false)
        });
        if ready {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "topics {topics:?} without leaders after 15 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// One record read back.
#[derive(Debug, Clone)]
struct Record {
    topic: String,
    partition: i32,
    offset: i64,
    key: Option<Vec<u8>>,
    headers: Vec<(String, Vec<u8>)>,
    value: Vec<u8>,
}

/// Reads every partition of `topics` from the beginning up to the high
/// watermark it has now (no consumer group, no commits). Blocking, bounded
/// by `timeout`; panics if the end is not reached in time.
fn read_all(addr: &str, topics: &[&str], timeout: Duration) -> Vec<Record> {
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", addr)
        .set("group.id", "inlet-real-broker-tests")
        .set("enable.auto.commit", "false")
        .set("enable.partition.eof", "false")
        .create()
        .expect("consumer");
    let deadline = Instant::now() + timeout;
    // (topic, partition) -> high watermark still to reach.
    let mut ends: BTreeMap<(String, i32), i64> = BTreeMap::new();
    let mut assignment = TopicPartitionList::new();
    for topic in topics {
        let metadata = consumer
            .fetch_metadata(Some(topic), Duration::from_secs(10))
            .expect("metadata");
        let partitions: Vec<i32> = metadata
            .topics()
            .iter()
            .find(|t| t.name() == *topic)
            .map(|t| t.partitions().iter().map(|p| p.id()).collect())
            .unwrap_or_default();
        assert!(!partitions.is_empty(), "topic {topic} has no partitions");
        for partition in partitions {
            let (low, high) = consumer
                .fetch_watermarks(topic, partition, Duration::from_secs(10))
                .expect("watermarks");
            if high > low {
                ends.insert(((*topic).to_owned(), partition), high);
            }
            assignment
                .add_partition_offset(topic, partition, Offset::Beginning)
                .expect("offset");
        }
    }
    consumer.assign(&assignment).expect("assign");
    let mut out = Vec::new();
    while !ends.is_empty() {
        assert!(
            Instant::now() < deadline,
            "not at the end of {ends:?} within {timeout:?} ({} read)",
            out.len()
        );
        let Some(result) = consumer.poll(Duration::from_millis(100)) else {
            continue;
        };
        let message = result.expect("consume");
        let headers = common::headers_of(&message);
        let place = (message.topic().to_owned(), message.partition());
        if ends
            .get(&place)
            .is_some_and(|&end| message.offset() + 1 >= end)
        {
            ends.remove(&place);
        }
        out.push(Record {
            topic: place.0,
            partition: place.1,
            offset: message.offset(),
            key: message.key().map(<[u8]>::to_vec),
            headers,
            value: message.payload().unwrap_or_default().to_vec(),
        });
    }
    out
}

/// The test index of a record published from `common::message(i)`.
fn index_of(message: &InboundMessage) -> usize {
    usize::from_str_radix(&message.id, 16).expect("hex id") - 0x1_0000_0000
}

/// Publishes `common::message(i)` for every `i` in `indices`, at most
/// `window` in flight; returns every result with its index.
async fn publish_all(
    publisher: &KafkaPublisher,
    indices: impl IntoIterator<Item = usize>,
    window: usize,
) -> Vec<(usize, Result<Delivered, PublishError>)> {
    let mut indices = indices.into_iter();
    let mut results = Vec::new();
    let mut pending = FuturesUnordered::new();
    loop {
        while pending.len() < window {
            let Some(i) = indices.next() else { break };
            let future = publisher.publish(Publication::Message(common::message(i)));
            pending.push(async move { (i, future.await) });
        }
        match pending.next().await {
            Some(result) => results.push(result),
            None => return results,
        }
    }
}

/// Publishes until a record is delivered; `None` if none is within
/// `within`.
async fn try_deliver(publisher: &KafkaPublisher, within: Duration) -> Option<Duration> {
    let start = Instant::now();
    let mut i = 950_000;
    while start.elapsed() < within {
        i += 1;
        if publisher
            .publish(Publication::Message(common::message(i)))
            .await
            .is_ok()
        {
            return Some(start.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    None
}

/// What tansu 0.6.0 prints when the sqlite storage task panics on a
/// produce from an idempotent producer that was connected across a
/// restart (`tansu-storage` `lite.rs`, `query_one`); from then on every
/// produce fails with UNKNOWN_SERVER_ERROR until tansu restarts.
const TANSU_WEDGE: &str = "more or less than one row";

/// Checks that every acknowledged record is in `records` where its
/// acknowledgement said, intact (JSON, key, headers, topic); returns the
/// number of records in the log that no acknowledgement accounts for.
fn check_acknowledged(
    config: &KafkaConfig,
    records: &[Record],
    acknowledged: &HashMap<usize, Delivered>,
) -> usize {
    let by_place: HashMap<(&str, i32, i64), &Record> = records
        .iter()
        .map(|r| ((r.topic.as_str(), r.partition, r.offset), r))
        .collect();
    for (&i, d) in acknowledged {
        let expected = common::message(i);
        let topic = if expected.is_routed() {
            Topic::Inbound
        } else {
            Topic::Unrouted
        };
        assert_eq!(d.topic, topic, "record {i}");
        let name = config.topics.name(topic);
        let record = by_place
            .get(&(name, d.partition, d.offset))
            .unwrap_or_else(|| {
                panic!(
                    "record {i} acknowledged at {name}/{}@{} is not there",
                    d.partition, d.offset
                )
            });
        let message: InboundMessage = serde_json::from_slice(&record.value).expect("JSON value");
        assert_eq!(
            message, expected,
            "record {i} intact at its acknowledged place"
        );
        assert_eq!(record.key.as_deref(), Some(expected.to.as_bytes()));
        assert_eq!(
            record.headers,
            vec![
                ("inlet-schema".to_owned(), b"inbound.v1".to_vec()),
                ("content-type".to_owned(), b"application/json".to_vec()),
            ]
        );
    }
    records.len() - acknowledged.len().min(records.len())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn round_trip_keys_headers_and_json_intact() {
    let Some(addr) = real_broker("round_trip_keys_headers_and_json_intact") else {
        return;
    };
    bounded(Duration::from_secs(120), async {
        const N: usize = 2_000;
        let config = config(&addr, "roundtrip", 10_000);
        let topics_config = config.clone();
        let topics_addr = addr.clone();
        tokio::task::spawn_blocking(move || create_topics(&topics_addr, &topics_config))
            .await
            .expect("topic thread");
        let publisher = KafkaPublisher::with_bootstrap(&config, &addr).expect("publisher");

        let start = Instant::now();
        let results = publish_all(&publisher, 0..N, 500).await;
        let published = start.elapsed();
        let mut acknowledged = HashMap::with_capacity(N);
        for (i, result) in results {
            let d = result.unwrap_or_else(|e| panic!("record {i}: {e}"));
            assert!(d.offset >= 0);
            assert!(acknowledged.insert(i, d).is_none());
        }
        assert!(publisher.ready(), "ready after acknowledgements");

        let topics = [
            config.topics.inbound.clone(),
            config.topics.unrouted.clone(),
        ];
        let read_addr = addr.clone();
        let start = Instant::now();
        let records = tokio::task::spawn_blocking(move || {
            let topics: Vec<&str> = topics.iter().map(String::as_str).collect();
            read_all(&read_addr, &topics, Duration::from_secs(60))
        })
        .await
        .expect("consumer thread");
        eprintln!(
            "published {N} in {published:?} ({:.0}/s), read {} back in {:?}",
            N as f64 / published.as_secs_f64(),
            records.len(),
            start.elapsed()
        );
        assert_eq!(records.len(), N, "exactly the records published");
        assert_eq!(check_acknowledged(&config, &records, &acknowledged), 0);
        let ids: std::collections::HashSet<usize> = records
            .iter()
            .map(|r| index_of(&serde_json::from_slice(&r.value).expect("JSON")))
            .collect();
        assert_eq!(ids.len(), N, "no duplicates");
        assert_eq!(publisher.rebuilds(), 0);
    })
    .await;
}

#[test]
fn topics_are_created_by_inlet() {
    let Some(addr) = real_broker("topics_are_created_by_inlet") else {
        return;
    };
    let start = Instant::now();
    let config = config(&addr, "topics", 5_000);
    let admin = admin_client(&config, &addr).expect("admin client");

    // Not allowed to create: every topic is reported missing.
    let refuse = TopicSettings {
        create: false,
        ..settings()
    };
    match ensure_topics(&admin, &config, &refuse) {
        Err(TopicError::Missing { topics, .. }) => {
            assert_eq!(topics, config.topics.all().map(str::to_owned));
        }
        other => panic!("{other:?}"),
    }

    let report = ensure_topics(&admin, &config, &settings()).expect("created");
    eprintln!("{report:?}");
    assert_eq!(report.brokers, 1);
    assert_eq!(report.created, config.topics.all().map(str::to_owned));
    assert!(report.existing.is_empty());
    // One broker: replication and min.insync.replicas lowered to 1.
    assert_eq!(report.replication_factor, 1);
    assert_eq!(report.min_insync_replicas, 1);
    wait_for_leaders(&addr, &config.topics.all());

    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", &addr)
        .create()
        .expect("metadata client");
    for (topic, partitions) in [
        (&config.topics.inbound, PARTITIONS),
        (&config.topics.unrouted, PARTITIONS),
        (&config.topics.segments, PARTITIONS),
        (
            &config.topics.assignments,
            settings().assignments_partitions,
        ),
    ] {
        let metadata = consumer
            .fetch_metadata(Some(topic), Duration::from_secs(10))
            .expect("metadata");
        let found = metadata
            .topics()
            .iter()
            .find(|t| t.name() == topic)
            .map(|t| t.partitions().len())
            .unwrap_or_default();
        assert_eq!(found, partitions as usize, "{topic}");
    }

    // Again: everything is there, nothing created.
    let report = ensure_topics(&admin, &config, &settings()).expect("present");
    assert_eq!(report.existing, config.topics.all().map(str::to_owned));
    assert!(report.created.is_empty());
    // And the creation-refused check now passes too.
    ensure_topics(&admin, &config, &refuse).expect("present, nothing to create");
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "{:?}",
        start.elapsed()
    );
}

// --- The assignments feed ---------------------------------------------------

fn number(i: usize) -> String {
    format!("+1403555{i:04}")
}

fn num(s: &str) -> Number {
    Number::parse(s).expect("number")
}

fn value(id: u64, account: &str) -> String {
    format!(r#"[{{"id": {id}, "account": "{account}", "starts_at": "2026-01-01T00:00:00Z"}}]"#)
}

fn ids(table: &RoutingTable, n: &str) -> Vec<AssignmentId> {
    table.get(num(n)).into_iter().map(|a| a.id).collect()
}

async fn eventually(what: &str, within: Duration, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(start.elapsed() < within, "not within {within:?}: {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_feeds_converge_on_the_same_table() {
    let Some(addr) = real_broker("two_feeds_converge_on_the_same_table") else {
        return;
    };
    bounded(Duration::from_secs(120), async {
        const BULK: usize = 600;
        const A: &str = "+447700900001";
        const B: &str = "+447700900002";
        const C: &str = "+447700900003";
        const D: &str = "+447700900004";
        const LAST: &str = "+447700900099";
        let config = config(&addr, "feed", 5_000);
        let topics_config = config.clone();
        let topics_addr = addr.clone();
        tokio::task::spawn_blocking(move || create_topics(&topics_addr, &topics_config))
            .await
            .expect("topic thread");
        let topic = config.topics.assignments.clone();
        let producer: FutureProducer = ClientConfig::new()
            .set("bootstrap.servers", &addr)
            .set("enable.idempotence", "true")
            .set("linger.ms", "5")
            .create()
            .expect("producer");

        // History: a bulk of numbers, an update, a tombstone, an empty
        // value, two bad records and a last one.
        let bulk: Vec<(String, String)> = (0..BULK)
            .map(|i| (number(i), value(i as u64, &format!("cust-{}", i % 37))))
            .collect();
        let records: Vec<(Option<&str>, Option<&str>)> = bulk
            .iter()
            .map(|(k, v)| (Some(k.as_str()), Some(v.as_str())))
            .collect();
        common::produce(&producer, &topic, Duration::from_secs(10), &records).await;
        let (a1, a2, b1, c1, last) = (
            value(1, "acme"),
            value(2, "globex"),
            value(3, "acme"),
            value(4, "acme"),
            value(99, "last"),
        );
        common::produce(
            &producer,
            &topic,
            Duration::from_secs(10),
            &[
                (Some(A), Some(&a1)),
                (Some(A), Some(&a2)),              // update
                (Some(B), Some(&b1)),              //
                (Some(B), None),                   // tombstone
                (Some(C), Some(&c1)),              //
                (Some(C), Some("")),               // empty: none
                (Some(D), Some("{not json")),      // bad JSON
                (Some("14035550001x"), Some(&a1)), // bad key
                (Some(LAST), Some(&last)),
            ],
        )
        .await;

        let options = || FeedOptions {
            partition_check_interval: Duration::from_secs(1),
            max_batch: 500,
            request_timeout: Duration::from_secs(5),
            metrics: None,
        };
        let tables = [Arc::new(RoutingTable::new()), Arc::new(RoutingTable::new())];
        let feeds: Vec<AssignmentsFeed> = tables
            .iter()
            .map(|t| {
                AssignmentsFeed::start_with(&config, &addr, Arc::clone(t), options()).expect("feed")
            })
            .collect();
        for feed in &feeds {
            tokio::time::timeout(Duration::from_secs(30), feed.wait_caught_up())
                .await
                .expect("caught up within 30 s")
                .then_some(())
                .expect("feed running");
        }
        for table in &tables {
            assert_eq!(table.len(), BULK + 2, "bulk + A, LAST");
            for i in [0, 1, 123, BULK - 1] {
                assert_eq!(ids(table, &number(i)), vec![AssignmentId::Num(i as u64)]);
            }
            assert_eq!(ids(table, A), vec![AssignmentId::Num(2)]);
            assert!(ids(table, B).is_empty());
            assert!(ids(table, C).is_empty());
            assert!(ids(table, D).is_empty());
            assert_eq!(ids(table, LAST), vec![AssignmentId::Num(99)]);
        }
        for feed in &feeds {
            assert_eq!(feed.bad_records(), 2);
        }

        // Live: every third number changes (even ones move, odd ones are
        // deleted), interleaved across partitions.
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
        common::produce(&producer, &topic, Duration::from_secs(10), &records).await;
        let expected = BULK + 2 - BULK.div_ceil(3) / 2;
        let applied = (BULK + 9 + updates.len()) as u64;
        eventually(
            "both feeds applied the live updates",
            Duration::from_secs(30),
            || {
                tables.iter().all(|t| t.len() == expected)
                    && feeds
                        .iter()
                        .all(|f| f.applied_records() + f.bad_records() >= applied)
            },
        )
        .await;
        for i in 0..BULK {
            let n = number(i);
            assert_eq!(tables[0].get(num(&n)), tables[1].get(num(&n)), "{n}");
        }
        for n in [A, B, C, D, LAST] {
            assert_eq!(tables[0].get(num(n)), tables[1].get(num(n)), "{n}");
        }
        assert_eq!(ids(&tables[0], &number(0)), vec![AssignmentId::Num(10_000)]);
        assert!(ids(&tables[1], &number(3)).is_empty());
        assert_eq!(ids(&tables[1], &number(1)), vec![AssignmentId::Num(1)]);
    })
    .await;
}

// --- Stopped and restarted under load --------------------------------------

/// A private tansu started through `scripts/broker` with a state directory
/// of its own; stopped (and its data removed) when dropped.
struct PrivateBroker {
    script: PathBuf,
    state: PathBuf,
    addr: String,
}

impl PrivateBroker {
    fn script() -> PathBuf {
        std::env::var_os("INLET_BROKER_SCRIPT").map_or_else(
            || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/broker"),
            PathBuf::from,
        )
    }

    fn run(script: &PathBuf, state: &PathBuf, args: &[&str]) -> Result<String, String> {
        let output = Command::new(script)
            .args(args)
            .env("INLET_BROKER_STATE", state)
            .output()
            .map_err(|e| format!("{}: {e}", script.display()))?;
        if output.status.success() {
            Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
        } else {
            Err(format!(
                "{} {args:?}: {}\n{}",
                script.display(),
                output.status,
                String::from_utf8_lossy(&output.stderr)
            ))
        }
    }

    fn start() -> Self {
        let script = Self::script();
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let state = std::env::temp_dir().join(format!(
            "inlet-private-broker-{}-{nanos:x}",
            std::process::id()
        ));
        let addr = Self::run(&script, &state, &["start"]).expect("private broker started");
        Self {
            script,
            state,
            addr,
        }
    }

    /// Stops the broker (SIGTERM, or SIGKILL when `kill`), keeps it down
    /// for `down`, starts it again on the same port with the same sqlite
    /// file. Blocking.
    fn restart(&self, kill: bool, down: Duration) {
        let mut args = vec!["restart"];
        if kill {
            args.push("--kill");
        }
        let down = format!("{:.3}", down.as_secs_f64());
        args.extend(["--down", &down]);
        let addr = Self::run(&self.script, &self.state, &args).expect("restarted");
        assert_eq!(addr, self.addr, "same address after the restart");
    }
}

impl PrivateBroker {
    fn log(&self) -> String {
        std::fs::read_to_string(self.state.join("log")).unwrap_or_default()
    }
}

impl Drop for PrivateBroker {
    fn drop(&mut self) {
        if std::thread::panicking() {
            // The broker's side of the story, before its log is removed.
            let log = std::fs::read_to_string(self.state.join("log")).unwrap_or_default();
            let lines: Vec<&str> = log.lines().collect();
            let first_errors: Vec<&str> = lines
                .iter()
                .copied()
                .filter(|l| l.contains("ERROR") || l.contains("WARN"))
                .take(15)
                .collect();
            eprintln!(
                "--- the private broker's log ({}, {} lines): first errors:\n{}\n--- last lines:\n{}",
                self.state.join("log").display(),
                lines.len(),
                first_errors.join("\n"),
                lines[lines.len().saturating_sub(10)..].join("\n")
            );
            let _ = std::fs::copy(
                self.state.join("log"),
                std::env::temp_dir().join("inlet-private-broker-last-failure.log"),
            );
        }
        if let Err(e) = Self::run(&self.script, &self.state, &["stop"]) {
            eprintln!("stopping the private broker: {e}");
        }
    }
}

/// Publishes `per_tick` records every 10 ms for `duration`, each timed from
/// publish to result; returns `(index, result, time to result)`.
async fn load(
    publisher: &KafkaPublisher,
    first: usize,
    per_tick: usize,
    duration: Duration,
) -> Vec<(usize, Result<Delivered, PublishError>, Duration)> {
    let mut results = Vec::new();
    let mut pending = FuturesUnordered::new();
    let start = Instant::now();
    let mut i = first;
    while start.elapsed() < duration {
        for _ in 0..per_tick {
            let future = publisher.publish(Publication::Message(common::message(i)));
            let sent = Instant::now();
            let index = i;
            pending.push(async move { (index, future.await, sent.elapsed()) });
            i += 1;
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
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broker_restarted_under_load_loses_no_acknowledged_record() {
    if real_broker("broker_restarted_under_load_loses_no_acknowledged_record").is_none() {
        return;
    }
    // A broker of its own: this test stops it.
    let broker = tokio::task::spawn_blocking(PrivateBroker::start)
        .await
        .expect("start thread");
    let broker = Arc::new(broker);
    let addr = broker.addr.clone();
    bounded(Duration::from_secs(150), async {
        let timeout = Duration::from_millis(3_000);
        let config = config(&addr, "restart", 3_000);
        let topics_config = config.clone();
        let topics_addr = addr.clone();
        tokio::task::spawn_blocking(move || create_topics(&topics_addr, &topics_config))
            .await
            .expect("topic thread");
        let mut publisher = KafkaPublisher::with_bootstrap(&config, &addr).expect("publisher");
        common::until_delivered(
            &publisher,
            Duration::from_secs(10),
            Duration::from_millis(100),
        )
        .await;

        let mut all = Vec::new();
        let mut wedged = 0;
        // Two rounds: a graceful stop shorter than message.timeout.ms (the
        // records queued meanwhile should mostly get through), then a
        // SIGKILL and an outage longer than it (those records must fail,
        // as temporary).
        let rounds = [
            (0, false, Duration::from_millis(1_000)),
            (1, true, Duration::from_millis(5_000)),
        ];
        let only: Option<usize> = std::env::var("INLET_RESTART_ROUND")
            .ok()
            .and_then(|r| r.parse().ok());
        for (round, kill, down) in rounds.into_iter().filter(|r| only.is_none_or(|o| o == r.0)) {
            let restarter = Arc::clone(&broker);
            let faults = async move {
                tokio::time::sleep(Duration::from_millis(1_000)).await;
                tokio::task::spawn_blocking(move || restarter.restart(kill, down))
                    .await
                    .expect("restart thread");
            };
            let (results, ()) = tokio::join!(
                load(
                    &publisher,
                    round * 1_000_000,
                    20,
                    down + Duration::from_secs(3)
                ),
                faults
            );
            let ok = results.iter().filter(|(_, r, _)| r.is_ok()).count();
            let temporary = results
                .iter()
                .filter(|(_, r, _)| matches!(r, Err(PublishError::Temporary(_))))
                .count();
            let slowest = results.iter().map(|(_, _, t)| *t).max().expect("results");
            eprintln!(
                "round {round} ({}, down {down:?}): {} published: {ok} ok, {temporary} temporary, \
                 slowest {slowest:?}, producer rebuilds so far {}",
                if kill { "SIGKILL" } else { "SIGTERM" },
                results.len(),
                publisher.rebuilds()
            );
            for (i, result, _) in &results {
                assert!(
                    matches!(result, Ok(_) | Err(PublishError::Temporary(_))),
                    "record {i}: {result:?}"
                );
            }
            assert!(
                ok > 0,
                "round {round}: records before the stop are delivered"
            );
            if kill {
                assert!(temporary > 0, "records during a long outage fail");
            }
            // Every record is reported within message.timeout.ms, plus
            // librdkafka's once-a-second expiry scan, plus slack.
            assert!(
                slowest < timeout + Duration::from_millis(2_500),
                "round {round}: {slowest:?}"
            );
            assert_eq!(publisher.in_flight(), 0, "nothing left queued");
            all.extend(results);
            // Publishing resumes (through a rebuild if the broker lost the
            // producer's state).
            if let Some(resumed) = try_deliver(&publisher, Duration::from_secs(20)).await {
                eprintln!("round {round}: publishing resumed {resumed:?} after the load");
                continue;
            }
            // tansu 0.6.0 defect: its storage task panicked on the produce
            // of the producer that spans the restart, and the broker now
            // fails every produce (UNKNOWN_SERVER_ERROR, which the
            // publisher reported as temporary, as it must) until it is
            // restarted. Nothing on the client side can resume that; go on
            // with a new publisher (new producer id) and a restarted
            // broker, and check the rest.
            assert!(
                broker.log().contains(TANSU_WEDGE),
                "round {round}: publishing did not resume within 20 s, and the broker's log \
                 does not show the known tansu defect"
            );
            let _ = writeln!(
                std::io::stderr(),
                "round {round}: KNOWN TANSU 0.6.0 DEFECT: the restarted broker's storage task \
                 panicked ({TANSU_WEDGE:?}) on the produce of the producer that spans the \
                 restart; every produce fails since. Continuing with a new publisher and a \
                 restarted broker."
            );
            // The publisher's reports are all in; its producer can go.
            publisher = KafkaPublisher::with_bootstrap(&config, &addr).expect("publisher");
            let restarter = Arc::clone(&broker);
            tokio::task::spawn_blocking(move || restarter.restart(false, Duration::ZERO))
                .await
                .expect("restart thread");
            let resumed = common::until_delivered(
                &publisher,
                Duration::from_secs(30),
                Duration::from_millis(100),
            )
            .await;
            eprintln!(
                "round {round}: publishing resumed {resumed:?} after the broker's second restart"
            );
            wedged += 1;
        }
        let after = publish_all(&publisher, 2_000_000..2_000_200, 100).await;
        for (i, result) in &after {
            assert!(result.is_ok(), "record {i} after recovery: {result:?}");
        }
        all.extend(after.into_iter().map(|(i, r)| (i, r, Duration::ZERO)));

        // Every acknowledged record is readable where it was acknowledged.
        let acknowledged: HashMap<usize, Delivered> = all
            .iter()
            .filter_map(|(i, r, _)| r.as_ref().ok().map(|d| (*i, *d)))
            .collect();
        let failed = all.len() - acknowledged.len();
        let topics = [
            config.topics.inbound.clone(),
            config.topics.unrouted.clone(),
        ];
        let read_addr = addr.clone();
        let records = tokio::task::spawn_blocking(move || {
            let topics: Vec<&str> = topics.iter().map(String::as_str).collect();
            read_all(&read_addr, &topics, Duration::from_secs(60))
        })
        .await
        .expect("consumer thread");
        let unaccounted = check_acknowledged(&config, &records, &acknowledged);
        let mut copies: HashMap<usize, usize> = HashMap::new();
        for r in &records {
            let message: InboundMessage = serde_json::from_slice(&r.value).expect("JSON");
            *copies.entry(index_of(&message)).or_default() += 1;
        }
        // Acknowledged records stored more than once (the idempotent
        // producer should prevent it while the broker keeps its state).
        let duplicated = acknowledged
            .keys()
            .filter(|i| copies.get(i).copied().unwrap_or(0) > 1)
            .count();
        eprintln!(
            "{} acknowledged, all readable; {failed} reported failed; {} records in the log \
             ({unaccounted} beyond the acknowledged: failed records the broker kept anyway \
             or until_delivered probes); {duplicated} acknowledged records stored more than once; \
             {} producer rebuild(s); tansu wedged after {wedged} of the restarts",
            acknowledged.len(),
            records.len(),
            publisher.rebuilds()
        );
    })
    .await;
    drop(broker);
}

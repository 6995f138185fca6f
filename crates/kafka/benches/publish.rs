//! Publish throughput and acknowledgement latency of [`KafkaPublisher`]:
//! 200 000 realistic records (normalized `InboundMessage` JSON, the
//! records of the tests, 600–900 bytes) with a window of 10 000 publishes
//! in flight, against the embedded broker (librdkafka's mock cluster) and,
//! when `INLET_REAL_BROKER` gives its address, against a real broker
//! (`scripts/broker start` starts tansu). Prints one line per broker with
//! records/s and the ack latency (publish call to acknowledgement) p50,
//! p99 and max, then `publish_embedded_msgs_per_s=<n>` and, for the real
//! broker, `publish_ceiling_msgs_per_s=<n>`.
//!
//! Run: `cargo bench -p inlet-kafka --bench publish`
//! (`INLET_REAL_BROKER=$(scripts/broker start)` first for the real broker;
//! `-- embedded` or `-- real` runs only that one).
//!
//! Environment: `INLET_BENCH_RECORDS` (default 200 000),
//! `INLET_BENCH_WINDOW` (default 10 000). Without `--bench` (as under
//! `cargo test --benches`) it runs a 2 000-record smoke pass on the
//! embedded broker only.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use futures::stream::{FuturesUnordered, StreamExt};
use hdrhistogram::Histogram;
use inlet_kafka::topics::admin_client;
use inlet_kafka::{EmbeddedBroker, KafkaConfig, KafkaPublisher, TopicNames, TopicSettings};
use inlet_message::publish::{Publication, PublishError, Publisher};
use inlet_message::record::InboundMessage;

/// Partitions of the message topics, on both brokers.
const PARTITIONS: u32 = 4;
/// Distinct records cycled through (built once; cloned per publish).
const POOL: usize = 1_000;

fn env_usize(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .replace('_', "")
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v}: not a number")),
        Err(_) => default,
    }
}

/// What one run measured.
struct Figures {
    records: usize,
    failed: usize,
    first_error: Option<PublishError>,
    elapsed: Duration,
    latency_us: Histogram<u64>,
}

impl Figures {
    fn rate(&self) -> f64 {
        (self.records - self.failed) as f64 / self.elapsed.as_secs_f64()
    }
}

/// Publishes `records` records with at most `window` in flight, after one
/// acknowledged warm-up record (metadata, connections).
async fn run(
    publisher: &KafkaPublisher,
    pool: &[InboundMessage],
    records: usize,
    window: usize,
) -> Figures {
    let warm = Instant::now();
    loop {
        match publisher
            .publish(Publication::Message(pool[0].clone()))
            .await
        {
            Ok(_) => break,
            Err(e) if warm.elapsed() < Duration::from_secs(30) && e.is_retriable() => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("warm-up publish failed: {e}"),
        }
    }

    let mut latency_us = Histogram::<u64>::new_with_bounds(1, 600_000_000, 3).expect("histogram");
    let mut failed = 0;
    let mut first_error = None;
    let mut pending = FuturesUnordered::new();
    let mut next = 0;
    let start = Instant::now();
    let mut done = 0;
    while done < records {
        while next < records && pending.len() < window {
            let message = pool[next % pool.len()].clone();
            let sent = Instant::now();
            let future = publisher.publish(Publication::Message(message));
            pending.push(async move { (future.await, sent.elapsed()) });
            next += 1;
        }
        let (result, took) = pending.next().await.expect("pending");
        done += 1;
        let micros = u64::try_from(took.as_micros()).unwrap_or(u64::MAX).max(1);
        latency_us.saturating_record(micros);
        if let Err(e) = result {
            failed += 1;
            first_error.get_or_insert(e);
        }
    }
    Figures {
        records,
        failed,
        first_error,
        elapsed: start.elapsed(),
        latency_us,
    }
}

fn report(name: &str, pool_bytes: usize, f: &Figures) {
    let ms = |q: f64| f.latency_us.value_at_quantile(q) as f64 / 1000.0;
    println!(
        "publish {name}: {} records (avg {pool_bytes} B JSON) in {:.2} s: {:.0} records/s; \
         ack latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; {} failed{}",
        f.records,
        f.elapsed.as_secs_f64(),
        f.rate(),
        ms(0.50),
        ms(0.99),
        f.latency_us.max() as f64 / 1000.0,
        f.failed,
        f.first_error
            .as_ref()
            .map(|e| format!(" (first: {e})"))
            .unwrap_or_default()
    );
}

fn bench_config(brokers: &str, topics: TopicNames) -> KafkaConfig {
    let mut config = KafkaConfig::new(brokers);
    config.topics = topics;
    // Long enough that a slow broker shows up as latency, not failures.
    config.message_timeout_ms = 60_000;
    config
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let benching = args.iter().any(|a| a == "--bench");
    let filters: Vec<&str> = args
        .iter()
        .filter(|a| !a.starts_with('-'))
        .map(String::as_str)
        .collect();
    let wanted = |name: &str| filters.is_empty() || filters.iter().any(|f| name.contains(f));
    let (records, window) = if benching {
        (
            env_usize("INLET_BENCH_RECORDS", 200_000),
            env_usize("INLET_BENCH_WINDOW", 10_000),
        )
    } else {
        (2_000, 500)
    };
    let real = std::env::var("INLET_REAL_BROKER")
        .ok()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty() && benching);

    let pool: Vec<InboundMessage> = (0..POOL).map(common::message).collect();
    let pool_bytes = pool
        .iter()
        .map(|m| serde_json::to_vec(m).expect("JSON").len())
        .sum::<usize>()
        / pool.len();

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");

    println!(
        "publish bench: {records} records, window {window}, records of {pool_bytes} B on \
         average (JSON), lz4, acks=all, idempotent"
    );

    let mut embedded_rate = None;
    if wanted("embedded") {
        let topics = TopicNames::default();
        let broker = EmbeddedBroker::start(
            1,
            &topics.all().map(|t| {
                (
                    t,
                    if t == topics.assignments {
                        1
                    } else {
                        PARTITIONS
                    },
                )
            }),
        )
        .expect("embedded broker");
        let config = bench_config("embedded", topics);
        let publisher = KafkaPublisher::with_bootstrap(&config, &broker.bootstrap_servers())
            .expect("publisher");
        let figures = runtime.block_on(run(&publisher, &pool, records, window));
        report("embedded", pool_bytes, &figures);
        embedded_rate = Some(figures.rate());
        drop(publisher);
        drop(broker);
    }

    let mut real_rate = None;
    if let Some(addr) = real.filter(|_| wanted("real")) {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let prefix = format!("inlet-bench-{}-{nanos:x}", std::process::id());
        let topics = TopicNames {
            inbound: format!("{prefix}.inbound"),
            unrouted: format!("{prefix}.inbound.unrouted"),
            segments: format!("{prefix}.inbound.segments"),
            assignments: format!("{prefix}.assignments"),
        };
        let config = bench_config(&addr, topics);
        let admin = admin_client(&config, &addr).expect("admin client");
        let settings = TopicSettings {
            partitions: PARTITIONS,
            assignments_partitions: 1,
            ..TopicSettings::default()
        };
        inlet_kafka::ensure_topics(&admin, &config, &settings)
            .unwrap_or_else(|e| panic!("topics on the real broker {addr}: {e}"));
        drop(admin);
        let publisher = KafkaPublisher::with_bootstrap(&config, &addr).expect("publisher");
        let figures = runtime.block_on(run(&publisher, &pool, records, window));
        report(&format!("real broker {addr}"), pool_bytes, &figures);
        real_rate = Some(figures.rate());
        drop(publisher);
    } else if benching && wanted("real") {
        println!(
            "publish real broker: skipped: INLET_REAL_BROKER is not set (scripts/broker start)"
        );
    }

    if let Some(rate) = embedded_rate {
        println!("publish_embedded_msgs_per_s={rate:.0}");
    }
    if let Some(rate) = real_rate {
        println!("publish_ceiling_msgs_per_s={rate:.0}");
    }
}

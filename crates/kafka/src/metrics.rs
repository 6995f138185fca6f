//! The Kafka side's `inlet_` metrics, fed by publish outcomes and by
//! librdkafka's statistics callback (`statistics.interval.ms`), and the
//! broker reachability `/readyz` asks about.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use prometheus::{IntCounter, IntCounterVec, IntGauge, Opts, Registry};
use rdkafka::statistics::Statistics;

/// The metrics of the publisher and of the assignments feed.
#[derive(Clone)]
pub struct KafkaMetrics {
    /// `inlet_messages_published_total{topic}`: records the brokers
    /// acknowledged.
    pub published: IntCounterVec,
    /// `inlet_kafka_queue_messages`: records in the producer's queue
    /// (waiting or in flight), from the last statistics.
    pub queue_messages: IntGauge,
    /// `inlet_kafka_queue_bytes`: their size.
    pub queue_bytes: IntGauge,
    /// `inlet_kafka_in_flight`: records sent to brokers and not yet
    /// answered.
    pub in_flight: IntGauge,
    /// `inlet_kafka_broker_rtt_seconds{broker}`: mean round-trip time per
    /// broker over the last statistics window (a gauge of seconds, as a
    /// float).
    pub broker_rtt: prometheus::GaugeVec,
    /// `inlet_kafka_brokers_up`: brokers with an open connection.
    pub brokers_up: IntGauge,
    /// `inlet_kafka_producer_rebuilds_total`.
    pub rebuilds: IntCounter,
    /// `inlet_assignments_feed_bad_records_total`.
    pub feed_bad_records: IntCounter,
    /// `inlet_assignments_feed_caught_up`: 1 once the feed reached the
    /// high watermarks it saw at start.
    pub feed_caught_up: IntGauge,
    health: Arc<Health>,
}

/// What readiness needs to know about the brokers.
#[derive(Default)]
struct Health {
    /// Whether the last statistics showed a broker up.
    broker_up: AtomicBool,
    /// Milliseconds since `epoch` of the last statistics (0: none yet).
    last_stats_ms: AtomicU64,
    /// Milliseconds since `epoch` of the last acknowledged record, and of
    /// the last temporary failure (0: never).
    last_ok_ms: AtomicU64,
    last_temporary_ms: AtomicU64,
    epoch: std::sync::OnceLock<Instant>,
}

impl Health {
    fn now_ms(&self) -> u64 {
        let epoch = self.epoch.get_or_init(Instant::now);
        u64::try_from(epoch.elapsed().as_millis())
            .unwrap_or(u64::MAX)
            .max(1)
    }
}

impl std::fmt::Debug for KafkaMetrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KafkaMetrics").finish_non_exhaustive()
    }
}

impl KafkaMetrics {
    /// The metrics, registered in `registry`.
    ///
    /// # Errors
    /// A name is already registered there.
    pub fn new(registry: &Registry) -> Result<KafkaMetrics, prometheus::Error> {
        fn reg<M: prometheus::core::Collector + Clone + 'static>(
            registry: &Registry,
            m: M,
        ) -> Result<M, prometheus::Error> {
            registry.register(Box::new(m.clone()))?;
            Ok(m)
        }
        Ok(KafkaMetrics {
            published: reg(
                registry,
                IntCounterVec::new(
                    Opts::new(
                        "inlet_messages_published_total",
                        "Records acknowledged by the brokers, by topic.",
                    ),
                    &["topic"],
                )?,
            )?,
            queue_messages: reg(
                registry,
                IntGauge::new(
                    "inlet_kafka_queue_messages",
                    "Records in the producer queue (waiting or in flight).",
                )?,
            )?,
            queue_bytes: reg(
                registry,
                IntGauge::new(
                    "inlet_kafka_queue_bytes",
                    "Bytes of the records in the producer queue.",
                )?,
            )?,
            in_flight: reg(
                registry,
                IntGauge::new(
                    "inlet_kafka_in_flight",
                    "Records sent to brokers and not yet acknowledged.",
                )?,
            )?,
            broker_rtt: reg(
                registry,
                prometheus::GaugeVec::new(
                    Opts::new(
                        "inlet_kafka_broker_rtt_seconds",
                        "Mean broker round-trip time over the last statistics window.",
                    ),
                    &["broker"],
                )?,
            )?,
            brokers_up: reg(
                registry,
                IntGauge::new("inlet_kafka_brokers_up", "Brokers with an open connection.")?,
            )?,
            rebuilds: reg(
                registry,
                IntCounter::new(
                    "inlet_kafka_producer_rebuilds_total",
                    "Producers rebuilt after a fatal idempotent-producer error.",
                )?,
            )?,
            feed_bad_records: reg(
                registry,
                IntCounter::new(
                    "inlet_assignments_feed_bad_records_total",
                    "Assignment records that could not be read (skipped).",
                )?,
            )?,
            feed_caught_up: reg(
                registry,
                IntGauge::new(
                    "inlet_assignments_feed_caught_up",
                    "1 once the assignments feed has read up to the high watermarks.",
                )?,
            )?,
            health: Arc::new(Health::default()),
        })
    }

    /// Metrics in a registry of their own.
    #[must_use]
    pub fn unregistered() -> KafkaMetrics {
        // A fresh registry cannot hold these names already.
        #[allow(clippy::expect_used)]
        KafkaMetrics::new(&Registry::new()).expect("fresh registry")
    }

    /// Takes in one statistics report of the producer.
    pub(crate) fn statistics(&self, stats: &Statistics) {
        self.queue_messages
            .set(i64::try_from(stats.msg_cnt).unwrap_or(i64::MAX));
        self.queue_bytes
            .set(i64::try_from(stats.msg_size).unwrap_or(i64::MAX));
        let mut in_flight = 0;
        let mut up = 0;
        for broker in stats.brokers.values() {
            // Bootstrap and internal entries have no node id.
            if broker.nodeid < 0 {
                continue;
            }
            in_flight += broker.waitresp_msg_cnt;
            if broker.state == "UP" {
                up += 1;
            }
            if let Some(rtt) = &broker.rtt
                && rtt.cnt > 0
            {
                #[allow(clippy::cast_precision_loss)] // microseconds, far below 2^52
                let seconds = rtt.avg as f64 / 1e6;
                self.broker_rtt
                    .with_label_values(&[&broker.name])
                    .set(seconds);
            }
        }
        self.in_flight.set(in_flight);
        self.brokers_up.set(up);
        self.health.broker_up.store(up > 0, Ordering::Release);
        let now = self.health.now_ms();
        self.health.last_stats_ms.store(now, Ordering::Release);
    }

    /// Notes a record acknowledged on `topic`.
    pub(crate) fn acknowledged(&self, topic: &str) {
        self.published.with_label_values(&[topic]).inc();
        let now = self.health.now_ms();
        self.health.last_ok_ms.store(now, Ordering::Release);
    }

    /// Notes a publish that failed for a reason an operator can fix
    /// (broker down, timeout, unknown topic, authorization).
    pub(crate) fn temporary_failure(&self) {
        let now = self.health.now_ms();
        self.health.last_temporary_ms.store(now, Ordering::Release);
    }

    /// Whether the brokers look reachable. Unready for `window` after a
    /// temporary failure unless a record is acknowledged since; otherwise
    /// the newest evidence decides: an acknowledged record (ready) or the
    /// last statistics (ready when they showed a broker up). Nothing known
    /// yet: unready.
    #[must_use]
    pub fn brokers_reachable(&self, window: Duration) -> bool {
        let h = &self.health;
        let ok = h.last_ok_ms.load(Ordering::Acquire);
        let failed = h.last_temporary_ms.load(Ordering::Acquire);
        let stats = h.last_stats_ms.load(Ordering::Acquire);
        let window_ms = u64::try_from(window.as_millis()).unwrap_or(u64::MAX);
        if failed > ok && h.now_ms().saturating_sub(failed) < window_ms {
            return false;
        }
        if stats > ok {
            h.broker_up.load(Ordering::Acquire)
        } else {
            ok > 0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reachability_follows_outcomes() {
        let m = KafkaMetrics::unregistered();
        let window = Duration::from_secs(60);
        assert!(!m.brokers_reachable(window), "nothing known yet");
        m.acknowledged("sms.inbound");
        assert!(m.brokers_reachable(window));
        std::thread::sleep(Duration::from_millis(3));
        m.temporary_failure();
        assert!(!m.brokers_reachable(window), "failing since the last ack");
        std::thread::sleep(Duration::from_millis(3));
        m.acknowledged("sms.inbound");
        assert!(m.brokers_reachable(window));
        assert_eq!(m.published.with_label_values(&["sms.inbound"]).get(), 2);
    }
}

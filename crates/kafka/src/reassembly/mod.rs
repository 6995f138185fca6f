//! Lossless multipart reassembly: a consumer group over the segments
//! topic inside every inlet instance.
//!
//! Sessions publish each segment to `sms.inbound.segments` keyed by its
//! group, so all segments of a message land in one partition whatever bind
//! or instance they came through, and acknowledge the carrier only then.
//! The [`Reassembler`] (one thread, a `BaseConsumer` in the
//! `inlet-reassembler` group) feeds them to [`State`], publishes what it
//! emits to the main (or unrouted) topic through the same [`Publisher`]
//! the sessions use, waits for the broker's acknowledgement (retrying
//! while the broker is unavailable: a record is never dropped), and only
//! then commits offsets, and only up to the first segment of a group still
//! pending.
//!
//! # Guarantee
//!
//! Every segment acknowledged to a carrier ends up in exactly one emitted
//! record, or in more than one only after a crash or a rebalance: a group
//! emitted but not yet committed is emitted again by whoever reads the
//! partition next, with the same `id` and `fingerprint` (assembly is
//! deterministic), so consumers drop the copy. After a crash a segment
//! whose group was emitted before may come out as a new incomplete group
//! rather than `late`: still not lost.

mod state;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use inlet_message::publish::{Publication, PublishError, Publisher};
use inlet_message::record::SegmentRecord;
use prometheus::{Histogram, HistogramOpts, IntCounterVec, IntGauge, Opts, Registry};
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer, ConsumerContext, Rebalance};
use rdkafka::error::KafkaError;
use rdkafka::message::Message;
use rdkafka::{ClientContext, Offset, TopicPartitionList};

pub use state::{Emitted, Limits, Pushed, State, Why};

use crate::config::{ConfigError, KafkaConfig};

/// The consumer group every inlet instance's reassembler joins (Kafka
/// ACLs need Read on it).
pub const GROUP: &str = "inlet-reassembler";

/// Most segments read before what they complete is published.
const BATCH: usize = 500;

/// The reassembly metrics.
#[derive(Clone)]
pub struct ReassemblyMetrics {
    /// `inlet_reassembly_groups_pending`.
    pub pending: IntGauge,
    /// `inlet_reassembly_emitted_total{why}` (complete, timeout, evicted,
    /// late).
    pub emitted: IntCounterVec,
    /// `inlet_reassembly_segments_total{outcome}` (added, duplicate, late,
    /// bad).
    pub segments: IntCounterVec,
    /// `inlet_reassembly_latency_seconds`: first segment at the
    /// reassembler → record emitted.
    pub latency: Histogram,
    /// `inlet_reassembly_partitions`: partitions of the segments topic
    /// this instance is assigned (0 while a rebalance is under way).
    pub partitions: IntGauge,
}

impl ReassemblyMetrics {
    /// The metrics, registered in `registry`.
    ///
    /// # Errors
    /// A name is already registered there.
    pub fn new(registry: &Registry) -> Result<ReassemblyMetrics, prometheus::Error> {
        let pending = IntGauge::new(
            "inlet_reassembly_groups_pending",
            "Multipart groups waiting for segments.",
        )?;
        let emitted = IntCounterVec::new(
            Opts::new(
                "inlet_reassembly_emitted_total",
                "Reassembled records emitted, by why (complete, timeout, evicted, late).",
            ),
            &["why"],
        )?;
        let segments = IntCounterVec::new(
            Opts::new(
                "inlet_reassembly_segments_total",
                "Segments read by the reassembler, by outcome (added, duplicate, late, bad).",
            ),
            &["outcome"],
        )?;
        let latency = Histogram::with_opts(
            HistogramOpts::new(
                "inlet_reassembly_latency_seconds",
                "Time from a group's first segment at the reassembler to its record.",
            )
            .buckets(vec![
                0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 120.0,
            ]),
        )?;
        let partitions = IntGauge::new(
            "inlet_reassembly_partitions",
            "Partitions of the segments topic this instance reassembles (0 during a rebalance).",
        )?;
        registry.register(Box::new(pending.clone()))?;
        registry.register(Box::new(partitions.clone()))?;
        registry.register(Box::new(emitted.clone()))?;
        registry.register(Box::new(segments.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        for why in ["complete", "timeout", "evicted", "late"] {
            emitted.with_label_values(&[why]);
        }
        for outcome in ["added", "duplicate", "late", "bad"] {
            segments.with_label_values(&[outcome]);
        }
        Ok(ReassemblyMetrics {
            pending,
            emitted,
            segments,
            latency,
            partitions,
        })
    }

    /// Metrics in a registry of their own.
    #[must_use]
    pub fn unregistered() -> ReassemblyMetrics {
        // A fresh registry cannot hold these names already.
        #[allow(clippy::expect_used)]
        ReassemblyMetrics::new(&Registry::new()).expect("fresh registry")
    }
}

/// Why the reassembler could not start.
#[derive(Debug, thiserror::Error)]
pub enum ReassemblyError {
    /// The configuration is refused.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// librdkafka refused the consumer or the subscription.
    #[error("reassembler: kafka consumer: {0}")]
    Consumer(#[from] KafkaError),
    /// The thread could not start.
    #[error("reassembler: cannot start its thread: {0}")]
    Thread(std::io::Error),
}

/// Options of a [`Reassembler`].
#[derive(Clone)]
pub struct Options {
    /// Timers and bounds.
    pub limits: Limits,
    /// The consumer group ([`GROUP`] by default).
    pub group: String,
    /// Where it is counted.
    pub metrics: ReassemblyMetrics,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            limits: Limits::default(),
            group: GROUP.to_owned(),
            metrics: ReassemblyMetrics::unregistered(),
        }
    }
}

/// The consumer's context: partitions revoked by a rebalance, seen during
/// `poll` and handled by the loop after it; the assignment, logged and
/// counted; librdkafka's log lines and errors.
struct Context {
    revoked: std::sync::Mutex<Vec<i32>>,
    partitions: IntGauge,
}

impl ClientContext for Context {
    fn log(&self, level: rdkafka::config::RDKafkaLogLevel, fac: &str, log_message: &str) {
        crate::client_log::forward("reassembler", level, fac, log_message);
    }

    fn error(&self, error: KafkaError, reason: &str) {
        tracing::warn!("reassembler: kafka consumer error: {error}: {reason}");
    }
}

impl ConsumerContext for Context {
    fn pre_rebalance(&self, _consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        if let Rebalance::Revoke(list) = rebalance {
            let mut revoked = self
                .revoked
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            revoked.extend(list.elements().iter().map(|e| e.partition()));
        }
    }

    fn post_rebalance(&self, consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        match rebalance {
            Rebalance::Assign(list) => {
                let assigned: Vec<i32> = list.elements().iter().map(|e| e.partition()).collect();
                tracing::info!(?assigned, "reassembler: partitions assigned");
            }
            Rebalance::Revoke(_) => {}
            Rebalance::Error(e) => tracing::warn!("reassembler: rebalance failed: {e}"),
        }
        // What the consumer holds now, not the list of this event: under
        // the cooperative protocol (`partition.assignment.strategy`
        // `cooperative-sticky`) an event lists only what changed.
        let held = consumer.assignment().map_or(0, |list| list.count());
        self.partitions.set(i64::try_from(held).unwrap_or(i64::MAX));
    }
}

/// A running reassembler; stops (without committing more) when dropped.
pub struct Reassembler {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Reassembler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reassembler").finish_non_exhaustive()
    }
}

impl Reassembler {
    /// Joins the reassembler group on `config`'s segments topic and starts
    /// emitting through `publisher`.
    ///
    /// # Errors
    /// See [`ReassemblyError`].
    pub fn start(
        config: &KafkaConfig,
        bootstrap: &str,
        publisher: Arc<dyn Publisher>,
        options: Options,
    ) -> Result<Reassembler, ReassemblyError> {
        let mut client = config.consumer_config(bootstrap, &options.group)?;
        client.set("auto.offset.reset", "earliest");
        // A crashed instance's partitions move to the others after the
        // session timeout: keep it well inside the reassembly timeout
        // (librdkafka's default is 45 s). Configurable as properties.
        for (key, default) in [
            ("session.timeout.ms", "10000"),
            ("heartbeat.interval.ms", "2000"),
        ] {
            if !config.properties.contains_key(key) {
                client.set(key, default);
            }
        }
        let consumer: BaseConsumer<Context> = client.create_with_context(Context {
            revoked: std::sync::Mutex::new(Vec::new()),
            partitions: options.metrics.partitions.clone(),
        })?;
        let topic = config.topics.segments.clone();
        consumer.subscribe(&[&topic])?;
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let thread = std::thread::Builder::new()
            .name("inlet-reassembler".into())
            .spawn(move || run(&consumer, &topic, publisher.as_ref(), &options, &stopping))
            .map_err(ReassemblyError::Thread)?;
        Ok(Reassembler {
            stop,
            thread: Some(thread),
        })
    }

    /// Stops the loop; what is pending stays uncommitted, so the group's
    /// next owner rebuilds it.
    pub fn stop(&mut self) {
        self.stop.store(true, Ordering::Release);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Reassembler {
    fn drop(&mut self) {
        self.stop();
    }
}

fn run(
    consumer: &BaseConsumer<Context>,
    topic: &str,
    publisher: &dyn Publisher,
    options: &Options,
    stop: &AtomicBool,
) {
    let metrics = &options.metrics;
    let mut state = State::new(options.limits.clone());
    let mut out: Vec<Emitted> = Vec::new();
    let mut committed: std::collections::HashMap<i32, i64> = std::collections::HashMap::new();
    while !stop.load(Ordering::Acquire) {
        // Read a batch: wait a little for the first record, not for the rest.
        let mut wait = Duration::from_millis(100);
        for _ in 0..BATCH {
            let Some(result) = consumer.poll(wait) else {
                break;
            };
            wait = Duration::ZERO;
            match result {
                Ok(message) => {
                    let (partition, offset) = (message.partition(), message.offset());
                    let parsed = message
                        .payload()
                        .map(serde_json::from_slice::<SegmentRecord>);
                    match parsed {
                        Some(Ok(segment)) => {
                            let pushed =
                                state.push(partition, offset, segment, Instant::now(), &mut out);
                            let label = match pushed {
                                Pushed::Added => "added",
                                Pushed::Duplicate => "duplicate",
                                Pushed::Late => "late",
                            };
                            metrics.segments.with_label_values(&[label]).inc();
                        }
                        Some(Err(e)) => {
                            tracing::warn!(
                                topic,
                                partition,
                                offset,
                                "reassembler: not a segment record, skipped: {e}"
                            );
                            metrics.segments.with_label_values(&["bad"]).inc();
                            state.skip(partition, offset);
                        }
                        None => {
                            metrics.segments.with_label_values(&["bad"]).inc();
                            state.skip(partition, offset);
                        }
                    }
                }
                Err(e) => {
                    tracing::debug!("reassembler: consumer: {e}");
                    break;
                }
            }
        }
        let revoked: Vec<i32> = std::mem::take(
            &mut *consumer
                .context()
                .revoked
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        if !revoked.is_empty() {
            tracing::info!(
                ?revoked,
                "reassembler: partitions moved to another instance"
            );
            state.revoke(&revoked);
            for p in &revoked {
                committed.remove(p);
            }
        }
        state.expire(Instant::now(), &mut out);
        metrics
            .pending
            .set(i64::try_from(state.pending()).unwrap_or(i64::MAX));
        if !out.is_empty() && !publish_all(publisher, &mut out, metrics, stop) {
            return; // stopping: nothing more is committed
        }
        commit(consumer, topic, &state, &mut committed);
    }
}

/// Publishes every emitted record, retrying failures until they succeed
/// (or the reassembler stops: then `false`, and nothing is committed).
fn publish_all(
    publisher: &dyn Publisher,
    out: &mut Vec<Emitted>,
    metrics: &ReassemblyMetrics,
    stop: &AtomicBool,
) -> bool {
    let mut backoff = Duration::from_millis(100);
    while !out.is_empty() {
        let futures: Vec<_> = out
            .iter()
            .map(|e| publisher.publish(Publication::Message(e.record.clone())))
            .collect();
        let results: Vec<Result<_, PublishError>> =
            futures::executor::block_on(futures::future::join_all(futures));
        let mut failed = Vec::new();
        let mut last_error = None;
        for (emitted, result) in out.drain(..).zip(results) {
            match result {
                Ok(_) => {
                    metrics
                        .emitted
                        .with_label_values(&[emitted.why.as_label()])
                        .inc();
                    metrics.latency.observe(emitted.waited.as_secs_f64());
                }
                Err(e) => {
                    last_error = Some(e);
                    failed.push(emitted);
                }
            }
        }
        *out = failed;
        if let Some(e) = last_error {
            tracing::warn!(
                records = out.len(),
                "reassembler: publishing failed ({e}); retrying in {backoff:?}"
            );
            if stop.load(Ordering::Acquire) {
                return false;
            }
            std::thread::sleep(backoff);
            backoff = (backoff * 2).min(Duration::from_secs(5));
        }
    }
    true
}

/// Commits, per partition, up to the first segment of a pending group.
fn commit(
    consumer: &BaseConsumer<Context>,
    topic: &str,
    state: &State,
    committed: &mut std::collections::HashMap<i32, i64>,
) {
    let mut list = TopicPartitionList::new();
    let mut changes = Vec::new();
    for partition in state.partitions() {
        let Some(offset) = state.committable(partition) else {
            continue;
        };
        if committed.get(&partition) != Some(&offset)
            && list
                .add_partition_offset(topic, partition, Offset::Offset(offset))
                .is_ok()
        {
            changes.push((partition, offset));
        }
    }
    if changes.is_empty() {
        return;
    }
    match consumer.commit(&list, CommitMode::Async) {
        Ok(()) => committed.extend(changes),
        Err(e) => tracing::debug!("reassembler: commit: {e}"),
    }
}

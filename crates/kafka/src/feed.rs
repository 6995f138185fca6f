//! [`AssignmentsFeed`]: the routing table, kept from the compacted
//! assignments topic (`sms.assignments`).
//!
//! Every inlet instance must hold the *whole* table, so the feed is not a
//! member of a consumer group: it assigns itself every partition of the
//! topic explicitly, reads each from the beginning, and never commits an
//! offset (`enable.auto.commit=false`, `enable.auto.offset.store=false`).
//! librdkafka insists on a `group.id` even for a consumer that never joins
//! a group; the feed makes up a unique throwaway one, which no broker ever
//! hears of (nothing is committed, no group is joined).
//!
//! # Records
//!
//! Key: the number, `+` E.164 (`+14035551234`). Value: a JSON array of all
//! of that number's assignments (see
//! [`inlet_routing::source::parse_topic_value`]); a null value (a
//! tombstone, what compaction eventually deletes), `null` or an empty value
//! means the number has none. Each record replaces everything the number
//! held.
//!
//! A record that cannot be applied — no key, a key that is not a `+` E.164
//! number, a value that is not the JSON above, or assignments that conflict
//! (overlapping exclusive rentals, ...) — is logged with its
//! topic/partition/offset, counted ([`AssignmentsFeed::bad_records`]) and
//! skipped: the number keeps what it held before. A bad record never stops
//! the feed.
//!
//! # Catching up
//!
//! At start the feed reads the high watermark of every partition. It is
//! *caught up* ([`AssignmentsFeed::caught_up`],
//! [`AssignmentsFeed::wait_caught_up`]) once every record below those
//! watermarks has been applied to the table (or librdkafka reported the end
//! of the partition, which covers offsets that compaction or transaction
//! markers leave without a record). `/readyz` waits for it: before that,
//! the table is a partial, older view. After that, records apply live, in
//! batches of what has arrived ([`RoutingTable::apply`]: one copy per
//! touched shard per batch).
//!
//! # Partitions
//!
//! Every [`FeedOptions::partition_check_interval`] (30 s by default) the
//! feed reads the topic's metadata again and assigns partitions added since,
//! from their beginning. Partitions added after start do not gate catching
//! up.
//!
//! # Threads
//!
//! The feed runs on its own thread (named `inlet-assignments-feed`), with a
//! blocking librdkafka consumer; it needs no async runtime. It stops when
//! the [`AssignmentsFeed`] is dropped or [`stop`](AssignmentsFeed::stop)ped
//! (within about [`POLL_INTERVAL`]).

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use inlet_routing::source::parse_topic_value;
use inlet_routing::{Number, RoutingTable, Update};
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::{BorrowedMessage, Message};
use rdkafka::{ClientConfig, Offset, TopicPartitionList};
use tokio::sync::watch;

use crate::client_log::Logged;
use crate::config::{ConfigError, KafkaConfig};

/// How long the feed's thread waits for records in one poll; it notices
/// [`AssignmentsFeed::stop`] within about this.
pub const POLL_INTERVAL: Duration = Duration::from_millis(100);

/// Tuning of the feed; the defaults suit production.
#[derive(Debug, Clone)]
pub struct FeedOptions {
    /// How often the partition count is read again (default 30 s).
    pub partition_check_interval: Duration,
    /// Most records applied in one batch (default 5 000).
    pub max_batch: usize,
    /// Timeout of each metadata and watermark request (default 10 s).
    pub request_timeout: Duration,
    /// Where bad records and the caught-up state are counted (default:
    /// nowhere).
    pub metrics: Option<crate::KafkaMetrics>,
}

impl Default for FeedOptions {
    fn default() -> Self {
        Self {
            partition_check_interval: Duration::from_secs(30),
            max_batch: 5_000,
            request_timeout: Duration::from_secs(10),
            metrics: None,
        }
    }
}

/// Why the feed could not start.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    /// The configuration is refused (see [`KafkaConfig::validate`]).
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// librdkafka refused to create the consumer.
    #[error("assignments feed: cannot create the kafka consumer: {0}")]
    Consumer(KafkaError),
    /// The feed's thread could not start.
    #[error("assignments feed: cannot start its thread: {0}")]
    Thread(std::io::Error),
}

/// What the feed shares with its thread.
struct Shared {
    stop: AtomicBool,
    bad_records: AtomicU64,
    applied: AtomicU64,
    caught_up: watch::Sender<bool>,
}

/// A running feed of the assignments topic into a [`RoutingTable`]; see
/// the [module](self) docs. Stops when dropped.
pub struct AssignmentsFeed {
    shared: Arc<Shared>,
    caught_up: watch::Receiver<bool>,
    thread: Option<JoinHandle<()>>,
    topic: String,
}

impl std::fmt::Debug for AssignmentsFeed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AssignmentsFeed")
            .field("topic", &self.topic)
            .field("caught_up", &self.caught_up())
            .field("bad_records", &self.bad_records())
            .finish_non_exhaustive()
    }
}

/// The librdkafka consumer configuration of the feed: the pass-through
/// properties of `config` (TLS, SASL, ...), then what the feed needs (no
/// commits, a throwaway group id, partition-end events).
///
/// # Errors
/// What [`KafkaConfig::validate`] finds.
pub fn consumer_config(
    config: &KafkaConfig,
    bootstrap_servers: &str,
) -> Result<ClientConfig, ConfigError> {
    let group = crate::config::throwaway_group_id("inlet-assignments-feed");
    let mut client = config.consumer_config(bootstrap_servers, &group)?;
    client
        .set("auto.offset.reset", "earliest")
        .set("enable.partition.eof", "true");
    Ok(client)
}

impl AssignmentsFeed {
    /// Starts feeding `config.topics.assignments` from the brokers at
    /// `bootstrap_servers` (the configured ones, or the embedded broker's)
    /// into `table`, with the default [`FeedOptions`].
    ///
    /// # Errors
    /// See [`start_with`](Self::start_with).
    pub fn start(
        config: &KafkaConfig,
        bootstrap_servers: &str,
        table: Arc<RoutingTable>,
    ) -> Result<Self, FeedError> {
        Self::start_with(config, bootstrap_servers, table, FeedOptions::default())
    }

    /// Starts the feed with the given options. Returns at once: an
    /// unreachable broker or a missing topic is retried (and logged) by the
    /// feed's thread, and the feed is not caught up meanwhile.
    ///
    /// # Errors
    /// The configuration is refused, librdkafka cannot create the consumer,
    /// or the thread cannot start.
    pub fn start_with(
        config: &KafkaConfig,
        bootstrap_servers: &str,
        table: Arc<RoutingTable>,
        options: FeedOptions,
    ) -> Result<Self, FeedError> {
        let consumer: BaseConsumer<Logged> = consumer_config(config, bootstrap_servers)?
            .create_with_context(Logged::new("assignments-feed"))
            .map_err(FeedError::Consumer)?;
        let (caught_up_tx, caught_up) = watch::channel(false);
        let shared = Arc::new(Shared {
            stop: AtomicBool::new(false),
            bad_records: AtomicU64::new(0),
            applied: AtomicU64::new(0),
            caught_up: caught_up_tx,
        });
        let topic = config.topics.assignments.clone();
        let runner = Runner {
            consumer,
            topic: topic.clone(),
            table,
            options,
            shared: Arc::clone(&shared),
            partitions: BTreeMap::new(),
            targets: None,
        };
        let thread = std::thread::Builder::new()
            .name("inlet-assignments-feed".into())
            .spawn(move || runner.run())
            .map_err(FeedError::Thread)?;
        Ok(Self {
            shared,
            caught_up,
            thread: Some(thread),
            topic,
        })
    }

    /// The topic read.
    #[must_use]
    pub fn topic(&self) -> &str {
        &self.topic
    }

    /// Whether the feed has applied every record that was in the topic when
    /// it started (readiness).
    #[must_use]
    pub fn caught_up(&self) -> bool {
        *self.caught_up.borrow()
    }

    /// Waits until the feed is caught up ([`caught_up`](Self::caught_up)).
    /// Returns `false` if the feed stopped before.
    pub async fn wait_caught_up(&self) -> bool {
        let mut receiver = self.caught_up.clone();
        receiver.wait_for(|caught_up| *caught_up).await.is_ok()
    }

    /// A receiver of the caught-up flag, for a readiness check that lives
    /// apart from the feed (it turns `true` once and stays so).
    #[must_use]
    pub fn caught_up_receiver(&self) -> watch::Receiver<bool> {
        self.caught_up.clone()
    }

    /// Records skipped because they could not be applied (bad key, bad
    /// value, conflicting assignments), since start.
    #[must_use]
    pub fn bad_records(&self) -> u64 {
        self.shared.bad_records.load(Ordering::Relaxed)
    }

    /// Records applied to the table (tombstones included), since start.
    #[must_use]
    pub fn applied_records(&self) -> u64 {
        self.shared.applied.load(Ordering::Relaxed)
    }

    /// Asks the feed to stop (it does within about [`POLL_INTERVAL`]);
    /// the table keeps what was applied. Dropping the feed stops it too,
    /// and waits for its thread.
    pub fn stop(&self) {
        self.shared.stop.store(true, Ordering::Release);
    }
}

impl Drop for AssignmentsFeed {
    fn drop(&mut self) {
        self.stop();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The feed's thread.
struct Runner {
    consumer: BaseConsumer<Logged>,
    topic: String,
    table: Arc<RoutingTable>,
    options: FeedOptions,
    shared: Arc<Shared>,
    /// Assigned partitions and the next offset to read in each (`None`:
    /// from the beginning, nothing read yet).
    partitions: BTreeMap<i32, Option<i64>>,
    /// Partitions still to reach their start-time high watermark, with it;
    /// `None` until the watermarks are read.
    targets: Option<BTreeMap<i32, i64>>,
}

/// One record of a batch, parsed.
struct Pending {
    partition: i32,
    offset: i64,
    update: Update,
}

impl Runner {
    fn run(mut self) {
        let mut next_check = Instant::now();
        let mut failing_since: Option<Instant> = None;
        while !self.stopped() {
            if Instant::now() >= next_check {
                match self.check_partitions() {
                    Ok(()) => {
                        failing_since = None;
                        next_check = Instant::now() + self.options.partition_check_interval;
                    }
                    Err(e) => {
                        // Retry soon, and log once a while rather than at
                        // every retry.
                        if failing_since.is_none_or(|t| t.elapsed() > Duration::from_secs(30)) {
                            tracing::warn!(
                                topic = %self.topic,
                                "assignments feed: cannot read the topic's partitions (retrying): {e}"
                            );
                            failing_since = Some(Instant::now());
                        }
                        next_check = Instant::now() + Duration::from_secs(1);
                    }
                }
            }
            if self.partitions.is_empty() {
                std::thread::sleep(POLL_INTERVAL);
                continue;
            }
            self.poll_batch();
        }
        tracing::debug!(topic = %self.topic, "assignments feed stopped");
    }

    fn stopped(&self) -> bool {
        self.shared.stop.load(Ordering::Acquire)
    }

    /// Reads the partition count; assigns new partitions; on the first
    /// success, reads the watermarks catching up aims at.
    fn check_partitions(&mut self) -> Result<(), KafkaError> {
        let metadata = self
            .consumer
            .fetch_metadata(Some(&self.topic), self.options.request_timeout)?;
        let topic = metadata
            .topics()
            .iter()
            .find(|t| t.name() == self.topic)
            .ok_or(KafkaError::MetadataFetch(
                RDKafkaErrorCode::UnknownTopicOrPartition,
            ))?;
        if let Some(error) = topic.error() {
            return Err(KafkaError::MetadataFetch(error.into()));
        }
        let found: Vec<i32> = topic.partitions().iter().map(|p| p.id()).collect();
        if found.is_empty() {
            return Err(KafkaError::MetadataFetch(
                RDKafkaErrorCode::UnknownTopicOrPartition,
            ));
        }
        if self.targets.is_none() {
            let mut targets = BTreeMap::new();
            for &partition in &found {
                let (low, high) = self.consumer.fetch_watermarks(
                    &self.topic,
                    partition,
                    self.options.request_timeout,
                )?;
                if high > low {
                    targets.insert(partition, high);
                }
            }
            tracing::info!(
                topic = %self.topic,
                partitions = found.len(),
                "assignments feed: reading {} records' worth of offsets to catch up",
                targets.values().sum::<i64>()
            );
            self.targets = Some(targets);
        }
        let new: Vec<i32> = found
            .iter()
            .copied()
            .filter(|p| !self.partitions.contains_key(p))
            .collect();
        if !new.is_empty() {
            let mut list = TopicPartitionList::new();
            for (&partition, next) in &self.partitions {
                let offset = next.map_or(Offset::Beginning, Offset::Offset);
                list.add_partition_offset(&self.topic, partition, offset)?;
            }
            for &partition in &new {
                list.add_partition_offset(&self.topic, partition, Offset::Beginning)?;
            }
            self.consumer.assign(&list)?;
            if !self.partitions.is_empty() {
                tracing::info!(
                    topic = %self.topic,
                    "assignments feed: {} new partition(s) assigned: {new:?}",
                    new.len()
                );
            }
            for partition in new {
                self.partitions.insert(partition, None);
            }
        }
        self.check_caught_up();
        Ok(())
    }

    /// Polls what has arrived (up to a batch), applies it, then updates
    /// the caught-up state.
    fn poll_batch(&mut self) {
        let mut batch: Vec<Pending> = Vec::new();
        let mut ended: HashSet<i32> = HashSet::new();
        let mut timeout = POLL_INTERVAL;
        while batch.len() < self.options.max_batch {
            let Some(result) = self.consumer.poll(timeout) else {
                break;
            };
            timeout = Duration::ZERO;
            match result {
                Ok(message) => {
                    self.partitions
                        .insert(message.partition(), Some(message.offset() + 1));
                    if let Some(pending) = self.parse(&message) {
                        batch.push(pending);
                    }
                }
                Err(KafkaError::PartitionEOF(partition)) => {
                    ended.insert(partition);
                }
                Err(e) => {
                    tracing::warn!(topic = %self.topic, "assignments feed: consumer error: {e}");
                    break;
                }
            }
        }
        self.apply(batch);
        if let Some(targets) = &mut self.targets
            && !targets.is_empty()
        {
            let partitions = &self.partitions;
            targets.retain(|partition, high| {
                !ended.contains(partition)
                    && partitions
                        .get(partition)
                        .copied()
                        .flatten()
                        .is_none_or(|next| next < *high)
            });
        }
        self.check_caught_up();
    }

    fn check_caught_up(&self) {
        if self.targets.as_ref().is_some_and(BTreeMap::is_empty) && !*self.shared.caught_up.borrow()
        {
            tracing::info!(
                topic = %self.topic,
                numbers = self.table.len(),
                bad_records = self.shared.bad_records.load(Ordering::Relaxed),
                "assignments feed caught up"
            );
            self.shared.caught_up.send_replace(true);
            if let Some(m) = &self.options.metrics {
                m.feed_caught_up.set(1);
            }
        }
    }

    /// The update a record asks for, or `None` (logged, counted) when it
    /// is bad.
    fn parse(&self, message: &BorrowedMessage<'_>) -> Option<Pending> {
        let partition = message.partition();
        let offset = message.offset();
        let parsed: Result<Update, String> = match message.key().map(std::str::from_utf8) {
            None => Err("no key (the key is the `+` E.164 number)".to_owned()),
            Some(Err(_)) => Err("the key is not UTF-8".to_owned()),
            Some(Ok(key)) => match Number::parse(key) {
                Err(e) => Err(format!("key {key:?} is not a `+` E.164 number: {e}")),
                Ok(number) => match message.payload() {
                    None => Ok(Update::Remove { number }),
                    Some(value) => parse_topic_value(number, Some(value))
                        .map(|assignments| Update::Upsert {
                            number,
                            assignments,
                        })
                        .map_err(|e| format!("bad value for {number}: {e}")),
                },
            },
        };
        match parsed {
            Ok(update) => Some(Pending {
                partition,
                offset,
                update,
            }),
            Err(reason) => {
                self.bad_record(partition, offset, &reason);
                None
            }
        }
    }

    fn bad_record(&self, partition: i32, offset: i64, reason: &str) {
        self.shared.bad_records.fetch_add(1, Ordering::Relaxed);
        if let Some(m) = &self.options.metrics {
            m.feed_bad_records.inc();
        }
        tracing::warn!(
            topic = %self.topic,
            partition,
            offset,
            "assignments feed: bad record skipped: {reason}"
        );
    }

    /// Applies a batch at once; if the table refuses it (conflicting
    /// assignments), one record at a time, skipping the refused ones.
    fn apply(&self, batch: Vec<Pending>) {
        if batch.is_empty() {
            return;
        }
        let count = batch.len() as u64;
        if self
            .table
            .apply(batch.iter().map(|p| p.update.clone()))
            .is_ok()
        {
            self.shared.applied.fetch_add(count, Ordering::Relaxed);
            return;
        }
        for pending in batch {
            match self.table.apply([pending.update]) {
                Ok(()) => {
                    self.shared.applied.fetch_add(1, Ordering::Relaxed);
                }
                Err(e) => self.bad_record(
                    pending.partition,
                    pending.offset,
                    &format!("conflicting assignments: {e}"),
                ),
            }
        }
    }
}

//! [`KafkaPublisher`]: the [`Publisher`] that keeps inlet's promise.
//!
//! A record is handed to librdkafka's idempotent producer (`acks=all`) and
//! its future resolves only from the broker's acknowledgement or from the
//! delivery report that says it failed, which librdkafka guarantees within
//! `message.timeout.ms`. A full producer queue fails the call at once with
//! [`PublishError::Backpressure`]. Errors are classified by
//! [`crate::classify::classify`].
//!
//! # Fatal errors
//!
//! The idempotent producer can hit a *fatal* error (the broker lost the
//! producer's state, or the sequence numbers desynchronized); librdkafka
//! then refuses every further record from that producer. Every error event
//! of the producer wakes a keeper thread, which asks librdkafka whether the
//! producer is fatally failed and if so builds a new producer from the
//! same configuration and swaps it in behind the same
//! [`KafkaPublisher`] handle ([`ArcSwap`]). Records of the old producer
//! fail as [`PublishError::Temporary`] (their delivery reports carry the
//! fatal error, or the purge when the old producer is dropped), and so
//! does any publish between the error and the swap. Nothing restarts.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use arc_swap::ArcSwap;
use inlet_message::publish::{Delivered, Publication, PublishError, Publisher, Publishing};
use rdkafka::ClientContext;
use rdkafka::config::ClientConfig;
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::{Header, OwnedHeaders};
use rdkafka::producer::{FutureProducer, FutureRecord, Producer};

use crate::classify::classify;
use crate::config::{ConfigError, KafkaConfig, TopicNames};
use crate::metrics::KafkaMetrics;

/// Publishes inlet's records to Kafka; see the [module](self) docs.
///
/// Cheap to share (`Arc<KafkaPublisher>` or `&KafkaPublisher`); every
/// method takes `&self`. Dropping it purges what is still queued (those
/// futures fail as temporary): call [`flush`](Self::flush) first for a
/// graceful stop.
pub struct KafkaPublisher {
    shared: Arc<Shared>,
    events: mpsc::Sender<Event>,
    keeper: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for KafkaPublisher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KafkaPublisher")
            .field("topics", &self.shared.topics)
            .field("generation", &self.generation())
            .finish_non_exhaustive()
    }
}

struct Shared {
    current: ArcSwap<Generation>,
    client_config: ClientConfig,
    topics: TopicNames,
    rebuilds: AtomicU64,
    metrics: KafkaMetrics,
}

/// One librdkafka producer; replaced as a whole after a fatal error.
struct Generation {
    id: u64,
    producer: FutureProducer<Context>,
    fatal: Arc<Fatal>,
}

/// The fatal flag of one generation, shared with its client context, and
/// the way to the keeper.
struct Fatal {
    generation: u64,
    raised: AtomicBool,
    events: mpsc::Sender<Event>,
}

impl Fatal {
    /// Flags the generation as fatally failed and asks the keeper for a
    /// new one (once).
    fn raise(&self) {
        if !self.raised.swap(true, Ordering::AcqRel) {
            self.suspect();
        }
    }

    /// Asks the keeper to check whether the producer hit a fatal error.
    fn suspect(&self) {
        // The keeper only stops with the publisher, so a failed send
        // means nobody needs a new producer any more.
        let _ = self.events.send(Event::Suspect(self.generation));
    }

    fn is_raised(&self) -> bool {
        self.raised.load(Ordering::Acquire)
    }
}

/// The client context: sees librdkafka's error events.
///
/// librdkafka reports a fatal error as an error event carrying the
/// *underlying* code (e.g. `OutOfOrderSequenceNumber`), not `__FATAL`, and
/// rdkafka does not expose `rd_kafka_event_error_is_fatal`; so every error
/// event makes the keeper ask the client whether it is fatally failed
/// (`rd_kafka_fatal_error`). Error events are rare (connection trouble),
/// and the check is cheap.
struct Context {
    fatal: Arc<Fatal>,
    metrics: KafkaMetrics,
}

impl ClientContext for Context {
    fn log(&self, level: rdkafka::config::RDKafkaLogLevel, fac: &str, log_message: &str) {
        crate::client_log::forward("producer", level, fac, log_message);
    }

    fn stats(&self, statistics: rdkafka::statistics::Statistics) {
        self.metrics.statistics(&statistics);
    }

    fn error(&self, error: KafkaError, reason: &str) {
        tracing::warn!(
            generation = self.fatal.generation,
            "kafka client error: {error}: {reason}"
        );
        if error.rdkafka_error_code() == Some(RDKafkaErrorCode::Fatal) {
            self.fatal.raise();
        } else {
            self.fatal.suspect();
        }
    }
}

enum Event {
    /// Generation `.0` may have hit a fatal error.
    Suspect(u64),
    Stop,
}

fn build(
    client_config: &ClientConfig,
    id: u64,
    events: &mpsc::Sender<Event>,
    metrics: &KafkaMetrics,
) -> Result<Generation, KafkaError> {
    let fatal = Arc::new(Fatal {
        generation: id,
        raised: AtomicBool::new(false),
        events: events.clone(),
    });
    let producer = client_config.create_with_context(Context {
        fatal: Arc::clone(&fatal),
        metrics: metrics.clone(),
    })?;
    Ok(Generation {
        id,
        producer,
        fatal,
    })
}

impl KafkaPublisher {
    /// A publisher for the configured brokers.
    ///
    /// Creating the producer does not contact the brokers: an unreachable
    /// cluster shows up as failed publishes (temporary), or earlier
    /// through a metadata check.
    ///
    /// # Errors
    /// The configuration is refused ([`KafkaConfig::validate`], or
    /// librdkafka rejects a passed-through property), or `brokers` is
    /// `"embedded"`: start an [`EmbeddedBroker`](crate::EmbeddedBroker) and
    /// use [`with_bootstrap`](Self::with_bootstrap).
    pub fn new(config: &KafkaConfig) -> Result<Self, ConfigError> {
        if config.is_embedded() {
            return Err(ConfigError::Invalid {
                field: "brokers",
                reason: "\"embedded\" needs an EmbeddedBroker started first".to_owned(),
            });
        }
        Self::with_bootstrap(config, &config.brokers)
    }

    /// A publisher with the configuration's settings but the given
    /// bootstrap servers (an embedded broker's, a test broker's).
    ///
    /// # Errors
    /// As [`new`](Self::new), `"embedded"` aside.
    pub fn with_bootstrap(config: &KafkaConfig, bootstrap: &str) -> Result<Self, ConfigError> {
        Self::with_metrics(config, bootstrap, KafkaMetrics::unregistered())
    }

    /// As [`with_bootstrap`](Self::with_bootstrap), moving `metrics`
    /// (librdkafka statistics every second unless the configuration's
    /// properties set `statistics.interval.ms`).
    ///
    /// # Errors
    /// As [`new`](Self::new), `"embedded"` aside.
    pub fn with_metrics(
        config: &KafkaConfig,
        bootstrap: &str,
        metrics: KafkaMetrics,
    ) -> Result<Self, ConfigError> {
        for topic in config.topics.all() {
            metrics.published.with_label_values(&[topic]);
        }
        let mut client_config = config.producer_config(bootstrap)?;
        if client_config.get("statistics.interval.ms").is_none() {
            client_config.set("statistics.interval.ms", "1000");
        }
        let (events, rx) = mpsc::channel();
        let first = build(&client_config, 0, &events, &metrics)
            .map_err(|e| ConfigError::Client(e.to_string()))?;
        let shared = Arc::new(Shared {
            current: ArcSwap::from_pointee(first),
            client_config,
            topics: config.topics.clone(),
            rebuilds: AtomicU64::new(0),
            metrics,
        });
        let keeper = {
            let shared = Arc::clone(&shared);
            let events = events.clone();
            std::thread::Builder::new()
                .name("inlet-kafka-keeper".into())
                .spawn(move || keep(&shared, &rx, &events))
                .map_err(|e| ConfigError::Client(format!("cannot start the keeper thread: {e}")))?
        };
        Ok(Self {
            shared,
            events,
            keeper: Some(keeper),
        })
    }

    /// The metrics this publisher moves.
    #[must_use]
    pub fn metrics(&self) -> &KafkaMetrics {
        &self.shared.metrics
    }

    /// Whether the brokers look reachable and the producer is usable: for
    /// `/readyz`. Unready while the producer waits to be rebuilt, while no
    /// broker is connected, and after a temporary failure (timeout, broker
    /// down, unknown topic, authorization) until a record succeeds again
    /// or a minute passes with the brokers connected.
    #[must_use]
    pub fn ready(&self) -> bool {
        !self.is_fatal()
            && self
                .shared
                .metrics
                .brokers_reachable(Duration::from_secs(60))
    }

    /// The topic names records go to.
    #[must_use]
    pub fn topics(&self) -> &TopicNames {
        &self.shared.topics
    }

    /// How many times the producer was rebuilt after a fatal error.
    #[must_use]
    pub fn rebuilds(&self) -> u64 {
        self.shared.rebuilds.load(Ordering::Acquire)
    }

    /// The current producer's generation (0 at start, one more per
    /// rebuild).
    #[must_use]
    pub fn generation(&self) -> u64 {
        self.shared.current.load().id
    }

    /// Records handed to librdkafka and not yet reported (queued or in
    /// flight), for metrics and graceful shutdown.
    #[must_use]
    pub fn in_flight(&self) -> usize {
        usize::try_from(self.shared.current.load().producer.in_flight_count()).unwrap_or(0)
    }

    /// Whether the current producer has hit a fatal error and is waiting to
    /// be rebuilt.
    #[must_use]
    pub fn is_fatal(&self) -> bool {
        self.shared.current.load().fatal.is_raised()
    }

    /// The fatal error librdkafka reported for the current producer, if
    /// any (for logs and `/readyz` details).
    #[must_use]
    pub fn fatal_error(&self) -> Option<String> {
        self.shared
            .current
            .load()
            .producer
            .client()
            .fatal_error()
            .map(|(code, reason)| format!("{code:?}: {reason}"))
    }

    /// Waits (blocking) until every queued record is reported or `timeout`
    /// passes. Call from a blocking context (`spawn_blocking`).
    ///
    /// # Errors
    /// Records were still in flight at the timeout.
    pub fn flush(&self, timeout: Duration) -> Result<(), PublishError> {
        self.shared
            .current
            .load_full()
            .producer
            .flush(timeout)
            .map_err(|e| classify(&e))
    }

    /// Resolves an error of `generation`: raises its fatal flag when the
    /// error is the fatal one, then classifies.
    fn failed(generation: &Generation, error: &KafkaError) -> PublishError {
        if error.rdkafka_error_code() == Some(RDKafkaErrorCode::Fatal) {
            generation.fatal.raise();
        }
        classify(error)
    }
}

impl Publisher for KafkaPublisher {
    fn publish(&self, item: Publication) -> Publishing<'_> {
        let generation = self.shared.current.load_full();
        if generation.fatal.is_raised() {
            return Publishing::done(Err(PublishError::Temporary(
                "kafka producer is being rebuilt after a fatal error".to_owned(),
            )));
        }
        let topic = item.topic();
        let payload = match item.to_json() {
            Ok(payload) => payload,
            Err(e) => {
                return Publishing::done(Err(PublishError::Rejected(format!(
                    "cannot encode the record: {e}"
                ))));
            }
        };
        let key = item.key();
        let headers = item.headers().iter().fold(
            OwnedHeaders::new_with_capacity(2),
            |headers, (name, value)| {
                headers.insert(Header {
                    key: name,
                    value: Some(*value),
                })
            },
        );
        let topic_name = self.shared.topics.name(topic);
        let record = FutureRecord::to(topic_name)
            .key(&key)
            .payload(&payload)
            .headers(headers);
        let metrics = self.shared.metrics.clone();
        let delivery = match generation.producer.send_result(record) {
            Ok(delivery) => delivery,
            Err((error, _)) => {
                let error = Self::failed(&generation, &error);
                if matches!(error, PublishError::Temporary(_)) {
                    metrics.temporary_failure();
                }
                return Publishing::done(Err(error));
            }
        };
        let topic_name = topic_name.to_owned();
        // The future holds no reference to the producer, so that a
        // retired generation can be dropped while its reports are due
        // (they then resolve as purged: temporary).
        let fatal = Arc::clone(&generation.fatal);
        drop(generation);
        Publishing::pending(async move {
            let result = match delivery.await {
                Ok(Ok(delivery)) => {
                    metrics.acknowledged(&topic_name);
                    return Ok(Delivered {
                        topic,
                        partition: delivery.partition,
                        offset: delivery.offset,
                    });
                }
                Ok(Err((error, _))) => {
                    if error.rdkafka_error_code() == Some(RDKafkaErrorCode::Fatal) {
                        fatal.raise();
                    }
                    classify(&error)
                }
                Err(_canceled) => PublishError::Temporary(
                    "kafka producer stopped before reporting the record".to_owned(),
                ),
            };
            if matches!(result, PublishError::Temporary(_)) {
                metrics.temporary_failure();
            }
            Err(result)
        })
    }
}

impl Drop for KafkaPublisher {
    fn drop(&mut self) {
        let _ = self.events.send(Event::Stop);
        if let Some(keeper) = self.keeper.take() {
            let _ = keeper.join();
        }
    }
}

/// How long a retired producer may stay borrowed (by a `publish` call in
/// progress) before the keeper drops its own reference anyway.
const RETIRE_WAIT: Duration = Duration::from_secs(5);

/// How long to wait between attempts to build a producer.
const REBUILD_RETRY: Duration = Duration::from_secs(1);

/// The keeper thread: rebuilds the producer after a fatal error, and
/// drops retired producers off the publishing path.
fn keep(shared: &Shared, events: &mpsc::Receiver<Event>, sender: &mpsc::Sender<Event>) {
    while let Ok(event) = events.recv() {
        let failed = match event {
            Event::Stop => return,
            Event::Suspect(id) => id,
        };
        {
            let current = shared.current.load();
            if current.id != failed {
                continue; // already replaced
            }
            match current.producer.client().fatal_error() {
                Some((code, reason)) => {
                    // Publishes fail fast from now until the swap.
                    current.fatal.raised.store(true, Ordering::Release);
                    tracing::error!(
                        generation = failed,
                        "kafka producer fatal error {code:?}: {reason}; rebuilding the producer"
                    );
                }
                None if current.fatal.is_raised() => {
                    tracing::error!(
                        generation = failed,
                        "kafka producer fatal error; rebuilding the producer"
                    );
                }
                None => continue,
            }
        }
        let new = loop {
            match build(&shared.client_config, failed + 1, sender, &shared.metrics) {
                Ok(new) => break new,
                Err(e) => {
                    tracing::error!("cannot rebuild the kafka producer: {e}; retrying");
                    match events.recv_timeout(REBUILD_RETRY) {
                        Ok(Event::Stop) | Err(mpsc::RecvTimeoutError::Disconnected) => return,
                        Ok(Event::Suspect(_)) | Err(mpsc::RecvTimeoutError::Timeout) => {}
                    }
                }
            }
        };
        let old = shared.current.swap(Arc::new(new));
        shared.rebuilds.fetch_add(1, Ordering::AcqRel);
        shared.metrics.rebuilds.inc();
        tracing::warn!(
            generation = failed + 1,
            "kafka producer rebuilt after a fatal error"
        );
        // Dropping a producer purges its queue and waits for its reports,
        // so do it here rather than in whichever `publish` call happens to
        // hold the last reference.
        let since = Instant::now();
        while Arc::strong_count(&old) > 1 && since.elapsed() < RETIRE_WAIT {
            std::thread::sleep(Duration::from_millis(5));
        }
        drop(old);
    }
}

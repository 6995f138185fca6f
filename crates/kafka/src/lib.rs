//! inlet's Kafka side: where the promise is kept.
//!
//! A carrier gets `ESME_ROK` only once the record carrying its message is
//! acknowledged by the brokers. [`KafkaPublisher`] implements the
//! [`Publisher`](inlet_message::publish::Publisher) contract of
//! `inlet-message` on librdkafka's idempotent producer with `acks=all`,
//! which no configuration can weaken, and classifies every failure as
//! backpressure, temporary or rejected for the session to answer with.
//! [`EmbeddedBroker`] runs librdkafka's mock cluster in-process on
//! 127.0.0.1: the broker of `kafka.brokers = "embedded"` and of the tests.
//!
//! # Layout
//!
//! - [`config`]: the `[kafka]` section ([`KafkaConfig`]), its validation
//!   (refusing `acks` and `enable.idempotence`) and the librdkafka
//!   properties it becomes.
//! - [`client_log`]: librdkafka's log lines forwarded into `tracing`.
//! - [`classify`]: the one `match` from librdkafka error codes to
//!   [`PublishError`](inlet_message::publish::PublishError) kinds.
//! - [`publisher`]: [`KafkaPublisher`], with the rebuild of the producer
//!   after a fatal idempotent-producer error.
//! - [`embedded`]: [`EmbeddedBroker`], the mock cluster owned by one
//!   thread, with fault injection for tests.
//! - [`discovery`]: the file through which `inlet tail` finds the embedded
//!   broker of a running `inlet run` (bootstrap address and pid).
//! - [`feed`]: [`AssignmentsFeed`], the routing table kept from the
//!   compacted assignments topic (every partition, from the beginning, no
//!   consumer group), with its caught-up signal for readiness.
//! - [`metrics`]: [`KafkaMetrics`], the `inlet_` metrics of publishing
//!   (librdkafka statistics, outcomes) and of the feed, and the broker
//!   reachability behind `/readyz`.
//! - [`reassembly`]: [`Reassembler`](reassembly::Reassembler), the
//!   consumer group that turns segments into whole records, committing
//!   only past what it emitted.
//! - [`topics`]: [`ensure_topics`], the check at start that inlet's topics
//!   exist, creating them when allowed.
//! - [`tail`](mod@tail): [`tail()`], the logic of `inlet tail` (the main and
//!   unrouted topics, pretty or JSON lines, no consumer group).
//!
//! Integration tests (`tests/`) run the real Kafka protocol against the
//! embedded broker over 127.0.0.1 sockets.

pub mod classify;
pub mod client_log;
pub mod config;
pub mod discovery;
pub mod embedded;
pub mod feed;
pub mod metrics;
pub mod publisher;
pub mod reassembly;
pub mod tail;
pub mod topics;

pub use config::{Compression, ConfigError, KafkaConfig, TopicNames};
pub use discovery::{Discovery, DiscoveryFile};
pub use embedded::{EmbeddedBroker, EmbeddedError};
pub use feed::{AssignmentsFeed, FeedError, FeedOptions};
pub use metrics::KafkaMetrics;
pub use publisher::KafkaPublisher;
pub use tail::{TailError, TailOptions, tail};
pub use topics::{TopicError, TopicReport, TopicSettings, ensure_topics};

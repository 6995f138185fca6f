//! The topic check at start: inlet's topics exist, or are created.
//!
//! [`ensure_topics`] reads the cluster's metadata (bounded by
//! [`TopicSettings::timeout`]; an unreachable cluster is
//! [`TopicError::Unreachable`], naming the broker list), then creates the
//! topics that are missing when [`TopicSettings::create`] allows it, with
//! [`TopicSettings::partitions`] partitions (the assignments topic with
//! [`TopicSettings::assignments_partitions`] and `cleanup.policy=compact`:
//! compaction keeps the last record of every number), replication factor
//! [`TopicSettings::replication_factor`] (3) and `min.insync.replicas`
//! [`TopicSettings::min_insync_replicas`] (2). On a cluster with fewer
//! brokers than that, both are lowered to the broker count, with a
//! warning: such a cluster cannot keep a record through the loss of a
//! broker. Existing topics are left as they are.
//!
//! # The embedded broker
//!
//! librdkafka's mock cluster has no CreateTopics: it answers the request
//! with an error. [`crate::EmbeddedBroker::start`] therefore creates the
//! topics itself (pass it [`TopicNames::all`](crate::TopicNames::all)), so
//! that the check finds them all present and never asks. Should creation be
//! needed and refused as unsupported anyway, the error is
//! [`TopicError::CreateUnsupported`], which says so.
//!
//! The check is blocking (librdkafka's metadata request); from async code,
//! run it on `spawn_blocking`.

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use serde::Deserialize;

use crate::client_log::Logged;
use crate::config::{ConfigError, KafkaConfig};

/// How inlet's topics are checked and created at start.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TopicSettings {
    /// Create missing topics (default true); when false, a missing topic
    /// is [`TopicError::Missing`].
    pub create: bool,
    /// Partitions of a created message topic (default 12).
    pub partitions: u32,
    /// Partitions of a created assignments topic (default 3).
    pub assignments_partitions: u32,
    /// Replication factor of created topics (default 3), lowered to the
    /// broker count with a warning.
    pub replication_factor: u32,
    /// `min.insync.replicas` of created topics (default 2), lowered to the
    /// replication factor with a warning.
    pub min_insync_replicas: u32,
    /// Bound of each request (metadata, creation), in milliseconds
    /// (default 10 000).
    pub timeout_ms: u64,
}

impl Default for TopicSettings {
    fn default() -> Self {
        Self {
            create: true,
            partitions: 12,
            assignments_partitions: 3,
            replication_factor: 3,
            min_insync_replicas: 2,
            timeout_ms: 10_000,
        }
    }
}

impl TopicSettings {
    /// The bound of each request.
    #[must_use]
    pub fn timeout(&self) -> Duration {
        Duration::from_millis(self.timeout_ms.max(1))
    }
}

/// Why the topic check failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TopicError {
    /// The configuration is refused.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// No broker answered within the timeout.
    #[error(
        "kafka brokers {brokers} unreachable: no metadata within {timeout:?} ({reason}); \
         check kafka.brokers and that the brokers are running and reachable"
    )]
    Unreachable {
        /// The bootstrap servers tried.
        brokers: String,
        /// The bound waited.
        timeout: Duration,
        /// librdkafka's error.
        reason: String,
    },
    /// Topics are missing and creating them is not allowed.
    #[error("kafka topics missing on {brokers}: {topics:?} (create them, or allow inlet to)")]
    Missing {
        /// The bootstrap servers.
        brokers: String,
        /// The missing topics.
        topics: Vec<String>,
    },
    /// The cluster does not support CreateTopics (librdkafka's mock
    /// cluster): the topics must be created another way.
    #[error(
        "kafka cluster {brokers} cannot create topics ({reason}); missing: {topics:?}; \
         the embedded broker creates its topics when it starts"
    )]
    CreateUnsupported {
        /// The bootstrap servers.
        brokers: String,
        /// The missing topics.
        topics: Vec<String>,
        /// The error returned.
        reason: String,
    },
    /// The cluster refused to create a topic.
    #[error("kafka cluster {brokers} refused to create topic {topic}: {reason}")]
    Create {
        /// The bootstrap servers.
        brokers: String,
        /// The topic.
        topic: String,
        /// The error returned.
        reason: String,
    },
}

/// What the check found and did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TopicReport {
    /// Brokers in the cluster.
    pub brokers: usize,
    /// Topics that were there.
    pub existing: Vec<String>,
    /// Topics created.
    pub created: Vec<String>,
    /// Replication factor the created topics got.
    pub replication_factor: u32,
    /// `min.insync.replicas` the created topics got.
    pub min_insync_replicas: u32,
}

/// An admin client for `bootstrap_servers`, with `config`'s pass-through
/// properties (TLS, SASL, ...).
///
/// # Errors
/// The configuration is refused, by [`KafkaConfig::validate`] or by
/// librdkafka.
pub fn admin_client(
    config: &KafkaConfig,
    bootstrap_servers: &str,
) -> Result<AdminClient<Logged>, ConfigError> {
    config
        .client_config(bootstrap_servers)?
        .create_with_context(Logged::new("admin"))
        .map_err(|e| ConfigError::Client(e.to_string()))
}

/// Checks that every topic of `config` exists on the cluster `admin`
/// talks to, creating the missing ones when `settings` allow (see the
/// [module](self) docs). Blocking, bounded by [`TopicSettings::timeout`]
/// per request.
///
/// # Errors
/// See [`TopicError`].
pub fn ensure_topics(
    admin: &AdminClient<Logged>,
    config: &KafkaConfig,
    settings: &TopicSettings,
) -> Result<TopicReport, TopicError> {
    config.validate()?;
    let brokers_list = config.brokers.trim().to_owned();
    let timeout = settings.timeout();
    // All topics (`None`): asking for the names would let a cluster with
    // auto-creation create them with its defaults.
    let metadata =
        admin
            .inner()
            .fetch_metadata(None, timeout)
            .map_err(|e| TopicError::Unreachable {
                brokers: brokers_list.clone(),
                timeout,
                reason: e.to_string(),
            })?;
    let brokers = metadata.brokers().len();
    let present = |name: &str| {
        metadata
            .topics()
            .iter()
            .any(|t| t.name() == name && t.error().is_none() && !t.partitions().is_empty())
    };
    let mut report = TopicReport {
        brokers,
        ..TopicReport::default()
    };
    let mut missing = Vec::new();
    for name in config.topics.all() {
        if present(name) {
            report.existing.push(name.to_owned());
        } else if !missing.iter().any(|m: &String| m == name) {
            missing.push(name.to_owned());
        }
    }
    if missing.is_empty() {
        return Ok(report);
    }
    if !settings.create {
        return Err(TopicError::Missing {
            brokers: brokers_list,
            topics: missing,
        });
    }
    if config.is_embedded() {
        // The mock cluster has no CreateTopics (it never answers one).
        return Err(TopicError::CreateUnsupported {
            brokers: brokers_list,
            topics: missing,
            reason: "the embedded broker has no CreateTopics".to_owned(),
        });
    }
    let available = u32::try_from(brokers.max(1)).unwrap_or(u32::MAX);
    let replication = settings.replication_factor.clamp(1, available);
    if replication < settings.replication_factor {
        tracing::warn!(
            brokers,
            "kafka cluster has {brokers} broker(s): creating topics with replication factor \
             {replication} instead of {}; a record does not survive the loss of a broker",
            settings.replication_factor
        );
    }
    let min_isr = settings.min_insync_replicas.clamp(1, replication);
    if min_isr < settings.min_insync_replicas {
        tracing::warn!(
            "creating topics with min.insync.replicas {min_isr} instead of {}",
            settings.min_insync_replicas
        );
    }
    report.replication_factor = replication;
    report.min_insync_replicas = min_isr;
    let min_isr_text = min_isr.to_string();
    let new: Vec<NewTopic<'_>> = missing
        .iter()
        .map(|name| {
            let assignments = *name == config.topics.assignments;
            let partitions = if assignments {
                settings.assignments_partitions
            } else {
                settings.partitions
            };
            let topic = NewTopic::new(
                name,
                i32::try_from(partitions.max(1)).unwrap_or(i32::MAX),
                TopicReplication::Fixed(i32::try_from(replication).unwrap_or(i32::MAX)),
            )
            .set("min.insync.replicas", &min_isr_text);
            if assignments {
                topic.set("cleanup.policy", "compact")
            } else {
                topic
            }
        })
        .collect();
    let options = AdminOptions::new()
        .request_timeout(Some(timeout))
        .operation_timeout(Some(timeout));
    let results = block_on(admin.create_topics(&new, &options)).map_err(|e| {
        if is_unsupported(&e) {
            TopicError::CreateUnsupported {
                brokers: brokers_list.clone(),
                topics: missing.clone(),
                reason: e.to_string(),
            }
        } else {
            // The cluster answered the metadata request just before, so a
            // creation that gets no answer is most likely a cluster without
            // CreateTopics (librdkafka's mock cluster never answers it).
            TopicError::CreateUnsupported {
                brokers: brokers_list.clone(),
                topics: missing.clone(),
                reason: format!("no answer to CreateTopics within {timeout:?}: {e}"),
            }
        }
    })?;
    for result in results {
        match result {
            Ok(topic) => {
                tracing::info!(topic, replication, min_isr, "kafka topic created");
                report.created.push(topic);
            }
            // Created meanwhile by another instance: fine.
            Err((topic, RDKafkaErrorCode::TopicAlreadyExists)) => report.existing.push(topic),
            Err((topic, code)) if is_unsupported_code(code) => {
                return Err(TopicError::CreateUnsupported {
                    brokers: brokers_list,
                    topics: vec![topic],
                    reason: code.to_string(),
                });
            }
            Err((topic, code)) => {
                return Err(TopicError::Create {
                    brokers: brokers_list,
                    topic,
                    reason: code.to_string(),
                });
            }
        }
    }
    Ok(report)
}

fn is_unsupported_code(code: RDKafkaErrorCode) -> bool {
    matches!(
        code,
        RDKafkaErrorCode::UnsupportedVersion
            | RDKafkaErrorCode::UnsupportedFeature
            | RDKafkaErrorCode::InvalidRequest
    )
}

fn is_unsupported(error: &KafkaError) -> bool {
    error.rdkafka_error_code().is_some_and(is_unsupported_code)
}

/// Drives a future on this thread (rdkafka's admin futures complete from
/// librdkafka's own thread; no runtime needed).
fn block_on<F: Future>(future: F) -> F::Output {
    struct Unpark(std::thread::Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut context = Context::from_waker(&waker);
    let mut future = pin!(future);
    loop {
        match future.as_mut().poll(&mut context) {
            Poll::Ready(output) => return output,
            Poll::Pending => std::thread::park(),
        }
    }
}

//! The `[kafka]` configuration: where the brokers are, what the topics are
//! called, and how the producer behaves.
//!
//! Two settings are not configurable at all: the producer is idempotent
//! (`enable.idempotence=true`) and every record waits for all in-sync
//! replicas (`acks=all`). A configuration that tries to set either, under
//! any of librdkafka's names for it, is refused by [`KafkaConfig::validate`]
//! with [`ConfigError::Forbidden`], which names the property.
//!
//! ```
//! use inlet_kafka::config::KafkaConfig;
//!
//! let config: KafkaConfig = serde_json::from_str(r#"{
//!     "brokers": "kafka-1:9092,kafka-2:9092",
//!     "message_timeout_ms": 4000,
//!     "properties": { "security.protocol": "SASL_SSL" }
//! }"#).expect("valid");
//! config.validate().expect("valid");
//! assert_eq!(config.topics.inbound, "sms.inbound");
//! ```

use std::collections::BTreeMap;
use std::time::Duration;

use inlet_message::publish::Topic;
use inlet_message::record::{TOPIC_INBOUND, TOPIC_SEGMENTS, TOPIC_UNROUTED};
use rdkafka::ClientConfig;
use serde::Deserialize;

/// The compacted topic holding every number's assignments (read by the
/// assignments feed; inlet never publishes to it).
pub const TOPIC_ASSIGNMENTS: &str = "sms.assignments";

/// The value of [`KafkaConfig::brokers`] that starts the in-process mock
/// cluster ([`crate::EmbeddedBroker`]) instead of connecting to one.
pub const EMBEDDED: &str = "embedded";

/// Properties that would weaken the durability promise: refused whatever
/// their value. Compared case-insensitively after trimming.
///
/// `request.required.acks` is librdkafka's alias of `acks`; the
/// `topic.`-prefixed forms are how librdkafka lets topic-level properties be
/// set on the global configuration.
pub const FORBIDDEN_PROPERTIES: &[&str] = &[
    "acks",
    "request.required.acks",
    "topic.acks",
    "topic.request.required.acks",
    "enable.idempotence",
];

/// Properties that a typed field of [`KafkaConfig`] sets: refused in
/// [`KafkaConfig::properties`] so that there is one place for each, with
/// the field to use instead.
pub const OWNED_PROPERTIES: &[(&str, &str)] = &[
    ("bootstrap.servers", "brokers"),
    ("metadata.broker.list", "brokers"),
    ("message.timeout.ms", "message_timeout_ms"),
    ("delivery.timeout.ms", "message_timeout_ms"),
    ("topic.message.timeout.ms", "message_timeout_ms"),
    ("queue.buffering.max.messages", "queue_max_messages"),
    ("queue.buffering.max.kbytes", "queue_max_kbytes"),
    ("compression.codec", "compression"),
    ("compression.type", "compression"),
    ("topic.compression.codec", "compression"),
    ("linger.ms", "linger_ms"),
    ("queue.buffering.max.ms", "linger_ms"),
];

/// Largest accepted [`KafkaConfig::message_timeout_ms`]: a carrier waits
/// far less than this for a response, so a longer timeout only means the
/// carrier gives up before inlet does.
pub const MAX_MESSAGE_TIMEOUT_MS: u64 = 120_000;

/// The `[kafka]` section.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KafkaConfig {
    /// Bootstrap servers as a comma-separated `host:port` list, or
    /// `"embedded"` for the in-process mock cluster (nothing survives the
    /// process: for trying inlet out and for tests only).
    pub brokers: String,
    /// Topic names.
    #[serde(default)]
    pub topics: TopicNames,
    /// How long the producer tries to deliver a record before failing it as
    /// temporary (librdkafka `message.timeout.ms`), in milliseconds. Keep
    /// it below the carriers' response timeout, so the carrier hears a
    /// temporary error from inlet rather than giving up on its own.
    /// librdkafka scans for expired records about once a second, so a
    /// failure is reported up to about a second after this timeout
    /// (measured on the embedded broker: 2.4–2.5 s for 2 000 ms).
    #[serde(default = "default_message_timeout_ms")]
    pub message_timeout_ms: u64,
    /// Most records waiting in the producer (librdkafka
    /// `queue.buffering.max.messages`); a publish beyond it fails at once
    /// with backpressure (`ESME_RTHROTTLED`).
    #[serde(default = "default_queue_max_messages")]
    pub queue_max_messages: u32,
    /// Most kilobytes waiting in the producer (librdkafka
    /// `queue.buffering.max.kbytes`); beyond it, backpressure too.
    #[serde(default = "default_queue_max_kbytes")]
    pub queue_max_kbytes: u32,
    /// Compression of record batches: `lz4` (default), `zstd`, `gzip`,
    /// `snappy` or `none`.
    #[serde(default)]
    pub compression: Compression,
    /// How long the producer waits to fill a batch, in milliseconds
    /// (librdkafka `linger.ms`). Small: every record has a carrier waiting.
    #[serde(default = "default_linger_ms")]
    pub linger_ms: u32,
    /// Any other librdkafka property, passed through as is (TLS, SASL,
    /// `client.id`, `socket.keepalive.enable`, ...). `acks` and
    /// `enable.idempotence` are refused ([`FORBIDDEN_PROPERTIES`]), and so
    /// are the properties a field above sets ([`OWNED_PROPERTIES`]).
    #[serde(default)]
    pub properties: BTreeMap<String, String>,
}

/// The names of inlet's topics (defaults from `inlet_message::record`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TopicNames {
    /// Routed messages (default `sms.inbound`).
    pub inbound: String,
    /// Messages no assignment owns (default `sms.inbound.unrouted`).
    pub unrouted: String,
    /// Segments of multipart messages before reassembly (default
    /// `sms.inbound.segments`).
    pub segments: String,
    /// The compacted assignments topic (default `sms.assignments`).
    pub assignments: String,
}

impl Default for TopicNames {
    fn default() -> Self {
        Self {
            inbound: TOPIC_INBOUND.to_owned(),
            unrouted: TOPIC_UNROUTED.to_owned(),
            segments: TOPIC_SEGMENTS.to_owned(),
            assignments: TOPIC_ASSIGNMENTS.to_owned(),
        }
    }
}

impl TopicNames {
    /// The configured name of a logical topic.
    #[must_use]
    pub fn name(&self, topic: Topic) -> &str {
        match topic {
            Topic::Inbound => &self.inbound,
            Topic::Unrouted => &self.unrouted,
            Topic::Segments => &self.segments,
        }
    }

    /// Every configured name, the assignments topic last.
    #[must_use]
    pub fn all(&self) -> [&str; 4] {
        [
            &self.inbound,
            &self.unrouted,
            &self.segments,
            &self.assignments,
        ]
    }
}

/// Compression of record batches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Compression {
    /// No compression.
    None,
    /// LZ4: cheap, the default.
    #[default]
    Lz4,
    /// Zstandard: smaller, more CPU.
    Zstd,
    /// gzip.
    Gzip,
    /// Snappy.
    Snappy,
}

impl Compression {
    /// librdkafka's name for it (`compression.codec`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Lz4 => "lz4",
            Self::Zstd => "zstd",
            Self::Gzip => "gzip",
            Self::Snappy => "snappy",
        }
    }
}

fn default_message_timeout_ms() -> u64 {
    5_000
}
fn default_queue_max_messages() -> u32 {
    50_000
}
fn default_queue_max_kbytes() -> u32 {
    64 * 1024
}
fn default_linger_ms() -> u32 {
    5
}

/// A configuration inlet refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// A property that would weaken durability.
    #[error(
        "kafka property `{0}` cannot be set: inlet always uses acks=all and \
         enable.idempotence=true, so that a carrier is acknowledged only for \
         records the brokers hold durably"
    )]
    Forbidden(String),
    /// A property a typed field sets.
    #[error("kafka property `{property}` cannot be set in `properties`: use `kafka.{field}`")]
    Owned {
        /// The property given.
        property: String,
        /// The field to use instead.
        field: &'static str,
    },
    /// A field out of range.
    #[error("kafka.{field}: {reason}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// librdkafka refused the configuration when the producer was created.
    #[error("kafka client configuration refused: {0}")]
    Client(String),
}

impl KafkaConfig {
    /// A configuration with every default, for the given brokers.
    #[must_use]
    pub fn new(brokers: impl Into<String>) -> Self {
        Self {
            brokers: brokers.into(),
            topics: TopicNames::default(),
            message_timeout_ms: default_message_timeout_ms(),
            queue_max_messages: default_queue_max_messages(),
            queue_max_kbytes: default_queue_max_kbytes(),
            compression: Compression::default(),
            linger_ms: default_linger_ms(),
            properties: BTreeMap::new(),
        }
    }

    /// Whether [`brokers`](Self::brokers) asks for the embedded broker.
    #[must_use]
    pub fn is_embedded(&self) -> bool {
        self.brokers.trim().eq_ignore_ascii_case(EMBEDDED)
    }

    /// The delivery timeout.
    #[must_use]
    pub fn message_timeout(&self) -> Duration {
        Duration::from_millis(self.message_timeout_ms)
    }

    /// Checks everything that can be checked without a broker.
    ///
    /// # Errors
    /// The first problem found: a forbidden or owned property, an empty
    /// broker list or topic name, a timeout or cap out of range.
    pub fn validate(&self) -> Result<(), ConfigError> {
        for key in self.properties.keys() {
            let normalized = key.trim().to_ascii_lowercase();
            if FORBIDDEN_PROPERTIES.contains(&normalized.as_str()) {
                return Err(ConfigError::Forbidden(key.clone()));
            }
            if let Some(&(_, field)) = OWNED_PROPERTIES.iter().find(|(p, _)| *p == normalized) {
                return Err(ConfigError::Owned {
                    property: key.clone(),
                    field,
                });
            }
        }
        let invalid = |field, reason: &str| ConfigError::Invalid {
            field,
            reason: reason.to_owned(),
        };
        if self.brokers.trim().is_empty() {
            return Err(invalid(
                "brokers",
                "empty: give host:port[,host:port...] or \"embedded\"",
            ));
        }
        if !(1..=MAX_MESSAGE_TIMEOUT_MS).contains(&self.message_timeout_ms) {
            return Err(invalid(
                "message_timeout_ms",
                &format!("must be between 1 and {MAX_MESSAGE_TIMEOUT_MS}"),
            ));
        }
        if self.queue_max_messages == 0 {
            return Err(invalid("queue_max_messages", "must be at least 1"));
        }
        if self.queue_max_kbytes == 0 {
            return Err(invalid("queue_max_kbytes", "must be at least 1"));
        }
        for name in self.topics.all() {
            if name.trim().is_empty() {
                return Err(invalid("topics", "a topic name is empty"));
            }
        }
        Ok(())
    }

    /// A librdkafka client configuration for `bootstrap_servers` with the
    /// pass-through properties (TLS, SASL, ...): what every client inlet
    /// makes (producer, consumers, admin) starts from.
    ///
    /// # Errors
    /// What [`validate`](Self::validate) finds.
    pub fn client_config(&self, bootstrap_servers: &str) -> Result<ClientConfig, ConfigError> {
        self.validate()?;
        let mut client = ClientConfig::new();
        for (key, value) in &self.properties {
            client.set(key.trim(), value);
        }
        client.set("bootstrap.servers", bootstrap_servers);
        client.set_log_level(crate::client_log::level());
        Ok(client)
    }

    /// A consumer configuration: [`client_config`](Self::client_config),
    /// in consumer group `group_id`, committing only what inlet commits
    /// itself, never creating topics.
    ///
    /// # Errors
    /// What [`validate`](Self::validate) finds.
    pub fn consumer_config(
        &self,
        bootstrap_servers: &str,
        group_id: &str,
    ) -> Result<ClientConfig, ConfigError> {
        let mut client = self.client_config(bootstrap_servers)?;
        client
            .set("group.id", group_id)
            .set("enable.auto.commit", "false")
            .set("enable.auto.offset.store", "false")
            .set("allow.auto.create.topics", "false");
        Ok(client)
    }

    /// The librdkafka producer configuration, for the given bootstrap
    /// servers (the configured ones, or the embedded broker's).
    ///
    /// # Errors
    /// What [`validate`](Self::validate) finds.
    pub fn producer_config(&self, bootstrap_servers: &str) -> Result<ClientConfig, ConfigError> {
        // Pass-through first: the settings inlet owns are set after, so
        // nothing in `properties` can replace them (validate refused them
        // anyway).
        let mut config = self.client_config(bootstrap_servers)?;
        config
            .set("enable.idempotence", "true")
            .set("acks", "all")
            .set("message.timeout.ms", self.message_timeout_ms.to_string())
            .set(
                "queue.buffering.max.messages",
                self.queue_max_messages.to_string(),
            )
            .set(
                "queue.buffering.max.kbytes",
                self.queue_max_kbytes.to_string(),
            )
            .set("compression.codec", self.compression.as_str())
            .set("linger.ms", self.linger_ms.to_string());
        Ok(config)
    }
}

/// A consumer group id nobody else uses, `prefix-pid-time-n`: librdkafka
/// requires one even of consumers that assign partitions themselves and
/// never commit.
#[must_use]
pub fn throwaway_group_id(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!(
        "{prefix}-{}-{nanos:x}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<KafkaConfig, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn defaults() {
        let config = parse(r#"{"brokers": "embedded"}"#).expect("parse");
        assert!(config.is_embedded());
        assert_eq!(config, KafkaConfig::new("embedded"));
        assert_eq!(config.compression, Compression::Lz4);
        assert_eq!(config.topics.name(Topic::Unrouted), "sms.inbound.unrouted");
        assert_eq!(config.topics.assignments, "sms.assignments");
        config.validate().expect("valid");
        let client = config.producer_config("127.0.0.1:9092").expect("config");
        assert_eq!(client.get("acks"), Some("all"));
        assert_eq!(client.get("enable.idempotence"), Some("true"));
        assert_eq!(client.get("compression.codec"), Some("lz4"));
        assert_eq!(client.get("message.timeout.ms"), Some("5000"));
    }

    #[test]
    fn unknown_fields_and_missing_brokers_are_errors() {
        assert!(parse(r#"{"brokers": "x:1", "ack": "all"}"#).is_err());
        assert!(parse(r#"{"brokers": "x:1", "topics": {"inbox": "a"}}"#).is_err());
        assert!(parse(r#"{}"#).is_err());
        assert!(parse(r#"{"brokers": "x:1", "compression": "brotli"}"#).is_err());
    }

    #[test]
    fn durability_cannot_be_weakened() {
        for key in [
            "acks",
            "request.required.acks",
            "enable.idempotence",
            " ACKS ",
            "Enable.Idempotence",
            "topic.acks",
        ] {
            let mut config = KafkaConfig::new("x:1");
            config.properties.insert(key.to_owned(), "1".to_owned());
            let err = config.validate().expect_err(key);
            assert_eq!(err, ConfigError::Forbidden(key.to_owned()));
            assert!(err.to_string().contains(&format!("`{key}`")), "{err}");
            assert!(config.producer_config("x:1").is_err());
        }
    }

    #[test]
    fn owned_properties_point_at_their_field() {
        let mut config = KafkaConfig::new("x:1");
        config
            .properties
            .insert("message.timeout.ms".to_owned(), "60000".to_owned());
        let err = config.validate().expect_err("owned");
        assert_eq!(
            err.to_string(),
            "kafka property `message.timeout.ms` cannot be set in `properties`: \
             use `kafka.message_timeout_ms`"
        );
    }

    #[test]
    fn ranges() {
        let mut config = KafkaConfig::new("x:1");
        config.message_timeout_ms = 0;
        assert!(matches!(
            config.validate(),
            Err(ConfigError::Invalid {
                field: "message_timeout_ms",
                ..
            })
        ));
        let mut config = KafkaConfig::new(" ");
        assert!(config.validate().is_err());
        config.brokers = "x:1".into();
        config.queue_max_messages = 0;
        assert!(config.validate().is_err());
        config.queue_max_messages = 1;
        config.topics.segments = String::new();
        assert!(config.validate().is_err());
    }

    #[test]
    fn pass_through() {
        let config = parse(
            r#"{"brokers": "k:9093", "compression": "zstd", "properties": {
                "security.protocol": "SASL_SSL", "sasl.mechanisms": "PLAIN",
                "sasl.username": "inlet", "sasl.password": "secret"}}"#,
        )
        .expect("parse");
        let client = config.producer_config("k:9093").expect("config");
        assert_eq!(client.get("security.protocol"), Some("SASL_SSL"));
        assert_eq!(client.get("sasl.mechanisms"), Some("PLAIN"));
        assert_eq!(client.get("compression.codec"), Some("zstd"));
    }
}

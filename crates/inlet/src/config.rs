//! The daemon's configuration: one TOML file composed of each crate's own
//! configuration, and the embedded development default.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use inlet_kafka::KafkaConfig;
use inlet_routing::{Account, Assignment, AssignmentId, Number, ServiceFilter, Timestamp};
use inlet_server::{AccountConfig, BindType, Password, ServerConfig, UnroutedPolicy};
use serde::Deserialize;

/// The whole configuration file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Config {
    /// SMPP listen address (`host:port`).
    #[serde(default = "default_listen")]
    pub(crate) listen: String,
    /// Session timers and limits.
    #[serde(default)]
    pub(crate) server: ServerConfig,
    /// Carrier accounts.
    #[serde(default)]
    pub(crate) accounts: Vec<AccountConfig>,
    /// Kafka: brokers (or `"embedded"`), topics, producer settings.
    pub(crate) kafka: KafkaConfig,
    /// Where assignments come from.
    #[serde(default)]
    pub(crate) routing: RoutingConfig,
    /// An SMPP-over-TLS listener (certificate and key reloaded on SIGHUP).
    #[serde(default)]
    pub(crate) tls: Option<TlsListener>,
    /// The HTTP address of `/metrics`, `/healthz` and `/readyz`.
    #[serde(default)]
    pub(crate) metrics: MetricsConfig,
    /// Logs.
    #[serde(default)]
    pub(crate) log: LogConfig,
    /// Graceful shutdown.
    #[serde(default)]
    pub(crate) shutdown: ShutdownConfig,
    /// Multipart reassembly.
    #[serde(default)]
    pub(crate) reassembly: ReassemblyConfig,
    /// How the topics are checked and created at start (`create`,
    /// `partitions`, `assignments_partitions`, `replication_factor`,
    /// `min_insync_replicas`, `timeout_ms`).
    #[serde(default)]
    pub(crate) topics: inlet_kafka::TopicSettings,
}

/// `[reassembly]`: the consumer group that joins multipart segments.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReassemblyConfig {
    /// Seconds a multipart message waits for its missing segments before
    /// it is emitted incomplete (default 60).
    #[serde(default = "default_reassembly_timeout")]
    pub(crate) timeout_secs: u64,
    /// Pending multipart messages per account before the oldest is
    /// emitted incomplete (default 10 000).
    #[serde(default = "default_max_groups")]
    pub(crate) max_groups_per_account: usize,
    /// Octets of pending segments per account (default 16 MiB).
    #[serde(default = "default_max_bytes")]
    pub(crate) max_bytes_per_account: usize,
}

impl Default for ReassemblyConfig {
    fn default() -> Self {
        ReassemblyConfig {
            timeout_secs: default_reassembly_timeout(),
            max_groups_per_account: default_max_groups(),
            max_bytes_per_account: default_max_bytes(),
        }
    }
}

fn default_reassembly_timeout() -> u64 {
    60
}

fn default_max_groups() -> usize {
    10_000
}

fn default_max_bytes() -> usize {
    16 << 20
}

/// An SMPP-over-TLS listener.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TlsListener {
    /// Listen address (`host:port`), e.g. `0.0.0.0:3550`.
    pub(crate) listen: String,
    /// PEM certificate chain, leaf first.
    pub(crate) cert_file: PathBuf,
    /// PEM private key.
    pub(crate) key_file: PathBuf,
    /// PROXY protocol v1/v2 on this listener (default: as
    /// `server.proxy_protocol`, which applies to `listen`).
    #[serde(default)]
    pub(crate) proxy_protocol: Option<bool>,
}

/// `[metrics]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MetricsConfig {
    /// HTTP listen address for `/metrics`, `/healthz`, `/readyz`
    /// (default 127.0.0.1:9090; `""` turns the endpoint off).
    #[serde(default = "default_metrics_listen")]
    pub(crate) listen: String,
}

impl Default for MetricsConfig {
    fn default() -> Self {
        MetricsConfig {
            listen: default_metrics_listen(),
        }
    }
}

fn default_metrics_listen() -> String {
    "127.0.0.1:9090".into()
}

/// `[log]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LogConfig {
    /// `text` (default) or `json` (one JSON object per line).
    #[serde(default)]
    pub(crate) format: LogFormat,
    /// A tracing filter, e.g. `info` or `inlet_server=debug,info`;
    /// `RUST_LOG` overrides it.
    #[serde(default = "default_log_level")]
    pub(crate) level: String,
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig {
            format: LogFormat::Text,
            level: default_log_level(),
        }
    }
}

fn default_log_level() -> String {
    "info".into()
}

/// Log line format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// JSON lines.
    Json,
}

/// `[shutdown]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ShutdownConfig {
    /// SIGTERM budget in seconds: stop accepting, unbind every session,
    /// answer what is in flight, flush the producer, exit (default 25;
    /// keep it below the orchestrator's kill timeout).
    #[serde(default = "default_grace_secs")]
    pub(crate) grace_secs: u64,
}

impl Default for ShutdownConfig {
    fn default() -> Self {
        ShutdownConfig {
            grace_secs: default_grace_secs(),
        }
    }
}

fn default_grace_secs() -> u64 {
    25
}

/// The routing table's sources.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RoutingConfig {
    /// A CSV or JSON lines file of assignments, reloaded when it changes.
    pub(crate) file: Option<PathBuf>,
    /// Seconds between checks of the file for changes.
    #[serde(default = "default_reload_secs")]
    pub(crate) reload_secs: u64,
    /// Keep the table from the compacted assignments topic
    /// (`kafka.topics.assignments`); readiness waits until it is caught
    /// up. May be combined with `file` (the topic's updates win).
    #[serde(default)]
    pub(crate) kafka: bool,
}

/// A set, non-empty environment variable.
fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn default_listen() -> String {
    "127.0.0.1:2775".into()
}

fn default_reload_secs() -> u64 {
    5
}

impl Config {
    /// Reads and checks a configuration file. Errors name the file, and
    /// the line, column and field where TOML says.
    ///
    /// # Errors
    /// The file cannot be read or is not a valid configuration.
    pub(crate) fn load(path: &Path) -> anyhow::Result<Config> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read", path.display()))?;
        let mut config: Config =
            toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        config
            .apply_env()
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        config
            .kafka
            .validate()
            .map_err(|e| anyhow::anyhow!("{}: [kafka] {e}", path.display()))?;
        Ok(config)
    }

    /// Environment overrides for what differs per instance or is secret:
    /// `INLET_NODE_ID` (server.node_id), `INLET_KAFKA_BROKERS`
    /// (kafka.brokers), `INLET_KAFKA_SASL_PASSWORD` (the `sasl.password`
    /// property).
    ///
    /// # Errors
    /// `INLET_NODE_ID` is not a number.
    pub(crate) fn apply_env(&mut self) -> anyhow::Result<()> {
        if let Some(id) = env_var("INLET_NODE_ID") {
            self.server.node_id = id
                .trim()
                .parse()
                .map_err(|e| anyhow::anyhow!("INLET_NODE_ID={id:?}: {e}"))?;
        }
        if let Some(brokers) = env_var("INLET_KAFKA_BROKERS") {
            self.kafka.brokers = brokers;
        }
        if let Some(password) = env_var("INLET_KAFKA_SASL_PASSWORD") {
            self.kafka
                .properties
                .insert("sasl.password".into(), password);
        }
        Ok(())
    }

    /// The embedded development default: SMPP on 127.0.0.1:2775, the
    /// embedded broker, a demo account `demo` / `demo` (insecure, for
    /// trying inlet out), and the sample rentals of `config/`.
    pub(crate) fn dev_default() -> Config {
        Config {
            listen: default_listen(),
            server: ServerConfig::default(),
            accounts: vec![AccountConfig {
                system_id: "demo".into(),
                password: Password::InsecurePlain("demo".into()),
                bind_types: vec![
                    BindType::Transmitter,
                    BindType::Receiver,
                    BindType::Transceiver,
                ],
                max_binds: 16,
                window: 64,
                default_country: "US".into(),
                dcs0: Default::default(),
                gsm_packed: false,
                receipts: true,
                unrouted: UnroutedPolicy::DeadLetter,
                allowed_sources: Vec::new(),
                max_messages_per_second: None,
                message_id: Default::default(),
            }],
            kafka: KafkaConfig::new("embedded"),
            routing: RoutingConfig::default(),
            tls: None,
            metrics: MetricsConfig::default(),
            log: LogConfig::default(),
            shutdown: ShutdownConfig::default(),
            reassembly: ReassemblyConfig::default(),
            topics: inlet_kafka::TopicSettings::default(),
        }
    }
}

/// The sample rentals of the dev default (the same as
/// `config/assignments.sample.csv`): +14035551234 rented exclusively, and
/// +447700900123 shared by a WhatsApp and a Telegram rental, all
/// open-ended.
pub(crate) fn sample_assignments() -> Vec<Assignment> {
    let rental = |id, account: &str, number: &str, service: Option<&str>| Assignment {
        id: AssignmentId::Num(id),
        account: Account::new(account),
        number: Number::parse(number).expect("sample numbers are valid"),
        starts_at: Timestamp::parse_rfc3339("2025-01-01T00:00:00Z").expect("valid time"),
        ends_at: None,
        service: service.and_then(|s| ServiceFilter::new([s])).map(Arc::new),
        labels: None,
    };
    vec![
        rental(1001, "demo-exclusive", "+14035551234", None),
        rental(1002, "demo-whatsapp", "+447700900123", Some("WhatsApp")),
        rental(1003, "demo-telegram", "+447700900123", Some("Telegram")),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `.toml` file in `config/` parses and passes the checks a
    /// start makes without the network.
    #[test]
    fn every_config_file_parses() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config");
        let mut seen = 0;
        for entry in std::fs::read_dir(&dir).expect("config/") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "toml") {
                let config = Config::load(&path).unwrap_or_else(|e| panic!("{e:#}"));
                assert!(!config.accounts.is_empty(), "{}", path.display());
                seen += 1;
            }
        }
        assert!(seen >= 2);
    }

    #[test]
    fn errors_name_file_line_and_field() {
        let dir = std::env::temp_dir().join(format!("inlet-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("bad.toml");
        std::fs::write(
            &path,
            "listen = \"x\"\n[kafka]\nbrokers = \"embedded\"\nacks_please = 1\n",
        )
        .expect("write");
        let err = format!("{:#}", Config::load(&path).expect_err("unknown field"));
        assert!(err.contains("bad.toml"), "{err}");
        assert!(err.contains("line 4"), "{err}");
        assert!(err.contains("acks_please"), "{err}");
        std::fs::write(
            &path,
            "[kafka]\nbrokers = \"embedded\"\n[kafka.properties]\nacks = \"1\"\n",
        )
        .expect("write");
        let err = format!("{:#}", Config::load(&path).expect_err("acks refused"));
        assert!(err.contains("acks"), "{err}");
    }
}

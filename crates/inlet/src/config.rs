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
        let config: Config =
            toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        config
            .kafka
            .validate()
            .map_err(|e| anyhow::anyhow!("{}: [kafka] {e}", path.display()))?;
        Ok(config)
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
            }],
            kafka: KafkaConfig::new("embedded"),
            routing: RoutingConfig::default(),
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

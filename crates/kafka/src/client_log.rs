//! librdkafka's own log lines, into inlet's logs.
//!
//! rdkafka hands librdkafka's log callback to the `log` crate by default,
//! and inlet installs no `log` logger (its logs are `tracing`), so without
//! this the client's warnings (a broker going away, a rebalance that does
//! not settle, a commit refused) would vanish. Every client inlet makes
//! forwards them: the producer's and the reassembler's contexts call
//! [`forward`] from `ClientContext::log`, the other clients (the
//! assignments feed, `inlet tail`, the admin client) use [`Logged`].
//!
//! What reaches the logs is decided by the `tracing` filter for the target
//! `librdkafka`: clients are created at the level it shows ([`level`];
//! rdkafka sets it on the client after creating it, over any `log_level`
//! property). The `debug` property (`kafka.properties`, e.g. `"cgrp"`)
//! chooses which of librdkafka's debug lines exist, and they show only
//! when the filter lets `librdkafka` debug through
//! (`[log] level = "info,librdkafka=debug"`).

use rdkafka::ClientContext;
use rdkafka::config::RDKafkaLogLevel;
use rdkafka::consumer::ConsumerContext;
use rdkafka::error::KafkaError;

/// The context of a client that needs nothing but its logs and errors in
/// inlet's logs (the assignments feed, `inlet tail`, the admin client).
#[derive(Debug, Clone, Copy)]
pub struct Logged {
    client: &'static str,
}

impl Logged {
    /// For the client named `client` in the log lines.
    #[must_use]
    pub const fn new(client: &'static str) -> Logged {
        Logged { client }
    }
}

impl ClientContext for Logged {
    fn log(&self, level: RDKafkaLogLevel, fac: &str, log_message: &str) {
        forward(self.client, level, fac, log_message);
    }

    fn error(&self, error: KafkaError, reason: &str) {
        tracing::warn!(
            target: "librdkafka",
            client = self.client,
            "kafka client error: {error}: {reason}"
        );
    }
}

impl ConsumerContext for Logged {}

/// The most detailed level `tracing` shows for the target `librdkafka`:
/// the level every client is created with, so that librdkafka does not
/// format lines nobody sees (rdkafka would derive it from the `log`
/// crate's, which inlet leaves off, and keep errors only).
#[must_use]
pub fn level() -> RDKafkaLogLevel {
    if tracing::enabled!(target: "librdkafka", tracing::Level::DEBUG) {
        RDKafkaLogLevel::Debug
    } else if tracing::enabled!(target: "librdkafka", tracing::Level::INFO) {
        RDKafkaLogLevel::Info
    } else if tracing::enabled!(target: "librdkafka", tracing::Level::WARN) {
        RDKafkaLogLevel::Warning
    } else {
        RDKafkaLogLevel::Error
    }
}

/// Writes one librdkafka log line (`facility`: librdkafka's subsystem tag,
/// e.g. `CGRPSTATE`) as a `tracing` event of the matching level, target
/// `librdkafka`, naming the `client` it came from.
pub fn forward(client: &str, level: RDKafkaLogLevel, facility: &str, message: &str) {
    match level {
        RDKafkaLogLevel::Emerg
        | RDKafkaLogLevel::Alert
        | RDKafkaLogLevel::Critical
        | RDKafkaLogLevel::Error => {
            tracing::error!(target: "librdkafka", client, facility, "{message}");
        }
        RDKafkaLogLevel::Warning => {
            tracing::warn!(target: "librdkafka", client, facility, "{message}");
        }
        RDKafkaLogLevel::Notice | RDKafkaLogLevel::Info => {
            tracing::info!(target: "librdkafka", client, facility, "{message}");
        }
        RDKafkaLogLevel::Debug => {
            tracing::debug!(target: "librdkafka", client, facility, "{message}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracing_subscriber::EnvFilter;

    fn level_under(filter: &str) -> RDKafkaLogLevel {
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(EnvFilter::new(filter))
            .finish();
        tracing::subscriber::with_default(subscriber, level)
    }

    #[test]
    fn clients_log_what_the_filter_shows() {
        assert!(matches!(level_under("info"), RDKafkaLogLevel::Info));
        assert!(matches!(
            level_under("info,librdkafka=debug"),
            RDKafkaLogLevel::Debug
        ));
        assert!(matches!(level_under("warn"), RDKafkaLogLevel::Warning));
        assert!(matches!(level_under("error"), RDKafkaLogLevel::Error));
        assert!(matches!(
            level_under("debug,librdkafka=off"),
            RDKafkaLogLevel::Error
        ));
    }
}

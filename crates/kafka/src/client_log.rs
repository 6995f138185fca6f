//! librdkafka's own log lines, into inlet's logs.
//!
//! rdkafka hands librdkafka's log callback to the `log` crate by default,
//! and inlet installs no `log` logger (its logs are `tracing`), so without
//! this the client's warnings (a broker going away, a rebalance that does
//! not settle, a commit refused) would vanish. The contexts of inlet's
//! clients call [`forward`] from `ClientContext::log`; what librdkafka
//! logs at all is set by its `log_level` and `debug` properties
//! (`kafka.properties`).

use rdkafka::config::RDKafkaLogLevel;

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

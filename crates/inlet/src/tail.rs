//! `inlet tail`: prints records from the main and unrouted topics (the
//! logic is `inlet_kafka::tail`). Finds the brokers from `--brokers`, then
//! `INLET_KAFKA_BROKERS`, then `--config FILE`, then the discovery file a
//! running embedded broker wrote.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use inlet_kafka::KafkaConfig;
use inlet_kafka::tail::{TailOptions, tail};

/// What to print.
#[derive(Debug, clap::Args)]
pub(crate) struct TailArgs {
    /// Bootstrap servers (host:port,...).
    #[arg(long)]
    pub(crate) brokers: Option<String>,
    /// Configuration file: its [kafka] brokers, topics and properties
    /// (TLS, SASL).
    #[arg(long)]
    pub(crate) config: Option<PathBuf>,
    /// One JSON line per record, as stored.
    #[arg(long)]
    pub(crate) json: bool,
    /// Read from the beginning of the topics, not only new records.
    #[arg(long)]
    pub(crate) from_beginning: bool,
    /// Stop after N records (counted across both topics).
    #[arg(long)]
    pub(crate) max: Option<u64>,
    /// Stop after this many seconds in all.
    #[arg(long)]
    pub(crate) timeout: Option<u64>,
}

/// Runs the tail until `--max`, `--timeout` or Ctrl-C.
pub(crate) fn main(args: &TailArgs) -> anyhow::Result<()> {
    let mut kafka = match &args.config {
        Some(path) => crate::config::Config::load(path)?.kafka,
        None => KafkaConfig::new(""),
    };
    let bootstrap = if let Some(brokers) = &args.brokers {
        brokers.clone()
    } else if let Some(brokers) = std::env::var("INLET_KAFKA_BROKERS")
        .ok()
        .filter(|b| !b.is_empty())
    {
        brokers
    } else if args.config.is_some() && !kafka.is_embedded() && !kafka.brokers.is_empty() {
        kafka.brokers.clone()
    } else if let Some(found) = inlet_kafka::discovery::read() {
        eprintln!(
            "inlet tail: embedded broker of pid {} at {}",
            found.pid, found.bootstrap
        );
        found.bootstrap
    } else {
        bail!(
            "no brokers: give --brokers, INLET_KAFKA_BROKERS or --config, or start `inlet run` (its embedded broker writes {})",
            inlet_kafka::discovery::path().display()
        );
    };
    kafka.brokers.clone_from(&bootstrap);
    let options = TailOptions {
        from_beginning: args.from_beginning,
        max: args.max,
        timeout: args.timeout.map(Duration::from_secs),
        json: args.json,
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    tail(&kafka, &bootstrap, &options, &mut out)
        .with_context(|| format!("tail from {bootstrap}"))?;
    Ok(())
}

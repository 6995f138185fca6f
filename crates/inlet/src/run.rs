//! Wiring: broker, publisher, routing table, accounts, listener, signals.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use inlet_kafka::{EmbeddedBroker, KafkaPublisher};
use inlet_routing::RoutingTable;
use inlet_routing::source::FileSource;
use inlet_server::{Accounts, Server};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tracing::{error, info, warn};

use crate::config::{Config, sample_assignments};

/// Checks everything a start would check that does not need the network.
///
/// # Errors
/// What is wrong, naming the file or the account.
pub(crate) fn check(config: &Config) -> anyhow::Result<()> {
    Accounts::new(config.accounts.clone()).context("accounts")?;
    if let Some(file) = &config.routing.file {
        let table = RoutingTable::new();
        FileSource::new(file)?.load_into(&table)?;
    }
    Ok(())
}

/// Runs the daemon until SIGINT or SIGTERM.
///
/// # Errors
/// A start that cannot complete (broker, listener, accounts).
pub(crate) async fn run(config: Config, dev: bool) -> anyhow::Result<()> {
    if dev {
        warn!(
            "running the embedded development default: demo account demo/demo, embedded broker; not for production"
        );
    }
    if config.server.node_id == 0 && !dev {
        warn!(
            "server.node_id is 0 (the default): give every instance its own node id so message_ids stay unique"
        );
    }
    // Kafka: the embedded mock cluster, or the configured brokers.
    let topics: Vec<(String, u32)> = config
        .kafka
        .topics
        .all()
        .iter()
        .map(|t| ((*t).to_owned(), 1))
        .collect();
    let (_embedded, publisher) = if config.kafka.is_embedded() {
        let refs: Vec<(&str, u32)> = topics.iter().map(|(t, p)| (t.as_str(), *p)).collect();
        let broker = EmbeddedBroker::start(1, &refs).context("starting the embedded broker")?;
        let bootstrap = broker.bootstrap_servers();
        warn!(%bootstrap, "embedded broker: nothing survives this process");
        let publisher =
            KafkaPublisher::with_bootstrap(&config.kafka, &bootstrap).context("kafka producer")?;
        (Some(broker), publisher)
    } else {
        (
            None,
            KafkaPublisher::new(&config.kafka).context("kafka producer")?,
        )
    };
    let publisher = Arc::new(publisher);

    // Routing: the file (reloaded when it changes), or the dev samples.
    let routing = Arc::new(RoutingTable::new());
    let _watch = match &config.routing.file {
        Some(file) => {
            let source = FileSource::new(file)?;
            let loaded = source.load_into(&routing)?;
            info!(file = %file.display(), numbers = loaded, "routing table loaded");
            Some(source.watch(
                routing.clone(),
                Duration::from_secs(config.routing.reload_secs.max(1)),
                |outcome| match outcome {
                    Ok(n) => info!(numbers = n, "routing file reloaded"),
                    Err(e) => {
                        error!(error = %e, "routing file reload refused; the table in force stays")
                    }
                },
            ))
        }
        None if dev => {
            routing.load(sample_assignments(), [])?;
            None
        }
        None => {
            warn!("no routing source configured: every message is unrouted");
            None
        }
    };

    let accounts = Accounts::new(config.accounts.clone()).context("accounts")?;
    let server = Arc::new(Server::new(
        config.server.clone(),
        accounts,
        routing,
        publisher.clone(),
    ));
    let listener = TcpListener::bind(&config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    let addr = listener.local_addr()?;
    // Tests and scripts read this line. Written without panicking when
    // stdout is closed (a reader that stopped reading must not kill inlet).
    let mut out = std::io::stdout();
    let _ = writeln!(out, "inlet: SMPP listening on {addr}");
    if dev {
        let _ = writeln!(
            out,
            "inlet: bind with system_id demo, password demo to {addr}; +14035551234 is rented, +447700900123 is shared by WhatsApp and Telegram rentals"
        );
    }
    let shutdown = CancellationToken::new();
    let serving = tokio::spawn(inlet_server::run(server, listener, shutdown.clone()));
    wait_for_signal().await;
    info!("shutting down: unbinding sessions");
    shutdown.cancel();
    if tokio::time::timeout(Duration::from_secs(30), serving)
        .await
        .is_err()
    {
        warn!("sessions did not end within 30 s");
    }
    let publisher = publisher.clone();
    let flushed =
        tokio::task::spawn_blocking(move || publisher.flush(Duration::from_secs(10))).await;
    if let Ok(Err(e)) = flushed {
        warn!(error = %e, "producer flush incomplete");
    }
    info!("stopped");
    Ok(())
}

/// SIGINT or SIGTERM.
async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = match signal(SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
                return;
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

//! Wiring: broker, publisher, routing table, accounts, listeners, the
//! metrics endpoint, signals.
//!
//! Signals: SIGTERM stops gracefully within `shutdown.grace_secs` (stop
//! accepting, unbind every session, answer what is in flight, flush the
//! producer, exit 0); SIGINT does the same within a few seconds; SIGHUP
//! reloads accounts, the TLS certificate and the routing file from the
//! configuration file, keeping every bind; a reload that fails keeps what
//! is in force and says why.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use inlet_kafka::{
    AssignmentsFeed, EmbeddedBroker, FeedOptions, KafkaMetrics, KafkaPublisher, TopicSettings,
};
use inlet_message::publish::Publisher;
use inlet_routing::RoutingTable;
use inlet_routing::source::FileSource;
use inlet_server::{Accounts, ReloadableTls, Server, ServerMetrics, TlsConfig};
use prometheus::{IntCounterVec, IntGauge, Opts, Registry};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tracing::{error, info, warn};

use crate::config::{Config, sample_assignments};
use crate::discard::{DISCARD, DiscardPublisher};
use crate::health::Health;
use crate::http::Endpoint;

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
    if let Some(tls) = &config.tls {
        ReloadableTls::load(&tls_files(tls)).context("[tls]")?;
    }
    Ok(())
}

fn tls_files(tls: &crate::config::TlsListener) -> TlsConfig {
    TlsConfig {
        cert_file: tls.cert_file.clone(),
        key_file: tls.key_file.clone(),
    }
}

/// The Kafka side as configured: the producer (or the discard publisher),
/// the embedded broker kept alive, the bootstrap servers.
struct Kafka {
    publisher: Arc<dyn Publisher>,
    producer: Option<Arc<KafkaPublisher>>,
    bootstrap: Option<String>,
    embedded: Option<EmbeddedBroker>,
    _discovery: Option<inlet_kafka::discovery::DiscoveryFile>,
}

async fn kafka(config: &Config, registry: &Registry) -> anyhow::Result<Kafka> {
    let brokers = config.kafka.brokers.trim();
    if brokers.eq_ignore_ascii_case(DISCARD) {
        warn!(
            "kafka.brokers = \"discard\": every message is acknowledged and thrown away (benchmarks only, never in production)"
        );
        return Ok(Kafka {
            publisher: Arc::new(DiscardPublisher),
            producer: None,
            bootstrap: None,
            embedded: None,
            _discovery: None,
        });
    }
    let (embedded, bootstrap, discovery) = if config.kafka.is_embedded() {
        let topics: Vec<(&str, u32)> = config.kafka.topics.all().iter().map(|t| (*t, 1)).collect();
        let broker = EmbeddedBroker::start(1, &topics).context("starting the embedded broker")?;
        let bootstrap = broker.bootstrap_servers();
        warn!(%bootstrap, "embedded broker: nothing survives this process (development only)");
        let discovery = match inlet_kafka::discovery::write(&bootstrap) {
            Ok(file) => Some(file),
            Err(e) => {
                warn!(error = %e, "cannot write the discovery file: `inlet tail` needs --brokers");
                None
            }
        };
        (Some(broker), bootstrap, discovery)
    } else {
        // Check the topics (creating missing ones) before taking traffic:
        // an unreachable cluster fails the start with its address.
        let kafka = config.kafka.clone();
        let settings: TopicSettings = config.topics.clone();
        let bootstrap = kafka.brokers.clone();
        let report = tokio::task::spawn_blocking(move || {
            let admin = inlet_kafka::topics::admin_client(&kafka, &kafka.brokers)?;
            inlet_kafka::ensure_topics(&admin, &kafka, &settings).map_err(anyhow::Error::from)
        })
        .await
        .context("topic check")?
        .context("checking the kafka topics")?;
        info!(
            brokers = report.brokers,
            existing = ?report.existing,
            created = ?report.created,
            "kafka topics checked"
        );
        (None, bootstrap, None)
    };
    let metrics = KafkaMetrics::new(registry)?;
    let producer = Arc::new(
        KafkaPublisher::with_metrics(&config.kafka, &bootstrap, metrics)
            .context("kafka producer")?,
    );
    Ok(Kafka {
        publisher: producer.clone(),
        producer: Some(producer),
        bootstrap: Some(bootstrap),
        embedded,
        _discovery: discovery,
    })
}

/// The routing table's sources, kept running.
struct Routing {
    table: Arc<RoutingTable>,
    file: Option<PathBuf>,
    _watch: Option<inlet_routing::source::Watcher>,
    feed: Option<AssignmentsFeed>,
}

fn routing(config: &Config, dev: bool, kafka: &Kafka) -> anyhow::Result<Routing> {
    let table = Arc::new(RoutingTable::new());
    let watch = match &config.routing.file {
        Some(file) => {
            let source = FileSource::new(file)?;
            let loaded = source.load_into(&table)?;
            info!(file = %file.display(), numbers = loaded, "routing table loaded");
            Some(source.watch(
                table.clone(),
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
            table.load(sample_assignments(), [])?;
            None
        }
        None if !config.routing.kafka => {
            warn!("no routing source configured: every message is unrouted");
            None
        }
        None => None,
    };
    let feed = match (&config.routing.kafka, &kafka.bootstrap) {
        (true, Some(bootstrap)) => {
            let options = FeedOptions {
                metrics: kafka.producer.as_ref().map(|p| p.metrics().clone()),
                ..FeedOptions::default()
            };
            let feed =
                AssignmentsFeed::start_with(&config.kafka, bootstrap, table.clone(), options)
                    .context("assignments feed")?;
            info!(topic = feed.topic(), "assignments feed started");
            Some(feed)
        }
        (true, None) => {
            anyhow::bail!("routing.kafka needs a broker (kafka.brokers is \"discard\")")
        }
        (false, _) => None,
    };
    Ok(Routing {
        table,
        file: config.routing.file.clone(),
        _watch: watch,
        feed,
    })
}

/// Runs the daemon until SIGINT or SIGTERM.
///
/// # Errors
/// A start that cannot complete (broker, listener, accounts).
pub(crate) async fn run(config: Config, path: Option<PathBuf>, dev: bool) -> anyhow::Result<()> {
    if dev {
        warn!(
            "running the embedded development default: demo account demo/demo (an insecure dev password), embedded broker; not for production"
        );
    }
    if config.server.node_id == 0 && !dev {
        warn!(
            "server.node_id is 0 (the default): give every instance its own node id (INLET_NODE_ID) so message_ids stay unique"
        );
    }
    let mut signals = Signals::register()?;
    let registry = Registry::new();
    let build = IntGauge::with_opts(
        Opts::new("inlet_build_info", "inlet's version, as a label.")
            .const_label("version", env!("CARGO_PKG_VERSION")),
    )?;
    build.set(1);
    registry.register(Box::new(build))?;
    let reloads = IntCounterVec::new(
        Opts::new("inlet_config_reloads_total", "SIGHUP reloads, by result."),
        &["result"],
    )?;
    registry.register(Box::new(reloads.clone()))?;
    for result in ["ok", "error"] {
        reloads.with_label_values(&[result]);
    }

    let kafka = kafka(&config, &registry).await?;
    let routing = routing(&config, dev, &kafka)?;
    let health = Arc::new(Health::new(
        &registry,
        kafka.producer.clone(),
        routing.table.clone(),
        routing
            .feed
            .as_ref()
            .map(AssignmentsFeed::caught_up_receiver),
    )?);
    health.routing_loaded();

    // Multipart reassembly: a consumer group over the segments topic,
    // emitting through the same producer.
    let mut reassembler = match &kafka.bootstrap {
        Some(bootstrap) => {
            let options = inlet_kafka::reassembly::Options {
                limits: inlet_kafka::reassembly::Limits {
                    timeout: Duration::from_secs(config.reassembly.timeout_secs.max(1)),
                    max_groups_per_account: config.reassembly.max_groups_per_account.max(1),
                    max_bytes_per_account: config.reassembly.max_bytes_per_account.max(1),
                    ..Default::default()
                },
                metrics: inlet_kafka::reassembly::ReassemblyMetrics::new(&registry)?,
                ..Default::default()
            };
            Some(
                inlet_kafka::reassembly::Reassembler::start(
                    &config.kafka,
                    bootstrap,
                    kafka.publisher.clone(),
                    options,
                )
                .context("reassembler")?,
            )
        }
        None => {
            warn!("no broker: multipart segments are not reassembled");
            None
        }
    };

    let accounts = Accounts::new(config.accounts.clone()).context("accounts")?;
    let server_metrics = ServerMetrics::new(&registry)?;
    server_metrics.declare_accounts(config.accounts.iter().map(|a| a.system_id.as_str()));
    let server = Arc::new(Server::with_metrics(
        config.server.clone(),
        accounts,
        routing.table.clone(),
        kafka.publisher.clone(),
        server_metrics,
    ));
    let listener = TcpListener::bind(&config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    let addr = listener.local_addr()?;
    let shutdown = CancellationToken::new();
    let mut serving = vec![tokio::spawn(inlet_server::run(
        server.clone(),
        listener,
        shutdown.clone(),
    ))];
    let tls = match &config.tls {
        Some(tls) => {
            let files = ReloadableTls::load(&tls_files(tls)).context("[tls]")?;
            let files = Arc::new(files);
            let listener = TcpListener::bind(&tls.listen)
                .await
                .with_context(|| format!("cannot listen on {} ([tls])", tls.listen))?;
            info!(addr = %listener.local_addr()?, "SMPP over TLS listening");
            serving.push(tokio::spawn(inlet_server::run_listener(
                server.clone(),
                listener,
                Some(files.clone()),
                tls.proxy_protocol.unwrap_or(config.server.proxy_protocol),
                shutdown.clone(),
            )));
            Some(files)
        }
        None => None,
    };
    let http_shutdown = CancellationToken::new();
    let metrics_addr = if config.metrics.listen.is_empty() {
        None
    } else {
        let listener = TcpListener::bind(&config.metrics.listen)
            .await
            .with_context(|| format!("cannot listen on {} ([metrics])", config.metrics.listen))?;
        let metrics_addr = listener.local_addr()?;
        let endpoint = Arc::new(Endpoint {
            registry,
            health: health.clone(),
        });
        tokio::spawn(crate::http::serve(
            listener,
            endpoint,
            http_shutdown.clone(),
        ));
        Some(metrics_addr)
    };

    // Tests and scripts read these lines. Written without panicking when
    // stdout is closed (a reader that stopped reading must not kill inlet).
    let mut out = std::io::stdout();
    let _ = writeln!(out, "inlet: SMPP listening on {addr}");
    if let Some(metrics_addr) = metrics_addr {
        let _ = writeln!(
            out,
            "inlet: metrics on http://{metrics_addr}/metrics (/healthz, /readyz)"
        );
    }
    if dev {
        let _ = writeln!(
            out,
            "inlet: bind with system_id demo, password demo to {addr}; +14035551234 is rented, +447700900123 is shared by WhatsApp and Telegram rentals\n\
             inlet: try   inlet send --server {addr} --to +14035551234 --text 'Your code is 123456' --receipt\n\
             inlet: then  inlet tail --from-beginning --max 1"
        );
    }
    let _ = out.flush();

    let budget = loop {
        match signals.next().await {
            Signal::Hangup => {
                let outcome = match &path {
                    Some(path) => reload(path, &server, tls.as_deref(), routing.file.as_deref()),
                    None => Err(anyhow::anyhow!(
                        "no configuration file (embedded default): nothing to reload"
                    )),
                };
                match outcome {
                    Ok(summary) => {
                        reloads.with_label_values(&["ok"]).inc();
                        info!("reloaded: {summary}");
                    }
                    Err(e) => {
                        reloads.with_label_values(&["error"]).inc();
                        error!("reload refused, the configuration in force stays: {e:#}");
                    }
                }
            }
            Signal::Terminate => break Duration::from_secs(config.shutdown.grace_secs.max(1)),
            Signal::Interrupt => break Duration::from_secs(3),
        }
    };
    let started = Instant::now();
    info!(
        budget_secs = budget.as_secs(),
        "shutting down: unbinding sessions"
    );
    health.shutting_down();
    shutdown.cancel();
    // Sessions get most of the budget; the producer flush the rest.
    let for_sessions = budget.mul_f64(0.8);
    let sessions = futures::future::join_all(serving);
    if tokio::time::timeout(for_sessions, sessions).await.is_err() {
        warn!(
            "sessions did not end within {}s: closing them",
            for_sessions.as_secs()
        );
    }
    // Segments not yet whole stay uncommitted: the group's next reader
    // (this instance restarted, or another) rebuilds them.
    if let Some(reassembler) = &mut reassembler {
        reassembler.stop();
    }
    if let Some(producer) = kafka.producer.clone() {
        let left = budget
            .saturating_sub(started.elapsed())
            .max(Duration::from_millis(500));
        let flushed = tokio::task::spawn_blocking(move || producer.flush(left)).await;
        if let Ok(Err(e)) = flushed {
            warn!(error = %e, "producer flush incomplete");
        }
    }
    if let Some(feed) = &routing.feed {
        feed.stop();
    }
    http_shutdown.cancel();
    // The process ends next; tasks still finishing hold the producer, so
    // the embedded broker is left to the exit rather than stopped under
    // it (which only makes librdkafka log that the broker went away).
    std::mem::forget(kafka.embedded);
    info!(
        elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        "stopped"
    );
    Ok(())
}

/// SIGHUP: accounts, TLS certificate and routing file from `path`. Each
/// part is checked before any is applied, so a bad file changes nothing.
fn reload(
    path: &Path,
    server: &Server,
    tls: Option<&ReloadableTls>,
    routing_file: Option<&Path>,
) -> anyhow::Result<String> {
    let config = Config::load(path)?;
    // Check everything first.
    let _ = Accounts::new(config.accounts.clone()).context("accounts")?;
    let source = match &config.routing.file {
        Some(file) => {
            if routing_file.is_some_and(|f| f != file) {
                warn!(
                    "routing.file changed: the new file is loaded now, but watched only after a restart"
                );
            }
            let source = FileSource::new(file)?;
            source.load_into(&RoutingTable::new())?;
            Some(source)
        }
        None => None,
    };
    // Then apply.
    let accounts = server.accounts.reload(config.accounts.clone())?;
    server
        .metrics
        .declare_accounts(config.accounts.iter().map(|a| a.system_id.as_str()));
    let mut summary = format!("{accounts} accounts");
    if let Some(tls) = tls {
        tls.reload().context("[tls]")?;
        summary.push_str(", TLS certificate");
    }
    if let Some(source) = source {
        let numbers = source.load_into(&server.routing)?;
        summary.push_str(&format!(", routing file ({numbers} numbers)"));
    }
    Ok(summary)
}

enum Signal {
    Hangup,
    Terminate,
    Interrupt,
}

/// The signals inlet handles, registered once at start so none is missed
/// between two waits.
struct Signals {
    term: tokio::signal::unix::Signal,
    hup: tokio::signal::unix::Signal,
    int: tokio::signal::unix::Signal,
}

impl Signals {
    fn register() -> anyhow::Result<Signals> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Signals {
            term: signal(SignalKind::terminate()).context("SIGTERM handler")?,
            hup: signal(SignalKind::hangup()).context("SIGHUP handler")?,
            int: signal(SignalKind::interrupt()).context("SIGINT handler")?,
        })
    }

    /// The next signal that matters.
    async fn next(&mut self) -> Signal {
        tokio::select! {
            _ = self.int.recv() => Signal::Interrupt,
            _ = self.term.recv() => Signal::Terminate,
            _ = self.hup.recv() => Signal::Hangup,
        }
    }
}

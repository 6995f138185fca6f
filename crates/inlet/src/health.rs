//! Readiness: inlet takes traffic only when the broker answers, the
//! routing table is loaded and, with the Kafka source, caught up; and not
//! while it shuts down. `/readyz` answers 200 with `ready` or 503 with
//! what is missing, one reason per line; `inlet_ready` mirrors it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use inlet_kafka::KafkaPublisher;
use inlet_routing::RoutingTable;
use prometheus::{IntGauge, Registry};
use tokio::sync::watch;

/// What readiness is made of.
pub(crate) struct Health {
    /// The producer (`None` with the bench-only discard publisher).
    publisher: Option<Arc<KafkaPublisher>>,
    routing: Arc<RoutingTable>,
    routing_loaded: AtomicBool,
    /// The assignments feed's caught-up flag, when it is a source.
    feed: Option<watch::Receiver<bool>>,
    shutting_down: AtomicBool,
    ready: IntGauge,
    table_numbers: IntGauge,
}

impl Health {
    /// Readiness over these parts, its gauges registered in `registry`.
    ///
    /// # Errors
    /// A gauge name is already registered.
    pub(crate) fn new(
        registry: &Registry,
        publisher: Option<Arc<KafkaPublisher>>,
        routing: Arc<RoutingTable>,
        feed: Option<watch::Receiver<bool>>,
    ) -> Result<Health, prometheus::Error> {
        let ready = IntGauge::new("inlet_ready", "1 when /readyz answers 200.")?;
        registry.register(Box::new(ready.clone()))?;
        let table_numbers = IntGauge::new(
            "inlet_routing_table_numbers",
            "Numbers with at least one assignment in the routing table.",
        )?;
        registry.register(Box::new(table_numbers.clone()))?;
        Ok(Health {
            publisher,
            routing,
            routing_loaded: AtomicBool::new(false),
            feed,
            shutting_down: AtomicBool::new(false),
            ready,
            table_numbers,
        })
    }

    /// The routing table holds its first load.
    pub(crate) fn routing_loaded(&self) {
        self.routing_loaded.store(true, Ordering::Release);
    }

    /// Shutdown started: unready from now on.
    pub(crate) fn shutting_down(&self) {
        self.shutting_down.store(true, Ordering::Release);
    }

    /// Whether inlet can take traffic, and why not.
    pub(crate) fn readiness(&self) -> (bool, String) {
        let mut missing = Vec::new();
        if self.shutting_down.load(Ordering::Acquire) {
            missing.push("shutting down");
        }
        if let Some(publisher) = &self.publisher
            && !publisher.ready()
        {
            missing.push(if publisher.is_fatal() {
                "kafka producer is being rebuilt after a fatal error"
            } else {
                "kafka brokers unreachable or failing"
            });
        }
        if !self.routing_loaded.load(Ordering::Acquire) {
            missing.push("routing table not loaded");
        }
        if let Some(feed) = &self.feed
            && !*feed.borrow()
        {
            missing.push("assignments feed not caught up");
        }
        let ready = missing.is_empty();
        self.ready.set(i64::from(ready));
        if ready {
            (true, "ready\n".into())
        } else {
            (false, missing.join("\n") + "\n")
        }
    }

    /// Gauges read at scrape time.
    pub(crate) fn refresh_gauges(&self) {
        let _ = self.readiness();
        self.table_numbers
            .set(i64::try_from(self.routing.len()).unwrap_or(i64::MAX));
    }
}

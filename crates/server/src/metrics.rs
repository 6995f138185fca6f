//! The session metrics DESIGN.md names (`inlet_` prefix), registered in a
//! Prometheus registry the daemon serves on `/metrics`.
//!
//! Label sets are bounded: accounts come from the configuration, commands
//! and statuses from the SMPP tables (unknown ones share one label),
//! reasons, causes, classes and outcomes from fixed lists.

use inlet_pdu::{CommandId, CommandStatus};
use prometheus::{
    Histogram, HistogramOpts, IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry,
};

/// Every metric a session moves.
#[derive(Clone)]
pub struct ServerMetrics {
    /// `inlet_sessions`: connections being served.
    pub sessions: IntGauge,
    /// `inlet_binds{account,bind_type}`: bound sessions.
    pub binds: IntGaugeVec,
    /// `inlet_bind_failures_total{reason}`.
    pub bind_failures: IntCounterVec,
    /// `inlet_pdus_in_total{command,status}`: PDUs received.
    pub pdus_in: IntCounterVec,
    /// `inlet_pdus_out_total{command,status}`: PDUs sent.
    pub pdus_out: IntCounterVec,
    /// `inlet_throttled_total{account,cause}`: requests answered
    /// ESME_RTHROTTLED (cause `window`, `rate` or `backpressure`).
    pub throttled: IntCounterVec,
    /// `inlet_requests_in_flight`: requests waiting for the broker.
    pub in_flight: IntGauge,
    /// `inlet_routing_results_total{outcome}`.
    pub routing: IntCounterVec,
    /// `inlet_publish_latency_seconds`: PDU received → broker ack.
    pub publish_latency: Histogram,
    /// `inlet_publish_errors_total{class}`.
    pub publish_errors: IntCounterVec,
    /// `inlet_receipts_total{outcome}`: receipts inlet sent (`sent`), that
    /// waited past their time-to-live (`expired`), dropped from a full
    /// queue (`dropped`), refused by the carrier (`refused`); and the
    /// carriers' own receipts received (`received`).
    pub receipts: IntCounterVec,
    /// Handles of the series every message moves, looked up once: a
    /// labelled lookup hashes the labels and takes a lock.
    hot_in: Vec<(CommandId, IntCounter)>,
    hot_out: Vec<(CommandId, IntCounter)>,
    hot_routing: Vec<(&'static str, IntCounter)>,
}

/// Commands whose `ESME_ROK` series are cached, in and out.
const HOT_IN: [CommandId; 6] = [
    CommandId::SUBMIT_SM,
    CommandId::DELIVER_SM,
    CommandId::DATA_SM,
    CommandId::ENQUIRE_LINK,
    CommandId::ENQUIRE_LINK_RESP,
    CommandId::DELIVER_SM_RESP,
];
const HOT_OUT: [CommandId; 5] = [
    CommandId::SUBMIT_SM_RESP,
    CommandId::DELIVER_SM_RESP,
    CommandId::DATA_SM_RESP,
    CommandId::ENQUIRE_LINK_RESP,
    CommandId::DELIVER_SM,
];
const OUTCOMES: [&str; 5] = [
    "routed",
    "unknown_number",
    "not_started",
    "expired",
    "no_service_match",
];

mod local;

pub use local::SessionMetrics;

/// A metric could not be registered (a name registered twice).
pub type MetricsError = prometheus::Error;

impl ServerMetrics {
    /// The metrics, registered in `registry`.
    ///
    /// # Errors
    /// A name is already registered there.
    pub fn new(registry: &Registry) -> Result<ServerMetrics, MetricsError> {
        let gauge = |name: &str, help: &str| -> Result<IntGauge, MetricsError> {
            let g = IntGauge::new(name, help)?;
            registry.register(Box::new(g.clone()))?;
            Ok(g)
        };
        let gauge_vec = |name: &str, help: &str, labels: &[&str]| {
            let g = IntGaugeVec::new(Opts::new(name, help), labels)?;
            registry.register(Box::new(g.clone()))?;
            Ok::<_, MetricsError>(g)
        };
        let counter_vec = |name: &str, help: &str, labels: &[&str]| {
            let c = IntCounterVec::new(Opts::new(name, help), labels)?;
            registry.register(Box::new(c.clone()))?;
            Ok::<_, MetricsError>(c)
        };
        let publish_latency = Histogram::with_opts(
            HistogramOpts::new(
                "inlet_publish_latency_seconds",
                "Time from a message PDU received to its broker acknowledgement.",
            )
            .buckets(vec![
                0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0,
            ]),
        )?;
        registry.register(Box::new(publish_latency.clone()))?;
        let pdus_in = counter_vec(
            "inlet_pdus_in_total",
            "PDUs received, by command and command_status.",
            &["command", "status"],
        )?;
        let pdus_out = counter_vec(
            "inlet_pdus_out_total",
            "PDUs sent, by command and command_status.",
            &["command", "status"],
        )?;
        let routing = counter_vec(
            "inlet_routing_results_total",
            "Routing lookups, by outcome.",
            &["outcome"],
        )?;
        let ok = CommandStatus::ESME_ROK.as_label();
        let hot_in = HOT_IN
            .iter()
            .map(|c| (*c, pdus_in.with_label_values(&[c.as_label(), ok])))
            .collect();
        let hot_out = HOT_OUT
            .iter()
            .map(|c| (*c, pdus_out.with_label_values(&[c.as_label(), ok])))
            .collect();
        let hot_routing = OUTCOMES
            .iter()
            .map(|o| (*o, routing.with_label_values(&[o])))
            .collect();
        let metrics = ServerMetrics {
            hot_in,
            hot_out,
            hot_routing,
            sessions: gauge("inlet_sessions", "SMPP connections being served.")?,
            binds: gauge_vec(
                "inlet_binds",
                "Bound SMPP sessions.",
                &["account", "bind_type"],
            )?,
            bind_failures: counter_vec(
                "inlet_bind_failures_total",
                "Binds refused, by reason.",
                &["reason"],
            )?,
            pdus_in,
            pdus_out,
            throttled: counter_vec(
                "inlet_throttled_total",
                "Requests answered ESME_RTHROTTLED, by account and cause.",
                &["account", "cause"],
            )?,
            in_flight: gauge(
                "inlet_requests_in_flight",
                "Requests waiting for the broker's acknowledgement.",
            )?,
            routing,
            publish_latency,
            publish_errors: counter_vec(
                "inlet_publish_errors_total",
                "Publishes that failed, by class.",
                &["class"],
            )?,
            receipts: counter_vec(
                "inlet_receipts_total",
                "Delivery receipts, by outcome.",
                &["outcome"],
            )?,
        };
        // Series with fixed labels exist from the start (at 0), so
        // dashboards and alerts see them before the first event.
        for reason in [
            "credentials",
            "bind_type",
            "too_many_binds",
            "address",
            "locked_out",
        ] {
            metrics.bind_failures.with_label_values(&[reason]);
        }
        for class in ["backpressure", "temporary", "rejected"] {
            metrics.publish_errors.with_label_values(&[class]);
        }
        for outcome in ["sent", "expired", "dropped", "refused", "received"] {
            metrics.receipts.with_label_values(&[outcome]);
        }
        metrics.pdus_in.with_label_values(&[
            CommandId::SUBMIT_SM.as_label(),
            CommandStatus::ESME_ROK.as_label(),
        ]);
        metrics.pdus_out.with_label_values(&[
            CommandId::SUBMIT_SM_RESP.as_label(),
            CommandStatus::ESME_ROK.as_label(),
        ]);
        Ok(metrics)
    }

    /// Makes the per-account series exist (at 0) for these accounts.
    pub fn declare_accounts<'a>(&self, system_ids: impl IntoIterator<Item = &'a str>) {
        for account in system_ids {
            for bind_type in ["transmitter", "receiver", "transceiver"] {
                self.binds.with_label_values(&[account, bind_type]);
            }
            for cause in ["window", "rate", "backpressure"] {
                self.throttled.with_label_values(&[account, cause]);
            }
        }
    }

    /// Metrics in a registry of their own (tests, tools).
    pub fn unregistered() -> ServerMetrics {
        // A fresh registry cannot hold these names already.
        #[allow(clippy::expect_used)]
        ServerMetrics::new(&Registry::new()).expect("fresh registry")
    }

    /// Counts a PDU received, from its header.
    pub fn pdu_in(&self, command: CommandId, status: CommandStatus) {
        count_pdu(&self.hot_in, &self.pdus_in, command, status);
    }

    /// Counts a PDU sent.
    pub fn pdu_out(&self, command: CommandId, status: CommandStatus) {
        count_pdu(&self.hot_out, &self.pdus_out, command, status);
    }

    /// Counts a routing outcome (a label of `Lookup::as_label`).
    pub fn routed(&self, outcome: &str) {
        match self.hot_routing.iter().find(|(o, _)| *o == outcome) {
            Some((_, c)) => c.inc(),
            None => self.routing.with_label_values(&[outcome]).inc(),
        }
    }

    /// A session's own tally of the series every message moves, added here
    /// in batches (see [`SessionMetrics`]).
    pub fn local(&self) -> SessionMetrics {
        SessionMetrics::new(self)
    }

    /// The receipts counter of one outcome.
    pub fn receipt(&self, outcome: &str) -> IntCounter {
        self.receipts.with_label_values(&[outcome])
    }
}

/// The cached counter of `command`'s `ESME_ROK` PDUs among `hot` (the
/// commands every message moves), `None` for the others.
pub(crate) fn hot_counter<C>(
    hot: &[(CommandId, C)],
    command: CommandId,
    status: CommandStatus,
) -> Option<&C> {
    if !status.is_ok() {
        return None;
    }
    hot.iter().find(|(id, _)| *id == command).map(|(_, c)| c)
}

/// Counts a PDU: its cached counter when it has one, else its series of
/// `all` by command and status.
fn count_pdu(
    hot: &[(CommandId, IntCounter)],
    all: &IntCounterVec,
    command: CommandId,
    status: CommandStatus,
) {
    match hot_counter(hot, command, status) {
        Some(c) => c.inc(),
        None => all
            .with_label_values(&[command.as_label(), status.as_label()])
            .inc(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_render_in_text_format() {
        let registry = Registry::new();
        let m = ServerMetrics::new(&registry).expect("register");
        m.pdu_in(CommandId::SUBMIT_SM, CommandStatus::ESME_ROK);
        m.bind_failures.with_label_values(&["credentials"]).inc();
        m.publish_latency.observe(0.003);
        let mut text = String::new();
        for family in registry.gather() {
            text.push_str(family.name());
            text.push('\n');
        }
        for name in [
            "inlet_pdus_in_total",
            "inlet_bind_failures_total",
            "inlet_publish_latency_seconds",
            "inlet_sessions",
        ] {
            assert!(text.contains(name), "{name} missing from {text}");
        }
        assert!(ServerMetrics::new(&registry).is_err(), "names are unique");
    }
}

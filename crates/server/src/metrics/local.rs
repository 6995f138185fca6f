//! A session's own tally of the metrics every message moves, added to the
//! shared series in batches.
//!
//! Counted straight into the shared series, every message moved about
//! eight atomics that every session writes (PDUs in and out, the routing
//! outcome, requests in flight up and down, the latency histogram's count,
//! sum and bucket); with sessions on both worker threads, each was a cache
//! line handed from core to core. A session counts in plain integers
//! instead (prometheus' `local` metrics) and adds them to the shared series
//! before it writes its buffered responses ([`SessionMetrics::flush`]), so
//! whatever a carrier has been answered is counted. Under load the write
//! buffer may fill and go out between two flushes: the counts then lag the
//! wire by at most that buffer's responses, never more than one batch.
//! Dropping the tally flushes it.

use inlet_pdu::{CommandId, CommandStatus};
use prometheus::local::{LocalHistogram, LocalIntCounter};

use super::{ServerMetrics, hot_counter};

/// One session's tally; see the module docs.
pub struct SessionMetrics {
    shared: ServerMetrics,
    hot_in: Vec<(CommandId, LocalIntCounter)>,
    hot_out: Vec<(CommandId, LocalIntCounter)>,
    hot_routing: Vec<(&'static str, LocalIntCounter)>,
    /// Requests started minus requests finished since the last flush.
    in_flight: i64,
    publish_latency: LocalHistogram,
    /// Something was counted since the last flush.
    dirty: bool,
}

impl SessionMetrics {
    pub(super) fn new(shared: &ServerMetrics) -> SessionMetrics {
        let local = |hot: &[(CommandId, prometheus::IntCounter)]| {
            hot.iter().map(|(id, c)| (*id, c.local())).collect()
        };
        SessionMetrics {
            hot_in: local(&shared.hot_in),
            hot_out: local(&shared.hot_out),
            hot_routing: shared
                .hot_routing
                .iter()
                .map(|(o, c)| (*o, c.local()))
                .collect(),
            in_flight: 0,
            publish_latency: shared.publish_latency.local(),
            dirty: false,
            shared: shared.clone(),
        }
    }

    /// The shared series, for what is counted rarely (errors, receipts,
    /// throttling): counted there at once.
    pub fn shared(&self) -> &ServerMetrics {
        &self.shared
    }

    /// Counts a PDU received, from its header.
    pub fn pdu_in(&mut self, command: CommandId, status: CommandStatus) {
        match hot_counter(&self.hot_in, command, status) {
            Some(c) => {
                c.inc();
                self.dirty = true;
            }
            None => self.shared.pdu_in(command, status),
        }
    }

    /// Counts a PDU sent.
    pub(crate) fn pdu_out(&mut self, reply: &crate::reply::Reply) {
        let Some((command, status)) = reply.command_status() else {
            return;
        };
        match hot_counter(&self.hot_out, command, status) {
            Some(c) => {
                c.inc();
                self.dirty = true;
            }
            None => self.shared.pdu_out(command, status),
        }
    }

    /// Counts a routing outcome (a label of `Lookup::as_label`).
    pub fn routed(&mut self, outcome: &str) {
        match self.hot_routing.iter().find(|(o, _)| *o == outcome) {
            Some((_, c)) => {
                c.inc();
                self.dirty = true;
            }
            None => self.shared.routed(outcome),
        }
    }

    /// A request now waits for the broker.
    pub fn publish_started(&mut self) {
        self.in_flight += 1;
        self.dirty = true;
    }

    /// `count` requests stopped waiting for the broker.
    pub fn publish_ended(&mut self, count: usize) {
        self.in_flight -= i64::try_from(count).unwrap_or(i64::MAX);
        self.dirty = true;
    }

    /// A message became durable `seconds` after it was received.
    pub fn published(&mut self, seconds: f64) {
        self.publish_latency.observe(seconds);
        self.dirty = true;
    }

    /// Adds the tally to the shared series and starts again from zero.
    pub fn flush(&mut self) {
        if !self.dirty {
            return;
        }
        self.dirty = false;
        for (_, c) in self.hot_in.iter().chain(&self.hot_out) {
            c.flush();
        }
        for (_, c) in &self.hot_routing {
            c.flush();
        }
        if self.in_flight != 0 {
            self.shared.in_flight.add(self.in_flight);
            self.in_flight = 0;
        }
        self.publish_latency.flush();
    }
}

impl Drop for SessionMetrics {
    fn drop(&mut self) {
        self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok_in(m: &ServerMetrics) -> u64 {
        m.pdus_in
            .with_label_values(&[
                CommandId::SUBMIT_SM.as_label(),
                CommandStatus::ESME_ROK.as_label(),
            ])
            .get()
    }

    #[test]
    fn counts_reach_the_shared_series_on_flush_and_drop() {
        let shared = ServerMetrics::unregistered();
        let mut local = shared.local();
        local.pdu_in(CommandId::SUBMIT_SM, CommandStatus::ESME_ROK);
        local.routed("routed");
        local.publish_started();
        local.published(0.002);
        assert_eq!(ok_in(&shared), 0, "not before the flush");
        local.flush();
        assert_eq!(ok_in(&shared), 1);
        assert_eq!(shared.routing.with_label_values(&["routed"]).get(), 1);
        assert_eq!(shared.in_flight.get(), 1);
        assert_eq!(shared.publish_latency.get_sample_count(), 1);

        local.publish_ended(1);
        local.pdu_in(CommandId::SUBMIT_SM, CommandStatus::ESME_ROK);
        drop(local);
        assert_eq!(ok_in(&shared), 2);
        assert_eq!(shared.in_flight.get(), 0);
    }

    #[test]
    fn rare_series_are_counted_at_once() {
        let shared = ServerMetrics::unregistered();
        let mut local = shared.local();
        local.pdu_in(CommandId::SUBMIT_SM, CommandStatus::ESME_RINVDSTADR);
        local.routed("somewhere_else");
        let label = [
            CommandId::SUBMIT_SM.as_label(),
            CommandStatus::ESME_RINVDSTADR.as_label(),
        ];
        assert_eq!(shared.pdus_in.with_label_values(&label).get(), 1);
        assert_eq!(
            shared.routing.with_label_values(&["somewhere_else"]).get(),
            1
        );
        local.flush();
    }
}

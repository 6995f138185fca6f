//! What a run measured: per-session tallies, merged into one report, shown
//! as a table or as one JSON object.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use hdrhistogram::Histogram;
use inlet_pdu::CommandStatus;

/// Latency range recorded, in microseconds: 1 µs to 10 minutes.
const MAX_MICROS: u64 = 600_000_000;

/// A new latency histogram (microseconds, 3 significant digits).
pub(crate) fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, MAX_MICROS, 3).expect("valid histogram bounds")
}

/// What one session (or all of them) counted.
#[derive(Debug)]
pub(crate) struct Tally {
    /// submit_sm written.
    pub(crate) sent: u64,
    /// submit_sm_resp with ESME_ROK.
    pub(crate) acked: u64,
    /// Error responses by status.
    pub(crate) errors: BTreeMap<CommandStatus, u64>,
    /// submit_sm without a response when the session gave up waiting.
    pub(crate) unanswered: u64,
    /// Delivery receipts received (and answered).
    pub(crate) receipts: u64,
    /// Latency from submit written to response read, in microseconds.
    pub(crate) latency: Histogram<u64>,
    /// When the last response arrived, since the start of sending.
    pub(crate) last_response: Option<Duration>,
}

impl Tally {
    /// An empty tally.
    pub(crate) fn new() -> Self {
        Tally {
            sent: 0,
            acked: 0,
            errors: BTreeMap::new(),
            unanswered: 0,
            receipts: 0,
            latency: histogram(),
            last_response: None,
        }
    }

    /// Adds another session's tally.
    pub(crate) fn merge(&mut self, other: &Tally) {
        self.sent += other.sent;
        self.acked += other.acked;
        for (status, n) in &other.errors {
            *self.errors.entry(*status).or_default() += n;
        }
        self.unanswered += other.unanswered;
        self.receipts += other.receipts;
        let _ = self.latency.add(&other.latency);
        self.last_response = self.last_response.max(other.last_response);
    }

    /// Responses of any status.
    pub(crate) fn answered(&self) -> u64 {
        self.acked + self.errors.values().sum::<u64>()
    }
}

/// A status by its specification name, or in hex.
fn status_name(status: CommandStatus) -> String {
    status
        .name()
        .map_or_else(|| format!("0x{:08X}", status.0), str::to_owned)
}

/// The final figures.
#[derive(Debug)]
pub(crate) struct Report {
    tally: Tally,
    elapsed: Duration,
    /// The load generator's own CPU time over the run, when known.
    cpu: Option<Duration>,
}

impl Report {
    /// The report of a run whose sending ended after `ended` (used when no
    /// response ever arrived): elapsed time runs from the first submit to
    /// the last response.
    pub(crate) fn new(tally: Tally, ended: Duration) -> Self {
        let elapsed = tally.last_response.unwrap_or(ended);
        Report {
            tally,
            elapsed,
            cpu: None,
        }
    }

    /// The report with the load generator's own CPU time over the run.
    pub(crate) fn with_cpu(self, cpu: Option<Duration>) -> Self {
        Report { cpu, ..self }
    }

    /// The load generator's CPU time a response, in microseconds.
    fn cpu_us_per_msg(&self) -> Option<f64> {
        let answered = self.tally.answered();
        self.cpu
            .filter(|_| answered > 0)
            .map(|cpu| cpu.as_secs_f64() * 1e6 / answered as f64)
    }

    fn msgs_per_s(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 {
            self.tally.answered() as f64 / secs
        } else {
            0.0
        }
    }

    /// Latency quantiles in milliseconds: p50, p90, p99, p99.9, max.
    fn latency_ms(&self) -> [(&'static str, f64); 5] {
        let h = &self.tally.latency;
        let ms = |micros: u64| micros as f64 / 1000.0;
        if h.is_empty() {
            return [
                ("p50", 0.0),
                ("p90", 0.0),
                ("p99", 0.0),
                ("p999", 0.0),
                ("max", 0.0),
            ];
        }
        [
            ("p50", ms(h.value_at_quantile(0.50))),
            ("p90", ms(h.value_at_quantile(0.90))),
            ("p99", ms(h.value_at_quantile(0.99))),
            ("p999", ms(h.value_at_quantile(0.999))),
            ("max", ms(h.max())),
        ]
    }

    /// The report as one JSON object.
    pub(crate) fn to_json(&self) -> serde_json::Value {
        let errors: serde_json::Map<String, serde_json::Value> = self
            .tally
            .errors
            .iter()
            .map(|(s, n)| (status_name(*s), (*n).into()))
            .collect();
        let latency: serde_json::Map<String, serde_json::Value> = self
            .latency_ms()
            .iter()
            .map(|(k, v)| ((*k).to_owned(), round3(*v).into()))
            .collect();
        serde_json::json!({
            "sent": self.tally.sent,
            "acked": self.tally.acked,
            "errors": errors,
            "unanswered": self.tally.unanswered,
            "receipts": self.tally.receipts,
            "elapsed_s": round3(self.elapsed.as_secs_f64()),
            "msgs_per_s": round3(self.msgs_per_s()),
            "latency_ms": latency,
            "cpu_s": self.cpu.map(|c| round3(c.as_secs_f64())),
            "cpu_us_per_msg": self.cpu_us_per_msg().map(round3),
        })
    }

    /// The report as a table for people.
    pub(crate) fn to_table(&self) -> String {
        let t = &self.tally;
        let mut rows: Vec<(String, String)> = vec![
            ("sent".into(), t.sent.to_string()),
            ("acked (ESME_ROK)".into(), t.acked.to_string()),
        ];
        for (status, n) in &t.errors {
            rows.push((status_name(*status), n.to_string()));
        }
        rows.push(("unanswered".into(), t.unanswered.to_string()));
        rows.push(("receipts".into(), t.receipts.to_string()));
        rows.push((
            "elapsed".into(),
            format!("{:.3} s", self.elapsed.as_secs_f64()),
        ));
        rows.push((
            "throughput".into(),
            format!("{:.0} msg/s", self.msgs_per_s()),
        ));
        for (name, ms) in self.latency_ms() {
            let name = match name {
                "p999" => "latency p99.9".to_owned(),
                other => format!("latency {other}"),
            };
            rows.push((name, format!("{ms:.3} ms")));
        }
        if let Some(cpu) = self.cpu {
            let per_msg = self
                .cpu_us_per_msg()
                .map_or_else(String::new, |us| format!(" ({us:.2} µs/msg)"));
            rows.push((
                "loadgen cpu".into(),
                format!("{:.3} s{per_msg}", cpu.as_secs_f64()),
            ));
        }
        let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        let mut out = String::new();
        for (k, v) in rows {
            let _ = writeln!(out, "{k:<width$}  {v:>14}");
        }
        out
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_has_every_key() {
        let mut t = Tally::new();
        t.sent = 3;
        t.acked = 2;
        t.errors.insert(CommandStatus::ESME_RINVDSTADR, 1);
        t.errors.insert(CommandStatus(0x0400), 1);
        t.latency.record(1500).expect("in range");
        t.last_response = Some(Duration::from_secs(1));
        let report =
            Report::new(t, Duration::from_secs(2)).with_cpu(Some(Duration::from_millis(30)));
        let json = report.to_json();
        assert_eq!(json["cpu_s"], 0.03);
        assert_eq!(json["cpu_us_per_msg"], 7500.0);
        assert_eq!(json["sent"], 3);
        assert_eq!(json["errors"]["ESME_RINVDSTADR"], 1);
        assert_eq!(json["errors"]["0x00000400"], 1);
        assert_eq!(json["elapsed_s"], 1.0);
        assert_eq!(json["msgs_per_s"], 4.0);
        for k in ["p50", "p90", "p99", "p999", "max"] {
            assert!(json["latency_ms"][k].as_f64().is_some(), "{k}");
        }
        assert!(report.to_table().contains("ESME_RINVDSTADR"));
    }
}

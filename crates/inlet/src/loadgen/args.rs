//! The command line of `inlet loadgen`, its checks, and the loopback-only
//! rule for the server address.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::{Context, bail};

/// How each session binds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum BindType {
    /// bind_transmitter: sends submit_sm.
    Transmitter,
    /// bind_transceiver: sends submit_sm and takes deliver_sm.
    Transceiver,
    /// bind_receiver: sends nothing, holds the bind (for --duration) and
    /// answers what arrives.
    Receiver,
}

/// Load generator settings.
#[derive(Debug, clap::Args)]
pub(crate) struct LoadgenArgs {
    /// Run the null responder instead of generating load: accepts any bind
    /// and answers every submit_sm at once with ESME_ROK, from its header
    /// alone.
    #[arg(long)]
    pub(crate) null_server: bool,
    /// Null responder: address to listen on (loopback only; port 0 picks a
    /// free port, printed on stdout).
    #[arg(long, default_value = "127.0.0.1:2775")]
    pub(crate) listen: String,
    /// Null responder: stop after this many seconds (default: until
    /// SIGINT/SIGTERM).
    #[arg(long)]
    pub(crate) max_seconds: Option<u64>,

    /// Server to load (loopback only).
    #[arg(long, default_value = "127.0.0.1:2775")]
    pub(crate) server: String,
    /// system_id to bind with.
    #[arg(long, default_value = "demo")]
    pub(crate) system_id: String,
    /// Password to bind with.
    #[arg(long, default_value = "demo")]
    pub(crate) password: String,
    /// Number of sessions (binds).
    #[arg(long, default_value_t = 1)]
    pub(crate) sessions: usize,
    /// Bind type of every session.
    #[arg(long, value_enum, default_value_t = BindType::Transceiver)]
    pub(crate) bind: BindType,
    /// Window: at most this many unanswered submit_sm per session.
    #[arg(long, default_value_t = 16)]
    pub(crate) window: u32,
    /// Target rate in submit_sm per second, all sessions together (0: as
    /// fast as the window allows).
    #[arg(long, default_value_t = 0.0)]
    pub(crate) rate: f64,
    /// Total submit_sm to send (each part of a multipart message is one).
    /// Default 10000 when --duration is not given either.
    #[arg(long)]
    pub(crate) count: Option<u64>,
    /// Stop sending after this many seconds.
    #[arg(long)]
    pub(crate) duration: Option<f64>,
    /// Seconds to wait for a connection, a bind response, and for the
    /// outstanding responses after the last submit (or while the window
    /// stays full); what is still unanswered then is reported as such.
    #[arg(long, default_value_t = 10.0)]
    pub(crate) timeout: f64,

    /// Recipient numbers, used in turn (comma separated).
    #[arg(long, value_delimiter = ',', default_value = "+14035551234")]
    pub(crate) to: Vec<String>,
    /// The recipient used for the unknown-number share.
    #[arg(long, default_value = "+19995550000")]
    pub(crate) unknown_to: String,
    /// Sender: a number or an alphanumeric name.
    #[arg(long, default_value = "WhatsApp")]
    pub(crate) from: String,
    /// Share (0..1) of messages in UCS-2 with emoji; the rest is GSM 7-bit.
    #[arg(long, default_value_t = 0.0)]
    pub(crate) ucs2_share: f64,
    /// Share (0..1) of messages sent as two parts (UDH 8-bit reference).
    #[arg(long, default_value_t = 0.0)]
    pub(crate) multipart_share: f64,
    /// Share (0..1) of messages to the unknown number (--unknown-to).
    #[arg(long, default_value_t = 0.0)]
    pub(crate) unknown_share: f64,
    /// Share (0..1) of messages asking for a delivery receipt
    /// (registered_delivery=1).
    #[arg(long, default_value_t = 0.0)]
    pub(crate) receipt_share: f64,

    /// Print the result as one JSON object on stdout instead of a table.
    #[arg(long)]
    pub(crate) json: bool,
    /// No progress bar.
    #[arg(long)]
    pub(crate) quiet: bool,
}

/// What ends the sending, after the checks.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// Total submit_sm, if bounded by count.
    pub(crate) count: Option<u64>,
    /// Sending time, if bounded by duration.
    pub(crate) duration: Option<Duration>,
    /// Response timeout.
    pub(crate) timeout: Duration,
}

impl LoadgenArgs {
    /// Checks the numbers and works out the limits.
    pub(crate) fn limits(&self) -> anyhow::Result<Limits> {
        if self.sessions == 0 {
            bail!("--sessions must be at least 1");
        }
        if self.window == 0 {
            bail!("--window must be at least 1");
        }
        if !(self.rate.is_finite() && self.rate >= 0.0) {
            bail!("--rate must be a number >= 0");
        }
        if !(self.timeout.is_finite() && self.timeout > 0.0) {
            bail!("--timeout must be a number of seconds > 0");
        }
        for (name, share) in [
            ("--ucs2-share", self.ucs2_share),
            ("--multipart-share", self.multipart_share),
            ("--unknown-share", self.unknown_share),
            ("--receipt-share", self.receipt_share),
        ] {
            if !(0.0..=1.0).contains(&share) {
                bail!("{name} must be between 0 and 1, not {share}");
            }
        }
        if self.to.is_empty() || self.to.iter().any(|t| t.trim().is_empty()) {
            bail!("--to needs at least one number");
        }
        let duration = match self.duration {
            Some(d) if !(d.is_finite() && d > 0.0) => {
                bail!("--duration must be a number of seconds > 0")
            }
            Some(d) => Some(Duration::from_secs_f64(d)),
            None => None,
        };
        let count = match (self.count, duration) {
            (None, None) => Some(10_000),
            (count, _) => count,
        };
        Ok(Limits {
            count,
            duration,
            timeout: Duration::from_secs_f64(self.timeout),
        })
    }
}

/// Resolves `addr` and refuses it unless every address it names is a
/// loopback address: the load generator and the null responder never leave
/// this machine.
pub(crate) async fn loopback_only(flag: &str, addr: &str) -> anyhow::Result<SocketAddr> {
    let resolved: Vec<SocketAddr> = tokio::net::lookup_host(addr)
        .await
        .with_context(|| format!("{flag} {addr}: not a host:port address"))?
        .collect();
    let Some(first) = resolved.first().copied() else {
        bail!("{flag} {addr}: resolves to no address");
    };
    if let Some(outside) = resolved.iter().find(|a| !a.ip().is_loopback()) {
        bail!(
            "refusing {flag} {addr} ({}): inlet loadgen only works on a loopback address \
             (127.0.0.0/8 or ::1), never across a network",
            outside.ip()
        );
    }
    Ok(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn only_loopback_addresses_pass() {
        assert!(loopback_only("--server", "127.0.0.1:2775").await.is_ok());
        assert!(loopback_only("--server", "[::1]:2775").await.is_ok());
        let refused = loopback_only("--server", "192.0.2.1:2775").await;
        let message = format!("{:#}", refused.expect_err("refused"));
        assert!(message.contains("loopback"), "{message}");
        assert!(loopback_only("--server", "0.0.0.0:2775").await.is_err());
    }
}

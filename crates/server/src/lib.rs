//! # inlet-server
//!
//! The part carriers touch: listeners, accounts, SMPP sessions (bind,
//! enquire_link, pipelined requests within a window), the map from publish
//! outcomes to SMPP statuses. Messages are normalized with
//! `inlet-message`, routed with `inlet-routing` and published through the
//! `Publisher` contract, so sessions are tested without Kafka.
//!
//! # Layout
//! - `config`: the serde configuration (server timers, accounts).
//! - `accounts`: accounts resolved at start, bind checks and slots;
//!   `cidr`: source allow-lists; `rate`: per-account message rate;
//!   `lockout`: addresses that fail to bind too often.
//! - `listener`: the accept loop, plain TCP (`run`) or TLS (`run_tls`),
//!   several listeners at once sharing one `Server` (PROXY protocol
//!   optional: `proxy`); `tls`: rustls (ring, TLS 1.2 and 1.3) from PEM
//!   certificate and key files, reloadable without a restart
//!   (`ReloadableTls`); `session`: one connection; `reply`: what it
//!   writes back, encoded straight into the write buffer; `burst_clock`:
//!   the clock readings a burst of its events shares.
//! - `record`: what is published for a message; `status`: outcomes to
//!   statuses; `message_id`: unique ids; `receipts`: delivery receipts
//!   to receiver sessions; `metrics`: the `inlet_` session metrics.

mod accounts;
mod burst_clock;
mod cidr;
mod config;
mod listener;
mod lockout;
mod message_id;
mod metrics;
mod proxy;
mod rate;
mod receipts;
mod record;
mod reply;
mod session;
mod status;
mod tls;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

pub use accounts::{AccountError, Accounts, BindRefusal};
pub use cidr::{Cidr, InvalidCidr};
pub use config::{AccountConfig, BindType, Password, ServerConfig, UnroutedPolicy};
use inlet_message::publish::Publisher;
use inlet_routing::RoutingTable;
pub use listener::{run, run_listener, run_tls};
pub use lockout::Lockout;
pub use message_id::{IdFormat, MessageIdConfig, MessageIds, SessionIds};
pub use metrics::{MetricsError, ServerMetrics, SessionMetrics};
pub use proxy::{ProxyError, read_header as read_proxy_header};
pub use rate::RateLimit;
pub use receipts::{Outcome as ReceiptOutcome, Receipt, Receipts};
pub use tls::{ReloadableTls, TlsConfig, TlsError};

/// Everything sessions share.
pub struct Server {
    /// Timers and limits.
    pub config: ServerConfig,
    /// The accounts.
    pub accounts: Accounts,
    /// The routing table.
    pub routing: Arc<RoutingTable>,
    /// Where messages go.
    pub publisher: Arc<dyn Publisher>,
    /// message_id generator.
    pub ids: MessageIds,
    /// Delivery receipts on their way to receiver sessions.
    pub receipts: Receipts,
    /// Addresses locked out after repeated bind failures.
    pub lockout: Lockout,
    /// The session metrics.
    pub metrics: ServerMetrics,
    sessions: AtomicU64,
}

impl Server {
    /// A server from its parts, its metrics in a registry of their own.
    pub fn new(
        config: ServerConfig,
        accounts: Accounts,
        routing: Arc<RoutingTable>,
        publisher: Arc<dyn Publisher>,
    ) -> Server {
        Server::with_metrics(
            config,
            accounts,
            routing,
            publisher,
            ServerMetrics::unregistered(),
        )
    }

    /// A server from its parts, with metrics registered where the daemon
    /// serves them.
    pub fn with_metrics(
        config: ServerConfig,
        accounts: Accounts,
        routing: Arc<RoutingTable>,
        publisher: Arc<dyn Publisher>,
        metrics: ServerMetrics,
    ) -> Server {
        let ids = MessageIds::new(config.node_id);
        let receipts = Receipts::with_counters(
            config.receipt_queue,
            std::time::Duration::from_secs(config.receipt_ttl_secs),
            metrics.receipt("expired"),
            metrics.receipt("dropped"),
        );
        let lockout = Lockout::new(
            config.lockout_failures,
            std::time::Duration::from_secs(config.lockout_window_secs),
            std::time::Duration::from_secs(config.lockout_secs),
        );
        Server {
            receipts,
            lockout,
            config,
            accounts,
            routing,
            publisher,
            ids,
            metrics,
            sessions: AtomicU64::new(0),
        }
    }

    fn next_session_id(&self) -> String {
        format!(
            "{:x}-{}",
            self.config.node_id,
            self.sessions.fetch_add(1, Ordering::Relaxed) + 1
        )
    }
}

//! The server's configuration (serde, owned by this crate; the daemon
//! composes it into its TOML file).

use std::time::Duration;

use inlet_message::text::Dcs0Alphabet;
use inlet_pdu::CommandStatus;
use serde::Deserialize;

/// Session timers and limits.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerConfig {
    /// Seconds a connection has to bind before it is closed.
    pub bind_timeout_secs: u64,
    /// Seconds of silence after which inlet sends its own enquire_link.
    pub enquire_link_secs: u64,
    /// Seconds inlet waits for the response to a PDU it sent.
    pub response_timeout_secs: u64,
    /// Largest `command_length` accepted.
    pub max_pdu_octets: u32,
    /// `system_id` inlet answers binds with.
    pub system_id: String,
    /// This instance's node id, part of every message_id (must differ
    /// between instances).
    pub node_id: u16,
    /// Status for a temporary broker failure on submit_sm.
    pub temporary_status_submit: u32,
    /// Status for a temporary broker failure on deliver_sm and data_sm.
    pub temporary_status_deliver: u32,
    /// Status of a bind refused for an unknown system_id or a wrong
    /// password: one status for both, so system_ids cannot be probed
    /// (default ESME_RINVPASWD; some carriers expect ESME_RBINDFAIL).
    pub credentials_status: u32,
    /// Receipts kept per account while no receiver bind is up.
    pub receipt_queue: usize,
    /// Seconds a waiting receipt is kept before it is dropped (counted).
    pub receipt_ttl_secs: u64,
    /// Failed binds from one address, within `lockout_window_secs`, that
    /// lock it out.
    pub lockout_failures: u32,
    /// Window over which bind failures add up, seconds.
    pub lockout_window_secs: u64,
    /// How long a locked-out address is refused, seconds.
    pub lockout_secs: u64,
    /// Open connections allowed in all (a permit is taken before accept).
    pub max_connections: usize,
    /// Open connections allowed from one address.
    pub max_connections_per_ip: usize,
    /// Connections start with a PROXY protocol header (v1 or v2) from a
    /// load balancer; its source address is the carrier's.
    pub proxy_protocol: bool,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            bind_timeout_secs: 10,
            enquire_link_secs: 30,
            response_timeout_secs: 10,
            max_pdu_octets: inlet_pdu::FrameCodec::DEFAULT_MAX_LEN,
            system_id: "inlet".into(),
            node_id: 0,
            temporary_status_submit: CommandStatus::ESME_RSYSERR.0,
            temporary_status_deliver: CommandStatus::ESME_RX_T_APPN.0,
            credentials_status: CommandStatus::ESME_RINVPASWD.0,
            receipt_queue: 10_000,
            receipt_ttl_secs: 3_600,
            lockout_failures: 5,
            lockout_window_secs: 60,
            lockout_secs: 300,
            max_connections: 10_000,
            max_connections_per_ip: 512,
            proxy_protocol: false,
        }
    }
}

impl ServerConfig {
    /// The bind deadline.
    pub fn bind_timeout(&self) -> Duration {
        Duration::from_secs(self.bind_timeout_secs)
    }

    /// Idle time before inlet's enquire_link.
    pub fn enquire_link(&self) -> Duration {
        Duration::from_secs(self.enquire_link_secs.max(1))
    }

    /// Response timeout of PDUs inlet sends.
    pub fn response_timeout(&self) -> Duration {
        Duration::from_secs(self.response_timeout_secs.max(1))
    }
}

/// Where an account's password comes from. A clear password in the file is
/// only accepted when marked insecure (for development).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub enum Password {
    /// An argon2 hash in PHC form (`$argon2id$v=19$m=…`).
    Argon2(String),
    /// Read from this environment variable at start.
    Env(String),
    /// Read from this file at start (trailing newline removed).
    File(String),
    /// In clear, in the configuration: development only, logged as such.
    InsecurePlain(String),
}

/// The bind types an account may use.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum BindType {
    /// bind_transmitter.
    Transmitter,
    /// bind_receiver.
    Receiver,
    /// bind_transceiver.
    Transceiver,
}

impl BindType {
    /// The label for metrics and logs.
    pub const fn as_str(self) -> &'static str {
        match self {
            BindType::Transmitter => "transmitter",
            BindType::Receiver => "receiver",
            BindType::Transceiver => "transceiver",
        }
    }
}

/// What happens to a message no rental owns.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum UnroutedPolicy {
    /// Published to the unrouted topic and acknowledged.
    #[default]
    DeadLetter,
    /// Refused with `ESME_RINVDSTADR`.
    Reject,
}

/// One carrier account.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountConfig {
    /// The `system_id` the carrier binds with.
    pub system_id: String,
    /// Its password.
    pub password: Password,
    /// Bind types allowed.
    #[serde(default = "all_bind_types")]
    pub bind_types: Vec<BindType>,
    /// Concurrent binds allowed.
    #[serde(default = "default_max_binds")]
    pub max_binds: usize,
    /// Unanswered requests allowed per session.
    #[serde(default = "default_window")]
    pub window: usize,
    /// ISO 3166 country of national numbers.
    #[serde(default = "default_country")]
    pub default_country: String,
    /// Alphabet of `data_coding` 0.
    #[serde(default)]
    pub dcs0: Dcs0Alphabet,
    /// GSM 7-bit arrives packed.
    #[serde(default)]
    pub gsm_packed: bool,
    /// Send delivery receipts when asked.
    #[serde(default = "yes")]
    pub receipts: bool,
    /// What to do with unrouted messages.
    #[serde(default)]
    pub unrouted: UnroutedPolicy,
    /// Source addresses allowed to bind (CIDR blocks, IPv4 and IPv6);
    /// empty: any.
    #[serde(default)]
    pub allowed_sources: Vec<crate::cidr::Cidr>,
    /// Messages per second across all binds of the account; none: no limit.
    #[serde(default)]
    pub max_messages_per_second: Option<u32>,
    /// message_id format: `{ format = "hex" | "decimal", max_length = N }`
    /// (default: 16 hex digits; SMPP 3.3 sessions always get 8).
    #[serde(default)]
    pub message_id: crate::message_id::MessageIdConfig,
}

fn all_bind_types() -> Vec<BindType> {
    vec![
        BindType::Transmitter,
        BindType::Receiver,
        BindType::Transceiver,
    ]
}

fn default_max_binds() -> usize {
    16
}

fn default_window() -> usize {
    64
}

fn default_country() -> String {
    "US".into()
}

fn yes() -> bool {
    true
}

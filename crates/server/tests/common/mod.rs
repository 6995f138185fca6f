//! Shared by the server's black-box tests: a server on 127.0.0.1:0 with
//! test accounts, a routing table renting +447700900123, and the in-memory
//! publisher standing in for Kafka.

#![allow(dead_code)] // each test file uses its own part

use std::sync::Arc;

use inlet_message::publish::MemoryPublisher;
use inlet_routing::{Account, Assignment, AssignmentId, Number, RoutingTable, Timestamp};
use inlet_server::{
    AccountConfig, Accounts, BindType, Password, ReloadableTls, Server, ServerConfig,
    UnroutedPolicy,
};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

pub(crate) struct Harness {
    pub(crate) addr: std::net::SocketAddr,
    pub(crate) publisher: Arc<MemoryPublisher>,
    pub(crate) shutdown: CancellationToken,
    pub(crate) server: Arc<Server>,
}

impl Drop for Harness {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

pub(crate) fn account(system_id: &str, window: usize, unrouted: UnroutedPolicy) -> AccountConfig {
    let max_binds = if system_id == "bulk" { 256 } else { 4 };
    AccountConfig {
        system_id: system_id.into(),
        password: Password::InsecurePlain("secret".into()),
        bind_types: vec![
            BindType::Transmitter,
            BindType::Receiver,
            BindType::Transceiver,
        ],
        max_binds,
        window,
        default_country: "GB".into(),
        dcs0: Default::default(),
        gsm_packed: false,
        receipts: true,
        unrouted,
        allowed_sources: match system_id {
            "fenced" => vec!["203.0.113.0/24".parse().expect("cidr")],
            _ => Vec::new(),
        },
        max_messages_per_second: (system_id == "limited").then_some(5),
        message_id: Default::default(),
    }
}

pub(crate) async fn start(config: ServerConfig, window: usize) -> Harness {
    let accounts = vec![
        account("carrier", window, UnroutedPolicy::DeadLetter),
        account("strict", window, UnroutedPolicy::Reject),
        account("bulk", window, UnroutedPolicy::DeadLetter),
        account("fenced", window, UnroutedPolicy::DeadLetter),
        account("limited", window, UnroutedPolicy::DeadLetter),
    ];
    start_with(config, accounts).await
}

/// A server with these accounts.
pub(crate) async fn start_with(config: ServerConfig, accounts: Vec<AccountConfig>) -> Harness {
    let (server, publisher) = server(config, accounts);
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let shutdown = CancellationToken::new();
    tokio::spawn(inlet_server::run(
        server.clone(),
        listener,
        shutdown.clone(),
    ));
    Harness {
        addr,
        publisher,
        shutdown,
        server,
    }
}

/// A server with the usual accounts behind a TLS listener.
pub(crate) async fn start_tls(config: ServerConfig, tls: Arc<ReloadableTls>) -> Harness {
    let accounts = vec![account("carrier", 8, UnroutedPolicy::DeadLetter)];
    let (server, publisher) = server(config, accounts);
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let shutdown = CancellationToken::new();
    tokio::spawn(inlet_server::run_tls(
        server.clone(),
        listener,
        tls,
        shutdown.clone(),
    ));
    Harness {
        addr,
        publisher,
        shutdown,
        server,
    }
}

/// The server (routing +447700900123) and its in-memory publisher.
fn server(
    config: ServerConfig,
    accounts: Vec<AccountConfig>,
) -> (Arc<Server>, Arc<MemoryPublisher>) {
    let accounts = Accounts::new(accounts).expect("accounts");
    let routing = Arc::new(RoutingTable::new());
    let number = Number::parse("+447700900123").expect("number");
    routing
        .upsert(
            number,
            vec![Assignment {
                id: AssignmentId::Num(1001),
                account: Account::new("customer"),
                number,
                starts_at: Timestamp(0),
                ends_at: None,
                service: None,
                labels: None,
            }],
        )
        .expect("valid");
    let publisher = Arc::new(MemoryPublisher::new());
    let server = Arc::new(Server::new(config, accounts, routing, publisher.clone()));
    (server, publisher)
}

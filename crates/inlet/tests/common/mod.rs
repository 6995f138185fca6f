//! The daemon through its real path: the `inlet` binary as a child
//! process, a Kafka-protocol broker hosted by the test (librdkafka's mock
//! cluster, outside the inlet process so what is in Kafka can be read
//! after inlet stops), real TCP SMPP clients, the HTTP endpoint.

#![allow(dead_code)] // each test file uses its own part

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures::{SinkExt, StreamExt};
use inlet_kafka::tail::{TailOptions, tail};
use inlet_kafka::{EmbeddedBroker, KafkaConfig};
use inlet_pdu::{Address, Bind, Body, CommandId, CommandStatus, FrameCodec, Pdu, SubmitSm};
use tokio::net::TcpStream;
use tokio_util::codec::Framed;

/// The broker, in the test process: inlet's topics with 3 partitions.
pub(crate) fn broker() -> EmbeddedBroker {
    let topics = KafkaConfig::new("embedded").topics;
    let topics: Vec<(&str, u32)> = topics.all().iter().map(|t| (*t, 3)).collect();
    EmbeddedBroker::start(1, &topics).expect("mock cluster")
}

/// A directory of its own under the system temp dir.
pub(crate) fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("inlet-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The assignments file of the tests: +14035551234 rented by
/// `customer-a`; +447700900123 shared by WhatsApp and Telegram rentals.
pub(crate) const ASSIGNMENTS: &str = "\
id,account,number,starts_at,ends_at,service,labels
1001,customer-a,+14035551234,2025-01-01T00:00:00Z,,,plan=monthly
1002,customer-wa,+447700900123,2025-01-01T00:00:00Z,,WhatsApp,
1003,customer-tg,+447700900123,2025-01-01T00:00:00Z,,Telegram,
";

/// A configuration for `bootstrap`, with accounts `carrier` (window 64,
/// dead-letter) and `strict` (reject), both password `secret`.
pub(crate) fn config(dir: &Path, bootstrap: &str, extra_accounts: &str) -> PathBuf {
    let assignments = dir.join("assignments.csv");
    if !assignments.exists() {
        std::fs::write(&assignments, ASSIGNMENTS).expect("write assignments");
    }
    let text = format!(
        r#"listen = "127.0.0.1:0"

[server]
node_id = 7
enquire_link_secs = 30

[metrics]
listen = "127.0.0.1:0"

[shutdown]
grace_secs = 20

[kafka]
brokers = "{bootstrap}"
message_timeout_ms = 2000

[routing]
file = "{assignments}"
reload_secs = 3600

[[accounts]]
system_id = "carrier"
password = {{ insecure_plain = "secret" }}
default_country = "GB"
window = 64
max_binds = 8

[[accounts]]
system_id = "strict"
password = {{ insecure_plain = "secret" }}
default_country = "GB"
unrouted = "reject"
{extra_accounts}
"#,
        assignments = assignments.display()
    );
    let path = dir.join("inlet.toml");
    std::fs::write(&path, text).expect("write config");
    path
}

/// A running `inlet run --config FILE`, killed when dropped.
pub(crate) struct Inlet {
    child: Child,
    /// SMPP address.
    pub(crate) smpp: String,
    /// Metrics address.
    pub(crate) metrics: String,
    /// Where its logs go.
    pub(crate) log: PathBuf,
}

impl Drop for Inlet {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Inlet {
    /// Starts inlet on `config` and waits until it listens.
    pub(crate) fn start(config: &Path) -> Inlet {
        let log = config.with_extension("log");
        let mut child = Command::new(env!("CARGO_BIN_EXE_inlet"))
            .args(["run", "--config"])
            .arg(config)
            .env_remove("RUST_LOG")
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).expect("log file"))
            .spawn()
            .expect("inlet starts");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        // Read stdout to its end: inlet must never find it closed.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let _ = tx.send(line);
            }
        });
        let mut smpp = None;
        let mut metrics = None;
        let deadline = Instant::now() + Duration::from_secs(60);
        while smpp.is_none() || metrics.is_none() {
            let left = deadline.saturating_duration_since(Instant::now());
            let Ok(line) = rx.recv_timeout(left) else {
                let _ = child.kill();
                panic!(
                    "inlet did not start: {}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                );
            };
            if let Some(addr) = line.strip_prefix("inlet: SMPP listening on ") {
                smpp = Some(addr.to_owned());
            }
            if let Some(rest) = line.strip_prefix("inlet: metrics on http://") {
                metrics = rest.split('/').next().map(str::to_owned);
            }
        }
        Inlet {
            child,
            smpp: smpp.expect("smpp"),
            metrics: metrics.expect("metrics"),
            log,
        }
    }

    /// Sends a signal (`TERM`, `HUP`, `INT`).
    pub(crate) fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([format!("-{name}"), self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
    }

    /// Waits for the process to exit, at most `limit`.
    pub(crate) fn wait(&mut self, limit: Duration) -> ExitStatus {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status;
            }
            assert!(Instant::now() < deadline, "inlet did not exit in {limit:?}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Its logs so far.
    pub(crate) fn logs(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// GET `path` on the metrics endpoint: status and body.
    pub(crate) fn get(&self, path: &str) -> (u16, String) {
        http_get(&self.metrics, path)
    }

    /// A counter or gauge from `/metrics` (the sum over the series whose
    /// line starts with `series`), 0 when absent.
    pub(crate) fn metric(&self, series: &str) -> f64 {
        let (_, body) = self.get("/metrics");
        body.lines()
            .filter(|l| l.starts_with(series))
            .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
            .sum()
    }
}

/// A minimal HTTP/1.1 GET.
pub(crate) fn http_get(addr: &str, path: &str) -> (u16, String) {
    let mut stream = std::net::TcpStream::connect(addr).expect("connect to the metrics endpoint");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response");
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

/// Every record on the main and unrouted topics, as JSON, reading until
/// `expected` records arrived or `limit` passed.
pub(crate) fn records(
    bootstrap: &str,
    expected: Option<u64>,
    limit: Duration,
) -> Vec<serde_json::Value> {
    let config = KafkaConfig::new(bootstrap);
    let options = TailOptions {
        from_beginning: true,
        max: expected,
        timeout: Some(limit),
        json: true,
    };
    let mut out = Vec::new();
    tail(&config, bootstrap, &options, &mut out).expect("tail");
    String::from_utf8(out)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

/// An SMPP client over TCP.
pub(crate) struct Smpp {
    framed: Framed<TcpStream, FrameCodec>,
    next_seq: u32,
}

/// A response: command, status, sequence number, message_id.
pub(crate) type Resp = (CommandId, CommandStatus, u32, String);

impl Smpp {
    /// Connects and binds as a transceiver.
    pub(crate) async fn bind(
        addr: &str,
        system_id: &str,
        password: &str,
    ) -> Result<Smpp, CommandStatus> {
        let stream = TcpStream::connect(addr).await.expect("connect");
        let mut c = Smpp {
            framed: Framed::new(stream, FrameCodec::new()),
            next_seq: 1,
        };
        let bind = Bind {
            system_id: system_id.as_bytes(),
            password: password.as_bytes(),
            interface_version: 0x34,
            ..Bind::default()
        };
        let seq = c.seq();
        assert!(c.send(Pdu::new(seq, Body::BindTransceiver(bind))).await);
        let (_, status, _, _) = c.recv().await.expect("bind_resp");
        if status.is_ok() { Ok(c) } else { Err(status) }
    }

    fn seq(&mut self) -> u32 {
        let seq = self.next_seq;
        self.next_seq += 1;
        seq
    }

    /// Sends a PDU; `false` when the connection is gone (the server
    /// closed it: what was not answered stays unanswered).
    async fn send(&mut self, pdu: Pdu<'_>) -> bool {
        let bytes: Bytes = pdu.to_bytes().expect("encodes");
        self.framed.send(bytes).await.is_ok()
    }

    /// The next response (answering enquire_link and receipts on the
    /// way), or `None` when the server closed or went quiet for 15 s.
    pub(crate) async fn recv(&mut self) -> Option<Resp> {
        loop {
            let frame =
                match tokio::time::timeout(Duration::from_secs(15), self.framed.next()).await {
                    Ok(Some(Ok(frame))) => frame,
                    _ => return None,
                };
            let pdu = Pdu::decode(&frame).expect("decodes");
            let seq = pdu.sequence_number;
            match pdu.body {
                Body::EnquireLink => {
                    self.send(Pdu::new(seq, Body::EnquireLinkResp)).await;
                }
                Body::DeliverSm(_) => {
                    self.send(Pdu::new(seq, Body::DeliverSmResp(Default::default())))
                        .await;
                }
                Body::Unbind => {
                    self.send(Pdu::new(seq, Body::UnbindResp)).await;
                }
                Body::SubmitSmResp(r) | Body::DataSmResp(r) => {
                    let id = String::from_utf8_lossy(r.message_id).into_owned();
                    return Some((pdu.command_id(), pdu.command_status, seq, id));
                }
                _ => return Some((pdu.command_id(), pdu.command_status, seq, String::new())),
            }
        }
    }

    /// Sends one submit_sm; returns its sequence number.
    pub(crate) async fn submit(
        &mut self,
        from: &str,
        to: &str,
        data_coding: u8,
        text: &[u8],
    ) -> u32 {
        self.try_submit(from, to, data_coding, text)
            .await
            .expect("connection open")
    }

    /// Sends one submit_sm; its sequence number, or `None` when the
    /// connection is gone.
    pub(crate) async fn try_submit(
        &mut self,
        from: &str,
        to: &str,
        data_coding: u8,
        text: &[u8],
    ) -> Option<u32> {
        let seq = self.seq();
        let (ton, npi) = if from.bytes().all(|b| b.is_ascii_digit()) {
            (1, 1)
        } else {
            (5, 0)
        };
        self.send(Pdu::new(
            seq,
            Body::SubmitSm(SubmitSm {
                source: Address::new(ton, npi, from.as_bytes()),
                dest: Address::new(1, 1, to.trim_start_matches('+').as_bytes()),
                data_coding,
                short_message: text,
                ..SubmitSm::default()
            }),
        ))
        .await
        .then_some(seq)
    }

    /// Sends one submit_sm with this `esm_class` and user data as given
    /// (a UDH included); returns its sequence number.
    pub(crate) async fn submit_raw(
        &mut self,
        from: &str,
        to: &str,
        data_coding: u8,
        esm_class: u8,
        user_data: &[u8],
    ) -> u32 {
        let seq = self.seq();
        let (ton, npi) = if from.bytes().all(|b| b.is_ascii_digit()) {
            (1, 1)
        } else {
            (5, 0)
        };
        assert!(
            self.send(Pdu::new(
                seq,
                Body::SubmitSm(SubmitSm {
                    source: Address::new(ton, npi, from.as_bytes()),
                    dest: Address::new(1, 1, to.trim_start_matches('+').as_bytes()),
                    esm_class,
                    data_coding,
                    short_message: user_data,
                    ..SubmitSm::default()
                }),
            ))
            .await
        );
        seq
    }

    /// Sends one submit_sm and waits for its answer.
    pub(crate) async fn submit_one(
        &mut self,
        from: &str,
        to: &str,
        data_coding: u8,
        text: &[u8],
    ) -> Resp {
        let seq = self.submit(from, to, data_coding, text).await;
        let resp = self.recv().await.expect("submit_sm_resp");
        assert_eq!(resp.2, seq);
        resp
    }

    /// Sends `count` GSM messages to `to` with at most `window`
    /// unanswered, calling `progress` with the number of responses so
    /// far after each; returns every response received (the rest went
    /// unanswered when the server closed).
    pub(crate) async fn submit_many(
        &mut self,
        to: &str,
        count: u32,
        window: u32,
        mut progress: impl FnMut(usize),
    ) -> Vec<Resp> {
        let mut responses = Vec::with_capacity(count as usize);
        let mut sent = 0;
        let mut open = 0;
        let mut closed = false;
        while responses.len() < count as usize {
            while !closed && sent < count && open < window {
                let text = format!("Your code is {:06}", sent);
                if self
                    .try_submit("WhatsApp", to, 0, text.as_bytes())
                    .await
                    .is_none()
                {
                    closed = true;
                    break;
                }
                sent += 1;
                open += 1;
            }
            let Some(resp) = self.recv().await else {
                break;
            };
            if resp.0 == CommandId::SUBMIT_SM_RESP {
                open -= 1;
                responses.push(resp);
                progress(responses.len());
            } else if resp.0 == CommandId::UNBIND || resp.0 == CommandId::UNBIND_RESP {
                continue;
            }
        }
        responses
    }
}

//! Sessions over real TCP on 127.0.0.1, with the in-memory publisher of
//! `inlet-message` standing in for Kafka.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures::{SinkExt, StreamExt};
use inlet_message::publish::PublishError;
use inlet_pdu::{Address, Bind, Body, CommandId, CommandStatus, FrameCodec, Pdu, SubmitSm, TlvTag};
use inlet_server::ServerConfig;
use tokio::net::TcpStream;
use tokio_util::codec::Framed;

mod common;

use common::{Harness, start};

const ROUTED: &[u8] = b"447700900123";

struct Client {
    framed: Framed<TcpStream, FrameCodec>,
}

impl Client {
    async fn connect(h: &Harness) -> Client {
        let stream = TcpStream::connect(h.addr).await.expect("connect");
        Client {
            framed: Framed::new(stream, FrameCodec::new()),
        }
    }

    async fn send(&mut self, pdu: Pdu<'_>) {
        self.framed
            .send(pdu.to_bytes().expect("encodes"))
            .await
            .expect("send");
    }

    async fn send_raw(&mut self, bytes: &[u8]) {
        self.framed
            .send(Bytes::copy_from_slice(bytes))
            .await
            .expect("send");
    }

    /// The next frame, or `None` when the server closed.
    async fn recv(&mut self) -> Option<Bytes> {
        self.recv_within(Duration::from_secs(5)).await
    }

    /// The next frame within `limit`, or `None` when the server closed.
    async fn recv_within(&mut self, limit: Duration) -> Option<Bytes> {
        match tokio::time::timeout(limit, self.framed.next()).await {
            Ok(Some(Ok(frame))) => Some(frame),
            Ok(_) => None,
            Err(_) => panic!("no answer within {limit:?}"),
        }
    }

    async fn expect(&mut self, id: CommandId, status: CommandStatus, seq: u32) -> Bytes {
        let frame = self.recv().await.expect("a frame");
        let pdu = Pdu::decode(&frame).expect("decodes");
        assert_eq!(
            (pdu.command_id(), pdu.command_status, pdu.sequence_number),
            (id, status, seq),
            "{pdu:?}"
        );
        frame
    }

    async fn bind(&mut self, system_id: &str, password: &str, id: CommandId, version: u8) -> Bytes {
        let bind = Bind {
            system_id: system_id.as_bytes(),
            password: password.as_bytes(),
            interface_version: version,
            ..Bind::default()
        };
        let body = match id {
            CommandId::BIND_TRANSMITTER => Body::BindTransmitter(bind),
            CommandId::BIND_RECEIVER => Body::BindReceiver(bind),
            _ => Body::BindTransceiver(bind),
        };
        self.send(Pdu::new(1, body)).await;
        self.recv().await.expect("bind_resp")
    }

    async fn bound(h: &Harness, system_id: &str) -> Client {
        let mut c = Client::connect(h).await;
        let resp = c
            .bind(system_id, "secret", CommandId::BIND_TRANSCEIVER, 0x34)
            .await;
        let pdu = Pdu::decode(&resp).expect("decodes");
        assert_eq!(pdu.command_status, CommandStatus::ESME_ROK);
        c
    }
}

fn submit(seq: u32, to: &'static [u8], text: &'static [u8]) -> Pdu<'static> {
    Pdu::new(
        seq,
        Body::SubmitSm(SubmitSm {
            source: Address::new(5, 0, b"WhatsApp"),
            dest: Address::new(1, 1, to),
            short_message: text,
            ..SubmitSm::default()
        }),
    )
}

#[tokio::test]
async fn every_bind_type_and_version() {
    let h = start(ServerConfig::default(), 8).await;
    for id in [
        CommandId::BIND_TRANSMITTER,
        CommandId::BIND_RECEIVER,
        CommandId::BIND_TRANSCEIVER,
    ] {
        for version in [0x33u8, 0x34, 0x50] {
            let mut c = Client::connect(&h).await;
            let resp = c.bind("carrier", "secret", id, version).await;
            let pdu = Pdu::decode(&resp).expect("decodes");
            assert_eq!(pdu.command_id(), id.response());
            assert_eq!(pdu.command_status, CommandStatus::ESME_ROK);
            let tlvs = match pdu.body {
                Body::BindTransmitterResp(r)
                | Body::BindReceiverResp(r)
                | Body::BindTransceiverResp(r) => r.tlvs,
                other => panic!("{other:?}"),
            };
            // 3.3 sessions never get TLVs; a 3.3 transceiver is served as 3.4.
            let expected = match (id, version) {
                (CommandId::BIND_TRANSCEIVER, 0x33) => Some(0x34),
                (_, 0x33) => None,
                (_, v) => Some(v),
            };
            assert_eq!(tlvs.sc_interface_version(), expected, "{id} {version:#x}");
            // A second bind on a bound session.
            let again = c.bind("carrier", "secret", id, version).await;
            assert_eq!(
                Pdu::decode(&again).expect("decodes").command_status,
                CommandStatus::ESME_RALYBND
            );
        }
    }
}

#[tokio::test]
async fn bind_failures_answer_and_close() {
    let h = start(ServerConfig::default(), 8).await;
    for (system_id, password) in [("carrier", "wrong"), ("nobody", "secret")] {
        let mut c = Client::connect(&h).await;
        let resp = c
            .bind(system_id, password, CommandId::BIND_TRANSCEIVER, 0x34)
            .await;
        assert_eq!(
            Pdu::decode(&resp).expect("decodes").command_status,
            CommandStatus::ESME_RINVPASWD
        );
        assert!(c.recv().await.is_none(), "closed after a refused bind");
    }
}

#[tokio::test]
async fn the_credentials_status_is_configurable() {
    let config = ServerConfig {
        credentials_status: CommandStatus::ESME_RBINDFAIL.0,
        ..ServerConfig::default()
    };
    let h = start(config, 8).await;
    for (system_id, password) in [("carrier", "wrong"), ("nobody", "secret")] {
        let mut c = Client::connect(&h).await;
        let resp = c
            .bind(system_id, password, CommandId::BIND_TRANSCEIVER, 0x34)
            .await;
        assert_eq!(
            Pdu::decode(&resp).expect("decodes").command_status,
            CommandStatus::ESME_RBINDFAIL
        );
    }
}

#[tokio::test]
async fn a_message_is_published_and_acknowledged() {
    let h = start(ServerConfig::default(), 8).await;
    let mut c = Client::bound(&h, "carrier").await;
    c.send(submit(7, ROUTED, b"Your WhatsApp code is 482-913"))
        .await;
    let resp = c
        .expect(CommandId::SUBMIT_SM_RESP, CommandStatus::ESME_ROK, 7)
        .await;
    let Body::SubmitSmResp(r) = Pdu::decode(&resp).expect("decodes").body else {
        panic!()
    };
    assert_eq!(r.message_id.len(), 16);
    let messages = h.publisher.messages();
    assert_eq!(messages.len(), 1);
    let m = &messages[0];
    assert_eq!(m.to, "+447700900123");
    assert_eq!(m.from, "WhatsApp");
    assert_eq!(m.text.as_deref(), Some("Your WhatsApp code is 482-913"));
    assert_eq!(m.otp.as_ref().map(|o| o.code.as_str()), Some("482913"));
    assert_eq!(m.assignment.as_ref().map(|a| &*a.account), Some("customer"));
    assert_eq!(m.id.as_bytes(), r.message_id);
    assert_eq!(&*m.carrier.system_id, "carrier");

    // The metrics moved for this traffic.
    let metrics = &h.server.metrics;
    let count = |v: &prometheus::IntCounterVec, labels: &[&str]| v.with_label_values(labels).get();
    assert_eq!(count(&metrics.pdus_in, &["submit_sm", "ESME_ROK"]), 1);
    assert_eq!(
        count(&metrics.pdus_in, &["bind_transceiver", "ESME_ROK"]),
        1
    );
    assert_eq!(count(&metrics.pdus_out, &["submit_sm_resp", "ESME_ROK"]), 1);
    assert_eq!(count(&metrics.routing, &["routed"]), 1);
    assert_eq!(metrics.publish_latency.get_sample_count(), 1);
    assert_eq!(
        metrics
            .binds
            .with_label_values(&["carrier", "transceiver"])
            .get(),
        1
    );
    assert_eq!(metrics.sessions.get(), 1);
    assert_eq!(metrics.in_flight.get(), 0);
    drop(c);
    // The session ends when the server sees the close.
    for _ in 0..100 {
        if metrics.sessions.get() == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(metrics.sessions.get(), 0);
    assert_eq!(
        metrics
            .binds
            .with_label_values(&["carrier", "transceiver"])
            .get(),
        0
    );
}

/// The session timers at production values, in virtual time: tokio's
/// paused clock jumps to the next timer whenever every task waits.
#[tokio::test(start_paused = true)]
async fn timers_at_production_values_under_a_paused_clock() {
    let config = ServerConfig {
        bind_timeout_secs: 10,
        enquire_link_secs: 30,
        response_timeout_secs: 10,
        ..ServerConfig::default()
    };
    let h = start(config, 8).await;
    let hour = Duration::from_secs(3600);
    let t0 = tokio::time::Instant::now();
    let mut idle = Client::connect(&h).await;
    assert!(idle.recv_within(hour).await.is_none(), "bind deadline");
    let waited = t0.elapsed();
    assert!(
        waited >= Duration::from_secs(10) && waited < Duration::from_secs(11),
        "{waited:?}"
    );

    let mut c = Client::bound(&h, "carrier").await;
    let t1 = tokio::time::Instant::now();
    // Answered enquire_links keep the session up, one every 30 s of silence.
    for round in 1..=3u32 {
        let frame = c.recv_within(hour).await.expect("enquire_link");
        let pdu = Pdu::decode(&frame).expect("decodes");
        assert_eq!(pdu.command_id(), CommandId::ENQUIRE_LINK);
        let at = t1.elapsed();
        assert!(
            at >= Duration::from_secs(30 * u64::from(round))
                && at < Duration::from_secs(30 * u64::from(round) + 1),
            "round {round} at {at:?}"
        );
        c.send(Pdu::new(pdu.sequence_number, Body::EnquireLinkResp))
            .await;
    }
    // Unanswered: closed a response timeout after the ask.
    let frame = c.recv_within(hour).await.expect("enquire_link");
    let asked = t1.elapsed();
    assert_eq!(
        Pdu::decode(&frame).expect("decodes").command_id(),
        CommandId::ENQUIRE_LINK
    );
    assert!(c.recv_within(hour).await.is_none(), "closed");
    let closed = t1.elapsed() - asked;
    assert!(
        closed >= Duration::from_secs(10) && closed < Duration::from_secs(11),
        "{closed:?}"
    );
}

#[tokio::test]
async fn requests_in_the_wrong_state_and_unserved_commands() {
    let h = start(ServerConfig::default(), 8).await;
    let mut c = Client::connect(&h).await;
    c.send(submit(2, ROUTED, b"x")).await;
    c.expect(CommandId::SUBMIT_SM_RESP, CommandStatus::ESME_RINVBNDSTS, 2)
        .await;
    c.send(Pdu::new(3, Body::EnquireLink)).await;
    c.expect(CommandId::ENQUIRE_LINK_RESP, CommandStatus::ESME_ROK, 3)
        .await;

    let mut c = Client::bound(&h, "carrier").await;
    let query = Pdu::new(4, Body::QuerySm(Default::default()));
    let unserved = [
        (
            query,
            CommandId::QUERY_SM_RESP,
            CommandStatus::ESME_RQUERYFAIL,
        ),
        (
            Pdu::new(5, Body::CancelSm(Default::default())),
            CommandId::CANCEL_SM_RESP,
            CommandStatus::ESME_RCANCELFAIL,
        ),
        (
            Pdu::new(6, Body::ReplaceSm(Default::default())),
            CommandId::REPLACE_SM_RESP,
            CommandStatus::ESME_RREPLACEFAIL,
        ),
        (
            Pdu::new(7, Body::SubmitMulti(Default::default())),
            CommandId::SUBMIT_MULTI_RESP,
            CommandStatus::ESME_RINVCMDID,
        ),
    ];
    for (pdu, resp, status) in unserved {
        let seq = pdu.sequence_number;
        c.send(pdu).await;
        c.expect(resp, status, seq).await;
    }
    // An unknown command id: generic_nack, the bind stays up.
    c.send_raw(&[0, 0, 0, 16, 0, 0, 0, 0x77, 0, 0, 0, 0, 0, 0, 0, 8])
        .await;
    c.expect(CommandId::GENERIC_NACK, CommandStatus::ESME_RINVCMDID, 8)
        .await;
    // A malformed body: the request's own response with the decoder's status.
    c.send_raw(&[
        0, 0, 0, 20, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 9, b'C', b'M', b'T', b'X',
    ])
    .await;
    c.expect(CommandId::SUBMIT_SM_RESP, CommandStatus::ESME_RINVSERTYP, 9)
        .await;
    c.send(Pdu::new(10, Body::EnquireLink)).await;
    c.expect(CommandId::ENQUIRE_LINK_RESP, CommandStatus::ESME_ROK, 10)
        .await;
    // Unbind: unbind_resp and close.
    c.send(Pdu::new(11, Body::Unbind)).await;
    c.expect(CommandId::UNBIND_RESP, CommandStatus::ESME_ROK, 11)
        .await;
    assert!(c.recv().await.is_none());
}

#[tokio::test]
async fn a_bad_command_length_is_nacked_and_closes() {
    let h = start(ServerConfig::default(), 8).await;
    let mut c = Client::bound(&h, "carrier").await;
    c.send_raw(&[0, 0, 0, 8, 0, 0, 0, 0x15, 0, 0, 0, 0, 0, 0, 0, 12])
        .await;
    c.expect(CommandId::GENERIC_NACK, CommandStatus::ESME_RINVCMDLEN, 12)
        .await;
    assert!(c.recv().await.is_none());
}

/// Waits (up to 5 s) until the publisher holds `count` publications.
async fn wait_held(h: &Harness, count: usize) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while h.publisher.held() < count {
        assert!(tokio::time::Instant::now() < deadline, "{count} held");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test]
async fn window_overflow_and_out_of_order_responses() {
    let h = start(ServerConfig::default(), 2).await;
    h.publisher.hold(true);
    let mut c = Client::bound(&h, "carrier").await;
    c.send(submit(1, ROUTED, b"one")).await;
    c.send(submit(2, ROUTED, b"two")).await;
    c.send(submit(3, ROUTED, b"three")).await;
    // The third is over the window of 2: refused at once.
    c.expect(CommandId::SUBMIT_SM_RESP, CommandStatus::ESME_RTHROTTLED, 3)
        .await;
    // Completing in reverse order answers in reverse order.
    wait_held(&h, 2).await;
    assert!(h.publisher.release(1));
    c.expect(CommandId::SUBMIT_SM_RESP, CommandStatus::ESME_ROK, 2)
        .await;
    assert!(h.publisher.release(0));
    c.expect(CommandId::SUBMIT_SM_RESP, CommandStatus::ESME_ROK, 1)
        .await;
}

#[tokio::test]
async fn publish_failures_map_to_statuses() {
    let h = start(ServerConfig::default(), 8).await;
    let mut c = Client::bound(&h, "carrier").await;
    let cases = [
        (PublishError::Backpressure, CommandStatus::ESME_RTHROTTLED),
        (
            PublishError::Temporary("broker down".into()),
            CommandStatus::ESME_RSYSERR,
        ),
        (
            PublishError::Rejected("too large".into()),
            CommandStatus::ESME_RSUBMITFAIL,
        ),
    ];
    for (i, (error, status)) in cases.into_iter().enumerate() {
        h.publisher.fail_next(error);
        let seq = 20 + i as u32;
        c.send(submit(seq, ROUTED, b"x")).await;
        c.expect(CommandId::SUBMIT_SM_RESP, status, seq).await;
    }
    // deliver_sm gets ESME_RX_T_APPN for a temporary failure.
    h.publisher
        .fail_next(PublishError::Temporary("broker down".into()));
    let deliver = Pdu::new(
        30,
        Body::DeliverSm(SubmitSm {
            source: Address::new(1, 1, b"14155550100"),
            dest: Address::new(1, 1, ROUTED),
            short_message: b"hi",
            ..SubmitSm::default()
        }),
    );
    c.send(deliver).await;
    c.expect(
        CommandId::DELIVER_SM_RESP,
        CommandStatus::ESME_RX_T_APPN,
        30,
    )
    .await;
    assert!(h.publisher.messages().is_empty());
}

/// A publish that fails after waiting (held, then failed) is answered like
/// one refused at once, and leaves nothing counted in flight.
#[tokio::test]
async fn publish_failures_after_waiting_map_to_statuses() {
    let h = start(ServerConfig::default(), 8).await;
    h.publisher.hold(true);
    let mut c = Client::bound(&h, "carrier").await;
    c.send(submit(40, ROUTED, b"x")).await;
    c.send(submit(41, ROUTED, b"y")).await;
    wait_held(&h, 2).await;
    assert!(h.publisher.fail_held(1, PublishError::Backpressure));
    c.expect(
        CommandId::SUBMIT_SM_RESP,
        CommandStatus::ESME_RTHROTTLED,
        41,
    )
    .await;
    assert!(
        h.publisher
            .fail_held(0, PublishError::Rejected("too large".into()))
    );
    c.expect(
        CommandId::SUBMIT_SM_RESP,
        CommandStatus::ESME_RSUBMITFAIL,
        40,
    )
    .await;
    assert!(h.publisher.messages().is_empty());
    let metrics = &h.server.metrics;
    let errors = |label: &str| metrics.publish_errors.with_label_values(&[label]).get();
    assert_eq!((errors("backpressure"), errors("rejected")), (1, 1));
    assert_eq!(
        metrics
            .throttled
            .with_label_values(&["carrier", "backpressure"])
            .get(),
        1
    );
    // The session's tally reaches the shared gauge with its next write.
    c.send(Pdu::new(42, Body::EnquireLink)).await;
    c.expect(CommandId::ENQUIRE_LINK_RESP, CommandStatus::ESME_ROK, 42)
        .await;
    assert_eq!(metrics.in_flight.get(), 0);
}

#[tokio::test]
async fn receipts_are_acknowledged_not_published() {
    let h = start(ServerConfig::default(), 8).await;
    let mut c = Client::bound(&h, "carrier").await;
    let receipt = Pdu::new(
        40,
        Body::DeliverSm(SubmitSm {
            source: Address::new(1, 1, ROUTED),
            dest: Address::new(1, 1, b"14155550100"),
            esm_class: 0x04,
            short_message: b"id:7f3a sub:001 dlvrd:001 stat:DELIVRD err:000 text:",
            ..SubmitSm::default()
        }),
    );
    c.send(receipt).await;
    let resp = c
        .expect(CommandId::DELIVER_SM_RESP, CommandStatus::ESME_ROK, 40)
        .await;
    let Body::DeliverSmResp(r) = Pdu::decode(&resp).expect("decodes").body else {
        panic!()
    };
    assert!(
        r.message_id.is_empty(),
        "deliver_sm_resp carries an empty message_id"
    );
    assert!(h.publisher.published().is_empty());
}

#[tokio::test]
async fn unrouted_messages_by_policy() {
    let h = start(ServerConfig::default(), 8).await;
    let mut c = Client::bound(&h, "carrier").await;
    c.send(submit(50, b"14035559999", b"nobody rents this"))
        .await;
    c.expect(CommandId::SUBMIT_SM_RESP, CommandStatus::ESME_ROK, 50)
        .await;
    let messages = h.publisher.messages();
    assert_eq!(messages[0].reason.as_deref(), Some("unknown_number"));
    assert!(messages[0].assignment.is_none());

    let mut strict = Client::bound(&h, "strict").await;
    strict.send(submit(51, b"14035559999", b"x")).await;
    strict
        .expect(
            CommandId::SUBMIT_SM_RESP,
            CommandStatus::ESME_RINVDSTADR,
            51,
        )
        .await;
    // An invalid destination is refused whatever the policy.
    c.send(submit(52, b"not-a-number", b"x")).await;
    c.expect(
        CommandId::SUBMIT_SM_RESP,
        CommandStatus::ESME_RINVDSTADR,
        52,
    )
    .await;
}

#[tokio::test]
async fn segments_are_published_as_segments() {
    let h = start(ServerConfig::default(), 8).await;
    let mut c = Client::bound(&h, "carrier").await;
    let mut tlvs = inlet_pdu::TlvBuf::new();
    tlvs.push_u16(TlvTag::SAR_MSG_REF_NUM, 77)
        .push_u8(TlvTag::SAR_TOTAL_SEGMENTS, 2)
        .push_u8(TlvTag::SAR_SEGMENT_SEQNUM, 1);
    let pdu = Pdu::new(
        60,
        Body::SubmitSm(SubmitSm {
            source: Address::new(5, 0, b"Bank"),
            dest: Address::new(1, 1, ROUTED),
            short_message: b"first half ",
            tlvs: tlvs.as_tlvs(),
            ..SubmitSm::default()
        }),
    );
    c.send(pdu).await;
    c.expect(CommandId::SUBMIT_SM_RESP, CommandStatus::ESME_ROK, 60)
        .await;
    let segments = h.publisher.segments();
    assert_eq!(segments.len(), 1);
    assert_eq!(
        (
            segments[0].seq,
            segments[0].group.total,
            segments[0].group.reference
        ),
        (1, 2, 77)
    );
}

#[tokio::test]
async fn the_bind_deadline_and_a_dead_peer_close_the_session() {
    let config = ServerConfig {
        bind_timeout_secs: 1,
        enquire_link_secs: 1,
        response_timeout_secs: 1,
        ..ServerConfig::default()
    };
    let h = start(config, 8).await;
    let mut idle = Client::connect(&h).await;
    assert!(idle.recv().await.is_none(), "closed at the bind deadline");

    let mut c = Client::bound(&h, "carrier").await;
    // After a second of silence inlet asks; an unanswered ask closes.
    let frame = c.recv().await.expect("enquire_link");
    assert_eq!(
        Pdu::decode(&frame).expect("decodes").command_id(),
        CommandId::ENQUIRE_LINK
    );
    assert!(
        c.recv().await.is_none(),
        "closed when enquire_link goes unanswered"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_sessions() {
    let h = Arc::new(start(ServerConfig::default(), 8).await);
    let mut tasks = Vec::new();
    for _ in 0..200 {
        let h = h.clone();
        tasks.push(tokio::spawn(async move {
            let mut c = Client::bound(&h, "bulk").await;
            for k in 0..5u32 {
                c.send(submit(k + 1, ROUTED, b"load")).await;
                c.expect(CommandId::SUBMIT_SM_RESP, CommandStatus::ESME_ROK, k + 1)
                    .await;
            }
            c
        }));
    }
    let mut clients = Vec::new();
    for t in tasks {
        clients.push(t.await.expect("session task"));
    }
    assert_eq!(h.publisher.messages().len(), 200 * 5);
}

#[tokio::test]
async fn max_binds_per_account() {
    let h = start(ServerConfig::default(), 8).await;
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(Client::bound(&h, "carrier").await);
    }
    let mut c = Client::connect(&h).await;
    let resp = c
        .bind("carrier", "secret", CommandId::BIND_TRANSMITTER, 0x34)
        .await;
    assert_eq!(
        Pdu::decode(&resp).expect("decodes").command_status,
        CommandStatus::ESME_RBINDFAIL
    );
    assert!(c.recv().await.is_none());
}

#[tokio::test]
async fn source_allow_lists_and_rate_limits() {
    let h = start(ServerConfig::default(), 64).await;
    // 127.0.0.1 is outside the account's 203.0.113.0/24.
    let mut c = Client::connect(&h).await;
    let resp = c
        .bind("fenced", "secret", CommandId::BIND_TRANSMITTER, 0x34)
        .await;
    assert_eq!(
        Pdu::decode(&resp).expect("decodes").command_status,
        CommandStatus::ESME_RBINDFAIL
    );

    // 5 messages a second, a burst of 5: the rest of a burst of 8 is throttled.
    let mut c = Client::bound(&h, "limited").await;
    for seq in 1..=8u32 {
        c.send(submit(seq, ROUTED, b"x")).await;
    }
    let mut throttled = 0;
    for _ in 1..=8u32 {
        let frame = c.recv().await.expect("a response");
        if Pdu::decode(&frame).expect("decodes").command_status == CommandStatus::ESME_RTHROTTLED {
            throttled += 1;
        }
    }
    assert!(throttled >= 3, "{throttled} of 8 throttled");
}

#[tokio::test]
async fn shutdown_unbinds_after_answering_what_is_in_flight() {
    let h = start(ServerConfig::default(), 8).await;
    h.publisher.hold(true);
    let mut c = Client::bound(&h, "carrier").await;
    c.send(submit(70, ROUTED, b"in flight")).await;
    wait_held(&h, 1).await;
    h.shutdown.cancel();
    let frame = c.recv().await.expect("unbind");
    let unbind = Pdu::decode(&frame).expect("decodes");
    assert_eq!(unbind.command_id(), CommandId::UNBIND);
    // A new request while unbinding is refused.
    c.send(submit(71, ROUTED, b"late")).await;
    c.expect(
        CommandId::SUBMIT_SM_RESP,
        CommandStatus::ESME_RINVBNDSTS,
        71,
    )
    .await;
    c.send(Pdu::new(unbind.sequence_number, Body::UnbindResp))
        .await;
    // The message in flight is still answered, then the session closes.
    h.publisher.release_all();
    c.expect(CommandId::SUBMIT_SM_RESP, CommandStatus::ESME_ROK, 70)
        .await;
    assert!(c.recv().await.is_none());
}

fn submit_with_receipt(seq: u32, to: &'static [u8], text: &'static [u8]) -> Pdu<'static> {
    Pdu::new(
        seq,
        Body::SubmitSm(SubmitSm {
            source: Address::new(5, 0, b"Shop"),
            dest: Address::new(1, 1, to),
            registered_delivery: 1,
            short_message: text,
            ..SubmitSm::default()
        }),
    )
}

/// Reads until a deliver_sm arrives (skipping responses); returns it.
async fn next_deliver_sm(c: &mut Client) -> Bytes {
    loop {
        let frame = c.recv().await.expect("a frame");
        if Pdu::decode(&frame).expect("decodes").command_id() == CommandId::DELIVER_SM {
            return frame;
        }
    }
}

#[tokio::test]
async fn receipts_on_the_same_session() {
    let h = start(ServerConfig::default(), 8).await;
    let mut c = Client::bound(&h, "carrier").await;
    c.send(submit_with_receipt(
        80,
        ROUTED,
        b"Your code is 123456, valid 5 min",
    ))
    .await;
    let resp = c
        .expect(CommandId::SUBMIT_SM_RESP, CommandStatus::ESME_ROK, 80)
        .await;
    let Body::SubmitSmResp(r) = Pdu::decode(&resp).expect("decodes").body else {
        panic!()
    };
    let id = std::str::from_utf8(r.message_id).expect("ascii").to_owned();
    let frame = next_deliver_sm(&mut c).await;
    let pdu = Pdu::decode(&frame).expect("decodes");
    let Body::DeliverSm(sm) = pdu.body else {
        panic!()
    };
    assert_eq!(sm.esm_class, 0x04);
    assert_eq!(
        sm.source.addr, ROUTED,
        "the receipt comes from the message's destination"
    );
    assert_eq!(sm.dest.addr, b"Shop");
    let text = std::str::from_utf8(sm.short_message).expect("ascii");
    assert!(
        text.starts_with(&format!("id:{id} sub:001 dlvrd:001 submit date:")),
        "{text}"
    );
    assert!(
        text.contains(" stat:DELIVRD err:000 text:Your code is 123456,"),
        "{text}"
    );
    assert_eq!(sm.tlvs.receipted_message_id(), Some(id.as_bytes()));
    assert_eq!(sm.tlvs.message_state(), Some(2));
    assert!(sm.tlvs.network_error_code().is_some());
    // The carrier acknowledges it.
    c.send(Pdu::new(
        pdu.sequence_number,
        Body::DeliverSmResp(Default::default()),
    ))
    .await;
    // Unrouted messages get an UNDELIV receipt.
    c.send(submit_with_receipt(81, b"14035559999", b"nobody"))
        .await;
    c.expect(CommandId::SUBMIT_SM_RESP, CommandStatus::ESME_ROK, 81)
        .await;
    let frame = next_deliver_sm(&mut c).await;
    let Body::DeliverSm(sm) = Pdu::decode(&frame).expect("decodes").body else {
        panic!()
    };
    let text = std::str::from_utf8(sm.short_message).expect("ascii");
    assert!(text.contains("stat:UNDELIV err:001"), "{text}");
    assert_eq!(sm.tlvs.message_state(), Some(5));
}

#[tokio::test]
async fn receipts_go_to_a_receiver_bind_or_wait_for_one() {
    let h = start(ServerConfig::default(), 8).await;
    // A transmitter sends; no receiver is bound yet: the receipt waits.
    let mut tx = Client::connect(&h).await;
    let resp = tx
        .bind("carrier", "secret", CommandId::BIND_TRANSMITTER, 0x34)
        .await;
    assert!(Pdu::decode(&resp).expect("decodes").command_status.is_ok());
    tx.send(submit_with_receipt(90, ROUTED, b"first")).await;
    tx.expect(CommandId::SUBMIT_SM_RESP, CommandStatus::ESME_ROK, 90)
        .await;
    // A receiver binds and gets it.
    let mut rx = Client::connect(&h).await;
    let resp = rx
        .bind("carrier", "secret", CommandId::BIND_RECEIVER, 0x34)
        .await;
    assert!(Pdu::decode(&resp).expect("decodes").command_status.is_ok());
    let frame = next_deliver_sm(&mut rx).await;
    let Body::DeliverSm(sm) = Pdu::decode(&frame).expect("decodes").body else {
        panic!()
    };
    assert!(
        std::str::from_utf8(sm.short_message)
            .expect("ascii")
            .ends_with("text:first")
    );
    // Later receipts go straight to it; none to the transmitter.
    tx.send(submit_with_receipt(91, ROUTED, b"second")).await;
    tx.expect(CommandId::SUBMIT_SM_RESP, CommandStatus::ESME_ROK, 91)
        .await;
    let frame = next_deliver_sm(&mut rx).await;
    let Body::DeliverSm(sm) = Pdu::decode(&frame).expect("decodes").body else {
        panic!()
    };
    assert!(
        std::str::from_utf8(sm.short_message)
            .expect("ascii")
            .ends_with("text:second")
    );
    // SMPP 3.3 sessions get receipts without TLVs.
    let mut old = Client::connect(&h).await;
    let resp = old
        .bind("carrier", "secret", CommandId::BIND_TRANSCEIVER, 0x33)
        .await;
    assert!(Pdu::decode(&resp).expect("decodes").command_status.is_ok());
}

#[tokio::test]
async fn waiting_receipts_expire() {
    let config = ServerConfig {
        receipt_ttl_secs: 0,
        ..ServerConfig::default()
    };
    let h = start(config, 8).await;
    let mut tx = Client::connect(&h).await;
    let resp = tx
        .bind("carrier", "secret", CommandId::BIND_TRANSMITTER, 0x34)
        .await;
    assert!(Pdu::decode(&resp).expect("decodes").command_status.is_ok());
    tx.send(submit_with_receipt(95, ROUTED, b"late")).await;
    tx.expect(CommandId::SUBMIT_SM_RESP, CommandStatus::ESME_ROK, 95)
        .await;
    tokio::time::sleep(Duration::from_millis(20)).await;
    let mut rx = Client::connect(&h).await;
    let resp = rx
        .bind("carrier", "secret", CommandId::BIND_RECEIVER, 0x34)
        .await;
    assert!(Pdu::decode(&resp).expect("decodes").command_status.is_ok());
    rx.send(Pdu::new(96, Body::EnquireLink)).await;
    // Only the enquire_link_resp arrives: the expired receipt is not sent.
    rx.expect(CommandId::ENQUIRE_LINK_RESP, CommandStatus::ESME_ROK, 96)
        .await;
}

#[tokio::test]
async fn repeated_bind_failures_lock_the_address_out() {
    let config = ServerConfig {
        lockout_failures: 3,
        ..ServerConfig::default()
    };
    let h = start(config, 8).await;
    for _ in 0..3 {
        let mut c = Client::connect(&h).await;
        let resp = c
            .bind("carrier", "wrong", CommandId::BIND_TRANSCEIVER, 0x34)
            .await;
        assert_eq!(
            Pdu::decode(&resp).expect("decodes").command_status,
            CommandStatus::ESME_RINVPASWD
        );
    }
    // Even the right password is refused during the cool-off.
    let mut c = Client::connect(&h).await;
    let resp = c
        .bind("carrier", "secret", CommandId::BIND_TRANSCEIVER, 0x34)
        .await;
    assert_eq!(
        Pdu::decode(&resp).expect("decodes").command_status,
        CommandStatus::ESME_RBINDFAIL
    );
}

#[tokio::test]
async fn connections_per_address_are_capped() {
    let config = ServerConfig {
        max_connections_per_ip: 2,
        ..ServerConfig::default()
    };
    let h = start(config, 8).await;
    let _a = Client::bound(&h, "bulk").await;
    let _b = Client::bound(&h, "bulk").await;
    let mut c = Client::connect(&h).await;
    assert!(
        c.recv().await.is_none(),
        "the third connection from 127.0.0.1 is closed"
    );
    drop(_a);
    // A place frees up once a session ends.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let mut d = Client::connect(&h).await;
        d.send(Pdu::new(1, Body::EnquireLink)).await;
        if d.recv().await.is_some() {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "no place freed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn argon2_password_hashes() {
    use argon2::password_hash::{PasswordHasher, SaltString};
    // Cheap parameters keep the test fast in debug builds; the hash carries
    // them, so verification uses them too.
    let params = argon2::Params::new(256, 1, 1, None).expect("params");
    let hasher = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let salt = SaltString::from_b64("c29tZXNhbHRzYWx0").expect("salt");
    let hash = hasher
        .hash_password(b"s3cret", &salt)
        .expect("hash")
        .to_string();
    let mut hashed = common::account("hashed", 8, inlet_server::UnroutedPolicy::DeadLetter);
    hashed.password = inlet_server::Password::Argon2(hash);
    let h = common::start_with(ServerConfig::default(), vec![hashed]).await;
    for (password, status) in [
        ("wrong", CommandStatus::ESME_RINVPASWD),
        ("s3cret", CommandStatus::ESME_ROK),
        ("s3cret", CommandStatus::ESME_ROK), // from the cache of verified credentials
    ] {
        let mut c = Client::connect(&h).await;
        let resp = c
            .bind("hashed", password, CommandId::BIND_TRANSMITTER, 0x34)
            .await;
        assert_eq!(
            Pdu::decode(&resp).expect("decodes").command_status,
            status,
            "{password}"
        );
    }
    // A hash that is not a PHC string is a configuration error.
    let mut bad = common::account("bad", 8, inlet_server::UnroutedPolicy::DeadLetter);
    bad.password = inlet_server::Password::Argon2("plaintext".into());
    let err = inlet_server::Accounts::new(vec![bad]).expect_err("not a hash");
    assert!(err.to_string().contains("argon2"), "{err}");
}

#[tokio::test]
async fn the_proxy_protocol_gives_the_carriers_address() {
    let config = ServerConfig {
        proxy_protocol: true,
        ..ServerConfig::default()
    };
    let h = start(config, 8).await;
    // Behind a balancer: the account's allow-list (203.0.113.0/24) sees the
    // carrier's address from the PROXY header, not 127.0.0.1.
    let mut c = Client::connect(&h).await;
    c.send_raw(b"PROXY TCP4 203.0.113.7 198.51.100.1 56324 2775\r\n")
        .await;
    let resp = c
        .bind("fenced", "secret", CommandId::BIND_TRANSMITTER, 0x34)
        .await;
    assert_eq!(
        Pdu::decode(&resp).expect("decodes").command_status,
        CommandStatus::ESME_ROK
    );
    // A connection without the header is closed.
    let mut bare = Client::connect(&h).await;
    bare.send(Pdu::new(1, Body::EnquireLink)).await;
    assert!(bare.recv().await.is_none());
}

#[tokio::test]
async fn the_proxy_protocol_is_set_per_listener() {
    let config = ServerConfig {
        proxy_protocol: true,
        ..ServerConfig::default()
    };
    let h = start(config, 8).await;
    // A second listener of the same server, reached directly: no header.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let direct = listener.local_addr().expect("addr");
    tokio::spawn(inlet_server::run_listener(
        h.server.clone(),
        listener,
        None,
        false,
        h.shutdown.clone(),
    ));
    let stream = TcpStream::connect(direct).await.expect("connect");
    let mut c = Client {
        framed: Framed::new(stream, FrameCodec::new()),
    };
    let resp = c
        .bind("carrier", "secret", CommandId::BIND_TRANSMITTER, 0x34)
        .await;
    assert_eq!(
        Pdu::decode(&resp).expect("decodes").command_status,
        CommandStatus::ESME_ROK
    );
}

#[tokio::test]
async fn an_unanswered_receipt_closes_the_session_and_goes_to_the_next_receiver() {
    let config = ServerConfig {
        response_timeout_secs: 1,
        ..ServerConfig::default()
    };
    let h = start(config, 8).await;
    let mut tx = Client::connect(&h).await;
    let resp = tx
        .bind("carrier", "secret", CommandId::BIND_TRANSMITTER, 0x34)
        .await;
    assert!(Pdu::decode(&resp).expect("decodes").command_status.is_ok());
    let mut deaf = Client::connect(&h).await;
    let resp = deaf
        .bind("carrier", "secret", CommandId::BIND_RECEIVER, 0x34)
        .await;
    assert!(Pdu::decode(&resp).expect("decodes").command_status.is_ok());
    tx.send(submit_with_receipt(97, ROUTED, b"answer me")).await;
    tx.expect(CommandId::SUBMIT_SM_RESP, CommandStatus::ESME_ROK, 97)
        .await;
    // The receiver gets the receipt and never answers: closed after 1 s.
    next_deliver_sm(&mut deaf).await;
    assert!(
        deaf.recv().await.is_none(),
        "closed when the receipt goes unanswered"
    );
    // The receipt is not lost: the next receiver gets it.
    let mut rx = Client::connect(&h).await;
    let resp = rx
        .bind("carrier", "secret", CommandId::BIND_RECEIVER, 0x34)
        .await;
    assert!(Pdu::decode(&resp).expect("decodes").command_status.is_ok());
    let frame = next_deliver_sm(&mut rx).await;
    let Body::DeliverSm(sm) = Pdu::decode(&frame).expect("decodes").body else {
        panic!()
    };
    assert!(
        std::str::from_utf8(sm.short_message)
            .expect("ascii")
            .ends_with("text:answer me")
    );
}

#[tokio::test]
async fn reloaded_accounts_take_effect_for_new_binds() {
    let h = start(ServerConfig::default(), 8).await;
    let mut old = Client::bound(&h, "carrier").await;
    let mut c = Client::connect(&h).await;
    let resp = c
        .bind("newcomer", "secret", CommandId::BIND_TRANSCEIVER, 0x34)
        .await;
    assert_eq!(
        Pdu::decode(&resp).expect("decodes").command_status,
        CommandStatus::ESME_RINVPASWD
    );
    let reloaded = h
        .server
        .accounts
        .reload(vec![
            common::account("carrier", 8, inlet_server::UnroutedPolicy::DeadLetter),
            common::account("newcomer", 8, inlet_server::UnroutedPolicy::DeadLetter),
        ])
        .expect("valid accounts");
    assert_eq!(reloaded, 2);
    assert_eq!(h.server.accounts.system_ids(), ["carrier", "newcomer"]);
    let mut newcomer = Client::bound(&h, "newcomer").await;
    newcomer.send(submit(2, ROUTED, b"hello")).await;
    newcomer
        .expect(CommandId::SUBMIT_SM_RESP, CommandStatus::ESME_ROK, 2)
        .await;
    // The session bound before the reload carries on.
    old.send(submit(3, ROUTED, b"still here")).await;
    old.expect(CommandId::SUBMIT_SM_RESP, CommandStatus::ESME_ROK, 3)
        .await;
}

/// Splits `user_data` into UDH 8-bit or 16-bit segments of at most
/// `per_part` content octets each (packed GSM: `per_part` septets, packed
/// after the header with its fill bits).
fn udh_segments(
    reference: u16,
    wide: bool,
    content: &[u8],
    per_part: usize,
    packed: bool,
) -> Vec<Vec<u8>> {
    let chunks: Vec<&[u8]> = content.chunks(per_part).collect();
    let total = chunks.len() as u8;
    chunks
        .iter()
        .enumerate()
        .map(|(i, chunk)| {
            let seq = i as u8 + 1;
            let mut ud = if wide {
                let [r0, r1] = reference.to_be_bytes();
                vec![6, 0x08, 4, r0, r1, total, seq]
            } else {
                vec![5, 0x00, 3, reference as u8, total, seq]
            };
            if packed {
                let fill = (7 - (ud.len() * 8) % 7) % 7;
                ud.extend(inlet_message::gsm::pack_septets(chunk, fill as u8));
            } else {
                ud.extend_from_slice(chunk);
            }
            ud
        })
        .collect()
}

/// Multipart messages with a character split across segments, sent over
/// real TCP in shuffled order, reassembled from the segment records the
/// session published.
#[tokio::test]
async fn segment_records_reassemble_into_the_text_that_was_sent() {
    let h = start(ServerConfig::default(), 64).await;
    let mut c = Client::bound(&h, "carrier").await;
    // UCS-2: 67 characters per part would be usual; 5 octets per part puts
    // the emoji's surrogate pair across a boundary.
    let ucs2_text = "Код 😀 1234";
    let ucs2: Vec<u8> = ucs2_text
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect();
    // GSM with an escape (€ is 0x1B 0x65) cut between two parts.
    let gsm_text = "Pay 5€ now: 9876";
    let septets = inlet_message::gsm::encode(gsm_text, None, None).expect("gsm");
    let cut = septets.iter().position(|&b| b == 0x1B).expect("escape") + 1;
    let cases: Vec<(&str, u8, Vec<Vec<u8>>)> = vec![
        ("Код 😀 1234", 8, udh_segments(7, false, &ucs2, 5, false)),
        ("Код 😀 1234", 8, udh_segments(300, true, &ucs2, 7, false)),
        (gsm_text, 0, udh_segments(9, false, &septets, cut, false)),
    ];
    let mut seq = 100;
    for (text, dcs, parts) in &cases {
        let before = h.publisher.segments().len();
        let mut order: Vec<usize> = (0..parts.len()).collect();
        order.reverse();
        for i in order {
            seq += 1;
            c.send(Pdu::new(
                seq,
                Body::SubmitSm(SubmitSm {
                    source: Address::new(5, 0, b"Bank"),
                    dest: Address::new(1, 1, ROUTED),
                    esm_class: 0x40,
                    data_coding: *dcs,
                    short_message: &parts[i],
                    ..SubmitSm::default()
                }),
            ))
            .await;
            c.expect(CommandId::SUBMIT_SM_RESP, CommandStatus::ESME_ROK, seq)
                .await;
        }
        let mut segments = h.publisher.segments().split_off(before);
        assert_eq!(segments.len(), parts.len());
        // A carrier retry of one segment is a duplicate.
        segments.push(segments[0].clone());
        let m = inlet_message::assemble::assemble(&segments, false).expect("a record");
        assert_eq!(m.text.as_deref(), Some(*text), "{m:?}");
        assert!(
            m.complete && !m.lossy && m.missing_parts.is_empty(),
            "{m:?}"
        );
        assert_eq!(m.parts as usize, parts.len());
        assert_eq!(m.part_ids.len(), parts.len());
        // Same segments in another order: the same record.
        segments.reverse();
        assert_eq!(
            inlet_message::assemble::assemble(&segments, false),
            Some(m.clone())
        );
        // One missing: incomplete, the rest in order.
        let without_second: Vec<_> = segments.iter().filter(|s| s.seq != 2).cloned().collect();
        let partial = inlet_message::assemble::assemble(&without_second, false).expect("record");
        assert!(!partial.complete);
        assert_eq!(partial.missing_parts, vec![2]);
        assert_eq!(partial.id, m.id, "id of the lowest-numbered segment");
    }
    let _ = &ucs2_text;
}

#[tokio::test]
async fn message_ids_in_the_accounts_format() {
    let mut decimal = common::account("carrier", 8, inlet_server::UnroutedPolicy::DeadLetter);
    decimal.message_id = inlet_server::MessageIdConfig {
        format: inlet_server::IdFormat::Decimal,
        max_length: Some(10),
    };
    let h = common::start_with(ServerConfig::default(), vec![decimal]).await;
    let mut c = Client::bound(&h, "carrier").await;
    c.send(submit(2, ROUTED, b"hello")).await;
    let resp = c
        .expect(CommandId::SUBMIT_SM_RESP, CommandStatus::ESME_ROK, 2)
        .await;
    let Body::SubmitSmResp(r) = Pdu::decode(&resp).expect("decodes").body else {
        panic!()
    };
    assert_eq!(r.message_id.len(), 10);
    assert!(r.message_id.iter().all(u8::is_ascii_digit));
    assert_eq!(h.publisher.messages()[0].id.as_bytes(), r.message_id);
    // A format inlet cannot serve is refused at load, naming the account.
    let mut bad = common::account("tiny", 8, inlet_server::UnroutedPolicy::DeadLetter);
    bad.message_id.max_length = Some(4);
    let err = inlet_server::Accounts::new(vec![bad]).expect_err("too short");
    assert!(err.to_string().contains("tiny"), "{err}");
}

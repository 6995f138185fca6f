//! The daemon as a new user runs it: `inlet run` with no configuration
//! (the embedded default) accepts a bind and a message within seconds,
//! acknowledges it once the embedded broker has it, and stops cleanly on
//! SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures::{SinkExt, StreamExt};
use inlet_pdu::{Address, Bind, Body, CommandId, CommandStatus, FrameCodec, Pdu, SubmitSm};
use tokio::net::TcpStream;
use tokio_util::codec::Framed;

async fn exchange(
    framed: &mut Framed<TcpStream, FrameCodec>,
    pdu: Pdu<'_>,
) -> (CommandId, CommandStatus, u32) {
    let bytes: Bytes = pdu.to_bytes().expect("encodes");
    framed.send(bytes).await.expect("send");
    let frame = tokio::time::timeout(Duration::from_secs(15), framed.next())
        .await
        .expect("an answer in time")
        .expect("a frame")
        .expect("valid frame");
    let pdu = Pdu::decode(&frame).expect("decodes");
    (pdu.command_id(), pdu.command_status, pdu.sequence_number)
}

#[tokio::test]
async fn the_embedded_default_accepts_a_message_and_stops_on_sigterm() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_inlet"))
        .args(["run", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("inlet starts");
    let stdout = child.stdout.take().expect("stdout");
    let started = Instant::now();
    let addr = tokio::task::spawn_blocking(move || {
        for line in BufReader::new(stdout).lines() {
            let line = line.expect("utf-8");
            if let Some(addr) = line.strip_prefix("inlet: SMPP listening on ") {
                return addr.to_owned();
            }
        }
        panic!("inlet exited before listening");
    })
    .await
    .expect("reader");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "started within seconds"
    );

    let stream = TcpStream::connect(&addr).await.expect("connect");
    let mut framed = Framed::new(stream, FrameCodec::new());
    let bind = Bind {
        system_id: b"demo",
        password: b"demo",
        interface_version: 0x34,
        ..Bind::default()
    };
    assert_eq!(
        exchange(&mut framed, Pdu::new(1, Body::BindTransceiver(bind))).await,
        (CommandId::BIND_TRANSCEIVER_RESP, CommandStatus::ESME_ROK, 1)
    );
    for (seq, to) in [(2u32, &b"14035551234"[..]), (3, b"14035550000")] {
        let submit = Pdu::new(
            seq,
            Body::SubmitSm(SubmitSm {
                source: Address::new(5, 0, b"WhatsApp"),
                dest: Address::new(1, 1, to),
                short_message: b"Your WhatsApp code is 482-913",
                ..SubmitSm::default()
            }),
        );
        assert_eq!(
            exchange(&mut framed, submit).await,
            (CommandId::SUBMIT_SM_RESP, CommandStatus::ESME_ROK, seq),
            "routed and dead-lettered messages are acknowledged once durable"
        );
    }

    let pid = child.id().to_string();
    let killed = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    // inlet unbinds the session: answer it.
    if let Ok(Some(Ok(frame))) = tokio::time::timeout(Duration::from_secs(10), framed.next()).await
    {
        let pdu = Pdu::decode(&frame).expect("decodes");
        assert_eq!(pdu.command_id(), CommandId::UNBIND);
        let resp: Bytes = Pdu::new(pdu.sequence_number, Body::UnbindResp)
            .to_bytes()
            .expect("encodes");
        let _ = framed.send(resp).await;
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            assert!(status.success(), "exit status {status}");
            break;
        }
        assert!(Instant::now() < deadline, "inlet did not stop");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

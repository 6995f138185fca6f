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

/// Kills the daemon if the test ends early (a panic), so no stray process
/// outlives the test.
struct Daemon(std::process::Child);

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

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
        .args([
            "run",
            "--listen",
            "127.0.0.1:0",
            "--metrics-listen",
            "127.0.0.1:0",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("inlet starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut child = Daemon(child);
    let started = Instant::now();
    // Read stdout to its end in the background: inlet must never find its
    // stdout closed under it.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if let Some(addr) = line.strip_prefix("inlet: SMPP listening on ") {
                let _ = tx.send(addr.to_owned());
            }
        }
    });
    let addr = tokio::task::spawn_blocking(move || rx.recv_timeout(Duration::from_secs(60)))
        .await
        .expect("reader")
        .expect("inlet printed its address");
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

    // `inlet send`, the operators' client: UCS-2 with an emoji, a long
    // multipart GSM text, each with a receipt.
    for (text, parts) in [
        ("Ваш код 1234 🔐", 1),
        (&*"Your verification code is 482913. ".repeat(6), 2),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_inlet"))
            .args([
                "send",
                "--server",
                &addr,
                "--to",
                "+447700900123",
                "--from",
                "WhatsApp",
                "--receipt",
                "--text",
                text,
            ])
            .output()
            .expect("inlet send runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "inlet send failed: {stdout} {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(stdout.matches("message_id ").count(), parts, "{stdout}");
        assert_eq!(stdout.matches("receipt id:").count(), parts, "{stdout}");
        assert!(stdout.contains("stat:DELIVRD"), "{stdout}");
    }
    // A refused bind is a non-zero exit.
    let out = Command::new(env!("CARGO_BIN_EXE_inlet"))
        .args([
            "send",
            "--server",
            &addr,
            "--password",
            "wrong",
            "--to",
            "+14035551234",
            "--text",
            "x",
        ])
        .output()
        .expect("inlet send runs");
    assert!(!out.status.success());

    let pid = child.0.id().to_string();
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
        if let Some(status) = child.0.try_wait().expect("wait") {
            assert!(status.success(), "exit status {status}");
            break;
        }
        assert!(Instant::now() < deadline, "inlet did not stop");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

//! `inlet loadgen` against `inlet loadgen --null-server`, as the benchmark
//! script runs them: every submit_sm is answered and the JSON report says
//! so; and a server address off this machine is refused.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Kills a child process when the test ends, however it ends.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs `inlet` with `args` to its end, within `limit`; returns its exit
/// success, stdout and stderr.
fn run_bounded(args: &[&str], limit: Duration) -> (bool, String, String) {
    let child = Command::new(env!("CARGO_BIN_EXE_inlet"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("inlet starts");
    let mut child = Killed(child);
    let stdout = child.0.stdout.take().expect("stdout");
    let stderr = child.0.stderr.take().expect("stderr");
    let read_all = |mut r: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            let _ = r.read_to_string(&mut s);
            s
        })
    };
    let out = read_all(Box::new(stdout));
    let err = read_all(Box::new(stderr));
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.0.try_wait().expect("wait") {
            break status;
        }
        assert!(
            started.elapsed() < limit,
            "inlet {args:?} still running after {limit:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    (
        status.success(),
        out.join().expect("stdout read"),
        err.join().expect("stderr read"),
    )
}

#[test]
fn every_submit_to_the_null_server_is_acked() {
    let server = Command::new(env!("CARGO_BIN_EXE_inlet"))
        .args([
            "loadgen",
            "--null-server",
            "--listen",
            "127.0.0.1:0",
            "--max-seconds",
            "120",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("null server starts");
    let mut server = Killed(server);
    let stdout = server.0.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if let Some(addr) = line.strip_prefix("null-server listening on ") {
                let _ = tx.send(addr.to_owned());
            }
        }
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the null server says where it listens");

    let (ok, out, err) = run_bounded(
        &[
            "loadgen",
            "--server",
            &addr,
            "--count",
            "2000",
            "--sessions",
            "4",
            "--window",
            "32",
            "--receipt-share",
            "0.1",
            "--ucs2-share",
            "0.2",
            "--json",
        ],
        Duration::from_secs(90),
    );
    assert!(ok, "loadgen failed: {err}");
    let report: serde_json::Value = serde_json::from_str(out.trim())
        .unwrap_or_else(|e| panic!("stdout is one JSON object ({e}): {out:?}"));
    assert_eq!(report["sent"], 2000, "{report}");
    assert_eq!(report["acked"], 2000, "{report}");
    assert_eq!(report["unanswered"], 0, "{report}");
    assert_eq!(report["errors"], serde_json::json!({}), "{report}");
    assert_eq!(report["receipts"], 0, "the null server sends no receipt");
    for key in ["elapsed_s", "msgs_per_s"] {
        assert!(report[key].as_f64().is_some(), "{key}: {report}");
    }
    for key in ["p50", "p90", "p99", "p999", "max"] {
        assert!(
            report["latency_ms"][key].as_f64().is_some(),
            "{key}: {report}"
        );
    }

    // Multipart messages count one submit_sm per part, within the count.
    let (ok, out, err) = run_bounded(
        &[
            "loadgen",
            "--server",
            &addr,
            "--count",
            "501",
            "--sessions",
            "2",
            "--window",
            "8",
            "--multipart-share",
            "0.5",
            "--unknown-share",
            "0.5",
            "--bind",
            "transmitter",
            "--json",
        ],
        Duration::from_secs(90),
    );
    assert!(ok, "loadgen failed: {err}");
    let report: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON object");
    assert_eq!(report["sent"], 501, "{report}");
    assert_eq!(report["acked"], 501, "{report}");
}

#[test]
fn a_server_off_this_machine_is_refused() {
    let (ok, out, err) = run_bounded(
        &["loadgen", "--server", "192.0.2.1:2775", "--count", "1"],
        Duration::from_secs(30),
    );
    assert!(!ok, "must fail");
    assert!(out.is_empty(), "nothing on stdout: {out:?}");
    assert!(err.contains("loopback"), "{err}");
}

#[test]
fn a_failed_bind_exits_non_zero() {
    // A port nobody listens on: the connection is refused.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
        listener.local_addr().expect("addr").port()
    };
    let server = format!("127.0.0.1:{port}");
    let (ok, _out, err) = run_bounded(
        &["loadgen", "--server", &server, "--timeout", "5", "--quiet"],
        Duration::from_secs(30),
    );
    assert!(!ok, "must fail");
    assert!(err.contains("binds"), "{err}");
}

/// A server that accepts the bind and then never answers: the window fills,
/// the load generator gives up after its timeout and reports every
/// submit_sm it wrote as unanswered.
#[test]
fn a_silent_server_leaves_the_window_unanswered() {
    use std::io::{Read, Write};

    use inlet_pdu::{BindResp, Body, Header, Pdu};

    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("listen");
    let addr = listener.local_addr().expect("addr").to_string();
    std::thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else {
            return;
        };
        let mut header = [0u8; 16];
        if stream.read_exact(&mut header).is_err() {
            return;
        }
        let header = Header::decode(&header).expect("a header");
        let mut body = vec![0u8; header.command_length as usize - 16];
        if stream.read_exact(&mut body).is_err() {
            return;
        }
        let resp = Pdu::new(
            header.sequence_number,
            Body::BindTransceiverResp(BindResp::default()),
        );
        let _ = stream.write_all(&resp.to_bytes().expect("encodes"));
        // Read and drop everything, answer nothing.
        let mut sink = [0u8; 4096];
        while matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
    });
    let (ok, out, err) = run_bounded(
        &[
            "loadgen",
            "--server",
            &addr,
            "--count",
            "100",
            "--window",
            "10",
            "--timeout",
            "1",
            "--json",
        ],
        Duration::from_secs(30),
    );
    assert!(ok, "a silent server is a result, not a failure: {err}");
    let report: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON object");
    assert_eq!(report["sent"], 10, "{report}");
    assert_eq!(report["acked"], 0, "{report}");
    assert_eq!(report["unanswered"], 10, "{report}");
    assert!(err.contains("window"), "{err}");
}

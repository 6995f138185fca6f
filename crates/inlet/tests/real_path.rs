//! The whole path, through a Kafka-protocol broker outside the inlet
//! process: messages arrive in Kafka as records with the right text and
//! the id the client got; nothing acknowledged is lost across SIGTERM; a
//! broker outage gives errors instead of ESME_ROK and traffic resumes;
//! SIGHUP adds an account and an assignment while sessions stay bound;
//! `/metrics` and `/readyz` follow.

mod common;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use common::{Inlet, Smpp, broker, config, records, temp_dir};
use inlet_pdu::{CommandId, CommandStatus};

/// Runs `inlet send` as carrier/secret from WhatsApp with `args`; the
/// message_ids it printed (one per part).
fn inlet_send(server: &str, args: &[&str]) -> Vec<String> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_inlet"))
        .args(["send", "--server", server, "--system-id", "carrier"])
        .args(["--password", "secret", "--from", "WhatsApp"])
        .args(args)
        .output()
        .expect("inlet send");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ids: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("message_id "))
        .map(str::to_owned)
        .collect();
    assert!(!ids.is_empty(), "no message_id printed");
    ids
}

fn field<'a>(record: &'a serde_json::Value, path: &[&str]) -> &'a serde_json::Value {
    path.iter().fold(record, |v, k| &v[*k])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_become_records_with_the_id_the_client_got() {
    let broker = broker();
    let bootstrap = broker.bootstrap_servers();
    let dir = temp_dir("records");
    let inlet = Inlet::start(&config(&dir, &bootstrap, ""));
    assert_eq!(inlet.get("/healthz").0, 200);

    let mut c = Smpp::bind(&inlet.smpp, "carrier", "secret")
        .await
        .expect("bind");
    // GSM 7-bit with extension characters (unpacked, data_coding 0).
    let gsm = inlet_message::gsm::encode("Code {42} costs 5€ [ok]", None, None).expect("gsm");
    let (_, status, _, gsm_id) = c.submit_one("WhatsApp", "+14035551234", 0, &gsm).await;
    assert_eq!(status, CommandStatus::ESME_ROK);
    // UCS-2 with an emoji (a surrogate pair).
    let ucs2: Vec<u8> = "Ваш код 1234 🔐"
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect();
    let (_, status, _, ucs2_id) = c.submit_one("Telegram", "+447700900123", 8, &ucs2).await;
    assert_eq!(status, CommandStatus::ESME_ROK);
    // A number nobody rents: acknowledged, kept on the unrouted topic.
    let (_, status, _, unrouted_id) = c.submit_one("WhatsApp", "+14035550000", 0, b"hello").await;
    assert_eq!(status, CommandStatus::ESME_ROK);
    // ... or refused under the `reject` policy.
    let mut strict = Smpp::bind(&inlet.smpp, "strict", "secret")
        .await
        .expect("bind");
    let (_, status, _, _) = strict
        .submit_one("WhatsApp", "+14035550000", 0, b"hello")
        .await;
    assert_eq!(status, CommandStatus::ESME_RINVDSTADR);
    // `inlet send`, the operators' client.
    let send_id = inlet_send(
        &inlet.smpp,
        &[
            "--to",
            "+447700900123",
            "--text",
            "WhatsApp code 555-123 😀",
        ],
    )
    .remove(0);

    // A long text: `inlet send` splits it into UDH segments; the
    // reassembler emits one whole record.
    let long = "Your verification code is 482913. Do not share it with anyone. ".repeat(4);
    let mut long_ids: Vec<Vec<String>> = Vec::new();
    for split in ["udh8", "udh16", "sar"] {
        let ids = inlet_send(
            &inlet.smpp,
            &[
                "--split",
                split,
                "--to",
                "+447700900123",
                "--text",
                long.trim_end(),
            ],
        );
        assert!(ids.len() >= 2, "{split}: {ids:?}");
        long_ids.push(ids);
    }

    let records = records(&bootstrap, Some(7), Duration::from_secs(30));
    assert_eq!(records.len(), 7, "{records:#?}");
    for ids in &long_ids {
        let r = records
            .iter()
            .find(|r| r["id"] == ids[0].as_str())
            .unwrap_or_else(|| panic!("no reassembled record in {records:#?}"));
        assert_eq!(r["text"], long.trim_end());
        assert_eq!(r["complete"], true);
        assert_eq!(r["part_ids"], serde_json::json!(ids));
    }
    let by_id = |id: &str| {
        records
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("no record {id} in {records:#?}"))
    };
    let r = by_id(&gsm_id);
    assert_eq!(r["text"], "Code {42} costs 5€ [ok]");
    assert_eq!(r["to"], "+14035551234");
    assert_eq!(field(r, &["assignment", "account"]), "customer-a");
    let r = by_id(&ucs2_id);
    assert_eq!(r["text"], "Ваш код 1234 🔐");
    assert_eq!(field(r, &["assignment", "account"]), "customer-tg");
    let r = by_id(&send_id);
    assert_eq!(r["text"], "WhatsApp code 555-123 😀");
    assert_eq!(field(r, &["assignment", "account"]), "customer-wa");
    let r = by_id(&unrouted_id);
    assert!(r["assignment"].is_null(), "{r}");

    // The metrics moved for this traffic.
    assert!(inlet.metric("inlet_messages_published_total{topic=\"sms.inbound\"}") >= 3.0);
    assert!(inlet.metric("inlet_messages_published_total{topic=\"sms.inbound.unrouted\"}") >= 1.0);
    assert!(inlet.metric("inlet_pdus_in_total{command=\"submit_sm\"") >= 5.0);
    assert!(inlet.metric("inlet_routing_results_total{outcome=\"unknown_number\"}") >= 2.0);
    assert!(inlet.metric("inlet_publish_latency_seconds_count") >= 4.0);
    assert_eq!(
        inlet.metric("inlet_binds{account=\"carrier\",bind_type=\"transceiver\"}"),
        1.0
    );
    assert_eq!(inlet.get("/readyz"), (200, "ready\n".to_owned()));

    // Logs at info carry sessions and binds, never texts or codes.
    let logs = inlet.logs();
    assert!(logs.contains("bound"), "{logs}");
    for secret in ["482913", "555-123", "Ваш код", "costs 5€"] {
        assert!(!logs.contains(secret), "{secret} logged: {logs}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_acknowledged_is_lost_across_sigterm() {
    let broker = broker();
    let bootstrap = broker.bootstrap_servers();
    let dir = temp_dir("sigterm");
    let mut inlet = Inlet::start(&config(&dir, &bootstrap, ""));
    let mut c = Smpp::bind(&inlet.smpp, "carrier", "secret")
        .await
        .expect("bind");
    let mut signalled = false;
    let responses = c
        .submit_many("+14035551234", 5_000, 50, |answered| {
            if answered == 2_500 && !signalled {
                signalled = true;
                inlet.signal("TERM");
            }
        })
        .await;
    assert!(signalled, "{} answered before the end", responses.len());
    let status = inlet.wait(Duration::from_secs(30));
    assert!(status.success(), "exit {status:?}: {}", inlet.logs());
    let acked: HashSet<String> = responses
        .iter()
        .filter(|r| r.1 == CommandStatus::ESME_ROK)
        .map(|r| r.3.clone())
        .collect();
    let refused = responses
        .iter()
        .filter(|r| r.1 != CommandStatus::ESME_ROK)
        .count();
    eprintln!(
        "{} acknowledged, {refused} refused, {} unanswered of 5000",
        acked.len(),
        5_000 - responses.len()
    );
    assert!(acked.len() >= 2_500);
    let records = records(
        &bootstrap,
        Some(acked.len() as u64),
        Duration::from_secs(30),
    );
    let in_kafka: HashSet<String> = records
        .iter()
        .filter_map(|r| r["id"].as_str().map(str::to_owned))
        .collect();
    let lost: Vec<&String> = acked.difference(&in_kafka).collect();
    assert!(
        lost.is_empty(),
        "{} acknowledged but not in Kafka: {:?}",
        lost.len(),
        &lost[..lost.len().min(5)]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broker_outage_gives_errors_not_acks_then_traffic_resumes() {
    let broker = broker();
    let bootstrap = broker.bootstrap_servers();
    let dir = temp_dir("outage");
    let inlet = Inlet::start(&config(&dir, &bootstrap, ""));
    let mut c = Smpp::bind(&inlet.smpp, "carrier", "secret")
        .await
        .expect("bind");
    let (_, status, _, _) = c.submit_one("WhatsApp", "+14035551234", 0, b"before").await;
    assert_eq!(status, CommandStatus::ESME_ROK);

    broker.all_down().expect("down");
    let down_at = Instant::now();
    // Load while the broker is down: 200 messages, window 50.
    let responses = c.submit_many("+14035551234", 200, 50, |_| {}).await;
    assert_eq!(responses.len(), 200, "every message answered");
    let oks = responses
        .iter()
        .filter(|r| r.1 == CommandStatus::ESME_ROK)
        .count();
    for r in &responses {
        assert!(
            [
                CommandStatus::ESME_ROK,
                CommandStatus::ESME_RSYSERR,
                CommandStatus::ESME_RTHROTTLED
            ]
            .contains(&r.1),
            "{r:?}"
        );
    }
    assert_eq!(oks, 0, "nothing acknowledged while the broker is down");
    eprintln!("200 answered without ESME_ROK in {:?}", down_at.elapsed());
    // Unready while it is down.
    let (status, body) = inlet.get("/readyz");
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("kafka"), "{body}");
    assert_eq!(inlet.metric("inlet_ready"), 0.0);

    broker.all_up().expect("up");
    // Traffic flows again without restarting inlet.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (_, status, _, _) = c.submit_one("WhatsApp", "+14035551234", 0, b"after").await;
        if status == CommandStatus::ESME_ROK {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "publishing did not resume: {status:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(inlet.get("/readyz").0, 200);
    assert!(inlet.metric("inlet_publish_errors_total{class=\"temporary\"}") >= 1.0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sighup_adds_an_account_and_an_assignment_keeping_binds() {
    let broker = broker();
    let bootstrap = broker.bootstrap_servers();
    let dir = temp_dir("sighup");
    let path = config(&dir, &bootstrap, "");
    let inlet = Inlet::start(&path);
    let mut c = Smpp::bind(&inlet.smpp, "carrier", "secret")
        .await
        .expect("bind");
    assert_eq!(
        Smpp::bind(&inlet.smpp, "newcomer", "fresh").await.err(),
        Some(CommandStatus::ESME_RINVPASWD)
    );
    // A bad file is refused and changes nothing.
    let good = std::fs::read_to_string(&path).expect("config");
    std::fs::write(&path, "listen = [").expect("write");
    inlet.signal("HUP");
    wait_for(|| inlet.metric("inlet_config_reloads_total{result=\"error\"}") >= 1.0).await;

    // Add an account and an assignment.
    std::fs::write(
        &path,
        good + "\n[[accounts]]\nsystem_id = \"newcomer\"\npassword = { insecure_plain = \"fresh\" }\n",
    )
    .expect("write");
    let csv = dir.join("assignments.csv");
    let mut assignments = std::fs::read_to_string(&csv).expect("csv");
    assignments.push_str("1004,customer-new,+14035559999,2025-01-01T00:00:00Z,,,\n");
    std::fs::write(&csv, assignments).expect("csv");
    inlet.signal("HUP");
    wait_for(|| inlet.metric("inlet_config_reloads_total{result=\"ok\"}") >= 1.0).await;

    let mut newcomer = Smpp::bind(&inlet.smpp, "newcomer", "fresh")
        .await
        .expect("the new account binds");
    let (_, status, _, id) = newcomer
        .submit_one("WhatsApp", "+14035559999", 0, b"welcome")
        .await;
    assert_eq!(status, CommandStatus::ESME_ROK);
    // The session bound before the reload is still up.
    let (_, status, _, _) = c
        .submit_one("WhatsApp", "+14035551234", 0, b"still bound")
        .await;
    assert_eq!(status, CommandStatus::ESME_ROK);
    assert_eq!(inlet.metric("inlet_binds{account=\"carrier\""), 1.0);

    let records = records(&bootstrap, Some(2), Duration::from_secs(20));
    let r = records
        .iter()
        .find(|r| r["id"] == id.as_str())
        .expect("record");
    assert_eq!(field(r, &["assignment", "account"]), "customer-new");
    let _ = CommandId::SUBMIT_SM;
}

/// Polls `condition` for up to 10 s.
async fn wait_for(condition: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !condition() {
        assert!(Instant::now() < deadline, "condition not met in 10 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// UDH segments of `user_data` parts, 8-bit reference.
fn udh8(reference: u8, parts: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let total = parts.len() as u8;
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut ud = vec![5, 0x00, 3, reference, total, i as u8 + 1];
            ud.extend_from_slice(p);
            ud
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn multipart_segments_across_binds_and_instances_make_one_record() {
    let broker = broker();
    let bootstrap = broker.bootstrap_servers();
    // The reassemblers' group settles (and a member that fails to sync is
    // dropped) within a few session timeouts: short ones here. librdkafka's
    // group debug lines go to the logs for when it does not.
    let packed_account = "\n[[accounts]]\nsystem_id = \"packed\"\npassword = { insecure_plain = \"secret\" }\ndefault_country = \"GB\"\ngsm_packed = true\n\n[kafka.properties]\n\"session.timeout.ms\" = \"3000\"\n\"heartbeat.interval.ms\" = \"500\"\ndebug = \"cgrp\"\n\n[log]\nlevel = \"info,librdkafka=debug\"\n";
    let dir_a = temp_dir("multi-a");
    let dir_b = temp_dir("multi-b");
    let config_b = config(&dir_b, &bootstrap, packed_account);
    let text_b = std::fs::read_to_string(&config_b)
        .expect("config")
        .replace("node_id = 7", "node_id = 8");
    std::fs::write(&config_b, text_b).expect("write");
    let a = Inlet::start(&config(&dir_a, &bootstrap, packed_account));
    let b = Inlet::start(&config_b);
    // Both instances' reassemblers own partitions of the segments topic:
    // librdkafka's mock cluster can fail the sync of two members joining
    // at once (an empty assignment) and take a few rounds to settle.
    let settled = Instant::now() + Duration::from_secs(60);
    loop {
        let (pa, pb) = (
            a.metric("inlet_reassembly_partitions"),
            b.metric("inlet_reassembly_partitions"),
        );
        if pa > 0.0 && pb > 0.0 && pa + pb == 3.0 {
            break;
        }
        assert!(
            Instant::now() < settled,
            "the reassembler group did not settle in 60 s ({pa} + {pb} partitions)"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // UCS-2 with an emoji split across parts: part 1 on one bind of
    // instance A, part 2 on another bind of A, part 3 on instance B.
    let text = "Код 😀 для входа 4321";
    let ucs2: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let chunks: Vec<Vec<u8>> = ucs2
        .chunks(ucs2.len().div_ceil(3) | 1)
        .map(<[u8]>::to_vec)
        .collect();
    assert_eq!(chunks.len(), 3);
    let parts = udh8(42, &chunks);
    let mut a1 = Smpp::bind(&a.smpp, "carrier", "secret")
        .await
        .expect("bind");
    let mut a2 = Smpp::bind(&a.smpp, "carrier", "secret")
        .await
        .expect("bind");
    let mut b1 = Smpp::bind(&b.smpp, "carrier", "secret")
        .await
        .expect("bind");
    let mut ids = Vec::new();
    for (client, part) in [
        (&mut b1, &parts[2]),
        (&mut a2, &parts[1]),
        (&mut a1, &parts[0]),
    ] {
        let seq = client
            .submit_raw("Telegram", "+447700900123", 8, 0x40, part)
            .await;
        let (_, status, got, id) = client.recv().await.expect("resp");
        assert_eq!((status, got), (CommandStatus::ESME_ROK, seq));
        ids.push(id);
    }
    ids.reverse();

    // GSM 7-bit packed (the account's setting), an escape split across
    // two parts, the parts on the two instances.
    let gsm_text = "Pay 5€ for code 7788 now";
    let septets = inlet_message::gsm::encode(gsm_text, None, None).expect("gsm");
    let cut = septets.iter().position(|&s| s == 0x1B).expect("escape") + 1;
    let packed: Vec<Vec<u8>> = [&septets[..cut], &septets[cut..]]
        .iter()
        .enumerate()
        .map(|(i, chunk)| {
            // UDH of 6 octets: 1 fill bit aligns the text on a septet.
            let mut ud = vec![5, 0x00, 3, 43, 2, i as u8 + 1];
            ud.extend(inlet_message::gsm::pack_septets(chunk, 1));
            ud
        })
        .collect();
    let mut pa = Smpp::bind(&a.smpp, "packed", "secret").await.expect("bind");
    let mut pb = Smpp::bind(&b.smpp, "packed", "secret").await.expect("bind");
    let seq = pb
        .submit_raw("Bank", "+14035551234", 0, 0x40, &packed[1])
        .await;
    assert_eq!(
        pb.recv().await.expect("resp").1,
        CommandStatus::ESME_ROK,
        "{seq}"
    );
    let seq = pa
        .submit_raw("Bank", "+14035551234", 0, 0x40, &packed[0])
        .await;
    let (_, status, _, gsm_id) = pa.recv().await.expect("resp");
    assert_eq!(status, CommandStatus::ESME_ROK, "{seq}");

    let records = records(&bootstrap, Some(2), Duration::from_secs(30));
    assert_eq!(records.len(), 2, "one record per message: {records:#?}");
    let r = records
        .iter()
        .find(|r| r["id"] == ids[0].as_str())
        .expect("ucs2 record");
    assert_eq!(r["text"], text);
    assert_eq!(r["complete"], true);
    assert_eq!(r["part_ids"], serde_json::json!(ids));
    assert_eq!(field(r, &["assignment", "account"]), "customer-tg");
    let r = records
        .iter()
        .find(|r| r["id"] == gsm_id.as_str())
        .expect("gsm record");
    assert_eq!(r["text"], gsm_text);
    assert_eq!(r["encoding"], "gsm7_packed");
    assert_eq!(r["complete"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_logs_are_one_object_per_line_with_the_session_span() {
    let broker = broker();
    let bootstrap = broker.bootstrap_servers();
    let dir = temp_dir("json-logs");
    let inlet = Inlet::start(&config(&dir, &bootstrap, "\n[log]\nformat = \"json\"\n"));
    let mut c = Smpp::bind(&inlet.smpp, "carrier", "secret")
        .await
        .expect("bind");
    let (_, status, _, _) = c
        .submit_one("WhatsApp", "+14035551234", 0, b"Code 123456")
        .await;
    assert_eq!(status, CommandStatus::ESME_ROK);
    drop(c);
    wait_for(|| inlet.logs().contains("peer closed") || inlet.logs().contains("bound")).await;
    let logs = inlet.logs();
    let lines: Vec<serde_json::Value> = logs
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let bound = lines
        .iter()
        .find(|l| l["message"] == "bound")
        .unwrap_or_else(|| panic!("{logs}"));
    assert_eq!(bound["level"], "INFO");
    assert_eq!(bound["span"]["system_id"], "carrier");
    assert_eq!(bound["span"]["bind"], "transceiver");
    assert!(!logs.contains("123456"), "{logs}");
}

//! Reassembly throughput: 2-part UCS-2 groups already on the segments
//! topic of the embedded broker, one reassembler; groups emitted per
//! second, timed from the first record out to the last (so the consumer
//! group's join is not counted). Prints `reassembly_groups_per_s=<n>`.
//!
//! `cargo bench -p inlet-kafka --bench reassembly`
//! (`INLET_BENCH_GROUPS`, default 20 000).

use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use inlet_kafka::reassembly::{Options, Reassembler, ReassemblyMetrics};
use inlet_kafka::{EmbeddedBroker, KafkaConfig, KafkaPublisher};
use inlet_message::multipart::{GroupKey, RefKind};
use inlet_message::publish::{Publication, Publisher};
use inlet_message::record::{
    Assignment, BindKind, Carrier, Command, FromKind, SegmentRecord, Smpp,
};
use inlet_message::text::Encoding;

fn segment(group: usize, seq: u8, content: &[u8]) -> SegmentRecord {
    SegmentRecord {
        group: GroupKey {
            account: "carrier".into(),
            from: format!("Sender{}", group % 1000),
            to: format!("+1403555{:04}", group % 10_000),
            kind: RefKind::Udh16,
            reference: (group % 65_536) as u16,
            total: 2,
        },
        seq,
        id: format!("{group:08x}{seq:08x}").into(),
        received_at: "2026-11-22T00:00:00.000Z".into(),
        from_kind: FromKind::Alphanumeric,
        content_base64: BASE64.encode(content),
        udh_length: 7,
        encoding: Encoding::Ucs2,
        language_locking_shift: None,
        language_single_shift: None,
        assignment: Some(Assignment {
            id: "1001".into(),
            account: "customer".into(),
            service: Vec::new(),
            labels: Default::default(),
        }),
        reason: None,
        carrier: Carrier {
            system_id: "carrier".into(),
            bind: BindKind::Transceiver,
            session: "s1".into(),
        },
        smpp: Smpp {
            command: Command::SubmitSm,
            esm_class: 0x40,
            data_coding: 8,
            protocol_id: None,
            source_addr_ton: 5,
            source_addr_npi: 0,
            dest_addr_ton: 1,
            dest_addr_npi: 1,
            tlv_tags: Vec::new(),
        },
    }
}

fn main() {
    let groups: usize = std::env::var("INLET_BENCH_GROUPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let config = KafkaConfig::new("embedded");
    let topics: Vec<(&str, u32)> = config.topics.all().iter().map(|t| (*t, 3)).collect();
    let broker = EmbeddedBroker::start(1, &topics).expect("broker");
    let bootstrap = broker.bootstrap_servers();
    let config = KafkaConfig::new(&bootstrap);
    let publisher =
        Arc::new(KafkaPublisher::with_bootstrap(&config, &bootstrap).expect("producer"));
    // A 100-character UCS-2 text in two parts.
    let text: Vec<u8> =
        "Ваш код подтверждения 482913. Никому его не сообщайте. Код действует 10 минут. Ваш банк."
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
    let (first, second) = text.split_at(text.len() / 2);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        for chunk in (0..groups).collect::<Vec<_>>().chunks(5_000) {
            let futures: Vec<_> = chunk
                .iter()
                .flat_map(|&g| [segment(g, 2, second), segment(g, 1, first)])
                .map(|s| publisher.publish(Publication::Segment(s)))
                .collect();
            for r in futures::future::join_all(futures).await {
                r.expect("segment published");
            }
        }
    });
    let metrics = ReassemblyMetrics::unregistered();
    let options = Options {
        group: format!("reassembly-bench-{}", std::process::id()),
        metrics: metrics.clone(),
        ..Options::default()
    };
    let started = Instant::now();
    let reassembler =
        Reassembler::start(&config, &bootstrap, publisher.clone(), options).expect("reassembler");
    let emitted = || metrics.emitted.with_label_values(&["complete"]).get() as usize;
    let mut first_out = None;
    while emitted() < groups && started.elapsed() < Duration::from_secs(300) {
        if first_out.is_none() && emitted() > 0 {
            first_out = Some((Instant::now(), emitted()));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let done = Instant::now();
    drop(reassembler);
    let out = emitted();
    let (t0, n0) = first_out.unwrap_or((started, 0));
    let secs = done.duration_since(t0).as_secs_f64().max(1e-9);
    let rate = (out - n0) as f64 / secs;
    println!(
        "groups={groups} emitted={out} duplicates={} join_s={:.2} emit_s={secs:.2} mean_wait_ms={:.1}",
        metrics.segments.with_label_values(&["duplicate"]).get(),
        t0.duration_since(started).as_secs_f64(),
        metrics.latency.get_sample_sum() / metrics.latency.get_sample_count().max(1) as f64 * 1e3,
    );
    println!("reassembly_groups_per_s={rate:.0}");
}

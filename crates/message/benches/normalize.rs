//! Normalization speed: a 30-character GSM 7-bit OTP message, a
//! 70-character UCS-2 message with an emoji, a 3-part concatenated message
//! (each segment normalized, then the joined text decoded), and
//! `otp::extract` on a typical message and (`otp_extract_corpus`) on every
//! text of `tests/fixtures/otp.tsv`, one iteration being the whole corpus
//! (divide by the number of texts, printed at the start, for the time per
//! message).
//!
//! Run: `cargo bench -p inlet-message --bench normalize`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use inlet_message::address::Country;
use inlet_message::gsm;
use inlet_message::normalize::{Policy, normalize};
use inlet_message::otp;
use inlet_message::text::{SegmentContent, TextPolicy, decode_joined};
use inlet_pdu::{Address, Body, Pdu, SubmitSm, Tlvs};

fn deliver_sm<'a>(dcs: u8, esm: u8, text: &'a [u8]) -> Pdu<'a> {
    Pdu::new(
        1,
        Body::DeliverSm(SubmitSm {
            source: Address::new(5, 0, b"WhatsApp"),
            dest: Address::new(1, 1, b"447700900123"),
            esm_class: esm,
            data_coding: dcs,
            short_message: text,
            tlvs: Tlvs::EMPTY,
            ..SubmitSm::default()
        }),
    )
}

fn ucs2(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_be_bytes).collect()
}

fn bench(c: &mut Criterion) {
    let policy = Policy {
        country: Country::from_iso("GB").expect("GB"),
        text: TextPolicy::DEFAULT,
    };
    let gsm_text = gsm::encode("Your WhatsApp code is 482-913.", None, None).expect("gsm");
    assert_eq!(gsm_text.len(), 30);
    let ucs2_text = ucs2("Ваш код подтверждения: 552193. Никому его не сообщайте! С уважением 🔐");
    assert_eq!(ucs2_text.len() / 2, 70);
    let long = "Your verification code for the Example Bank mobile app is 839201. It expires in 10 minutes. \
                Never share this code with anyone, including bank staff. If you did not request it, call us \
                immediately on the number on the back of your card. Thank you for banking with us today. \
                Remember: we will never ask for your PIN, your password or this code by phone or by email.";
    let septets = gsm::encode(long, None, None).expect("gsm");
    let segments: Vec<Vec<u8>> = septets
        .chunks(153)
        .enumerate()
        .map(|(i, chunk)| {
            let mut ud = vec![0x05, 0x00, 0x03, 0x42, 3, i as u8 + 1];
            ud.extend_from_slice(chunk);
            ud
        })
        .collect();
    assert_eq!(segments.len(), 3);

    let mut group = c.benchmark_group("normalize");
    group.bench_function("gsm7_otp_30", |b| {
        let pdu = deliver_sm(0, 0, &gsm_text);
        b.iter(|| {
            let m = normalize(black_box(&pdu), &policy).expect("valid");
            black_box((m.text.text, m.to, m.from));
        })
    });
    group.bench_function("ucs2_emoji_70", |b| {
        let pdu = deliver_sm(8, 0, &ucs2_text);
        b.iter(|| {
            let m = normalize(black_box(&pdu), &policy).expect("valid");
            black_box((m.text.text, m.to, m.from));
        })
    });
    group.bench_function("concat_3_parts", |b| {
        let pdus: Vec<Pdu<'_>> = segments.iter().map(|s| deliver_sm(0, 0x40, s)).collect();
        b.iter(|| {
            let mut contents = Vec::with_capacity(3);
            for pdu in &pdus {
                let m = normalize(black_box(pdu), &policy).expect("valid");
                black_box(&m.multipart);
                contents.push(SegmentContent {
                    udh: m.text.udh,
                    content: m.text.raw,
                });
            }
            black_box(decode_joined(0, &contents, &policy.text));
        })
    });
    group.bench_function("otp_extract", |b| {
        let text = "<#> 482913 is your verification code. Do not share it with anyone. FA+9qCX9VSu";
        b.iter(|| black_box(otp::extract(black_box(text))))
    });
    let corpus = otp_corpus();
    group.bench_function("otp_extract_corpus", |b| {
        b.iter(|| {
            for text in &corpus {
                black_box(otp::extract(black_box(text)));
            }
        })
    });
    group.finish();
}

/// The texts of `tests/fixtures/otp.tsv`, parsed as `tests/otp.rs` does:
/// comments and blank lines skipped, the third TAB-separated column with
/// `\n`, `\t` and `\\` unescaped.
fn otp_corpus() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/otp.tsv");
    let raw = std::fs::read_to_string(path).expect("read otp.tsv");
    let corpus: Vec<String> = raw
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| unescape(l.splitn(3, '\t').nth(2).expect("text column")))
        .collect();
    let bytes: usize = corpus.iter().map(String::len).sum();
    eprintln!(
        "otp_extract_corpus: {} texts, {} bytes on average",
        corpus.len(),
        bytes / corpus.len().max(1)
    );
    corpus
}

#[path = "../tests/fixtures/unescape.rs"]
mod fixture_escapes;
use fixture_escapes::unescape;

criterion_group!(benches, bench);
criterion_main!(benches);

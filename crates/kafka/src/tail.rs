//! `inlet tail`: prints the records of the main and unrouted topics
//! (`config.topics.inbound`, `config.topics.unrouted`) as they arrive.
//!
//! The consumer is not a member of a consumer group and never commits: it
//! assigns itself every partition of both topics explicitly (as the
//! assignments feed does), from the beginning with
//! [`TailOptions::from_beginning`], else from the end as it is when the
//! tail starts. Tailing therefore moves no offset of any real consumer.
//! librdkafka insists on a `group.id`; the tail makes up a throwaway one
//! that no broker hears of. The pass-through `config.properties` (TLS,
//! SASL, ...) apply.
//!
//! # Output
//!
//! - Pretty (default, [`format_pretty`]): a block of a few lines per
//!   record: where it is (topic, partition, offset), when it was received,
//!   sender → recipient, the owning account (or `unrouted` and why), the
//!   encoding and the text. Control characters of the record's strings
//!   (an SMS can carry terminal escape sequences) are shown escaped.
//! - JSON lines ([`TailOptions::json`], [`format_json`]): each record's
//!   value exactly as stored, one per line. A value that is not JSON (or
//!   a tombstone) is printed as a JSON object saying so, with where the
//!   record is and its bytes in base64.
//!
//! # Ending
//!
//! [`tail`] returns after [`TailOptions::max`] records (counted across
//! both topics), when [`TailOptions::timeout`] has passed since it started,
//! or never when neither is given (the process is killed). An error
//! writing the output (a closed pipe: `inlet tail | head`) ends it with
//! [`TailError::Write`].

use std::time::{Duration, Instant};

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::error::KafkaError;
use rdkafka::message::Message;
use rdkafka::{ClientConfig, Offset, TopicPartitionList};
use serde_json::Value;

use crate::client_log::Logged;
use crate::config::{ConfigError, KafkaConfig};

/// How long [`tail`] waits for a topic to exist (and for the brokers to
/// answer metadata requests) before failing; never beyond
/// [`TailOptions::timeout`].
pub const TOPIC_WAIT: Duration = Duration::from_secs(10);

/// How long one poll waits for records.
const POLL_INTERVAL: Duration = Duration::from_millis(100);

/// Timeout of one metadata request.
const METADATA_TIMEOUT: Duration = Duration::from_secs(5);

/// What to print and when to stop.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TailOptions {
    /// Read every partition from the beginning (`--from-beginning`);
    /// otherwise only records published after the tail starts.
    pub from_beginning: bool,
    /// Stop after this many records, counted across both topics
    /// (`--max N`).
    pub max: Option<u64>,
    /// Stop when this much time has passed since the start, in total
    /// (`--timeout SECONDS`).
    pub timeout: Option<Duration>,
    /// Print each value as one JSON line (`--json`) instead of the pretty
    /// blocks.
    pub json: bool,
}

/// Why the tail failed.
#[derive(Debug, thiserror::Error)]
pub enum TailError {
    /// The configuration is refused (see [`KafkaConfig::validate`]).
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// librdkafka refused to create the consumer.
    #[error("tail: cannot create the kafka consumer: {0}")]
    Consumer(KafkaError),
    /// The brokers answered, but the topic does not exist.
    #[error("tail: topic `{topic}` does not exist (waited {waited:?})")]
    UnknownTopic {
        /// The topic.
        topic: String,
        /// How long the tail waited for it.
        waited: Duration,
    },
    /// The brokers did not answer the metadata request of a topic in time
    /// (unreachable brokers, refused authentication, ...).
    #[error("tail: cannot read the metadata of topic `{topic}` (waited {waited:?}): {error}")]
    Metadata {
        /// The topic.
        topic: String,
        /// How long the tail tried.
        waited: Duration,
        /// The last error.
        error: KafkaError,
    },
    /// librdkafka refused the partition assignment.
    #[error("tail: cannot assign the partitions: {0}")]
    Assign(KafkaError),
    /// Writing the output failed (a closed pipe: `inlet tail | head`).
    #[error("tail: cannot write the output: {0}")]
    Write(#[from] std::io::Error),
}

/// One record read, as the formatters see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TailRecord<'a> {
    /// The topic.
    pub topic: &'a str,
    /// The partition.
    pub partition: i32,
    /// The offset.
    pub offset: i64,
    /// The key (the recipient for inlet's records).
    pub key: Option<&'a [u8]>,
    /// The value; `None` for a tombstone.
    pub value: Option<&'a [u8]>,
}

/// The librdkafka consumer configuration of the tail: the pass-through
/// properties of `config`, then no commits, a throwaway group id, no
/// automatic topic creation.
///
/// # Errors
/// What [`KafkaConfig::validate`] finds.
pub fn consumer_config(
    config: &KafkaConfig,
    bootstrap_servers: &str,
) -> Result<ClientConfig, ConfigError> {
    let group = crate::config::throwaway_group_id("inlet-tail");
    let mut client = config.consumer_config(bootstrap_servers, &group)?;
    client
        .set("auto.offset.reset", "latest")
        .set("enable.partition.eof", "false");
    Ok(client)
}

/// Prints the records of `config.topics.inbound` and
/// `config.topics.unrouted` on the brokers at `bootstrap` to `out`, until
/// [`options`](TailOptions) say to stop; see the [module](self) docs.
/// Blocking. Returns how many records were printed.
///
/// # Errors
/// The configuration is refused, the consumer cannot be created, a topic
/// does not exist or its metadata cannot be read within [`TOPIC_WAIT`]
/// (and the timeout), or writing to `out` fails. A consumer error while
/// reading (a broker going away) is logged and retried, not returned.
pub fn tail(
    config: &KafkaConfig,
    bootstrap: &str,
    options: &TailOptions,
    out: &mut dyn std::io::Write,
) -> Result<u64, TailError> {
    let start = Instant::now();
    let deadline = options.timeout.map(|t| start + t);
    if options.max == Some(0) {
        return Ok(0);
    }
    let consumer: BaseConsumer<Logged> = consumer_config(config, bootstrap)?
        .create_with_context(Logged::new("tail"))
        .map_err(TailError::Consumer)?;
    let wait_until = deadline.map_or(start + TOPIC_WAIT, |d| d.min(start + TOPIC_WAIT));
    let offset = if options.from_beginning {
        Offset::Beginning
    } else {
        Offset::End
    };
    let mut assignment = TopicPartitionList::new();
    for topic in [&config.topics.inbound, &config.topics.unrouted] {
        for partition in partitions(&consumer, topic, start, wait_until)? {
            assignment
                .add_partition_offset(topic, partition, offset)
                .map_err(TailError::Assign)?;
        }
    }
    consumer.assign(&assignment).map_err(TailError::Assign)?;
    tracing::debug!(
        partitions = assignment.count(),
        from_beginning = options.from_beginning,
        "tail: partitions assigned"
    );

    let mut printed = 0_u64;
    let mut last_error: Option<String> = None;
    while options.max.is_none_or(|max| printed < max) {
        let wait = match deadline {
            Some(deadline) => {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    break;
                }
                left.min(POLL_INTERVAL)
            }
            None => POLL_INTERVAL,
        };
        match consumer.poll(wait) {
            None => {}
            Some(Ok(message)) => {
                let record = TailRecord {
                    topic: message.topic(),
                    partition: message.partition(),
                    offset: message.offset(),
                    key: message.key(),
                    value: message.payload(),
                };
                let text = if options.json {
                    format_json(&record)
                } else {
                    format_pretty(&record)
                };
                out.write_all(text.as_bytes())?;
                out.write_all(b"\n")?;
                out.flush()?;
                printed += 1;
                last_error = None;
            }
            Some(Err(e)) => {
                let e = e.to_string();
                if last_error.as_ref() != Some(&e) {
                    tracing::warn!("tail: consumer error (retrying): {e}");
                    last_error = Some(e);
                }
            }
        }
    }
    Ok(printed)
}

/// The partitions of `topic`, waiting until `until` for the topic to exist
/// and the brokers to answer.
fn partitions(
    consumer: &BaseConsumer<Logged>,
    topic: &str,
    start: Instant,
    until: Instant,
) -> Result<Vec<i32>, TailError> {
    loop {
        let request_timeout = until
            .saturating_duration_since(Instant::now())
            .clamp(Duration::from_millis(100), METADATA_TIMEOUT);
        let found = consumer
            .fetch_metadata(Some(topic), request_timeout)
            .map(|metadata| {
                metadata
                    .topics()
                    .iter()
                    .find(|t| t.name() == topic)
                    .filter(|t| t.error().is_none())
                    .map(|t| t.partitions().iter().map(|p| p.id()).collect::<Vec<_>>())
                    .filter(|p| !p.is_empty())
            });
        let now = Instant::now();
        match found {
            Ok(Some(partitions)) => return Ok(partitions),
            Ok(None) if now >= until => {
                return Err(TailError::UnknownTopic {
                    topic: topic.to_owned(),
                    waited: now - start,
                });
            }
            Err(error) if now >= until => {
                return Err(TailError::Metadata {
                    topic: topic.to_owned(),
                    waited: now - start,
                    error,
                });
            }
            Ok(None) | Err(_) => {
                std::thread::sleep(
                    until
                        .saturating_duration_since(now)
                        .min(Duration::from_millis(250)),
                );
            }
        }
    }
}

/// A record as one JSON line (no newline at the end): its value exactly as
/// stored when it is JSON (made compact only if it spans lines); otherwise
/// an object with `topic`, `partition`, `offset`, `key`, `error` and
/// `value_base64` (absent for a tombstone).
#[must_use]
pub fn format_json(record: &TailRecord<'_>) -> String {
    let error = match record.value {
        None => "no value (tombstone)".to_owned(),
        Some(value) => match serde_json::from_slice::<Value>(value) {
            Ok(parsed) => {
                if !value.contains(&b'\n')
                    && !value.contains(&b'\r')
                    && let Ok(text) = std::str::from_utf8(value)
                {
                    return text.trim().to_owned();
                }
                return parsed.to_string();
            }
            Err(e) => format!("not JSON: {e}"),
        },
    };
    let mut object = serde_json::Map::new();
    object.insert("topic".into(), record.topic.into());
    object.insert("partition".into(), record.partition.into());
    object.insert("offset".into(), record.offset.into());
    object.insert(
        "key".into(),
        record
            .key
            .map_or(Value::Null, |k| String::from_utf8_lossy(k).into()),
    );
    object.insert("error".into(), error.into());
    if let Some(value) = record.value {
        object.insert("value_base64".into(), base64(value).into());
    }
    Value::Object(object).to_string()
}

/// Width of the labels of [`format_pretty`].
const LABEL: usize = 10;

/// A record as a readable block of lines (no newline at the end):
///
/// ```text
/// ── sms.inbound [2] @ 17
/// received  2025-03-01T12:34:56.789Z  (id 0000000100000001)
/// from      WhatsApp (alphanumeric) → +14035551234
/// account   cust-1  (assignment asg-100001; service whatsapp)
/// encoding  gsm7
/// otp       482913
/// text      Your WhatsApp code: 482-913. Don't share this code with others.
/// ```
///
/// An unrouted record shows `account   unrouted (no_assignment)`. Missing
/// fields show as `?`; a value that is not a JSON object is described
/// instead. Control characters are escaped (`\u{1b}`); the lines of a
/// multi-line text are indented under the first.
#[must_use]
pub fn format_pretty(record: &TailRecord<'_>) -> String {
    let mut out = format!(
        "── {} [{}] @ {}",
        clean(record.topic),
        record.partition,
        record.offset
    );
    let mut line = |label: &str, value: &str| {
        out.push('\n');
        out.push_str(&format!("{label:<LABEL$}"));
        let mut lines = value.split('\n');
        out.push_str(lines.next().unwrap_or_default());
        for more in lines {
            out.push('\n');
            out.push_str(&" ".repeat(LABEL));
            out.push_str(more);
        }
    };
    let Some(bytes) = record.value else {
        line("value", "none (tombstone)");
        return out;
    };
    let parsed = match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(object)) => object,
        Ok(_) => {
            line("error", "the value is JSON but not an object");
            line("value", &clean(&String::from_utf8_lossy(bytes)));
            return out;
        }
        Err(e) => {
            line("error", &format!("not JSON ({} bytes): {e}", bytes.len()));
            line("base64", &base64(bytes));
            return out;
        }
    };
    let field = |name: &str| -> String {
        match parsed.get(name) {
            Some(Value::String(s)) => clean(s),
            Some(Value::Null) | None => "?".to_owned(),
            Some(other) => clean(&other.to_string()),
        }
    };

    let mut received = field("received_at");
    if parsed.contains_key("id") {
        received.push_str(&format!("  (id {})", field("id")));
    }
    line("received", &received);
    line(
        "from",
        &format!(
            "{} ({}) → {}",
            field("from"),
            field("from_kind"),
            field("to")
        ),
    );

    match parsed.get("assignment") {
        Some(Value::Object(assignment)) => {
            let get = |name: &str| match assignment.get(name) {
                Some(Value::String(s)) => clean(s),
                Some(Value::Null) | None => "?".to_owned(),
                Some(other) => clean(&other.to_string()),
            };
            let mut text = format!("{}  (assignment {}", get("account"), get("id"));
            if let Some(Value::Array(service)) = assignment.get("service")
                && !service.is_empty()
            {
                let names: Vec<String> = service
                    .iter()
                    .map(|s| s.as_str().map_or_else(|| s.to_string(), ToOwned::to_owned))
                    .map(|s| clean(&s))
                    .collect();
                text.push_str(&format!("; service {}", names.join(", ")));
            }
            text.push(')');
            line("account", &text);
        }
        _ => {
            let reason = match parsed.get("reason") {
                Some(Value::String(reason)) => clean(reason),
                _ => "no reason given".to_owned(),
            };
            line("account", &format!("unrouted ({reason})"));
        }
    }

    let mut encoding = field("encoding");
    if let Some(Value::String(shift)) = parsed.get("language_shift") {
        encoding.push_str(&format!(", {} shift", clean(shift)));
    }
    let parts = parsed.get("parts").and_then(Value::as_u64).unwrap_or(1);
    if parts > 1 {
        encoding.push_str(&format!(", {parts} parts"));
    }
    if parsed.get("complete").and_then(Value::as_bool) == Some(false) {
        let missing = parsed
            .get("missing_parts")
            .map_or_else(|| "?".to_owned(), Value::to_string);
        encoding.push_str(&format!(", incomplete (missing {missing})"));
    }
    if parsed.get("late").and_then(Value::as_bool) == Some(true) {
        encoding.push_str(", late");
    }
    if parsed.get("lossy").and_then(Value::as_bool) == Some(true) {
        encoding.push_str(", lossy");
    }
    line("encoding", &encoding);

    if let Some(Value::Object(otp)) = parsed.get("otp")
        && let Some(Value::String(code)) = otp.get("code")
    {
        line("otp", &clean(code));
    }
    match parsed.get("text") {
        Some(Value::String(text)) => line("text", &clean_text(text)),
        _ => match parsed.get("raw_base64") {
            Some(Value::String(raw)) => line("raw", &format!("{} (base64, no text)", clean(raw))),
            _ => line("text", "(none)"),
        },
    }
    out
}

/// `s` with every control character escaped (`\u{1b}`), newlines included.
fn clean(s: &str) -> String {
    escape(s, false)
}

/// `s` with every control character but the newline escaped; `\r\n` and
/// `\r` become newlines.
fn clean_text(s: &str) -> String {
    escape(&s.replace("\r\n", "\n").replace('\r', "\n"), true)
}

fn escape(s: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if (c == '\n' && keep_newlines) || !(c.is_control() || is_invisible_format(c)) {
            out.push(c);
        } else if c == '\t' {
            out.push_str("    ");
        } else {
            out.push_str(&c.escape_unicode().to_string());
        }
    }
    out
}

/// Bidirectional overrides and isolates, which reorder what a terminal
/// shows (the "Trojan Source" characters).
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROUTED: &str = r#"{"id":"0000000100000001","fingerprint":"0123456789abcdef0123456789abcdef","received_at":"2025-03-01T12:34:56.789Z","to":"+14035551234","from":"WhatsApp","from_kind":"alphanumeric","text":"Your WhatsApp code: 482-913.\nDon't share it.","lossy":false,"encoding":"gsm7","parts":1,"part_ids":["0000000100000001"],"complete":true,"missing_parts":[],"late":false,"otp":{"code":"482913"},"assignment":{"id":"asg-1","account":"cust-1","service":["whatsapp"],"labels":{}},"carrier":{"system_id":"acme","bind":"transceiver","session":"n1-0"},"smpp":{"command":"submit_sm","esm_class":0,"data_coding":0,"source_addr_ton":5,"source_addr_npi":0,"dest_addr_ton":1,"dest_addr_npi":1,"tlv_tags":[]}}"#;

    fn record<'a>(topic: &'a str, value: Option<&'a [u8]>) -> TailRecord<'a> {
        TailRecord {
            topic,
            partition: 2,
            offset: 17,
            key: Some(b"+14035551234"),
            value,
        }
    }

    #[test]
    fn pretty_routed() {
        let text = format_pretty(&record("sms.inbound", Some(ROUTED.as_bytes())));
        assert_eq!(
            text,
            "── sms.inbound [2] @ 17\n\
             received  2025-03-01T12:34:56.789Z  (id 0000000100000001)\n\
             from      WhatsApp (alphanumeric) → +14035551234\n\
             account   cust-1  (assignment asg-1; service whatsapp)\n\
             encoding  gsm7\n\
             otp       482913\n\
             text      Your WhatsApp code: 482-913.\n\
             \x20         Don't share it."
        );
    }

    #[test]
    fn pretty_unrouted_multipart_binary() {
        let mut value: Value = serde_json::from_str(ROUTED).expect("json");
        let object = value.as_object_mut().expect("object");
        object.remove("assignment");
        object.remove("otp");
        object.remove("text");
        object.insert("reason".into(), "unknown_number".into());
        object.insert("encoding".into(), "binary".into());
        object.insert("raw_base64".into(), "AAEC".into());
        object.insert("parts".into(), 3.into());
        object.insert("complete".into(), false.into());
        object.insert("missing_parts".into(), serde_json::json!([2]));
        let bytes = value.to_string().into_bytes();
        let text = format_pretty(&record("sms.inbound.unrouted", Some(&bytes)));
        assert!(
            text.starts_with("── sms.inbound.unrouted [2] @ 17\n"),
            "{text}"
        );
        assert!(
            text.contains("\naccount   unrouted (unknown_number)\n"),
            "{text}"
        );
        assert!(
            text.contains("\nencoding  binary, 3 parts, incomplete (missing [2])\n"),
            "{text}"
        );
        assert!(
            text.ends_with("\nraw       AAEC (base64, no text)"),
            "{text}"
        );
        assert!(!text.contains("otp"), "{text}");
    }

    #[test]
    fn pretty_escapes_control_characters() {
        let mut value: Value = serde_json::from_str(ROUTED).expect("json");
        let object = value.as_object_mut().expect("object");
        object.insert("text".into(), "red \u{1b}[31mALERT\r\nline\u{202e}".into());
        object.insert("from".into(), "Evil\nName".into());
        let bytes = value.to_string().into_bytes();
        let text = format_pretty(&record("sms.inbound", Some(&bytes)));
        assert!(!text.contains('\u{1b}') && !text.contains('\r'), "{text}");
        assert!(!text.contains('\u{202e}'), "{text}");
        assert!(
            text.contains("text      red \\u{1b}[31mALERT\n          line\\u{202e}"),
            "{text}"
        );
        assert!(
            text.contains("from      Evil\\u{a}Name (alphanumeric)"),
            "{text}"
        );
    }

    #[test]
    fn pretty_never_fails_on_odd_values() {
        let text = format_pretty(&record("t", None));
        assert_eq!(text, "── t [2] @ 17\nvalue     none (tombstone)");
        let text = format_pretty(&record("t", Some(b"\xff\x00garbage")));
        assert!(text.contains("error     not JSON (9 bytes)"), "{text}");
        assert!(text.contains("base64    /wBnYXJiYWdl"), "{text}");
        let text = format_pretty(&record("t", Some(b"[1,2]")));
        assert!(text.contains("JSON but not an object"), "{text}");
        let text = format_pretty(&record("t", Some(b"{}")));
        assert!(text.contains("from      ? (?) → ?"), "{text}");
        assert!(
            text.contains("account   unrouted (no reason given)"),
            "{text}"
        );
        assert!(text.contains("text      (none)"), "{text}");
        let text = format_pretty(&record("t", Some(br#"{"assignment": {}, "text": 5}"#)));
        assert!(text.contains("account   ?  (assignment ?)"), "{text}");
    }

    #[test]
    fn json_is_the_value_as_stored() {
        let line = format_json(&record("sms.inbound", Some(ROUTED.as_bytes())));
        assert_eq!(line, ROUTED);
        // Spanning lines: made compact, same content.
        let pretty =
            serde_json::to_string_pretty(&serde_json::from_str::<Value>(ROUTED).expect("json"))
                .expect("pretty");
        let line = format_json(&record("sms.inbound", Some(pretty.as_bytes())));
        assert!(!line.contains('\n'));
        assert_eq!(
            serde_json::from_str::<Value>(&line).expect("json"),
            serde_json::from_str::<Value>(ROUTED).expect("json")
        );
    }

    #[test]
    fn json_describes_what_is_not_json() {
        let line = format_json(&record("sms.inbound", Some(b"\xffhello")));
        let value: Value = serde_json::from_str(&line).expect("a JSON line");
        assert_eq!(value["topic"], "sms.inbound");
        assert_eq!(value["partition"], 2);
        assert_eq!(value["offset"], 17);
        assert_eq!(value["key"], "+14035551234");
        assert!(
            value["error"]
                .as_str()
                .expect("error")
                .starts_with("not JSON"),
            "{line}"
        );
        assert_eq!(value["value_base64"], "/2hlbGxv");
        let line = format_json(&record("sms.inbound", None));
        let value: Value = serde_json::from_str(&line).expect("a JSON line");
        assert_eq!(value["error"], "no value (tombstone)");
        assert!(value.get("value_base64").is_none());
    }

    #[test]
    fn base64_standard_with_padding() {
        for (input, expected) in [
            (&b""[..], ""),
            (b"f", "Zg=="),
            (b"fo", "Zm8="),
            (b"foo", "Zm9v"),
            (b"foob", "Zm9vYg=="),
            (b"fooba", "Zm9vYmE="),
            (b"foobar", "Zm9vYmFy"),
            (b"\xff\xfe\xfd", "//79"),
        ] {
            assert_eq!(base64(input), expected);
        }
    }

    #[test]
    fn consumer_config_commits_nothing_and_passes_properties() {
        let mut config = KafkaConfig::new("k:9093");
        config
            .properties
            .insert("security.protocol".into(), "SASL_SSL".into());
        let client = consumer_config(&config, "k:9093").expect("config");
        assert_eq!(client.get("security.protocol"), Some("SASL_SSL"));
        assert_eq!(client.get("enable.auto.commit"), Some("false"));
        assert_eq!(client.get("bootstrap.servers"), Some("k:9093"));
        assert!(
            client
                .get("group.id")
                .is_some_and(|g| g.starts_with("inlet-tail-"))
        );
        config.properties.insert("acks".into(), "1".into());
        assert!(consumer_config(&config, "k:9093").is_err());
    }
}

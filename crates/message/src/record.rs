//! The `inbound.v1` record: what inlet publishes for every inbound message,
//! and the segment record that carries one part of a multipart message to
//! the reassembler.
//!
//! The types here are plain data (strings, integers, closed enums) and
//! depend on no other inlet crate, so a Kafka consumer written in Rust can
//! reuse them as they are. Strings are `String`, or, where a record is
//! built for every message, a type that saves the allocation:
//! `CompactString` (ids, times, numbers, codes: held inline up to 24
//! octets), `Arc<str>` (shared by a session's records) and
//! `Cow<'static, str>` (a name the routing table keeps). All of them
//! dereference to `str` and are JSON strings on the wire.
//!
//! # Topics and headers
//!
//! | topic | key | value |
//! | --- | --- | --- |
//! | [`TOPIC_INBOUND`] | recipient, `+` E.164 | [`InboundMessage`] with `assignment` |
//! | [`TOPIC_UNROUTED`] | recipient, `+` E.164 | [`InboundMessage`] with `reason` |
//! | [`TOPIC_SEGMENTS`] | group key ([`SegmentGroup::key`]) | [`SegmentRecord`] |
//!
//! Every value is UTF-8 JSON with the headers [`HEADER_SCHEMA`] (value
//! [`SCHEMA`] or [`SEGMENT_SCHEMA`]) and [`HEADER_CONTENT_TYPE`] (value
//! [`CONTENT_TYPE`]).
//!
//! # Compatibility
//!
//! Field names are final: fields are added, never renamed or removed, so a
//! consumer must ignore fields it does not know (these types do: none of
//! them denies unknown fields). The enums are closed within `inbound.v1`: a
//! new value of `encoding`, `from_kind`, `bind`, `command` or a reference
//! kind is a new schema version. The JSON Schema, [`SCHEMA_JSON`], is the
//! reference for consumers in other languages.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::fingerprint::Fingerprint;

/// The `part_ids` of a record: one entry inline (a single-part message,
/// the common case, allocates nothing), more on the heap.
pub type PartIds = smallvec::SmallVec<[CompactString; 1]>;

/// The record's `from_kind`: what kind of address the sender is.
pub use crate::address::SenderKind as FromKind;
/// The group key of a multipart message: segments with equal keys are
/// parts of one message; [`SegmentGroup::key`] is the Kafka key of its
/// segments on [`TOPIC_SEGMENTS`].
pub use crate::multipart::GroupKey as SegmentGroup;
/// How the segments of a multipart message name their group (`udh8`,
/// `udh16`, `sar`).
pub use crate::multipart::RefKind as ReferenceKind;
/// The record's `encoding`: how the content was decoded.
pub use crate::text::Encoding;

/// Schema name of [`InboundMessage`], the value of the [`HEADER_SCHEMA`]
/// header on [`TOPIC_INBOUND`] and [`TOPIC_UNROUTED`].
pub const SCHEMA: &str = "inbound.v1";

/// Schema name of [`SegmentRecord`], the value of the [`HEADER_SCHEMA`]
/// header on [`TOPIC_SEGMENTS`].
pub const SEGMENT_SCHEMA: &str = "inbound.segment.v1";

/// The JSON Schema (draft 2020-12) of [`InboundMessage`]
/// (`crates/message/schema/inbound.v1.json`).
pub const SCHEMA_JSON: &str = include_str!("../schema/inbound.v1.json");

/// Routed messages: one [`InboundMessage`] per message, keyed by recipient.
pub const TOPIC_INBOUND: &str = "sms.inbound";

/// Messages no assignment owns (dead letters): [`InboundMessage`] with a
/// `reason` and no `assignment`, keyed by recipient.
pub const TOPIC_UNROUTED: &str = "sms.inbound.unrouted";

/// Segments of multipart messages before reassembly: one [`SegmentRecord`]
/// per segment, keyed by its group ([`SegmentGroup::key`]) so that every
/// segment of a group lands in one partition.
pub const TOPIC_SEGMENTS: &str = "sms.inbound.segments";

/// Kafka header naming the value's schema ([`SCHEMA`] or [`SEGMENT_SCHEMA`]).
pub const HEADER_SCHEMA: &str = "inlet-schema";

/// Kafka header giving the value's media type ([`CONTENT_TYPE`]).
pub const HEADER_CONTENT_TYPE: &str = "content-type";

/// Media type of every value inlet publishes.
pub const CONTENT_TYPE: &str = "application/json";

/// One inbound message, schema `inbound.v1`: the value published to
/// [`TOPIC_INBOUND`] (routed) or [`TOPIC_UNROUTED`] (with `reason`).
///
/// Exactly one of `assignment` and `reason` is present. Optional fields are
/// omitted from the JSON when absent (never `null`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboundMessage {
    /// The message_id inlet returned to the carrier. For a multipart
    /// message, the message_id of its lowest-numbered segment received.
    pub id: CompactString,
    /// Stable hash of the message's identity, 32 lowercase hex characters
    /// (see [`crate::fingerprint`]): a carrier retry of the same message
    /// carries the same fingerprint, so consumers drop duplicates with it.
    pub fingerprint: Fingerprint,
    /// When inlet received the message, RFC 3339 UTC with milliseconds and
    /// `Z` (`2025-03-01T12:34:56.789Z`, see [`format_received_at`]). For a
    /// multipart message, when its first segment arrived.
    pub received_at: CompactString,
    /// The recipient, `+` E.164 (`+14035551234`); also the Kafka key.
    pub to: CompactString,
    /// The sender as normalized: `+` E.164, a short code (digits), an
    /// alphanumeric name, or the raw value when it could not be normalized
    /// (see `from_kind`).
    pub from: CompactString,
    /// What kind of sender `from` is.
    pub from_kind: FromKind,
    /// The message text, UTF-8. Absent exactly when `encoding` is
    /// [`Encoding::Binary`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// True when `text` is not an exact decoding of the content (invalid or
    /// unmapped bytes replaced with U+FFFD, a broken surrogate pair...).
    /// Missing segments alone do not make a record lossy (`complete` says
    /// so). Always false for binary content.
    pub lossy: bool,
    /// The content bytes, standard base64 with padding: the user data
    /// without its UDH (for multipart, the received segments' user data
    /// joined in sequence order). Present when `lossy` is true or
    /// `encoding` is binary, absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw_base64: Option<String>,
    /// How the content was decoded (from `data_coding`, and for
    /// `data_coding` 0 the account's default alphabet).
    pub encoding: Encoding,
    /// The GSM 7-bit national language shift table used (3GPP TS 23.038
    /// name, lowercase: `turkish`, `spanish`, `portuguese`, `bengali`,
    /// `gujarati`, `hindi`, `kannada`, `malayalam`, `oriya`, `punjabi`,
    /// `tamil`, `telugu`, `urdu`); absent when none was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_shift: Option<String>,
    /// Number of segments the message was sent as: 1 for a single-part
    /// message, the announced total for a multipart one (1 to 255).
    pub parts: u8,
    /// The message_ids inlet returned for the segments received, in
    /// sequence order (one entry for a single-part message; the first is
    /// `id`). The one entry of a single-part message is held inline.
    pub part_ids: PartIds,
    /// False when segments are missing (the reassembly timeout passed or
    /// the reassembly buffer evicted the group).
    pub complete: bool,
    /// Sequence numbers (1-based, ascending) of the segments that never
    /// arrived; empty exactly when `complete` is true.
    pub missing_parts: Vec<u8>,
    /// True when the record carries segments that arrived after their group
    /// had already been emitted as incomplete: the message's other segments
    /// are in an earlier record of the same recipient. False for
    /// single-part messages.
    pub late: bool,
    /// The verification code found in `text`, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub otp: Option<OtpCode>,
    /// The rental that owns the recipient number for this sender at
    /// `received_at`; absent on [`TOPIC_UNROUTED`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignment: Option<Assignment>,
    /// Which carrier bind delivered the message.
    pub carrier: Carrier,
    /// The SMPP fields of the PDU (for multipart, of the segment whose
    /// message_id is `id`).
    pub smpp: Smpp,
    /// Why no assignment owns the message, on [`TOPIC_UNROUTED`] only:
    /// `unknown_number`, `not_started`, `expired` or `no_service_match`
    /// (lowercase snake_case; new reasons may be added). Absent exactly
    /// when `assignment` is present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl InboundMessage {
    /// Whether the message has an owning assignment.
    #[must_use]
    pub fn is_routed(&self) -> bool {
        self.assignment.is_some()
    }

    /// The topic the record belongs on: [`TOPIC_INBOUND`] when routed,
    /// [`TOPIC_UNROUTED`] otherwise.
    #[must_use]
    pub fn topic(&self) -> &'static str {
        if self.is_routed() {
            TOPIC_INBOUND
        } else {
            TOPIC_UNROUTED
        }
    }
}

/// A verification code, the record's `otp` field: `{"code": "482913"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtpCode {
    /// The code as a phone would autofill it (digits without separators,
    /// or an alphanumeric code as written).
    pub code: CompactString,
}

/// The rental that owns a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    /// The assignment's id, always as a string (a numeric id `1001` in the
    /// assignment source is `"1001"` here).
    pub id: CompactString,
    /// The customer account that rents the number (borrowed when the
    /// routing table keeps the name for the life of the process, so most
    /// records do not copy it).
    pub account: Cow<'static, str>,
    /// For a service-scoped rental, its sender filter: sender names
    /// (lowercased) and sender numbers, as the assignment lists them.
    /// Absent (empty) for an exclusive rental, which receives every sender.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub service: Vec<String>,
    /// The assignment's labels, string keys to string values (`{}` when it
    /// has none). Keys are serialized in sorted order.
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
}

/// The carrier bind a message came on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Carrier {
    /// The bind's `system_id` (the inlet account the carrier bound as).
    /// Shared: every record of a session holds the session's one copy.
    pub system_id: Arc<str>,
    /// The bind type.
    pub bind: BindKind,
    /// Opaque identifier of the SMPP session (unique across inlet
    /// instances and restarts; the same on every record of one session).
    pub session: Arc<str>,
}

/// An SMPP bind type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BindKind {
    /// bind_transmitter.
    Transmitter,
    /// bind_receiver.
    Receiver,
    /// bind_transceiver.
    Transceiver,
}

impl BindKind {
    /// The value as the record spells it.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Transmitter => "transmitter",
            Self::Receiver => "receiver",
            Self::Transceiver => "transceiver",
        }
    }
}

/// The SMPP command a message arrived in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    /// submit_sm.
    SubmitSm,
    /// deliver_sm.
    DeliverSm,
    /// data_sm.
    DataSm,
}

impl Command {
    /// The value as the record spells it (`submit_sm`, ...).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::SubmitSm => "submit_sm",
            Self::DeliverSm => "deliver_sm",
            Self::DataSm => "data_sm",
        }
    }
}

/// The SMPP fields of the PDU that carried a message, as received (before
/// any normalization), for diagnosis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Smpp {
    /// The command.
    pub command: Command,
    /// `esm_class` (0 to 255).
    pub esm_class: u8,
    /// `data_coding` (0 to 255).
    pub data_coding: u8,
    /// `protocol_id` (0 to 255); absent for data_sm, which has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol_id: Option<u8>,
    /// `source_addr_ton`.
    pub source_addr_ton: u8,
    /// `source_addr_npi`.
    pub source_addr_npi: u8,
    /// `dest_addr_ton`.
    pub dest_addr_ton: u8,
    /// `dest_addr_npi`.
    pub dest_addr_npi: u8,
    /// Tags of the optional parameters (TLVs) the PDU carried, as numbers
    /// (`0x0424` message_payload is `1060`), in order of first appearance,
    /// each once; empty when there were none.
    pub tlv_tags: Vec<u16>,
}

/// One segment of a multipart message, schema `inbound.segment.v1`: the
/// value published to [`TOPIC_SEGMENTS`] before the carrier gets its
/// response, keyed by [`SegmentGroup::key`].
///
/// It holds what the reassembler needs to build the [`InboundMessage`]
/// without the session or its account configuration: the raw user data
/// and how to decode it, and the routing decision taken on arrival.
///
/// Decoding the joined message: order the segments by `seq`; for
/// [`Encoding::Gsm7Packed`], unpack each segment's septets separately
/// (skipping the fill bits that follow a UDH of `udh_length` octets) and
/// join the septets; for every other encoding join the content bytes, then
/// decode (so a character split across two segments decodes whole). Use
/// the `language_locking_shift` / `language_single_shift` of the first
/// segment that has them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentRecord {
    /// The group this segment belongs to.
    pub group: SegmentGroup,
    /// The segment's sequence number, 1 to `group.total`.
    pub seq: u8,
    /// The message_id inlet returned to the carrier for this segment.
    pub id: CompactString,
    /// When inlet received this segment, as [`InboundMessage::received_at`].
    pub received_at: CompactString,
    /// What kind of sender `group.from` is.
    pub from_kind: FromKind,
    /// The segment's user data without its UDH, standard base64 with
    /// padding (for [`Encoding::Gsm7Packed`] it starts with the fill bits
    /// that align the text on a septet boundary).
    pub content_base64: String,
    /// Octets of the UDH that preceded the content, its length byte
    /// included; 0 when the segment has no UDH (SAR, or the payload TLV).
    pub udh_length: u16,
    /// How the content is to be decoded, decided on arrival from
    /// `smpp.data_coding` and the account's alphabet for `data_coding` 0.
    pub encoding: Encoding,
    /// The 23.038 language id of the UDH locking shift element (0x25),
    /// when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_locking_shift: Option<u8>,
    /// The 23.038 language id of the UDH single shift element (0x24), when
    /// present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_single_shift: Option<u8>,
    /// The owning rental found on arrival; absent when unrouted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignment: Option<Assignment>,
    /// Why the segment is unrouted, as [`InboundMessage::reason`]; absent
    /// exactly when `assignment` is present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Which carrier bind delivered the segment.
    pub carrier: Carrier,
    /// The segment PDU's SMPP fields (`data_coding`, `esm_class`, ...).
    pub smpp: Smpp,
}

/// Formats a time, milliseconds since the Unix epoch, as the record's
/// timestamps: RFC 3339 UTC with exactly three fractional digits and `Z`
/// (`2025-03-01T12:34:56.789Z`). Times outside years 0000 to 9999 are
/// clamped to that range.
///
/// Every message gets one, and messages come many to a second: the first
/// 20 characters (up to the second) are kept per thread and only the
/// milliseconds written when the second is the last one formatted there.
#[must_use]
pub fn format_received_at(unix_millis: i64) -> CompactString {
    const MIN: i64 = -62_167_219_200_000; // 0000-01-01T00:00:00.000Z
    const MAX: i64 = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z
    let ms = unix_millis.clamp(MIN, MAX);
    let (second, milli) = (ms.div_euclid(1000), ms.rem_euclid(1000));
    let mut out = *b"0000-00-00T00:00:00.000Z";
    let cached = LAST_SECOND
        .try_with(|last| {
            let (at, prefix) = last.get();
            if at == second {
                return prefix;
            }
            let prefix = second_prefix(second);
            last.set((second, prefix));
            prefix
        })
        .unwrap_or_else(|_| second_prefix(second));
    out[..20].copy_from_slice(&cached);
    write_digits(&mut out[20..23], milli);
    // ASCII digits and separators: always UTF-8.
    std::str::from_utf8(&out).map_or_else(|_| CompactString::default(), CompactString::new)
}

thread_local! {
    /// The second [`format_received_at`] formatted last on this thread and
    /// its `YYYY-MM-DDTHH:MM:SS.` (20 characters).
    static LAST_SECOND: std::cell::Cell<(i64, [u8; 20])> =
        const { std::cell::Cell::new((i64::MIN, [0; 20])) };
}

/// `YYYY-MM-DDTHH:MM:SS.` of a second since the Unix epoch (within years
/// 0000 to 9999), written digit by digit: `format!` was 4 % of the
/// daemon's CPU under load.
fn second_prefix(second: i64) -> [u8; 20] {
    let days = second.div_euclid(86_400);
    let in_day = second.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let mut out = *b"0000-00-00T00:00:00.";
    for (at, width, value) in [
        (0, 4, year),
        (5, 2, month),
        (8, 2, day),
        (11, 2, in_day / 3600),
        (14, 2, in_day / 60 % 60),
        (17, 2, in_day % 60),
    ] {
        write_digits(&mut out[at..at + width], value);
    }
    out
}

/// `value`'s last `digits.len()` decimal digits, zero-padded.
fn write_digits(digits: &mut [u8], value: i64) {
    let mut v = value.unsigned_abs();
    for digit in digits.iter_mut().rev() {
        *digit = b'0' + (v % 10) as u8;
        v /= 10;
    }
}

/// Parses a timestamp in exactly the form [`format_received_at`] writes
/// (`YYYY-MM-DDTHH:MM:SS.mmmZ`) into milliseconds since the Unix epoch;
/// `None` for anything else.
#[must_use]
pub fn parse_received_at(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 24
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'.'
        || b[23] != b'Z'
    {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        b[range].iter().try_fold(0_i64, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, m, sec, milli) = (num(11..13)?, num(14..16)?, num(17..19)?, num(20..23)?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || h > 23
        || m > 59
        || sec > 59
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(days * 86_400_000 + h * 3_600_000 + m * 60_000 + sec * 1000 + milli)
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn timestamps_known_values() {
        assert_eq!(format_received_at(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            format_received_at(1_740_832_496_789),
            "2025-03-01T12:34:56.789Z"
        );
        assert_eq!(
            format_received_at(951_782_400_000),
            "2000-02-29T00:00:00.000Z"
        );
        assert_eq!(format_received_at(-1), "1969-12-31T23:59:59.999Z");
        assert_eq!(format_received_at(i64::MAX), "9999-12-31T23:59:59.999Z");
        assert_eq!(format_received_at(i64::MIN), "0000-01-01T00:00:00.000Z");
        assert_eq!(
            parse_received_at("2025-03-01T12:34:56.789Z"),
            Some(1_740_832_496_789)
        );
    }

    #[test]
    fn timestamps_reject_other_forms() {
        for s in [
            "2025-03-01T12:34:56Z",
            "2025-03-01T12:34:56.789+00:00",
            "2025-03-01 12:34:56.789Z",
            "2025-02-29T00:00:00.000Z",
            "2025-13-01T00:00:00.000Z",
            "2025-03-01T24:00:00.000Z",
            "2025-03-01T12:34:60.000Z",
            "2025-03-01T12:34:56.78xZ",
            "+025-03-01T12:34:56.789Z",
            "",
        ] {
            assert_eq!(parse_received_at(s), None, "{s}");
        }
    }

    #[test]
    fn segment_key_is_the_multipart_group_key() {
        let group = SegmentGroup {
            account: "acme".into(),
            from: "Pay\"Pal|".into(),
            to: "+14035551234".into(),
            kind: ReferenceKind::Udh16,
            reference: 513,
            total: 3,
        };
        assert_eq!(group.key(), r#"acme|Pay"Pal\||+14035551234|udh16|513|3"#);
        let key: crate::multipart::GroupKey = group.key().parse().expect("parses back");
        assert_eq!(key, group);
    }

    proptest! {
        #[test]
        fn timestamps_round_trip(ms in -62_167_219_200_000_i64..=253_402_300_799_999) {
            let s = format_received_at(ms);
            prop_assert_eq!(s.len(), 24);
            prop_assert_eq!(parse_received_at(&s), Some(ms));
        }

        /// The per-thread second changes nothing: times formatted in any
        /// order, many within one second, read back as they were.
        #[test]
        fn timestamps_in_any_order_round_trip(
            base in -62_167_219_200_000_i64..=253_402_300_700_000,
            steps in proptest::collection::vec(-3_000_i64..3_000, 1..50),
        ) {
            let mut ms = base;
            for step in steps {
                ms = (ms + step).clamp(-62_167_219_200_000, 253_402_300_799_999);
                prop_assert_eq!(parse_received_at(&format_received_at(ms)), Some(ms));
            }
        }
    }
}

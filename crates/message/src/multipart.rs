//! Multipart messages: which segment of which message a PDU carries, and
//! the key that brings a message's segments together.
//!
//! A segment is described either by a concatenation IE of the user data
//! header ([`Udh::concat`], 8- or 16-bit reference) or by the SAR TLVs
//! (`sar_msg_ref_num`, `sar_total_segments`, `sar_segment_seqnum`).
//! [`detect`] looks at both and says what the PDU is.
//!
//! # Rules
//!
//! - **UDH first.** When the UDH has a usable concatenation IE it wins and
//!   the SAR TLVs are not read: the UDH travelled with the text from the
//!   handset, it is what the segments' octets were cut by, and SMSCs that
//!   add SAR TLVs copy them from it. SAR is used when there is no usable
//!   concatenation IE.
//! - **Values 23.040 says to ignore are ignored, not refused**
//!   (23.040 §9.2.3.24.1): a total of 0, a sequence number of 0 or one past
//!   the total make the descriptor unusable; the PDU is then a single-part
//!   message, its text published as it is rather than lost (a carrier
//!   answered with an error would resend the same octets forever).
//!   [`Detection::Ignored`] says why, for metrics.
//! - **A total of 1 is a single-part message** (carriers send it); it is
//!   reported as [`Ignored::SinglePart`] so it can be counted.
//! - **SAR needs all three TLVs**; one or two of them is
//!   [`Ignored::IncompleteSar`].
//! - **`message_payload` is single-part**: a message whose text came in
//!   the `message_payload` TLV needs no segmentation (it holds up to 64 KB),
//!   so any concatenation IE or SAR TLV with it is reported as
//!   [`Ignored::MessagePayload`] and the message is single-part.
//!
//! # Group key
//!
//! Segments of one message share a [`GroupKey`]: account, sender,
//! recipient, reference kind, reference and total (the sequence number is
//! what differs). Its string form is the Kafka key of the segments topic;
//! see [`GroupKey`]'s `Display` for the exact, stable format.

use std::fmt;
use std::str::FromStr;

use inlet_pdu::Tlvs;
use serde::{Deserialize, Serialize};

use crate::udh::{Concat, Udh};

/// Where a segment's reference comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RefKind {
    /// UDH IE 0x00, 8-bit reference: `"udh8"`.
    Udh8,
    /// UDH IE 0x08, 16-bit reference: `"udh16"`.
    Udh16,
    /// The SAR TLVs, 16-bit reference: `"sar"`.
    Sar,
}

impl RefKind {
    /// `"udh8"`, `"udh16"` or `"sar"`, as serialized.
    pub const fn as_str(self) -> &'static str {
        match self {
            RefKind::Udh8 => "udh8",
            RefKind::Udh16 => "udh16",
            RefKind::Sar => "sar",
        }
    }

    /// The inverse of [`RefKind::as_str`].
    pub fn from_name(name: &str) -> Option<RefKind> {
        match name {
            "udh8" => Some(RefKind::Udh8),
            "udh16" => Some(RefKind::Udh16),
            "sar" => Some(RefKind::Sar),
            _ => None,
        }
    }
}

impl fmt::Display for RefKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a multipart descriptor was not used (the PDU is then single-part).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ignored {
    /// Total of 0 segments.
    TotalZero,
    /// Total of 1 segment: a single-part message.
    SinglePart,
    /// Sequence number 0.
    SeqZero,
    /// Sequence number greater than the total.
    SeqPastTotal,
    /// Some but not all of the three SAR TLVs.
    IncompleteSar,
    /// The text came in `message_payload`.
    MessagePayload,
}

impl Ignored {
    /// A short, fixed label for metrics.
    pub const fn as_label(self) -> &'static str {
        match self {
            Ignored::TotalZero => "total_zero",
            Ignored::SinglePart => "single_part",
            Ignored::SeqZero => "seq_zero",
            Ignored::SeqPastTotal => "seq_past_total",
            Ignored::IncompleteSar => "incomplete_sar",
            Ignored::MessagePayload => "message_payload",
        }
    }
}

/// One segment of a multipart message: `1 <= seq <= total`, `total >= 2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Segment {
    /// Where the reference comes from.
    pub kind: RefKind,
    /// The reference shared by the message's segments.
    pub reference: u16,
    /// How many segments the message has (2 or more).
    pub total: u8,
    /// This segment's number, from 1.
    pub seq: u8,
}

impl Segment {
    /// A segment from its values, checked as the module documentation
    /// says.
    ///
    /// # Errors
    /// The reason the values do not describe a segment of a multipart
    /// message.
    pub const fn new(kind: RefKind, reference: u16, total: u8, seq: u8) -> Result<Self, Ignored> {
        if total == 0 {
            Err(Ignored::TotalZero)
        } else if seq == 0 {
            Err(Ignored::SeqZero)
        } else if seq > total {
            Err(Ignored::SeqPastTotal)
        } else if total == 1 {
            Err(Ignored::SinglePart)
        } else {
            Ok(Segment {
                kind,
                reference,
                total,
                seq,
            })
        }
    }

    /// A segment from a UDH concatenation IE.
    ///
    /// # Errors
    /// As [`Segment::new`].
    pub const fn from_concat(concat: Concat) -> Result<Self, Ignored> {
        Segment::new(concat.kind, concat.reference, concat.total, concat.seq)
    }

    /// A segment from the SAR TLVs: `Ok(None)` when none of the three is
    /// present.
    ///
    /// # Errors
    /// [`Ignored::IncompleteSar`] when only some are, else as
    /// [`Segment::new`].
    pub fn from_sar(tlvs: &Tlvs<'_>) -> Result<Option<Self>, Ignored> {
        match (
            tlvs.sar_msg_ref_num(),
            tlvs.sar_total_segments(),
            tlvs.sar_segment_seqnum(),
        ) {
            (None, None, None) => Ok(None),
            (Some(reference), Some(total), Some(seq)) => {
                Segment::new(RefKind::Sar, reference, total, seq).map(Some)
            }
            _ => Err(Ignored::IncompleteSar),
        }
    }
}

/// Where the message's text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ContentField {
    /// The `short_message` field.
    #[default]
    ShortMessage,
    /// The `message_payload` TLV.
    MessagePayload,
}

/// What [`detect`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Detection {
    /// No multipart descriptor: a single-part message.
    Single,
    /// One segment of a multipart message.
    Segment(Segment),
    /// A descriptor was present but not used (see [`Ignored`]): a
    /// single-part message. The kind is the descriptor's (for
    /// [`Ignored::IncompleteSar`], [`RefKind::Sar`]).
    Ignored(RefKind, Ignored),
}

impl Detection {
    /// The segment, when the PDU is one.
    pub const fn segment(&self) -> Option<Segment> {
        match self {
            Detection::Segment(segment) => Some(*segment),
            Detection::Single | Detection::Ignored(..) => None,
        }
    }
}

/// Whether a PDU is a segment of a multipart message, from its user data
/// header (if any), its TLVs and where its text came from; see the module
/// rules. Cheap: no allocation, one walk of the TLVs at most.
pub fn detect(udh: Option<&Udh<'_>>, tlvs: &Tlvs<'_>, field: ContentField) -> Detection {
    let concat = udh.and_then(Udh::concat);
    let sar = Segment::from_sar(tlvs);
    if field == ContentField::MessagePayload {
        return match (concat, sar) {
            (Some(concat), _) => Detection::Ignored(concat.kind, Ignored::MessagePayload),
            (None, Ok(Some(_)) | Err(_)) => {
                Detection::Ignored(RefKind::Sar, Ignored::MessagePayload)
            }
            (None, Ok(None)) => Detection::Single,
        };
    }
    let from_udh = concat.map(|concat| (concat.kind, Segment::from_concat(concat)));
    match (from_udh, sar) {
        (Some((_, Ok(segment))), _) | (_, Ok(Some(segment))) => Detection::Segment(segment),
        (Some((kind, Err(reason))), _) => Detection::Ignored(kind, reason),
        (None, Err(reason)) => Detection::Ignored(RefKind::Sar, reason),
        (None, Ok(None)) => Detection::Single,
    }
}

/// The identity of a multipart message: what its segments share.
///
/// `from` and `to` are the normalized addresses as published (`to` as `+`
/// E.164, `from` as in the record), so that segments that arrived on
/// different binds or instances agree.
///
/// # String form
///
/// `Display` gives the Kafka key of the segments topic, stable across
/// releases:
///
/// ```text
/// account|from|to|kind|reference|total
/// ```
///
/// e.g. `acme|+447700900123|+14035551234|udh8|165|3`: the six fields in that
/// order, separated by `|`; `kind` is [`RefKind::as_str`], `reference` and
/// `total` in decimal without leading zeros. In the three text fields a `\`
/// is written `\\` and a `|` is written `\|`, so a field containing `|`
/// cannot be confused with a separator; nothing else is escaped.
/// [`FromStr`] reads that form back.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct GroupKey {
    /// The carrier account (`system_id`).
    pub account: String,
    /// The normalized sender.
    pub from: String,
    /// The normalized recipient.
    pub to: String,
    /// Where the reference comes from.
    pub kind: RefKind,
    /// The reference.
    pub reference: u16,
    /// The number of segments.
    pub total: u8,
}

impl GroupKey {
    /// The string form (see the type's docs): the Kafka key of the
    /// group's segments on `sms.inbound.segments`.
    pub fn key(&self) -> String {
        self.to_string()
    }

    /// The key of `segment`'s message.
    pub fn new(account: &str, from: &str, to: &str, segment: &Segment) -> GroupKey {
        GroupKey {
            account: account.to_owned(),
            from: from.to_owned(),
            to: to.to_owned(),
            kind: segment.kind,
            reference: segment.reference,
            total: segment.total,
        }
    }
}

fn write_escaped(f: &mut fmt::Formatter<'_>, field: &str) -> fmt::Result {
    let mut rest = field;
    while let Some(at) = rest.find(['|', '\\']) {
        let (plain, tail) = rest.split_at(at);
        f.write_str(plain)?;
        let mut chars = tail.chars();
        if let Some(special) = chars.next() {
            f.write_str(if special == '|' { "\\|" } else { "\\\\" })?;
        }
        rest = chars.as_str();
    }
    f.write_str(rest)
}

impl fmt::Display for GroupKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_escaped(f, &self.account)?;
        f.write_str("|")?;
        write_escaped(f, &self.from)?;
        f.write_str("|")?;
        write_escaped(f, &self.to)?;
        write!(f, "|{}|{}|{}", self.kind, self.reference, self.total)
    }
}

/// A string that is not a [`GroupKey`]'s string form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a multipart group key")]
pub struct ParseGroupKeyError;

impl FromStr for GroupKey {
    type Err = ParseGroupKeyError;

    fn from_str(s: &str) -> Result<GroupKey, ParseGroupKeyError> {
        let mut fields: [String; 6] = Default::default();
        let mut index = 0;
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some(escaped @ ('\\' | '|')) if index < 3 => {
                        fields[index].push(escaped);
                    }
                    _ => return Err(ParseGroupKeyError),
                },
                '|' => {
                    index += 1;
                    if index == fields.len() {
                        return Err(ParseGroupKeyError);
                    }
                }
                c => fields[index].push(c),
            }
        }
        let [account, from, to, kind, reference, total] = fields;
        if index != 5 {
            return Err(ParseGroupKeyError);
        }
        let number = |s: &str| (!s.starts_with(['+', '0']) || s == "0").then_some(());
        number(&reference).ok_or(ParseGroupKeyError)?;
        number(&total).ok_or(ParseGroupKeyError)?;
        Ok(GroupKey {
            account,
            from,
            to,
            kind: RefKind::from_name(&kind).ok_or(ParseGroupKeyError)?,
            reference: reference.parse().map_err(|_| ParseGroupKeyError)?,
            total: total.parse().map_err(|_| ParseGroupKeyError)?,
        })
    }
}

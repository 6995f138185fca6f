//! Builds what is published for a normalized message: the `inbound.v1`
//! record of a single-part message, or the segment record of one part of a
//! multipart message.

use std::borrow::Cow;
use std::sync::Arc;

use compact_str::CompactString;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use inlet_message::fingerprint;
use inlet_message::multipart::{Detection, GroupKey};
use inlet_message::normalize::Normalized;
use inlet_message::publish::Publication;
use inlet_message::record::{
    Assignment, BindKind, Carrier, Command, InboundMessage, OtpCode, PartIds, SegmentRecord, Smpp,
    format_received_at,
};
use inlet_pdu::CommandId;
use inlet_routing::{AssignmentId, Lookup};

use crate::config::BindType;

/// Who sent the message, for the record's `carrier`.
#[derive(Clone, Debug)]
pub(crate) struct Origin<'a> {
    /// The carrier's `system_id` (the session's copy, shared by its records).
    pub(crate) system_id: &'a Arc<str>,
    /// The bind type of the session.
    pub(crate) bind: BindType,
    /// The session's id (shared by its records).
    pub(crate) session: &'a Arc<str>,
}

/// What a lookup decided, in record form.
fn assignment_of(lookup: &Lookup) -> (Option<Assignment>, Option<String>) {
    match lookup {
        Lookup::Routed(route) => (
            Some(Assignment {
                id: id_text(route.id()),
                account: match route.static_account() {
                    Some(name) => Cow::Borrowed(name),
                    None => Cow::Owned(route.account().to_owned()),
                },
                service: route
                    .service()
                    .map(|s| s.entries().map(str::to_owned).collect())
                    .unwrap_or_default(),
                labels: route
                    .labels()
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            }),
            None,
        ),
        Lookup::Unrouted(reason) => (None, Some(reason.as_label().to_owned())),
    }
}

/// An assignment id as the record spells it (`to_string` without the
/// formatting machinery: this runs for every routed message).
fn id_text(id: AssignmentId) -> CompactString {
    match id {
        AssignmentId::Num(n) => CompactString::new(itoa::Buffer::new().format(n)),
        AssignmentId::Text(s) => CompactString::new(&*s),
    }
}

fn carrier(origin: &Origin<'_>) -> Carrier {
    Carrier {
        system_id: Arc::clone(origin.system_id),
        bind: match origin.bind {
            BindType::Transmitter => BindKind::Transmitter,
            BindType::Receiver => BindKind::Receiver,
            BindType::Transceiver => BindKind::Transceiver,
        },
        session: Arc::clone(origin.session),
    }
}

fn smpp(m: &Normalized<'_>) -> Smpp {
    Smpp {
        command: match m.command {
            CommandId::SUBMIT_SM => Command::SubmitSm,
            CommandId::DATA_SM => Command::DataSm,
            _ => Command::DeliverSm,
        },
        esm_class: m.esm_class,
        data_coding: m.data_coding,
        protocol_id: m.protocol_id,
        source_addr_ton: m.source_ton_npi.0,
        source_addr_npi: m.source_ton_npi.1,
        dest_addr_ton: m.dest_ton_npi.0,
        dest_addr_npi: m.dest_ton_npi.1,
        tlv_tags: m.tlv_tags(),
    }
}

/// The publication for a normalized message received at `received_ms`
/// (Unix milliseconds) with inlet's `message_id`.
/// Takes the message by value: its text and sender move into the record
/// instead of being copied (this runs for every message).
pub(crate) fn publication(
    mut m: Normalized<'_>,
    lookup: &Lookup,
    origin: &Origin<'_>,
    message_id: CompactString,
    received_ms: i64,
) -> Publication {
    let (assignment, reason) = assignment_of(lookup);
    let to = m.to.to_canonical();
    match m.multipart {
        Detection::Segment(segment) => {
            let udh = m.text.udh;
            Publication::Segment(SegmentRecord {
                group: GroupKey::new(origin.system_id, &m.from.value, &to, &segment),
                seq: segment.seq,
                id: message_id,
                received_at: format_received_at(received_ms),
                from_kind: m.from.kind,
                content_base64: BASE64.encode(m.text.raw),
                udh_length: udh.map_or(0, |u| u.encoded_len() as u16),
                encoding: m.text.encoding,
                language_locking_shift: udh.and_then(|u| u.locking_shift_id()),
                language_single_shift: udh.and_then(|u| u.single_shift_id()),
                assignment,
                reason,
                carrier: carrier(origin),
                smpp: smpp(&m),
            })
        }
        _ => {
            let fingerprint = fingerprint::single(origin.system_id, &m.from.value, &to, m.text.raw);
            let otp = m.otp().map(|o| OtpCode { code: o.code });
            let smpp = smpp(&m);
            let text = m.text.text.take();
            let keep_raw = m.text.lossy || text.is_none();
            let part_ids = PartIds::from_buf([message_id.clone()]);
            Publication::Message(InboundMessage {
                id: message_id,
                fingerprint,
                received_at: format_received_at(received_ms),
                to,
                from: std::mem::take(&mut m.from.value),
                from_kind: m.from.kind,
                text,
                lossy: m.text.lossy,
                raw_base64: keep_raw.then(|| BASE64.encode(m.text.raw)),
                encoding: m.text.encoding,
                language_shift: m.text.language_shift.map(str::to_owned),
                parts: 1,
                part_ids,
                complete: true,
                missing_parts: Vec::new(),
                late: false,
                otp,
                assignment,
                carrier: carrier(origin),
                smpp,
                reason,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_text_is_to_string() {
        for id in [
            AssignmentId::Num(0),
            AssignmentId::Num(42),
            AssignmentId::Num(u64::MAX),
            AssignmentId::Text("r-7".into()),
        ] {
            assert_eq!(id_text(id.clone()), id.to_string());
        }
    }
}

//! One [`InboundMessage`] from the segment records of a multipart message:
//! what the reassembler emits once a group is whole, timed out, evicted,
//! or when a segment arrives after its group was emitted.
//!
//! The text is decoded over the joined content ([`decode_joined_with`]),
//! so a surrogate pair or a GSM escape split across segments decodes
//! correctly. A segment record keeps its content without the UDH but with
//! the UDH's length and language shift ids; the header each segment had is
//! rebuilt from those (concatenation IE, language IEs, and a filler IE for
//! any other IE it carried) so packed GSM text finds its fill bits and
//! shift tables again.
//!
//! The result is deterministic: the same segments (in any order, with
//! duplicates) give the same record, `id` and `fingerprint` included, so
//! a replay after a crash can be dropped by consumers.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use compact_str::CompactString;

use crate::fingerprint;
use crate::multipart::RefKind;
use crate::otp;
use crate::record::{InboundMessage, OtpCode, SegmentRecord};
use crate::text::{Alphabet, Encoding, SegmentContent, decode_joined_with};
use crate::udh::Udh;

/// UDH information element ids rebuilt here (3GPP TS 23.040 §9.2.3.24).
const IEI_CONCAT_8: u8 = 0x00;
const IEI_CONCAT_16: u8 = 0x08;
const IEI_SINGLE_SHIFT: u8 = 0x24;
const IEI_LOCKING_SHIFT: u8 = 0x25;
/// An IE id the decoder ignores, standing in for the IEs a segment record
/// does not keep (ports, ...): only its length matters, for the fill bits.
const IEI_FILLER: u8 = 0x20;

/// The record of a multipart message from its segments (any order;
/// duplicates of a `seq` after the first are ignored). `late` marks
/// segments whose group was already emitted. `None` when `segments` is
/// empty.
#[must_use]
pub fn assemble(segments: &[SegmentRecord], late: bool) -> Option<InboundMessage> {
    let mut parts: Vec<&SegmentRecord> = segments.iter().collect();
    parts.sort_by_key(|s| s.seq); // stable: the first occurrence stays first
    parts.dedup_by_key(|s| s.seq);
    let lowest = *parts.first()?;
    let group = &lowest.group;
    // Routing and time from the segment that arrived first (timestamps of
    // one format compare as strings); the lowest seq breaks ties.
    let first = parts
        .iter()
        .copied()
        .min_by(|a, b| a.received_at.cmp(&b.received_at).then(a.seq.cmp(&b.seq)))
        .unwrap_or(lowest);

    let mut lossy = false;
    let contents: Vec<Vec<u8>> = parts
        .iter()
        .map(|s| {
            BASE64.decode(&s.content_base64).unwrap_or_else(|_| {
                lossy = true;
                Vec::new()
            })
        })
        .collect();
    let headers: Vec<Option<Vec<u8>>> = parts.iter().map(|s| header(s)).collect();
    let segments: Vec<SegmentContent<'_>> = contents
        .iter()
        .zip(&headers)
        .map(|(content, header)| SegmentContent {
            udh: header
                .as_deref()
                .and_then(|h| Udh::parse(h).ok())
                .map(|(udh, _)| udh),
            content,
        })
        .collect();
    let encoding = lowest.encoding;
    let joined = decode_joined_with(Alphabet::plain(encoding), &segments);
    lossy |= joined.lossy;
    let raw: Vec<u8> = contents.concat();
    let text = joined.text;
    let keep_raw = lossy || text.is_none() || encoding == Encoding::Binary;
    let pairs: Vec<(u8, &[u8])> = parts
        .iter()
        .zip(&contents)
        .map(|(s, c)| (s.seq, c.as_slice()))
        .collect();
    let missing_parts: Vec<u8> = (1..=group.total)
        .filter(|seq| parts.binary_search_by_key(seq, |s| s.seq).is_err())
        .collect();
    let otp = text
        .as_deref()
        .and_then(otp::extract)
        .map(|o| OtpCode { code: o.code });
    Some(InboundMessage {
        id: lowest.id.clone(),
        fingerprint: fingerprint::multipart(group, &pairs),
        received_at: first.received_at.clone(),
        to: group.to.as_str().into(),
        from: CompactString::from(group.from.as_str()),
        from_kind: first.from_kind,
        text,
        lossy,
        raw_base64: keep_raw.then(|| BASE64.encode(&raw)),
        encoding,
        language_shift: joined.language_shift.map(str::to_owned),
        parts: group.total,
        part_ids: parts.iter().map(|s| s.id.clone()).collect(),
        complete: missing_parts.is_empty() && !late,
        missing_parts,
        late,
        otp,
        assignment: first.assignment.clone(),
        carrier: lowest.carrier.clone(),
        smpp: lowest.smpp.clone(),
        reason: first.reason.clone(),
    })
}

/// The user data header a segment had, as far as decoding needs it:
/// `None` when it had none.
fn header(s: &SegmentRecord) -> Option<Vec<u8>> {
    let length = usize::from(s.udh_length);
    if length == 0 {
        return None;
    }
    let mut h = vec![0u8];
    let [r0, r1] = s.group.reference.to_be_bytes();
    match s.group.kind {
        RefKind::Udh8 => h.extend([IEI_CONCAT_8, 3, r1, s.group.total, s.seq]),
        RefKind::Udh16 => h.extend([IEI_CONCAT_16, 4, r0, r1, s.group.total, s.seq]),
        RefKind::Sar => {}
    }
    if let Some(id) = s.language_locking_shift {
        h.extend([IEI_LOCKING_SHIFT, 1, id]);
    }
    if let Some(id) = s.language_single_shift {
        h.extend([IEI_SINGLE_SHIFT, 1, id]);
    }
    // Other IEs the segment carried: a filler of the same total length
    // (an IE takes at least 2 octets, so a gap of 1 cannot occur).
    if let Some(gap) = length.checked_sub(h.len())
        && gap >= 2
    {
        h.push(IEI_FILLER);
        h.push(u8::try_from(gap - 2).unwrap_or(0));
        h.resize(length, 0);
    }
    h[0] = u8::try_from(h.len() - 1).unwrap_or(0);
    Some(h)
}

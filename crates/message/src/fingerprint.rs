//! The record's `fingerprint`: a stable hash of a message's identity, so
//! that consumers can drop the duplicates SMPP's at-least-once delivery
//! produces (a carrier that saw no response retries; a reassembler that
//! crashed replays its groups).
//!
//! # What it covers
//!
//! The account (bind `system_id`), the sender and recipient as normalized,
//! the content bytes as received (the user data without its UDH, not the
//! decoded text, so that a better decoder in a later inlet does not change
//! it), and the message's position: "single", or the multipart reference
//! kind, reference, announced total and the sequence number of every
//! segment the record carries. It leaves out everything a retry changes:
//! the time, the message_id, the session, the bind, the routing decision.
//!
//! So the same text sent twice on purpose (`"YES"`) has the same
//! fingerprint too: consumers should drop duplicates within a bounded
//! window (the carriers' retry horizon, minutes), not forever.
//!
//! # Algorithm, version 1 (frozen: the test vectors below pin it)
//!
//! ```text
//! field(b)   = u32_be(len(b)) || b
//! input      = "inlet.fingerprint.v1"
//!           || field(account) || field(from) || field(to)
//!           || position
//! position   = field("single") || field(content)                 (single part)
//!            | field(kind) || u16_be(reference) || u8(total)        (multipart;
//!              || u8(count) || { u8(seq) || field(content_seq) }*   kind = "udh8" |
//!                                                                   "udh16" | "sar")
//! fingerprint = lowercase_hex(SHA-256(input)[0..16])               (32 characters)
//! ```
//!
//! For multipart, the parts are taken in ascending `seq` order, each `seq`
//! once, `count` of them: a complete message carries all `total`, an
//! incomplete one those received, a single segment just its own.

use sha2::{Digest, Sha256};

use crate::record::SegmentGroup;

/// Length of a fingerprint in characters (128 bits in hex).
pub const LEN: usize = 32;

/// A fingerprint: [`LEN`] lowercase hex characters, held inline (a
/// `String` would be an allocation on every message). Serialized as its
/// string; deserializing checks the form ([`is_valid`]).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint([u8; LEN]);

impl Fingerprint {
    /// The 32 characters.
    #[must_use]
    pub fn as_str(&self) -> &str {
        // Only ever built from ASCII hex digits (`hex`, `from_str`).
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq<str> for Fingerprint {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<String> for Fingerprint {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Fingerprint {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// Not 32 lowercase hex characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a fingerprint is 32 lowercase hex characters")]
pub struct NotAFingerprint;

impl std::str::FromStr for Fingerprint {
    type Err = NotAFingerprint;

    fn from_str(s: &str) -> Result<Fingerprint, NotAFingerprint> {
        if !is_valid(s) {
            return Err(NotAFingerprint);
        }
        let mut out = [0; LEN];
        out.copy_from_slice(s.as_bytes());
        Ok(Fingerprint(out))
    }
}

impl serde::Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Fingerprint {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Fingerprint, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Domain separation tag, hashed first: bumping it is the only way the
/// algorithm may ever change.
const TAG: &[u8] = b"inlet.fingerprint.v1";

/// The fingerprint of a single-part message: `content` is its user data
/// without the UDH (or the `message_payload`).
#[must_use]
pub fn single(account: &str, from: &str, to: &str, content: &[u8]) -> Fingerprint {
    let fields: [&[u8]; 5] = [
        account.as_bytes(),
        from.as_bytes(),
        to.as_bytes(),
        b"single",
        content,
    ];
    // A message's input (about 100 octets) is gathered on the stack and
    // hashed in one call: fed field by field, SHA-256's buffering cost as
    // much as its two compressions. Longer inputs are streamed.
    let mut buf = [0u8; INLINE];
    let mut len = TAG.len();
    buf[..len].copy_from_slice(TAG);
    for f in fields {
        let end = len + 4 + f.len();
        if end > INLINE {
            return single_streamed(&fields);
        }
        buf[len..len + 4].copy_from_slice(&field_len(f).to_be_bytes());
        buf[len + 4..end].copy_from_slice(f);
        len = end;
    }
    hex(&Sha256::digest(&buf[..len]))
}

/// Inputs up to this many octets are hashed from one stack buffer.
const INLINE: usize = 256;

/// [`single`], fed to the hasher field by field.
fn single_streamed(fields: &[&[u8]; 5]) -> Fingerprint {
    let mut h = Sha256::new();
    h.update(TAG);
    for f in fields {
        field(&mut h, f);
    }
    finish(h)
}

/// The fingerprint of a multipart message (or of the segments of it one
/// record carries): `parts` are `(seq, content)` pairs, content without the
/// UDH. Their order does not matter; when a `seq` occurs twice only its
/// first occurrence counts.
#[must_use]
pub fn multipart(group: &SegmentGroup, parts: &[(u8, &[u8])]) -> Fingerprint {
    let mut sorted: Vec<(u8, &[u8])> = parts.to_vec();
    sorted.sort_by_key(|&(seq, _)| seq); // stable: first occurrence first
    sorted.dedup_by_key(|&mut (seq, _)| seq);
    let mut h = start(&group.account, &group.from, &group.to);
    field(&mut h, group.kind.as_str().as_bytes());
    h.update(group.reference.to_be_bytes());
    h.update([group.total]);
    // At most 256 distinct u8 values; 256 wraps to 0, which no real group
    // reaches (total is at most 255 and seq starts at 1).
    h.update([sorted.len() as u8]);
    for (seq, content) in sorted {
        h.update([seq]);
        field(&mut h, content);
    }
    finish(h)
}

/// Whether `s` has the form of a fingerprint: 32 lowercase hex characters.
#[must_use]
pub fn is_valid(s: &str) -> bool {
    s.len() == LEN && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn start(account: &str, from: &str, to: &str) -> Sha256 {
    let mut h = Sha256::new();
    h.update(TAG);
    field(&mut h, account.as_bytes());
    field(&mut h, from.as_bytes());
    field(&mut h, to.as_bytes());
    h
}

fn field(h: &mut Sha256, bytes: &[u8]) {
    h.update(field_len(bytes).to_be_bytes());
    h.update(bytes);
}

/// A field's length prefix. SMPP content is at most 64 KiB
/// (message_payload); saturate anyway.
fn field_len(bytes: &[u8]) -> u32 {
    u32::try_from(bytes.len()).unwrap_or(u32::MAX)
}

fn finish(h: Sha256) -> Fingerprint {
    hex(&h.finalize())
}

/// The first half of `digest` in lowercase hex.
fn hex(digest: &[u8]) -> Fingerprint {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0; LEN];
    for (pair, &b) in out.chunks_exact_mut(2).zip(&digest[..LEN / 2]) {
        pair[0] = HEX[usize::from(b >> 4)];
        pair[1] = HEX[usize::from(b & 0x0f)];
    }
    Fingerprint(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::ReferenceKind;
    use proptest::prelude::*;

    fn group(kind: ReferenceKind, reference: u16, total: u8) -> SegmentGroup {
        SegmentGroup {
            account: "acme".into(),
            from: "+447700900123".into(),
            to: "+14035551234".into(),
            kind,
            reference,
            total,
        }
    }

    /// Reference implementation written out byte by byte, independent of
    /// the helpers above.
    fn reference_single(account: &str, from: &str, to: &str, content: &[u8]) -> String {
        let mut input = b"inlet.fingerprint.v1".to_vec();
        for f in [
            account.as_bytes(),
            from.as_bytes(),
            to.as_bytes(),
            b"single",
            content,
        ] {
            input.extend_from_slice(&(f.len() as u32).to_be_bytes());
            input.extend_from_slice(f);
        }
        let digest = Sha256::digest(&input);
        digest[..16].iter().map(|b| format!("{b:02x}")).collect()
    }

    // Pinned vectors: if one of these changes, every consumer's duplicate
    // detection breaks across the upgrade. Do not update them; add a new
    // algorithm version instead.
    #[test]
    fn a_fingerprint_is_its_string_in_json_and_nothing_else() {
        let fp = single("acme", "+447700900123", "+14035551234", b"hi");
        let json = serde_json::to_string(&fp).expect("serializes");
        assert_eq!(json, format!("\"{fp}\""));
        let back: Fingerprint = serde_json::from_str(&json).expect("deserializes");
        assert_eq!(back, fp);
        for bad in [
            "\"\"",
            "\"0123\"",
            &format!("\"{}\"", "A".repeat(LEN)),
            "17",
        ] {
            assert!(serde_json::from_str::<Fingerprint>(bad).is_err(), "{bad}");
        }
        assert_eq!(format!("{fp:?}"), format!("{:?}", fp.as_str()));
    }

    #[test]
    fn pinned_single() {
        assert_eq!(
            single(
                "acme",
                "+447700900123",
                "+14035551234",
                b"Your code is 482913"
            ),
            "ab48c89e9869d55943c57768ac832c6c"
        );
        assert_eq!(single("", "", "", b""), "5e1fb50f9f3f301a4b937479c75c0f19");
    }

    #[test]
    fn pinned_multipart() {
        let parts: [(u8, &[u8]); 3] = [(1, b"Hello "), (2, b"wor"), (3, b"ld")];
        assert_eq!(
            multipart(&group(ReferenceKind::Udh8, 42, 3), &parts),
            "0c10616ee5b79418a71e0f35918211a5"
        );
        assert_eq!(
            multipart(&group(ReferenceKind::Udh16, 0x1234, 3), &parts[..2]),
            "e85361fe5ffa266384eedf2865bd6922"
        );
        assert_eq!(
            multipart(&group(ReferenceKind::Sar, 7, 2), &[(2, b"x")]),
            "a3ca30d9d413adeb748806ee0550d15e"
        );
    }

    #[test]
    fn matches_the_documented_encoding() {
        for (a, f, t, c) in [
            ("acme", "+447700900123", "+14035551234", &b"hi"[..]),
            ("", "", "", &b""[..]),
            ("x", "WhatsApp", "+1", &[0xff, 0, 1][..]),
        ] {
            assert_eq!(single(a, f, t, c), reference_single(a, f, t, c));
        }
    }

    #[test]
    fn part_order_and_duplicates_do_not_matter() {
        let g = group(ReferenceKind::Udh8, 42, 3);
        let sorted: [(u8, &[u8]); 3] = [(1, b"a"), (2, b"b"), (3, b"c")];
        let shuffled: [(u8, &[u8]); 4] = [(3, b"c"), (1, b"a"), (2, b"b"), (1, b"z")];
        assert_eq!(multipart(&g, &sorted), multipart(&g, &shuffled));
    }

    #[test]
    fn long_inputs_hash_as_written_out() {
        // With these addresses the input is 75 octets plus the content: 180,
        // 181 and 182 octets of content put it either side of the stack
        // buffer (INLINE) and exactly at it.
        for n in [0, 150, 180, 181, 182, 255, 256, 1000, 65_535] {
            let content: Vec<u8> = (0..n).map(|i| (i * 7 % 251) as u8).collect();
            assert_eq!(
                single("acme", "+447700900123", "+14035551234", &content),
                reference_single("acme", "+447700900123", "+14035551234", &content),
                "{n} octets"
            );
        }
    }

    #[test]
    fn single_and_multipart_never_collide() {
        // A one-part "multipart" is not a single-part message.
        let g = group(ReferenceKind::Udh8, 0, 1);
        assert_ne!(
            single(&g.account, &g.from, &g.to, b"abc"),
            multipart(&g, &[(1, b"abc")])
        );
    }

    #[test]
    fn length_prefix_separates_fields() {
        assert_ne!(single("ab", "c", "+1", b""), single("a", "bc", "+1", b""));
        let g = group(ReferenceKind::Sar, 1, 2);
        assert_ne!(
            multipart(&g, &[(1, b"ab"), (2, b"")]),
            multipart(&g, &[(1, b"a"), (2, b"b")])
        );
    }

    fn kind() -> impl Strategy<Value = ReferenceKind> {
        prop_oneof![
            Just(ReferenceKind::Udh8),
            Just(ReferenceKind::Udh16),
            Just(ReferenceKind::Sar)
        ]
    }

    proptest! {
        #[test]
        fn single_is_deterministic_and_well_formed(
            // Up to 300 octets of content: both sides of the stack buffer.
            a in ".{0,8}", f in ".{0,24}", t in ".{0,8}", c in proptest::collection::vec(any::<u8>(), 0..300)
        ) {
            let fp = single(&a, &f, &t, &c);
            prop_assert!(is_valid(fp.as_str()));
            prop_assert_eq!(&fp, &single(&a, &f, &t, &c));
            prop_assert_eq!(fp, reference_single(&a, &f, &t, &c));
        }

        #[test]
        fn any_single_field_change_changes_it(
            a in ".{0,8}", f in ".{0,8}", t in ".{0,8}", c in proptest::collection::vec(any::<u8>(), 0..300),
            which in 0..4_usize, extra in any::<u8>()
        ) {
            let fp = single(&a, &f, &t, &c);
            let (mut a2, mut f2, mut t2, mut c2) = (a.clone(), f.clone(), t.clone(), c.clone());
            match which {
                0 => a2.push(char::from(extra % 26 + b'a')),
                1 => f2.push(char::from(extra % 26 + b'a')),
                2 => t2.push(char::from(extra % 26 + b'a')),
                _ => c2.push(extra),
            }
            prop_assert_ne!(fp, single(&a2, &f2, &t2, &c2));
        }

        #[test]
        fn any_multipart_field_change_changes_it(
            k in kind(), reference in any::<u16>(), total in 1..=255_u8,
            seq in 1..=255_u8, content in proptest::collection::vec(any::<u8>(), 0..32),
            which in 0..9_usize, extra in 1..=255_u8
        ) {
            let g = group(k, reference, total);
            let fp = multipart(&g, &[(seq, &content)]);
            prop_assert!(is_valid(fp.as_str()));
            prop_assert_eq!(&fp, &multipart(&g.clone(), &[(seq, &content)]));
            let mut g2 = g.clone();
            let mut seq2 = seq;
            let mut content2 = content.clone();
            let mut parts2: Vec<(u8, &[u8])> = Vec::new();
            match which {
                0 => g2.account.push('x'),
                1 => g2.from.push('x'),
                2 => g2.to.push('x'),
                3 => g2.kind = match k {
                    ReferenceKind::Udh8 => ReferenceKind::Udh16,
                    ReferenceKind::Udh16 => ReferenceKind::Sar,
                    ReferenceKind::Sar => ReferenceKind::Udh8,
                },
                4 => g2.reference = reference.wrapping_add(u16::from(extra)),
                5 => g2.total = total.wrapping_add(extra),
                6 => seq2 = seq.wrapping_add(extra),
                7 => content2.push(extra),
                _ => parts2.push((seq.wrapping_add(extra), b"")),
            }
            parts2.push((seq2, &content2));
            prop_assert_ne!(fp, multipart(&g2, &parts2));
        }
    }
}

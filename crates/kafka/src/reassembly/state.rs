//! The reassembler's state, free of Kafka: segments in (with their
//! partition and offset), records out, and the offsets that are safe to
//! commit. The consumer loop ([`super::Reassembler`]) drives it.
//!
//! - A group is emitted when all its segments are there (`complete`), when
//!   its first segment has waited the timeout (`timeout`), or when its
//!   account's bound on pending groups or bytes is hit (`evicted`, the
//!   oldest group first). Nothing is dropped.
//! - A segment whose `seq` the group already has is a duplicate (a carrier
//!   retry): counted and skipped.
//! - A segment of a group emitted within the remembered window is emitted
//!   on its own as `late`, unless the group had its `seq` (then it is a
//!   duplicate).
//! - An offset is committable once nothing at or below it belongs to a
//!   pending group: [`State::committable`] is the lowest pending offset of
//!   the partition, or the next offset to read when none is pending.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::time::{Duration, Instant};

use inlet_message::assemble::assemble;
use inlet_message::record::{InboundMessage, SegmentRecord};

/// Limits and timers of the reassembly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// How long a group waits for its missing segments, from its first
    /// segment's arrival at the reassembler (default 60 s).
    pub timeout: Duration,
    /// How long an emitted group is remembered, so that a straggler is
    /// marked `late` (default 10 minutes).
    pub remember: Duration,
    /// Pending groups per account (default 10 000).
    pub max_groups_per_account: usize,
    /// Content octets of pending groups per account (default 16 MiB).
    pub max_bytes_per_account: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            timeout: Duration::from_secs(60),
            remember: Duration::from_secs(600),
            max_groups_per_account: 10_000,
            max_bytes_per_account: 16 << 20,
        }
    }
}

/// Why a record was emitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// Every segment arrived.
    Complete,
    /// The reassembly timeout passed.
    Timeout,
    /// The account's bound on pending groups or bytes was hit.
    Evicted,
    /// Segments of a group already emitted.
    Late,
}

impl Why {
    /// The metric label.
    #[must_use]
    pub const fn as_label(self) -> &'static str {
        match self {
            Why::Complete => "complete",
            Why::Timeout => "timeout",
            Why::Evicted => "evicted",
            Why::Late => "late",
        }
    }
}

/// A record to publish.
#[derive(Debug, Clone, PartialEq)]
pub struct Emitted {
    /// The record.
    pub record: InboundMessage,
    /// Why now.
    pub why: Why,
    /// How long the group waited at the reassembler.
    pub waited: Duration,
}

/// What happened to one segment pushed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pushed {
    /// Added to its group.
    Added,
    /// Its group already had that `seq`.
    Duplicate,
    /// Its group was already emitted: emitted on its own.
    Late,
}

struct Group {
    segments: Vec<SegmentRecord>,
    first_seen: Instant,
    account: String,
    bytes: usize,
    partition: i32,
    offsets: Vec<i64>,
}

/// A set of `seq` values (0 to 255).
#[derive(Default, Clone, Copy)]
struct Seqs([u64; 4]);

impl Seqs {
    /// Adds `seq`; false when it was there.
    fn insert(&mut self, seq: u8) -> bool {
        let (word, bit) = (usize::from(seq / 64), seq % 64);
        let had = self.0[word] & (1 << bit) != 0;
        self.0[word] |= 1 << bit;
        !had
    }
}

#[derive(Default)]
struct Partition {
    /// Next offset to read.
    next: i64,
    /// Offsets of segments in pending groups, with their count (a group
    /// may hold several segments; each offset once).
    pending: BTreeMap<i64, usize>,
}

#[derive(Default)]
struct Account {
    groups: usize,
    bytes: usize,
}

/// The reassembler's state; see the [module](self) docs.
#[derive(Default)]
pub struct State {
    limits: Limits,
    groups: HashMap<String, Group>,
    /// Group keys in order of first arrival (for eviction and timeouts);
    /// stale entries (already emitted) are skipped.
    order: VecDeque<(Instant, String)>,
    /// Groups emitted, with when and the `seq`s they carried.
    emitted: HashMap<String, (Instant, Seqs)>,
    emitted_order: VecDeque<(Instant, String)>,
    partitions: HashMap<i32, Partition>,
    accounts: HashMap<String, Account>,
}

impl State {
    /// An empty state with these limits.
    #[must_use]
    pub fn new(limits: Limits) -> State {
        State {
            limits,
            ..State::default()
        }
    }

    /// Groups waiting for segments.
    #[must_use]
    pub fn pending(&self) -> usize {
        self.groups.len()
    }

    /// Takes in the segment at `partition`/`offset`; records to publish go
    /// to `out`.
    pub fn push(
        &mut self,
        partition: i32,
        offset: i64,
        segment: SegmentRecord,
        now: Instant,
        out: &mut Vec<Emitted>,
    ) -> Pushed {
        self.read(partition, offset);
        let key = segment.group.key();
        if let Some((_, seqs)) = self.emitted.get_mut(&key) {
            if !seqs.insert(segment.seq) {
                return Pushed::Duplicate;
            }
            if let Some(record) = assemble(std::slice::from_ref(&segment), true) {
                out.push(Emitted {
                    record,
                    why: Why::Late,
                    waited: Duration::ZERO,
                });
            }
            return Pushed::Late;
        }
        let bytes = segment.content_base64.len();
        let account = segment.group.account.clone();
        if let Some(group) = self.groups.get_mut(&key) {
            if group.segments.iter().any(|s| s.seq == segment.seq) {
                return Pushed::Duplicate;
            }
            group.segments.push(segment);
            group.bytes += bytes;
            group.offsets.push(offset);
        } else {
            self.groups.insert(
                key.clone(),
                Group {
                    segments: vec![segment],
                    first_seen: now,
                    account: account.clone(),
                    bytes,
                    partition,
                    offsets: vec![offset],
                },
            );
            self.order.push_back((now, key.clone()));
            self.accounts.entry(account.clone()).or_default().groups += 1;
        }
        *self
            .partitions
            .entry(partition)
            .or_default()
            .pending
            .entry(offset)
            .or_default() += 1;
        self.accounts.entry(account.clone()).or_default().bytes += bytes;
        let whole = self.groups.get(&key).is_some_and(|g| {
            g.segments.len() >= usize::from(g.segments.first().map_or(0, |s| s.group.total))
        });
        if whole {
            self.emit(&key, Why::Complete, now, out);
        }
        self.bound(&account, now, out);
        Pushed::Added
    }

    /// Notes an offset read that carries no segment (a bad record): it is
    /// done.
    pub fn skip(&mut self, partition: i32, offset: i64) {
        self.read(partition, offset);
    }

    fn read(&mut self, partition: i32, offset: i64) {
        let p = self.partitions.entry(partition).or_default();
        p.next = p.next.max(offset + 1);
    }

    /// Emits the groups whose timeout passed, and forgets emitted groups
    /// older than the remembered window.
    pub fn expire(&mut self, now: Instant, out: &mut Vec<Emitted>) {
        while let Some((first, key)) = self.order.front() {
            if now.duration_since(*first) < self.limits.timeout {
                break;
            }
            let key = key.clone();
            self.order.pop_front();
            if self.groups.contains_key(&key) {
                self.emit(&key, Why::Timeout, now, out);
            }
        }
        while let Some((at, key)) = self.emitted_order.front() {
            if now.duration_since(*at) < self.limits.remember {
                break;
            }
            if self.emitted.get(key).map(|(t, _)| t) == Some(at) {
                self.emitted.remove(key);
            }
            self.emitted_order.pop_front();
        }
    }

    /// Evicts the account's oldest groups while it is over its bounds.
    fn bound(&mut self, account: &str, now: Instant, out: &mut Vec<Emitted>) {
        loop {
            let over = self.accounts.get(account).is_some_and(|a| {
                a.groups > self.limits.max_groups_per_account
                    || a.bytes > self.limits.max_bytes_per_account
            });
            if !over {
                return;
            }
            let oldest = self
                .order
                .iter()
                .find(|(_, key)| self.groups.get(key).is_some_and(|g| g.account == account))
                .map(|(_, key)| key.clone());
            match oldest {
                Some(key) => self.emit(&key, Why::Evicted, now, out),
                None => return,
            }
        }
    }

    fn emit(&mut self, key: &str, why: Why, now: Instant, out: &mut Vec<Emitted>) {
        let Some(group) = self.groups.remove(key) else {
            return;
        };
        if let Some(a) = self.accounts.get_mut(&group.account) {
            a.groups = a.groups.saturating_sub(1);
            a.bytes = a.bytes.saturating_sub(group.bytes);
            if a.groups == 0 {
                self.accounts.remove(&group.account);
            }
        }
        if let Some(p) = self.partitions.get_mut(&group.partition) {
            for offset in &group.offsets {
                if let Some(n) = p.pending.get_mut(offset) {
                    *n -= 1;
                    if *n == 0 {
                        p.pending.remove(offset);
                    }
                }
            }
        }
        let mut seqs = Seqs::default();
        for segment in &group.segments {
            seqs.insert(segment.seq);
        }
        self.emitted.insert(key.to_owned(), (now, seqs));
        self.emitted_order.push_back((now, key.to_owned()));
        if let Some(record) = assemble(&group.segments, false) {
            out.push(Emitted {
                record,
                why,
                waited: now.duration_since(group.first_seen),
            });
        }
    }

    /// The offset of `partition` safe to commit (the next one a new owner
    /// should read), once what was emitted is durable; `None` when nothing
    /// was read there.
    #[must_use]
    pub fn committable(&self, partition: i32) -> Option<i64> {
        let p = self.partitions.get(&partition)?;
        Some(p.pending.keys().next().copied().unwrap_or(p.next))
    }

    /// Partitions read so far.
    pub fn partitions(&self) -> impl Iterator<Item = i32> + '_ {
        self.partitions.keys().copied()
    }

    /// Forgets the state of partitions this instance no longer owns: their
    /// pending groups are rebuilt by the new owner from the committed
    /// offsets.
    pub fn revoke(&mut self, partitions: &[i32]) {
        let keys: Vec<String> = self
            .groups
            .iter()
            .filter(|(_, g)| partitions.contains(&g.partition))
            .map(|(k, _)| k.clone())
            .collect();
        for key in keys {
            if let Some(group) = self.groups.remove(&key)
                && let Some(a) = self.accounts.get_mut(&group.account)
            {
                a.groups = a.groups.saturating_sub(1);
                a.bytes = a.bytes.saturating_sub(group.bytes);
            }
        }
        for p in partitions {
            self.partitions.remove(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD as BASE64;
    use inlet_message::multipart::{GroupKey, RefKind};
    use inlet_message::record::{BindKind, Carrier, Command, FromKind, Smpp};
    use inlet_message::text::Encoding;

    use super::*;

    fn segment(account: &str, reference: u16, seq: u8, total: u8, text: &str) -> SegmentRecord {
        SegmentRecord {
            group: GroupKey {
                account: account.into(),
                from: "Bank".into(),
                to: "+14035551234".into(),
                kind: RefKind::Udh8,
                reference,
                total,
            },
            seq,
            id: format!("{account}-{reference}-{seq}").into(),
            received_at: "2026-11-22T00:00:00.000Z".into(),
            from_kind: FromKind::Alphanumeric,
            content_base64: BASE64.encode(text),
            udh_length: 6,
            encoding: Encoding::Ascii,
            language_locking_shift: None,
            language_single_shift: None,
            assignment: None,
            reason: Some("unknown_number".into()),
            carrier: Carrier {
                system_id: account.into(),
                bind: BindKind::Transceiver,
                session: "s".into(),
            },
            smpp: Smpp {
                command: Command::SubmitSm,
                esm_class: 0x40,
                data_coding: 1,
                protocol_id: None,
                source_addr_ton: 5,
                source_addr_npi: 0,
                dest_addr_ton: 1,
                dest_addr_npi: 1,
                tlv_tags: Vec::new(),
            },
        }
    }

    #[test]
    fn an_account_over_its_bound_has_its_oldest_group_emitted_incomplete() {
        let limits = Limits {
            max_groups_per_account: 2,
            ..Limits::default()
        };
        let mut state = State::new(limits);
        let now = Instant::now();
        let mut out = Vec::new();
        state.push(0, 0, segment("a", 1, 1, 2, "one "), now, &mut out);
        state.push(0, 1, segment("a", 2, 1, 2, "two "), now, &mut out);
        // Another account's groups do not count against "a".
        state.push(0, 2, segment("b", 9, 1, 2, "nine "), now, &mut out);
        assert!(out.is_empty());
        assert_eq!(state.committable(0), Some(0));
        // A third pending group of "a": its oldest is evicted, not dropped.
        state.push(0, 3, segment("a", 3, 1, 2, "three "), now, &mut out);
        assert_eq!(out.len(), 1);
        let evicted = &out[0];
        assert_eq!(evicted.why, Why::Evicted);
        assert_eq!(evicted.record.id, "a-1-1");
        assert!(!evicted.record.complete);
        assert_eq!(evicted.record.missing_parts, vec![2]);
        assert_eq!(evicted.record.text.as_deref(), Some("one "));
        // Offset 0 is done: the lowest pending offset is now 1.
        assert_eq!(state.committable(0), Some(1));
        // The evicted group's missing part arrives: late, on its own.
        out.clear();
        let pushed = state.push(0, 4, segment("a", 1, 2, 2, "later"), now, &mut out);
        assert_eq!(pushed, Pushed::Late);
        assert!(out[0].record.late && !out[0].record.complete);
        // Its retry is a duplicate.
        out.clear();
        let pushed = state.push(0, 5, segment("a", 1, 2, 2, "later"), now, &mut out);
        assert_eq!(pushed, Pushed::Duplicate);
        assert!(out.is_empty());
        assert_eq!(state.pending(), 3);
    }

    #[test]
    fn bytes_are_bounded_too_and_timeouts_emit_what_arrived() {
        let limits = Limits {
            max_bytes_per_account: 40,
            timeout: Duration::from_secs(60),
            ..Limits::default()
        };
        let mut state = State::new(limits);
        let t0 = Instant::now();
        let mut out = Vec::new();
        state.push(1, 10, segment("a", 1, 1, 3, "0123456789"), t0, &mut out);
        state.push(1, 11, segment("a", 2, 1, 3, "0123456789"), t0, &mut out);
        assert!(out.is_empty(), "32 base64 octets so far");
        state.push(1, 12, segment("a", 3, 1, 3, "0123456789"), t0, &mut out);
        assert_eq!(out.len(), 1, "48 > 40: the oldest goes");
        assert_eq!(out[0].why, Why::Evicted);
        out.clear();
        state.expire(t0 + Duration::from_secs(59), &mut out);
        assert!(out.is_empty());
        state.expire(t0 + Duration::from_secs(61), &mut out);
        assert_eq!(out.len(), 2);
        assert!(out.iter().all(|e| e.why == Why::Timeout));
        assert_eq!(state.pending(), 0);
        assert_eq!(state.committable(1), Some(13), "everything read is done");
    }

    #[test]
    fn revoked_partitions_are_forgotten() {
        let mut state = State::new(Limits::default());
        let now = Instant::now();
        let mut out = Vec::new();
        state.push(0, 0, segment("a", 1, 1, 2, "x"), now, &mut out);
        state.push(1, 0, segment("a", 2, 1, 2, "y"), now, &mut out);
        state.revoke(&[0]);
        assert_eq!(state.pending(), 1);
        assert_eq!(state.committable(0), None);
        assert_eq!(state.committable(1), Some(0));
    }
}

//! message_ids unique across instances and restarts: node id, time and a
//! counter.

use std::sync::atomic::{AtomicU64, Ordering};

use compact_str::CompactString;
use std::time::{SystemTime, UNIX_EPOCH};

/// Makes message_ids: 16 hex digits (SMPP 3.4+): node id (12 bits), seconds
/// since 2025-01-01 (32 bits), counter (20 bits, about a million ids a
/// second per node). Ids from one node never repeat while its clock moves
/// forward; two nodes never share an id when their node ids differ.
#[derive(Debug)]
pub struct MessageIds {
    node: u64,
    state: AtomicU64,
    short: AtomicU64,
}

const EPOCH_2025: u64 = 1_735_689_600;

impl MessageIds {
    /// A generator for `node` (0–4095).
    pub fn new(node: u16) -> MessageIds {
        MessageIds {
            node: u64::from(node & 0x0FFF),
            state: AtomicU64::new(0),
            short: AtomicU64::new(0),
        }
    }

    fn now_secs() -> u64 {
        let millis = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        Self::secs_of(i64::try_from(millis).unwrap_or(i64::MAX))
    }

    /// [`now_secs`](Self::now_secs) of a time the caller read already
    /// (Unix milliseconds).
    fn secs_of(unix_millis: i64) -> u64 {
        u64::try_from(unix_millis / 1000)
            .unwrap_or(0)
            .saturating_sub(EPOCH_2025)
            & 0xFFFF_FFFF
    }

    /// The next id, as 16 lowercase hex digits.
    pub fn next(&self) -> CompactString {
        hex(self.next_value(), 16)
    }

    /// The id for a message of an account with this format, on a session
    /// of this interface version: SMPP 3.3 allows 8 characters, so 3.3
    /// sessions get [`next_short`](Self::next_short) whatever the format;
    /// a `max_length` below the full form's length (16 hex digits, or up
    /// to 20 decimal digits) gets the short form (8 hex digits, or 10
    /// decimal digits).
    pub fn next_for(&self, format: &MessageIdConfig, version: u8) -> CompactString {
        if format.full_form(version) {
            return format.format.full(self.next_value());
        }
        match format.format {
            IdFormat::Decimal if version >= 0x34 => {
                compact_str::format_compact!("{:010}", self.next_short_value())
            }
            _ => self.next_short(),
        }
    }

    /// The next 64-bit id: node (12 bits), seconds (32), counter (20).
    fn next_value(&self) -> u64 {
        self.with_node(self.reserve(Self::now_secs() << 20, 1))
    }

    /// The id of state value `value` (seconds << 20 | counter).
    fn with_node(&self, value: u64) -> u64 {
        (self.node << 52) | (value & 0x000F_FFFF_FFFF_FFFF)
    }

    /// Takes `count` consecutive state values (seconds << 20 | counter) at
    /// `now` (seconds << 20) or after the last one taken, whichever is
    /// later; returns the first. The state never goes backwards.
    fn reserve(&self, now: u64, count: u64) -> u64 {
        let mut current = self.state.load(Ordering::Relaxed);
        loop {
            let first = if current >> 20 < now >> 20 {
                now
            } else {
                current + 1
            };
            match self.state.compare_exchange_weak(
                current,
                first + count - 1,
                Ordering::AcqRel,
                Ordering::Relaxed,
            ) {
                Ok(_) => return first,
                Err(seen) => current = seen,
            }
        }
    }

    /// A session's share of this node's ids (see [`SessionIds`]).
    pub fn session(&self) -> SessionIds<'_> {
        SessionIds {
            ids: self,
            next: 0,
            end: 0,
        }
    }
}

/// A session's share of its node's ids, taken [`SessionIds::BLOCK`] at a
/// time and handed out one by one: one atomic operation on the node's
/// shared counter per block instead of one per message (that counter's
/// cache line moved between cores on every message). A block is given up
/// when the second turns, so an id's time is still the second it was
/// issued in; the ids a session gave up are never issued, and ids stay
/// unique as [`MessageIds`] describes.
#[derive(Debug)]
pub struct SessionIds<'a> {
    ids: &'a MessageIds,
    /// The next state value of the block, and the end of the block.
    next: u64,
    end: u64,
}

impl SessionIds<'_> {
    /// Ids taken from the shared counter at once.
    pub const BLOCK: u64 = 32;

    /// The id for a message of an account with this format, on a session
    /// of this interface version, received at `unix_millis` (the time the
    /// caller read for the message: the clock is not read again); as
    /// [`MessageIds::next_for`].
    pub fn next_for(
        &mut self,
        format: &MessageIdConfig,
        version: u8,
        unix_millis: i64,
    ) -> CompactString {
        if !format.full_form(version) {
            // The short forms (SMPP 3.3, short limits) are rare: taken from
            // the shared counter one by one.
            return self.ids.next_for(format, version);
        }
        format
            .format
            .full(self.next_value(MessageIds::secs_of(unix_millis) << 20))
    }

    /// The next id at `now` (seconds << 20).
    fn next_value(&mut self, now: u64) -> u64 {
        if self.next == self.end || self.next >> 20 < now >> 20 {
            self.next = self.ids.reserve(now, Self::BLOCK);
            self.end = self.next + Self::BLOCK;
        }
        let value = self.next;
        self.next += 1;
        self.ids.with_node(value)
    }
}

impl MessageIds {
    /// An id for SMPP 3.3 sessions, whose message_id holds 8 characters:
    /// 8 hex digits of second of the day (17 bits) and a counter (15 bits,
    /// 32 768 ids a second, borrowing from the next second beyond that).
    /// Unique per node and day, as 3.3 allows no more.
    pub fn next_short(&self) -> CompactString {
        hex(u64::from(self.next_short_value()), 8)
    }

    fn next_short_value(&self) -> u32 {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let now = ((secs / 86_400) << 32) | ((secs % 86_400) << 15);
        let mut current = self.short.load(Ordering::Relaxed);
        loop {
            let next = if current < now { now } else { current + 1 };
            match self.short.compare_exchange_weak(
                current,
                next,
                Ordering::AcqRel,
                Ordering::Relaxed,
            ) {
                Ok(_) => return (next & 0xFFFF_FFFF) as u32,
                Err(seen) => current = seen,
            }
        }
    }
}

/// How an account's message_ids look.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IdFormat {
    /// Lowercase hex digits (16, or 8 in the short form).
    #[default]
    Hex,
    /// Decimal digits (up to 20, or 10 in the short form).
    Decimal,
}

impl IdFormat {
    /// The full form of the 64-bit id `value`: 16 hex digits, or its
    /// decimal digits.
    fn full(self, value: u64) -> CompactString {
        match self {
            IdFormat::Hex => hex(value, 16),
            IdFormat::Decimal => CompactString::new(itoa::Buffer::new().format(value)),
        }
    }

    /// Characters of the full form at most.
    pub const fn full_len(self) -> usize {
        match self {
            IdFormat::Hex => 16,
            IdFormat::Decimal => 20,
        }
    }

    /// Characters of the short form.
    pub const fn short_len(self) -> usize {
        match self {
            IdFormat::Hex => 8,
            IdFormat::Decimal => 10,
        }
    }
}

/// `message_id = { format = "hex" | "decimal", max_length = N }` of an
/// account: what its carrier's systems accept. Below the full form's length
/// the short form is used (unique per node and day, as SMPP 3.3's).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageIdConfig {
    /// Hex (default) or decimal.
    #[serde(default)]
    pub format: IdFormat,
    /// Longest message_id the carrier accepts (default: no limit).
    #[serde(default)]
    pub max_length: Option<u8>,
}

impl MessageIdConfig {
    /// Whether ids take the full form on a session of this interface
    /// version: SMPP 3.3 allows 8 characters, and a `max_length` below the
    /// full form's length asks for the short form.
    fn full_form(&self, version: u8) -> bool {
        version >= 0x34
            && self
                .max_length
                .is_none_or(|m| usize::from(m) >= self.format.full_len())
    }

    /// Why this format cannot be served, if it cannot.
    pub fn check(&self) -> Result<(), String> {
        match self.max_length {
            Some(m) if usize::from(m) < self.format.short_len() => Err(format!(
                "max_length {m} is below the shortest {:?} message_id inlet makes ({} characters)",
                self.format,
                self.format.short_len()
            )),
            _ => Ok(()),
        }
    }
}

/// The low `digits` hex digits of `value`, lowercase, zero-padded (what
/// `format!("{value:0digits$x}")` writes, without the formatting machinery
/// on the path of every message).
fn hex(value: u64, digits: usize) -> CompactString {
    let digits = digits.min(16);
    let mut out = [0u8; 16];
    for (i, digit) in out[..digits].iter_mut().rev().enumerate() {
        *digit = b"0123456789abcdef"[((value >> (4 * i)) & 0xF) as usize];
    }
    // Hex digits: always UTF-8; 16 at most, held inline.
    std::str::from_utf8(&out[..digits])
        .map_or_else(|_| CompactString::default(), CompactString::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_matches_format() {
        for v in [
            0u64,
            1,
            0xABC,
            u64::from(u32::MAX),
            u64::MAX,
            0x0123_4567_89AB_CDEF,
        ] {
            assert_eq!(hex(v, 16), format!("{v:016x}"));
            assert_eq!(hex(v & 0xFFFF_FFFF, 8), format!("{:08x}", v & 0xFFFF_FFFF));
        }
    }

    #[test]
    fn formats_and_lengths() {
        let ids = MessageIds::new(3);
        let hex = MessageIdConfig::default();
        assert_eq!(ids.next_for(&hex, 0x34).len(), 16);
        assert_eq!(ids.next_for(&hex, 0x33).len(), 8, "3.3 allows 8");
        let short = MessageIdConfig {
            max_length: Some(12),
            ..MessageIdConfig::default()
        };
        assert_eq!(ids.next_for(&short, 0x34).len(), 8);
        let decimal = MessageIdConfig {
            format: IdFormat::Decimal,
            max_length: None,
        };
        let d = ids.next_for(&decimal, 0x50);
        assert!(
            d.len() <= 20 && d.bytes().all(|b| b.is_ascii_digit()),
            "{d}"
        );
        assert_eq!(
            d.parse::<u64>().expect("decimal") >> 52,
            3,
            "node in the top bits"
        );
        let short_decimal = MessageIdConfig {
            format: IdFormat::Decimal,
            max_length: Some(10),
        };
        let d = ids.next_for(&short_decimal, 0x34);
        assert_eq!(d.len(), 10);
        assert!(d.bytes().all(|b| b.is_ascii_digit()));
        assert!(short_decimal.check().is_ok());
        let too_short = MessageIdConfig {
            format: IdFormat::Decimal,
            max_length: Some(9),
        };
        assert!(too_short.check().is_err());
    }

    #[test]
    fn session_ids_are_unique_with_the_shared_ones_and_each_other() {
        let ids = MessageIds::new(5);
        let (mut a, mut b) = (ids.session(), ids.session());
        let hex = MessageIdConfig::default();
        let mut seen = std::collections::HashSet::new();
        let now = || {
            i64::try_from(
                SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map_or(0, |d| d.as_millis()),
            )
            .unwrap_or(0)
        };
        assert_eq!(MessageIds::secs_of(1_735_689_601_999), 1);
        assert_eq!(MessageIds::secs_of(-5), 0);
        for i in 0..10_000 {
            let id = match i % 3 {
                0 => a.next_for(&hex, 0x34, now()),
                1 => b.next_for(&hex, 0x50, now()),
                _ => ids.next(),
            };
            assert_eq!(id.len(), 16);
            assert!(id.starts_with("005"), "{id}");
            assert!(seen.insert(id), "repeated");
        }
        let short = a.next_for(&hex, 0x33, now());
        assert_eq!(short.len(), 8, "3.3 allows 8");
    }

    #[test]
    fn a_session_gives_up_its_block_when_the_second_turns() {
        let ids = MessageIds::new(1);
        let mut session = ids.session();
        let second = |s: u64| s << 20;
        let first = session.next_value(second(100));
        assert_eq!(first & 0xF_FFFF, 0, "a new second starts its counter at 0");
        assert_eq!(session.next_value(second(100)), first + 1);
        // A second later: a new block in the new second.
        let later = session.next_value(second(101));
        assert_eq!((later >> 20) & 0xFFFF_FFFF, 101);
        // Another session's block in that second follows it.
        let other = ids.session().next_value(second(101));
        assert_eq!(other, later + SessionIds::BLOCK);
        // A block used up is replaced.
        for _ in 0..SessionIds::BLOCK - 1 {
            session.next_value(second(101));
        }
        assert!(session.next_value(second(101)) > other);
    }

    #[test]
    fn ids_are_unique_and_carry_the_node() {
        let ids = MessageIds::new(7);
        let mut seen = std::collections::HashSet::new();
        for _ in 0..100_000 {
            let id = ids.next();
            assert_eq!(id.len(), 16);
            assert!(id.starts_with("007"));
            assert!(seen.insert(id));
        }
        assert_ne!(
            MessageIds::new(1).next()[..3],
            MessageIds::new(2).next()[..3]
        );
    }
}

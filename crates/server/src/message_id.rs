//! message_ids unique across instances and restarts: node id, time and a
//! counter.

use std::sync::atomic::{AtomicU64, Ordering};
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
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
            .saturating_sub(EPOCH_2025)
            & 0xFFFF_FFFF
    }

    /// The next id, as 16 lowercase hex digits.
    pub fn next(&self) -> String {
        // state = seconds << 20 | counter; never goes backwards.
        let now = Self::now_secs() << 20;
        let mut current = self.state.load(Ordering::Relaxed);
        loop {
            let next = if current >> 20 < now >> 20 {
                now
            } else {
                current + 1
            };
            match self.state.compare_exchange_weak(
                current,
                next,
                Ordering::AcqRel,
                Ordering::Relaxed,
            ) {
                Ok(_) => {
                    return format!(
                        "{:016x}",
                        (self.node << 52) | (next & 0x000F_FFFF_FFFF_FFFF)
                    );
                }
                Err(seen) => current = seen,
            }
        }
    }
}

impl MessageIds {
    /// An id for SMPP 3.3 sessions, whose message_id holds 8 characters:
    /// 8 hex digits of second of the day (17 bits) and a counter (15 bits,
    /// 32 768 ids a second, borrowing from the next second beyond that).
    /// Unique per node and day, as 3.3 allows no more.
    pub fn next_short(&self) -> String {
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
                Ok(_) => return format!("{:08x}", next & 0xFFFF_FFFF),
                Err(seen) => current = seen,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

//! One shard of the table: an immutable open-addressing hash table from
//! number to [`Slot`], built once and replaced whole (copy-on-write) when
//! one of its numbers changes.
//!
//! Written by hand rather than taken from `hashbrown`: the table is never
//! mutated in place, so it needs no tombstones or growth logic, and sizing
//! it exactly (load 0.8, not hashbrown's power-of-two capacity, which
//! wastes up to half the buckets) is what keeps 10 M numbers under 64 bytes
//! each. Keys and values sit in one 40-octet bucket, so a hit usually costs
//! one cache miss.

use std::sync::Arc;

use crate::Assignment;

/// An interned account name: a thin `'static` pointer, so copying a slot
/// (every update copies a shard) touches no reference count. Reference
/// counts on shared account names were written by the writer and read by
/// every lookup, which cost a third of the readers' throughput under
/// updates (`routing-contention`). Interned names live for the process: a
/// few dozen bytes per account name ever loaded.
pub(crate) type Name = &'static &'static str;

/// The name empty buckets point at (never routed to).
pub(crate) static NO_NAME: &str = "";

/// What a number holds: the common case (one exclusive rental with a
/// numeric id, no labels) inline, anything else as a shared list.
#[derive(Clone, Debug)]
pub(crate) enum Slot {
    /// One exclusive rental with a numeric id and no labels.
    One {
        id: u64,
        starts_at: i64,
        ends_at: i64,
        account: Name,
    },
    /// The general case, sorted by `starts_at`.
    Many(Arc<[Assignment]>),
}

#[derive(Clone, Debug)]
struct Bucket {
    /// The number's digits; 0 marks an empty bucket (no E.164 number is 0).
    key: u64,
    slot: Slot,
}

/// An immutable hash table of numbers.
#[derive(Debug)]
pub(crate) struct Shard {
    buckets: Box<[Bucket]>,
    len: usize,
}

/// A strong 64-bit mixer (the murmur3 / splitmix64 finalizer): numbers are
/// dense and sequential, so their low bits cannot be used as they are.
#[inline]
pub(crate) fn mix(key: u64) -> u64 {
    let mut z = key;
    z = (z ^ (z >> 33)).wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    z = (z ^ (z >> 33)).wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    z ^ (z >> 33)
}

impl Shard {
    /// Builds a shard from entries with distinct keys. `shard_bits` is the
    /// number of top hash bits that chose this shard; the bucket index
    /// uses the others.
    pub(crate) fn build(entries: Vec<(u64, Slot)>, shard_bits: u32) -> Shard {
        let len = entries.len();
        // Load factor 0.8, and always one empty bucket so probes end.
        let capacity = len + len / 4 + 1;
        let empty = Bucket {
            key: 0,
            slot: Slot::One {
                id: 0,
                starts_at: 0,
                ends_at: 0,
                account: &NO_NAME,
            },
        };
        let mut buckets = vec![empty; capacity].into_boxed_slice();
        for (key, slot) in entries {
            let mut i = bucket_of(mix(key), shard_bits, capacity);
            while buckets[i].key != 0 {
                i = if i + 1 == capacity { 0 } else { i + 1 };
            }
            buckets[i] = Bucket { key, slot };
        }
        Shard { buckets, len }
    }

    /// The slot of `key`.
    #[inline]
    pub(crate) fn get(&self, key: u64, hash: u64, shard_bits: u32) -> Option<(usize, &Slot)> {
        let capacity = self.buckets.len();
        let mut i = bucket_of(hash, shard_bits, capacity);
        loop {
            let bucket = &self.buckets[i];
            if bucket.key == key {
                return Some((i, &bucket.slot));
            }
            if bucket.key == 0 {
                return None;
            }
            i = if i + 1 == capacity { 0 } else { i + 1 };
        }
    }

    /// The slot in bucket `index`, as [`Shard::get`] found it.
    #[inline]
    pub(crate) fn slot_at(&self, index: usize) -> Option<&Slot> {
        self.buckets.get(index).map(|b| &b.slot)
    }

    /// Numbers held.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The entries.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u64, &Slot)> {
        self.buckets
            .iter()
            .filter(|b| b.key != 0)
            .map(|b| (b.key, &b.slot))
    }

    /// A copy with `changes` applied (`None` removes the number): the
    /// copy-on-write step of every update.
    pub(crate) fn with_changes(&self, changes: Vec<(u64, Option<Slot>)>, shard_bits: u32) -> Shard {
        let changed: std::collections::HashMap<u64, Option<Slot>> = changes.into_iter().collect();
        let mut entries: Vec<(u64, Slot)> = self
            .iter()
            .filter(|(key, _)| !changed.contains_key(key))
            .map(|(key, slot)| (key, slot.clone()))
            .collect();
        entries.extend(changed.into_iter().filter_map(|(k, s)| s.map(|s| (k, s))));
        Shard::build(entries, shard_bits)
    }
}

/// The bucket a key (of hash `hash`) starts probing at: the hash bits below the shard bits,
/// scaled onto the capacity (multiply-shift, no modulo).
#[inline]
fn bucket_of(hash: u64, shard_bits: u32, capacity: usize) -> usize {
    let h = hash.rotate_left(shard_bits);
    ((u128::from(h) * capacity as u128) >> 64) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(id: u64, account: Name) -> Slot {
        Slot::One {
            id,
            starts_at: 0,
            ends_at: i64::MAX,
            account,
        }
    }

    #[test]
    fn build_get_and_change() {
        let acc: Name = &"a";
        let entries = (1..=1000u64).map(|k| (k * 7919, one(k, acc))).collect();
        let shard = Shard::build(entries, 4);
        assert_eq!(shard.len(), 1000);
        for k in 1..=1000u64 {
            match shard.get(k * 7919, mix(k * 7919), 4) {
                Some((_, Slot::One { id, .. })) => assert_eq!(*id, k),
                other => panic!("{k}: {other:?}"),
            }
        }
        assert!(shard.get(5, mix(5), 4).is_none());
        let changed = shard.with_changes(vec![(7919, None), (3, Some(one(99, acc)))], 4);
        assert_eq!(changed.len(), 1000);
        assert!(changed.get(7919, mix(7919), 4).is_none());
        assert!(matches!(
            changed.get(3, mix(3), 4),
            Some((_, Slot::One { id: 99, .. }))
        ));
        assert!(Shard::build(Vec::new(), 0).get(1, mix(1), 0).is_none());
    }

    #[test]
    fn bucket_is_40_octets() {
        assert_eq!(std::mem::size_of::<Bucket>(), 40);
    }
}

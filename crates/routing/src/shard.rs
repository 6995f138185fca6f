//! One shard of the table: an immutable open-addressing hash table from
//! number to [`Slot`], replaced whole (copy-on-write) when one of its
//! numbers changes: the copy is changed in place, or built again when its
//! load factor would leave its bounds.
//!
//! Written by hand rather than taken from `hashbrown`: a published shard
//! is never mutated, and its copies delete by backward shift, so it needs
//! no tombstones or growth logic; and sizing it exactly (load 0.8 when
//! loaded, not hashbrown's power-of-two capacity, which wastes up to half
//! the buckets) is what keeps 10 M numbers under 64 bytes each. Keys and values sit in one 40-octet bucket, so a hit usually costs
//! one cache miss.

use std::sync::Arc;

use crate::Assignment;

/// An interned account name: a thin `'static` pointer, so copying a slot
/// (every update copies a shard) touches no reference count, and a lookup
/// copies the rental out of the table without taking one. Reference
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
///
/// Linear probing over `buckets`, guided by `tags`: one octet per bucket,
/// 0 when empty, else 7 bits of the key's hash with the high bit set.
/// Probes read the tags eight at a time (one `u64`) and touch a bucket only
/// where its tag matches, so a lookup reads one bucket — usually one cache
/// miss — and its branches depend on the tags, which stay in cache (1.25
/// octets a number), not on the bucket. That is what lets the processor
/// overlap the cache misses of consecutive lookups: a branch on a bucket
/// still in flight from memory, mispredicted whenever a key sits a probe
/// or two from its home bucket, would throw that overlap away.
///
/// A cheap handle (two shared arrays): the table's branches hold shards by
/// value, so a lookup goes from the branch straight to the tags, with no
/// shard header to fetch in between.
#[derive(Clone, Debug)]
pub(crate) struct Shard {
    /// `buckets.len() + GROUP` tags: the last `GROUP` repeat the first ones,
    /// so a group read at any bucket never wraps.
    tags: Arc<[u8]>,
    buckets: Arc<[Bucket]>,
    len: usize,
}

/// Tags read at once.
const GROUP: usize = 8;
const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
const ONES: u64 = 0x0101_0101_0101_0101;

/// The tag of a key of hash `hash` (never 0, the empty tag).
#[inline]
fn tag_of(hash: u64) -> u8 {
    0x80 | (hash as u8 & 0x7F)
}

/// The high bit of each octet of `x` that is zero, exactly (no false
/// positives: the additions cannot carry across octets).
#[inline]
fn zero_octets(x: u64) -> u64 {
    !((((x & LOW7) + LOW7) | x) | LOW7)
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
    /// Builds a shard from entries with distinct keys, at load factor 0.8.
    /// `shard_bits` is the number of top hash bits that chose this shard;
    /// the bucket index uses the others.
    pub(crate) fn build(entries: Vec<(u64, Slot)>, shard_bits: u32) -> Shard {
        let capacity = full_capacity(entries.len());
        Shard::build_in(entries, shard_bits, capacity)
    }

    /// [`build`](Self::build) into `capacity` buckets (more than the
    /// entries: there is always an empty bucket, so probes end; and at
    /// least a group of them, so a group wraps at most once).
    fn build_in(entries: Vec<(u64, Slot)>, shard_bits: u32, capacity: usize) -> Shard {
        let len = entries.len();
        let capacity = capacity.max(len + 1).max(GROUP);
        let empty = empty_bucket();
        // Allocated in place as shared arrays (`repeat_n` has an exact
        // length) and filled through `make_mut`, which never copies a
        // unique array: a `Vec` converted afterwards would be copied, a
        // tenth of a 10 M-number load.
        let mut buckets: Arc<[Bucket]> = std::iter::repeat_n(empty, capacity).collect();
        let mut tags: Arc<[u8]> = std::iter::repeat_n(0u8, capacity + GROUP).collect();
        let (buckets_mut, tags_mut) = (Arc::make_mut(&mut buckets), Arc::make_mut(&mut tags));
        for (key, slot) in entries {
            let hash = mix(key);
            let mut i = bucket_of(hash, shard_bits, capacity);
            while tags_mut[i] != 0 {
                i = next_bucket(i, capacity);
            }
            tags_mut[i] = tag_of(hash);
            buckets_mut[i] = Bucket { key, slot };
        }
        for k in 0..GROUP {
            tags_mut[capacity + k] = tags_mut[k];
        }
        Shard { tags, buckets, len }
    }

    /// The slot of `key`.
    #[inline(always)]
    pub(crate) fn get(&self, key: u64, hash: u64, shard_bits: u32) -> Option<&Slot> {
        let capacity = self.buckets.len();
        let wanted = u64::from(tag_of(hash)) * ONES;
        let mut at = bucket_of(hash, shard_bits, capacity);
        prefetch(&self.buckets[at]);
        // Every probe sequence ends at an empty bucket (there is always
        // one), within `capacity / GROUP + 1` groups.
        for _ in 0..=capacity / GROUP {
            let mut group = [0u8; GROUP];
            group.copy_from_slice(&self.tags[at..at + GROUP]);
            let group = u64::from_le_bytes(group);
            let empty = zero_octets(group);
            // A key is never stored past an empty bucket of its probe
            // sequence (copies delete by backward shift): keep the matches
            // below the first empty bucket. Branch-free, so the usual hit
            // path has no branch on the tags that could be mispredicted.
            let mut matches = zero_octets(group ^ wanted) & empty.wrapping_sub(1) & !empty;
            while matches != 0 {
                let i = at + (matches.trailing_zeros() / 8) as usize;
                let i = if i >= capacity { i - capacity } else { i };
                let bucket = &self.buckets[i];
                if bucket.key == key {
                    return Some(&bucket.slot);
                }
                matches &= matches - 1;
            }
            if empty != 0 {
                return None;
            }
            at += GROUP;
            if at >= capacity {
                at -= capacity;
            }
        }
        None
    }

    /// Numbers held.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The entries.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u64, &Slot)> {
        self.buckets
            .iter()
            .zip(self.tags.iter())
            .filter(|(_, tag)| **tag != 0)
            .map(|(b, _)| (b.key, &b.slot))
    }

    /// A copy with `changes` applied (`None` removes the number; a number
    /// changed twice takes its last change): the copy-on-write step of
    /// every update.
    ///
    /// The arrays are copied as they are and the changes made in the copy
    /// (a few probes each), as long as the copy keeps the load factor
    /// between 0.4 and 0.8; otherwise the shard is rebuilt at its new size,
    /// with room for a few numbers more (load 0.75).
    /// Rebuilding rehashed every number of the shard on every update: the
    /// writer's time per change, which on this 2-core machine the readers
    /// of `routing-contention` paid for.
    pub(crate) fn with_changes(&self, changes: Vec<(u64, Option<Slot>)>, shard_bits: u32) -> Shard {
        let capacity = self.buckets.len();
        // Numbers added and removed (a number changed twice in one batch
        // counted twice: then the bounds below are only stricter).
        let (mut added, mut removed) = (0, 0);
        for (key, slot) in &changes {
            match (self.get(*key, mix(*key), shard_bits).is_some(), slot) {
                (false, Some(_)) => added += 1,
                (true, None) => removed += 1,
                _ => {}
            }
        }
        let most = self.len + added;
        let least = self.len.saturating_sub(removed);
        if full_capacity(most) > capacity || full_capacity(least).max(GROUP) * 2 < capacity {
            return self.rebuilt(changes, shard_bits);
        }
        let mut copy = Shard {
            tags: Arc::from(&self.tags[..]),
            buckets: Arc::from(&self.buckets[..]),
            len: self.len,
        };
        let (tags, buckets) = (
            Arc::make_mut(&mut copy.tags),
            Arc::make_mut(&mut copy.buckets),
        );
        for (key, slot) in changes {
            let hash = mix(key);
            let home = bucket_of(hash, shard_bits, capacity);
            // The key's bucket, or the empty one ending its probe sequence.
            let mut i = home;
            while tags[i] != 0 && buckets[i].key != key {
                i = next_bucket(i, capacity);
            }
            match slot {
                Some(slot) => {
                    if tags[i] == 0 {
                        copy.len += 1;
                        set_tag(tags, capacity, i, tag_of(hash));
                    }
                    buckets[i] = Bucket { key, slot };
                }
                None if tags[i] != 0 => {
                    copy.len -= 1;
                    remove_at(tags, buckets, capacity, i, shard_bits);
                }
                None => {}
            }
        }
        copy
    }

    /// [`with_changes`](Self::with_changes) by building the shard again.
    fn rebuilt(&self, changes: Vec<(u64, Option<Slot>)>, shard_bits: u32) -> Shard {
        let changed: std::collections::HashMap<u64, Option<Slot>> = changes.into_iter().collect();
        let mut entries: Vec<(u64, Slot)> = self
            .iter()
            .filter(|(key, _)| !changed.contains_key(key))
            .map(|(key, slot)| (key, slot.clone()))
            .collect();
        entries.extend(changed.into_iter().filter_map(|(k, s)| s.map(|s| (k, s))));
        // Load factor 0.75, not 0.8: room for a few numbers more, added in
        // place, before the next rebuild (at 0.8 a shard built exactly
        // full was rebuilt by every number added).
        let capacity = entries.len() + entries.len() / 3 + 1;
        Shard::build_in(entries, shard_bits, capacity)
    }
}

/// Buckets for `len` numbers at load factor 0.8, one always empty.
fn full_capacity(len: usize) -> usize {
    len + len / 4 + 1
}

/// The bucket after `i` on a probe sequence (wrapping at the end).
#[inline]
fn next_bucket(i: usize, capacity: usize) -> usize {
    if i + 1 == capacity { 0 } else { i + 1 }
}

/// Sets the tag of bucket `i`, and its repeat past the end for the first
/// [`GROUP`] buckets.
fn set_tag(tags: &mut [u8], capacity: usize, i: usize, tag: u8) {
    tags[i] = tag;
    if i < GROUP {
        tags[capacity + i] = tag;
    }
}

/// Empties bucket `hole` of a linear-probing table and moves later
/// entries of its run back (backward-shift deletion), so that no key
/// sits past an empty bucket of its probe sequence, as [`Shard::get`]
/// relies on.
fn remove_at(tags: &mut [u8], buckets: &mut [Bucket], capacity: usize, hole: usize, bits: u32) {
    let mut hole = hole;
    let mut j = next_bucket(hole, capacity);
    while tags[j] != 0 {
        let home = bucket_of(mix(buckets[j].key), bits, capacity);
        // Cyclic distances from the entry's home: it may move back to the
        // hole when the hole lies on its probe sequence (from home to j).
        let to_hole = (hole + capacity - home) % capacity;
        let to_here = (j + capacity - home) % capacity;
        if to_hole <= to_here {
            buckets.swap(hole, j);
            let tag = tags[j];
            set_tag(tags, capacity, hole, tag);
            hole = j;
        }
        j = next_bucket(j, capacity);
    }
    set_tag(tags, capacity, hole, 0);
    buckets[hole] = empty_bucket();
}

/// What an empty bucket holds.
fn empty_bucket() -> Bucket {
    Bucket {
        key: 0,
        slot: Slot::One {
            id: 0,
            starts_at: 0,
            ends_at: 0,
            account: &NO_NAME,
        },
    }
}

/// Starts loading the cache line of `bucket` (the key's home bucket, where
/// it or its neighbours usually are) while the tags are read, so the two
/// cache misses of a lookup overlap instead of following each other. A
/// plain load whose value is discarded: the prefetch intrinsic needs
/// `unsafe`, which this crate forbids.
#[inline(always)]
fn prefetch(bucket: &Bucket) {
    std::hint::black_box(bucket.key);
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
                Some(Slot::One { id, .. }) => assert_eq!(*id, k),
                other => panic!("{k}: {other:?}"),
            }
        }
        assert!(shard.get(5, mix(5), 4).is_none());
        let changed = shard.with_changes(vec![(7919, None), (3, Some(one(99, acc)))], 4);
        assert_eq!(changed.len(), 1000);
        assert!(changed.get(7919, mix(7919), 4).is_none());
        assert!(matches!(
            changed.get(3, mix(3), 4),
            Some(Slot::One { id: 99, .. })
        ));
        assert!(Shard::build(Vec::new(), 0).get(1, mix(1), 0).is_none());
    }

    #[test]
    fn every_size_finds_its_keys_and_only_them() {
        let acc: Name = &"a";
        for size in 0..70u64 {
            for bits in [0, 6, 20] {
                let keys: Vec<u64> = (1..=size).map(|k| k * 1_000_003).collect();
                let shard = Shard::build(keys.iter().map(|&k| (k, one(k, acc))).collect(), bits);
                for &k in &keys {
                    assert!(
                        matches!(shard.get(k, mix(k), bits), Some(Slot::One { id, .. }) if *id == k),
                        "size {size}: {k}"
                    );
                }
                for k in 1..200u64 {
                    assert!(shard.get(k * 7 + 1, mix(k * 7 + 1), bits).is_none());
                }
                assert_eq!(shard.iter().count(), keys.len());
            }
        }
    }

    proptest::proptest! {
        /// Changes made in place (or by a rebuild when the load factor
        /// leaves its bounds) give the table a model map gives.
        #[test]
        fn changes_match_a_model(
            initial in proptest::collection::btree_set(1u64..400, 0..60),
            batches in proptest::collection::vec(
                proptest::collection::vec((1u64..400, proptest::option::weighted(0.6, 0u64..1000)), 0..12),
                1..8,
            ),
            bits in proptest::sample::select(vec![0u32, 6, 20]),
        ) {
            let acc: Name = &"a";
            let mut model: std::collections::BTreeMap<u64, u64> =
                initial.iter().map(|&k| (k, k)).collect();
            // Built with room, so that numbers are added in place too.
            let mut shard = Shard::build_in(
                initial.iter().map(|&k| (k, one(k, acc))).collect(),
                bits,
                initial.len() + initial.len() / 2 + 8,
            );
            for batch in batches {
                let changes = batch.iter().map(|&(k, id)| (k, id.map(|id| one(id, acc)))).collect();
                for &(k, id) in &batch {
                    match id {
                        Some(id) => model.insert(k, id),
                        None => model.remove(&k),
                    };
                }
                shard = shard.with_changes(changes, bits);
                assert_probe_invariant(&shard, bits);
                proptest::prop_assert_eq!(shard.len(), model.len());
                proptest::prop_assert_eq!(shard.iter().count(), model.len());
                for k in 1u64..400 {
                    let got = match shard.get(k, mix(k), bits) {
                        Some(Slot::One { id, .. }) => Some(*id),
                        Some(Slot::Many(_)) => None,
                        None => None,
                    };
                    proptest::prop_assert_eq!(got, model.get(&k).copied(), "key {}", k);
                }
            }
        }
    }

    #[test]
    fn changes_within_the_load_bounds_are_made_in_place() {
        let acc: Name = &"a";
        let keys: Vec<u64> = (1..=100u64).map(|k| k * 7919).collect();
        let shard = Shard::build(keys.iter().map(|&k| (k, one(k, acc))).collect(), 6);
        let capacity = shard.buckets.len();
        // Ten replaced, five removed: the same arrays' size (a rebuild
        // would size them for 95 numbers).
        let mut changes: Vec<(u64, Option<Slot>)> = keys[..10]
            .iter()
            .map(|&k| (k, Some(one(k + 1, acc))))
            .collect();
        changes.extend(keys[10..15].iter().map(|&k| (k, None)));
        let changed = shard.with_changes(changes, 6);
        assert_eq!(changed.buckets.len(), capacity);
        assert_eq!(changed.len(), 95);
        for (i, &k) in keys.iter().enumerate() {
            let id = match changed.get(k, mix(k), 6) {
                Some(Slot::One { id, .. }) => Some(*id),
                _ => None,
            };
            let want = match i {
                0..10 => Some(k + 1),
                10..15 => None,
                _ => Some(k),
            };
            assert_eq!(id, want, "{k}");
        }
        // The original is untouched (copy on write).
        assert_eq!(shard.len(), 100);
        assert!(shard.get(keys[12], mix(keys[12]), 6).is_some());
    }

    /// What `get` relies on: every key sits before the first empty bucket
    /// of its probe sequence, and the trailing tags repeat the first ones.
    fn assert_probe_invariant(shard: &Shard, bits: u32) {
        let capacity = shard.buckets.len();
        assert_eq!(shard.tags[capacity..], shard.tags[..GROUP]);
        for j in (0..capacity).filter(|&j| shard.tags[j] != 0) {
            let key = shard.buckets[j].key;
            assert_eq!(shard.tags[j], tag_of(mix(key)), "tag of {key}");
            let mut i = bucket_of(mix(key), bits, capacity);
            while i != j {
                assert_ne!(shard.tags[i], 0, "{key} at {j} past an empty {i}");
                i = (i + 1) % capacity;
            }
        }
    }

    /// Keys of the given home buckets (shard bits 0, 8 buckets).
    fn key_at_home(home: usize, skip: usize) -> u64 {
        (1u64..)
            .filter(|&k| bucket_of(mix(k), 0, 8) == home)
            .nth(skip)
            .expect("a key")
    }

    #[test]
    fn inserts_and_removals_wrap_around_the_end() {
        let acc: Name = &"a";
        // Five numbers in 8 buckets, three of them at home 7: the run
        // wraps from bucket 7 to 0 and 1.
        let (a, b, c, d, e) = (
            key_at_home(6, 0),
            key_at_home(7, 0),
            key_at_home(7, 1),
            key_at_home(7, 2),
            key_at_home(0, 0),
        );
        let shard = Shard::build_in(
            [a, b, c, d, e].iter().map(|&k| (k, one(k, acc))).collect(),
            0,
            8,
        );
        assert_eq!(shard.buckets.len(), 8);
        assert_probe_invariant(&shard, 0);
        // Removing the first of home 7 shifts the wrapped run back across
        // the end.
        let removed = shard.with_changes(vec![(b, None)], 0);
        assert_eq!(removed.buckets.len(), 8, "changed in place");
        assert_probe_invariant(&removed, 0);
        assert!(removed.get(b, mix(b), 0).is_none());
        for k in [a, c, d, e] {
            assert!(removed.get(k, mix(k), 0).is_some(), "{k}");
        }
        // An insert at home 7 wraps to the first empty bucket, and a
        // removal in the same batch shifts across the end again.
        let f = key_at_home(7, 3);
        let changed = removed.with_changes(vec![(f, Some(one(f, acc))), (c, None)], 0);
        assert_eq!(changed.buckets.len(), 8, "changed in place");
        assert_probe_invariant(&changed, 0);
        assert_eq!(changed.len(), 4);
        assert!(changed.get(c, mix(c), 0).is_none());
        for k in [a, d, e, f] {
            assert!(changed.get(k, mix(k), 0).is_some(), "{k}");
        }
    }

    #[test]
    fn zero_octets_is_exact() {
        assert_eq!(zero_octets(0), 0x8080_8080_8080_8080);
        assert_eq!(zero_octets(u64::MAX), 0);
        assert_eq!(zero_octets(0x0100_8000_0001_FF00), 0x0080_0080_8000_0080);
        // A zero octet below a 0x01 or 0x80 octet does not spill upwards.
        assert_eq!(zero_octets(0x0000_0000_0000_0100), 0x8080_8080_8080_0080);
    }

    #[test]
    fn bucket_is_40_octets() {
        assert_eq!(std::mem::size_of::<Bucket>(), 40);
    }
}

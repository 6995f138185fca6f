//! [`RoutingTable`]: the sharded, copy-on-write table and its updates.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use arc_swap::ArcSwap;

use crate::lookup::{Lookup, Route, UnroutedReason, select};
use crate::prefix::Prefixes;
use crate::shard::{Name, Shard, Slot, mix};
use crate::{Account, Assignment, AssignmentId, Number, RoutingError, Timestamp};

/// One change to the table.
#[derive(Clone, Debug)]
pub enum Update {
    /// Replace everything the number holds with these rentals (an empty
    /// list removes the number).
    Upsert {
        /// The number.
        number: Number,
        /// All of its rentals.
        assignments: Vec<Assignment>,
    },
    /// Remove the number.
    Remove {
        /// The number.
        number: Number,
    },
}

/// The routing table. See the crate docs for its consistency guarantees.
///
/// Cheap to share: wrap it in an `Arc`. Lookups take `&self` and never
/// block; updates serialize among themselves on an internal mutex that
/// lookups never touch.
pub struct RoutingTable {
    current: ArcSwap<Snapshot>,
    writer: Mutex<Writer>,
    len: AtomicUsize,
}

/// One version of the whole table: what a bulk load swaps in at once.
struct Snapshot {
    shard_bits: u32,
    shards: Box<[ArcSwap<Shard>]>,
    prefixes: ArcSwap<Prefixes>,
}

/// State only writers use.
#[derive(Default)]
struct Writer {
    /// One `Account` per name, so rental lists share account allocations.
    accounts: HashMap<Box<str>, Account>,
    /// The interned names inline slots point at.
    names: HashMap<&'static str, Name>,
}

/// Average numbers per shard above which the table splits its shards:
/// an update copies one shard, so shards stay small.
const MAX_AVG_SHARD: usize = 1024;
/// Numbers per shard a load aims at.
const TARGET_SHARD: usize = 256;
const MIN_SHARD_BITS: u32 = 6;
const MAX_SHARD_BITS: u32 = 24;

fn shard_bits_for(len: usize) -> u32 {
    let shards = (len / TARGET_SHARD).max(1);
    shards
        .next_power_of_two()
        .trailing_zeros()
        .clamp(MIN_SHARD_BITS, MAX_SHARD_BITS)
}

#[inline]
fn shard_index(hash: u64, shard_bits: u32) -> usize {
    (hash >> (64 - shard_bits)) as usize
}

impl Default for RoutingTable {
    fn default() -> Self {
        Self::new()
    }
}

impl RoutingTable {
    /// An empty table.
    pub fn new() -> RoutingTable {
        RoutingTable {
            current: ArcSwap::from_pointee(Snapshot::build(
                Vec::new(),
                Prefixes::default(),
                MIN_SHARD_BITS,
            )),
            writer: Mutex::new(Writer::default()),
            len: AtomicUsize::new(0),
        }
    }

    /// Numbers held (prefix routes not counted).
    pub fn len(&self) -> usize {
        self.len.load(Ordering::Relaxed)
    }

    /// Whether no number is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Prefix routes held.
    pub fn prefix_count(&self) -> usize {
        self.current.load().prefixes.load().len()
    }

    /// Which rental owns a message to `number` received at `at` from
    /// `sender`. Never blocks; see the crate docs for what it may see while
    /// updates flow.
    pub fn lookup(&self, number: Number, at: Timestamp, sender: &str) -> Lookup {
        let snapshot = self.current.load();
        let key = number.get();
        let hash = mix(key);
        let shard = snapshot.shards[shard_index(hash, snapshot.shard_bits)].load();
        let found = match shard.get(key, hash, snapshot.shard_bits) {
            Some((
                bucket,
                Slot::One {
                    starts_at, ends_at, ..
                },
            )) => Some(if at.0 < *starts_at {
                Err(UnroutedReason::NotStarted)
            } else if at.0 >= *ends_at {
                Err(UnroutedReason::Expired)
            } else {
                Ok(bucket)
            }),
            Some((_, Slot::Many(list))) => {
                return match select(list, at, sender) {
                    Ok(i) => Lookup::Routed(Route::listed(list.clone(), i)),
                    Err(reason) => Lookup::Unrouted(reason),
                };
            }
            None => None,
        };
        match found {
            Some(Ok(bucket)) => Lookup::Routed(Route::one(shard, bucket)),
            Some(Err(reason)) => Lookup::Unrouted(reason),
            None => snapshot
                .prefixes
                .load()
                .lookup(number, at, sender)
                .unwrap_or(Lookup::Unrouted(UnroutedReason::UnknownNumber)),
        }
    }

    /// Every rental of `number` (not of its prefixes), sorted by start.
    pub fn get(&self, number: Number) -> Vec<Assignment> {
        let snapshot = self.current.load();
        let key = number.get();
        let hash = mix(key);
        let shard = snapshot.shards[shard_index(hash, snapshot.shard_bits)].load();
        match shard.get(key, hash, snapshot.shard_bits) {
            Some((_, slot)) => slot_to_list(number, slot),
            None => Vec::new(),
        }
    }

    /// Replaces every rental of `number` (an empty list removes it).
    ///
    /// # Errors
    /// A [`RoutingError`] when the rentals conflict; the table is unchanged.
    pub fn upsert(&self, number: Number, assignments: Vec<Assignment>) -> Result<(), RoutingError> {
        self.apply([Update::Upsert {
            number,
            assignments,
        }])
    }

    /// Removes `number`.
    pub fn remove(&self, number: Number) {
        // A removal cannot conflict.
        let _ = self.apply([Update::Remove { number }]);
    }

    /// Applies a batch: every update is checked first, then all are applied
    /// (the last update of a number wins). Each number changes atomically;
    /// a batch touching several numbers may be seen half applied (numbers in
    /// different shards switch one shard at a time).
    ///
    /// Batches are cheaper than single updates: each touched shard is
    /// copied once per batch.
    ///
    /// # Errors
    /// The first [`RoutingError`]; nothing is applied.
    pub fn apply(&self, updates: impl IntoIterator<Item = Update>) -> Result<(), RoutingError> {
        let mut writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        let mut changes: Vec<(u64, Option<Slot>)> = Vec::new();
        for update in updates {
            match update {
                Update::Upsert {
                    number,
                    assignments,
                } if !assignments.is_empty() => {
                    let slot = writer.prepare(number, assignments, &mut InternCache::default())?;
                    changes.push((number.get(), Some(slot)));
                }
                Update::Upsert { number, .. } | Update::Remove { number } => {
                    changes.push((number.get(), None));
                }
            }
        }
        let snapshot = self.current.load();
        let bits = snapshot.shard_bits;
        let mut by_shard: HashMap<usize, Vec<(u64, Option<Slot>)>> = HashMap::new();
        for (key, slot) in changes {
            by_shard
                .entry(shard_index(mix(key), bits))
                .or_default()
                .push((key, slot));
        }
        let mut len = self.len();
        for (index, changes) in by_shard {
            let shard = &snapshot.shards[index];
            let old = shard.load_full();
            let new = old.with_changes(changes, bits);
            len = len + new.len() - old.len();
            shard.store(Arc::new(new));
        }
        self.len.store(len, Ordering::Relaxed);
        if len > snapshot.shards.len() * MAX_AVG_SHARD {
            // Grown by updates: split into more, smaller shards.
            let entries = snapshot.entries();
            let prefixes = snapshot.prefixes.load_full();
            let rebuilt = Snapshot::from_arc_prefixes(entries, prefixes, shard_bits_for(len));
            self.current.store(Arc::new(rebuilt));
        }
        Ok(())
    }

    /// Replaces the whole table at once: these rentals (any order, several
    /// per number allowed) and these prefix routes (an [`Assignment`] whose
    /// `number` is the prefix). Lookups see the old table or the new one,
    /// never a mix. Returns the number of numbers loaded.
    ///
    /// # Errors
    /// The first [`RoutingError`]; the table in force stays.
    pub fn load(
        &self,
        assignments: impl IntoIterator<Item = Assignment>,
        prefix_routes: impl IntoIterator<Item = Assignment>,
    ) -> Result<usize, RoutingError> {
        let mut writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        let assignments = assignments.into_iter();
        // One pass over the input, straight into per-shard parts: the
        // common rental (numeric id, exclusive, no labels) becomes its
        // 40-octet slot at once, anything else waits to be grouped. A sort of
        // all rentals by number was a quarter of a 10 M load.
        let bits = shard_bits_for(assignments.size_hint().0);
        let shard_count = 1usize << bits;
        // Sized for the expected share (plus three standard deviations), so
        // parts do not grow by doubling: the freed halves were 20 % of the
        // resident memory of a 10 M load.
        let expected = assignments.size_hint().0 / shard_count;
        let room = expected + 3 * expected.isqrt() + 8;
        let mut simple: Vec<Vec<(u64, Slot)>> =
            (0..shard_count).map(|_| Vec::with_capacity(room)).collect();
        let mut complex: Vec<Vec<Assignment>> = (0..shard_count).map(|_| Vec::new()).collect();
        let mut interned = InternCache::default();
        for a in assignments {
            let index = shard_index(mix(a.number.get()), bits);
            match a {
                Assignment {
                    id: AssignmentId::Num(id),
                    account,
                    number,
                    starts_at,
                    ends_at,
                    service: None,
                    labels: None,
                } if ends_at.is_none_or(|end| end > starts_at) => {
                    let slot = Slot::One {
                        id,
                        starts_at: starts_at.0,
                        ends_at: ends_at.unwrap_or(Timestamp::MAX).0,
                        account: writer.name_cached(&account, &mut interned),
                    };
                    simple[index].push((number.get(), slot));
                }
                other => complex[index].push(other),
            }
        }
        let mut len = 0;
        let mut parts = Vec::with_capacity(shard_count);
        for (mut entries, complex) in simple.into_iter().zip(complex) {
            entries.sort_unstable_by_key(|(key, _)| *key);
            let duplicated = entries.windows(2).any(|w| w[0].0 == w[1].0);
            if duplicated || !complex.is_empty() {
                // Numbers with several rentals, or unusual ones: group them
                // and check each group as a whole.
                let mut groups: HashMap<u64, Vec<Assignment>> = HashMap::new();
                for a in complex {
                    groups.entry(a.number.get()).or_default().push(a);
                }
                for w in entries.windows(2) {
                    if w[0].0 == w[1].0 {
                        groups.entry(w[0].0).or_default();
                    }
                }
                entries.retain(|(key, slot)| match groups.get_mut(key) {
                    Some(group) => {
                        if let Some(number) = Number::new(*key) {
                            group.extend(slot_to_list(number, slot));
                        }
                        false
                    }
                    None => true,
                });
                for (key, list) in groups {
                    let Some(number) = Number::new(key) else {
                        continue;
                    };
                    entries.push((key, writer.prepare(number, list, &mut interned)?));
                }
            }
            len += entries.len();
            parts.push(entries);
        }
        let prefixes = writer.prepare_prefixes(prefix_routes)?;
        let snapshot = if len > shard_count * MAX_AVG_SHARD {
            // The input did not say its size: split again.
            Snapshot::from_arc_prefixes(parts.concat(), Arc::new(prefixes), shard_bits_for(len))
        } else {
            Snapshot::from_parts(parts, Arc::new(prefixes), bits)
        };
        self.current.store(Arc::new(snapshot));
        self.len.store(len, Ordering::Relaxed);
        Ok(len)
    }

    /// Replaces the prefix routes, keeping the numbers.
    ///
    /// # Errors
    /// The first [`RoutingError`]; the routes in force stay.
    pub fn set_prefix_routes(
        &self,
        prefix_routes: impl IntoIterator<Item = Assignment>,
    ) -> Result<(), RoutingError> {
        let mut writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        let prefixes = writer.prepare_prefixes(prefix_routes)?;
        self.current.load().prefixes.store(Arc::new(prefixes));
        Ok(())
    }

    /// Every rental held, numbers and prefix routes, in no particular
    /// order (for exports and tests).
    pub fn assignments(&self) -> Vec<Assignment> {
        let snapshot = self.current.load();
        let mut out: Vec<Assignment> = snapshot
            .entries()
            .into_iter()
            .flat_map(|(key, slot)| {
                Number::new(key)
                    .map(|n| slot_to_list(n, &slot))
                    .unwrap_or_default()
            })
            .collect();
        out.extend(snapshot.prefixes.load().iter().cloned());
        out
    }
}

impl Snapshot {
    fn build(entries: Vec<(u64, Slot)>, prefixes: Prefixes, shard_bits: u32) -> Snapshot {
        Snapshot::from_arc_prefixes(entries, Arc::new(prefixes), shard_bits)
    }

    fn from_arc_prefixes(
        entries: Vec<(u64, Slot)>,
        prefixes: Arc<Prefixes>,
        shard_bits: u32,
    ) -> Snapshot {
        let count = 1usize << shard_bits;
        let mut parts: Vec<Vec<(u64, Slot)>> = (0..count)
            .map(|_| Vec::with_capacity(entries.len() / count + 8))
            .collect();
        for (key, slot) in entries {
            parts[shard_index(mix(key), shard_bits)].push((key, slot));
        }
        Snapshot::from_parts(parts, prefixes, shard_bits)
    }

    /// From entries already split by shard.
    fn from_parts(
        parts: Vec<Vec<(u64, Slot)>>,
        prefixes: Arc<Prefixes>,
        shard_bits: u32,
    ) -> Snapshot {
        let shards = parts
            .into_iter()
            .map(|part| ArcSwap::from_pointee(Shard::build(part, shard_bits)))
            .collect();
        Snapshot {
            shard_bits,
            shards,
            prefixes: ArcSwap::new(prefixes),
        }
    }

    fn entries(&self) -> Vec<(u64, Slot)> {
        self.shards
            .iter()
            .flat_map(|s| {
                let shard = s.load_full();
                shard
                    .iter()
                    .map(|(k, slot)| (k, slot.clone()))
                    .collect::<Vec<_>>()
            })
            .collect()
    }
}

/// Interning shortcut for one load: the `Account` handles a caller passes
/// are usually shared already, so the interned account is found by handle
/// (pointer) before falling back to hashing the name.
#[derive(Default)]
struct InternCache {
    by_handle: HashMap<usize, Account, BuildIdentity>,
    names: HashMap<usize, Name, BuildIdentity>,
}

/// Hasher for pointer keys: a multiply, no SipHash.
#[derive(Default, Clone, Copy)]
struct BuildIdentity;

impl std::hash::BuildHasher for BuildIdentity {
    type Hasher = IdentityHasher;

    fn build_hasher(&self) -> IdentityHasher {
        IdentityHasher(0)
    }
}

struct IdentityHasher(u64);

impl std::hash::Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.0 = n as u64;
    }
}

fn slot_to_list(number: Number, slot: &Slot) -> Vec<Assignment> {
    match slot {
        Slot::One {
            id,
            starts_at,
            ends_at,
            account,
        } => vec![Assignment {
            id: AssignmentId::Num(*id),
            account: Account::new(account),
            number,
            starts_at: Timestamp(*starts_at),
            ends_at: (*ends_at != i64::MAX).then_some(Timestamp(*ends_at)),
            service: None,
            labels: None,
        }],
        Slot::Many(list) => list.to_vec(),
    }
}

impl Writer {
    fn intern(&mut self, account: &Account) -> Account {
        if let Some(shared) = self.accounts.get(account.as_str()) {
            return shared.clone();
        }
        self.accounts
            .insert(account.as_str().into(), account.clone());
        account.clone()
    }

    /// The interned name inline slots use for `name` (leaked once per
    /// distinct name: see [`Name`]).
    fn name(&mut self, name: &str) -> Name {
        if let Some(interned) = self.names.get(name) {
            return interned;
        }
        let text: &'static str = Box::leak(name.into());
        let interned: Name = Box::leak(Box::new(text));
        self.names.insert(text, interned);
        interned
    }

    /// `name`, remembering the handle for the rest of a load.
    fn name_cached(&mut self, account: &Account, cache: &mut InternCache) -> Name {
        let handle = account.handle();
        if let Some(name) = cache.names.get(&handle) {
            return name;
        }
        let name = self.name(account.as_str());
        cache.names.insert(handle, name);
        name
    }

    /// `intern`, remembering the handle for the rest of a load. The input
    /// handles are alive for the whole load, so their addresses cannot be
    /// reused by another account meanwhile.
    fn intern_cached(&mut self, account: &Account, cache: &mut InternCache) -> Account {
        let handle = account.handle();
        if let Some(shared) = cache.by_handle.get(&handle) {
            return shared.clone();
        }
        let shared = self.intern(account);
        cache.by_handle.insert(handle, shared.clone());
        shared
    }

    /// Checks one number's rentals and turns them into its slot.
    fn prepare(
        &mut self,
        number: Number,
        mut list: Vec<Assignment>,
        cache: &mut InternCache,
    ) -> Result<Slot, RoutingError> {
        validate(number, &mut list)?;
        if let [a] = list.as_slice()
            && let AssignmentId::Num(id) = a.id
            && a.service.is_none()
            && a.labels.is_none()
        {
            return Ok(Slot::One {
                id,
                starts_at: a.starts_at.0,
                ends_at: a.end().0,
                account: self.name_cached(&a.account, cache),
            });
        }
        for a in &mut list {
            a.account = self.intern_cached(&a.account, cache);
        }
        Ok(Slot::Many(list.into()))
    }

    fn prepare_prefixes(
        &mut self,
        routes: impl IntoIterator<Item = Assignment>,
    ) -> Result<Prefixes, RoutingError> {
        let mut by_prefix: HashMap<Number, Vec<Assignment>> = HashMap::new();
        for mut a in routes {
            a.account = self.intern(&a.account);
            by_prefix.entry(a.number).or_default().push(a);
        }
        let mut lists = Vec::with_capacity(by_prefix.len());
        for (prefix, mut list) in by_prefix {
            validate(prefix, &mut list)?;
            lists.push((prefix, list));
        }
        Ok(Prefixes::new(lists))
    }
}

/// Sorts a number's rentals by start and checks them: right number, a
/// non-empty window, no two exclusive rentals at once, no two
/// service-scoped rentals for one sender at once.
fn validate(number: Number, list: &mut [Assignment]) -> Result<(), RoutingError> {
    list.sort_by(|a, b| a.starts_at.cmp(&b.starts_at).then_with(|| a.id.cmp(&b.id)));
    for a in list.iter() {
        if a.number != number {
            return Err(RoutingError::WrongNumber {
                number,
                id: a.id.clone(),
                actual: a.number,
            });
        }
        if a.end() <= a.starts_at {
            return Err(RoutingError::EmptyWindow {
                number,
                id: a.id.clone(),
                starts_at: a.starts_at,
                ends_at: a.end(),
            });
        }
    }
    for (i, a) in list.iter().enumerate() {
        for b in &list[i + 1..] {
            if !a.overlaps_in_time(b) {
                continue;
            }
            match (&a.service, &b.service) {
                (None, None) => {
                    return Err(RoutingError::OverlappingExclusive {
                        number,
                        first: a.id.clone(),
                        second: b.id.clone(),
                    });
                }
                (Some(x), Some(y)) if x.overlaps(y) => {
                    return Err(RoutingError::OverlappingServices {
                        number,
                        first: a.id.clone(),
                        second: b.id.clone(),
                    });
                }
                _ => {}
            }
        }
    }
    Ok(())
}

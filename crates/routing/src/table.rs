//! [`RoutingTable`]: the sharded, copy-on-write table and its updates.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
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
    /// Bumped after every store to `current`: a lookup compares it with the
    /// version its thread saw last (see [`SEEN`]).
    version: AtomicU64,
    /// Tells tables apart in [`SEEN`].
    id: u64,
    writer: Mutex<Writer>,
    len: AtomicUsize,
}

/// Source of [`RoutingTable::id`].
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// The table version this thread's last lookup saw.
///
/// A lookup through `ArcSwap::load` costs atomic read-modify-writes (it
/// registers and releases the pointer it reads), and on x86 each is a full
/// barrier: the processor cannot start the next lookup's cache misses
/// before the last one's have completed, which made the table no faster
/// than `RwLock<HashMap>` under contention. With this cache a lookup does
/// one plain load of [`RoutingTable::version`] and reads an immutable
/// version it already holds; it takes a new one (one `ArcSwap` load) only
/// after a writer has published. The cost: each thread that looks up keeps
/// the version it saw last alive until its next lookup, or until it looks
/// up in another table, or exits.
struct Seen {
    table: u64,
    version: u64,
    snapshot: Option<Arc<Snapshot>>,
}

thread_local! {
    static SEEN: RefCell<Seen> = const {
        RefCell::new(Seen {
            table: 0,
            version: 0,
            snapshot: None,
        })
    };
}

/// One immutable version of the whole table: a two-level tree of shards,
/// so an update copies the shards it touches, their branches' pointer
/// arrays and the root's, and shares everything else with the version
/// before.
struct Snapshot {
    /// Top hash bits choosing a shard.
    shard_bits: u32,
    /// Top hash bits choosing a branch (half of `shard_bits`).
    branch_bits: u32,
    /// The shards under each root entry, held inline (one pointer hop from
    /// the root to a shard's handle).
    branches: Box<[Arc<[Shard]>]>,
    prefixes: Arc<Prefixes>,
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
                Arc::new(Prefixes::default()),
                MIN_SHARD_BITS,
            )),
            version: AtomicU64::new(0),
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            writer: Mutex::new(Writer::default()),
            len: AtomicUsize::new(0),
        }
    }

    /// Makes `snapshot` the table every later lookup sees.
    fn publish(&self, snapshot: Snapshot) {
        self.current.store(Arc::new(snapshot));
        self.version.fetch_add(1, Ordering::Release);
    }

    /// This thread's [`SEEN`] entry made current for this table.
    #[cold]
    #[inline(never)]
    fn refresh(&self, seen: &mut Seen, version: u64) {
        *seen = Seen {
            table: self.id,
            version,
            snapshot: Some(self.current.load_full()),
        };
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
        self.current.load().prefixes.len()
    }

    /// Which rental owns a message to `number` received at `at` from
    /// `sender`. Never blocks; see the crate docs for what it may see while
    /// updates flow.
    pub fn lookup(&self, number: Number, at: Timestamp, sender: &str) -> Lookup {
        let version = self.version.load(Ordering::Acquire);
        let found = SEEN.try_with(|seen| {
            let mut seen = seen.try_borrow_mut().ok()?;
            if seen.table != self.id || seen.version != version || seen.snapshot.is_none() {
                self.refresh(&mut seen, version);
            }
            Some(seen.snapshot.as_deref()?.lookup(number, at, sender))
        });
        match found {
            Ok(Some(found)) => found,
            // The thread is exiting (its cache is gone): read the current
            // version directly.
            _ => self.current.load().lookup(number, at, sender),
        }
    }

    /// Every rental of `number` (not of its prefixes), sorted by start.
    pub fn get(&self, number: Number) -> Vec<Assignment> {
        let snapshot = self.current.load();
        let key = number.get();
        let hash = mix(key);
        match snapshot.shard(hash).get(key, hash, snapshot.shard_bits) {
            Some(slot) => slot_to_list(number, slot),
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
    /// (the last update of a number wins) in one new version: a lookup
    /// sees the whole batch or none of it.
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
        let snapshot = self.current.load_full();
        let bits = snapshot.shard_bits;
        let mut by_shard: HashMap<usize, Vec<(u64, Option<Slot>)>> = HashMap::new();
        for (key, slot) in changes {
            by_shard
                .entry(shard_index(mix(key), bits))
                .or_default()
                .push((key, slot));
        }
        // Copy on write: the touched shards, the pointer arrays of their
        // branches and the root's; everything else is shared.
        let low = bits - snapshot.branch_bits;
        let mut branches: Vec<Arc<[Shard]>> = snapshot.branches.to_vec();
        let mut copied: HashMap<usize, Vec<Shard>> = HashMap::new();
        let mut len = self.len();
        for (index, changes) in by_shard {
            let (branch, within) = (index >> low, index & ((1 << low) - 1));
            let shards = copied
                .entry(branch)
                .or_insert_with(|| branches[branch].to_vec());
            let new = shards[within].with_changes(changes, bits);
            len = len + new.len() - shards[within].len();
            shards[within] = new;
        }
        for (branch, shards) in copied {
            branches[branch] = shards.into();
        }
        let next = Snapshot {
            shard_bits: bits,
            branch_bits: snapshot.branch_bits,
            branches: branches.into(),
            prefixes: snapshot.prefixes.clone(),
        };
        if len > (1usize << bits) * MAX_AVG_SHARD {
            // Grown by updates: split into more, smaller shards.
            let prefixes = next.prefixes.clone();
            self.publish(Snapshot::build(
                next.entries(),
                prefixes,
                shard_bits_for(len),
            ));
        } else {
            self.publish(next);
        }
        self.len.store(len, Ordering::Relaxed);
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
            Snapshot::build(parts.concat(), Arc::new(prefixes), shard_bits_for(len))
        } else {
            Snapshot::from_parts(parts, Arc::new(prefixes), bits)
        };
        self.publish(snapshot);
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
        let snapshot = self.current.load();
        self.publish(Snapshot {
            shard_bits: snapshot.shard_bits,
            branch_bits: snapshot.branch_bits,
            branches: snapshot.branches.clone(),
            prefixes: Arc::new(prefixes),
        });
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
        out.extend(snapshot.prefixes.iter().cloned());
        out
    }
}

impl Snapshot {
    fn build(entries: Vec<(u64, Slot)>, prefixes: Arc<Prefixes>, shard_bits: u32) -> Snapshot {
        let count = 1usize << shard_bits;
        let mut parts: Vec<Vec<(u64, Slot)>> = (0..count)
            .map(|_| Vec::with_capacity(entries.len() / count + 8))
            .collect();
        for (key, slot) in entries {
            parts[shard_index(mix(key), shard_bits)].push((key, slot));
        }
        Snapshot::from_parts(parts, prefixes, shard_bits)
    }

    /// From entries already split by shard (`1 << shard_bits` parts).
    fn from_parts(
        parts: Vec<Vec<(u64, Slot)>>,
        prefixes: Arc<Prefixes>,
        shard_bits: u32,
    ) -> Snapshot {
        let branch_bits = shard_bits / 2;
        let per_branch = 1usize << (shard_bits - branch_bits);
        let mut shards = parts.into_iter().map(|part| Shard::build(part, shard_bits));
        let branches = (0..1usize << branch_bits)
            .map(|_| shards.by_ref().take(per_branch).collect())
            .collect();
        Snapshot {
            shard_bits,
            branch_bits,
            branches,
            prefixes,
        }
    }

    /// The shard holding numbers of hash `hash`.
    #[inline(always)]
    fn shard(&self, hash: u64) -> &Shard {
        let index = shard_index(hash, self.shard_bits);
        let low = self.shard_bits - self.branch_bits;
        &self.branches[index >> low][index & ((1 << low) - 1)]
    }

    #[inline(always)]
    fn lookup(&self, number: Number, at: Timestamp, sender: &str) -> Lookup {
        let key = number.get();
        let hash = mix(key);
        match self.shard(hash).get(key, hash, self.shard_bits) {
            Some(&Slot::One {
                id,
                starts_at,
                ends_at,
                account,
            }) => {
                if at.0 < starts_at {
                    Lookup::Unrouted(UnroutedReason::NotStarted)
                } else if at.0 >= ends_at {
                    Lookup::Unrouted(UnroutedReason::Expired)
                } else {
                    Lookup::Routed(Route::one(id, starts_at, ends_at, account))
                }
            }
            Some(Slot::Many(list)) => match select(list, at, sender) {
                Ok(i) => Lookup::Routed(Route::listed(list.clone(), i)),
                Err(reason) => Lookup::Unrouted(reason),
            },
            None => self
                .prefixes
                .lookup(number, at, sender)
                .unwrap_or(Lookup::Unrouted(UnroutedReason::UnknownNumber)),
        }
    }

    fn entries(&self) -> Vec<(u64, Slot)> {
        self.branches
            .iter()
            .flat_map(|b| b.iter())
            .flat_map(|shard| shard.iter().map(|(k, slot)| (k, slot.clone())))
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

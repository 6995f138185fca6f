//! # inlet-routing
//!
//! Answers the question a number-rental service asks of every inbound
//! message: *which customer's rental owns this number, for this sender,
//! right now?* A pure library: no Kafka, no async runtime.
//!
//! ```
//! use inlet_routing::{Account, Assignment, AssignmentId, Lookup, Number, RoutingTable, Timestamp};
//! let table = RoutingTable::new();
//! let number = Number::parse("+14035551234").unwrap();
//! table.upsert(number, vec![Assignment {
//!     id: AssignmentId::Num(1),
//!     account: Account::new("acme"),
//!     number,
//!     starts_at: Timestamp(0),
//!     ends_at: None,
//!     service: None,
//!     labels: None,
//! }]).unwrap();
//! match table.lookup(number, Timestamp::now(), "WhatsApp") {
//!     Lookup::Routed(route) => assert_eq!(route.account(), "acme"),
//!     Lookup::Unrouted(reason) => panic!("{reason}"),
//! }
//! ```
//!
//! # Consistency
//! - A lookup never blocks, never takes a lock a writer holds, and does no
//!   atomic read-modify-write: each thread keeps the immutable table
//!   version it saw last and checks one version counter (a plain load) per
//!   lookup; only after a writer has published does it take the new
//!   version (one `arc_swap` load).
//! - Every write — an upsert, a remove, a batch ([`RoutingTable::apply`]),
//!   a bulk load ([`RoutingTable::load`]), new prefix routes — publishes
//!   one new version at once: a lookup sees all of a batch or none of it,
//!   never a number's list half changed. A lookup that starts after a
//!   write has returned sees it, and a thread that has seen a version never
//!   sees an older one.
//! - Rentals are active from `starts_at` inclusive to `ends_at` exclusive:
//!   a message received at exactly `ends_at` is `expired`, so a late
//!   message never reaches the next renter of the number.
//!
//! # Trade-offs
//! - A version is a two-level tree: a root of branches, each branch an
//!   array of shards of about 256 numbers, each shard an immutable
//!   open-addressing hash table. A write copies the shards it touches (a
//!   few microseconds each: their arrays copied as they are and changed in
//!   place, rebuilt only when the load factor would leave 0.4–0.8, so
//!   numbers removed by updates can leave a shard with up to twice the
//!   buckets it needs until then), the arrays of their branches and the root, and
//!   shares the rest with the version before: reads pay nothing for
//!   concurrency, writes pay a copy. That suits this table: lookups happen
//!   for every message, updates when a number is bought, renewed or
//!   cancelled. Batch updates (the Kafka feed delivers them in batches) copy
//!   each shard once. When updates grow the table past 1 024 numbers a
//!   shard on average, the next update splits it into more shards.
//! - Each thread that looks up keeps the version it saw last alive until
//!   its next lookup (in any table; a thread caches one table's version at
//!   a time) or its exit: a thread that looked up once and went idle pins
//!   the shards replaced since. In the daemon the lookups run on the
//!   runtime's few worker threads, busy while traffic flows. A lookup with
//!   `arc_swap` alone measured no faster than `RwLock<HashMap>` under
//!   contention: its read-modify-writes are full barriers on x86, so the
//!   processor could not overlap the cache misses of consecutive lookups.
//! - Considered: `papaya` (lock-free, but one heap allocation per entry,
//!   which puts 10 M numbers well above 64 bytes each), `RwLock<HashMap>`
//!   and `DashMap` (readers wait for writers; measured in the benches),
//!   left-right (two copies: twice the memory).
//! - The common rental (one exclusive, numeric id, no labels) is stored
//!   inline in a 40-octet bucket at load factor 0.8, with a one-octet tag
//!   that probes read instead of the buckets: 51 bytes a number.
//!   Anything else (several rentals, service filters, labels, text ids) is
//!   a shared list, one allocation per number. Accounts are interned: one
//!   allocation per account, not per number. Inline rentals point at the
//!   interned name with a plain `'static` pointer, so copying a shard on
//!   update writes no reference counts that readers' cache lines share;
//!   interned names therefore live as long as the process (a few dozen
//!   bytes per account name ever loaded).
//! - A lookup result ([`Route`]) copies the common rental out of the table
//!   (no reference count touched) and shares any other rental's list.
//!
//! # Layout
//! - `number`, `timestamp`: E.164 numbers as `u64`, instants in ms.
//! - `assignment`: the model ([`Assignment`], [`ServiceFilter`], [`Account`]).
//! - `table`: [`RoutingTable`], updates and loads; `shard`: one shard's
//!   hash table; `prefix`: prefix routes; `lookup`: results and the
//!   selection rule.
//! - `source/`: the file source (CSV and JSON lines, reload on change) and
//!   the record format shared with the Kafka assignments topic.

mod assignment;
mod error;
mod lookup;
mod number;
mod prefix;
mod shard;
pub mod source;
mod table;
mod timestamp;

pub use assignment::{Account, Assignment, AssignmentId, Labels, ServiceFilter};
pub use error::RoutingError;
pub use lookup::{Lookup, Route, UnroutedReason};
pub use number::{InvalidNumber, Number};
pub use table::{RoutingTable, Update};
pub use timestamp::{InvalidTimestamp, Timestamp};

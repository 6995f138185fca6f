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
//! - A lookup never blocks and never takes a lock a writer holds: it loads
//!   two `arc_swap` pointers (the table version, then the number's shard)
//!   and reads an immutable hash table.
//! - A number's rentals change atomically: a lookup sees all of the old list
//!   or all of the new one, never a mix.
//! - [`RoutingTable::apply`] applies a batch shard by shard: while it runs,
//!   a reader may see the new rentals of one number and the old ones of
//!   another. A reader that has seen an update keeps seeing it.
//! - [`RoutingTable::load`] swaps the whole table at once: a lookup sees the
//!   old table or the new one.
//! - Rentals are active from `starts_at` inclusive to `ends_at` exclusive:
//!   a message received at exactly `ends_at` is `expired`, so a late
//!   message never reaches the next renter of the number.
//!
//! # Trade-offs
//! - The table is split into shards of about 256 numbers, each an immutable
//!   open-addressing hash table behind an `ArcSwap`. An update copies the
//!   shards it touches (a few microseconds each): reads pay nothing for
//!   concurrency, writes pay a copy. That suits this table: lookups happen
//!   for every message, updates when a number is bought, renewed or
//!   cancelled. Batch updates (the Kafka feed delivers them in batches) copy
//!   each shard once. When updates grow the table past 1 024 numbers a
//!   shard on average, the next update splits it into more shards.
//! - Considered: `papaya` (lock-free, but one heap allocation per entry,
//!   which puts 10 M numbers well above 64 bytes each), `RwLock<HashMap>`
//!   and `DashMap` (readers wait for writers; measured in the benches),
//!   left-right (two copies: twice the memory).
//! - The common rental (one exclusive, numeric id, no labels) is stored
//!   inline in a 40-octet bucket at load factor 0.8: 50 bytes a number.
//!   Anything else (several rentals, service filters, labels, text ids) is
//!   a shared list, one allocation per number. Accounts are interned: one
//!   allocation per account, not per number. Inline rentals point at the
//!   interned name with a plain `'static` pointer, so copying a shard on
//!   update writes no reference counts that readers' cache lines share;
//!   interned names therefore live as long as the process (a few dozen
//!   bytes per account name ever loaded).
//! - A lookup result ([`Route`]) reads the rental in place from the table
//!   version it found; holding it keeps that version of one shard alive.
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

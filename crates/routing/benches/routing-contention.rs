//! Readers under a writer: 2 reader threads look up random numbers (90 %
//! hits) in a 1 M-number table while 1 writer applies 10 000 updates/s, for
//! inlet's table, `RwLock<HashMap>` and `DashMap` in turn, plus a reference:
//! a `HashMap` read with no synchronization at all (its writer applies
//! nothing). Prints reader lookups/s and p99 lookup latency for each, then
//! `ratio_vs_rwlock=` (inlet reader throughput over RwLock's).
//!
//! The structures take turns, one second each, round after round (for
//! `ROUTING_BENCH_SECS` rounds, default 5), so a neighbour's load on this
//! shared machine falls on all of them alike.
//!
//! Run: `cargo bench -p inlet-routing --bench routing-contention`

use std::collections::HashMap;
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier, RwLock};
use std::time::{Duration, Instant};

use dashmap::DashMap;
use hdrhistogram::Histogram;
use inlet_routing::{Account, Lookup, Number, RoutingTable, Timestamp, Update};

mod common;

const READERS: usize = 2;
const UPDATES_PER_SEC: u64 = 10_000;
/// Updates are applied in batches every millisecond (10 per batch).
const BATCH: u64 = UPDATES_PER_SEC / 1000;

#[derive(Clone)]
struct Value {
    id: u64,
    account: Account,
}

trait Table: Send + Sync + 'static {
    fn get(&self, number: u64) -> bool;
    fn update(&self, batch: &[(u64, u64)], account: &Account);
}

impl Table for RoutingTable {
    fn get(&self, number: u64) -> bool {
        let n = Number::new(number).expect("valid");
        match self.lookup(n, Timestamp(1), "WhatsApp") {
            Lookup::Routed(r) => {
                black_box(r.account());
                true
            }
            Lookup::Unrouted(_) => false,
        }
    }

    fn update(&self, batch: &[(u64, u64)], account: &Account) {
        let updates = batch.iter().map(|&(n, id)| Update::Upsert {
            number: Number::new(n).expect("valid"),
            assignments: vec![common::assignment(n, id, account)],
        });
        self.apply(updates).expect("valid");
    }
}

impl Table for RwLock<HashMap<u64, Value>> {
    fn get(&self, number: u64) -> bool {
        let map = self.read().expect("lock");
        map.get(&number)
            .map(|v| black_box((v.id, v.account.as_str())))
            .is_some()
    }

    fn update(&self, batch: &[(u64, u64)], account: &Account) {
        let mut map = self.write().expect("lock");
        for &(n, id) in batch {
            map.insert(
                n,
                Value {
                    id,
                    account: account.clone(),
                },
            );
        }
    }
}

impl Table for DashMap<u64, Value> {
    fn get(&self, number: u64) -> bool {
        match self.get(&number) {
            Some(v) => {
                black_box((v.id, v.account.as_str()));
                true
            }
            None => false,
        }
    }

    fn update(&self, batch: &[(u64, u64)], account: &Account) {
        for &(n, id) in batch {
            self.insert(
                n,
                Value {
                    id,
                    account: account.clone(),
                },
            );
        }
    }
}

/// The reference: a `HashMap` read with no synchronization at all, its
/// writer applying nothing. What any synchronized map of this shape could
/// at best approach on this machine.
struct Unsynchronized(HashMap<u64, Value>);

impl Table for Unsynchronized {
    fn get(&self, number: u64) -> bool {
        self.0
            .get(&number)
            .map(|v| black_box((v.id, v.account.as_str())))
            .is_some()
    }

    fn update(&self, _batch: &[(u64, u64)], _account: &Account) {}
}

/// What readers and writer did over one or more turns.
struct Result {
    lookups: u64,
    /// Reader-seconds: each reader's time summed.
    reader_secs: f64,
    hist: Histogram<u64>,
    updates: u64,
    writer_secs: f64,
}

impl Result {
    fn new() -> Result {
        Result {
            lookups: 0,
            reader_secs: 0.0,
            hist: Histogram::new_with_bounds(1, 10_000_000_000, 3).expect("bounds"),
            updates: 0,
            writer_secs: 0.0,
        }
    }

    fn add(&mut self, other: Result) {
        self.lookups += other.lookups;
        self.reader_secs += other.reader_secs;
        self.hist.add(other.hist).expect("same bounds");
        self.updates += other.updates;
        self.writer_secs += other.writer_secs;
    }

    /// Lookups per second of all readers together.
    fn lookups_per_sec(&self) -> f64 {
        self.lookups as f64 / (self.reader_secs / READERS as f64)
    }

    fn updates_per_sec(&self) -> f64 {
        self.updates as f64 / self.writer_secs
    }
}

fn run<T: Table>(
    table: Arc<T>,
    numbers: &Arc<Vec<u64>>,
    accounts: &[Account],
    turn: Duration,
) -> Result {
    let stop = Arc::new(AtomicBool::new(false));
    let start = Arc::new(Barrier::new(READERS + 2));
    let readers: Vec<_> = (0..READERS)
        .map(|r| {
            let (table, stop, start, numbers) =
                (table.clone(), stop.clone(), start.clone(), numbers.clone());
            std::thread::spawn(move || {
                let queries = common::queries(&numbers, 1 << 20, 11 + r as u64);
                let mut hist =
                    Histogram::<u64>::new_with_bounds(1, 10_000_000_000, 3).expect("bounds");
                let mut count = 0u64;
                let mut offset = 0;
                start.wait();
                let began = Instant::now();
                while !stop.load(Ordering::Relaxed) {
                    // Every 16th lookup is timed for the latency histogram; the
                    // clock costs as much as a lookup, so timing all of them
                    // would flatten the throughput differences.
                    for (i, q) in queries[offset..offset + 4096].iter().enumerate() {
                        if i % 16 == 0 {
                            let t = Instant::now();
                            black_box(table.get(*q));
                            hist.saturating_record(t.elapsed().as_nanos() as u64);
                        } else {
                            black_box(table.get(*q));
                        }
                    }
                    offset = (offset + 4096) % (queries.len() - 4096);
                    count += 4096;
                }
                (count, began.elapsed(), hist)
            })
        })
        .collect();
    let writer = {
        let (table, stop, start, numbers) =
            (table.clone(), stop.clone(), start.clone(), numbers.clone());
        let account = accounts[0].clone();
        let idle = std::env::var("ROUTING_BENCH_NO_WRITES").is_ok();
        std::thread::spawn(move || {
            let mut state = 99u64;
            let mut applied = 0u64;
            start.wait();
            let began = Instant::now();
            let mut tick = began;
            while !stop.load(Ordering::Relaxed) {
                let batch: Vec<(u64, u64)> = (0..BATCH)
                    .map(|_| {
                        let r = common::next(&mut state);
                        (numbers[r as usize % numbers.len()], r)
                    })
                    .collect();
                if !idle {
                    table.update(&batch, &account);
                    applied += BATCH;
                }
                tick += Duration::from_millis(1);
                if let Some(wait) = tick.checked_duration_since(Instant::now()) {
                    std::thread::sleep(wait);
                }
            }
            (applied, began.elapsed().as_secs_f64())
        })
    };
    start.wait();
    std::thread::sleep(turn);
    stop.store(true, Ordering::Relaxed);
    let mut result = Result::new();
    for r in readers {
        let (count, elapsed, h) = r.join().expect("reader");
        result.lookups += count;
        result.reader_secs += elapsed.as_secs_f64();
        result.hist.add(h).expect("same bounds");
    }
    (result.updates, result.writer_secs) = writer.join().expect("writer");
    result
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is taken from the command line.
    let secs = std::env::var("ROUTING_BENCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let numbers = Arc::new(common::numbers(1_000_000));
    let accounts = common::accounts();
    let values = || {
        numbers.iter().enumerate().map(|(i, &n)| {
            (
                n,
                Value {
                    id: i as u64,
                    account: accounts[i % accounts.len()].clone(),
                },
            )
        })
    };

    let inlet = Arc::new(common::table(&numbers, &accounts));
    let rwlock = Arc::new(RwLock::new(values().collect::<HashMap<_, _>>()));
    let dashmap = Arc::new(values().collect::<DashMap<_, _>>());
    let unsynchronized = Arc::new(Unsynchronized(values().collect()));
    let names = ["inlet", "rwlock_hashmap", "dashmap", "hashmap_no_sync"];
    let mut rows: Vec<Result> = names.iter().map(|_| Result::new()).collect();
    let turn = Duration::from_secs(1);
    for _ in 0..secs {
        rows[0].add(run(inlet.clone(), &numbers, &accounts, turn));
        rows[1].add(run(rwlock.clone(), &numbers, &accounts, turn));
        rows[2].add(run(dashmap.clone(), &numbers, &accounts, turn));
        rows[3].add(run(unsynchronized.clone(), &numbers, &accounts, turn));
    }
    println!(
        "routing-contention: {READERS} readers, 1 writer at {UPDATES_PER_SEC} updates/s (batches of {BATCH} every ms), 1M numbers, {secs} turns of 1 s each"
    );
    println!(
        "{:<16} {:>16} {:>14} {:>16}",
        "table", "lookups/s", "p99_ns", "updates/s"
    );
    for (name, r) in names.iter().zip(&rows) {
        println!(
            "{:<16} {:>16.0} {:>14} {:>16.0}",
            name,
            r.lookups_per_sec(),
            r.hist.value_at_quantile(0.99),
            r.updates_per_sec()
        );
    }
    println!(
        "ratio_vs_rwlock={:.2}",
        rows[0].lookups_per_sec() / rows[1].lookups_per_sec()
    );
}

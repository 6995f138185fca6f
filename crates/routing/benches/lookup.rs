//! Lookup speed over a 1 M-number table: inlet's table against a plain
//! `std::collections::HashMap` (single-threaded: the floor), an
//! `RwLock<HashMap>` and a `DashMap` holding the same values. Group
//! `update`: the writer's side, one batch of 10 rentals replaced in that
//! table (what the writer of `routing-contention` applies every
//! millisecond).
//!
//! Run: `cargo bench -p inlet-routing --bench lookup`

use std::collections::HashMap;
use std::hint::black_box;
use std::sync::RwLock;

use criterion::{Criterion, criterion_group, criterion_main};
use dashmap::DashMap;
use inlet_routing::{Account, Lookup, Number, Timestamp, Update};

mod common;

/// What the baselines hold per number: the same fields as inlet's inline
/// rental.
#[derive(Clone)]
struct Value {
    id: u64,
    starts_at: i64,
    ends_at: i64,
    account: Account,
}

fn lookup(c: &mut Criterion) {
    let numbers = common::numbers(1_000_000);
    let accounts = common::accounts();
    let values: Vec<(u64, Value)> = numbers
        .iter()
        .enumerate()
        .map(|(i, &n)| {
            let v = Value {
                id: i as u64,
                starts_at: 0,
                ends_at: i64::MAX,
                account: accounts[i % accounts.len()].clone(),
            };
            (n, v)
        })
        .collect();
    let table = common::table(&numbers, &accounts);
    let hashmap: HashMap<u64, Value> = values.iter().cloned().collect();
    let rwlock = RwLock::new(hashmap.clone());
    let dashmap: DashMap<u64, Value> = values.iter().cloned().collect();
    let queries = common::queries(&numbers, 1 << 20, 7);
    let now = Timestamp(1);

    let mut group = c.benchmark_group("lookup");
    let mut i = 0usize;
    let mut next = move || {
        i = (i + 1) & ((1 << 20) - 1);
        queries[i]
    };
    group.bench_function("1m/inlet", |b| {
        b.iter(|| {
            let n = Number::new(next()).expect("valid");
            match table.lookup(black_box(n), now, "WhatsApp") {
                Lookup::Routed(r) => {
                    black_box(r.account());
                }
                Lookup::Unrouted(reason) => {
                    black_box(reason);
                }
            }
        })
    });
    let check = |v: Option<&Value>| {
        if let Some(v) = v
            && v.starts_at <= now.0
            && now.0 < v.ends_at
        {
            black_box((v.id, v.account.as_str()));
        }
    };
    group.bench_function("1m/hashmap", |b| {
        b.iter(|| check(hashmap.get(&black_box(next()))))
    });
    group.bench_function("1m/rwlock_hashmap", |b| {
        b.iter(|| {
            let map = rwlock.read().expect("lock");
            check(map.get(&black_box(next())));
        })
    });
    group.bench_function("1m/dashmap", |b| {
        b.iter(|| check(dashmap.get(&black_box(next())).as_deref()))
    });
    group.finish();
}

fn update(c: &mut Criterion) {
    let numbers = common::numbers(1_000_000);
    let accounts = common::accounts();
    let table = common::table(&numbers, &accounts);
    let mut state = 5u64;
    let mut group = c.benchmark_group("update");
    group.bench_function("1m/inlet_batch_of_10", |b| {
        b.iter(|| {
            let batch: Vec<Update> = (0..10)
                .map(|_| {
                    let r = common::next(&mut state);
                    let n = numbers[r as usize % numbers.len()];
                    Update::Upsert {
                        number: Number::new(n).expect("valid"),
                        assignments: vec![common::assignment(n, r, &accounts[0])],
                    }
                })
                .collect();
            table.apply(black_box(batch)).expect("valid");
        })
    });
    group.finish();
}

criterion_group!(benches, lookup, update);
criterion_main!(benches);

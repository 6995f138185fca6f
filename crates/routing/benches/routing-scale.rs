//! Loads 10 M numbers (the benchmark table shape of issue #4) and prints
//! `numbers=… load_s=… bytes_per_number=… lookup_ns_p50=… lookup_ns_p99=…`.
//! Bytes are the growth of the process's resident memory from before the
//! input is built to after the load (the input is freed by then).
//!
//! Run: `cargo bench -p inlet-routing --bench routing-scale`
//! (`ROUTING_SCALE_NUMBERS` overrides the count).

use std::hint::black_box;
use std::time::Instant;

use hdrhistogram::Histogram;
use inlet_routing::{Lookup, Number, RoutingTable, Timestamp};

mod common;

fn main() {
    let count: usize = std::env::var("ROUTING_SCALE_NUMBERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000_000);
    let numbers = common::numbers(count);
    let accounts = common::accounts();
    let queries = common::queries(&numbers, 1_000_000, 5);
    let table = RoutingTable::new();
    let before = common::rss_bytes();
    let input: Vec<_> = numbers
        .iter()
        .enumerate()
        .map(|(i, &n)| common::assignment(n, i as u64, &accounts[i % accounts.len()]))
        .collect();
    let started = Instant::now();
    let loaded = table.load(input, []).expect("valid");
    let load_s = started.elapsed().as_secs_f64();
    let after = common::rss_bytes();
    assert_eq!(loaded, count);

    let mut hist = Histogram::<u64>::new_with_bounds(1, 1_000_000_000, 3).expect("bounds");
    let mut hits = 0u64;
    for &q in &queries {
        let n = Number::new(q).expect("valid");
        let t = Instant::now();
        let l = table.lookup(black_box(n), Timestamp(1), "x");
        let ns = t.elapsed().as_nanos() as u64;
        if let Lookup::Routed(r) = &l {
            black_box(r.account());
            hits += 1;
        }
        hist.saturating_record(ns);
    }
    drop(numbers);
    println!(
        "numbers={count} load_s={load_s:.2} bytes_per_number={:.1} lookup_ns_p50={} lookup_ns_p99={} hits={:.1}%",
        after.saturating_sub(before) as f64 / count as f64,
        hist.value_at_quantile(0.50),
        hist.value_at_quantile(0.99),
        hits as f64 * 100.0 / queries.len() as f64,
    );
}

//! Readers on several threads while one writer updates, batches and bulk
//! loads: no reader ever sees a torn update (a route whose fields come from
//! two versions, or a number's list half old and half new), no reader sees
//! a version go backwards, and a batch or load is seen whole (once a reader
//! has seen one of its numbers, it never sees another number older).
//! Bounded in iterations and time.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use inlet_routing::{
    Account, Assignment, AssignmentId, Lookup, Number, RoutingTable, ServiceFilter, Timestamp,
    Update,
};

const NUMBERS: u64 = 64;
const FILLER: u64 = 5_000;

fn number(i: u64) -> Number {
    Number::new(447_700_000_000 + i).expect("valid")
}

/// Version `v` of number `i`: two service-scoped rentals and one exclusive,
/// every field saying `v`.
fn version(i: u64, v: u64) -> Vec<Assignment> {
    let n = number(i);
    let account = Account::new(&format!("gen{v}"));
    let labels: Arc<[(Box<str>, Box<str>)]> = Arc::from(vec![("gen".into(), v.to_string().into())]);
    let rental = |k: u64, service: Option<&str>| Assignment {
        id: AssignmentId::Num(v * 10 + k),
        account: account.clone(),
        number: n,
        starts_at: Timestamp(0),
        ends_at: None,
        service: service.and_then(|s| ServiceFilter::new([s])).map(Arc::new),
        labels: Some(labels.clone()),
    };
    vec![
        rental(0, None),
        rental(1, Some("WhatsApp")),
        rental(2, Some("Telegram")),
    ]
}

fn filler() -> Vec<Assignment> {
    let account = Account::new("filler");
    (0..FILLER)
        .map(|i| Assignment {
            id: AssignmentId::Num(i),
            account: account.clone(),
            number: number(1_000_000 + i),
            starts_at: Timestamp(0),
            ends_at: None,
            service: None,
            labels: None,
        })
        .collect()
}

/// The version a route comes from, checking that all its fields agree.
fn version_of(lookup: &Lookup, sender: &str) -> u64 {
    let Lookup::Routed(route) = lookup else {
        panic!("unrouted: {lookup:?}");
    };
    let id = match route.id() {
        AssignmentId::Num(id) => id,
        other => panic!("text id {other}"),
    };
    let v = id / 10;
    let expected_k = match sender {
        "WhatsApp" => 1,
        "Telegram" => 2,
        _ => 0,
    };
    assert_eq!(
        id % 10,
        expected_k,
        "route of the wrong rental for {sender}"
    );
    assert_eq!(
        route.account(),
        format!("gen{v}"),
        "account from another version"
    );
    let gen_label = route
        .labels()
        .iter()
        .find(|(k, _)| &**k == "gen")
        .map(|(_, v)| v.to_string());
    assert_eq!(
        gen_label,
        Some(v.to_string()),
        "labels from another version"
    );
    v
}

#[test]
fn readers_never_see_torn_updates() {
    let table = Arc::new(RoutingTable::new());
    let mut initial = filler();
    initial.extend((0..NUMBERS).flat_map(|i| version(i, 1)));
    table.load(initial, []).expect("valid");

    let stop = Arc::new(AtomicBool::new(false));
    let start = Arc::new(Barrier::new(4));
    let deadline = Instant::now() + Duration::from_secs(3);
    let readers: Vec<_> = (0..3)
        .map(|r| {
            let table = table.clone();
            let stop = stop.clone();
            let start = start.clone();
            std::thread::spawn(move || {
                start.wait();
                let mut last = vec![0u64; NUMBERS as usize];
                // Every number is at least this version: the newest batch
                // or load seen, or the round before the newest single
                // upsert seen (rounds complete before the next begins).
                let mut floor = 0u64;
                let mut lookups = 0u64;
                let senders = ["WhatsApp", "Telegram", "Google"];
                while !stop.load(Ordering::Relaxed) {
                    for i in 0..NUMBERS {
                        let sender = senders[((i + lookups + r) % 3) as usize];
                        let v = version_of(&table.lookup(number(i), Timestamp(1), sender), sender);
                        assert!(
                            v >= last[i as usize],
                            "number {i} went back from {} to {v}",
                            last[i as usize]
                        );
                        assert!(
                            v >= floor,
                            "number {i} at {v} after a batch of {floor} was seen"
                        );
                        last[i as usize] = v;
                        floor = floor.max(if v % 10 <= 4 { v } else { v - 1 });
                        lookups += 1;
                    }
                }
                lookups
            })
        })
        .collect();

    start.wait();
    let mut v = 1;
    let mut writes = 0u64;
    while Instant::now() < deadline && v < 100_000 {
        v += 1;
        match v % 10 {
            // A whole-table swap, carrying the next version of every number.
            0 => {
                let mut all = filler();
                all.extend((0..NUMBERS).flat_map(|i| version(i, v)));
                table.load(all, []).expect("valid");
            }
            // A batch over every number.
            1..=4 => {
                let updates = (0..NUMBERS).map(|i| Update::Upsert {
                    number: number(i),
                    assignments: version(i, v),
                });
                table.apply(updates).expect("valid");
            }
            // Single upserts.
            _ => {
                for i in 0..NUMBERS {
                    table.upsert(number(i), version(i, v)).expect("valid");
                }
            }
        }
        writes += 1;
    }
    stop.store(true, Ordering::Relaxed);
    let lookups: u64 = readers
        .into_iter()
        .map(|r| r.join().expect("reader panicked"))
        .sum();
    assert!(writes > 10, "writer made progress ({writes})");
    assert!(lookups > 1000, "readers made progress ({lookups})");
    assert_eq!(table.len(), (NUMBERS + FILLER) as usize);
}

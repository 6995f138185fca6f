//! Shared by the routing benches: the benchmark tables of issue #4. Each
//! number holds one exclusive open-ended rental with a numeric id and an
//! account from a pool of 10 000 (shared, not copied per number), no
//! service filter, no labels; lookups use random numbers, 90 % hits.

#![allow(dead_code)]

use inlet_routing::{Account, Assignment, AssignmentId, Number, RoutingTable, Timestamp};

pub(crate) const ACCOUNTS: usize = 10_000;

/// splitmix64.
pub(crate) fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `count` distinct 11-digit numbers, scattered (not sequential).
pub(crate) fn numbers(count: usize) -> Vec<u64> {
    // A bijection on [0, 9e10): multiply by a unit modulo 9e10.
    const SPAN: u64 = 90_000_000_000;
    const STEP: u64 = 48_271 * 1_000_003; // coprime with 9e10
    (0..count as u64)
        .map(|i| 10_000_000_000 + ((u128::from(i) * u128::from(STEP)) % u128::from(SPAN)) as u64)
        .collect()
}

pub(crate) fn accounts() -> Vec<Account> {
    (0..ACCOUNTS)
        .map(|i| Account::new(&format!("account-{i:05}")))
        .collect()
}

pub(crate) fn assignment(number: u64, id: u64, account: &Account) -> Assignment {
    Assignment {
        id: AssignmentId::Num(id),
        account: account.clone(),
        number: Number::new(number).expect("valid"),
        starts_at: Timestamp(0),
        ends_at: None,
        service: None,
        labels: None,
    }
}

/// Lookup keys: 90 % numbers of the table, 10 % numbers it does not hold.
pub(crate) fn queries(numbers: &[u64], count: usize, seed: u64) -> Vec<u64> {
    let mut state = seed;
    (0..count)
        .map(|_| {
            let r = next(&mut state);
            if r.is_multiple_of(10) {
                // Above every table number: never held.
                100_000_000_000 + r % 1_000_000_000
            } else {
                numbers[(r >> 8) as usize % numbers.len()]
            }
        })
        .collect()
}

/// Resident memory of this process, in bytes (Linux).
pub(crate) fn rss_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    pages * 4096
}

/// The benchmark table over `numbers`, accounts assigned round robin.
pub(crate) fn table(numbers: &[u64], accounts: &[Account]) -> RoutingTable {
    let table = RoutingTable::new();
    table
        .load(
            numbers
                .iter()
                .enumerate()
                .map(|(i, &n)| assignment(n, i as u64, &accounts[i % accounts.len()])),
            [],
        )
        .expect("valid");
    table
}

//! The table against a naive model (a `Vec` scanned linearly): random
//! sequences of upserts, removes, batches, bulk loads and lookups at random
//! times and senders must get the same answers, including overlapping
//! service-scoped rentals and the boundaries of time windows (start
//! inclusive, end exclusive).

use std::sync::Arc;

use inlet_routing::{
    Account, Assignment, AssignmentId, Lookup, Number, RoutingTable, ServiceFilter, Timestamp,
    UnroutedReason, Update,
};
use proptest::prelude::*;

const SENDERS: [&str; 5] = ["WhatsApp", "telegram", "12345", "Google", "+12345"];

/// A naive table: every rental in one list.
#[derive(Default)]
struct Model {
    rentals: Vec<Assignment>,
}

impl Model {
    /// The naive validity rule, written from the spec of the table.
    fn valid(list: &[Assignment]) -> bool {
        for (i, a) in list.iter().enumerate() {
            if a.end() <= a.starts_at {
                return false;
            }
            for b in &list[i + 1..] {
                let overlap = a.starts_at < b.end() && b.starts_at < a.end();
                let conflict = match (&a.service, &b.service) {
                    (None, None) => true,
                    (Some(x), Some(y)) => x.overlaps(y),
                    _ => false,
                };
                if overlap && conflict {
                    return false;
                }
            }
        }
        true
    }

    fn upsert(&mut self, number: Number, list: Vec<Assignment>) {
        self.rentals.retain(|a| a.number != number);
        self.rentals.extend(list);
    }

    fn lookup(
        &self,
        number: Number,
        at: Timestamp,
        sender: &str,
    ) -> Result<AssignmentId, UnroutedReason> {
        let mine: Vec<&Assignment> = self.rentals.iter().filter(|a| a.number == number).collect();
        if mine.is_empty() {
            return Err(UnroutedReason::UnknownNumber);
        }
        let active: Vec<&&Assignment> = mine
            .iter()
            .filter(|a| a.starts_at <= at && at < a.end())
            .collect();
        if let Some(a) = active
            .iter()
            .find(|a| a.service.as_ref().is_some_and(|s| s.matches(sender)))
        {
            return Ok(a.id.clone());
        }
        if let Some(a) = active.iter().find(|a| a.service.is_none()) {
            return Ok(a.id.clone());
        }
        if !active.is_empty() {
            return Err(UnroutedReason::NoServiceMatch);
        }
        if mine.iter().any(|a| a.end() <= at) {
            return Err(UnroutedReason::Expired);
        }
        Err(UnroutedReason::NotStarted)
    }
}

fn answer(l: Lookup) -> Result<AssignmentId, UnroutedReason> {
    match l {
        Lookup::Routed(r) => Ok(r.id()),
        Lookup::Unrouted(reason) => Err(reason),
    }
}

fn number(i: u8) -> Number {
    Number::new(14_035_550_000 + u64::from(i)).expect("valid")
}

#[derive(Clone, Debug)]
struct Spec {
    id: u64,
    text_id: bool,
    account: u8,
    start: i64,
    len: Option<i64>,
    service: Option<Vec<usize>>,
    labelled: bool,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        0u64..1000,
        any::<bool>(),
        0u8..4,
        0i64..100,
        proptest::option::weighted(0.7, 0i64..60),
        proptest::option::weighted(0.5, proptest::collection::vec(0usize..3, 1..3)),
        any::<bool>(),
    )
        .prop_map(
            |(id, text_id, account, start, len, service, labelled)| Spec {
                id,
                text_id,
                account,
                start,
                len,
                service,
                labelled,
            },
        )
}

fn build(number: Number, specs: &[Spec]) -> Vec<Assignment> {
    // Services drawn from three filters that overlap in places.
    let filters = [
        vec!["WhatsApp"],
        vec!["Telegram", "12345"],
        vec!["whatsapp", "Google"],
    ];
    specs
        .iter()
        .enumerate()
        .map(|(i, s)| Assignment {
            // Ids unique within a list, so answers compare by id.
            id: if s.text_id {
                AssignmentId::Text(format!("r-{}-{i}", s.id).into())
            } else {
                AssignmentId::Num(s.id * 10 + i as u64)
            },
            account: Account::new(&format!("acct{}", s.account)),
            number,
            starts_at: Timestamp(s.start),
            ends_at: s.len.map(|l| Timestamp(s.start + l)),
            service: s.service.as_ref().and_then(|idx| {
                ServiceFilter::new(idx.iter().flat_map(|&k| filters[k].iter().copied()))
                    .map(Arc::new)
            }),
            labels: s
                .labelled
                .then(|| Arc::from(vec![("k".into(), "v".into())])),
        })
        .collect()
}

#[derive(Clone, Debug)]
enum Op {
    Upsert(u8, Vec<Spec>),
    Remove(u8),
    Batch(Vec<(u8, Vec<Spec>)>),
    Load(Vec<(u8, Vec<Spec>)>),
    Lookup(u8, i64, usize),
}

fn op() -> impl Strategy<Value = Op> {
    let list = || proptest::collection::vec(spec(), 0..4);
    prop_oneof![
        3 => (0u8..12, list()).prop_map(|(n, l)| Op::Upsert(n, l)),
        1 => (0u8..12).prop_map(Op::Remove),
        1 => proptest::collection::vec((0u8..12, list()), 0..5).prop_map(Op::Batch),
        1 => proptest::collection::vec((0u8..12, list()), 0..8).prop_map(Op::Load),
        8 => (0u8..14, -5i64..170, 0usize..5).prop_map(|(n, t, s)| Op::Lookup(n, t, s)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn table_answers_like_the_model(ops in proptest::collection::vec(op(), 1..60)) {
        let table = RoutingTable::new();
        let mut model = Model::default();
        for op in ops {
            match op {
                Op::Upsert(n, specs) => {
                    let list = build(number(n), &specs);
                    let valid = Model::valid(&list);
                    let result = table.upsert(number(n), list.clone());
                    prop_assert_eq!(result.is_ok(), valid, "{:?}", result);
                    if valid {
                        model.upsert(number(n), list);
                    }
                }
                Op::Remove(n) => {
                    table.remove(number(n));
                    model.upsert(number(n), Vec::new());
                }
                Op::Batch(items) => {
                    let lists: Vec<(Number, Vec<Assignment>)> =
                        items.iter().map(|(n, s)| (number(*n), build(number(*n), s))).collect();
                    let valid = lists.iter().all(|(_, l)| Model::valid(l));
                    let updates = lists.iter().map(|(n, l)| Update::Upsert { number: *n, assignments: l.clone() });
                    prop_assert_eq!(table.apply(updates).is_ok(), valid);
                    if valid {
                        for (n, l) in lists {
                            model.upsert(n, l);
                        }
                    }
                }
                Op::Load(items) => {
                    // A bulk load lists each number once (its whole list).
                    let mut seen = std::collections::HashSet::new();
                    let lists: Vec<(Number, Vec<Assignment>)> = items
                        .iter()
                        .filter(|(n, _)| seen.insert(*n))
                        .map(|(n, s)| (number(*n), build(number(*n), s)))
                        .collect();
                    let valid = lists.iter().all(|(_, l)| Model::valid(l));
                    let all: Vec<Assignment> = lists.iter().flat_map(|(_, l)| l.clone()).collect();
                    prop_assert_eq!(table.load(all, []).is_ok(), valid);
                    if valid {
                        model = Model::default();
                        for (n, l) in lists {
                            model.upsert(n, l);
                        }
                    }
                }
                Op::Lookup(n, t, s) => {
                    let (n, at, sender) = (number(n), Timestamp(t), SENDERS[s]);
                    prop_assert_eq!(answer(table.lookup(n, at, sender)), model.lookup(n, at, sender));
                }
            }
            let held: std::collections::HashSet<Number> = model.rentals.iter().map(|a| a.number).collect();
            prop_assert_eq!(table.len(), held.len());
        }
    }
}

/// The boundaries, spelled out: start inclusive, end exclusive, so a
/// message at the end instant of one rental is late and never reaches the
/// next renter, whose rental starts after a cooldown.
#[test]
fn window_boundaries() {
    let table = RoutingTable::new();
    let n = number(1);
    let rental = |id, start, end: Option<i64>| Assignment {
        id: AssignmentId::Num(id),
        account: Account::new(&format!("acct{id}")),
        number: n,
        starts_at: Timestamp(start),
        ends_at: end.map(Timestamp),
        service: None,
        labels: None,
    };
    table
        .upsert(n, vec![rental(1, 100, Some(200)), rental(2, 260, None)])
        .expect("consecutive rentals");
    let at = |t| answer(table.lookup(n, Timestamp(t), "x"));
    assert_eq!(at(99), Err(UnroutedReason::NotStarted));
    assert_eq!(at(100), Ok(AssignmentId::Num(1)));
    assert_eq!(at(199), Ok(AssignmentId::Num(1)));
    assert_eq!(at(200), Err(UnroutedReason::Expired));
    assert_eq!(at(259), Err(UnroutedReason::Expired));
    assert_eq!(at(260), Ok(AssignmentId::Num(2)));
    assert_eq!(at(i64::MAX - 1), Ok(AssignmentId::Num(2)));
    // The single-rental inline path has the same boundaries.
    table
        .upsert(n, vec![rental(3, 100, Some(200))])
        .expect("one rental");
    assert_eq!(at(99), Err(UnroutedReason::NotStarted));
    assert_eq!(at(100), Ok(AssignmentId::Num(3)));
    assert_eq!(at(200), Err(UnroutedReason::Expired));
    // Back-to-back rentals (end == next start) do not overlap.
    table
        .upsert(n, vec![rental(4, 0, Some(50)), rental(5, 50, None)])
        .expect("back to back");
    assert_eq!(at(49), Ok(AssignmentId::Num(4)));
    assert_eq!(at(50), Ok(AssignmentId::Num(5)));
}

#[test]
fn overlapping_exclusive_rentals_are_named() {
    let table = RoutingTable::new();
    let n = number(2);
    let rental = |id, start| Assignment {
        id: AssignmentId::Num(id),
        account: Account::new("a"),
        number: n,
        starts_at: Timestamp(start),
        ends_at: None,
        service: None,
        labels: None,
    };
    let err = table
        .upsert(n, vec![rental(7, 0), rental(8, 10)])
        .expect_err("overlap");
    assert_eq!(
        err.to_string(),
        "exclusive rentals 7 and 8 of +14035550002 overlap in time"
    );
    assert!(table.is_empty());
}

#[test]
fn service_scoped_rental_wins_over_exclusive() {
    let table = RoutingTable::new();
    let n = number(3);
    let base = Assignment {
        id: AssignmentId::Num(1),
        account: Account::new("everyone"),
        number: n,
        starts_at: Timestamp(0),
        ends_at: None,
        service: None,
        labels: None,
    };
    let whatsapp = Assignment {
        id: AssignmentId::Num(2),
        account: Account::new("wa-customer"),
        service: ServiceFilter::new(["WhatsApp"]).map(Arc::new),
        ..base.clone()
    };
    table.upsert(n, vec![base, whatsapp]).expect("valid");
    let who = |sender| {
        table
            .lookup(n, Timestamp(5), sender)
            .route()
            .map(|r| r.account().to_owned())
    };
    assert_eq!(who("WHATSAPP").as_deref(), Some("wa-customer"));
    assert_eq!(who("Telegram").as_deref(), Some("everyone"));
}

#[test]
fn prefix_routes_fall_back_and_exact_numbers_win() {
    let table = RoutingTable::new();
    let exact = Number::parse("+447700900123").expect("valid");
    let range = |id, prefix: &str, account: &str| Assignment {
        id: AssignmentId::Num(id),
        account: Account::new(account),
        number: Number::parse(prefix).expect("prefix"),
        starts_at: Timestamp(0),
        ends_at: None,
        service: None,
        labels: None,
    };
    let rental = Assignment {
        number: exact,
        ends_at: Some(Timestamp(10)),
        ..range(1, "+447700900123", "owner")
    };
    table
        .load(
            [rental],
            [range(2, "+44770", "short"), range(3, "+4477009", "long")],
        )
        .expect("valid");
    let who = |n: &str, t| match table.lookup(Number::parse(n).expect("n"), Timestamp(t), "x") {
        Lookup::Routed(r) => Ok(r.account().to_owned()),
        Lookup::Unrouted(reason) => Err(reason),
    };
    assert_eq!(who("+447700900123", 5).as_deref(), Ok("owner"));
    // The exact number is known but expired: the range does not take it.
    assert_eq!(who("+447700900123", 50), Err(UnroutedReason::Expired));
    assert_eq!(who("+447700900999", 5).as_deref(), Ok("long"));
    assert_eq!(who("+447701000000", 5).as_deref(), Ok("short"));
    assert_eq!(who("+14035551234", 5), Err(UnroutedReason::UnknownNumber));
    assert_eq!(table.prefix_count(), 2);
}

#[test]
fn updates_grow_the_table_into_more_shards() {
    let table = RoutingTable::new();
    let account = Account::new("a");
    let count = 100_000u64;
    for chunk in (0..count).collect::<Vec<_>>().chunks(10_000) {
        let updates = chunk.iter().map(|i| {
            let n = Number::new(10_000_000_000 + i * 3).expect("valid");
            Update::Upsert {
                number: n,
                assignments: vec![Assignment {
                    id: AssignmentId::Num(*i),
                    account: account.clone(),
                    number: n,
                    starts_at: Timestamp(0),
                    ends_at: None,
                    service: None,
                    labels: None,
                }],
            }
        });
        table.apply(updates).expect("valid");
    }
    assert_eq!(table.len(), count as usize);
    for i in (0..count).step_by(997) {
        let n = Number::new(10_000_000_000 + i * 3).expect("valid");
        assert_eq!(
            answer(table.lookup(n, Timestamp(1), "")),
            Ok(AssignmentId::Num(i))
        );
    }
    assert_eq!(table.assignments().len(), count as usize);
}

//! What a lookup hands back about the rental it found.

use inlet_routing::{Account, Assignment, AssignmentId, Lookup, Number, RoutingTable, Timestamp};

fn rental(number: Number, id: AssignmentId) -> Assignment {
    Assignment {
        id,
        account: Account::new("acme"),
        number,
        starts_at: Timestamp(0),
        ends_at: None,
        service: None,
        labels: None,
    }
}

#[test]
fn static_account_is_given_for_inline_rentals_only() {
    let table = RoutingTable::new();
    let inline = Number::parse("+14035551234").expect("valid");
    let listed = Number::parse("+14035551235").expect("valid");
    table
        .upsert(inline, vec![rental(inline, AssignmentId::Num(1))])
        .expect("valid");
    // A text id is not the common shape: the rental is held in a list.
    table
        .upsert(
            listed,
            vec![rental(listed, AssignmentId::Text("r-2".into()))],
        )
        .expect("valid");
    for (number, expected) in [(inline, Some("acme")), (listed, None)] {
        let Lookup::Routed(route) = table.lookup(number, Timestamp(1), "Bank") else {
            panic!("{number:?} is rented");
        };
        assert_eq!(route.static_account(), expected);
        assert_eq!(route.account(), "acme");
    }
}

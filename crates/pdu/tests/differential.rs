//! placeholder
pub mod support {
    pub mod differential;
}
use std::collections::BTreeMap;
use support::differential::{Outcome, compare};

#[test]
fn smoke() {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut shown = 0;
    let t = std::time::Instant::now();
    let corpus = inlet_pdu::arbitrary::corpus(300);
    println!("corpus {} in {:?}", corpus.len(), t.elapsed());
    let t = std::time::Instant::now();
    for frame in &corpus {
        let o = compare(frame);
        let key = match &o {
            Outcome::Unexplained(_) => "Unexplained".to_string(),
            o => format!("{o:?}"),
        };
        *counts.entry(key).or_default() += 1;
        if let Outcome::Unexplained(s) = &o {
            if shown < 5 {
                shown += 1;
                println!("{s}");
            }
        }
    }
    println!("compare in {:?}", t.elapsed());
    println!("{counts:#?}");
}

//! Prefix routes: ranges assigned whole to one account, matched by longest
//! prefix of the number's digits when the number itself is unknown.

use std::collections::HashMap;
use std::sync::Arc;

use crate::lookup::{Lookup, Route, select};
use crate::{Assignment, Number, Timestamp};

/// The prefixes of one length and their rentals.
type PrefixMap = HashMap<u64, Arc<[Assignment]>>;

/// The prefix routes in force: for each prefix length (longest first), the
/// prefixes of that length and their rentals (an [`Assignment`] whose
/// `number` is the prefix).
#[derive(Debug, Default)]
pub(crate) struct Prefixes {
    by_len: Vec<(u32, PrefixMap)>,
    count: usize,
}

impl Prefixes {
    /// From validated lists, one per prefix.
    pub(crate) fn new(lists: Vec<(Number, Vec<Assignment>)>) -> Prefixes {
        let mut by_len: HashMap<u32, PrefixMap> = HashMap::new();
        let count = lists.len();
        for (prefix, list) in lists {
            by_len
                .entry(prefix.digit_count())
                .or_default()
                .insert(prefix.get(), list.into());
        }
        let mut by_len: Vec<_> = by_len.into_iter().collect();
        by_len.sort_by_key(|(len, _)| std::cmp::Reverse(*len));
        Prefixes { by_len, count }
    }

    /// Number of prefixes.
    pub(crate) fn len(&self) -> usize {
        self.count
    }

    /// The longest prefix of `number` that has routes, evaluated at `at`
    /// for `sender`; `None` when no prefix matches.
    pub(crate) fn lookup(&self, number: Number, at: Timestamp, sender: &str) -> Option<Lookup> {
        let digits = number.digit_count();
        for (len, map) in &self.by_len {
            let Some(shift) = digits.checked_sub(*len) else {
                continue;
            };
            let prefix = number.get() / 10u64.pow(shift);
            if let Some(list) = map.get(&prefix) {
                return Some(match select(list, at, sender) {
                    Ok(i) => Lookup::Routed(Route::listed(list.clone(), i)),
                    Err(reason) => Lookup::Unrouted(reason),
                });
            }
        }
        None
    }

    /// Every prefix route.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Assignment> {
        self.by_len
            .iter()
            .flat_map(|(_, m)| m.values().flat_map(|l| l.iter()))
    }
}

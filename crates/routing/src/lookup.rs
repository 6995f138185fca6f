//! What a lookup answers: a [`Route`] to the owning rental, or why there is
//! none ([`UnroutedReason`]).

use std::fmt;
use std::sync::Arc;

use crate::shard::Name;
use crate::{Account, Assignment, AssignmentId, Labels, Number, ServiceFilter, Timestamp};

/// The answer to `(number, at, sender)`.
#[derive(Debug)]
pub enum Lookup {
    /// The rental that owns the number for this sender at this time.
    Routed(Route),
    /// No rental owns it.
    Unrouted(UnroutedReason),
}

impl Lookup {
    /// The route, if routed.
    pub fn route(&self) -> Option<&Route> {
        match self {
            Lookup::Routed(route) => Some(route),
            Lookup::Unrouted(_) => None,
        }
    }

    /// A fixed label for metrics: `routed` or the reason.
    pub fn as_label(&self) -> &'static str {
        match self {
            Lookup::Routed(_) => "routed",
            Lookup::Unrouted(reason) => reason.as_label(),
        }
    }
}

/// Why a message has no owning rental.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnroutedReason {
    /// No rental of this number (nor of a prefix of it) exists.
    UnknownNumber,
    /// The number's rentals all start later.
    NotStarted,
    /// The number's rentals had ended by then (a late message: it never
    /// reaches the next renter of the number).
    Expired,
    /// Only service-scoped rentals are active, and none is for this sender.
    NoServiceMatch,
}

impl UnroutedReason {
    /// The reason as the record and metrics spell it.
    pub const fn as_label(self) -> &'static str {
        match self {
            UnroutedReason::UnknownNumber => "unknown_number",
            UnroutedReason::NotStarted => "not_started",
            UnroutedReason::Expired => "expired",
            UnroutedReason::NoServiceMatch => "no_service_match",
        }
    }
}

impl fmt::Display for UnroutedReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_label())
    }
}

/// The rental a lookup found, as the table version the lookup saw held
/// it: the common rental copied out of the table (no reference taken), any
/// other a shared reference to the number's list.
pub struct Route {
    repr: Repr,
}

enum Repr {
    /// An inline rental, copied out of its slot.
    One {
        id: u64,
        starts_at: i64,
        ends_at: i64,
        account: Name,
    },
    /// Entry `index` of a shared list.
    Listed {
        list: Arc<[Assignment]>,
        index: usize,
    },
}

impl Route {
    pub(crate) fn one(id: u64, starts_at: i64, ends_at: i64, account: Name) -> Route {
        Route {
            repr: Repr::One {
                id,
                starts_at,
                ends_at,
                account,
            },
        }
    }

    pub(crate) fn listed(list: Arc<[Assignment]>, index: usize) -> Route {
        Route {
            repr: Repr::Listed { list, index },
        }
    }

    fn view(&self) -> View<'_> {
        match &self.repr {
            Repr::One {
                id,
                starts_at,
                ends_at,
                account,
            } => View::One {
                id: *id,
                starts_at: *starts_at,
                ends_at: *ends_at,
                account,
            },
            Repr::Listed { list, index } => match list.get(*index) {
                Some(a) => View::Listed(a),
                None => View::Gone,
            },
        }
    }

    /// The rental's id.
    pub fn id(&self) -> AssignmentId {
        match self.view() {
            View::One { id, .. } => AssignmentId::Num(id),
            View::Listed(a) => a.id.clone(),
            View::Gone => AssignmentId::Num(0),
        }
    }

    /// The renting account.
    pub fn account(&self) -> &str {
        match self.view() {
            View::One { account, .. } => account,
            View::Listed(a) => a.account.as_str(),
            View::Gone => "",
        }
    }

    /// The renting account's name when the table keeps it for the life of
    /// the process (the common rental, stored inline): a caller can hold it
    /// without a copy. `None` for any other rental: use [`Route::account`].
    pub fn static_account(&self) -> Option<&'static str> {
        match &self.repr {
            Repr::One { account, .. } => Some(**account),
            Repr::Listed { .. } => None,
        }
    }

    /// Start of the rental.
    pub fn starts_at(&self) -> Timestamp {
        match self.view() {
            View::One { starts_at, .. } => Timestamp(starts_at),
            View::Listed(a) => a.starts_at,
            View::Gone => Timestamp::default(),
        }
    }

    /// End of the rental (`None`: open-ended).
    pub fn ends_at(&self) -> Option<Timestamp> {
        match self.view() {
            View::One { ends_at, .. } => (ends_at != i64::MAX).then_some(Timestamp(ends_at)),
            View::Listed(a) => a.ends_at,
            View::Gone => None,
        }
    }

    /// The sender filter of a service-scoped rental.
    pub fn service(&self) -> Option<&ServiceFilter> {
        match self.view() {
            View::Listed(a) => a.service.as_deref(),
            _ => None,
        }
    }

    /// The rental's labels.
    pub fn labels(&self) -> &[(Box<str>, Box<str>)] {
        match self.view() {
            View::Listed(a) => a.labels.as_deref().unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The rental as an owned [`Assignment`] of `number` (the number looked
    /// up; a prefix route's own `number` is its prefix).
    pub fn to_assignment(&self, number: Number) -> Assignment {
        match self.view() {
            View::Listed(a) => Assignment {
                number,
                ..a.clone()
            },
            View::One {
                id,
                starts_at,
                ends_at,
                account,
            } => Assignment {
                id: AssignmentId::Num(id),
                account: Account::new(account),
                number,
                starts_at: Timestamp(starts_at),
                ends_at: (ends_at != i64::MAX).then_some(Timestamp(ends_at)),
                service: None,
                labels: None,
            },
            View::Gone => Assignment {
                id: AssignmentId::Num(0),
                account: Account::new(""),
                number,
                starts_at: Timestamp::default(),
                ends_at: None,
                service: None,
                labels: None::<Labels>,
            },
        }
    }
}

enum View<'a> {
    One {
        id: u64,
        starts_at: i64,
        ends_at: i64,
        account: Name,
    },
    Listed(&'a Assignment),
    Gone,
}

impl fmt::Debug for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Route")
            .field("id", &self.id())
            .field("account", &self.account())
            .field("starts_at", &self.starts_at())
            .field("ends_at", &self.ends_at())
            .finish()
    }
}

/// Picks the rental of a number's list (sorted by `starts_at`) that owns a
/// message at `at` from `sender`: a matching service-scoped rental wins over
/// an exclusive one; otherwise the reason there is none.
pub(crate) fn select(
    list: &[Assignment],
    at: Timestamp,
    sender: &str,
) -> Result<usize, UnroutedReason> {
    let mut exclusive = None;
    let mut scoped_active = false;
    let mut past = false;
    let mut future = false;
    for (i, a) in list.iter().enumerate() {
        if at < a.starts_at {
            future = true;
        } else if at >= a.end() {
            past = true;
        } else {
            match &a.service {
                Some(filter) => {
                    if filter.matches(sender) {
                        return Ok(i);
                    }
                    scoped_active = true;
                }
                None => exclusive = Some(i),
            }
        }
    }
    match exclusive {
        Some(i) => Ok(i),
        None if scoped_active => Err(UnroutedReason::NoServiceMatch),
        None if past => Err(UnroutedReason::Expired),
        None if future => Err(UnroutedReason::NotStarted),
        None => Err(UnroutedReason::UnknownNumber),
    }
}

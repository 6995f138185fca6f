//! The model: an [`Assignment`] rents one number to one account for a time
//! window, optionally only for some senders ([`ServiceFilter`]).

use std::fmt;
use std::sync::Arc;

use crate::{Number, Timestamp};

/// An account name, shared by every assignment of that account (one
/// allocation per account, not per number). Cloning is a reference count.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Account(Arc<Box<str>>);

impl Account {
    /// An account of this name. Tables intern accounts on load, so equal
    /// names end up sharing one allocation.
    pub fn new(name: &str) -> Account {
        Account(Arc::new(name.into()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address of the shared name: equal for clones of one `Account`.
    pub(crate) fn handle(&self) -> usize {
        Arc::as_ptr(&self.0) as usize
    }
}

impl fmt::Debug for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An assignment's id: numeric ids (the common case) are stored inline.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AssignmentId {
    /// A numeric id.
    Num(u64),
    /// Any other id.
    Text(Arc<str>),
}

impl AssignmentId {
    /// A numeric id when `s` is a plain decimal number without leading
    /// zeros (so it prints back the same), else a text id.
    pub fn parse(s: &str) -> AssignmentId {
        match s.parse::<u64>() {
            Ok(n) if n.to_string() == s => AssignmentId::Num(n),
            _ => AssignmentId::Text(s.into()),
        }
    }
}

impl fmt::Display for AssignmentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AssignmentId::Num(n) => write!(f, "{n}"),
            AssignmentId::Text(s) => f.write_str(s),
        }
    }
}

impl fmt::Debug for AssignmentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// The senders a service-scoped rental receives from: alphanumeric sender
/// names, matched case-insensitively, and sender numbers or short codes,
/// matched on their digits.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ServiceFilter {
    /// Lowercased names.
    names: Box<[Box<str>]>,
    /// Digits only.
    numbers: Box<[Box<str>]>,
}

impl ServiceFilter {
    /// A filter from entries: an entry of digits (with an optional leading
    /// `+`) is a sender number or short code, anything else a sender name.
    /// Empty entries are dropped; `None` when nothing is left.
    pub fn new<'a>(entries: impl IntoIterator<Item = &'a str>) -> Option<ServiceFilter> {
        let mut names = Vec::new();
        let mut numbers = Vec::new();
        for entry in entries {
            let entry = entry.trim();
            let digits = entry.strip_prefix('+').unwrap_or(entry);
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                numbers.push(digits.into());
            } else if !entry.is_empty() {
                names.push(entry.to_lowercase().into_boxed_str());
            }
        }
        names.sort();
        names.dedup();
        numbers.sort();
        numbers.dedup();
        (!names.is_empty() || !numbers.is_empty()).then(|| ServiceFilter {
            names: names.into(),
            numbers: numbers.into(),
        })
    }

    /// Whether a message from `sender` belongs to this service. `sender` is
    /// the sender as the message layer normalized it: an alphanumeric name,
    /// or a number with or without `+`.
    pub fn matches(&self, sender: &str) -> bool {
        let sender = sender.trim();
        let digits = sender.strip_prefix('+').unwrap_or(sender);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            return self.numbers.iter().any(|n| **n == *digits);
        }
        self.names.iter().any(|name| eq_caseless(name, sender))
    }

    /// Whether some sender matches both filters.
    pub fn overlaps(&self, other: &ServiceFilter) -> bool {
        self.names.iter().any(|n| other.names.contains(n))
            || self.numbers.iter().any(|n| other.numbers.contains(n))
    }

    /// The entries: names (lowercased) then numbers.
    pub fn entries(&self) -> impl Iterator<Item = &str> {
        self.names.iter().chain(self.numbers.iter()).map(|s| &**s)
    }
}

/// `lower` (already lowercase) equals `s` ignoring case, without allocating.
fn eq_caseless(lower: &str, s: &str) -> bool {
    if s.is_ascii() {
        return lower.len() == s.len()
            && lower
                .bytes()
                .zip(s.bytes())
                .all(|(a, b)| a == b.to_ascii_lowercase());
    }
    lower.chars().eq(s.chars().flat_map(char::to_lowercase))
}

impl fmt::Debug for ServiceFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.entries()).finish()
    }
}

/// String key/values that travel with an assignment into the record.
pub type Labels = Arc<[(Box<str>, Box<str>)]>;

/// One rental of one number to one account.
///
/// Active from `starts_at` (inclusive) until `ends_at` (exclusive; `None`
/// is open-ended): a message received at exactly `ends_at` is late.
#[derive(Clone, PartialEq, Eq)]
pub struct Assignment {
    /// The rental's id.
    pub id: AssignmentId,
    /// Who rents the number.
    pub account: Account,
    /// The number.
    pub number: Number,
    /// First instant of the rental.
    pub starts_at: Timestamp,
    /// First instant after the rental; `None` for open-ended.
    pub ends_at: Option<Timestamp>,
    /// Only these senders, when set; every sender when `None` (an
    /// *exclusive* rental).
    pub service: Option<Arc<ServiceFilter>>,
    /// Labels for the record.
    pub labels: Option<Labels>,
}

impl Assignment {
    /// `ends_at`, with open-ended as [`Timestamp::MAX`].
    pub fn end(&self) -> Timestamp {
        self.ends_at.unwrap_or(Timestamp::MAX)
    }

    /// Whether the rental is active at `at`.
    pub fn is_active(&self, at: Timestamp) -> bool {
        self.starts_at <= at && at < self.end()
    }

    /// Whether the two time windows share an instant.
    pub fn overlaps_in_time(&self, other: &Assignment) -> bool {
        self.starts_at < other.end() && other.starts_at < self.end()
    }
}

impl fmt::Debug for Assignment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Assignment");
        d.field("id", &self.id)
            .field("account", &self.account)
            .field("number", &self.number)
            .field("starts_at", &self.starts_at)
            .field("ends_at", &self.end());
        if let Some(service) = &self.service {
            d.field("service", service);
        }
        if let Some(labels) = &self.labels {
            d.field("labels", labels);
        }
        d.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_filter_matching() {
        let f = ServiceFilter::new(["WhatsApp", "+32665", " telegram ", ""]).expect("entries");
        assert!(f.matches("WHATSAPP"));
        assert!(f.matches("whatsapp"));
        assert!(f.matches("Telegram"));
        assert!(f.matches("32665"));
        assert!(f.matches("+32665"));
        assert!(!f.matches("Google"));
        assert!(!f.matches("326650"));
        let cyr = ServiceFilter::new(["Сбербанк"]).expect("entries");
        assert!(cyr.matches("СБЕРБАНК"));
        assert!(ServiceFilter::new(["", " "]).is_none());
        let other = ServiceFilter::new(["telegram"]).expect("entries");
        assert!(f.overlaps(&other));
        assert!(!cyr.overlaps(&other));
    }

    #[test]
    fn ids() {
        assert_eq!(AssignmentId::parse("42"), AssignmentId::Num(42));
        assert_eq!(AssignmentId::parse("042"), AssignmentId::Text("042".into()));
        assert_eq!(AssignmentId::parse("r-1").to_string(), "r-1");
    }
}

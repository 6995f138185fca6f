//! One assignment as JSON (a JSON lines file row, an element of an
//! `sms.assignments` topic value) and its conversion into the model.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::{Account, Assignment, AssignmentId, Number, ServiceFilter, Timestamp};

/// An assignment as written in files and on the assignments topic.
///
/// ```json
/// {"id": 42, "account": "acme", "number": "+14035551234",
///  "starts_at": "2026-01-01T00:00:00Z", "ends_at": null,
///  "service": ["WhatsApp"], "labels": {"plan": "daily"}}
/// ```
/// `number` ending in `*` (`"+4477009*"`) is a prefix route. `ends_at`
/// absent or null: open-ended. `service` absent or empty: exclusive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignmentRecord {
    /// Rental id: a number or a string.
    pub id: IdValue,
    /// Renting account.
    pub account: String,
    /// `+` E.164 number, or a prefix ending in `*`. May be left out on the
    /// topic, whose key is the number.
    #[serde(default)]
    pub number: Option<String>,
    /// RFC 3339 start.
    pub starts_at: String,
    /// RFC 3339 end (exclusive), or null.
    #[serde(default)]
    pub ends_at: Option<String>,
    /// Sender names and numbers of a service-scoped rental.
    #[serde(default)]
    pub service: Vec<String>,
    /// Labels.
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
}

/// A rental id as JSON: a number or a string.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum IdValue {
    /// A numeric id.
    Num(u64),
    /// A string id.
    Text(String),
}

/// Why a record is not a valid assignment: the field and the reason.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct RecordError {
    /// The field at fault.
    pub field: &'static str,
    /// What is wrong with it.
    pub reason: String,
}

fn bad(field: &'static str, reason: impl ToString) -> RecordError {
    RecordError {
        field,
        reason: reason.to_string(),
    }
}

/// A parsed record: a number's rental, or a prefix route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Parsed {
    Number(Assignment),
    Prefix(Assignment),
}

impl AssignmentRecord {
    /// Converts into the model. `number` is used when the record has none
    /// (topic values), and must match when it has one.
    ///
    /// # Errors
    /// The field at fault and why.
    pub(crate) fn into_parsed(self, number: Option<Number>) -> Result<Parsed, RecordError> {
        let id = match self.id {
            IdValue::Num(n) => AssignmentId::Num(n),
            IdValue::Text(s) if s.trim().is_empty() => return Err(bad("id", "is empty")),
            IdValue::Text(s) => AssignmentId::parse(s.trim()),
        };
        let account = self.account.trim();
        if account.is_empty() {
            return Err(bad("account", "is empty"));
        }
        let (parsed_number, prefix) = match self.number.as_deref().map(str::trim) {
            Some(n) if n.ends_with('*') => {
                let digits = &n[..n.len() - 1];
                let digits = digits.strip_prefix('+').unwrap_or(digits);
                let value = (!digits.is_empty() && digits.len() <= 15 && !digits.starts_with('0'))
                    .then(|| digits.parse::<u64>().ok())
                    .flatten()
                    .and_then(Number::new)
                    .ok_or_else(|| {
                        bad(
                            "number",
                            format!("{n:?} is not a prefix (+ then 1 to 15 digits, then *)"),
                        )
                    })?;
                (value, true)
            }
            Some(n) => (Number::parse(n).map_err(|e| bad("number", e))?, false),
            None => (number.ok_or_else(|| bad("number", "is missing"))?, false),
        };
        if let Some(expected) = number
            && expected != parsed_number
        {
            return Err(bad(
                "number",
                format!("{parsed_number} does not match the key {expected}"),
            ));
        }
        let starts_at =
            Timestamp::parse_rfc3339(self.starts_at.trim()).map_err(|e| bad("starts_at", e))?;
        let ends_at = match self.ends_at.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(s) => Some(Timestamp::parse_rfc3339(s).map_err(|e| bad("ends_at", e))?),
        };
        if ends_at.is_some_and(|end| end <= starts_at) {
            return Err(bad("ends_at", "is not after starts_at"));
        }
        let service = ServiceFilter::new(self.service.iter().map(String::as_str)).map(Arc::new);
        let labels = (!self.labels.is_empty()).then(|| {
            self.labels
                .into_iter()
                .map(|(k, v)| (k.into_boxed_str(), v.into_boxed_str()))
                .collect::<Arc<[_]>>()
        });
        let assignment = Assignment {
            id,
            account: Account::new(account),
            number: parsed_number,
            starts_at,
            ends_at,
            service,
            labels,
        };
        Ok(if prefix {
            Parsed::Prefix(assignment)
        } else {
            Parsed::Number(assignment)
        })
    }
}

/// Parses the value of an `sms.assignments` record: a JSON array of the
/// number's assignments (each may leave out `number`). An empty value or
/// `null` means the number has none.
///
/// # Errors
/// The element and field at fault.
pub fn parse_topic_value(
    number: Number,
    value: Option<&[u8]>,
) -> Result<Vec<Assignment>, RecordError> {
    let value = match value {
        None => return Ok(Vec::new()),
        Some(v) if v.iter().all(u8::is_ascii_whitespace) => return Ok(Vec::new()),
        Some(v) => v,
    };
    let records: Option<Vec<AssignmentRecord>> = serde_json::from_slice(value)
        .map_err(|e| bad("value", format!("not a JSON array of assignments: {e}")))?;
    records
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, r)| match r.into_parsed(Some(number)) {
            Ok(Parsed::Number(a)) => Ok(a),
            Ok(Parsed::Prefix(_)) => Err(bad(
                "number",
                format!("element {i} is a prefix on a number's key"),
            )),
            Err(e) => Err(RecordError {
                field: e.field,
                reason: format!("element {i}: {}", e.reason),
            }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_values() {
        let n = Number::parse("+447700900123").expect("valid");
        let v = br#"[{"id": 1, "account": "a", "starts_at": "2026-01-01T00:00:00Z", "service": ["WhatsApp"]},
                     {"id": "t-2", "account": "b", "starts_at": "2026-01-01T00:00:00Z", "service": ["Telegram"], "labels": {"plan": "x"}}]"#;
        let list = parse_topic_value(n, Some(v)).expect("valid");
        assert_eq!(list.len(), 2);
        assert_eq!(list[1].id, AssignmentId::Text("t-2".into()));
        assert!(parse_topic_value(n, None).expect("tombstone").is_empty());
        assert!(
            parse_topic_value(n, Some(b"null"))
                .expect("null")
                .is_empty()
        );
        let err = parse_topic_value(
            n,
            Some(br#"[{"id": 1, "account": "a", "starts_at": "yesterday"}]"#),
        )
        .expect_err("bad");
        assert_eq!(err.field, "starts_at");
        let other = br#"[{"id": 1, "account": "a", "number": "+14035551234", "starts_at": "2026-01-01T00:00:00Z"}]"#;
        assert_eq!(
            parse_topic_value(n, Some(other))
                .expect_err("mismatch")
                .field,
            "number"
        );
    }
}

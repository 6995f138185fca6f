//! The file source: CSV and JSON lines, errors that name file, line and
//! field, reload on change, and a bad reload keeping the table in force.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use inlet_routing::source::FileSource;
use inlet_routing::{Lookup, Number, RoutingTable, Timestamp};

/// A fresh directory under the system temp dir.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("inlet-routing-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn account_of(table: &RoutingTable, number: &str, sender: &str) -> Option<String> {
    let n = Number::parse(number).expect("number");
    match table.lookup(n, Timestamp::now(), sender) {
        Lookup::Routed(r) => Some(r.account().to_owned()),
        Lookup::Unrouted(_) => None,
    }
}

#[test]
fn the_samples_in_config_load_alike() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../config");
    for file in ["assignments.sample.csv", "assignments.sample.jsonl"] {
        let table = RoutingTable::new();
        let loaded = FileSource::new(root.join(file))
            .expect("known format")
            .load_into(&table)
            .expect("the sample is valid");
        assert_eq!(loaded, 2, "{file}");
        assert_eq!(
            account_of(&table, "+14035551234", "Anyone").as_deref(),
            Some("demo-exclusive")
        );
        assert_eq!(
            account_of(&table, "+447700900123", "WhatsApp").as_deref(),
            Some("demo-whatsapp")
        );
        assert_eq!(
            account_of(&table, "+447700900123", "TELEGRAM").as_deref(),
            Some("demo-telegram")
        );
        assert_eq!(account_of(&table, "+447700900123", "Google"), None);
        let n = Number::parse("+14035551234").expect("number");
        let route = table.lookup(n, Timestamp::now(), "x");
        assert_eq!(route.route().map(|r| r.labels().len()), Some(1), "{file}");
    }
}

#[test]
fn errors_name_file_line_and_field() {
    let dir = temp_dir("errors");
    let cases = [
        (
            "bad.csv",
            "id,account,number,starts_at,ends_at,service,labels\n1,a,+14035551234,2026-01-01T00:00:00Z,,,\n2,b,+1403555x,2026-01-01T00:00:00Z,,,\n",
            ":3: number:",
        ),
        (
            "bad-time.jsonl",
            "{\"id\": 1, \"account\": \"a\", \"number\": \"+14035551234\", \"starts_at\": \"yesterday\"}\n",
            ":1: starts_at:",
        ),
        (
            "bad-field.jsonl",
            "# comment\n\n{\"id\": 1, \"account\": \"a\", \"number\": \"+14035551234\", \"starts_at\": \"2026-01-01T00:00:00Z\", \"owner\": 3}\n",
            ":3: line: unknown field `owner`",
        ),
        (
            "bad-column.csv",
            "id,account,number,starts,ends_at\n",
            ":1: header: unknown column \"starts\"",
        ),
        (
            "bad-labels.csv",
            "id,account,number,starts_at,ends_at,service,labels\n1,a,+14035551234,2026-01-01T00:00:00Z,,,plan\n",
            ":2: labels:",
        ),
        (
            "overlap.csv",
            "id,account,number,starts_at,ends_at,service,labels\n1,a,+14035551234,2026-01-01T00:00:00Z,,,\n2,b,+14035551234,2026-02-01T00:00:00Z,,,\n",
            "exclusive rentals 1 and 2 of +14035551234 overlap in time",
        ),
    ];
    for (name, text, expected) in cases {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write");
        let table = RoutingTable::new();
        let err = FileSource::new(&path)
            .expect("format")
            .load_into(&table)
            .expect_err("invalid")
            .to_string();
        assert!(err.starts_with(&path.display().to_string()), "{err}");
        assert!(err.contains(expected), "{name}: {err:?} lacks {expected:?}");
        assert!(table.is_empty());
    }
    assert!(FileSource::new(dir.join("x.txt")).is_err());
}

#[test]
fn reloads_on_change_and_keeps_the_table_on_a_bad_file() {
    let dir = temp_dir("watch");
    let path = dir.join("assignments.csv");
    let header = "id,account,number,starts_at,ends_at,service,labels\n";
    std::fs::write(
        &path,
        format!("{header}1,first,+14035551234,2020-01-01T00:00:00Z,,,\n"),
    )
    .expect("write");
    let table = Arc::new(RoutingTable::new());
    let source = FileSource::new(&path).expect("format");
    source.load_into(&table).expect("valid");
    assert_eq!(
        account_of(&table, "+14035551234", "x").as_deref(),
        Some("first")
    );

    let outcomes: Arc<Mutex<Vec<Result<usize, String>>>> = Arc::default();
    let seen = outcomes.clone();
    let watcher = source.watch(table.clone(), Duration::from_millis(20), move |r| {
        seen.lock()
            .expect("lock")
            .push(r.as_ref().map(|n| *n).map_err(ToString::to_string));
    });
    let wait_for = |count: usize| {
        let deadline = Instant::now() + Duration::from_secs(10);
        while outcomes.lock().expect("lock").len() < count {
            assert!(Instant::now() < deadline, "no reload seen");
            std::thread::sleep(Duration::from_millis(10));
        }
    };

    // A valid change (the size changes, so the watch sees it whatever the
    // file system's timestamp resolution).
    std::fs::write(&path, format!("{header}2,second,+14035551234,2020-01-01T00:00:00Z,,,\n3,x,+14035550000,2020-01-01T00:00:00Z,,,\n")).expect("write");
    wait_for(1);
    assert_eq!(
        account_of(&table, "+14035551234", "x").as_deref(),
        Some("second")
    );
    assert_eq!(table.len(), 2);

    // A bad change: reported, and the table in force stays.
    std::fs::write(
        &path,
        format!("{header}4,third,+14035551234,not-a-time,,,\n"),
    )
    .expect("write");
    wait_for(2);
    assert_eq!(
        account_of(&table, "+14035551234", "x").as_deref(),
        Some("second")
    );
    let last = outcomes
        .lock()
        .expect("lock")
        .last()
        .cloned()
        .expect("an outcome");
    assert!(last.expect_err("bad reload").contains(":2: starts_at:"));
    drop(watcher);
    assert_eq!(outcomes.lock().expect("lock").first().cloned(), Some(Ok(2)));
}

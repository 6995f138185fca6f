//! Where assignments come from: a file (CSV or JSON lines) loaded at start
//! and reloaded when it changes, and the record format shared with the
//! Kafka assignments topic (`sms.assignments`: key the number, value a JSON
//! array of that number's assignments).

mod file;
mod record;

pub use file::{FileFormat, FileSource, Loaded, SourceError, Watcher};
pub use record::{AssignmentRecord, RecordError, parse_topic_value};

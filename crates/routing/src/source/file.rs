//! The file source: CSV or JSON lines, loaded whole into the table and
//! reloaded when the file changes. A bad line rejects the whole reload with
//! file, line, field and reason; the table in force stays.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use super::record::{AssignmentRecord, IdValue, Parsed};
use crate::{Assignment, RoutingError, RoutingTable};

/// The formats a file may be in, chosen by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileFormat {
    /// `.csv`: a header line `id,account,number,starts_at,ends_at,service,labels`
    /// (`ends_at`, `service`, `labels` may be empty; `service` is
    /// `;`-separated, `labels` is `key=value;key=value`).
    Csv,
    /// `.jsonl` / `.ndjson` / `.json`: one [`AssignmentRecord`] per line;
    /// blank lines and lines starting with `#` are skipped.
    JsonLines,
}

impl FileFormat {
    /// The format for a path, by extension.
    pub fn for_path(path: &Path) -> Option<FileFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" => Some(FileFormat::Csv),
            "jsonl" | "ndjson" | "json" => Some(FileFormat::JsonLines),
            _ => None,
        }
    }
}

/// Why a file could not be loaded. Its `Display` is `file:line: field:
/// reason`, ready for an operator.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The file could not be read.
    #[error("{path}: {error}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        error: std::io::Error,
    },
    /// The extension names no known format.
    #[error("{path}: unknown format (use .csv, .jsonl, .ndjson or .json)")]
    UnknownFormat {
        /// The file.
        path: PathBuf,
    },
    /// A line is not a valid assignment.
    #[error("{path}:{line}: {field}: {reason}")]
    Line {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: u64,
        /// The field at fault (`line` for the line as a whole).
        field: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// The assignments conflict (the error names both rentals).
    #[error("{path}: {error}")]
    Conflict {
        /// The file.
        path: PathBuf,
        /// The conflict.
        error: RoutingError,
    },
}

/// What a file holds.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Rentals of numbers.
    pub assignments: Vec<Assignment>,
    /// Prefix routes.
    pub prefix_routes: Vec<Assignment>,
}

/// A file of assignments.
#[derive(Clone, Debug)]
pub struct FileSource {
    path: PathBuf,
    format: FileFormat,
}

impl FileSource {
    /// A source reading `path`, in the format its extension names.
    ///
    /// # Errors
    /// [`SourceError::UnknownFormat`].
    pub fn new(path: impl Into<PathBuf>) -> Result<FileSource, SourceError> {
        let path = path.into();
        let format = FileFormat::for_path(&path)
            .ok_or_else(|| SourceError::UnknownFormat { path: path.clone() })?;
        Ok(FileSource { path, format })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads and parses the whole file.
    ///
    /// # Errors
    /// The first bad line, or the read error.
    pub fn read(&self) -> Result<Loaded, SourceError> {
        let text = std::fs::read_to_string(&self.path).map_err(|error| SourceError::Io {
            path: self.path.clone(),
            error,
        })?;
        match self.format {
            FileFormat::Csv => self.parse_csv(&text),
            FileFormat::JsonLines => self.parse_json_lines(&text),
        }
    }

    /// Reads the file and swaps it into `table` whole. Returns the number of
    /// numbers loaded.
    ///
    /// # Errors
    /// A [`SourceError`]; the table in force stays.
    pub fn load_into(&self, table: &RoutingTable) -> Result<usize, SourceError> {
        let loaded = self.read()?;
        table
            .load(loaded.assignments, loaded.prefix_routes)
            .map_err(|error| SourceError::Conflict {
                path: self.path.clone(),
                error,
            })
    }

    /// Polls the file every `interval` and reloads it into `table` when its
    /// modification time, size or inode changes from what they are when
    /// `watch` is called (call it right after the first load); `on_reload` hears every
    /// reload's outcome (a failed reload keeps the table in force). The
    /// watch stops when the [`Watcher`] is dropped.
    pub fn watch(
        self,
        table: Arc<RoutingTable>,
        interval: Duration,
        on_reload: impl Fn(&Result<usize, SourceError>) + Send + 'static,
    ) -> Watcher {
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        // Taken now, not in the thread: a change made right after `watch`
        // returns must be seen as a change.
        let mut seen = self.stamp();
        let handle = std::thread::Builder::new()
            .name("routing-file-watch".into())
            .spawn(move || {
                while !stopping.load(Ordering::Relaxed) {
                    std::thread::park_timeout(interval);
                    let now = self.stamp();
                    if now != seen && now.is_some() {
                        seen = now;
                        on_reload(&self.load_into(&table));
                    }
                }
            });
        Watcher {
            stop,
            handle: handle.ok(),
        }
    }

    fn stamp(&self) -> Option<Stamp> {
        let meta = std::fs::metadata(&self.path).ok()?;
        Some(Stamp {
            modified: meta.modified().ok(),
            len: meta.len(),
            #[cfg(unix)]
            inode: std::os::unix::fs::MetadataExt::ino(&meta),
        })
    }

    fn line_error(&self, line: u64, field: &'static str, reason: impl fmt::Display) -> SourceError {
        SourceError::Line {
            path: self.path.clone(),
            line,
            field,
            reason: reason.to_string(),
        }
    }

    fn push(
        &self,
        loaded: &mut Loaded,
        line: u64,
        record: AssignmentRecord,
    ) -> Result<(), SourceError> {
        match record.into_parsed(None) {
            Ok(Parsed::Number(a)) => loaded.assignments.push(a),
            Ok(Parsed::Prefix(a)) => loaded.prefix_routes.push(a),
            Err(e) => return Err(self.line_error(line, e.field, e.reason)),
        }
        Ok(())
    }

    fn parse_json_lines(&self, text: &str) -> Result<Loaded, SourceError> {
        let mut loaded = Loaded::default();
        for (i, raw) in text.lines().enumerate() {
            let line = i as u64 + 1;
            let raw = raw.trim();
            if raw.is_empty() || raw.starts_with('#') {
                continue;
            }
            let record: AssignmentRecord = serde_json::from_str(raw).map_err(|e| {
                let field = unknown_field(&e.to_string()).unwrap_or("line");
                self.line_error(line, field, e)
            })?;
            self.push(&mut loaded, line, record)?;
        }
        Ok(loaded)
    }

    fn parse_csv(&self, text: &str) -> Result<Loaded, SourceError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .trim(csv::Trim::All)
            .comment(Some(b'#'))
            .from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| self.line_error(1, "header", e))?
            .clone();
        let mut index = [usize::MAX; 7];
        for (i, name) in headers.iter().enumerate() {
            match COLUMNS.iter().position(|c| *c == name) {
                Some(c) => index[c] = i,
                None => {
                    return Err(self.line_error(
                        1,
                        "header",
                        format!(
                            "unknown column {name:?}; the columns are {}",
                            COLUMNS.join(",")
                        ),
                    ));
                }
            }
        }
        for (c, name) in COLUMNS.iter().enumerate().take(4) {
            if index[c] == usize::MAX {
                return Err(self.line_error(1, "header", format!("missing column {name:?}")));
            }
        }
        let mut loaded = Loaded::default();
        for row in reader.records() {
            let row = row.map_err(|e| {
                let line = e.position().map_or(0, csv::Position::line);
                self.line_error(line, "line", e)
            })?;
            let line = row.position().map_or(0, csv::Position::line);
            let get = |c: usize| row.get(index[c]).unwrap_or("");
            let mut labels = std::collections::BTreeMap::new();
            for pair in get(6).split(';').map(str::trim).filter(|p| !p.is_empty()) {
                let Some((k, v)) = pair.split_once('=') else {
                    return Err(self.line_error(
                        line,
                        "labels",
                        format!("{pair:?} is not key=value"),
                    ));
                };
                labels.insert(k.trim().to_owned(), v.trim().to_owned());
            }
            let id = get(0);
            let record = AssignmentRecord {
                id: IdValue::Text(id.to_owned()),
                account: get(1).to_owned(),
                number: Some(get(2).to_owned()),
                starts_at: get(3).to_owned(),
                ends_at: Some(get(4).to_owned()),
                service: get(5).split(';').map(str::to_owned).collect(),
                labels,
            };
            self.push(&mut loaded, line, record)?;
        }
        Ok(loaded)
    }
}

/// The fields of a record, in CSV column order.
const COLUMNS: [&str; 7] = [
    "id",
    "account",
    "number",
    "starts_at",
    "ends_at",
    "service",
    "labels",
];

/// serde_json names an unknown field in its message; map it to the field.
fn unknown_field(message: &str) -> Option<&'static str> {
    if message.starts_with("unknown field") {
        return Some("line");
    }
    COLUMNS
        .into_iter()
        .find(|f| message.contains(&format!("`{f}`")))
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
    #[cfg(unix)]
    inode: u64,
}

/// A running file watch; dropping it stops the watch.
#[derive(Debug)]
pub struct Watcher {
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(handle) = self.handle.take() {
            handle.thread().unpark();
            let _ = handle.join();
        }
    }
}

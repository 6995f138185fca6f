//! The discovery file: how `inlet tail` on the same machine finds the
//! embedded broker of a running `inlet run`.
//!
//! When the embedded broker starts, its process writes its bootstrap
//! address and its pid to [`path()`] (`$XDG_RUNTIME_DIR/inlet/embedded-broker.json`,
//! or `inlet/embedded-broker.json` under the system temp dir when
//! `XDG_RUNTIME_DIR` is unset or empty):
//!
//! ```json
//! {"bootstrap":"127.0.0.1:40123","pid":4242}
//! ```
//!
//! The file is written atomically (a temporary file renamed over it), so a
//! reader never sees half of it. The [`DiscoveryFile`] guard returned by
//! [`write`] removes it when dropped, unless another process has replaced
//! it since. A file left behind by a process that died is ignored by
//! [`read`]: its pid is gone (on Linux, `/proc/<pid>` does not exist).
//!
//! ```
//! let dir = std::env::temp_dir().join(format!("inlet-discovery-doc-{}", std::process::id()));
//! let path = dir.join("embedded-broker.json");
//! let guard = inlet_kafka::discovery::write_to(&path, "127.0.0.1:40123").expect("write");
//! let found = inlet_kafka::discovery::read_from(&path).expect("found");
//! assert_eq!(found.bootstrap, "127.0.0.1:40123");
//! assert_eq!(found.pid, std::process::id());
//! drop(guard);
//! assert!(inlet_kafka::discovery::read_from(&path).is_none());
//! # let _ = std::fs::remove_dir_all(&dir);
//! ```

use std::ffi::OsString;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The directory, under the runtime or temp dir, holding inlet's files.
pub const DIR: &str = "inlet";

/// The discovery file's name.
pub const FILE_NAME: &str = "embedded-broker.json";

/// What the discovery file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discovery {
    /// The embedded broker's bootstrap servers (`127.0.0.1:port`).
    pub bootstrap: String,
    /// The pid of the process running it.
    pub pid: u32,
}

/// Where the discovery file is: `$XDG_RUNTIME_DIR/inlet/embedded-broker.json`
/// when `XDG_RUNTIME_DIR` is set and non-empty, else
/// `inlet/embedded-broker.json` under [`std::env::temp_dir`].
#[must_use]
pub fn path() -> PathBuf {
    path_for(std::env::var_os("XDG_RUNTIME_DIR"))
}

/// [`path`] for a given value of `XDG_RUNTIME_DIR`.
fn path_for(runtime_dir: Option<OsString>) -> PathBuf {
    let base = runtime_dir
        .filter(|dir| !dir.is_empty())
        .map_or_else(std::env::temp_dir, PathBuf::from);
    base.join(DIR).join(FILE_NAME)
}

/// The discovery file written by this process; removes it when dropped if
/// it still names this process (another `inlet run` may have replaced it).
#[derive(Debug)]
#[must_use = "the discovery file is removed when this guard is dropped"]
pub struct DiscoveryFile {
    path: PathBuf,
    pid: u32,
}

impl DiscoveryFile {
    /// Where the file is.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for DiscoveryFile {
    fn drop(&mut self) {
        if read_any(&self.path).is_some_and(|d| d.pid == self.pid) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Writes the discovery file at [`path()`] with `bootstrap` and this
/// process's pid.
///
/// # Errors
/// The directory cannot be created or the file cannot be written.
pub fn write(bootstrap: &str) -> std::io::Result<DiscoveryFile> {
    write_to(&path(), bootstrap)
}

/// Writes a discovery file at `path` (its directories created) with
/// `bootstrap` and this process's pid, atomically: a temporary file in the
/// same directory renamed over `path`.
///
/// # Errors
/// The directory cannot be created or the file cannot be written.
pub fn write_to(path: &Path, bootstrap: &str) -> std::io::Result<DiscoveryFile> {
    let pid = std::process::id();
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    create_dir(dir)?;
    let discovery = Discovery {
        bootstrap: bootstrap.to_owned(),
        pid,
    };
    let json = serde_json::to_vec(&discovery).map_err(std::io::Error::other)?;
    let name = path
        .file_name()
        .map_or_else(|| FILE_NAME.into(), |n| n.to_string_lossy().into_owned());
    let temp = dir.join(format!(".{name}.{pid}.tmp"));
    let written = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(&json)?;
        file.write_all(b"\n")?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written?;
    Ok(DiscoveryFile {
        path: path.to_owned(),
        pid,
    })
}

/// Creates `dir` and its parents; on Unix, a directory created here is
/// private to the user (0700).
fn create_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// The discovery file at [`path()`], if there is one naming a live process.
#[must_use]
pub fn read() -> Option<Discovery> {
    read_from(&path())
}

/// The discovery file at `path`: `None` when it is missing, cannot be
/// parsed, or names a process that is gone.
#[must_use]
pub fn read_from(path: &Path) -> Option<Discovery> {
    read_any(path).filter(|d| process_alive(d.pid))
}

/// The file's content, whatever its pid.
fn read_any(path: &Path) -> Option<Discovery> {
    let bytes = std::fs::read(path).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Whether a process with this pid exists (Linux: `/proc/<pid>`; elsewhere
/// assumed alive, there being no safe portable check).
fn process_alive(pid: u32) -> bool {
    if pid == 0 {
        return false;
    }
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    /// A fresh directory under the temp dir, removed on drop.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new() -> Self {
            static NEXT: AtomicU32 = AtomicU32::new(0);
            let dir = std::env::temp_dir().join(format!(
                "inlet-discovery-test-{}-{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            ));
            let _ = std::fs::remove_dir_all(&dir);
            Self(dir)
        }

        fn file(&self) -> PathBuf {
            self.0.join("inlet").join(FILE_NAME)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn path_prefers_a_non_empty_runtime_dir() {
        assert_eq!(
            path_for(Some("/run/user/1000".into())),
            PathBuf::from("/run/user/1000/inlet/embedded-broker.json")
        );
        let fallback = std::env::temp_dir().join("inlet").join(FILE_NAME);
        assert_eq!(path_for(Some(OsString::new())), fallback);
        assert_eq!(path_for(None), fallback);
        assert!(path().ends_with("inlet/embedded-broker.json"));
    }

    #[test]
    fn write_read_and_remove_on_drop() {
        let dir = TempDir::new();
        let path = dir.file();
        assert_eq!(read_from(&path), None, "missing");
        let guard = write_to(&path, "127.0.0.1:40123").expect("write");
        assert_eq!(guard.path(), path);
        let found = read_from(&path).expect("found");
        assert_eq!(
            found,
            Discovery {
                bootstrap: "127.0.0.1:40123".into(),
                pid: std::process::id()
            }
        );
        // No temporary file is left beside it.
        let entries: Vec<_> = std::fs::read_dir(path.parent().expect("parent"))
            .expect("dir")
            .collect();
        assert_eq!(entries.len(), 1);
        // Written again (a restart): replaced.
        let guard2 = write_to(&path, "127.0.0.1:40124").expect("write again");
        assert_eq!(
            read_from(&path).map(|d| d.bootstrap).as_deref(),
            Some("127.0.0.1:40124")
        );
        drop(guard);
        assert!(!path.exists(), "removed by the first guard (same pid)");
        drop(guard2);
    }

    #[test]
    fn the_file_of_another_process_is_not_removed() {
        let dir = TempDir::new();
        let path = dir.file();
        let guard = write_to(&path, "127.0.0.1:1").expect("write");
        // Another process took over the file.
        let other = Discovery {
            bootstrap: "127.0.0.1:2".into(),
            pid: 1,
        };
        std::fs::write(&path, serde_json::to_vec(&other).expect("json")).expect("overwrite");
        drop(guard);
        assert!(path.exists(), "another process's file stays");
        if cfg!(target_os = "linux") {
            // pid 1 always exists.
            assert_eq!(read_from(&path), Some(other));
        }
    }

    #[test]
    fn unparsable_or_dead_files_are_ignored() {
        let dir = TempDir::new();
        let path = dir.file();
        create_dir(path.parent().expect("parent")).expect("dir");
        std::fs::write(&path, "not json").expect("write");
        assert_eq!(read_from(&path), None);
        std::fs::write(&path, r#"{"bootstrap": "127.0.0.1:1"}"#).expect("write");
        assert_eq!(read_from(&path), None, "no pid");
        std::fs::write(&path, r#"{"bootstrap": "127.0.0.1:1", "pid": 0}"#).expect("write");
        assert_eq!(read_from(&path), None, "pid 0");
        if cfg!(target_os = "linux") {
            // Above /proc/sys/kernel/pid_max (at most 2^22): never alive.
            let dead = r#"{"bootstrap": "127.0.0.1:1", "pid": 4294967294}"#;
            std::fs::write(&path, dead).expect("write");
            assert_eq!(read_from(&path), None, "dead pid");
        }
    }
}

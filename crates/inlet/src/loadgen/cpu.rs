//! The CPU time this process has used (user and system, all threads), for
//! the report: what the load generator itself costs a message. On a
//! machine it shares with the server under test, that is time the server
//! did not get, so `benches/e2e.sh` reads it next to the servers' own.
//!
//! Read from `/proc/self/stat` (std has no CPU clock of a process); where
//! that is missing, the report leaves the figure out.

use std::time::Duration;

/// Clock ticks a second in `/proc/*/stat`: Linux's `USER_HZ`, 100 on the
/// architectures inlet runs on (x86-64, arm64; the kernel's interface, not
/// its internal `HZ`).
const USER_HZ: u64 = 100;

/// CPU time this process has used so far, or `None` without `/proc`.
pub(crate) fn used() -> Option<Duration> {
    parse_stat(&std::fs::read_to_string("/proc/self/stat").ok()?)
}

/// utime + stime (fields 14 and 15) of a `/proc/PID/stat` line.
fn parse_stat(stat: &str) -> Option<Duration> {
    // Field 2, the command name, is in parentheses and may itself hold
    // spaces and ')': the numbered fields resume after the last ')', with
    // field 3 first.
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace().skip(14 - 3);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some(Duration::from_millis((utime + stime) * 1000 / USER_HZ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_utime_and_stime() {
        let line = "4242 (inlet) S 1 4242 4242 0 -1 4194560 1571 0 0 0 250 37 0 0 20 0 4 0 9 1 2 3";
        assert_eq!(parse_stat(line), Some(Duration::from_millis(2870)));
    }

    #[test]
    fn a_name_with_spaces_and_parentheses() {
        let line = "7 (a) b (c) R 1 7 7 0 -1 0 0 0 0 0 5 5 0 0 20 0 1 0 9 1 2 3";
        assert_eq!(parse_stat(line), Some(Duration::from_millis(100)));
    }

    #[test]
    fn malformed_lines_give_none() {
        assert_eq!(parse_stat(""), None);
        assert_eq!(parse_stat("1 (x) S 1 2"), None);
        assert_eq!(parse_stat("1 (x) S 1 2 3 4 5 6 7 8 9 10 ten 11"), None);
    }

    #[test]
    fn this_process_has_a_figure_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(used().is_some());
        }
    }
}

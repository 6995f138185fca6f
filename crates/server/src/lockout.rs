//! Bind-failure lockout: an address that fails to bind too often in a
//! window is refused for a cool-off before its credentials are even
//! looked at, so a bind flood costs little and cannot probe passwords.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures per address and the cool-offs they earned.
#[derive(Debug)]
pub struct Lockout {
    max_failures: u32,
    window: Duration,
    cool_off: Duration,
    // std Mutex: short sections, never held across an await.
    entries: Mutex<HashMap<IpAddr, Entry>>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    failures: u32,
    since: Instant,
    locked_until: Option<Instant>,
}

impl Lockout {
    /// Locks an address out for `cool_off` after `max_failures` failed
    /// binds within `window`.
    pub fn new(max_failures: u32, window: Duration, cool_off: Duration) -> Lockout {
        Lockout {
            max_failures: max_failures.max(1),
            window,
            cool_off,
            entries: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<IpAddr, Entry>> {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Whether `ip` is locked out at `now`.
    pub fn is_locked(&self, ip: IpAddr, now: Instant) -> bool {
        self.lock()
            .get(&ip)
            .and_then(|e| e.locked_until)
            .is_some_and(|until| now < until)
    }

    /// Records a failed bind from `ip`.
    pub fn failed(&self, ip: IpAddr, now: Instant) {
        let mut entries = self.lock();
        // Forget stale entries now and then, so the map stays bounded by
        // the addresses that failed recently.
        if entries.len() > 10_000 {
            let (window, cool_off) = (self.window, self.cool_off);
            entries.retain(|_, e| {
                now.duration_since(e.since) < window + cool_off
                    || e.locked_until.is_some_and(|u| now < u)
            });
        }
        let e = entries.entry(ip).or_insert(Entry {
            failures: 0,
            since: now,
            locked_until: None,
        });
        if now.duration_since(e.since) > self.window {
            *e = Entry {
                failures: 0,
                since: now,
                locked_until: None,
            };
        }
        e.failures += 1;
        if e.failures >= self.max_failures {
            e.locked_until = Some(now + self.cool_off);
        }
    }

    /// Records a successful bind: the address starts afresh.
    pub fn succeeded(&self, ip: IpAddr) {
        self.lock().remove(&ip);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_repeated_failures_then_forgives() {
        let ip: IpAddr = "198.51.100.9".parse().expect("ip");
        let t0 = Instant::now();
        let l = Lockout::new(3, Duration::from_secs(60), Duration::from_secs(30));
        l.failed(ip, t0);
        l.failed(ip, t0);
        assert!(!l.is_locked(ip, t0));
        l.failed(ip, t0);
        assert!(l.is_locked(ip, t0 + Duration::from_secs(29)));
        assert!(!l.is_locked(ip, t0 + Duration::from_secs(31)));
        // Failures spread beyond the window do not add up.
        let other: IpAddr = "2001:db8::1".parse().expect("ip");
        l.failed(other, t0);
        l.failed(other, t0);
        l.failed(other, t0 + Duration::from_secs(120));
        assert!(!l.is_locked(other, t0 + Duration::from_secs(120)));
        l.succeeded(other);
    }
}

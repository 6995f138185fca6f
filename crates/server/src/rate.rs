//! A token bucket: an account's messages per second, shared by all its
//! binds. Pure state: the caller passes the time, so tests need no clock.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Messages per second with a burst of one second's worth.
#[derive(Debug)]
pub struct RateLimit {
    per_second: f64,
    // std Mutex: a few arithmetic operations, never held across an await.
    state: Mutex<Bucket>,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl RateLimit {
    /// `per_second` messages a second (at least 1), starting full.
    pub fn new(per_second: u32, now: Instant) -> RateLimit {
        let per_second = f64::from(per_second.max(1));
        RateLimit {
            per_second,
            state: Mutex::new(Bucket {
                tokens: per_second,
                at: now,
            }),
        }
    }

    /// Takes one token at `now`; `false` when the account is over its rate.
    pub fn try_take(&self, now: Instant) -> bool {
        let mut b = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let elapsed = now.saturating_duration_since(b.at);
        b.at = b.at.max(now);
        b.tokens = (b.tokens + elapsed.as_secs_f64() * self.per_second).min(self.per_second);
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// How long until a token is available at `now` (zero when one is).
    pub fn wait_time(&self, now: Instant) -> Duration {
        let b = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let elapsed = now.saturating_duration_since(b.at).as_secs_f64();
        let tokens = (b.tokens + elapsed * self.per_second).min(self.per_second);
        if tokens >= 1.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64((1.0 - tokens) / self.per_second)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bursts_then_refills() {
        let t0 = Instant::now();
        let limit = RateLimit::new(10, t0);
        for _ in 0..10 {
            assert!(limit.try_take(t0));
        }
        assert!(!limit.try_take(t0));
        assert!(limit.wait_time(t0) > Duration::ZERO);
        assert!(limit.try_take(t0 + Duration::from_millis(100)));
        assert!(!limit.try_take(t0 + Duration::from_millis(100)));
        // Never more than a second's worth saved up.
        let later = t0 + Duration::from_secs(60);
        for _ in 0..10 {
            assert!(limit.try_take(later));
        }
        assert!(!limit.try_take(later));
    }
}

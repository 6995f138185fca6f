//! The time of a burst: clock readings shared by the events a session
//! handles without waiting in between.
//!
//! A session takes the frames and answers that are ready one after the
//! other (at most `QUICK_TURNS` of them) before it waits again. Every
//! message needs the monotonic time (its publish latency starts there,
//! and the idle deadline moves) and the wall-clock time (its
//! `received_at`, the routing instant, its message_id's second), and every
//! answer the monotonic time again: three clock reads a message, each
//! about 30 ns on a virtual machine, 3 % of the daemon's CPU under load.
//! Read once a burst instead: a burst lasts well under a millisecond, the
//! resolution of `received_at` and below the smallest bucket of the
//! publish latency histogram (0.5 ms). A burst ends where the session
//! waits: before its `select!`, and wherever an `await` in between had to
//! wait (a full socket, a bind's password check: see [`BurstClock::awaiting`]).

use std::future::Future;
use std::task::Poll;

use inlet_routing::Timestamp;
use tokio::time::Instant;

/// Lazily read clocks, forgotten when the session is about to wait.
#[derive(Debug, Default)]
pub(crate) struct BurstClock {
    instant: Option<Instant>,
    wall: Option<Timestamp>,
}

impl BurstClock {
    /// Forgets the readings: the session is about to wait, and what it
    /// handles next belongs to a new burst.
    pub(crate) fn reset(&mut self) {
        self.instant = None;
        self.wall = None;
    }

    /// The monotonic time of this burst (read on first use).
    pub(crate) fn instant(&mut self) -> Instant {
        *self.instant.get_or_insert_with(Instant::now)
    }

    /// The wall-clock time of this burst (read on first use).
    pub(crate) fn wall(&mut self) -> Timestamp {
        *self.wall.get_or_insert_with(Timestamp::now)
    }

    /// Awaits `future`; if it had to wait, the burst is over (what comes
    /// next reads the clocks again).
    pub(crate) async fn awaiting<F: Future>(&mut self, future: F) -> F::Output {
        let mut future = std::pin::pin!(future);
        let mut waited = false;
        let out = std::future::poll_fn(|cx| match future.as_mut().poll(cx) {
            Poll::Pending => {
                waited = true;
                Poll::Pending
            }
            ready => ready,
        })
        .await;
        if waited {
            self.reset();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_reads_each_clock_once_and_a_reset_reads_again() {
        let mut clock = BurstClock::default();
        let (first, wall) = (clock.instant(), clock.wall());
        std::thread::sleep(std::time::Duration::from_millis(5));
        assert_eq!((clock.instant(), clock.wall()), (first, wall));
        clock.reset();
        assert!(clock.instant() >= first + std::time::Duration::from_millis(5));
        assert!(clock.wall().0 >= wall.0 + 5);
    }

    #[tokio::test]
    async fn an_await_that_waits_ends_the_burst() {
        let mut clock = BurstClock::default();
        let first = clock.instant();
        // Ready at once: the same burst.
        clock.awaiting(std::future::ready(())).await;
        assert_eq!(clock.instant(), first);
        // Had to wait: a new burst.
        clock
            .awaiting(tokio::time::sleep(std::time::Duration::from_millis(5)))
            .await;
        assert!(clock.instant() >= first + std::time::Duration::from_millis(5));
    }
}

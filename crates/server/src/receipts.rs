//! Delivery receipts inlet sends back to carriers: built when a message it
//! acknowledged asked for one, handed to a receiver or transceiver session
//! of the account (the one the message came on first), and kept in a
//! bounded per-account queue with a time-to-live while no such session is
//! bound.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tokio::sync::mpsc;

/// Why a message's receipt says what it says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Routed to a rental: `stat:DELIVRD`.
    Delivered,
    /// Kept on the unrouted topic: `stat:UNDELIV err:001` (no rental owns
    /// the number at that time).
    Unrouted,
}

/// A receipt to send: what the deliver_sm needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    /// inlet's message_id of the message.
    pub message_id: String,
    /// The message's destination (the receipt's source), TON, NPI, digits.
    pub source: (u8, u8, Vec<u8>),
    /// The message's source (the receipt's destination).
    pub dest: (u8, u8, Vec<u8>),
    /// Unix seconds the message was submitted.
    pub submitted: u64,
    /// Its outcome.
    pub outcome: Outcome,
    /// The first 20 characters of its text.
    pub text: String,
}

impl Receipt {
    /// The receipt text of SMPP 3.4 Appendix B.
    pub fn text(&self, done: u64) -> String {
        let (stat, err) = match self.outcome {
            Outcome::Delivered => ("DELIVRD", "000"),
            Outcome::Unrouted => ("UNDELIV", "001"),
        };
        format!(
            "id:{} sub:001 dlvrd:{} submit date:{} done date:{} stat:{stat} err:{err} text:{}",
            self.message_id,
            if self.outcome == Outcome::Delivered {
                "001"
            } else {
                "000"
            },
            yymmddhhmm(self.submitted),
            yymmddhhmm(done),
            self.text,
        )
    }

    /// The `message_state` TLV value: 2 DELIVERED, 5 UNDELIVERABLE.
    pub fn message_state(&self) -> u8 {
        match self.outcome {
            Outcome::Delivered => 2,
            Outcome::Unrouted => 5,
        }
    }
}

/// Unix seconds as `YYMMDDhhmm` (UTC).
pub(crate) fn yymmddhhmm(unix: u64) -> String {
    let days = (unix / 86_400) as i64;
    let secs = unix % 86_400;
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{:02}{month:02}{day:02}{:02}{:02}",
        year.rem_euclid(100),
        secs / 3600,
        secs % 3600 / 60
    )
}

/// Unix seconds now.
pub(crate) fn now_unix() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

struct AccountQueue {
    sessions: Vec<(String, mpsc::Sender<Receipt>)>,
    pending: VecDeque<(Instant, Receipt)>,
}

/// Receipts waiting for, or on their way to, receiver sessions.
pub struct Receipts {
    // std Mutex: short sections, no await inside.
    accounts: Mutex<HashMap<String, AccountQueue>>,
    capacity: usize,
    ttl: Duration,
    expired: prometheus::IntCounter,
    dropped: prometheus::IntCounter,
}

impl Receipts {
    /// At most `capacity` pending receipts per account, each kept `ttl`.
    pub fn new(capacity: usize, ttl: Duration) -> Receipts {
        // Counters of their own, registered nowhere.
        let counter = |name: &str| {
            prometheus::IntCounter::new(name, "receipts").unwrap_or_else(|_| unreachable!())
        };
        Receipts::with_counters(
            capacity,
            ttl,
            counter("inlet_receipts_expired"),
            counter("inlet_receipts_dropped"),
        )
    }

    /// As [`Receipts::new`], counting expired and dropped receipts in the
    /// given counters.
    pub fn with_counters(
        capacity: usize,
        ttl: Duration,
        expired: prometheus::IntCounter,
        dropped: prometheus::IntCounter,
    ) -> Receipts {
        Receipts {
            accounts: Mutex::new(HashMap::new()),
            capacity,
            ttl,
            expired,
            dropped,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, AccountQueue>> {
        self.accounts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Receipts that waited past their time-to-live.
    pub fn expired(&self) -> u64 {
        self.expired.get()
    }

    /// Receipts dropped because an account's queue was full.
    pub fn dropped(&self) -> u64 {
        self.dropped.get()
    }

    /// Registers a receiver or transceiver session of `account`; pending
    /// receipts still in time go to it.
    pub fn register(&self, account: &str, session: &str, sender: mpsc::Sender<Receipt>) {
        let mut accounts = self.lock();
        let queue = accounts
            .entry(account.to_owned())
            .or_insert_with(|| AccountQueue {
                sessions: Vec::new(),
                pending: VecDeque::new(),
            });
        let now = Instant::now();
        while let Some((at, receipt)) = queue.pending.pop_front() {
            if now.duration_since(at) > self.ttl {
                self.expired.inc();
            } else if let Err(e) = sender.try_send(receipt) {
                // The new session's buffer is full: keep the rest waiting.
                if let mpsc::error::TrySendError::Full(r) = e {
                    queue.pending.push_front((at, r));
                }
                break;
            }
        }
        queue.sessions.push((session.to_owned(), sender));
    }

    /// Removes a session.
    pub fn unregister(&self, account: &str, session: &str) {
        if let Some(queue) = self.lock().get_mut(account) {
            queue.sessions.retain(|(s, _)| s != session);
        }
    }

    /// Sends a receipt to `preferred` if it can take it, else to another
    /// session of the account, else queues it.
    pub fn deliver(&self, account: &str, preferred: &str, receipt: Receipt) {
        let mut accounts = self.lock();
        let queue = accounts
            .entry(account.to_owned())
            .or_insert_with(|| AccountQueue {
                sessions: Vec::new(),
                pending: VecDeque::new(),
            });
        let mut receipt = receipt;
        let order = queue
            .sessions
            .iter()
            .filter(|(s, _)| s == preferred)
            .chain(queue.sessions.iter().filter(|(s, _)| s != preferred));
        for (_, sender) in order {
            match sender.try_send(receipt) {
                Ok(()) => return,
                Err(mpsc::error::TrySendError::Full(r) | mpsc::error::TrySendError::Closed(r)) => {
                    receipt = r
                }
            }
        }
        let now = Instant::now();
        while queue
            .pending
            .front()
            .is_some_and(|(at, _)| now.duration_since(*at) > self.ttl)
        {
            queue.pending.pop_front();
            self.expired.inc();
        }
        if queue.pending.len() >= self.capacity {
            queue.pending.pop_front();
            self.dropped.inc();
        }
        queue.pending.push_back((now, receipt));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn receipt(id: &str) -> Receipt {
        Receipt {
            message_id: id.into(),
            source: (1, 1, b"447700900123".to_vec()),
            dest: (5, 0, b"Shop".to_vec()),
            submitted: 1_767_225_600,
            outcome: Outcome::Delivered,
            text: "hello".into(),
        }
    }

    #[test]
    fn dates_and_text() {
        assert_eq!(yymmddhhmm(1_767_225_600), "2601010000");
        assert_eq!(yymmddhhmm(951_782_400 + 3600 * 13 + 60 * 7), "0002291307");
        assert_eq!(
            receipt("7f3a").text(1_767_225_660),
            "id:7f3a sub:001 dlvrd:001 submit date:2601010000 done date:2601010001 stat:DELIVRD err:000 text:hello"
        );
    }

    #[tokio::test]
    async fn preferred_session_then_others_then_queue() {
        let r = Receipts::new(2, Duration::from_secs(60));
        let (a_tx, mut a_rx) = mpsc::channel(4);
        let (b_tx, mut b_rx) = mpsc::channel(4);
        r.register("acct", "a", a_tx);
        r.register("acct", "b", b_tx);
        r.deliver("acct", "b", receipt("1"));
        assert_eq!(b_rx.recv().await.map(|x| x.message_id), Some("1".into()));
        r.deliver("acct", "gone", receipt("2"));
        assert_eq!(a_rx.recv().await.map(|x| x.message_id), Some("2".into()));
        r.unregister("acct", "a");
        r.unregister("acct", "b");
        for id in ["3", "4", "5"] {
            r.deliver("acct", "x", receipt(id));
        }
        assert_eq!(r.dropped(), 1);
        let (c_tx, mut c_rx) = mpsc::channel(4);
        r.register("acct", "c", c_tx);
        assert_eq!(c_rx.recv().await.map(|x| x.message_id), Some("4".into()));
        assert_eq!(c_rx.recv().await.map(|x| x.message_id), Some("5".into()));
    }

    #[test]
    fn expiry_is_counted() {
        let r = Receipts::new(8, Duration::ZERO);
        r.deliver("acct", "x", receipt("1"));
        std::thread::sleep(Duration::from_millis(5));
        let (tx, _rx) = mpsc::channel(4);
        r.register("acct", "c", tx);
        assert_eq!(r.expired(), 1);
    }
}

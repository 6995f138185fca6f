//! The discard publisher, for benchmarks only (`kafka.brokers =
//! "discard"`): it acknowledges every record at once and keeps nothing,
//! so a benchmark measures inlet without a broker. It breaks inlet's
//! promise by design; the daemon says so loudly when it is configured.

use std::cell::Cell;

use inlet_message::publish::{Delivered, Publication, Publisher, Publishing};

/// The `brokers` value that selects it.
pub(crate) const DISCARD: &str = "discard";

/// Acknowledges everything, stores nothing.
pub(crate) struct DiscardPublisher;

thread_local! {
    /// The offsets the discard publisher reports: records discarded by this
    /// thread. One counter for the process was a cache line handed between
    /// the cores on every message, a cost no broker-less publisher has.
    static DISCARDED: Cell<i64> = const { Cell::new(0) };
}

impl Publisher for DiscardPublisher {
    fn publish(&self, item: Publication) -> Publishing<'_> {
        let offset = DISCARDED.with(|n| n.replace(n.get() + 1));
        Publishing::done(Ok(Delivered {
            topic: item.topic(),
            partition: 0,
            offset,
        }))
    }
}

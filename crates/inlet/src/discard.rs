//! The discard publisher, for benchmarks only (`kafka.brokers =
//! "discard"`): it acknowledges every record at once and keeps nothing,
//! so a benchmark measures inlet without a broker. It breaks inlet's
//! promise by design; the daemon says so loudly when it is configured.

use std::sync::atomic::{AtomicI64, Ordering};

use inlet_message::publish::{Delivered, Publication, PublishFuture, Publisher};

/// The `brokers` value that selects it.
pub(crate) const DISCARD: &str = "discard";

/// Acknowledges everything, stores nothing.
#[derive(Default)]
pub(crate) struct DiscardPublisher {
    offset: AtomicI64,
}

impl Publisher for DiscardPublisher {
    fn publish(&self, item: Publication) -> PublishFuture<'_> {
        let offset = self.offset.fetch_add(1, Ordering::Relaxed);
        Box::pin(std::future::ready(Ok(Delivered {
            topic: item.topic(),
            partition: 0,
            offset,
        })))
    }
}

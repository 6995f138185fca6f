//! The publishing contract between the SMPP sessions and Kafka.
//!
//! A session builds a [`Publication`] (a whole message, or one segment of a
//! multipart message) and hands it to a [`Publisher`]; it answers the
//! carrier only once the outcome is known ([`Publishing`]: at once, or
//! when its future resolves): `Ok(`[`Delivered`]`)` means the broker has
//! the record durably (acks=all), so `ESME_ROK` may go out; an error maps
//! to an SMPP status by its kind ([`PublishError::as_label`],
//! [`PublishError::is_retriable`]).
//!
//! The trait needs no async runtime ([`Publishing`] is a `std` future, a
//! boxed one only while the outcome is to come), and it is object safe
//! (`Arc<dyn Publisher>`).
//!
//! [`MemoryPublisher`] is an in-memory implementation for tests.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};

use crate::record::{
    CONTENT_TYPE, HEADER_CONTENT_TYPE, HEADER_SCHEMA, InboundMessage, SCHEMA, SEGMENT_SCHEMA,
    SegmentRecord, TOPIC_INBOUND, TOPIC_SEGMENTS, TOPIC_UNROUTED,
};

/// What is published: its topic, key, headers and value all follow from
/// it, so a session cannot put a record on the wrong topic or key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Publication {
    /// A whole message (single-part, or reassembled): to [`Topic::Inbound`]
    /// when it has an assignment, to [`Topic::Unrouted`] otherwise; keyed
    /// by its recipient (`to`, `+` E.164).
    Message(InboundMessage),
    /// One segment of a multipart message, to [`Topic::Segments`], keyed
    /// by its group ([`crate::record::SegmentGroup::key`]).
    Segment(SegmentRecord),
}

impl Publication {
    /// The topic the record goes to.
    #[must_use]
    pub fn topic(&self) -> Topic {
        match self {
            Self::Message(m) if m.is_routed() => Topic::Inbound,
            Self::Message(_) => Topic::Unrouted,
            Self::Segment(_) => Topic::Segments,
        }
    }

    /// The Kafka key: the recipient for a message, the group key for a
    /// segment.
    #[must_use]
    pub fn key(&self) -> String {
        match self {
            Self::Message(m) => m.to.to_string(),
            Self::Segment(s) => s.group.key(),
        }
    }

    /// The schema name, the value of the [`HEADER_SCHEMA`] header.
    #[must_use]
    pub fn schema(&self) -> &'static str {
        match self {
            Self::Message(_) => SCHEMA,
            Self::Segment(_) => SEGMENT_SCHEMA,
        }
    }

    /// The Kafka headers, as `(name, value)` pairs.
    #[must_use]
    pub fn headers(&self) -> [(&'static str, &'static str); 2] {
        [
            (HEADER_SCHEMA, self.schema()),
            (HEADER_CONTENT_TYPE, CONTENT_TYPE),
        ]
    }

    /// The Kafka value: the record as compact JSON.
    ///
    /// # Errors
    /// Only if serde_json fails, which the record types never make it do.
    pub fn to_json(&self) -> Result<Vec<u8>, serde_json::Error> {
        match self {
            Self::Message(m) => serde_json::to_vec(m),
            Self::Segment(s) => serde_json::to_vec(s),
        }
    }

    /// The message, if this is one.
    #[must_use]
    pub fn as_message(&self) -> Option<&InboundMessage> {
        match self {
            Self::Message(m) => Some(m),
            Self::Segment(_) => None,
        }
    }

    /// The segment, if this is one.
    #[must_use]
    pub fn as_segment(&self) -> Option<&SegmentRecord> {
        match self {
            Self::Segment(s) => Some(s),
            Self::Message(_) => None,
        }
    }
}

/// The logical topics inlet publishes to. A publisher maps them to topic
/// names ([`Topic::name`] gives the default ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Topic {
    /// Routed messages ([`TOPIC_INBOUND`]).
    Inbound,
    /// Unrouted messages ([`TOPIC_UNROUTED`]).
    Unrouted,
    /// Segments before reassembly ([`TOPIC_SEGMENTS`]).
    Segments,
}

impl Topic {
    /// Every topic.
    pub const ALL: [Topic; 3] = [Topic::Inbound, Topic::Unrouted, Topic::Segments];

    /// The topic's default name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Inbound => TOPIC_INBOUND,
            Self::Unrouted => TOPIC_UNROUTED,
            Self::Segments => TOPIC_SEGMENTS,
        }
    }
}

/// Where the broker stored a record (acknowledged by all in-sync replicas).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Delivered {
    /// The topic.
    pub topic: Topic,
    /// The partition.
    pub partition: i32,
    /// The record's offset in the partition.
    pub offset: i64,
}

/// Why a record was not published. Whatever the error, the record is not
/// known to be durable, so the carrier must not get `ESME_ROK`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PublishError {
    /// The publisher's queue is full: the carrier should slow down and
    /// retry (`ESME_RTHROTTLED`).
    #[error("publisher queue full")]
    Backpressure,
    /// The broker is unreachable, timed out or failed transiently: the
    /// carrier should retry (`ESME_RSYSERR` / `ESME_RX_T_APPN`).
    #[error("temporary publish failure: {0}")]
    Temporary(String),
    /// The broker can never accept this record (too large, invalid): the
    /// carrier must not retry (`ESME_RSUBMITFAIL`).
    #[error("record rejected: {0}")]
    Rejected(String),
}

impl PublishError {
    /// A fixed label for metrics and logs: `backpressure`, `temporary` or
    /// `rejected`.
    #[must_use]
    pub const fn as_label(&self) -> &'static str {
        match self {
            Self::Backpressure => "backpressure",
            Self::Temporary(_) => "temporary",
            Self::Rejected(_) => "rejected",
        }
    }

    /// Whether trying the same record again may succeed (true for
    /// [`Backpressure`](Self::Backpressure) and
    /// [`Temporary`](Self::Temporary)), i.e. whether the carrier gets a
    /// temporary error rather than a permanent one.
    #[must_use]
    pub const fn is_retriable(&self) -> bool {
        !matches!(self, Self::Rejected(_))
    }
}

/// The future of an outcome the broker has yet to give.
type PublishFuture<'a> = Pin<Box<dyn Future<Output = Result<Delivered, PublishError>> + Send + 'a>>;

/// What [`Publisher::publish`] returns: a future of the outcome, which is
/// either known at once ([`Publishing::done`]: a publisher that keeps
/// nothing, a full queue, a record that cannot be encoded) or given by the
/// broker later ([`Publishing::pending`]).
///
/// Awaiting it works either way. A caller with many in flight (a session)
/// takes an outcome known at once with [`Publishing::ready`] and answers
/// it straight away, so that it allocates and polls no future for it: the
/// refusals of an overloaded publisher cost least when they are most
/// numerous.
#[must_use = "a publication's outcome must be awaited"]
pub struct Publishing<'a>(Outcome<'a>);

enum Outcome<'a> {
    /// Known at once; taken by the poll that returns it.
    Done(Option<Result<Delivered, PublishError>>),
    Pending(PublishFuture<'a>),
}

impl<'a> Publishing<'a> {
    /// An outcome known at once: a refusal, or `Ok` from a publisher
    /// that keeps nothing durable (tests, benchmarks). A publisher that
    /// promises durability gives `Ok` only through
    /// [`pending`](Self::pending), once the broker has acknowledged.
    pub fn done(result: Result<Delivered, PublishError>) -> Publishing<'a> {
        Publishing(Outcome::Done(Some(result)))
    }

    /// An outcome `future` gives once the broker has answered.
    pub fn pending(
        future: impl Future<Output = Result<Delivered, PublishError>> + Send + 'a,
    ) -> Publishing<'a> {
        Publishing(Outcome::Pending(Box::pin(future)))
    }

    /// The outcome if it was known at once; otherwise this, to await.
    ///
    /// # Errors
    /// `Err(self)` while the outcome is still to come.
    pub fn ready(self) -> Result<Result<Delivered, PublishError>, Publishing<'a>> {
        match self.0 {
            Outcome::Done(Some(result)) => Ok(result),
            state => Err(Publishing(state)),
        }
    }
}

impl Future for Publishing<'_> {
    type Output = Result<Delivered, PublishError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match &mut self.get_mut().0 {
            Outcome::Pending(future) => future.as_mut().poll(cx),
            // Polled again after completing: a misuse, as for
            // `std::future::Ready`.
            Outcome::Done(result) => {
                Poll::Ready(result.take().expect("`Publishing` polled after completion"))
            }
        }
    }
}

impl std::fmt::Debug for Publishing<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Outcome::Done(Some(result)) => f.debug_tuple("Publishing::Done").field(result).finish(),
            Outcome::Done(None) => f.write_str("Publishing::Taken"),
            Outcome::Pending(_) => f.write_str("Publishing::Pending"),
        }
    }
}

/// Publishes records durably.
///
/// # Contract
/// - The outcome is `Ok` only once the broker has acknowledged the
///   record with `acks=all`: never earlier.
/// - A full queue is reported at once ([`Publishing::done`]) as
///   [`PublishError::Backpressure`], not by waiting: the session answers
///   the carrier with a throttle.
/// - The outcome comes in bounded time (the publisher's delivery
///   timeout), with [`PublishError::Temporary`] when the broker never
///   answered.
/// - Calls may complete in any order; many may be in flight at once.
/// - Dropping the [`Publishing`] does not withdraw the record: it may
///   still be published (duplicates are what `fingerprint` is for).
pub trait Publisher: Send + Sync {
    /// Publishes one record; its outcome comes once it is durable or has
    /// failed.
    fn publish(&self, item: Publication) -> Publishing<'_>;
}

impl<P: Publisher + ?Sized> Publisher for Arc<P> {
    fn publish(&self, item: Publication) -> Publishing<'_> {
        (**self).publish(item)
    }
}

impl<P: Publisher + ?Sized> Publisher for Box<P> {
    fn publish(&self, item: Publication) -> Publishing<'_> {
        (**self).publish(item)
    }
}

impl<P: Publisher + ?Sized> Publisher for &P {
    fn publish(&self, item: Publication) -> Publishing<'_> {
        (**self).publish(item)
    }
}

/// An in-memory [`Publisher`] for tests (not for production: nothing is
/// durable).
///
/// It records what it delivered, assigning each topic's offsets from 0 on
/// partition 0, and can be told to fail ([`fail_next`](Self::fail_next),
/// [`fail_always`](Self::fail_always)) or to hold publications unanswered
/// until the test releases them ([`hold`](Self::hold),
/// [`release`](Self::release), [`fail_held`](Self::fail_held)), to test
/// pipelining, windows and out-of-order responses. Runtime-agnostic: held
/// futures are woken through their `Waker`. A held future whose publisher
/// is dropped stays pending forever.
///
/// ```
/// use inlet_message::publish::{MemoryPublisher, PublishError};
///
/// let publisher = MemoryPublisher::new();
/// publisher.fail_next(PublishError::Backpressure);
/// publisher.hold(true);
/// assert_eq!(publisher.published().len(), 0);
/// ```
#[derive(Debug, Default)]
pub struct MemoryPublisher {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    delivered: Vec<(Publication, Delivered)>,
    attempts: usize,
    fail_next: VecDeque<PublishError>,
    fail_always: Option<PublishError>,
    hold: bool,
    held: VecDeque<(Publication, Arc<Mutex<Slot>>)>,
    next_offset: [i64; 3],
}

#[derive(Debug, Default)]
struct Slot {
    result: Option<Result<Delivered, PublishError>>,
    waker: Option<Waker>,
}

impl State {
    fn deliver(&mut self, item: Publication) -> Delivered {
        let topic = item.topic();
        let offset = &mut self.next_offset[topic as usize];
        let delivered = Delivered {
            topic,
            partition: 0,
            offset: *offset,
        };
        *offset += 1;
        self.delivered.push((item, delivered));
        delivered
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl MemoryPublisher {
    /// A publisher that delivers everything at once.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Fails the next publication with `error` (errors queue up: each
    /// applies to one call, in order, before [`fail_always`](Self::fail_always)).
    pub fn fail_next(&self, error: PublishError) {
        lock(&self.state).fail_next.push_back(error);
    }

    /// Fails every publication with `error` from now on (`None`: stop).
    pub fn fail_always(&self, error: Option<PublishError>) {
        lock(&self.state).fail_always = error;
    }

    /// While on, publications that do not fail are held: their futures
    /// stay pending until [`release`](Self::release),
    /// [`release_all`](Self::release_all) or [`fail_held`](Self::fail_held).
    /// Turning it off does not release what is held.
    pub fn hold(&self, on: bool) {
        lock(&self.state).hold = on;
    }

    /// Number of publications held.
    #[must_use]
    pub fn held(&self) -> usize {
        lock(&self.state).held.len()
    }

    /// The held publications, oldest first.
    #[must_use]
    pub fn held_publications(&self) -> Vec<Publication> {
        lock(&self.state)
            .held
            .iter()
            .map(|(p, _)| p.clone())
            .collect()
    }

    /// Delivers the `index`-th held publication (0 = oldest) and resolves
    /// its future with `Ok`; false when there is no such publication.
    pub fn release(&self, index: usize) -> bool {
        let mut state = lock(&self.state);
        let Some((item, slot)) = state.held.remove(index) else {
            return false;
        };
        let delivered = state.deliver(item);
        drop(state);
        resolve(&slot, Ok(delivered));
        true
    }

    /// Delivers every held publication, oldest first; returns how many.
    pub fn release_all(&self) -> usize {
        let mut state = lock(&self.state);
        let held: Vec<_> = state.held.drain(..).collect();
        let resolved: Vec<_> = held
            .into_iter()
            .map(|(item, slot)| (state.deliver(item), slot))
            .collect();
        drop(state);
        let n = resolved.len();
        for (delivered, slot) in resolved {
            resolve(&slot, Ok(delivered));
        }
        n
    }

    /// Resolves the `index`-th held publication (0 = oldest) with `error`
    /// without delivering it; false when there is no such publication.
    pub fn fail_held(&self, index: usize, error: PublishError) -> bool {
        let Some((_, slot)) = lock(&self.state).held.remove(index) else {
            return false;
        };
        resolve(&slot, Err(error));
        true
    }

    /// Number of `publish` calls so far, failed ones included.
    #[must_use]
    pub fn attempts(&self) -> usize {
        lock(&self.state).attempts
    }

    /// Everything delivered so far, in delivery order.
    #[must_use]
    pub fn published(&self) -> Vec<Publication> {
        lock(&self.state)
            .delivered
            .iter()
            .map(|(p, _)| p.clone())
            .collect()
    }

    /// Everything delivered so far with where it was stored.
    #[must_use]
    pub fn deliveries(&self) -> Vec<(Publication, Delivered)> {
        lock(&self.state).delivered.clone()
    }

    /// The messages delivered so far (both message topics), in order.
    #[must_use]
    pub fn messages(&self) -> Vec<InboundMessage> {
        lock(&self.state)
            .delivered
            .iter()
            .filter_map(|(p, _)| p.as_message().cloned())
            .collect()
    }

    /// The segments delivered so far, in order.
    #[must_use]
    pub fn segments(&self) -> Vec<SegmentRecord> {
        lock(&self.state)
            .delivered
            .iter()
            .filter_map(|(p, _)| p.as_segment().cloned())
            .collect()
    }

    /// Removes and returns everything delivered so far.
    pub fn take(&self) -> Vec<Publication> {
        lock(&self.state)
            .delivered
            .drain(..)
            .map(|(p, _)| p)
            .collect()
    }
}

fn resolve(slot: &Mutex<Slot>, result: Result<Delivered, PublishError>) {
    let waker = {
        let mut slot = lock(slot);
        slot.result = Some(result);
        slot.waker.take()
    };
    if let Some(waker) = waker {
        waker.wake();
    }
}

/// The future of a held publication.
struct HeldFuture(Arc<Mutex<Slot>>);

impl Future for HeldFuture {
    type Output = Result<Delivered, PublishError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut slot = lock(&self.0);
        match slot.result.take() {
            Some(result) => Poll::Ready(result),
            None => {
                slot.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

impl Publisher for MemoryPublisher {
    fn publish(&self, item: Publication) -> Publishing<'_> {
        let mut state = lock(&self.state);
        state.attempts += 1;
        let failure = state
            .fail_next
            .pop_front()
            .or_else(|| state.fail_always.clone());
        if let Some(error) = failure {
            return Publishing::done(Err(error));
        }
        if state.hold {
            let slot = Arc::new(Mutex::new(Slot::default()));
            state.held.push_back((item, Arc::clone(&slot)));
            return Publishing::pending(HeldFuture(slot));
        }
        let delivered = state.deliver(item);
        Publishing::done(Ok(delivered))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{
        Assignment, BindKind, Carrier, Command, Encoding, FromKind, ReferenceKind, SegmentGroup,
        Smpp,
    };
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::task::Wake;

    fn smpp() -> Smpp {
        Smpp {
            command: Command::SubmitSm,
            esm_class: 0,
            data_coding: 0,
            protocol_id: Some(0),
            source_addr_ton: 1,
            source_addr_npi: 1,
            dest_addr_ton: 1,
            dest_addr_npi: 1,
            tlv_tags: vec![],
        }
    }

    fn carrier() -> Carrier {
        Carrier {
            system_id: "acme".into(),
            bind: BindKind::Transceiver,
            session: "n1-7".into(),
        }
    }

    fn message(routed: bool) -> InboundMessage {
        InboundMessage {
            id: "1".into(),
            fingerprint: "0".repeat(32).parse().expect("fingerprint"),
            received_at: "2025-03-01T12:34:56.789Z".into(),
            to: "+14035551234".into(),
            from: "+447700900123".into(),
            from_kind: FromKind::E164,
            text: Some("hi".into()),
            lossy: false,
            raw_base64: None,
            encoding: Encoding::Gsm7,
            language_shift: None,
            parts: 1,
            part_ids: vec!["1".into()].into(),
            complete: true,
            missing_parts: vec![],
            late: false,
            otp: None,
            assignment: routed.then(|| Assignment {
                id: "1001".into(),
                account: "cust".into(),
                service: vec![],
                labels: Default::default(),
            }),
            carrier: carrier(),
            smpp: smpp(),
            reason: (!routed).then(|| "unknown_number".into()),
        }
    }

    fn segment() -> SegmentRecord {
        SegmentRecord {
            group: SegmentGroup {
                account: "acme".into(),
                from: "+447700900123".into(),
                to: "+14035551234".into(),
                kind: ReferenceKind::Udh8,
                reference: 42,
                total: 2,
            },
            seq: 1,
            id: "2".into(),
            received_at: "2025-03-01T12:34:56.789Z".into(),
            from_kind: FromKind::E164,
            content_base64: "aGk=".into(),
            udh_length: 6,
            encoding: Encoding::Gsm7,
            language_locking_shift: None,
            language_single_shift: None,
            assignment: None,
            reason: Some("expired".into()),
            carrier: carrier(),
            smpp: smpp(),
        }
    }

    struct CountWaker(AtomicUsize);
    impl Wake for CountWaker {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    /// Polls once with a counting waker.
    fn poll_once(
        fut: &mut Publishing<'_>,
        waker: &Arc<CountWaker>,
    ) -> Poll<Result<Delivered, PublishError>> {
        let waker = Waker::from(Arc::clone(waker));
        Pin::new(fut).poll(&mut Context::from_waker(&waker))
    }

    #[test]
    fn publishing_known_at_once_or_later() {
        let delivered = Delivered {
            topic: Topic::Inbound,
            partition: 1,
            offset: 7,
        };
        // Known at once: `ready` gives it, and so does awaiting it.
        assert_eq!(
            Publishing::done(Ok(delivered)).ready().ok(),
            Some(Ok(delivered))
        );
        let waker = Arc::new(CountWaker(AtomicUsize::new(0)));
        let mut done = Publishing::done(Err(PublishError::Backpressure));
        assert_eq!(
            poll_once(&mut done, &waker),
            Poll::Ready(Err(PublishError::Backpressure))
        );
        // Still to come: `ready` gives it back, to be awaited.
        let pending = Publishing::pending(std::future::ready(Ok(delivered)));
        assert_eq!(format!("{pending:?}"), "Publishing::Pending");
        let Err(mut pending) = pending.ready() else {
            panic!("a pending outcome is not ready");
        };
        assert_eq!(poll_once(&mut pending, &waker), Poll::Ready(Ok(delivered)));
        // A held publication is pending until released; a plain one is done.
        let p = MemoryPublisher::new();
        assert!(
            p.publish(Publication::Message(message(true)))
                .ready()
                .is_ok()
        );
        p.hold(true);
        assert!(
            p.publish(Publication::Message(message(true)))
                .ready()
                .is_err()
        );
    }

    #[test]
    fn publication_routing() {
        let routed = Publication::Message(message(true));
        assert_eq!(routed.topic(), Topic::Inbound);
        assert_eq!(routed.topic().name(), "sms.inbound");
        assert_eq!(routed.key(), "+14035551234");
        assert_eq!(
            routed.headers(),
            [
                ("inlet-schema", "inbound.v1"),
                ("content-type", "application/json")
            ]
        );
        let unrouted = Publication::Message(message(false));
        assert_eq!(unrouted.topic().name(), "sms.inbound.unrouted");
        let seg = Publication::Segment(segment());
        assert_eq!(seg.topic().name(), "sms.inbound.segments");
        assert_eq!(seg.key(), "acme|+447700900123|+14035551234|udh8|42|2");
        assert_eq!(seg.schema(), "inbound.segment.v1");
        let json: serde_json::Value =
            serde_json::from_slice(&seg.to_json().expect("json")).expect("parse");
        assert_eq!(json["group"]["kind"], "udh8");
    }

    #[test]
    fn errors() {
        let cases = [
            (PublishError::Backpressure, "backpressure", true),
            (PublishError::Temporary("down".into()), "temporary", true),
            (
                PublishError::Rejected("too large".into()),
                "rejected",
                false,
            ),
        ];
        for (e, label, retriable) in cases {
            assert_eq!(e.as_label(), label);
            assert_eq!(e.is_retriable(), retriable);
        }
        assert_eq!(
            PublishError::Rejected("too large".into()).to_string(),
            "record rejected: too large"
        );
    }

    #[test]
    fn object_safe_and_shareable() {
        fn assert_send_sync<T: Send + Sync + ?Sized>() {}
        assert_send_sync::<dyn Publisher>();
        let p: Arc<dyn Publisher> = Arc::new(MemoryPublisher::new());
        let waker = Arc::new(CountWaker(AtomicUsize::new(0)));
        let mut fut = p.publish(Publication::Message(message(true)));
        assert!(matches!(poll_once(&mut fut, &waker), Poll::Ready(Ok(_))));
    }

    #[test]
    fn memory_publisher_delivers_and_fails() {
        let p = MemoryPublisher::new();
        let waker = Arc::new(CountWaker(AtomicUsize::new(0)));
        p.fail_next(PublishError::Backpressure);
        let mut f = p.publish(Publication::Message(message(true)));
        assert_eq!(
            poll_once(&mut f, &waker),
            Poll::Ready(Err(PublishError::Backpressure))
        );
        for (item, offset) in [(message(true), 0), (message(true), 1), (message(false), 0)] {
            let mut f = p.publish(Publication::Message(item));
            let Poll::Ready(Ok(d)) = poll_once(&mut f, &waker) else {
                panic!("not delivered");
            };
            assert_eq!((d.partition, d.offset), (0, offset));
        }
        p.fail_always(Some(PublishError::Temporary("down".into())));
        let mut f = p.publish(Publication::Segment(segment()));
        assert!(matches!(
            poll_once(&mut f, &waker),
            Poll::Ready(Err(PublishError::Temporary(_)))
        ));
        p.fail_always(None);
        let mut f = p.publish(Publication::Segment(segment()));
        assert!(matches!(poll_once(&mut f, &waker), Poll::Ready(Ok(_))));
        assert_eq!(p.attempts(), 6);
        assert_eq!(p.published().len(), 4);
        assert_eq!(p.messages().len(), 3);
        assert_eq!(p.segments().len(), 1);
        assert_eq!(p.take().len(), 4);
        assert!(p.published().is_empty());
    }

    #[test]
    fn memory_publisher_holds_and_releases_out_of_order() {
        let p = MemoryPublisher::new();
        let waker = Arc::new(CountWaker(AtomicUsize::new(0)));
        p.hold(true);
        let mut a = p.publish(Publication::Message(message(true)));
        let mut b = p.publish(Publication::Message(message(true)));
        let mut c = p.publish(Publication::Message(message(true)));
        assert!(poll_once(&mut a, &waker).is_pending());
        assert!(poll_once(&mut b, &waker).is_pending());
        assert!(poll_once(&mut c, &waker).is_pending());
        assert_eq!(p.held(), 3);
        assert!(p.published().is_empty());

        assert!(p.release(1)); // b first
        assert_eq!(waker.0.load(Ordering::SeqCst), 1);
        let Poll::Ready(Ok(d)) = poll_once(&mut b, &waker) else {
            panic!("b not delivered");
        };
        assert_eq!(d.offset, 0);
        assert!(poll_once(&mut a, &waker).is_pending());

        assert!(p.fail_held(1, PublishError::Temporary("timeout".into()))); // c
        assert!(matches!(
            poll_once(&mut c, &waker),
            Poll::Ready(Err(PublishError::Temporary(_)))
        ));
        assert_eq!(p.release_all(), 1); // a
        let Poll::Ready(Ok(d)) = poll_once(&mut a, &waker) else {
            panic!("a not delivered");
        };
        assert_eq!(d.offset, 1);
        assert!(!p.release(0));
        assert_eq!(p.published().len(), 2);
    }
}

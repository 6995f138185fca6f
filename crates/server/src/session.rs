//! One carrier connection: framing, bind, requests pipelined through the
//! publisher, responses in completion order, enquire_link both ways.

use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use compact_str::CompactString;
use futures::stream::FuturesUnordered;
use futures::{FutureExt, SinkExt, StreamExt};
use inlet_message::normalize::normalize;
use inlet_message::publish::{Delivered, PublishError, Publishing};
use inlet_pdu::{
    Bind, BindResp, Body, CommandId, CommandStatus, DecodeError, FrameCodec, FrameError, Header,
    Pdu, TlvBuf, TlvTag,
};
use inlet_routing::{Lookup, Number, Timestamp};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::time::{Instant, sleep_until};
use tokio_util::codec::{FramedRead, FramedWrite};
use tokio_util::sync::CancellationToken;
use tracing::{Instrument, debug, info, warn};

use crate::accounts::BindGuard;
use crate::burst_clock::BurstClock;
use crate::config::BindType;
use crate::receipts::{Outcome as ReceiptOutcome, Receipt};
use crate::record::{Origin, publication};
use crate::reply::Reply;
use crate::{Server, SessionIds, SessionMetrics, status};

/// A request waiting for the broker: its publish (which borrows the
/// session's server, so a message clones no shared handle), and what its
/// answer needs.
struct InFlight<'s> {
    publish: Publishing<'s>,
    /// Taken when the publish completes.
    answer: Option<Answer>,
}

/// What the answer to a published request needs.
struct Answer {
    sequence_number: u32,
    command: CommandId,
    /// The message_id of the ESME_ROK answer (a copy: the id itself
    /// moved into the record; empty for deliver_sm).
    message_id: CompactString,
    /// When the request arrived.
    received: std::time::Instant,
    /// The receipt to send once the message is durable, when one was asked
    /// for: (account, receipt). Boxed: rare, and this rides in every
    /// in-flight entry.
    receipt: Option<Box<(String, Receipt)>>,
}

/// A request the broker has answered.
struct Completed {
    answer: Answer,
    result: Result<Delivered, PublishError>,
}

impl Future for InFlight<'_> {
    type Output = Completed;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Completed> {
        let result = std::task::ready!(Pin::new(&mut self.publish).poll(cx));
        match self.answer.take() {
            Some(answer) => Poll::Ready(Completed { answer, result }),
            // Polled again after completing: never by `FuturesUnordered`.
            None => Poll::Pending,
        }
    }
}

/// A gauge held up while this lives.
struct Held(prometheus::IntGauge);

impl Held {
    fn new(gauge: prometheus::IntGauge) -> Held {
        gauge.inc();
        Held(gauge)
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        self.0.dec();
    }
}

/// The bound state of a session.
struct Bound {
    guard: BindGuard,
    /// This bind in `inlet_binds`.
    _gauge: Held,
    bind_type: BindType,
    /// The interface version served: 0x33 (no TLVs), 0x34 or 0x50.
    version: u8,
    /// The account's system_id, one copy for the session's records.
    system_id: Arc<str>,
}

/// What handling one frame asks the loop to do.
enum Step<'s> {
    /// Send these octets.
    Reply(Reply),
    /// Send this, then close.
    ReplyAndClose(Reply),
    /// Wait for the broker.
    Publish(InFlight<'s>),
    /// Nothing to send.
    Nothing,
}

/// Serves one connection until it closes, the peer unbinds, or `shutdown`,
/// inside a `session` span (session id, peer; system_id and bind type
/// once bound).
pub(crate) async fn run<S>(
    server: Arc<Server>,
    io: S,
    peer: SocketAddr,
    shutdown: CancellationToken,
) where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let session_id = server.next_session_id();
    let span = tracing::info_span!(
        "session",
        session = %session_id,
        %peer,
        system_id = tracing::field::Empty,
        bind = tracing::field::Empty,
    );
    serve(server, io, peer, shutdown, session_id)
        .instrument(span)
        .await;
}

/// Completes at `deadline`, or never without one. Creating it reads no
/// clock and registers no timer: that happens when it is first polled.
async fn at(deadline: Option<Instant>) {
    match deadline {
        Some(deadline) => sleep_until(deadline).await,
        None => std::future::pending().await,
    }
}

async fn serve<S>(
    server: Arc<Server>,
    io: S,
    peer: SocketAddr,
    shutdown: CancellationToken,
    session_id: String,
) where
    S: AsyncRead + AsyncWrite + Unpin,
{
    // One copy for every record of the session.
    let session_id: Arc<str> = Arc::from(session_id);
    let _session_gauge = Held::new(server.metrics.sessions.clone());
    let mut local = Local {
        metrics: server.metrics.local(),
        ids: server.ids.session(),
    };
    let config = &server.config;
    // Reads and writes apart, so that responses are buffered and written
    // together when the session has nothing else ready (one system call
    // for many PDUs under load, at once when idle).
    let (read_half, write_half) = tokio::io::split(io);
    let mut reader = FramedRead::new(read_half, FrameCodec::with_max_len(config.max_pdu_octets));
    let mut writer = FramedWrite::new(write_half, FrameCodec::with_max_len(config.max_pdu_octets));
    let mut unflushed = false;
    let mut bound: Option<Bound> = None;
    let mut inflight: FuturesUnordered<InFlight<'_>> = FuturesUnordered::new();
    let bind_deadline = Instant::now() + config.bind_timeout();
    // When to ask the peer (enquire_link) or give up on it. Frames move
    // it later often; the timer is re-armed only when it fires early (or
    // must fire sooner), not on every frame.
    let mut idle_deadline = Instant::now() + config.enquire_link();
    let idle = sleep_until(idle_deadline);
    tokio::pin!(idle);
    let mut awaiting_enquire: Option<u32> = None;
    let mut next_seq: u32 = 1;
    // Set once inlet has sent its unbind: the sequence number it awaits an
    // unbind_resp for, and when it stops waiting.
    let mut unbinding: Option<(u32, Instant)> = None;
    let mut unbind_acked = false;
    // Receipts for this session, once bound as receiver or transceiver.
    let mut receipts_rx: Option<tokio::sync::mpsc::Receiver<Receipt>> = None;
    let mut registered: Option<String> = None;
    // Receipts sent and not yet answered, in send order (so the first has
    // the earliest deadline).
    let mut unanswered: std::collections::VecDeque<(u32, Instant, Receipt)> =
        std::collections::VecDeque::new();

    // Made once: `select!` evaluates every branch's expression on every
    // turn, enabled or not, and a fresh `cancelled()` registered with (and
    // left) the token's waiter list each time — a few percent of the
    // daemon's CPU under load. The other deadlines are `at` futures, which
    // read no clock and touch no timer until polled.
    let cancelled = shutdown.cancelled();
    tokio::pin!(cancelled);

    // Turns taken in a row without `select!`; see `ready_now`.
    let mut quick_turns = 0;
    let mut clock = BurstClock::default();
    loop {
        let quick = if quick_turns < QUICK_TURNS {
            quick_turns += 1;
            ready_now(&mut inflight, &mut reader)
        } else {
            None
        };
        let event = match quick {
            Some(event) => event,
            None => {
                quick_turns = 0;
                clock.reset();
                tokio::select! {
                    // Timers first (a flood of frames must not starve the
                    // bind deadline), then answers, then new frames; the
                    // flush only when nothing else is ready.
                    biased;
                    () = &mut cancelled, if unbinding.is_none() => Event::Cancelled,
                    () = at(unbinding.map(|(_, t)| t)), if unbinding.is_some() => {
                        debug!("no unbind_resp in time: closing");
                        break;
                    }
                    () = at(unanswered.front().map(|(_, at, _)| *at)), if !unanswered.is_empty() => {
                        info!("receipt unanswered within the response timeout: closing");
                        break;
                    }
                    () = at(Some(bind_deadline)), if bound.is_none() => {
                        info!("no bind before the deadline: closing");
                        break;
                    }
                    () = &mut idle, if bound.is_some() => Event::Idle,
                    Some(done) = inflight.next(), if !inflight.is_empty() => Event::Done(done),
                    Some(receipt) = recv_receipt(&mut receipts_rx), if receipts_rx.is_some() && unbinding.is_none() => {
                        Event::Receipt(receipt)
                    }
                    frame = reader.next() => Event::Frame(frame),
                    // The session's counts reach the shared series before
                    // the responses they count are written.
                    flushed = async {
                        local.metrics.flush();
                        SinkExt::<Reply>::flush(&mut writer).await
                    }, if unflushed => Event::Flushed(flushed.is_ok()),
                }
            }
        };
        let step = match event {
            Event::Cancelled => {
                if bound.is_none() {
                    break;
                }
                // Unbind, but keep answering what is in flight.
                info!("shutting down: unbinding");
                let seq = take_seq(&mut next_seq);
                unbinding = Some((seq, Instant::now() + config.response_timeout()));
                Step::Reply(Reply::header(
                    CommandId::UNBIND,
                    CommandStatus::ESME_ROK,
                    seq,
                ))
            }
            Event::Idle => {
                if Instant::now() < idle_deadline {
                    idle.as_mut().reset(idle_deadline);
                    continue;
                }
                if awaiting_enquire.is_some() {
                    info!("enquire_link unanswered: closing");
                    break;
                }
                let seq = take_seq(&mut next_seq);
                awaiting_enquire = Some(seq);
                idle_deadline = Instant::now() + config.response_timeout();
                idle.as_mut().reset(idle_deadline);
                Step::Reply(Reply::header(
                    CommandId::ENQUIRE_LINK,
                    CommandStatus::ESME_ROK,
                    seq,
                ))
            }
            Event::Done(done) => {
                local.metrics.publish_ended(1);
                let system_id = bound.as_ref().map_or("", |b| &*b.system_id);
                Step::Reply(response_for(
                    &server,
                    &mut local.metrics,
                    (&session_id, system_id),
                    clock.instant().into_std(),
                    done,
                ))
            }
            Event::Receipt(receipt) => {
                let seq = take_seq(&mut next_seq);
                let version = bound.as_ref().map_or(0x34, |b| b.version);
                match receipt_pdu(&receipt, seq, version) {
                    Some(bytes) => {
                        local.metrics.shared().receipt("sent").inc();
                        unanswered.push_back((
                            seq,
                            Instant::now() + config.response_timeout(),
                            receipt,
                        ));
                        Step::Reply(Reply::Encoded(bytes))
                    }
                    None => Step::Nothing,
                }
            }
            Event::Flushed(ok) => {
                unflushed = false;
                if !ok {
                    break;
                }
                Step::Nothing
            }
            Event::Frame(frame) => {
                if let Some(Ok(frame)) = &frame
                    && let Ok(h) = Header::decode(frame)
                {
                    local.metrics.pdu_in(h.command_id, h.command_status);
                }
                match frame {
                    None => {
                        debug!("peer closed");
                        break;
                    }
                    Some(Err(
                        FrameError::TooShort {
                            sequence_number, ..
                        }
                        | FrameError::TooLong {
                            sequence_number, ..
                        },
                    )) => {
                        warn!("bad command_length: answering generic_nack and closing");
                        Step::ReplyAndClose(Reply::header(
                            CommandId::GENERIC_NACK,
                            CommandStatus::ESME_RINVCMDLEN,
                            sequence_number.unwrap_or(0),
                        ))
                    }
                    Some(Err(e)) => {
                        debug!(error = %e, "connection ended");
                        break;
                    }
                    Some(Ok(frame)) if unbinding.is_some() => {
                        match Header::decode(&frame) {
                            Ok(h) if h.command_id == CommandId::UNBIND_RESP => {
                                // Close once what is in flight is answered; the
                                // deadline still bounds the wait.
                                unbind_acked = true;
                                Step::Nothing
                            }
                            Ok(h) if h.command_id.expects_response() => Step::Reply(Reply::header(
                                h.command_id.response(),
                                CommandStatus::ESME_RINVBNDSTS,
                                h.sequence_number,
                            )),
                            _ => Step::Nothing,
                        }
                    }
                    Some(Ok(frame)) if is_deliver_sm_resp(&frame) => {
                        // The carrier's answer to a receipt: matched by sequence
                        // number; an unknown one is ignored.
                        if let Ok(h) = Header::decode(&frame) {
                            let before = unanswered.len();
                            unanswered.retain(|(seq, _, _)| *seq != h.sequence_number);
                            if !h.command_status.is_ok() && unanswered.len() < before {
                                local.metrics.shared().receipt("refused").inc();
                                debug!(status = %h.command_status, "receipt refused by the carrier");
                            }
                        }
                        Step::Nothing
                    }
                    Some(Ok(frame)) if is_bind(&frame) => {
                        idle_deadline = Instant::now() + config.enquire_link();
                        if idle_deadline < idle.deadline() {
                            idle.as_mut().reset(idle_deadline);
                        }
                        clock
                            .awaiting(bind_frame(&server, peer, &frame, &mut bound))
                            .await
                    }
                    Some(Ok(frame)) => {
                        // The burst's clock: the idle deadline and the
                        // message's receive time (its publish latency starts
                        // there).
                        let now = clock.instant();
                        idle_deadline = now + config.enquire_link();
                        if idle_deadline < idle.deadline() {
                            idle.as_mut().reset(idle_deadline);
                        }
                        let context = Received {
                            now: now.into_std(),
                            wall: clock.wall(),
                            in_flight: inflight.len(),
                        };
                        handle(
                            &server,
                            &mut local,
                            &session_id,
                            &frame,
                            &mut bound,
                            context,
                            &mut awaiting_enquire,
                        )
                    }
                }
            }
        };
        match step {
            Step::Reply(reply) => {
                local.metrics.pdu_out(&reply);
                if clock.awaiting(writer.feed(reply)).await.is_err() {
                    break;
                }
                unflushed = true;
            }
            Step::ReplyAndClose(reply) => {
                local.metrics.pdu_out(&reply);
                let _ = writer.send(reply).await;
                unflushed = false;
                break;
            }
            Step::Publish(future) => {
                local.metrics.publish_started();
                inflight.push(future);
            }
            Step::Nothing => {}
        }
        if unbind_acked && inflight.is_empty() {
            break;
        }
        if registered.is_none()
            && let Some(b) = &bound
            && b.bind_type != BindType::Transmitter
        {
            let (tx, rx) = tokio::sync::mpsc::channel(256);
            let account = b.guard.account().config.system_id.clone();
            server.receipts.register(&account, &session_id, tx);
            receipts_rx = Some(rx);
            registered = Some(account);
        }
    }
    // What was answered but not yet written goes out (bounded: a peer that
    // stopped reading does not hold the session).
    if unflushed {
        let _ = tokio::time::timeout(
            config.response_timeout(),
            SinkExt::<Reply>::flush(&mut writer),
        )
        .await;
    }
    // Requests the session stops waiting for (the connection is gone).

    local.metrics.publish_ended(inflight.len());
    if let Some(account) = registered {
        server.receipts.unregister(&account, &session_id);
        // Receipts sent but never answered go to another session.
        for (_, _, receipt) in unanswered {
            server.receipts.deliver(&account, "", receipt);
        }
        // Receipts handed to this session but not sent go to another.
        if let Some(mut rx) = receipts_rx {
            rx.close();
            while let Ok(receipt) = rx.try_recv() {
                server.receipts.deliver(&account, "", receipt);
            }
        }
    }
}

/// The next receipt for a session that takes them.
async fn recv_receipt(rx: &mut Option<tokio::sync::mpsc::Receiver<Receipt>>) -> Option<Receipt> {
    match rx {
        Some(rx) => rx.recv().await,
        None => std::future::pending().await,
    }
}

/// The response to a request the broker has answered.
fn response_for(
    server: &Server,
    metrics: &mut SessionMetrics,
    (session_id, system_id): (&str, &str),
    now: std::time::Instant,
    mut done: Completed,
) -> Reply {
    let status = match &done.result {
        Ok(_) => {
            metrics.published(
                now.saturating_duration_since(done.answer.received)
                    .as_secs_f64(),
            );
            if let Some(receipt) = done.answer.receipt.take() {
                let (account, receipt) = *receipt;
                server.receipts.deliver(&account, session_id, receipt);
            }
            CommandStatus::ESME_ROK
        }
        Err(e) => {
            debug!(error = %e, class = e.as_label(), "publish failed");
            server
                .metrics
                .publish_errors
                .with_label_values(&[e.as_label()])
                .inc();
            if matches!(e, PublishError::Backpressure) {
                server
                    .metrics
                    .throttled
                    .with_label_values(&[system_id, "backpressure"])
                    .inc();
            }
            status::for_publish_error(e, done.answer.command, &server.config)
        }
    };
    let answer = done.answer;
    if status.is_ok() {
        Reply::MessageId {
            command: answer.command.response(),
            sequence_number: answer.sequence_number,
            message_id: answer.message_id,
        }
    } else {
        Reply::header(answer.command.response(), status, answer.sequence_number)
    }
}

/// The message_id an `ESME_ROK` answer to `command` carries: inlet's
/// for submit_sm and data_sm, none for deliver_sm.
fn answered_id(command: CommandId, message_id: &CompactString) -> CompactString {
    if command == CommandId::DELIVER_SM {
        CompactString::default()
    } else {
        message_id.clone()
    }
}

/// submit_sm_resp / data_sm_resp with inlet's message_id, deliver_sm_resp
/// with an empty one.
fn ok_response(command: CommandId, sequence_number: u32, message_id: &CompactString) -> Reply {
    Reply::MessageId {
        command: command.response(),
        sequence_number,
        message_id: answered_id(command, message_id),
    }
}

/// The next sequence number of a PDU inlet sends, advancing the session's
/// counter (1 to 0x7FFF_FFFF, then round again).
fn take_seq(next: &mut u32) -> u32 {
    let seq = *next;
    *next = if seq >= 0x7FFF_FFFF { 1 } else { seq + 1 };
    seq
}

/// What a session counts and draws on by itself, so that it touches the
/// state all sessions share once a batch rather than once a message: its
/// metrics tally and its block of message ids.
struct Local<'s> {
    metrics: SessionMetrics,
    ids: SessionIds<'s>,
}

/// What woke a session.
enum Event {
    /// The daemon is shutting down.
    Cancelled,
    /// The idle timer fired (maybe early: frames move its deadline).
    Idle,
    /// The broker answered a publish.
    Done(Completed),
    /// A receipt to send to this session.
    Receipt(Receipt),
    /// A frame from the peer, an error, or the end of the connection.
    Frame(Option<Result<bytes::Bytes, FrameError>>),
    /// Buffered responses were written (or the write failed).
    Flushed(bool),
}

/// Events taken in a row without a turn of `select!`.
const QUICK_TURNS: u32 = 32;

/// An answer from the broker or a frame already read, if one is ready now
/// (polled once, never waiting). Under load most events are ready at once,
/// and a turn of `select!` polls the shutdown token, the timers and every
/// stream again for each; taking up to [`QUICK_TURNS`] of them this way in
/// a row, then one turn of `select!`, keeps the timers, shutdown and the
/// flush coming round. Polling with a no-op waker is safe here: the next
/// turn of `select!` polls both again with the session's own waker.
fn ready_now<'s, R>(
    inflight: &mut FuturesUnordered<InFlight<'s>>,
    reader: &mut FramedRead<R, FrameCodec>,
) -> Option<Event>
where
    R: AsyncRead + Unpin,
{
    if !inflight.is_empty()
        && let Some(Some(done)) = inflight.next().now_or_never()
    {
        return Some(Event::Done(done));
    }
    reader.next().now_or_never().map(Event::Frame)
}

/// When a frame arrived (the burst's clocks, see [`BurstClock`]), and how
/// many requests of its session were then awaiting their publish.
#[derive(Clone, Copy)]
struct Received {
    now: std::time::Instant,
    wall: Timestamp,
    in_flight: usize,
}

/// Handles one received frame.
fn handle<'s>(
    server: &'s Server,
    local: &mut Local<'s>,
    session_id: &Arc<str>,
    frame: &[u8],
    bound: &mut Option<Bound>,
    received: Received,
    awaiting_enquire: &mut Option<u32>,
) -> Step<'s> {
    // The codec guarantees 16 octets.
    let Ok(header) = Header::decode(frame) else {
        return Step::Nothing;
    };
    let pdu = match Pdu::decode(frame) {
        Ok(pdu) => pdu,
        Err(e) => return refuse(&header, e),
    };
    let seq = pdu.sequence_number;
    match &pdu.body {
        Body::EnquireLink => Step::Reply(Reply::header(
            CommandId::ENQUIRE_LINK_RESP,
            CommandStatus::ESME_ROK,
            seq,
        )),
        Body::Unbind => {
            info!("peer unbound");
            Step::ReplyAndClose(Reply::header(
                CommandId::UNBIND_RESP,
                CommandStatus::ESME_ROK,
                seq,
            ))
        }
        Body::EnquireLinkResp => {
            if *awaiting_enquire == Some(seq) {
                *awaiting_enquire = None;
            }
            Step::Nothing
        }
        Body::SubmitSm(_) | Body::DeliverSm(_) | Body::DataSm(_) => {
            let Some(b) = bound.as_ref() else {
                return Step::Reply(Reply::header(
                    pdu.command_id().response(),
                    CommandStatus::ESME_RINVBNDSTS,
                    seq,
                ));
            };
            message(server, local, session_id, &pdu, b, received)
        }
        Body::AlertNotification(_) | Body::Outbind(_) => Step::Nothing,
        body if body.command_id().is_response() => Step::Nothing,
        body => {
            let command = body.command_id();
            if bound.is_none() {
                return Step::Reply(Reply::header(
                    command.response(),
                    CommandStatus::ESME_RINVBNDSTS,
                    seq,
                ));
            }
            Step::Reply(Reply::header(
                command.response(),
                status::for_unserved(command),
                seq,
            ))
        }
    }
}

/// Whether a frame is a deliver_sm_resp (the answer to a receipt).
fn is_deliver_sm_resp(frame: &[u8]) -> bool {
    Header::decode(frame).is_ok_and(|h| h.command_id == CommandId::DELIVER_SM_RESP)
}

/// Whether a frame is a bind request (handled apart: checking a password
/// may wait for the hashing pool).
fn is_bind(frame: &[u8]) -> bool {
    Header::decode(frame).is_ok_and(|h| {
        matches!(
            h.command_id,
            CommandId::BIND_TRANSMITTER | CommandId::BIND_RECEIVER | CommandId::BIND_TRANSCEIVER
        )
    })
}

/// Handles a bind request frame.
async fn bind_frame(
    server: &Server,
    peer: SocketAddr,
    frame: &[u8],
    bound: &mut Option<Bound>,
) -> Step<'static> {
    let Ok(header) = Header::decode(frame) else {
        return Step::Nothing;
    };
    let pdu = match Pdu::decode(frame) {
        Ok(pdu) => pdu,
        Err(e) => return refuse(&header, e),
    };
    let seq = pdu.sequence_number;
    match &pdu.body {
        Body::BindTransmitter(b) => {
            bind(
                server,
                peer,
                seq,
                b,
                BindType::Transmitter,
                CommandId::BIND_TRANSMITTER_RESP,
                bound,
            )
            .await
        }
        Body::BindReceiver(b) => {
            bind(
                server,
                peer,
                seq,
                b,
                BindType::Receiver,
                CommandId::BIND_RECEIVER_RESP,
                bound,
            )
            .await
        }
        Body::BindTransceiver(b) => {
            bind(
                server,
                peer,
                seq,
                b,
                BindType::Transceiver,
                CommandId::BIND_TRANSCEIVER_RESP,
                bound,
            )
            .await
        }
        _ => Step::Nothing,
    }
}

/// The answer to a PDU that did not decode.
fn refuse(header: &Header, e: DecodeError) -> Step<'static> {
    debug!(error = %e, label = e.as_label(), "undecodable PDU");
    let seq = header.sequence_number;
    match e {
        DecodeError::UnknownCommandId { .. } => Step::Reply(Reply::header(
            CommandId::GENERIC_NACK,
            CommandStatus::ESME_RINVCMDID,
            seq,
        )),
        _ if e.needs_generic_nack() => Step::ReplyAndClose(Reply::header(
            CommandId::GENERIC_NACK,
            e.command_status(),
            seq,
        )),
        _ if header.command_id.expects_response() => Step::Reply(Reply::header(
            header.command_id.response(),
            e.command_status(),
            seq,
        )),
        _ => Step::Nothing,
    }
}

async fn bind(
    server: &Server,
    peer: SocketAddr,
    seq: u32,
    b: &Bind<'_>,
    bind_type: BindType,
    resp: CommandId,
    bound: &mut Option<Bound>,
) -> Step<'static> {
    if bound.is_some() {
        return Step::Reply(Reply::header(resp, CommandStatus::ESME_RALYBND, seq));
    }
    let now = std::time::Instant::now();
    if server.lockout.is_locked(peer.ip(), now) {
        server
            .metrics
            .bind_failures
            .with_label_values(&["locked_out"])
            .inc();
        info!(
            reason = "locked_out",
            bind = bind_type.as_str(),
            "bind refused"
        );
        return Step::ReplyAndClose(Reply::header(resp, CommandStatus::ESME_RBINDFAIL, seq));
    }
    match server
        .accounts
        .bind(b.system_id, b.password, bind_type, peer.ip())
        .await
    {
        Err(refusal) => {
            server.lockout.failed(peer.ip(), now);
            server
                .metrics
                .bind_failures
                .with_label_values(&[refusal.as_label()])
                .inc();
            info!(
                reason = refusal.as_label(),
                bind = bind_type.as_str(),
                "bind refused"
            );
            let status = match refusal {
                crate::BindRefusal::Credentials => CommandStatus(server.config.credentials_status),
                _ => refusal.command_status(),
            };
            Step::ReplyAndClose(Reply::header(resp, status, seq))
        }
        Ok(guard) => {
            server.lockout.succeeded(peer.ip());
            // SMPP 3.3 has no transceiver: served as 3.4 (carriers misreport).
            let version = match b.interface_version {
                v if v < 0x34 && bind_type == BindType::Transceiver => 0x34,
                v if v < 0x34 => 0x33,
                v if v >= 0x50 => 0x50,
                _ => 0x34,
            };
            let span = tracing::Span::current();
            span.record("system_id", guard.account().config.system_id.as_str());
            span.record("bind", bind_type.as_str());
            info!(version, "bound");
            let mut tlvs = TlvBuf::new();
            if version >= 0x34 {
                tlvs.push_u8(TlvTag::SC_INTERFACE_VERSION, version);
            }
            let body = BindResp {
                system_id: server.config.system_id.as_bytes(),
                tlvs: tlvs.as_tlvs(),
            };
            let body = match bind_type {
                BindType::Transmitter => Body::BindTransmitterResp(body),
                BindType::Receiver => Body::BindReceiverResp(body),
                BindType::Transceiver => Body::BindTransceiverResp(body),
            };
            let gauge = server
                .metrics
                .binds
                .with_label_values(&[&guard.account().config.system_id, bind_type.as_str()]);
            *bound = Some(Bound {
                _gauge: Held::new(gauge),
                system_id: Arc::from(guard.account().config.system_id.as_str()),
                guard,
                bind_type,
                version,
            });
            match Pdu::new(seq, body).to_bytes() {
                Ok(bytes) => Step::Reply(Reply::Encoded(bytes)),
                Err(_) => {
                    Step::ReplyAndClose(Reply::header(resp, CommandStatus::ESME_RSYSERR, seq))
                }
            }
        }
    }
}

/// submit_sm, deliver_sm, data_sm on a bound session.
fn message<'s>(
    server: &'s Server,
    local: &mut Local<'s>,
    session_id: &Arc<str>,
    pdu: &Pdu<'_>,
    bound: &Bound,
    Received {
        now: received_at,
        wall: received,
        in_flight,
    }: Received,
) -> Step<'s> {
    let command = pdu.command_id();
    let seq = pdu.sequence_number;
    let account = bound.guard.account();
    let refuse = |status| Step::Reply(Reply::header(command.response(), status, seq));
    if bound.version < 0x34 && command == CommandId::DATA_SM {
        return refuse(CommandStatus::ESME_RINVCMDID);
    }
    let cause = if in_flight >= account.config.window {
        Some("window")
    } else if !account.admit() {
        Some("rate")
    } else {
        None
    };
    if let Some(cause) = cause {
        server
            .metrics
            .throttled
            .with_label_values(&[&account.config.system_id, cause])
            .inc();
        return refuse(CommandStatus::ESME_RTHROTTLED);
    }
    let normalized = match normalize(pdu, &account.policy) {
        Ok(m) => m,
        Err(e) => {
            debug!(error = %e, label = e.as_label(), "refused message");
            return refuse(e.command_status());
        }
    };
    // `received`, the wall-clock time of the message, is its record's
    // `received_at`, the routing instant and its message_id's second.
    // In the account's format; SMPP 3.3 limits message_id to 8 characters.
    let message_id = local
        .ids
        .next_for(&account.config.message_id, bound.version, received.0);
    if command == CommandId::DELIVER_SM && normalized.is_receipt() {
        // The carrier's own receipt: acknowledged, never published.
        server.metrics.receipt("received").inc();
        return Step::Reply(ok_response(command, seq, &message_id));
    }
    let lookup = match Number::new(normalized.to.as_u64()) {
        Some(number) => server
            .routing
            .lookup(number, received, &normalized.from.value),
        None => Lookup::Unrouted(inlet_routing::UnroutedReason::UnknownNumber),
    };
    local.metrics.routed(lookup.as_label());
    if matches!(lookup, Lookup::Unrouted(_)) && account.rejects_unrouted() {
        return refuse(CommandStatus::ESME_RINVDSTADR);
    }
    let origin = Origin {
        system_id: &bound.system_id,
        bind: bound.bind_type,
        session: session_id,
    };
    let receipt = receipt_for(&normalized, &lookup, account, command, &message_id)
        .map(|r| Box::new((account.config.system_id.clone(), r)));
    let answered = answered_id(command, &message_id);
    let item = publication(normalized, &lookup, &origin, message_id, received.0);
    let answer = Answer {
        sequence_number: seq,
        command,
        message_id: answered,
        received: received_at,
        receipt,
    };
    match server.publisher.publish(item).ready() {
        // Known at once (a refusal, or a publisher that keeps nothing):
        // answered now, with no future to keep and poll.
        Ok(result) => Step::Reply(response_for(
            server,
            &mut local.metrics,
            (session_id, &bound.system_id),
            received_at,
            Completed { answer, result },
        )),
        Err(publish) => Step::Publish(InFlight {
            publish,
            answer: Some(answer),
        }),
    }
}

/// The receipt a message asked for (`registered_delivery` bits 0–1: 1 on
/// any outcome, 2 on failure only), when the account sends receipts. A
/// deliver_sm never triggers one.
fn receipt_for(
    m: &inlet_message::normalize::Normalized<'_>,
    lookup: &Lookup,
    account: &crate::accounts::Account,
    command: CommandId,
    message_id: &str,
) -> Option<Receipt> {
    if command == CommandId::DELIVER_SM || !account.config.receipts {
        return None;
    }
    let outcome = match lookup {
        Lookup::Routed(_) => ReceiptOutcome::Delivered,
        Lookup::Unrouted(_) => ReceiptOutcome::Unrouted,
    };
    match (m.registered_delivery & 0x03, outcome) {
        (1, _) | (2, ReceiptOutcome::Unrouted) => {}
        _ => return None,
    }
    let digits = m.to.to_string();
    Some(Receipt {
        message_id: message_id.to_owned(),
        source: (1, 1, digits.trim_start_matches('+').as_bytes().to_vec()),
        dest: (
            m.source_ton_npi.0,
            m.source_ton_npi.1,
            m.from.value.as_bytes().to_vec(),
        ),
        submitted: crate::receipts::now_unix(),
        outcome,
        text: m
            .text
            .text
            .as_deref()
            .unwrap_or("")
            .chars()
            .take(20)
            .collect(),
    })
}

/// The deliver_sm carrying a receipt (esm_class 0x04); TLVs only on 3.4+.
fn receipt_pdu(receipt: &Receipt, sequence_number: u32, version: u8) -> Option<bytes::Bytes> {
    let text = receipt.text(crate::receipts::now_unix());
    let mut tlvs = TlvBuf::new();
    if version >= 0x34 {
        let mut id = receipt.message_id.as_bytes().to_vec();
        id.push(0);
        tlvs.push(TlvTag::RECEIPTED_MESSAGE_ID, &id).ok()?;
        tlvs.push_u8(TlvTag::MESSAGE_STATE, receipt.message_state());
        tlvs.push(TlvTag::NETWORK_ERROR_CODE, &[3, 0, 0]).ok()?;
    }
    let body = Body::DeliverSm(inlet_pdu::DeliverSm {
        source: inlet_pdu::Address::new(receipt.source.0, receipt.source.1, &receipt.source.2),
        dest: inlet_pdu::Address::new(receipt.dest.0, receipt.dest.1, &receipt.dest.2),
        esm_class: 0x04,
        short_message: text.as_bytes(),
        tlvs: tlvs.as_tlvs(),
        ..inlet_pdu::DeliverSm::default()
    });
    Pdu::new(sequence_number, body).to_bytes().ok()
}

#[cfg(test)]
mod tests {
    use inlet_pdu::{Body, CommandId, Pdu, SubmitSmResp};

    use super::*;

    #[test]
    fn message_id_responses_match_the_general_encoder() {
        for (command, id) in [
            (CommandId::SUBMIT_SM, "0123456789abcdef"),
            (CommandId::DATA_SM, "00000042"),
            (CommandId::DELIVER_SM, ""),
        ] {
            let resp = SubmitSmResp {
                message_id: id.as_bytes(),
                ..SubmitSmResp::default()
            };
            let body = match command {
                CommandId::SUBMIT_SM => Body::SubmitSmResp(resp),
                CommandId::DATA_SM => Body::DataSmResp(resp),
                _ => Body::DeliverSmResp(resp),
            };
            let general = Pdu::new(7, body).to_bytes().expect("encodes");
            let inlet_id = CompactString::from(if id.is_empty() { "00000001" } else { id });
            let reply = ok_response(command, 7, &inlet_id);
            assert_eq!(reply.to_bytes(), general, "{command:?}");
            assert_eq!(
                reply.command_status(),
                Some((command.response(), CommandStatus::ESME_ROK))
            );
        }
        for (command, status, seq) in [
            (CommandId::SUBMIT_SM_RESP, CommandStatus::ESME_RTHROTTLED, 9),
            (CommandId::GENERIC_NACK, CommandStatus::ESME_RINVCMDLEN, 0),
            (
                CommandId::ENQUIRE_LINK,
                CommandStatus::ESME_ROK,
                0x7FFF_FFFF,
            ),
        ] {
            let reply = Reply::header(command, status, seq);
            let bytes = reply.to_bytes();
            let h = Header::decode(&bytes).expect("header");
            assert_eq!(
                (
                    bytes.len(),
                    h.command_id,
                    h.command_status,
                    h.sequence_number
                ),
                (16, command, status, seq)
            );
            assert_eq!(reply.command_status(), Some((command, status)));
            let encoded = Reply::Encoded(bytes);
            assert_eq!(encoded.command_status(), Some((command, status)));
        }
    }
}

//! One load generator session: connect and bind, then a writer (this task)
//! that sends submit_sm within the window and at the pace asked, and a
//! reader task that matches responses by sequence number, answers
//! enquire_link and deliver_sm, and counts.
//!
//! The window is a semaphore of W permits: the writer takes one per
//! submit_sm, the reader gives it back when the response with that
//! sequence number arrives. The writer batches what the window and the
//! pace allow into one write.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use bytes::{Bytes, BytesMut};
use futures::StreamExt;
use inlet_pdu::{Address, Bind, Body, CommandId, CommandStatus, FrameCodec, Header, Pdu, SubmitSm};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::sync::{Semaphore, TryAcquireError, mpsc};
use tokio::time::timeout;
use tokio_util::codec::FramedRead;
use tokio_util::sync::CancellationToken;

use super::args::{BindType, Limits};
use super::mix::{Generator, Mix};
use super::report::Tally;

/// What every session shares while sending.
#[derive(Debug)]
pub(crate) struct Shared {
    /// The message mix.
    pub(crate) mix: Mix,
    /// Count, duration and response timeout.
    pub(crate) limits: Limits,
    /// Target submit_sm per second, all sessions together (0: no pacing).
    pub(crate) rate: f64,
    /// Window per session.
    pub(crate) window: u32,
    /// How the sessions are bound.
    pub(crate) bind: BindType,
    /// When sending started (after every bind).
    pub(crate) start: Instant,
    /// submit_sm claimed by the sessions so far (counts against --count).
    pub(crate) claimed: AtomicU64,
    /// submit_sm written, for the progress bar.
    pub(crate) sent: AtomicU64,
    /// Responses read, for the progress bar.
    pub(crate) answered: AtomicU64,
    /// Cancelled on SIGINT: stop sending, drain, unbind.
    pub(crate) stop: CancellationToken,
}

impl Shared {
    /// Claims up to `want` submit_sm: the index of the first and how many
    /// were granted, or `None` when the count is spent.
    fn claim(&self, want: u64) -> Option<(u64, u64)> {
        let Some(count) = self.limits.count else {
            return Some((self.claimed.fetch_add(want, Ordering::Relaxed), want));
        };
        let mut current = self.claimed.load(Ordering::Relaxed);
        loop {
            if current >= count {
                return None;
            }
            let granted = want.min(count - current);
            match self.claimed.compare_exchange_weak(
                current,
                current + granted,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return Some((current, granted)),
                Err(now) => current = now,
            }
        }
    }

    /// When submit_sm number `index` is due at the target rate.
    fn due(&self, index: u64) -> Option<Instant> {
        (self.rate > 0.0).then(|| self.start + Duration::from_secs_f64(index as f64 / self.rate))
    }

    fn deadline(&self) -> Option<Instant> {
        self.limits.duration.map(|d| self.start + d)
    }
}

/// Bind parameters.
#[derive(Debug, Clone)]
pub(crate) struct BindSettings {
    /// Server address (checked loopback).
    pub(crate) addr: SocketAddr,
    /// system_id.
    pub(crate) system_id: String,
    /// password.
    pub(crate) password: String,
    /// Bind type.
    pub(crate) bind: BindType,
    /// Connect and bind_resp timeout.
    pub(crate) timeout: Duration,
}

/// A bound connection, ready to send.
#[derive(Debug)]
pub(crate) struct Bound {
    reader: FramedRead<OwnedReadHalf, FrameCodec>,
    writer: OwnedWriteHalf,
}

/// Connects and binds.
///
/// # Errors
/// Connection problems, no answer within the timeout, a refused bind.
pub(crate) async fn bind(settings: &BindSettings) -> anyhow::Result<Bound> {
    let stream = timeout(settings.timeout, TcpStream::connect(settings.addr))
        .await
        .with_context(|| format!("no connection to {} in time", settings.addr))?
        .with_context(|| format!("cannot connect to {}", settings.addr))?;
    stream.set_nodelay(true)?;
    let (read, mut writer) = stream.into_split();
    let mut reader = FramedRead::new(read, FrameCodec::new());
    let fields = Bind {
        system_id: settings.system_id.as_bytes(),
        password: settings.password.as_bytes(),
        interface_version: 0x34,
        ..Bind::default()
    };
    let body = match settings.bind {
        BindType::Transmitter => Body::BindTransmitter(fields),
        BindType::Transceiver => Body::BindTransceiver(fields),
        BindType::Receiver => Body::BindReceiver(fields),
    };
    writer.write_all(&Pdu::new(1, body).to_bytes()?).await?;
    let wait = async {
        loop {
            let frame = match reader.next().await {
                Some(frame) => frame?,
                None => bail!("the server closed the connection before answering the bind"),
            };
            let pdu = Pdu::decode(&frame).context("undecodable answer to the bind")?;
            match pdu.body {
                Body::BindTransmitterResp(_)
                | Body::BindTransceiverResp(_)
                | Body::BindReceiverResp(_)
                | Body::GenericNack => {
                    if !pdu.command_status.is_ok() {
                        bail!("bind refused: {}", pdu.command_status);
                    }
                    return Ok(());
                }
                Body::EnquireLink => {
                    let resp = Pdu::new(pdu.sequence_number, Body::EnquireLinkResp);
                    writer.write_all(&resp.to_bytes()?).await?;
                }
                _ => {}
            }
        }
    };
    timeout(settings.timeout, wait)
        .await
        .context("no answer to the bind in time")??;
    Ok(Bound { reader, writer })
}

/// What the socket writer task writes.
#[derive(Debug)]
enum Out {
    /// Encoded submit_sm and their sequence numbers: entered as
    /// outstanding, stamped, then written.
    Submits(Bytes, Vec<u32>),
    /// Any other frame (answers, unbind).
    Frame(Bytes),
    /// Shut the write half down and end.
    Close,
}

/// State the sender, the reader and the socket writer of one session
/// share.
#[derive(Debug)]
struct Session {
    /// Unanswered submit_sm: sequence number → when written.
    outstanding: Mutex<HashMap<u32, Instant>>,
    /// The window.
    window: Semaphore,
    /// To the socket writer task: nobody ever waits to queue a frame, so
    /// the reader never stops reading to write an answer.
    out: mpsc::UnboundedSender<Out>,
}

impl Session {
    fn outstanding(&self) -> std::sync::MutexGuard<'_, HashMap<u32, Instant>> {
        self.outstanding
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self, frame: Bytes) {
        let _ = self.out.send(Out::Frame(frame));
    }
}

/// The socket writer: stamps submit_sm as written and writes everything
/// queued, in order, until told to close. A write error closes the window
/// so the sender stops.
async fn write_socket(
    mut writer: OwnedWriteHalf,
    mut queue: mpsc::UnboundedReceiver<Out>,
    session: Arc<Session>,
    shared: Arc<Shared>,
) -> std::io::Result<()> {
    while let Some(out) = queue.recv().await {
        let written = match out {
            Out::Submits(frames, seqs) => {
                let n = seqs.len() as u64;
                let now = Instant::now();
                {
                    let mut outstanding = session.outstanding();
                    for seq in seqs {
                        outstanding.insert(seq, now);
                    }
                }
                shared.sent.fetch_add(n, Ordering::Relaxed);
                writer.write_all(&frames).await
            }
            Out::Frame(frame) => writer.write_all(&frame).await,
            Out::Close => break,
        };
        if let Err(e) = written {
            session.window.close();
            return Err(e);
        }
    }
    writer.shutdown().await
}

/// Runs one bound session to its end: sends its share, waits for the
/// responses (at most the timeout), unbinds. Returns what it counted, and
/// the error that cut it short, if any.
pub(crate) async fn run(
    id: usize,
    bound: Bound,
    shared: Arc<Shared>,
) -> (Tally, Option<anyhow::Error>) {
    let (out, queue) = mpsc::unbounded_channel();
    let session = Arc::new(Session {
        outstanding: Mutex::new(HashMap::with_capacity(shared.window as usize)),
        window: Semaphore::new(shared.window as usize),
        out,
    });
    let done = CancellationToken::new();
    let writer = tokio::spawn(write_socket(
        bound.writer,
        queue,
        Arc::clone(&session),
        Arc::clone(&shared),
    ));
    let mut reader = tokio::spawn(read(
        bound.reader,
        Arc::clone(&session),
        Arc::clone(&shared),
        done.clone(),
    ));
    let mut tally = Tally::new();
    let mut seq = 1u32;
    let mut next_seq = move || {
        seq = if seq >= 0x7FFF_FFFF { 2 } else { seq + 1 };
        seq
    };
    let sending = match shared.bind {
        BindType::Receiver => hold(&shared).await,
        _ => send(id, &session, &shared, &mut tally, &mut next_seq).await,
    };
    let timeout_d = shared.limits.timeout;
    let mut error = sending.as_ref().err().map(|e| anyhow::anyhow!("{e:#}"));
    let stalled = matches!(sending, Ok(Ended::Stalled));
    // Every permit back means every submit_sm was answered.
    let drained = !stalled
        && error.is_none()
        && matches!(
            timeout(timeout_d, session.window.acquire_many(shared.window)).await,
            Ok(Ok(_))
        );
    // A server that left submit_sm unanswered gets a short grace for the
    // unbind: the run has waited its timeout already.
    let unbind_wait = if drained {
        timeout_d
    } else {
        timeout_d.min(Duration::from_secs(1))
    };
    if stalled {
        error = Some(anyhow::anyhow!(
            "session {id}: the window stayed full for {} s; gave up",
            timeout_d.as_secs_f64()
        ));
    }
    // Unbind, and let the reader end on unbind_resp (or the timeout).
    if let Ok(unbind) = Pdu::new(next_seq(), Body::Unbind).to_bytes() {
        session.write(unbind);
    }
    let counted = tokio::select! {
        joined = &mut reader => joined.ok(),
        () = tokio::time::sleep(unbind_wait) => {
            done.cancel();
            (&mut reader).await.ok()
        }
    };
    if done.is_cancelled() {
        error.get_or_insert_with(|| anyhow::anyhow!("session {id}: no unbind_resp in time"));
    }
    if let Some(read) = counted {
        tally.merge(&read);
    }
    // Late answers (during the unbind) still count as answers.
    tally.unanswered = tally.sent.saturating_sub(tally.answered());
    let _ = session.out.send(Out::Close);
    match timeout(unbind_wait, writer).await {
        Ok(Ok(Ok(()))) => {}
        Ok(Ok(Err(e))) => {
            error.get_or_insert_with(|| anyhow::anyhow!("session {id}: write failed: {e}"));
        }
        Ok(Err(_)) | Err(_) => {}
    }
    (tally, error)
}

/// Why sending ended.
enum Ended {
    /// Count spent, duration over, or stopped.
    Done,
    /// The window stayed full for the whole response timeout.
    Stalled,
}

/// A receiver session sends nothing: it holds the bind until the duration
/// is over or the run is stopped.
async fn hold(shared: &Shared) -> anyhow::Result<Ended> {
    if let Some(deadline) = shared.deadline() {
        tokio::select! {
            () = tokio::time::sleep_until(deadline.into()) => {}
            () = shared.stop.cancelled() => {}
        }
    }
    Ok(Ended::Done)
}

/// Queues what is batched for the socket writer.
fn flush(session: &Session, batch: &mut BytesMut, seqs: &mut Vec<u32>) {
    if !batch.is_empty() {
        let frames = batch.split().freeze();
        let _ = session.out.send(Out::Submits(frames, std::mem::take(seqs)));
    }
}

/// Sends this session's share of submit_sm: batches what the window and
/// the pace allow, and hands the batch to the socket writer before
/// waiting for either.
async fn send(
    id: usize,
    session: &Session,
    shared: &Shared,
    tally: &mut Tally,
    next_seq: &mut impl FnMut() -> u32,
) -> anyhow::Result<Ended> {
    let mut generator = Generator::new(id);
    let (ton, npi, from) = &shared.mix.from;
    let source = Address::new(*ton, *npi, from);
    let deadline = shared.deadline();
    let mut batch = BytesMut::with_capacity(shared.window as usize * 128);
    let mut seqs: Vec<u32> = Vec::with_capacity(shared.window as usize);
    let ended = loop {
        if shared.stop.is_cancelled() || deadline.is_some_and(|d| Instant::now() >= d) {
            break Ended::Done;
        }
        let mut message = generator.next(&shared.mix, true);
        let Some((index, granted)) = shared.claim(message.parts.len() as u64) else {
            break Ended::Done;
        };
        if granted < message.parts.len() as u64 {
            message = generator.next(&shared.mix, false);
        }
        let parts = message.parts.len() as u32;
        let due = shared.due(index).filter(|d| *d > Instant::now());
        if let (Some(due), Some(deadline)) = (due, deadline)
            && due >= deadline
        {
            break Ended::Done;
        }
        // A window slot for every part, waiting only when none is free.
        let free = match session.window.try_acquire_many(parts) {
            Ok(permit) => {
                permit.forget();
                true
            }
            Err(TryAcquireError::NoPermits) => false,
            Err(TryAcquireError::Closed) => break Ended::Done,
        };
        if !free || due.is_some() {
            flush(session, &mut batch, &mut seqs);
        }
        if !free {
            tokio::select! {
                acquired = timeout(shared.limits.timeout, session.window.acquire_many(parts)) => {
                    match acquired {
                        Ok(Ok(permit)) => permit.forget(),
                        Ok(Err(_closed)) => break Ended::Done,
                        Err(_elapsed) => break Ended::Stalled,
                    }
                }
                () = shared.stop.cancelled() => break Ended::Done,
            }
        }
        if let Some(due) = due {
            tokio::select! {
                () = tokio::time::sleep_until(due.into()) => {}
                () = shared.stop.cancelled() => {
                    session.window.add_permits(parts as usize);
                    break Ended::Done;
                }
            }
        }
        for part in &message.parts {
            let seq = next_seq();
            let submit = SubmitSm {
                source,
                dest: Address::new(1, 1, &message.dest),
                esm_class: message.esm_class,
                data_coding: message.data_coding,
                registered_delivery: message.registered_delivery,
                short_message: part,
                ..SubmitSm::default()
            };
            Pdu::new(seq, Body::SubmitSm(submit))
                .encode(&mut batch)
                .context("encoding submit_sm")?;
            seqs.push(seq);
            tally.sent += 1;
        }
    };
    flush(session, &mut batch, &mut seqs);
    Ok(ended)
}

/// Reads until unbind_resp, the server's unbind, the end of the
/// connection, or `done`: matches responses, answers requests, counts.
async fn read(
    mut reader: FramedRead<OwnedReadHalf, FrameCodec>,
    session: Arc<Session>,
    shared: Arc<Shared>,
    done: CancellationToken,
) -> Tally {
    let mut tally = Tally::new();
    loop {
        let frame = tokio::select! {
            frame = reader.next() => frame,
            () = done.cancelled() => break,
        };
        let Some(Ok(frame)) = frame else { break };
        let Ok(header) = Header::decode(&frame) else {
            break;
        };
        let seq = header.sequence_number;
        match header.command_id {
            CommandId::SUBMIT_SM_RESP | CommandId::GENERIC_NACK => {
                let written = session.outstanding().remove(&seq);
                let Some(written) = written else { continue };
                let now = Instant::now();
                let micros = now.duration_since(written).as_micros();
                let _ = tally
                    .latency
                    .record(u64::try_from(micros).unwrap_or(u64::MAX).max(1));
                tally.last_response = Some(now.duration_since(shared.start));
                if header.command_status == CommandStatus::ESME_ROK
                    && header.command_id == CommandId::SUBMIT_SM_RESP
                {
                    tally.acked += 1;
                } else {
                    *tally.errors.entry(header.command_status).or_default() += 1;
                }
                shared.answered.fetch_add(1, Ordering::Relaxed);
                session.window.add_permits(1);
            }
            CommandId::ENQUIRE_LINK => {
                if let Ok(resp) = Pdu::new(seq, Body::EnquireLinkResp).to_bytes() {
                    session.write(resp);
                }
            }
            CommandId::DELIVER_SM => {
                if let Ok(pdu) = Pdu::decode(&frame)
                    && let Body::DeliverSm(sm) = pdu.body
                    && sm.esm_class & 0x3C == 0x04
                {
                    tally.receipts += 1;
                }
                let resp = Pdu::new(seq, Body::DeliverSmResp(Default::default()));
                if let Ok(resp) = resp.to_bytes() {
                    session.write(resp);
                }
            }
            CommandId::UNBIND => {
                if let Ok(resp) = Pdu::new(seq, Body::UnbindResp).to_bytes() {
                    session.write(resp);
                }
                break;
            }
            CommandId::UNBIND_RESP => break,
            id if id.expects_response() => {
                let mut nack = Pdu::new(seq, Body::GenericNack);
                nack.command_status = CommandStatus::ESME_RINVCMDID;
                if let Ok(nack) = nack.to_bytes() {
                    session.write(nack);
                }
            }
            _ => {}
        }
    }
    // Nothing more will be answered: wake a writer waiting on the window.
    session.window.close();
    tally
}

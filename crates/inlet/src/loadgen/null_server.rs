//! The null responder (`inlet loadgen --null-server`): an SMPP server that
//! accepts any bind and answers every submit_sm at once with ESME_ROK and a
//! short message_id, reading only the 16-octet header: the ceiling of this
//! machine for the load generator.

use std::io::Write as _;
use std::time::Duration;

use anyhow::Context;
use bytes::{Bytes, BytesMut};
use futures::{FutureExt, StreamExt};
use inlet_pdu::{BindResp, Body, CommandId, CommandStatus, FrameCodec, Header, Pdu, SubmitSmResp};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio_util::codec::FramedRead;
use tokio_util::sync::CancellationToken;

use super::args::{LoadgenArgs, loopback_only};

/// Runs the null responder until SIGINT/SIGTERM or `--max-seconds`.
///
/// # Errors
/// A non-loopback or unusable listen address.
pub(crate) async fn run(args: &LoadgenArgs) -> anyhow::Result<()> {
    let addr = loopback_only("--listen", &args.listen).await?;
    let listener = TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    {
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "null-server listening on {local}")?;
        stdout.flush()?;
    }
    let stop = CancellationToken::new();
    let max = args.max_seconds.map(Duration::from_secs);
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                tokio::spawn(serve(stream, stop.clone()));
            }
            _ = tokio::signal::ctrl_c() => break,
            _ = terminate.recv() => break,
            () = sleep_or_never(max) => break,
        }
    }
    stop.cancel();
    Ok(())
}

async fn sleep_or_never(max: Option<Duration>) {
    match max {
        Some(max) => tokio::time::sleep(max).await,
        None => std::future::pending().await,
    }
}

/// What to do with one frame.
enum Answer {
    /// Nothing (responses from the client).
    None,
    /// Answer and go on.
    Reply,
    /// Answer and close (unbind).
    ReplyAndClose,
}

/// Serves one connection: answers each frame from its header, batching the
/// answers to every frame already read into one write.
async fn serve(stream: TcpStream, stop: CancellationToken) {
    let _ = stream.set_nodelay(true);
    let (read, mut write) = stream.into_split();
    let mut reader = FramedRead::new(read, FrameCodec::new());
    let mut out = BytesMut::with_capacity(4096);
    let mut next_id: u64 = 0;
    loop {
        let first = tokio::select! {
            frame = reader.next() => frame,
            () = stop.cancelled() => break,
        };
        let mut frame = first;
        let mut close = false;
        let mut ended = false;
        // Answer this frame and every one already buffered, then write.
        loop {
            match frame {
                Some(Ok(bytes)) => {
                    if let Answer::ReplyAndClose = answer(&bytes, &mut next_id, &mut out) {
                        close = true;
                        break;
                    }
                }
                None | Some(Err(_)) => {
                    ended = true;
                    break;
                }
            }
            match reader.next().now_or_never() {
                Some(next) => frame = next,
                None => break,
            }
        }
        if !out.is_empty() && write.write_all(&out.split()).await.is_err() {
            break;
        }
        if close || ended {
            break;
        }
    }
    let _ = write.shutdown().await;
}

/// Appends the answer to `frame` to `out`.
fn answer(frame: &Bytes, next_id: &mut u64, out: &mut BytesMut) -> Answer {
    let Ok(header) = Header::decode(frame) else {
        return Answer::None;
    };
    let seq = header.sequence_number;
    let mut id_buf = [0u8; 16];
    let (body, then) = match header.command_id {
        CommandId::SUBMIT_SM | CommandId::DATA_SM => {
            *next_id += 1;
            let id = hex_id(*next_id, &mut id_buf);
            let resp = SubmitSmResp {
                message_id: id,
                ..SubmitSmResp::default()
            };
            let body = if header.command_id == CommandId::SUBMIT_SM {
                Body::SubmitSmResp(resp)
            } else {
                Body::DataSmResp(resp)
            };
            (body, Answer::Reply)
        }
        CommandId::BIND_TRANSMITTER => (Body::BindTransmitterResp(null_bind()), Answer::Reply),
        CommandId::BIND_RECEIVER => (Body::BindReceiverResp(null_bind()), Answer::Reply),
        CommandId::BIND_TRANSCEIVER => (Body::BindTransceiverResp(null_bind()), Answer::Reply),
        CommandId::ENQUIRE_LINK => (Body::EnquireLinkResp, Answer::Reply),
        CommandId::UNBIND => (Body::UnbindResp, Answer::ReplyAndClose),
        id if id.expects_response() => {
            let mut nack = Pdu::new(seq, Body::GenericNack);
            nack.command_status = CommandStatus::ESME_RINVCMDID;
            let _ = nack.encode(out);
            return Answer::Reply;
        }
        _ => return Answer::None,
    };
    let _ = Pdu::new(seq, body).encode(out);
    then
}

fn null_bind() -> BindResp<'static> {
    BindResp {
        system_id: b"null",
        ..BindResp::default()
    }
}

/// `n` in lower-case hex, without leading zeros, in `buf`.
fn hex_id(n: u64, buf: &mut [u8; 16]) -> &[u8] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut i = buf.len();
    let mut n = n;
    loop {
        i -= 1;
        buf[i] = DIGITS[(n & 0xF) as usize];
        n >>= 4;
        if n == 0 {
            break;
        }
    }
    &buf[i..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_from_the_header() {
        let mut out = BytesMut::new();
        let mut next = 0;
        let bind = Pdu::new(1, Body::BindTransceiver(Default::default()))
            .to_bytes()
            .expect("encodes");
        assert!(matches!(answer(&bind, &mut next, &mut out), Answer::Reply));
        let resp = out.split().freeze();
        let pdu = Pdu::decode(&resp).expect("decodes");
        assert_eq!(pdu.command_id(), CommandId::BIND_TRANSCEIVER_RESP);
        // A submit_sm body that would not decode is answered all the same.
        let mut junk = Pdu::new(9, Body::EnquireLink)
            .to_bytes()
            .expect("encodes")
            .to_vec();
        junk[4..8].copy_from_slice(&CommandId::SUBMIT_SM.0.to_be_bytes());
        junk.extend_from_slice(&[0xFF; 3]);
        let len = junk.len() as u32;
        junk[0..4].copy_from_slice(&len.to_be_bytes());
        assert!(matches!(
            answer(&Bytes::from(junk), &mut next, &mut out),
            Answer::Reply
        ));
        let resp = out.split().freeze();
        let pdu = Pdu::decode(&resp).expect("decodes");
        assert_eq!(pdu.sequence_number, 9);
        assert!(pdu.command_status.is_ok());
        match pdu.body {
            Body::SubmitSmResp(r) => assert_eq!(r.message_id, b"1"),
            other => panic!("{other:?}"),
        }
        assert_eq!(hex_id(0xAB12, &mut [0; 16]), b"ab12");
    }
}

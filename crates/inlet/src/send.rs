//! `inlet send`: an SMPP client for operators, on inlet-pdu. Binds, sends a
//! text (GSM 7-bit when every character has a GSM code, else UCS-2, or as
//! asked), split into a multipart message when long, optionally waits for
//! the receipt, and exits non-zero on any error status.

use std::time::Duration;

use anyhow::{Context, bail};
use bytes::Bytes;
use futures::{SinkExt, StreamExt};
use inlet_message::gsm;
use inlet_pdu::{Address, Bind, Body, FrameCodec, Pdu, SubmitSm};
use tokio::net::TcpStream;
use tokio_util::codec::Framed;

/// What to send.
#[derive(Debug, clap::Args)]
pub(crate) struct SendArgs {
    /// Server address.
    #[arg(long, default_value = "127.0.0.1:2775")]
    pub(crate) server: String,
    /// system_id to bind with.
    #[arg(long, default_value = "demo")]
    pub(crate) system_id: String,
    /// Password to bind with.
    #[arg(long, default_value = "demo")]
    pub(crate) password: String,
    /// Sender: a number, a short code or an alphanumeric name.
    #[arg(long, default_value = "WhatsApp")]
    pub(crate) from: String,
    /// Recipient number (E.164, with or without +).
    #[arg(long)]
    pub(crate) to: String,
    /// The text.
    #[arg(long)]
    pub(crate) text: String,
    /// Alphabet: auto (GSM 7-bit when possible), gsm or ucs2.
    #[arg(long, default_value = "auto")]
    pub(crate) encoding: String,
    /// Ask for a delivery receipt and print it.
    #[arg(long)]
    pub(crate) receipt: bool,
    /// How a long text is split: udh8 (8-bit reference), udh16 (16-bit
    /// reference) or sar (SAR TLVs, no UDH).
    #[arg(long, default_value = "udh8")]
    pub(crate) split: String,
    /// Seconds to wait for each answer.
    #[arg(long, default_value_t = 10)]
    pub(crate) timeout: u64,
}

/// One part to send: its user data, and its SAR (reference, total, seq)
/// when split that way.
type Part = (Vec<u8>, Option<(u16, u8, u8)>);

/// The text as parts and its data_coding: one part when it fits 140
/// octets, else concatenated parts split by `split` (udh8, udh16, sar).
fn segments(
    text: &str,
    encoding: &str,
    reference: u16,
    split: &str,
) -> anyhow::Result<(u8, Vec<Part>)> {
    let header = match split {
        "udh8" => 6usize,
        "udh16" => 7,
        "sar" => 0,
        other => bail!("unknown split {other:?}: use udh8, udh16 or sar"),
    };
    let gsm = match encoding {
        "ucs2" => None,
        "gsm" => Some(
            gsm::encode(text, None, None)
                .context("the text has characters GSM 7-bit cannot carry")?,
        ),
        "auto" => gsm::encode(text, None, None),
        other => bail!("unknown encoding {other:?}: use auto, gsm or ucs2"),
    };
    let (dcs, octets, single, per_part, unit) = match gsm {
        // Unpacked septets, one per octet (the SMPP norm): 160 fit alone.
        Some(septets) => (0u8, septets, 160, 160 - (header * 8).div_ceil(7), 1),
        None => {
            let octets: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
            (8u8, octets, 140, (140 - header) & !1, 2)
        }
    };
    if octets.len() <= single {
        return Ok((dcs, vec![(octets, None)]));
    }
    let parts: Vec<Vec<u8>> = crate::split::chunks(&octets, per_part, unit)
        .into_iter()
        .map(<[u8]>::to_vec)
        .collect();
    let total = u8::try_from(parts.len()).context("text too long for 255 segments")?;
    let [r0, r1] = reference.to_be_bytes();
    let parts = parts
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let seq = i as u8 + 1;
            let mut ud = match split {
                "udh8" => vec![0x05, 0x00, 0x03, r1, total, seq],
                "udh16" => vec![0x06, 0x08, 0x04, r0, r1, total, seq],
                _ => return (part, Some((reference, total, seq))),
            };
            ud.extend(part);
            (ud, None)
        })
        .collect();
    Ok((dcs, parts))
}

async fn answer(
    framed: &mut Framed<TcpStream, FrameCodec>,
    timeout: Duration,
) -> anyhow::Result<Bytes> {
    match tokio::time::timeout(timeout, framed.next()).await {
        Ok(Some(Ok(frame))) => Ok(frame),
        Ok(Some(Err(e))) => bail!("connection error: {e}"),
        Ok(None) => bail!("the server closed the connection"),
        Err(_) => bail!("no answer within {} s", timeout.as_secs()),
    }
}

/// Runs `inlet send`.
///
/// # Errors
/// Connection problems and any error status.
pub(crate) async fn send(args: SendArgs) -> anyhow::Result<()> {
    let timeout = Duration::from_secs(args.timeout.max(1));
    let stream = TcpStream::connect(&args.server)
        .await
        .with_context(|| format!("cannot connect to {}", args.server))?;
    let mut framed = Framed::new(stream, FrameCodec::new());
    let bind = Bind {
        system_id: args.system_id.as_bytes(),
        password: args.password.as_bytes(),
        interface_version: 0x34,
        ..Bind::default()
    };
    framed
        .send(Pdu::new(1, Body::BindTransceiver(bind)).to_bytes()?)
        .await?;
    let resp = answer(&mut framed, timeout).await?;
    let resp = Pdu::decode(&resp)?;
    if !resp.command_status.is_ok() {
        bail!("bind refused: {}", resp.command_status);
    }
    let to = args.to.trim_start_matches('+');
    let from_is_number = args
        .from
        .trim_start_matches('+')
        .bytes()
        .all(|b| b.is_ascii_digit());
    let source = if from_is_number {
        Address::new(1, 1, args.from.trim_start_matches('+').as_bytes())
    } else {
        Address::new(5, 0, args.from.as_bytes())
    };
    let reference = (std::process::id() & 0xFFFF) as u16;
    let (dcs, parts) = segments(&args.text, &args.encoding, reference, &args.split)?;
    let multipart = parts.len() > 1;
    let mut ids = Vec::new();
    let mut receipts_seen = 0usize;
    for (i, (part, sar)) in parts.iter().enumerate() {
        let seq = i as u32 + 2;
        let mut tlvs = inlet_pdu::TlvBuf::new();
        if let Some((reference, total, seq)) = sar {
            tlvs.push_u16(inlet_pdu::TlvTag::SAR_MSG_REF_NUM, *reference)
                .push_u8(inlet_pdu::TlvTag::SAR_TOTAL_SEGMENTS, *total)
                .push_u8(inlet_pdu::TlvTag::SAR_SEGMENT_SEQNUM, *seq);
        }
        let submit = SubmitSm {
            source,
            dest: Address::new(1, 1, to.as_bytes()),
            esm_class: if multipart && sar.is_none() { 0x40 } else { 0 },
            tlvs: tlvs.as_tlvs(),
            data_coding: dcs,
            registered_delivery: u8::from(args.receipt),
            short_message: part,
            ..SubmitSm::default()
        };
        framed
            .send(Pdu::new(seq, Body::SubmitSm(submit)).to_bytes()?)
            .await?;
        loop {
            let frame = answer(&mut framed, timeout).await?;
            let pdu = Pdu::decode(&frame)?;
            match pdu.body {
                Body::SubmitSmResp(r) if pdu.sequence_number == seq => {
                    if !pdu.command_status.is_ok() {
                        bail!("submit_sm refused: {}", pdu.command_status);
                    }
                    let id = String::from_utf8_lossy(r.message_id).into_owned();
                    println!("message_id {id}");
                    ids.push(id);
                    break;
                }
                Body::EnquireLink => {
                    framed
                        .send(Pdu::new(pdu.sequence_number, Body::EnquireLinkResp).to_bytes()?)
                        .await?;
                }
                // A receipt for an earlier part may come before this
                // part's response.
                Body::DeliverSm(sm) => {
                    println!("receipt {}", String::from_utf8_lossy(sm.short_message));
                    let resp =
                        Pdu::new(pdu.sequence_number, Body::DeliverSmResp(Default::default()));
                    framed.send(resp.to_bytes()?).await?;
                    receipts_seen += 1;
                }
                _ => {}
            }
        }
    }
    let mut receipts = if args.receipt {
        ids.len().saturating_sub(receipts_seen)
    } else {
        0
    };
    while receipts > 0 {
        let frame = answer(&mut framed, timeout)
            .await
            .context("waiting for the receipt")?;
        let pdu = Pdu::decode(&frame)?;
        if let Body::DeliverSm(sm) = pdu.body {
            println!("receipt {}", String::from_utf8_lossy(sm.short_message));
            let resp = Pdu::new(pdu.sequence_number, Body::DeliverSmResp(Default::default()));
            framed.send(resp.to_bytes()?).await?;
            receipts -= 1;
        }
    }
    framed
        .send(Pdu::new(0x7FFF_FFFF, Body::Unbind).to_bytes()?)
        .await?;
    let _ = tokio::time::timeout(timeout, framed.next()).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_without_breaking_characters() {
        let (dcs, parts) = segments("hello", "auto", 1, "udh8").expect("fits");
        assert_eq!((dcs, parts.len()), (0, 1));
        let long: String = "€".repeat(100); // 200 septets with escapes
        let (dcs, parts) = segments(&long, "auto", 7, "udh8").expect("splits");
        assert_eq!(dcs, 0);
        assert_eq!(parts.len(), 2);
        assert_ne!(
            parts[0].0.last(),
            Some(&0x1B),
            "an escape stays with its character"
        );
        let emoji: String = "😀".repeat(40); // 160 octets of UCS-2
        let (dcs, parts) = segments(&emoji, "auto", 7, "udh8").expect("splits");
        assert_eq!(dcs, 8);
        assert!(
            parts.iter().all(|p| (p.0.len() - 6) % 4 == 0),
            "pairs stay whole"
        );
        let (_, parts) = segments(&emoji, "auto", 300, "udh16").expect("splits");
        assert_eq!(&parts[0].0[..5], &[0x06, 0x08, 0x04, 0x01, 0x2C]);
        assert!(parts.iter().all(|p| p.0.len() <= 140 && p.1.is_none()));
        let (_, parts) = segments(&emoji, "auto", 300, "sar").expect("splits");
        assert_eq!(parts[1].1, Some((300, 2, 2)));
        assert!(parts.iter().all(|p| p.0.len() <= 140 && p.0.len() % 4 == 0));
        assert!(segments("x", "latin9", 1, "udh8").is_err());
        assert!(segments("x", "auto", 1, "udh32").is_err());
    }
}

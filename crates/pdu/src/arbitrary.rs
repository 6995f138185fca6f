//! Valid PDUs built from raw bytes (feature `arbitrary`), for property
//! tests, fuzz targets and the differential tests against rusmpp.
//!
//! Strings and octet strings borrow the input bytes (cut at the first NUL
//! where the field is a C-octet string); TLV areas and lists, which must be
//! laid out, are built in buffers that live for the call, which is why the
//! PDU is handed to a closure instead of returned.

use arbitrary::{Result, Unstructured};

use crate::{
    Address, AlertNotification, Bind, BindResp, Body, BroadcastSm, CancelBroadcastSm, CancelSm,
    CommandId, CommandStatus, DataSm, DestAddress, DestAddresses, Outbind, Pdu, QueryBroadcastSm,
    QueryBroadcastSmResp, QuerySm, QuerySmResp, ReplaceSm, SubmitMulti, SubmitMultiResp, SubmitSm,
    SubmitSmResp, TlvBuf, TlvTag, UnsuccessSme, UnsuccessSmes,
};

/// Builds a valid PDU from `u` and hands it to `f`.
///
/// # Errors
/// Whatever `Unstructured` returns when it cannot choose.
pub fn with_arbitrary_pdu<'a, R>(
    u: &mut Unstructured<'a>,
    f: impl FnOnce(&Pdu<'_>) -> R,
) -> Result<R> {
    let command_id = *u.choose(CommandId::ALL)?;
    let sequence_number = u.int_in_range(1..=0x7FFF_FFFF)?;
    let command_status = if command_id.is_response() && u.ratio(1, 4)? {
        CommandStatus(u.arbitrary()?)
    } else {
        CommandStatus::ESME_ROK
    };
    let mut tlv_buf = TlvBuf::new();
    let dests = list(u, dest_address)?;
    let smes = list(u, unsuccess_sme)?;
    if has_tlvs(command_id) {
        tlvs(u, &mut tlv_buf)?;
    }
    let tlvs = tlv_buf.as_tlvs();
    let body = match command_id {
        CommandId::BIND_TRANSMITTER => Body::BindTransmitter(bind(u)?),
        CommandId::BIND_RECEIVER => Body::BindReceiver(bind(u)?),
        CommandId::BIND_TRANSCEIVER => Body::BindTransceiver(bind(u)?),
        CommandId::BIND_TRANSMITTER_RESP => Body::BindTransmitterResp(bind_resp(u, tlvs)?),
        CommandId::BIND_RECEIVER_RESP => Body::BindReceiverResp(bind_resp(u, tlvs)?),
        CommandId::BIND_TRANSCEIVER_RESP => Body::BindTransceiverResp(bind_resp(u, tlvs)?),
        CommandId::OUTBIND => Body::Outbind(Outbind {
            system_id: cstr(u, 16)?,
            password: cstr(u, 9)?,
        }),
        CommandId::SUBMIT_SM => Body::SubmitSm(submit_sm(u, tlvs)?),
        CommandId::DELIVER_SM => Body::DeliverSm(submit_sm(u, tlvs)?),
        CommandId::SUBMIT_SM_RESP => Body::SubmitSmResp(message_id_resp(u, tlvs)?),
        CommandId::DELIVER_SM_RESP => Body::DeliverSmResp(message_id_resp(u, tlvs)?),
        CommandId::DATA_SM_RESP => Body::DataSmResp(message_id_resp(u, tlvs)?),
        CommandId::BROADCAST_SM_RESP => Body::BroadcastSmResp(message_id_resp(u, tlvs)?),
        CommandId::DATA_SM => Body::DataSm(DataSm {
            service_type: cstr(u, 6)?,
            source: address(u, 65)?,
            dest: address(u, 65)?,
            esm_class: u.arbitrary()?,
            registered_delivery: u.arbitrary()?,
            data_coding: u.arbitrary()?,
            tlvs,
        }),
        CommandId::SUBMIT_MULTI => Body::SubmitMulti(SubmitMulti {
            service_type: cstr(u, 6)?,
            source: address(u, 21)?,
            dest_addresses: DestAddresses::from_slice(&dests),
            esm_class: u.arbitrary()?,
            protocol_id: u.arbitrary()?,
            priority_flag: u.arbitrary()?,
            schedule_delivery_time: time(u)?,
            validity_period: time(u)?,
            registered_delivery: u.arbitrary()?,
            replace_if_present_flag: u.arbitrary()?,
            data_coding: u.arbitrary()?,
            sm_default_msg_id: u.arbitrary()?,
            short_message: octets(u, 254)?,
            tlvs,
        }),
        CommandId::SUBMIT_MULTI_RESP => Body::SubmitMultiResp(SubmitMultiResp {
            message_id: cstr(u, 65)?,
            unsuccess_smes: UnsuccessSmes::from_slice(&smes),
            tlvs,
        }),
        CommandId::QUERY_SM => Body::QuerySm(QuerySm {
            message_id: cstr(u, 65)?,
            source: address(u, 21)?,
        }),
        CommandId::QUERY_SM_RESP => Body::QuerySmResp(QuerySmResp {
            message_id: cstr(u, 65)?,
            final_date: time(u)?,
            message_state: u.arbitrary()?,
            error_code: u.arbitrary()?,
        }),
        CommandId::CANCEL_SM => Body::CancelSm(CancelSm {
            service_type: cstr(u, 6)?,
            message_id: cstr(u, 65)?,
            source: address(u, 21)?,
            dest: address(u, 21)?,
        }),
        CommandId::REPLACE_SM => Body::ReplaceSm(ReplaceSm {
            message_id: cstr(u, 65)?,
            source: address(u, 21)?,
            schedule_delivery_time: time(u)?,
            validity_period: time(u)?,
            registered_delivery: u.arbitrary()?,
            sm_default_msg_id: u.arbitrary()?,
            short_message: octets(u, 254)?,
            tlvs,
        }),
        CommandId::ALERT_NOTIFICATION => Body::AlertNotification(AlertNotification {
            source: address(u, 65)?,
            esme: address(u, 65)?,
            tlvs,
        }),
        CommandId::BROADCAST_SM => Body::BroadcastSm(BroadcastSm {
            service_type: cstr(u, 6)?,
            source: address(u, 21)?,
            message_id: cstr(u, 65)?,
            priority_flag: u.arbitrary()?,
            schedule_delivery_time: time(u)?,
            validity_period: time(u)?,
            replace_if_present_flag: u.arbitrary()?,
            data_coding: u.arbitrary()?,
            sm_default_msg_id: u.arbitrary()?,
            tlvs,
        }),
        CommandId::QUERY_BROADCAST_SM => Body::QueryBroadcastSm(QueryBroadcastSm {
            message_id: cstr(u, 65)?,
            source: address(u, 21)?,
            tlvs,
        }),
        CommandId::QUERY_BROADCAST_SM_RESP => Body::QueryBroadcastSmResp(QueryBroadcastSmResp {
            message_id: cstr(u, 65)?,
            tlvs,
        }),
        CommandId::CANCEL_BROADCAST_SM => Body::CancelBroadcastSm(CancelBroadcastSm {
            service_type: cstr(u, 6)?,
            message_id: cstr(u, 65)?,
            source: address(u, 21)?,
            tlvs,
        }),
        CommandId::GENERIC_NACK => Body::GenericNack,
        CommandId::UNBIND => Body::Unbind,
        CommandId::UNBIND_RESP => Body::UnbindResp,
        CommandId::ENQUIRE_LINK => Body::EnquireLink,
        CommandId::ENQUIRE_LINK_RESP => Body::EnquireLinkResp,
        CommandId::CANCEL_SM_RESP => Body::CancelSmResp,
        CommandId::REPLACE_SM_RESP => Body::ReplaceSmResp,
        _ => Body::CancelBroadcastSmResp,
    };
    Ok(f(&Pdu {
        command_status,
        sequence_number,
        body,
    }))
}

/// Builds a valid PDU from `u` and returns its encoding.
///
/// # Errors
/// Whatever `Unstructured` returns when it cannot choose.
pub fn arbitrary_frame(u: &mut Unstructured<'_>) -> Result<Vec<u8>> {
    with_arbitrary_pdu(u, |pdu| {
        pdu.to_bytes()
            .map(|b| b.to_vec())
            .map_err(|_| arbitrary::Error::IncorrectFormat)
    })?
}

/// Whether any version of SMPP allows TLVs in this PDU.
pub fn has_tlvs(id: CommandId) -> bool {
    matches!(
        id,
        CommandId::BIND_TRANSMITTER_RESP
            | CommandId::BIND_RECEIVER_RESP
            | CommandId::BIND_TRANSCEIVER_RESP
            | CommandId::SUBMIT_SM
            | CommandId::SUBMIT_SM_RESP
            | CommandId::DELIVER_SM
            | CommandId::DELIVER_SM_RESP
            | CommandId::DATA_SM
            | CommandId::DATA_SM_RESP
            | CommandId::SUBMIT_MULTI
            | CommandId::SUBMIT_MULTI_RESP
            | CommandId::REPLACE_SM
            | CommandId::ALERT_NOTIFICATION
            | CommandId::BROADCAST_SM
            | CommandId::BROADCAST_SM_RESP
            | CommandId::QUERY_BROADCAST_SM
            | CommandId::QUERY_BROADCAST_SM_RESP
            | CommandId::CANCEL_BROADCAST_SM
    )
}

/// A C-octet string of at most `max` octets with its NUL: printable ASCII
/// taken from the input (other octets end it), as the specification asks.
fn cstr<'a>(u: &mut Unstructured<'a>, max: usize) -> Result<&'a [u8]> {
    let len = u.int_in_range(0..=max - 1)?;
    let bytes = u.bytes(len.min(u.len()))?;
    let end = bytes
        .iter()
        .position(|b| !(0x20..0x7F).contains(b))
        .unwrap_or(bytes.len());
    Ok(&bytes[..end])
}

/// Any octets, at most `max`.
fn octets<'a>(u: &mut Unstructured<'a>, max: usize) -> Result<&'a [u8]> {
    let len = u.int_in_range(0..=max)?;
    u.bytes(len.min(u.len()))
}

/// A time field: empty, or one of the two 16-character formats.
fn time<'a>(u: &mut Unstructured<'a>) -> Result<&'a [u8]> {
    Ok(u.choose(&[
        &b""[..],
        b"260101120000000+",
        b"251231235959104-",
        b"000001000000000R",
    ])?)
}

fn address<'a>(u: &mut Unstructured<'a>, max: usize) -> Result<Address<'a>> {
    Ok(Address {
        ton: u.int_in_range(0..=6)?,
        npi: *u.choose(&[0, 1, 3, 4, 6, 8, 9, 10, 14, 18])?,
        addr: cstr(u, max)?,
    })
}

fn list<'a, T>(
    u: &mut Unstructured<'a>,
    item: fn(&mut Unstructured<'a>) -> Result<T>,
) -> Result<Vec<T>> {
    let n = u.int_in_range(0..=3)?;
    (0..n).map(|_| item(u)).collect()
}

fn dest_address<'a>(u: &mut Unstructured<'a>) -> Result<DestAddress<'a>> {
    Ok(if u.ratio(3, 4)? {
        DestAddress::SmeAddress(address(u, 21)?)
    } else {
        DestAddress::DistributionList(cstr(u, 21)?)
    })
}

fn unsuccess_sme<'a>(u: &mut Unstructured<'a>) -> Result<UnsuccessSme<'a>> {
    Ok(UnsuccessSme {
        dest: address(u, 21)?,
        error_status_code: u.int_in_range(0..=0x112)?,
    })
}

fn bind<'a>(u: &mut Unstructured<'a>) -> Result<Bind<'a>> {
    Ok(Bind {
        system_id: cstr(u, 16)?,
        password: cstr(u, 9)?,
        system_type: cstr(u, 13)?,
        interface_version: *u.choose(&[0x33, 0x34, 0x50])?,
        addr_ton: u.int_in_range(0..=6)?,
        addr_npi: *u.choose(&[0, 1, 3, 4, 6, 8, 9, 10, 14, 18])?,
        address_range: cstr(u, 41)?,
    })
}

fn bind_resp<'a, 'b>(u: &mut Unstructured<'a>, tlvs: crate::Tlvs<'b>) -> Result<BindResp<'b>>
where
    'a: 'b,
{
    Ok(BindResp {
        system_id: cstr(u, 16)?,
        tlvs,
    })
}

fn message_id_resp<'a, 'b>(
    u: &mut Unstructured<'a>,
    tlvs: crate::Tlvs<'b>,
) -> Result<SubmitSmResp<'b>>
where
    'a: 'b,
{
    Ok(SubmitSmResp {
        message_id: cstr(u, 65)?,
        tlvs,
    })
}

fn submit_sm<'a, 'b>(u: &mut Unstructured<'a>, tlvs: crate::Tlvs<'b>) -> Result<SubmitSm<'b>>
where
    'a: 'b,
{
    Ok(SubmitSm {
        service_type: cstr(u, 6)?,
        source: address(u, 21)?,
        dest: address(u, 21)?,
        esm_class: u.arbitrary()?,
        protocol_id: u.arbitrary()?,
        priority_flag: u.int_in_range(0..=3)?,
        schedule_delivery_time: time(u)?,
        validity_period: time(u)?,
        registered_delivery: u.arbitrary()?,
        replace_if_present_flag: u.int_in_range(0..=1)?,
        data_coding: u.arbitrary()?,
        sm_default_msg_id: u.arbitrary()?,
        short_message: octets(u, 254)?,
        tlvs,
    })
}

/// Up to four TLVs: the ones inlet reads, with legal lengths, and unknown
/// (vendor) tags with any value.
fn tlvs(u: &mut Unstructured<'_>, buf: &mut TlvBuf) -> Result<()> {
    const ONE_OCTET: &[TlvTag] = &[
        TlvTag::SAR_TOTAL_SEGMENTS,
        TlvTag::SAR_SEGMENT_SEQNUM,
        TlvTag::SC_INTERFACE_VERSION,
        TlvTag::LANGUAGE_INDICATOR,
        TlvTag::MS_MSG_WAIT_FACILITIES,
        TlvTag::MESSAGE_STATE,
        TlvTag::PAYLOAD_TYPE,
        TlvTag::MORE_MESSAGES_TO_SEND,
        TlvTag::PRIVACY_INDICATOR,
    ];
    const TWO_OCTETS: &[TlvTag] = &[
        TlvTag::SAR_MSG_REF_NUM,
        TlvTag::USER_MESSAGE_REFERENCE,
        TlvTag::SOURCE_PORT,
        TlvTag::DESTINATION_PORT,
    ];
    let n = u.int_in_range(0..=4)?;
    let err = |_| arbitrary::Error::IncorrectFormat;
    for _ in 0..n {
        match u.int_in_range(0..=5)? {
            0 => {
                buf.push_u8(*u.choose(ONE_OCTET)?, u.arbitrary()?);
            }
            1 => {
                buf.push_u16(*u.choose(TWO_OCTETS)?, u.arbitrary()?);
            }
            2 => {
                let value = octets(u, 300)?;
                buf.push(TlvTag::MESSAGE_PAYLOAD, value).map_err(err)?;
            }
            3 => {
                let mut id = cstr(u, 65)?.to_vec();
                id.push(0);
                buf.push(TlvTag::RECEIPTED_MESSAGE_ID, &id).map_err(err)?;
            }
            4 => {
                let value: [u8; 3] = u.arbitrary()?;
                buf.push(TlvTag::NETWORK_ERROR_CODE, &value).map_err(err)?;
            }
            _ => {
                // Vendor-specific range (SMPP 3.4 §5.3.2: 0x1400–0x3FFF).
                let tag = TlvTag(u.int_in_range(0x1400..=0x3FFF)?);
                let value = octets(u, 16)?;
                buf.push(tag, value).map_err(err)?;
            }
        }
    }
    Ok(())
}

/// `len` pseudo-random octets from `seed` (splitmix64): a reproducible
/// source for [`with_arbitrary_pdu`] in tests that want fixed corpora.
pub fn seeded_bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        out.extend_from_slice(&(z ^ (z >> 31)).to_le_bytes());
    }
    out.truncate(len);
    out
}

/// A reproducible corpus of `per_command` encoded frames of every command
/// SMPP defines, in [`CommandId::ALL`] order.
pub fn corpus(per_command: usize) -> Vec<Vec<u8>> {
    let mut by_command: Vec<Vec<Vec<u8>>> = vec![Vec::new(); CommandId::ALL.len()];
    let mut seed = 0;
    while by_command.iter().any(|f| f.len() < per_command) {
        let bytes = seeded_bytes(seed, 1024);
        seed += 1;
        let mut u = Unstructured::new(&bytes);
        let Ok(Ok((id, frame))) = with_arbitrary_pdu(&mut u, |pdu| {
            pdu.to_bytes().map(|b| (pdu.command_id(), b.to_vec()))
        }) else {
            continue;
        };
        if let Some(slot) = CommandId::ALL.iter().position(|c| *c == id)
            && by_command[slot].len() < per_command
        {
            by_command[slot].push(frame);
        }
    }
    by_command.concat()
}

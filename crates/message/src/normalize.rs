//! From a decoded PDU to a normalized message: the one call a session makes
//! for every submit_sm, deliver_sm and data_sm that carries a message.

use inlet_pdu::{Body, CommandId, CommandStatus, Pdu, Tlvs};

use crate::address::{
    AddressError, Country, E164, Sender, normalize_destination, normalize_sender,
};
use crate::multipart::{ContentField, Detection, detect};
use crate::otp::{self, Otp};
use crate::text::{Decoded, TextPolicy, classify, decode_split};
use crate::udh::{self, UdhError};

/// What an account says about the messages it sends.
#[derive(Clone, Debug)]
pub struct Policy {
    /// Country of national numbers (`default_country`).
    pub country: Country,
    /// Alphabet of `data_coding` 0 and GSM 7-bit packing.
    pub text: TextPolicy,
}

/// A message, normalized. Borrows the PDU's frame.
#[derive(Clone, Debug)]
pub struct Normalized<'a> {
    /// `submit_sm`, `deliver_sm` or `data_sm`.
    pub command: CommandId,
    /// The sender (never refused: malformed senders are `unknown`).
    pub from: Sender,
    /// The recipient.
    pub to: E164,
    /// The decoded text (one segment's, for a segment of a multipart
    /// message: the reassembler decodes the joined segments).
    pub text: Decoded<'a>,
    /// Single-part, or one segment of a multipart message.
    pub multipart: Detection,
    /// Where the content came from.
    pub content_field: ContentField,
    /// `esm_class`.
    pub esm_class: u8,
    /// `data_coding`.
    pub data_coding: u8,
    /// `protocol_id` (data_sm has none).
    pub protocol_id: Option<u8>,
    /// `registered_delivery`: the carrier asks for a receipt.
    pub registered_delivery: u8,
    /// Source TON and NPI.
    pub source_ton_npi: (u8, u8),
    /// Destination TON and NPI.
    pub dest_ton_npi: (u8, u8),
    /// The PDU's TLVs.
    pub tlvs: Tlvs<'a>,
}

impl Normalized<'_> {
    /// Whether `esm_class` marks the message as a delivery receipt or
    /// another acknowledgement rather than text from a user (SMPP 3.4
    /// §5.2.12, bits 2–5).
    pub fn is_receipt(&self) -> bool {
        self.esm_class & 0x3C != 0
    }

    /// The verification code in the text, for a single-part message.
    pub fn otp(&self) -> Option<Otp> {
        match self.multipart {
            Detection::Segment(_) => None,
            _ => self.text.text.as_deref().and_then(otp::extract),
        }
    }

    /// The TLV tags present, in wire order (for the record's `smpp`).
    pub fn tlv_tags(&self) -> Vec<u16> {
        self.tlvs.iter().map(|t| t.tag.0).collect()
    }
}

/// Why a message cannot be normalized. Each maps to the status the carrier
/// is answered with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NormalizeError {
    /// The PDU carries no message (not submit_sm, deliver_sm or data_sm).
    #[error("{0} carries no message")]
    NotAMessage(CommandId),
    /// The destination is not a valid E.164 number.
    #[error("destination: {0}")]
    Destination(#[from] AddressError),
    /// The user data header is malformed.
    #[error("user data header: {0}")]
    Udh(#[from] UdhError),
}

impl NormalizeError {
    /// The status to answer with.
    pub fn command_status(&self) -> CommandStatus {
        match self {
            NormalizeError::NotAMessage(_) => CommandStatus::ESME_RINVCMDID,
            NormalizeError::Destination(e) => e.command_status(),
            NormalizeError::Udh(e) => e.command_status(),
        }
    }

    /// A fixed label for metrics.
    pub fn as_label(&self) -> &'static str {
        match self {
            NormalizeError::NotAMessage(_) => "not_a_message",
            NormalizeError::Destination(_) => "invalid_destination",
            NormalizeError::Udh(_) => "invalid_udh",
        }
    }
}

/// Normalizes the message a PDU carries.
///
/// The content is `short_message`, or the `message_payload` TLV when
/// `short_message` is empty or the PDU is a data_sm. When both are present
/// (SMPP 3.4 §5.3.2.32 forbids it) `message_payload` wins and
/// `short_message` is ignored: refusing would bounce a message the carrier
/// will resend identically.
///
/// # Errors
/// A [`NormalizeError`]: an invalid destination or user data header. An
/// undecodable text is never an error (it is `lossy`), nor is a malformed
/// sender (it is `unknown`).
pub fn normalize<'a>(pdu: &Pdu<'a>, policy: &Policy) -> Result<Normalized<'a>, NormalizeError> {
    let (
        source,
        dest,
        esm_class,
        data_coding,
        protocol_id,
        registered_delivery,
        short_message,
        tlvs,
    ) = match &pdu.body {
        Body::SubmitSm(sm) | Body::DeliverSm(sm) => (
            sm.source,
            sm.dest,
            sm.esm_class,
            sm.data_coding,
            Some(sm.protocol_id),
            sm.registered_delivery,
            sm.short_message,
            sm.tlvs,
        ),
        Body::DataSm(sm) => (
            sm.source,
            sm.dest,
            sm.esm_class,
            sm.data_coding,
            None,
            sm.registered_delivery,
            &[][..],
            sm.tlvs,
        ),
        _ => return Err(NormalizeError::NotAMessage(pdu.command_id())),
    };
    let to = normalize_destination(dest.ton, dest.npi, dest.addr, &policy.country)?;
    let from = normalize_sender(source.ton, source.npi, source.addr, &policy.country);
    let (content_field, user_data) = match tlvs.message_payload() {
        Some(payload) if short_message.is_empty() || !payload.is_empty() => {
            (ContentField::MessagePayload, payload)
        }
        _ => (ContentField::ShortMessage, short_message),
    };
    let (header, content, _) = udh::split(esm_class, user_data)?;
    let text = decode_split(classify(data_coding, &policy.text), header, content);
    let multipart = detect(header.as_ref(), &tlvs, content_field);
    Ok(Normalized {
        command: pdu.command_id(),
        from,
        to,
        text,
        multipart,
        content_field,
        esm_class,
        data_coding,
        protocol_id,
        registered_delivery,
        source_ton_npi: (source.ton, source.npi),
        dest_ton_npi: (dest.ton, dest.npi),
        tlvs,
    })
}

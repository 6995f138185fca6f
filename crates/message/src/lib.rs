//! # inlet-message
//!
//! Turns what carriers send into one clean record: text decoding (GSM 03.38
//! 7-bit with the national language shift tables of 3GPP TS 23.038, UCS-2
//! with surrogate pairs, the other SMPP charsets), UDH and multipart
//! descriptors, E.164 addresses, OTP codes, the `InboundMessage` record and
//! the publishing contract.
//!
//! # Layout
//! - `gsm/`: the GSM 7-bit alphabet, its extension and national shift
//!   tables, packing and unpacking, septet decoding.
//! - `text/`: `data_coding` classification and text decoding for every
//!   SMPP alphabet.
//! - `udh`: user data headers; `multipart`: segment descriptors and group
//!   keys (UDH or SAR).
//! - `address/`: E.164, short codes and alphanumeric senders.
//! - `otp/`: verification-code extraction.
//! - `record`: the `inbound.v1` record; `fingerprint`: its stable hash;
//!   `assemble`: one record from the segment records of a multipart message.
//! - `publish`: the `Publisher` contract between sessions and Kafka.
//! - `normalize`: a PDU in, a normalized message out: the call sessions make.

pub mod address;
pub mod assemble;
pub mod fingerprint;
pub mod gsm;
pub mod multipart;
pub mod normalize;
pub mod otp;
pub mod publish;
pub mod record;
pub mod text;
pub mod udh;

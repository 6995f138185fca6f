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
//! - `otp`: verification-code extraction.

pub mod gsm;
pub mod otp;

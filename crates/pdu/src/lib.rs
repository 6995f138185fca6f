//! # inlet-pdu
//!
//! SMPP framing, and a zero-copy decoder and an encoder for every PDU of
//! SMPP 3.3, 3.4 and 5.0. It is one of inlet's two hot paths: every message
//! a carrier sends passes through [`FrameCodec`] and [`Pdu::decode`].
//!
//! ```
//! use inlet_pdu::{Body, Pdu};
//! let frame = [0, 0, 0, 16, 0, 0, 0, 0x15, 0, 0, 0, 0, 0, 0, 0, 7];
//! let pdu = Pdu::decode(&frame).unwrap();
//! assert_eq!(pdu.body, Body::EnquireLink);
//! assert_eq!(pdu.sequence_number, 7);
//! ```
//!
//! # How it works
//! - [`FrameCodec`] (a `tokio_util` codec) cuts the stream into frames of
//!   exactly `command_length` octets, refusing a bad length before buffering
//!   the body.
//! - [`Pdu::decode`] parses one frame with complete `nom` parsers into a
//!   [`Pdu`] whose strings, octet strings, TLV area and lists all borrow the
//!   frame: decoding never allocates. C-octet strings are checked against
//!   their field's maximum, `sm_length` against the octets present, and the
//!   TLV area's structure (plus the lengths of the TLVs inlet reads) at
//!   decode time, so the lazy accessors afterwards cannot fail.
//! - Every [`DecodeError`] names the field and the `command_status` to answer
//!   with ([`DecodeError::command_status`]) and a metric label.
//! - [`Pdu::encode`] writes any PDU straight into a `BytesMut`, checking the
//!   same limits.
//!
//! # Layout
//! - `command_id`, `command_status`: the spec's numbers and names.
//! - `header`: the 16-octet header.
//! - `frame`: the framing codec.
//! - `pdu`: [`Pdu`] and [`Body`], decode and encode dispatch.
//! - `body/`: one file per PDU family (`bind`, `submit_sm`, `data_sm`, ...).
//! - `tlv`: [`Tlvs`], [`TlvTag`], typed accessors, [`TlvBuf`].
//! - `list`: counted lists (submit_multi destinations).
//! - `parse`, `write`: the field-level parsers and writer.
//! - `field`, `error`: [`Field`], [`DecodeError`], [`EncodeError`].
//! - `arbitrary` (feature `arbitrary`): valid PDUs from raw bytes, for
//!   property tests, fuzzing and differential tests.
//!
//! # Leniency
//! A gateway that bounces an OTP because a carrier filled an unused field
//! sloppily has failed its customer. inlet is strict where a mistake would
//! corrupt what it reads, and lenient where the specification's rule does
//! not affect inbound traffic:
//! - time fields (`schedule_delivery_time`, `validity_period`,
//!   `final_date`) are checked against their maximum of 17 octets, not for
//!   the exact 16-character format;
//! - TON, NPI, `esm_class`, `data_coding` and the like are kept as octets;
//! - TLVs inlet does not read are kept whatever their length; unknown tags
//!   are kept;
//! - C-octet strings may hold any octet but NUL (the spec says ASCII;
//!   carriers send Latin-1 and UTF-8 sender names, which the message layer
//!   decodes or keeps raw);
//! - a response whose body may be omitted (SMPP 3.4 §4.1.2 and friends:
//!   on error) decodes with an empty body whatever its `command_status`,
//!   since many ESMEs send a header-only deliver_sm_resp with `ESME_ROK`;
//!   an error response with an empty body is encoded header-only, as the
//!   specification asks;
//! - `receipted_message_id` reads the same with or without its NUL.
//!
//! The differences from rusmpp that the differential tests found are listed
//! in `tests/differential.rs`.

mod address;
mod body;
mod command_id;
mod command_status;
mod error;
mod field;
mod frame;
mod header;
mod list;
mod parse;
mod pdu;
mod tlv;
mod write;

#[cfg(feature = "arbitrary")]
pub mod arbitrary;

pub use address::Address;
pub use body::*;
pub use command_id::CommandId;
pub use command_status::CommandStatus;
pub use error::{DecodeError, EncodeError};
pub use field::Field;
pub use frame::{FrameCodec, FrameError};
pub use header::Header;
pub use list::{ListIter, WireItem, WireList};
pub use pdu::{Body, Pdu};
pub use tlv::{NetworkErrorCode, Tlv, TlvBuf, TlvIter, TlvTag, Tlvs};

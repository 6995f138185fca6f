//! Decode and encode errors. Each decode error knows the `command_status` a
//! server answers with and the label it is counted under, so the session
//! layer never invents one.

use crate::{CommandStatus, Field, TlvTag};

/// Why a frame did not decode into a [`crate::Pdu`].
///
/// Returned by [`crate::Pdu::decode`] and [`crate::Header::decode`]. Small and
/// `Copy`: decoding never allocates, not even to fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The frame is shorter than the 16-octet header.
    #[error("frame of {len} octets is shorter than the 16-octet header")]
    FrameTooShort {
        /// Octets in the frame.
        len: usize,
    },
    /// `command_length` does not equal the length of the frame handed over.
    #[error("command_length {command_length} does not match the frame's {frame_len} octets")]
    LengthMismatch {
        /// The header's `command_length`.
        command_length: u32,
        /// Octets in the frame.
        frame_len: usize,
    },
    /// No version of SMPP defines this `command_id`.
    #[error("unknown command_id {command_id:#010x}")]
    UnknownCommandId {
        /// The header's `command_id`.
        command_id: u32,
    },
    /// The body ends inside a fixed-size field.
    #[error("body ends inside {field}")]
    Truncated {
        /// The field the body ended in.
        field: Field,
    },
    /// No NUL within the field's maximum length (which counts the NUL).
    #[error("{field} is longer than its maximum of {max} octets (NUL included)")]
    CStringTooLong {
        /// The C-octet string field.
        field: Field,
        /// The specification's maximum, NUL included.
        max: usize,
    },
    /// The body ends before the C-octet string's NUL.
    #[error("{field} is not NUL-terminated before the end of the body")]
    CStringUnterminated {
        /// The C-octet string field.
        field: Field,
    },
    /// `sm_length` claims more octets than the body holds.
    #[error("sm_length {sm_length} exceeds the {available} octets left in the body")]
    ShortMessageTooLong {
        /// The `sm_length` field.
        sm_length: u8,
        /// Octets left after `sm_length`.
        available: usize,
    },
    /// A field holds a value the specification does not allow and that makes
    /// the rest of the body unreadable (a `dest_flag` other than 1 or 2).
    #[error("{field} has the invalid value {value}")]
    InvalidValue {
        /// The field.
        field: Field,
        /// Its value.
        value: u8,
    },
    /// Fewer than the 4 octets of a TLV header are left at the end of the body.
    #[error("{available} stray octets where a TLV header (4 octets) should start")]
    TlvStream {
        /// Octets left.
        available: usize,
    },
    /// A TLV's length runs past the end of the body.
    #[error("TLV {tag} of length {length} runs past the end of the body ({available} octets left)")]
    TlvTruncated {
        /// The TLV's tag.
        tag: TlvTag,
        /// Its length field.
        length: u16,
        /// Octets left for its value.
        available: usize,
    },
    /// A TLV inlet reads has a length its definition does not allow.
    #[error("TLV {tag} has invalid length {length}")]
    TlvLength {
        /// The TLV's tag.
        tag: TlvTag,
        /// Its length field.
        length: u16,
    },
    /// Octets after the mandatory fields of a PDU that carries no TLVs in
    /// any version of SMPP (an `enquire_link` with a body).
    #[error("{extra} unexpected octets after the body of a PDU that takes no TLVs")]
    TrailingOctets {
        /// Octets after the last field.
        extra: usize,
    },
}

impl DecodeError {
    /// The `command_status` a server answers with in the matching response
    /// (or in a `generic_nack` for [`DecodeError::UnknownCommandId`] and the
    /// length errors).
    pub const fn command_status(self) -> CommandStatus {
        match self {
            DecodeError::FrameTooShort { .. }
            | DecodeError::LengthMismatch { .. }
            | DecodeError::TrailingOctets { .. } => CommandStatus::ESME_RINVCMDLEN,
            DecodeError::UnknownCommandId { .. } => CommandStatus::ESME_RINVCMDID,
            DecodeError::Truncated { .. } | DecodeError::ShortMessageTooLong { .. } => {
                CommandStatus::ESME_RINVMSGLEN
            }
            DecodeError::CStringTooLong { field, .. }
            | DecodeError::CStringUnterminated { field }
            | DecodeError::InvalidValue { field, .. } => field.status(),
            DecodeError::TlvStream { .. } => CommandStatus::ESME_RINVTLVSTREAM,
            DecodeError::TlvTruncated { .. } | DecodeError::TlvLength { .. } => {
                CommandStatus::ESME_RINVTLVLEN
            }
        }
    }

    /// A fixed label for metrics (`inlet_decode_errors_total{reason=...}`).
    pub const fn as_label(self) -> &'static str {
        match self {
            DecodeError::FrameTooShort { .. } => "frame_too_short",
            DecodeError::LengthMismatch { .. } => "length_mismatch",
            DecodeError::UnknownCommandId { .. } => "unknown_command_id",
            DecodeError::Truncated { .. } => "truncated",
            DecodeError::CStringTooLong { .. } => "cstring_too_long",
            DecodeError::CStringUnterminated { .. } => "cstring_unterminated",
            DecodeError::ShortMessageTooLong { .. } => "sm_length",
            DecodeError::InvalidValue { .. } => "invalid_value",
            DecodeError::TlvStream { .. } => "tlv_stream",
            DecodeError::TlvTruncated { .. } => "tlv_truncated",
            DecodeError::TlvLength { .. } => "tlv_length",
            DecodeError::TrailingOctets { .. } => "trailing_octets",
        }
    }

    /// Whether the peer must be answered with `generic_nack` rather than the
    /// request's own response: the header itself is unusable or names no
    /// command.
    pub const fn needs_generic_nack(self) -> bool {
        matches!(
            self,
            DecodeError::FrameTooShort { .. }
                | DecodeError::LengthMismatch { .. }
                | DecodeError::UnknownCommandId { .. }
        )
    }
}

/// Why a [`crate::Pdu`] could not be encoded. Returned by
/// [`crate::Pdu::encode`]; nothing is left in the buffer when it fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    /// A C-octet string does not fit its field (the maximum counts the NUL).
    #[error("{field} is {len} octets; its maximum is {max} including the NUL")]
    CStringTooLong {
        /// The field.
        field: Field,
        /// Octets given, without NUL.
        len: usize,
        /// The specification's maximum, NUL included.
        max: usize,
    },
    /// A C-octet string contains a NUL octet, which would end it early.
    #[error("{field} contains a NUL octet")]
    NulInCString {
        /// The field.
        field: Field,
    },
    /// An octet string or list is longer than its 1-octet length field allows.
    #[error("{field} has {len} octets or items; at most 255 fit")]
    TooLong {
        /// The field.
        field: Field,
        /// Its length.
        len: usize,
    },
    /// A TLV value is longer than 65535 octets.
    #[error("TLV {tag} value of {len} octets does not fit a 16-bit length")]
    TlvTooLong {
        /// The tag.
        tag: TlvTag,
        /// The value's length.
        len: usize,
    },
    /// The whole PDU is longer than a 32-bit `command_length` can say.
    #[error("PDU of {len} octets is too long")]
    PduTooLong {
        /// The encoded length.
        len: usize,
    },
}

//! The 16-octet PDU header (SMPP 3.4 §3.2).

use bytes::BufMut;

use crate::{CommandId, CommandStatus, DecodeError};

/// The header every PDU starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    /// Length of the whole PDU, header included.
    pub command_length: u32,
    /// What the PDU is.
    pub command_id: CommandId,
    /// Result of a request, in responses; zero in requests.
    pub command_status: CommandStatus,
    /// Pairs a response with its request.
    pub sequence_number: u32,
}

impl Header {
    /// Octets in a header.
    pub const LEN: usize = 16;

    /// Reads the header at the start of `frame`. Used on its own by a
    /// session that must answer a PDU it cannot decode: the header gives the
    /// response's `command_id` and `sequence_number`.
    ///
    /// # Errors
    /// [`DecodeError::FrameTooShort`] when fewer than 16 octets are given.
    pub fn decode(frame: &[u8]) -> Result<Header, DecodeError> {
        let Some((header, _)) = frame.split_first_chunk::<16>() else {
            return Err(DecodeError::FrameTooShort { len: frame.len() });
        };
        let word =
            |i: usize| u32::from_be_bytes([header[i], header[i + 1], header[i + 2], header[i + 3]]);
        Ok(Header {
            command_length: word(0),
            command_id: CommandId(word(4)),
            command_status: CommandStatus(word(8)),
            sequence_number: word(12),
        })
    }

    /// Writes the header.
    pub fn encode(&self, dst: &mut impl BufMut) {
        dst.put_u32(self.command_length);
        dst.put_u32(self.command_id.0);
        dst.put_u32(self.command_status.0);
        dst.put_u32(self.sequence_number);
    }
}

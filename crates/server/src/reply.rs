//! What a session writes back, encoded straight into the connection's
//! write buffer.
//!
//! Nearly every PDU inlet sends is a response of one of two shapes: a
//! bare header (an error, a generic_nack, enquire_link_resp, unbind) or an
//! `ESME_ROK` response whose body is only a message_id (submit_sm_resp,
//! data_sm_resp, deliver_sm_resp). [`Reply`] holds those as their fields
//! and writes their octets where the codec asks, so answering a message
//! allocates nothing (encoding each into its own buffer first was one
//! allocation a message), and the metrics read the command and status
//! from the fields instead of decoding the header just written. Anything
//! else (bind responses, receipts) comes already encoded.

use bytes::{BufMut, Bytes, BytesMut};
use compact_str::CompactString;
use inlet_pdu::{CommandId, CommandStatus, FrameCodec, FrameError, Header};
use tokio_util::codec::Encoder;

/// A PDU for the session to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reply {
    /// A header-only PDU.
    Header {
        command: CommandId,
        status: CommandStatus,
        sequence_number: u32,
    },
    /// An `ESME_ROK` response whose body is only `message_id` (a C-octet
    /// string: inlet's own ids, hex or decimal digits, never a NUL; empty
    /// for deliver_sm_resp).
    MessageId {
        command: CommandId,
        sequence_number: u32,
        message_id: CompactString,
    },
    /// Any other PDU, already encoded.
    Encoded(Bytes),
}

impl Reply {
    /// A header-only PDU.
    pub(crate) fn header(command: CommandId, status: CommandStatus, sequence_number: u32) -> Reply {
        Reply::Header {
            command,
            status,
            sequence_number,
        }
    }

    /// Its command and status, for the metrics (`None` for encoded octets
    /// that do not hold a header).
    pub(crate) fn command_status(&self) -> Option<(CommandId, CommandStatus)> {
        match self {
            Reply::Header {
                command, status, ..
            } => Some((*command, *status)),
            Reply::MessageId { command, .. } => Some((*command, CommandStatus::ESME_ROK)),
            Reply::Encoded(bytes) => Header::decode(bytes)
                .ok()
                .map(|h| (h.command_id, h.command_status)),
        }
    }

    /// Appends the PDU's octets to `dst`.
    pub(crate) fn write_to(&self, dst: &mut BytesMut) {
        match self {
            Reply::Header {
                command,
                status,
                sequence_number,
            } => {
                dst.reserve(16);
                dst.put_u32(16);
                dst.put_u32(command.0);
                dst.put_u32(status.0);
                dst.put_u32(*sequence_number);
            }
            Reply::MessageId {
                command,
                sequence_number,
                message_id,
            } => {
                let len = 16 + message_id.len() + 1;
                dst.reserve(len);
                dst.put_u32(u32::try_from(len).unwrap_or(u32::MAX));
                dst.put_u32(command.0);
                dst.put_u32(CommandStatus::ESME_ROK.0);
                dst.put_u32(*sequence_number);
                dst.put_slice(message_id.as_bytes());
                dst.put_u8(0);
            }
            Reply::Encoded(bytes) => dst.extend_from_slice(bytes),
        }
    }

    /// Its octets on their own (tests, and where a `Bytes` is wanted).
    #[cfg(test)]
    pub(crate) fn to_bytes(&self) -> Bytes {
        let mut b = BytesMut::new();
        self.write_to(&mut b);
        b.freeze()
    }
}

impl Encoder<Reply> for FrameCodec {
    type Error = FrameError;

    fn encode(&mut self, reply: Reply, dst: &mut BytesMut) -> Result<(), FrameError> {
        reply.write_to(dst);
        Ok(())
    }
}

//! Framing: splits a byte stream into whole PDU frames by `command_length`
//! (a `tokio_util` codec), and writes frames and PDUs back.

use std::io;

use bytes::{Buf, Bytes, BytesMut};
use tokio_util::codec::{Decoder, Encoder};

use crate::error::EncodeError;
use crate::{CommandStatus, Header, Pdu};

/// Why the byte stream cannot be split into frames any more. After a
/// length error framing is lost: answer `generic_nack` with
/// [`FrameError::command_status`] and close.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    /// `command_length` is below the 16-octet header.
    #[error("command_length {command_length} is shorter than the 16-octet header")]
    TooShort {
        /// The length read.
        command_length: u32,
        /// The frame's sequence_number, when its header had arrived.
        sequence_number: Option<u32>,
    },
    /// `command_length` exceeds the configured maximum.
    #[error("command_length {command_length} exceeds the maximum of {max}")]
    TooLong {
        /// The length read.
        command_length: u32,
        /// The configured maximum.
        max: u32,
        /// The frame's sequence_number, when its header had arrived.
        sequence_number: Option<u32>,
    },
    /// The stream ended inside a frame.
    #[error("connection closed inside a frame ({buffered} octets buffered)")]
    UnexpectedEof {
        /// Octets of the incomplete frame.
        buffered: usize,
    },
    /// A PDU given to the encoder does not fit the specification's limits.
    #[error(transparent)]
    Encode(#[from] EncodeError),
    /// Reading or writing the stream failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

impl FrameError {
    /// The status of the `generic_nack` a server sends before closing.
    pub const fn command_status(&self) -> CommandStatus {
        match self {
            FrameError::TooShort { .. } | FrameError::TooLong { .. } => {
                CommandStatus::ESME_RINVCMDLEN
            }
            FrameError::UnexpectedEof { .. } | FrameError::Encode(_) | FrameError::Io(_) => {
                CommandStatus::ESME_RSYSERR
            }
        }
    }

    /// A fixed label for metrics.
    pub const fn as_label(&self) -> &'static str {
        match self {
            FrameError::TooShort { .. } => "command_length_too_short",
            FrameError::TooLong { .. } => "command_length_too_long",
            FrameError::UnexpectedEof { .. } => "unexpected_eof",
            FrameError::Encode(_) => "encode",
            FrameError::Io(_) => "io",
        }
    }
}

/// The SMPP framing codec.
///
/// Decoding yields each frame, header included, as one `Bytes` of exactly
/// `command_length` octets, ready for [`Pdu::decode`]. A `command_length`
/// below 16 or above the maximum is rejected as soon as its four octets
/// arrive, before any of the body is buffered; otherwise the buffer reserves
/// what the frame still lacks, so a frame arriving in pieces is not copied
/// again.
#[derive(Clone, Copy, Debug)]
pub struct FrameCodec {
    max_len: u32,
}

impl FrameCodec {
    /// The default maximum `command_length`: 64 KiB, far above any legal
    /// message (`message_payload` is at most 64 KiB only in theory; SMSCs
    /// cap it much lower).
    pub const DEFAULT_MAX_LEN: u32 = 64 * 1024;

    /// A codec with the default maximum.
    pub const fn new() -> Self {
        FrameCodec {
            max_len: Self::DEFAULT_MAX_LEN,
        }
    }

    /// A codec that rejects frames longer than `max_len` octets (never
    /// below 16).
    pub const fn with_max_len(max_len: u32) -> Self {
        FrameCodec {
            max_len: if max_len < 16 { 16 } else { max_len },
        }
    }

    /// The maximum `command_length` accepted.
    pub const fn max_len(&self) -> u32 {
        self.max_len
    }
}

impl Default for FrameCodec {
    fn default() -> Self {
        Self::new()
    }
}

impl Decoder for FrameCodec {
    type Item = Bytes;
    type Error = FrameError;

    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<Bytes>, FrameError> {
        let Some(length) = src.first_chunk::<4>() else {
            src.reserve(Header::LEN);
            return Ok(None);
        };
        let command_length = u32::from_be_bytes(*length);
        let sequence_number = src.get(12..16).map(|mut s| s.get_u32());
        if command_length < Header::LEN as u32 {
            return Err(FrameError::TooShort {
                command_length,
                sequence_number,
            });
        }
        if command_length > self.max_len {
            return Err(FrameError::TooLong {
                command_length,
                max: self.max_len,
                sequence_number,
            });
        }
        let len = command_length as usize;
        if src.len() < len {
            src.reserve(len - src.len());
            return Ok(None);
        }
        Ok(Some(src.split_to(len).freeze()))
    }

    fn decode_eof(&mut self, src: &mut BytesMut) -> Result<Option<Bytes>, FrameError> {
        match self.decode(src)? {
            Some(frame) => Ok(Some(frame)),
            None if src.is_empty() => Ok(None),
            None => Err(FrameError::UnexpectedEof {
                buffered: src.len(),
            }),
        }
    }
}

/// Writes an already encoded frame.
impl Encoder<Bytes> for FrameCodec {
    type Error = FrameError;

    fn encode(&mut self, frame: Bytes, dst: &mut BytesMut) -> Result<(), FrameError> {
        dst.extend_from_slice(&frame);
        Ok(())
    }
}

/// Encodes a PDU straight into the write buffer.
impl Encoder<Pdu<'_>> for FrameCodec {
    type Error = FrameError;

    fn encode(&mut self, pdu: Pdu<'_>, dst: &mut BytesMut) -> Result<(), FrameError> {
        Ok(pdu.encode(dst)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(len: u32, extra: &[u8]) -> BytesMut {
        let mut b = BytesMut::new();
        b.extend_from_slice(&len.to_be_bytes());
        b.extend_from_slice(&0x15u32.to_be_bytes());
        b.extend_from_slice(&0u32.to_be_bytes());
        b.extend_from_slice(&7u32.to_be_bytes());
        b.extend_from_slice(extra);
        b
    }

    #[test]
    fn splits_exact_frames() {
        let mut codec = FrameCodec::new();
        let mut src = frame(16, &[]);
        src.extend_from_slice(&frame(18, &[1, 2]));
        src.extend_from_slice(&[0, 0]);
        assert_eq!(
            codec.decode(&mut src).expect("ok").expect("frame").len(),
            16
        );
        assert_eq!(
            codec.decode(&mut src).expect("ok").expect("frame").len(),
            18
        );
        assert_eq!(codec.decode(&mut src).expect("ok"), None);
        assert_eq!(src.len(), 2);
        assert!(matches!(
            codec.decode_eof(&mut src),
            Err(FrameError::UnexpectedEof { buffered: 2 })
        ));
    }

    #[test]
    fn rejects_lengths_before_the_body_arrives() {
        let mut codec = FrameCodec::with_max_len(1024);
        let mut src = BytesMut::from(&0x0001_0000u32.to_be_bytes()[..]);
        let err = codec.decode(&mut src).expect_err("too long");
        assert!(matches!(
            err,
            FrameError::TooLong {
                command_length: 0x10000,
                max: 1024,
                sequence_number: None
            }
        ));
        assert_eq!(err.command_status(), CommandStatus::ESME_RINVCMDLEN);
        // Nothing beyond the length was reserved for the bogus body.
        assert!(src.capacity() < 1024);

        let mut src = frame(15, &[]);
        assert!(matches!(
            codec.decode(&mut src),
            Err(FrameError::TooShort {
                command_length: 15,
                sequence_number: Some(7)
            })
        ));
    }

    #[test]
    fn reserves_what_is_missing() {
        let mut codec = FrameCodec::new();
        let mut src = frame(1000, &[0; 10]);
        assert_eq!(codec.decode(&mut src).expect("ok"), None);
        assert!(src.capacity() >= 1000);
    }
}

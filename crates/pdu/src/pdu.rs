//! [`Pdu`]: a decoded PDU borrowing its frame, and the [`Body`] of every
//! command SMPP 3.4 and 5.0 define.

use bytes::{Bytes, BytesMut};

use crate::body::{
    AlertNotification, Bind, BindResp, BroadcastSm, BroadcastSmResp, CancelBroadcastSm, CancelSm,
    DataSm, DataSmResp, DeliverSm, DeliverSmResp, Outbind, QueryBroadcastSm, QueryBroadcastSmResp,
    QuerySm, QuerySmResp, ReplaceSm, SubmitMulti, SubmitMultiResp, SubmitSm, SubmitSmResp,
};
use crate::error::EncodeError;
use crate::parse::unwrap_err;
use crate::write::Writer;
use crate::{CommandId, CommandStatus, DecodeError, Header};

/// A PDU: header values and a typed body whose strings borrow the frame.
///
/// `command_id` follows from the body and `command_length` from the
/// encoding, so neither is stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pdu<'a> {
    /// `command_status` (zero in requests).
    pub command_status: CommandStatus,
    /// `sequence_number`.
    pub sequence_number: u32,
    /// The body.
    pub body: Body<'a>,
}

macro_rules! bodies {
    (
        with_fields { $($id:ident => $variant:ident($ty:ty), omittable: $omittable:literal;)* }
        empty { $($eid:ident => $evariant:ident;)* }
    ) => {
        /// The body of a PDU, one variant per command.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Body<'a> {
            $(
                #[doc = concat!("`", stringify!($id), "`")]
                $variant($ty),
            )*
            $(
                #[doc = concat!("`", stringify!($eid), "` (no body)")]
                $evariant,
            )*
        }

        impl<'a> Body<'a> {
            /// The `command_id` of a PDU with this body.
            #[inline]
            pub const fn command_id(&self) -> CommandId {
                match self {
                    $(Body::$variant(_) => CommandId::$id,)*
                    $(Body::$evariant => CommandId::$eid,)*
                }
            }

            /// Parses the octets after the header as the body of `command_id`.
            ///
            /// A response whose body may be omitted decodes as its default
            /// when it is empty: SMPP 3.4 omits it on error (§4.1.2, §4.4.2),
            /// and many ESMEs send a header-only deliver_sm_resp with
            /// `ESME_ROK` too.
            ///
            /// Inlined into [`Pdu::decode`], so the body is built where it is
            /// returned (a copy of the body here was 10% of a decode).
            #[inline(always)]
            fn parse(
                command_id: CommandId,
                i: &'a [u8],
            ) -> Result<Self, DecodeError> {
                match command_id {
                    $(CommandId::$id => {
                        if $omittable && i.is_empty() {
                            return Ok(Body::$variant(Default::default()));
                        }
                        let (rest, body) = <$ty>::parse(i).map_err(unwrap_err)?;
                        no_trailing_octets(rest)?;
                        Ok(Body::$variant(body))
                    })*
                    $(CommandId::$eid => {
                        no_trailing_octets(i)?;
                        Ok(Body::$evariant)
                    })*
                    CommandId(command_id) => Err(DecodeError::UnknownCommandId { command_id }),
                }
            }

            /// Whether the body is left out when encoding: an error response
            /// whose body is empty is sent header-only, as SMPP 3.4 §4.1.2
            /// and §4.4.2 say ("not returned if the command_status field
            /// contains a non-zero value").
            fn is_omitted(&self, command_status: CommandStatus) -> bool {
                match self {
                    $(Body::$variant(body) => {
                        $omittable && !command_status.is_ok() && *body == Default::default()
                    })*
                    $(Body::$evariant => true,)*
                }
            }

            fn write(&self, w: &mut Writer<'_>) {
                match self {
                    $(Body::$variant(body) => body.write(w),)*
                    $(Body::$evariant => {})*
                }
            }
        }
    };
}

bodies! {
    with_fields {
        BIND_TRANSMITTER => BindTransmitter(Bind<'a>), omittable: false;
        BIND_TRANSMITTER_RESP => BindTransmitterResp(BindResp<'a>), omittable: true;
        BIND_RECEIVER => BindReceiver(Bind<'a>), omittable: false;
        BIND_RECEIVER_RESP => BindReceiverResp(BindResp<'a>), omittable: true;
        BIND_TRANSCEIVER => BindTransceiver(Bind<'a>), omittable: false;
        BIND_TRANSCEIVER_RESP => BindTransceiverResp(BindResp<'a>), omittable: true;
        OUTBIND => Outbind(Outbind<'a>), omittable: false;
        SUBMIT_SM => SubmitSm(SubmitSm<'a>), omittable: false;
        SUBMIT_SM_RESP => SubmitSmResp(SubmitSmResp<'a>), omittable: true;
        DELIVER_SM => DeliverSm(DeliverSm<'a>), omittable: false;
        DELIVER_SM_RESP => DeliverSmResp(DeliverSmResp<'a>), omittable: true;
        DATA_SM => DataSm(DataSm<'a>), omittable: false;
        DATA_SM_RESP => DataSmResp(DataSmResp<'a>), omittable: true;
        SUBMIT_MULTI => SubmitMulti(SubmitMulti<'a>), omittable: false;
        SUBMIT_MULTI_RESP => SubmitMultiResp(SubmitMultiResp<'a>), omittable: true;
        QUERY_SM => QuerySm(QuerySm<'a>), omittable: false;
        QUERY_SM_RESP => QuerySmResp(QuerySmResp<'a>), omittable: true;
        CANCEL_SM => CancelSm(CancelSm<'a>), omittable: false;
        REPLACE_SM => ReplaceSm(ReplaceSm<'a>), omittable: false;
        ALERT_NOTIFICATION => AlertNotification(AlertNotification<'a>), omittable: false;
        BROADCAST_SM => BroadcastSm(BroadcastSm<'a>), omittable: false;
        BROADCAST_SM_RESP => BroadcastSmResp(BroadcastSmResp<'a>), omittable: true;
        QUERY_BROADCAST_SM => QueryBroadcastSm(QueryBroadcastSm<'a>), omittable: false;
        QUERY_BROADCAST_SM_RESP => QueryBroadcastSmResp(QueryBroadcastSmResp<'a>), omittable: true;
        CANCEL_BROADCAST_SM => CancelBroadcastSm(CancelBroadcastSm<'a>), omittable: false;
    }
    empty {
        GENERIC_NACK => GenericNack;
        UNBIND => Unbind;
        UNBIND_RESP => UnbindResp;
        ENQUIRE_LINK => EnquireLink;
        ENQUIRE_LINK_RESP => EnquireLinkResp;
        CANCEL_SM_RESP => CancelSmResp;
        REPLACE_SM_RESP => ReplaceSmResp;
        CANCEL_BROADCAST_SM_RESP => CancelBroadcastSmResp;
    }
}

fn no_trailing_octets(rest: &[u8]) -> Result<(), DecodeError> {
    if rest.is_empty() {
        Ok(())
    } else {
        Err(DecodeError::TrailingOctets { extra: rest.len() })
    }
}

impl<'a> Pdu<'a> {
    /// A request or response with `command_status` zero.
    pub const fn new(sequence_number: u32, body: Body<'a>) -> Self {
        Pdu {
            command_status: CommandStatus::ESME_ROK,
            sequence_number,
            body,
        }
    }

    /// Decodes one whole frame (header included), as [`crate::FrameCodec`]
    /// yields it. Every string of the result borrows `frame`; nothing is
    /// allocated or copied.
    ///
    /// # Errors
    /// A [`DecodeError`] naming the first thing wrong; its
    /// [`DecodeError::command_status`] is the answer to send.
    pub fn decode(frame: &'a [u8]) -> Result<Pdu<'a>, DecodeError> {
        let header = Header::decode(frame)?;
        if usize::try_from(header.command_length).ok() != Some(frame.len()) {
            return Err(DecodeError::LengthMismatch {
                command_length: header.command_length,
                frame_len: frame.len(),
            });
        }
        let body = Body::parse(header.command_id, &frame[Header::LEN..])?;
        Ok(Pdu {
            command_status: header.command_status,
            sequence_number: header.sequence_number,
            body,
        })
    }

    /// The `command_id`, from the body.
    #[inline]
    pub const fn command_id(&self) -> CommandId {
        self.body.command_id()
    }

    /// Appends the encoded PDU to `dst`.
    ///
    /// # Errors
    /// An [`EncodeError`] when a field does not fit the specification's
    /// limits; `dst` is then left as it was.
    pub fn encode(&self, dst: &mut BytesMut) -> Result<(), EncodeError> {
        let start = dst.len();
        dst.reserve(Header::LEN + 64);
        Header {
            command_length: 0,
            command_id: self.command_id(),
            command_status: self.command_status,
            sequence_number: self.sequence_number,
        }
        .encode(dst);
        let mut w = Writer::new(dst);
        if !self.body.is_omitted(self.command_status) {
            self.body.write(&mut w);
        }
        let result = w.finish().and_then(|()| {
            let len = dst.len() - start;
            u32::try_from(len).map_err(|_| EncodeError::PduTooLong { len })
        });
        match result {
            Ok(len) => {
                dst[start..start + 4].copy_from_slice(&len.to_be_bytes());
                Ok(())
            }
            Err(e) => {
                dst.truncate(start);
                Err(e)
            }
        }
    }

    /// The encoded PDU as one frame.
    ///
    /// # Errors
    /// As [`Pdu::encode`].
    pub fn to_bytes(&self) -> Result<Bytes, EncodeError> {
        let mut buf = BytesMut::new();
        self.encode(&mut buf)?;
        Ok(buf.freeze())
    }
}

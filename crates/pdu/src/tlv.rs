//! Optional parameters (TLVs, SMPP 3.4 §5.3, SMPP 5.0 §4.8).
//!
//! A body's TLV area is checked once when the PDU is decoded (every TLV
//! header complete, every value inside the body, the TLVs inlet reads of a
//! legal length) and then kept as one borrowed slice: [`Tlvs::iter`] walks it
//! lazily and the typed accessors find a tag by walking it again. Bodies
//! carry a handful of TLVs, so a walk beats building an index. Unknown tags
//! are kept and iterated, never an error.

use std::fmt;

use bytes::BufMut;

use crate::DecodeError;
use crate::error::EncodeError;

/// A TLV tag.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TlvTag(pub u16);

/// The length a TLV's value may have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LengthRule {
    /// Exactly this many octets.
    Exact(u16),
    /// Between these bounds, inclusive.
    Between(u16, u16),
    /// Not checked: inlet does not read it, or the spec sets no bound.
    Any,
}

macro_rules! tlv_tags {
    ($($name:ident = $value:expr, $spec:literal;)*) => {
        impl TlvTag {
            $(#[doc = concat!("`", $spec, "` (", stringify!($value), ")")]
            pub const $name: TlvTag = TlvTag($value);)*

            /// The specification's name of the tag, or `None` for one it
            /// does not define (vendor-specific or reserved).
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($value => Some($spec),)*
                    _ => None,
                }
            }

        }
    };
}

use LengthRule::{Any, Between, Exact};

tlv_tags! {
    DEST_ADDR_SUBUNIT = 0x0005, "dest_addr_subunit";
    DEST_NETWORK_TYPE = 0x0006, "dest_network_type";
    DEST_BEARER_TYPE = 0x0007, "dest_bearer_type";
    DEST_TELEMATICS_ID = 0x0008, "dest_telematics_id";
    SOURCE_ADDR_SUBUNIT = 0x000D, "source_addr_subunit";
    SOURCE_NETWORK_TYPE = 0x000E, "source_network_type";
    SOURCE_BEARER_TYPE = 0x000F, "source_bearer_type";
    SOURCE_TELEMATICS_ID = 0x0010, "source_telematics_id";
    QOS_TIME_TO_LIVE = 0x0017, "qos_time_to_live";
    PAYLOAD_TYPE = 0x0019, "payload_type";
    ADDITIONAL_STATUS_INFO_TEXT = 0x001D, "additional_status_info_text";
    RECEIPTED_MESSAGE_ID = 0x001E, "receipted_message_id";
    MS_MSG_WAIT_FACILITIES = 0x0030, "ms_msg_wait_facilities";
    PRIVACY_INDICATOR = 0x0201, "privacy_indicator";
    SOURCE_SUBADDRESS = 0x0202, "source_subaddress";
    DEST_SUBADDRESS = 0x0203, "dest_subaddress";
    USER_MESSAGE_REFERENCE = 0x0204, "user_message_reference";
    USER_RESPONSE_CODE = 0x0205, "user_response_code";
    SOURCE_PORT = 0x020A, "source_port";
    DESTINATION_PORT = 0x020B, "destination_port";
    SAR_MSG_REF_NUM = 0x020C, "sar_msg_ref_num";
    LANGUAGE_INDICATOR = 0x020D, "language_indicator";
    SAR_TOTAL_SEGMENTS = 0x020E, "sar_total_segments";
    SAR_SEGMENT_SEQNUM = 0x020F, "sar_segment_seqnum";
    SC_INTERFACE_VERSION = 0x0210, "sc_interface_version";
    CALLBACK_NUM_PRES_IND = 0x0302, "callback_num_pres_ind";
    CALLBACK_NUM_ATAG = 0x0303, "callback_num_atag";
    NUMBER_OF_MESSAGES = 0x0304, "number_of_messages";
    CALLBACK_NUM = 0x0381, "callback_num";
    DPF_RESULT = 0x0420, "dpf_result";
    SET_DPF = 0x0421, "set_dpf";
    MS_AVAILABILITY_STATUS = 0x0422, "ms_availability_status";
    NETWORK_ERROR_CODE = 0x0423, "network_error_code";
    MESSAGE_PAYLOAD = 0x0424, "message_payload";
    DELIVERY_FAILURE_REASON = 0x0425, "delivery_failure_reason";
    MORE_MESSAGES_TO_SEND = 0x0426, "more_messages_to_send";
    MESSAGE_STATE = 0x0427, "message_state";
    CONGESTION_STATE = 0x0428, "congestion_state";
    USSD_SERVICE_OP = 0x0501, "ussd_service_op";
    BROADCAST_CHANNEL_INDICATOR = 0x0600, "broadcast_channel_indicator";
    BROADCAST_CONTENT_TYPE = 0x0601, "broadcast_content_type";
    BROADCAST_CONTENT_TYPE_INFO = 0x0602, "broadcast_content_type_info";
    BROADCAST_MESSAGE_CLASS = 0x0603, "broadcast_message_class";
    BROADCAST_REP_NUM = 0x0604, "broadcast_rep_num";
    BROADCAST_FREQUENCY_INTERVAL = 0x0605, "broadcast_frequency_interval";
    BROADCAST_AREA_IDENTIFIER = 0x0606, "broadcast_area_identifier";
    BROADCAST_ERROR_STATUS = 0x0607, "broadcast_error_status";
    BROADCAST_AREA_SUCCESS = 0x0608, "broadcast_area_success";
    BROADCAST_END_TIME = 0x0609, "broadcast_end_time";
    BROADCAST_SERVICE_GROUP = 0x060A, "broadcast_service_group";
    BILLING_IDENTIFICATION = 0x060B, "billing_identification";
    SOURCE_NETWORK_ID = 0x060D, "source_network_id";
    DEST_NETWORK_ID = 0x060E, "dest_network_id";
    SOURCE_NODE_ID = 0x060F, "source_node_id";
    DEST_NODE_ID = 0x0610, "dest_node_id";
    DEST_ADDR_NP_RESOLUTION = 0x0611, "dest_addr_np_resolution";
    DEST_ADDR_NP_INFORMATION = 0x0612, "dest_addr_np_information";
    DEST_ADDR_NP_COUNTRY = 0x0613, "dest_addr_np_country";
    DISPLAY_TIME = 0x1201, "display_time";
    SMS_SIGNAL = 0x1203, "sms_signal";
    MS_VALIDITY = 0x1204, "ms_validity";
    ALERT_ON_MESSAGE_DELIVERY = 0x130C, "alert_on_message_delivery";
    ITS_REPLY_TYPE = 0x1380, "its_reply_type";
    ITS_SESSION_INFO = 0x1383, "its_session_info";
}

impl TlvTag {
    /// The lengths decoding accepts for this tag's value: checked for the
    /// TLVs inlet reads through typed accessors, so an accessor never has to
    /// guess; the others are kept as they came.
    const fn rule(self) -> LengthRule {
        match self {
            TlvTag::DEST_ADDR_SUBUNIT
            | TlvTag::SOURCE_ADDR_SUBUNIT
            | TlvTag::PAYLOAD_TYPE
            | TlvTag::MS_MSG_WAIT_FACILITIES
            | TlvTag::PRIVACY_INDICATOR
            | TlvTag::LANGUAGE_INDICATOR
            | TlvTag::SAR_TOTAL_SEGMENTS
            | TlvTag::SAR_SEGMENT_SEQNUM
            | TlvTag::SC_INTERFACE_VERSION
            | TlvTag::MORE_MESSAGES_TO_SEND
            | TlvTag::MESSAGE_STATE => Exact(1),
            TlvTag::USER_MESSAGE_REFERENCE
            | TlvTag::SOURCE_PORT
            | TlvTag::DESTINATION_PORT
            | TlvTag::SAR_MSG_REF_NUM => Exact(2),
            TlvTag::NETWORK_ERROR_CODE => Exact(3),
            TlvTag::RECEIPTED_MESSAGE_ID => Between(0, 65),
            _ => Any,
        }
    }

    /// Whether `length` is a legal value length for this tag, as decoding
    /// checks it.
    pub const fn accepts_length(self, length: u16) -> bool {
        match self.rule() {
            LengthRule::Exact(n) => length == n,
            LengthRule::Between(min, max) => length >= min && length <= max,
            LengthRule::Any => true,
        }
    }
}

impl fmt::Debug for TlvTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{name}"),
            None => write!(f, "TlvTag({:#06x})", self.0),
        }
    }
}

impl fmt::Display for TlvTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// One TLV, borrowed from the frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// The tag.
    pub tag: TlvTag,
    /// The value octets (the length is `value.len()`).
    pub value: &'a [u8],
}

/// The TLV area of a body: validated, borrowed, walked lazily.
///
/// Two `Tlvs` are equal when their octets are, so TLV order is significant.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct Tlvs<'a> {
    raw: &'a [u8],
}

impl<'a> Tlvs<'a> {
    /// No TLVs.
    pub const EMPTY: Tlvs<'static> = Tlvs { raw: &[] };

    /// Checks a TLV area (everything after a body's mandatory fields).
    ///
    /// # Errors
    /// [`DecodeError::TlvStream`] when 1–3 octets are left where a TLV header
    /// should start, [`DecodeError::TlvTruncated`] when a value runs past the
    /// end, [`DecodeError::TlvLength`] when a TLV inlet reads has a length its
    /// definition does not allow.
    pub fn parse(raw: &'a [u8]) -> Result<Tlvs<'a>, DecodeError> {
        let mut rest = raw;
        while !rest.is_empty() {
            let [t0, t1, l0, l1, value @ ..] = rest else {
                return Err(DecodeError::TlvStream {
                    available: rest.len(),
                });
            };
            let tag = TlvTag(u16::from_be_bytes([*t0, *t1]));
            let length = u16::from_be_bytes([*l0, *l1]);
            let Some((_, after)) = value.split_at_checked(usize::from(length)) else {
                return Err(DecodeError::TlvTruncated {
                    tag,
                    length,
                    available: value.len(),
                });
            };
            if !tag.accepts_length(length) {
                return Err(DecodeError::TlvLength { tag, length });
            }
            rest = after;
        }
        Ok(Tlvs { raw })
    }

    /// The raw TLV octets, as they appear on the wire.
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.raw
    }

    /// Whether there are no TLVs.
    pub const fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// The TLVs in wire order.
    pub fn iter(&self) -> TlvIter<'a> {
        TlvIter { rest: self.raw }
    }

    /// The value of the first TLV with this tag.
    pub fn get(&self, tag: TlvTag) -> Option<&'a [u8]> {
        self.iter().find(|tlv| tlv.tag == tag).map(|tlv| tlv.value)
    }

    fn get_u8(&self, tag: TlvTag) -> Option<u8> {
        match self.get(tag)? {
            [b] => Some(*b),
            _ => None,
        }
    }

    fn get_u16(&self, tag: TlvTag) -> Option<u16> {
        match self.get(tag)? {
            [a, b] => Some(u16::from_be_bytes([*a, *b])),
            _ => None,
        }
    }

    /// `message_payload` (0x0424): the message text, in place of `short_message`.
    pub fn message_payload(&self) -> Option<&'a [u8]> {
        self.get(TlvTag::MESSAGE_PAYLOAD)
    }

    /// `sar_msg_ref_num` (0x020C): reference shared by a multipart message's segments.
    pub fn sar_msg_ref_num(&self) -> Option<u16> {
        self.get_u16(TlvTag::SAR_MSG_REF_NUM)
    }

    /// `sar_total_segments` (0x020E).
    pub fn sar_total_segments(&self) -> Option<u8> {
        self.get_u8(TlvTag::SAR_TOTAL_SEGMENTS)
    }

    /// `sar_segment_seqnum` (0x020F), from 1.
    pub fn sar_segment_seqnum(&self) -> Option<u8> {
        self.get_u8(TlvTag::SAR_SEGMENT_SEQNUM)
    }

    /// `user_message_reference` (0x0204).
    pub fn user_message_reference(&self) -> Option<u16> {
        self.get_u16(TlvTag::USER_MESSAGE_REFERENCE)
    }

    /// `source_port` (0x020A).
    pub fn source_port(&self) -> Option<u16> {
        self.get_u16(TlvTag::SOURCE_PORT)
    }

    /// `destination_port` (0x020B).
    pub fn destination_port(&self) -> Option<u16> {
        self.get_u16(TlvTag::DESTINATION_PORT)
    }

    /// `receipted_message_id` (0x001E), without its terminating NUL. Some
    /// SMSCs omit the NUL; both forms read the same.
    pub fn receipted_message_id(&self) -> Option<&'a [u8]> {
        self.get(TlvTag::RECEIPTED_MESSAGE_ID)
            .map(|v| v.strip_suffix(&[0]).unwrap_or(v))
    }

    /// `message_state` (0x0427).
    pub fn message_state(&self) -> Option<u8> {
        self.get_u8(TlvTag::MESSAGE_STATE)
    }

    /// `network_error_code` (0x0423): network type and a 16-bit error code.
    pub fn network_error_code(&self) -> Option<NetworkErrorCode> {
        match self.get(TlvTag::NETWORK_ERROR_CODE)? {
            [network_type, a, b] => Some(NetworkErrorCode {
                network_type: *network_type,
                error_code: u16::from_be_bytes([*a, *b]),
            }),
            _ => None,
        }
    }

    /// `sc_interface_version` (0x0210).
    pub fn sc_interface_version(&self) -> Option<u8> {
        self.get_u8(TlvTag::SC_INTERFACE_VERSION)
    }

    /// `language_indicator` (0x020D).
    pub fn language_indicator(&self) -> Option<u8> {
        self.get_u8(TlvTag::LANGUAGE_INDICATOR)
    }

    /// `ms_msg_wait_facilities` (0x0030).
    pub fn ms_msg_wait_facilities(&self) -> Option<u8> {
        self.get_u8(TlvTag::MS_MSG_WAIT_FACILITIES)
    }

    /// `payload_type` (0x0019).
    pub fn payload_type(&self) -> Option<u8> {
        self.get_u8(TlvTag::PAYLOAD_TYPE)
    }

    /// `more_messages_to_send` (0x0426).
    pub fn more_messages_to_send(&self) -> Option<u8> {
        self.get_u8(TlvTag::MORE_MESSAGES_TO_SEND)
    }

    /// `privacy_indicator` (0x0201).
    pub fn privacy_indicator(&self) -> Option<u8> {
        self.get_u8(TlvTag::PRIVACY_INDICATOR)
    }

    /// `source_addr_subunit` (0x000D).
    pub fn source_addr_subunit(&self) -> Option<u8> {
        self.get_u8(TlvTag::SOURCE_ADDR_SUBUNIT)
    }

    /// `dest_addr_subunit` (0x0005).
    pub fn dest_addr_subunit(&self) -> Option<u8> {
        self.get_u8(TlvTag::DEST_ADDR_SUBUNIT)
    }

    pub(crate) fn encoded_len(&self) -> usize {
        self.raw.len()
    }
}

impl fmt::Debug for Tlvs<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> IntoIterator for Tlvs<'a> {
    type Item = Tlv<'a>;
    type IntoIter = TlvIter<'a>;

    fn into_iter(self) -> TlvIter<'a> {
        self.iter()
    }
}

/// `network_error_code` TLV value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NetworkErrorCode {
    /// 1 ANSI-136, 2 IS-95, 3 GSM, 4 reserved, 5 ANSI-41, 6 … (SMPP 5.0 §4.8.4.42).
    pub network_type: u8,
    /// The network's error code.
    pub error_code: u16,
}

/// Iterator over a validated TLV area.
#[derive(Clone, Debug)]
pub struct TlvIter<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for TlvIter<'a> {
    type Item = Tlv<'a>;

    fn next(&mut self) -> Option<Tlv<'a>> {
        // The area was validated by `Tlvs::parse`; the checks here only keep
        // a hand-built `Tlvs` from panicking.
        let [t0, t1, l0, l1, value @ ..] = self.rest else {
            self.rest = &[];
            return None;
        };
        let length = usize::from(u16::from_be_bytes([*l0, *l1]));
        let Some((value, rest)) = value.split_at_checked(length) else {
            self.rest = &[];
            return None;
        };
        self.rest = rest;
        Some(Tlv {
            tag: TlvTag(u16::from_be_bytes([*t0, *t1])),
            value,
        })
    }
}

/// An owned builder of a TLV area, for PDUs inlet sends: push TLVs, then
/// borrow the area with [`TlvBuf::as_tlvs`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TlvBuf {
    raw: Vec<u8>,
}

impl TlvBuf {
    /// An empty area.
    pub const fn new() -> TlvBuf {
        TlvBuf { raw: Vec::new() }
    }

    /// Appends a TLV.
    ///
    /// # Errors
    /// [`EncodeError::TlvTooLong`] when the value exceeds 65535 octets.
    pub fn push(&mut self, tag: TlvTag, value: &[u8]) -> Result<&mut Self, EncodeError> {
        let length = u16::try_from(value.len()).map_err(|_| EncodeError::TlvTooLong {
            tag,
            len: value.len(),
        })?;
        self.raw.put_u16(tag.0);
        self.raw.put_u16(length);
        self.raw.put_slice(value);
        Ok(self)
    }

    /// Appends a 1-octet TLV.
    pub fn push_u8(&mut self, tag: TlvTag, value: u8) -> &mut Self {
        self.raw.put_u16(tag.0);
        self.raw.put_u16(1);
        self.raw.put_u8(value);
        self
    }

    /// Appends a 2-octet TLV.
    pub fn push_u16(&mut self, tag: TlvTag, value: u16) -> &mut Self {
        self.raw.put_u16(tag.0);
        self.raw.put_u16(2);
        self.raw.put_u16(value);
        self
    }

    /// The area, to put into a PDU body.
    pub fn as_tlvs(&self) -> Tlvs<'_> {
        Tlvs { raw: &self.raw }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_read_typed_values() {
        let mut buf = TlvBuf::new();
        buf.push_u16(TlvTag::SAR_MSG_REF_NUM, 0x1234)
            .push_u8(TlvTag::SAR_TOTAL_SEGMENTS, 3)
            .push_u8(TlvTag::SAR_SEGMENT_SEQNUM, 2);
        buf.push(TlvTag(0x1400), b"vendor").expect("fits");
        buf.push(TlvTag::RECEIPTED_MESSAGE_ID, b"abc\0")
            .expect("fits");
        buf.push(TlvTag::NETWORK_ERROR_CODE, &[3, 0, 11])
            .expect("fits");
        let tlvs = Tlvs::parse(buf.as_tlvs().as_bytes()).expect("valid");
        assert_eq!(tlvs.sar_msg_ref_num(), Some(0x1234));
        assert_eq!(tlvs.sar_total_segments(), Some(3));
        assert_eq!(tlvs.sar_segment_seqnum(), Some(2));
        assert_eq!(tlvs.get(TlvTag(0x1400)), Some(&b"vendor"[..]));
        assert_eq!(tlvs.receipted_message_id(), Some(&b"abc"[..]));
        assert_eq!(
            tlvs.network_error_code(),
            Some(NetworkErrorCode {
                network_type: 3,
                error_code: 11
            })
        );
        assert_eq!(tlvs.message_payload(), None);
        assert_eq!(tlvs.iter().count(), 6);
    }

    #[test]
    fn rejects_broken_areas() {
        assert_eq!(
            Tlvs::parse(&[0x04, 0x24, 0x00]),
            Err(DecodeError::TlvStream { available: 3 })
        );
        assert_eq!(
            Tlvs::parse(&[0x04, 0x24, 0x00, 0x05, 1, 2]),
            Err(DecodeError::TlvTruncated {
                tag: TlvTag::MESSAGE_PAYLOAD,
                length: 5,
                available: 2
            })
        );
        assert_eq!(
            Tlvs::parse(&[0x02, 0x0C, 0x00, 0x01, 7]),
            Err(DecodeError::TlvLength {
                tag: TlvTag::SAR_MSG_REF_NUM,
                length: 1
            })
        );
        // An unknown tag of any length, even empty, is fine.
        assert!(Tlvs::parse(&[0x7F, 0xFF, 0x00, 0x00]).is_ok());
    }

    #[test]
    fn receipted_message_id_without_nul() {
        let mut buf = TlvBuf::new();
        buf.push(TlvTag::RECEIPTED_MESSAGE_ID, b"7f3a")
            .expect("fits");
        assert_eq!(buf.as_tlvs().receipted_message_id(), Some(&b"7f3a"[..]));
    }
}
